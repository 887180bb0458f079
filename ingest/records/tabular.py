"""Records from the tables of Word files, web pages, Markdown and PDFs (``pdf_tables``): rows
whose cells are separated by a tab (``blocks.CELL_SEP``), read by the roles their header names.

* a management-response matrix ("Recomendación | Respuesta de la gerencia | Acción |
  Responsable | Plazo | Estado"): one recommendation per distinct recommendation cell
  (a cell merged down the rows of its actions repeats, or is left empty), one action per
  row with its responsible, deadline and status;
* a commitments table ("Compromiso | Responsable | Plazo", "Línea de acción | Compromiso | …", or
  an annex "N.º | Institución responsable | Plazo" whose statements are in the body): one
  commitment per row — an annex row without a statement gives its facts to the commitment of
  its number; an indicator table ("Indicator | Baseline (2022) | Target 2024 | Actual 2024"):
  one indicator per row, the "Total" row included. A table goes on under its header repeated on
  the next pages (``wrapped_rows.continued``); its lines are not read again by the other modules.
"""
from __future__ import annotations

import re

from puente.common.text import tab_cells

from ..blocks import CELL_SEP
from ..headings import Line
from .commitments import NUMBERED_HEAD
from .patterns import _REC_HEAD, _RESPONSES, MERGED_REC, _flat, _Locator, _one_response, after_option, merged_recommendation
from .record import Record
from .wrapped_rows import continued

_ROLES = (  # in this order: the first role a header cell names is its role
    ("number", r"^(?:n\.?\s*[º°o]\.?|no\.?|#|num\.?|number|n[úu]mero|item|[íi]tem)$"),
    ("recommendation", r"^(?:evaluation\s+)?recommendations?\b|^recomendaci[oó]n(?:es)?\b"),
    ("response", r"\bresponse\b|\brespuesta\b|^(?:accepted|aceptaci[oó]n)\b"),
    ("action", r"^(?:(?:planned|key|follow-?up|agreed)\s+)?actions?\b|^acci[oó]n(?:es)?\b|^medidas?\b|"
               r"^activit(?:y|ies)\b|^actividad(?:es)?\b|^acuerdos?$"),
    # not "Unit cost", "Unidad de medida"
    ("responsible", r"\bresponsib|\bresponsables?\b|^(?:lead|who|owner|a\s+cargo)\b|^coordinating\b|"
                    r"^(?:dependencia|organismo|agencia)\s+(?:coordinador|ejecutor|l[ií]der)|"
                    r"^(?:unit|unidad|entidad|instituci[oó]n)\b(?!\s+(?:cost|costo|de\s+medida|of\s+measure))"),
    # not "Date of the evaluation", "Fecha de la visita"
    ("deadline", r"^(?:deadline|due|timeline|time\s*frame|completion|plazo|calendario|cronograma)\b|^by\s+when\b|"
                 r"^(?:para\s+)?cu[aá]ndo\b|"
                 r"^(?:target\s+|due\s+)?date$|^fecha(?:\s+l[ií]mite|\s+de\s+(?:cumplimiento|finalizaci[oó]n|t[ée]rmino))?$"),
    ("status", r"^(?:(?:follow-?up|seguimiento)\s*[:/-]\s*)?(?:status|progress|estado|estatus|avance)\b"),
    ("commitment", r"^(?:commitments?|compromisos?|pledges?)\b"),
    ("line", r"^l[ií]neas?\s+de\s+acci[oó]n\b|^action\s+lines?\b"),
    ("indicator", r"^(?:indicators?|indicador(?:es)?)\b"),
    ("population", r"\bpopulation\b|\bpoblaci[oó]n\b"),  # "Target population" is no target
    ("baseline", r"^(?:baseline|l[ií]nea\s+(?:de\s+)?base)\b"),
    # "Meta alcanzada" is what was achieved; "Resultado esperado" is no result
    ("actual", r"\b(?:actual|achieved|logr[oa]d?[oa]?|alcanzad[oa]|valor\s+alcanzado)\b|"
               r"^(?:results?|resultados?)\b(?!.*\b(?:expected|esperad[oa]s?|planned|previst[oa]s?)\b)"),
    ("target", r"^(?:target|meta|objetivo)\b"),
    ("step", r"^(?:(?:next|agreed)\s+)?steps?$|^pasos?$"),  # the action, when no other column is (below)
)
_ROLE_RES = tuple((name, re.compile(rx, re.I)) for name, rx in _ROLES)
_DESCRIPTION = re.compile(r"\s*descrip", re.I)  # "Step | Description | …": the description states the step
# an item's number opening a cell: "1.2 …", "3. …", "4) …" — not a quantity ("40 staff trained")
_NUMBER = re.compile(r"^\s*(\d{1,2}\.\d{1,2}|\d{1,2}(?=[.)]))[.)]?(?:\s+|$)(.*)$", re.S)
_VALUES = ("baseline", "target", "actual")


