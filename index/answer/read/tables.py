"""Figures read from a table row: which row and which column they are.

A PDF table reaches a passage as lines whose cells are separated by runs of spaces (or
tabs); its header is the nearest line above the rows whose cells hold no figures, and a
header cell that wrapped onto the next line ("Expenditure" / "Expenditure as % of Funds
Available") is that next line. When header and row have as many cells, the answer to a
"how much" question is the row's cell under the column the question matches best
("OA5: Children — Funds Available as % of Budget: 57.55%"), and the row is named by its
first cell. A table without such a header gives the row alone, as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from puente.common.text import tab_cells
from puente.ingest.records.tabular import plain_header, two_level

_SPLIT = re.compile(r"[ ]{3,}|\t+")
_FIGURE = re.compile(r"\d")
_SHARE = re.compile(r"%|\bper\s*cent\b|\bpor\s*ciento\b|\bratio\b|\btasa\b|\brate\b", re.I)


def cells(line: str) -> list[str]:
    """The cells of one table line, whitespace inside each collapsed. A row of a Word file,
    web page or Markdown table (cells separated by one tab) keeps its empty cells in place."""
    if "\t" in line:
        parts = tab_cells(line)
        if len(parts) > 1:
            return parts
    return [" ".join(c.split()) for c in _SPLIT.split(line.strip()) if c.strip()]


# a wrapped cell: a percentage or a decimal ("0.58%", "88.67"), not a row's label ("2020") nor a page number
_FIGURE_CELL = re.compile(r"(?:[-+]?\d[\d,]*\.\d+\s*%?|[-+]?\d[\d.,]*\s*%|Unknown|N/?A|n\.?d\.?)$", re.I)


def tail_figures(line: str, row: str) -> bool:
    """Whether ``line`` holds only figures, fewer than the cells of the ``row`` line above it:
    the last cells of that row wrapped onto the next line."""
    parts = cells(line)
    return bool(parts) and all(_FIGURE_CELL.match(p) for p in parts) and len(parts) < len(cells(row))


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _label(cell: str) -> bool:
    """A header cell: no figures, or a label whose only figures are a year ("Target 2024",
    "Baseline (2022)")."""
    return not _FIGURE.search(cell) or (bool(re.search(r"[^\W\d_]{3}", cell))
                                        and not _FIGURE.search(_YEAR.sub("", cell)))


def is_header(parts: list[str]) -> bool:
    """Whether a table line's cells are a header: two or more, the ones after the first
    labels (no figures, or a year only: "Target 2024")."""
    return len(parts) >= 2 and all(_label(p) for p in parts[1:])


_ITEM_CELL = re.compile(r"\s*\d{1,3}(?:\.\d{1,3})*\.?\s*$")  # a row's number: "5.1", "12."


def header(text: str, row_start: int, width: int) -> list[str] | None:
    """The header cells of the table whose row starts at ``row_start`` in ``text``: the
    nearest line above with ``width`` cells (or one fewer, completed by the line after it)
    and no figures after its first cell — of a table whose cells are separated by tabs,
    its first row (or that header repeated after a page break), not a row of words in it
    ("4.2 | GBV risk screening | DGME | December 2025"); ``None`` when there is none."""
    lines = text[:row_start].splitlines()
    tabbed = "\t" in text[row_start:text.find("\n", row_start) if "\n" in text[row_start:] else len(text)]
    for i in range(len(lines) - 1, -1, -1):
        parts = cells(lines[i])
        if len(parts) < 2:
            # a header of two levels, its columns lost ("Indicator Population type Baseline 2024 Target
            # Actual"), right above the table's first row: cut where its words open a column's role
            split = plain_header(lines[i], width) if tabbed and (i + 1 == len(lines) or "\t" in lines[i + 1]) else None
            if split and is_header(split):
                return split
            continue
        if tabbed and "\t" in lines[i] and ((i > 0 and "\t" in lines[i - 1]) or _ITEM_CELL.match(parts[0])):
            continue  # a Word/web/Markdown/PDF table's header is its first row, not an item's ("4.2 | …")
        lower = two_level(lines[i].split("\t"), lines[i + 1]) if tabbed and i + 1 < len(lines) else None
        if lower and len(lower) == width and is_header(lower):  # "2024" over "Target | Achieved"
            return lower
        if is_header(parts):
            if len(parts) == width - 1 and i + 1 < len(lines):
                nxt = " ".join(lines[i + 1].split())
                if nxt and len(cells(lines[i + 1])) == 1 and not _FIGURE.search(nxt):
                    parts = parts + [nxt]
            # a Word/web/Markdown row leaves its empty last cells out: its header may be wider
            return parts if len(parts) == width or (tabbed and "\t" in lines[i] and len(parts) > width) else None
        if tabbed and "\t" in lines[i]:
            continue  # a row of the same table, its empty last cells left out
        if len(parts) != width and len(parts) > 2:
            return None  # another table's row: this one's header is not above
    return None


CAPTION_WORDS = 25  # a table's caption is a short line


def caption(text: str, row_start: int) -> str:
    """The caption of the table whose row starts at ``row_start``: the short line over the
    table's header ("Tabla 3. Personas alcanzadas por las intervenciones de soluciones"),
    passing up over the table's rows, a page break inside it and a row's name wrapped onto
    a line of its own; empty when the table has no header or the line above is prose (it
    ends a sentence) or long."""
    lines = text[:row_start].splitlines()
    k, top = len(lines) - 1, None
    while k >= 0:
        if not lines[k].strip():
            k -= 1
        elif len(cells(lines[k])) >= 2:
            top, k = k, k - 1
        elif k > 0 and len(cells(lines[k - 1])) >= 2:
            k -= 1  # a row's name wrapped onto its own line, inside the table
        else:
            break
    if k < 0 or top is None or not is_header(cells(lines[top])):
        return ""
    line = lines[k].strip()
    return line if len(line.split()) <= CAPTION_WORDS and not line.endswith(".") else ""


@dataclass(frozen=True)
class Cell:
    row: str  # the row's name (its first cell)
    column: str  # the header of the column
    value: str

    @property
    def label(self) -> str:
        return f"{self.row} — {self.column}" if self.column else self.row


def columns(text: str, start: int, end: int) -> list[Cell]:
    """Every figure of the row in ``text[start:end]`` (its first line with cells: a row
    candidate may begin with the line above it) with its row name and column header
    (empty when the table's header is not found)."""
    pos = start
    lines = text[start:end].splitlines(keepends=True)
    for i, line in enumerate(lines):
        parts = cells(line)
        if len(parts) >= 3:
            for more in lines[i + 1:]:  # its last cells wrapped onto the lines below ("20.00%" / "0.58%")
                if not tail_figures(more, line):
                    break
                parts += cells(more)
            head = header(text, pos, len(parts))
            if head is None:
                return []
            return [Cell(parts[0], h, v) for h, v in zip(head[1:], parts[1:]) if _FIGURE.search(v)]
        pos += len(line)
    return []


def row_start(text: str, start: int, end: int) -> int:
    """Offset of the first line with cells in ``text[start:end]`` (``start`` if none)."""
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        if len(cells(line)) >= 3:
            return pos + len(line) - len(line.lstrip())
        pos += len(line)
    return start


def row_name(text: str, start: int, end: int) -> str:
    """The first cell of the row in ``text[start:end]`` ("OA5: Children", "Total"), or ""."""
    for line in text[start:end].splitlines():
        parts = cells(line)
        if len(parts) >= 3:
            return parts[0]
    return ""


# a question about the whole names a table's "Total" row without the word: "overall", "en conjunto"
_WHOLE = re.compile(r"\b(?:overall|altogether|combined|as\s+a\s+whole|en\s+conjunto|en\s+su\s+conjunto|"
                    r"globalmente)\b")


# a row name's numbered label before its name: "Resultado 3: ", "Outcome 2 – ", "Pillar IV. "
_LABEL = re.compile(r"^[^\W\d_]+\s+(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})\s*(?::\s*|[.–—-]\s+)(?=[^\W\d_])")  # not "Girls 5 – 17"


def named_share(row: str, question: str) -> float:
    """The share of a row name's (or column header's) words, not its code ("OA5") nor its
    numbered label ("Resultado 3:"), that the question uses: by their first five letters
    ("Total" in "the total budget", "Children" in "child …"), by their stem ("Funds" in
    "funded"), or in the other language, as the glossary translates them ("Livelihood" in
    "medios de vida", "Budget" in "presupuesto final"). A question that says the label too
    ("el resultado 3") names the whole."""
    label = _LABEL.match(row)
    if label:
        return max(_named_share(row[label.end():], question), _named_share(row, question))
    return _named_share(row, question)


def _named_share(row: str, question: str) -> float:
    from puente.common.terms import translated_words
    from puente.common.text import fold

    from ...search.lexical import stems

    words = [w for w in re.findall(r"[^\W\d_]{3,}", fold(row))]
    if not words:
        return 0.0
    folded = fold(question)
    qwords = re.findall(r"[^\W\d_]{3,}", folded)
    asked = {w[:5] for w in qwords}
    stemmed = {lang: (stems(words, lang), set(stems(qwords, lang))) for lang in ("en", "es")}
    whole = bool(_WHOLE.search(folded))  # "overall", "en conjunto" name the Total row
    said = [w[:5] in asked or any(s[i] in q for s, q in stemmed.values()) or (whole and w == "total")
            for i, w in enumerate(words)]
    translated = translated_words({w for w, ok in zip(words, said) if not ok}, folded, folded=True)
    return sum(ok or w in translated for w, ok in zip(words, said)) / len(words)


YEAR_COLUMN = 0.5  # a column of the question's year over one of another year ("Target 2024" for "in 2024")
ACHIEVED_COLUMN = 0.2  # a question that names no column asks what was achieved ("Actual", "Logro 2023")
# a question that names a column of values itself ("the baseline", "la línea de base", "the 2023 target")
_VALUE_ASKED = re.compile(r"\b(?:baselines?|l[ií]neas?\s+(?:de\s+)?base|targets?|metas?|objetivos?|goals?)\b", re.I)
_ACHIEVED = re.compile(r"\b(?:actual|achieved|results?|reached|logros?|logrado|alcanzad[oa]|resultados?|real)\b", re.I)


_TARGET = re.compile(r"\b(?:targets?|metas?|goals?)\b", re.I)
# the figure set beside its target: "against what target", "frente a qué meta"
_BESIDE = re.compile(r"\b(?:against|versus|vs\.?|compared\s+(?:to|with)|relative\s+to|frente\s+a|respecto\s+a|"
                     r"en\s+comparaci[oó]n\s+con)\b", re.I)  # not "reached" / "alcanzadas": an indicator's name says them


def beside_target(cands: list[Cell], question: str) -> Cell | None:
    """For a question that asks a figure beside its target ("how many … and against what
    target?", "¿cuánto se logró frente a la meta?"), the row's figures each named by its
    column ("Baseline: 41 · Target 2024: 250 · Achieved 2024: 97"), as an indicator's
    record gives them; ``None`` for any other question or a row without a target column."""
    if not (_TARGET.search(question) and _BESIDE.search(question)) or len(cands) < 2:
        return None
    if not any(_TARGET.search(c.column) for c in cands):
        return None
    return Cell(cands[0].row, "", " · ".join(f"{c.column}: {c.value}" for c in cands))


def pick(cands: list[Cell], scores, share: bool | None, question: str = "") -> Cell | None:
    """The cell whose column header the question names best (``named_share``: "Final Budget"
    for "el presupuesto final"), then matches best (``scores``, one per cell: the token
    match, which a short header gets from the question's other words too); a column of the
    question's year over one of another year; when the question names no column, the one
    of what was achieved; a question about a share wants a percentage, one about an amount
    wants none (``share`` None: either); the row's figures together for a question that asks
    one beside its target (``beside_target``)."""
    together = beside_target(cands, question)
    if together is not None:
        return together
    best, best_score = None, -9.0
    named = [named_share(c.column, question) if question else 0.0 for c in cands]
    years = set(_YEAR.findall(question))
    for c, s, n in zip(cands, scores, named):
        s = float(s) + n
        held = set(_YEAR.findall(c.column))
        if years and held:  # "in 2023": "Logro 2023", not "Línea de base (2022)"
            s += YEAR_COLUMN if held & years else -YEAR_COLUMN
        if not any(named) and not _VALUE_ASKED.search(question) and _ACHIEVED.search(c.column):  # none asked: achieved
            s += ACHIEVED_COLUMN
        pct = bool(_SHARE.search(c.value) or _SHARE.search(c.column))
        if share is not None and pct != share:
            s -= 2.0
        if s > best_score:
            best, best_score = c, float(s)
    return best


def asks_share(question: str) -> bool | None:
    """True for a question about a share ("what percentage", "how much of the budget was
    funded"), False for one about an amount ("how much money", "total budget"), else None."""
    if re.search(r"\b(?:percent\w*|proportion|share|rate|porcentaje|proporci[oó]n|tasa|how\s+much\s+of|"
                 r"qu[eé]\s+parte|cu[aá]nto\s+del?)\b|%", question, re.I):
        return True
    if re.search(r"\b(?:total|amount|how\s+much\s+(?:money|funding)|monto|importe|cu[aá]nto\s+dinero)\b", question, re.I):
        return False
    return None
