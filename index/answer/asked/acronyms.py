"""Whether a text writes out an acronym the question uses ("NNA": "niñas, niños y
adolescentes"), so that the acronym, as a name the question pins down, is supported."""
from __future__ import annotations

import re

from puente.common.text import fold

# words an acronym's letters skip: "niñas, niños y adolescentes" is NNA, "violencia basada en género" VBG
_ACRONYM_SKIPS = {"y", "e", "de", "del", "la", "las", "los", "el", "en", "por", "para", "a", "and", "of", "the", "for",
                  "on", "in", "to"}


def spelt_out(acronym: str, folded: str, raw: str = "") -> bool:
    """Whether a text (``folded``, and as written, ``raw``) writes the acronym out: as the
    field's glossary expands it (``common.terms.ACRONYMS``: "NNA" is "niñas, niños y
    adolescentes"), as a name whose capitalised words' initials spell it ("PPT": "Presidencia
    Pro Tempore", "INM": "Instituto Nacional de Migración"), or, for four letters or more, as
    a run of words in one sentence whose initials spell it, function words aside ("UNHCR":
    "United Nations High Commissioner for Refugees"; three initials of any words fall in
    place by chance too often)."""
    from puente.common.terms import ACRONYMS

    if any(form in folded for form in ACRONYMS.get(acronym, ())):
        return True
    names = re.findall(r"[A-ZÁÉÍÓÚÑ][\w-]*(?:[ \t]+(?:(?:de|del|la|las|los|el|y|para|of|the|and|for)[ \t]+)*[A-ZÁÉÍÓÚÑ][\w-]*)+",
                       raw)
    if any(_initials(acronym, fold(n)) for n in names):
        return True
    if len(acronym) < 4:
        return False
    return any(_initials(acronym, piece) for piece in re.split(r"[.;:()\n]", folded))


def _initials(acronym: str, folded: str) -> bool:
    words = re.findall(r"[^\W\d_]+", folded)
    n = len(acronym)
    for i, w in enumerate(words):
        if w[0] != acronym[0] or w in _ACRONYM_SKIPS:
            continue
        k, j = 1, i + 1
        while k < n and j < len(words) and j - i < 2 * n:
            if words[j] not in _ACRONYM_SKIPS:
                if words[j][0] != acronym[k]:
                    break
                k += 1
            j += 1
        if k == n:
            return True
    return False
