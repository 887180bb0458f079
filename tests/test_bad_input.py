"""Bad input: every bad file gets a one-line error naming the file, the reason and
the fix; the rest of the batch still ingests; the command exits non-zero with a
summary; the stored index is unchanged by the failed files.

The tests build the bad files themselves from a corpus PDF and plain text.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from puente.common.errors import ReadError, UnsupportedFileError
from puente.index.store import stores as store
from puente.index.update import ingest
from puente.ingest.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDF = ROOT / "corpus" / "mirps-mexico-national-action-plan.pdf"

GOOD_EN = (
    "Access to asylum\n\n"
    "The national commission registered more asylum claims than in any previous year. "
    "Processing times grew while staff numbers stayed flat, so the backlog doubled. "
    "Partners opened reception centres in the south to shelter families waiting for interviews.\n"
)
GOOD_KEEP = (
    "Education for refugee children\n\n"
    "Schools in border towns enrolled refugee children without identity papers. "
    "Teachers received training on inclusion and psychosocial support for displaced pupils.\n"
)
LATIN1_ES = (
    "Migración y protección en América del Sur\n\n"
    "La red regional coordinó la respuesta a la migración venezolana. "
    "Las niñas y los niños en tránsito recibieron atención en los puntos fronterizos. "
    "¿Qué lecciones deja la evaluación? La coordinación interagencial mejoró la protección.\n"
)


# ---------------------------------------------------------------- building bad files
def _pdf_bytes(writer) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def first_pages_pdf(n: int = 2):
    """A pypdf writer holding the first ``n`` pages of a corpus PDF."""
    import pypdf

    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(str(CORPUS_PDF)).pages[:n]:
        writer.add_page(page)
    return writer


def encrypted_pdf(user_password: str) -> bytes:
    """The first pages of a corpus PDF encrypted with pypdf's writer (RC4-128, no extra deps)."""
    writer = first_pages_pdf()
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    return _pdf_bytes(writer)


def blank_pdf(pages: int = 2) -> bytes:
    """A 'scanned' PDF: pages with no text layer."""
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    return _pdf_bytes(writer)


def truncated_pdf() -> bytes:
    data = CORPUS_PDF.read_bytes()
    return data[: len(data) // 3]


def junk(n: int = 4096, seed: int = 7) -> bytes:
    import random

    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n)).replace(b"%PDF", b"%PDX") + b"\x00"


