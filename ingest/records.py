"""Structured records: recommendations, actions, commitments, indicators, priorities.

Pure functions of a :class:`Document` (no model, no globals). Patterns are generic,
in English and Spanish:

* management-response matrices — "RECOMMENDATION 1:", "Recomendaciones de evaluación
  No. 1", with their labelled fields ("Unit or function responsible:", "Recomendación
  dirigida a:", "Nivel de prioridad (1 a 3): 2", "Management response: …") and their
  numbered planned actions ("1.1 …" or "1 …") with who / deadline / status;
* action-plan commitments — bullets under an ALL-CAPS area heading in a document that
  speaks of commitments or pledges;
* indicator tables — a header row naming indicator, population, baseline, target and
  actual columns, rows whose cells are separated by runs of 3+ spaces and wrap over lines;
* priorities — lettered sections ("A) …", "B) …") and "Pillar one:" paragraphs.

Fields the source does not state stay empty. PDF tables whose columns arrive
interleaved are recovered only as far as docs/records.md describes.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, fields
from itertools import product

from .chunker import Line as _Line
from .chunker import heading_of, sections
from .chunker import split_lines as _lines
from .types import Cited, Document

KINDS = ("recommendation", "action", "commitment", "indicator", "priority")


@dataclass(frozen=True)
class Record(Cited):
    """One structured item with its citation and the exact source text.

    ``text`` is the item's own statement (whitespace collapsed); ``detail`` the rest of
    its source span as it arrives from the PDF (other table cells, section body).
    ``parent`` is the number of the recommendation an action belongs to.
    ``start``/``end`` are char offsets of the whole item in ``Document.text``.
    """

    doc: str
    kind: str
    number: str
    text: str
    parent: str = ""
    area: str = ""
    responsible: str = ""
    deadline: str = ""
    status: str = ""
    priority: str = ""
    response: str = ""
    population: str = ""
    baseline: str = ""
    target: str = ""
    actual: str = ""
    detail: str = ""
    page_start: int | None = None
    page_end: int | None = None
    section: tuple[str, ...] = ()
    start: int = 0
    end: int = 0

    @property
    def key(self) -> str:
        """Number qualified by its recommendation: ``3.1`` for action 1 of recommendation 3."""
        if self.parent and not self.number.startswith(self.parent + "."):
            return f"{self.parent}.{self.number}"
        return self.number

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section"] = list(self.section)
        d["citation"] = self.citation
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["section"] = tuple(kw.get("section") or ())
        return cls(**kw)


# ---------------------------------------------------------------- shared patterns
_WS = re.compile(r"\s+")
_SHORT = 16  # a line this short inside a matrix is a fragment of a narrow column

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"sep?tiembre|octubre|noviembre|diciembre)"
)
_STATUS = (
    r"(?:on-?going|in\s+progress|partially\s+implemented|implemented|completed?|done|closed|not\s+started|"
    r"pending|delayed|en\s+curso|en\s+proceso|en\s+progreso|completad[oa]|cumplid[oa]|finalizad[oa]|"
    r"pendiente|no\s+iniciad[oa]|implementad[oa]|cerrad[oa])"
)
_DATE = (
    rf"(?:(?:\d{{1,2}}\s+(?:de\s+)?)?{_MONTH}\.?,?\s+(?:de(?:l)?\s+)?\d{{4}}|"
    r"q[1-4]\s+\d{4}|\d{4}\s*\((?:first|second|1st|2nd)\s+half\)|"
    r"(?:end|mid|beginning|fin(?:ales)?|mediados|principios)\s+(?:of\s+|de\s+)?\d{4}|"
    r"quarterly|yearly|annually|annual|monthly|weekly|bi-?weekly|bi-?annual(?:ly)?|semi-?annual(?:ly)?|"
    r"regular\s+activity|continuous|permanent|trimestral|anual|mensual|semanal|semestral|permanente|"
    r"continu[oa]|actividad\s+regular|"
    rf"on-?going(?=[ \t]*\n?[ \t]*{_STATUS}\b)|en\s+curso(?=[ \t]*\n?[ \t]*{_STATUS}\b))"
)
_DATE_RE = re.compile(rf"(?<![\w-]){_DATE}(?![\w-])", re.IGNORECASE)
_DATE_CELL = re.compile(rf"\s*{_DATE}\s*\.?\s*", re.IGNORECASE)
_STATUS_RE = re.compile(rf"(?<![\w-]){_STATUS}(?![\w-])", re.IGNORECASE)
_STATUS_CELL = re.compile(rf"\s*{_STATUS}\s*\.?\s*", re.IGNORECASE)

_REC_HEAD = re.compile(
    r"^\s*(?:\d{1,2}\.\s+)?(?:recommendation|recomendaci[oó]n(?:es)?(?:\s+de\s+(?:la\s+)?evaluaci[oó]n)?)"
    r"\s*(?:no\.?|n[º°o]\.?|#)?\s*(\d{1,2})\s*(?:[:.\-–—]\s*|$)(.*)$",
    re.IGNORECASE,
)
_OPEN = r"\s*(?:\([^)]*\))?\s*(?::|$)"
_REC_LABELS = {
    "responsible": re.compile(
        r"^\s*(?:unit\s+or\s+function\s+responsible|responsible\s+(?:unit|office|function)s?|"
        r"(?:unit|office)s?\s+responsible|addressed\s+to|recomendaci[oó]n\s+dirigida\s+a|dirigida\s+a|"
        rf"(?:unidad|[áa]rea)\s+responsable){_OPEN}(.*)$",
        re.IGNORECASE,
    ),
    "priority": re.compile(rf"^\s*(?:priority(?:\s+level)?|nivel\s+de\s+prioridad|prioridad){_OPEN}(.*)$", re.IGNORECASE),
    "response": re.compile(
        r"^\s*(?:management\s+response|respuesta\s+(?:gerencial|de\s+la\s+(?:gerencia|administraci[oó]n))"
        rf"(?:\s+a\s+la\s+recomendaci[oó]n)?){_OPEN}(.*)$",
        re.IGNORECASE,
    ),
    "reasons": re.compile(r"^\s*(?:reasons|razones|justificaci[oó]n)\b(.*)$", re.IGNORECASE),
}
_ACTIONS_HEAD = re.compile(
    r"^\s*(?:(?:top-line\s+|key\s+)?planned\s+actions?\b|acciones?\s+(?:clave|previstas?|planificadas?)\b|"
    r"(?:actions?|acci[oó]n(?:es)?)\s*(?::|$|\s{2,}))",
    re.IGNORECASE,
)
_ACTION_START = re.compile(r"^\s*(\d{1,2})(?:\.(\d{1,2}))?\.?\s+([^\W\d_(\"“¿¡].*|[(\"“¿¡].*)$")
_ACTION_LABELS = {
    "responsible": re.compile(
        r"^\s*(?:by\s+whom|responsible(?:\s+(?:unit|person|office))?|lead|persona\s+responsable|responsables?|"
        r"unidad\s+responsable|a\s+cargo\s+de)\s*:\s*(.*)$",
        re.IGNORECASE,
    ),
    "deadline": re.compile(
        r"^\s*(?:deadline|due\s+date|(?:expected\s+)?completion\s+date|timeline|time\s*frame|"
        r"plazo(?:\s+o\s+fecha\s+l[ií]mite)?|fecha\s+l[ií]mite|fecha\s+de\s+(?:finalizaci[oó]n|cumplimiento))\s*:\s*(.*)$",
        re.IGNORECASE,
    ),
    "status": re.compile(r"^\s*(?:(?:progress\s+)?status|estado|estatus)\s*:\s*(.*)$", re.IGNORECASE),
    "comments": re.compile(r"^\s*(?:comments?|comentarios?|observaciones)\s*:\s*(.*)$", re.IGNORECASE),
}
_RESPONSES = re.compile(
    r"(?<![\w-])(partially\s+agree(?:d)?|disagree(?:d)?|agree(?:d)?|partially\s+accepted|accepted|rejected|"
    r"aceptar\s+parcialmente|aceptada\s+parcialmente|aceptad[oa]|aceptar|rechazad[oa]|rechazar|"
    r"parcialmente\s+de\s+acuerdo|en\s+desacuerdo|de\s+acuerdo)(?![\w-])",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[-•·▪‣●◦*]\s+(\S.*)$")
_INLINE_LABEL = re.compile(r"^[A-ZÁÉÍÓÚÑ][\w]*(?: [\w]+){0,2}:\s")
_FUNCTION_WORD_END = re.compile(r"\b(?:of|with|and|the|for|to|in|de|del|la|el|y|con|para|en)\s*$", re.IGNORECASE)


def _flat(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _join(lines: list[_Line]) -> str:
    return _flat(" ".join(ln.text for ln in lines))


class _Locator:
    """Page numbers and section paths of char offsets in one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.offsets = doc.page_offsets
        self.spans = sections(doc.text)
        self.span_starts = [s for _, s, _ in self.spans]

    def page(self, pos: int) -> int | None:
        if not self.doc.pages:
            return None
        i = max(0, bisect.bisect_right(self.offsets, pos) - 1)
        return self.doc.pages[i].number

    def section(self, pos: int) -> tuple[str, ...]:
        i = bisect.bisect_right(self.span_starts, pos) - 1
        return self.spans[i][0] if i >= 0 else ()

    def make(self, kind: str, number: str, text: str, start: int, end: int,
             section: tuple[str, ...] | None = None, **kw) -> Record:
        end = max(end, start)
        return Record(
            doc=self.doc.doc, kind=kind, number=number, text=_flat(text),
            page_start=self.page(start), page_end=self.page(max(start, end - 1)),
            section=self.section(start) if section is None else section, start=start, end=end, **kw,
        )


