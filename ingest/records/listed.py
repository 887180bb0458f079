"""A report's recommendations written as a numbered list under its "Recommendations" /
"Recomendaciones" heading, each item with the facts stated under it:

    ## Recomendaciones
    1. Abrir un espacio seguro para sobrevivientes … en Lethem.
       Responsable: CPSA y organizaciones socias …
       Plazo: septiembre de 2025

Each item runs to its first fact line, a blank line or the next item; the fact lines
(:data:`commitments._FACT`) give its responsible, deadline and target. A list none of
whose items states a fact is left alone (a summary's bullet list of recommendations)."""
from __future__ import annotations

import re

from ..chunker import Line, heading_of
from .commitments import _FACT, with_fact
from .patterns import _Locator
from .record import Record

# "Recommendations", "5. Recomendaciones", "Recomendaciones principales"; not "Recommendations of the 2022 review"
_HEAD = re.compile(r"^\s*#*\s*(?:\d{1,2}\.?\s+)?(?:key\s+|main\s+)?(?:recommendations|recomendaciones)(?:\s+(?:principales|clave))?"
                   r"\s*:?\s*$", re.IGNORECASE)
_ITEM = re.compile(r"^\s*(?:[-•·*]\s+)?(\d{1,2})[.)]\s+(\S.*)$")


def listed_recommendations(lines: list[Line], loc: _Locator) -> list[Record]:
    """The numbered items under a recommendations heading, with their facts (see the module
    docstring); [] when there is no such list or none of its items states a fact."""
    own_heads = {h.start for h in loc.doc.headings}
    out: list[Record] = []
    inside, facts = False, 0
    cur: list[Line] = []
    number = ""

    def close():
        nonlocal cur
        if cur:
            out.append(loc.make("recommendation", number, " ".join(c.s for c in cur), cur[0].start, cur[-1].end))
        cur = []

    for ln in lines:
        if _HEAD.match(ln.text):
            close()
            inside, number = True, ""
            continue
        if not inside:
            continue
        if not ln.s:
            close()
            continue
        m = _ITEM.match(ln.text)
        fact = _FACT.match(ln.text) if number else None
        if fact:
            close()
            if out and out[-1].number == number:
                out[-1] = with_fact(out[-1], fact, ln, loc)
                facts += 1
        elif m:
            close()
            cur, number = [Line(ln.start + ln.text.index(m.group(2)), ln.end, m.group(2))], m.group(1)
        elif ln.start in own_heads or heading_of(ln.text) is not None:
            close()
            inside = False
        elif cur:
            cur.append(ln)
    close()
    return out if facts else []

