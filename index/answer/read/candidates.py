"""Candidate answers from the top passages: their sentences, table rows and labelled
lines, and the structured records (``ingest.records``) that lie inside them.

A passage from a PDF mixes prose, tables whose cells are separated by runs of spaces and
rows wrapped over lines, form fields ("Unit or function responsible: …") and numbered
items. Each becomes one candidate with its offsets in the passage, so the answer can be
quoted and highlighted exactly:

* prose is cut into sentences, also before a bullet, a numbered item ("6.2. Crear …")
  and a labelled line ("Recomendación dirigida a: …");
* a table row is a line with cells; a line that continues it (starts in lower case)
  is joined to it, and a row also gets a candidate that includes the line before it
  when that line does not end a sentence (the indicator's name above its values) and is
  not a header cell wrapped under the table's header line;
* a record whose source span overlaps the passage gives the record's own text and fields (who, deadline, status, …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from puente.common.text import CELL_SEP, GOES_ON, LETTER_ITEM, reference_list

from . import boxes
from .tables import cells, is_header, tail_figures

_WS = re.compile(r"\s+")
_LINE = re.compile(r"[^\n]+")
BULLETS = "•\\-–*·▪‣●◦"  # a list item's markers (a character class's contents)
_SENT_END = re.compile(
    # sentence end before a capital or digit, not after an initial or a title ("M. Theo Kearney",
    # "John C. Messenger", "Rev. Paul T. Stallsworth", "Dr. Silva"), an abbreviation ("Brown v. Board",
    # "e.g. The", "p. 5", "vs. Canada", "Vol. 2", "el Ing. Rodrigo Parada", "la Lic. Cuéllar") or a number's
    # label ("No. 4", "Art. 11", "Fig. 3")
    r"(?<=[.!?;])(?<!\b[A-ZÁÉÍÓÚÑ]\.)(?<!\b(?:Mr|Dr|St|Sr|Jr|Ms)\.)(?<!\b(?:Mrs|Rev|Sra|Dra|Gen|Col|Gov|Sen|Ing|Lic|Arq)\.)"
    r"(?<!\b(?:Prof|Mtro|Mtra|Srta)\.)(?<!\bLicda\.)(?<!\b[pvcn]\.)(?<!\b(?:e\.g|i\.e)\.)(?<!\b(?:vs|ca|cf|pp)\.)(?<!\b(?:Vol|vol)\.)"
    r"(?!(?<=\bNo\.)\s+\d)(?!(?<=\b(?:Art|art|Fig|fig|Nos|Núm|núm)\.)\s+\d)"
    r"\s+(?=[\"“¿¡(\[]?[A-ZÁÉÍÓÚÑ0-9])"
    rf"|\n(?=[ \t]*[{BULLETS}][ \t])"  # a bullet
    r"|\n(?=[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-ZÁÉÍÓÚÑ¿¡\"“(])"  # a numbered item
    r"|\n(?=[ \t]*\([a-h]\)[ \t]+[A-ZÁÉÍÓÚÑ])"  # a lettered item in brackets: "(a) Apply the child labour …"
    r"|\n(?=[ \t]*[A-ZÁÉÍÓÚÑ](?:[^\n:.;()]|\([^\n:.;()]*\)){1,50}:(?:[ \t]|$))"  # "Label: value", not "Republic); …:"
    # a blank line: a paragraph ends, unless a page break cut a sentence there ("It also provides a"
    # | "baseline to tailor …": a word or comma before it, lower case after it)
    r"|\n[ \t]*\n\s*(?![\sa-záéíóúñü])|(?<![^\W\d_])(?<![,\n])\n[ \t]*\n\s*"
    rf"|\n[ \t]*\n\s*(?={LETTER_ITEM}[ \t])"  # a list's next item after a blank line
)
# a piece that only opens what follows: an item number ("6.2."), an abbreviation ("No.",
# "Sr."), a short label ("Recomendación dirigida a:") — joined to the next piece
_OPENER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|.*\b(?:No|Nº|Nr|Sr|Sra|Dr|Dra|Mr|Ms|St|Ing|Lic|p|pp|e\.g|i\.e|etc|vs)\.|"
                     r"[^.!?;]{1,60}:)$", re.S)
_LABEL = re.compile(r"[A-ZÁÉÍÓÚÑ][^\n:.]{1,50}:")
# the answers a response form offers, printed without the one ticked: "Management response: Agree Partially
# agree Disagree", "Respuesta: Aceptada / Parcialmente aceptada / No aceptada"
_OPTION = re.compile(r"\b(?:partially\s+|parcialmente\s+|not\s+|no\s+)?(?:agree[ds]?|disagree[ds]?|accepted|rejected|"
                     r"aceptad[ao]s?|rechazad[ao]s?|de\s+acuerdo|en\s+desacuerdo)\b", re.I)
# a short bracketed note after a sentence's full stop belongs to it: "… the quantification
# exercise. (Deadline – end of April 2019) Review and update …"
_AFTERTHOUGHT = re.compile(r"\((?=[^()]*[^\W\d_]{3})(?:[^()\n]|\n(?!\s*\n)){1,100}\)")  # a note, not "(1)" or "(A)"
MAX_WORDS = 70  # a longer "sentence" (a run of unpunctuated lines) is cut at line breaks
PIECE_WORDS = 35
PROSE_WORDS = 140  # a sentence of wrapped prose is kept whole up to this many words
# wrapped prose: every line after the first goes on in lower case (or an opening bracket) — not a list's
# next item ("a) realizar …", "ii. evaluar …"; "p. 5" and "art. 13" go on a sentence)
_WRAPPED = re.compile(rf"\n[ \t]*(?![a-záéíóúñü(])|\n[ \t]*{LETTER_ITEM}[ \t]+(?=[a-záéíóúñü])")
_ENDS = re.compile(r"[.!?][\"”’)]?\s*$")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str  # "sentence" or "row"


def _words(text: str) -> int:
    return len(text.split())


def _split_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut an overlong span at line breaks into pieces of about ``PIECE_WORDS`` words — not
    a long sentence of prose that a PDF wrapped ("… chaired by the Under Secretary of the
    Interior, which offers … focusing on access to / education (chaired by …) …")."""
    n = _words(text[s:e])
    if n <= MAX_WORDS or (n <= PROSE_WORDS and _ENDS.search(text[s:e]) and not _WRAPPED.search(text[s:e].strip())):
        return [(s, e)]
    out, cur, n = [], s, 0
    for m in _LINE.finditer(text, s, e):
        n += _words(m.group(0))
        if n >= PIECE_WORDS:
            out.append((cur, m.end()))
            cur, n = m.end() + 1, 0
    if cur < e and text[cur:e].strip():
        out.append((cur, e))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - (len(text[a:b]) - len(text[a:b].rstrip())))
            for a, b in out if text[a:b].strip()]


