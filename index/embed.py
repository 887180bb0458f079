"""Text encoder: the e5 query/passage prompts, batching and token selection every backend
shares (:class:`BaseEncoder`), the sentence-transformers/torch backend, and the loaders."""
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


# Texts per forward pass. Smaller batches are faster on CPU here: embedding the 426 windows of
# corpus/ (2 cores, Intel Xeon, load 1.1-2.0) took 8.0-8.1 s at 8, 8.5 at 12, 8.7 at 4,
# 10.3-11.2 at 32 and 12.5 at 64 (docs/benchmarks.md, "Against peers").
BATCH_SIZE = 8


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


class BaseEncoder:
    """What every encoder backend shares around its forward pass: the ``query: ``/``passage: ``
    prompts, length-sorted batches, and which tokens count as content for token matching.

    A backend sets ``id``, ``dims``, ``batch_size`` and ``tokenizer`` (a ``tokenizers.Tokenizer``)
    and implements :meth:`_forward`."""

    id: str
    dims: int
    batch_size: int = BATCH_SIZE
    tokenizer = None  # tokenizers.Tokenizer
    _content: np.ndarray | None = None

    def _forward(self, texts: list[str], tokens: bool):
        """One batch through the model: L2-normalised sentence vectors ``(B, dims)`` and, with
        ``tokens``, the padded ``input_ids`` and ``attention_mask`` ``(B, T)`` and the
        L2-normalised last-layer token vectors ``(B, T, dims)`` (else three ``None``)."""
        raise NotImplementedError

    def _encode(self, texts: list[str], prefix: str, progress: bool = False, tokens=None) -> np.ndarray:
        """Vectors of ``texts``; ``tokens(rows, ids, vectors)``, if given, receives each batch's
        content tokens: per encoded text, the rows of ``texts`` that hold it (an int array),
        its token ids and their normalised last-layer vectors.

        Identical texts are encoded once: a file of one repeated token gave thousands of
        identical windows, each encoded again (minutes of work for one vector)."""
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        slot: dict[str, int] = {}
        inverse = np.fromiter((slot.setdefault(t, len(slot)) for t in texts), dtype=np.int64, count=len(texts))
        distinct = list(slot)
        by_text = np.argsort(inverse, kind="stable")  # rows grouped by their distinct text
        holders = np.split(by_text, np.cumsum(np.bincount(inverse, minlength=len(distinct)))[:-1])
        # length-sorted batches waste less padding; the output keeps input order
        order = np.argsort([-len(t) for t in distinct], kind="stable")
        out = np.empty((len(distinct), self.dims), dtype=np.float32)
        bar = None
        if progress:  # windows done, rate and ETA, on stderr (the caller decides it is a terminal)
            import sys

            from tqdm import tqdm

            bar = tqdm(total=len(texts), desc="embedding", unit="window", file=sys.stderr)
        skip = 1 + self._prefix_tokens(prefix)  # <s> and the prompt
        for start in range(0, len(distinct), self.batch_size):
            batch = order[start: start + self.batch_size]
            vectors, ids, mask, hidden = self._forward([prefix + distinct[i] for i in batch], tokens is not None)
            out[batch] = vectors
            if tokens is not None:
                keep = mask.astype(bool)
                keep[:, :skip] = False
                keep &= self.content_tokens(ids)
                tokens([holders[i] for i in batch], [ids[j][keep[j]] for j in range(len(batch))],
                       [hidden[j][keep[j]] for j in range(len(batch))])
            if bar is not None:
                bar.update(sum(len(holders[i]) for i in batch))
        if bar is not None:
            bar.close()
        return out[inverse]

    def _prefix_tokens(self, prefix: str) -> int:
        """Tokens of the prompt (``query:``) at the start of every encoded text."""
        return len(self.tokenizer.encode(prefix.strip(), add_special_tokens=False).ids)

    def content_tokens(self, ids: np.ndarray | None = None) -> np.ndarray:
        """Per token id of ``ids`` (default: the whole vocabulary): does the token hold a
        letter or digit (not punctuation, not special). Worked out per id on first sight:
        the whole 250k vocabulary took 0.1-0.4 s, on every cold start of a search."""
        tok = self.tokenizer
        if self._content is None:  # -1: not looked at yet
            self._content = np.full(tok.get_vocab_size(with_added_tokens=True), -1, dtype=np.int8)
            self._content[[i for i, t in tok.get_added_tokens_decoder().items() if t.special]] = 0
        ids = np.arange(len(self._content)) if ids is None else np.asarray(ids)
        todo = np.unique(ids[self._content[ids] < 0])
        if len(todo):
            pieces = (tok.id_to_token(int(i)) or "" for i in todo)
            self._content[todo] = np.fromiter((_ALNUM.search(p) is not None for p in pieces), dtype=bool, count=len(todo))
        return self._content[ids] == 1

    def queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions (``query: `` prompt); rows are L2-normalised."""
        return self._encode(texts, "query: ")

    def queries_with_tokens(self, texts: list[str]) -> tuple[np.ndarray, list[TokenStates]]:
        """Question vectors and, from the same pass, their tokens' last-layer vectors."""
        states: list = [None] * len(texts)

        def keep(holders, ids, vecs):
            for rows, t, v in zip(holders, ids, vecs):
                for i in rows:
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

        def collect(holders, ids, vecs):
            for held, t in zip(holders, ids):
                distinct = np.unique(t).astype(np.int32)
                for i in held:
                    rows[i] = distinct
            # a text held by n windows counts n times in the table, as if encoded n times
            weights = np.concatenate([np.full(len(t), len(held), np.int64) for held, t in zip(holders, ids)])
            acc.add(np.concatenate(ids), np.concatenate(vecs), weights)

        vectors = self._encode(texts, "passage: ", progress, tokens=collect)
        return vectors, UnitTokens.from_lists(rows), acc.table()


class Encoder(BaseEncoder):
    """sentence-transformers on torch: what ingest uses (and questions when no ONNX export exists)."""

    def __init__(self, path: str | Path, threads: int | None = None, batch_size: int = BATCH_SIZE):
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