def roles(cells: list[str]) -> list[str] | None:
    """The role of each header cell ("other" for a cell naming none), or None when the
    row is no header of a table read here (fewer than two roles, or no statement column)."""
    out: list[str] = []
    for c in cells:
        c = " ".join(c.split())
        role = next((name for name, rx in _ROLE_RES if rx.search(c) and name not in out), "other")
        out.append(role)
    # a line of action states the commitment, unless a "Compromiso" column does: then it numbers it
    out = [("other" if "number" in out else "number") if r == "line" and "commitment" in out else
           "commitment" if r == "line" else r for r in out]
    # a "Step" column states the step ("Submit a policy paper …") unless an "Action" or "Description" column does
    if "step" in out and "action" not in out and any(_DESCRIPTION.match(c) for c in cells):
        out = ["number" if r == "step" and "number" not in out else
               "action" if _DESCRIPTION.match(c) and r == "other" else r for r, c in zip(out, cells)]
    out = [("other" if "action" in out else "action") if r == "step" else r for r in out]
    named = {r for r in out if r != "other"}
    if len(named) < 2 or not named & {"recommendation", "action", "commitment", "indicator"} and "number" not in named:
        return None
    if "indicator" in named and not named & set(_VALUES) and not named & {"number", "responsible", "deadline"}:
        return None
    return out


def _kind(named: set[str]) -> str:
    if "recommendation" in named or ("action" in named and named & {"responsible", "deadline", "status"}):
        return "response"  # not "Activities | Results | Date of the visit"
    if "indicator" in named and named & set(_VALUES):
        return "indicator"
    if "commitment" in named or ("number" in named and named & {"responsible", "deadline"}):
        return "commitment"
    return ""


def _table(lines: list[Line], i: int) -> tuple[list[str], list[tuple[Line, list[str]]], int] | None:
    """The table whose header is line ``i``: its roles, its rows (line, cells) and the
    index after its last row; None when line ``i`` heads no table read here."""
    head = lines[i].text.split(CELL_SEP)
    below = tab_cells(_next(lines, i)) if CELL_SEP in _next(lines, i) else []
    if len(head) < 2 and below and not roles(below):  # a header that lost its columns, not a caption over a header
        head = plain_header(lines[i].text, len(below)) or head
    head = (lower := two_level(head, _next(lines, i))) or head
    if not (found := roles(head) if len(head) >= 2 else None):
        return None
    rows, j = [], i + (2 if lower else 1)
    # the table's lines follow each other (a blank line ends it); a row of one filled cell (an area
    # merged across, an item without figures) is no row of items but does not end the table
    while j < len(lines) and lines[j].text.strip() and (CELL_SEP in lines[j].text or CELL_SEP in _next(lines, j)):
        cells = tab_cells(lines[j].text)
        filled = [c for c in cells if c] if lines[j].text != lines[i].text else []  # the header repeated on a new page
        if len(filled) > 1 or (len(filled) == 1 and "action" in found and MERGED_REC.match(filled[0])):  # a merged rec.
            rows.append((lines[j], (cells + [""] * len(found))[:len(found)]))
        j += 1
    return (found, rows, j) if rows else None


def two_level(head: list[str], below: str) -> list[str] | None:
    """A header of two levels as one row: the line under the header (``below``) names the
    columns a group cell spans ("2024" over "Target | Achieved", a Word cell merged across
    two): each of its labels joined to the group above it ("Target 2024", "Achieved 2024");
    None when ``below`` is no such line (no tab, a figure that is not a year, a label under
    the first column, or no label under an empty place of the header)."""
    if CELL_SEP not in below:
        return None
    cells = below.split(CELL_SEP)
    filled = [k for k, c in enumerate(cells) if c.strip()]
    if not filled or filled[0] == 0 or any(re.search(r"\d", re.sub(r"\b(?:19|20)\d\d\b", "", cells[k]))
                                           for k in filled):
        return None
    if all(k < len(head) and head[k].strip() for k in filled):
        return None  # each label under a header cell of its own: no group spans two columns
    out, group = [c.strip() for c in head] + [""] * max(0, len(cells) - len(head)), ""
    for k, c in enumerate(cells):
        above = out[k]
        if not c.strip():
            group = ""
            continue
        group = above or group
        out[k] = " ".join(f"{c.strip()} {group}".split())
    return out


