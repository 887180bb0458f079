"""The index store contract on every engine: the FAISS folder, embedded Milvus Lite, and a
Milvus Lite server on 127.0.0.1 (started and stopped here) — round trip, dense top-10
against brute force, updates, refusals; then the bad inputs only Milvus has (malformed
URI, unreachable server, a collection that is not ours, the server killed mid-write)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import uuid

import numpy as np
import pytest

pytest.importorskip("pymilvus")  # CI installs puente[milvus]; a plain install runs the FAISS tests only

from milvus_server import LiteServer, free_port  # noqa: E402

from puente.index import milvus_client, store  # noqa: E402
from puente.index.search import Searcher  # noqa: E402
from puente.ingest.errors import IndexMismatchError, IndexMissingError, PuenteError, SettingError  # noqa: E402
from puente.ingest.types import Chunk  # noqa: E402

DIMS = 16


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = LiteServer(tmp_path_factory.mktemp("milvus-server")).start()
    yield srv
    milvus_client.close_all()
    srv.stop()


def _location(kind, request, tmp_path):
    if kind == "faiss":
        yield tmp_path / "idx"
    elif request.param == "lite":
        yield f"milvus://{tmp_path}/idx.db"
        milvus_client.close_all()  # one process per .db: free the file
    else:
        yield f"{request.getfixturevalue('server').url}?collection=t{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=["faiss", "lite", "server"])
def where(request, tmp_path):
    """An empty index location on each engine."""
    yield from _location(request.param, request, tmp_path)


@pytest.fixture(params=["lite", "server"])
def milvus_where(request, tmp_path):
    yield from _location(request.param, request, tmp_path)


def _data(n=300, seed=0, docs=("d0", "d1", "d2"), stamp="t0"):
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(n, DIMS)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = vecs.astype(np.float16).astype(np.float32)  # values the FAISS folder's float16 file keeps exactly
    chunks = [Chunk(doc=docs[i % len(docs)], title="T", text=f"text {i} water", lang="en" if i % 2 else "es",
                    start=0, end=6) for i in range(n)]
    chunks.sort(key=lambda c: docs.index(c.doc))
    info = {d: {"doc": d, "title": "T", "lang": "en", "chunks": n // len(docs), "sha256": f"{d}-{seed}",
                "ingested_at": stamp} for d in docs}
    return vecs, chunks, info


META = {"model_id": "m1", "dims": DIMS, "chunker": {}}


def test_round_trip_keeps_chunks_vectors_docs_and_meta(where):
    vecs, chunks, docs = _data()
    store.save(where, chunks, vecs, docs, META)
    idx = store.load(where, model_id="m1")
    assert idx.chunks == chunks and idx.docs == docs
    assert np.allclose(idx.vectors, vecs, atol=1e-6)
    assert idx.meta["n_chunks"] == len(chunks) and idx.dense.ntotal == len(vecs)
    assert store.exists(where) and store.read_docs(where) == docs and store.read_meta(where)["model_id"] == "m1"


def test_dense_top10_equals_brute_force(where):
    """Oracle: whole index, a language partition, and a document restriction."""
    vecs, chunks, docs = _data(n=600, seed=3)
    store.save(where, chunks, vecs, docs, META)
    s = Searcher(store.load(where), None)
    doc_of = np.array([c.doc for c in chunks])
    rng = np.random.default_rng(7)
    for q in rng.normal(size=(10, DIMS)).astype(np.float32):
        q /= np.linalg.norm(q)
        for lang, restrict in ((None, None), ("en", None), ("es", ["d1"]), (None, ["d0", "d2"])):
            rows = np.arange(len(vecs))
            if lang:
                rows = s.part_units[lang]
            if restrict:
                rows = rows[np.isin(doc_of[rows], restrict)]
            ids, scores = s.dense_units(q, rows, 10, lang, restrict)
            exact = rows[np.argsort(-(vecs[rows] @ q))[:10]]
            assert ids.tolist() == exact.tolist()
            assert np.allclose(scores, vecs[ids] @ q, atol=1e-5)


def test_an_update_replaces_a_document_and_drops_a_removed_one(where):
    vecs, chunks, docs = _data()
    store.save(where, chunks, vecs, docs, META)
    first = store.load(where)
    # d1 changed (new content, new ingest), d2 gone, d0 kept as it was
    v2, c2, d2 = _data(n=200, seed=1, docs=("d0", "d1"), stamp="t1")
    keep = [i for i, c in enumerate(chunks) if c.doc == "d0"]
    new = [i for i, c in enumerate(c2) if c.doc == "d1"]
    all_chunks = [chunks[i] for i in keep] + [c2[i] for i in new]
    all_vecs = np.concatenate([vecs[keep], v2[new]])
    store.save(where, all_chunks, all_vecs, {"d0": docs["d0"], "d1": d2["d1"]}, META)
    idx = store.load(where)
    assert [c.doc for c in idx.chunks] == [c.doc for c in all_chunks] and set(idx.docs) == {"d0", "d1"}
    s = Searcher(idx, None)
    ids, _ = s.dense_units(all_vecs[-1], np.arange(len(all_vecs)), 20)
    assert ids[0] == len(all_vecs) - 1 and {idx.chunks[i].doc for i in ids} <= {"d0", "d1"}
    # the index loaded before the update still answers with what it had
    old_ids, _ = Searcher(first, None).dense_units(vecs[5], np.arange(len(vecs)), 5)
    assert old_ids[0] == 5


def test_another_model_is_refused_with_the_rebuild_command(where):
    vecs, chunks, docs = _data(n=30)
    store.save(where, chunks, vecs, docs, META)
    with pytest.raises(IndexMismatchError, match="model 'm1'.*puente ingest --rebuild"):
        store.load(where, model_id="other-model")


def test_missing_index_says_how_to_build(where):
    with pytest.raises(IndexMissingError, match="no index here.*puente ingest"):
        store.load(where)
    assert not store.exists(where)


@pytest.mark.parametrize("uri", ["milvus://x.txt", "ftp://host/x", "http://host:port", "http://h:1/a/b",
                                 "milvus:/x.db", "x.db?collection=bad-name", "x.db?colection=a"])
def test_malformed_uri_is_one_line(uri):
    with pytest.raises(SettingError) as err:
        store.load(uri)
    assert "\n" not in str(err.value) and "milvus://PATH.db" in str(err.value)


def test_unreachable_server_is_one_line():
    t = time.monotonic()
    with pytest.raises(IndexMissingError, match="cannot reach Milvus") as err:
        store.load(f"http://127.0.0.1:{free_port()}")
    assert "\n" not in str(err.value) and time.monotonic() - t < 30


def test_a_collection_that_is_not_ours_is_refused(server):
    from pymilvus import MilvusClient

    name = f"x{uuid.uuid4().hex[:10]}"
    c = MilvusClient(server.url)
    c.create_collection(f"{name}_windows", dimension=DIMS)  # quick-setup schema: id + vector
    c.close()
    with pytest.raises(IndexMismatchError, match="not a Puente index"):
        store.load(f"{server.url}?collection={name}")


def test_other_vector_width_is_refused(milvus_where):
    where = milvus_where
    vecs, chunks, docs = _data(n=30)
    store.save(where, chunks, vecs, docs, META)
    with pytest.raises(IndexMismatchError, match="16-d vectors, the model makes 8-d"):
        store.save(where, chunks, vecs[:, :8], docs, META | {"dims": 8})


WRITER = textwrap.dedent("""
    import sys, numpy as np
    sys.path[:0] = {path!r}
    from test_milvus import _data, META
    from puente.index import store
    vecs, chunks, docs = _data(n=200, seed=5, stamp="t5")
    store.save(sys.argv[1], chunks, vecs, docs, META)
