"""A plan's commitments marked with letters or roman numerals: "a) Contratar 25 personas
oficiales …" under "Resultado esperado 1.1.1: …", with "Institución responsable: …" and
"Plazo: …" lines under it, or "VIII. Garantizar la afiliación … (responsables: SENASA y
Gabinete de Salud; plazo: diciembre de 2026)." — each item that opens on what is to be
done or commits, in a document whose title names a plan."""
from __future__ import annotations

import re
from dataclasses import replace

from ..chunker import Line, heading_of
from .commitments import _FACT, _PLAN_TITLE, _PLEDGE, _directive
from .patterns import _flat, _Locator, inline_facts
from .record import Record

# "a) …", "(b) …", "c. …"; "IV. …", "XII) …" (a lower-case "i)" is read as a letter)
_MARKED = re.compile(r"^\s*(?:\(?(?P<letter>[a-z])\)|(?P<letter2>[a-z])\.|(?P<roman>[IVXL]{1,6})[.)])\s+(?P<text>\S.*)$")
# an action line of a plan, labelled and numbered: "• Línea de acción 1.1.1 Abrir dos módulos …", "Action 2.3: Train …"
_LABELLED_ITEM = re.compile(r"^\s*(?:[-•·*]\s+)?(?:l[íi]nea\s+de\s+acci[óo]n|acci[óo]n|action(?:\s+line)?|medida|measure)\s+"
                            r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.:–-]?\s+(?P<text>\S.*)$", re.IGNORECASE)
# a labelled line under an item ("Indicador: número de oficiales …"): the item's facts go on below it
_LABELLED = re.compile(r"^\s*[A-ZÁÉÍÓÚÑ][^\W\d_]*(?:\s+[^\W\d_]+){0,3}\s*:\s+\S")
# the numbered level the items of a letter belong to: "Resultado esperado 1.1.1: …", "Objetivo específico 1.2. …"
_NUMBERED_LEVEL = re.compile(r"^\s*(?:[^\W\d_]+\s+){1,3}(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.:]\s+\S")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(s: str) -> int:
    values = [_ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _open_bracket(lines: list[Line]) -> bool:
    """Whether the item's lines leave a bracket open: "(responsables: DGM y Hacienda;" goes on."""
    text = " ".join(ln.s for ln in lines)
    return text.count("(") > text.count(")")


def marked_commitments(lines: list[Line], loc: _Locator) -> list[Record]:
    """In a plan (by its title), the items of each run of letters ("a)", "b)", … from "a") or
    roman numerals ("I." … from "I", on through the document), and in any document its
    labelled action lines ("Línea de acción 1.1.1 …"), whose first sentence opens on what is
    to be done or commits; each to the line that ends its sentence, the next item, a
    heading or a blank line, its facts in brackets at its end or on the lines after it."""
    plan = bool(_PLAN_TITLE.search(loc.doc.title or loc.doc.doc))
    out: list[Record] = []
    cur: list[Line] = []
    level, number, expect_letter, expect_roman = "", "", "a", 1
    facts_to: int | None = None  # the record the fact lines under it belong to

    def close():
        nonlocal cur, facts_to
        if cur:
            m = _MARKED.match(cur[0].text) or _LABELLED_ITEM.match(cur[0].text)
            text, facts = inline_facts(_flat(" ".join([m.group("text")] + [c.s for c in cur[1:]])))
            first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
            if _directive(first) or _PLEDGE.search(first):
                parent = level if m.re is _MARKED and not m.group("roman") else ""
                out.append(loc.make("commitment", number, text, cur[0].start, cur[-1].end, parent=parent, **facts))
                facts_to = len(out) - 1
        cur = []

    for ln in lines:
        if not ln.s:
            close()
            continue
        fact = _FACT.match(ln.text)
        if fact and (cur or facts_to is not None) and not (cur and _open_bracket(cur)):  # a fact of the item above
            close()
            if facts_to is not None:
                field = next(f for f in ("responsible", "deadline", "target") if fact.group(f))
                if not getattr(out[facts_to], field):
                    out[facts_to] = replace(out[facts_to], **{field: _flat(fact.group("value")).rstrip(".")})
            continue
        labelled = _LABELLED_ITEM.match(ln.text)
        m = _MARKED.match(ln.text) if plan else None
        letter = m and (m.group("letter") or m.group("letter2"))
        roman = m and m.group("roman")
        if labelled:
            close()
            cur, facts_to, number = [ln], None, labelled.group("number")
        elif m and ((letter and letter in ("a", expect_letter)) or (roman and _roman(roman) == expect_roman)):
            close()
            cur, facts_to = [ln], None
            if letter:
                number, expect_letter = letter, chr(ord(letter) + 1)
            else:
                number, expect_roman = roman, expect_roman + 1
        elif _NUMBERED_LEVEL.match(ln.text) or heading_of(ln.text) is not None:
            close()
            lv = _NUMBERED_LEVEL.match(ln.text)
            level, expect_letter, facts_to = (lv.group(1) if lv else level), "a", None
            continue
        elif cur:
            cur.append(ln)
        elif not _LABELLED.match(ln.text):
            facts_to = None  # other text: the facts of an item are right under it
        if cur and re.search(r"[.;]$", ln.s) and not _open_bracket(cur):
            close()
    close()
    return out
