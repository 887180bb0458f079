"""A response matrix's action whose cells arrive line by line: a PDF table's narrow columns
interleaved (statement, unit, deadline and status lines mixed as pypdf reads them; see
docs/records.md), the statement's last lines after the other cells' first ones."""
from __future__ import annotations

import re

from ..chunker import Line as _Line
from .patterns import _DATE, _DATE_CELL, _DATE_RE, _FUNCTION_WORD_END, _SHORT, _STATUS, _STATUS_CELL, _STATUS_RE, _flat


def _split_first_line(s: str) -> tuple[str, str]:
    """``"4 External impact evaluation  UNHCR MEX"``: when a line has single spaces
    between words and exactly one wider gap, the gap is a column boundary."""
    gaps = re.findall(r" {2,}", s)
    if len(gaps) == 1 and s.count(" ") > len(gaps[0]):
        left, right = re.split(r" {2,}", s, maxsplit=1)
        return left, right
    return s, ""


def _is_standalone(block: str, m: re.Match) -> bool:
    """A cell of its own: at a line start, ending the line, a wide gap or a status word."""
    before = block[: m.start()].rsplit("\n", 1)[-1]
    after = block[m.end():]
    if before.strip():
        return False
    return bool(re.match(r"[ \t]*\.|[ \t]*\n|[ \t]*$| {2,}", after) or re.match(rf"\s+{_STATUS}(?![\w-])", after, re.IGNORECASE))


def _deadline_status(block: str) -> tuple[str, str]:
    """Deadline = a date or recurrence standing as its own cell, preferring one followed
    by a status word across nothing but narrow-column fragments; status = that word."""
    cands = [m for m in _DATE_RE.finditer(block) if _is_standalone(block, m)]
    for m in cands:
        s = _STATUS_RE.search(block, m.end())
        if not s:
            continue
        between = block[m.end(): s.start()]
        if len(between) <= 200 and all(len(seg.strip()) <= _SHORT for seg in between.split("\n")):
            if _is_standalone(block, s) or re.match(r"[ \t]*(?:\n|$| )", block[s.end():]):
                return _flat(m.group(0)), _flat(s.group(0))
    if cands:
        return _flat(cands[0].group(0)), ""
    return "", ""


def _continuation(body: list[_Line]) -> str:
    """The narrow-column lines that continue a cell further down an interleaved block: the
    first run of short lines that starts with a capital right after a line ending a
    sentence ("…duplication." / "MEX and all" / "operations"), dates and statuses aside."""
    for k in range(1, len(body)):
        if not body[k - 1].s.endswith(".") or len(body[k].s) > _SHORT or not body[k].s[:1].isupper():
            continue
        run = []
        for ln in body[k:]:
            if len(ln.s) > _SHORT or _DATE_CELL.fullmatch(ln.text) or _STATUS_CELL.fullmatch(ln.text):
                break
            run.append(ln.s)
            if ln.s.endswith("."):
                break
        return _flat(" ".join(run))
    return ""


_SENTENCE_END = re.compile(r"[.;:!?]\)?$|\)$")
_WRAP_SLACK = 3  # characters a proportional font's line may differ from the column's width


def _wraps(line: str, nxt: str, lo: int) -> bool:
    """``line`` was wrapped at a column at least ``lo`` wide: the next line's first word
    would not have fitted on it."""
    return len(line) + 1 + len(nxt.split()[0]) > lo - _WRAP_SLACK if nxt.split() else False


