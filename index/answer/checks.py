"""Whether an answer candidate supports what the question pins down (the reason when none
does: ``answer.lacking``).

A question's years, figures, countries, organisations and names (``answer.asked.question``) must
be supported where the answer is: in its own text and its document's title and section
("text"), also the pieces of the passage beside it ("local"), or anywhere in its passage
("chunk") — per kind of constraint (``SCOPE``). A year or a place the answer does not
repeat is not held against it unless something contradicts it: another year or place in
the answer or its document's title and section, or a year or place in its passage while
the pieces beside the answer do not give the asked one (such an answer is at most a
partial match).
"""
from __future__ import annotations

import re

from puente.common.text import fold

from ..search.doc_names import OPENING, naming_words
from ..search.title_words import GENRE_NOUNS, GENRE_WORDS
from .asked.also_asked import tail_entities
from .asked.answer_type import dates_a_source, holds_measure, people_only, rate_of
from .asked.qualified import other_ordinal, other_point
from .asked.question import QUANTITY, Question, has_year, unsupported
from .asked.years import within
from .findings import finding_holds
from .read.candidates import Candidate
from .read.text import compared_only, paragraph
from .reported_years import other_year, years_in

# where each constraint must be supported: "text" (the answer and its document's title and
# section), "local" (also the pieces of the passage beside it), "chunk" (its whole passage)
SCOPE = {"year": "text", "number": "text", "place": "text", "org": "chunk", "name": "local"}


def chunk_head(ch) -> str:
    """A passage's document name, title and section path: where a report's year often is."""
    return " ".join([ch.doc.replace("-", " "), ch.title or "", " ".join(ch.section or ())])


def head(c: Candidate) -> str:
    return chunk_head(c.chunk)


def _local(c: Candidate, neighbours: bool = True) -> str:
    """The answer's own text and its document's title and section; with ``neighbours`` the pieces
    of the passage on either side too. A record: its statement, source span and field."""
    f = c.features
    if c.source == "record":
        r = c.record
        return " ".join([r.text, r.detail, f.get("value", ""), r.area, head(c)])
    column = f["cell"].column if f.get("cell") else ""  # a table cell's header: "Baseline (2022)"
    if not neighbours:
        return " ".join([c.text, column, head(c)])
    return " ".join([f.get("prev", ""), c.text, column, f.get("next", ""), head(c)])


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
    key = id(c.hit)
    if key not in cache:
        raw = " ".join([head(c), c.chunk.text])
        cache[key] = unsupported(q, raw, fold(raw))
    scopes, texts = {"chunk": cache[key]}, {}
    for scope, neighbours in (("local", True), ("text", False)):
        texts[scope] = raw = _local(c, neighbours)
        scopes[scope] = unsupported(q, raw, fold(raw))
    names_ok = c.chunk.lang == q.lang
    if "tail" not in cache:
        cache["tail"] = tail_entities(q.text)
    out = []
    for item in _all(q):
        kind, value = item
        if kind == "entity" and value in cache["tail"]:
            continue  # "…, y de desplazados internos?": a second part, answered on its own
        gone = item in scopes[_scope(item)] or (kind == "year" and (other_year(value, c) or (  # "30 % más que en 2023"
            q.kind == QUANTITY and c.source != "record" and compared_only(value, c.text))))
        if gone and kind == "entity" and value.kind == "org" and _names_other_doc(value, c, cache):
            continue  # "IOM and UNHCR": a passage of the UNHCR report need not name IOM
        if gone and kind == "entity" and value.kind == "org" and _org_opens(value, c, cache):
            continue  # the organisation whose document it is, named on its cover ("WFP" in a PMA response)
        if kind == "name" and not names_ok:
            continue
        if gone and kind == "name" and _own_acronym(value, q) and _opens_document(value, c, cache):
            continue  # an acronym of the document's own organisation or programme, named on its cover ("FHC") or title
        if gone and kind == "name" and _owner_named(value, c, cache):
            continue  # the organisation whose document it is ("la auditoría interna de Nuevos Caminos")
        if gone and finding_holds(q, item, c, _doc_passages(cache.get("chunks") or (), c.doc), cache):
            cache.setdefault("unrepeated", set()).add(id(c))  # a recommendation's place is in the finding it answers
            continue
        if gone and _year_or_place(item) and (kind == "year" or _in_document(value, c, cache)):
            people = kind == "entity" and people_only(q.text, value, f"{head(c)}\n{_opening(c, cache)}")  # "Venezuelans" in Peru
            if people or not _contradicted(item, c, scopes["local"], cache):
                if not people and not any(_same(item, n) for n in _of_kind(item, c.chunk.title or "")):  # the title shows it
                    cache.setdefault("unrepeated", set()).add(id(c))  # held, but the answer does not show it
                continue
        if gone and kind == "year" and dates_a_source(q.text, value) and any(  # "la auditoría de 2022": cited there
                has_year(value, ch.text) for ch in _doc_passages(cache.get("chunks") or (), c.doc)):
            continue
        if gone:
            out.append(item)
    clash = other_point(q.text, texts["text"])  # "la frontera norte" asked, "the Southern Border" answered
    rate, said = rate_of(q.text)  # "the recognition rate": not a share of asylum-seekers by nationality
    if rate and not holds_measure(rate, texts["local"]):
        out.append(("measure", said))
    order = other_ordinal(q.text, c.text, texts["text"])  # "the second phase" asked, "la primera fase" answered
    return out + [("point", clash)] * bool(clash) + [("ordinal", order)] * bool(order)


