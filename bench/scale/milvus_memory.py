"""Memory of one serving process at a simulated scale (issue 24): a synthetic index of random
384-d windows (short chunk texts, BM25 and all) written to a real Milvus server (started here)
and to a FAISS folder; then a fresh process per store loads it, builds the searcher and runs
20 searches, and reports its RSS. ``held`` is the same Milvus process after reading every
vector into memory, as each serving process did before issue 24.

    HF_HUB_OFFLINE=1 nice python -m bench.scale.milvus_memory --windows 100000 --out /tmp/mem.json
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import print_json

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

SERVE = """
import json, sys, time, numpy as np, resource
from bench.machine import rss_mb
from puente.index.store import stores as store
from puente.index.search.query import Query
from puente.index.search.searcher import Searcher
where, hold = sys.argv[1], sys.argv[2] == "1"
rss0 = rss_mb()
t = time.perf_counter()
s = Searcher(store.load(where), None)
load_s = time.perf_counter() - t
if hold:
    s.vectors = np.asarray(s.vectors, dtype=np.float32)
rng = np.random.default_rng(1)
for i in range(20):
    q = rng.normal(size=384).astype(np.float32)
    s.search(Query("water camp", q / np.linalg.norm(q), None, "en"))
print(json.dumps({"rss_mb": round(rss_mb(), 1), "rss_before_load_mb": round(rss0, 1), "load_s": round(load_s, 1),
                  "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def write(where, windows: int) -> None:
    from puente.common.types import Chunk
    from puente.index.store import stores as store

    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(windows, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    words = np.array("water shelter protection health education registration asylum cash food camp".split())
    chunks = [Chunk(doc=f"d{i % 2400:05d}", title="T", text=" ".join(rng.choice(words, 12)), lang="en" if i % 3 else "es",
                    start=0, end=10) for i in range(windows)]
    chunks.sort(key=lambda c: c.doc)
    docs = {d: {"doc": d, "title": "T", "lang": "en", "chunks": 0, "sha256": d, "ingested_at": "t"}
            for d in sorted({c.doc for c in chunks})}
    store.save(where, chunks, vecs, docs, {"model_id": "synthetic", "dims": 384, "chunker": {}}, faiss_type="flat")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--windows", type=int, default=100_000)
    ap.add_argument("--out")
    args = ap.parse_args()
    from milvus_server import RealServer

    from puente.index.store import milvus_client

    out: dict = {"windows": args.windows, "raw_float32_mb": round(args.windows * 384 * 4 / 2**20, 1)}
    with tempfile.TemporaryDirectory(prefix="puente-mem-") as tmp:
        tmp = Path(tmp)
        (tmp / "milvus").mkdir()
        srv = RealServer(tmp / "milvus").start()
        try:
            uri = f"{srv.url}?collection=mem"
            t = time.perf_counter()
            write(uri, args.windows)
            write(tmp / "faiss", args.windows)
            out["write_s"] = round(time.perf_counter() - t, 1)
            milvus_client.close_all()
            env = os.environ | {"PYTHONPATH": str(ROOT)}
            for name, where, hold in (("faiss_flat", tmp / "faiss", "0"), ("milvus", uri, "0"), ("milvus_held", uri, "1")):
                r = subprocess.run([sys.executable, "-c", SERVE, str(where), hold], capture_output=True, text=True, env=env,
                                   cwd=ROOT)
                assert r.returncode == 0, r.stderr[-1500:]
                out[name] = json.loads(r.stdout.strip().splitlines()[-1]) | {"load": " ".join(f"{x:.2f}" for x in os.getloadavg())}
        finally:
            milvus_client.close_all()
            srv.stop()
    print_json(out, args.out)


if __name__ == "__main__":
    main()
