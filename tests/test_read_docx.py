"""Word (.docx) reader: paragraphs, headings as sections, lists, tables row by row,
paragraph-numbered citations, junk titles, and one-line errors for bad files. The
files are built in the test with python-docx."""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from puente.common.errors import ReadError
from puente.common.types import Chunk
from puente.ingest.chunker import chunk, sections
from puente.ingest.readers import SUPPORTED_SUFFIXES, read_document

docx = pytest.importorskip("docx")

FINDINGS = ("La comisión registró más solicitudes de asilo que en cualquier año anterior. "
            "Los tiempos de procesamiento crecieron mientras el personal se mantuvo igual.")
REGISTRATION = ("Fortalecer la capacidad de registro en los estados de la frontera sur y entregar "
                "documentos a las personas solicitantes en un plazo de treinta días.")


def informe(path: Path, meta_title: str = "Microsoft Word - informe final.docx") -> Path:
    d = docx.Document()
    d.core_properties.title = meta_title
    d.add_paragraph("Informe de protección 2024", style="Title")
    d.add_heading("Resumen ejecutivo", level=1)
    d.add_paragraph(FINDINGS)
    d.add_heading("Recomendaciones", level=1)
    d.add_heading("Registro y documentación", level=2)
    d.add_paragraph(REGISTRATION)
    d.add_paragraph("Abrir dos oficinas de registro en Chiapas", style="List Bullet")
    d.add_paragraph("Contratar cuarenta gestores de casos", style="List Bullet")
    d.add_paragraph("Primer paso del plan", style="List Number")
    d.add_paragraph("Segundo paso del plan", style="List Number")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("Estado", "Solicitudes", "Variación"), ("Chiapas", "70,000", "+12%"),
                             ("Tabasco", "9,500", "+3%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_heading("Financiamiento", level=1)
    d.add_paragraph("Los donantes comprometieron treinta millones de dólares para centros de recepción.")
    d.save(str(path))
    return path


def tiny_png() -> bytes:
    """A 1x1 PNG, made here (no binary fixture)."""
    def part(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + part(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + part(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + part(b"IEND", b""))


def test_docx_is_a_supported_suffix():
    assert ".docx" in SUPPORTED_SUFFIXES


def test_docx_paragraphs_headings_lists_and_tables(tmp_path):
    doc = read_document(informe(tmp_path / "informe.docx"))
    assert doc.title == "Informe de protección 2024"  # the metadata title is a file name: junk
    assert [(h.level, h.title) for h in doc.headings] == [
        (1, "Informe de protección 2024"), (1, "Resumen ejecutivo"), (1, "Recomendaciones"),
        (2, "Registro y documentación"), (1, "Financiamiento")]
    for h in doc.headings:
        assert doc.text[h.start:].startswith(h.title)
    assert FINDINGS in doc.text and REGISTRATION in doc.text
    assert "• Abrir dos oficinas de registro en Chiapas\n• Contratar cuarenta gestores de casos" in doc.text
    assert "1. Primer paso del plan\n2. Segundo paso del plan" in doc.text
    # a table row per line, cells separated by a tab (the chunker's cell boundary)
    assert "Estado\tSolicitudes\tVariación\nChiapas\t70,000\t+12%\nTabasco\t9,500\t+3%" in doc.text
    assert doc.n_pages == 0 and doc.pages[0].number is None
    # numbered paragraphs: headings, paragraphs, list items and rows
    assert len(doc.paragraphs) == 15
    assert doc.text[doc.paragraphs[2]:].startswith(FINDINGS)


def test_a_table_nested_in_a_cell_is_read_once_as_a_table_of_its_own(tmp_path):
    """A matrix whose recommendation cell (merged down two rows) holds the actions' table:
    the actions were lost; now they follow the matrix, rows under their own header."""
    d = docx.Document()
    d.add_heading("Matriz de respuesta", level=1)
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Recomendación", "Acciones"
    t.cell(1, 0).text, t.cell(2, 1).text = "1. Mejorar el registro.", "Ver el plan de trabajo."
    inner = t.cell(1, 1).add_table(rows=2, cols=3)
    for c, (head, value) in enumerate([("Acción", "1.1 Capacitar al personal"), ("Responsable", "Unidad de Protección"),
                                       ("Plazo", "Junio de 2025")]):
        inner.cell(0, c).text, inner.cell(1, c).text = head, value
    t.cell(1, 1).merge(t.cell(2, 1))
    t.cell(1, 1).paragraphs[0].text = "Acciones:"
    d.add_paragraph("Fin de la matriz.")
    path = tmp_path / "matriz.docx"
    d.save(str(path))
    text = read_document(path).text
    assert ("Recomendación\tAcciones\n1. Mejorar el registro.\tAcciones: Ver el plan de trabajo.\n\nAcción\tResponsable\tPlazo\n"
            "1.1 Capacitar al personal\tUnidad de Protección\tJunio de 2025\n\nFin de la matriz.") in text, text
    assert text.count("Capacitar al personal") == 1


def test_docx_sections_follow_heading_styles_not_numbered_items(tmp_path):
    doc = read_document(informe(tmp_path / "informe.docx"))
    paths = [p for p, _, _ in sections(doc.text, doc.headings)]
    assert ("Recomendaciones", "Registro y documentación") in paths
    assert not any("Segundo paso del plan" in " ".join(p) for p in paths)  # a list item is no heading


def test_docx_citation_uses_paragraph_number_and_heading(tmp_path):
    doc = read_document(informe(tmp_path / "informe.docx"))
    chunks = chunk(doc, max_words=40, min_words=5, overlap_words=0)
    reg = next(c for c in chunks if REGISTRATION[:40] in c.text)
    assert reg.page_start is None and reg.para_start is not None
    assert reg.section[-1] == "Registro y documentación"
    label = f"¶ {reg.para_start}" if reg.para_end == reg.para_start else f"¶¶ {reg.para_start}-{reg.para_end}"
    assert reg.citation == f"informe, {label}, Registro y documentación"
    # the paragraph numbers are those of the text the chunk holds
    assert doc.paragraphs[reg.para_start - 1] <= reg.start < (doc.paragraphs + (len(doc.text),))[reg.para_start]
    assert all(c.lang == "es" for c in chunks)
    # Chunk round-trips with the new fields
    for c in chunks:
        assert Chunk.from_dict(c.to_dict()) == c
    old = {k: v for k, v in reg.to_dict().items() if k not in ("para_start", "para_end")}
    assert Chunk.from_dict(old).citation == "informe, Registro y documentación"  # an older index still loads


def test_pdf_citations_keep_pages():
    c = Chunk(doc="d", title="T", text="x", section=("S",), page_start=4, page_end=4)
    assert c.citation == "d, p. 4, S"
    c = Chunk(doc="d", title="T", text="x", section=("S",), page_start=None, para_start=12, para_end=12)
    assert c.citation == "d, ¶ 12, S"


def test_docx_good_metadata_title_is_kept(tmp_path):
    doc = read_document(informe(tmp_path / "informe.docx", meta_title="Protección en México: informe anual"))
    assert doc.title == "Protección en México: informe anual"


@pytest.mark.parametrize(
    "name,make,reason,fix",
    [
        ("corrupt.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a docx"), "corrupt", "save it again as .docx"),
        ("notzip.docx", lambda p: p.write_bytes(b"hello, I am plain text"), "not a Word .docx file", "save it again"),
        ("locked.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
         "password-protected", "without a password"),
        ("truncated.docx", lambda p: _truncated(p), "corrupt or truncated", "save it again as .docx"),
        ("other.docx", lambda p: _zip_without_document(p), "not a Word document", "save it again as .docx"),
        ("images.docx", lambda p: _images_only(p), "no text in the document", "OCR"),
        ("empty-body.docx", lambda p: docx.Document().save(str(p)), "no text in the document", "OCR"),
    ],
)
def test_bad_docx_is_one_line_naming_file_reason_and_fix(tmp_path, capfd, name, make, reason, fix):
    path = tmp_path / name
    make(path)
    with pytest.raises(ReadError) as err:
        read_document(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: ") and "\n" not in msg
    assert reason in err.value.reason and fix in err.value.fix
    out, errout = capfd.readouterr()
    assert out == "" and errout == ""


def _truncated(path: Path) -> None:
    data = informe(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a word document")


def _images_only(path: Path) -> None:
    png = path.with_suffix(".png")
    png.write_bytes(tiny_png())
    d = docx.Document()
    d.add_picture(str(png))
    d.add_picture(str(png))
    d.save(str(path))


def test_a_word_cover_page_set_by_hand_gives_the_title(tmp_path: Path):
    """Set T's Word plan's cover sets its title in 22-point bold in Normal paragraphs; its first
    heading, "Presentación", became the title every citation showed."""
    from docx.shared import Pt

    from puente.ingest.readers import read_document

    d = docx.Document()
    for text, size, bold in (("REPÚBLICA DE VALMIRA", 14, True), ("Ministerio de Gobernación y Policía", 12, False),
                             ("Plan Nacional de Integración y Convivencia Intercultural 2025-2029", 22, True),
                             ("«Valmira, tierra de encuentro»", 14, False)):
        run = d.add_paragraph().add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    d.add_heading("Presentación", level=1)
    d.add_paragraph("El presente plan orienta la acción del Estado entre 2025 y 2029.")
    d.save(tmp_path / "plan-valmira.docx")
    assert read_document(tmp_path / "plan-valmira.docx").title == (
        "Plan Nacional de Integración y Convivencia Intercultural 2025-2029")
    d = docx.Document()  # no cover in large bold type: the first heading that is not a usual section name
    d.add_paragraph("Ministerio de Gobernación")
    d.add_heading("Presentación", level=1)
    d.add_heading("Plan de convivencia 2025", level=1)
    d.add_paragraph("Texto del plan.")
    d.save(tmp_path / "plan-sin-portada.docx")
    assert read_document(tmp_path / "plan-sin-portada.docx").title == "Plan de convivencia 2025"


def test_a_bold_line_of_the_body_is_no_cover_title(tmp_path: Path):
    """A review: a 16-point bold "Anexo 3: …" under a larger, plain cover line became the title."""
    from docx.shared import Pt

    from puente.ingest.readers import read_document

    d = docx.Document()
    run = d.add_paragraph().add_run("Informe anual de protección 2024")
    run.font.size = Pt(28)
    for _ in range(3):
        d.add_paragraph("Body text of the report with some words.")
    run = d.add_paragraph().add_run("Anexo 3: lista de organizaciones entrevistadas")
    run.bold, run.font.size = True, Pt(16)
    d.save(tmp_path / "annual.docx")
    assert read_document(tmp_path / "annual.docx").title == "annual"
