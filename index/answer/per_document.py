"""One answer per document for a question that compares documents.

"What do the MIRPS plan and the Pro Tempore Presidency each propose against
xenophobia?" is answered twice: from each named document's own passages among the hits,
each answer with its citation — or, for a document none of whose passages answers, an
abstaining Answer for that document ("no answer in this document").

A question compares when it names two or more indexed documents and joins them ("and",
"y", "each", "both", "compare", …), or so names two organisations whose documents are
among the passages, or says "each/both/cada uno/ambos/compare" and its best passages come
from two or more documents (then the first two of them).
"""
from __future__ import annotations

import re
from dataclasses import replace

from puente.common.types import DocInfo

from ..search.doc_names import name_of

# "each" after a preposition shares out over a noun ("a consultant for each country", "en cada país"):
# not a comparison of documents, as "X and Y each say" or "each report" are
_CUE = re.compile(r"\b((?<!\bfor\s)(?<!\bin\s)(?<!\bof\s)(?<!\bper\s)(?<!\bto\s)(?<!\bat\s)(?<!\bby\s)(?<!\bon\s)each|"
                  r"both|ambos|ambas|cada\s+un[oa]|respectiv\w*|compar\w*|versus|vs\.?|"
                  r"differ\w*|diferenc\w*|contrast\w*)\b", re.I)
_JOIN = re.compile(r"\b(and|y|e|with|con)\b|,", re.I)
TOP_DOCS = 4  # a question with a cue but no named documents compares the documents of this many best passages
SIDE_PASSAGES = 5  # a compared document without passages among the hits is searched on its own for this many


def targets(question: str, named: list[str], hits: list, docs: dict[str, DocInfo] | None = None,
            best_of=None) -> list[str]:
    """The documents a comparison question asks about, in the order it names them; []
    for a question about one document. ``docs``: every indexed document (its title), so an
    organisation whose documents are not among the hits still gets its side; ``best_of``:
    which of several such documents (``best_of(docs) -> doc``, a search restricted to them).
    A question searched in some documents only passes just those as ``docs``."""
    joined = _joined(question)
    if len(named) >= 2 and joined:
        return list(named)
    by_org = _by_organisation(question, named, hits, docs or {}, best_of) if joined else []
    if len(by_org) >= 2:
        return by_org
    if not _CUE.search(question):
        return []
    docs: list[str] = []
    for h in hits[:TOP_DOCS]:
        if h.chunk.doc not in docs:
            docs.append(h.chunk.doc)
    return docs[:2] if len(docs) >= 2 else []


def _joined(question: str) -> bool:
    """Whether the question joins what it names ("and", "y", a comma) or says it compares ("each", "ambos")."""
    return bool(_CUE.search(question) or _JOIN.search(question))


def _by_organisation(question: str, named: list[str], hits: list, docs: dict[str, DocInfo], best_of) -> list[str]:
    """For a question that names two or more organisations ("la OIM … y el ACNUR México"):
    per organisation, the named document whose file name or title holds it, else the one
    indexed document that does, else of several ``best_of`` them (without it, the best
    passage's); [] when fewer than two organisations are named."""
    from puente.common.places import find, mentions
    from puente.common.text import fold

    orgs = [e for e in find(question) if e.kind == "org"]
    if len(orgs) < 2:
        return []
    titles = {d: info.title for d, info in docs.items()} | {h.chunk.doc: h.chunk.title or "" for h in reversed(hits)}
    ranked = list(dict.fromkeys([d for d in named if d in titles] + [h.chunk.doc for h in hits]))

    def holds(e, d):
        return mentions(e, fold(name_of(d, titles[d])))

    out: list[str] = []
    for e in orgs:
        holding = [d for d in ranked if holds(e, d)] + [d for d in titles if d not in ranked and holds(e, d)]
        named_here = [d for d in named if d in holding]
        if named_here:
            name = named_here[0]
        elif len(holding) > 1 and best_of is not None:  # "el ACNUR México" of two UNHCR Mexico reports: the one the topic is in
            name = best_of(holding) or holding[0]
        else:
            name = holding[0] if holding else None
        if name is not None and name not in out:
            out.append(name)
    return out


