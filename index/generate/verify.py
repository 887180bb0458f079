"""Checks a generated answer against the passages it was given, claim by claim, before
anything is shown. Pure functions: no model, no network.

A claim is a sentence (or a line of a list). It is kept only when
- it says something (two words or more besides its citations: not "Sources: [1], [2]");
- it cites at least one passage as ``[n]`` and every ``[n]`` is a shown passage (1..N);
- every quoted span ("…", “…”, «…») is in a passage it cites, word for word (case and
  whitespace aside; ``…`` inside a quote matches any gap);
- every number (740, 1,234 = 1.234, 3.5 = 3,5, 45 %, 1.2 million) and every date
  (a month name, English or Spanish, next to a year or a day) appears in a passage it
  cites — as a number, not inside another one ("20" is not in "2023").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# ------------------------------------------------------------------ claims
_CITE = re.compile(r"\[\s*(\d+(?:\s*(?:,|;|-|–|and|y)\s*\d+)*)\s*\]")
_ABBREV = {
    "e.g", "i.e", "etc", "vs", "no", "nos", "nº", "núm", "p", "pp", "mr", "mrs", "ms", "dr", "dra",
    "sr", "sra", "srta", "st", "approx", "aprox", "art", "fig", "vol", "ed", "cf", "al", "inc", "ltd",
}
# A sentence ends at . ! ? (then closing quotes/brackets and any citations) before a
# space and a capital, an opening quote or ¿ ¡ (line breaks: see _blocks).
_END = re.compile(r"[.!?…]+[\"”»’')]*(?:\s*\[[^\]\n]{1,20}\])*(?=\s+[\"“«¿¡(]?[A-ZÁÉÍÓÚÑÜ])")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)


def strip_reasoning(text: str) -> str:
    """Drop ``<think>…</think>`` blocks (reasoning models) and an unclosed one's rest."""
    text = _THINK.sub("", text)
    cut = text.lower().find("<think>")
    return text[:cut] if cut >= 0 else text


def _blocks(text: str) -> list[str]:
    """Paragraphs and list items; a line that does not end a sentence (a hard-wrapped
    reply) continues on the next."""
    out: list[str] = []
    cont = False
    for line in text.splitlines():
        item = _BULLET.match(line)
        line = line[item.end():].strip() if item else line.strip()
        if not line:
            cont = False
            continue
        if cont and not item:
            out[-1] += " " + line
        else:
            out.append(line)
        cont = not re.search(r"[.!?…:\]][\"”»’')*]*$", line)
    return out


def split_claims(text: str) -> list[str]:
    """The sentences of ``text`` (list items count as sentences)."""
    out = []
    for line in _blocks(text):
        start = 0
        for m in _END.finditer(line):
            word = re.search(r"([\w.]+)\.$", line[start : m.start() + 1])
            if word and (word.group(1).lower() in _ABBREV or re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word.group(1))):
                continue  # "e.g. UNHCR", "Dr. Pérez", "U.N. Refugee"
            out.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return [c for c in out if re.search(r"\w", c)]


def citations(claim: str) -> list[int]:
    """Passage numbers cited in ``claim`` ("[1]", "[1, 3]", "[2][4]", "[1-3]"), in order."""
    out: list[int] = []
    for m in _CITE.finditer(claim):
        for part in re.finditer(r"(\d+)(?:\s*[-–]\s*(\d+))?", m.group(1)):
            a, b = int(part.group(1)), int(part.group(2) or part.group(1))
            nums = range(a, b + 1) if 0 <= b - a <= 20 else (a, b)
            out += [n for n in nums if n not in out]
    return out


# ------------------------------------------------------------------ text
def norm(text: str) -> str:
    """Casefolded, with one kind of quote, dash and space."""
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "´": "'", "–": "-", "—": "-", "‐": "-", "‑": "-"}))
    return " ".join(text.casefold().split())


_QUOTE = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”|«([^»\n]+)»")


def quotes(claim: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _QUOTE.finditer(claim)]


def quote_in(quote: str, passage: str) -> bool:
    """``quote`` is in ``passage`` word for word; an ellipsis in it may stand for any gap."""
    text, pos = norm(passage), 0
    pieces = [p.strip(" .,;:") for p in re.split(r"\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\]", norm(quote))]
    pieces = [p for p in pieces if p]
    if not pieces:
        return True
    for piece in pieces:
        i = text.find(piece, pos)
        if i < 0:
            return False
        pos = i + len(piece)
    return True


# ------------------------------------------------------------------ numbers and dates
# 1,234 / 1.234 / 1 234 (no-break or thin space) / 1'234, with an optional decimal part
# in the other separator (1,234.5 / 1.234,5); a leading 0 is never a thousands group.
_GROUPED = r"[1-9]\d{0,2}(?P<sep>[,.\u00a0\u202f\u2009'])\d{3}(?:(?P=sep)\d{3})*(?:(?!(?P=sep))[.,]\d+)?(?!\d)"
_NUMBER = re.compile(rf"(?<![\w.,])(?:{_GROUPED}|\d+(?:[.,]\d+)?)")
_SCALE = re.compile(r"\s*(million|millions|millón|millon|millones|billion|billones|thousand|mil\b)", re.I)
_SCALES = {"million": 10**6, "millions": 10**6, "millón": 10**6, "millon": 10**6, "millones": 10**6,
           "billion": 10**9, "billones": 10**12, "thousand": 10**3, "mil": 10**3}
