"""Questions that ask why, for a reason or for what stands in the way, and sentences that give
a cause: "Why is the second timeline needed?", "¿Cuál fue la razón del retraso?", "the main
barrier to formal jobs" want "… mainly because many participants still lack a residence permit"."""
from __future__ import annotations

import re

_NOT_WHY = r"(?!\s+(?:fecha|a[nñ]o|mes|d[ií]a|plazo|medio|v[ií]a)\b)"  # "¿Para qué fecha …?" asks a date
# "¿Por qué …?" asks why where it opens the question; inside it, "por qué entidad" is "by which entity"
_WHY_Q = re.compile(r"\b(?:why|what\s+(?:is|was|are|were)\s+the\s+reasons?)\b|(?:^|¿|,|\by)\s*(?:por|para)\s+qu[eé]\b"
                    + _NOT_WHY, re.I)
_WHY_OPENS = re.compile(r"^\W*(?:why|(?:por|para)\s+qu[eé]" + _NOT_WHY + r")\b", re.I)
_REASON_Q = re.compile(r"\b(?:reasons?|raz[oó]n(?:es)?|causes?|causas?|motivos?|barriers?|barreras?|obstacles?|"
                       r"obst[aá]culos?|(?:what|which)\s+(?:explains?|explained|led\s+to|leads\s+to)|due\s+to\s+what|"
                       r"\ba\s+qu[eé]\s+(?:se\s+)?(?:deb[ei]\w*|atribu\w*|obedec\w*)|qu[eé]\s+explica\w*)\b", re.I)
# a sentence that gives a cause or a purpose
_CAUSE = re.compile(r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result|caused\s+by|thanks\s+to|lack\s+of|lacks?|"
                    r"lacking|stems?\s+from|attributed\s+to|led\s+to|leads\s+to|so\s+that|in\s+order\s+to|"
                    r"reasons?|causes?|barriers?|obstacles?|porque|debido\s+a|a\s+causa\s+de|por\s+falta\s+de|"
                    r"falta\s+de|carecen?|gracias\s+a|ya\s+que|puesto\s+que|dado\s+que|se\s+debe|se\s+deb[ií]a|"
                    r"provoc\w+|causad\w+|causas?|motivos?|raz[oó]n(?:es)?|para\s+que|a\s+fin\s+de|con\s+el\s+fin\s+de|"
                    r"barreras?|obst[aá]culos?|factors?|factores|explained\s+by|explicad[oa]s?\s+por)\b", re.I)


def asks_why(question: str) -> bool:
    """Whether the question asks for a reason ("why …?", "¿por qué …?", "what were the reasons …?")."""
    return bool(_WHY_Q.search(question))


def opens_on_why(question: str) -> bool:
    """Whether the question opens by asking why: it asks a reason, whatever nouns follow
    ("Why is the second timeline needed?" asks no date)."""
    return bool(_WHY_OPENS.match(question))


def asks_reason(question: str) -> bool:
    """Whether a question asks for a cause or a barrier ("why …?", "the main reason", "¿qué obstáculos …?")."""
    return asks_why(question) or bool(_REASON_Q.search(question))


def gives_cause(text: str) -> bool:
    """Whether a sentence gives a cause or a purpose ("because", "due to", "lack of", "debido a", "para que")."""
    return bool(_CAUSE.search(text))
