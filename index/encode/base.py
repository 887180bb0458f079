"""What every encoder shares: the batch size, the model folder's id, and the prompts, batching
and token collection around a backend's forward pass (torch in ``embed``, ONNX in
``onnx_encoder``)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from .tokens import TokenAccumulator, TokenStates, UnitTokens

_ALNUM = re.compile(r"[^\W_]")  # a letter or digit

# Texts per forward pass. Smaller batches are faster on CPU here: embedding the 426 windows of
# corpus/ (2 cores, Intel Xeon, load 1.1-2.0) took 8.0-8.1 s at 8, 8.5 at 12, 8.7 at 4,
# 10.3-11.2 at 32 and 12.5 at 64 (docs/benchmarks.md, "Against peers").
BATCH_SIZE = 8



def missing_folder(path: str | Path) -> bool:
    """Whether ``path`` names a local model folder that is not there: a path (".", "/", "~" first,
    or no "/" at all) rather than a hub id such as ``org/name``, which the loader may still find."""
    text = str(path)
    return not Path(path).exists() and ("/" not in text or text.startswith((".", "/", "~")))


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
