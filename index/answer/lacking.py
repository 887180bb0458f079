"""The reason for no answer when the question pins down something no candidate supports: is
it nowhere in the reports ("nothing on 2025", "the reports do not mention Peru"), or there
but not with an answer ("the reports mention Honduras, but no passage answers this for
Honduras")? Checked against every indexed passage, so a reason never says the reports lack
what one of them has.
"""
from __future__ import annotations

import re

from puente.common.text import fold

from . import reasons
from .asked.answer_type import holds_measure, rate_of
from .asked.qualified import gives_ordinal, gives_point
from .asked.question import Question, has_year, unsupported
from .checks import FIELDS, chunk_head, head
from .read.candidates import Candidate
from .reported_years import YEAR


def reason(q: Question, gone: list[tuple[str, object]], cands: list[Candidate], cache: dict, chunks=None) -> reasons.Why:
    """The reason for the first constraint of ``gone`` (those a candidate misses, in the question's
    order) that the passages lack altogether, else for the first: "the reports do not mention
    Peru" says more than "they mention Venezuela, but no passage answers this for Venezuela"."""
    first = None
    for item in gone:
        why = _reason(q, item, cands, cache, chunks)
        if why.kind != "local":
            return why
        first = first or why
    return first


def _label(item: tuple[str, object], lang: str, question: str = "") -> str:
    """How a constraint is named in a reason: a country or organisation in the question's
    language, a name as the question spells it."""
    kind, value = item
    if kind == "entity":
        return value.name(lang)
    if kind == "name":
        spelt = {fold(w): w for w in re.findall(r"\w+", question)}
        return " ".join(spelt.get(w, w.capitalize()) for w in value)
    return str(value)


def indexed(q: Question, item: tuple[str, object], chunks) -> bool:
    """Whether any indexed passage (with its document's title and section) supports the
    constraint: a reason must not say the reports have nothing on 2021 when one of them
    does. A cheap substring test on each passage comes before the full check."""
    kind, value = item
    probe = Question(q.text, q.lang, **{FIELDS[kind]: [value]})
    for ch in chunks or ():
        raw = " ".join([chunk_head(ch), ch.text])
        if kind == "year":
            if has_year(value, raw):  # digits only: no folding needed
                return True
            continue
        if kind == "number" and value not in raw and value not in raw.replace(",", "").replace(".", ""):
            continue
        if not unsupported(probe, raw, fold(raw)):
            return True
    return False


_RATED = re.compile(r"\b(?:rates?|tasas?)\b|%", re.I)  # a passage that gives a rate


def _reason(q: Question, item: tuple[str, object], cands: list[Candidate], cache: dict, chunks=None) -> reasons.Why:
    """The reason for no answer: the constraint is nowhere in the passages ("nothing on
    2025", "do not mention Venezuela"), or there but not with an answer ("the reports
    mention Honduras, but no passage answers this for Honduras"). "Nowhere" is checked
    against every indexed passage when ``chunks`` are given."""
    kind = item[0]
    label = _label(item, q.lang, q.text)
    if kind in ("point", "ordinal"):  # "la frontera norte", where the passages give another: do the reports name it?
        gives = gives_point if kind == "point" else gives_ordinal
        return reasons.Why("local" if any(gives(q.text, ch.text) for ch in chunks or ()) else "name", ([label],))
    if kind == "measure":  # "la tasa de desempleo": does any passage name the measure?
        rate = rate_of(q.text)[0]
        told = any(holds_measure(rate, ch.text) and _RATED.search(ch.text) for ch in chunks or ())
        return reasons.Why("local" if told else "name", ([label],))
    if any(item not in cache.get(id(c.hit), [item]) for c in cands) or indexed(q, item, chunks):
        return reasons.Why("local", ([label],))
    if kind == "year":
        seen = [y for c in cands for y in YEAR.findall(f"{head(c)} {c.text}")
                if y not in q.years]
        return reasons.Why("year", ([label], seen))
    if kind == "number":
        return reasons.Why("number", ([label],))
    return reasons.Why("name", ([label],))
