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
from dataclasses import replace

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



# "Acuerdos", "3. Acuerdos y compromisos", "Agreed actions", "Action points", "Next steps", "Próximos pasos"
_AGREED = re.compile(r"^\s*#*\s*(?:\d{1,2}\.?\s+)?(?:acuerdos(?:\s+y\s+compromisos)?|agreed\s+(?:actions|next\s+steps|points)|"
                     r"action\s+points|(?:agreed\s+)?next\s+steps|pr[oó]ximos\s+pasos)\s*:?\s*$", re.IGNORECASE)
# a fact stated inside the item's own line, after its statement: "… migrantes. Responsable: Gobierno Municipal (Lic.
# Patricia Cuéllar). Fecha: 20 de junio de 2025."
_INLINE = re.compile(r"(?:^|(?<=[.;)\s]))(?P<label>(?P<responsible>responsables?|responsible|owner|lead|a\s+cargo)|"
                     r"(?P<deadline>fecha(?:\s+l[ií]mite)?|plazo|deadline|by\s+when|due(?:\s+date)?))\s*:\s*", re.IGNORECASE)


def listed_actions(lines: list[Line], loc: _Locator) -> list[Record]:
    """A meeting's agreed actions: the numbered items under an "Acuerdos" / "Agreed actions" /
    "Next steps" heading that each state who acts or by when, in the item's own line
    ("3. Convocar una mesa de diálogo … Responsable: Gobierno Municipal. Fecha: 20 de junio
    de 2025.") or on the lines under it; [] when none does."""
    own_heads = {h.start for h in loc.doc.headings}
    out: list[Record] = []
    inside = False
    for ln in lines:
        if _AGREED.match(ln.text):
            inside = True
            continue
        if not inside or not ln.s:
            continue
        m = _ITEM.match(ln.text)
        fact = _FACT.match(ln.text) if out else None
        if fact and out[-1].end >= ln.start - 2:  # a fact line right under the item
            out[-1] = with_fact(out[-1], fact, ln, loc)
        elif m:
            out.append(_with_inline(loc.make("action", m.group(1), m.group(2), ln.start + ln.text.index(m.group(2)),
                                             ln.end)))
        elif ln.start in own_heads or heading_of(ln.text) is not None:
            inside = False
    return out if any(r.responsible or r.deadline for r in out) else []


def _with_inline(r: Record) -> Record:
    """``r`` with the facts its statement states after it, the statement cut before them."""
    marks = list(_INLINE.finditer(r.text))
    if not marks:
        return r
    facts = {}
    for k, m in enumerate(marks):
        value = r.text[m.end():marks[k + 1].start() if k + 1 < len(marks) else len(r.text)].strip().rstrip(".;").strip()
        field = "responsible" if m.group("responsible") else "deadline"
        if value and field not in facts:
            facts[field] = value
    return replace(r, text=r.text[:marks[0].start()].strip(), **facts)