# ---------------------------------------------------------------- recommendations and actions
def _one_response(value: str) -> str:
    """The management response when the cell states exactly one option (a form that
    lists all options with lost checkboxes states none)."""
    value = re.sub(r"\([^)]*\)", " ", value)
    found = {_flat(m.group(1)).lower() for m in _RESPONSES.finditer(value)}
    if len(found) != 1:
        return ""
    m = _RESPONSES.search(value)
    return _flat(m.group(1))


def _clean_value(parts: list[str], sep_labels: bool = False) -> str:
    """Join a cell's lines; bullets (and, with ``sep_labels``, "Label: …" lines such as
    "Acompañan: …") become items separated by "; "."""
    items = []
    labelled = False
    for p in parts:
        p = p.strip()
        m = _BULLET.match(p)
        if m:
            items.append([m.group(1)])
        elif sep_labels and items and _INLINE_LABEL.match(p):
            items.append([p])
            labelled = True
        elif items and p:
            items[-1].append(p)
        elif p:
            items.append([p])
    bulleted = any(_BULLET.match(p.strip()) for p in parts)
    joined = [_flat(" ".join(i)) for i in items]
    if bulleted:
        return "; ".join(joined)
    if labelled:
        return "".join(j if k == 0 else (" " if joined[k - 1].endswith(".") else "; ") + j for k, j in enumerate(joined))
    return _flat(" ".join(joined))


