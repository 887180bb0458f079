"""What a compound question asks besides its main kind: "how often must progress be reported to
parliament, and by what date?" asks how often and a date; "Who is in charge of the training, and
by when?" a person and a date; "How many …, and how does that compare with 2023?" a figure and
the one it is compared with. An answer that gives both parts is the better answer."""
from __future__ import annotations

import re

from puente.common.places import spans
from puente.common.text import fold

from .answer_type import numbers_in, type_match
from .question import OPEN, QUANTITY, answer_kind

COMPARED = "compared"  # the second part asks what the figure is compared with
# where the second question begins: "…, and by what date?", "… y cuándo abrieron?", "…, and who …?"
_SECOND = re.compile(r"(?:,\s*|\s)(?:and|y|e)\s+(?=(?:(?:by|for|until|from|in|at|on|para|hasta|desde|en|a|de)\s+)?"
                     r"(?:when|what|which|who|whom|how|where|qu[eéi]\w*|cu[aá]\w*|c[oó]mo|d[oó]nde)\b)", re.I)
_COMPARE_Q = re.compile(r"\b(?:how\s+(?:does|do|did)\s+(?:that|this|it|these|they|the\s+\w+)\s+compare|"
                        r"c[oó]mo\s+se\s+compar\w*|c[oó]mo\s+(?:ha\s+)?(?:cambi|evolucion)\w*)", re.I)
# a sentence that compares its figure: "up from 67,800 in 2023", "frente a 11.305", "against a target of 15,000"
_COMPARES = re.compile(r"\b(?:up|down)\s+from\b|\bcompared\s+(?:with|to)\b|\bagainst\b|\bthan\b|\bfrente\s+a\b|"
                       r"\bcompar\w+\s+con\b|\brespecto\s+(?:a|al|de)\b|\bversus\b|\bvs\b|\bmás\s+que\b|"
                       r"\b(?:increase|decrease|rise|fall|drop|aumento|incremento|disminuci[oó]n|reducci[oó]n)\b", re.I)


def also_asked(question: str, kind: str) -> str | None:
    """The kind of answer the second part of a compound question asks (a kind of
    ``question.KINDS``, or ``COMPARED``) when it is not the question's own ``kind``; None for
    a question that asks one thing, or a second part without a kind of answer ("… and what
    did it recommend?")."""
    found = list(_SECOND.finditer(question))
    if not found:
        return None
    first, second = question[:found[-1].start()], question[found[-1].end():]
    if _COMPARE_Q.search(second):
        return COMPARED if kind == QUANTITY else None
    one, two = answer_kind(first), answer_kind(second)
    if OPEN in (one, two) or one == two:
        return None
    return two if two != kind else one


def gives_also(asked: str, text: str) -> bool:
    """Whether ``text`` answers the second part: its kind of answer, or a figure compared with another."""
    if asked == COMPARED:
        return bool(_COMPARES.search(text)) or len(numbers_in(text)) >= 2
    return type_match(asked, text) >= 1


# an elliptical second part at the question's end: "… en 2023, y de desplazados internos?", "…, and for IDPs?"
_TAIL = re.compile(r",\s*(?:and|y|e)\s+(?:(?:of|for|among|de|del|para|entre)\s+)?(?:(?:the|los|las|la|el)\s+)?"
                   r"((?:[^\W\d_]+\s*){1,4})\?*\s*$")


def tail_entities(question: str) -> set:
    """The entities the question names only in an elliptical last part (``_TAIL``): each part is
    asked on its own, and an answer to the first need not name them."""
    m = _TAIL.search(fold(question))
    if not m:
        return set()
    found = spans(question)
    before = {e for a, b, e in found if b <= m.start()}
    return {e for a, b, e in found if a >= m.start(1) and e not in before}
