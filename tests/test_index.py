"""Index folder round trip, refusal on mismatch, and FAISS search against brute force."""
from __future__ import annotations

import json

import numpy as np
import pytest

from puente.common.errors import IndexMismatchError, IndexMissingError
from puente.common.types import Chunk
from puente.index.search.searcher import Searcher
from puente.index.store import stores as store


def _random_index(tmp_path, n=300, dims=16, kind="flat", seed=0, clusters=0):
    """``clusters``: vectors around that many centres, as real window vectors are (an IVF
    index relies on it); else isotropic noise."""
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(n, dims)).astype(np.float32)
    if clusters:
        centres = rng.normal(size=(clusters, dims)).astype(np.float32)
        vecs = centres[rng.integers(0, clusters, n)] + 0.5 * vecs
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    chunks = [Chunk(doc=f"d{i % 3}", title="T", text=f"text {i}", lang="en" if i % 2 else "es", start=0, end=6) for i in range(n)]
    docs = {f"d{j}": {"doc": f"d{j}", "title": "T", "lang": "en", "chunks": n // 3} for j in range(3)}
    store.save(tmp_path, chunks, vecs, docs, {"model_id": "m1", "dims": dims, "chunker": {}}, faiss_type=kind)
    return vecs, chunks


def test_round_trip_keeps_chunks_vectors_and_meta(tmp_path):
    vecs, chunks = _random_index(tmp_path)
    idx = store.load(tmp_path, model_id="m1")
    assert idx.chunks == chunks
    assert idx.vectors.dtype == store.VECTOR_DTYPE and np.allclose(idx.vectors, vecs, atol=1e-3)
    assert idx.meta["format_version"] == store.FORMAT_VERSION and idx.meta["n_chunks"] == len(chunks)
    version = store.current_version(tmp_path)
    assert sorted(p.name for p in version.iterdir()) == sorted(
        ["index.faiss", "vectors.npy", "units.npy", "chunks.jsonl", "docs.json", "records.jsonl", "meta.json"]
    )
    # plain files: chunks are JSON lines, nothing is pickled
    first = json.loads((version / "chunks.jsonl").read_text().splitlines()[0])
    assert first["doc"] == "d0" and first["text"] == "text 0"


def test_round_trip_keeps_window_tokens_and_the_token_table(tmp_path):
    from puente.index.encode.tokens import TokenTable, UnitTokens

    rng = np.random.default_rng(1)
    n, dims = 40, 8
    vecs = rng.normal(size=(n, dims)).astype(np.float32)
    chunks = [Chunk(doc="d0", title="T", text=f"text {i}", lang="en", start=0, end=6) for i in range(n)]
    rows = [np.unique(rng.integers(0, 90, rng.integers(0, 6))).astype(np.int32) for _ in range(n)]
    units = UnitTokens.from_lists(rows)
    ids = np.unique(np.concatenate(rows)).astype(np.int32)
    table = TokenTable(ids, rng.normal(size=(len(ids), dims)).astype(np.float32), rng.integers(1, 9, len(ids)))
    meta = {"model_id": "m1", "dims": dims, "chunker": {}}
    store.save(tmp_path, chunks, vecs, {"d0": {"doc": "d0"}}, meta, unit_tokens=units, token_table=table)
    idx = store.load(tmp_path)
    assert idx.meta["tokens"] is True
    assert np.array_equal(idx.unit_tokens.offsets, units.offsets) and np.array_equal(idx.unit_tokens.ids, units.ids)
    assert np.array_equal(idx.token_table.ids, ids) and np.array_equal(idx.token_table.sums, table.sums)
    assert np.array_equal(idx.token_table.counts, table.counts)
    assert Searcher(idx, None).matcher is not None
    with pytest.raises(ValueError, match="one row per window"):  # tokens for another number of windows
        store.save(tmp_path, chunks, vecs, {"d0": {"doc": "d0"}}, meta, unit_tokens=units.select(np.arange(5)), token_table=table)
    assert store.load(tmp_path).unit_tokens is not None  # the refused write left the index as it was
    # a table that lacks a window's token (a damaged file) is one clear error when searching starts
    short = TokenTable(ids[1:], table.sums[1:], table.counts[1:])
    store.save(tmp_path, chunks, vecs, {"d0": {"doc": "d0"}}, meta, unit_tokens=units, token_table=short)
    with pytest.raises(IndexMissingError, match="damaged index .*puente ingest --rebuild"):
        Searcher(store.load(tmp_path), None)


def test_loading_with_another_model_is_refused(tmp_path):
    _random_index(tmp_path)
    with pytest.raises(IndexMismatchError) as err:
        store.load(tmp_path, model_id="other-model")
    msg = str(err.value)
    assert "m1" in msg and "other-model" in msg and "puente ingest --rebuild" in msg


def test_loading_another_format_is_refused(tmp_path):
    _random_index(tmp_path)
    meta_path = store.current_version(tmp_path) / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["format_version"] = 999
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(IndexMismatchError, match="format 999"):
        store.load(tmp_path)


def test_index_of_an_older_pipeline_is_refused_with_the_rebuild_command(tmp_path):
    """Vectors of windows cut or worded another way must not be searched or extended."""
    _random_index(tmp_path)
    assert store.load(tmp_path).meta["pipeline_version"] == store.PIPELINE_VERSION
    meta_path = store.current_version(tmp_path) / "meta.json"
    meta = json.loads(meta_path.read_text())
    del meta["pipeline_version"]  # as written before the version was recorded
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(IndexMismatchError) as err:
        store.load(tmp_path)
    msg = str(err.value)
    assert "pipeline version 1" in msg and "puente ingest --rebuild" in msg and str(tmp_path) in msg


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexMissingError, match="puente ingest"):
        store.load(tmp_path / "none")


class _NoEncoder:
    id = "m1"


@pytest.mark.parametrize("kind,exact_subset", [("flat", 50_000), ("ivf", 50_000), ("hnsw", 50_000), ("hnsw", 0)])
def test_faiss_top_k_equals_brute_force(tmp_path, monkeypatch, kind, exact_subset):
    """Against brute force over the stored (float16) vectors. Flat: identical. IVF (8-bit
    codes): the candidates' scores are their exact cosines and >= 0.98 of the top 10 agree.
    HNSW: a language subset is scored exactly, or (``exact_subset=0``, as for large
    partitions) searched with a widened beam."""
    import puente.index.store.faiss_backend as fb

    monkeypatch.setattr(fb, "EXACT_SUBSET", exact_subset)
    _random_index(tmp_path, n=2000, dims=32, kind=kind, seed=1, clusters=40)
    idx = store.load(tmp_path)
    assert idx.dense.kind == kind
    vecs = np.asarray(idx.vectors, dtype=np.float32)
    s = Searcher(idx, _NoEncoder())
    rng = np.random.default_rng(2)
    agree = []
    for _ in range(50):
        q = rng.normal(size=32).astype(np.float32)
        q /= np.linalg.norm(q)
        for rows in (np.arange(len(vecs)), np.nonzero([c.lang == "es" for c in idx.chunks])[0]):
            ids, scores = s.dense_units(q, rows, 10)
            brute = rows[np.argsort(-(vecs[rows] @ q))[:10]]
            if kind == "flat":
                assert ids.tolist() == brute.tolist()
            if kind in ("flat", "ivf"):
                assert np.allclose(scores, vecs[ids] @ q, atol=1e-5) and np.all(np.diff(scores) <= 0)
            agree.append(len(set(ids.tolist()) & set(brute.tolist())) / 10)
    assert np.mean(agree) >= (1.0 if kind == "flat" else 0.98)


def test_corpus_index_searches_the_real_model(corpus_index, encoder):
    idx = store.load(corpus_index, model_id=encoder.id)
    assert set(idx.docs) == {
        "mirps-mexico-national-action-plan",
        "mirps-mexico-pro-tempore-presidency",
        "oim-red-migracion-america-del-sur-respuesta-gerencial",
        "unhcr-mexico-annual-results-report-2023",
        "unhcr-mexico-evaluation-management-response",
    }
    assert idx.docs["oim-red-migracion-america-del-sur-respuesta-gerencial"].lang == "es"
    # every vector is the unit-normalised embedding of its window
    assert np.allclose(np.linalg.norm(np.asarray(idx.vectors, np.float32), axis=1), 1, atol=1e-3)
    assert idx.units[:, 0].max() == len(idx.chunks) - 1
