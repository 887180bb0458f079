"""The index store contract on every engine: the FAISS folder, embedded Milvus Lite, a
Milvus Lite server and a real Milvus standalone server (2.3.5) on 127.0.0.1 (started and
stopped by the tests) — round trip, dense top-10 against brute force, updates, refusals;
then the bad inputs only Milvus has (malformed URI, unreachable server, a collection that is
not ours, the server killed mid-write)."""
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

from puente.common.errors import IndexMismatchError, IndexMissingError, PuenteError, SettingError  # noqa: E402
from puente.common.types import Chunk, DocInfo  # noqa: E402
from puente.index.search.searcher import Searcher  # noqa: E402
from puente.index.store import (
    milvus_client,
    versions,  # noqa: E402
)
from puente.index.store import stores as store  # noqa: E402

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
    elif kind == "lite":
        yield f"milvus://{tmp_path}/idx.db"
        milvus_client.close_all()  # one process per .db: free the file
    else:  # "server": a Milvus Lite server; "real": Milvus standalone
        yield f"{request.getfixturevalue(SERVERS[kind]).url}?collection=t{uuid.uuid4().hex[:12]}"


SERVERS = {"server": "server", "real": "real_milvus"}
# the server variants start a server: the slow layer
SLOW = [pytest.param(k, marks=pytest.mark.slow) for k in SERVERS]
# Milvus Lite starts its own server process for each file (~1 s a test): the slow layer too,
# so the fast subset (FAISS) stays under a minute
LITE = pytest.param("lite", marks=pytest.mark.slow)


@pytest.fixture(params=["faiss", LITE, *SLOW])
def where(request, tmp_path):
    """An empty index location on each engine."""
    yield from _location(request.param, request, tmp_path)


@pytest.fixture(params=[LITE, *SLOW])
def milvus_where(request, tmp_path):
    yield from _location(request.param, request, tmp_path)


@pytest.fixture(params=SLOW)
def any_server(request):
    """A Milvus Lite server and a real Milvus server, each started once."""
    return request.getfixturevalue(SERVERS[request.param])


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
    assert idx.chunks == chunks and idx.docs == {d: DocInfo.of(d, v) for d, v in docs.items()}
    assert np.allclose(idx.vectors, vecs, atol=1e-6)
    assert idx.meta["n_chunks"] == len(chunks) and idx.dense.ntotal == len(vecs)
    assert store.read_docs(where) == {d: DocInfo.of(d, v).to_dict() for d, v in docs.items()}
    assert store.exists(where) and store.read_meta(where)["model_id"] == "m1"


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


def test_record_vectors_round_trip_and_an_older_pipeline_is_refused(where, monkeypatch):
    """Record vectors and tokens are stored with the version (row i = record i); an index
    from the pipeline before them is refused with the rebuild command."""
    from puente.index.encode.tokens import UnitTokens
    from puente.index.record_vectors import RecordVectors
    from puente.ingest.records import Record

    vecs, chunks, docs = _data(n=30)
    records = [Record(doc="d0", kind="commitment", number="", text="Provide shelter"),
               Record(doc="d1", kind="action", number="1", parent="2", text="Train staff", responsible="HR")]
    rv = RecordVectors(vecs[:2].copy(), UnitTokens.from_lists([np.array([5, 9], np.int32), np.array([7], np.int32)]))
    store.save(where, chunks, vecs, docs, META, records=records, record_vectors=rv)
    idx = store.load(where)
    assert idx.records == records and idx.meta["record_vectors"] is True
    assert np.allclose(idx.record_vectors.vectors, rv.vectors, atol=1e-3)
    assert idx.record_vectors.tokens.row(0).tolist() == [5, 9] and idx.record_vectors.tokens.row(1).tolist() == [7]
    with pytest.raises(ValueError, match="one row per record"):
        store.save(where, chunks, vecs, docs, META, records=records[:1], record_vectors=rv)
    monkeypatch.setattr(versions, "PIPELINE_VERSION", versions.PIPELINE_VERSION - 1)
    store.save(where, chunks, vecs, docs, META, records=records)  # as the previous pipeline wrote it
    monkeypatch.undo()
    with pytest.raises(IndexMismatchError, match="pipeline version.*puente ingest --rebuild"):
        store.load(where)


