"""One writer per Milvus index across machines (issue 24): writer processes with separate
homes (so separate per-machine locks, as on two machines) write one Milvus server at once,
many times, on a Milvus Lite server and a real Milvus server. Every write that says it
succeeded is in the index, the index always loads, and a writer that cannot have the
index stops with one line naming the holder."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid

import pytest

pytest.importorskip("pymilvus")

from puente.index.store import milvus_client
from puente.index.store import stores as store  # noqa: E402

pytestmark = pytest.mark.slow

# the read-modify-write of an ingest (update.ingest): the lock, the current version, one more document
WRITER = textwrap.dedent("""
    import sys, numpy as np
    from puente.index.store import stores as store
    from puente.index.store.lock import WriteLock
    from puente.common.types import Chunk
    uri, name = sys.argv[1], sys.argv[2]
    with WriteLock(uri):
        if store.current_version(uri) is not None:
            idx = store.load(uri, mmap=False)
            chunks, vectors, docs = list(idx.chunks), np.asarray(idx.vectors, np.float32), dict(idx.docs)
        else:
            chunks, vectors, docs = [], np.zeros((0, 16), np.float32), {}
        rng = np.random.default_rng(abs(hash(name)) % 2**32)
        new = rng.normal(size=(6, 16)).astype(np.float32)
        new /= np.linalg.norm(new, axis=1, keepdims=True)
        chunks += [Chunk(doc=name, title=name, text=f"{name} part {i}", lang="en", start=0, end=5) for i in range(6)]
        docs[name] = {"doc": name, "title": name, "lang": "en", "chunks": 6, "sha256": name, "ingested_at": name}
        store.save(uri, chunks, np.concatenate([vectors, new]), docs, {"model_id": "m1", "dims": 16, "chunker": {}})
    print("saved", name)
""")


def _writers(uri: str, names: list[str], tmp_path, wait: str) -> list[subprocess.CompletedProcess]:
    """One process per name, started together, each with a home of its own."""
    procs = []
    for name in names:
        home = tmp_path / f"home-{name}"
        home.mkdir(exist_ok=True)
        env = os.environ | {"HOME": str(home), "PUENTE_MILVUS_WAIT_SECONDS": wait, "PUENTE_MILVUS_GRACE_SECONDS": "0"}
        procs.append(subprocess.Popen([sys.executable, "-c", WRITER, uri, name], env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=600), *p.communicate()) for p in procs]


@pytest.fixture(params=["server", "real_milvus"], ids=["lite-server", "real"])
def url(request):
    if request.param == "server":
        from milvus_server import LiteServer

        srv = LiteServer(request.getfixturevalue("tmp_path_factory").mktemp("lite")).start()
        request.addfinalizer(srv.stop)
    else:
        srv = request.getfixturevalue("real_milvus")
    yield f"{srv.url}?collection=w{uuid.uuid4().hex[:10]}"
    milvus_client.close_all()


def test_two_writers_at_once_twenty_times_lose_nothing(url, tmp_path):
    """Both writers wait for each other: all 40 writes succeed, and every one of their
    documents is in the index after each round."""
    expected: set[str] = set()
    for round_ in range(20):
        names = [f"r{round_}a", f"r{round_}b"]
        done = _writers(url, names, tmp_path, wait="120")
        for name, p in zip(names, done):
            assert p.returncode == 0 and f"saved {name}" in p.stdout, p.stderr[-2000:]
        expected |= set(names)
        assert set(store.read_docs(url)) == expected
    idx = store.load(url)
    assert len(idx.chunks) == 6 * len(expected) and idx.dense.ntotal == len(idx.chunks)


def test_a_writer_that_cannot_wait_stops_with_one_line_naming_the_holder(url, tmp_path):
    """Without waiting, one of two writers at once stops: its last line says another ingest
    (host and pid, once it has written its lease row) is writing, and the index holds the
    successful writers' documents only."""
    failures = 0
    for round_ in range(3):
        names = [f"n{round_}a", f"n{round_}b"]
        done = _writers(url, names, tmp_path, wait="0")
        ok = [n for n, p in zip(names, done) if p.returncode == 0]
        assert ok, [p.stderr[-800:] for p in done]
        for p in done:
            if p.returncode:
                failures += 1
                line = p.stderr.strip().splitlines()[-1]
                assert "LockedError" in line and "another ingest (" in line and "is writing this index on the server" in line, line
        assert set(ok) <= set(store.read_docs(url))
        assert not (set(names) - set(ok)) & set(store.read_docs(url))
    assert failures, "the writers never overlapped: the test did not test the lease"


def test_a_killed_writers_lease_is_taken_over_after_it_runs_out(url, tmp_path):
    """A writer killed while it holds the lease (paused before its switch) blocks others only
    until its lease runs out; the next writer then takes it over and writes."""
    first = _writers(url, ["base"], tmp_path, wait="0")[0]
    assert first.returncode == 0, first.stderr[-1500:]
    home = tmp_path / "home-killed"
    home.mkdir()
    env = os.environ | {"HOME": str(home), "PUENTE_PAUSE_AT": "tmp-written", "PUENTE_PAUSE_SECONDS": "120",
                        "PUENTE_MILVUS_LEASE_SECONDS": "20"}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url, "killed"], env=env, text=True, stderr=subprocess.PIPE)
    try:
        line = proc.stderr.readline()
        while line and "paused at" not in line:
            line = proc.stderr.readline()
        assert "paused at tmp-written" in line
    finally:
        proc.kill()
        proc.wait()
    blocked = _writers(url, ["early"], tmp_path, wait="0")[0]  # the dead writer's 20 s lease has not run out yet
    assert blocked.returncode != 0 and "is writing this index on the server" in blocked.stderr.strip().splitlines()[-1]
    late = _writers(url, ["late"], tmp_path, wait="60")[0]
    assert late.returncode == 0, late.stderr[-1500:]
    assert set(store.read_docs(url)) == {"base", "late"}
