"""An item stated by its passage's heading: an unseen national plan (a web page) heads each
commitment "Commitment 3.1 – End the immigration detention of children …" with its lead agency,
timeline and indicator below. A heading is no passage candidate (the citation says it), so a
question on what the plan commits to was answered with the indicator line under it
("Indicator: Number of children held in immigration detention facilities …")."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.candidates import Candidate, from_records
from puente.index.answer.scoring.prefer import asked_kind
from puente.index.search.searcher import Hit
from puente.ingest.records import Record

STATEMENT = "End the immigration detention of children and establish alternative family-based care arrangements"
TEXT = (f"Commitment 3.1 – {STATEMENT}\n\n• Lead agency: National Children's Authority (NCA)\n"
        "• Timeline: Ministerial directive issued by December 2025\n"
        "• Indicator: Number of children held in immigration detention facilities (target: zero from 2027)")
CHUNK = Chunk(doc="plan", title="National Action Plan 2025-2028", text=TEXT, start=0, end=len(TEXT),
              section=("National Action Plan 2025-2028", "Chapter 3: Child Protection", f"Commitment 3.1 – {STATEMENT}"))
HIT = Hit(CHUNK, 1.0, 0.85, 1, (0, len(TEXT)))
RECORD = Record(doc="plan", kind="commitment", number="3.1", text=STATEMENT, responsible="National Children's Authority (NCA)",
                target="Number of children held in immigration detention facilities (target: zero from 2027)",
                start=0, end=len(TEXT))


def test_the_record_of_an_item_its_passage_heads_offers_the_statement_to_an_open_question():
    (c,) = from_records([HIT], [RECORD], "What will the plan do about children held in immigration detention?", "open", "en")
    assert (c.source, c.field_name, c.text) == ("record", "text", STATEMENT)
    # a question for a field gets the field, as before
    (who,) = from_records([HIT], [RECORD], "Who leads the end of child immigration detention?", "who", "en")
    assert who.field_name == "responsible"
    # an item stated in the passage's text, not its heading, is a passage candidate already
    body = Chunk(doc="plan", title="Plan", text=TEXT, start=0, end=len(TEXT), section=("Chapter 3: Child Protection",))
    assert from_records([Hit(body, 1.0, 0.85, 1, (0, len(TEXT)))], [RECORD], "What about detained children?", "open", "en") == []


def test_a_fact_line_under_a_commitment_does_not_state_what_is_committed():
    line = TEXT[TEXT.index("• Indicator"):]
    fact = Candidate(HIT, line, TEXT.index(line), len(TEXT), "passage")
    (record,) = from_records([HIT], [RECORD], "What does the plan commit to on detained children?", "open", "en")
    for c, score in ((fact, 74.0), (record, 73.0)):
        c.score = score
        c.features.update(type_raw=1.0)
    q = analyse("What does the plan commit to on detained children?")
    assert asked_kind(fact, [fact, record], q, [RECORD]) is record
    # a sentence of the statement itself stays chosen
    said = Candidate(HIT, TEXT[:TEXT.index("\n")], 0, TEXT.index("\n"), "passage")
    said.score, said.features["type_raw"] = 74.0, 1.0
    assert asked_kind(said, [said, record], q, [RECORD]) is said
