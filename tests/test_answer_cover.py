"""A report's cover (its organisation, title, subtitle, place and date on lines of their own)
is no answer: "What targets has Puentes Solidarios set itself for 2024 …?" was answered with
"Asociación Puentes Solidarios Informe Anual 2023 Protección, regularización … Lima, marzo de
2024" over the sentence that states them."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.read.candidates import from_hits
from puente.index.search.searcher import Hit

COVER = ("Asociación Puentes Solidarios\n Informe Anual 2023\n Protección, regularización e integración de personas "
         "refugiadas y\n migrantes venezolanas en el Perú\n Lima, marzo de 2024")


def _texts(text: str, title: str = "Informe Anual 2023") -> list[str]:
    chunk = Chunk(doc="ong", title=title, text=text, start=0, end=len(text))
    return [c.text for c in from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(text)))])]


def test_a_cover_block_holding_the_title_is_no_candidate():
    assert _texts(COVER) == []
    # a sentence the title line runs into is one (it ends as a sentence)
    opening = "Informe Anual 2023\nEn 2023 la asociación acompañó a 3.870 personas en su regularización."
    assert _texts(opening) == [" ".join(opening.split())]
    # the cover's lines without the title: as before
    assert _texts(COVER.replace(" Informe Anual 2023\n", "")) != []


BRIEFING = ("IOM · UN MIGRATION · HAITI\nProtection and Reintegration at the\nHaiti–Dominican Republic Border\n"
            "Results Briefing, January–December 2024\nDonor briefing · Port-au-Prince (hybrid) · 18 February 2025")
TITLE = "Haiti-Dominican Republic Border: Protection and Reintegration Results Briefing 2024"


def test_a_cover_that_spreads_its_title_over_lines_is_no_candidate():
    """The briefing's cover writes its title over three lines, none of them the title: it was the
    best candidate (a strong match) for "What does IOM ask the Haitian government to do in its 2024
    border results briefing?"."""
    assert _texts(BRIEFING, TITLE) == []
    # a passage that shares a few of the title's words is no cover
    lines = "Border monitoring\nReturns rose at the four crossing points\nReception services expanded"
    assert _texts(lines, TITLE) != []
