"""A report's recommendations written as a numbered list under its "Recommendations" /
"Recomendaciones" heading, each item with the facts stated under it:

    ## Recomendaciones
    1. Abrir un espacio seguro para sobrevivientes … en Lethem.
       Responsable: CPSA y organizaciones socias …
       Plazo: septiembre de 2025

Each item runs to its first fact line, a blank line or the next item; the fact lines
(:data:`commitments._FACT`) give its responsible, deadline and target. A list of one item
that states no fact is left alone."""
from __future__ import annotations

import re
from dataclasses import replace

from ..chunker import Line, heading_of
from .commitments import _FACT, with_fact
from .patterns import _BULLET, _Locator
from .record import Record

# "Recommendations", "5. Recomendaciones", "Recomendaciones principales"; not "Recommendations of the 2022 review"
_HEAD = re.compile(r"^\s*#*\s*(?:\d{1,2}\.?\s+)?(?:key\s+|main\s+)?(?:recommendations|recomendaciones)(?:\s+(?:principales|clave|"
                   r"for\s+the\s+(?:next|new|second)\s+phase|para\s+la\s+(?:pr[oó]xima|siguiente|nueva|segunda)\s+fase))?"
                   r"\s*:?\s*$", re.IGNORECASE)
# "1. Abrir …", "2) …", an evaluation's "R1 – Strengthen …" / "R2. …"
_ITEM = re.compile(r"^\s*(?:[-•·*]\s+)?(?:R\s?)?(\d{1,2})(?:[.)]|(?<=\d)\s+[–—-])\s+(\S.*)$")
# an agreement numbered by its name: "Acuerdo 3. Elaborar …", "Agreement 2: …", "Action point 4. …"
_NAMED_ITEM = re.compile(r"^\s*(?:acuerdo|agreement|action\s+point|punto\s+de\s+acci[oó]n)\s+(\d{1,2})\s*[.:)–—-]\s*(\S.*)$",
                         re.IGNORECASE)


def listed_recommendations(lines: list[Line], loc: _Locator) -> list[Record]:
    """The numbered or bulleted items under a recommendations heading, with their facts (see the
    module docstring); [] when there is no such list, or one item that states no fact. A fact
    line may state several facts and wrap onto the next line ("Responsibility: MEL Unit.
    Timeframe: by" / "30 June 2025.")."""
    own_heads = {h.start for h in loc.doc.headings}
    out: list[Record] = []
    inside, facts = False, 0
    cur: list[Line] = []
    stated: list[Line] = []  # the current item's fact line and the lines it wraps onto
    number, bulleted = "", None

    def close():
        nonlocal cur, stated, facts
        if cur:
            # its facts stated in its own line: "… la frontera. Dirigida a: ACNUR …"
            out.append(_with_inline(loc.make("recommendation", number, " ".join(c.s for c in cur), cur[0].start, cur[-1].end),
                                    _LABELS))
        elif stated and out and out[-1].number == number:
            before = out[-1]
            fact = _FACT.match(stated[0].text)  # "- Responsible: …", "Lead agency: …", "Indicator: …"
            out[-1] = _with_stated(with_fact(before, fact, stated[0], loc) if fact else before, stated, loc)
            facts += out[-1] != before
        cur, stated = [], []

    for ln in lines:
        if _HEAD.match(ln.text):
            close()
            inside, number, bulleted = True, "", None
            continue
        if not inside:
            continue
        if not ln.s:
            close()
            continue
        m = _ITEM.match(ln.text)
        if m and int(m.group(1)) not in (1, int(number or 0) + 1) and (number or int(m.group(1)) > 9):
            m = None  # a numbered paragraph of the report ("52. The following six recommendations …"), not a list's item
            # (a Word list may go on numbering from the list before it: "5. Integrate …" first)
        fact = _FACT.match(ln.text) or _STATED.match(ln.text) if number else None
        bullet = _BULLET.match(ln.text) if not m and not fact and bulleted is not False else None
        if m or bullet:  # a list of bullets numbers its items in order; a numbered list's bullets go on its items
            bulleted = bulleted if bulleted is not None else bool(bullet)
        if ln.start in own_heads:  # a heading the file marks ends the list, numbered like its next item or not
            close()
            inside = False
        elif fact:
            close()
            stated = [ln]
        elif m or bullet:
            close()
            said = (m or bullet).group(m.lastindex if m else 1)
            cur, number = [Line(ln.start + ln.text.index(said), ln.end, said)], m.group(1) if m else str(int(number or 0) + 1)
        elif heading_of(ln.text) is not None:
            close()
            inside = False
        elif stated and not re.search(r"[.;!?]\s*$", stated[-1].s):
            stated.append(ln)  # the fact line wraps: "Timeframe: by" / "December 2025."
        elif stated:
            close()
        elif cur:
            cur.append(ln)
    close()
    return out if facts or len(out) >= 2 else []


