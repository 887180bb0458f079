"""Updates: content hashes make re-ingest a no-op, changed files replace their
chunks (never duplicate them), and remove / prune / rebuild round-trip with
chunk counts checked against what the chunker makes of each file."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from puente.common.settings import ChunkerSettings
from puente.index.encode.windows import window_texts
from puente.index.store import stores as store
from puente.index.update import ingest
from puente.ingest.batch import document_chunks
from puente.ingest.readers import read_document

ROOT = Path(__file__).resolve().parent.parent

DOCS = {
    "shelters": (
        "Shelter capacity\n\n"
        "Shelters in the northern border cities reached full capacity during the spring. "
        "Municipal authorities opened two temporary sites for families with young children. "
        "Partners distributed hygiene kits and blankets at each site.\n"
    ),
    "empleo": (
        "Integración laboral\n\n"
        "El programa de reubicación conectó a personas refugiadas con empleos formales en el centro del país. "
        "Las empresas participantes recibieron orientación sobre la contratación de personas con documentos de refugio. "
        "La mayoría de los participantes conservó su empleo después de seis meses.\n"
    ),
    "health": (
        "Health services\n\n"
        "Mobile clinics reached remote communities along the migration route. "
        "Vaccination campaigns covered children in transit and in host communities.\n"
    ),
}
CHANGE = (
    "\nWater and sanitation\n\n"
    "A new water point was installed at the largest shelter, cutting queues for drinking water. "
    "Latrines were rebuilt with separate facilities for women and girls.\n"
)


def _write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _cli(*args: str, model_path: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PUENTE_MODEL=model_path, HF_HUB_OFFLINE="1", PUENTE_INDEX="")
    return subprocess.run([sys.executable, "-m", "puente.app.cli", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def _expected_chunks(path: Path) -> int:
    return len(document_chunks(read_document(path), ChunkerSettings())[1])


def vector_chunk_rows(idx: store.Index) -> np.ndarray:
    """The chunk row each vector (FAISS id) belongs to: one vector per chunk, or one
    per retrieval window when the index stores ``units`` (chunk row, start, end)."""
    units = getattr(idx, "units", None)
    return np.arange(len(idx.chunks)) if units is None else np.asarray(units)[:, 0]


def _check_consistent(index_dir: Path, folder: Path | None = None, encoder=None) -> store.Index:
    """No duplicate chunks ever; counts agree between chunks, vectors, FAISS and docs; with
    ``encoder``, the window tokens and the token table are what encoding today's windows
    from scratch gives (documents added, replaced and removed leave no trace)."""
    idx = store.load(index_dir)
    if encoder is not None:
        _, tokens, table = encoder.passages(window_texts(idx.chunks, idx.units, idx.docs), tokens=True)
        assert np.array_equal(idx.unit_tokens.offsets, tokens.offsets) and np.array_equal(idx.unit_tokens.ids, tokens.ids)
        assert np.array_equal(idx.token_table.ids, table.ids) and np.array_equal(idx.token_table.counts, table.counts)
        assert np.allclose(idx.token_table.sums, table.sums, atol=1e-3)
    ids = [c.id for c in idx.chunks]
    assert len(ids) == len(set(ids)), "duplicate chunks"
    assert len(idx.chunks) == idx.meta["n_chunks"]
    assert len(idx.vectors) == idx.dense.faiss.ntotal == len(vector_chunk_rows(idx)) >= len(idx.chunks)
    assert set(vector_chunk_rows(idx).tolist()) == set(range(len(idx.chunks))), "a chunk without vectors"
    for d, info in idx.docs.items():
        assert info.chunks == sum(c.doc == d for c in idx.chunks), d
        if folder is not None and (folder / f"{d}.txt").exists():
            assert info.chunks == _expected_chunks(folder / f"{d}.txt"), d
    assert {c.doc for c in idx.chunks} == set(idx.docs)
    return idx


def _rows(idx: store.Index, doc: str) -> tuple[list[dict], np.ndarray]:
    """A document's chunks and its vectors, in index order."""
    rows = [i for i, c in enumerate(idx.chunks) if c.doc == doc]
    vec_rows = [j for j, r in enumerate(vector_chunk_rows(idx)) if idx.chunks[r].doc == doc]
    return [idx.chunks[i].to_dict() for i in rows], np.asarray(idx.vectors[vec_rows])


def _versions(index_dir: Path) -> set[str]:
    return {p.name for p in index_dir.iterdir() if p.name.startswith(("v-", ".tmp-", ".CURRENT-"))}


