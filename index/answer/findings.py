"""The finding a recommendation answers. An audit or an evaluation states a finding, then
the recommendation on it ("Hallazgo 1: … 18 hogares registrados dos veces, una en Lajas
Blancas y otra en San Vicente" / "Recomendación 1: Implementar una base de datos única …
para ambas ERM"): the recommendation refers back to the finding's places and names
without repeating them. The passage right before a recommendation's, under the same
section, is where they are."""
from __future__ import annotations

import re

from puente.common.text import fold

from .asked.answer_type import asks_kind
from .asked.question import unsupported
from .read.candidates import Candidate

_RECOMMENDATION = re.compile(r"^\W*(?:recomm?endations?|recomendaci[oó]n(?:es)?)\b", re.I)


def heads_recommendation(chunk) -> bool:
    """Whether a passage is a recommendation's: under its heading ("Recomendación 1") or opening with one."""
    section = chunk.section or ()
    return bool(section and _RECOMMENDATION.match(section[-1])) or bool(_RECOMMENDATION.match(chunk.text))


def states_recommendation(c: Candidate) -> bool:
    """Whether the candidate is a recommendation: its record, or a sentence of a recommendation's passage."""
    if c.source == "record":
        return c.record is not None and c.record.kind == "recommendation"
    return heads_recommendation(c.chunk)


def _siblings(a, b) -> bool:
    """Whether two passages of one document are under the same section ("3. Hallazgos y recomendaciones")."""
    parent = tuple(a.section or ())[:-1]
    return a.doc == b.doc and bool(parent) and tuple(b.section or ())[:-1] == parent


def finding_before(c: Candidate, passages: list) -> str:
    """The text of the passage before the recommendation's own (``passages``: its document's, in
    order) when both are under the same section; "" when the candidate is no recommendation
    or no such passage precedes it."""
    if not states_recommendation(c):
        return ""
    before = [p for p in passages if p.end <= c.chunk.start]
    return before[-1].text if before and _siblings(c.chunk, before[-1]) else ""


def recommendation_after(row: int, chunks: list) -> int | None:
    """The row of the recommendation's passage right after the finding at ``row`` (the index's
    passages in order), under the same section; None when the next passage is no recommendation."""
    if row < 0 or row + 1 >= len(chunks) or heads_recommendation(chunks[row]):
        return None
    nxt = chunks[row + 1]
    return row + 1 if heads_recommendation(nxt) and _siblings(chunks[row], nxt) else None


def finding_holds(q, item: tuple[str, object], c: Candidate, passages: list, cache: dict) -> bool:
    """Whether the finding before the recommendation ``c`` (:func:`finding_before`) supports
    the question's place or name ``item``, when the question asks for a recommendation (not
    for a figure the recommendation's table may hold); its constraints are read once per passage."""
    if asks_kind(q.text) != "recommendation":
        return False
    if item[0] not in ("name", "entity") or (item[0] == "entity" and item[1].kind != "place"):
        return False
    key = ("finding", id(c.hit), id(c) if c.source == "record" else None)
    if key not in cache:
        text = finding_before(c, passages)
        cache[key] = unsupported(q, text, fold(text)) if text else None
    return cache[key] is not None and item not in cache[key]
