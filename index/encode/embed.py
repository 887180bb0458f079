"""The sentence-transformers/torch encoder (what ingest uses), and the loaders that pick
torch or the ONNX export (``onnx_encoder``) for questions."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from puente.common.errors import ModelMissingError

from .base import BATCH_SIZE, BaseEncoder, missing_folder, model_id


class Encoder(BaseEncoder):
    """sentence-transformers on torch: what ingest uses (and questions when no ONNX export exists)."""

    def __init__(self, path: str | Path, threads: int | None = None, batch_size: int = BATCH_SIZE):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        if missing_folder(path):
            raise ModelMissingError(path, "model folder not found", "run `puente model build`")
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()

        if threads:
            torch.set_num_threads(threads)
        self.path = str(path)
        self.id = model_id(path)
        self.batch_size = batch_size
        try:
            self.model = SentenceTransformer(str(path), device="cpu")
        except (OSError, ValueError) as exc:  # a hub id offline or unknown: no traceback, the fix
            raise ModelMissingError(
                path, f"not a model folder here, and not loadable as a hub id offline ({type(exc).__name__})",
                "set PUENTE_MODEL (or --model) to a local model folder, or unset it to use the one "
                "`puente model build` makes") from exc
        self.model.max_seq_length = min(self.model.max_seq_length or 512, 512)
        get_dims = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dims = int(get_dims())
        self.tokenizer = self.model.tokenizer.backend_tokenizer

    def _forward(self, texts: list[str], tokens: bool):
        import torch

        prep = getattr(self.model, "preprocess", None) or self.model.tokenize
        features = prep(texts)
        with torch.inference_mode():
            result = self.model(features)
        vectors = torch.nn.functional.normalize(result["sentence_embedding"].float(), dim=-1).cpu().numpy()
        if not tokens:
            return vectors, None, None, None
        ids = features["input_ids"].cpu().numpy()
        mask = features["attention_mask"].cpu().numpy()
        hidden = torch.nn.functional.normalize(result["token_embeddings"].float(), dim=-1).cpu().numpy()
        return vectors, ids, mask, hidden


def _key(path: str | Path) -> str:
    p = Path(path)
    return str(p.resolve()) if p.exists() else str(path)


def load_encoder(path: str | Path, threads: int | None = None) -> Encoder:
    """Process-wide cached torch :class:`Encoder` (loading takes seconds), for ingest and
    remove (passages with token vectors): one per model folder and thread setting,
    however the arguments are spelled."""
    return _cached_encoder(_key(path), int(threads or 0))


def load_query_encoder(path: str | Path, threads: int | None = None) -> BaseEncoder:
    """Process-wide cached encoder for questions and answer sentences (search, eval,
    compare, serve): ONNX Runtime when the model folder has the export
    (``index.onnx_encoder``, no torch import), else the torch :class:`Encoder`."""
    return _cached_query_encoder(_key(path), int(threads or 0))


@lru_cache(maxsize=4)
def _cached_encoder(path: str, threads: int) -> Encoder:
    return Encoder(path, threads=threads or None)


@lru_cache(maxsize=4)
def _cached_query_encoder(path: str, threads: int) -> BaseEncoder:
    from .model import has_onnx

    if has_onnx(path):
        from .onnx_encoder import OnnxEncoder

        return OnnxEncoder(path, threads=threads or None)
    return _cached_encoder(path, threads)