_BY_DOC: dict[int, tuple[object, dict[str, list]]] = {}  # id(index passages) -> (passages, each document's, in order)


def _doc_passages(chunks, doc: str) -> list:
    """The index's passages of ``doc``, in their order: grouped once per index version."""
    held = _BY_DOC.get(id(chunks))
    if held is None or held[0] is not chunks:
        _BY_DOC.clear()
        by_doc: dict[str, list] = {}
        for ch in chunks:
            by_doc.setdefault(ch.doc, []).append(ch)
        held = _BY_DOC[id(chunks)] = (chunks, by_doc)
    return held[1].get(doc, [])


ELSEWHERE = 3  # a document that names another place this often, and never the asked one, is about elsewhere
_DOC_PLACES: dict[tuple[int, str], tuple[object, object]] = {}  # (index passages, document) -> (passages, place counts)


def _in_document(place, c: Candidate, cache: dict) -> bool:
    """Whether the candidate's document may be about the place: it names it somewhere (its
    title or any of its passages; its people too: "the Colombian government"), or names no
    other place ``ELSEWHERE`` times (a match report never writes the country it was played
    in). A programme's response that names Ecuador and Peru throughout and never Colombia
    says nothing about Colombia. A region ("Central America") is named by its countries, so
    always may be. True when the index's passages are not at hand."""
    from collections import Counter

    from puente.common.places import REGIONS, spans

    chunks = cache.get("chunks")
    if not chunks or place.en in REGIONS:
        return True
    key = (id(chunks), c.doc)
    held = _DOC_PLACES.get(key)
    if held is None or held[0] is not chunks:  # read once per index version and document (~0.1 s for 50 pages)
        if len(_DOC_PLACES) > 256:
            _DOC_PLACES.clear()
        raw = " ".join([head(c)] + [ch.text for ch in _doc_passages(chunks, c.doc)])
        held = _DOC_PLACES[key] = (chunks, Counter(e for a, b, e in spans(raw) if e.kind == "place"))
    named = held[1]
    return place in named or not any(n >= ELSEWHERE for n in named.values())


def _own_acronym(name: list[str], q: Question) -> bool:
    """Whether a name is an acronym the question writes in capitals ("FHC", "OINA") and not
    the field's acronym of a topic ("GBV", "NNA": the answer itself must be on it)."""
    from puente.common.terms import ACRONYMS

    return len(name) == 1 and name[0] not in ACRONYMS and bool(re.search(rf"\b{re.escape(name[0].upper())}\b", q.text))


def _opening(c: Candidate, cache: dict) -> str:
    """The text of its document's first passages (``doc_names.OPENING``: cover and opening), read once per question and document."""
    key = ("opening", c.doc)
    if key not in cache:
        chunks = cache.get("chunks")
        cache[key] = "\n".join(ch.text for ch in _doc_passages(chunks, c.doc)[:OPENING]) if chunks else ""
    return cache[key]


