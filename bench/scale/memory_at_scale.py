"""Index memory and ANN recall at scale, as stored today (``after``: IVF with 8-bit codes
re-scored exactly, float16 vectors) or as before issue 15 (``before``: IVF-Flat, float32):

    python -m bench.scale.memory_at_scale after 100000 INDEX     # INDEX: an index of corpus/
    python -m bench.scale.memory_at_scale before 100000 INDEX

Run each mode in its own process (its RSS is its own). The index is the benchmark's
synthetic one (``bench.speed.search_timing.synthetic_index``); recall is of the windows search
uses (per language partition, top 200) against exact search, judged on the best 10.
Prints one JSON line."""
from __future__ import annotations

import json
import sys
import time

import numpy as np

from bench.machine import load_avg, rss_mb
from bench.speed.search_timing import _faiss_bytes, recall_at_k, synthetic_index


def _ivf_flat(vectors: np.ndarray, kind: str = "auto"):
    """The IVF index as built before issue 15: float32 codes, same lists and nprobe."""
    import faiss

    from puente.index.store import faiss_backend as fb

    v = np.ascontiguousarray(vectors, dtype=np.float32)
    nlist = fb.ivf_lists(len(v))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(v.shape[1]), v.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.seed = fb.IVF_SEED
    index.nprobe = fb.ivf_nprobe(nlist)
    index.train(v)
    index.add(v)
    return index


def measure(mode: str, n_chunks: int, base_index: str, n_questions: int = 60) -> dict:
    import faiss

    from puente.index.search.searcher import Searcher
    from puente.index.store import faiss_backend as fb
    from puente.index.store import stores as store

    base = store.load(base_index, mmap=False)
    if mode == "before":
        fb.make_faiss = _ivf_flat
        store.VECTOR_DTYPE = np.float32
    rss0 = rss_mb()
    idx = synthetic_index(n_chunks, base)
    searcher = Searcher(idx, None)
    rss1 = rss_mb()
    rng = np.random.default_rng(5)  # questions: windows of the index, moved a little
    qv = np.asarray(idx.vectors[rng.choice(len(idx.vectors), n_questions, replace=False)], dtype=np.float32)
    qv += 0.3 * rng.standard_normal(qv.shape).astype(np.float32) / np.sqrt(qv.shape[1])
    qv /= np.linalg.norm(qv, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(qv.shape[1])
    flat.add(np.ascontiguousarray(idx.vectors, dtype=np.float32))
    exact = fb.FaissBackend(flat, idx.vectors)
    ex, ann, lat = [], [], []
    for q in qv:
        for rows in searcher.part_units.values():
            t = time.perf_counter()
            ann.append(searcher.dense_units(q, rows, 200)[0].tolist())
            lat.append((time.perf_counter() - t) * 1e3)
            ex.append(exact.search(q, rows, 200)[0].tolist())
    return {"mode": mode, "chunks": n_chunks, "windows": len(idx.vectors),
            "faiss_mb": round(_faiss_bytes(idx.dense.faiss) / 2**20, 1),
            "vectors_mb": round(idx.vectors.nbytes / 2**20, 1), "vector_dtype": str(idx.vectors.dtype),
            "rss_delta_mb": round(rss1 - rss0, 1), "bytes_per_chunk": int((rss1 - rss0) * 2**20 / n_chunks),
            "recall10": round(recall_at_k(ex, ann, 10), 4), "recall200": round(recall_at_k(ex, ann, 200), 4),
            "dense_p50_ms": round(float(np.percentile(lat, 50)), 2), "load": load_avg()}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else ".puente")))
