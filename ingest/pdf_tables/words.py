"""A PDF table of words whose cells wrap over several lines ("No. / Action / Responsible /
Deadline / Status", a management response's actions): pypdf's plain text gives each cell's
lines one after another ("1.4", "Roll out the revised targeting model in all three",
"districts and complete …", "Head of Programme,", "Belmopan Country Office", "December",
"2025", "Not started"), so a row's facts cannot be told apart; its layout mode keeps the
columns. Each such table is read from the layout — a header line of three cells or more
without figures, then rows whose first column opens each row and whose other lines fill the
columns they stand under — and its run of plain lines (the same words, row by row and cell
by cell) becomes the header and one line per row, cells separated by a tab."""
from __future__ import annotations

import re

from ..blocks import CELL_SEP
from .figures import _GAP

_DIGIT = re.compile(r"\d")
_GOES_ON = re.compile(r"^(?:\(|[^\W\d_A-ZÁÉÍÓÚÑ])")  # "acción", "(%)": a header cell's next words
SLACK = 2  # characters a cell may start off its column


def _cells(line: str) -> list[tuple[int, str]]:
    """A layout line's cells: (start column, text)."""
    out, pos = [], 0
    for part in _GAP.split(line):
        if part.strip():
            start = line.index(part, pos)
            lead = len(part) - len(part.lstrip())
            out.append((start + lead, part.strip()))
            pos = start + len(part)
    return out


def _column(starts: list[int], at: int) -> int | None:
    """The column (index into ``starts``) a cell starting at ``at`` stands under."""
    return max((i for i, s in enumerate(starts) if s <= at + SLACK), default=None)


def _header(cells: list[tuple[int, str]]) -> bool:
    return len(cells) >= 3 and not any(_DIGIT.search(t) for _, t in cells) and all(len(t) <= 40 for _, t in cells)


def _header_lines(lines: list[str], i: int, head: list[tuple[int, str]], starts: list[int]) -> tuple[list, int]:
    """The header of line ``i`` with the lines its cells wrap onto ("Management response" /
    "(Accepted / Partially accepted /" / "Rejected)"): short cells without figures under
    header columns other than the first, up to the first row, and few of them (a third of
    the columns at most: a row's lines fill more, its first cell bottom-aligned or the row
    broken by the page) — or, in any columns, cells that each go on a header's words in
    lower case or in brackets ("Línea de" / "acción", "Avance" / "(%)"), which a row's
    cells do not; and the line after it."""
    head = [list(c) for c in head]
    j = i + 1
    while j < len(lines):
        cells = _cells(lines[j])
        cols = [_column(starts, s) for s, _ in cells]
        go_on = bool(cells) and all(_GOES_ON.match(x) for _, x in cells)
        if not cells or (len(cells) > max(1, len(starts) // 3) or 0 in cols) and not go_on or None in cols or \
                len(set(cols)) < len(cols) or any(_DIGIT.search(x) or len(x) > 40 for _, x in cells):
            break
        for k, (_, text) in zip(cols, cells):
            head[k][1] = f"{head[k][1]} {text}"
        j += 1
    return [tuple(c) for c in head], j


def grid_tables(layout: str) -> list[list[list[str]]]:
    """The word tables of a page's ``layout`` text: per table its header and rows, each a
    list of column texts. A table needs a row under its header whose cells stand under
    three of the header's columns or more; it ends at a line with a cell under no column or
    at two blank lines."""
    lines = layout.split("\n")
    tables, i = [], 0
    while i < len(lines):
        head = _cells(lines[i])
        if not _header(head):
            i += 1
            continue
        starts = [s for s, _ in head]
        head, j = _header_lines(lines, i, head, starts)
        rows: list[list[str]] = []
        blank = 0
        while j < len(lines):
            cells = _cells(lines[j])
            if not cells:
                blank += 1
                if blank >= 2:
                    break
                j += 1
                continue
            blank = 0
            cols = [_column(starts, s) for s, _ in cells]
            if None in cols or len(set(cols)) < len(cols):
                break
            if cols == [0] and len(cells[0][1]) <= 80 and _opens_row(lines, j + 1, starts):
                rows.append([cells[0][1]])  # a group row across the table ("Eje 1 – Documentación e identidad")
                j += 1
                continue
            if cols[0] == 0 or not rows or len(rows[-1]) == 1:  # the first column opens a row, across two columns or more
                if len(cells) < (2 if rows else 3):  # a line of prose after the table ends it
                    break
                rows.append([""] * len(starts))
            for k, (_, text) in zip(cols, cells):
                rows[-1][k] = f"{rows[-1][k]} {text}".strip()
            j += 1
        while rows and len(rows[-1]) == 1:
            rows.pop()
        first_row = next((r for r in rows if len(r) > 1), [])
        if sum(bool(c) for c in first_row) >= 3:
            tables.append([[t for _, t in head]] + rows)
            i = j
        else:
            i += 1
    return tables


def _opens_row(lines: list[str], j: int, starts: list[int]) -> bool:
    """Whether the next non-blank line from ``j`` opens a row: cells under three columns or
    more, the first column's among them."""
    while j < len(lines) and not lines[j].strip():
        j += 1
    cols = [_column(starts, s) for s, _ in _cells(lines[j])] if j < len(lines) else []
    return len(cols) >= 3 and cols[0] == 0 and None not in cols


def with_grid_tables(plain: str, layout: str) -> str:
    """``plain`` with the run of lines of each of ``layout``'s word tables
    (:func:`grid_tables`) as the header and one line per row, cells separated by a tab;
    a table whose words do not run in that order in the plain text is left as it was."""
    lines = plain.split("\n")
    for table in grid_tables(layout):
        want = [w for row in table for cell in row for w in cell.split()]
        first = table[0][0].split()
        for start in range(len(lines)):
            words = lines[start].split()[:len(first)]
            if not words or words != first[:len(words)]:  # the first header cell may wrap ("Línea de" / "acción")
                continue
            got, end = [], start
            while end < len(lines) and len(got) < len(want):
                got += lines[end].split()
                end += 1
            if got == want:
                rows = [CELL_SEP.join(c for c in row) for row in table]
                lines[start:end] = rows
                break
    return "\n".join(lines)
