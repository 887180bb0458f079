"""Crashes and concurrency: a writer killed with SIGKILL at any point leaves the
previous index loadable and intact, leftovers are cleaned by the next run, a
second writer gets a clear lock error, readers keep working during an ingest and
see the new index once it is complete; a damaged index says how to rebuild it.

Writers are paused at named stages with the ``PUENTE_PAUSE_AT`` hook
(``index.lock.pause_point``) and then killed, so each point is hit exactly.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from puente.common.errors import IndexMissingError, LockedError, PuenteError
from puente.index.store import stores as store
from puente.index.update import ingest, remove_docs

ROOT = Path(__file__).resolve().parent.parent

DOCS = {
    "border": (
        "Border monitoring\n\n"
        "Protection teams monitored the northern border crossings every week. "
        "They referred unaccompanied children to child protection authorities. "
        "Returns without screening were documented and raised with the migration institute.\n"
    ),
    "vivienda": (
        "Vivienda y albergue\n\n"
        "Las familias desplazadas recibieron apoyo para pagar el alquiler durante tres meses. "
        "Los albergues comunitarios ampliaron su capacidad en las ciudades del sur. "
        "La asistencia en efectivo permitió a las familias elegir dónde vivir.\n"
    ),
}
NEW_DOC = (
    "Cash assistance\n\n"
    "Multipurpose cash grants reached eleven thousand households in the capital. "
    "Recipients spent most of the money on food, rent and school supplies.\n"
)
QUESTIONS = ["Who monitored the border crossings?", "¿Qué apoyo recibieron las familias para el alquiler?",
             "What did households spend cash grants on?"]


# ---------------------------------------------------------------- helpers
pytestmark = pytest.mark.slow  # kills writers at each stage of a save, in many subprocesses


def _env(model_path: str, **extra: str) -> dict:
    return dict(os.environ, PUENTE_MODEL=model_path, HF_HUB_OFFLINE="1", PUENTE_INDEX="", **extra)


def _cli(model_path: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "puente.app.cli", *args], capture_output=True, text=True,
                          env=_env(model_path), cwd=ROOT, timeout=300)


def _start_paused(model_path: str, stage: str, log: Path, *args: str) -> subprocess.Popen:
    """Start ``puente ARGS`` and return once it is paused at ``stage`` (lock held)."""
    fh = open(log, "w")
    proc = subprocess.Popen([sys.executable, "-m", "puente.app.cli", *args], stdout=subprocess.DEVNULL, stderr=fh,
                            env=_env(model_path, PUENTE_PAUSE_AT=stage, PUENTE_PAUSE_SECONDS="300"), cwd=ROOT)
    fh.close()
    deadline = time.monotonic() + 240
    while f"puente: paused at {stage}" not in log.read_text():
        if proc.poll() is not None:
            pytest.fail(f"writer exited ({proc.returncode}) before stage {stage}: {log.read_text()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"writer never reached stage {stage}")
        time.sleep(0.1)
    return proc


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def _snapshot(index_dir: Path) -> dict:
    """Everything a reader sees: version, docs, chunks, vectors, records."""
    idx = store.load(index_dir)
    return {
        "current": (index_dir / "CURRENT").read_text(),
        "docs": idx.docs,
        "chunks": [c.to_dict() for c in idx.chunks],
        "vectors": np.asarray(idx.vectors).copy(),
        "records": idx.records,
        "ntotal": idx.dense.faiss.ntotal,
    }


def _same(a: dict, b: dict) -> bool:
    return all(np.array_equal(a[k], b[k]) if k == "vectors" else a[k] == b[k] for k in a)


def _top(index_dir: Path, encoder) -> list[list[int]]:
    """Top FAISS ids for the test questions: the index answers exactly as before."""
    idx = store.load(index_dir)
    _, ids = idx.dense.faiss.search(encoder.queries(QUESTIONS), 3)
    return ids.tolist()


def _leftovers(index_dir: Path) -> set[str]:
    active = (index_dir / "CURRENT").read_text().strip()
    return {p.name for p in index_dir.iterdir() if p.name.startswith((".tmp-", ".CURRENT-", "v-")) and p.name != active}


@pytest.fixture(scope="module")
def base(tmp_path_factory, encoder) -> tuple[Path, Path]:
    """(folder with two reports, an index of them) — copied by each test."""
    root = tmp_path_factory.mktemp("crash-base")
    folder = root / "reports"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    index_dir = root / "idx"
    assert ingest([folder], index_dir, encoder).ok
    return folder, index_dir


@pytest.fixture
def work(tmp_path: Path, base) -> tuple[Path, Path]:
    folder = tmp_path / "reports"
    shutil.copytree(base[0], folder)
    index_dir = tmp_path / "idx"
    shutil.copytree(base[1], index_dir)
    return folder, index_dir


# ---------------------------------------------------------------- ingest killed mid-way
def test_ingest_killed_while_embedding_readers_keep_working_and_lock_is_clear(work, tmp_path, encoder, model_path):
    from puente.index.engine import Engine

    folder, index_dir = work
    before = _snapshot(index_dir)
    top_before = _top(index_dir, encoder)
    engine = Engine(index_dir, model_path)
    hits_before = [h.chunk.id for h in engine.ask(QUESTIONS[0], k=3, answer=False).hits]
    (folder / "cash.txt").write_text(NEW_DOC, encoding="utf-8")

    writer = _start_paused(model_path, "embedding", tmp_path / "writer.log", "ingest", str(folder), "--index", str(index_dir))
    try:
        # readers keep working during the ingest and see the complete old index
        assert _same(_snapshot(index_dir), before)
        res = engine.ask(QUESTIONS[2], k=3, answer=False)
        assert res.hits and {h.chunk.doc for h in res.hits} <= set(DOCS)
        # a second writer (CLI or library) is refused with a clear message
        second = _cli(model_path, "remove", "border", "--index", str(index_dir))
        assert second.returncode == 1
        assert second.stderr.strip() == (
            f"error: {index_dir}: another ingest is writing this index; wait for it to finish and try again"
        )
        with pytest.raises(LockedError):
            ingest([folder], index_dir, encoder)
        # ... before it loads the model: with no model at all the lock is still what it reports
        for cmd in (["ingest", str(folder)], ["remove", "border"]):
            proc = _cli(str(tmp_path / "no-model-here"), *cmd, "--index", str(index_dir))
            assert proc.returncode == 1 and "another ingest is writing this index" in proc.stderr, proc.stderr
    finally:
        _kill(writer)

    # the killed ingest left the previous index exactly as it was
    assert _same(_snapshot(index_dir), before)
    assert _top(index_dir, encoder) == top_before
    assert [h.chunk.id for h in engine.ask(QUESTIONS[0], k=3, answer=False).hits] == hits_before
    # the lock died with the writer: the next run completes and readers pick it up
    report = ingest([folder], index_dir, encoder)
    assert report.added == ["cash"] and sorted(report.unchanged) == sorted(DOCS)
    old = engine.searcher
    engine.ask(QUESTIONS[2], k=3, answer=False)  # answered at once from the loaded version; the new one loads beside it
    for _ in range(600):
        if engine.searcher is not old:
            break
        time.sleep(0.1)
    res = engine.ask(QUESTIONS[2], k=3, answer=False)
    assert res.hits[0].chunk.doc == "cash"
    assert _leftovers(index_dir) <= {before["current"].strip()}


def test_ingest_killed_after_writing_the_new_version_before_the_swap(work, tmp_path, encoder, model_path):
    folder, index_dir = work
    before = _snapshot(index_dir)
    top_before = _top(index_dir, encoder)
    (folder / "cash.txt").write_text(NEW_DOC, encoding="utf-8")
    writer = _start_paused(model_path, "version-renamed", tmp_path / "writer.log",
                           "ingest", str(folder), "--index", str(index_dir))
    _kill(writer)
    assert _same(_snapshot(index_dir), before) and _top(index_dir, encoder) == top_before
    orphans = _leftovers(index_dir)
    assert any(n.startswith("v-") for n in orphans), orphans  # the complete but never activated version
    report = ingest([folder], index_dir, encoder)  # the next run cleans up and redoes the work
    assert report.ok and report.added == ["cash"]
    assert not (orphans & {p.name for p in index_dir.iterdir()})
    assert set(store.load(index_dir).docs) == {*DOCS, "cash"}


# ---------------------------------------------------------------- every stage of the atomic save
@pytest.mark.parametrize("stage,leftover", [("locked", None), ("tmp-written", ".tmp-"), ("version-renamed", "v-"),
                                            ("pointer-written", ".CURRENT-"), ("swapped", None)])
def test_writer_killed_at_each_stage_of_the_save(work, tmp_path, encoder, model_path, stage, leftover):
    """`puente remove` writes through the same atomic save as ingest (without the model)."""
    folder, index_dir = work
    before = _snapshot(index_dir)
    writer = _start_paused(model_path, stage, tmp_path / "writer.log", "remove", "border", "--index", str(index_dir))
    _kill(writer)
    after = _snapshot(index_dir)  # loads: never a half-written index
    if stage == "swapped":  # the new version was complete and active: it is the index now
        assert set(after["docs"]) == set(DOCS) - {"border"}
        assert after["chunks"] == [c for c in before["chunks"] if c["doc"] != "border"]
        assert after["ntotal"] == len(after["vectors"]) < before["ntotal"]
    else:
        assert _same(after, before)
    if leftover:
        assert any(n.startswith(leftover) for n in _leftovers(index_dir)), _leftovers(index_dir)
    report = ingest([folder], index_dir, encoder)  # the next run
    assert report.ok and set(store.load(index_dir).docs) == set(DOCS)
    assert not [n for n in _leftovers(index_dir) if n.startswith((".tmp-", ".CURRENT-"))]
    assert len([n for n in _leftovers(index_dir) if n.startswith("v-")]) <= 1  # at most the previous version


def test_writer_killed_at_arbitrary_moments(work, tmp_path, encoder, model_path):
    """SIGKILL after spread-out delays over a whole `puente remove` once it holds the
    lock (the model is loaded before; the pause hook with a zero pause only marks the
    moment): the index is always exactly the old one or exactly the new one."""
    folder, index_dir = work
    before = _snapshot(index_dir)
    pristine = tmp_path / "pristine"
    shutil.copytree(index_dir, pristine)

    def start_remove() -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-m", "puente.app.cli", "remove", "border", "--index", str(index_dir)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                env=_env(model_path, PUENTE_PAUSE_AT="locked", PUENTE_PAUSE_SECONDS="0"))
        for line in proc.stderr:
            if "paused at locked" in line:
                return proc
        raise AssertionError(f"remove exited with {proc.wait()} before taking the lock")

    proc = start_remove()
    t0 = time.monotonic()
    proc.stderr.read()
    assert proc.wait(timeout=300) == 0
    runtime = time.monotonic() - t0
    expected_after = _snapshot(index_dir)
    outcomes = []
    for frac in (0.05, 0.1, 0.2, 0.3, 0.6):  # the write and swap fall in the first third
        shutil.rmtree(index_dir)
        shutil.copytree(pristine, index_dir)
        proc = start_remove()
        time.sleep(runtime * frac)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        now = _snapshot(index_dir)
        new = now["docs"] == expected_after["docs"] and now["chunks"] == expected_after["chunks"]
        state = "old" if _same(now, before) else "new" if new else "broken"
        outcomes.append((frac, proc.returncode, state))
        assert state != "broken", outcomes
        # the next run works and cleans up whatever the killed one left
        if state == "old":
            remove_docs(index_dir, ["border"], encoder)
        else:
            assert ingest([folder / "vivienda.txt"], index_dir, encoder).unchanged == ["vivienda"]
        assert not [n for n in _leftovers(index_dir) if n.startswith((".tmp-", ".CURRENT-"))]
    print("kill outcomes (fraction of runtime, exit code, index state):", outcomes)


# ---------------------------------------------------------------- damaged index
DAMAGE = {
    "index.faiss deleted": (lambda v: (v / "index.faiss").unlink(), "index.faiss is missing"),
    "meta.json garbled": (lambda v: (v / "meta.json").write_text("{not json"), "meta.json unreadable"),
    "chunks.jsonl garbled": (lambda v: (v / "chunks.jsonl").write_text("}{\n"), "chunks.jsonl unreadable"),
    "vectors.npy truncated": (lambda v: (v / "vectors.npy").write_bytes((v / "vectors.npy").read_bytes()[:100]),
                              "vectors.npy unreadable"),
    "units.npy garbled": (lambda v: np.save(v / "units.npy", np.array([[10**6, 0, 5]])), "units.npy unreadable"),
    "version folder gone": (lambda v: shutil.rmtree(v), "which is missing"),
    "token table deleted": (lambda v: (v / "token_sums.npy").unlink(), "token_sums.npy is missing"),
    "token offsets garbled": (lambda v: np.save(v / "unit_token_offsets.npy", np.array([0, 5])),
                              "unit_token_offsets.npy unreadable"),
}


def test_damaged_index_gives_a_clear_error_with_the_rebuild_command(work, tmp_path, encoder, model_path):
    folder, pristine = work
    for i, (what, (damage, reason)) in enumerate(DAMAGE.items()):
        index_dir = tmp_path / f"damaged-{i}"
        shutil.copytree(pristine, index_dir)
        damage(store.current_version(index_dir))
        proc = _cli(model_path, "docs", "--index", str(index_dir))
        assert proc.returncode == 1, what
        line = proc.stderr.strip()
        assert "\n" not in line and line.startswith(f"error: {index_dir}: damaged index ("), (what, line)
        assert reason in line, (what, line)
        assert line.endswith(f"run `puente ingest --rebuild --index {index_dir} PATH...` to rebuild it"), line
    # ingest refuses to build on top of a damaged index (it would silently drop every other document) ...
    with pytest.raises(IndexMissingError, match="--rebuild"):
        ingest([folder / "border.txt"], index_dir, encoder)
    # ... and --rebuild repairs it
    assert ingest([folder], index_dir, encoder, rebuild=True).ok
    assert set(store.load(index_dir).docs) == set(DOCS)


def test_disk_full_while_writing_leaves_the_previous_index(work, encoder, monkeypatch):
    """A write that fails half-way (here: no space left for the vectors) is one clear
    error; the previous index stays active and nothing is left behind."""
    folder, index_dir = work
    before = _snapshot(index_dir)
    (folder / "cash.txt").write_text(NEW_DOC, encoding="utf-8")
    real_save = np.save

    def full_disk(path, *args, **kwargs):
        if str(path).endswith("vectors.npy"):
            raise OSError(28, "No space left on device")
        return real_save(path, *args, **kwargs)

    monkeypatch.setattr(store.np, "save", full_disk)
    with pytest.raises(PuenteError) as err:
        ingest([folder], index_dir, encoder)
    assert str(err.value) == (
        f"{index_dir}: could not write the index (No space left on device); the previous index is unchanged; "
        "free disk space or fix permissions, then run the command again"
    )
    assert _same(_snapshot(index_dir), before) and not _leftovers(index_dir)
    monkeypatch.setattr(store.np, "save", real_save)
    assert ingest([folder], index_dir, encoder).added == ["cash"]  # the lock was released
