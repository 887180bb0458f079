"""Search timing: warm ``Searcher.search`` latency over synthetic indexes of any size made
from the corpus index, recall of approximate FAISS indexes against exact search, and the
benchmark questions with their vectors and token states encoded beforehand."""
from __future__ import annotations

import json
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.common import DEV, gold_questions, percentile
from bench.machine import load_avg, rss_mb
from puente.index.store import faiss_backend as fb
from puente.index.store.faiss_backend import FaissBackend


def synthetic_index(n_chunks: int, base, seed: int = 3, max_docs: int = 50, kind: str = "auto"):
    """A :class:`store.Index` of ``n_chunks`` chunks made from the chunks of ``base``
    (texts reused, split into at most ``max_docs`` documents of at least 26 chunks) with
    new window vectors: each is a real window vector mixed with another and with noise,
    L2-normalised, and the token ids of the real window. FAISS type as ``make_faiss`` picks
    it for that many windows (or ``kind``); its build time in ``meta["faiss_build_s"]``."""
    from puente.index.store import stores as store

    chunks_per_doc = max(26, -(-n_chunks // max_docs))
    rng = np.random.default_rng(seed)
    base_units = np.asarray(base.units)
    base_vecs = np.asarray(base.vectors, dtype=np.float32)
    per_chunk = [np.nonzero(base_units[:, 0] == i)[0] for i in range(len(base.chunks))]
    chunks, unit_rows, src = [], [], []
    for i in range(n_chunks):
        b = i % len(base.chunks)
        c = base.chunks[b]
        d = f"synthetic-report-{i // chunks_per_doc:05d}"
        chunks.append(replace(c, doc=d, title=f"Synthetic report {i // chunks_per_doc}"))
        for u in per_chunk[b]:
            unit_rows.append((i, int(base_units[u, 1]), int(base_units[u, 2])))
            src.append(u)
    src = np.asarray(src)
    other = rng.integers(0, len(base_vecs), len(src))
    noise = rng.standard_normal((len(src), base_vecs.shape[1])).astype(np.float32) / np.sqrt(base_vecs.shape[1])
    vecs = base_vecs[src] + 0.7 * base_vecs[other] + 0.35 * noise
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(store.VECTOR_DTYPE)  # as an index stores them
    docs = {}
    for c in chunks:
        docs.setdefault(c.doc, {"doc": c.doc, "title": c.title, "lang": c.lang, "chunks": 0})["chunks"] += 1
    units = np.asarray(unit_rows, dtype=np.int64).reshape(-1, 3)
    t = time.perf_counter()
    # FAISS is built from float32 copies; search re-scores from the stored (float16) vectors, as a loaded index does
    fidx = FaissBackend(fb.make_faiss(vecs, kind), vecs)
    meta = {"model_id": base.meta.get("model_id"), "dims": int(vecs.shape[1]), "n_chunks": n_chunks,
            "faiss_build_s": round(time.perf_counter() - t, 1)}
    # each window keeps the tokens of the real window it was made from (token matching on)
    tokens = base.unit_tokens.select(src) if base.unit_tokens is not None else None
    return store.Index(Path("synthetic"), meta, chunks, vecs, fidx, docs, [], units, tokens,
                       base.token_table if tokens is not None else None)


def recall_at_k(exact: list[list[int]], approx: list[list[int]], k: int = 10) -> float:
    """Mean share of each exact top-``k`` found in the approximate top-``k``."""
    shares = [len(set(e[:k]) & set(a[:k])) / max(1, min(k, len(e))) for e, a in zip(exact, approx)]
    return float(np.mean(shares)) if shares else float("nan")


def _faiss_bytes(fidx) -> int:
    import faiss

    return int(faiss.serialize_index(fidx).size)


def worker_search(n_chunks: int, base_index: str, qfile: str, questions_file: str, ef_values: list[int],
                  nprobe_values: list[int] | None = None, kind: str = "auto") -> dict:
    """Warm search latency over ``n_chunks`` synthetic chunks; for an approximate index (IVF,
    HNSW) also the recall of its windows and results against exact search, and a sweep of its
    search knob (IVF ``nprobe``, HNSW ``efSearch``)."""
    import faiss

    from puente.index.search.searcher import Searcher
    from puente.index.store import stores as store

    base = store.load(base_index, mmap=False)
    qvs = np.load(qfile)
    qtoks = load_question_tokens(qfile)
    questions = json.loads(Path(questions_file).read_text("utf-8"))
    rss0 = rss_mb()
    t = time.perf_counter()
    idx = synthetic_index(n_chunks, base, kind=kind)
    build_faiss = time.perf_counter() - t
    t = time.perf_counter()
    searcher = Searcher(idx, None)
    build_searcher = time.perf_counter() - t
    rss1 = rss_mb()
    kind = idx.dense.kind
    for q, qv, qt in list(zip(questions, qvs, qtoks))[:5]:  # warm-up
        searcher.search(searcher.prepare(q, qv, qt), k=10)
    load0 = load_avg()
    lat, dense_ms, results = [], [], []
    cand = searcher.params.candidates
    for q, qv, qt in zip(questions, qvs, qtoks):
        t = time.perf_counter()
        hits = searcher.search(searcher.prepare(q, qv, qt), k=10)
        lat.append((time.perf_counter() - t) * 1e3)
        results.append([h.chunk.id for h in hits])
        t = time.perf_counter()
        for rows in searcher.part_units.values():
            searcher.dense_units(qv, rows, cand)
        dense_ms.append((time.perf_counter() - t) * 1e3)
    out = {
        "chunks": n_chunks, "units": len(idx.units), "faiss": kind, "build_s": round(build_faiss, 1),
        "faiss_build_s": idx.meta.get("faiss_build_s"), "faiss_params": _faiss_params(idx.dense.faiss),
        "searcher_build_s": round(build_searcher, 1),
        "p50_ms": round(percentile(lat, 50), 2), "p95_ms": round(percentile(lat, 95), 2),
        "dense_p50_ms": round(percentile(dense_ms, 50), 2), "dense_p95_ms": round(percentile(dense_ms, 95), 2),
        "faiss_mb": round(_faiss_bytes(idx.dense.faiss) / 2**20, 1),
        "vectors_mb": round(idx.vectors.nbytes / 2**20, 1),
        "rss_delta_mb": round(rss1 - rss0, 1),
        "bytes_per_chunk": int((rss1 - rss0) * 2**20 / n_chunks),
        "load": [load0, load_avg()],
    }
    if kind != "flat":
        flat = faiss.IndexFlatIP(idx.vectors.shape[1])
        flat.add(np.ascontiguousarray(idx.vectors, dtype=np.float32))
        exact_s = object.__new__(Searcher)
        exact_s.__dict__.update(searcher.__dict__)
        exact_s.index = replace(idx, dense=FaissBackend(flat, idx.vectors))
        exact_res, exact_lat = [], []
        for q, qv, qt in zip(questions, qvs, qtoks):
            t = time.perf_counter()
            exact_res.append([h.chunk.id for h in exact_s.search(exact_s.prepare(q, qv, qt), k=10)])
            exact_lat.append((time.perf_counter() - t) * 1e3)
        out["exact_p50_ms"] = round(percentile(exact_lat, 50), 2)
        out["exact_p95_ms"] = round(percentile(exact_lat, 95), 2)
        out["results_overlap10"] = round(recall_at_k(exact_res, results), 4)
        # windows, as search uses them: per language partition, top `candidates`, then the best 10
        ex_w, ann_w = [], []
        for qv in qvs:
            for rows in searcher.part_units.values():
                ex_w.append(exact_s.dense_units(qv, rows, cand)[0].tolist())
                ann_w.append(searcher.dense_units(qv, rows, cand)[0].tolist())
        out["recall10"] = round(recall_at_k(ex_w, ann_w, 10), 4)
        out["recall200"] = round(recall_at_k(ex_w, ann_w, cand), 4)
        # the search knob: plain top-10 over the whole index, and as search uses it (per partition,
        # top `candidates`), judged on its best 10
        qmat = np.ascontiguousarray(qvs, dtype=np.float32)
        _, exact_ids = flat.search(qmat, 10)
        fidx = idx.dense.faiss
        if kind == "ivf":
            knob, values, own = "nprobe", nprobe_values or [fidx.nprobe], fidx.nprobe
            plain_params = lambda v: faiss.SearchParametersIVF(nprobe=v)  # noqa: E731
            set_knob = lambda v: setattr(fidx, "nprobe", v)  # noqa: E731
        else:
            knob, values, own = "efSearch", ef_values, fidx.hnsw.efSearch
            plain_params = lambda v: faiss.SearchParametersHNSW(efSearch=v)  # noqa: E731
            set_knob = lambda v: setattr(fidx.hnsw, "efSearch", v)  # noqa: E731
        sweep = []
        for v in values:
            t = time.perf_counter()
            _, ids = fidx.search(qmat, 10, params=plain_params(v))
            ms = (time.perf_counter() - t) * 1e3 / len(qvs)
            set_knob(v)
            t = time.perf_counter()
            ann_v = [searcher.dense_units(qv, rows, cand)[0].tolist()
                     for qv in qvs for rows in searcher.part_units.values()]
            ms_f = (time.perf_counter() - t) * 1e3 / len(qvs)
            set_knob(own)
            sweep.append({knob: v, "recall10": round(recall_at_k(exact_ids.tolist(), ids.tolist()), 4),
                          "ms_per_query": round(ms, 3), "search_recall10": round(recall_at_k(ex_w, ann_v, 10), 4),
                          "search_recall200": round(recall_at_k(ex_w, ann_v, cand), 4),
                          "search_ms_per_query": round(ms_f, 2), "load": load_avg()})
        out["nprobe_sweep" if kind == "ivf" else "ef_sweep"] = sweep
    return out


def _faiss_params(fidx) -> str:
    """The FAISS index's settings, for the report."""
    if hasattr(fidx, "nlist"):
        return f"nlist {fidx.nlist}, nprobe {fidx.nprobe}"
    if hasattr(fidx, "hnsw"):
        return f"M {fidx.hnsw.nb_neighbors(1)}, efConstruction {fidx.hnsw.efConstruction}, efSearch {fidx.hnsw.efSearch}"
    return ""


def _tokens_file(qfile: str | Path) -> Path:
    return Path(str(qfile) + ".tokens.npz")


def load_question_tokens(qfile: str | Path) -> list:
    """The questions' token states saved beside their vectors by :func:`encode_questions`."""
    from puente.index.encode.tokens import TokenStates

    z = np.load(_tokens_file(qfile), allow_pickle=False)
    off = z["offsets"]
    return [TokenStates(z["ids"][a:b], z["vectors"][a:b]) for a, b in zip(off[:-1], off[1:])]


def encode_questions(model: str, questions: list[str], out: Path) -> dict:
    """Encode the benchmark questions one at a time (warm), vector and token states from
    one pass as ``Engine.ask`` does; save the vectors to ``out``, the tokens beside it."""
    from puente.index.encode.embed import Encoder

    enc = Encoder(model)
    enc.queries_with_tokens(questions[:3])
    load0 = load_avg()
    ms, vecs, toks = [], [], []
    for q in questions:
        t = time.perf_counter()
        v, st = enc.queries_with_tokens([q])
        ms.append((time.perf_counter() - t) * 1e3)
        vecs.append(v[0])
        toks.append(st[0])
    np.save(out, np.asarray(vecs, dtype=np.float32))
    offsets = np.concatenate([[0], np.cumsum([len(t.ids) for t in toks])]).astype(np.int64)
    np.savez(_tokens_file(out), ids=np.concatenate([t.ids for t in toks]), offsets=offsets,
             vectors=np.concatenate([t.vectors for t in toks]))
    return {"p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2), "n": len(ms), "load": load0}


def bench_questions(n: int = 200, gold: Path = DEV, seed: int = 11) -> list[str]:
    """``n`` questions: the dev set's, then variants of them (prefixes, dropped words)."""
    base = gold_questions(gold)
    rng = random.Random(seed)
    prefixes = ["", "In the reports, ", "Según los informes, ", "Briefly: ", "Please find: "]
    out = list(base[:n])
    while len(out) < n:
        q = rng.choice(base)
        words = q.split()
        if len(words) > 5:
            del words[rng.randrange(1, len(words) - 1)]
        out.append(rng.choice(prefixes) + " ".join(words))
    return out
