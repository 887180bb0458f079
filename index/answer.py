"""Answers: the sentence, table row or record field of the top passages that answers the
question, with its citation — or an explicit "no answer" with a one-line reason.

1. Candidates (``answer_candidates``): the sentences and rows of the top passages and the
   structured records inside them; a question naming an item ("recommendation 4") gets
   that record's field directly (``answer_records``).
2. Scores (``answer_score``): token matching of each candidate against the question, its
   answer type, its passage's rank and document.
3. Checks (``answer_question``): the question's years, figures, countries, organisations
   and names must be supported where the answer is; the answer must have the type asked
   for; its match must clear a floor. Otherwise no answer, with the reason
   (``answer_reasons``).
4. ``strength``: "strong" or "partial", from the same calibrated scores.

The thresholds were set on the "tune" half of tests/data/answer_calibration.jsonl and
the dev questions, and are reported on the "check" half (docs/answers.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from . import answer_reasons as reasons
from .answer_candidates import Candidate, from_hits, from_records, segments, type_match
from .answer_question import DATE, FREQUENCY, OPEN, QUANTITY, Question, analyse, unsupported
from .answer_records import citation as record_citation
from .answer_records import evidence, field_text, find_words, get, record_answer, record_passages
from .answer_score import TokenScorer, combine, dense_scores

DEFAULT_THRESHOLD = 0.80  # without token matching: floor on the cosine of the answer passage's best window
TOP_PASSAGES = 5  # candidates come from this many top passages
STRONG_MATCH = 0.83  # token match from which an answer of the asked type is "strong" (docs/answers.md)
CONSTRAINT_MARGIN = 0.03  # a candidate that satisfies the constraints may trail the best one by this
TYPE_MARGIN = 0.03  # a candidate of the asked type may trail the chosen one by this
TYPE_FLOOR = {QUANTITY: 1.0}  # least type match kept per kind (else 0.5: a partial match will do)
MIN_SENTENCE_WORDS = 8  # a shorter sentence is extended with the next one
# where each constraint must be supported: "text" (the answer and its document's title and
# section), "local" (also the pieces of the passage beside it), "chunk" (its whole passage)
SCOPE = {"year": "text", "number": "text", "place": "text", "org": "chunk", "name": "local"}


@dataclass(frozen=True)
class Answer:
    """An answer, or — with ``abstained`` — the statement that none was found and why.

    An abstaining Answer is falsy (``if result.answer:`` reads "is there an answer"), has
    ``text == ""`` and carries ``reason`` in the question's language."""

    text: str
    citation: str
    score: float
    hit_rank: int  # rank of the passage it comes from (0: none)
    start: int = 0  # char offsets of the answer within the hit's chunk text (passages only)
    end: int = 0
    source: str = "passage"  # "passage", "record" or "none"
    doc: str = ""
    strength: str = ""  # "strong" / "partial"; "" when abstaining
    abstained: bool = False
    reason: str = ""  # why there is no answer (abstaining only)
    kind: str = ""  # the answer type the question asked for
    match: float = 0.0  # token-match score of the answer (0-1)
    label: str = ""  # a record answer: what the value is ("Plazo (acción 1.1)")
    value: str = ""  # a record answer: the field asked for ("Noviembre 2022"); ``text`` is its evidence

    def __bool__(self) -> bool:
        return not self.abstained

    def to_dict(self) -> dict:
        d = {"text": self.text, "citation": self.citation, "score": round(float(self.score), 4),
             "match": round(float(self.match), 4), "hit_rank": self.hit_rank, "source": self.source,
             "doc": self.doc, "strength": self.strength, "abstained": self.abstained,
             "kind": self.kind}
        if self.value:
            d["label"], d["value"] = self.label, self.value
        if self.source == "passage" and self.end > self.start:
            d["start"], d["end"] = self.start, self.end
        if self.abstained:
            d["reason"] = self.reason
        return d


def no_answer(reason: str, kind: str = "", score: float = 0.0) -> Answer:
    return Answer("", "", score, 0, source="none", abstained=True, reason=reason, kind=kind)


# ------------------------------------------------------------------ constraints per candidate
def _head(c: Candidate) -> str:
    ch = c.chunk
    return " ".join([ch.doc.replace("-", " "), ch.title or "", " ".join(ch.section or ())])


def _local(c: Candidate, neighbours: bool = True) -> str:
    """The answer's own text and its document's title and section; with ``neighbours``
    the pieces of the passage on either side too. A record: its statement, source span
    and field."""
    f = c.features
    if c.source == "record":
        r = c.record
        return " ".join([get(r, "text"), get(r, "detail"), f.get("value", ""), get(r, "area"), _head(c)])
    if not neighbours:
        return " ".join([c.text, _head(c)])
    return " ".join([f.get("prev", ""), c.text, f.get("next", ""), _head(c)])


def _scope(item: tuple[str, object]) -> str:
    kind, value = item
    if kind == "entity":
        return SCOPE["org" if value.kind == "org" else "place"]
    return SCOPE[kind]