def plain_header(line: str, width: int) -> list[str] | None:
    """The cells of a header line that lost its columns (a header of two levels,
    "Indicator Population type Baseline 2024 Target Actual", over rows of five cells): a
    cell opens at each word that opens a column's role; None unless that gives as many
    cells as the rows below have."""
    starts = [m.start() for m in re.finditer(r"\S+", line)
              if any((hit := rx.search(line[m.start():])) and hit.start() == 0 for _, rx in _ROLE_RES)]
    if not starts or line[:starts[0]].strip():
        return None
    cells = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)])]
    return cells if len(cells) == width else None


def _next(lines: list[Line], j: int) -> str:
    return lines[j + 1].text if j + 1 < len(lines) else ""


def _row_text(cells: list[str]) -> str:
    """A row's cells as one line, the empty ones left out."""
    return " · ".join(_flat(c) for c in cells if c)


def _split_number(cell: str, rec_head: bool = False) -> tuple[str, str]:
    """``(number, statement)`` of a cell that opens on its number ("1.2 Publicar …",
    "Recomendación 3. Alinear …"); ``("", cell)`` when it opens on none."""
    if rec_head:
        m = _REC_HEAD.match(cell)
        if m:
            return m.group(1), _flat(m.group(2))
    m = _NUMBER.match(cell)
    return (m.group(1), _flat(m.group(2))) if m and m.group(2).strip() else ("", cell)


def _response(cell: str) -> tuple[str, str]:
    """The management response a cell opens on ("Parcialmente aceptada. El valor …" →
    "Parcialmente aceptada"), else the one option it states; and the reason, the cell's
    words after the option it opens on ("Partially agree WFP agrees … but …")."""
    m = re.match(r"\s*([^.;:]{3,40}?)\s*(?:[.;:]|$)", cell)
    response = _flat(m.group(1)) if m and _RESPONSES.search(m.group(1)) else _one_response(cell)
    flat = _flat(cell)
    return response, after_option(flat, response) if response and flat.lower().startswith(response.lower()) else ""


# the items of one cell: "1.1 Sign … 1.2 Align …", a deadline cell "1.1 June 2025 1.2 December 2025"
_ITEM_AT = re.compile(r"(?:^|(?<=\s))(\d{1,2}\.\d{1,2})\s+(?=\S)")
_FACT_AT = re.compile(r"(?:^|(?<=[\s;,]))(\d{1,2}\.\d{1,2})[:,]?\s+(?=\S)")  # a fact cell's: "4.1: completed; 4.2, 4.3 …"


def _items(cell: str, at: re.Pattern = _ITEM_AT) -> list[tuple[str, str]]:
    """``(number, text)`` of each numbered item of a cell holding two or more ("1.1 Sign …
    1.2 Align …", the line breaks between them read as spaces), in order; [] otherwise."""
    marks = [m for m in at.finditer(cell)]
    numbers = [tuple(map(int, m.group(1).split("."))) for m in marks]
    # the cell opens on its first item, and the items run n.1, n.2, … under one number ("from 1.5 to 2.5
    # million" holds no items)
    if len(marks) < 2 or cell[:marks[0].start()].strip() or len({a for a, _ in numbers}) > 1 \
            or [b for _, b in numbers] != list(range(numbers[0][1], numbers[0][1] + len(numbers))):
        return []
    ends = [m.start() for m in marks[1:]] + [len(cell)]
    return [(m.group(1), _flat(cell[m.end():e])) for m, e in zip(marks, ends)]


def _number_head(cell: str) -> str:
    """"2" for a cell opening on item "2.1", else ""."""
    m = re.match(r"\s*(\d{1,2})\.\d{1,2}\b", cell)
    return m.group(1) if m else ""


def _per_item(facts: dict[str, str], numbers: list[str]) -> list[dict[str, str]]:
    """Each item's facts: a fact cell numbered like the items ("1.1 June 2025 1.2 December
    2025") gives each its own value; a cell stating one value gives it to all."""
    out: list[dict[str, str]] = [{} for _ in numbers]
    for role, value in facts.items():
        own = {n: re.sub(r"[\s;,.:]+(?:and|y|e|or|o)?$", "", v).strip(" ;,.:") for n, v in _items(value, _FACT_AT)}
        for k in range(len(numbers) - 1, -1, -1):  # "4.2 and 4.3 in progress": 4.2 is in progress too
            join = own.get(numbers[k], "?").lower() in ("", "and", "y", "e", "&", "/", "to", "a", "-", "–") and k + 1 < len(numbers)
            out[k][role] = (out[k + 1][role] if join else own.get(numbers[k], "")) if own else value
    return [{r: v for r, v in d.items() if v} for d in out]