def _statement_rest(stmt: list[str], after: list[_Line], page_break=lambda line: True) -> list[str]:
    """The lines that finish a statement the other columns cut off: in an interleaved
    matrix a statement's last lines may come after the other cells' first lines (across
    a page break: "…including early warnings to activate" … "contingency planning. Build
    close …"). Read only when the statement has two lines or more (its column's width is
    then known: its longest line, and less than a line plus the next line's first word)
    and its last line ends neither a sentence nor a cell: a function word, or a full line
    when the rest is on a later page (``page_break``; on the same page a full line without
    a full stop is as often a whole statement, and a comment of that width may follow).
    The rest is the first run of two lines or more, starting in lower case, as wide as
    that column and wrapped at it (a narrower column's "and formalized" / "multifunctional
    …" would have been one line there), up to the line that ends a sentence; a
    statement with no such run is left as it is."""
    if len(stmt) < 2 or _SENTENCE_END.search(stmt[-1]):
        return []
    lo = max(len(s) for s in stmt)
    hi = min(len(a) + len(b.split()[0]) for a, b in zip(stmt, stmt[1:]) if b.split())
    function_word = bool(_FUNCTION_WORD_END.search(stmt[-1]))
    if not (function_word or len(stmt[-1]) >= lo - _WRAP_SLACK):
        return []
    for k in range(len(after)):
        if not function_word and not page_break(after[k]):
            continue
        prev = after[k - 1].s if k else ""
        inside = prev and not _SENTENCE_END.search(prev) and len(prev) <= hi + _WRAP_SLACK and _wraps(prev, after[k].s, lo)
        if after[k].s[:1].islower() and not inside:  # a run starts after another column's line
            run = _wrapped_run([ln.s for ln in after[k:]], lo, hi)
            if run:
                return run
    return []


def _wrapped_run(lines: list[str], lo: int, hi: int) -> list[str]:
    """The lines from the first up to one that ends a sentence, when each fits a column
    ``lo``-``hi`` characters wide and each but the last was wrapped at it; else none."""
    for k, s in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if not s or len(s) > hi + _WRAP_SLACK:
            return []
        if _SENTENCE_END.search(s):
            return lines[: k + 1] if k else []
        if not _wraps(s, nxt, lo):
            return []
    return []


def _interleaved(lines: list[_Line], body: list[_Line], first_rest: str, page, out: dict) -> None:
    desc, by_whom_first = _split_first_line(first_rest)
    text = [desc]
    i = 0
    if not by_whom_first:
        while i < len(body):
            s = body[i].s
            if re.search(r"[.;]$", text[-1]) or _DATE_CELL.fullmatch(s) or _STATUS_CELL.fullmatch(s):
                break
            if len(s) <= _SHORT and s[:1].isupper() and not (_FUNCTION_WORD_END.search(text[-1]) and s.endswith(".")):
                break  # a unit's first line, unless it ends the statement ("… with the" / "Ministry.")
            text.append(s)
            i += 1
    stmt_last = body[i - 1] if i else lines[0]
    who = [by_whom_first] if by_whom_first else []
    while i < len(body):
        s = body[i].s
        ahead = "\n".join(b.s for b in body[i:i + 3])
        if len(s) > _SHORT or _DATE_RE.match(ahead) or _STATUS_RE.match(ahead):
            break
        if not who and not s[:1].isupper():
            break
        who.append(s)
        i += 1
    if not by_whom_first:
        text += _statement_rest([lines[0].s] + text[1:], body[i:],
                                lambda ln: page is None or page(ln.start) != page(stmt_last.start))
    who_text = _flat(" ".join(who))
    if _FUNCTION_WORD_END.search(who_text):
        # the cell goes on below the other columns (often across a page break): its next
        # run of narrow lines after a sentence ends; otherwise it is not recoverable
        more = _continuation(body[i:])
        who_text = _flat(f"{who_text} {more}") if more and not _FUNCTION_WORD_END.search(more) else ""
    block = "\n".join([first_rest] + [ln.text for ln in lines[1:]])
    out["text"] = _flat(" ".join(text))
    out["responsible"] = who_text
    out["deadline"], out["status"] = _deadline_status(block)


_MONTH_ALONE = re.compile(r"^\s*[^\W\d_]{3,10}(?:\s+de)?\s*$")  # "December", "Diciembre de"
_YEAR_ALONE = re.compile(r"^\s*(?:19|20)\d\d\s*$")
# "Completed", "Retrasada: proceso …", "Delayed. The dashboard …"
_STATUS_NOTE = re.compile(rf"^\s*{_STATUS}\s*(?:\.\s*$|$|(:|\.(?=\s+[A-ZÁÉÍÓÚÑ0-9]))\s*\S)", re.IGNORECASE)
# a deadline and the status beside it on one line ("Q1 2025 Delayed. The", "2026 Not started."): a year alone
# is a deadline only there
_DATE_STATUS = re.compile(rf"^\s*({_DATE}|(?:19|20)\d\d)\s+({_STATUS}\s*(?:\.?\s*$|:\s*\S.*|\.\s+[A-ZÁÉÍÓÚÑ0-9].*))$",
                          re.IGNORECASE)
