"""Answers: the sentence, table row or record field of the top passages that answers the
question, with its citation — or an explicit "no answer" with a one-line reason.

1. Candidates and scores (``answer.scoring.rank``): the sentences and rows of the top passages
   and the records inside them (``answer.read.candidates``), each with its features — token
   match, sentence and window cosines, answer type, passage score, … — weighed by the
   fitted weights (``answer.scoring.score``, ``scoring/weights.json``). A question naming an item
   ("recommendation 4") gets that record's field directly (``answer.read.records``).
2. Checks (:func:`decide`): the question's years, figures, countries, organisations and
   names must be supported where the answer is (``answer.checks``); a "how many" or "who"
   answer must have the type asked for. Otherwise no answer, with the reason.
3. What is shown (``answer.read.text``, ``answer.read.tables``): the sentence without a heading
   before it, a table figure named by row and column, the page the sentence is on.
4. ``strength``: "strong" or "partial".

Comparison questions get one answer per document (``answer.per_document``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from puente.common.text import fold

from ..search.doc_names import name_of, naming_words, only_title_naming, proper_names
from . import reasons
from .asked.answer_type import counted_noun
from .asked.question import DATE, OPEN, PLACE, QUANTITY, TERM, Question, analyse, is_human, unsupported
from .asked.reason import asks_why
from .checks import beside_documents, head, missing
from .lacking import reason
from .read.candidates import Candidate
from .read.evidence import evidence, find_words
from .read.records import (
    also_asked,
    field_text,
    indicator_values,
    item_name,
    other_item,
    owner_named,
    record_answer,
    record_gap,
    record_key,
    record_span,
    statement_record,
    unfilled_column,
)
from .read.records import citation as record_citation
from .read.responses import response_gap, response_records
from .read.text import extend, local_figure, trim
from .read.valued import also_these, valued_records
from .scoring.prefer import (
    FLOOR_MARGIN,
    addressed,
    asked_kind,
    both_parts,
    both_rows,
    named_box,
    named_cell,
    named_row,
    named_row_of_type,
    side_item,
    to_month,
    whole,
    with_neighbour,
)
from .scoring.rank import STRONG_LEAD, lead, rank_candidates

DEFAULT_THRESHOLD = 0.80  # without token matching: floor on the cosine of the answer passage's best window
STRONG_MATCH = 0.83  # token match from which an answer of the asked type is "strong" (docs/answers.md)
CONSTRAINT_MARGIN = 2.0  # log-odds: a candidate that satisfies the constraints may trail the best by this
SHOWN_MARGIN = 3.0  # log-odds: … by this when the sentence itself writes them all, a year or figure among them
TYPE_MARGIN = 0.5  # log-odds: a candidate of the asked type may trail the chosen one by this
# least type match a kind needs (else 0.5: a figure of something else, a bare year); a date or place may be
# worded in ways no pattern lists ("during the war", "across the border"); see also ``type_floor``
TYPE_FLOOR: dict[str, float] = {DATE: 0.0, PLACE: 0.0, TERM: 0.0}


@dataclass(frozen=True)
class Answer:
    """An answer, or — with ``abstained`` — the statement that none was found and why.

    An abstaining Answer is falsy (``if result.answer:`` reads "is there an answer"), has
    ``text == ""`` and carries ``reason`` in the question's language (``reason_in`` says it
    in another)."""

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
    why: reasons.Why | None = None  # what ``reason`` says, to say it in another language
    record: object = None  # a record answer: the Record and the field read (to word its label in another language)
    record_field: str = ""
    title: str = ""  # the title of the answer's document (its citation names the file)
    pages: tuple = ()  # (page_start, page_end, para_start, para_end) of what it quotes, as its citation says
    others: tuple = ()  # a record answer: the other records the same value answers ("which have priority 1?")

    def label_value(self, lang: str | None) -> tuple[str, str]:
        """``(label, value)`` with a record's label (and an indicator's column names) in
        ``lang``; as given when ``lang`` is None or the answer is not read from a record."""
        if not lang or self.record is None:
            return self.label, self.value
        label, value = _record_label(self.record, self.record_field, lang)
        return label, (f"{value} ({also_these(self.others, lang)})" if self.others else value)

    def reason_in(self, lang: str | None) -> str:
        """``reason`` in ``lang`` (as given when ``lang`` is None or the reason is only text)."""
        return self.why.say(lang) if lang and self.why is not None else self.reason

    def __bool__(self) -> bool:
        return not self.abstained

    def to_dict(self) -> dict:
        d = {"text": self.text, "citation": self.citation, "score": round(float(self.score), 4),
             "match": round(float(self.match), 4), "hit_rank": self.hit_rank, "source": self.source,
             "doc": self.doc, "strength": self.strength, "abstained": self.abstained,
             "kind": self.kind}
        if self.value:
            d["label"], d["value"] = self.label, self.value
        if self.others:
            d["also"] = [r.key for r in self.others]
        if self.source == "passage" and self.end > self.start:
            d["start"], d["end"] = self.start, self.end
        if self.abstained:
            d["reason"] = self.reason
        return d


def no_answer(reason: str | reasons.Why, kind: str = "", score: float = 0.0, lang: str = "en") -> Answer:
    """An abstaining answer; a :class:`reasons.Why` is said in ``lang`` and kept for other languages."""
    if isinstance(reason, reasons.Why):
        return Answer("", "", score, 0, source="none", abstained=True, reason=reason.say(lang), kind=kind, why=reason)
    return Answer("", "", score, 0, source="none", abstained=True, reason=reason, kind=kind)


# ------------------------------------------------------------------ answer building


def record_reply(r, fld: str, hit, q: Question, score: float, strength: str, match: float,
                 inside: bool = True, chunks=()) -> Answer:
    """An answer read from a record: the field value with its label, and as ``text`` the
    verbatim evidence it comes from (``evidence.evidence``, read in the record's own span of
    the hit's passage when the record lies ``inside`` it and of the index ``chunks`` that
    hold it), located in the hit's passage for highlighting and cited by its page."""
    # read in the record's own span of each passage that holds it: a form repeats its labelled
    # lines ("Recomendación dirigida a: …") from one record to the next
    holders = ([hit.chunk] if inside else []) + [c for c in chunks or () if c.doc == r.doc and c.end > r.start
                                                 and c.start < r.end and c is not hit.chunk]
    if also_asked(q.text, fld, r):  # "which institution leads it, and by when?": both, on one line
        fld = "responsible+deadline"
    text = evidence(r, fld, [c.text[slice(*record_span(c, r))] for c in holders])
    label, value = _record_label(r, fld, q.lang)
    title = hit.chunk.title if hit.chunk.doc == r.doc else next((c.title for c in chunks or () if c.doc == r.doc), "")
    found = next(((c, a, b) for c in holders for a, b in [_within_record(c, r, text)] if b > a), None)
    start, end = (found[1], found[2]) if found and found[0] is hit.chunk else (0, 0)
    cited, pages = record_citation(r), (r.page_start, r.page_end, None, None)
    if found:  # the page of the evidence shown, not the span of the whole record ("pp. 17-19" for a line on p. 17)
        c, a, b = found
        cited, pages = c.citation_of(a, b), (*c.pages_of(a, b), c.para_start, c.para_end)
    return Answer(text, cited, score, hit.rank, start, end, "record",
                  r.doc, strength, kind=q.kind, match=match, label=label, value=value, record=r, record_field=fld,
                  title=title, pages=pages)


