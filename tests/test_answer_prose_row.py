"""A plan that states each action in a sentence and sums it up again in a matrix row ("Acción
2.1. El Ministerio de Trabajo … creará una ventanilla de empleo … a más tardar en marzo de
2026" / "2.1 Ventanilla de empleo … Ministerio de Trabajo … Marzo de 2026 …") is answered with
the sentence when the reader scores the two nearly alike: it reads as the answer, the row as a
table's cells run together. A figure is still read from its row, by row and column."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.candidates import from_hits
from puente.index.answer.scoring.prefer import PROSE_MARGIN, prose_of_row
from puente.index.search.searcher import Hit

TEXT = ("Acción 2.1. El Ministerio de Trabajo, Empleo y Seguridad Social creará una ventanilla de empleo para personas "
        "migrantes en las oficinas de empleo de Asunción, Ciudad del Este y Encarnación a más tardar en marzo de 2026.\n\n"
        "Acción\tInstitución responsable\tPlazo\tIndicador\tMeta\n"
        "2.1 Ventanilla de empleo para personas migrantes\tMinisterio de Trabajo, Empleo y Seguridad Social\tMarzo de 2026\t"
        "Número de ventanillas en funcionamiento\t3\n"
        "2.2 Convalidación abreviada de títulos\tMinisterio de Educación y Ciencias\tDiciembre de 2026\t"
        "Plazo medio de convalidación\t90 días\n")
QUESTION = "What does Paraguay's migration action plan promise in terms of employment services for migrants?"


def _cands(row_score: float, sentence_score: float):
    chunk = Chunk(doc="paraguay-plan", title="Plan Nacional de Acción", text=TEXT, start=0, end=len(TEXT))
    cands = from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(TEXT)))])
    sentence = next(c for c in cands if c.text.startswith("El Ministerio de Trabajo"))
    row = next(c for c in cands if c.text.startswith("2.1 "))
    other = next(c for c in cands if c.text.startswith("2.2 "))
    assert row.features.get("segment") == "row" and sentence.features.get("segment") != "row"
    for c, s in ((row, row_score), (sentence, sentence_score), (other, row_score)):
        c.score = s
        c.features["type_raw"] = 1.0
    return row, sentence, other, sorted([row, sentence, other], key=lambda c: -c.score)


def test_the_sentence_a_row_restates_is_the_answer():
    row, sentence, _, ok = _cands(10.0, 10.0 - PROSE_MARGIN / 2)
    assert prose_of_row(row, ok, analyse(QUESTION)) is sentence
    assert prose_of_row(row, ok, analyse("¿Quién creará la ventanilla de empleo para personas migrantes?", "es")) is sentence


def test_the_row_stays_when_the_sentence_trails_or_says_something_else_or_a_figure_is_asked():
    row, sentence, other, ok = _cands(10.0, 10.0 - PROSE_MARGIN - 0.5)
    assert prose_of_row(row, ok, analyse(QUESTION)) is row
    row, sentence, other, ok = _cands(10.0, 9.5)
    assert prose_of_row(other, ok, analyse(QUESTION)) is other  # the sentence is not about titles
    assert prose_of_row(row, ok, analyse("How many employment windows will the plan set up?")) is row
