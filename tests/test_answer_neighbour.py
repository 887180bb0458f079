"""Two sentences next to each other that the reader cannot tell apart are quoted together:
"Who led the Panthers in sacks?" scored the sentence on the line's veteran sack leader a
little above "Kawann Short led the team in sacks with 11" next to it; the answer now holds both
(docs/answers.md, thirty-fourth round)."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.read.candidates import from_hits
from puente.index.answer.scoring.prefer import NEIGHBOUR_MARGIN, NEIGHBOUR_WORDS, with_neighbour
from puente.index.search.searcher import Hit

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
    alone = _cands(scores=(1.0, 1.0, 10.0 - NEIGHBOUR_MARGIN - 1, 10.0))
    assert with_neighbour(alone[3], alone[3], alone).text == alone[3].text


def test_two_sentences_longer_than_a_quote_are_not_joined():
    long = "The " + " ".join(["word"] * (NEIGHBOUR_WORDS - 5)) + "."
    text = "Kawann Short led the team in sacks with 11. " + long
    cands = _cands(text, scores=(10.0, 9.5))
    assert with_neighbour(cands[0], cands[0], cands).text == "Kawann Short led the team in sacks with 11."