# a fact line's label, as a recommendation states who and by when: "Responsibility: …", "Timeframe: …"
_STATED = re.compile(r"^\s*(?:responsib(?:le|ility)|lead|responsables?|time\s*frame|timeline|deadline|plazo)\s*:", re.I)
_LABELS = re.compile(r"(?:^|(?<=[.;]\s))(?P<label>(?P<responsible>responsib(?:le|ility)(?:\s+(?:unit|units|office))?|lead|"
                     r"(?:instituci[oó]n|unidad|entidad)\s+responsable|responsables?|dirigida\s+a|addressed\s+to)|"
                     r"(?P<deadline>time\s*frame|timeline|deadline|plazo|fecha\s+l[ií]mite)|(?P<target>targets?|metas?)|"
                     r"(?P<priority>priority|prioridad))\s*:\s*", re.IGNORECASE)


def _with_stated(r: Record, stated: list[Line], loc: _Locator) -> Record:
    """``r`` with the facts its fact lines state (each label's value runs to the next label),
    its span taken to them; ``r`` as it was when they state none it lacks."""
    text = " ".join(ln.s for ln in stated)
    facts = {f: v for f, v in _label_values(text, list(_LABELS.finditer(text))).items() if not getattr(r, f)}
    if not facts:
        return r
    end = max(r.end, stated[-1].end)
    return replace(r, **facts, end=end, page_end=loc.page(max(r.start, end - 1)))


# "Acuerdos", "3. Acuerdos y compromisos", "Agreed actions", "Action points", "Next steps", "Próximos pasos"
_AGREED = re.compile(r"^\s*#*\s*(?:\d{1,2}\.?\s+)?(?:acuerdos(?:\s+y\s+compromisos)?|agreed\s+(?:actions|next\s+steps|points)|"
                     r"action\s+points|(?:agreed\s+)?next\s+steps|pr[oó]ximos\s+pasos)\s*:?\s*$", re.IGNORECASE)
