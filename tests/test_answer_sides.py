"""One document's side of a comparison says what that document does about the topic: on
questions naming two or three documents of unseen sets, a management response's side was
the recommendation above the action ("Recommendation 2 (high priority): Support the
Ministry of Education …" for "2.1 Support MINEDUCYT to issue a ministerial circular …"),
or the context before it ("La gerencia reconoce que la xenofobia aumentó …"), and a plan's
side its introduction rather than its commitment."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.choose import decide
from puente.index.answer.read.candidates import Candidate
from puente.index.answer.scoring.prefer import SIDE_MARGIN, side_item
from puente.index.search.searcher import Hit
from puente.ingest.records import Record

RESPONSE = ("Recommendation 2 (high priority): Support the Ministry of Education so that returned children can enrol "
            "within 30 days of return.\n2.1 Support MINEDUCYT to issue a ministerial circular allowing returned "
            "children to enrol mid-year without a transfer certificate.")
ACTION = "Support MINEDUCYT to issue a ministerial circular allowing returned children to enrol mid-year"


def _cands(scores=(77.08, 77.04)) -> list[Candidate]:
    hit = Hit(Chunk(doc="unicef", title="unicef", text=RESPONSE, start=0, end=len(RESPONSE)), 1.0, 0.8, 1)
    cut = RESPONSE.index("\n2.1")
    out = [Candidate(hit, RESPONSE[:cut], 0, cut), Candidate(hit, RESPONSE[cut + 1:], cut + 1, len(RESPONSE))]
    for c, s in zip(out, scores):
        c.score = s
        c.features.update(type_raw=1.0, match=0.85, scorer="tokens")
    return out


RECORDS = [Record(doc="unicef", kind="recommendation", number="2", text=RESPONSE[34:RESPONSE.index(" within")], start=0, end=len(RESPONSE)),
           Record(doc="unicef", kind="action", number="2.1", parent="2", text=ACTION,
                  start=RESPONSE.index("2.1"), end=len(RESPONSE))]


def test_a_side_of_a_comparison_is_the_documents_action_not_the_recommendation_above_it():
    q = analyse("How do UNICEF's management response and the national plan each deal with school enrolment?")
    rec, act = _cands()
    assert side_item(rec, [rec, act], q, RECORDS) is act
    # the wiring: ``decide`` prefers it for a side only; the whole question's answer keeps the best
    assert decide(q, [rec, act], records=RECORDS, side=True).text.startswith("2.1 Support MINEDUCYT")
    assert decide(q, [rec, act], records=RECORDS).text.startswith("Recommendation 2")


def test_the_side_keeps_its_best_sentence_when_asked_what_was_recommended_found_or_for_a_figure_or_far_behind():
    rec, act = _cands()
    for question in ("What do the UNICEF evaluation and the plan each recommend on school enrolment?",
                     "¿Qué recomiendan la evaluación de UNICEF y el plan sobre la matrícula escolar?",
                     "How many children do UNICEF's response and the plan each aim to enrol?",
                     # what was found or achieved: the finding, not an action
                     "What barriers to school enrolment do UNICEF's response and the national plan each identify?",
                     "¿Qué obstáculos para la matrícula escolar identifican la respuesta de UNICEF y el plan nacional?",
                     "What results did UNICEF's response and the plan each report on school enrolment?"):
        assert side_item(rec, [rec, act], analyse(question), RECORDS) is rec, question
    q = analyse("How do UNICEF's management response and the national plan each deal with school enrolment?")
    assert side_item(rec, [rec, act], q, [r for r in RECORDS if r.kind != "action"]) is rec  # no action to state
    rec, act = _cands((77.08, 77.08 - SIDE_MARGIN - 0.1))
    assert side_item(rec, [rec, act], q, RECORDS) is rec


def test_a_lettered_commitment_under_its_label_line_is_trimmed_and_states_the_commitment():
    """"¿Qué compromiso asume el plan … con los niños … sin documentos?" read the plan's
    "Acciones: a) Garantizar la matrícula …" as no commitment (it opens above the item's span)
    and answered with the next result's "b) Simplificar el reconocimiento de títulos …"."""
    from puente.index.answer.read.text import trim
    from puente.index.answer.scoring.prefer import asked_kind

    plan = ("Acciones:\n\na) Garantizar la matrícula de niñas, niños y adolescentes que no cuentan con documentos de "
            "identidad.\n\nb) Simplificar el reconocimiento de títulos universitarios obtenidos en el extranjero.")
    hit = Hit(Chunk(doc="plan", title="plan", text=plan, start=1000, end=1000 + len(plan)), 1.0, 0.8, 1)
    cut = plan.index("\n\nb)")
    a, b = Candidate(hit, " ".join(plan[:cut].split()), 0, cut), Candidate(hit, plan[cut + 2:], cut + 2, len(plan))
    for c, score in ((a, 80.1), (b, 72.5)):
        c.score, c.features["type_raw"] = score, 1.0
    records = [Record(doc="plan", kind="commitment", number=n, text=plan[s:e].strip(), start=1000 + s, end=1000 + e)
               for n, s, e in (("a", plan.index("a)") + 3, cut), ("b", cut + 5, len(plan)))]
    q = analyse("¿Qué compromiso asume el plan nacional con los niños que no tienen documentos de identidad?")
    assert asked_kind(a, [a, b], q, records) is a
    assert trim(a).text.startswith("a) Garantizar la matrícula")


def test_a_results_report_named_in_the_question_asks_for_no_results():
    rec, act = _cands()
    for question in ("What do UNICEF's response and the R4V results report each say about school enrolment?",
                     "¿Qué dicen la respuesta de UNICEF y el informe de resultados de R4V sobre la matrícula escolar?"):
        assert side_item(rec, [rec, act], analyse(question), RECORDS) is act, question