def missing(q: Question, c: Candidate, cache: dict) -> list[tuple[str, object]]:
    """The question's constraints the candidate does not support in their scope
    (``SCOPE``). An organisation that names another document among the passages need not
    be in this one ("how often do IOM and UNHCR meet" is answered from either's
    document); a name is only checked in a passage in the question's language (it may be
    translated)."""
    from puente.ingest.text import fold

    key = id(c.hit)
    if key not in cache:
        raw = " ".join([_head(c), c.chunk.text])
        cache[key] = unsupported(q, raw, fold(raw))
    scopes = {"chunk": cache[key]}
    for scope, neighbours in (("local", True), ("text", False)):
        raw = _local(c, neighbours)
        scopes[scope] = unsupported(q, raw, fold(raw))
    names_ok = c.chunk.lang == q.lang
    out = []
    for item in _all(q):
        kind, value = item
        gone = item in scopes[_scope(item)]
        if gone and kind == "entity" and value.kind == "org" and _names_other_doc(value, c, cache):
            continue  # "IOM and UNHCR": a passage of the UNHCR report need not name IOM
        if kind == "name" and not names_ok:
            continue
        if gone:
            out.append(item)
    return out


def _names_other_doc(org, c: Candidate, cache: dict) -> bool:
    """Whether the organisation names another document among the passages (its title or
    file name): the question is then about several documents, each with its own actor."""
    from puente.ingest.text import fold

    from .answer_places import mentions

    heads = cache.get("heads", {})
    return any(doc != c.doc and mentions(org, fold(head), head) for doc, head in heads.items())


def _all(q: Question) -> list[tuple[str, object]]:
    return ([("entity", e) for e in q.entities] + [("name", n) for n in q.names]
            + [("year", y) for y in q.years] + [("number", n) for n in q.numbers])


def _label(item: tuple[str, object], lang: str, question: str = "") -> str:
    """How a constraint is named in a reason: a country or organisation in the question's
    language, a name as the question spells it."""
    from puente.ingest.text import fold

    kind, value = item
    if kind == "entity":
        return value.name(lang)
    if kind == "name":
        spelt = {fold(w): w for w in re.findall(r"\w+", question)}
        return " ".join(spelt.get(w, w.capitalize()) for w in value)
    return str(value)


def _reason(q: Question, item: tuple[str, object], cands: list[Candidate], cache: dict) -> str:
    """The reason for no answer: the constraint is nowhere in the passages ("nothing on
    2025", "do not mention Venezuela"), or there but not with an answer ("the reports
    mention Honduras, but no passage answers this for Honduras")."""
    kind = item[0]
    label = _label(item, q.lang, q.text)
    if any(item not in cache.get(id(c.hit), [item]) for c in cands):
        return reasons.local_reason([label], q.lang)
    if kind == "year":
        seen = [y for c in cands for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", f"{_head(c)} {c.text}")
                if y not in q.years]
        return reasons.year_reason([label], seen, q.lang)
    if kind == "number":
        return reasons.number_reason([label], q.lang)
    return reasons.name_reason([label], q.lang)


# ------------------------------------------------------------------ answer building
def _extend(c: Candidate, kind: str) -> Candidate:
    """A short sentence, or one lacking the date or frequency asked for when the next
    piece of its passage is short and has it ("6.2. Crear una matriz de riesgos …" +
    "Noviembre 2023"), is extended with that next piece."""
    if c.source != "passage":
        return c
    text = c.chunk.text
    nxt = next((sg for sg in segments(text) if sg.start >= c.end), None)
    if nxt is None or text[c.end:nxt.start].strip():
        return c
    piece = " ".join(text[nxt.start:nxt.end].split())
    short = c.words < MIN_SENTENCE_WORDS
    typed = kind in (DATE, FREQUENCY) and type_match(kind, c.text) < 1 <= type_match(kind, piece) \
        and len(piece.split()) <= 12
    if not (short or typed):
        return c
    joined = " ".join(text[c.start:nxt.end].split())
    return replace(c, text=joined, end=nxt.end)


def record_reply(r, fld: str, hit, q: Question, score: float, strength: str, match: float,
                 inside: bool = True, chunks=()) -> Answer:
    """An answer read from a record: the field value with its label, and as ``text`` the
    verbatim evidence it comes from (``answer_records.evidence``: the hit's passage when
    the record lies ``inside`` it, else the index ``chunks`` that hold the record),
    located in the hit's passage for highlighting."""
    passage = hit.chunk.text if inside else ""
    text = evidence(r, fld, ([passage] if passage else []) + record_passages(r, chunks))
    start, end = locate(passage, text)
    if fld == "detail":  # an indicator's row: the row is the answer
        label, value = "", ""
    else:
        label, value = field_text(r, fld, q.lang, with_item=False).split(": ", 1)
    return Answer(text, record_citation(r), score, hit.rank, start, end, "record",
                  get(r, "doc"), strength, kind=q.kind, match=match,
                  label=label, value=value)