def _rec_label(line: str) -> tuple[str, str] | None:
    for name, rx in _REC_LABELS.items():
        m = rx.match(line)
        if m:
            return name, m.group(1)
    return None


def _action_label(line: str) -> tuple[str, str] | None:
    for name, rx in _ACTION_LABELS.items():
        m = rx.match(line)
        if m:
            return name, m.group(1)
    return None


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


def _parse_action(lines: list[_Line], first_rest: str) -> dict:
    """Fields of one action from its lines (first line's number already removed)."""
    body = [ln for ln in lines[1:] if ln.s]
    out = {"text": "", "responsible": "", "deadline": "", "status": ""}
    # 1. labelled cells ("Deadline: June 2024", "Responsable: …")
    if any(_action_label(ln.text) for ln in body):
        cur, vals, text = "text", {"text": [first_rest]}, None
        for ln in body:
            lab = _action_label(ln.text)
            if lab:
                cur = lab[0]
                vals.setdefault(cur, []).append(lab[1])
            else:
                vals.setdefault(cur, []).append(ln.s)
        text = _clean_value(vals.get("text", []))
        out.update(text=text, responsible=_clean_value(vals.get("responsible", [])),
                   deadline=_clean_value(vals.get("deadline", [])), status=_clean_value(vals.get("status", [])))
        return out
    # 2. cells one after another: description, a date line, then the person responsible
    for i, ln in enumerate(body):
        if _DATE_CELL.fullmatch(ln.text) and all(len(b.s) > _SHORT for b in body[: max(0, i - 1)]):
            rest = body[i + 1:]
            status = [b for b in rest if _STATUS_CELL.fullmatch(b.text)]
            out["text"] = _flat(" ".join([first_rest] + [b.s for b in body[:i]]))
            out["deadline"] = _flat(ln.s).rstrip(".")
            out["responsible"] = _clean_value([b.s for b in rest if b not in status], sep_labels=True)
            out["status"] = _flat(status[0].s).rstrip(".") if status else ""
            return out
    # 3. narrow columns interleaved line by line (see docs/records.md)
    desc, by_whom_first = _split_first_line(first_rest)
    text = [desc]
    i = 0
    if not by_whom_first:
        while i < len(body):
            s = body[i].s
            if re.search(r"[.;]$", text[-1]) or _DATE_CELL.fullmatch(s) or _STATUS_CELL.fullmatch(s):
                break
            if len(s) <= _SHORT and s[:1].isupper():
                break
            text.append(s)
            i += 1
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
    who_text = _flat(" ".join(who))
    if _FUNCTION_WORD_END.search(who_text):
        who_text = ""  # the cell continues after other columns: not reliably recoverable
    block = "\n".join([first_rest] + [ln.text for ln in lines[1:]])
    out["text"] = _flat(" ".join(text))
    out["responsible"] = who_text
    out["deadline"], out["status"] = _deadline_status(block)
    return out