""")


@pytest.mark.slow
def test_server_killed_mid_write_keeps_the_previous_index(tmp_path):
    """The server dies after a write inserted its windows and files, before the switch:
    the writer fails with one line, and the restarted server answers with the old index."""
    srv = LiteServer(tmp_path / "data").start()
    try:
        vecs, chunks, docs = _data()
        store.save(srv.url, chunks, vecs, docs, META)
        milvus_client.close_all()
        env = {"PUENTE_PAUSE_AT": "tmp-written", "PUENTE_PAUSE_SECONDS": "3", "PATH": ""}
        import os

        proc = subprocess.Popen([sys.executable, "-c", WRITER.format(path=sys.path), srv.url], stderr=subprocess.PIPE,
                                text=True, env=os.environ | env)
        line = proc.stderr.readline()
        while line and "paused at" not in line:
            line = proc.stderr.readline()
        assert "paused at tmp-written" in line
        srv.kill()
        err = proc.stderr.read()
        assert proc.wait(timeout=120) != 0
        last = [x for x in err.splitlines() if "PuenteError" in x or "IndexMissingError" in x]
        assert last and "Milvus" in last[-1]
        srv.start()
        idx = store.load(srv.url)
        assert idx.chunks == chunks
        ids, _ = Searcher(idx, None).dense_units(vecs[7], np.arange(len(vecs)), 3)
        assert ids[0] == 7
    finally:
        milvus_client.close_all()
        srv.stop()


def test_puente_error_lines_name_the_uri(milvus_where):
    with pytest.raises(PuenteError) as err:
        store.load(milvus_where)
    assert str(err.value).startswith(str(milvus_where)) and "\n" not in str(err.value)
