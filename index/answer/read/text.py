"""What an answer shows of its passage: the sentence without a heading or empty form
label before it, a short sentence extended with the next piece, one that opens on a pronoun
with the sentence it refers to, and whether a figure is only a part of the whole the
question asks about."""
from __future__ import annotations

import re

from puente.common.text import LETTER_ITEM

from ..asked.answer_type import type_match
from ..asked.question import DATE, FREQUENCY
from ..asked.reason import gives_cause
from .candidates import BULLETS, Candidate, segments

MIN_SENTENCE_WORDS = 8  # a shorter sentence is extended with the next one
ANTECEDENT_WORDS = 40  # a longer sentence before a pronoun is not shown with it
# a sentence opening on one of these refers to what the sentence before names
ANAPHOR = re.compile(r"(?:He|She|It|They|His|Her|Its|Their|This|These|Those|Él|Ella|Ellos|Ellas|Su|Sus|"
                      r"Este|Esta|Esto|Estos|Estas|Dicho|Dicha|Dichos|Dichas)\b")


def antecedent(c: Candidate, segs: list | None = None) -> tuple[int, int] | None:
    """Where the sentence before a passage sentence that opens on a pronoun or a demonstrative
    ("He is also the oldest quarterback …", "Su mandato …") is (``segs``: the passage's segments):
    it names who or what the sentence is about (same paragraph, not a heading or a row, at most
    ``ANTECEDENT_WORDS`` long); None for a sentence that does not refer back, or a short one
    (extended forward instead)."""
    text = c.chunk.text
    if c.source != "passage" or c.words < MIN_SENTENCE_WORDS or not ANAPHOR.match(text[c.start:c.end].lstrip()):
        return None
    segs = segments(text) if segs is None else segs
    prev = next((sg for sg in reversed(segs) if sg.end <= c.start), None)
    if prev is None or prev.kind != "sentence" or text[prev.end:c.start].strip() or "\n\n" in text[prev.end:c.start]:
        return None
    return None if len(text[prev.start:prev.end].split()) > ANTECEDENT_WORDS else (prev.start, prev.end)


def _with_antecedent(c: Candidate, segs: list) -> Candidate:
    """A sentence that refers back is shown after its :func:`antecedent`."""
    at = antecedent(c, segs)
    return c if at is None else c.spanning(at[0], c.end)


_CAUSE = re.compile(r"\b(?:because|since|due\s+to|owing\s+to|given\s+that|as\s+a\s+result|in\s+order\s+to|so\s+that|"
                    r"porque|ya\s+que|debido|dado\s+que|puesto\s+que|pues|por\s+lo\s+que|a\s+causa|gracias\s+a|"
                    r"para\s+que|con\s+el\s+fin)\b", re.I)


REASON_WORDS = 40  # a longer next sentence is not taken in as the reason
REASON_AHEAD = 2  # for "why", the sentences after the answer looked at for the one that gives its cause


def extend(c: Candidate, kind: str, why: bool = False) -> Candidate:
    """A sentence that opens on a pronoun is shown with its antecedent (the sentence
    before it); a short sentence, or one lacking the date or frequency asked for when the
    next piece of its passage is short and has it ("6.2. Crear una matriz de riesgos …" +
    "Noviembre 2023"), is extended with that next piece; so is, for a question that asks
    ``why``, a sentence that gives no cause when the next sentence of its paragraph is
    short enough to be the reason ("La Secretaría no se articula directamente con las
    Oficinas Regionales." + "El seguimiento lo lleva directamente ICP/GCMU …")."""
    if c.source != "passage" or c.features.get("segment") == "row":
        return c  # a table row is whole; the next row is another item
    text = c.chunk.text
    segs = segments(text)
    c = _with_antecedent(c, segs)
    nxt = next((sg for sg in segs if sg.start >= c.end), None)
    if nxt is None or text[c.end:nxt.start].strip():
        return c
    piece = " ".join(text[nxt.start:nxt.end].split())
    short = c.words < MIN_SENTENCE_WORDS
    typed = kind in (DATE, FREQUENCY) and type_match(kind, c.text) < 1 <= type_match(kind, piece) \
        and len(piece.split()) <= 12
    reason = why and nxt.kind == "sentence" and not _CAUSE.search(c.text) and len(piece.split()) <= REASON_WORDS \
        and "\n\n" not in text[c.end:nxt.start]
    if short or typed or reason:
        c = c.spanning(c.start, nxt.end)
    return _with_cause(c, segs) if why else c