def _within_record(chunk, r, text: str) -> tuple[int, int]:
    """Offsets in ``chunk.text`` of ``text`` inside the record's own span, or (0, 0)."""
    lo, hi = record_span(chunk, r)
    a, b = locate(chunk.text[lo:hi], text)
    return (lo + a, lo + b) if b > a else (0, 0)


def _record_label(r, fld: str, lang: str) -> tuple[str, str]:
    """A record answer's (label, value) in ``lang``: an indicator's row names its figures by
    column; another field is "Responsible (recommendation 4)": value."""
    if fld == "detail":
        return indicator_values(r, lang)
    if fld == "text":  # the item's own statement: named, no value beside it
        return item_name(r, lang), ""
    label, value = field_text(r, fld, lang, with_item=False).split(": ", 1)
    return label, value


def locate(passage: str, text: str) -> tuple[int, int]:
    """Offsets of ``text`` in ``passage`` ignoring whitespace differences, or (0, 0)."""
    m = find_words(passage, text.split())
    return (m.start(), m.end()) if m else (0, 0)


def _answer(c: Candidate, q: Question, strength: str, chunks=None) -> Answer:
    h = c.hit
    if c.source == "record":  # its value's lines may lie in the next passage of the record's span
        return record_reply(c.record, c.field_name, h, q, c.score, strength, c.features.get("match", 0.0),
                            chunks=chunks or ())
    cell = c.features.get("cell")
    return Answer(c.text, h.chunk.citation_of(c.start, c.end), c.score, h.rank, c.start, c.end, "passage", c.doc,
                  strength, kind=q.kind, match=c.features.get("match", 0.0),
                  label=cell.label if cell else "", value=cell.value if cell else "", title=h.chunk.title,
                  pages=(*h.chunk.pages_of(c.start, c.end), h.chunk.para_start, h.chunk.para_end))


