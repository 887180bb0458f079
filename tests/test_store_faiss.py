"""The FAISS index kinds of ``index.store``: IVF with 8-bit codes (the ANN type above
``ANN_THRESHOLD``) searched through ``FaissBackend`` (candidates re-scored exactly) against
brute-force numpy, its round trip through the index folder, and the ID-subset search
parameters search uses for language partitions."""
from __future__ import annotations

import faiss
import numpy as np
import pytest

from puente.common.types import Chunk
from puente.index.store import faiss_backend as fb
from puente.index.store import stores as store

N, DIMS = 5000, 48


def _clustered(n: int, dims: int = DIMS, centers: int = 200, spread: float = 0.7, seed: int = 0) -> np.ndarray:
    """Unit vectors around ``centers`` random centres: clustered like embeddings, with no
    one-list-per-cluster structure for IVF to exploit (more centres than lists)."""
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centers, dims)).astype(np.float32)
    x = c[rng.integers(0, centers, n)] + spread * rng.standard_normal((n, dims)).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def data():
    """5,000 indexed vectors and 200 queries drawn from the same clusters."""
    v = _clustered(N + 200)
    return v[:N], v[N:]


@pytest.fixture(scope="module")
def ivf(data):
    return fb.make_faiss(data[0], kind="ivf")


def _brute(vecs, q, rows, k=10):
    return rows[np.argsort(-(vecs[rows] @ q))[:k]]


def _agreement(index, vecs, queries, rows=None, params=None):
    """(share of queries whose top 10 equals brute force's, mean share of brute force's top 10
    found): through ``FaissBackend.search`` (as search uses it), or the raw FAISS index with
    ``params`` (a function returning its search parameters)."""
    rows = np.arange(len(vecs)) if rows is None else rows
    backend = fb.FaissBackend(index, vecs)
    equal, found = [], []
    for q in queries:
        if params is None:
            ids = backend.search(q, rows, 10)[0][None, :]
        else:
            _, ids = index.search(q[None, :], 10, params=params())
        got, want = set(ids[0].tolist()), set(_brute(vecs, q, rows).tolist())
        equal.append(got == want)
        found.append(len(got & want) / 10)
    return float(np.mean(equal)), float(np.mean(found))


def test_ivf_kind_and_its_settings(ivf):
    assert fb.faiss_kind(ivf) == "ivf" and isinstance(ivf, faiss.IndexIVFScalarQuantizer)
    assert ivf.sq.qtype == faiss.ScalarQuantizer.QT_8bit and ivf.code_size == DIMS  # one byte a dimension
    assert ivf.ntotal == N and ivf.is_trained
    assert ivf.nlist == fb.ivf_lists(N) == 128
    assert ivf.nprobe == fb.ivf_nprobe(128) == 64  # at most half the lists
    assert ivf.metric_type == faiss.METRIC_INNER_PRODUCT
    # the measured sizes: 100k chunks = 361k windows -> 1,024 lists, 30k chunks = 108k windows -> 512; nprobe 128
    assert fb.ivf_lists(361_062) == 1024 and fb.ivf_lists(108_320) == 512 and fb.ivf_lists(100_000) == 512
    assert fb.ivf_nprobe(1024) == fb.ivf_nprobe(512) == 128 and fb.ivf_nprobe(4096) == 512
    assert fb.ivf_lists(10) == 1 and fb.ivf_lists(2000) == 32  # at least 39 training points a list


def test_ivf_top10_equals_brute_force(ivf, data):
    vecs, queries = data
    equal, found = _agreement(ivf, vecs, queries)
    assert equal >= 0.98 and found >= 0.98, (equal, found)
    # the oracle can tell a bad search: one list per query misses the bar
    equal1, _ = _agreement(ivf, vecs, queries, params=lambda: faiss.SearchParametersIVF(nprobe=1))
    assert equal1 < 0.98


def test_ivf_scores_are_exact_inner_products(ivf, data):
    """The 8-bit codes' scores are approximate; search re-scores its candidates exactly."""
    vecs, queries = data
    raw, ids = ivf.search(queries[:20], 10)
    assert not np.allclose(raw, np.einsum("qd,qkd->qk", queries[:20], vecs[ids]), atol=1e-5)
    backend = fb.FaissBackend(ivf, vecs)
    for q in queries[:20]:
        ids, scores = backend.search(q, np.arange(N), 10)
        assert np.allclose(scores, vecs[ids] @ q, atol=1e-6)
        assert (np.diff(scores) <= 0).all()  # best first


def test_subset_search_returns_only_the_subset(ivf, data):
    vecs, queries = data
    rows = np.nonzero(np.random.default_rng(1).random(N) < 0.17)[0]  # a language partition's share
    allowed = set(rows.tolist())
    for q in queries[:50]:
        _, ids = ivf.search(q[None, :], 200, params=fb.subset_params(ivf, rows))
        got = ids[0][ids[0] >= 0]
        assert len(got) == 200 and set(got.tolist()) <= allowed
    _, found = _agreement(ivf, vecs, queries, rows, params=lambda: fb.subset_params(ivf, rows))
    assert found >= 0.98, found


