"""A span of years the question names whole ("Paraguay's 2025-2028 migration action plan") is
one constraint, met by any year inside it: the plan's action "… a más tardar en marzo de 2026"
answers "What does the 2025-2028 plan promise on employment?". Before, the span was two years
that every answer had to name, so the action was passed over and the answer said the reports
had nothing for 2025."""
from __future__ import annotations

from puente.common.text import fold
from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse, unsupported
from puente.index.answer.asked.years import has_year, within
from puente.index.answer.checks import missing
from puente.index.answer.read.candidates import Candidate
from puente.index.search.searcher import Hit

QUESTION = "What does Paraguay's 2025-2028 migration action plan promise in terms of employment services for migrants?"
ACTION = ("Acción 2.1. El Ministerio de Trabajo, Empleo y Seguridad Social creará una ventanilla de empleo para "
          "personas migrantes en las oficinas de empleo de Asunción a más tardar en marzo de 2026.")


def _missing(question: str, text: str, lang: str = "en") -> list:
    chunk = Chunk(doc="plan-nacional", title="Plan Nacional de Acción sobre Migración del Paraguay", text=text, start=0, end=len(text))
    c = Candidate(Hit(chunk, 1.0, 0.85, 1, (0, len(text))), text, 0, len(text), "passage")
    return missing(analyse(question, lang), c, {"chunks": [chunk]})


def test_a_span_of_years_is_one_constraint():
    assert analyse(QUESTION).years == ["2025-2028"] and analyse(QUESTION).numbers == []
    assert analyse("¿Qué área cubrían las colonias en 2013–2014?", "es").years == ["2013-2014"]
    # two years a question names apart stay two constraints; a short span keeps its first year
    assert analyse("How many people were assisted in 2023 and 2024?").years == ["2023", "2024"]
    assert analyse("¿Para cuándo debía estar el Plan 2023-24?", "es").years == ["2023"]
    # more than a decade apart is no span a document is named by
    assert analyse("What changed between 1990-2020?").years == ["1990", "2020"]


def test_a_text_supports_a_span_with_any_year_inside_it():
    assert has_year("2025-2028", "a más tardar en marzo de 2026")
    assert has_year("2025-2028", "the 2020-2025 strategy")  # overlapping spans
    assert not has_year("2025-2028", "en diciembre de 2024") and not has_year("2025-2028", "2029")
    assert within("2027", "2025-2028") and not within("2024", "2025-2028") and within("2024", "2024")
    assert ("year", "2025-2028") not in unsupported(analyse(QUESTION), ACTION, fold(ACTION))
    assert ("year", "2025-2028") in unsupported(analyse(QUESTION), "en 2024", "en 2024")


def test_the_action_of_a_year_of_the_span_answers_and_one_outside_does_not():
    assert _missing(QUESTION, ACTION) == []
    before = ACTION.replace("2026", "2024")
    assert ("year", "2025-2028") in _missing(QUESTION, before)
