"""Two sentences next to each other that the reader cannot tell apart are quoted together:
"Who led the Panthers in sacks?" scored the sentence on the line's veteran sack leader a
little above "Kawann Short led the team in sacks with 11" next to it; the answer now holds both
(docs/answers.md, thirty-fourth round)."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.choose import decide
from puente.index.answer.read.candidates import from_hits
from puente.index.answer.scoring.prefer import NEIGHBOUR_MARGIN, NEIGHBOUR_WORDS, with_neighbour
from puente.index.search.searcher import Hit
from puente.ingest.records import Record

TEXT = ("The Panthers line also featured veteran defensive end Jared Allen, the active career sack leader. "
        "Pro Bowl defensive tackle Kawann Short led the team in sacks with 11. "
        "The secondary featured safety Kurt Coleman.\n\n"
        "Linebacker Luke Kuechly led the team in tackles.")


def _cands(text: str = TEXT, scores=(10.0, 9.0, 5.0, 9.5)):
    chunk = Chunk(doc="sb50", title="Super Bowl 50", text=text, start=0, end=len(text))
    cands = from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(text)))])
    for c, s in zip(cands, scores):
        c.score = s
    return cands


def test_a_near_tied_sentence_next_to_the_chosen_one_is_quoted_with_it():
    cands = _cands()
    assert [c.text.split()[0] for c in cands] == ["The", "Pro", "The", "Linebacker"]
    got = with_neighbour(cands[0], cands[0], cands)
    assert got.text == ("The Panthers line also featured veteran defensive end Jared Allen, the active career sack leader. "
                        "Pro Bowl defensive tackle Kawann Short led the team in sacks with 11.")
    assert got.start == cands[0].start and got.end == cands[1].end
    # the sentence before the chosen one, too, in the passage's order
    other = _cands(scores=(8.5, 10.0, 5.0, 9.5))
    back = with_neighbour(other[1], other[1], other)
    assert back.text.startswith("The Panthers line") and back.text.endswith("sacks with 11.")


def test_a_sentence_scoring_far_below_or_across_a_paragraph_break_is_not_joined():
    # the next sentence trails by more than the margin: the chosen sentence alone
    cands = _cands(scores=(10.0, 10.0 - NEIGHBOUR_MARGIN - 0.1, 5.0, 9.9))
    assert with_neighbour(cands[0], cands[0], cands).text == cands[0].text
    # one scoring above the chosen sentence was passed over for it (a side's action over the recommendation above it)
    above = _cands(scores=(10.5, 10.0, 5.0, 1.0))
    assert with_neighbour(above[1], above[1], above).text == above[1].text
    # "Linebacker Luke Kuechly …" scores close but starts another paragraph
    third = _cands(scores=(1.0, 9.5, 10.0, 9.9))
    assert with_neighbour(third[2], third[2], third).text == ("Pro Bowl defensive tackle Kawann Short led the team in "
                                                               "sacks with 11. The secondary featured safety Kurt Coleman.")
    alone = _cands(scores=(1.0, 1.0, 9.5, 10.0))  # the sentence before it is in the paragraph above
    assert with_neighbour(alone[3], alone[3], alone).text == alone[3].text


def test_two_sentences_longer_than_a_quote_are_not_joined():
    long = "The " + " ".join(["word"] * (NEIGHBOUR_WORDS - 5)) + "."
    text = "Kawann Short led the team in sacks with 11. " + long
    cands = _cands(text, scores=(10.0, 9.5))
    assert with_neighbour(cands[0], cands[0], cands).text == "Kawann Short led the team in sacks with 11."


def _ranked(text: str, scores, doc: str = "sb50"):
    cands = _cands(text, scores)
    for c in cands:
        c.features.update(type_raw=1.0, match=0.85, scorer="tokens")
    return sorted(cands, key=lambda c: -c.score)


def test_the_answer_of_a_question_quotes_the_near_tied_sentence_beside_it():
    """The wiring: ``decide`` shows the two sentences; a far one is not shown."""
    q = analyse("Who led the Panthers in sacks?")
    got = decide(q, _ranked(TEXT, (10.0, 9.0, 5.0, 1.0)))
    assert got.text.startswith("The Panthers line also featured") and got.text.endswith("Kawann Short led the team in sacks with 11.")
    assert decide(q, _ranked(TEXT, (10.0, 7.0, 5.0, 1.0))).text.endswith("the active career sack leader.")


def test_another_item_is_not_joined_a_list_item_a_numbered_action_or_a_labelled_line():
    for text in ("- Train all border staff on referral by June 2024.\n- Open two new reception centres in the north.",
                 "2. Place two psychologists in the primary care centres of Antofagasta.\n"
                 "3. Provide specialised psychosocial support to survivors of violence.",
                 "Donors: provide multi-year funding to host communities in the border provinces.\n"
                 "Dominican authorities: end night-time returns of migrants at the border."):
        for scores in ((10.0, 9.0), (9.0, 10.0)):
            cands = _cands(text, scores)
            assert len(cands) == 2, [c.text for c in cands]
            best = max(cands, key=lambda c: c.score)
            assert with_neighbour(best, best, cands).text == best.text, text


def test_a_sentence_inside_another_item_than_the_chosen_one_is_not_joined():
    """Indicator 2.1's sentence beside 2.2's: joined, the answer's indicator columns would be read
    from the first record whose figures it shows (2.1's)."""
    text = ("Indicator 2.1 rose from 45% to 61% against a target of 60%. "
            "Indicator 2.2 rose from 30% to 33% against a target of 50%.")
    first, second = text.index("Indicator 2.1"), text.index("Indicator 2.2")
    records = [Record(doc="sb50", kind="indicator", number="2.1", text=text[first:second].strip(), start=first, end=second),
               Record(doc="sb50", kind="indicator", number="2.2", text=text[second:], start=second, end=len(text))]
    cands = _cands(text, (9.0, 10.0))
    assert with_neighbour(cands[1], cands[1], cands, records).text == text[second:]
    assert with_neighbour(cands[1], cands[1], cands).text == text  # without the items: the two sentences
