"""PDF and text readers: page numbers, running headers/footers, hyphen joins, encodings."""
from __future__ import annotations

import json
import re

import pytest

from puente.ingest.errors import ReadError, UnsupportedFileError
from puente.ingest.readers import clean_pages, read_document, read_text

from conftest import CORPUS, SHARED


def _words(text: str) -> str:
    return " ".join(text.split())


def test_pdf_pages_are_one_based_and_match_pypdf_ground_truth():
    truth = [json.loads(line) for line in (SHARED / "corpus" / "pdf" / "pages.jsonl").read_text().splitlines()]
    doc = read_document(CORPUS / "unhcr-mexico-evaluation-management-response.pdf")
    mine = {p.number: _words(p.text) for p in doc.pages}
    pages = [t for t in truth if t["doc"] == doc.doc]
    assert sorted(mine) == list(range(1, len(pages) + 1))
    for t in pages:
        # a sentence-sized piece from the middle of the true page is on our page of the same number
        body = _words(t["text"])
        probe = body[len(body) // 2 : len(body) // 2 + 60]
        probe = probe[probe.index(" ") + 1 : probe.rindex(" ")]
        assert probe in mine[t["page"]], (t["page"], probe)


def test_pdf_running_header_and_page_footer_are_removed():
    doc = read_document(CORPUS / "unhcr-mexico-annual-results-report-2023.pdf")
    assert doc.title == "UNHCR Annual Results Report 2023 - Mexico"
    for page in doc.pages:
        assert "UNHCR Annual Results Report 2023 - Mexico" not in page.text
        assert not re.search(r"Page \d+ of \d+", page.text)


def test_clean_pages_drops_repeated_edges_and_page_numbers_only():
    bodies = [
        ["Registration grew in the south.", "Shelters were expanded.", "Key figures follow.", "Staff were trained.", "More shelters opened."],
        ["COMAR processed claims.", "Key figures follow.", "Appeals were heard.", "Legal aid was given.", "Cases closed."],
        ["Children were protected.", "Key figures follow.", "Schools enrolled pupils.", "Teachers joined.", "Budgets grew."],
    ]
    raw = ["Annual Report 2023\n" + "\n".join(b) + f"\nPage {i} of 3" for i, b in enumerate(bodies, 1)]
    pages, header = clean_pages(raw)
    assert header == "Annual Report 2023"
    for p, body in zip(pages, bodies):
        assert p.splitlines() == body  # the repeated body line "Key figures follow." stays


def test_hyphen_joined_when_word_known_kept_for_compounds():
    raw = [
        "The recommendation was accepted.\nA new recommen-\ndation follows.",
        "Partners asked for capacity-\nbuilding support.",
    ]
    pages, _ = clean_pages(raw)
    assert "A new recommendation follows." in pages[0]
    assert "capacity-building support." in pages[1]


def test_text_reader_reads_utf8_and_has_no_pages(tmp_path):
    src = SHARED / "corpus" / "oim-red-migracion-america-del-sur-respuesta-gerencial.txt"
    doc = read_text(src)
    assert doc.pages[0].number is None
    assert "Recomendaciones de evaluación No. 1" in doc.text
    assert doc.doc == src.stem


def test_latin1_text_is_decoded_not_mangled(tmp_path):
    f = tmp_path / "nota.txt"
    f.write_bytes("Migración y protección de niñas".encode("latin-1"))
    assert read_document(f).text == "Migración y protección de niñas"


@pytest.mark.parametrize("name", ["notes.docx", "image.png"])
def test_unsupported_type_names_file_and_fix(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(b"x")
    with pytest.raises(UnsupportedFileError) as err:
        read_document(f)
    assert name in str(err.value) and "convert it" in str(err.value)


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "nope.pdf")