def with_indicator_columns(ans: Answer, hit, records, lang: str) -> Answer:
    """A table row answered from a passage with no header line above it names its figures
    by the columns the indicator's record knows ("Indicator 5.1" — "Baseline: 69.84% ·
    Target: 86.00% · Actual: 89.58%"): the record of its document whose source span holds
    the row and whose figures are all in it."""
    if ans.source != "passage" or ans.value or hit is None:
        return ans
    lo, hi = hit.chunk.start + ans.start, hit.chunk.start + ans.end
    for r in records or ():
        figures = [v for v in (r.baseline, r.target, r.actual) if v]
        if (r.doc == ans.doc and r.kind == "indicator" and figures and r.start < hi and r.end > lo
                and all(re.search(rf"(?<![\d.,]){re.escape(v)}(?![\d])", ans.text) for v in figures)):
            label, value = indicator_values(r, lang)
            return replace(ans, label=label, value=value, record=r, record_field="detail")
    return ans


def type_floor(q: Question) -> float:
    """The least type match an answer needs. A count of people or an amount of money needs
    exactly that (people and money are named reliably in both languages: "20 tools" is not
    how many IDPs there are); another count will take a figure of something else, since its
    unit may be worded unlike the question's in the other language ("tackles" / "derribos")."""
    if q.kind == QUANTITY and (q.money or any(is_human(u) for u in counted_noun(q))):
        return 1.0
    return TYPE_FLOOR.get(q.kind, 0.5)


def _of_type(ok: list[Candidate], least: float, above: float) -> Candidate | None:
    """The best candidate with at least ``least`` type match scoring at least ``above``."""
    return next((c for c in ok if c.features["type_raw"] >= least and c.score >= above), None)


def shows_figures(q: Question, text: str) -> bool:
    """Whether ``text`` itself writes every constraint of the question, and one is a year or figure
    ("¿Quién recibió una propuesta en 1915?": "… Edison did receive one of 38 possible bids in 1915")."""
    return bool(q.years or q.numbers) and not unsupported(q, text, fold(text))