def _org_opens(org, c: Candidate, cache: dict) -> bool:
    """Whether the candidate's document names the organisation in its first passages
    (:func:`_opening`): its cover says whose document it is, in either language. (Its file name
    and title are the passage's own head, which the organisation's scope holds already.)"""
    from puente.common.places import mentions

    opening = _opening(c, cache)
    return mentions(org, fold(opening), opening)


def _opens_document(name: list[str], c: Candidate, cache: dict) -> bool:
    """Whether the candidate's document defines the acronym ``name`` in its first passages
    (:func:`_opening`), its cover or opening, where a report names whose it is ("Fundación Horizonte Común (FHC)"
    for "FHC"; "Organización … (OINA)"), or its title writes it out ("WPS")."""
    from .asked.acronyms import spelt_out

    raw = _opening(c, cache)
    m = re.search(rf"\(\s*{re.escape(name[0].upper())}\s*\)", raw)
    before = raw[max(0, m.start() - 120):m.start()] if m else ""
    title = (c.chunk.title or "").replace(",", "")  # or its title writes it out ("Women, Peace and Security")
    return (bool(before) and spelt_out(name[0], fold(before), before)) or spelt_out(name[0], fold(title), title)


def _owner_named(name: list[str], c: Candidate, cache: dict) -> bool:
    """Whether the candidate's document names ``name`` as an organisation in its first passages
    (:func:`_opening`): at most two words after an organisation's word ("FUNDACIÓN NUEVOS CAMINOS",
    "Solidaria" of "Fundación Frontera Solidaria"), or before its acronym in brackets ("Frontera Solidaria (FFS)"): whose document
    it is, as its title would say. A place or a person the opening mentions does not hold so."""
    from puente.common.terms import ORG_WORD as _ORG_WORD

    raw = fold(_opening(c, cache))
    words = r"\W+".join(map(re.escape, name))
    if re.fullmatch(_ORG_WORD, name[0]):
        return bool(re.search(rf"\b{words}\b", raw))
    return bool(re.search(rf"\b{_ORG_WORD}\W+(?:\w+\W+){{0,2}}{words}\b|"
                          rf"\b{words}\W*(?:foundation\b|\(\s*[a-z]{{2,8}}\s*\))", raw))


def _year_or_place(item: tuple[str, object]) -> bool:
    """A constraint an answer may leave to its neighbours or its passage (a figure, and a
    population group — refugees are not IDPs — must be the answer's own)."""
    kind, value = item
    return kind == "year" or (kind == "entity" and value.kind == "place")


def _contradicted(item: tuple[str, object], c: Candidate, unsupported_nearby: list, cache: dict) -> bool:
    """Whether a year or place the answer does not repeat is contradicted: the answer (with
    its document's title and section) names another one, or the pieces beside it do not
    give the asked one while its passage names one of that kind (the asked one for another
    matter: "Compared to 2022, …"). A passage that names none (the paragraph on the 2015
    season that never writes "2015") does not contradict it."""
    if c.source == "record":
        named = _of_kind(item, _local(c, False))
    else:  # the answer's own text, and its document's title and section
        named = _of_kind(item, c.text) | _of_passage(item, c, "head", head, cache)
    if any(not _same(item, n) for n in named):
        return True
    if item not in unsupported_nearby or not _of_passage(item, c, "text", lambda c: c.chunk.text, cache):
        return False
    # not when its paragraph is on the asked place ("… not part of the German dual education system")
    return not (item[0] == "entity" and c.source != "record" and _paragraph_of(item[1], c))


def _paragraph_of(place, c: Candidate) -> bool:
    """Whether the candidate's paragraph names the place, its people or an adjective of it, and no other place."""
    from puente.common.places import mentions

    para = paragraph(c)
    return mentions(place, fold(para), para) and not _of_kind(("entity", place), para) - {place}


def _same(item: tuple[str, object], named) -> bool:
    """Whether a year or place a text names is the asked one (a year inside an asked span is)."""
    return within(named, item[1]) if item[0] == "year" else named == item[1]


def _of_passage(item: tuple[str, object], c: Candidate, part: str, text_of, cache: dict) -> set:
    """``_of_kind`` of a part of the candidate's passage (``text_of(c)``), read once per
    passage, part and kind of constraint."""
    key = (id(c.hit), part, item[0])
    if key not in cache:
        cache[key] = _of_kind(item, text_of(c))
    return cache[key]


