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


def _texts(text: str) -> list[str]:
    chunk = Chunk(doc="ong", title="Informe Anual 2023", text=text, start=0, end=len(text))
    return [c.text for c in from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(text)))])]


def test_a_cover_block_holding_the_title_is_no_candidate():
    assert _texts(COVER) == []
    # a sentence the title line runs into is one (it ends as a sentence)
    opening = "Informe Anual 2023\nEn 2023 la asociación acompañó a 3.870 personas en su regularización."
    assert _texts(opening) == [" ".join(opening.split())]
    # the cover's lines without the title: as before
    assert _texts(COVER.replace(" Informe Anual 2023\n", "")) != []
