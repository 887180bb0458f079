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
* a record whose source span overlaps the passage gives the record's own text and
  fields (who, deadline, status, the indicator's values).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from puente.common.places import find as find_entities
from puente.common.text import fold

from . import boxes
from .question import DATE, FREQUENCY, PLACE, QUANTITY, REFERENCE, TERM, WHO, norm_number, same_unit

_WS = re.compile(r"\s+")
_LINE = re.compile(r"[^\n]+")
_CELLS = re.compile(r"\S(?:[ ]{3,}|\t)\S")
BULLETS = "•\\-–*·▪‣●◦"  # a list item's markers (a character class's contents)
_SENT_END = re.compile(
    # sentence end before a capital or digit, not after an initial or a title ("M. Theo Kearney",
    # "John C. Messenger", "Rev. Paul T. Stallsworth", "Dr. Silva"), an abbreviation ("Brown v. Board",
    # "e.g. The", "p. 5", "vs. Canada", "Vol. 2") or a number's label ("No. 4", "Art. 11", "Fig. 3")
    r"(?<=[.!?;])(?<!\b[A-ZÁÉÍÓÚÑ]\.)(?<!\b(?:Mr|Dr|St|Sr|Jr|Ms)\.)(?<!\b(?:Mrs|Rev|Sra|Dra|Gen|Col|Gov|Sen)\.)"
    r"(?<!\bProf\.)(?<!\b[pvcn]\.)(?<!\b(?:e\.g|i\.e)\.)(?<!\b(?:vs|ca|cf|pp)\.)(?<!\b(?:Vol|vol)\.)"
    r"(?!(?<=\bNo\.)\s+\d)(?!(?<=\b(?:Art|art|Fig|fig|Nos|Núm|núm)\.)\s+\d)"
    r"\s+(?=[\"“¿¡(\[]?[A-ZÁÉÍÓÚÑ0-9])"
    rf"|\n(?=[ \t]*[{BULLETS}][ \t])"  # a bullet
    r"|\n(?=[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-ZÁÉÍÓÚÑ¿¡\"“(])"  # a numbered item
    r"|\n(?=[ \t]*[A-ZÁÉÍÓÚÑ][^\n:.]{1,50}:(?:[ \t]|$))"  # a labelled line "Label: value"
    r"|\n[ \t]*\n\s*"  # a blank line: a paragraph ends
)
# a piece that only opens what follows: an item number ("6.2."), an abbreviation ("No.",
# "Sr."), a short label ("Recomendación dirigida a:") — joined to the next piece
_OPENER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|.*\b(?:No|Nº|Nr|Sr|Sra|Dr|Dra|Mr|Ms|St|p|pp|e\.g|i\.e|etc|vs)\.|"
                     r"[^.!?;]{1,60}:)$", re.S)
_LABEL = re.compile(r"[A-ZÁÉÍÓÚÑ][^\n:.]{1,50}:")
MAX_WORDS = 70  # a longer "sentence" (a run of unpunctuated lines) is cut at line breaks
PIECE_WORDS = 35


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str  # "sentence" or "row"


def _words(text: str) -> int:
    return len(text.split())


