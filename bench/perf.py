"""Performance benchmark: ingest against the model's own limit, search latency by index
size, the app's time to first results, start-up; optionally faster embedding options.

    python -m bench                          # corpus/ + a scaled corpus of ~2,000 pages
    python -m bench --pages 200 --out docs/benchmarks.md
    python -m bench --quick                  # small sizes, for a smoke run
    python -m bench --embed-options          # also measure threads/batch/ONNX options

Prints a table, writes ``docs/benchmarks.md`` and ends with ONE JSON line. Heavy parts run
in child processes (``python -m bench.perf --worker ...``) so each one's peak RSS is its own.
Other developers may share the CPU: every figure is printed with the 1-minute load average.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES_JSONL = SHARED / "corpus" / "pdf" / "pages.jsonl"
DEV = SHARED / "eval" / "dev.jsonl"
DEFAULT_MODEL = ROOT / "models" / "multilingual-e5-small"
SUMMARY_KEYS = ("ingest_s", "bare_encode_s", "ingest_ratio", "encode_query_ms", "search_p50_ms_10k",
                "search_p95_ms_100k", "ann_recall10", "app_first_result_s")
TARGETS = {"ingest_ratio": 1.25, "search_p95_ms_100k": 150.0, "ann_recall10": 0.98, "help_s": 1.0}


# ---------------------------------------------------------------- machine and load
def load_avg() -> float:
    """1-minute load average (other developers share this machine)."""
    return round(os.getloadavg()[0], 2)


def machine_info() -> dict:
    """Cores, CPU model, RAM, Python and library versions."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": round(ram, 1), "python": platform.python_version(),
            "platform": platform.platform(terse=True)}


def peak_rss_mb() -> float:
    """Peak resident set size of this process, MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mb() -> float:
    """Current resident set size of this process, MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


# ---------------------------------------------------------------- scaled corpus
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{4,}")