def _of_kind(item: tuple[str, object], text: str) -> set:
    """The years ``text`` names, for a year constraint; its places, for a place — a place
    named, not its people ("plan de normalización de venezolanos" is not about Venezuela)."""
    from puente.common.places import demonym, spans

    if item[0] == "year":
        return years_in(text)
    folded = fold(text)
    return {e for a, b, e in spans(text) if e.kind == "place" and not demonym(e, folded[a:b])}


def _names_other_doc(org, c: Candidate, cache: dict) -> bool:
    """Whether the organisation names another document among the passages (its title or
    file name): the question is then about several documents, each with its own actor."""
    from puente.common.places import mentions

    heads = cache.get("heads", {})
    return any(doc != c.doc and mentions(org, fold(head), head) for doc, head in heads.items())


def _all(q: Question) -> list[tuple[str, object]]:
    return ([("entity", e) for e in q.entities] + [("name", n) for n in q.names]
            + [("year", y) for y in q.years] + [("number", n) for n in q.numbers])


FIELDS = {"year": "years", "number": "numbers", "entity": "entities", "name": "names"}  # constraint -> Question field


def beside_documents(q: Question, names: list[str], naming: list[str] | None = None) -> Question:
    """The question without the constraints that name one of the documents it compares ("what did UNHCR
    report for 2023" names the 2023 report; a name all of whose words name them, "Ministerio de Interior y
    Policía" the file "mip-…"): each document's answer is read from that document alone, and the other's
    year or organisation is not its own. ``names``: each compared document's file name and title;
    ``naming``: the question's words that name them (``search.doc_names.naming_words``), when at hand."""
    from dataclasses import replace

    heads = [(n, fold(n)) for n in names]
    naming = naming_words(q.text, names) if naming is None else naming
    words = {fold(w) for w in naming}
    qualifying = _qualifying(q.text, words)

    def names_a_doc(item: tuple[str, object]) -> bool:
        probe = Question(q.text, q.lang, **{FIELDS[item[0]]: [item[1]]})
        return item[1] in qualifying or (item[0] == "name" and set(item[1]) <= words) or any(
            not unsupported(probe, raw, folded) for raw, folded in heads)

    keep = [item for item in _all(q) if not names_a_doc(item)]
    return replace(q, **{f: [v for k, v in keep if FIELDS[k] == f] for f in FIELDS.values()})


def _qualifying(question: str, naming: set[str]) -> list:
    """The places and organisations the question writes right before the words naming a compared document, up to
    the kind of document ("the Panama pro tempore report", "WFP Guatemala's management response"), or as an adjective
    right after them ("del Ministerio de Interior y Policía dominicano") or after their "of" ("Migraciones del Perú"),
    and a population group right after the kind of document and its "on"/"de" ("the national action plan on internal
    displacement": what it is about): they say which document is meant, though its name may not hold them, and are
    asked of no side — not a nationality ("Venezuelan refugees"), nor a place before other words ("Peru's annual
    regularization targets"). ``naming``: the words naming them, folded."""
    from puente.common.places import demonym, spans

    folded = fold(question)
    out = []
    for start, end, ent in spans(question):
        before = [w for w in folded[:start].split()[-3:] if w not in ("the", "la", "el")]
        if ent.kind == "group" and before[-2:-1] and before[-1] in ("on", "for", "de", "para") and (
                before[-2] in GENRE_NOUNS or before[-2] in naming):
            out.append(ent)  # "Honduras's national action plan on internal displacement": what the plan is about
            continue
        if ent.kind not in ("place", "org") or demonym(ent, folded[start:end]):
            out += [ent] if ent.kind == "place" and set(folded[:start].split()[-1:]) & naming else []
            continue
        if ent.kind == "place" and before[-2:-1] and before[-1] in ("de", "del", "of") and before[-2] in naming:
            out.append(ent)  # "la resolución de Migraciones del Perú": of whom the named document is
            continue
        after = re.sub(r"^['’]s\b", "", folded[end:]).split()[:4]
        for w in after:
            w = re.sub(r"['’]s$", "", w.strip(".,;:?()"))  # "WFP Guatemala's management response"
            if w not in naming and w not in GENRE_WORDS:
                break
            if w in GENRE_NOUNS:
                out.append(ent)
                break
    return out
