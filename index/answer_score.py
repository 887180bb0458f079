"""Scoring answer candidates against the question.

The main signal is token matching (``index.tokens``) applied to one candidate sentence:
each question token's best cosine with the tokens of the sentence, through the index's
table of token vectors, IDF-weighted. It needs no encoder pass (only the tokenizer), works
across English and Spanish, and on the dev questions picked a gold-bearing sentence from
the top 3 passages for 23 of 37 questions, against 14 for the cosine of each sentence's own
embedding (docs/answers.md). Added to it, each small against the spread of token scores
between the sentences of one passage (about 0.02):

* the answer type (``answer_candidates.type_match``): a number for "how many", a date
  for "when", a unit or person for "who";
* the passage's rank: its fused retrieval score relative to the best passage;
* the document: a sentence from another document than the best passage's, unless the
  question names that document, gives way to one from the named or best document;
* length: of two equally matching candidates the shorter, more specific one.

Without a token table (an index built without one, or a caller that passes no question
tokens) candidates are scored by the cosine of their embedding, and only the sentences
of each passage's best window are encoded (that keeps the encoder's cost small).
"""
from __future__ import annotations

import numpy as np

from .answer_candidates import Candidate
from .tokens import _product

TYPE_WEIGHT = 0.04
HIT_WEIGHT = 0.3
LENGTH_WEIGHT = 0.02  # per 60 words
NAMED_WEIGHT = 0.01
OTHER_DOC_WEIGHT = 0.01
FIELD_BONUS = 0.02  # a record field of the kind asked for ("who" -> its responsible unit)


class TokenScorer:
    """Token-matching score of arbitrary texts against one question."""

    def __init__(self, encoder, matcher, query_tokens):
        self.tokenizer = encoder.tokenizer  # a ``tokenizers.Tokenizer`` (ONNX and torch encoders alike)
        self.content = encoder.content_tokens  # per id on first sight (the whole vocabulary took 1.3 s cold)
        self.matcher = matcher
        self.q = query_tokens
        w = matcher.idf(query_tokens.ids.astype(np.int64)) if len(query_tokens.ids) else np.zeros(0)
        self.weights = w / w.sum() if len(w) and w.sum() > 0 else w

    def scores(self, texts: list[str]) -> np.ndarray:
        """IDF-weighted mean over the question's tokens of their best cosine in each text."""
        best = self.best(texts)
        return (best * self.weights).sum(axis=1).astype(np.float32) if best.size else np.zeros(len(texts), np.float32)

    def best(self, texts: list[str]) -> np.ndarray:
        """(texts, question tokens): each question token's best cosine with a token of the text."""
        out = np.zeros((len(texts), len(self.q.ids)), np.float32)
        if not texts or not len(self.q.ids) or not len(self.matcher.ids):
            return out
        ids_list = [e.ids for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]
        table = self.matcher.ids
        rows = []
        for ids in ids_list:
            ids = np.asarray(ids, dtype=np.int64)
            ids = ids[self.content(ids)] if len(ids) else ids
            pos = np.minimum(np.searchsorted(table, ids), len(table) - 1)
            rows.append(np.unique(pos[table[pos] == ids]))
        allpos = np.unique(np.concatenate(rows)) if rows else np.zeros(0, np.int64)
        if not len(allpos):
            return out
        sims = _product(self.matcher.vectors[allpos], self.q.vectors)
        for i, r in enumerate(rows):
            if len(r):
                out[i] = sims[np.searchsorted(allpos, r)].max(axis=0)
        return out


def dense_scores(encoder, query_vec: np.ndarray, texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros(0, np.float32)
    return np.asarray(encoder.passages(texts) @ query_vec, dtype=np.float32)


def combine(cands: list[Candidate], match: np.ndarray, types: list[float], named: set[str]) -> None:
    """Set each candidate's ``score`` from its match score and the other features."""
    if not cands:
        return
    top = cands[0].hit
    for c in cands:
        if c.hit.rank < top.rank:
            top = c.hit
    for c, m, t in zip(cands, match, types):
        other = c.doc != top.chunk.doc and c.doc not in named
        f = {"match": float(m), "type": t, "hit": float(c.hit.score - top.score), "rank": c.hit.rank,
             "words": c.words, "named": c.doc in named, "other_doc": other,
             "field": c.source == "record" and c.field_name != "detail"}
        c.features.update(f)
        f = c.features
        c.score = (f["match"] + TYPE_WEIGHT * t + HIT_WEIGHT * f["hit"] - LENGTH_WEIGHT * min(c.words, 60) / 60
                   + (NAMED_WEIGHT if f["named"] else 0.0) - (OTHER_DOC_WEIGHT if other else 0.0)
                   + (FIELD_BONUS if c.source == "record" and c.field_name != "detail" else 0.0))
