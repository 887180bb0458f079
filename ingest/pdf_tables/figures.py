"""A PDF table's columns, which pypdf's plain text loses: a row reads "San Miguel 3.020
3.400 3.655" with one space between cells as between words. pypdf's layout mode keeps
the page's columns as runs of spaces but spreads justified prose (and running headers)
the same way, so the text is the plain one and only its table lines are taken from the
layout: a line whose words are the same in both and whose layout is a row of figures
(three cells or more, most of them figures), or a line of three cells or more next to
such a row and as wide (its header, a row stating its values in words). Tables read so
are then found like a Word file's: cells separated by a tab (the answer's row and
column, indicator records, a briefing's table)."""
from __future__ import annotations

import re

from ..blocks import CELL_SEP

_GAP = re.compile(r" {3,}")
_FIGURE = re.compile(r"[-+]?(?:US\$\s?|[$€£]\s?)?\d[\d.,]*\s*(?:%|(?:million|millones|billion|mil\s+millones|bn|m)\b)?|"
                     r"Unknown|N/?A|n\.?d\.?", re.I)  # "89,4", "12 %", "0.61 million", "US$ 3.2 million", "N/A"


def _norm(line: str) -> str:
    return " ".join(line.split())


def _width(line: str) -> int:
    return len(_GAP.split(line.strip())) if line.strip() else 0


def table_line(line: str) -> bool:
    """Whether a layout line is a row of figures: three cells or more (runs of 3+ spaces
    between them), most of them figures — not prose justified wide, whatever its figures."""
    cells = _GAP.split(line.strip())
    if len(cells) < 3:
        return False
    figures = sum(bool(_FIGURE.fullmatch(c)) for c in cells)
    return figures >= 2 and 2 * figures >= len(cells)


NEAR = 2  # a header or a row of words is this many lines at most from a row of figures as wide


def table_lines(lines: list[str]) -> list[bool]:
    """Which layout lines are a table's: rows of figures (:func:`table_line`), and lines
    of three cells or more within ``NEAR`` lines of a row of figures as wide (blank lines
    not counted)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    rows = {i for i in filled if table_line(lines[i])}
    out = [i in rows for i in range(len(lines))]
    for n, i in enumerate(filled):
        width = _width(lines[i])
        if not out[i] and width >= 3:
            near = filled[max(0, n - NEAR):n] + filled[n + 1:n + 1 + NEAR]
            out[i] = any(j in rows and _width(lines[j]) == width for j in near)
    return out


def _cells(line: str) -> list[tuple[int, int, str]]:
    """A layout line's cells with the columns they span."""
    out, pos = [], 0
    for part in _GAP.split(line):
        start = line.index(part, pos) if part else pos
        if part.strip():
            out.append((start, start + len(part), part.strip()))
        pos = start + len(part)
    return out


_YEAR = re.compile(r"\(?(?:19|20)\d\d\)?")


WRAP_LINES = 3  # a row's or header's cells wrap onto this many lines below it at most


def _wrapped(line: str, below: list[str]) -> str | None:
    """A table line whose cells wrap onto the lines ``below`` it (a header's "Línea de base" /
    "(2023)", a row's name "Migrants registered in the" / "public employment service" /
    "(Bolsa de Trabajo)"): each cell of a line below joined to the cell above it, cells
    separated by a tab; None when a line below holds a figure (a year may end a header
    cell) or a cell under none of the line's, or one that runs into the next column."""
    head = _cells(line)
    texts = [text for *_, text in head]
    for under in below:
        more = _cells(under)
        if not more or len(more) > len(head) or any(_FIGURE.fullmatch(t) and not _YEAR.fullmatch(t) for *_, t in more):
            return None
        for start, end, text in more:
            k = next((i for i, (s, e, _) in enumerate(head) if start < e + 2 and end > s - 2), None)
            if k is None or (k + 1 < len(head) and end > head[k + 1][0] - 2):
                return None
            texts[k] = f"{texts[k]} {text}"
    return CELL_SEP.join(texts)


def _years(line: str) -> bool:
    """Whether a layout line's cells are all years ("2022    2025    2024" under "Baseline  Target  Actual")."""
    return all(_YEAR.fullmatch(text) for *_, text in _cells(line))


def with_columns(plain: str, layout: str) -> str:
    """``plain`` with each line that is a table line of ``layout`` (the same words) as
    its cells separated by a tab, a row or header wrapped over up to ``WRAP_LINES`` lines
    below it as one; every other line as it was."""
    tables = {}
    lines = layout.split("\n")
    flags = table_lines(lines)
    for i, line in enumerate(lines):
        if flags[i]:
            tables.setdefault(_norm(line), CELL_SEP.join(text for *_, text in _cells(line)))
            for m in range(1, WRAP_LINES + 1):
                below = lines[i + 1:i + 1 + m]
                if len(below) < m or not below[-1].strip() or (flags[i + m] and not _years(below[-1])):
                    break  # a row of figures below is the next row; a line of years may be the header's
                whole = _wrapped(line, below)
                if whole:
                    tables.setdefault(_norm(whole), whole)
    if not tables:
        return plain
    out: list[str] = []
    rows = plain.split("\n")
    i = 0
    while i < len(rows):
        line = rows[i]
        if _GAP.search(line.strip()):
            out.append(line)
            i += 1
            continue
        # the row on one plain line, or wrapped where the layout does not wrap it, or its name
        # cell wrapped in both and its figures after it ("Resultado 3: … de las" / "mujeres" / "5.310.000 …")
        joined, n = "", 0
        for n in range(1, min(WRAP_LINES + 2, len(rows) - i) + 1):
            joined = _norm(joined + " " + rows[i + n - 1])
            if joined in tables:
                break
        if joined in tables:
            out.append(tables[joined])
            i += n
        else:
            out.append(line)
            i += 1
    return "\n".join(out)
