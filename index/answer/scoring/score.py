"""Scoring answer candidates against the question.

The main signal is token matching (``index.tokens``) applied to one candidate sentence:
each question token's best cosine with the tokens of the sentence, through the index's
table of token vectors, IDF-weighted. It needs no encoder pass (only the tokenizer), works
across English and Spanish, and on the dev questions picked a gold-bearing sentence from
the top 3 passages for 23 of 37 questions, against 14 for the cosine of each sentence's own
embedding (docs/answers.md). Added to it, each small against the spread of token scores
between the sentences of one passage (about 0.02):

* the answer type (``answer_type.type_match``): a number for "how many", a date
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

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...encode.tokens import _product, glossed_columns, raise_glossed
from ..asked.answer_type import novel_terms
from ..read.candidates import Candidate

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
# what the learned weights see of a candidate (``features``); ``bench/quality/answer_fit.py`` fits them
FEATURES = ("match", "match_gap", "dense", "dense_gap", "type", "type_half", "hit", "top_passage",
            "words", "short", "other_doc", "named", "field", "row", "detail", "row_name", "novel",
            "window", "window_gap", "window_tokens")


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The fitted weight of each feature (``weights.json``)."""
    data = json.loads(WEIGHTS_FILE.read_text("utf-8"))
    return dict(zip(data["features"], data["weights"]))


class TokenScorer:
    """Token-matching score of arbitrary texts against one question."""

    def __init__(self, encoder, matcher, query_tokens, question: str = ""):
        self.tokenizer = encoder.tokenizer  # a ``tokenizers.Tokenizer`` (ONNX and torch encoders alike)
        self.content = encoder.content_tokens  # per id on first sight (the whole vocabulary took 1.3 s cold)
        self.matcher = matcher
        self.q = query_tokens
        w = matcher.idf(query_tokens.ids.astype(np.int64)) if len(query_tokens.ids) else np.zeros(0)
        self.weights = w / w.sum() if len(w) and w.sum() > 0 else w
        self.glossed = glossed_columns(question, query_tokens.ids, self.tokenizer) if question else {}
        self.question = question

    def scores(self, texts: list[str]) -> np.ndarray:
        """IDF-weighted mean over the question's tokens of their best cosine in each text; a
        question word whose translation the glossary finds in the text ("reasentamiento" in
        "departed on resettlement") has its tokens matched as if the text spelled it."""
        best = self.best(texts)
        if not best.size:
            return np.zeros(len(texts), np.float32)
        raise_glossed(best, texts, self.glossed, source=self.question)
        return (best * self.weights).sum(axis=1).astype(np.float32)

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


NOVEL_CAP = 5  # names and figures a candidate adds to the question, counted up to this
DENSE_SHORTLIST = 3  # candidates whose own sentence vector is computed (one encoder pass over them; docs/answers.md)
SHORTLIST_HIT = 0.3  # weight of the passage's fused score in choosing them


def shortlist_dense(encoder, query_vec: np.ndarray, texts: list[str], match: np.ndarray, hit: list[float]) -> np.ndarray:
    """The cosine of the question with each candidate's own ``passage:`` vector, for the
    ``DENSE_SHORTLIST`` candidates best by token match and passage score (one encoder
    pass over a few sentences); the rest get the shortlist's lowest cosine."""
    if not texts:
        return np.zeros(0, np.float32)
    pre = np.asarray(match, np.float32) + SHORTLIST_HIT * np.asarray(hit, np.float32)
    keep = np.argsort(-pre, kind="stable")[:DENSE_SHORTLIST]
    got = dense_scores(encoder, query_vec, [texts[i] for i in keep])
    out = np.full(len(texts), float(got.min()), np.float32)
    out[keep] = got
    return out


def features(cands: list[Candidate], match: np.ndarray, dense: np.ndarray, types: list[float],
             named: set[str], row_names: np.ndarray | None = None, question: str = "",
             wins: np.ndarray | None = None) -> None:
    """Set each candidate's ``features``: its token match and sentence cosine, both also
    as the gap to the question's best candidate (a question's scale varies, the gap
    less); answer type; its passage's fused score relative to the best and whether it is
    the best passage; length; document; what kind of piece it is."""
    if not cands:
        return
    top = min((c.hit for c in cands), key=lambda h: h.rank)
    best_match, best_dense = float(np.max(match)), float(np.max(dense))
    row_names = np.zeros(len(cands)) if row_names is None else row_names
    wins = np.zeros((len(cands), 2)) if wins is None else wins
    best_win = float(wins[:, 0].max())
    for c, m, d, t, rn, (wc, wt) in zip(cands, match, dense, types, row_names, wins):
        words = min(c.words, 60)
        c.features.update({
            "match": float(m), "match_gap": float(m) - best_match, "dense": float(d),
            "dense_gap": float(d) - best_dense, "type": float(t >= 1), "type_half": float(t == 0.5),
            "hit": float(c.hit.score - top.score), "top_passage": float(c.hit.rank == top.rank),
            "words": words / 60, "short": float(c.words < 8), "other_doc": float(c.doc != top.chunk.doc
                                                                                and c.doc not in named),
            "named": float(c.doc in named), "field": float(c.source == "record" and c.field_name != "detail"),
            "row": float(c.features.get("segment") == "row"), "detail": float(c.field_name == "detail"),
            "row_name": float(rn), "novel": min(len(novel_terms(c.text, question)), NOVEL_CAP) / NOVEL_CAP,
            "window": float(wc), "window_gap": float(wc) - best_win, "window_tokens": float(wt),
            "rank": c.hit.rank, "type_raw": t})


def combine(cands: list[Candidate], match: np.ndarray, dense: np.ndarray, types: list[float],
            named: set[str], row_names: np.ndarray | None = None, question: str = "",
            wins: np.ndarray | None = None) -> None:
    """Set each candidate's ``features`` and its ``score``: the fitted weights' sum over
    the features (a log-odds scale: +1 is e times as likely to be the answer)."""
    features(cands, match, dense, types, named, row_names, question, wins)
    w = weights()
    for c in cands:
        c.score = w.get("bias", 0.0) + sum(w.get(name, 0.0) * c.features[name] for name in FEATURES)
