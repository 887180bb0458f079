"""A sentence that opens by referring back ("It was lit for the first time on 12 March 1889 …")
is matched as it is shown, after the sentence that names what its "It" is ("The lighthouse of
Punta Brava was built in 1887 …"): the question's names are in that sentence, its answer in this
one. Public reading-comprehension misses had the answer in such a sentence 40 times in 180."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from puente.index.answer.read.candidates import from_hits
from puente.index.answer.read.text import antecedent
from puente.index.answer.scoring.rank import referring
from puente.index.answer.scoring.score import TokenScorer
from puente.index.engine import Engine

DOCS = Path(__file__).parent / "data" / "referring"


@pytest.mark.model
def test_a_sentence_that_refers_back_is_matched_with_the_sentence_it_refers_to(encoder, model_path, tmp_path):
    from puente.index.update import ingest

    assert ingest([DOCS], tmp_path / "idx", encoder).ok
    searcher = Engine(tmp_path / "idx", model_path).searcher
    question = "¿Cuándo se encendió por primera vez el faro de Punta Brava?"
    q = searcher.prepare(question)
    cands = from_hits(searcher.search(q, k=3))
    lit = next(i for i, c in enumerate(cands) if c.text.startswith("It was lit"))
    keeper = next(i for i, c in enumerate(cands) if c.text.startswith("Its last keeper"))
    built = next(i for i, c in enumerate(cands) if c.text.startswith("The lighthouse of Punta Brava was built"))
    assert antecedent(cands[lit]) is not None and antecedent(cands[built]) is None
    scorer = TokenScorer(searcher.encoder, searcher.matcher, q.tokens, question)
    texts = [c.text for c in cands]
    own = scorer.scores(texts)
    match = own.copy()
    referring(cands, texts, match, scorer)
    shown = scorer.scores([f"{cands[built].text} {cands[lit].text}"])[0]
    assert match[lit] == pytest.approx(shown) and match[lit] > own[lit]  # read with "The lighthouse of Punta Brava"
    assert match[built] == own[built]  # a sentence that names its subject is matched alone
    others = [i for i in range(len(cands)) if i not in (lit, keeper)]
    assert np.array_equal(match[others], own[others])
