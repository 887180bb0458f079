"""Section headings: those the file marks itself (``Document.headings``) and those
found by generic text rules in English and Spanish; a text's sections from them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from puente.common.text import ACRONYM_HEAD, CELL_SEP
from puente.common.types import Heading

_KEYWORD_TOP = r"(?:section|secci[oó]n|part|parte|chapter|cap[ií]tulo|annex|anexo|appendix|ap[eé]ndice)"
# a plan's or report's areas: "Outcome Area 4:", "Línea estratégica 2:", "Strategic line 3", "Eje estratégico 1"
_AREA_WORDS = (r"(?:outcome\s+area|impact\s+area|[áa]rea\s+de\s+(?:resultado|impacto)|[áa]rea\s+tem[áa]tica|"
               r"thematic\s+area|l[ií]nea\s+(?:estrat[eé]gica|de\s+acci[oó]n|tem[aá]tica)|"
               r"strategic\s+(?:line|area|axis|objective|pillar)|lines?\s+of\s+action|action\s+line|"
               r"(?:eje|objetivo)\s+estrat[eé]gico)")
_KEYWORD_ITEM = (
    r"(?:recommendations?|recomendaci[oó]n(?:es)?(?:\s+de\s+(?:la\s+)?evaluaci[oó]n)?|pillar|pilar|"
    rf"commitments?|compromisos?|priority|prioridad|objective|objetivo|{_AREA_WORDS}|goal|meta|eje|axis|"
    r"findings?|hallazgos?)"  # an audit's "Hallazgo 2: Control de inventario …"
)
_NUMBER = (r"(?:no\.?\s*|n[º°o]\s*|#\s*)?(?:\d{1,3}|[ivxlc]{1,6}|one|two|three|four|five|six|seven|eight|nine|ten|"
           r"uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b")
_TOP_RE = re.compile(rf"^\s*{_KEYWORD_TOP}\s+{_NUMBER}\s*(?:[:.\-–—]|$)", re.IGNORECASE)
_ITEM_RE = re.compile(rf"^\s*(?:\d{{1,3}}\.\s+)?{_KEYWORD_ITEM}\s+{_NUMBER}\s*(?:[:.\-–—]|$)", re.IGNORECASE)
_ITEM_AREA_RE = re.compile(rf"^\s*\d{{1,3}}\.\s+{_KEYWORD_ITEM}\s*:", re.IGNORECASE)
# an area heading names its area after the colon ("3. Impact Area: Empowering …", "Outcome Area 5: …")
_AREA_RE = re.compile(rf"^\s*(?:\d{{1,3}}\.\s+)?{_AREA_WORDS}(?:\s+{_NUMBER})?\s*:", re.IGNORECASE)
_NUMBERED_RE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-ZÁÉÍÓÚÑ¿¡][^\n]*$")
_LETTERED_RE = re.compile(r"^\s*[A-H]\)\s+[A-ZÁÉÍÓÚÑ][^\n]*$")
_MD_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(?![a-záéíóúñü])(\S.*)$")  # not a table cell's "# of GBV survivors"


@dataclass
class Line:
    """One line of a text: its char offsets and its text (without the newline)."""

    start: int
    end: int
    text: str

    @property
    def s(self) -> str:
        return self.text.strip()


def heading_of(line: str, keywords_only: bool = False) -> tuple[int, str] | None:
    """``(level, title)`` when ``line`` is a section heading, else ``None``.

    Generic rules in English and Spanish: Markdown ``#`` headings; "Section 2: …",
    "Capítulo 3"; numbered items such as "RECOMMENDATION 3:", "Recomendaciones de
    evaluación No. 4", "Pillar one:", "5. Outcome Area: …"; decimal-numbered
    titles ("1.2 …"); short ALL-CAPS lines ("SOCIAL PROTECTION"; in a run of an
    infographic's labels they are not, which :func:`sections` finds). With
    ``keywords_only`` (a file that marks its own headings), only the keyword rules
    ("Section 2", "RECOMMENDATION 3:"...): its numbered list items and capitals are not
    headings.
    """
    s = line.strip()
    if not s or len(s) > 200:
        return None
    m = None if keywords_only else _MD_RE.match(line)
    if m:
        return len(m.group(1)), m.group(2).strip().rstrip("#").strip()
    if CELL_SEP.search(s) or _LEADER.search(s):  # a table's row, a contents entry ("6. Looking ahead …… 6")
        return None
    if _TOP_RE.match(s):
        return 1, _title(s)
    if _ITEM_RE.match(s) or _ITEM_AREA_RE.match(s):  # "3. Impact Area: Empowering …" keeps its area's name
        return 3, _title(s, AREA_TITLE_CHARS if _AREA_RE.match(s) else LABEL_CHARS)
    if ACRONYM_HEAD.match(s):  # "Acronyms", "Siglas y acrónimos" alone on its line: the list is a section of its own
        return 2, s
    if keywords_only:
        return None
    if _LETTERED_RE.match(s) and len(s) <= 80:
        return 2, _title(s)
    m = _NUMBERED_RE.match(s)
    if m and len(s) <= 80 and "." in m.group(0)[: len(m.group(1)) + 1] and not re.search(r"[.,;:]$", s) \
            and not _wrapped_or_row(s[m.end(1):]):
        depth = m.group(1).count(".") + 1
        if depth == 1 and not re.match(r"^\s*\d{1,2}\.\s", s):
            return None
        return 1 + depth, s
    letters = [c for c in s if c.isalpha()]
    if (
        letters
        and s[0].isalpha()
        and all(c.isupper() for c in letters)
        and len(s) <= 150
        and max(len(w) for w in re.findall(r"[^\W\d_]+", s)) >= 6
        # no figure; a year after a preposition ("RESULTS IN 2024"), not a cover's "RESULTS REPORT 2024" or a
        # running header's "PLANIP 2025-2029"
        and not re.search(r"\d", _YEARS.sub("", s))
    ):
        return 1, s
    return None


_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d+$|…{2,}\s*\d+$")
_YEARS = re.compile(r"\b(?:IN|FOR|TO|SINCE|DURING|UNTIL|THROUGH|EN|PARA|DESDE|DURANTE|HASTA)\s+"
                    r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?(?![\d.,%])")  # "IN 2024", "PARA 2025-2029"
# a title does not end on these: "1.1 Migración Colombia garantizará … nuevos Permisos por" goes on below
_OPEN_END = {"de", "del", "la", "las", "el", "los", "en", "al", "por", "para", "con", "que", "un", "una", "and",
             "or", "of", "the", "in", "to", "for", "with", "by", "an", "on", "at", "from"}  # not "Vitamin A"
# a table's figure: three digits or more, or grouped ("1.420", "12,5 %"), not a year
_FIGURE_END = re.compile(r"\s(?!(?:19|20)\d\d$)(?:\d{3,}|\d{1,3}(?:[.,]\d+)+)\s*%?$")


def _wrapped_or_row(rest: str) -> bool:
    """Whether a numbered line's words after its number are no title: they stop on a word
    that opens what follows (the line wraps on), or end on a figure after another figure
    ("2. Acceso a la educación 2 Ministerio de Educación Nacional 1.420": a table's row)."""
    words = re.findall(r"[^\W\d_]+|\d[\d.,]*", rest)
    if words and (words[-1].lower() in _OPEN_END or words[-1] in ("y", "e", "o", "u", "a")):  # "Plan A" ends
        return True
    return bool(_FIGURE_END.search(rest)) and len(re.findall(r"(?<![\w.,])\d[\d.,]*", rest)) >= 2


def _goes_on(lines: list[Line], i: int) -> bool:
    """Whether line ``i``'s sentence goes on in lower case on the next line."""
    nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    return nxt[:1].islower() and not re.match(r"[a-z]{1,4}[.)]\s", nxt) and not re.search(r"[.:;]$", lines[i].text.strip())


# a list of acronyms' entries' expansions are at most this many words ("Sistema Nacional de Información y
# Registro Único de Beneficiarios"); its heading is ``common.text.ACRONYM_HEAD`` ("Acronyms", "Siglas y acrónimos")
_EXPANSION_WORDS = 12


WRAP_WORDS = 4  # a numbered title's last words wrapped onto a line of their own are at most this many
WRAPPED_TITLE_WORDS = 7  # and the whole title this many: a longer one is an action's or a list item's sentence


def _wrapped_title(lines: list[Line], i: int) -> bool:
    """Whether the lower-case line after numbered line ``i`` ends its title ("2.8 Social
    cohesion and community" / "engagement" / "In response to …", a narrow column): a few
    words without punctuation, then a blank line, the end, or a line in upper case, and a
    short title in all. A cell's sentence goes on longer, ends on a full stop ("… de
    violencia" / "basada en género en Huaquillas y Lago Agrio.") or is long ("1.1 Presentar
    al Directorio del INAU la versión" / "final del protocolo" / "Unidad de Protección …")."""
    nxt = lines[i + 1].text.strip()
    after = next((ln.text.strip() for ln in lines[i + 2:i + 3]), "")
    title = re.sub(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+", "", lines[i].text).split() + nxt.split()
    return (len(nxt.split()) <= WRAP_WORDS and len(title) <= WRAPPED_TITLE_WORDS and not re.search(r"[.,;:]$", nxt)
            and (not after or after[:1].isupper() or after[:1].isdigit()))


def _acronym_entry(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` is an acronym alone on its line ("SINIRUBE", "UNICEF": one word of
    unaccented capitals) over what it stands for (a short line that ends no sentence) — not
    a heading such as "PRESENTACIÓN" over the first paragraph."""
    if not re.fullmatch(r"[A-Z][A-Z0-9&]{1,11}", lines[i].s):
        return False
    nxt = next((ln.s for ln in lines[i + 1:] if ln.s), "")
    return bool(nxt) and len(nxt.split()) <= _EXPANSION_WORDS and not nxt.endswith(".")


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and not _MD_RE.match(line)


AREA_TITLE_CHARS = 120  # an area heading this long keeps the name after its colon
LABEL_CHARS = 60  # a longer heading is labelled by what comes before its colon


def _title(s: str, keep: int = LABEL_CHARS) -> str:
    """The heading's title: cut at its colon when longer than ``keep`` ("RECOMMENDATION 3:
    <its statement>" is "RECOMMENDATION 3")."""
    s = s.strip()
    if len(s) > keep and ":" in s[:LABEL_CHARS]:
        s = s[: s.index(":")]
    return s.rstrip(" :.-–—")


def short_label(title: str) -> str:
    """A section title as the embedded section path gives it: a long area heading without
    its name ("3. Impact Area"), as the text after any other long heading's colon is left
    out; the citation keeps the whole title."""
    return _title(title) if _AREA_RE.match(title) else title


# an infographic's labels (a figure's boxes: "PROTECTION" / "17 COMMITMENTS", "37%" / "REACHED")
_FIGURE_LINE = re.compile(r"^[+~]?[$€£]?\d[\d.,]*\s?[%+]?(?:\s+[^\W\d_][^\s.:;!?]*){0,3}$")
_EMPHASIS = re.compile(r"\*{1,3}|_{1,3}")  # Markdown's bold and italics around a label ("**JOBS AND")
_LABEL_WORDS, _LABEL_CHARS = 4, 40  # a label: a short line, a figure: a number and up to three words
_FIGURE_MIN = 2  # a run of labels holds this many figures and this many labels at least


def _figure_line(s: str) -> bool:
    """A figure of an infographic: a number and up to three words ("17 COMMITMENTS", "37%"),
    not a numbered heading ("2. FINDINGS", "2.1 Access to asylum")."""
    s = _EMPHASIS.sub("", s).strip()
    return bool(_FIGURE_LINE.match(s)) and heading_of(s) is None


def _label_line(s: str) -> bool:
    """A figure's label: a short line that starts with a capital, without digits or a
    sentence's punctuation ("SOCIAL", "JOBS AND", "Protection")."""
    s = _EMPHASIS.sub("", s).strip()
    return (bool(s) and len(s) <= _LABEL_CHARS and len(s.split()) <= _LABEL_WORDS and s[0].isupper()
            and not re.search(r"\d|[.,;:!?]$", s))


def figure_labels(lines: list[Line], skip: "set[int] | frozenset[int]" = frozenset(),
                  keywords_only: bool = False) -> list[tuple[int, int]]:
    """``(first, last)`` line indexes of the runs of an infographic's labels in ``lines``.

    An infographic's text comes out of a PDF as a run of short lines, labels and the
    figures they name ("33 COMMITMENTS" / "PROTECTION" / "17 COMMITMENTS" / "EDUCATION" /
    "1 COMMITMENT" ...), with no sentence among them. Its capitals look like headings,
    but they name the figure's boxes, not sections of the text. A run counts when it
    holds at least two figures (a number and up to three words: "17 COMMITMENTS",
    "37%", "25,000 refugees") and two labels (short lines without digits or
    punctuation), blank lines allowed between them, and when the text rules would take
    one of its labels for a heading. A heading the file marks itself (``skip``) ends a run.
    """
    out: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if i in skip or not (_figure_line(lines[i].s) or _label_line(lines[i].s)):
            i += 1
            continue
        j, run = i, []  # (line index, "F" or "L")
        while j < n and j not in skip:
            s = lines[j].s
            if _figure_line(s):
                run.append((j, "F"))
            elif _label_line(s):
                run.append((j, "L"))
            elif s:
                break
            j += 1
        # a box is a label and its figure: in a run read label then figure, labels after the last
        # figure are the heading of the text that follows ("… HEALTH / 2 COMMITMENTS / PROTECTION /
        # Improve …"); in one read figure then label, labels before the first figure head the run
        if run and _label_first([lines[k].s for k, kind in run if kind == "F"]):
            while run and run[-1][1] == "L":
                run.pop()
            j = run[-1][0] + 1 if run else i + 1
        else:
            while run and run[0][1] == "L":
                run.pop(0)
        labels = [k for k, kind in run if kind == "L"]
        heads = any(heading_of(lines[k].s, keywords_only) is not None for k in labels)
        if sum(kind == "F" for _, kind in run) >= _FIGURE_MIN and len(labels) >= _FIGURE_MIN and heads:
            out.append((run[0][0], run[-1][0]))
        i = j
    return out


def _label_first(figures: list[str]) -> bool:
    """Whether an infographic reads label then figure: its figures name what they count
    ("PROTECTION" / "17 COMMITMENTS"), where bare figures come before their labels ("75%" /
    "CHILDREN")."""
    worded = sum(bool(re.search(r"[^\W\d_]{2}", _EMPHASIS.sub("", f))) for f in figures)
    return worded * 2 >= len(figures) > 0


def figure_boxes(lines: list[Line], first: int, last: int) -> list[int]:
    """The first line index of each box of the run of labels ``lines[first:last + 1]``: a
    label and its figure. Figures that name what they count read label then figure
    ("PROTECTION" / "17 COMMITMENTS"): a box starts at a label after a figure. Bare figures
    read figure then label ("75%" / "CHILDREN"): a box starts at a figure after a label.
    Either way no label is left without its figure (but a lone total may be)."""
    kinds = [(i, "F" if _figure_line(lines[i].s) else "L") for i in range(first, last + 1) if lines[i].s]
    opens = "L" if _label_first([lines[i].s for i, kind in kinds if kind == "F"]) else "F"
    return [first] + [i for (_, a), (i, b) in zip(kinds, kinds[1:]) if a != b and b == opens]


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def sections(text: str, headings: "tuple[Heading, ...] | list[Heading]" = (),
             structured: bool = False) -> list[tuple[tuple[str, ...], int, int]]:
    """Split ``text`` into ``(section_path, start, end)`` spans, in order.

    Headings are those the file marks itself (``headings``: ``Document.headings``, whose
    lines hold the title without markers) and those the text rules find
    (:func:`heading_of`; only its keyword rules when the file marks two headings or
    more). Headings with no body before the next heading are folded into the next
    section's span, whose path already names them. An infographic's labels
    (:func:`figure_labels`) are no headings of the text: each box of the figure, a label and
    its figure (:func:`figure_boxes`), is a span of its own, its path the section the figure
    stands in and the box's label ("… / PROTECTION" for "PROTECTION / 17 COMMITMENTS"), and
    the text after them goes on in that section.

    ``structured`` (a Word file, a web page: blocks a blank line apart) keeps every section to its own heading: a heading with
    no body is not folded into a *sibling* or higher heading (whose path would not name it; the
    document's opening heading, its title, still is), and a line
    of a list or table (a non-blank line next to it) is never a heading by the text rules.
    """
    marked = {h.start: (max(1, int(h.level)), " ".join(h.title.split())) for h in headings}
    keywords_only = len(marked) >= 2
    lines = split_lines(text)
    stack: list[tuple[int, str]] = []
    spans: list[tuple[tuple[str, ...], int, int]] = []
    cur_start = 0
    cur_path: tuple[str, ...] = ()
    has_body = False
    prev_caps = False
    # a Word file or web page lays an infographic out as text boxes or a table, never as these lines
    figures = {} if structured else dict(figure_labels(lines, {i for i, ln in enumerate(lines) if ln.start in marked},
                                                       keywords_only))
    last_label = -1  # lines up to this one are taken (a figure's labels, a title's wrapped words)
    in_list = False  # under "Acronyms" / "Siglas", until the next heading
    for i, ln in enumerate(lines):
        if i <= last_label:
            continue
        if i in figures:  # an infographic's labels: a passage per box, named by its label, in the section the figure stands in
            if has_body:
                spans.append((cur_path, cur_start, ln.start))
                cur_start = ln.start
            last_label = figures[i]
            firsts = figure_boxes(lines, i, last_label)
            for b, nxt in zip(firsts, firsts[1:] + [last_label + 1]):
                label = " ".join(_EMPHASIS.sub("", lines[j].s).strip() for j in range(b, nxt)
                                 if lines[j].s and not _figure_line(lines[j].s))
                end = lines[nxt].start if nxt <= last_label else lines[last_label].end
                spans.append((cur_path + (label,) if label else cur_path, cur_start, end))
                cur_start = end
            has_body = prev_caps = False
            continue
        h = marked.get(ln.start)
        if h is None:
            in_block = structured and ((i > 0 and lines[i - 1].text.strip())
                                       or (i + 1 < len(lines) and lines[i + 1].text.strip()))
            h = None if in_block else heading_of(ln.text, keywords_only)
            if not in_block and _NUMBERED_RE.match(ln.text) and _goes_on(lines, i):
                # its last words on the next line ("2.8 Social cohesion and community" / "engagement"): the title
                # holds them; else a cell's sentence ("5.2 Fortalecer las rutas de atención de violencia" / "basada …")
                h = heading_of(f"{ln.text.strip()} {lines[i + 1].text.strip()}", keywords_only) \
                    if _wrapped_title(lines, i) else None
                last_label = i + 1 if h is not None else last_label
            if h is not None and in_list and _acronym_entry(lines, i):
                h = None  # "SINIRUBE" alone on its line under "Acronyms": the acronym, not a heading
            caps = h is not None and _is_caps(ln.text)
        else:
            caps = False  # a marked heading is whole: the next line does not continue it
        if ACRONYM_HEAD.match(ln.s):
            in_list = True
        elif h is not None or not ln.s or len(ln.s.split()) > _EXPANSION_WORDS:
            in_list = False  # a heading kept, a blank line or a line of prose ends the list
        if h is None:
            if ln.text.strip():
                has_body = True
                prev_caps = False
            continue
        level, title = h
        if caps and prev_caps and stack:  # a wrapped ALL-CAPS title continues
            stack[-1] = (stack[-1][0], " ".join(f"{stack[-1][1]} {title}".split()))
            cur_path = tuple(t for _, t in stack)
            continue
        prev_caps = caps
        sibling = (structured and bool(stack) and level <= stack[-1][0] and text[cur_start:ln.start].strip()
                   and text[:cur_start].strip())  # the opening heading (the title) still folds in
        if has_body or sibling:
            spans.append((cur_path, cur_start, ln.start))
            cur_start = ln.start
            has_body = False
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, " ".join(title.split())))
        cur_path = tuple(t for _, t in stack)
    spans.append((cur_path, cur_start, len(text)))
    return [(p, s, e) for p, s, e in spans if text[s:e].strip()]