def test_missing_index_says_how_to_build(where):
    with pytest.raises(IndexMissingError, match="no index here.*puente ingest"):
        store.load(where)
    assert not store.exists(where)


def test_index_forms():
    from puente.index.store.lock import lock_folder

    assert not store.open_store(".puente").remote and not store.open_store("/data/idx").remote
    for form in ("x.db", "milvus://x.db", "milvus:///abs/x.db", "http://h:1", "https://h", "x.db?collection=a"):
        assert store.open_store(form).remote
    loc = milvus_client.parse("https://milvus.example?collection=lib")
    assert (loc.uri, loc.prefix, loc.windows, loc.lite) == ("https://milvus.example:19530", "lib", "lib_windows", False)
    assert milvus_client.parse("milvus:///abs/x.db").uri == "/abs/x.db"
    assert lock_folder("milvus:///abs/x.db") == milvus_client.parse("/abs/x.db").lock_folder


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


def test_a_collection_that_is_not_ours_is_refused(any_server):
    from pymilvus import MilvusClient

    server = any_server
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


@pytest.mark.slow
def test_a_lite_file_open_in_another_process_is_one_line(tmp_path):
    from puente.common.errors import LockedError

    db = tmp_path / "held.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pymilvus import MilvusClient; "
                               f"c = MilvusClient({str(db)!r}); print('open', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(LockedError, match="another process has this Milvus Lite file open.*milvus-lite server") as err:
            store.load(f"milvus://{db}")
        assert "\n" not in str(err.value)
    finally:
        holder.kill()
        holder.wait()
        milvus_client.close_all()


WRITER = textwrap.dedent("""
    import sys, numpy as np
    sys.path[:0] = {path!r}
    from test_milvus import _data, META
    from puente.index.store import stores as store
    vecs, chunks, docs = _data(n=200, seed=5, stamp="t5")
    store.save(sys.argv[1], chunks, vecs, docs, META)
""")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["lite-server", "real"])
def test_server_killed_mid_write_keeps_the_previous_index(kind, tmp_path, request):
    """The server dies after a write inserted its windows and files, before the switch:
    the writer fails with one line, and the restarted server answers with the old index."""
    import os

    own = kind == "lite-server"
    srv = LiteServer(tmp_path / "data").start() if own else request.getfixturevalue("real_milvus")
    uri = f"{srv.url}?collection=k{uuid.uuid4().hex[:10]}"
    try:
        vecs, chunks, docs = _data()
        store.save(uri, chunks, vecs, docs, META)
        milvus_client.close_all()
        env = {"PUENTE_PAUSE_AT": "tmp-written", "PUENTE_PAUSE_SECONDS": "3", "PATH": ""}
        proc = subprocess.Popen([sys.executable, "-c", WRITER.format(path=sys.path), uri], stderr=subprocess.PIPE,
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
        idx = store.load(uri)
        assert idx.chunks == chunks
        ids, _ = Searcher(idx, None).dense_units(vecs[7], np.arange(len(vecs)), 3)
        assert ids[0] == 7
    finally:
        milvus_client.close_all()
        if own:
            srv.stop()
        elif srv.proc.poll() is not None:  # the session's server: running again for the tests after this one
            srv.start()


def test_puente_error_lines_name_the_uri(milvus_where):
    with pytest.raises(PuenteError) as err:
        store.load(milvus_where)
    assert str(err.value).startswith(str(milvus_where)) and "\n" not in str(err.value)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["lite", "real"])