def _split_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut an overlong span at line breaks into pieces of about ``PIECE_WORDS`` words."""
    if _words(text[s:e]) <= MAX_WORDS:
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


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    pieces, pos = [], s
    for m in list(_SENT_END.finditer(text, s, e)) + [None]:
        end = m.start() if m else e
        seg = text[pos:end]
        if seg.strip():
            a = pos + len(seg) - len(seg.lstrip())
            b = pos + len(seg.rstrip())
            if pieces and pieces[-1][2] and not (pieces[-1][3] and _LABEL.match(text, a)):
                a = pieces.pop()[0]
            piece = flat(text[a:b])
            opener = _words(piece) <= 6 and bool(_OPENER.match(piece))
            pieces.append((a, b, opener, piece.endswith(":")))
        pos = m.end() if m else e
    out = []
    for a, b, _, _ in pieces:
        out.extend(_split_long(text, a, b))
    return out



def _header_line(line: str) -> bool:
    """A table's header line: cells, none after the first holding a figure. The line after
    it is then a header cell wrapped onto the next line, not the name of the row below it."""
    parts = [c for c in re.split(r"[ ]{3,}|\t+", line.strip()) if c.strip()]
    return len(parts) >= 2 and not any(re.search(r"\d", p) for p in parts[1:])


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
    lines = [(m.start(), m.end(), bool(_CELLS.search(m.group(0).strip()))) for m in _LINE.finditer(text)
             if m.group(0).strip()]
    out: list[Segment] = []
    prose_start = None
    prev_end = None
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
        # a row: this line and the lines that continue it (start in lower case)
        j = i + 1
        while j < len(lines) and lines[j][2] and text[lines[j][0]:lines[j][1]].lstrip()[:1].islower():
            j += 1
        row_end = lines[j - 1][1]
        s = s + len(text[s:e]) - len(text[s:e].lstrip())
        out.append(Segment(s, row_end, "row"))
        if i > 0 and not lines[i - 1][2] and not (i > 1 and _header_line(text[lines[i - 2][0]:lines[i - 2][1]])):
            ps, pe = lines[i - 1][0], lines[i - 1][1]
            prev = text[ps:pe].strip()
            if prev and prev[-1] not in ".!?;:" and _words(prev) <= 30:
                ps = ps + len(text[ps:pe]) - len(text[ps:pe].lstrip())
                out.append(Segment(ps, row_end, "row"))
        i = j
    if prose_start is not None:
        out.extend(Segment(a, b, "sentence") for a, b in _sentences(text, prose_start, prev_end))
    return out


def flat(text: str) -> str:
    return _WS.sub(" ", text).strip()


# ------------------------------------------------------------------ answer types in a text
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|"
           r"noviembre|diciembre")
_DATE_RX = re.compile(
    rf"\b(?:(?:\d{{1,2}}\s+(?:de\s+)?)?(?:{_MONTHS})\.?,?\s+(?:de(?:l)?\s+)?(?:19|20)\d\d|(?:{_MONTHS})\s+\d{{1,2}}\b|"
    rf"\d{{1,2}}\s+(?:de\s+)?(?:{_MONTHS})\b|q[1-4]\s+20\d\d|mid-(?:19|20)\d\d|(?:19|20)\d\d\s*[-–/]\s*\d\d(?!\d)|"
    r"(?:first|second|third|fourth|primer|segundo|tercer|cuarto)\s+(?:quarter|trimestre)\s+(?:of\s+|de\s+(?:l\s+)?)?20\d\d|"
    r"(?:end|mid|beginning|first\s+half|second\s+half|"
    r"fin(?:ales)?|mediados|principios|primer\s+semestre|segundo\s+semestre)\s+(?:of\s+|de\s+(?:l\s+)?)?(?:20\d\d)|"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d|(?:in|by|since|until|from|during|after|before|around|en|para|desde|hasta|durante|"
    r"tras|antes\s+de|despu[eé]s\s+de|hacia)\s+(?:(?:19|20)\d\d|1[0-8]\d\d(?=\s*(?:[,.;:)]|$)|"
    r"\s+(?:as|the|an?|and|by|when|with|to|in|on|at|for|of|he|she|it|they|was|were|los|las|el|la|y|por|con|en|se|su|"
    r"sus|cuando|que|un|una|fue|era)\b))|"  # "in 1895 by", "en 1848 los"; not "in 1200 households", "by 1800 staff"
    r"(?:1[0-9]|20)\d0['’]?s(?!\s+of\b)|the\s+['’]?\d0s|"  # a decade: "the 1970s", "the '90s", not "1000s of"
    r"(?:d[eé]cada\s+de(?:\s+los)?|los\s+a[nñ]os)\s+(?:(?:19|20)?[1-9]0))\b",  # "la década de los 90"
    re.I)
_FREQ_RX = re.compile(
    r"\b(?:quarterly|monthly|yearly|annually|weekly|daily|bi-?weekly|bi-?annual(?:ly)?|semi-?annual(?:ly)?|"
    r"regular(?:ly)?|periodic(?:ally)?|every\s+\w+|(?:once|twice|three\s+times)\s+(?:a|per|each)\s+\w+|"
    r"each\s+(?:year|month|quarter|week)|per\s+(?:year|month|quarter)|"
    r"trimestral(?:es|mente)?|mensual(?:es|mente)?|anual(?:es|mente)?|semanal(?:es|mente)?|semestral(?:es|mente)?|"
    r"bimestral(?:es)?|peri[oó]dic[oa]s?|cada\s+\w+|(?:una|dos|tres)\s+veces\s+(?:al|por)\s+\w+)\b", re.I)
_NUM_RX = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d+)?)(?:\s*%|\s*per\s*cent)?")
_NUM_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|"
    r"million|dozens?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cien|mil|mill[oó]n|millones)\b",
    re.I)
_UNIT = re.compile(
    r"\b(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|a[nñ]os?|mes|meses|"
    r"semanas?|d[ií]as?|horas?|minutos?|segundos?|d[eé]cadas?|siglos?|km|kilomet(?:er|re)s?|miles|met(?:er|re)s?|"
    r"kil[oó]metros?|metros?|millas?)\b", re.I)
# a length of time or distance: a figure or a quantity word, then (an adjective and) its unit
_LENGTH = re.compile(
    r"(?:\d[\d.,]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|hundred|"
    r"thousand|million|billion|several|few|many|some|un|una|unos|unas|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
    r"doce|veinte|treinta|cien|mil|millones|varios|varias|algunos|algunas|pocos|pocas|muchos|muchas))"
    r"(?:\s+(?:(?:working|business|calendar|full|more|de)\s+)?|-)" + _UNIT.pattern + r"(?!-olds?|\s+(?:of\s+age|old|de\s+edad))|"
    r"\b(?:than|within|for|in|about|around|over|under|nearly|almost|takes?|took|after|lasts?|lasted|least|only|just|"
    r"half)\s+an?\s+" + _UNIT.pattern, re.I)  # "more than a year", "within a month"; not "three meals a day"
_AGE = re.compile(r"\b(?:aged?|edad\s+de)\s+(?:of\s+)?\d+|\b\d+\s*(?:years?\s+old|-year-olds?|years?\s+of\s+age|a[nñ]os)\b",
                  re.I)
_HEADER_UNIT = re.compile(r"\(\s*(?:in\s+|en\s+)?" + _UNIT.pattern + r"\s*\)", re.I)  # "(in days)" over a table
_NAMING = re.compile(
    r"\b(?:called|known\s+as|named|termed|referred\s+to\s+as|nicknamed|synonym|stands\s+for|"
    r"llamad[oa]s?|se\s+llaman?|conocid[oa]s?\s+como|denominad[oa]s?|se\s+denominan?|apodad[oa]s?|sin[oó]nimo|"
    r"significa)\b|[\"“«][^\"”»]{2,60}[\"”»]", re.I)
_YEARISH = re.compile(r"^(?:19|20)\d\d$")
_ROLE_RX = re.compile(
    r"\b(?:unit|units|office|offices|management|manager|officer|team|ministry|secretariat|secretary|department|"
    r"bureau|director|coordinator|focal\s+points?|government|commission|council|institute|agency|agencies|"
    r"partners?|staff|representative|unidad|unidades|oficina|oficial|gerencia|equipo|ministerio|secretar[ií]a|"
    r"departamento|direcci[oó]n|director[a]?|coordinador[a]?|puntos?\s+focal(?:es)?|gobierno|comisi[oó]n|"
    r"consejo|instituto|agencia|socios?|personal|representante|jefe|jefa|lidera)\b", re.I)
_CAPWORD = re.compile(r"\b[A-ZÁÉÍÓÚÑ][\w-]+")


_ITEM_MARK = re.compile(r"^\s*[(\[]?[A-Z]{0,3}\d{1,2}(?:\.\d{1,2})*[a-z]?[.):\]]?\s")


def numbers_in(text: str) -> list[str]:
    """Figures of a text that are not years, nor the item number it starts with ("5 Create …",
    "2.1 Average …"), nor an item it refers to ("No. 8", "recommendation 4"), normalised."""
    out = []
    m0 = _ITEM_MARK.match(text)
    if m0:
        text = text[m0.end():]
    for m in _NUM_RX.finditer(text):
        raw = m.group(0)
        if REFERENCE.search(text[max(0, m.start() - 30):m.start()]):
            continue
        digits = re.match(r"[\d.,]+", raw).group(0).rstrip(".,")
        if _YEARISH.match(digits) and "%" not in raw:
            continue
        out.append(norm_number(digits) + ("%" if "%" in raw or "cent" in raw else ""))
    return out


_MONEY_RX = re.compile(
    r"(?:[$€£]|\b(?:usd|us\$|mxn|eur|dollars?|d[oó]lares|pesos|euros|million|millions|millones|mill[oó]n|billion)\b|"
    r"\b\d{1,3}(?:[,.]\d{3}){2,}\b)", re.I)


def _counts_unit(text: str, unit: list[str], row: bool = False) -> bool:
    """Whether a figure in ``text`` counts what the question counts: followed within two
    words by it ("740 people" for "how many people", "480 individuals" for "cuántas
    personas"); in a table row (``row``), anywhere in it (the unit sits in the header:
    "Average processing time (in days) … 75.00")."""
    if row:
        words = [fold(w) for w in re.findall(r"[\w-]+", text)]
        return any(same_unit(u, w) for u in unit for w in words)
    for m in _NUM_RX.finditer(text):
        after = [fold(w) for w in re.findall(r"[\w-]+", text[m.end():m.end() + 40])[:2]]
        if any(same_unit(u, w) for u in unit for w in after):
            return True
    return False


def novel_terms(text: str, question: str) -> set[str]:
    """Names (capitalised words inside a sentence) and figures of ``text`` that the
    question does not contain (folded): what an answer adds to its question."""
    asked = set(re.findall(r"\w+", fold(question)))
    words = set()
    for m in _CAPWORD.finditer(text):
        if m.start() == 0 or text[max(0, m.start() - 2):m.start()].rstrip()[-1:] in ".!?:":
            continue  # a sentence's first word is capitalised anyway
        words.add(fold(m.group(0)))
    words |= {m.group(0) for m in re.finditer(r"\d+(?:[.,]\d+)*", text)}
    return {w for w in words if w not in asked}


def new_names(text: str, question: str) -> bool:
    """Whether ``text`` names someone or something the question does not (a capitalised
    word inside the sentence, not an acronym): a "who" question's answer."""
    return any(not w.isdigit() and not w[:1].isdigit() for w in novel_terms(text, question)
               if w.upper() != w)