def _rec_blocks(lines: list[_Line]) -> list[tuple[int, int, str, str]]:
    """``(first line, end line, number, header rest)`` of each recommendation."""
    heads = []
    for i, ln in enumerate(lines):
        m = _REC_HEAD.match(ln.text)
        if m and not _rec_label(ln.text):
            heads.append((i, m.group(1), m.group(2)))
    out = []
    for j, (i, num, rest) in enumerate(heads):
        end = heads[j + 1][0] if j + 1 < len(heads) else len(lines)
        out.append((i, end, num, rest))
    return out


def _recommendations(lines: list[_Line], loc: _Locator) -> list[Record]:
    recs: list[Record] = []
    for i0, i1, num, head_rest in _rec_blocks(lines):
        text_parts = [head_rest] if head_rest.strip() else []
        fields_: dict[str, list[str]] = {}
        state = "text"
        in_actions = False
        actions: list[tuple[int, str, str, str]] = []  # (line index, number, sub, rest)
        last = 0
        text_end = lines[i0].end
        for k in range(i0 + 1, i1):
            ln = lines[k]
            if not ln.s:
                continue
            lab = _rec_label(ln.text)
            if lab and not actions:
                state = lab[0]
                fields_.setdefault(state, []).append(lab[1])
                continue
            if _ACTIONS_HEAD.match(ln.text) and not actions:
                in_actions, state = True, "header"
                continue
            m = _ACTION_START.match(ln.text)
            if m and (in_actions or fields_):
                major, sub = int(m.group(1)), m.group(2)
                n = int(sub) if sub is not None else major
                ok = (major == int(num)) if sub is not None else True
                if ok and (n == last + 1 or n == 1):
                    actions.append((k, m.group(1) + (f".{sub}" if sub is not None else ""), sub or "", m.group(3)))
                    last = n
                    state = "action"
                    continue
                if not actions:
                    state = "other"  # a numbered line that is not this recommendation's action ends the field
            elif not actions and state != "text" and _action_label(ln.text):
                state = "other"
            if state == "text":
                text_parts.append(ln.s)
                text_end = ln.end
            elif state in ("responsible", "priority", "response", "reasons"):
                fields_[state].append(ln.s)
        text = _flat(" ".join(text_parts))
        area = ""
        m = re.match(r"^([A-ZÁÉÍÓÚÑ][\w ]{2,30}?):\s", text)
        if m and len(m.group(1).split()) <= 4:
            area = m.group(1)
        prio = ""
        if fields_.get("priority"):
            pm = re.match(r"\s*(\d+|high|medium|low|alta|media|baja)\b", fields_["priority"][0], re.IGNORECASE)
            prio = pm.group(1) if pm else ""
        response = _one_response(" ".join(fields_.get("response", [])[:1]))
        end = lines[i1 - 1].end if i1 > i0 else lines[i0].end
        recs.append(loc.make(
            "recommendation", num, text, lines[i0].start, end,
            area=area, responsible=_clean_value(fields_.get("responsible", [])),
            priority=prio, response=response,
            detail=_flat(loc.doc.text[lines[i0].start:text_end]) if text_end > lines[i0].end else "",
        ))
        for a, (k, anum, _sub, rest) in enumerate(actions):
            k_end = actions[a + 1][0] if a + 1 < len(actions) else i1
            block = lines[k:k_end]
            f = _parse_action(block, rest)
            a_end = block[-1].end
            while len(block) > 1 and not block[-1].s:
                block = block[:-1]
                a_end = block[-1].end
            recs.append(loc.make(
                "action", anum, f["text"], lines[k].start, a_end, parent=num,
                responsible=f["responsible"], deadline=f["deadline"], status=f["status"],
                detail=_flat(loc.doc.text[lines[k].start:a_end]),
            ))
    return recs


