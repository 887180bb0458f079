"""The years a question pins down, and whether a text supports one (no model).

A question's year is one year ("in 2024" -> ``"2024"``) or a span it names whole ("the
2025-2028 plan" -> ``"2025-2028"``). A text supports a year when it names it or a span
holding it ("2023-24", "2022-2024"); it supports a span when it names any year inside it,
or a span that overlaps it: "by March 2026" is within the 2025-2028 plan.
"""
from __future__ import annotations

import re

YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20[0-4]\d)(?![\d.,]*\d)")  # a year the question states
# "2023-24": the "24" is part of the span, no figure; the question's year is the first
SHORT_SPAN = re.compile(r"(?<!\d)(20\d\d)\s*[-–/]\s*(\d{2})(?!\d)")
# "2025-2028", "2013–2014": one constraint, met by any year inside (at most a decade apart)
LONG_SPAN = re.compile(r"(?<![\d.,])((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)(?![\d.,]*\d)")
_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:\s*[-–/]\s*(\d{2}|(?:19|20)\d\d))?(?!\d)")


def spans(question: str) -> list[re.Match]:
    """The spans of years the question names whole ("2025-2028"), in order."""
    return [m for m in LONG_SPAN.finditer(question) if 0 < int(m.group(2)) - int(m.group(1)) <= 10]


def bounds(year: str) -> tuple[int, int]:
    """``"2024"`` -> (2024, 2024); ``"2025-2028"`` -> (2025, 2028)."""
    a, _, b = year.partition("-")
    return int(a), int(b or a)


def within(named: str, year: str) -> bool:
    """Whether the year ``named`` lies in the question's year (a year or a span)."""
    a, b = bounds(year)
    return a <= int(named) <= b


def has_year(year: str, text: str) -> bool:
    """Whether ``text`` names the year, a year of the span, or a span that overlaps it."""
    a, b = bounds(year)
    for m in _IN_TEXT.finditer(text):
        lo, end = int(m.group(1)), m.group(2) or m.group(1)
        hi = max(lo, int(end) if len(end) == 4 else 2000 + int(end))  # "2023-24" ends in 2024
        if lo <= b and a <= hi:
            return True
    return False
