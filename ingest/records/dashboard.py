"""A progress report's status dashboard: a table headed "Action | Lead | Deadline | Status |
Comment" whose rows a PDF gives cell by cell, each wrapped over narrow lines ("I.2 Reduce the
fine for overstay" / "for applicants to regularisation" / "processes" / "MIGRACIONES, Ministry
of" / "Economy and Finance (MEF)" / "December 2024 Delayed Draft decree under review by the" /
"MEF; fines remain …"). Each row is an action: its statement, lead, deadline and status; the
comment stays in its detail (the row as the document has it)."""
from __future__ import annotations

import re

from ..chunker import Line as _Line
from ..chunker import heading_of
from .patterns import _DATE, _FUNCTION_WORD_END, _STATUS, _flat, _Locator
from .record import Record

# the header line: an action, its lead, its deadline and its status, in that order ("Action Lead Deadline Status Comment")
_HEADER = re.compile(r"^\s*(?:actions?|acci[oó]n(?:es)?|measures?|medidas?)\s+(?:lead|responsible|responsable|l[ií]der|"
                     r"institution|instituci[oó]n)\w*\b.*\b(?:deadline|plazo|timeline|due)\b.*\b(?:status|estado)\b", re.I)
_ROW = re.compile(r"^\s*((?:[IVX]{1,4}|\d{1,2})\.\d{1,2})\.?\s+(\S.*)$")  # "I.2 Reduce …", "3.1 Open …"
_WHEN = re.compile(rf"(?<![\w-])({_DATE})\s+({_STATUS})(?![\w-])\s*(.*)$", re.I)  # "December 2024 Delayed Draft …"
_ARTICLE_END = re.compile(r"\b(?:a|an|its|their|un|una|los|las|su|sus|al)\s*$", re.I)  # "… migrants holding a" / "CPP …"
_NOTE = re.compile(r"^\s*(?:sources?|fuentes?|notes?|notas?)\s*:", re.I)  # the table's note under its last row
TRAILING = 6  # the last row's comment runs over at most this many lines


def dashboard_actions(lines: list[_Line], loc: _Locator) -> list[Record]:
    """The rows of the first status dashboard in ``lines`` as actions; [] without one."""
    head = next((k for k, ln in enumerate(lines) if _HEADER.match(ln.text)), None)
    if head is None:
        return []
    starts, stop = [], len(lines)  # the rows' first lines; where the table ends (a heading after its rows)
    for k in range(head + 1, len(lines)):
        if _ROW.match(lines[k].text):
            starts.append(k)
        elif starts and heading_of(lines[k].text) is not None:
            stop = k
            break
    out = []
    for n, k in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else stop
        block = [ln for ln in lines[k:end] if ln.s]
        rec = _row(block, loc)
        if rec is not None:
            out.append(rec)
    return out


def _row(block: list[_Line], loc: _Locator) -> Record | None:
    """One row's action: the statement goes on while its line ends on a function word or the
    next opens in lower case or a bracket; the lead is what lies between it and the deadline."""
    m = _ROW.match(block[0].text)
    at = next((i for i, ln in enumerate(block) if _WHEN.search(ln.s)), None)
    if at is None:
        return None
    stmt, rest = [m.group(2).strip()], [ln.s for ln in block[1:at]]
    while rest and (_FUNCTION_WORD_END.search(stmt[-1]) or _ARTICLE_END.search(stmt[-1]) or rest[0][:1].islower()
                    or rest[0][:1] == "("):
        stmt.append(rest.pop(0))
    when = _WHEN.search(block[at].s)
    lead = _flat(" ".join(rest + [block[at].s[:when.start()]]))
    if at == 0 or not lead:
        return None
    tail = []  # the comment's lines after the status's, up to a heading (the table's last row)
    for ln in block[at + 1:at + 1 + TRAILING]:
        if heading_of(ln.text) is not None or _NOTE.match(ln.text):
            break
        tail.append(ln)
    end = (tail[-1] if tail else block[at]).end
    return loc.make("action", m.group(1), " ".join(stmt), block[0].start, end, responsible=lead,
                    deadline=_flat(when.group(1)), status=_flat(when.group(2)),
                    detail=_flat(loc.doc.text[block[0].start:end]))
