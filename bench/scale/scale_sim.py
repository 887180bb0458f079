"""The measured simulation of docs/scale.md: a scaled corpus (copies of corpus/ as text,
each with its own first line so each is its own document) ingested with `puente ingest
--ray local` into a Milvus Lite server on 127.0.0.1, then search latency and dense recall
against exact (FAISS flat) search on the same vectors.

    RAY_worker_niceness=0 nice -n 5 python bench/scale/scale_sim.py --copies 48 --out /tmp/sim.json
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

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def make_corpus(folder: Path, copies: int) -> int:
    from puente.ingest.readers import read_document

    docs = [read_document(p) for p in sorted((ROOT / "corpus").iterdir()) if p.is_file()]
    for k in range(copies):
        for d in docs:
            (folder / f"{d.doc}-c{k:03d}.txt").write_text(f"{d.title} (copy {k})\n\n{d.text}", encoding="utf-8")
    return copies * len(docs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=48)
    ap.add_argument("--queries", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--out")
    args = ap.parse_args()
    from milvus_server import LiteServer

    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="puente-sim-") as tmp:
        tmp = Path(tmp)
        (tmp / "docs").mkdir()
        out["files"] = make_corpus(tmp / "docs", args.copies)
        srv = LiteServer(tmp / "milvus").start()
        try:
            env = os.environ | {"RAY_worker_niceness": "0", "HF_HUB_OFFLINE": "1"}
            out["load_before_ingest"] = load()
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "puente.app.cli", "ingest", "--json", "--index", srv.url,
                                str(tmp / "docs"), "--ray", "local"], capture_output=True, text=True, env=env)
            out["ingest_s"] = round(time.perf_counter() - t, 1)
            out["load_after_ingest"] = load()
            if r.returncode:
                raise SystemExit(f"ingest failed: {r.stderr[-2000:]}")
            report = json.loads(r.stdout.strip().splitlines()[-1])
            out["ingest_seconds"] = report["seconds"]
            print(json.dumps(out), flush=True)  # the expensive half, printed before anything else can fail
            out |= measure(srv.url, args.queries, out["ingest_s"])
        finally:
            from puente.index.store import milvus_client

            milvus_client.close_all()
            srv.stop()
    print(json.dumps(out, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1))


def measure(url: str, queries: str, ingest_s: float) -> dict:
    from puente.index.encode.embed import load_query_encoder
    from puente.index.search.searcher import Searcher
    from puente.index.store import stores as store
    from puente.index.store.faiss_backend import FaissBackend

    out: dict = {}
    enc = load_query_encoder(str(ROOT / "models" / "multilingual-e5-small"))
    t = time.perf_counter()
    idx = store.load(url, model_id=enc.id)
    out["load_index_s"] = round(time.perf_counter() - t, 1)
    out["windows"], out["chunks"], out["docs"] = len(idx.units), len(idx.chunks), len(idx.docs)
    out["windows_per_s"] = round(out["windows"] / ingest_s, 1)
    searcher = Searcher(idx, enc)
    exact = FaissBackend.build(np.asarray(idx.vectors), "flat")
    qs = [json.loads(line)["question"] for line in open(queries, encoding="utf-8")]
    prepared = [searcher.prepare(q) for q in qs]
    dense_ms, exact_ms, full_ms, recall, recall_part = [], [], [], [], []
    every = np.arange(len(idx.units))
    out["load_before_search"] = load()
    for q in prepared:
        t = time.perf_counter()
        ids, _ = searcher.dense_units(q.vector, every, 10)
        dense_ms.append((time.perf_counter() - t) * 1e3)
        t = time.perf_counter()
        want, _ = exact.search(q.vector, every, 10)
        exact_ms.append((time.perf_counter() - t) * 1e3)
        recall.append(len(set(ids.tolist()) & set(want.tolist())) / 10)
        rows = searcher.part_units.get("es", every)
        got, _ = searcher.dense_units(q.vector, rows, 10, "es")
        want, _ = exact.search(q.vector, rows, 10)
        recall_part.append(len(set(got.tolist()) & set(want.tolist())) / 10)
        t = time.perf_counter()
        searcher.search(q, k=10)
        full_ms.append((time.perf_counter() - t) * 1e3)
    out["load_after_search"] = load()
    pct = lambda xs, p: round(float(np.percentile(xs, p)), 1)  # noqa: E731
    out["queries"] = len(prepared)
    out["dense_ms_p50"], out["dense_ms_p95"] = pct(dense_ms, 50), pct(dense_ms, 95)
    out["search_ms_p50"], out["search_ms_p95"] = pct(full_ms, 50), pct(full_ms, 95)
    out["faiss_exact_ms_p50"], out["faiss_exact_ms_p95"] = pct(exact_ms, 50), pct(exact_ms, 95)
    out["dense_recall_at_10"] = round(float(np.mean(recall)), 4)
    out["dense_recall_at_10_es_partition"] = round(float(np.mean(recall_part)), 4)
    return out


if __name__ == "__main__":
    main()
