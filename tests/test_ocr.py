"""Scanned PDFs: pages without a text layer read by Tesseract (English and Spanish) with
``--ocr``, their citations keeping the page and saying OCR; refused with the fix without it;
encrypted PDFs opened with ``--password``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from puente.common.errors import ReadError
from puente.ingest.read_pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "unhcr-mexico-annual-results-report-2023.pdf"
RESPUESTA = ROOT / "corpus" / "oim-red-migracion-america-del-sur-respuesta-gerencial.pdf"


def scan(src: Path, pages: list[int], out: Path, dpi: int = 200) -> Path:
    """An image-only PDF of ``pages`` (1-based) of ``src``: what a scanner gives."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    images = [pdf[p - 1].render(scale=dpi / 72).to_pil().convert("RGB") for p in pages]
    pdf.close()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


def test_scanned_pdf_without_ocr_says_how(tmp_path):
    path = scan(REPORT, [5], tmp_path / "scan.pdf", dpi=50)
    with pytest.raises(ReadError) as err:
        read_pdf(path)
    assert "no extractable text" in str(err.value) and "puente ingest --ocr" in str(err.value)


def test_ocr_flag_without_tesseract_is_one_line(tmp_path):
    path = scan(REPORT, [5], tmp_path / "scan.pdf", dpi=50)
    env = dict(os.environ, PATH=str(tmp_path), PUENTE_MODEL=str(tmp_path / "no-model"), PUENTE_INDEX="")
    proc = subprocess.run([sys.executable, "-m", "puente.app.cli", "ingest", str(path), "--ocr", "--index",
                           str(tmp_path / "idx")], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: --ocr: Tesseract (the OCR program) is not installed; ")
    assert "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa" in proc.stderr


def test_password_opens_an_encrypted_pdf(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=str(REPORT))
    writer.encrypt(user_password="clave-2024", owner_password="owner", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError, match="encrypted with a password; give it with --password"):
        read_pdf(locked)
    with pytest.raises(ReadError, match="the password given does not open it"):
        read_pdf(locked, password="wrong")
    doc = read_pdf(locked, password="clave-2024")
    assert doc.n_pages == 14 and "partnership agreements" in " ".join(doc.text.split())


@pytest.mark.slow
@pytest.mark.parametrize("src, page, words", [
    (REPORT, 5, ["40 partnership agreements", "Interagency Group on Human Mobility"]),
    (RESPUESTA, 3, ["Día Internacional de la Niña", "perspectiva infantil"]),
])
def test_scanned_page_is_read_in_english_and_spanish(tmp_path, src, page, words):
    path = scan(src, [page - 1, page], tmp_path / "scan.pdf")
    doc = read_pdf(path, ocr=True)
    assert [p.number for p in doc.pages] == [1, 2] and all(p.ocr for p in doc.pages)
    flat = " ".join(doc.pages[1].text.split())
    for w in words:
        assert w.lower().replace("í", "i") in flat.lower().replace("í", "i"), (w, flat[:400])


@pytest.mark.slow
def test_scanned_report_answers_with_a_cited_ocr_page(tmp_path, encoder, model_path):
    from puente.index.engine import Engine
    from puente.index.update import ingest

    src = tmp_path / "src"
    src.mkdir()
    scan(REPORT, [4, 5], src / "scanned-annual-report.pdf")
    report = ingest([src], tmp_path / "idx", encoder, ocr=True)
    assert report.ok, report.errors
    res = Engine(tmp_path / "idx", model_path).ask("How many partnership agreements did UNHCR establish in Mexico?", k=3)
    top = res.hits[0].chunk
    assert top.page_start == 2 and "40 partnership agreements" in " ".join(top.text.split())
    assert top.citation.startswith("scanned-annual-report, p. 2 (OCR)")


def test_citation_says_ocr_only_for_recognised_pages():
    from puente.common.types import Chunk

    text = "First page sentence here. Second page sentence here."
    c = Chunk(doc="mixed-report", title="Mixed", text=text, page_start=3, page_end=4,
              page_breaks=(text.index("Second"),), extra={"ocr_pages": [4]})
    assert c.citation == "mixed-report, pp. 3-4 (OCR)"
    assert c.citation_of(0, 10) == "mixed-report, p. 3"
    assert c.citation_of(text.index("Second"), len(text)) == "mixed-report, p. 4 (OCR)"
    assert Chunk.from_dict(c.to_dict()).citation == c.citation  # kept in the index
