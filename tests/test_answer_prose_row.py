"""A plan that states each action in a sentence and sums it up again in a matrix row ("Acción
2.1. El Ministerio de Trabajo … creará una ventanilla de empleo … a más tardar en marzo de
2026" / "2.1 Ventanilla de empleo … Ministerio de Trabajo … Marzo de 2026 …") is answered with
the sentence when the reader scores the two nearly alike: it reads as the answer, the row as a
table's cells run together. A figure is still read from its row, by row and column."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.candidates import Candidate, from_hits
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


UPDATE = ("The Brazil protection sub-group, led by Instituto Travessia Brasil, completed the mapping of GBV referral "
          "services in 50 destination municipalities of the relocation programme.\n\n"
          "ID\tCommitment\tLead\tStatus\tProgress\n"
          "C3\tMap GBV referral services in relocation destination municipalities in Brazil\tInstituto Travessia Brasil\t"
          "Completed\t100%\n"
          "C7\tOpen a safe shelter for GBV survivors in Oruro\tFundación Caminos Andinos\tNot started\t0%\n")
SIDE_Q = "What do the management response and the regional update each say about mapping GBV referral services?"


def test_a_comparison_side_keeps_the_sentence_its_commitment_row_restates():
    """A side prefers what its document commits to (``side_item``) over the sentence around it,
    but not the row of the very commitment the chosen sentence reports on."""
    from puente.index.answer.scoring.prefer import SIDE_MARGIN, side_item
    from puente.ingest.records import Record

    chunk = Chunk(doc="regional-update", title="Progress Update", text=UPDATE, start=0, end=len(UPDATE))
    cands = from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(UPDATE)))])
    sentence = next(c for c in cands if c.text.startswith("The Brazil"))
    c3 = next(c for c in cands if c.text.startswith("C3"))
    c7 = next(c for c in cands if c.text.startswith("C7"))
    for c, s in ((sentence, 10.0), (c3, 9.0), (c7, 8.5)):
        c.score, c.features["type_raw"] = s, 1.0
    a, b = UPDATE.index("C3"), UPDATE.index("C7")
    records = [Record(doc="regional-update", kind="commitment", number="C3", text=c3.text[3:], start=a, end=b),
               Record(doc="regional-update", kind="commitment", number="C7", text=c7.text[3:], start=b, end=len(UPDATE))]
    ok = [sentence, c3, c7]
    assert side_item(sentence, ok, analyse(SIDE_Q), records) is sentence
    # a sentence that restates no commitment gives way to one, as before
    other = Candidate(sentence.hit, "The sub-group met four times in the quarter to review referral services.", 0, 10)
    other.score, other.features["type_raw"] = 10.0, 1.0
    assert other.score - c3.score < SIDE_MARGIN
    assert side_item(other, [other, c3, c7], analyse(SIDE_Q), records) is c3