def unindexed(question: str, hits: list, docs: dict[str, DocInfo], best_of=None) -> tuple[list[str], list[str]]:
    """``(documents, organisations)`` of a comparison that names an organisation no indexed
    document is from ("What do the World Bank report and the UNHCR annual report each say about
    livelihoods?" with no World Bank document): the named organisations' documents that are
    indexed (as :func:`targets` picks them) and the names, as the question writes them, of
    those that are not; ``([], [])`` when every named organisation has a document, or none does."""
    from puente.common.places import mentions, spans
    from puente.common.text import fold

    if not _joined(question):
        return [], []
    titles = {d: info.title for d, info in docs.items()}
    absent = [question[a:b] for a, b, e in spans(question)
              if e.kind == "org" and not any(mentions(e, fold(name_of(d, t))) for d, t in titles.items())]
    present = _by_organisation(question, [], hits, docs, best_of) if absent else []
    return (present, list(dict.fromkeys(absent))) if present else ([], [])


def not_indexed(name: str, lang: str):
    """The side of an organisation the question compares but no indexed document is from."""
    from .reasons import Why

    return not_in_document(name, lang, Why("unindexed", (name,)))


def not_in_document(doc: str, lang: str, why=None):
    """The side of ``doc`` without an answer, saying ``why`` (default: none of its passages answers)."""
    from .choose import no_answer
    from .reasons import Why

    return replace(no_answer(why or Why("absent"), lang=lang), doc=doc)


def answer_sides(docs: list[str], hits: list, answer_from, lang: str, more=None,
                 topical=None, also: tuple[str, ...] = ()) -> tuple[list, dict[str, list]]:
    """An Answer per document of ``docs`` and the passages each was read from.

    ``answer_from(doc_hits, doc, names)`` reads the document's passages among ``hits``,
    ``names`` being the compared documents' file names and titles. "No answer in this
    document" is said of a document that was read: one with no passage among the hits, or
    none that answers, is searched on its own (``more(doc) -> hits``, its passages on the
    question's topic) and those passages are read. Without any passage the Answer abstains,
    naming the document. ``topical(passage) -> float``: how much a passage is on the question's
    topic as Compare scores it; a side quoting a passage at or below ``SIDE_TOPIC`` is no answer."""
    mine = {d: [h for h in hits if h.chunk.doc == d] for d in docs}
    searched = set()
    for d in docs:
        if not mine[d] and more is not None:
            mine[d] = list(more(d))
            searched.add(d)
    titles = {h.chunk.doc: h.chunk.title or "" for d in reversed(docs) for h in reversed(mine[d])}
    names = [name_of(d, titles.get(d, "")) for d in docs] + list(also)  # ``also``: compared names with no document
    out = []
    def kept(a):
        a = _on_question(a)
        p = passage_of(a, mine[d]) if a and topical is not None else None
        return None if p is not None and topical(p) <= SIDE_TOPIC else a

    for d in docs:
        a = kept(answer_from(mine[d], d, names) if mine[d] else None)
        if not a and more is not None and d not in searched:
            a = kept(_read_own(d, list(more(d)), mine, answer_from, names)) or a
        out.append(replace(a, doc=d) if a is not None else not_in_document(d, lang))
    return out, mine


# Token match below which a side's partial answer is no answer: a document the question's topic is
# not in still has a sentence that scores best. Of the comparison questions' 28 sides (dev, report,
# calibration) the 19 answered right matched 0.807-0.883; of 24 sides of 12 comparisons on topics
# no report has (pets' vaccination, gold mining, wine exports, …) 18 matched below 0.80 (all 24 were
# "partial"), 0.742-0.825 in all.
SIDE_MATCH = 0.80
# On-topic score (``index.topic_match``: z-scores against the index's own windows, so an unrelated
# passage scores about 0) at or below which a side's passage is not on the question's topic at
# all: "what do the IOM and UNHCR responses each say about gender?" quoted, at token match 0.81, a
# UNHCR action on refugees and migrants (-0.15), then one on data collection (0.39), from a response
# that never mentions gender. Near the background's own level, well below Compare's ON_TOPIC (5.0):
# the 50 right sides of the report sets score 0.68-14 (0.68: "returns" read against a Spanish
# "repatriaciones"); 12 comparisons on topics one report lacks put 7 wrong sides at -0.15 to 5.5.
SIDE_TOPIC = 0.5