MONTHS = {
    m: i + 1
    for names in (
        "january february march april may june july august september october november december",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    )
    for i, m in enumerate(names.split())
}
MONTHS.update({"setiembre": 9, "sept": 9})
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items()) if len(m) > 4})
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
# a month name beside a year or a day: "December 2024", "diciembre de 2024", "15 March 2023",
# "March 15, 2023", "15 de marzo"
_DATE = re.compile(
    rf"(?<![\w.,])\d{{1,2}}\s*(?:(?:de|of)\s+)?({_MONTH_WORDS})\b(?:\.?,?\s*(?:(?:de|of|del)\s+)?\d{{4}}\b)?"
    rf"|(?<!\w)({_MONTH_WORDS})\.?,?\s*(?:(?:de|of|del)\s+)?\d{{1,4}}\b(?:,\s*\d{{4}}\b)?",
    re.I,
)


def _canon(token: str) -> str:
    """One spelling per number: "1,234" = "1.234" = "1 234" → 1234; "3,5" = "3.50" → 3.5."""
    m = re.fullmatch(_GROUPED, token)
    if m:
        token = token.replace(m.group("sep"), "")
    try:
        return format(Decimal(token.replace(",", ".")).normalize(), "f")
    except InvalidOperation:
        return token


def numbers(text: str) -> list[tuple[str, set[str]]]:
    """The numbers of ``text`` (citation markers aside) as (as written, accepted spellings):
    "1.2 million" is found as 1.2 or as 1200000."""
    text = _CITE.sub(" ", text)
    out = []
    for m in _NUMBER.finditer(text):
        value = _canon(m.group(0))
        forms = {value}
        scale = _SCALE.match(text, m.end())
        if scale:
            try:
                forms.add(format((Decimal(value) * _SCALES[scale.group(1).lower()]).normalize(), "f"))
            except InvalidOperation:
                pass
        out.append((m.group(0), forms))
    return out


def _is_month(word: str) -> bool:
    # "may" the verb, "mar" the sea: lower-case three-letter words are not months
    return not (word[:1].islower() and len(word) == 3)


def months(text: str) -> list[tuple[str, int]]:
    """Dates with a month name and a year or a day, as (as written, month number)."""
    return [(m.group(0), MONTHS[w.lower()]) for m in _DATE.finditer(text) if _is_month(w := m.group(1) or m.group(2))]


_MONTH_WORD = re.compile(rf"(?<!\w)({_MONTH_WORDS})(?!\w)", re.I)
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:(?:\d{1,2}[/.-])?(\d{1,2})[/.-](?:19|20)\d\d|(?:19|20)\d\d-(\d{1,2}))(?!\d)")


def month_numbers(text: str) -> set[int]:
    """Every month a passage names, in any form: "March", "marzo", "15/03/2023", "2023-03"."""
    out = {MONTHS[w.lower()] for w in _MONTH_WORD.findall(text) if _is_month(w)}
    out.update(int(a or b) for a, b in _NUMERIC_DATE.findall(text))
    return out


# ------------------------------------------------------------------ verdict
@dataclass(frozen=True)
class Checked:
    claim: str
    citations: list[int]
    reason: str = ""  # why it was removed; "" when kept

    @property
    def kept(self) -> bool:
        return not self.reason


def _cited(nums: list[int]) -> str:
    return ", ".join(f"[{n}]" for n in nums)


def check_claim(claim: str, passages: list[str]) -> Checked:
    """Keep or remove one claim; ``passages`` are the texts shown as [1]..[N]."""
    cites = citations(claim)
    if not cites:
        return Checked(claim, cites, "cites no passage")
    if len(re.findall(r"[^\W\d_]{2,}|\d+", _CITE.sub(" ", claim))) < 2:
        return Checked(claim, cites, "is not a statement")  # "Sources: [1], [2]"
    bad = [n for n in cites if not 1 <= n <= len(passages)]
    if bad:
        return Checked(claim, cites, f"cites {_cited(bad)}, but only [1]-[{len(passages)}] were shown")
    cited = [passages[n - 1] for n in cites]
    for q in quotes(claim):
        if not any(quote_in(q, p) for p in cited):
            return Checked(claim, cites, f"quote \"{q}\" is not in {_cited(cites)}")
    have: set[str] = set()
    for p in cited:
        for _, forms in numbers(p):
            have |= forms
    for written, forms in numbers(claim):
        if not forms & have:
            return Checked(claim, cites, f"number {written} is not in {_cited(cites)}")
    named = set().union(*(month_numbers(p) for p in cited))
    for written, month in months(claim):
        if month not in named:
            return Checked(claim, cites, f"date {written} is not in {_cited(cites)}")
    return Checked(claim, cites)


def _preamble(claim: str) -> bool:
    """"Based on the passages:" / "Respuesta:" — no fact, no citation; not a claim."""
    return claim.endswith(":") and not citations(claim) and not re.search(r"\d", claim)


def verify(text: str, passages: list[str]) -> list[Checked]:
    """Every claim of ``text`` with its verdict, in order (a lead-in ending in ":" is skipped)."""
    return [check_claim(c, passages) for c in split_claims(strip_reasoning(text)) if not _preamble(c)]