def _with_cause(c: Candidate, segs: list) -> Candidate:
    """For "why", an answer that states no cause runs on to the sentence of its paragraph,
    among the next ``REASON_AHEAD``, that does: "However, the evaluation concluded that the
    programme's effects on self-reliance were limited. Only 38 per cent … The evaluators
    attributed this mainly to …"."""
    text = c.chunk.text
    if _CAUSE.search(c.text) or gives_cause(c.text):
        return c
    end = c.end
    for sg in [sg for sg in segs if sg.start >= c.end][:REASON_AHEAD]:
        gap, said = text[end:sg.start], text[sg.start:sg.end]
        if sg.kind != "sentence" or gap.strip() or "\n\n" in gap or len(said.split()) > 2 * REASON_WORDS:
            break
        end = sg.end
        if gives_cause(said):
            return c.spanning(c.start, end)
        if len(said.split()) > REASON_WORDS:  # a long sentence between is not passed over
            break
    return c


_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÁÉÍÓÚÑ][^.!?;:,]{0,60}$")


def lead_line(first: str, section: tuple[str, ...]) -> bool:
    """Whether a candidate's first line is a heading or an empty form label rather than
    part of its sentence: "4.1 Avances", "5. English summary", "SOCIAL PROTECTION",
    "Progress Against the Desired Outcome", the passage's own section title, "Reasons (if
    partially agree or disagree):"."""
    if first.endswith(":"):
        return True
    if len(first.split()) > 8 or first[-1:] in ".!?;,":
        return False
    return bool(_NUMBERED_HEADING.match(first)) or (first.isupper() and len(first) > 3) or _title_case(first) or \
        any(" ".join(first.split()).lower() == " ".join(s.split()).lower() for s in section)


def _title_case(line: str) -> bool:
    """A line in title case: two or more words of four letters or more, all capitalised
    ("Progress Against the Desired Outcome"); a sentence's first line has a lower-case word."""
    long = [w for w in line.split() if len(w) > 3 and w.isalpha()]
    return len(long) >= 2 and all(w[0].isupper() for w in long)


def trim(c: Candidate) -> Candidate:
    """A sentence without the heading or empty form labels its passage's lines put
    before it (the answer is the sentence, not "4.1 Avances En el segundo …"), nor a list
    item's marker ("- ")."""
    if c.source != "passage" or c.features.get("segment") == "row":
        return c
    text, a, b = c.chunk.text, c.start, c.end
    while True:
        nl = text.find("\n", a, b)
        if nl < 0:
            break
        first, rest = text[a:nl].strip(), text[nl + 1:b].strip()
        opens = rest[:1].isupper() or _LETTERED.match(rest)  # "Acciones:" over "a) Garantizar la matrícula …"
        if len(rest.split()) < MIN_SENTENCE_WORDS or not opens or not lead_line(first, c.chunk.section):
            break
        a = nl + 1 + (len(text[nl + 1:b]) - len(text[nl + 1:b].lstrip()))
    m = _BULLET.match(text, a, b)
    if m:
        a = m.end()
    return c if a == c.start else c.spanning(a, b)


_BULLET = re.compile(rf"[ \t]*[{BULLETS}][ \t]+(?=\S)")
_LETTERED = re.compile(rf"{LETTER_ITEM}\s")  # a list item's marker: "- CONAPRED … will promote …"


_LOCATIVE = re.compile(r"\b(?i:in|en|at|within|dentro\s+de)\s+((?:[A-ZÁÉÍÓÚÑ][\w-]+\s*)+)")


