"""Questions that ask why, for a reason or for what stands in the way, and sentences that give
a cause: "Why is the second timeline needed?", "¿Cuál fue la razón del retraso?", "the main
barrier to formal jobs" want "… mainly because many participants still lack a residence permit"."""
from __future__ import annotations

import re
from functools import lru_cache

_NOT_WHY = r"(?!\s+(?:fecha|a[nñ]o|mes|d[ií]a|plazo|medio|v[ií]a)\b)"  # "¿Para qué fecha …?" asks a date
# "¿Por qué …?" asks why where it opens the question; inside it, "por qué entidad" is "by which entity"
_WHY_Q = re.compile(r"\b(?:why|what\s+(?:is|was|are|were)\s+the\s+reasons?)\b|(?:^|¿|,|\by)\s*(?:por|para)\s+qu[eé]\b"
                    + _NOT_WHY, re.I)
_WHY_OPENS = re.compile(r"^\W*(?:why|(?:por|para)\s+qu[eé]" + _NOT_WHY + r")\b", re.I)
# a reason or what stands in the way, named: what a reason question asks for and what a sentence may give
_NAMED = r"reasons?|raz[oó]n(?:es)?|causes?|causas?|motivos?|barriers?|barreras?|obstacles?|obst[aá]culos?"
_REASON_Q = re.compile(r"\b(?:" + _NAMED + r"|(?:what|which)\s+(?:explains?|explained|led\s+to|leads\s+to)|due\s+to\s+what|"
                       r"\ba\s+qu[eé]\s+(?:se\s+)?(?:deb[ei]\w*|atribu\w*|obedec\w*)|qu[eé]\s+explica\w*)\b", re.I)
# a cause, not a purpose ("in order to", "para que") nor a time ("since 2021")
# (nor an obligation, "se debe fortalecer", a schedule, "due to be completed", or powers, "atribuciones")
_BECAUSE = re.compile(r"\b(?:because|due\s+to(?!\s+be\b)|owing\s+to|given\s+that|as\s+a\s+result|"
                      r"attribut(?:ed|able|ing)\b|explained\s+by|result(?:s|ed)?\s+from|porque|ya\s+que|debido\s+a|"
                      r"dado\s+que|puesto\s+que|a\s+causa|atribu(?:y\w*|id[oa]s?|ible\w*)\b|se\s+explica\w*|"
                      r"se\s+deb(?:e|i[oó])\s+a\b|obedece)", re.I)
# what else answers a reason question: a purpose, what stands in the way, or a cause named as such
_REASON_GIVEN = re.compile(r"\b(?:" + _NAMED + r"|so\s+that|in\s+order\s+to|para\s+que|a\s+fin\s+de|con\s+el\s+fin\s+de|"
                           r"lack\s+of|lacks?|lacking|carecen?|(?:por\s+)?falta\s+de|caused\s+by|causad\w+|provoc\w+|"
                           r"factors?|factores|stems?\s+from|led\s+to|leads\s+to|thanks\s+to|gracias\s+a|"
                           r"explicad[oa]s?\s+por)\b", re.I)


def asks_why(question: str) -> bool:
    """Whether the question asks for a reason ("why …?", "¿por qué …?", "what were the reasons …?")."""
    return bool(_WHY_Q.search(question))


def opens_on_why(question: str) -> bool:
    """Whether the question opens by asking why: it asks a reason, whatever nouns follow
    ("Why is the second timeline needed?" asks no date)."""
    return bool(_WHY_OPENS.match(question))


@lru_cache(maxsize=64)  # read once per candidate by type_match: the same question each time
def asks_reason(question: str) -> bool:
    """Whether a question asks for a cause or a barrier ("why …?", "the main reason", "¿qué obstáculos …?")."""
    return asks_why(question) or bool(_REASON_Q.search(question))


def gives_cause(text: str) -> bool:
    """Whether a sentence states a cause ("… attributed this mainly to …", "debido a …")."""
    return bool(_BECAUSE.search(text))


def gives_reason(text: str) -> bool:
    """Whether a sentence answers a reason question: a cause, a purpose ("para que") or what
    stands in the way ("lack of", "barreras", "los principales factores")."""
    return gives_cause(text) or bool(_REASON_GIVEN.search(text))
