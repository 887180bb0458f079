"""Answer extraction: the best-supported sentence(s) of the top passages, or None."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ingest.chunker import sentence_spans

from .search import Hit

_WS = re.compile(r"\s+")
DEFAULT_THRESHOLD = 0.0
TOP_PASSAGES = 3


@dataclass(frozen=True)
class Answer:
    text: str
    citation: str
    score: float
    hit_rank: int
    start: int  # char offsets of the sentence within the chunk text
    end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "citation": self.citation, "score": round(self.score, 4), "hit_rank": self.hit_rank}


def best_sentences(query_vec: np.ndarray, hits: list[Hit], encoder, top_passages: int = TOP_PASSAGES):
    """Score every sentence of the top passages against the question.

    Returns a list of ``(score, hit_index, start, end)`` sorted best first.
    """
    cands = []
    for hi, h in enumerate(hits[:top_passages]):
        for s, e in sentence_spans(h.chunk.text):
            if len(h.chunk.text[s:e].split()) >= 4:
                cands.append((hi, s, e))
    if not cands:
        return []
    texts = [_WS.sub(" ", hits[hi].chunk.text[s:e]) for hi, s, e in cands]
    vecs = encoder.passages(texts)
    scores = vecs @ query_vec
    ranked = sorted(zip(scores.tolist(), cands), key=lambda x: -x[0])
    return [(sc, hi, s, e) for sc, (hi, s, e) in ranked]


def extract_answer(query_vec: np.ndarray, hits: list[Hit], encoder, threshold: float = DEFAULT_THRESHOLD) -> Answer | None:
    """The best sentence with its citation, or ``None`` when nothing clears ``threshold``."""
    if not hits:
        return None
    ranked = best_sentences(query_vec, hits, encoder)
    if not ranked:
        return None
    score, hi, s, e = ranked[0]
    support = 0.5 * score + 0.5 * hits[0].dense
    if support < threshold:
        return None
    chunk = hits[hi].chunk
    return Answer(_WS.sub(" ", chunk.text[s:e]).strip(), chunk.citation, float(support), hi + 1, s, e)
