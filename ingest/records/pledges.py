"""Pledges published one per card or section: under an "Our pledges" / "Nuestros compromisos"
heading, numbered headings ("1. Free legal aid for asylum seekers") each over a paragraph
that states the pledge ("We pledged to provide free legal counselling … by December 2025.
By the end of May 2025, 9,340 people …") and labelled lines ("Status: In progress",
"Lead: …", "Partners: …"), as an organisation's page of its Global Refugee Forum pledges
prints them. Each is a commitment: its statement is the paragraph's first sentence (what
follows reports progress), its status and owner the labelled lines'."""
from __future__ import annotations

import re
from dataclasses import replace

from ..chunker import Line, heading_of
from .listed import _ITEM
from .patterns import _Locator
from .record import Record

# "Our pledges", "Pledges", "Our commitments", "GRF pledges", "Nuestros compromisos", "Compromisos asumidos"
_PLEDGES = re.compile(r"^\s*#*\s*(?:our\s+|(?:grf|forum)\s+)?(?:pledges|commitments)(?:\s+made)?\s*:?\s*$|"
                      r"^\s*#*\s*(?:nuestros\s+)?compromisos(?:\s+asumidos)?\s*:?\s*$", re.IGNORECASE)
_LABELLED = re.compile(r"^\s*(?:(?P<status>status|estado|progress|avance)|(?P<responsible>lead(?:\s+team)?|owner|"
                       r"responsables?))\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)
_OTHER_LABEL = re.compile(r"^\s*[A-ZÁÉÍÓÚÑ][^\n:.]{1,30}:\s")  # "Partners: …", "Socios: …"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ0-9])")


def pledged_commitments(lines: list[Line], loc: _Locator) -> list[Record]:
    """The pledges of an "Our pledges" section whose numbered sub-headings each head one
    (module docstring); [] when there are fewer than two."""
    own_heads = {h.start for h in loc.doc.headings}
    out: list[Record] = []
    inside, number, stated = False, None, False
    for ln in lines:
        if not ln.s:
            continue
        heading = ln.start in own_heads or heading_of(ln.text) is not None
        if _PLEDGES.match(ln.text):
            inside, number = True, None
            continue
        if not inside:
            continue
        m = _ITEM.match(ln.text)
        if heading and m:
            number, stated = m.group(1), False
        elif heading:
            inside = False
        elif number is not None and not stated and not _OTHER_LABEL.match(ln.text):
            first = _SENTENCE_END.split(ln.s, maxsplit=1)[0]
            start = ln.start + ln.text.index(first[:20])
            out.append(loc.make("commitment", number, first, start, start + len(first)))
            stated = True
        elif stated and (lab := _LABELLED.match(ln.text)) and out[-1].number == number:
            field = "status" if lab.group("status") else "responsible"
            if not getattr(out[-1], field):
                value = lab.group("value").strip().rstrip(".")
                out[-1] = replace(out[-1], **{field: value}, end=ln.end, page_end=loc.page(ln.end - 1))
    return out if len(out) >= 2 else []
