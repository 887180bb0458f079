"""Candidates of the top passages, with their features and scores, best first
(``answer.read.candidates`` cuts them, ``answer.scoring.score`` weighs them)."""
from __future__ import annotations

import re

import numpy as np

from ..asked.answer_type import type_match
from ..asked.question import QUANTITY, Question
from ..read import tables
from ..read.candidates import Candidate, from_hits, from_records, segments
from ..read.text import ANAPHOR, antecedent
from .score import TokenScorer, combine, dense_scores, shortlist_dense

TOP_PASSAGES = 5  # candidates come from this many top passages
# log-odds by which a "strong" answer must lead the best candidate it does not quote (e: 2.7 times as likely). Over
# the seventeen sets, answers that led by less were right 53-83% of the time per kind of text, those kept strong 77-95%
STRONG_LEAD = 1.0

UNIT_MATCH = 0.79  # token match of the counted word with the words after a figure that counts it
# a figure that counts nothing: a share ("31 per cent", "12 %", "44 por ciento") or a year ("in 2023 to";
# not "2000 becas")
_NO_COUNT = re.compile(r"\d[\d.,]*\s*(?:%|per\s*cent\b|percent\b|por\s*ciento\b)", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d(?![\d.,]\d)")
_YEAR_AFTER = re.compile(r"\b(?:in|en|of|de|del|since|desde|from|to|a|al|hasta|until|by|para|for|year|año)\s+$", re.I)


def _no_count(text: str, at: int) -> bool:
    """Whether the figure at ``at`` counts nothing: a share, or a year after a preposition ("in 2023")."""
    return bool(_NO_COUNT.match(text, at)) or (bool(_YEAR.match(text, at))
                                                and bool(_YEAR_AFTER.search(text[max(0, at - 8):at])))


def units_by_tokens(cands: list[Candidate], types: list[float], encoder, matcher, query_tokens,
                    unit: list[str]) -> list[float]:
    """A figure whose unit is the counted word in the other language ("17 COMMITMENTS" for
    "¿cuántos compromisos?", "308 points" for "¿cuántos puntos?") counts it: the question's
    tokens of that word are matched against the two words after each figure (lower-cased),
    and a table row's against its table's caption ("Personas alcanzadas por …" counts the
    people of "Total | 12.260 | 15.300"). A share or a year counts nothing: "31 per cent" is
    not how many people, though "per" looks like "people" to the tokens."""
    from ...encode.tokens import TokenStates

    def scorer_of(words: list[str]) -> TokenScorer | None:
        ids = set(encoder.tokenizer.encode(" " + " ".join(words), add_special_tokens=False).ids)
        keep = np.array([int(i) in ids for i in query_tokens.ids], bool)
        return TokenScorer(encoder, matcher, TokenStates(query_tokens.ids[keep], query_tokens.vectors[keep])) \
            if keep.any() else None

    scorer, noun = scorer_of(unit), scorer_of(unit[:1])  # a caption says what is counted: its noun
    if scorer is None:
        return types
    counts: dict[str, bool] = {}  # caption -> whether it names the counted noun (the rows of a table share it)
    out = list(types)
    for i, c in enumerate(cands):
        if types[i] != 0.5:
            continue
        text = c.features.get("value") or c.text
        after = [" ".join(re.findall(r"[^\W\d_]+", text[m.end():m.end() + 40])[:2]).lower()
                 for m in re.finditer(r"\d[\d.,]*%?", text) if not _no_count(text, m.start())]
        after = [a for a in after if a]
        if after and float(scorer.scores(after).max()) >= UNIT_MATCH:
            out[i] = 1.0
        elif noun is not None and c.source == "passage" and c.features.get("segment") == "row":
            caption = " ".join(re.findall(r"[^\W\d_]+", tables.caption(c.chunk.text, c.start))).lower()
            if caption and caption not in counts:
                counts[caption] = float(noun.scores([caption])[0]) >= UNIT_MATCH
            if caption and counts[caption]:
                out[i] = 1.0
    return out


def name_cells(cands: list[Candidate], scorer: TokenScorer, question: str, kind: str) -> np.ndarray:
    """Table rows: how well the question matches each row's name (its first cell; 0 for
    other candidates) — "Total", "OA5: Children" — and, for a quantity, the cell under the
    column the question matches best (``features["cell"]``, shown as "row — column: value")."""
    share = tables.asks_share(question)
    out = np.zeros(len(cands), np.float32)
    rows = [(i, c) for i, c in enumerate(cands) if c.source == "passage" and c.features.get("segment") == "row"]
    names = [tables.row_name(c.chunk.text, c.start, c.end) for _, c in rows]
    if names:
        scores = scorer.scores([n or "-" for n in names])
        for (i, c), n, sc in zip(rows, names, scores):
            out[i] = sc if n else 0.0
    if kind != QUANTITY:
        return out
    for _, c in rows:
        cols = tables.columns(c.chunk.text, c.start, c.end)
        if cols:
            c.features["cell"] = tables.pick(cols, scorer.scores([col.column for col in cols]), share, question)
            c.start = tables.row_start(c.chunk.text, c.start, c.end)  # the header names it: no line above
            c.text = " ".join(c.chunk.text[c.start:c.end].split())
    return out


def _typed(c: Candidate) -> str:
    """The text whose answer type is judged: a record's value, else a table row with the header
    of the cell it answers with (its unit: "Ejecución (%)" makes the row's "81,0" a share)."""
    if c.features.get("value"):
        return c.features["value"]
    cell = c.features.get("cell")
    return f"{c.text} — {cell.column}: {cell.value}" if cell is not None and cell.column else c.text


def _boxed(c: Candidate, q: Question, typed: float) -> float:
    """An infographic box counts what its label says: for "how many housing commitments", the box
    "JOBS AND LIVELIHOODS / 5 COMMITMENTS" gives no figure of what is asked (0) — when the question
    says what it counts ("housing" beside "commitments") and names none of the label's words."""
    label = c.features.get("label")
    if not typed or not label or q.kind != QUANTITY or len(q.unit) < 2:
        return typed
    return typed if tables.named_share(label, q.text) > 0 else 0.0


def window_scores(cands: list[Candidate], windows) -> np.ndarray:
    """Per candidate, the best cosine and token match of the stored retrieval windows it
    overlaps (``windows(hit)``: rows of start, end, cosine, token match); zeros without."""
    out = np.zeros((len(cands), 2), np.float32)
    if windows is None:
        return out
    seen: dict[int, np.ndarray] = {}
    for i, c in enumerate(cands):
        key = id(c.hit)
        if key not in seen:
            seen[key] = windows(c.hit)
        w = seen[key]
        if c.source == "record" or not len(w):
            w = w[np.argsort(-w[:, 2])[:1]] if len(w) else w  # a record field: its passage's best window
        else:
            w = w[(w[:, 1] > c.start) & (w[:, 0] < c.end)]
        if len(w):
            out[i] = w[:, 2].max(), w[:, 3].max()
    return out


def referring(cands: list[Candidate], texts: list[str], match: np.ndarray, scorer: TokenScorer) -> None:
    """In place: a sentence shown with the sentence before it, whose names its "He", "Its" or
    "Este" stands for (``read.text.antecedent``), is matched as shown: "¿A quién nombró Gegeen como
    gran canciller?" is answered by "He continued … with the help of his newly appointed grand
    chancellor Baiju", whose "He" is the "Emperor Gegeen Khan" of the sentence before."""
    segs: dict[int, list] = {}  # each passage's segments, cut once for all its sentences
    shown = []
    for i, c in enumerate(cands):
        if c.source == "passage" and ANAPHOR.match(c.text):  # only these can refer back: the rest are not cut
            if id(c.chunk) not in segs:
                segs[id(c.chunk)] = segments(c.chunk.text)
            at = antecedent(c, segs[id(c.chunk)])
            if at is not None:
                shown.append((i, f"{c.chunk.text[at[0]:at[1]]} {texts[i]}"))
    if shown:
        at = [i for i, _ in shown]
        match[at] = np.maximum(match[at], scorer.scores([t for _, t in shown]))


def rank_candidates(query_vec, hits, encoder, q: Question, question: str, records=None, named=None,
                    query_tokens=None, matcher=None, windows=None) -> list[Candidate]:
    """Scored candidates of the top passages, best first. ``windows(hit)`` gives a hit's
    stored window scores (``Searcher.windows_of``)."""
    top = hits[:TOP_PASSAGES]
    tokens = matcher is not None and query_tokens is not None
    cands = from_hits(top, window_only=not tokens) + from_records(top, records, question, q.kind, q.lang)
    if not cands:
        return []
    texts = [c.match_text or c.text for c in cands]
    qv = np.asarray(query_vec, dtype=np.float32)
    row_names = np.zeros(len(cands), np.float32)
    if tokens:
        scorer = TokenScorer(encoder, matcher, query_tokens, question)
        match = scorer.scores(texts)
        referring(cands, texts, match, scorer)
        dense = shortlist_dense(encoder, qv, texts, match, [c.hit.score for c in cands])
        row_names = name_cells(cands, scorer, question, q.kind)
    else:
        match = dense = dense_scores(encoder, qv, texts)
    types = [type_match(q.kind, _typed(c), q, c.features.get("segment") in ("row", "record")) for c in cands]
    if tokens and q.kind == QUANTITY and q.unit:
        types = units_by_tokens(cands, types, encoder, matcher, query_tokens, q.unit)
    types = [_boxed(c, q, t) for c, t in zip(cands, types)]
    combine(cands, match, dense, types, set(named or ()), row_names, question, window_scores(cands, windows))
    for c in cands:
        c.features["scorer"] = "tokens" if tokens else "dense"
    return sorted(cands, key=lambda c: -c.score)


def lead(chosen: Candidate, shown: Candidate, cands: list[Candidate]) -> float:
    """How far ``chosen`` scores above the best candidate that its answer (``shown``, the span
    quoted) does not hold: a close runner-up elsewhere makes the pick uncertain."""
    others = [c.score for c in cands if c is not chosen
              and not (c.chunk is shown.chunk and c.start < shown.end and shown.start < c.end)]
    return chosen.score - max(others) if others else float("inf")
