"""Indicator tables: a header row naming indicator, population, baseline, target and
actual columns; rows whose cells are separated by runs of 3+ spaces and wrap over lines."""
from __future__ import annotations

import re
from itertools import product

from ..chunker import Line as _Line
from .patterns import _flat, _Locator
from .record import Record

# indicator tables
_CELL_SPLIT = re.compile(r"\s{3,}")
_ROLES = (
    ("country", re.compile(r"^(?:country|pa[ií]s|operation|operaci[oó]n)$", re.IGNORECASE)),
    ("name", re.compile(r"^(?:indicators?|indicador(?:es)?)\b", re.IGNORECASE)),
    ("population", re.compile(r"\b(?:population|poblaci[oó]n|grupo\s+de\s+poblaci[oó]n)\b", re.IGNORECASE)),
    ("baseline", re.compile(r"\b(?:baseline|l[ií]nea\s+(?:de\s+)?base)\b", re.IGNORECASE)),
    ("target", re.compile(r"\b(?:target|meta|objetivo)\b", re.IGNORECASE)),
    ("actual", re.compile(r"\b(?:actual|achieved|result|logro|logrado|alcanzado|real)\b", re.IGNORECASE)),
)
_CODE = r"[A-Z]{0,3}\d{1,3}(?:\.\d{1,3})+[a-z]?\.?"
_VALUE = re.compile(
    r"\s*(?:unknown|desconocido|n/?a|[-–—]|yes|no|s[ií]|"
    r"[<>≥≤]?\s*-?\d[\d,. ]*\s*%?|"
    r"[^\W\d_][^:]{0,60}:\s*[<>≥≤]?\s*\d[\d\s\-–.]*\s*(?:points|puntos)?)\s*",
    re.IGNORECASE,
)


def _table_roles(line: str) -> list[str] | None:
    cells = _CELL_SPLIT.split(line.strip())
    if len(cells) < 3:
        return None
    roles = []
    for c in cells:
        role = next((r for r, rx in _ROLES if rx.search(c)), "other")
        roles.append(role)
    if "name" not in roles or not ({"baseline", "target", "actual"} & set(roles)):
        return None
    return roles


def _row_start(line: str, roles: list[str]) -> bool:
    if roles and roles[0] == "country":
        return bool(re.match(rf"^\s*\S[^\n]*?\s{{3,}}{_CODE}\s+\S", line))
    return bool(re.match(rf"^\s*{_CODE}\s+\S", line))


def _row_cells(lines: list[str], roles: list[str]) -> list[str] | None:
    """Cells of a table row from its wrapped lines, or None when no single split fits.

    Each line break either continues a cell or starts a new one; the split kept is
    the unique one giving one cell per column with value-like cells where values go."""
    pieces = [_CELL_SPLIT.split(ln.strip()) for ln in lines]
    found = []
    for mask in product((False, True), repeat=len(pieces) - 1):
        cells = list(pieces[0])
        for merge, p in zip(mask, pieces[1:]):
            if merge:
                cells[-1] = f"{cells[-1]} {p[0]}"
                cells += p[1:]
            else:
                cells += p
        if len(cells) != len(roles):
            continue
        ok = True
        for c, r in zip(cells, roles):
            if r in ("baseline", "target", "actual") and not _VALUE.fullmatch(c):
                ok = False
            elif r in ("population", "country") and (_VALUE.fullmatch(c) or re.match(r"\s*\d", c)):
                ok = False
            elif r == "name" and not re.match(rf"\s*{_CODE}\s", c):
                ok = False
        if ok:
            cells = [_flat(c) for c in cells]
            if cells not in found:
                found.append(cells)
    return found[0] if len(found) == 1 else None


_AREA_HEAD = re.compile(
    r"^\s*\d{1,2}\.\s+((?:impact|outcome|enabling)\s+area|[áa]rea\s+de\s+(?:impacto|resultados?))\s*:\s*(.+?)\s*$",
    re.IGNORECASE,
)


def _indicators(lines: list[_Line], loc: _Locator) -> list[Record]:
    out: list[Record] = []
    area = ""
    i = 0
    n = len(lines)
    while i < n:
        s = lines[i].text
        m = _AREA_HEAD.match(s)
        if m:
            area = f"{_flat(m.group(1)).title()}: {_flat(m.group(2))}"
        roles = _table_roles(s) if _CELL_SPLIT.search(s.strip()) else None
        if not roles:
            i += 1
            continue
        table_area = area
        prev = next((lines[j].s for j in range(i - 1, -1, -1) if lines[j].s), "")
        if prev and len(prev.split()) <= 6 and not prev.endswith(".") and not _CELL_SPLIT.search(prev):
            table_area = prev
        i += 1
        while i < n:
            while i < n and not lines[i].s:
                i += 1
            if i >= n or not _row_start(lines[i].text, roles):
                break
            row = [lines[i]]
            cells = _row_cells([lines[i].text], roles)
            j = i + 1
            while cells is None and len(row) < 5:
                while j < n and not lines[j].s:
                    j += 1
                if j >= n or _row_start(lines[j].text, roles) or _table_roles(lines[j].text):
                    break
                row.append(lines[j])
                cells = _row_cells([r.text for r in row], roles)
                j += 1
            if cells is None:
                # incomplete or ambiguous: keep code and name from the first cell only
                first = _CELL_SPLIT.split(row[0].s)
                name_cell = first[1] if roles[0] == "country" and len(first) > 1 else first[0]
                vals = {}
                row = row[:1]
            else:
                vals = dict(zip(roles, cells))
                name_cell = vals["name"]
            cm = re.match(rf"\s*({_CODE})\s+(.*)$", name_cell)
            code, name = (cm.group(1).rstrip("."), cm.group(2)) if cm else ("", name_cell)
            out.append(loc.make(
                "indicator", code, name, row[0].start, row[-1].end, area=table_area,
                population=vals.get("population", ""), baseline=vals.get("baseline", ""),
                target=vals.get("target", ""), actual=vals.get("actual", ""),
                detail=_flat(" ".join(r.text for r in row)),
            ))
            i = i + len(row)
    return out