def test_dev_eval_through_milvus_equals_faiss(kind, corpus_index, model_path, tmp_path, request):
    """Parity: the corpus index copied into embedded Milvus Lite or a real Milvus server (same
    chunks, vectors and tokens) ranks the dev questions' passages as the FAISS folder does:
    the same R@5 and MRR@10, and the same top-10 for at least 95% of the questions."""
    from conftest import DATA

    from puente.index.engine import Engine
    from puente.index.evaluate import load_gold, score_item, summarise

    idx = store.load(corpus_index)
    uri = (f"milvus://{tmp_path}/dev.db" if kind == "lite"
           else f"{request.getfixturevalue('real_milvus').url}?collection=dev{uuid.uuid4().hex[:8]}")
    store.save(uri, idx.chunks, idx.vectors, idx.docs, {k: idx.meta[k] for k in ("model_id", "dims", "chunker")},
               records=idx.records, units=idx.units, unit_tokens=idx.unit_tokens, token_table=idx.token_table)
    items = load_gold(DATA / "report_questions.jsonl")
    got, tops = {}, {}
    try:
        for name, where in (("faiss", corpus_index), ("milvus", uri)):
            engine = Engine(where, model_path)
            assert engine.index.dense.kind == ("milvus" if name == "milvus" else "flat")
            hits = [[h.to_dict() for h in engine.ask(it["question"], k=10, answer=False).hits] for it in items]
            got[name] = summarise(items, [score_item(it, h, None) for it, h in zip(items, hits)])["all"]
            tops[name] = [[(h["doc"], h["start"]) for h in hs] for hs in hits]
    finally:
        milvus_client.close_all()
    for metric in ("R@5", "MRR@10"):
        assert got["milvus"][metric] == got["faiss"][metric], got
    same = sum(a == b for a, b in zip(tops["milvus"], tops["faiss"]))
    assert same >= 0.95 * len(items), f"{same} of {len(items)} top-10s equal"


@pytest.mark.slow
def test_updates_through_milvus_reingest_remove_and_prune(tmp_path, encoder, any_server, monkeypatch):
    """update.ingest / remove_docs on a Milvus server: unchanged files are kept by content
    hash, a changed one replaces its windows, `remove` and `--prune` drop documents."""
    from puente.index.update import ingest, remove_docs

    server = any_server
    monkeypatch.setenv("PUENTE_MILVUS_GRACE_SECONDS", "0")  # superseded versions go at once

    uri = f"{server.url}?collection=u{uuid.uuid4().hex[:10]}"
    folder = tmp_path / "docs"
    folder.mkdir()
    texts = {n: f"# {n}\n\n" + " ".join(f"Sentence {i} about {n} and water supply in camps." for i in range(40))
             for n in ("alpha", "beta", "gamma")}
    for n, t in texts.items():
        (folder / f"{n}.md").write_text(t)
    first = ingest([folder], uri, encoder)
    assert sorted(first.added) == ["alpha", "beta", "gamma"]
    again = ingest([folder], uri, encoder)
    assert sorted(again.unchanged) == ["alpha", "beta", "gamma"] and not again.added
    (folder / "beta.md").write_text(texts["beta"] + " A new closing sentence on sanitation.")
    changed = ingest([folder], uri, encoder)
    assert changed.updated == ["beta"]
    idx = store.load(uri)
    assert "new closing sentence" in " ".join(c.text for c in idx.chunks if c.doc == "beta")
    remove_docs(uri, ["alpha"], encoder)
    assert set(store.read_docs(uri)) == {"beta", "gamma"}
    (folder / "alpha.md").unlink()  # else the next ingest of the folder adds it back
    (folder / "gamma.md").unlink()
    pruned = ingest([folder], uri, encoder, prune=True)
    assert pruned.removed == ["gamma"] and set(store.load(uri).docs) == {"beta"}
    # only the windows of the current and the previous version stay in Milvus
    from pymilvus import MilvusClient

    c = MilvusClient(server.url)
    rows = c.query(f"{milvus_client.parse(uri).prefix}_windows", filter="", output_fields=["count(*)"])
    c.close()
    live = store.load(uri)
    assert rows[0]["count(*)"] <= 2 * len(live.units) + 40  # current + previous (gamma's windows)


