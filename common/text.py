"""Text helpers every layer shares: whitespace, accent folding, Markdown escaping,
text that is safe to print in a terminal or to open in a spreadsheet, and JSON lines."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

_WS = re.compile(r"\s+")
# a table row as text extraction lays it out: three or more spaces, or a tab, between two cells
CELL_SEP = re.compile(r"\S(?: {3,}|\t)\S")
LETTER_ITEM = r"(?:[a-z]|[ivx]{1,4})[).]"  # a lettered or roman list item's marker: "a)", "ii."
# text that goes on a sentence a page break cut: lower case, not a list's next item ("a) strengthen …")
GOES_ON = re.compile(rf"(?!{LETTER_ITEM}\s)[a-záéíóúñü]")
OPEN_END = re.compile(r"(?:[^\W_]|,)$")  # a line that stops on a word, a figure or a comma: its sentence is not over
# a backslash the source already puts before punctuation escapes it (kept as is, so
# "MX\$5" from a PDF is not doubled); the other Markdown/HTML specials get one
_MD_SPECIAL = re.compile(r"\\[!-/:-@\[-`{-~]|[`*_{}\[\]<>#|]")
# a list marker at the start of a line ("- ", "+ ", "4. ", "4) "), a rule or a code fence ("---", "~~~")
_MD_LIST_START = re.compile(r"^(\d{0,9})([-+]|(?<=\d)[.)])(?=\s|$)|^([-=~])(?=\3{2})")
# C0 and C1 control characters except tab and newline (ESC, BEL, CR, DEL...), and the bidi
# embedding/override/isolate characters that can visually reorder a citation.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# cells a spreadsheet would run as a formula (OWASP CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def collapse(text: str) -> str:
    """All whitespace runs as one space."""
    return _WS.sub(" ", text or "")


def flat(text: str) -> str:
    """All whitespace runs as one space, trimmed."""
    return collapse(text).strip()


# every combining mark (what ``fold`` drops after decomposing), for ``str.translate``
_COMBINING = dict.fromkeys(cp for cp in range(0x300, 0x20000) if unicodedata.combining(chr(cp)))


def fold(text: str) -> str:
    """Lower case without accents ("Recomendación" -> "recomendacion")."""
    low = (text or "").lower()
    if low.isascii():  # nothing to decompose or drop (most of an English report)
        return low
    return unicodedata.normalize("NFKD", low).translate(_COMBINING)


def tab_cells(line: str) -> list[str]:
    """The cells of a Word, web or Markdown table's row (cells separated by a tab, as the
    readers give them), whitespace inside each collapsed; an empty cell keeps its place, the
    empty ones at the row's end are left out."""
    return [" ".join(c.split()) for c in line.strip(" \n\r").rstrip("\t").split("\t")]


def md_escape(text: str) -> str:
    """One line of text with Markdown/HTML control characters escaped, so it shows as text;
    a list marker it opens with ("- …", "4. Outcome Area …"), or a rule or code fence ("---",
    "~~~"), too, or it would render as a list, a line or code."""
    out = _MD_SPECIAL.sub(lambda m: m.group(0) if len(m.group(0)) == 2 else "\\" + m.group(0), flat(text))
    return _MD_LIST_START.sub(lambda m: "\\" + m.group(3) if m.group(3) else m.group(1) + "\\" + m.group(2), out, count=1)


def printable(text: str) -> str:
    """``text`` without control characters (terminal escape sequences lose their ESC/BEL and
    cannot recolour, retitle or clear a terminal) and without bidi overrides; tab and newline stay."""
    return _UNSAFE.sub("", text or "")