def _figure_goes_on(text: str, b: int, a: int) -> bool:
    """Whether a page break between the piece ending at ``b`` and the one at ``a`` falls
    inside a sentence after a figure ("… with 7,700 people in 2023" | "alone."): a blank
    line between, a figure ending a line that is no table row, lower case after it."""
    gap, last = text[b:a], text[text.rfind("\n", 0, b) + 1:b]
    return ("\n\n" in gap and not gap.strip() and text[b - 1:b].isdigit() and not CELL_SEP.search(last)
            and bool(GOES_ON.match(text, a)))


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    pieces, pos = [], s
    for m in list(_SENT_END.finditer(text, s, e)) + [None]:
        end = m.start() if m else e
        seg = text[pos:end]
        if seg.strip():
            a = pos + len(seg) - len(seg.lstrip())
            b = pos + len(seg.rstrip())
            if pieces and ((pieces[-1][2] and not (pieces[-1][3] and _LABEL.match(text, a)))
                           or _figure_goes_on(text, pieces[-1][1], a)):
                a = pieces.pop()[0]
            piece = flat(text[a:b])
            opener = _words(piece) <= 6 and bool(_OPENER.match(piece))
            pieces.append((a, b, opener, piece.endswith(":")))
        pos = m.end() if m else e
    spans: list[list[int]] = []
    for a, b, _, _ in pieces:
        close = _AFTERTHOUGHT.match(text, a, b)
        rest = text[close.end():b].lstrip()[:1] if close else ""
        if spans and close and (not rest or not rest.islower()) and "\n\n" not in text[spans[-1][1]:a]:
            # "(Deadline – end of April 2019)" ends the sentence before it, unless the sentence goes on from it
            spans[-1][1] = close.end()
            a = close.end() + len(text[close.end():b]) - len(text[close.end():b].lstrip())
            if a >= b:
                continue
        spans.append([a, b])
    out = []
    for a, b in spans:
        for x, y in _cell_rows(text, a, b):
            out.extend(_split_long(text, x, y))
    return out