@pytest.mark.parametrize("kind", ["IVF_SQ8", "DISKANN"])
def test_the_vector_index_is_a_setting(kind, milvus_where, monkeypatch):
    """PUENTE_MILVUS_INDEX picks a new windows collection's index, and searches use its
    parameters (on this little data Milvus searches its growing segment exactly)."""
    monkeypatch.setenv("PUENTE_MILVUS_INDEX", kind)
    vecs, chunks, docs = _data(n=300)
    store.save(milvus_where, chunks, vecs, docs, META)
    s = Searcher(store.load(milvus_where), None)
    ids, _ = s.dense_units(vecs[5], np.arange(len(vecs)), 5)
    assert ids[0] == 5
    loc = milvus_client.parse(milvus_where)
    assert milvus_client.client(loc).describe_index(loc.windows, "vector")["index_type"] == kind


def test_an_unknown_vector_index_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PUENTE_MILVUS_INDEX", "IVF_SQ8_REFINE")
    vecs, chunks, docs = _data(n=10)
    with pytest.raises(SettingError, match="PUENTE_MILVUS_INDEX.*one of HNSW, IVF_SQ8, DISKANN") as err:
        store.save(f"milvus://{tmp_path}/x.db", chunks, vecs, docs, META)
    assert "\n" not in str(err.value)
    milvus_client.close_all()


@pytest.mark.slow  # Milvus Lite
def test_a_collection_another_writer_makes_meanwhile_is_taken_and_a_left_folder_is_not(tmp_path, monkeypatch):
    """Two first writers at once: both find no collection, one makes its folder first and the
    other's create fails with "[Errno 17] File exists" (Milvus Lite; seen in CI as a one-line
    "failed while opening the collections" instead of the writer lease's LockedError). That
    collection is taken once it is there; a folder that never becomes one is still an error."""
    import threading

    from pymilvus import DataType, MilvusClient

    monkeypatch.setattr(milvus_client, "MADE_WAIT", 2.0, raising=False)
    c = MilvusClient(str(tmp_path / "race.db"))
    try:
        def schema():
            s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            s.add_field("id", DataType.INT64, is_primary=True)
            s.add_field("v", DataType.FLOAT_VECTOR, dim=4)
            ip = c.prepare_index_params()
            ip.add_index(field_name="v", index_type="FLAT", metric_type="L2")
            return s, ip

        folders = tmp_path / "race.db" / "collections"
        (folders / "left").mkdir(parents=True)  # a folder no writer finishes
        with pytest.raises(Exception, match=r"\[Errno 17\] File exists"):
            milvus_client._create(c, "left", *schema())

        (folders / "made").mkdir()  # the other writer's folder, its collection made 0.3 s later
        def other_writer():
            time.sleep(0.3)
            (folders / "made").rmdir()
            c.create_collection("made", schema=schema()[0], index_params=schema()[1])
        t = threading.Thread(target=other_writer)
        t.start()
        milvus_client._create(c, "made", *schema())
        t.join()
        assert "made" in c.list_collections()

        # the other writer has made the collection but not yet its index: ours waits for it ("no
        # index on collection" on a server, CI), then loads it; an index that never comes is an error
        c.create_collection("bare", schema=schema()[0])
        with pytest.raises(Exception):
            milvus_client._create(c, "bare", *schema())
        def index_later():
            time.sleep(0.3)
            c.create_index("bare", schema()[1])
        t = threading.Thread(target=index_later)
        t.start()
        milvus_client._create(c, "bare", *schema())
        t.join()
        assert c.list_indexes("bare") and "Loaded" in str(c.get_load_state("bare").get("state"))
    finally:
        c.close()