_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NAME_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown_name(name: str) -> str:
    """A file or document name as printed: control characters (newline, tab, ESC...),
    line separators and bidi marks, overrides and isolates written as escapes (``\\n``,
    ``\\u202e``), so a name can neither split a line or a table row nor reorder what
    follows it. The name itself (what commands take) is unchanged."""
    def esc(m: re.Match) -> str:
        c = m.group(0)
        return _NAME_ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return _NAME_UNSAFE.sub(esc, str(name or ""))


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text: strings that start like a formula
    (``=``, ``+``, ``-``, ``@``, tab, carriage return) get a leading single quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def read_jsonl(path: str | Path) -> list[tuple[int, str]]:
    """``(line number, line)`` of the non-blank lines of a JSON-lines file. Lines end at
    ``\\n`` only: U+2028, U+2029 and U+0085 are legal inside a JSON string and are kept."""
    text = Path(path).read_text("utf-8")
    return [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def write_jsonl(fh, rows) -> None:
    """Write one JSON object per line (UTF-8 kept readable; see :func:`read_jsonl`)."""
    for row in rows:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def split_heading(text: str, section) -> tuple[str, str]:
    """A passage's text as ``(heading, body)``: its first line when that line is the heading
    of the section it lies in (``section``: its headings, innermost last), so a quote can
    show the heading on a line of its own instead of glued to the sentence after it
    ("NATIONAL ACTION PLAN MEXICO Mexico has received …"); ``("", text)`` otherwise."""
    first, sep, body = text.strip().partition("\n")
    if not sep or not section or not body.strip():
        return "", text
    if fold(" ".join(first.split())).rstrip(" :.") != fold(" ".join(str(section[-1]).split())).rstrip(" :."):
        return "", text
    return " ".join(first.split()), body


# a list of what a document's acronyms stand for: its heading ("SIGLAS", "List of acronyms",
# "Abreviaturas y acrónimos"), or a statement that opens on one ("Siglas utilizadas: IGM (…), …")
_ACRONYM_WORDS = r"acronyms?|abbreviations?|siglas?|acr[oó]nimos|abreviaturas?"


def _list_head(words: str) -> re.Pattern:
    """A list's heading alone on its line, naming it by one of ``words``."""
    return re.compile(rf"^\W*(?:(?:list\s+of|lista\s+de)\s+)?(?:{words})(?:\s+(?:and|y|e)\s+\w+)?"
                      r"(?:\s+(?:used|utilizad[oa]s))?\s*:?$", re.IGNORECASE)


_LIST_HEAD = _list_head(_ACRONYM_WORDS + r"|glossary|glosario|(?:table\s+of\s+)?contents|[íi]ndice|contenidos?|sum[aá]rio")
ACRONYM_HEAD = _list_head(_ACRONYM_WORDS)  # a list of acronyms' heading, not a contents page's (``ingest.headings``)
_LIST_LABEL = re.compile(rf"^\W*(?:{_ACRONYM_WORDS})(?:\s+\w+)?\s*:", re.IGNORECASE)
# its heading run into the list: "6 Acronyms CAMR Centro de Atención …", "SIGLAS DPS – Departamento …"
_LIST_START = re.compile(r"^\W*(?:\d{1,2}\.?\s+)?(?:(?i:(?:list\s+of|lista\s+de)\s+)?(?i:acronyms|abbreviations|siglas|"
                         r"acr[oó]nimos|abreviaturas)\s*(?:\n|[A-Z]{2,}\b)|"
                         r"(?i:(?:table\s+of\s+)?contents|[íi]ndice|contenidos?)\s*(?:\n|1\.?\s))")
# a line of such a list: "VBG – Violencia basada en género", "GBV\tgender-based violence", "IGM (Instituto …)",
# "1. Context and overview ........ 3"
_LIST_LINE = re.compile(r"^\W*(?:[A-Z][A-Za-z]*[A-Z][\w&]*\s*(?:[–—:=-]\s|\t|\(|\s+[A-Z])|.*(?:\.\s?){4,}\s*\d+\s*$)",
                        re.MULTILINE)


def reference_list(text: str, section: tuple[str, ...] | list[str] = ()) -> bool:
    """Whether ``text`` is (a piece of) a list of acronyms and what they stand for, or a
    contents page: under a heading that names such a list, or opening on its label. It names
    every topic and answers none ("VBG – Violencia basada en género" is no answer about gender-based
    violence), so answers and Compare leave it out; search still finds it."""
    if any(_LIST_HEAD.match(s.strip()) for s in section[-1:]) and len(_LIST_LINE.findall(text)) >= 2:
        return True  # under its heading, and a list itself (a PDF's next heading may go unseen: its prose is no list)
    return bool(_LIST_LABEL.match(text)) or bool(_LIST_START.match(text))