def _response_rows(found: list[str], rows, loc: _Locator) -> list[Record]:
    col = {r: k for k, r in enumerate(found)}
    out: list[Record] = []
    rec: dict | None = None

    def close():
        if rec:
            out.insert(rec["at"], loc.make("recommendation", rec["number"], rec["text"], rec["start"], rec["end"],
                                           response=rec["response"], reason=rec["reason"], detail=rec["detail"],
                                           **rec["facts"]))

    def cell(cells, role):
        return cells[col[role]] if role in col else ""

    count = 0
    for line, cells in rows:
        rec_cell = cell(cells, "recommendation")
        merged = [c for c in cells if c]
        merged = merged[0] if len(merged) == 1 and "recommendation" not in col and MERGED_REC.match(merged[0]) else ""
        if (rec_cell or merged) and (rec is None or (rec_cell or merged) != rec["cell"]):
            close()
            number, text = _split_number(rec_cell or merged, rec_head=True)
            answer = cell(cells, "response")
            facts: dict[str, str] = {}
            if merged:  # "Recommendation 3 (priority: Medium; addressed to: LACRO) Scale up … Management response: …"
                number, text, facts, answer = merged_recommendation(merged)
            count += 1
            response, reason = _response(answer)
            rec = {"at": len(out), "cell": rec_cell or merged, "number": number or cell(cells, "number") or str(count),
                   "text": text, "start": line.start, "end": line.end, "response": response, "reason": reason,
                   "detail": answer, "facts": facts}
            if merged:
                continue
        elif rec is not None:
            rec["end"] = line.end
        facts = {r: cell(cells, r) for r in ("responsible", "deadline", "status") if cell(cells, r)}
        act = cell(cells, "action")
        if not act:
            if rec is not None:
                rec["facts"] = facts
            continue
        # a table of actions under its recommendation's heading: "2.1 …" is an action of recommendation 2
        parent = rec["number"] if rec else _number_head(act) or _number_head(cell(cells, "number"))
        own = [c for k, c in enumerate(cells) if c and found[k] not in ("recommendation", "response")]
        items = _items(act)  # several actions in one cell, each with its own deadline and status where numbered
        if items:
            for (number, text), its in zip(items, _per_item(facts, [n for n, _ in items])):
                out.append(loc.make("action", number, text, line.start, line.end, parent=parent,
                                    detail=_row_text(own), **its))
            continue
        number, text = _split_number(act)
        number = number or cell(cells, "number").rstrip(".")
        if not number:
            number = f"{parent}.{sum(1 for r in out if r.kind == 'action' and r.parent == parent) + 1}" if parent else ""
        if "." in number:  # "5.1 Every six months": a fact cell numbered like its one action ("6 months" is no number)
            facts = {r: re.sub(rf"^{re.escape(number)}\s+(?=\S)", "", v) for r, v in facts.items()}
        out.append(loc.make("action", number, text, line.start, line.end, parent=parent,
                            detail=_row_text(own), **facts))
    close()
    return out


def _commitment_rows(found: list[str], rows, loc: _Locator) -> list[Record]:
    col = {r: k for k, r in enumerate(found)}
    out = []
    for line, cells in rows:
        number = cells[col["number"]] if "number" in col else ""
        text = cells[col["commitment"]] if "commitment" in col else ""
        if not number and text:
            number, text = _split_number(text)
            if not number and re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?", text.strip()):  # a code alone: "2.3.1"
                number, text = text.strip(), ""
        facts = {r: cells[col[r]] for r in ("responsible", "deadline", "status") if r in col and cells[col[r]]}
        out.append(loc.make("commitment", number.rstrip("."), text, line.start, line.end,
                            area=_area_of(loc, line.start, number), detail=_row_text(cells), **facts))
    return out


def _area_of(loc: _Locator, pos: int, number: str) -> str:
    """The area a commitment row's table lies under: "Área 2. Necesidades inmediatas" for
    row 2.3 is "Necesidades inmediatas" (an annex's table lies under no area of its number)."""
    head = NUMBERED_HEAD.match("".join(loc.section(pos)[-1:]))
    return _flat(head.group(2)) if head and number.split(".")[0] == head.group(1) else ""


_AREA_ROW = re.compile(r"^\W*(?:outcome|impact|result|thematic|strategic|sector|[áa]rea|eje|pillar|pilar|objective|"
                       r"objetivo|resultado|l[ií]nea)\b", re.IGNORECASE)


