"""A place the answer's sentence leaves to its paragraph: "¿Cómo se llaman las escuelas
secundarias privadas en Alemania?" abstained ("los informes mencionan Alemania, pero ninguno …")
beside the sentence that answers, because its passage, two paragraphs long, goes on to India;
the sentence's own paragraph is on Germany ("… not part of the German dual education system")."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.checks import missing
from puente.index.answer.read.candidates import Candidate
from puente.index.search.searcher import Hit

ANSWER = "Fachschulen are vocational schools run by private bodies and funded by tuition fees."
GERMAN = "They are not part of the German dual training system."
INDIA = "\n\nIn India, private schools are called independent schools, and some receive aid from the government."
QUESTION = "¿Cómo se llaman las escuelas técnicas privadas en Alemania?"


def _candidate(text: str) -> Candidate:
    chunk = Chunk(doc="private-schools", title="Private schools", text=text, start=0, end=len(text), lang="en")
    a = text.index(ANSWER)
    return Candidate(Hit(chunk, 1.0, 0.8, 1), ANSWER, a, a + len(ANSWER))


def test_a_place_its_paragraph_is_on_is_the_answers_though_the_passage_goes_on_elsewhere():
    q = analyse(QUESTION, "es")
    assert missing(q, _candidate(f"{ANSWER} Most of them train technicians. {GERMAN}{INDIA}"), {}) == []


def test_a_paragraph_that_names_another_place_leaves_it_open():
    q = analyse(QUESTION, "es")
    for text in (f"{ANSWER} Most of them train technicians. {GERMAN[:-1]}, unlike those in Austria.{INDIA}",
                 f"{ANSWER} Most of them train technicians.{INDIA}"):  # its paragraph names no place
        assert [item[1].en for item in missing(q, _candidate(text), {})] == ["Germany"], text
