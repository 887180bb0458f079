"""A compound question asks two things: "how often must progress be reported to parliament, and
by what date?" took "convene the committee at least once every quarter" (how often, no date)
over "shall report annually … no later than 31 March" (both), which trailed it by half a point.
Also how `decide` weighs near candidates by what they give: a phase asked by its number, and
the whole answer type before a part of it."""
from __future__ import annotations

import pytest

from puente.common.types import Chunk
from puente.index.answer.asked.also_asked import COMPARED, also_asked, gives_also
from puente.index.answer.asked.question import DATE, FREQUENCY, WHO, analyse, answer_kind
from puente.index.answer.choose import decide
from puente.index.answer.read.candidates import Candidate
from puente.index.answer.scoring.prefer import ALSO_MARGIN, FLOOR_MARGIN
from puente.index.search.searcher import Hit


@pytest.mark.parametrize("question,also", [
    ("Under the plan, how often must progress be reported to parliament, and by what date?", DATE),
    ("Who is in charge of the yearly training for country offices, and by when?", WHO),
    ("¿Qué institución está a cargo del sistema de alerta temprana y para cuándo debe estar funcionando?", WHO),
    ("¿Con qué frecuencia se reúne el comité y en qué fecha fue la primera reunión?", DATE),
    ("How many people were confined in 2024, and how does that compare with 2023?", COMPARED),
    ("¿Cuántos haitianos fueron deportados en 2023 y cómo se compara con el año anterior?", COMPARED),
    # one thing asked, or a second part with no kind of answer
    ("What has the government committed to do to get displaced people into work, and by when?", None),
    ("How many asylum claims had COMAR registered and how many cases had it closed?", None),
    ("What did the evaluation recommend and how did management respond?", None),
    ("Who leads the response in Darién?", None),
])
def test_what_a_compound_question_also_asks(question, also):
    assert also_asked(question, answer_kind(question)) == also


def test_a_part_answers_by_its_kind_or_by_a_second_figure():
    assert gives_also(DATE, "The Ministry shall report annually, no later than 31 March of the following year.")
    assert not gives_also(DATE, "The committee shall meet at least once every quarter.")
    assert gives_also(COMPARED, "Confinement affected 91,300 people in 2024, up from 67,800 in 2023.")
    assert gives_also(COMPARED, "La JCE expidió 18.240 actas en 2024, frente a 11.305 en 2023.")
    assert not gives_also(COMPARED, "Confinement affected 91,300 people in 2024.")
    assert gives_also(FREQUENCY, "Progress is reported every six months.")


def _cand(text: str, score: float) -> Candidate:
    hit = Hit(Chunk(doc="plan", title="National Action Plan", text=text, start=0, end=len(text)), 1.0, 0.8, 1)
    c = Candidate(hit, text, 0, len(text))
    c.score = score
    c.features.update(type_raw=1.0, match=0.85, scorer="tokens")
    return c


def test_the_answer_to_both_parts_is_preferred_within_a_margin():
    q = analyse("Under the plan, how often must progress be reported to parliament, and by what date?")
    quarterly = _cand("The Ministry shall convene the technical committee at least once every quarter.", 80.0)
    annual = _cand("The Ministry shall report annually to the National Assembly, no later than 31 March of the "
                   "following year.", 80.0 - ALSO_MARGIN + 0.5)
    assert decide(q, [quarterly, annual]).text.startswith("The Ministry shall report annually")
    annual.score = 80.0 - ALSO_MARGIN - 0.5  # too far: the better first part keeps its place
    assert decide(q, [quarterly, annual]).text.startswith("The Ministry shall convene")
    one = analyse("How often must progress be reported to parliament?")  # one thing asked: the best stays
    annual.score = 79.9
    assert decide(one, [quarterly, annual]).text.startswith("The Ministry shall convene")