def type_match(kind: str, text: str, q=None, row: bool = False) -> float:
    """How well a text has the type of answer a question wants: 1 (it does), 0 (it does
    not), 0.5 (partly: a number word, or a figure of something else than what a "how
    many" question counts, or no amount of money for a question about money; a bare year
    for a date)."""
    if kind == QUANTITY:
        if q is not None and q.measure:  # a length: "304 días", "several years", "1,149 km", an age; not a bare year
            rx = _AGE if q.measure == "age" else _LENGTH
            if rx.search(text) or (row and numbers_in(text) and _HEADER_UNIT.search(text)):  # a row's unit in its header
                return 1.0
            return 0.5 if numbers_in(text) else 0.0
        if not numbers_in(text):
            return 0.5 if _NUM_WORDS.search(text) else 0.0
        if q is not None and q.money and not _MONEY_RX.search(text):
            return 0.5
        if q is not None and q.unit and not _counts_unit(text, q.unit, row):
            return 0.5
        return 1.0
    if kind == DATE:
        if _DATE_RX.search(text):
            return 1.0
        return 0.5 if re.search(r"\b(?:1[5-9]|20)\d\d\b", text) else 0.0
    if kind == FREQUENCY:
        return 1.0 if _FREQ_RX.search(text) else 0.0
    if kind == WHO:
        if _ROLE_RX.search(text) or (q is not None and new_names(text, q.text)):
            return 1.0
        caps = [w for w in _CAPWORD.findall(text)[1:] if not w.isupper()]
        return 0.5 if len(caps) >= 2 or any(e.kind == "org" for e in find_entities(text)) else 0.0
    if kind == TERM:  # a sentence that names something: "is called", "known as", "se denomina", a quoted term
        return 1.0 if _NAMING.search(text) else 0.5
    if kind == PLACE:
        if any(e.kind == "place" for e in find_entities(text)):
            return 1.0
        return 0.5 if len(_CAPWORD.findall(text)[1:]) >= 2 else 0.0
    return 1.0


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


