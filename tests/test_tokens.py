"""Token matching (index/encode/tokens.py): the vectorised scorer against a plain loop, the
token table's sums added and taken away exactly, and the real model matching a
Spanish question's tokens with an English passage's."""
from __future__ import annotations

import numpy as np
import pytest

from puente.index.encode.tokens import TokenAccumulator, TokenMatcher, TokenStates, TokenTable, UnitTokens


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _random_corpus(rng, n_units=60, vocab=300, dims=16):
    rows = [np.unique(rng.integers(0, vocab, rng.integers(0, 25))).astype(np.int32) for _ in range(n_units)]
    rows[3] = np.zeros(0, np.int32)  # a window with no content token
    states = [TokenStates(r, _unit(rng.standard_normal((len(r), dims))).astype(np.float32)) for r in rows]
    acc = TokenAccumulator(dims)
    for s in states:
        acc.add(s.ids, s.vectors)
    return UnitTokens.from_lists(rows), acc.table(), states


def _brute_force(query: TokenStates, table: TokenTable, units: UnitTokens, rows: list[int]) -> np.ndarray:
    vec = {int(t): table.sums[i] / np.linalg.norm(table.sums[i]) for i, t in enumerate(table.ids)}
    df = {int(t): sum(int(t) in set(units.row(u).tolist()) for u in range(len(units))) for t in table.ids}
    n = len(units)
    weights = np.array([np.log((n + 1) / (df.get(int(t), 0) + 0.5)) for t in query.ids])
    weights /= weights.sum()
    out = []
    for u in rows:
        ids = units.row(u)
        if not len(ids):
            out.append(0.0)
            continue
        best = [max(float(q @ vec[int(t)]) for t in ids) for q in query.vectors]
        out.append(float(np.dot(weights, best)))
    return np.array(out)


def test_matcher_scores_equal_a_plain_loop():
    rng = np.random.default_rng(7)
    units, table, _ = _random_corpus(rng)
    matcher = TokenMatcher(table, units)
    for trial in range(5):
        ids = rng.integers(0, 400, 8).astype(np.int32)  # some ids no window has (>= 300)
        query = TokenStates(ids, _unit(rng.standard_normal((8, 16))).astype(np.float32))
        # 20 windows hold fewer token occurrences than the table has tokens, 52 more: both ways of scoring
        rows = rng.permutation(len(units))[: 20 + trial * 8].tolist() + [3]
        got = matcher.scores(query, np.array(rows))
        assert np.allclose(got, _brute_force(query, table, units, rows), atol=1e-5)
        assert got[-1] == 0.0  # the window without tokens


def test_a_window_holding_the_question_tokens_scores_highest():
    rng = np.random.default_rng(3)
    units, table, states = _random_corpus(rng)
    matcher = TokenMatcher(table, units)
    target = 10
    # the question is three of the window's own tokens, in their own contexts
    pick = states[target].ids[:3]
    query = TokenStates(pick, matcher.vectors[np.searchsorted(table.ids, pick)])
    scores = matcher.scores(query, np.arange(len(units)))
    assert scores[target] == pytest.approx(1.0, abs=1e-5)
    top = np.flatnonzero(scores > 1 - 1e-5)  # full marks only for windows holding all three
    assert all(set(pick.tolist()) <= set(units.row(u).tolist()) for u in top)
    assert np.median(scores) < 0.9


def test_table_sums_add_and_take_away_exactly():
    rng = np.random.default_rng(11)
    _, a, _ = _random_corpus(rng, vocab=200)
    _, b, _ = _random_corpus(rng, vocab=400)  # tokens 200-399 only in b
    both = a.combine(b)
    assert both.counts.sum() == a.counts.sum() + b.counts.sum()
    back = both.combine(b, sign=-1)
    assert np.array_equal(back.ids, a.ids) and np.array_equal(back.counts, a.counts)
    assert np.allclose(back.sums, a.sums, atol=1e-5)
    assert TokenTable.empty(16).combine(a).ids.tolist() == a.ids.tolist()