def test_a_phase_or_quarter_asked_by_its_number_is_not_answered_by_another():
    """"Until when can Venezuelans register online for the second phase of the plan?" quoted "La primera
    fase del plan, ejecutada entre abril de 2021 y diciembre de 2022 …" from the second phase's
    announcement: the sentence names the first phase, whatever its document's title says."""
    from puente.index.answer.asked.qualified import gives_ordinal, ordinals, other_ordinal
    from puente.index.answer.checks import missing

    assert ordinals("La primera fase del plan; Phase II; the fourth quarter; el segundo cuarto") == {
        "phase": {1, 2}, "quarter": {4, 2}}
    question = "Until when can Venezuelans register online for the second phase of the normalisation plan?"
    first = "La primera fase del plan, ejecutada entre abril de 2021 y diciembre de 2022, permitió 43.307 visados."
    assert other_ordinal(question, first, "Plan de normalización de venezolanos, segunda fase") == "second phase"
    assert other_ordinal(question, "La segunda fase está dirigida a quienes entraron antes de 2024.") == ""
    assert other_ordinal(question, "El registro en línea abre el 1 de julio de 2024.", "Segunda fase") == ""
    assert other_ordinal(question, "El registro en línea abre el 1 de julio de 2024.", "Fase 1 del plan") == "second phase"
    assert gives_ordinal("¿Quién anotó en el segundo cuarto?", "In the second quarter, Denver scored again.")
    c = _cand(first, 80.0)
    assert ("ordinal", "second phase") in missing(analyse(question), c, {})
    assert not missing(analyse("When did the first phase of the plan run?"), c, {})


def test_below_its_floor_an_answer_of_the_whole_type_comes_before_one_of_part_of_it():
    """"How long was the line?" took "… la línea entre Stockton y Darlington se había abierto en 1825"
    (a figure, not a length) over "… a lo largo de unos 28 kilómetros de vía", two points down."""
    q = analyse("How long was the line?")
    cuba = _cand("Aunque el primer ferrocarril en territorio español se había abierto antes en Cuba.", 72.2)
    year = _cand("Los historiadores subrayan que la línea entre Stockton y Darlington se había abierto en 1825.", 71.8)
    length = _cand("Inaugurada en 1848, unía Barcelona con Mataró a lo largo de unos 28 kilómetros de vía.", 70.2)
    cuba.features["type_raw"], year.features["type_raw"] = 0.0, 0.5
    assert decide(q, [cuba, year, length]).text.startswith("Inaugurada en 1848")
    length.score = 72.2 - FLOOR_MARGIN - 0.1  # too far: a figure of something else is the best left
    assert decide(q, [cuba, year, length]).text.startswith("Los historiadores")


def test_an_elliptical_last_part_is_asked_on_its_own_not_of_the_first_answer():
    """"¿Qué porcentaje de personas refugiadas vivía en asentamientos seguros … en 2023, y de
    desplazados internos?" abstained, saying no passage answered "for internally displaced
    people", beside the refugees' row: the last part asks the IDPs' figure besides, it does not
    narrow the first."""
    from puente.index.answer.asked.also_asked import tail_entities
    from puente.index.answer.checks import missing

    question = ("¿Qué porcentaje de personas refugiadas vivía en asentamientos seguros con servicios básicos en 2023, "
                "y de desplazados internos?")
    assert [e.en for e in tail_entities(question)] == ["internally displaced people"]
    assert [e.en for e in tail_entities("How many people were assisted in Mexico, and in Guatemala?")] == ["Guatemala"]
    for one_thing in ("What share of internally displaced people had documents in 2023?",
                      "How many IDPs were assisted in 2023, and refugees?"):  # named before the tail too
        assert not tail_entities(one_thing), one_thing
    row = _cand("2.2 Proportion of people residing in physically safe and secure settlements with access to basic "
                "facilities Refugees and Asylum-seekers Unknown 90.48%", 80.0)
    assert not missing(analyse(question, "es"), row, {})
    narrowed = analyse("¿Qué porcentaje de desplazados internos vivía en asentamientos seguros con servicios básicos en 2023?", "es")
    assert [item[1].en for item in missing(narrowed, row, {})] == ["internally displaced people"]


def test_a_sentence_that_writes_the_asked_year_may_trail_further_than_one_that_leaves_it_to_its_passage():
    """"¿Quién recibió una propuesta en 1915?" abstained ("los informes mencionan 1915, pero ninguno …")
    because the sentence that says "Edison did receive one of 38 possible bids in 1915" trailed the
    best, another year's, by just over the constraint margin."""
    from puente.index.answer.choose import CONSTRAINT_MARGIN, SHOWN_MARGIN

    q = analyse("¿Quién recibió una propuesta en 1915?", "es")
    best = _cand("In 1877 the society received a proposal from the Persian scholars.", 80.0)
    shown = _cand("Edison did receive one of 38 possible bids in 1915.", 80.0 - CONSTRAINT_MARGIN - 0.5)
    assert decide(q, [best, shown]).text == shown.text
    shown.score = 80.0 - SHOWN_MARGIN - 0.5  # too far
    assert decide(q, [best, shown]).abstained
    silent = _cand("Edison did receive one of 38 possible bids.", 80.0 - CONSTRAINT_MARGIN - 0.5)  # its passage's year
    assert decide(q, [best, silent]).abstained
