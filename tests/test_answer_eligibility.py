"""A question asking who may apply to a programme ("Who can apply to the second phase …?",
"¿Quiénes pueden acogerse …?") is answered with the sentence that says whom it is for, not
with the announcement's opening that names who runs it, though the reader scores that
opening a little higher ("who" reads organisations as the asked type)."""
from __future__ import annotations

import pytest

from puente.common.types import Chunk
from puente.index.answer.asked.eligibility import asks_eligibility, states_eligibility
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.candidates import from_hits
from puente.index.answer.scoring.prefer import ELIGIBLE_MARGIN, eligible
from puente.index.search.searcher import Hit

NOTICE = ("El Ministerio de Interior y Policía, en coordinación con la Dirección General de Migración, anunció el inicio "
          "de la segunda fase del Plan de Normalización de Venezolanos.\n\n"
          "La segunda fase está dirigida a las personas venezolanas que entraron al país por un punto de entrada oficial "
          "entre el 28 de enero de 2021 y el 31 de diciembre de 2023.\n\n"
          "La Dirección General de Migración atenderá las solicitudes en sus oficinas de Santo Domingo y Santiago.\n")


@pytest.mark.parametrize("question", [
    "Who can apply to the second phase of the Dominican Republic's plan for Venezuelans?",
    "According to the announcement, who is eligible to apply for the new regularisation programme?",
    "¿Quiénes pueden acogerse al procedimiento excepcional de regularización del Perú?",
    "¿Quién puede inscribirse en el Programa Arraigo?",
])
def test_a_question_asking_who_may_apply_is_told(question):
    assert asks_eligibility(question)


@pytest.mark.parametrize("question", [
    "Who runs the second phase of the normalisation plan?",
    "¿Quién presenta la solicitud de un menor no acompañado?",
    "How long do eligible foreigners have to apply?",
])
def test_who_runs_or_submits_is_not_who_may_apply(question):
    assert not asks_eligibility(question)


def test_the_text_that_says_whom_a_programme_is_for():
    assert states_eligibility("La segunda fase está dirigida a las personas venezolanas que entraron al país …")
    assert states_eligibility("Pueden acogerse al presente procedimiento las personas extranjeras que hayan ingresado …")
    assert states_eligibility("Refugees who arrived before 2024 are eligible for the grant.")
    # a line of the list under its heading
    assert states_eligibility("Personas que no registren antecedentes penales.", ("Programa", "¿Quiénes pueden inscribirse?"))
    # a recommendation's addressee is not whom a programme is for
    assert not states_eligibility("Dirigida a: ACNUR, HIAS y las organizaciones socias de asistencia legal.")
    assert not states_eligibility("El Ministerio de Interior y Policía anunció el inicio de la segunda fase.")


def _cands(sentence_score: float):
    chunk = Chunk(doc="mip-plan", title="Plan de Normalización", text=NOTICE, start=0, end=len(NOTICE))
    cands = from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(NOTICE)))])
    opening = next(c for c in cands if c.text.startswith("El Ministerio"))
    aimed = next(c for c in cands if c.text.startswith("La segunda fase"))
    offices = next(c for c in cands if c.text.startswith("La Dirección"))
    for c, s in ((opening, 10.0), (aimed, sentence_score), (offices, 9.5)):
        c.score, c.features["type_raw"] = s, 1.0
    return opening, aimed, offices, sorted([opening, aimed, offices], key=lambda c: -c.score)


def test_who_may_apply_is_answered_by_whom_the_programme_is_for():
    opening, aimed, _, ok = _cands(10.0 - ELIGIBLE_MARGIN / 2)
    assert eligible(opening, ok, analyse("Who can apply to the second phase of the plan for Venezuelans?")) is aimed
    assert eligible(opening, ok, analyse("¿Quiénes pueden inscribirse en la segunda fase?", "es")) is aimed


def test_the_opening_stays_for_another_question_or_when_the_sentence_trails_far():
    opening, aimed, _, ok = _cands(10.0 - ELIGIBLE_MARGIN / 2)
    assert eligible(opening, ok, analyse("Who announced the second phase of the plan for Venezuelans?")) is opening
    opening, aimed, _, ok = _cands(10.0 - ELIGIBLE_MARGIN - 0.5)
    assert eligible(opening, ok, analyse("Who can apply to the second phase of the plan for Venezuelans?")) is opening


OPENING = "La Dirección Nacional de Migraciones anunció hoy el lanzamiento del Programa Arraigo de regularización.\n"
LIST = ("¿Quiénes pueden inscribirse?\n\n"
        "• Personas extranjeras que hayan ingresado al país antes del 31 de diciembre de 2024.\n"
        "• Personas cuya residencia temporaria o precaria haya vencido y no haya sido renovada.\n"
        "• Personas que no registren antecedentes penales durante los últimos cinco años.\n\n"
        "La inscripción estará abierta desde el 3 de marzo hasta el 29 de agosto de 2025.\n")


def test_a_list_of_who_may_apply_is_quoted_whole():
    """The criteria listed under "¿Quiénes pueden inscribirse?" answer together: the one that
    scored best among them is shown with the others."""
    chunk = Chunk(doc="arraigo", title="Programa Arraigo", text=LIST, start=200, end=200 + len(LIST),
                  section=("Programa Arraigo", "¿Quiénes pueden inscribirse?"))
    opening = from_hits([Hit(Chunk(doc="arraigo", title="Programa Arraigo", text=OPENING, start=0, end=len(OPENING),
                                   section=("Programa Arraigo",)), 1.0, 0.8, 1, (0, len(OPENING)))])[0]
    last = next(c for c in from_hits([Hit(chunk, 1.0, 0.8, 2, (0, len(LIST)))]) if "antecedentes" in c.text)
    opening.score, last.score = 10.0, 8.0
    got = eligible(opening, [opening, last], analyse("Who is eligible to apply for the Arraigo programme?"))
    assert got.text.startswith("• Personas extranjeras") and "residencia temporaria" in got.text
    assert got.text.endswith("cinco años.") and "inscripción estará abierta" not in got.text
