"""A management-response table that pypdf reads as text with its cells wrapped: an
action's number alone on its line ("3.1" / "Elaborar con la Dirección …"), and the row's
unit responsible, deadline and status on its last lines ("… notificación." / "Unidad de
Población y" / "Desarrollo" / "Agosto de" / "2025 En curso")."""
from __future__ import annotations

import re

from ..chunker import Line as _Line
from .patterns import _DATE, _DATE_RE, _FUNCTION_WORD_END, _STATUS, _STATUS_RE, _flat

_BARE_NUMBER = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s*$")


class Bare:
    """An action's number alone on its line, its statement on the lines below: matched
    like ``_ACTION_START`` (groups 1 and 2 the number) with an empty first line (group 3)."""

    def __init__(self, m: re.Match):
        self.m = m

    def group(self, i: int) -> str:
        return "" if i == 3 else self.m.group(i)


def bare_number(lines: list[_Line], k: int, end: int) -> Bare | None:
    """Line ``k`` as a :class:`Bare` number when the next non-blank line before ``end``
    starts with a letter (the action's statement)."""
    m = _BARE_NUMBER.match(lines[k].text)
    nxt = next((ln.s for ln in lines[k + 1:end] if ln.s), "")
    return Bare(m) if m and nxt[:1].isalpha() else None


# the statement up to its last full stop, then the unit responsible, the deadline and the status
# ("… 180 days. Child Protection Section June 2025 In progress")
_TRAILING_CELLS = re.compile(
    rf"^(?P<text>.*\.)\s+(?P<who>[^.]{{3,160}}?)\s+(?P<deadline>{_DATE})\s*(?P<status>{_STATUS})?\s*(?:\([^)]*\))?\s*\.?$",
    re.IGNORECASE | re.S)
_UNIT_WORDS = 15  # a unit responsible names itself in this many words at most
_NAMING_SHARE = 0.6  # of a unit's words of four letters or more, this share at least is capitalised


def _names_a_unit(who: str) -> bool:
    """Whether the text between a statement and its deadline names a unit ("Unidad de
    Salud Sexual y Reproductiva", "Child Protection Section; ICT Unit"), not the end of a
    sentence that wrapped ("The Ministry will adopt it by"): a capital first, few words,
    mostly capitalised, no date or status in it, no function word at its end."""
    long = [w for w in re.findall(r"[^\W\d_]+", who) if len(w) >= 4]
    return (who[:1].isupper() and len(who.split()) <= _UNIT_WORDS and not _DATE_RE.search(who)
            and not _STATUS_RE.search(who) and not _FUNCTION_WORD_END.search(who)
            and bool(long) and sum(w[0].isupper() for w in long) >= _NAMING_SHARE * len(long))


def _trailing_cells(joined: str) -> dict | None:
    m = _TRAILING_CELLS.match(joined)
    if not m or not _names_a_unit(m.group("who")):
        return None
    return {"text": m.group("text").strip(), "responsible": _flat(m.group("who")).strip(" ;,"),
            "deadline": _flat(m.group("deadline")), "status": _flat(m.group("status") or "")}


def trailing_row(parts: list[str]) -> dict | None:
    """The fields of an action read from its lines (``parts``, the first line's number
    removed) as one wrapped row: on the fewest lines that end on its deadline (the lines
    after it are the next section's), with the status when the next line or two give it
    ("March 2025" / "Completed" / "(circular issued …)"); None when they do not end so."""
    for n in range(1, len(parts) + 1):
        got = _trailing_cells(_flat(" ".join(parts[:n])))
        if got:
            for more in (n + 1, n + 2):
                if got["status"] or more > len(parts):
                    break
                longer = _trailing_cells(_flat(" ".join(parts[:more])))
                if longer and longer["status"] and longer["deadline"] == got["deadline"]:
                    return longer
            return got
    return None


def continued(lines: list[_Line], i: int, found: list[str], rows: list, j: int, read_table) -> tuple[list, int]:
    """``rows`` of the table whose header is line ``i`` (ending before line ``j``) with the
    rows of the same table on the next pages, under its header repeated (``read_table``: the
    table at a header line, as ``tabular._table`` reads it); a row the page broke — the first
    one on the next page with an empty first cell and a cell that goes on mid-sentence ("",
    "community households make up …") — joins the row it continues, cell by cell (a row under
    a first cell merged down, "", "The Ministry will launch …", is a row of its own). Returns
    the rows and the line after the last."""
    rows = list(rows)
    while True:
        k = j
        while k < len(lines) and not lines[k].text.strip():
            k += 1
        t = read_table(lines, k) if k < len(lines) and lines[k].text == lines[i].text else None
        if not t or t[0] != found:
            return rows, j
        more = list(t[1])
        if more and rows and not more[0][1][0].strip() and any(c.strip()[:1].islower() for c in more[0][1]):
            (line, cells), (cont, rest) = rows[-1], more.pop(0)
            rows[-1] = (_Line(line.start, cont.end, line.text), [f"{a} {b}".strip() for a, b in zip(cells, rest)])
        rows += more
        j = t[2]