def perturb_text(text: str, rng: random.Random, swap_share: float = 0.08) -> str:
    """The same text with its numbers changed (same digit count) and a share of its
    longer words swapped with other words of the same text, so copies differ but keep
    their language, length and layout."""
    text = _NUMBER.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0,
                                                   10 ** len(m.group()))), text)
    words = _WORD.findall(text)
    if not words:
        return text
    return _WORD.sub(lambda m: rng.choice(words) if rng.random() < swap_share else m.group(), text)


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[str]) -> bytes:
    """A minimal text PDF (Helvetica, WinAnsi) with one page per string; lines as given."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, text in enumerate(pages):
        lines = [ln for ln in text.split("\n")] or [""]
        lead = max(4.0, min(11.0, 760.0 / max(1, len(lines))))
        size = max(3.0, min(9.0, lead - 1))
        body = [f"BT /F1 {size:.1f} Tf {lead:.2f} TL 36 806 Td".encode()]
        body += [_pdf_string(ln) + b" Tj T*" for ln in lines]
        body.append(b"ET")
        stream = b"\n".join(body)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {5 + 2 * i} 0 R >>".encode())
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def source_pages(path: Path = PAGES_JSONL) -> dict[str, list[str]]:
    """Page texts per document from ``pages.jsonl`` (``{"doc","page","text"}`` per line)."""
    docs: dict[str, list[tuple[int, str]]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            docs.setdefault(row["doc"], []).append((int(row["page"]), row["text"]))
    return {d: [t for _, t in sorted(pages)] for d, pages in docs.items()}


def scaled_corpus(out_dir: str | Path, n_pages: int, seed: int = 7, pages: dict[str, list[str]] | None = None) -> dict:
    """Write copies of the reports, text perturbed, as PDFs into ``out_dir`` until they
    hold at least ``n_pages`` pages. Returns ``{"files", "pages", "docs"}``."""
    pages = pages if pages is not None else source_pages()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files, total, copy = [], 0, 0
    while total < n_pages:
        copy += 1
        for doc, texts in pages.items():
            if total >= n_pages:
                break
            f = out / f"{doc}-copy{copy:03d}.pdf"
            f.write_bytes(make_pdf([perturb_text(t, rng) for t in texts]))
            files.append(str(f))
            total += len(texts)
    return {"files": files, "pages": total, "docs": len(files)}


# ---------------------------------------------------------------- ingest worker
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
    import puente.ingest.chunker as chunker_mod
    import puente.index.pipeline as pipeline
    from puente.index.embed import Encoder
    from puente.ingest.readers import read_document

    acc: dict[str, float] = {}
    pipeline.detect_lang = _timed(pipeline.detect_lang, acc, "lang")
    chunker_mod.detect_lang = _timed(chunker_mod.detect_lang, acc, "lang")
    pipeline.extract_records = _timed(pipeline.extract_records, acc, "records")
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

    from puente.index import store

    idx = store.load(index_dir)
    n_pages = sum(int(d.get("pages") or 0) for d in idx.docs.values())
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


# ---------------------------------------------------------------- search worker
def synthetic_index(n_chunks: int, base, seed: int = 3, max_docs: int = 50, kind: str = "auto"):
    """A :class:`store.Index` of ``n_chunks`` chunks made from the chunks of ``base``
    (texts reused, split into at most ``max_docs`` documents of at least 26 chunks) with
    new window vectors: each is a real window vector mixed with another and with noise,
    L2-normalised, and the token ids of the real window. FAISS type as ``make_faiss`` picks
    it for that many windows (or ``kind``); its build time in ``meta["faiss_build_s"]``."""
    from puente.index import store

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
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    docs = {}
    for c in chunks:
        docs.setdefault(c.doc, {"doc": c.doc, "title": c.title, "lang": c.lang, "chunks": 0})["chunks"] += 1
    units = np.asarray(unit_rows, dtype=np.int64).reshape(-1, 3)
    t = time.perf_counter()
    fidx = store.make_faiss(vecs, kind)
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

    from puente.index import store
    from puente.index.search import Searcher

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
    kind = store.faiss_kind(idx.faiss_index)
    for q, qv, qt in list(zip(questions, qvs, qtoks))[:5]:  # warm-up
        searcher.search(q, k=10, query_vector=qv, query_tokens=qt)
    load0 = load_avg()
    lat, dense_ms, results = [], [], []
    cand = searcher.params.candidates
    for q, qv, qt in zip(questions, qvs, qtoks):
        t = time.perf_counter()
        hits = searcher.search(q, k=10, query_vector=qv, query_tokens=qt)
        lat.append((time.perf_counter() - t) * 1e3)
        results.append([h.chunk.id for h in hits])
        t = time.perf_counter()
        for rows in searcher.part_units.values():
            searcher.dense_units(qv, rows, cand)
        dense_ms.append((time.perf_counter() - t) * 1e3)
    out = {
        "chunks": n_chunks, "units": len(idx.units), "faiss": kind, "build_s": round(build_faiss, 1),
        "faiss_build_s": idx.meta.get("faiss_build_s"), "faiss_params": _faiss_params(idx.faiss_index),
        "searcher_build_s": round(build_searcher, 1),
        "p50_ms": round(percentile(lat, 50), 2), "p95_ms": round(percentile(lat, 95), 2),
        "dense_p50_ms": round(percentile(dense_ms, 50), 2), "dense_p95_ms": round(percentile(dense_ms, 95), 2),
        "faiss_mb": round(_faiss_bytes(idx.faiss_index) / 2**20, 1),
        "vectors_mb": round(idx.vectors.nbytes / 2**20, 1),
        "rss_delta_mb": round(rss1 - rss0, 1),
        "bytes_per_chunk": int((rss1 - rss0) * 2**20 / n_chunks),
        "load": [load0, load_avg()],
    }
    if kind != "flat":
        flat = faiss.IndexFlatIP(idx.vectors.shape[1])
        flat.add(np.ascontiguousarray(idx.vectors))
        exact_s = object.__new__(Searcher)
        exact_s.__dict__.update(searcher.__dict__)
        exact_s.index = replace(idx, faiss_index=flat)
        exact_res, exact_lat = [], []
        for q, qv, qt in zip(questions, qvs, qtoks):
            t = time.perf_counter()
            exact_res.append([h.chunk.id for h in exact_s.search(q, k=10, query_vector=qv, query_tokens=qt)])
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
        fidx = idx.faiss_index
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


# ---------------------------------------------------------------- embedding options worker
def _onnx_session(model_dir: str, out_dir: Path, int8: bool, threads: int):
    """Export the model's transformer to ONNX with ``torch.onnx.export`` (offline, from the
    local folder), optionally int8 dynamic-quantised; returns an ONNX Runtime session."""
    import onnxruntime as ort
    import torch
    from sentence_transformers import SentenceTransformer

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.onnx"
    if not fp32.exists():
        st = SentenceTransformer(model_dir, device="cpu")
        bert = st[0].auto_model.eval()

        class Hidden(torch.nn.Module):  # keyword call: the forward's positional order differs across versions
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, input_ids, attention_mask):
                return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        ids = torch.ones((2, 16), dtype=torch.long)
        with torch.no_grad():
            torch.onnx.export(Hidden(bert), (ids, ids), str(fp32), dynamo=False,
                              input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                              opset_version=17, dynamic_axes={n: {0: "batch", 1: "seq"} for n in
                                                              ("input_ids", "attention_mask", "last_hidden_state")})
    path = fp32
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        path = out_dir / "model_int8.onnx"
        if not path.exists():
            quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def onnx_encode(session, tokenizer, texts: list[str], batch_size: int, max_len: int = 512) -> np.ndarray:
    """Mean-pooled, L2-normalised embeddings from an ONNX session (length-sorted batches)."""
    order = np.argsort([-len(t) for t in texts], kind="stable")
    out = np.zeros((len(texts), 0), np.float32)
    rows = []
    names = {i.name for i in session.get_inputs()}
    for b in range(0, len(texts), batch_size):
        sel = order[b:b + batch_size]
        tok = tokenizer([texts[i] for i in sel], padding=True, truncation=True, max_length=max_len, return_tensors="np")
        feed = {k: v.astype(np.int64) for k, v in tok.items() if k in names}
        if "token_type_ids" in names and "token_type_ids" not in feed:
            feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
        h = session.run(None, feed)[0]
        m = feed["attention_mask"][..., None].astype(np.float32)
        v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        rows.append((sel, v / np.linalg.norm(v, axis=1, keepdims=True)))
    out = np.zeros((len(texts), rows[0][1].shape[1]), np.float32) if rows else out
    for sel, v in rows:
        out[sel] = v
    return out


def worker_embed_options(texts_file: str, model: str, onnx_dir: str, variants: list[str]) -> dict:
    """Time each embedding variant on the same passage texts; cosine to the baseline vectors."""
    import torch
    from sentence_transformers import SentenceTransformer

    texts = ["passage: " + t for t in json.loads(Path(texts_file).read_text("utf-8"))]
    st = SentenceTransformer(model, device="cpu")
    st.max_seq_length = min(st.max_seq_length or 512, 512)
    default_threads = torch.get_num_threads()
    st.encode(texts[:8], batch_size=8)
    rows, base = [], None

    def record(name, fn, note=""):
        nonlocal base
        load0 = load_avg()
        t = time.perf_counter()
        v = np.asarray(fn(), dtype=np.float32)
        s = time.perf_counter() - t
        if base is None:
            base = v
        cos = (v * base).sum(1)
        rows.append({"variant": name, "seconds": round(s, 2), "texts_per_s": round(len(texts) / s, 1),
                     "min_cos": round(float(cos.min()), 4), "mean_cos": round(float(cos.mean()), 5),
                     "load": [load0, load_avg()], "note": note})
        print(f"  {name:34} {s:7.1f}s  {len(texts) / s:6.1f} texts/s  cos min {cos.min():.4f}  load {load0}",
              file=sys.stderr, flush=True)

    def st_encode(bs, threads=default_threads):
        torch.set_num_threads(threads)
        try:
            return st.encode(texts, batch_size=bs, normalize_embeddings=True, convert_to_numpy=True)
        finally:
            torch.set_num_threads(default_threads)

    def unsorted(bs):  # one call per batch in input order: no length sorting across the corpus
        return np.concatenate([st.encode(texts[i:i + bs], batch_size=bs, normalize_embeddings=True,
                                         convert_to_numpy=True) for i in range(0, len(texts), bs)])

    record("torch, batch 32 (current)", lambda: st_encode(32))
    for v in variants:
        kind, _, arg = v.partition("=")
        try:
            if kind == "batch":
                record(f"torch, batch {arg}", lambda: st_encode(int(arg)))
            elif kind == "threads":
                record(f"torch, {arg} thread(s), batch 32", lambda: st_encode(32, int(arg)))
            elif kind == "unsorted":
                record("torch, batch 32, not length-sorted", lambda: unsorted(32))
            elif kind in ("onnx", "onnx-int8"):
                sess = _onnx_session(model, Path(onnx_dir), kind == "onnx-int8", default_threads)
                record(f"ONNX Runtime {'int8 dynamic' if kind == 'onnx-int8' else 'fp32'}, batch 32",
                       lambda: onnx_encode(sess, st.tokenizer, texts, 32, st.max_seq_length))
        except Exception as exc:  # noqa: BLE001 - a variant that cannot run is reported, not fatal
            rows.append({"variant": v, "error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"})
    return {"texts": len(texts), "threads_default": default_threads, "rows": rows}


def worker_eval_variant(variant: str, model: str, onnx_dir: str, index_dir: str, corpus: str, gold: str) -> dict:
    """Build an index of ``corpus`` with the encoder of ``variant`` (``torch`` or
    ``onnx``/``onnx-int8``) and score ``gold`` as ``puente eval`` does, questions encoded
    with the same variant."""
    from puente.index.embed import load_encoder
    from puente.index.engine import Engine
    from puente.index.evaluate import load_gold, score_item, summarise
    from puente.index.pipeline import ingest

    enc = load_encoder(model, None)  # the instance Engine will use
    if variant.startswith("onnx"):
        # ingest takes sentence and token vectors from one pass of the torch model (index.tokens);
        # the ONNX export gives sentence vectors only, so an index cannot be built with it
        raise ValueError(f"{variant}: ingest needs token vectors, which the ONNX export does not give")
    t = time.perf_counter()
    report = ingest([corpus], index_dir, enc, rebuild=True)
    ingest_s = time.perf_counter() - t
    engine = Engine(index_dir, model)
    items = load_gold(gold)
    scores = []
    for item in items:
        res = engine.ask(item["question"], k=10, lang=None)
        scores.append(score_item(item, [h.to_dict() for h in res.hits], res.answer.to_dict() if res.answer else None))
    summary = summarise(items, scores)
    return {"variant": variant, "ingest_s": round(ingest_s, 1), "embed_s": report.seconds.get("embed"),
            "all": summary["all"], "load": load_avg()}


# ---------------------------------------------------------------- app, start-up
def app_first_result(index_dir: str, model: str, question: str, warm_question: str) -> dict:
    """Start ``puente serve`` on a free port and time one warm question through gradio_client
    until its first output arrives (and until it completes)."""
    from bench.load import free_port, start_server, stop_server
    from gradio_client import Client

    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="puente-bench-serve-")) / "serve.log"
    t = time.perf_counter()
    proc = start_server(index_dir, model, port, log, timeout=600)
    startup = time.perf_counter() - t
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        client.predict(warm_question, [], "any", 10, "en", api_name="/ask")
        load0 = load_avg()
        t0 = time.perf_counter()
        job = client.submit(question, [], "any", 10, "en", api_name="/ask")
        first = None
        while not job.done():
            if first is None and job.outputs():
                first = time.perf_counter()
            time.sleep(0.005)
        result = job.result()
        end = time.perf_counter()
        ok = isinstance(result, (list, tuple)) and "pz-card" in str(result[2])
    finally:
        stop_server(proc)
    return {"startup_s": round(startup, 2), "first_result_s": round(((first or end) - t0), 3),
            "complete_s": round(end - t0, 3), "ok": ok, "load": load0}


def _puente_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("puente")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "puente.app.cli"]


def cold_start(index_dir: str, model: str, question: str, runs: int = 3) -> dict:
    """Wall time of ``puente --help`` (best and median of ``runs``) and of one
    ``puente search`` from process start to its first printed line."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", PUENTE_INDEX=index_dir, PUENTE_MODEL=model)
    helps = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(_puente_cmd() + ["--help"], capture_output=True, check=True, env=env, cwd=ROOT)
        helps.append(time.perf_counter() - t)
    load0 = load_avg()
    t = time.perf_counter()
    proc = subprocess.Popen(_puente_cmd() + ["search", question, "--k", "5"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    first_line = proc.stdout.readline()
    first = time.perf_counter() - t
    rest, err = proc.communicate(timeout=600)
    return {"help_s": round(min(helps), 3), "help_median_s": round(statistics.median(helps), 3),
            "search_first_result_s": round(first, 2), "search_ok": proc.returncode == 0 and bool(first_line.strip()),
            "search_error": err.strip()[-300:] if proc.returncode else "", "load": load0}


# ---------------------------------------------------------------- questions
def bench_questions(n: int = 200, gold: Path = DEV, seed: int = 11) -> list[str]:
    """``n`` questions: the dev set's, then variants of them (prefixes, dropped words)."""
    base = []
    if gold.exists():
        base = [json.loads(line)["question"] for line in gold.read_text("utf-8").splitlines() if line.strip()]
    if not base:
        from bench.load import FALLBACK_QUESTIONS

        base = list(FALLBACK_QUESTIONS)
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


# ---------------------------------------------------------------- summary and report
def summary_line(res: dict) -> dict:
    """The final JSON object: the figures the issue asks for (None when not measured)."""
    corpus = res.get("ingest", {}).get("corpus") or {}
    by = {s["chunks"]: s for s in res.get("search", [])}
    big = by.get(max(by)) if by else {}
    mid = by.get(10_000) or (by.get(sorted(by)[len(by) // 2]) if by else {})
    scaled = res.get("ingest", {}).get("scaled") or {}
    out = {
        "ingest_s": corpus.get("ingest_s"),
        "bare_encode_s": corpus.get("bare_encode_s"),
        "ingest_ratio": corpus.get("ratio"),
        "encode_query_ms": res.get("encode_query", {}).get("p50_ms"),
        "search_p50_ms_10k": (mid or {}).get("p50_ms"),
        "search_p95_ms_100k": (big or {}).get("p95_ms"),
        "ann_recall10": (big or {}).get("recall10"),
        "app_first_result_s": res.get("app", {}).get("first_result_s"),
        "scaled_pages": scaled.get("pages"),
        "scaled_ingest_s": scaled.get("ingest_s"),
        "scaled_ingest_ratio": scaled.get("ratio"),
        "cold_search_s": res.get("cold", {}).get("search_first_result_s"),
        "help_s": res.get("cold", {}).get("help_s"),
        "search_chunks_max": max(by) if by else None,
    }
    return out


def _fmt(v, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "—"
    return f"{v}{unit}"


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def render_markdown(res: dict) -> str:
    """``docs/benchmarks.md``: the machine, every table, the targets."""
    m = res["machine"]
    s = summary_line(res)
    L = ["# Benchmarks", "",
         f"Generated by `{res.get('command', 'python -m bench')}` on {res.get('date', '')}. "
         "Other developers shared the CPU while this ran, so each figure carries the 1-minute load "
         "average (`load`) seen when it was measured; on 2 cores a load above 2 means we had less than the whole machine.",
         "", f"Machine: {m['cores']} cores, {m['cpu']}, {m['ram_gb']} GB RAM; Python {m['python']}; {m['platform']}.", ""]
    enc_q = res.get("encode_query", {})
    L += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    corpus = res.get("ingest", {}).get("corpus") or {}
    ratio = corpus.get("ratio")
    L.append(f"| ingest ≤ 1.25 × bare encode (corpus/) | {_fmt(ratio, '×')} | {_verdict(None if ratio is None else ratio <= 1.25)} |")
    sc = res.get("ingest", {}).get("scaled") or {}
    if sc:
        L.append(f"| same, scaled corpus ({sc.get('pages')} pages) | {_fmt(sc.get('ratio'), '×')} | "
                 f"{_verdict(None if sc.get('ratio') is None else sc['ratio'] <= 1.25)} |")
    by = {r["chunks"]: r for r in res.get("search", [])}
    if 10_000 in by and enc_q:
        lim = enc_q["p50_ms"] + 10
        L.append(f"| search p50 at 10k chunks ≤ question encode + 10 ms ({lim:.1f} ms) | {by[10_000]['p50_ms']} ms | "
                 f"{_verdict(by[10_000]['p50_ms'] <= lim)} |")
    if by:
        big = by[max(by)]
        L.append(f"| search p95 at {max(by):,} chunks ≤ 150 ms | {big['p95_ms']} ms | {_verdict(big['p95_ms'] <= 150)} |")
        if big.get("recall10") is not None:
            L.append(f"| ANN recall@10 vs exact at {max(by):,} chunks ≥ 0.98 | {big['recall10']} | {_verdict(big['recall10'] >= 0.98)} |")
    cold = res.get("cold", {})
    if cold:
        L.append(f"| `puente --help` < 1 s | {cold['help_s']} s | {_verdict(cold['help_s'] < 1.0)} |")
    L.append("")

    L += ["## Ingest", "",
          "Stages: read (pypdf), language detection (document and per-chunk), chunking, record extraction, "
          "embedding (window texts through the model), index write (FAISS build + files + fsync). "
          "*Bare encode* is `SentenceTransformer.encode` of exactly the window texts ingest embedded, same model "
          "object, batch size and threads — the limit ingest can reach.", "",
          "| corpus | docs | pages | chunks | windows | read s | lang s | chunk s | records s | embed s | write s | other s "
          "| ingest s | bare encode s | ratio | pages/s | chunks/s | peak RSS MB | load |",
          "|" + "---|" * 19]
    for name, r in (res.get("ingest") or {}).items():
        if not r:
            continue
        st = r["stages"]
        L.append(f"| {name} | {r['docs']} | {r['pages']} | {r['chunks']} | {r['units']} | {st['read']} | {st['lang']} | "
                 f"{st['chunk']} | {st['records']} | {st['embed']} | {st['write']} | {st['other']} | {r['ingest_s']} | "
                 f"{r['bare_encode_s']} | {r['ratio']} | {r['pages_per_s']} | {r['chunks_per_s']} | {r['peak_rss_mb']} | "
                 f"{'/'.join(str(x) for x in r['load'])} |")
    if sc:
        L += ["", f"The scaled corpus: the five reports' pages (`pages.jsonl`) copied with numbers changed and "
              f"8 % of words swapped, written as PDFs by the benchmark ({sc.get('pages')} pages asked for "
              f"{res.get('pages_asked')}); every copy has its own content hash, so none is skipped as a duplicate."]
    L += ["", "## Search", "",
          "Warm latency of `Searcher.search` (dense FAISS per language partition + BM25 + fusion) over 200 questions "
          "with their vectors encoded beforehand; the question encode is timed on its own. Indexes beyond the corpus "
          "are synthetic: the corpus chunks repeated under new document names, each window vector a real window "
          "vector mixed with another one and noise. `dense` is the FAISS part alone (both partitions).", "",
          f"Question encode (one question, warm): p50 {enc_q.get('p50_ms')} ms, p95 {enc_q.get('p95_ms')} ms "
          f"(load {enc_q.get('load')}).", "",
          "| chunks | windows | FAISS | search p50 ms | p95 ms | dense p50 ms | dense p95 ms | exact p50 / p95 ms "
          "| recall@10 windows | top-10 results = exact | FAISS MB | vectors MB | RSS per chunk | build s | load |",
          "|" + "---|" * 15]
    for r in res.get("search", []):
        ex = f"{r['exact_p50_ms']} / {r['exact_p95_ms']}" if "exact_p50_ms" in r else "(is exact)"
        L.append(f"| {r['chunks']:,} | {r['units']:,} | {r['faiss']} | {r['p50_ms']} | {r['p95_ms']} | {r['dense_p50_ms']} | "
                 f"{r['dense_p95_ms']} | {ex} | {_fmt(r.get('recall10'))} | {_fmt(r.get('results_overlap10'))} | "
                 f"{r['faiss_mb']} | {r['vectors_mb']} | {r['bytes_per_chunk']:,} B | "
                 f"{r['build_s']} + {r['searcher_build_s']} | {'/'.join(str(x) for x in r['load'])} |")
    sweeps = [(r["chunks"], r["ef_sweep"]) for r in res.get("search", []) if r.get("ef_sweep")]
    if sweeps:
        L += ["", "HNSW beam width `efSearch`: plain top-10 over the whole index, and as search uses FAISS (per "
              "language partition through an ID selector, top 200 windows with beam max(efSearch, 200)), "
              "judged on the best 10 windows, against exact search:", "",
              "| chunks | efSearch | plain recall@10 | plain ms/query | search recall@10 | search FAISS ms/question |",
              "|---|---|---|---|---|---|"]
        for n, sw in sweeps:
            L += [f"| {n:,} | {x['efSearch']} | {x['recall10']} | {x['ms_per_query']} | {x.get('search_recall10', '—')} "
                  f"| {x.get('search_ms_per_query', '—')} |" for x in sw]
    sweeps = [(r["chunks"], r.get("faiss_params", ""), r["nprobe_sweep"]) for r in res.get("search", []) if r.get("nprobe_sweep")]
    if sweeps:
        L += ["", "IVF lists scanned, `nprobe`: plain top-10 over the whole index, and as search uses FAISS (per "
              "language partition through a bitmap ID selector, `nprobe` × windows / partition windows lists, "
              "top 200 windows), judged on the best 10 (and all 200) windows, against exact search:", "",
              "| chunks | index | nprobe | plain recall@10 | plain ms/query | search recall@10 | search recall@200 "
              "| search FAISS ms/question | load |", "|---|---|---|---|---|---|---|---|---|"]
        for n, params, sw in sweeps:
            L += [f"| {n:,} | {params} | {x['nprobe']} | {x['recall10']} | {x['ms_per_query']} | {x['search_recall10']} "
                  f"| {x['search_recall200']} | {x['search_ms_per_query']} | {x['load']} |" for x in sw]
    app = res.get("app", {})
    L += ["", "## App and start-up", ""]
    if app:
        L.append(f"- App (`puente serve` on the corpus index, through `gradio_client`, one warm question): first results "
                 f"after **{app.get('first_result_s')} s**, complete (refined highlights) after {app.get('complete_s')} s; "
                 f"the server took {app.get('startup_s')} s to answer HTTP (load {app.get('load')}).")
    if cold:
        L.append(f"- Cold `puente search` (new process: imports, model load, index load, search) to its first printed "
                 f"line: **{cold.get('search_first_result_s')} s** (load {cold.get('load')}).")
        L.append(f"- `puente --help`: {cold.get('help_s')} s best, {cold.get('help_median_s')} s median of 3.")
    emb = res.get("embed_options")
    if emb:
        L += ["", "## Embedding options", "",
              f"The same {emb['texts']} passage texts (the corpus windows) through each variant; cosine to the current "
              f"encoder's vectors. Adopt only if ≥ 1.5× faster and dev R@5 drops by ≤ 0.01.", "",
              "| variant | seconds | texts/s | speed-up | min cosine | mean cosine | load | note |", "|---|---|---|---|---|---|---|---|"]
        base = next((r["seconds"] for r in emb["rows"] if "seconds" in r), None)
        for r in emb["rows"]:
            if "error" in r:
                L.append(f"| {r['variant']} | — | — | — | — | — | — | could not run: {r['error']} |")
            else:
                L.append(f"| {r['variant']} | {r['seconds']} | {r['texts_per_s']} | {round(base / r['seconds'], 2)}× | "
                         f"{r['min_cos']} | {r['mean_cos']} | {'/'.join(str(x) for x in r['load'])} | {r.get('note', '')} |")
    ev = res.get("embed_eval")
    if ev:
        L += ["", "Quality check (`puente eval` scoring of the dev set on an index of corpus/ built with the variant, "
              "questions encoded with it too):", "",
              "| variant | R@1 | R@5 | R@10 | MRR@10 | embed s (ingest) | load |", "|---|---|---|---|---|---|---|"]
        for r in ev:
            a = r["all"]
            L.append(f"| {r['variant']} | {a['R@1']} | {a['R@5']} | {a['R@10']} | {a['MRR@10']} | {r['embed_s']} | {r['load']} |")
    for note in res.get("notes", []):
        L += ["", note]
    L += ["", "## Summary line", "", "```json", json.dumps(s, ensure_ascii=False), "```", ""]
    return "\n".join(L)


def print_table(res: dict) -> None:
    """The human-readable table on stdout."""
    m = res["machine"]
    print(f"machine: {m['cores']} cores, {m['cpu']}, {m['ram_gb']} GB RAM")
    for name, r in (res.get("ingest") or {}).items():
        if r:
            st = " ".join(f"{k} {v}" for k, v in r["stages"].items())
            print(f"ingest {name:7} {r['docs']} docs {r['pages']} pages {r['chunks']} chunks {r['units']} windows: "
                  f"{r['ingest_s']} s ({st}); bare encode {r['bare_encode_s']} s; ratio {r['ratio']}; "
                  f"{r['pages_per_s']} pages/s {r['chunks_per_s']} chunks/s; peak RSS {r['peak_rss_mb']} MB; load {r['load']}")
    e = res.get("encode_query")
    if e:
        print(f"question encode: p50 {e['p50_ms']} ms p95 {e['p95_ms']} ms (load {e['load']})")
    for r in res.get("search", []):
        print(f"search {r['chunks']:>7,} chunks {r['units']:>7,} windows {r['faiss']:5}: p50 {r['p50_ms']} ms p95 {r['p95_ms']} ms "
              f"(dense p50 {r['dense_p50_ms']}) recall@10 {r.get('recall10', '-')} results=exact {r.get('results_overlap10', '-')} "
              f"{r['bytes_per_chunk']:,} B/chunk; FAISS build {r.get('faiss_build_s', '-')} s {r.get('faiss_params', '')}; "
              f"load {r['load']}")
    if res.get("app"):
        a = res["app"]
        print(f"app: first results {a['first_result_s']} s, complete {a['complete_s']} s (startup {a['startup_s']} s, load {a['load']})")
    if res.get("cold"):
        c = res["cold"]
        print(f"cold: puente search first result {c['search_first_result_s']} s; puente --help {c['help_s']} s (load {c['load']})")


# ---------------------------------------------------------------- driver
def _run_worker(args: list[str], timeout: float = 7200) -> dict:
    """Run ``python -m bench.perf --worker ...``; its last stdout line is JSON."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    proc = subprocess.run([sys.executable, "-m", "bench.perf", "--worker", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-1500:]}")
    sys.stderr.write(proc.stderr[-2000:] if os.environ.get("PUENTE_BENCH_VERBOSE") else "")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _tokens_file(qfile: str | Path) -> Path:
    return Path(str(qfile) + ".tokens.npz")


def load_question_tokens(qfile: str | Path) -> list:
    """The questions' token states saved beside their vectors by :func:`encode_questions`."""
    from puente.index.tokens import TokenStates

    z = np.load(_tokens_file(qfile), allow_pickle=False)
    off = z["offsets"]
    return [TokenStates(z["ids"][a:b], z["vectors"][a:b]) for a, b in zip(off[:-1], off[1:])]


def encode_questions(model: str, questions: list[str], out: Path) -> dict:
    """Encode the benchmark questions one at a time (warm), vector and token states from
    one pass as ``Engine.ask`` does; save the vectors to ``out``, the tokens beside it."""
    from puente.index.embed import Encoder

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


def run(args) -> dict:
    """Every section in turn; returns the results dict."""
    model = str(args.model or os.environ.get("PUENTE_MODEL") or DEFAULT_MODEL)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="puente-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    res: dict = {"machine": machine_info(), "date": time.strftime("%Y-%m-%d %H:%M %Z"),
                 "command": "python -m bench " + " ".join(args.argv), "pages_asked": args.pages, "ingest": {},
                 "notes": []}
    say = (lambda msg: print(f"[{time.strftime('%H:%M:%S')} load {load_avg()}] {msg}", file=sys.stderr, flush=True))
    corpus_dir = Path(args.corpus)
    corpus_index = work / "corpus-index"
    common = [model, str(args.threads), str(args.batch_size)]
    if "ingest" in args.sections:
        say(f"ingest {corpus_dir}")
        res["ingest"]["corpus"] = _run_worker(["ingest", str(corpus_index), *common, str(corpus_dir)])
        if args.pages:
            say(f"scaled corpus: {args.pages} pages")
            info = scaled_corpus(work / "scaled", args.pages)
            say(f"ingest scaled corpus ({info['docs']} PDFs, {info['pages']} pages)")
            res["ingest"]["scaled"] = _run_worker(["ingest", str(work / "scaled-index"), *common, str(work / "scaled")])
            shutil.rmtree(work / "scaled-index", ignore_errors=True)
    elif not (corpus_index / "CURRENT").exists():
        corpus_index = Path(args.index or ".puente")
    if "search" in args.sections:
        questions = bench_questions(args.questions)
        qfile, qtext = work / "questions.npy", work / "questions.json"
        qtext.write_text(json.dumps(questions, ensure_ascii=False), "utf-8")
        say("question encode")
        res["encode_query"] = encode_questions(model, questions, qfile)
        res["search"] = []
        for n in args.sizes:
            say(f"search at {n:,} chunks")
            res["search"].append(_run_worker(["search", str(n), str(corpus_index), str(qfile), str(qtext),
                                              ",".join(str(e) for e in args.ef), ",".join(str(e) for e in args.nprobe),
                                              args.faiss]))
    if "app" in args.sections:
        say("app first result")
        try:
            res["app"] = app_first_result(str(corpus_index), model, args.question, "¿Qué recomienda la evaluación?")
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - reported in the table
            res["notes"].append(f"App measurement failed: {exc}")
    if "cold" in args.sections:
        say("cold start")
        res["cold"] = cold_start(str(corpus_index), model, args.question)
    if args.embed_options:
        texts = work / "unit_texts.json"
        from puente.index import store
        from puente.index.pipeline import chunk_units

        corpus = store.load(corpus_index)
        _, unit_texts = chunk_units(corpus.chunks, docs=corpus.docs)
        texts.write_text(json.dumps(unit_texts, ensure_ascii=False), "utf-8")
        say("embedding options")
        res["embed_options"] = _run_worker(["embed", str(texts), model, str(work / "onnx"), ",".join(args.variants)])
    if not args.keep:
        shutil.rmtree(work / "scaled", ignore_errors=True)
    res["workdir"] = str(work)
    return res


def merge_results(res: dict, earlier: dict, source: str) -> None:
    """Add to ``res`` what it lacks from an ``earlier`` run: ingest corpora, search sizes,
    sections; each addition is named in the notes."""
    added = []
    for name, r in (earlier.get("ingest") or {}).items():
        if r and not res["ingest"].get(name):
            res["ingest"][name] = r
            added.append(f"ingest {name}")
    have = {r["chunks"] for r in res.get("search", [])}
    extra = [r for r in earlier.get("search", []) if r["chunks"] not in have]
    if extra:
        res["search"] = sorted(res.get("search", []) + extra, key=lambda r: r["chunks"])
        added += [f"search at {r['chunks']:,} chunks" for r in extra]
    for key in ("encode_query", "app", "cold", "embed_options", "embed_eval"):
        if earlier.get(key) and not res.get(key):
            res[key] = earlier[key]
            added.append(key.replace("_", " "))
    res["notes"] += [n for n in earlier.get("notes", []) if n.startswith("From an earlier run")]
    if added:
        res["notes"].append(f"From an earlier run ({earlier.get('date', '?')}, `{earlier.get('command', source)}`), "
                            f"not re-measured here: {', '.join(added)}.")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=2000, help="pages in the scaled corpus (0: skip it; default 2000)")
    p.add_argument("--sizes", default="1000,10000,100000", help="search index sizes in chunks (comma-separated)")
    p.add_argument("--questions", type=int, default=200, help="questions for the search latency")
    p.add_argument("--ef", default="32,64,128,256", help="HNSW efSearch values for the recall sweep")
    p.add_argument("--nprobe", default="32,64,96,128,192,256", help="IVF nprobe values for the recall sweep")
    p.add_argument("--faiss", default="auto", choices=("auto", "flat", "ivf", "hnsw"),
                   help="FAISS type of the synthetic search indexes (auto: as `make_faiss` picks it by size)")
    p.add_argument("--sections", default="ingest,search,app,cold", help="which parts to run")
    p.add_argument("--embed-options", action="store_true", help="also time threads / batch size / ONNX variants")
    p.add_argument("--variants", default="threads=1,batch=8,batch=16,batch=64,unsorted,onnx,onnx-int8")
    p.add_argument("--quick", action="store_true", help="small sizes: 108 pages, 1k/10k chunks, 50 questions")
    p.add_argument("--corpus", default=str(ROOT / "corpus"), help="the corpus folder to ingest")
    p.add_argument("--index", help="an existing index for the app/cold sections when ingest is not run")
    p.add_argument("--model", help="model folder (default models/multilingual-e5-small or PUENTE_MODEL)")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--question", default="What does the evaluation recommend about the asylum system?")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="Markdown report ('' to skip)")
    p.add_argument("--json-out", help="also write every figure as JSON here")
    p.add_argument("--workdir", help="scratch folder (default: a new temp folder)")
    p.add_argument("--keep", action="store_true", help="keep the generated scaled corpus")
    p.add_argument("--notes-file", help="Markdown appended to the report (findings, changes made)")
    p.add_argument("--merge", help="a --json-out file of an earlier run: its sections and search sizes this run "
                                   "did not measure are added (and marked as such)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        return _worker_main(argv[1:])
    args = build_parser().parse_args(argv)
    args.argv = argv
    if args.quick:
        args.pages = min(args.pages, 108)
        args.sizes = "1000,10000"
        args.questions = min(args.questions, 50)
    args.sizes = [int(x) for x in str(args.sizes).split(",") if x]
    args.ef = [int(x) for x in str(args.ef).split(",") if x]
    args.nprobe = [int(x) for x in str(args.nprobe).split(",") if x]
    args.sections = {x.strip() for x in args.sections.split(",") if x.strip()}
    args.variants = [x for x in args.variants.split(",") if x]
    if not Path(args.corpus).is_dir():
        print(f"error: {args.corpus}: no such folder; pass --corpus with the reports folder", file=sys.stderr)
        return 2
    res = run(args)
    if args.merge:
        merge_results(res, json.loads(Path(args.merge).read_text("utf-8")), args.merge)
    if args.notes_file:
        res["notes"].append(Path(args.notes_file).read_text("utf-8").strip())
    print_table(res)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(render_markdown(res), "utf-8")
        print(f"wrote {args.out}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(res, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps(summary_line(res), ensure_ascii=False))
    return 0


def _worker_main(argv: list[str]) -> int:
    kind = argv[0]
    if kind == "ingest":
        index_dir, model, threads, batch, *paths = argv[1:]
        out = worker_ingest(paths, index_dir, model, int(threads), int(batch))
    elif kind == "search":
        n, base, qfile, qtext, ef, nprobe, faiss_type = argv[1:]
        out = worker_search(int(n), base, qfile, qtext, [int(x) for x in ef.split(",") if x],
                            [int(x) for x in nprobe.split(",") if x], faiss_type)
    elif kind == "eval":
        variant, model, onnx_dir, index_dir, corpus, gold = argv[1:]
        out = worker_eval_variant(variant, model, onnx_dir, index_dir, corpus, gold)
    elif kind == "embed":
        texts, model, onnx_dir, variants = argv[1:]
        out = worker_embed_options(texts, model, onnx_dir, [v for v in variants.split(",") if v])
    else:
        raise SystemExit(f"error: unknown worker {kind!r}")
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
