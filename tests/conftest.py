"""Shared fixtures: the real model, loaded once per session, and an index of corpus/.

Tests come in layers (markers registered in pyproject.toml): unit tests need neither the
model nor ../shared; ``model`` tests use the real model (every test that takes one of the
model fixtures is marked here, tests that start a CLI which loads it are marked by hand);
``browser`` tests drive Chromium; ``slow`` tests kill writers or run many subprocesses.
The fast subset: ``pytest -m "not model and not browser and not slow"``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = ROOT / "tests" / "data"  # hand-written gold questions over corpus/ (the tests need nothing outside the clone)


MODEL_FIXTURES = {"model_path", "encoder", "corpus_index", "engine"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def model_path() -> str:
    from puente.index.encode.model import build_model

    return str(build_model(ROOT / "models" / "multilingual-e5-small"))


@pytest.fixture(scope="session")
def encoder(model_path):
    from puente.index.encode.embed import load_encoder

    return load_encoder(model_path)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, encoder) -> Path:
    """An index of the five corpus PDFs, built once (read-only for tests)."""
    from puente.index.update import ingest

    folder = tmp_path_factory.mktemp("corpus-index") / "idx"
    report = ingest([CORPUS], folder, encoder)
    assert report.ok, report.errors
    return folder


@pytest.fixture(scope="session")
def engine(corpus_index, model_path):
    from puente.index.engine import Engine

    return Engine(corpus_index, model_path)


@pytest.fixture(scope="session")
def real_milvus(tmp_path_factory):
    """A real Milvus standalone server (PyPI ``milvus==2.3.5``) on 127.0.0.1 for the whole
    session, started here and stopped after (``tests/milvus_server.py``); tests that kill it
    start it again on the same data and port."""
    pytest.importorskip("milvus")  # the test extra installs it
    from milvus_server import RealServer

    from puente.index.store import milvus_client

    srv = RealServer(tmp_path_factory.mktemp("milvus-real")).start()
    yield srv
    milvus_client.close_all()
    srv.stop()
