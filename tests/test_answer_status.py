"""Where an item stands, asked of the recommendation it follows up: "¿En qué punto está el
sistema de monitoreo conjunto que pidió la evaluación?" names recommendation 6, while the
status is its action 6.2's ("Delayed. The dashboard could not be built …"). The action's
status is matched with its recommendation's statement, and "que pidió la evaluación" (what the
evaluation asked for) names the item: the question asks its status, not the recommendation."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.candidates import Candidate, from_records
from puente.index.answer.scoring.prefer import asked_kind
from puente.index.search.searcher import Hit
from puente.ingest.records import Record

REC = ("Establish a joint monitoring system with partners that tracks income, employment and self-reliance "
       "outcomes using the Self-Reliance Index.")
ACTION = "Build a shared dashboard for income and employment outcomes."
STATUS = "Delayed. The dashboard could not be built because of a recruitment freeze"
TEXT = (f"Recommendation 6: {REC} Accepted. 6.1 Adopt the index. 6.2 {ACTION} Information Management Unit "
        f"Q1 2025 {STATUS}.")
CHUNK = Chunk(doc="mr", title="Management response", text=TEXT, start=0, end=len(TEXT))
HIT = Hit(CHUNK, 1.0, 0.85, 1, (0, len(TEXT)))
RECORDS = [Record(doc="mr", kind="recommendation", number="6", text=REC, response="Accepted", start=0, end=len(TEXT)),
           Record(doc="mr", kind="action", number="6.2", parent="6", text=ACTION, responsible="Information Management Unit",
                  deadline="Q1 2025", status=STATUS, start=TEXT.index("6.2"), end=len(TEXT))]
QUESTION = "¿En qué punto está el sistema de monitoreo conjunto que pidió la evaluación?"


def test_an_actions_status_is_matched_with_the_recommendation_it_follows_up():
    (status,) = [c for c in from_records([HIT], RECORDS, QUESTION, "open", "es") if c.field_name == "status"]
    assert status.record.number == "6.2" and status.match_text.startswith(REC) and STATUS in status.match_text
    # the action's own statement for another field, as before
    (who,) = from_records([HIT], RECORDS, "¿Quién construye el tablero compartido?", "who", "es")
    assert who.field_name == "responsible" and who.match_text.startswith(ACTION)


def test_a_status_question_naming_what_was_recommended_keeps_the_status():
    (status,) = [c for c in from_records([HIT], RECORDS, QUESTION, "open", "es") if c.field_name == "status"]
    said = Candidate(HIT, f"Recommendation 6: {REC}", 0, len(REC) + 18, "passage")  # the recommendation's sentence
    for c, score in ((status, 74.0), (said, 73.5)):
        c.score = score
        c.features.update(type_raw=1.0)
    assert asked_kind(status, [status, said], analyse(QUESTION), RECORDS) is status
    # what the evaluation asked for, with no status asked: its recommendation
    asked = "¿Qué pidió la evaluación sobre el sistema de monitoreo conjunto?"
    assert asked_kind(status, [status, said], analyse(asked), RECORDS) is said


def test_a_progress_report_names_a_document_and_asks_no_status():
    from puente.index.answer.read.records import wanted_field

    for q in ("What does the government's 2024 progress report recommend on identity checks?",
              "¿Qué recomienda el informe de avance sobre la verificación de identidad?"):
        assert wanted_field(q, "open") is None, q
    for q in ("What progress has been made on the joint monitoring system?", "¿Cuál es el avance del tablero?"):
        assert wanted_field(q, "open") == "status", q
