"""An infographic's boxes in a passage's text: a label and the figure it names
("PROTECTION" / "17 COMMITMENTS", "1.200" / "PERSONAS ATENDIDAS"), read as one answer.

A PDF gives an infographic as a run of short lines, labels and figures, each too short
to answer alone. Here: where a box of such pieces ends (:func:`run_end`), whichever way
the infographic reads: figures that name what they count come after their label, bare
figures before it.
"""
from __future__ import annotations

import re

BOX_LINES = 4  # at most this many short lines read as one statement
BOX_WORDS = 4  # a box's label has at most this many words
_DIGIT = re.compile(r"\d")


def label(text: str) -> bool:
    """A box's label: a few words and no figure ("JOBS AND LIVELIHOODS")."""
    return len(text.split()) <= BOX_WORDS and not re.search(r"[\d.:;!?]", text)


def _ends(run: list[str]) -> bool:
    """Whether a box of the short lines ``run`` ends before its last one: it has its figure,
    and either opened with its label ("PROTECTION" / "17 COMMITMENTS"), or opened with a
    figure that names what it counts (a lone total, "33 COMMITMENTS"), or the last line is
    the next box's figure ("1.200" / "PERSONAS ATENDIDAS" / "75%")."""
    figure = [bool(_DIGIT.search(t)) for t in run]
    worded = figure[0] and bool(re.search(r"[^\W\d_]{2}", run[0]))
    return any(figure[:-1]) and (not figure[0] or worded or figure[-1])


def run_end(pieces: list[str], i: int, short: int) -> int:
    """The last index of the box that starts at ``pieces[i]`` (``i`` itself when none does):
    pieces shorter than ``short`` words, or a label over a figure, up to ``BOX_LINES``."""
    head = pieces[i:i + 2]
    if not (len(head[0].split()) < short
            or (len(head) > 1 and len(head[1].split()) < short and label(head[0]) and _DIGIT.search(head[1]))):
        return i
    j = i
    while (j + 1 < len(pieces) and j - i < BOX_LINES - 1
           and (len(pieces[j + 1].split()) < short or label(pieces[j + 1])) and not _ends(pieces[i:j + 2])):
        j += 1
    return j


def label_of(run: list[str]) -> str:
    """The label words of a box's pieces (those without a figure)."""
    return " ".join(t for t in run if not _DIGIT.search(t))


COVER_SHARE = 0.7  # a cover holds at least this share of its document's title words


def cover(lines: list[str], title: str) -> bool:
    """Whether a piece of several lines that ends no sentence is its document's cover: its
    title among its lines, or most of the title's words spread over them ("Protection and
    Reintegration at the" / "Haiti–Dominican Republic Border" / "Results Briefing, … 2024")."""
    from puente.common.text import fold

    text = " ".join(lines)
    if not title or text.rstrip()[-1:] in tuple(".!?;:"):
        return False
    if fold(" ".join(title.split())) in {fold(" ".join(x.split())) for x in lines}:
        return True
    words = set(re.findall(r"[^\W\d_]{3,}", fold(title)))
    return len(lines) >= 2 and len(words) >= 3 and len(words & set(re.findall(r"[^\W\d_]{3,}", fold(text)))) >= COVER_SHARE * len(words)
