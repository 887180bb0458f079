"""Record vectors: each record's embedding and content tokens, computed at ingest and
stored in the index version beside ``records.jsonl``, so Compare, track and the Records
topic filter score records without encoding them again in every process.

Files of a version (row i = line i of ``records.jsonl``)::

    record_vectors.npy        float16 (records, dims), L2-normalised, ``passage:`` prompt
    record_tokens.npy, record_token_offsets.npy
                              the distinct content-token ids of each record (CSR rows)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from puente.common.text import flat
from puente.ingest.records import Record

from .encode.tokens import UnitTokens

RECORD_FILES = ("record_vectors.npy", "record_tokens.npy", "record_token_offsets.npy")


_ACRONYM = re.compile(r"\b([A-Za-z]+(?:[\s-]+[A-Za-z]+){1,6})\s+\(([A-Z]{2,6})\)")


def acronyms(texts) -> dict[str, str]:
    """Acronyms a document defines, ``GBV`` -> ``Gender based Violence``: words followed by
    the acronym in brackets whose initials spell it (the first definition wins)."""
    out: dict[str, str] = {}
    for text in texts:
        for m in _ACRONYM.finditer(text):
            acr = m.group(2)
            tail = re.split(r"[\s-]+", m.group(1))[-len(acr):]
            if len(tail) == len(acr) and all(w[0].upper() == a for w, a in zip(tail, acr)):
                out.setdefault(acr, " ".join(tail))
    return out


def doc_acronyms(chunks) -> dict[str, dict[str, str]]:
    """``doc -> acronyms`` (:func:`acronyms`) from each document's chunks."""
    by_doc: dict[str, list[str]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc, []).append(c.text)
    return {d: acronyms(texts) for d, texts in by_doc.items()}


def record_passage(r: Record, expand: dict[str, str] | None = None) -> str:
    """What is embedded for a record: its kind, number and statement (and, for a priority,
    the start of its section body; for an indicator, its population), with the acronyms it
    uses spelled out as its document defines them (``expand``: "GBV services" is on
    gender-based violence). Not its area: an indicator on school enrolment filed under
    "Achieving Gender Equality" is not on gender."""
    head = " ".join(x for x in (r.kind, r.key) if x)
    parts = [head, r.text]
    if r.kind == "indicator" and r.population:
        parts.append(r.population)
    if r.kind == "priority" and r.detail:
        parts.append(r.detail[:600])
    spelled = [f"{a}: {w}" for a, w in (expand or {}).items() if re.search(rf"\b{a}\b", r.text)]
    if spelled:
        parts.append("(" + "; ".join(spelled) + ")")
    return flat(". ".join(p for p in parts if p))


@dataclass(frozen=True)
class RecordVectors:
    """Vectors (float32, one L2-normalised row per record) and content tokens of records."""

    vectors: np.ndarray
    tokens: UnitTokens

    def __len__(self) -> int:
        return len(self.vectors)

    @classmethod
    def empty(cls, dims: int) -> "RecordVectors":
        return cls(np.zeros((0, dims), np.float32), UnitTokens.empty())

    def select(self, rows) -> "RecordVectors":
        rows = np.asarray(rows, dtype=np.int64)
        return RecordVectors(self.vectors[rows], self.tokens.select(rows))

    def concat(self, other: "RecordVectors") -> "RecordVectors":
        return RecordVectors(np.concatenate([self.vectors, other.vectors]).astype(np.float32),
                             self.tokens.concat(other.tokens))


def encode_records(encoder, records: list[Record], chunks) -> RecordVectors:
    """Embed ``records`` (one encoder pass gives vectors and tokens); ``chunks``: their
    documents' chunks, for the acronyms they define."""
    if not records:
        return RecordVectors.empty(encoder.dims)
    expand = doc_acronyms(chunks)
    vectors, tokens, _ = encoder.passages([record_passage(r, expand.get(r.doc)) for r in records], tokens=True)
    return RecordVectors(np.asarray(vectors, dtype=np.float32), tokens)


def write(folder: Path, rv: RecordVectors, n_records: int) -> None:
    if len(rv) != n_records:
        raise ValueError("record vectors need one row per record")
    arrays = (rv.vectors.astype(np.float16), rv.tokens.ids.astype(np.int32), rv.tokens.offsets.astype(np.int64))
    for name, arr in zip(RECORD_FILES, arrays):
        np.save(folder / name, arr, allow_pickle=False)


def read(folder: Path, n_records: int, dims: int) -> RecordVectors:
    """The record vectors of a version folder; ``ValueError`` when they do not match its
    records (``FileNotFoundError`` when one is missing)."""
    vecs, ids, offsets = (np.load(folder / name, allow_pickle=False) for name in RECORD_FILES)
    if vecs.ndim != 2 or len(vecs) != n_records or (n_records and vecs.shape[1] != dims):
        raise ValueError("record vectors do not match the records")
    if len(offsets) != n_records + 1 or offsets[0] != 0 or offsets[-1] != len(ids) or (np.diff(offsets) < 0).any():
        raise ValueError("record token offsets do not match the records")
    return RecordVectors(vecs.astype(np.float32), UnitTokens(offsets.astype(np.int64), ids.astype(np.int32)))


def known_tokens(tokens: UnitTokens, table_ids: np.ndarray) -> UnitTokens:
    """``tokens`` without the ids the token table lacks (the table holds the tokens of the
    windows; a record's kind word may not be among them)."""
    keep = np.isin(tokens.ids, table_ids)
    if not len(keep):
        return tokens
    counts = np.add.reduceat(keep.astype(np.int64), np.minimum(tokens.offsets[:-1], len(keep) - 1))
    counts = np.where(np.diff(tokens.offsets) > 0, counts, 0)
    return UnitTokens(np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), tokens.ids[keep])