MIN_WORDS = 3  # shorter pieces ("RECOMMENDATION 2:") are not answers
RECORD_ITEM_WORDS = 60  # a record's statement is matched on its first words


def from_hits(hits: list, window_only: bool = False) -> list[Candidate]:
    """Sentence and row candidates of ``hits`` (only those overlapping each hit's best
    window when ``window_only``), with ``features["prev"]``/``["next"]`` holding the
    neighbouring pieces' text (the local context a constraint is checked in)."""
    out: list[Candidate] = []
    for h in hits:
        text = h.chunk.text
        segs = segments(text)
        flats = [flat(text[s.start:s.end]) for s in segs]
        ws, we = h.window
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
            c = Candidate(h, t, sg.start, sg.end, "passage")
            c.features = {"prev": flats[i - 1] if i else "", "next": flats[last + 1] if last + 1 < len(flats) else "",
                          "segment": sg.kind}
            if label and label != t:
                c.features["label"] = label  # a box's label: what its figure counts
            out.append(c)
    return out


def from_records(hits: list, records, question: str, kind: str, lang: str) -> list[Candidate]:
    """Candidates from the records that lie inside the hits (``answer.records``): the
    field the question asks for, or an indicator's row."""
    from .records import overlapping, record_texts, records_by_doc

    if not records:
        return []
    by_doc = records_by_doc(records)
    out, seen = [], set()
    for h in hits:
        for r in overlapping(h, by_doc):
            key = (r.doc, r.start, r.kind)
            if key in seen:
                continue
            got = record_texts(r, question, kind, lang)
            if got is None:
                continue
            seen.add(key)
            shown, field_name = got
            item = " ".join(r.text.split()[:RECORD_ITEM_WORDS])
            match = shown if field_name == "detail" else f"{item} {getattr(r, field_name)}"
            c = Candidate(h, shown, 0, 0, "record", r, field_name, match)
            c.features = {"prev": "", "next": "", "segment": "record",
                          "value": getattr(r, field_name) if field_name != "detail" else shown}
            out.append(c)
    return out
