"""The app's first Compare and first Records topic filter after a start: an Engine loaded as
`puente serve` loads it, then the first (cold) and a second call of each, timed in-process.
Usage:

    python -m bench.speed.compare_timing [--index .puente] [--model models/multilingual-e5-small]
"""
from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=".puente")
    ap.add_argument("--model", default="models/multilingual-e5-small")
    args = ap.parse_args()
    from puente.app.web.behaviour import PuenteApp
    from puente.common.settings import Settings
    from puente.index.engine import Engine

    t0 = time.perf_counter()
    app = PuenteApp(Engine(args.index, args.model), Settings())
    print(f"engine loaded in {time.perf_counter() - t0:.2f} s")
    for name, call in (("compare (all documents)", lambda topic: app.compare(topic)),
                       ("records topic filter", lambda topic: app.records(topic=topic))):
        for n, topic in enumerate(("protección de la niñez", "naturalization")):
            t = time.perf_counter()
            call(topic)
            print(f"{name:24} {'first' if n == 0 else 'second':6} {time.perf_counter() - t:6.2f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
