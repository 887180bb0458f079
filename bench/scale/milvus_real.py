"""Issue 24's targets on a real Milvus server (PyPI ``milvus==2.3.5``, started here on
127.0.0.1 and stopped after), the load average beside every timing:

- corpus/: warm question p50/p95 (encode + hybrid search, no answer step) through the FAISS
  folder and the server; a cold ``puente search`` process; ``puente eval`` on dev through both;
- synthetic: 20,000 windows of random 384-d vectors as 240 and as 24,000 documents (the same
  vectors), the whole hybrid search p50 through the server and through FAISS flat.

    HF_HUB_OFFLINE=1 nice python -m bench.scale.milvus_real --out /tmp/milvus_real.json
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

from bench.common import print_json

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def pct(xs: list[float]) -> dict:
    return {"p50_ms": round(float(np.percentile(xs, 50)), 1), "p95_ms": round(float(np.percentile(xs, 95)), 1), "n": len(xs)}


def copy_index(src, dst) -> None:
    from puente.index.store import stores as store

    idx = store.load(src)
    store.save(dst, idx.chunks, idx.vectors, idx.docs, {k: idx.meta[k] for k in ("model_id", "dims", "chunker")},
               records=idx.records, units=idx.units, unit_tokens=idx.unit_tokens, token_table=idx.token_table,
               record_vectors=idx.record_vectors)


def corpus_part(url: str, tmp: Path, model: str) -> dict:
    from puente.index.encode.embed import load_encoder
    from puente.index.engine import Engine
    from puente.index.update import ingest

    out: dict = {}
    folder = tmp / "faiss"
    ingest([ROOT / "corpus"], folder, load_encoder(model))
    uri = f"{url}?collection=corpus"
    copy_index(folder, uri)
    questions = [json.loads(line)["question"] for line in DEV.read_text().splitlines() if line.strip()]
    for name, where in (("faiss", folder), ("milvus_server", uri)):
        engine = Engine(where, model)
        for q in questions[:5]:  # warm-up
            engine.ask(q, k=10, answer=False)
        before, times = load(), []
        for q in questions:
            t = time.perf_counter()
            engine.ask(q, k=10, answer=False)
            times.append((time.perf_counter() - t) * 1e3)
        out[f"warm_{name}"] = pct(times) | {"load_before": before, "load_after": load()}
    env = os.environ | {"HF_HUB_OFFLINE": "1"}
    for name, where in (("faiss", folder), ("milvus_server", uri)):
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "puente.app.cli", "search", questions[0], "--index", str(where),
                                "--model", model], capture_output=True, text=True, env=env)
            runs.append(round(time.perf_counter() - t, 2))
            assert r.returncode == 0, r.stderr[-500:]
        out[f"cold_search_{name}_s"] = {"runs": runs, "load_after": load()}
    evals = {}
    for name, where in (("faiss", folder), ("milvus_server", uri)):
        r = subprocess.run([sys.executable, "-m", "puente.app.cli", "eval", str(DEV), "--index", str(where), "--model", model,
                            "--json"], capture_output=True, text=True, env=env)
        assert r.returncode == 0, r.stderr[-500:]
        evals[name] = json.loads(r.stdout)
    out["eval_summary"] = {k: v["summary"] for k, v in evals.items()}
    out["eval_identical"] = evals["faiss"]["summary"] == evals["milvus_server"]["summary"] and \
        [i.get("hits") for i in evals["faiss"]["items"]] == [i.get("hits") for i in evals["milvus_server"]["items"]]
    return out


def synthetic_part(url: str, tmp: Path, windows: int, doc_counts: list[int], repeat: int = 1) -> dict:
    from puente.common.types import Chunk
    from puente.index.search.query import Query
    from puente.index.search.searcher import Searcher
    from puente.index.store import stores as store

    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(windows, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = vecs.astype(np.float16).astype(np.float32)
    words = np.array("water shelter protection health education registration asylum cash food camp".split())
    queries = rng.normal(size=(40, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    out: dict = {"windows": windows}
    built: dict = {}  # (engine, documents) → searcher, for the interleaved dense runs below
    for n_docs in doc_counts:
        chunks = [Chunk(doc=f"d{i % n_docs:05d}", title="T", text=" ".join(rng.choice(words, 12)), lang="en" if i % 3 else "es",
                        start=0, end=10) for i in range(windows)]
        chunks.sort(key=lambda c: c.doc)
        docs = {d: {"doc": d, "title": "T", "lang": "en", "chunks": 0, "sha256": d, "ingested_at": "t"}
                for d in sorted({c.doc for c in chunks})}
        meta = {"model_id": "synthetic", "dims": 384, "chunker": {}}
        row: dict = {}
        for name, where in (("faiss_flat", tmp / f"syn-{n_docs}"), ("milvus_server", f"{url}?collection=s{uuid.uuid4().hex[:8]}")):
            t = time.perf_counter()
            store.save(where, chunks, vecs, docs, meta, faiss_type="flat")
            t_save = time.perf_counter() - t
            t = time.perf_counter()
            s = Searcher(store.load(where), None)
            t_load = time.perf_counter() - t
            for q in queries[:3]:
                s.search(Query("water shelter", q, None, "en"))
            before, times = load(), []
            for i, q in enumerate(queries):
                t = time.perf_counter()
                s.search(Query(f"{words[i % len(words)]} camp", q, None, "en"))
                times.append((time.perf_counter() - t) * 1e3)
            dense, every = [], np.arange(windows)
            for q in [q for _ in range(repeat) for q in queries]:  # --repeat: more samples for p50/p95
                t = time.perf_counter()
                s.dense_units(q, every, 10)
                dense.append((time.perf_counter() - t) * 1e3)
            row[name] = pct(times) | {"dense_only": pct(dense), "save_s": round(t_save, 1), "load_s": round(t_load, 1),
                                      "load_before": before, "load_after": load()}
            built[name, n_docs] = s
        out[f"{n_docs}_docs"] = row
    # the same again with every query asked of each document count in turn (the order alternating),
    # so a change of load between the runs above does not pass for a change with the document count
    every = np.arange(windows)
    for name in ("faiss_flat", "milvus_server"):
        before, dense = load(), {n: [] for n in doc_counts}
        for r in range(repeat):
            for i, q in enumerate(queries):
                for n in doc_counts[::1 if (r + i) % 2 == 0 else -1]:
                    t = time.perf_counter()
                    built[name, n].dense_units(q, every, 10)
                    dense[n].append((time.perf_counter() - t) * 1e3)
        out[f"dense_interleaved_{name}"] = {f"{n}_docs": pct(v) for n, v in dense.items()} | {
            "load_before": before, "load_after": load()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--windows", type=int, default=20_000)
    ap.add_argument("--docs", default="240,24000")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="times the 40 dense-only queries run per index")
    ap.add_argument("--out")
    args = ap.parse_args()
    from milvus_server import RealServer

    from puente.common.settings import Settings
    from puente.index.store import milvus_client

    out: dict = {"load_start": load()}
    with tempfile.TemporaryDirectory(prefix="puente-real-") as tmp:
        tmp = Path(tmp)
        (tmp / "milvus").mkdir()
        t = time.perf_counter()
        srv = RealServer(tmp / "milvus").start()
        out["server_start_s"] = round(time.perf_counter() - t, 1)
        try:
            if not args.skip_corpus:
                out["corpus"] = corpus_part(srv.url, tmp, Settings().model)
            out["synthetic"] = synthetic_part(srv.url, tmp, args.windows, [int(x) for x in args.docs.split(",")],
                                          args.repeat)
        finally:
            milvus_client.close_all()
            srv.stop()
    print_json(out, args.out)


if __name__ == "__main__":
    main()
