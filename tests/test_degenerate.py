"""Degenerate text: identical windows are encoded once per pass, and the token table and
window tokens come out as if each had been encoded on its own."""
from __future__ import annotations

import numpy as np


def _count_forward(encoder, monkeypatch) -> list[int]:
    seen: list[int] = []
    real = type(encoder)._forward

    def counted(self, texts, tokens):
        seen.append(len(texts))
        return real(self, texts, tokens)

    monkeypatch.setattr(type(encoder), "_forward", counted)
    return seen


def test_identical_windows_encoded_once(encoder, monkeypatch):
    a = "The shelter network in Tapachula received 2,310 asylum seekers in 2024."
    b = "La red de albergues amplió su capacidad en la frontera sur."
    texts = [a] * 40 + [b] + [a] * 9
    each_vec, each_units, _ = encoder.passages([a, b], tokens=True)
    seen = _count_forward(encoder, monkeypatch)
    vecs, units, table = encoder.passages(texts, tokens=True)
    assert sum(seen) == 2  # two distinct texts, two forward rows
    assert np.allclose(vecs[:40], each_vec[0], atol=1e-5) and np.allclose(vecs[40], each_vec[1], atol=1e-5)
    assert all(np.array_equal(units.row(i), each_units.row(0)) for i in (0, 39, 41, 49))
    assert np.array_equal(units.row(40), each_units.row(1))
    # the token table counts every window, as fifty separate encodings would
    _, _, table_a = encoder.passages([a], tokens=True)
    _, _, table_b = encoder.passages([b], tokens=True)
    expected = table_b
    for _ in range(49):
        expected = expected.combine(table_a)
    assert np.array_equal(table.ids, expected.ids) and np.array_equal(table.counts, expected.counts)
    assert np.allclose(table.sums, expected.sums, rtol=1e-4, atol=1e-3)


def test_one_token_file_ingests_with_few_encodings(tmp_path, encoder, monkeypatch):
    from puente.index.store import stores as store
    from puente.index.update import ingest

    src = tmp_path / "one-token.txt"
    src.write_text("ayuda " * 60_000, encoding="utf-8")  # 360 KB of one word
    seen = _count_forward(encoder, monkeypatch)
    report = ingest([src], tmp_path / "idx", encoder)
    assert report.ok, report.errors
    idx = store.load(tmp_path / "idx")
    assert len(idx.units) > 100  # many windows...
    assert sum(seen) <= 10  # ...nearly all the same text, encoded once
