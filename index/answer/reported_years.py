"""The years an answer reports: those a sentence or a title names ("FY22" is 2022), and
whether a sentence is about a later year than the one asked."""
from __future__ import annotations

import re

from .asked.years import bounds, has_year
from .read.candidates import Candidate

YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_FISCAL = re.compile(r"\bFY\s?'?(\d\d)(?!\d)")  # "FY22": 2022


def years_in(text: str) -> set[str]:
    return set(YEAR.findall(text)) | {"20" + y for y in _FISCAL.findall(text)}


def other_year(year: str, c: Candidate) -> bool:
    """Whether a passage's answer is about a later year than the asked one and names no
    other ("En 2024 … recibió 48.700" for a question on 2023, though the title's span
    "2021–2024" holds 2023); "15% more than in 2022" compares and still answers on 2023, and a
    year it looks ahead to ("… se entregará en marzo de 2025") is not when what it reports happened."""
    own = {y for y in years_in(c.text) if not _ahead(c.text, y)}
    return c.source != "record" and bool(own) and not has_year(year, c.text) and int(min(own)) > bounds(year)[1]


# words that put a year ahead of what a sentence reports: "… se entregará en marzo de 2025", "reprogramados para 2025",
# "will be completed by 2026", "planned for 2025"; not "by" or "hasta" alone ("By the end of 2024, 48,700 had received …")
_AHEAD = re.compile(r"\b(?:will|shall|planned|scheduled|expected|due|next|para|previst\w*|"
                    r"pr[oó]xim\w*|[^\W\d_]{3,}r(?:á|án))\b[^.;]{0,25}$", re.I)  # a Spanish future: "entregará", "realizarán"


def _ahead(text: str, year: str) -> bool:
    """Whether every mention of ``year`` in ``text`` looks ahead (a plan or a deadline the
    sentence gives beside what it reports), not the time of what it reports."""
    spots = [m.start() for m in re.finditer(rf"(?<!\d){year}(?!\d)", text)]
    return bool(spots) and all(_AHEAD.search(text[max(0, k - 40):k]) for k in spots)