# (file name, bytes, expected fragment of the reason, expected fragment of the fix)
BAD_FILES = {
    "truncated.pdf": (truncated_pdf, "corrupt or truncated PDF", "re-export or re-download it"),
    "locked.pdf": (lambda: encrypted_pdf("s3cret"), "encrypted", "give it with --password"),
    "scanned.pdf": (blank_pdf, "no extractable text", "puente ingest --ocr"),
    "empty.txt": (lambda: b"", "empty file", "export the document again"),
    "junk.pdf": (junk, "not a PDF", "rename it to its real type"),
    "junk.txt": (junk, "binary data, not text", "pass the original"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_reader_refuses_bad_file_with_one_line_reason_and_fix(tmp_path: Path, name: str) -> None:
    make, reason, fix = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(ReadError) as err:
        read_document(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: ") and "\n" not in msg
    assert reason in err.value.reason and fix in err.value.fix


def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "open-but-encrypted.pdf"
    path.write_bytes(encrypted_pdf(""))
    doc = read_document(path)
    plain_path = tmp_path / "plain.pdf"
    plain_path.write_bytes(_pdf_bytes(first_pages_pdf()))
    plain = read_document(plain_path)
    assert doc.text == plain.text and doc.n_pages == plain.n_pages == 2 and len(doc.text) > 500


def test_pdf_errors_print_nothing_but_the_typed_error(tmp_path: Path, capfd) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(truncated_pdf())
    with pytest.raises(ReadError):
        read_document(path)
    out, err = capfd.readouterr()
    assert out == "" and err == "", "pypdf's repair warnings must not leak next to the one-line error"


def test_latin1_and_utf16_text_are_decoded(tmp_path: Path) -> None:
    latin = tmp_path / "informe-latin1.txt"
    latin.write_bytes(LATIN1_ES.encode("latin-1"))
    utf16 = tmp_path / "informe-utf16.txt"
    utf16.write_bytes(LATIN1_ES.encode("utf-16"))
    for path in (latin, utf16):
        doc = read_document(path)
        assert "Migración" in doc.text and "niñas" in doc.text and "¿Qué" in doc.text


def test_size_limit_names_the_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(GOOD_EN * 200, encoding="utf-8")  # ~60 KB
    with pytest.raises(ReadError) as err:
        read_document(path, max_bytes=int(0.05 * 1024 * 1024))
    assert "above the 0.05 MB limit" in err.value.reason
    assert "--max-file-mb" in err.value.fix
    assert read_document(path, max_bytes=1024 * 1024).text  # under the limit it reads


def test_unsupported_and_missing_paths(tmp_path: Path) -> None:
    odt = tmp_path / "report.odt"
    odt.write_bytes(b"PK\x03\x04 an OpenDocument file")
    with pytest.raises(UnsupportedFileError) as err:
        read_document(odt)
    assert str(err.value) == (f"{odt}: unsupported file type '.odt'; "
                              "convert it to PDF, Word (.docx), a web page (.html), .txt or .md")
    with pytest.raises(ReadError) as err:
        read_document(tmp_path / "nope.pdf")
    assert str(err.value) == f"{tmp_path / 'nope.pdf'}: no such file or folder; check the path"


def test_batch_of_only_bad_files_writes_no_index(tmp_path: Path, encoder) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "scanned.pdf").write_bytes(blank_pdf())
    (tmp_path / "empty").mkdir()
    index_dir = tmp_path / "idx"
    report = ingest([tmp_path / "in", tmp_path / "empty", tmp_path / "missing.txt"], index_dir, encoder)
    assert not report.ok and len(report.errors) == 3
    assert report.added == [] and report.n_chunks == 0
    assert store.current_version(index_dir) is None and not list(index_dir.glob("v-*"))


# ---------------------------------------------------------------- the whole batch through the CLI
def _snapshot(index_dir: Path) -> dict:
    """CURRENT, docs, and each document's chunks and vectors (one per chunk, or per window with ``units``)."""
    idx = store.load(index_dir)
    units = getattr(idx, "units", None)
    rows = list(range(len(idx.chunks))) if units is None else np.asarray(units)[:, 0].tolist()
    return {
        "current": (index_dir / "CURRENT").read_text(),
        "docs": {d: {k: v for k, v in info.to_dict().items() if k != "ingested_at"} for d, info in idx.docs.items()},
        "chunks": {d: [c.to_dict() for c in idx.chunks if c.doc == d] for d in idx.docs},
        "vectors": {d: np.asarray(idx.vectors[[j for j, r in enumerate(rows) if idx.chunks[r].doc == d]]) for d in idx.docs},
    }


def test_cli_batch_with_every_kind_of_bad_input(tmp_path: Path, encoder, model_path) -> None:
    index_dir = tmp_path / "idx"
    base = tmp_path / "base"
    base.mkdir()
    (base / "keep.txt").write_text(GOOD_KEEP, encoding="utf-8")
    assert ingest([base], index_dir, encoder).ok
    before = _snapshot(index_dir)

    # the batch: good files mixed with every kind of bad input
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "asylum.txt").write_text(GOOD_EN, encoding="utf-8")
    (batch / "migracion-latin1.txt").write_bytes(LATIN1_ES.encode("latin-1"))
    (batch / "open-but-encrypted.pdf").write_bytes(encrypted_pdf(""))
    for name, (make, _, _) in BAD_FILES.items():
        (batch / name).write_bytes(make())
    (batch / "huge.txt").write_text(GOOD_EN * 1200, encoding="utf-8")  # ~0.35 MB > --max-file-mb 0.25
    (batch / "report.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (batch / "copy-of-asylum.txt").write_text(GOOD_EN, encoding="utf-8")
    mixed = tmp_path / "mixed"  # folder mode: the .png is skipped with a note
    mixed.mkdir()
    (mixed / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (mixed / "notes.md").write_text("# Field notes\n\nMonitoring visits covered twelve shelters in Tapachula.\n", encoding="utf-8")
    empty_dir = tmp_path / "nothing-here"
    empty_dir.mkdir()
    (empty_dir / "readme.odt").write_bytes(b"PK")
    other = tmp_path / "other"  # a different file with the same document name
    other.mkdir()
    (other / "asylum.txt").write_text("A different report that happens to share the name.\n", encoding="utf-8")
    # a file already indexed that is now broken: its indexed version must survive
    (base / "keep.txt").write_bytes(junk())

    files = [batch / n for n in ["asylum.txt", "migracion-latin1.txt", "open-but-encrypted.pdf", *BAD_FILES,
                                 "huge.txt", "report.docx", "copy-of-asylum.txt"]]
    argv = [*map(str, files), str(batch / "asylum.txt"), str(mixed), str(empty_dir), str(other / "asylum.txt"),
            str(tmp_path / "does-not-exist.pdf"), str(base / "keep.txt")]
    env = dict(os.environ, PUENTE_MODEL=model_path, HF_HUB_OFFLINE="1", PUENTE_INDEX="")
    proc = subprocess.run(
        [sys.executable, "-m", "puente.app.cli", "ingest", *argv, "--index", str(index_dir), "--max-file-mb", "0.25"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    errors = [ln for ln in lines if ln.startswith("error: ")]
    notes = [ln for ln in lines if ln.startswith("note: ")]
    assert len(errors) + len(notes) == len(lines), f"stray stderr output: {proc.stderr}"

    def error_for(path: Path) -> str:
        found = [ln for ln in errors if ln.startswith(f"error: {path}: ")]
        assert len(found) == 1, (path, errors)
        return found[0]

    for name, (_, reason, fix) in BAD_FILES.items():
        line = error_for(batch / name)
        assert reason in line and fix in line, line
    assert "above the 0.25 MB limit" in error_for(batch / "huge.txt")
    assert "corrupt or truncated Word file" in error_for(batch / "report.docx")
    assert f"same content as {batch / 'asylum.txt'} in this batch; remove the copy" in error_for(batch / "copy-of-asylum.txt")
    assert f"same document name as {batch / 'asylum.txt'} in this batch; rename one of them" in error_for(other / "asylum.txt")
    assert "no such file or folder; check the path" in error_for(tmp_path / "does-not-exist.pdf")
    assert "no documents of a supported type (.docx, .htm, .html, .markdown, .md, .pdf, .txt) in this folder" \
        in error_for(empty_dir)
    assert "binary data, not text" in error_for(base / "keep.txt")
    assert len(errors) == len(BAD_FILES) + 7
    assert f"note: {mixed / 'photo.png'}: skipped, unsupported type '.png'" in notes
    assert f"note: {batch / 'asylum.txt'}: listed twice, read once" in notes
    assert proc.stdout.startswith(f"4 added, 0 updated, 0 unchanged, 0 removed, {len(errors)} failed;"), proc.stdout

    after = _snapshot(index_dir)
    assert after["current"] != before["current"]
    assert set(after["docs"]) == {"keep", "asylum", "migracion-latin1", "open-but-encrypted", "notes"}
    # the broken re-upload of keep.txt left its indexed version untouched
    assert after["docs"]["keep"] == before["docs"]["keep"]
    assert after["chunks"]["keep"] == before["chunks"]["keep"]
    assert np.array_equal(after["vectors"]["keep"], before["vectors"]["keep"])
    # latin-1 text was decoded, not mangled
    latin = " ".join(c["text"] for c in after["chunks"]["migracion-latin1"])
    assert "Migración" in latin and "niñas" in latin and "\ufffd" not in latin
    assert after["docs"]["migracion-latin1"]["lang"] == "es"
    assert after["docs"]["open-but-encrypted"]["pages"] == 2
    # nothing from a failed file reached the index
    sources = {Path(info["source"]).name for info in after["docs"].values()}
    assert sources.isdisjoint(set(BAD_FILES) | {"huge.txt", "report.docx", "copy-of-asylum.txt"})
    idx = store.load(index_dir)
    assert len(idx.chunks) == sum(info.chunks for info in idx.docs.values()) == len({c.id for c in idx.chunks})
    assert idx.meta["n_docs"] == 5 and idx.meta["n_chunks"] == len(idx.chunks)
