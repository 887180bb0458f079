"""Follow-through: what each commitment, recommendation or action of a plan or management
response became — beside it, the passages of the other documents that report on it, or
"no later report mentions this". Used by ``puente track`` and the app's Track view.

Each item's statement is read as a topic (``index.topic_match``; all statements encoded in
one pass) and searched for in each other document with the same on-topic score as Compare,
so a report is kept only when it is about the item, in either language.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from puente.common.errors import InputError, NotInIndexError
from puente.ingest.records import Record

from .compare import topic_passages
from .search.searcher import Hit
from .topic_match import make_topic

TRACKED_KINDS = ("commitment", "recommendation", "action")
REPORTS_PER_DOC = 2
# A statement read as a topic scores lower on the on-topic scale than a few words do (its
# words and tokens are many, so each matched one counts for less). Chosen on corpus/ against the
# pairs written down before looking (tests/data/track_expected.json, `python -m bench.quality.compare_topics`):
# 4.0 found 8 of 13 pairs with 9 of 10 reported passages on the item; Compare's 5.0 found 5
# (4 of 5); 3.0 found 10 (11 of 18).
TRACK_THRESHOLD = 4.0


def track_level(score: float) -> str:
    """The match level of a reported passage (strong / partial), on the track threshold."""
    from .topic_match import match_level

    return match_level(score, TRACK_THRESHOLD)


@dataclass
class TrackedItem:
    record: Record
    reports: list[tuple[Hit, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        from .compare import quote, quote_citation

        return self.record.to_dict() | {
            "key": self.record.key,
            "reports": [h.to_dict() | {"quote": quote(h), "quote_citation": quote_citation(h), "topic_score": round(s, 4),
                                       "match": track_level(s)}
                        for h, s in self.reports]}


@dataclass
class TrackResult:
    doc: str
    title: str
    others: list[str]
    items: list[TrackedItem]

    def to_dict(self) -> dict:
        return {"doc": self.doc, "title": self.title, "others": self.others, "threshold": TRACK_THRESHOLD,
                "reported": sum(1 for i in self.items if i.reports), "items": [i.to_dict() for i in self.items]}


def check_trackable(records, doc: str, others: list[str] | None = None) -> list[Record]:
    """The commitments, recommendations and actions of ``doc``; an :class:`InputError` when
    it has none, or when ``others`` names only ``doc`` itself."""
    items = [r for r in records if r.doc == doc and r.kind in TRACKED_KINDS]
    if not items:
        raise InputError(doc, "has no commitment, recommendation or action to follow",
                         f"track a plan or a management response (see `puente records --doc {doc}`)")
    if others and not [d for d in others if d != doc]:
        raise InputError("--in", f"names only {doc} itself", "name the later reports to look in")
    return items


def same_place(docs: dict, doc: str) -> tuple[list[str], list[str]]:
    """``(documents, places)``: the places (countries, regions) the title of ``doc`` names,
    and the other documents whose title names one of them — what WFP Ecuador's response
    became is reported on by Ecuador's reports, not Mexico's. A title naming no place:
    every other document."""
    from puente.common.places import title_places

    def places(d: str) -> list[str]:
        info = docs[d]  # a DocInfo, or a row of docs.json read before the model loads
        return title_places((info.get("title") if isinstance(info, dict) else info.title) or d)

    mine = places(doc)
    others = [d for d in docs if d != doc]
    return ([d for d in others if set(mine) & set(places(d))] if mine else others), mine


def _places(text: str) -> set[str]:
    """The places ``text`` names as places ("Colombia"), not as their people ("venezolanas")."""
    from puente.common.places import title_places

    return set(title_places(text))


def _elsewhere(h: Hit, where: set[str]) -> bool:
    """Whether a passage is about other places than an item's (``where``: the countries its
    section or statement names — a regional report's "2. Guatemala" table): it names places,
    in its text, section or document title, and none of those. Guatemala's commitment on a
    displacement bill is not reported on by Honduras's law."""
    named = _places(" ".join([h.chunk.text, *h.chunk.section, h.chunk.title or ""]))
    return bool(named) and not named & where


def looked_in(docs: dict, doc: str, others: list[str] | None = None) -> list[str]:
    """The documents ``doc``'s items are looked for in: ``others`` when given, else
    :func:`same_place`'s; an :class:`InputError` naming the fix when there are none (its
    country's or region's later reports are not indexed)."""
    if others:
        others = [d for d in others if d != doc]
    else:
        others, places = same_place(docs, doc)
        if places and not others:
            raise InputError(doc, f"no other document about {' or '.join(places)} is indexed",
                             "index its later reports, or name the documents to look in with --in")
    if not others:
        raise InputError("--in", f"no other document to look in besides {doc}", "index the later reports, or name them with --in")
    return others


def track(engine, doc: str, others: list[str] | None = None, k: int = REPORTS_PER_DOC,
          threshold: float = TRACK_THRESHOLD) -> TrackResult:
    """For each commitment, recommendation or action of ``doc``, up to ``k`` passages per
    other document (``others``, default :func:`same_place`) that report on it."""
    engine.refresh_soon()
    searcher = engine.searcher
    docs = searcher.index.docs
    for name in [doc] + list(others or []):
        if name not in docs:
            raise NotInIndexError(name)
    items = check_trackable(searcher.index.records, doc, others)
    others = looked_in(docs, doc, others)
    texts = [r.text for r in items]
    vectors, states = engine.encoder.queries_with_tokens(texts)
    out = []
    for r, text, vec, tok in zip(items, texts, vectors, states):
        q = searcher.prepare(text, vector=np.asarray(vec, np.float32), tokens=tok)
        t = make_topic(searcher, text, q)
        reports = []
        where = _places(" ".join([*r.section, r.area, r.text]))
        for other in others:
            hits, scores = topic_passages(t, other, k + 1 if where else k, threshold)
            kept = [h for h in hits if not where or not _elsewhere(h, where)][:k]
            reports += [(h, scores[id(h)]) for h in kept]
        reports.sort(key=lambda x: -x[1])
        out.append(TrackedItem(r, reports))
    return TrackResult(doc, docs[doc].title or doc, others, out)
