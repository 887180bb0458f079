"""Text encoder: sentence-transformers with the e5 query/passage prompts, offline."""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from puente.ingest.errors import ModelMissingError
from puente.ingest.types import Chunk

from .tokens import TokenAccumulator, TokenStates, UnitTokens

_SPACES = re.compile(r"\s+")
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit


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
        self._content: np.ndarray | None = None

    def _encode(self, texts: list[str], prefix: str, progress: bool = False, tokens=None) -> np.ndarray:
        """Vectors of ``texts``; ``tokens(rows, ids, vectors)``, if given, receives each batch's
        content tokens: the texts' rows, and per text its token ids and normalised last-layer vectors."""
        import torch

        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        # length-sorted batches waste less padding; the output keeps input order
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), self.dims), dtype=np.float32)
        starts = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm.auto import tqdm

            starts = tqdm(starts, desc="Embedding", unit="batch")
        skip = 1 + self._prefix_tokens(prefix)  # <s> and the prompt
        for start in starts:
            batch = order[start: start + self.batch_size]
            features = self._preprocess([prefix + texts[i] for i in batch])
            with torch.inference_mode():
                result = self.model(features)
            out[batch] = torch.nn.functional.normalize(result["sentence_embedding"].float(), dim=-1).cpu().numpy()
            if tokens is not None:
                ids = features["input_ids"].cpu().numpy()
                keep = features["attention_mask"].cpu().numpy().astype(bool)
                keep[:, :skip] = False
                keep &= self.content_tokens()[ids]
                hidden = torch.nn.functional.normalize(result["token_embeddings"].float(), dim=-1).cpu().numpy()
                tokens(batch, [ids[j][keep[j]] for j in range(len(batch))], [hidden[j][keep[j]] for j in range(len(batch))])
        return out

    def _preprocess(self, texts: list[str]) -> dict:
        prep = getattr(self.model, "preprocess", None) or self.model.tokenize
        return prep(texts)

    def _prefix_tokens(self, prefix: str) -> int:
        """Tokens of the prompt (``query:``) at the start of every encoded text."""
        return len(self.model.tokenizer(prefix.strip(), add_special_tokens=False)["input_ids"])

    def content_tokens(self) -> np.ndarray:
        """Per vocabulary id: does the token hold a letter or digit (not punctuation, not special)."""
        if self._content is None:
            tok = self.model.tokenizer
            pieces = tok.convert_ids_to_tokens(list(range(len(tok))))
            content = np.fromiter((_ALNUM.search(p) is not None for p in pieces), dtype=bool, count=len(pieces))
            content[list(tok.all_special_ids)] = False
            self._content = content
        return self._content

    def queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions (``query: `` prompt); rows are L2-normalised."""
        return self._encode(texts, "query: ")

    def queries_with_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TokenStates]]:
        """Question vectors and, from the same pass, their tokens' last-layer vectors."""
        states: list = [None] * len(texts)

        def keep(rows, ids, vecs):
            for i, t, v in zip(rows, ids, vecs):
                states[i] = TokenStates(t.astype(np.int32), v)

        return self._encode(texts, "query: ", tokens=keep), states

    def passages(self, texts: list[str], progress: bool = False, tokens: bool = False):
        """Embed passages (``passage: `` prompt); rows are L2-normalised. With ``tokens``,
        returns ``(vectors, UnitTokens, TokenTable)``: from the same pass, each passage's
        distinct content-token ids and the table of their vectors (``index.tokens``)."""
        if not tokens:
            return self._encode(texts, "passage: ", progress)
        rows: list = [np.zeros(0, np.int32)] * len(texts)
        acc = TokenAccumulator(self.dims)

        def collect(batch, ids, vecs):
            for i, t in zip(batch, ids):
                rows[i] = np.unique(t).astype(np.int32)
            acc.add(np.concatenate(ids), np.concatenate(vecs))

        vectors = self._encode(texts, "passage: ", progress, tokens=collect)
        return vectors, UnitTokens.from_lists(rows), acc.table()


def load_encoder(path: str | Path, threads: int | None = None) -> Encoder:
    """Process-wide cached :class:`Encoder` (loading takes seconds): one per model
    folder and thread setting, however the arguments are spelled."""
    p = Path(path)
    key = str(p.resolve()) if p.exists() else str(path)
    return _cached_encoder(key, int(threads or 0))


@lru_cache(maxsize=4)
def _cached_encoder(path: str, threads: int) -> Encoder:
    return Encoder(path, threads=threads or None)