def _on_question(a):
    """``a``, or None when it is a partial answer matching the question less than ``SIDE_MATCH``."""
    if a and a.strength != "strong" and a.match < SIDE_MATCH:
        return None
    return a


def _read_own(doc: str, own: list, mine: dict[str, list], answer_from, names: list[str]):
    """The answer read from ``own`` (the document's own search, in its order and ranks),
    pointing at its passage's rank in ``mine[doc]`` — the passage added there, ranked after
    the others, when it was not among them; None when it does not answer either."""
    a = answer_from(own, doc, names) if own else None
    p = passage_of(a, own)
    if p is None:
        return None
    listed = next((x for x in mine[doc] if _same(p, x)), None)
    if listed is None:
        listed = replace(p, rank=max((x.rank for x in mine[doc]), default=0) + 1)
        mine[doc] = mine[doc] + [listed]
    return replace(a, hit_rank=listed.rank)


def per_document(docs: list[str], hits: list, answer_from, lang: str, more=None) -> list:
    """The Answers of :func:`answer_sides`."""
    return answer_sides(docs, hits, answer_from, lang, more)[0]


def _same(a, b) -> bool:
    return a.row == b.row if a.row >= 0 and b.row >= 0 else a.chunk == b.chunk


def passage_of(answer, passages: list):
    """The passage of ``passages`` an Answer quotes (None for an abstaining one)."""
    if not answer or answer.hit_rank < 1:
        return None
    return next((h for h in passages if h.rank == answer.hit_rank), None)


def sides_lead(hits: list, picks: list, keep: list = ()) -> list:
    """``hits`` with each compared document's answer passage (``picks``, in the order of
    the sides) leading that document's passages, so the list shows every side's evidence
    near the top: a document's passages keep the places they hold, the answer's first; a
    document with none among the hits gets its passage at the place of its side (second
    for the second side). As many hits as before, none of ``keep`` dropped; ranks renumbered."""
    out = list(hits)
    held = [h for h in list(keep) + list(picks) if h is not None]
    for i, p in enumerate(picks):
        if p is None:
            continue
        slots = [j for j, h in enumerate(out) if h.chunk.doc == p.chunk.doc]
        if not slots:
            out.insert(min(i, len(out)), p)
            continue
        mine = [p] + [out[j] for j in slots if not _same(out[j], p)]
        for j, h in zip(slots, mine):
            out[j] = h
        if len(mine) > len(slots):
            out.insert(slots[-1] + 1, mine[-1])
    while len(out) > len(hits):
        drop = _last_other(out, held)
        out.pop(len(out) - 1 if drop is None else drop)
    return [replace(h, rank=r) for r, h in enumerate(out, 1)]


def leading(hits: list, first) -> list:
    """``hits`` with ``first`` (one of them) at the top, the others in their order; ranks renumbered."""
    return [replace(h, rank=r) for r, h in enumerate([first] + [h for h in hits if h is not first], 1)]


def reranked(answer, before: list, after: list):
    """``answer`` with ``hit_rank`` pointing at its passage in ``after`` (0 when it is not there)."""
    p = passage_of(answer, before)
    if p is None:
        return answer
    return replace(answer, hit_rank=next((h.rank for h in after if _same(h, p)), 0))


def shown(hits: list, k: int, quoted: list) -> list:
    """The first ``k`` of ``hits`` for the list, with the passages the answers quote
    (``quoted``) kept in place of the last others: the answers are read from the same
    passages whatever ``k`` the list shows, and each one's passage is in it. Ranks renumbered."""
    held = [p for p in quoted if p is not None]
    out = list(hits[:k])
    for p in held:
        if any(_same(h, p) for h in out):
            continue
        drop = _last_other(out, held)
        if drop is not None:
            out.pop(drop)
        out.append(p)
    return [replace(h, rank=r) for r, h in enumerate(out, 1)]


def _last_other(out: list, held: list) -> int | None:
    """The place in ``out`` of the last passage that is none of ``held`` (None: all are)."""
    return next((j for j in range(len(out) - 1, -1, -1) if not any(_same(out[j], h) for h in held)), None)
