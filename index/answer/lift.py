"""The passage of the record a question asks for: "What does the Dominican government's
progress report recommend to fix slow identity checks …?" names one document and asks for
one of its recommendations. The passages that share the question's names (the cover, the
context that states the problem, another document in the question's language) outrank
the recommendation worded unlike the question, so it is not among the passages the
answer is read from. Searched within the named document without the words that name it
(``Searcher.unnamed``), its best passage holding a record of the asked kind is the one;
it is placed among the top ``LIFT_TO`` when search ranked it lower."""
from __future__ import annotations

from dataclasses import replace

from .asked.answer_type import asks_kind
from .findings import recommendation_after
from .scoring.rank import TOP_PASSAGES

LIFT_TO = TOP_PASSAGES  # the answer is read from the top passages: the lifted one is the last of them
OWN_PASSAGES = 10  # the named document's passages looked through for one holding such a record


def record_passage(question: str, q, searcher, lang: str | None = None):
    """The named document's best passage (a ``Hit``) that holds a record of the kind the
    question asks for (a recommendation, or a commitment or action: ``asks_kind``), or None: the question
    asks for no such item, means no single document (``q.docs_meant``), or that document
    has no record of the kind."""
    kind = asks_kind(question)
    if kind is None or len(q.docs_meant) != 1:
        return None
    doc = q.docs_meant[0]
    kinds = (kind, "action") if kind == "commitment" else (kind,)  # a plan's actions are what it commits to
    spans = [(r.start, r.end) for r in searcher.index.records if r.doc == doc and r.kind in kinds]
    if not spans:
        return None
    own = searcher.search(searcher.unnamed(q, [doc]), k=OWN_PASSAGES, lang=lang, docs=[doc])
    chunks = searcher.index.chunks

    def holds(ch) -> bool:
        return any(a < ch.end and ch.start < b for a, b in spans)

    for h in own:
        if holds(h.chunk):
            return h
        after = recommendation_after(h.row, chunks) if kind == "recommendation" else None
        if after is not None and holds(chunks[after]):  # the finding the question describes: its recommendation
            return next((x for x in own if x.row == after), None) or replace(h, chunk=chunks[after], window=(0, 0), row=after)
    return None


def lifted(hits: list, lift) -> list:
    """``hits`` with the passage ``lift`` placed at ``LIFT_TO`` when search ranked it lower or
    not at all (scored no higher than the passage before it); as many hits, ranks renumbered."""
    if lift is None or len(hits) < LIFT_TO:
        return hits
    at = next((i for i, h in enumerate(hits) if h.row == lift.row), None)
    if at is not None and at < LIFT_TO:
        return hits
    lift = hits[at] if at is not None else replace(lift, score=min(lift.score, hits[LIFT_TO - 2].score))
    rest = [h for h in hits[LIFT_TO - 1:] if h.row != lift.row]
    return [replace(h, rank=r) for r, h in enumerate(hits[:LIFT_TO - 1] + [lift] + rest[:len(hits) - LIFT_TO], 1)]
