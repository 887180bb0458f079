"""Token matching: each question token against the tokens of a window, across languages.

The encoder's last layer gives every sub-word token a vector that depends on its
context. Averaged over all its occurrences in the indexed windows, a token's vector
("resettlement", "▁older") lies close to the vectors of its translations in the other
language ("reasentamiento", "mayores") — closer than the whole-passage embeddings of
a Spanish question and an English table row are. A window's token score is the
IDF-weighted mean, over the question's tokens (their own contextual vectors), of the
best cosine with any token of the window (late interaction, as in ColBERT, with one
vector per vocabulary token instead of one per occurrence, so the index stores token
ids, not token vectors).

The table keeps sums and counts, so documents can be added and taken away exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

TOKEN_FILES = ("unit_tokens.npy", "unit_token_offsets.npy", "token_ids.npy", "token_sums.npy", "token_counts.npy")


def read_token_files(version, n_units: int, dims) -> tuple["UnitTokens", "TokenTable"]:
    """The window tokens and token table of an index version folder (``store/versions.py``);
    ``ValueError`` when they do not match its ``n_units`` windows of ``dims`` dimensions (its
    ``file`` names the file at fault, as does a ``FileNotFoundError``'s ``filename``)."""
    arrays = {name: np.load(version / name, allow_pickle=False) for name in TOKEN_FILES}
    unit_tokens = UnitTokens(arrays["unit_token_offsets.npy"].astype(np.int64), arrays["unit_tokens.npy"].astype(np.int32))
    if (len(unit_tokens.offsets) != n_units + 1 or unit_tokens.offsets[0] != 0
            or unit_tokens.offsets[-1] != len(unit_tokens.ids) or (np.diff(unit_tokens.offsets) < 0).any()):
        raise _bad("unit_token_offsets.npy", "token offsets do not match the windows")
    table = TokenTable(arrays["token_ids.npy"].astype(np.int32), arrays["token_sums.npy"].astype(np.float32),
                       arrays["token_counts.npy"].astype(np.int64))
    if (table.sums.ndim != 2 or not len(table.ids) == len(table.sums) == len(table.counts)
            or (len(table.ids) and table.sums.shape[1] != dims)):
        raise _bad("token_sums.npy", "token table arrays differ in length or width")
    return unit_tokens, table


def _bad(name: str, reason: str) -> ValueError:
    exc = ValueError(reason)
    exc.file = name
    return exc


def gather(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a CSR ``offsets`` array (row i owns positions ``offsets[i]:offsets[i + 1]``): the
    positions of the ``rows``, concatenated in that order, and where each row starts and
    ends among them (``len(rows) + 1`` offsets)."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = offsets[rows]
    lengths = offsets[rows + 1] - starts
    new = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return np.repeat(starts - new[:-1], lengths) + np.arange(new[-1]), new


@dataclass(frozen=True)
class TokenStates:
    """Content tokens of one encoded text: vocabulary ids and their L2-normalised vectors."""

    ids: np.ndarray  # int32 (n,)
    vectors: np.ndarray  # float32 (n, dims)


@dataclass(frozen=True)
class UnitTokens:
    """The distinct content-token ids of each window, as CSR rows (window i owns
    ``ids[offsets[i]:offsets[i + 1]]``)."""

    offsets: np.ndarray  # int64 (n_units + 1,)
    ids: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def from_lists(cls, rows: list[np.ndarray]) -> "UnitTokens":
        lengths = np.array([len(r) for r in rows], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        ids = np.concatenate(rows).astype(np.int32) if rows else np.zeros(0, np.int32)
        return cls(offsets, ids)

    @classmethod
    def empty(cls) -> "UnitTokens":
        return cls(np.zeros(1, np.int64), np.zeros(0, np.int32))

    def row(self, i: int) -> np.ndarray:
        return self.ids[self.offsets[i]: self.offsets[i + 1]]

    def select(self, units: np.ndarray) -> "UnitTokens":
        """The rows of ``units``, in that order."""
        positions, offsets = gather(self.offsets, units)
        return UnitTokens(offsets, self.ids[positions])

    def concat(self, other: "UnitTokens") -> "UnitTokens":
        return UnitTokens(np.concatenate([self.offsets, other.offsets[1:] + self.offsets[-1]]),
                          np.concatenate([self.ids, other.ids]).astype(np.int32))


@dataclass(frozen=True)
class TokenTable:
    """Sum and count of the last-layer vectors of each vocabulary token over the indexed
    windows (``ids`` sorted). The token's vector is the normalised sum."""

    ids: np.ndarray  # int32 (V,), sorted
    sums: np.ndarray  # float32 (V, dims)
    counts: np.ndarray  # int64 (V,)

    @classmethod
    def empty(cls, dims: int) -> "TokenTable":
        return cls(np.zeros(0, np.int32), np.zeros((0, dims), np.float32), np.zeros(0, np.int64))

    def combine(self, other: "TokenTable", sign: int = 1) -> "TokenTable":
        """This table with ``other`` added (``sign=1``) or taken away (``sign=-1``);
        tokens whose count reaches zero are dropped."""
        ids = np.union1d(self.ids, other.ids).astype(np.int32)
        dims = self.sums.shape[1] if self.sums.ndim == 2 else other.sums.shape[1]
        sums = np.zeros((len(ids), dims), np.float64)
        counts = np.zeros(len(ids), np.int64)
        a = np.searchsorted(ids, self.ids)
        b = np.searchsorted(ids, other.ids)
        sums[a] += self.sums
        counts[a] += self.counts
        sums[b] += sign * other.sums.astype(np.float64)
        counts[b] += sign * other.counts
        keep = counts > 0
        return TokenTable(ids[keep], sums[keep].astype(np.float32), counts[keep])

    def unit_vectors(self) -> np.ndarray:
        """One L2-normalised vector per token of ``ids``."""
        norms = np.linalg.norm(self.sums, axis=1, keepdims=True)
        return (self.sums / np.maximum(norms, 1e-12)).astype(np.float32)


class TokenAccumulator:
    """Builds a :class:`TokenTable` batch by batch (memory: one row per distinct token)."""

    def __init__(self, dims: int):
        self.dims = dims
        self.slot: dict[int, int] = {}
        self.sums = np.zeros((1024, dims), np.float64)
        self.counts = np.zeros(1024, np.int64)

    def add(self, ids: np.ndarray, vectors: np.ndarray, weights: np.ndarray | None = None) -> None:
        """Add token occurrences: ids (n,) and their vectors (n, dims); ``weights`` (n,):
        how many occurrences each stands for (a text shared by several windows), default 1."""
        if not len(ids):
            return
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        vectors = np.asarray(vectors, dtype=np.float32)[order]
        if weights is None:
            sums = np.add.reduceat(vectors, starts, axis=0)
            counts = np.diff(np.r_[starts, len(ids)])
        else:
            w = np.asarray(weights, dtype=np.int64)[order]
            sums = np.add.reduceat(vectors * w[:, None].astype(np.float32), starts, axis=0)
            counts = np.add.reduceat(w, starts)
        rows = np.array([self.slot.setdefault(int(t), len(self.slot)) for t in ids[starts]], dtype=np.int64)
        if len(self.slot) > len(self.counts):
            grow = max(len(self.slot), 2 * len(self.counts))
            self.sums = np.concatenate([self.sums, np.zeros((grow - len(self.sums), self.dims))])
            self.counts = np.concatenate([self.counts, np.zeros(grow - len(self.counts), np.int64)])
        self.sums[rows] += sums
        self.counts[rows] += counts

    def table(self) -> TokenTable:
        if not self.slot:
            return TokenTable.empty(self.dims)
        ids = np.fromiter(self.slot.keys(), dtype=np.int64, count=len(self.slot))
        rows = np.fromiter(self.slot.values(), dtype=np.int64, count=len(self.slot))
        order = np.argsort(ids)
        return TokenTable(ids[order].astype(np.int32), self.sums[rows[order]].astype(np.float32), self.counts[rows[order]])


class TokenMatcher:
    """Scores windows against a question's tokens (see the module docstring)."""

    def __init__(self, table: TokenTable, units: UnitTokens):
        self.ids = table.ids
        self.vectors = table.unit_vectors()
        self.units = units
        rows = self._rows(units.ids)
        if len(units.ids) and (rows.max(initial=0) >= len(self.ids) or not np.array_equal(self.ids[rows], units.ids)):
            raise ValueError("window token ids missing from the token table")
        self.df = np.bincount(rows, minlength=len(self.ids))  # windows holding each token
        self.n_units = len(units)

    def _rows(self, ids: np.ndarray) -> np.ndarray:
        """Table rows of window token ids, looked up per search rather than kept for every
        window token (that array cost 860 bytes a chunk at 100k chunks; a lookup of the
        windows one question scores takes well under a millisecond)."""
        if not len(self.ids):
            return np.zeros(len(ids), np.int64)
        return np.searchsorted(self.ids, ids)

    def idf(self, ids: np.ndarray) -> np.ndarray:
        """``log((N + 1) / (df + 0.5))`` of question tokens (df 0 for tokens no window has)."""
        df = np.zeros(len(ids), np.int64)
        if len(self.ids):
            pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
            df = np.where(self.ids[pos] == ids, self.df[pos], 0)
        return np.log((self.n_units + 1) / (df + 0.5))

    def scores(self, query: TokenStates, units: np.ndarray) -> np.ndarray:
        """Token score of each window in ``units`` (0 for windows without tokens)."""
        best, weights = self.best(query, units)
        return (best * weights).sum(axis=1).astype(np.float32) if best.size else np.zeros(len(units), np.float32)

    def best(self, query: TokenStates, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(windows, question tokens)``: each question token's best cosine with a token of
        each window in ``units`` (0 for windows without tokens), and the question tokens'
        IDF weights (summing to 1)."""
        units = np.asarray(units, dtype=np.int64)
        out = np.zeros((len(units), len(query.ids)), np.float32)
        if not len(units) or not len(query.ids) or not len(self.ids):
            return out, np.zeros(len(query.ids))
        weights = self.idf(query.ids.astype(np.int64))
        weights = weights / weights.sum()
        has = self.units.offsets[units + 1] > self.units.offsets[units]
        if not has.any():
            return out, weights
        positions, bounds = gather(self.units.offsets, units[has])
        cols = self._rows(self.units.ids[positions])
        if len(cols) >= len(self.ids):  # cheaper to score the whole table than to deduplicate
            per_token = _product(self.vectors, query.vectors)[cols]
        else:
            uniq, inv = np.unique(cols, return_inverse=True)
            per_token = _product(self.vectors[uniq], query.vectors)[inv]
        out[has] = np.maximum.reduceat(per_token, bounds[:-1], axis=0)
        return out, weights


def _product(table: np.ndarray, question: np.ndarray) -> np.ndarray:
    """``table @ question.T``. With torch already loaded (a torch encoder) the product runs in
    torch: a NumPy (OpenBLAS) product this size wakes OpenBLAS threads that keep spinning while
    torch encodes the answer sentences next (ask p50 205 ms instead of 109 ms, docs/retrieval.md).
    On the ONNX query path torch is not imported for this (it cost 1.5 s of a 3.4 s cold search)."""
    import sys

    torch = sys.modules.get("torch")
    if torch is not None:
        return (torch.from_numpy(np.ascontiguousarray(table)) @ torch.from_numpy(question).T).numpy()
    return table @ question.T


def word_columns(words, token_ids, tokenizer) -> dict[str, list[int]]:
    """Each word of ``words`` (as given) -> the columns of its tokens among ``token_ids``
    (a question's content tokens); words without a token there are left out."""
    out = {}
    ids_of = [int(i) for i in token_ids]
    for word in words:
        ids = set(tokenizer.encode(" " + word, add_special_tokens=False).ids)
        cols = [j for j, i in enumerate(ids_of) if i in ids]
        if cols:
            out[word] = cols
    return out


GLOSSARY_MATCH = 0.86  # a glossary translation counts as a close translation does (topic_match.WORD_TOKEN_MATCH)


def glossed_columns(question: str, token_ids, tokenizer) -> dict[str, list[int]]:
    """The question's words the field's glossary (``common.terms``) translates -> the columns
    of their tokens among ``token_ids``."""
    from puente.common.terms import glosses

    words = [w for w in dict.fromkeys(re.findall(r"[^\W\d_]{3,}", question)) if glosses(w, question)]
    return word_columns(words, token_ids, tokenizer) if words else {}


def raise_glossed(best: np.ndarray, texts: list[str], glossed: dict[str, list[int]], level: float = GLOSSARY_MATCH,
                  folded: bool = False, words=None, skip=None, source: str = "") -> list[set[str]]:
    """In place: in each text that holds a glossary translation of a question word
    ("reasentamiento" in "departed on resettlement"), that word's tokens (``best``'s columns)
    are matched at ``level`` at least — as close as a translation the model carries
    (``folded``: the texts are folded already). Returns the words found translated in each
    text: of ``words`` (default: ``glossed``'s; a word without tokens is found but raises
    nothing), texts whose ``skip`` is true left out; ``source``: the question, whose glossary
    phrases translate their words ("medios de vida")."""
    from puente.common.terms import translated_words

    words = glossed if words is None else words
    found: list[set[str]] = [set() for _ in texts]
    if not words:
        return found
    for i, text in enumerate(texts):
        if skip is not None and skip[i]:
            continue
        found[i] = translated_words(words, text, folded, source)
        for word in found[i]:
            cols = glossed.get(word, ())
            if cols and best.size:
                best[i, cols] = np.maximum(best[i, cols], level)
    return found
