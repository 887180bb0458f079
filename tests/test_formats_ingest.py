"""Word and web pages through the real ingest: a batch mixing good and bad DOCX/HTML
files adds the good ones, gives one line per bad one and leaves the index loadable;
their passages cite paragraphs and headings, and a Spanish question finds the DOCX."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_read_docx import REGISTRATION, informe, tiny_png
from test_read_html import PAGE

from puente.index.store import stores as store
from puente.index.update import ingest

docx = pytest.importorskip("docx")


def test_batch_of_docx_and_html_with_bad_ones(tmp_path: Path, encoder) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    informe(batch / "informe-proteccion.docx")
    (batch / "mexico-brief.html").write_text(PAGE, encoding="utf-8")
    (batch / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a docx")
    png = tmp_path / "scan.png"
    png.write_bytes(tiny_png())
    scanned = docx.Document()
    scanned.add_picture(str(png))
    scanned.save(str(batch / "scanned.docx"))
    (batch / "app-shell.htm").write_text("<html><body><div id='root'></div><script>boot()</script></body></html>")
    index_dir = tmp_path / "idx"
    report = ingest([batch], index_dir, encoder)
    assert sorted(report.added) == ["informe-proteccion", "mexico-brief"]
    assert len(report.errors) == 3 and all("\n" not in e for e in report.errors)
    for name, reason in (("corrupt.docx", "corrupt"), ("scanned.docx", "no text in the document"),
                         ("app-shell.htm", "no text in the page")):
        assert any(e.startswith(f"{batch / name}: ") and reason in e for e in report.errors), report.errors

    idx = store.load(index_dir)
    assert idx.docs["informe-proteccion"].lang == "es" and idx.docs["mexico-brief"].lang == "en"
    assert idx.docs["informe-proteccion"].title == "Informe de protección 2024"
    reg = [c for c in idx.chunks if REGISTRATION[:40] in c.text]
    assert reg and reg[0].citation.startswith("informe-proteccion, ¶")
    assert reg[0].citation.endswith(", Registro y documentación")
    assert all("#" not in c.text for c in idx.chunks)

    from puente.index.search.searcher import Searcher

    searcher = Searcher(idx, encoder)
    hits = searcher.search(searcher.prepare("¿Cómo fortalecer la capacidad de registro en la frontera sur?"), k=3)
    assert hits[0].chunk.doc == "informe-proteccion"
