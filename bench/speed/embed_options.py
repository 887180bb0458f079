"""Faster embedding options: torch threads and batch sizes, input order, ONNX Runtime
(fp32 and int8) on the same passage texts, and the dev-set quality of an index built with a
variant. Child-process workers (``python -m bench --worker embed|eval ...``)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from bench.machine import load_avg


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
    from puente.index.encode.embed import load_encoder
    from puente.index.engine import Engine
    from puente.index.evaluate import load_gold, score_item, summarise
    from puente.index.update import ingest

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