# ---------------------------------------------------------------- commitments
_COMMIT_WORD = re.compile(r"\b(?:commitments?|compromisos?|pledges?|compromete)\b", re.IGNORECASE)
_COUNT_LINE = re.compile(r"^\s*(\d{1,3})\s+(?:commitments?|compromisos?|pledges?)\s*$", re.IGNORECASE)


def _caps_word_line(line: str) -> bool:
    s = line.strip()
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and len(s) <= 60 and all(c.isupper() for c in letters) and not re.search(r"\d", s)


def declared_counts(doc: Document) -> dict[str, int]:
    """Counts the document states itself: an ALL-CAPS area then "17 COMMITMENTS"."""
    lines = [ln.s for ln in _lines(doc.text)]
    out: dict[str, int] = {}
    for i, s in enumerate(lines):
        m = _COUNT_LINE.match(s)
        if not m:
            continue
        j, parts = i - 1, []
        while j >= 0 and _caps_word_line(lines[j]) and not _COMMIT_WORD.search(lines[j]):
            parts.insert(0, lines[j])
            j -= 1
        if parts:
            out[_flat(" ".join(parts))] = int(m.group(1))
    return out


def _commitments(lines: list[_Line], loc: _Locator) -> list[Record]:
    if not _COMMIT_WORD.search(loc.doc.text):
        return []
    out: list[Record] = []
    area = ""
    prev_caps = False
    cur: list[_Line] | None = None

    def close():
        nonlocal cur
        if cur:
            first = _BULLET.match(cur[0].text).group(1)
            text = " ".join([first] + [c.s for c in cur[1:]])
            out.append(loc.make("commitment", "", text, cur[0].start, cur[-1].end, area=area))
        cur = None

    for ln in lines:
        if not ln.s:
            continue
        if _caps_word_line(ln.text) and not _BULLET.match(ln.text) and len(ln.s) >= 3:
            close()
            area = f"{area} {ln.s}" if prev_caps and not _COMMIT_WORD.search(area) else ln.s
            area = _flat(area)
            prev_caps = True
            continue
        prev_caps = False
        if heading_of(ln.text) is not None:  # another kind of heading ends the area
            close()
            area = ""
            continue
        m = _BULLET.match(ln.text)
        if m and area:
            close()
            cur = [ln]
        elif cur is not None:
            cur.append(ln)
    close()
    return out


# ---------------------------------------------------------------- indicator tables
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


# ---------------------------------------------------------------- priorities
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
    for k, ln in enumerate(lines):
        m = _PILLAR.match(ln.text)
        if not m:
            continue
        para = [ln]
        text = [m.group(2)]
        kk = k + 1
        while not re.search(r"[.!?]$", para[-1].s) and kk < len(lines) and lines[kk].s and len(para) < 12:
            para.append(lines[kk])
            text.append(lines[kk].s)
            kk += 1
        under = [(letter, t) for pos, letter, t in letter_at if pos < ln.start]
        section = (f"{under[-1][0]}) {_flat(under[-1][1])}", _flat(m.group(1))) if under else None
        out.append(loc.make("priority", _flat(m.group(1)), " ".join(text), ln.start, para[-1].end,
                            area=_flat(under[-1][1]) if under else "", section=section))
    return out


# ---------------------------------------------------------------- entry point
def extract_records(doc: Document) -> list[Record]:
    """Records found in ``doc`` (pure function of the document), in text order."""
    if not doc.pages or not doc.text.strip():
        return []
    lines = _lines(doc.text)
    loc = _Locator(doc)
    recs = _recommendations(lines, loc) + _commitments(lines, loc) + _indicators(lines, loc) + _priorities(lines, loc)
    return sorted(recs, key=lambda r: (r.start, KINDS.index(r.kind)))
