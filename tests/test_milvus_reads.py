"""One Strong read of ``CURRENT`` per command (issue 24: a cold search read it three times,
200-300 ms each on a server): one store object reads it once and every later read of that
command at its version; another writer's version is seen when asked for afresh, the store's
own write at once. On embedded Milvus Lite here, on the real 2.3.5 server in the slow layer."""
from __future__ import annotations

import uuid

import numpy as np
import pytest

pytest.importorskip("pymilvus")

from puente.common.types import Chunk  # noqa: E402
from puente.index.store import milvus, milvus_client  # noqa: E402
from puente.index.store import stores as store  # noqa: E402

DIMS = 8
META = {"model_id": "m1", "dims": DIMS, "chunker": {}}


@pytest.fixture(params=[pytest.param("lite", marks=pytest.mark.slow), pytest.param("real", marks=pytest.mark.slow)])
def uri(request, tmp_path):
    if request.param == "lite":
        yield f"milvus://{tmp_path}/idx.db"
    else:
        yield f"{request.getfixturevalue('real_milvus').url}?collection=r{uuid.uuid4().hex[:12]}"
    milvus_client.close_all()


def _docs(*names, stamp="t0"):
    chunks = [Chunk(doc=d, title="T", text=f"{d} water", lang="en", start=0, end=5) for d in names]
    vecs = np.eye(len(names), DIMS, dtype=np.float32)
    info = {d: {"doc": d, "title": "T", "lang": "en", "chunks": 1, "sha256": d + stamp, "ingested_at": stamp} for d in names}
    return chunks, vecs, info


def test_a_command_reads_current_strongly_once(uri, monkeypatch):
    store.save(uri, *_docs("a", "b"), META)
    calls = []
    real = milvus._pointer
    monkeypatch.setattr(milvus, "_pointer", lambda loc, key="CURRENT": calls.append(key) or real(loc, key))
    st = store.open_store(uri)
    assert set(st.read_docs()) == {"a", "b"} and st.exists() and st.read_meta()["model_id"] == "m1"
    version = st.current_version()
    idx = st.load(model_id="m1")
    assert set(idx.docs) == {"a", "b"} and calls == ["CURRENT"]  # the docs check, the version check, the load
    assert st.current_version(fresh=True) == version and calls == ["CURRENT", "CURRENT"]


def test_another_writers_version_is_seen_afresh_and_our_own_at_once(uri):
    store.save(uri, *_docs("a"), META)
    st = store.open_store(uri)
    first = st.current_version()
    store.save(uri, *_docs("a", "b", stamp="t1"), META)  # another writer (its own store object)
    assert st.current_version() == first  # this command keeps the version it started with
    assert st.current_version(fresh=True) != first and set(st.load().docs) == {"a", "b"}
    st.save(*_docs("c", stamp="t2"), META)  # our own write: the next read sees it without asking
    assert set(st.read_docs()) == {"c"} and set(st.load().docs) == {"c"}
    assert st.current_version() == store.current_version(uri)
