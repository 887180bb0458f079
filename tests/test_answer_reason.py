"""A question that asks for a reason or what stands in the way ("What has been the main reason
for the shift …?", "… the main barrier to formal jobs …?") is answered by a sentence that gives a
cause ("… mainly because many participants still lack a residence permit"), not by the topic's
most similar sentence ("63 per cent … were still in formal employment")."""
from __future__ import annotations

from pathlib import Path

import pytest

from puente.index.answer.asked.answer_type import type_match
from puente.index.answer.asked.question import DATE, OPEN, analyse, answer_kind
from puente.index.answer.asked.reason import asks_reason, asks_why

DOCS = Path(__file__).parent / "data" / "reason"


@pytest.mark.parametrize("question,reason", [
    ("What has been the main reason for the shift to the view that inequality harms growth?", True),
    ("What do both reports identify as the main barrier to getting migrants into formal jobs?", True),
    ("¿Cuáles son las causas de la inmunodeficiencia?", True),
    ("¿Qué obstáculos enfrentan las personas refugiadas para abrir una cuenta bancaria?", True),
    ("¿Por qué se retrasó la apertura del centro?", True),
    ("Según la respuesta gerencial, ¿a qué se debió que el proyecto lograra sus resultados?", True),  # "due to what"
    ("What explains the drop in arrivals in 2024?", True),
    ("¿Qué debe hacer la OIM con los albergues?", False),  # "must"
    ("How many people were assisted in 2024?", False),
    ("¿Para qué fecha debe funcionar el canal de verificación?", False),  # "by what date"
])
def test_what_asks_for_a_reason(question, reason):
    assert asks_reason(question) is reason


def test_a_question_that_opens_on_why_asks_a_reason_whatever_its_nouns():
    assert answer_kind("Why is the second timeline needed?") == OPEN  # "timeline" alone asks a date
    assert answer_kind("What is the timeline for the second phase?") == DATE
    assert answer_kind("¿Cuándo abre el espacio seguro, y por qué se retrasó?") == DATE  # the date is asked first
    assert not asks_why("¿Para qué fecha debe funcionar el canal?") and answer_kind("¿Para qué fecha debe funcionar?") == DATE


def test_a_sentence_that_gives_a_cause_has_the_type_a_reason_question_asks_for():
    q = analyse("What do the reports identify as the main barrier to formal jobs in Chile?")
    because = "The target was not reached, mainly because many participants still lack a residence permit."
    placed = "Six months after placement, 63 per cent of those placed were still in formal employment."
    assert type_match(q.kind, because, q) == 1.0 and type_match(q.kind, placed, q) == 0.5
    es = analyse("¿Cuál fue la razón del retraso?")
    assert type_match(es.kind, "El retraso se debe a la falta de agua en el edificio.", es) == 1.0
    assert type_match(es.kind, "Esto fue explicado por diversos factores: las capacidades del equipo …", es) == 1.0
    plain = analyse("What did the reports say about formal jobs in Chile?")  # no reason asked: every sentence fits
    assert type_match(plain.kind, placed, plain) == 1.0


@pytest.mark.model
def test_a_reason_question_is_answered_by_the_sentence_that_gives_the_cause(encoder, model_path, tmp_path):
    from puente.index.engine import Engine
    from puente.index.update import ingest

    assert ingest([DOCS], tmp_path / "idx", encoder).ok
    engine = Engine(tmp_path / "idx", model_path)
    answer = engine.ask("¿Cuál fue la razón del retraso de la cocina de Las Palmas?").answer
    assert answer and "because the water utility did not connect" in answer.text
    answer = engine.ask("¿Por qué se retrasó la apertura de la quinta cocina?").answer
    assert answer and "because the water utility did not connect" in answer.text