def locate(passage: str, text: str) -> tuple[int, int]:
    """Offsets of ``text`` in ``passage`` ignoring whitespace differences, or (0, 0)."""
    m = find_words(passage, text.split())
    return (m.start(), m.end()) if m else (0, 0)


def _answer(c: Candidate, q: Question, strength: str) -> Answer:
    h = c.hit
    if c.source == "record":
        return record_reply(c.record, c.field_name, h, q, c.score, strength, c.features.get("match", 0.0))
    return Answer(c.text, h.chunk.citation, c.score, h.rank, c.start, c.end, "passage", c.doc,
                  strength, kind=q.kind, match=c.features.get("match", 0.0))


def rank_candidates(query_vec, hits, encoder, q: Question, question: str, records=None, named=None,
                    query_tokens=None, matcher=None) -> list[Candidate]:
    """Scored candidates of the top passages, best first."""
    top = hits[:TOP_PASSAGES]
    tokens = matcher is not None and query_tokens is not None
    cands = from_hits(top, window_only=not tokens) + from_records(top, records, question, q.kind, q.lang)
    if not cands:
        return []
    texts = [c.match_text or c.text for c in cands]
    match = TokenScorer(encoder, matcher, query_tokens).scores(texts) if tokens else \
        dense_scores(encoder, np.asarray(query_vec, dtype=np.float32), texts)
    types = [type_match(q.kind, c.features.get("value") or c.text, q, c.features.get("segment") in ("row", "record"))
             for c in cands]
    combine(cands, match, types, set(named or ()))
    for c in cands:
        c.features["scorer"] = "tokens" if tokens else "dense"
    return sorted(cands, key=lambda c: -c.score)


def decide(q: Question, cands: list[Candidate], threshold: float = DEFAULT_THRESHOLD) -> Answer:
    """The answer among scored candidates, or an abstaining Answer with the reason."""
    if not cands:
        return no_answer(reasons.no_passages_reason(q.lang), q.kind)
    best = cands[0]
    cache: dict = {"heads": {c.doc: _head(c) for c in cands}}
    ok = [c for c in cands if not missing(q, c, cache)]
    if not ok or ok[0].score < best.score - CONSTRAINT_MARGIN:
        gone = missing(q, best, cache)
        return no_answer(_reason(q, gone[0], cands, cache), q.kind, best.score)
    chosen = ok[0]
    if q.kind != OPEN and chosen.features["type"] < 1:
        typed = [c for c in ok if c.features["type"] >= 1 and c.score >= chosen.score - TYPE_MARGIN]
        if typed:
            chosen = typed[0]
        elif chosen.features["type"] < TYPE_FLOOR.get(q.kind, 0.5):
            return no_answer(reasons.kind_reason(q.kind, q.lang), q.kind, chosen.score)
    tokens = chosen.features.get("scorer") == "tokens"
    if not tokens and chosen.hit.dense < threshold:
        return no_answer(reasons.weak_reason(q.lang), q.kind, chosen.score)
    strong = tokens and chosen.features["match"] >= STRONG_MATCH and chosen.features["type"] >= 1
    return _answer(_extend(chosen, q.kind), q, "strong" if strong else "partial")


def extract_answer(
    query_vec: np.ndarray,
    hits: list,
    encoder,
    threshold: float = DEFAULT_THRESHOLD,
    question: str = "",
    records: list | None = None,
    known_names: set[str] = frozenset(),
    lang: str = "en",
    named: list[str] | None = None,
    query_tokens=None,
    matcher=None,
    explain: bool = False,
    chunks=None,
) -> Answer | None:
    """The answer to ``question`` from ``hits``. Pass ``query_tokens`` (the question's
    ``TokenStates``) and ``matcher`` (the searcher's ``TokenMatcher``) for token-matched
    candidates; without them, the sentences of each best window are encoded. ``chunks``
    (the index's) let an answer read from a record outside the hits quote its source.

    No answer is ``None``, or with ``explain`` an abstaining :class:`Answer` that says why."""
    q = analyse(question, lang, known_names) if question else Question("", lang)
    result = _extract(query_vec, hits, encoder, threshold, q, question, records, named, query_tokens, matcher, chunks)
    if result.abstained and not explain:
        return None
    return result


def _extract(query_vec, hits, encoder, threshold, q, question, records, named, query_tokens, matcher,
             chunks=None) -> Answer:
    if not hits:
        return no_answer(reasons.no_passages_reason(q.lang), q.kind)
    if question:
        got = record_answer(question, hits, records or [], q.lang, named)
        if got is not None:
            r, fld = got
            inside = next((h for h in hits if h.chunk.doc == get(r, "doc") and get(r, "end", 0) > h.chunk.start
                           and get(r, "start", 0) < h.chunk.end), None)
            hit = inside or next((h for h in hits if h.chunk.doc == get(r, "doc")), hits[0])
            return record_reply(r, fld, hit, q, 1.0, "strong", 1.0, inside is not None, chunks)
    cands = rank_candidates(query_vec, hits, encoder, q, question, records, named, query_tokens, matcher)
    return decide(q, cands, threshold)