def test_reingest_change_remove_prune_rebuild_round_trip(tmp_path: Path, encoder, model_path) -> None:
    folder = _write_corpus(tmp_path / "reports")
    index_dir = tmp_path / "idx"

    # first ingest: everything added, docs --json has every field
    report = ingest([folder], index_dir, encoder)
    assert report.ok and sorted(report.added) == sorted(DOCS)
    idx = _check_consistent(index_dir, folder, encoder)
    proc = _cli("docs", "--json", "--index", str(index_dir), model_path=model_path)
    assert proc.returncode == 0, proc.stderr
    listed = {d["doc"]: d for d in json.loads(proc.stdout)["docs"]}
    assert set(listed) == set(DOCS)
    for name, info in listed.items():
        path = folder / f"{name}.txt"
        assert {"doc", "title", "lang", "pages", "chunks", "sha256", "ingested_at"} <= set(info)
        assert info["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert info["chunks"] == _expected_chunks(path) >= 1
        assert info["title"] == DOCS[name].splitlines()[0]
        assert info["pages"] is None and info["ingested_at"][:2] == "20"
        assert Path(info["source"]) == path.resolve()
    assert listed["empleo"]["lang"] == "es" and listed["shelters"]["lang"] == "en"

    # unchanged files: nothing is written, CURRENT and the version folders stay as they are
    current = (index_dir / "CURRENT").read_text()
    versions = _versions(index_dir)
    report = ingest([folder], index_dir, encoder)
    assert report.ok and sorted(report.unchanged) == sorted(DOCS)
    assert report.added == report.updated == report.removed == []
    assert (index_dir / "CURRENT").read_text() == current and _versions(index_dir) == versions

    # a changed file replaces its chunks; the others keep theirs, vectors and all
    before = store.load(index_dir)
    kept_before = {d: _rows(before, d) for d in ("empleo", "health")}
    (folder / "shelters.txt").write_text(DOCS["shelters"] + CHANGE, encoding="utf-8")
    report = ingest([folder], index_dir, encoder)
    assert report.updated == ["shelters"] and sorted(report.unchanged) == ["empleo", "health"]
    assert (index_dir / "CURRENT").read_text() != current
    idx = _check_consistent(index_dir, folder, encoder)
    shelters = [c for c in idx.chunks if c.doc == "shelters"]
    assert any("water point" in c.text for c in shelters)
    assert idx.docs["shelters"].sha256 == hashlib.sha256((folder / "shelters.txt").read_bytes()).hexdigest()
    for d, (chunks, vecs) in kept_before.items():
        now_chunks, now_vecs = _rows(idx, d)
        assert now_chunks == chunks and np.array_equal(now_vecs, vecs)
    # the new text is searchable: the top vector hit for it is the changed document
    qv = encoder.queries(["new water point at the shelter"])
    _, top = idx.dense.faiss.search(qv, 1)
    assert "water point" in idx.chunks[int(vector_chunk_rows(idx)[int(top[0][0])])].text
    # and the same change again is a no-op (the hash is of the new content)
    current = (index_dir / "CURRENT").read_text()
    assert ingest([folder / "shelters.txt"], index_dir, encoder).unchanged == ["shelters"]
    assert (index_dir / "CURRENT").read_text() == current

    # puente remove DOC, and a clear error for a name that is not indexed
    proc = _cli("remove", "health", "--json", "--index", str(index_dir), model_path=model_path)
    assert proc.returncode == 0 and json.loads(proc.stdout) == {"removed": ["health"]}, proc.stderr
    idx = _check_consistent(index_dir, encoder=encoder)
    assert set(idx.docs) == {"shelters", "empleo"}
    n_after_remove = len(idx.chunks)
    proc = _cli("remove", "no-such-doc", "--index", str(index_dir), model_path=model_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: no-such-doc: not in the index; see `puente docs` for the indexed documents"
    assert len(store.load(index_dir).chunks) == n_after_remove

    # ingest --prune (through the CLI): empleo's file is gone, shelters' is unchanged, health comes back
    (folder / "empleo.txt").unlink()
    proc = _cli("ingest", str(folder), "--prune", "--index", str(index_dir), model_path=model_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("1 added, 0 updated, 1 unchanged, 1 removed, 0 failed;"), proc.stdout
    idx = _check_consistent(index_dir, folder, encoder)
    assert set(idx.docs) == {"shelters", "health"}

    # --rebuild: everything re-read from scratch, only what was passed stays
    (folder / "empleo.txt").write_text(DOCS["empleo"], encoding="utf-8")
    old_versions = _versions(index_dir)
    report = ingest([folder / "shelters.txt", folder / "empleo.txt"], index_dir, encoder, rebuild=True)
    assert report.ok and sorted(report.added) == ["empleo", "shelters"] and report.unchanged == []
    idx = _check_consistent(index_dir, folder)
    assert set(idx.docs) == {"shelters", "empleo"}
    assert (index_dir / "CURRENT").read_text() not in old_versions


def test_prune_keeps_documents_whose_files_exist_elsewhere(tmp_path: Path, encoder) -> None:
    """A file moved to another folder and re-ingested is unchanged, and its new
    place is remembered, so a later --prune does not drop it."""
    folder = _write_corpus(tmp_path / "old-place")
    index_dir = tmp_path / "idx"
    assert ingest([folder], index_dir, encoder).ok
    chunks_before = [c.to_dict() for c in store.load(index_dir).chunks]
    new_place = tmp_path / "new-place"
    folder.rename(new_place)
    report = ingest([new_place / "health.txt"], index_dir, encoder)
    assert report.unchanged == ["health"] and report.added == report.updated == []
    idx = store.load(index_dir)
    assert Path(idx.docs["health"].source) == (new_place / "health.txt").resolve()
    assert [c.to_dict() for c in idx.chunks] == chunks_before  # nothing re-embedded or reordered
    # later, a prune run from somewhere else: health's file exists, the other two moved
    report = ingest([new_place / "empleo.txt"], index_dir, encoder, prune=True)
    assert sorted(report.removed) == ["shelters"] and report.unchanged == ["empleo"]
    assert set(store.load(index_dir).docs) == {"health", "empleo"}


def test_relative_paths_are_stored_absolute(tmp_path: Path, encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write_corpus(tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    assert ingest([Path("reports")], tmp_path / "idx", encoder).ok
    monkeypatch.chdir(ROOT)  # prune judged from another working directory
    report = ingest([folder / "health.txt"], tmp_path / "idx", encoder, prune=True)
    assert report.removed == [] and set(store.load(tmp_path / "idx").docs) == set(DOCS)


def test_serve_rebuilds_an_index_of_an_older_pipeline_from_its_own_documents(tmp_path: Path, encoder, model_path) -> None:
    """An index an older Puente wrote is refused by search; `puente serve` (``ensure_index``)
    rebuilds it from the files its documents came from — not from corpus/ — and leaves it
    to the user (refusal with the rebuild command) when one of those files is gone."""
    from puente.common.errors import IndexMismatchError
    from puente.common.settings import Settings
    from puente.index.update import ensure_index

    folder = _write_corpus(tmp_path / "reports")
    index_dir = tmp_path / "idx"
    custom = ChunkerSettings(max_words=150, min_words=40, overlap_words=20)
    assert ingest([folder / "shelters.txt", folder / "empleo.txt"], index_dir, encoder, custom).ok

    def age() -> None:
        meta_path = store.current_version(index_dir) / "meta.json"
        meta = json.loads(meta_path.read_text())
        meta["pipeline_version"] = store.PIPELINE_VERSION - 1
        meta_path.write_text(json.dumps(meta))

    age()
    with pytest.raises(IndexMismatchError, match="pipeline version"):
        store.load(index_dir)
    settings = Settings.from_env().override(index=str(index_dir), model=model_path, corpus=str(tmp_path / "elsewhere"))
    report = ensure_index(settings, lambda: encoder, say=lambda m: None)
    assert report.ok and sorted(report.added) == ["empleo", "shelters"]
    idx = _check_consistent(index_dir, folder, encoder)
    assert set(idx.docs) == {"shelters", "empleo"} and idx.meta["pipeline_version"] == store.PIPELINE_VERSION
    assert idx.meta["chunker"] == custom.as_dict()  # chunked as the user had it, not with today's defaults
    current = (index_dir / "CURRENT").read_text()
    assert ensure_index(settings, lambda: encoder) is None  # up to date: untouched
    assert (index_dir / "CURRENT").read_text() == current

    age()
    (folder / "empleo.txt").unlink()
    aged = (index_dir / "CURRENT").read_text()
    assert store.outdated_sources(index_dir) is None
    assert ensure_index(settings, lambda: encoder) is None and (index_dir / "CURRENT").read_text() == aged
    with pytest.raises(IndexMismatchError, match="puente ingest --rebuild"):
        store.load(index_dir)


def test_a_moved_unchanged_file_keeps_its_chunks_and_records_its_new_path(tmp_path: Path, encoder) -> None:
    """Same content at another path: unchanged, nothing re-embedded, and docs.json points at
    the new file (the page view and `--prune` read it)."""
    folder = _write_corpus(tmp_path / "reports")
    index_dir = tmp_path / "idx"
    assert ingest([folder], index_dir, encoder).ok
    before = store.load(index_dir)
    moved = folder.rename(tmp_path / "archive")
    report = ingest([moved], index_dir, encoder)
    assert report.ok and sorted(report.unchanged) == sorted(DOCS) and report.added == report.updated == []
    idx = store.load(index_dir)
    assert {d: Path(i.source) for d, i in idx.docs.items()} == {d: (moved / f"{d}.txt").resolve() for d in DOCS}
    assert {d: (i.sha256, i.chunks) for d, i in idx.docs.items()} == {d: (i.sha256, i.chunks) for d, i in before.docs.items()}
    assert np.array_equal(np.asarray(idx.vectors), np.asarray(before.vectors))
