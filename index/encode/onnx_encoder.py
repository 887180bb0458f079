"""Questions through ONNX Runtime: the query path without torch.

``puente model build`` exports the BERT encoder to ``model.onnx`` (``index.model``).
:class:`OnnxEncoder` runs it with the folder's ``tokenizer.json`` (the ``tokenizers``
library, as sentence-transformers does underneath): same prompts, same truncation
(512 tokens, longest first), same mean pooling and normalisation, and the same
content-token selection as the torch :class:`~puente.index.encode.embed.Encoder` (the shared
:class:`~puente.index.encode.base.BaseEncoder`). Start-up is ~0.5 s instead of the seconds
torch, transformers and sentence-transformers take to import and build.

Ingest stays on torch (``load_encoder``): see docs/benchmarks.md for batch figures.
Nothing here imports torch.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from puente.common.errors import ModelMissingError

from .base import BATCH_SIZE, BaseEncoder, model_id
from .blas import single_thread_numpy_blas
from .model import ONNX_NAME, has_onnx

MAX_TOKENS = 512  # the torch encoder's cap (Encoder: max_seq_length = min(model's, 512))


def _normalise(x: np.ndarray) -> np.ndarray:
    """L2-normalise the last axis (as ``torch.nn.functional.normalize``: norms floored at 1e-12)."""
    return (x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)).astype(np.float32, copy=False)


class OnnxEncoder(BaseEncoder):
    """ONNX Runtime + ``tokenizers``; ``.queries``, ``.queries_with_tokens`` and ``.passages``
    give what the torch encoder gives (cosine ≥ 0.999, tests/test_onnx_encoder.py)."""

    def __init__(self, path: str | Path, threads: int | None = None, batch_size: int = BATCH_SIZE):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        p = Path(path)
        if not has_onnx(p):
            raise ModelMissingError(path, f"no ONNX export ({ONNX_NAME})", "run `puente model build`")
        self.path = str(path)
        self.id = model_id(p)
        self.batch_size = batch_size
        self.dims = int(json.loads((p / "config.json").read_text())["hidden_size"])
        st_config = p / "sentence_bert_config.json"
        max_len = json.loads(st_config.read_text()).get("max_seq_length") if st_config.exists() else None
        tok = Tokenizer.from_file(str(p / "tokenizer.json"))
        tok.enable_truncation(max_length=min(max_len or MAX_TOKENS, MAX_TOKENS))
        pad = json.loads((p / "tokenizer_config.json").read_text()).get("pad_token", "<pad>")
        tok.enable_padding(pad_id=tok.token_to_id(pad), pad_token=pad)
        self.tokenizer = tok
        so = ort.SessionOptions()
        if threads:
            so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.log_severity_level = 3  # errors only
        self.session = ort.InferenceSession(str(p / ONNX_NAME), so, providers=["CPUExecutionProvider"])
        single_thread_numpy_blas()  # its spinning threads slowed this session's next pass (index/encode/blas.py)

    def _forward(self, texts: list[str], tokens: bool):
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self.session.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        vectors = _normalise(pooled)
        if not tokens:
            return vectors, None, None, None
        return vectors, ids, mask, _normalise(hidden)
