"""An answer is "strong" only when the reader could tell it from the next best candidate it does
not quote: leading it by less than ``STRONG_LEAD`` log-odds, it is a partial match (docs/answers.md,
thirty-fifth round)."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.choose import decide
from puente.index.answer.read.candidates import from_hits
from puente.index.answer.scoring.rank import STRONG_LEAD, lead
from puente.index.search.searcher import Hit

TEXT = ("The Panthers line also featured veteran defensive end Jared Allen, the active career sack leader. "
        "Pro Bowl defensive tackle Kawann Short led the team in sacks with 11. "
        "The secondary featured safety Kurt Coleman.\n\n"
        "Linebacker Luke Kuechly led the team in tackles.")
Q = analyse("Who led the Panthers in sacks?")


def _ranked(scores):
    chunk = Chunk(doc="sb50", title="Super Bowl 50", text=TEXT, start=0, end=len(TEXT))
    cands = from_hits([Hit(chunk, 1.0, 0.8, 1, (0, len(TEXT)))])
    for c, s in zip(cands, scores):
        c.score = s
        c.features.update(type_raw=1.0, match=0.85, scorer="tokens")  # of the type asked, matching well
    return sorted(cands, key=lambda c: -c.score)


def test_a_close_runner_up_the_answer_does_not_quote_makes_it_partial():
    near = decide(Q, _ranked((10.0, 5.0, 4.0, 10.0 - STRONG_LEAD / 2)))  # "Linebacker Luke Kuechly …" half a step behind
    assert near.text.startswith("The Panthers line") and near.strength == "partial"
    clear = decide(Q, _ranked((10.0, 5.0, 4.0, 10.0 - 2 * STRONG_LEAD)))
    assert clear.text == near.text and clear.strength == "strong"


def test_a_runner_up_the_answer_quotes_beside_it_is_no_rival():
    # the near-tied next sentence is quoted with the chosen one: the lead is over the rest
    got = decide(Q, _ranked((10.0, 9.9, 5.0, 1.0)))
    assert got.text.endswith("Kawann Short led the team in sacks with 11.") and got.strength == "strong"
    cands = _ranked((10.0, 9.9, 5.0, 1.0))
    assert lead(cands[0], cands[0], cands) == 10.0 - 9.9  # unquoted, the neighbour would be the rival
    assert lead(cands[0], cands[0], cands[:1]) == float("inf")  # no other candidate
