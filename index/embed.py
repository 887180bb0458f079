"""Text encoder: sentence-transformers with the e5 query/passage prompts, offline."""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.errors import ModelMissingError
from ingest.types import Chunk

_SPACES = re.compile(r"\s+")


def unit_text(chunk: Chunk, start: int, end: int, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """What we embed for a retrieval window of a chunk: title and section path, then the
    window without the document's repeated form labels (``skip``, see
    ``ingest.chunker.repeated_lines``) unless nothing else is left."""
    head = " > ".join([chunk.title, *chunk.section]) if chunk.section else chunk.title
    body = chunk.text[start:end]
    if skip:
        kept = [line for line in body.splitlines() if " ".join(line.split()) not in skip]
        if any(line.strip() for line in kept):
            body = "\n".join(kept)
    return _SPACES.sub(" ", f"{head}. {body}").strip()


def unit_texts(chunks: list[Chunk], units, docs: dict[str, dict]) -> list[str]:
    """The texts embedded (and BM25-indexed) for windows ``units`` — ``(chunk row, start,
    end)`` rows into ``chunks`` — each without the repeated lines its document's
    ``docs.json`` info lists."""
    skips = {d: frozenset(info.get("repeated_lines") or ()) for d, info in docs.items()}
    out = []
    for row, start, end in units:
        c = chunks[int(row)]
        out.append(unit_text(c, int(start), int(end), skips.get(c.doc, frozenset())))
    return out


def model_id(path: str | Path) -> str:
    """Stable id of a model folder (recorded in the index's meta.json)."""
    p = Path(path)
    info = p / "puente_model.json"
    if info.exists():
        return json.loads(info.read_text())["model_id"]
    return str(path)


class Encoder:
    """Wraps a SentenceTransformer; always encodes with the ``query: ``/``passage: `` prompts."""

    def __init__(self, path: str | Path, threads: int | None = None, batch_size: int = 32):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        p = Path(path)
        if not p.exists() and ("/" not in str(path) or str(path).startswith((".", "/"))):
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
        self.model = SentenceTransformer(str(path), device="cpu")
        self.model.max_seq_length = min(self.model.max_seq_length or 512, 512)
        get_dims = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dims = int(get_dims())

    def _encode(self, texts: list[str], prefix: str, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        # length-sorted batches waste less padding; the output keeps input order
        order = np.argsort([-len(t) for t in texts], kind="stable")
        vecs = self.model.encode(
            [prefix + texts[i] for i in order],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        ).astype(np.float32)
        out = np.empty_like(vecs)
        out[order] = vecs
        return out

    def queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions (``query: `` prompt); rows are L2-normalised."""
        return self._encode(texts, "query: ")

    def passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embed passages (``passage: `` prompt); rows are L2-normalised."""
        return self._encode(texts, "passage: ", progress)


def load_encoder(path: str | Path, threads: int | None = None) -> Encoder:
    """Process-wide cached :class:`Encoder` (loading takes seconds): one per model
    folder and thread setting, however the arguments are spelled."""
    p = Path(path)
    key = str(p.resolve()) if p.exists() else str(path)
    return _cached_encoder(key, int(threads or 0))


@lru_cache(maxsize=4)
def _cached_encoder(path: str, threads: int) -> Encoder:
    return Encoder(path, threads=threads or None)
