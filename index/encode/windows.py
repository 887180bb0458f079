"""Retrieval windows: the runs of whole sentences (or one table row) of a chunk that are
embedded, BM25-indexed and scored, so a short fact in a long passage is found while the
whole passage is what gets cited. Their spans come from ``ingest.chunker.windows``; an index
keeps one row per window, ``(chunk row, start, end)`` (``units.npy``), and its vector row i
is window row i. Here: those rows, and the text embedded for each."""
from __future__ import annotations

import re

import numpy as np

from puente.common.types import Chunk, DocInfo
from puente.ingest.chunker import windows
from puente.ingest.headings import short_label

_SPACES = re.compile(r"\s+")


def window_rows(chunks: list[Chunk], offset: int = 0) -> np.ndarray:
    """The windows of ``chunks`` as ``(chunk row, start, end)`` rows, chunk rows numbered
    from ``offset`` (where these chunks will stand in the index)."""
    rows = np.array([(i, s, e) for i, c in enumerate(chunks) for s, e in windows(c.text)], dtype=np.int64).reshape(-1, 3)
    rows[:, 0] += offset
    return rows


def whole_chunk_windows(chunks: list[Chunk]) -> np.ndarray:
    """One window per chunk, its whole text: an index saved without window rows."""
    return np.array([(i, 0, len(c.text)) for i, c in enumerate(chunks)], dtype=np.int64).reshape(-1, 3)


def window_text(chunk: Chunk, start: int, end: int, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """What is embedded for a window of a chunk: title and section path, then the window
    without the document's repeated form labels (``skip``, see
    ``ingest.chunker.repeated_lines``) unless nothing else is left."""
    head = " > ".join([chunk.title, *map(short_label, chunk.section)]) if chunk.section else chunk.title
    body = chunk.text[start:end]
    if skip:
        kept = [line for line in body.splitlines() if " ".join(line.split()) not in skip]
        if any(line.strip() for line in kept):
            body = "\n".join(kept)
    return _SPACES.sub(" ", f"{head}. {body}").strip()


def window_texts(chunks: list[Chunk], rows, docs: dict[str, DocInfo]) -> list[str]:
    """The texts embedded (and BM25-indexed) for window ``rows`` (``(chunk row, start,
    end)`` into ``chunks``), each without the repeated lines its document's facts list."""
    skips = {d: frozenset(DocInfo.of(d, info).repeated_lines) for d, info in docs.items()}
    return [window_text(chunks[int(r)], int(s), int(e), skips.get(chunks[int(r)].doc, frozenset())) for r, s, e in rows]