def _groups(lines: list[Line], i: int, j: int) -> list[tuple[int, str]]:
    """A table's group rows, one cell merged across the others ("Área de impacto 1:
    Protección …" over its indicators): ``(offset, text)`` of each, in order."""
    out = []
    for ln in lines[i + 1:j]:
        filled = [c for c in tab_cells(ln.text) if c]
        # a label of an area ("Área de impacto 1: …", "Outcome area 2"), not an indicator without figures
        if len(filled) == 1 and (":" in filled[0] or _AREA_ROW.match(filled[0])):
            out.append((ln.start, _flat(filled[0])))
    return out


def _indicator_rows(found: list[str], rows, loc: _Locator, area: str,
                    groups: list[tuple[int, str]] = ()) -> list[Record]:
    """One indicator per row, its area the group row above it in the table, else ``area``."""
    col = {r: k for k, r in enumerate(found)}
    out = []
    for line, cells in rows:
        area = next((g for at, g in reversed(groups) if at < line.start), area) if groups else area
        code, name = _split_number(cells[col["indicator"]])
        if not name:
            continue
        vals = {r: cells[col[r]] for r in ("population",) + _VALUES if r in col and cells[col[r]]}
        out.append(loc.make("indicator", code, name, line.start, line.end, area=area,
                            detail=_row_text(cells), **vals))
    return out


# a value a cell of an indicator's row may hold instead of a figure
_WORD_VALUE = re.compile(r"^(?:no|s[ií]|yes|n/?a|n\.?d\.?|[-–—]+|tbd|pending|pendiente|unknown|desconocido|"
                         r"por\s+definir|en\s+curso|cumplid[oa]|achieved|not\s+achieved|done)\.?$", re.I)


def _names_columns(cells: list[str]) -> bool:
    """A row of labels: two or more cells filled, none holding a figure or a value a row
    may state in words ("No", "Sí", "N/A", "–", "Pendiente")."""
    filled = [c for c in cells if c]  # cells of ``tab_cells``: whitespace already collapsed
    return len(filled) >= 2 and not any(any(ch.isdigit() for ch in c) or _WORD_VALUE.match(c) for c in filled)


def _until_header(rows, j: int, lines: list[Line]):
    """An indicator table's rows up to the header of the next table that follows it
    without a blank line ("Outcome | Budget | Expenditure", a row of labels over a row of
    figures), and the index of that header's line (where reading goes on)."""
    for k, (line, cells) in enumerate(rows):
        below = rows[k + 1][1] if k + 1 < len(rows) else []
        if k and _names_columns(cells) and any(ch.isdigit() for c in below for ch in c):
            return rows[:k], lines.index(line)
    return rows, j


def _counts_only(found: list[str], rows, role: str) -> bool:
    """Whether a table's ``role`` column holds counts alone: an annex's summary ("Recommendation |
    Response | Actions | Completed": 3, 1, …) states no action of its own."""
    def counts(k: int) -> bool:
        values = [cells[k].strip() for _, cells in rows if k < len(cells) and cells[k].strip()]
        return bool(values) and all(re.fullmatch(r"\d{1,4}", v) for v in values)
    # its action column and two more hold counts ("Completed", "In progress"); not a matrix's "Action #"
    return role in found and counts(found.index(role)) and sum(counts(k) for k in range(len(found))) >= 3


def tabular_records(lines: list[Line], loc: _Locator) -> tuple[list[Record], set[int]]:
    """The records of every table read here, and the indexes of the lines they took
    (header and rows), which the text-based readers then leave alone."""
    if not loc.doc.structured and CELL_SEP not in loc.doc.text:
        return [], set()
    out: list[Record] = []
    taken: set[int] = set()
    i = 0
    while i < len(lines):
        t = _table(lines, i) if CELL_SEP in lines[i].text or CELL_SEP in _next(lines, i) else None
        if t is None:
            i += 1
            continue
        found, rows, j = t
        rows, j = continued(lines, i, found, rows, j, _table)
        kind = _kind({r for r in found if r != "other"})
        if kind == "response" and not _counts_only(found, rows, "action"):
            out += _response_rows(found, rows, loc)
        elif kind == "commitment":
            out += _commitment_rows(found, rows, loc)
        elif kind == "indicator":
            rows, j = _until_header(rows, j, lines)
            area = "".join(loc.section(lines[i].start)[-1:])
            out += _indicator_rows(found, rows, loc, area, _groups(lines, i, j))
        if kind:
            taken.update(range(i, j))
        i = j
    return out, taken