def test_subset_nprobe_grows_as_the_subset_shrinks(ivf, data):
    """With few lists scanned (16 of 128), a 17 % subset keeps its recall only because
    ``subset_params`` scans ~6x more lists; with the index's own nprobe it drops."""
    vecs, queries = data
    narrow = faiss.clone_index(ivf)
    narrow.nprobe = 16
    rows = np.nonzero(np.random.default_rng(1).random(N) < 0.17)[0]
    p = fb.subset_params(narrow, rows)
    assert p.nprobe == -(-16 * N // len(rows)) and 16 < p.nprobe < narrow.nlist
    _, scaled = _agreement(narrow, vecs, queries, rows, params=lambda: fb.subset_params(narrow, rows))
    assert scaled >= 0.98, scaled
    sel = p.sel  # a proxy: ``p`` must outlive it, it owns the selector
    _, unscaled = _agreement(narrow, vecs, queries, rows, params=lambda: faiss.SearchParametersIVF(sel=sel, nprobe=16))
    assert unscaled < 0.98, unscaled


def test_small_subset_is_searched_exactly(ivf, data):
    vecs, queries = data
    rows = np.arange(7, N, 97)  # 52 ids: nprobe reaches nlist, every list is scanned
    assert fb.subset_params(ivf, rows).nprobe == ivf.nlist
    backend = fb.FaissBackend(ivf, vecs)
    for q in queries[:30]:
        assert backend.search(q, rows, 10)[0].tolist() == _brute(vecs, q, rows).tolist()


def test_subset_params_for_flat_and_whole_index(data):
    vecs, queries = data
    flat = fb.make_faiss(vecs, kind="flat")
    assert fb.faiss_kind(flat) == "flat"
    assert fb.subset_params(flat, np.arange(N)) is None
    rows = np.nonzero(np.arange(N) % 3 == 1)[0]
    for q in queries[:20]:
        _, ids = flat.search(q[None, :], 10, params=fb.subset_params(flat, rows))
        assert ids[0].tolist() == _brute(vecs, q, rows).tolist()


def _save(folder, vecs, kind):
    chunks = [Chunk(doc=f"d{i % 4}", title="T", text=f"text {i}", lang="en" if i % 2 else "es", start=0, end=6)
              for i in range(len(vecs))]
    docs = {f"d{j}": {"doc": f"d{j}", "title": "T", "lang": "en", "chunks": len(vecs) // 4} for j in range(4)}
    store.save(folder, chunks, vecs, docs, {"model_id": "m1", "dims": vecs.shape[1], "chunker": {}}, faiss_type=kind)


def test_ivf_survives_the_index_folder_round_trip(tmp_path, ivf, data):
    vecs, queries = data
    _save(tmp_path, vecs, "ivf")
    idx = store.load(tmp_path, model_id="m1")
    fidx = idx.dense.faiss
    assert idx.meta["faiss_type"] == "ivf" and fb.faiss_kind(fidx) == "ivf"
    assert (fidx.nlist, fidx.nprobe, fidx.ntotal) == (ivf.nlist, ivf.nprobe, N)
    assert fidx.nprobe != faiss.IndexIVFFlat(faiss.IndexFlatIP(DIMS), DIMS, 8).nprobe  # not FAISS's default
    # trained with a fixed seed on the stored (float16) values: the saved index is the one
    # built in memory from them, list for list
    again = fb.make_faiss(vecs.astype(store.VECTOR_DTYPE).astype(np.float32), kind="ivf")
    assert np.array_equal(fidx.quantizer.reconstruct_n(0, fidx.nlist), again.quantizer.reconstruct_n(0, again.nlist))
    s0, i0 = again.search(queries, 10)
    s1, i1 = fidx.search(queries, 10)
    assert (i0 == i1).all() and np.allclose(s0, s1)
    rows = np.nonzero([c.lang == "es" for c in idx.chunks])[0]
    _, ids = fidx.search(queries[:5], 50, params=fb.subset_params(fidx, rows))
    assert set(ids.ravel().tolist()) <= set(rows.tolist())


def test_auto_kind_uses_ivf_from_the_threshold(monkeypatch, data):
    vecs, _ = data
    monkeypatch.setattr(fb, "ANN_THRESHOLD", 4000)
    assert fb.faiss_kind(fb.make_faiss(vecs)) == "ivf"
    assert fb.faiss_kind(fb.make_faiss(vecs[:3999])) == "flat"
    # too few vectors to train lists: an asked-for IVF is exact
    assert fb.faiss_kind(fb.make_faiss(vecs[: fb.IVF_MIN_TRAIN - 1], kind="ivf")) == "flat"
    assert fb.faiss_kind(fb.make_faiss(np.zeros((0, DIMS), np.float32), kind="ivf")) == "flat"
    with pytest.raises(ValueError):
        fb.make_faiss(vecs, kind="lsh")


def test_hnsw_indexes_still_load(tmp_path, data):
    vecs, queries = data
    _save(tmp_path, vecs[:1500], "hnsw")
    idx = store.load(tmp_path)
    assert idx.meta["faiss_type"] == "hnsw" and fb.faiss_kind(idx.dense.faiss) == "hnsw"
    assert idx.dense.faiss.hnsw.efSearch == fb.HNSW_EF_SEARCH
    _, ids = idx.dense.faiss.search(queries[:3], 5)
    assert (ids >= 0).all()


def test_searcher_searches_an_ivf_partition_like_brute_force(tmp_path, data):
    """Through ``Searcher.dense_units`` (search.py's generic branch + ``fb.subset_params``)."""
    from puente.index.search.searcher import Searcher

    _, queries = data
    _save(tmp_path, data[0], "ivf")
    idx = store.load(tmp_path)
    vecs = np.asarray(idx.vectors, dtype=np.float32)  # the stored float16 vectors
    s = Searcher(idx, None)
    for rows in s.part_units.values():  # the es and en halves
        found = []
        for q in queries[:100]:
            ids, scores = s.dense_units(q, rows, 200)
            assert len(ids) == 200 and set(ids.tolist()) <= set(rows.tolist())
            assert np.allclose(scores, vecs[ids] @ q, atol=1e-5)
            found.append(len(set(ids[:10].tolist()) & set(_brute(vecs, q, rows).tolist())) / 10)
        assert np.mean(found) >= 0.98, np.mean(found)