# a fact stated inside the item's own line, after its statement: "… migrantes. Responsable: Gobierno Municipal (Lic.
# Patricia Cuéllar). Fecha: 20 de junio de 2025."
_INLINE = re.compile(r"(?:^|(?<=[.;)]\s)|(?<=[.;)]))(?P<label>(?P<responsible>responsables?|responsible|owner|lead|a\s+cargo)|"
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
        m = _ITEM.match(ln.text) or _NAMED_ITEM.match(ln.text)
        fact = _FACT.match(ln.text) if out else None
        if fact and out[-1].end >= ln.start - 2:  # a fact line right under the item
            out[-1] = with_fact(out[-1], fact, ln, loc)
        elif ln.start in own_heads or heading_of(ln.text) is not None:
            inside = False
        elif not m and out and out[-1].end >= ln.start - 2 and _INLINE.match(ln.text.strip()):
            # a fact line of the agreement's own labels ("Fecha: 20 de marzo de 2025")
            stated = ln.text.strip()
            facts = {f: v for f, v in _label_values(stated, list(_INLINE.finditer(stated))).items() if not getattr(out[-1], f)}
            out[-1] = replace(out[-1], **facts, end=ln.end, page_end=loc.page(ln.end - 1))
        elif not m and out and out[-1].end >= ln.start - 2 and not (out[-1].responsible or out[-1].deadline):
            # the statement wrapped onto the next line, above its facts
            out[-1] = replace(out[-1], text=f"{out[-1].text} {ln.text.strip()}", end=ln.end, page_end=loc.page(ln.end - 1))
        elif m and int(m.group(1)) != (int(out[-1].number) + 1 if out and out[-1].number.isdigit() else 1):
            inside = False  # the next numbered section ("4. Participantes"), or another list
        elif m:
            out.append(_with_inline(loc.make("action", m.group(1), m.group(2), ln.start + ln.text.index(m.group(2)),
                                             ln.end)))
    return out if any(r.responsible or r.deadline for r in out) else []


def _with_inline(r: Record, labels: re.Pattern = _INLINE) -> Record:
    """``r`` with the facts its statement states after it (``labels``: their labels, whose named
    group says the field), the statement cut before them."""
    marks = [m for m in labels.finditer(r.text) if m.start() > 0]
    if not marks:
        return r
    return replace(r, text=r.text[:marks[0].start()].strip(), **_label_values(r.text, marks))


def _label_values(text: str, marks: list[re.Match]) -> dict[str, str]:
    """Each labelled fact of ``text`` (``marks``: its labels, whose named group says the field),
    from its label to the next one, whitespace collapsed; the first of each field."""
    facts: dict[str, str] = {}
    for k, m in enumerate(marks):
        value = text[m.end():marks[k + 1].start() if k + 1 < len(marks) else len(text)].strip().rstrip(".;").strip()
        field = next(f for f in ("responsible", "deadline", "target", "priority") if f in m.re.groupindex and m.group(f))
        if value and field not in facts:
            facts[field] = " ".join(value.split())
    return facts


# a line that announces a list of commitments: "… make the following commitments:", "Fundación Alero asume los
# siguientes compromisos públicos, cuyo cumplimiento informaremos …:", "The Government commits to:", a strategy's "We will:"
_ANNOUNCED = re.compile(r"^(?:(?=.*\b(?:commitments?|pledges?|compromisos?)\b)(?=.*\b(?:following|siguientes|as\s+follows|"
                        r"a\s+continuaci[oó]n)\b)|(?=.*\b(?:commits?\s+to|committed\s+to|se\s+comprometen?\s+a)\b)|"
                        r"(?=\W*(?:we\s+will|nos\s+comprometemos\s+a|(?:vamos|nos\s+proponemos)\s+a)\s*:\s*$))"
                        r"[^\n]*:\s*$", re.IGNORECASE)
_LISTED = re.compile(r"^\s*(?:[-•·*▪‣●◦]\s+|(\d{1,2})[.)]\s+)(\S.*)$")


def announced_commitments(lines: list[Line], loc: _Locator) -> list[Record]:
    """The items of a list a line announces as commitments ("By signing this document, the
    participating organisations make the following commitments:" then "• To channel at least
    30 per cent …"; "… asume los siguientes compromisos públicos …:" then "1. Lograr que …"),
    each with the lines it wraps onto, numbered as the list numbers them or in order. The
    list ends at a blank line after an item, a heading, or a number out of sequence."""
    out: list[Record] = []
    announced, cur, number, count = False, [], "", 0
    prev = ""  # the line before: an announcing sentence may wrap ("… asume los siguientes compromisos públicos, cuyo
    # cumplimiento" / "informaremos en el próximo informe anual:")

    def close():
        nonlocal cur
        if cur:
            out.append(loc.make("commitment", number, " ".join(c.s for c in cur), cur[0].start, cur[-1].end))
        cur = []

    for ln in lines:
        # the line before belongs to the sentence when it does not end one
        said, prev = (ln.text if re.search(r"[.;!?:]\s*$", prev) or not prev.strip() else f"{prev} {ln.text}"), ln.text
        if not announced:
            announced, count = bool(_ANNOUNCED.search(said)), 0
            continue
        m = _LISTED.match(ln.text)
        if m and m.group(1) and int(m.group(1)) != count + 1:
            m = None  # "8. Gobernanza …" after item 7 of another run, or a section's number
        if not ln.s:
            if cur:
                close()
                announced = False
            continue
        if m and heading_of(ln.text) is None:
            close()
            count += 1
            number = m.group(1) or str(count)
            cur = [Line(ln.start + ln.text.index(m.group(2)), ln.end, m.group(2))]
        elif cur and heading_of(ln.text) is None and not _LISTED.match(ln.text):
            cur.append(ln)
        else:
            close()
            announced = bool(_ANNOUNCED.search(said))
            count = 0
    close()
    return out
