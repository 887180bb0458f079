"""Ingest timing: ``pipeline.ingest`` with its stages timed, against a bare
``SentenceTransformer.encode`` of exactly the window texts it embedded (the limit ingest can
reach). Runs in a child process (``python -m bench --worker ingest ...``)."""
from __future__ import annotations

import time

from bench.machine import load_avg, peak_rss_mb, rss_mb


def _timed(fn, acc: dict, key: str):
    def wrapper(*a, **kw):
        t = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            acc[key] = acc.get(key, 0.0) + time.perf_counter() - t
    return wrapper


def worker_ingest(paths: list[str], index_dir: str, model: str, threads: int, batch_size: int) -> dict:
    """Ingest ``paths`` into a fresh ``index_dir`` with stage timings, then encode the same
    window texts with bare ``SentenceTransformer.encode`` (same model object, batch size, threads)."""
    import puente.index.update as pipeline
    import puente.ingest.batch as batch_mod
    import puente.ingest.chunker as chunker_mod
    from puente.index.encode.embed import Encoder

    acc: dict[str, float] = {}
    batch_mod.detect_lang = _timed(batch_mod.detect_lang, acc, "lang")
    chunker_mod.detect_lang = _timed(chunker_mod.detect_lang, acc, "lang")
    batch_mod.extract_records = _timed(batch_mod.extract_records, acc, "records")
    t = time.perf_counter()
    enc = Encoder(model, threads=threads or None, batch_size=batch_size)
    load_s = time.perf_counter() - t
    seen: list[str] = []
    passages = enc.passages

    def recording(texts, progress=False, **kw):
        seen.extend(texts)
        return passages(texts, progress, **kw)

    enc.passages = recording
    enc.model.encode(["passage: warm-up"] * 8, batch_size=batch_size)  # first call allocates; not measured
    base_rss = rss_mb()
    load0 = load_avg()
    report = pipeline.ingest(paths, index_dir, enc, rebuild=True)
    s = report.seconds
    peak = peak_rss_mb()
    load1 = load_avg()
    t = time.perf_counter()
    enc.model.encode(["passage: " + x for x in seen], batch_size=batch_size, normalize_embeddings=True,
                     convert_to_numpy=True, show_progress_bar=False)
    bare = time.perf_counter() - t
    load2 = load_avg()
    import torch

    from puente.index.store import stores as store

    idx = store.load(index_dir)
    n_pages = sum(d.pages or 0 for d in idx.docs.values())
    lang = acc.get("lang", 0.0)
    stages = {
        "read": s["read"],
        "lang": round(lang, 3),
        "chunk": round(max(0.0, s["chunk"] - lang), 3),
        "records": round(acc.get("records", 0.0), 3),
        "embed": s["embed"],
        "write": s["write"],
    }
    stages["other"] = round(max(0.0, s["total"] - sum(stages.values())), 3)
    return {
        "docs": len(idx.docs), "pages": n_pages, "chunks": len(idx.chunks), "units": len(idx.units),
        "errors": report.errors[:5], "stages": stages, "ingest_s": s["total"], "bare_encode_s": round(bare, 3),
        "ratio": round(s["total"] / bare, 3) if bare else None,
        "pages_per_s": round(n_pages / s["total"], 2) if s["total"] else None,
        "chunks_per_s": round(len(idx.chunks) / s["total"], 2) if s["total"] else None,
        "peak_rss_mb": peak, "rss_after_model_mb": round(base_rss, 1), "model_load_s": round(load_s, 2),
        "threads": torch.get_num_threads(), "batch_size": batch_size, "load": [load0, load1, load2],
    }
