"""Questions that ask how many items a document has ("How many recommendations did the IOM
evaluation make?", "¿Cuántas recomendaciones tiene la evaluación de la OIM?", "How many
commitments does the national plan include?"): the count of its records of that kind, not a
figure a passage prints beside the word ("Nivel de prioridad (1 a 3): 2"). A count with a
qualifier — a topic ("commitments on protection", "compromisos de protección": an
infographic's box says those), a status or priority ("how many actions are ongoing"), an
item or a year ("actions of recommendation 3", "in 2023") — is left to the passages."""
from __future__ import annotations

import re
from dataclasses import dataclass

from puente.common.text import fold

from .records import doc_rank, record_key

_HOW_MANY = re.compile(r"\bhow\s+many\s+(?P<en>recommendations|commitments|actions)\b(?P<rest>.*)|"
                       r"\bcu[aá]nt[oa]s\s+(?P<es>recomendaciones|compromisos|acciones)\b(?P<rest_es>.*)", re.I | re.S)
_KINDS = {"recom": "recommendation", "commi": "commitment", "compr": "commitment", "actio": "action", "accio": "action"}
# what would narrow the count: a topic after a preposition, a status or a priority, a response, an item or a year
_QUALIFIED = re.compile(r"^\W*(?:on|about|regarding|concerning|relat\w*|for|to|under|of|de|del|sobre|acerca|"
                        r"relativ\w*|relacionad\w*|para|con|en\s+materia|en\s+(?:el\s+)?(?:[aá]rea|eje|tema))\b|"
                        r"\d|\b(?:ongoing|complet\w*|pending|implement\w*|open|closed|overdue|delayed|"
                        r"en\s+curso|pendientes?|cumplid\w*|abiert\w*|cerrad\w*|atrasad\w*|priorit\w*|prioridad\w*|"
                        r"accept\w*|agree\w*|reject\w*|acept\w*|rechaz\w*|partial\w*|parcial\w*|status|estado)\b",
                        re.I)


@dataclass(frozen=True)
class Tally:
    """The items of one kind a document has, in their order."""

    doc: str
    kind: str
    items: tuple

    @property
    def keys(self) -> list[str]:
        return [k for k in (record_key(r) for r in self.items) if k]


def counted_items(question: str, hits, records, named: list[str] | None = None) -> Tally | None:
    """The recommendations, commitments or actions a question counts, of the document it names
    (``named``, of one kind, one document), else of the best-ranked passage's document that has
    such items; ``None`` when the question asks something else or narrows the count."""
    m = _HOW_MANY.search(question)
    if not m or not records:
        return None
    rest = m.group("rest") if m.group("en") else m.group("rest_es")
    if _QUALIFIED.search(rest or ""):
        return None
    kind = _KINDS[fold(m.group("en") or m.group("es"))[:5]]
    by_doc: dict[str, list] = {}
    for r in records:
        if r.kind == kind:
            by_doc.setdefault(r.doc, []).append(r)
    ranks = doc_rank(hits, named)
    if named:
        mine = [d for d in named if d in by_doc]
        if len(mine) != 1:
            return None  # none of the named documents has such items, or several do: a comparison
        doc = mine[0]
    else:
        doc = min((d for d in by_doc if d in ranks), key=lambda d: ranks[d], default=None)
        if doc is None:
            return None
    return Tally(doc, kind, tuple(sorted(by_doc[doc], key=lambda r: r.start)))


_NOUNS = {"recommendation": ("recommendations", "recomendaciones"), "commitment": ("commitments", "compromisos"),
          "action": ("actions", "acciones")}


def tally_words(t: Tally, lang: str) -> str:
    """"13 recommendations (1 to 13)", in Spanish "13 recomendaciones (de 1 a 13)": the count
    and the items' own numbers, first and last when they run on, else all of them."""
    en, es = _NOUNS[t.kind]
    keys = t.keys
    if len(keys) != len(t.items) or not keys:
        numbers = ""
    elif len(keys) > 2 and all(k.isdigit() for k in keys) and \
            [int(k) for k in keys] == list(range(int(keys[0]), int(keys[-1]) + 1)):
        numbers = f" (de {keys[0]} a {keys[-1]})" if lang == "es" else f" ({keys[0]} to {keys[-1]})"
    else:
        numbers = f" ({', '.join(keys)})"
    return f"{len(t.items)} {es if lang == 'es' else en}{numbers}"