def local_figure(text: str, question: str, title: str = "") -> bool:
    """Whether a figure's sentence places it somewhere the question does not ("In Tabasco,
    … 181 GBV survivors" for "how many GBV survivors did UNHCR assist?"): a part, not the
    whole the question asks about. The document's own place (in its title) is the whole."""
    from puente.common.text import fold

    asked = set(re.findall(r"\w+", fold(f"{question} {title}")))
    for m in _LOCATIVE.finditer(text):
        words = [w for w in re.findall(r"\w+", fold(m.group(1))) if len(w) > 2]
        if words and not any(w in asked for w in words) and not _MONTH.fullmatch(words[0]):
            return True
    return False


# a place a sentence opens on, as its frame: "In Tabasco, …", "En Chiapas y Tabasco, …" (not "trained in
# Prevention of Sexual Exploitation …", a topic)
_FRAMED = re.compile(r"^\W*(?:In|En|At|Within|Dentro\s+de)\s+((?:[A-ZÁÉÍÓÚÑ][\w-]+(?:\s+(?:y|and|de|del|la)\s+|\s*))+),")


def framed_elsewhere(text: str, question: str, title: str = "") -> bool:
    """Whether a sentence opens on a place the question does not ask about and its title
    does not name ("In Tabasco, … UNHCR assisted 181 GBV survivors"): its figures are that
    place's, a part of the whole the question asks about."""
    from puente.common.text import fold

    m = _FRAMED.match(text)
    if not m:
        return False
    asked = set(re.findall(r"\w+", fold(f"{question} {title}")))
    words = [fold(w) for w in re.findall(r"\w+", m.group(1)) if w[:1].isupper()]  # not "and", "del"
    return bool(words) and not any(w in asked for w in words) and not _MONTH.fullmatch(words[0])


_MONTH = re.compile(r"jan\w*|feb\w*|march|april|may|june|july|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|enero|febrero|"
                    r"marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre")


# a year a sentence only measures a change against: "un 30 % más que en 2023", "compared with 2022"
_AGAINST = re.compile(r"\b(?:than|que|compared\s+(?:with|to)|relative\s+to|respecto\s+(?:a|de)l?|frente\s+a(?:l)?)\s+"
                      r"(?:(?:in|en|el|the|year|a[nñ]o)\s+){0,2}$", re.I)


def compared_only(year: str, text: str) -> bool:
    """Whether every mention of ``year`` in ``text`` is what a change is measured against ("14.872
    personas …, un 30 % más que en 2023"): the figure it gives is another year's. Not "frente a
    11.430 en 2023", which gives 2023's."""
    spots = [m.start() for m in re.finditer(rf"(?<!\d){re.escape(year)}(?!\d)", text)]
    return bool(spots) and all(_AGAINST.search(text[max(0, s - 40):s]) for s in spots)


def paragraph(c: Candidate) -> str:
    """The paragraph of a passage candidate: its passage's text between the blank lines around it."""
    text = c.chunk.text
    end = text.find("\n\n", c.end)
    return text[text.rfind("\n\n", 0, c.start) + 1:end if end >= 0 else len(text)]


LIST_WORDS = 90  # a whole list is shown for one of its items up to this many words


def whole_list(c: Candidate) -> Candidate:
    """A list item run on over the other items of its list (the lines before and after it that
    open with a list marker, in its passage), when the list is at most ``LIST_WORDS`` long: the
    criteria under "¿Quiénes pueden inscribirse?" are the answer together, not their last one."""
    if c.source != "passage":
        return c
    text = c.chunk.text
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    i = next((k for k, (a, b) in enumerate(lines) if a <= c.start < b + 1), None)
    if i is None or not _BULLET.match(text, lines[i][0]):
        return c
    lo = hi = i
    while lo > 0 and _BULLET.match(text, lines[lo - 1][0]):
        lo -= 1
    while hi + 1 < len(lines) and _BULLET.match(text, lines[hi + 1][0]):
        hi += 1
    whole = c.spanning(lines[lo][0], lines[hi][1])
    return whole if (lo, hi) != (i, i) and whole.words <= LIST_WORDS else c