# a table cell a PDF gives on its own line: a bare figure ("45,000", "45 000", "57%", "+12%", "USD 1.2M",
# "1,200 (45%)") or an empty cell ("-", "N/A", "s/d"); not a year, a list's number ("2.") or a footnote's mark
_FIGURE_LINE = re.compile(
    r"\s*[+-]?\s*(?:(?:USD|US\$|COP|MXN|S/|\$|€)\s*)?\d{1,3}(?:(?:[ .,\u00a0]\d{3})+|\d*)(?:[.,]\d+)?\s*"
    r"(?:%|M|k|million|millones)?(?:\s*\(\s*[\d.,]+\s*%?\s*\))?\s*|\s*(?:[-–—]|N/?A|n\.?\s?d\.?|s/d)\s*", re.I)
_NO_FIGURE = re.compile(r"\s*(?:(?:19|20)\d\d|\d{1,2}\.)\s*")


def _cell_rows(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A "sentence" that is a table read one cell per line ("People reached with GBV
    services" / "11,000" / "12,430" / "Children at risk …" / "3,000" / …) cut into its rows:
    after each run of figures that a line of words follows. Only a table's shape: it opens
    on words (a header, a row's name) and most rows hold two figures or more — not an
    infographic's figure over its label, nor a narrow column of prose with a figure per line."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, a, b) if text[m.start():m.end()].strip()]
    figure = [bool(_FIGURE_LINE.fullmatch(text[x:y])) and not _NO_FIGURE.fullmatch(text[x:y]) for x, y in lines]
    if sum(figure) < 4 or figure[0]:
        return [(a, b)]
    cuts = [k for k in range(1, len(lines)) if figure[k - 1] and not figure[k]]
    bounds = [0, *cuts, len(lines)]
    counts = [sum(figure[i:j]) for i, j in zip(bounds, bounds[1:])]
    rows = counts[:-1] if counts[-1] == 0 else counts  # the prose after the table is no row
    if len(rows) < 3 or sum(n >= 2 for n in rows) < 2 * len(rows) / 3:
        return [(a, b)]
    return [(lines[i][0] if i else a, lines[j - 1][1] if j < len(lines) else b) for i, j in zip(bounds, bounds[1:])]



def _header_line(line: str) -> bool:
    """A table's header line: cells, none after the first holding a figure. The line after
    it is then a header cell wrapped onto the next line, not the name of the row below it."""
    parts = [c for c in re.split(r"[ ]{3,}|\t+", line.strip()) if c.strip()]
    return len(parts) >= 2 and not any(re.search(r"\d", p) for p in parts[1:])


def _heads_figures(text: str, lines: list[tuple[int, int, bool]], i: int, j: int) -> bool:
    """Whether the row ``lines[i:j]`` is the header of a table of figures: its first row (no
    row above it, or a row of figures of the table before it) or that header repeated after
    a page break, labels after its first cell (a year may be one: "Meta 2024"), over a row
    (past a row's name wrapped onto a line of its own) whose cells after the first hold
    figures — "Intervención | Línea de base (2023) | Meta 2024" over "Total | 12.260 | …";
    not a row of words inside a table."""
    line = text[lines[i][0]:lines[j - 1][1]]
    repeated = text.find(line.strip()) < lines[i][0] + len(line) - len(line.lstrip())
    above = cells(text[lines[i - 1][0]:lines[i - 1][1]]) if i > 0 and lines[i - 1][2] else []
    after_figures = any(re.search(r"\d", c) for c in above[1:])  # the table above ends: this one starts
    if (above and not repeated and not after_figures) or not is_header(cells(line)):
        return False
    below = next((k for k in range(j, min(j + 2, len(lines))) if lines[k][2]), None)
    if below is None:
        return False
    row = cells(text[lines[below][0]:lines[below][1]])
    return any(re.search(r"\d", c) for c in row[1:]) and not is_header(row)


def _cell_goes_on(text: str, row: tuple[int, int, bool], start: int) -> int:
    """Where the prose starting at ``start`` (just under a table row) begins: in the row's
    last cell, after its label ("Comment by …: La forma de trabajar de"), when that cell is
    labelled text that does not end a sentence and the prose goes on from it in lower case
    on the next line ("la Secretaria no se articula …"); else at ``start`` (a figure or a
    header cell is not a sentence's beginning)."""
    if not text[start:start + 1].islower() or "\n\n" in text[row[1]:start]:
        return start
    line = text[row[0]:row[1]].rstrip()
    cut = max((m.end() for m in re.finditer(r"[ ]{3,}|\t+", line)), default=-1)
    label = _LABEL.match(line, cut) if cut >= 0 and line[-1:] not in ".!?;:" else None
    if label is None:  # a figure or a header cell: the line below is not its sentence
        return start
    return row[0] + label.end() + len(line[label.end():]) - len(line[label.end():].lstrip())


def segments(text: str) -> list[Segment]:
    """Sentences and table rows of a passage, in reading order (see the module docstring)."""
    lines = [(m.start(), m.end(), bool(CELL_SEP.search(m.group(0).strip()))) for m in _LINE.finditer(text)
             if m.group(0).strip()]
    out: list[Segment] = []
    prose_start = None
    prev_end = None
    last_row = -1  # the index of the last line a row took in
    i = 0
    while i < len(lines):
        s, e, cells = lines[i]
        if not cells:
            if prose_start is None:
                prose_start = _cell_goes_on(text, lines[i - 1], s) if i > 0 and lines[i - 1][2] else s
            prev_end = e
            i += 1
            continue
        if prose_start is not None:
            out.extend(Segment(a, b, "sentence") for a, b in _sentences(text, prose_start, prev_end))
            prose_start = None
        # a row: this line and the lines that continue it (start in lower case, or hold only the
        # figures of its last cells: "… IDPs    Unknown    20.00%" / "0.58%")
        j = i + 1
        while j < len(lines) and (
                (lines[j][2] and text[lines[j][0]:lines[j][1]].lstrip()[:1].islower())
                or tail_figures(text[lines[j][0]:lines[j][1]], text[s:e])):
            j += 1
        row_end = lines[j - 1][1]
        if _heads_figures(text, lines, i, j):  # a header answers nothing (nor does its caption above)
            last_row, i = j - 1, j
            continue
        s = s + len(text[s:e]) - len(text[s:e].lstrip())
        out.append(Segment(s, row_end, "row"))
        if i > 0 and i - 1 > last_row and not lines[i - 1][2] and \
                not (i > 1 and _header_line(text[lines[i - 2][0]:lines[i - 2][1]])):
            ps, pe = lines[i - 1][0], lines[i - 1][1]
            prev = text[ps:pe].strip()
            if prev and prev[-1] not in ".!?;:" and _words(prev) <= 30:
                ps = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
                out.append(Segment(ps, row_end, "row"))
        last_row = j - 1
        i = j
    if prose_start is not None:
        out.extend(Segment(a, b, "sentence") for a, b in _sentences(text, prose_start, prev_end))
    return out


def flat(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass
class Candidate:
    """One possible answer: where it is, what it shows, and its features."""

    hit: object  # the search Hit it lies in
    text: str  # what is shown (whitespace collapsed)
    start: int = 0  # offsets in hit.chunk.text (0, 0 for a record field)
    end: int = 0
    source: str = "passage"  # "passage" or "record"
    record: object = None
    field_name: str = ""
    match_text: str = ""  # the text matched against the question (defaults to ``text``)
    features: dict = field(default_factory=dict)
    score: float = 0.0

    @property
    def doc(self) -> str:
        return self.hit.chunk.doc

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def chunk(self):
        return self.hit.chunk

    def spanning(self, start: int, end: int, **changes) -> "Candidate":
        """This candidate run on or cut back to ``chunk.text[start:end]``, its whitespace collapsed."""
        return replace(self, text=flat(self.chunk.text[start:end]), start=start, end=end, **changes)


MIN_WORDS = 3  # shorter pieces ("RECOMMENDATION 2:") are not answers
RECORD_ITEM_WORDS = 60  # a record's statement is matched on its first words


HEAD_TAIL = 3  # a heading's own line may wrap this many words onto the next


def _heading_wrapped(text: str, heads: set[str]) -> bool:
    """Whether a piece is a heading whose last words wrapped onto the next line ("Línea
    estratégica 6: Integración socioeconómica y medios de" / "vida"): no answer either (an
    infographic's box, its label and figure, "JOBS AND LIVELIHOODS 5 COMMITMENTS", is one)."""
    low = text.lower()
    # the rest goes on in lower case ("… medios de" / "vida"): not "Cash working group: WFP and UNHCR",
    # nor a box's label and figure ("JOBS AND LIVELIHOODS 5 COMMITMENTS")
    return any(low.startswith(h + " ") and 0 < len(low.split()) - len(h.split()) <= HEAD_TAIL
               and text[len(h) + 1:][:1].islower() and not any(ch.isdigit() for ch in low[len(h):]) for h in heads)


def form_options(text: str) -> bool:
    """Whether ``text`` is only a form's choice of answers (two or more, after its label), which
    says none of them."""
    body = _LABEL.sub("", text, count=1) if _LABEL.match(text) else text
    return (len(_OPTION.findall(body)) >= 2 and not re.search(r"[^\W\d_]", _OPTION.sub("", body))
            and not re.search("[☒☑✓✔■]", body))  # a ticked box says which


def from_hits(hits: list, window_only: bool = False) -> list[Candidate]:
    """Sentence and row candidates of ``hits`` (only those overlapping each hit's best
    window when ``window_only``), with ``features["prev"]``/``["next"]`` holding the
    neighbouring pieces' text (the local context a constraint is checked in)."""
    out: list[Candidate] = []
    for h in hits:
        text = h.chunk.text
        if reference_list(text, h.chunk.section):  # a list of acronyms answers nothing
            continue
        segs = segments(text)
        flats = [flat(text[s.start:s.end]) for s in segs]
        ws, we = h.window
        heads = {x.lower() for x in map(flat, (*h.chunk.section, h.chunk.title or "")) if x}
        merged_to = -1
        for i, (sg, t) in enumerate(zip(segs, flats)):
            label, last = "", i
            if i <= merged_to:
                continue
            # a run of short lines is one statement, an infographic's box: "PROTECTION" /
            # "17 COMMITMENTS", "JOBS AND LIVELIHOODS" / "5 COMMITMENTS"
            j = boxes.run_end(flats, i, MIN_WORDS)
            while j > i and not all(g.kind == "sentence" for g in segs[i:j + 1]):
                j -= 1
            if len(t.split()) < MIN_WORDS or j > i:
                if j > i:
                    merged_to = last = j
                    sg, t = Segment(sg.start, segs[j].end, "sentence"), flat(text[sg.start:segs[j].end])
                    label = boxes.label_of(flats[i:j + 1])
                if len(t.split()) < MIN_WORDS:
                    continue
            if window_only and we > ws and not (sg.end > ws and sg.start < we):
                continue
            if all(p.lower() in heads for p in flats[i:last + 1]) or _heading_wrapped(t, heads) or reference_list(t):
                continue  # the document's title and the passage's headings: what its citation says
            if form_options(t) or boxes.cover(text[sg.start:sg.end].splitlines(), h.chunk.title or ""):
                continue
            c = Candidate(h, t, sg.start, sg.end, "passage")
            c.features = {"prev": flats[i - 1] if i else "", "next": flats[last + 1] if last + 1 < len(flats) else "",
                          "segment": sg.kind}
            if label and label != t:
                c.features["label"] = label  # a box's label: what its figure counts
            out.append(c)
    return out


def from_records(hits: list, records, question: str, kind: str, lang: str) -> list[Candidate]:
    """Candidates from the records that lie inside the hits (``answer.read.records``): the
    field the question asks for, or an indicator's row."""
    from .records import overlapping, record_texts, records_by_doc

    if not records:
        return []
    by_doc = records_by_doc(records)
    parents = {(r.doc, r.number): r for r in records if r.kind == "recommendation"}
    out, seen = [], set()
    for h in hits:
        for r in overlapping(h, by_doc):
            key = (r.doc, r.start, r.kind)
            if key in seen:
                continue
            got = record_texts(r, question, kind, lang)
            if got is None and kind == "open" and r.kind in ("recommendation", "action", "commitment") and \
                    len(r.text.split()) >= 4 and any(flat(r.text).lower() in flat(s).lower() for s in h.chunk.section):
                # an item stated by the passage's heading ("Commitment 3.1 – End the detention of children"), which is
                # no passage candidate (what the citation says): its record offers the statement
                got = (r.text, "text")
            if got is None:
                continue
            seen.add(key)
            shown, field_name = got
            item = " ".join(r.text.split()[:RECORD_ITEM_WORDS])
            parent = parents.get((r.doc, r.parent)) if r.kind == "action" and field_name == "status" else None
            if parent is not None:  # how far an action is: asked of the recommendation it follows up
                item = " ".join(parent.text.split()[:RECORD_ITEM_WORDS] + [item])
            match = shown if field_name in ("detail", "text") else f"{item} {getattr(r, field_name)}"
            c = Candidate(h, shown, 0, 0, "record", r, field_name, match)
            c.features = {"prev": "", "next": "", "segment": "record",
                          "value": getattr(r, field_name) if field_name != "detail" else shown}
            out.append(c)
    return out