def test_accumulator_matches_one_sum_per_token_over_batches():
    rng = np.random.default_rng(5)
    ids = rng.integers(0, 50, 500)
    vecs = rng.standard_normal((500, 8)).astype(np.float32)
    acc = TokenAccumulator(8)
    for start in range(0, 500, 37):  # batches of uneven size
        acc.add(ids[start: start + 37], vecs[start: start + 37])
    table = acc.table()
    ref = np.zeros((50, 8))
    np.add.at(ref, ids, vecs)
    assert table.ids.tolist() == sorted(set(ids.tolist()))
    assert np.allclose(table.sums, ref[table.ids], atol=1e-4)
    assert table.counts.tolist() == np.bincount(ids, minlength=50)[table.ids].tolist()
    big = TokenAccumulator(4)
    big.add(np.arange(3000), np.ones((3000, 4), np.float32))  # more tokens than the first allocation
    assert len(big.table().ids) == 3000 and big.table().counts.sum() == 3000


def test_unit_tokens_select_and_concat_keep_rows():
    rows = [np.array([1, 5], np.int32), np.zeros(0, np.int32), np.array([2], np.int32), np.array([7, 8, 9], np.int32)]
    ut = UnitTokens.from_lists(rows)
    assert [ut.row(i).tolist() for i in range(len(ut))] == [r.tolist() for r in rows]
    sel = ut.select(np.array([3, 1, 0]))
    assert [sel.row(i).tolist() for i in range(3)] == [[7, 8, 9], [], [1, 5]]
    cat = sel.concat(UnitTokens.from_lists(rows[2:3]))
    assert [cat.row(i).tolist() for i in range(4)] == [[7, 8, 9], [], [1, 5], [2]]


def test_matcher_refuses_window_tokens_missing_from_the_table():
    units = UnitTokens.from_lists([np.array([1, 2], np.int32)])
    table = TokenTable(np.array([1], np.int32), np.ones((1, 4), np.float32), np.array([1]))
    with pytest.raises(ValueError, match="missing from the token table"):
        TokenMatcher(table, units)


# ---------------------------------------------------------------- the real model
def test_encoder_token_pass_gives_the_same_vectors_and_only_content_tokens(encoder):
    texts = ["Average processing time from resettlement submission to departure (days): 240.",
             "Se creará un espacio dedicado a la gestión de conocimientos."]
    vecs, units, table = encoder.passages(texts, tokens=True)
    assert np.allclose(vecs, encoder.passages(texts), atol=1e-5)
    tok = encoder.model.tokenizer
    for i, text in enumerate(texts):
        # the window's tokens are the text's own word pieces with a letter or digit: not the
        # "passage:" prompt, not <s>/</s>, not punctuation
        own = {t for t in tok(text, add_special_tokens=False)["input_ids"]
               if any(ch.isalnum() for ch in tok.convert_ids_to_tokens(t))}
        assert set(units.row(i).tolist()) == own
    assert "conocimientos" in "".join(tok.convert_ids_to_tokens(units.row(1).tolist()))
    assert table.counts.sum() >= len(units.ids)  # every window token occurs at least once
    qv, qtok = encoder.queries_with_tokens(["¿tiempo de reasentamiento?"])
    assert np.allclose(qv, encoder.queries(["¿tiempo de reasentamiento?"]), atol=1e-5)
    assert np.allclose(np.linalg.norm(qtok[0].vectors, axis=1), 1.0, atol=1e-4)


def test_spanish_question_tokens_match_the_english_passage_that_answers_it(encoder):
    passages = [
        "Indicator 15.2: average processing time from resettlement submission to departure under normal priority.",
        "Number of people trained on the risks of gender-based violence in shelters.",
        "Older persons seeking asylum will have access to the services of the national institute for the elderly.",
        "Unemployment rate of internally displaced people of working age.",
        "The regional network will meet twice a year to review its work plan.",
    ]
    questions = [
        ("¿Cuánto tiempo tarda el reasentamiento desde la presentación hasta la salida?", 0),
        ("¿Cuántas personas fueron capacitadas sobre violencia de género?", 1),
        ("¿Qué servicios tendrán las personas mayores solicitantes de asilo?", 2),
        ("tasa de desempleo de los desplazados internos", 3),
    ]
    _, units, table = encoder.passages(passages, tokens=True)
    matcher = TokenMatcher(table, units)
    _, qtoks = encoder.queries_with_tokens([q for q, _ in questions])
    for (q, want), qt in zip(questions, qtoks):
        scores = matcher.scores(qt, np.arange(len(passages)))
        assert int(np.argmax(scores)) == want, (q, scores.round(3).tolist())