_RANGE_OPEN = re.compile(r".*[–-]\s*$")  # "Q2 2025 –" / "Q4 2026": a deadline range over two lines
NOTE_LINES = 10  # a status's note (or a unit) runs over at most this many lines of its narrow column


def cells_in_order(first_rest: str, body: list[_Line]) -> dict | None:
    """An action whose cells come one after another in the header's order — statement,
    unit, deadline, status — each wrapped over its own lines ("1.1 Second 12 eligibility
    case workers to the" / "DGME Refugee Unit" / "Senior Protection Officer" / "(RSD)" /
    "June 2025" / "Completed"; a deadline "December" / "2025"): the statement goes on while
    its line ends on a function word or the next line opens in lower case, the unit is what
    lies between it and the deadline. None when the lines end otherwise."""
    # the status cell: a status alone on the last line, or opening a short note ("Completada: protocolo
    # firmado" / "el 12 de diciembre de 2024."), on a line of its own or after the deadline's
    # ("In progress." / "… the Ibarra agreement is" / "pending.": the last status word may be the note's)
    if len(body) < 3:
        return None
    last = range(len(body) - 1, max(len(body) - 1 - NOTE_LINES, 1), -1)
    for k in (i for i in last if _STATUS_NOTE.match(body[i].text) or _DATE_STATUS.match(body[i].text)):
        got = _cells_from(first_rest, body, k)
        if got:
            return got
    return None


def _cells_from(first_rest: str, body: list[_Line], k: int) -> dict | None:
    """:func:`cells_in_order` with the status cell opening on line ``k``."""
    note = _STATUS_NOTE.match(body[k].text)
    if note and not note.group(1) and k < len(body) - 1 and not body[k].s.endswith("."):
        return None  # a bare status with lines after it: no note of its cell ("In progress." opens one)
    both = None if note else _DATE_STATUS.match(body[k].text)  # "Junio de 2025 Retrasada: proceso afectado"
    status = _flat(" ".join([both.group(2) if both else body[k].s] + [b.s for b in body[k + 1:]])).rstrip(".")
    if both and _YEAR_ALONE.match(both.group(1)) and _MONTH_ALONE.match(body[k - 1].text):
        deadline, k = f"{body[k - 1].s} {both.group(1)}", k - 1  # "Agosto de" / "2025 En curso"
    elif both:
        deadline = both.group(1)
    elif k >= 2 and _RANGE_OPEN.match(body[k - 2].text) and _DATE_CELL.fullmatch(body[k - 2].s.rstrip(" –-")) \
            and _DATE_CELL.fullmatch(body[k - 1].text):
        deadline, k = f"{body[k - 2].s} {body[k - 1].s}", k - 2
    elif _DATE_CELL.fullmatch(body[k - 1].text):
        deadline, k = body[k - 1].s, k - 1
    elif k >= 2 and _YEAR_ALONE.match(body[k - 1].text) and _DATE_CELL.fullmatch(f"{body[k - 2].s} {body[k - 1].s}") \
            and _MONTH_ALONE.match(body[k - 2].text):
        deadline, k = f"{body[k - 2].s} {body[k - 1].s}", k - 2
    else:
        return None
    stmt, cells = [first_rest], [b.s for b in body[:k]]
    while cells and (_FUNCTION_WORD_END.search(stmt[-1]) or cells[0][:1].islower()):
        stmt.append(cells.pop(0))
    dot = max((i for i, c in enumerate(cells) if c.endswith(".")), default=-1)
    if dot >= 0 and not stmt[-1].endswith("."):  # "… with the Inter- American Development" / "Bank.": a unit is no sentence
        stmt, cells = stmt + cells[:dot + 1], cells[dot + 1:]
    narrow = all(len(c) <= _SHORT for c in cells)  # a unit wrapped in a narrow column takes more lines
    if not cells or len(cells) > (NOTE_LINES if narrow else 4) or len(" ".join(cells).split()) > 16 or any(
            _DATE_CELL.fullmatch(c) or _STATUS_CELL.fullmatch(c) or c.endswith(".") for c in cells):
        return None  # a unit is a few words, no sentence
    return {"text": _flat(" ".join(stmt)), "responsible": _flat(" ".join(cells)), "deadline": _flat(deadline).rstrip("."),
            "status": status}
