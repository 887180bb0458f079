"""An answer as the CLI, the app and the exports receive it (:class:`Answer`, or an
abstaining one from :func:`no_answer`), and how one is built: from a scored candidate of
the passages, or from a structured record's field with its evidence, cited by the page
of what it quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from puente.common.types import format_citation

from . import reasons
from .asked.question import Question
from .read.candidates import Candidate
from .read.counts import tally_words
from .read.evidence import evidence, find_words
from .read.records import also_asked, field_text, indicator_values, item_name, record_span
from .read.records import citation as record_citation
from .read.valued import also_these


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


def passage_reply(c: Candidate, q: Question, strength: str, chunks=None) -> Answer:
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


def count_reply(t, hits, q: Question, strength: str) -> Answer:
    """The answer to "how many recommendations does X have?" from its records (``read.counts``):
    the count with the items' numbers, cited by the document and the pages the items span."""
    first, last = t.items[0], t.items[-1]
    hit = next((h for h in hits if h.chunk.doc == t.doc), None)
    pages = (first.page_start, last.page_end or last.page_start)
    return Answer(tally_words(t, q.lang), format_citation(t.doc, *pages, ()), 1.0, hit.rank if hit else 0,
                  source="records", doc=t.doc, strength=strength, kind=q.kind, match=1.0,
                  title=hit.chunk.title if hit else "", pages=(*pages, None, None))
