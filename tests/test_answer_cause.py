"""A "why" answer shows the cause: an unseen set's "¿Por qué, según los evaluadores, el programa
ACLP logró poco en autosuficiencia económica?" got the sentence stating what was to be
explained ("… effects on self-reliance were limited. Only 38 per cent …"), while the sentence
after said why ("The evaluators attributed this mainly to …")."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.reason import gives_cause
from puente.index.answer.read.candidates import Candidate
from puente.index.answer.read.text import extend
from puente.index.search.searcher import Hit

FACT = "However, the evaluation concluded that the programme's effects on self-reliance were limited."
FIGURE = ("Only 38 per cent of livelihoods graduates traced by the evaluation were in paid work six months after "
          "completing training, and most of these were working informally without contracts.")
CAUSE = ("The evaluators attributed this mainly to the restricted legal right to work of migrants outside the 2019 "
         "registration exercise, the short duration of training and the weak link between cash assistance and "
         "livelihoods support, which were managed by separate teams with separate targeting criteria.")


def _answer(text: str, first: str) -> Candidate:
    hit = Hit(Chunk(doc="mr", title="mr", text=text, start=0, end=len(text)), 1.0, 0.8, 1)
    c = Candidate(hit, first, 0, len(first), "passage")
    c.features["segment"] = "sentence"
    return c


def test_a_why_answer_runs_on_to_the_sentence_of_its_paragraph_that_gives_the_cause():
    assert gives_cause(CAUSE) and gives_cause("La cobertura bajó debido a la falta de fondos.")
    assert not gives_cause(FACT) and not gives_cause("Mexico has received new claims since 2021.")  # a time, not a cause
    for said in ("Se debe fortalecer la coordinación.", "A review is due to be completed in 2025.",
                 "En ejercicio de sus atribuciones, la DGME emitirá …", "Key attributes of the plan are listed."):
        assert not gives_cause(said), said  # an obligation, a schedule, powers, qualities
    text = f"{FACT} {FIGURE} {CAUSE}"
    assert extend(_answer(text, FACT), "open", why=True).text == text
    assert extend(_answer(text, FACT), "open").text == FACT  # a question that does not ask why


def test_the_cause_is_looked_for_in_the_answers_paragraph_only():
    # another paragraph (a blank line before it) is not the answer's reason
    apart = f"{FACT} {FIGURE}\n\n{CAUSE}"
    assert extend(_answer(apart, FACT), "open", why=True).text == f"{FACT} {FIGURE}"
    # nor beyond the two sentences after the answer (the next one taken in as its reason)
    far = f"{FACT} {FIGURE} Host community participation was low. Women were half of the graduates. {CAUSE}"
    assert extend(_answer(far, FACT), "open", why=True).text == f"{FACT} {FIGURE}"
