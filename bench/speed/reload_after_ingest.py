"""First answer from a new document after a CLI ingest, as the app sees it:

    python -m bench.speed.reload_after_ingest INDEX [--model DIR] [--runs 3]

INDEX is copied to a scratch folder; an ``Engine(watch=True)`` (the app's) serves the copy
in this process while ``puente ingest`` adds a small new report to it in another. A
question only the new report answers is asked every 0.2 s throughout. Prints, per run, the
seconds from the ingest's exit to the first answer whose top passage is from the new
report, and the slowest ask meanwhile (no ask should wait on the reload); one JSON line."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.common import DEFAULT_MODEL
from bench.machine import load_avg
from bench.speed.startup import PUENTE_CMD

REPORT = """# Coastal shelter programme: annual results {n}

## Results

In 2031 the coastal shelter programme of the Lighthouse Network trained 4,{n:03d} volunteers
in first aid and opened nine seaside shelters for families displaced by storms.
"""
QUESTION = "How many volunteers did the Lighthouse Network's coastal shelter programme train in 2031?"


def one_run(index: Path, model: str, n: int, work: Path) -> dict:
    from puente.index.engine import Engine

    copy = work / f"index-{n}"
    shutil.copytree(index, copy)
    doc = work / f"lighthouse-results-{n}.md"
    doc.write_text(REPORT.format(n=n))
    engine = Engine(copy, model, watch=True)
    engine.ask(QUESTION)  # warm
    proc = subprocess.Popen(PUENTE_CMD + ["ingest", str(doc), "--index", str(copy), "--model", model, "--json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ended: dict = {}

    def wait() -> None:  # the moment the ingest process exits
        proc.wait()
        ended["t"] = time.perf_counter()

    threading.Thread(target=wait, daemon=True).start()
    done = first = None
    slowest = 0.0
    asks = 0
    load0 = load_avg()
    while first is None:
        t = time.perf_counter()
        res = engine.ask(QUESTION)
        took = time.perf_counter() - t
        asks += 1
        slowest = max(slowest, took)
        if done is None and "t" in ended:
            if proc.returncode:
                raise RuntimeError(f"puente ingest failed: {proc.stderr.read().strip()}")
            done = ended["t"]
        if done is not None and res.hits and res.hits[0].chunk.doc == doc.stem:
            first = time.perf_counter()
        if done is not None and time.perf_counter() - done > 120:
            raise RuntimeError("the new document was not answered within 120 s of the ingest")
        time.sleep(0.2)
    return {"first_answer_s": round(first - done, 2), "slowest_ask_ms": round(slowest * 1e3, 1), "asks": asks,
            "load": [load0, load_avg()]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("index")
    p.add_argument("--model", default=str(DEFAULT_MODEL))
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="puente-reload-") as tmp:
        runs = [one_run(Path(args.index), args.model, n, Path(tmp)) for n in range(args.runs)]
    print(json.dumps({"runs": runs, "first_answer_s": sorted(r["first_answer_s"] for r in runs)}))


if __name__ == "__main__":
    main()