def decide(q: Question, cands: list[Candidate], threshold: float = DEFAULT_THRESHOLD, chunks=None,
           records=(), side: bool = False) -> Answer:
    """The answer among scored candidates, or an abstaining Answer with the reason; ``side``:
    one document's side of a comparison."""
    if not cands:
        return no_answer(reasons.Why("none"), q.kind, lang=q.lang)
    best = cands[0]
    cache: dict = {"heads": {c.doc: head(c) for c in cands}, "chunks": chunks}
    ok = [c for c in cands if not missing(q, c, cache)]
    unrepeated = cache.get("unrepeated", ())
    if ok and id(ok[0]) in unrepeated:  # an answer that shows the asked year or place, as well typed, if near
        alt = next((c for c in ok if id(c) not in unrepeated and c.score >= best.score - CONSTRAINT_MARGIN
                    and c.features["type_raw"] >= ok[0].features["type_raw"]), None)
        if alt is not None:
            ok = [alt] + [c for c in ok if c is not alt]
    near = ok and (ok[0].score >= best.score - CONSTRAINT_MARGIN
                   or (ok[0].score >= best.score - SHOWN_MARGIN and shows_figures(q, ok[0].text)))
    if not near:
        gone = missing(q, best, cache)
        return no_answer(reason(q, gone, cands, cache, chunks), q.kind, best.score, q.lang)
    chosen = ok[0]
    if q.kind != OPEN and chosen.features["type_raw"] < 1:
        typed = _of_type(ok, 1.0, chosen.score - TYPE_MARGIN)
        floor = type_floor(q)
        # what it must have, from a little further down; a share ("how well funded") is looked for so
        # too, but an amount answers it when no percentage is near
        want = 1.0 if q.share else floor
        if typed is None and chosen.features["type_raw"] < want:
            # one that has all of it before one that has a part ("unos 28 kilómetros" for "how long", not "en 1825")
            typed = (_of_type(ok, 1.0, chosen.score - FLOOR_MARGIN) or _of_type(ok, want, chosen.score - FLOOR_MARGIN)
                     or named_row_of_type(ok, want, chosen.score, q.text))
        if typed is not None:
            chosen = typed
        elif chosen.features["type_raw"] < floor:
            # "none gives a figure" only when none of the candidates does; else they answer too weakly,
            # or the ones that do miss what the question asks of them ("… en 2020": 2021-2023 figures)
            typed_gone = next((c for c in cands if c.features["type_raw"] >= floor and missing(q, c, cache)), None)
            why = (reasons.Why("weak") if any(c.features["type_raw"] >= floor for c in ok)
                   else reason(q, missing(q, typed_gone, cache), cands, cache, chunks) if typed_gone is not None
                   else reasons.Why("kind", (q.kind,)))
            return no_answer(why, q.kind, chosen.score, q.lang)
    chosen = to_month(named_box(both_rows(named_cell(named_row(whole(chosen, ok, q), ok, q.text), ok, q), ok, q), ok, q.text), ok, q)
    chosen = both_parts(addressed(asked_kind(chosen, ok, q, records), ok, q), ok, q)
    if side:
        chosen = side_item(chosen, ok, q, records)
    tokens = chosen.features.get("scorer") == "tokens"
    if not tokens and chosen.hit.dense < threshold:
        return no_answer(reasons.Why("weak"), q.kind, chosen.score, q.lang)
    shown = with_neighbour(extend(trim(chosen), q.kind, asks_why(q.text)), chosen, ok, records)
    strong = (tokens and chosen.features["match"] >= STRONG_MATCH and chosen.features["type_raw"] >= 1
              and id(chosen) not in unrepeated  # it does not show the asked year or place
              and not (q.kind == QUANTITY and local_figure(chosen.text, q.text, chosen.chunk.title))
              and lead(chosen, shown, cands) >= STRONG_LEAD)  # no close runner-up it does not quote
    return _answer(shown, q, "strong" if strong else "partial", chunks)


def extract_answer(query, hits: list, searcher, threshold: float = DEFAULT_THRESHOLD, named: list[str] | None = None,
                   explain: bool = False, compared: list[str] = ()) -> Answer | None:
    """The answer to ``query`` (the :class:`~puente.index.search.query.Query` that search
    answered: text, vectors, language, named documents) from ``hits``, read with what
    ``searcher`` holds: its encoder, token matcher (token-matched candidates; without one the
    sentences of each best window are encoded), stored window scores (``windows_of``), the
    index's records and chunks and its vocabulary of names. ``named``: the documents the
    answer may come from (default: those the question names). ``compared``: the names (file
    name and title) of the documents a comparison question compares; their years,
    organisations and names are not required of each document's answer.

    No answer is ``None``, or with ``explain`` an abstaining :class:`Answer` that says why."""
    q = analyse(query.text, query.lang, searcher.name_vocab) if query.text else Question("", query.lang)
    if compared:
        naming = naming_words(query.text, list(compared))
        q = beside_documents(q, list(compared), naming)
        query = query.without(naming, searcher.encoder.tokenizer)
    elif named is None and len(query.docs_meant) == 1:  # the words naming its document tell none of its sentences apart
        docs = searcher.index.docs
        names = [name_of(d, docs[d].title if d in docs else "") for d in query.docs_meant]
        query = query.without(proper_names(query.text, names), searcher.encoder.tokenizer)
    result = _extract(query, q, hits, searcher, threshold, query.named if named is None else named,
                      query.docs_meant if named is None else named, side=bool(compared))
    if result.abstained and not explain:
        return None
    return result


