"""Priorities: lettered sections ("A) …", "B) …") and "Pillar one:" paragraphs."""
from __future__ import annotations

import re

from ..blocks import CELL_SEP
from ..chunker import Line as _Line
from .patterns import _flat, _join, _Locator
from .record import Record

# priorities
_LETTERED = re.compile(r"^\s*([A-H])\)\s+(\S.{2,150})$")
_PILLAR = re.compile(
    r"^\s*((?:pillar|pilar|eje|priority|prioridad)\s+(?:\d{1,2}|one|two|three|four|five|six|uno|dos|tres|cuatro|cinco|seis))"
    r"\s*:\s*(\S.*)$",
    re.IGNORECASE,
)


def _priorities(lines: list[_Line], loc: _Locator) -> list[Record]:
    heads = [(k, m) for k, ln in enumerate(lines) if (m := _LETTERED.match(ln.text))]
    # keep a run of letters A, B, C… in order (at least two)
    run, want = [], "A"
    for k, m in heads:
        if m.group(1) == want:
            run.append((k, m))
            want = chr(ord(want) + 1)
    out: list[Record] = []
    if len(run) >= 2:
        for j, (k, m) in enumerate(run):
            k_end = run[j + 1][0] if j + 1 < len(run) else len(lines)
            body = lines[k + 1:k_end]
            end = body[-1].end if body else lines[k].end
            out.append(loc.make("priority", m.group(1), m.group(2), lines[k].start, end, detail=_join(body),
                                section=(f"{m.group(1)}) {_flat(m.group(2))}",)))
    letter_at = [(lines[k].start, m.group(1), m.group(2)) for k, m in run] if len(run) >= 2 else []
    own = {h.start for h in loc.doc.headings}  # "Eje 1: …" as a web page's or Word file's heading names an area
    for k, ln in enumerate(lines):
        m = _PILLAR.match(ln.text)
        if not m or CELL_SEP in ln.text or ln.start in own:  # nor is a table's row a priority
            continue
        para = [ln]
        text = [m.group(2)]
        kk = k + 1
        while not re.search(r"[.!?]$", para[-1].s) and kk < len(lines) and lines[kk].s and len(para) < 12 \
                and CELL_SEP not in lines[kk].text:
            para.append(lines[kk])
            text.append(lines[kk].s)
            kk += 1
        under = [(letter, t) for pos, letter, t in letter_at if pos < ln.start]
        section = (f"{under[-1][0]}) {_flat(under[-1][1])}", _flat(m.group(1))) if under else None
        out.append(loc.make("priority", _flat(m.group(1)), " ".join(text), ln.start, para[-1].end,
                            area=_flat(under[-1][1]) if under else "", section=section))
    return out
