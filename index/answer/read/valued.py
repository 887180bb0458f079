"""Questions that ask which items have a stated priority or status ("Which IOM
recommendations have priority level 3?", "¿Qué acciones están en curso?"): the records whose
field holds the value asked, not a passage that prints another item's value beside the
field's name ("Nivel de prioridad (1 a 3): 2")."""
from __future__ import annotations

import re

from puente.common.text import fold

from .records import doc_rank

# "which recommendations", "what actions", "¿qué recomendaciones …?", "¿cuáles acciones …?"
_WHICH_ITEMS = re.compile(r"\b(?:which|what)\s+(?:(?:of\s+the\s+)?[\w'’]+\s+){0,2}?(?P<en>recommendations?|actions?)\b|"
                          r"\b(?:qu[eé]|cu[aá]l(?:es)?)\s+(?:de\s+las\s+)?(?P<es>recomendaci\w+|acci\w+)", re.I)
# a priority by its number or its word: "priority level 3", "priority 1", "high priority", "prioridad alta", "nivel 2"
_PRIORITY = re.compile(r"\bpriorit(?:y|ies)\s+(?:level\s+)?(?:of\s+)?(?P<n>[1-5])\b|\bprioridad\s+(?:de\s+)?(?:nivel\s+)?(?P<n2>[1-5])\b|"
                       r"\bnivel\s+(?:de\s+prioridad\s+)?(?P<n3>[1-5])\b|"
                       r"\b(?P<w>high|medium|low|alta|media|baja)(?:[\s-]+priority)\b|\bprioridad\s+(?P<w2>alta|media|baja)\b", re.I)
_LEVEL = {"high": "high", "alta": "high", "medium": "medium", "media": "medium", "low": "low", "baja": "low"}
STATUS_STEM = 5  # "completed" / "completadas", "ongoing" / "ongoing": a status word asked by its first letters


def _kind(m: re.Match) -> str:
    word = fold(m.group("en") or m.group("es"))
    return "recommendation" if word.startswith("recom") else "action"


def _priority_asked(question: str) -> str | None:
    m = _PRIORITY.search(question)
    if not m:
        return None
    return m.group("n") or m.group("n2") or m.group("n3") or _LEVEL[fold(m.group("w") or m.group("w2"))]


def _same_priority(value: str, asked: str) -> bool:
    v = fold(value).strip()
    return v == asked or _LEVEL.get(v.split()[0] if v else "", "") == asked


def valued_records(question: str, hits, records, named: list[str] | None = None) -> tuple[list, str]:
    """``(records, field)``: the items of the kind the question asks for ("which
    recommendations …") whose priority or status is the one it names, in the best document
    that has any (named, else best-ranked), in their order; ``([], "")`` for other questions."""
    which = _WHICH_ITEMS.search(question)
    if not which or not records:
        return [], ""
    kind = _kind(which)
    mine = [r for r in records if r.kind == kind]
    asked = _priority_asked(question)
    if asked is not None:
        field, found = "priority", [r for r in mine if r.priority and _same_priority(r.priority, asked)]
    else:
        said = fold(question)
        words = {w[:STATUS_STEM] for w in re.findall(r"[^\W\d_]{4,}", said)}
        field = "status"
        found = [r for r in mine if r.status and (re.search(rf"\b{re.escape(fold(r.status).strip())}\b", said)
                                                  or fold(r.status).split()[0][:STATUS_STEM] in words)]
    ranks = doc_rank(hits, named)
    found = [r for r in found if r.doc in ranks]
    best = min((ranks[r.doc] for r in found), default=None)
    return [r for r in found if ranks[r.doc] == best], (field if found else "")


def also_these(others, lang: str) -> str:
    """The other items (of one kind) a value answers besides the first: "also recommendations 6, 7 and 12"."""
    keys = [r.key for r in others if r.key]
    if not keys:
        return ""
    es = lang == "es"
    joined = keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} {'y' if es else 'and'} {keys[-1]}"
    kind = others[0].kind
    if es:
        noun = {"recommendation": "la recomendación", "action": "la acción"}[kind]
        nouns = {"recommendation": "las recomendaciones", "action": "las acciones"}[kind]
        return f"también {noun if len(keys) == 1 else nouns} {joined}"
    return f"also {kind if len(keys) == 1 else kind + 's'} {joined}"