def _extract(query, q: Question, hits: list, searcher, threshold: float, named: list[str], meant: list[str],
             side: bool = False) -> Answer:
    if not hits or (query.text and not re.search(r"[^\W_]", query.text)):  # nothing asked ("¿?")
        return no_answer(reasons.Why("none"), q.kind, lang=q.lang)
    if query.text and not re.search(r"[^\W\d_]{2}", query.text):  # "2023", "848": a figure, not a question
        return no_answer(reasons.Why("bare"), q.kind, lang=q.lang)
    records, chunks = searcher.index.records, searcher.index.chunks
    owned: list[str] = []  # the documents of the organisations the question names
    if query.text:
        # an item asked by number is read in the documents the question names, else in those of
        # an organisation it names ("la recomendación 8 del ACNUR"), else in the best-ranked
        doc_names = getattr(searcher, "doc_names", None)
        owned = doc_names.of_organisations(query.text) if doc_names else []
        asked = named or owned
        got = record_answer(query.text, hits, records or [], q.lang, asked)
        # in the documents asked about, else the whole index: which item is missing, or which column
        gap = None if got else record_gap(query.text, records or [], chunks, asked) or response_gap(query.text, records, asked)
        if got is None and not named and not (gap and gap[0] == "unfilled" and owner_named(query.text)):
            # the organisation's documents were not it: an item it is only the subject of, or another's
            got = record_answer(query.text, hits, records or [], q.lang)
        strength = "strong"
        if got is None and gap is None and q.kind == OPEN:
            # "what does recommendation 1 ask?": the item's statement, strong when its document was
            # named or its organisation's (another document may number its items alike)
            r = statement_record(query.text, hits, records or [], asked) or (
                None if named else statement_record(query.text, hits, records or []))
            if r is not None:
                got, strength = (r, "text"), ("strong" if r.doc in asked else "partial")
        if got is None and gap is None:  # "which recommendation was rejected?": the one whose response says so
            rs = response_records(query.text, hits, records or [], asked)
            if rs:
                got, strength = (rs[0], "response"), ("strong" if len(rs) == 1 else "partial")
        others: tuple = ()
        if got is None and gap is None:  # "which recommendations have priority 3?": those whose priority is 3
            rs, fld = valued_records(query.text, hits, records or [], asked)
            if rs:
                got, others = (rs[0], fld), tuple(rs[1:])
        if got is not None:
            r, fld = got
            inside = next((h for h in hits if h.chunk.doc == r.doc and r.end > h.chunk.start
                           and r.start < h.chunk.end), None)
            hit = inside or next((h for h in hits if h.chunk.doc == r.doc), hits[0])
            ans = record_reply(r, fld, hit, q, 1.0, strength, 1.0, inside is not None, chunks)
            if others:  # the value says the other items it answers too ("also recommendations 6 and 12")
                ans = replace(ans, others=others)
                ans = replace(ans, value=ans.label_value(q.lang)[1])
            return ans
        if gap is not None:
            return no_answer(reasons.Why(gap[0], gap[1:]), q.kind, lang=q.lang)
    windows = None if getattr(searcher, "windows_of", None) is None else (
        lambda h: searcher.windows_of(h.row, query.vector, query.tokens))
    cands = rank_candidates(query.vector, hits, searcher.encoder, q, query.text, records, meant, query.tokens,
                            searcher.matcher, windows)
    cands = [c for c in cands if not (c.source == "record" and other_item(query.text, c.record))]
    if len(named) == 1 and any(c.doc == named[0] for c in cands) and (named[0] in owned or only_title_naming(
            query.text, named[0], {d: i.title or "" for d, i in (getattr(searcher.index, "docs", None) or {}).items()})):
        # a question that names one document by its organisation, an acronym of its name or a
        # proper name of its title, and only one fits the name, is answered from it ("… in UNDP
        # Guatemala's management response": no commitment of the MIRPS report); a title word alone
        # ("Parliament") names a document too loosely for that
        cands = [c for c in cands if c.doc == named[0]]
    ans = decide(q, cands, threshold, chunks, records, side)
    ans = with_indicator_columns(ans, next((h for h in hits if h.rank == ans.hit_rank), None), records, q.lang)
    column = unfilled_column(q.text, ans.record)
    if column:  # "the 2023 target" from a row that has none: not its other figure
        return no_answer(reasons.Why("unfilled", ("indicator", record_key(ans.record), column)), q.kind, ans.score, q.lang)
    return ans
