"""PDF and text readers: page numbers, running headers/footers, hyphen joins, encodings."""
from __future__ import annotations

import re

import pytest
from conftest import CORPUS, ROOT

from puente.common.errors import ReadError, UnsupportedFileError
from puente.ingest.chunker import chunk
from puente.ingest.read_pdf import footnotes_after_breaks
from puente.ingest.readers import clean_pages, read_document, read_text


def _words(text: str) -> str:
    return " ".join(text.split())


def test_pdf_pages_are_one_based_and_match_pypdf_ground_truth():
    from pypdf import PdfReader

    pdf = CORPUS / "unhcr-mexico-evaluation-management-response.pdf"
    pages = [{"page": n, "text": page.extract_text() or ""} for n, page in enumerate(PdfReader(pdf).pages, 1)]
    doc = read_document(pdf)
    mine = {p.number: _words(p.text) for p in doc.pages}
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
        ["Registration grew in the south.", "Shelters were expanded.", "Key figures follow.", "Staff were trained.",
         "More shelters opened."],
        ["COMAR processed claims.", "Key figures follow.", "Appeals were heard.", "Legal aid was given.", "Cases closed."],
        ["Children were protected.", "Key figures follow.", "Schools enrolled pupils.", "Teachers joined.", "Budgets grew."],
    ]
    raw = ["Annual Report 2023\n" + "\n".join(b) + f"\nPage {i} of 3" for i, b in enumerate(bodies, 1)]
    pages, header = clean_pages(raw)
    assert header == "Annual Report 2023"
    for p, body in zip(pages, bodies):
        assert p.splitlines() == body  # the repeated body line "Key figures follow." stays


def test_a_bullet_drawn_in_a_symbol_font_reads_as_a_bullet():
    raw = ["Conclusiones:\n\x7f El programa fue pertinente.\n\uf0b7La calidad fue variable.\n  \uf0a7 Otra.\nUn \x7f raro.\n"
           "\uf0fc Cumplida\n\uf0b3 60 años\n\x7f\nAbrir dos centros.\n•\nCapacitar socias."]
    pages, _ = clean_pages(raw)
    assert pages[0].splitlines() == ["Conclusiones:", "• El programa fue pertinente.", "• La calidad fue variable.",
                                     "  • Otra.", "Un \x7f raro.", "\uf0fc Cumplida", "\uf0b3 60 años",  # a check mark, ≥
                                     "• Abrir dos centros.", "• Capacitar socias."]  # a bullet alone on its line


def test_hyphen_joined_when_word_known_kept_for_compounds():
    raw = [
        "The recommendation was accepted.\nA new recommen-\ndation follows.",
        "Partners asked for capacity-\nbuilding support.",
    ]
    pages, _ = clean_pages(raw)
    assert "A new recommendation follows." in pages[0]
    assert "capacity-building support." in pages[1]


def test_a_footnote_between_the_halves_of_a_sentence_moves_after_it():
    """A page-end footnote printed between a sentence's halves ("… both returns and internal" /
    "2 Children reached …" / next page "displacement caused by violence, …") goes after that
    sentence, so the sentence reads whole; a footnote under a finished sentence, one before a
    page that starts anew, and a table's numbered row stay where they are."""
    cut = ["In Honduras, UNICEF helped municipal governments to respond to both returns and internal\n"
           "2 Children reached by more than one service are counted once per indicator.",
           "displacement caused by violence, in line with the Law.\nKey results\nMore text."]
    first, second = footnotes_after_breaks(cut)
    assert first.endswith("returns and internal")
    assert second.startswith("displacement caused by violence, in line with the Law.\n\n2 Children reached")
    assert second.endswith("\nKey results\nMore text.")
    bracket = ["Most people fled from the south of the\n3 Figures are rounded to the nearest hundred people.",
               "country (IDPs)\nand from the border towns.\nNext."]
    assert footnotes_after_breaks(bracket)[1] == ("country (IDPs)\nand from the border towns.\n\n"
                                                  "3 Figures are rounded to the nearest hundred people.\n\nNext.")
    ended = ["The office reported its results.\n1 The final report was approved by the committee in July.", "and more."]
    anew = ["The office reported its results to the\n1 The final report was approved by the committee in July.",
            "Key results follow."]
    row = ["Action Status Comments\n1 Produce regular reports on", "consequently in Mexico and the region."]
    for pages in (ended, anew, row):
        assert footnotes_after_breaks(pages) == pages


def test_a_pdf_sentence_cut_by_a_page_and_its_footnote_is_one_passage():
    """UNICEF's annual report (set B): its Honduras paragraph goes on over a page whose foot
    holds footnote 2; the passage quotes the sentence whole, the footnote in a paragraph of its own."""
    doc = read_document(ROOT / "bench/quality/sets/b/docs/unicef-lacro-children-on-the-move-annual-report-2024.pdf")
    chunks = chunk(doc)
    whole = [c for c in chunks if re.search(r"returns\s+and\s+internal\s+displacement caused by violence", c.text)]
    assert whole and whole[0].page_start == 3 and whole[0].page_end == 4
    assert not any(c.text.lstrip().startswith("displacement caused by violence") for c in chunks)
    note = [c.text for c in chunks if "counted once per indicator" in c.text]
    assert note and all(t.index("(Decree 154-2022).") < t.index("2 Children reached") for t in note)


def test_text_reader_reads_utf8_and_has_no_pages(tmp_path):
    src = tmp_path / "oim-red-migracion-america-del-sur-respuesta-gerencial.txt"
    src.write_text(read_document(CORPUS / f"{src.stem}.pdf").text, encoding="utf-8")
    doc = read_text(src)
    assert doc.pages[0].number is None
    assert "Recomendaciones de evaluación No. 1" in doc.text
    assert doc.doc == src.stem


def test_latin1_text_is_decoded_not_mangled(tmp_path):
    f = tmp_path / "nota.txt"
    f.write_bytes("Migración y protección de niñas".encode("latin-1"))
    assert read_document(f).text == "Migración y protección de niñas"


@pytest.mark.parametrize("name", ["notes.odt", "image.png"])
def test_unsupported_type_names_file_and_fix(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(b"x")
    with pytest.raises(UnsupportedFileError) as err:
        read_document(f)
    assert name in str(err.value) and "convert it" in str(err.value)


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "nope.pdf")


# ---------------------------------------------------------------- Markdown headings without markers
MD = """# Informe de protección

Introducción breve sobre la respuesta regional a la migración venezolana en América del Sur.

## Recomendaciones ##

Fortalecer la coordinación regional con los gobiernos de acogida y los socios locales.

```bash
# not a heading: a comment inside a code block
```

Financiamiento
--------------

Los donantes comprometieron fondos para dos años de programa en la región andina.
"""


def test_markdown_heading_markers_are_structure_not_text(tmp_path):
    from puente.ingest.chunker import chunk

    path = tmp_path / "nota.md"
    path.write_text(MD, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Informe de protección"
    assert [(h.level, h.title) for h in doc.headings] == [
        (1, "Informe de protección"), (2, "Recomendaciones"), (2, "Financiamiento")]
    assert "\n# not a heading" in doc.text  # code blocks are left alone
    assert "## " not in doc.text and "# Informe" not in doc.text and "-----" not in doc.text
    chunks = chunk(doc, max_words=20, min_words=3, overlap_words=0)
    for c in chunks:
        assert not any(line.lstrip().startswith("#") and "not a heading" not in line for line in c.text.split("\n"))
    reco = next(c for c in chunks if "coordinación regional" in c.text)
    assert reco.section == ("Informe de protección", "Recomendaciones")
    fin = next(c for c in chunks if "donantes" in c.text)
    assert fin.section[-1] == "Financiamiento" and fin.text.startswith("Financiamiento\n\nLos donantes")
    assert fin.citation.startswith("nota, ¶") and fin.citation.endswith(", Financiamiento")


def test_markdown_emphasis_links_and_code_ticks_are_not_text(tmp_path):
    """A plan's "- **Commitment 2.2:** …" was quoted with its asterisks and its commitment
    not found; a link showed its address."""
    from puente.ingest.records import extract_records

    path = tmp_path / "plan.md"
    path.write_text("# National action plan 2025-2028\n\n## 2. Education\n\n"
                    "- **Commitment 2.2:** The Ministry of Education will recognise studies completed abroad "
                    "within 30 days.\n\nSee [the annex](annex.md) and the `equivalence` form; *snake_case_id* stays "
                    "snake_case_id, 2 * 3 * 4 stays.\n\n| **Area** | Deadline |\n|---|---|\n| _Education_ | 2026 |\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert "- Commitment 2.2: The Ministry of Education will recognise" in doc.text
    assert "See the annex and the equivalence form; snake_case_id stays snake_case_id, 2 * 3 * 4 stays." in doc.text
    assert "Area\tDeadline\nEducation\t2026" in doc.text and "*" not in doc.text.replace("2 * 3 * 4", "")
    assert [(r.kind, r.number) for r in extract_records(doc)] == [("commitment", "2.2")]
    note = tmp_path / "nota.txt"  # a text file's asterisks and underscores are its own
    note.write_text("Total: 12.260 (*) y **15.300** (*)\nFecha: __/__/____\n", encoding="utf-8")
    assert read_document(note).text == "Total: 12.260 (*) y **15.300** (*)\nFecha: __/__/____\n"
    path.write_text("Total: 12.260 (*) y 15.300 (*). Ver [anexo 2](http://a.b/c(d)).\n", encoding="utf-8")
    assert read_document(path).text.startswith("Total: 12.260 (*) y 15.300 (*). Ver anexo 2.")


def test_text_paragraphs_are_numbered(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("First paragraph.\n\nSecond one\nstill second.\n\n\nThird.\n", encoding="utf-8")
    doc = read_document(path)
    assert [doc.text[p:].split("\n")[0] for p in doc.paragraphs] == ["First paragraph.", "Second one", "Third."]


# ---------------------------------------------------------------- PDF titles
def _corpus_pages(n: int, title: str | None):
    import pypdf

    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(str(CORPUS / "mirps-mexico-national-action-plan.pdf")).pages[:n]:
        writer.add_page(page)
    if title is not None:
        writer.add_metadata({"/Title": title})
    return writer


@pytest.mark.parametrize("junk", ["brief.html", "Microsoft Word - informe final.docx", "untitled", "Untitled-1",
                                  "", "   ", "Document1", "PowerPoint Presentation", "plan-2024", "123",
                                  "(anonymous)", "(untitled)", "Unknown", "[Untitled]", "( anonymous )", "(sin título)",
                                  "Anónimo", "undefined"])
def test_junk_pdf_title_gives_way_to_header_or_first_heading(tmp_path, junk):
    for pages, expected in ((2, "MIRPS - National Action Plan Mexico"), (1, "NATIONAL ACTION PLAN MEXICO")):
        path = tmp_path / "plan-2024.pdf"
        _corpus_pages(pages, junk).write(str(path))
        assert read_document(path).title == expected  # running header, else the first heading


def test_good_pdf_title_is_kept(tmp_path):
    path = tmp_path / "plan.pdf"
    _corpus_pages(1, "Plan de acción nacional de México").write(str(path))
    assert read_document(path).title == "Plan de acción nacional de México"


def test_title_falls_back_to_file_name():
    from pathlib import Path

    from puente.ingest.blocks import junk_title, pick_title

    assert pick_title(Path("in/brief-2024.pdf"), "untitled", ["1", "Título"]) == "brief-2024"
    assert pick_title(Path("in/brief-2024.pdf"), "brief-2024", ["Key findings on shelters"]) == "Key findings on shelters"
    # a Word response without a title property: its numbered sections are not its title, nor any heading after them
    # (every citation and Compare column named it "2. Descripción del programa evaluado")
    sections = ["1. Antecedentes", "2. Descripción del programa evaluado", "Resumen de las respuestas"]
    assert pick_title(Path("in/respuesta-gerencia.docx"), "", sections) == "respuesta-gerencia"
    assert pick_title(Path("in/r.docx"), "", ["Respuesta de la gerencia a la evaluación", *sections]) == \
        "Respuesta de la gerencia a la evaluación"
    assert not junk_title("UNHCR Annual Results Report 2023 - Mexico")
    assert not junk_title("Documento de trabajo sobre protección")


# ---------------------------------------------------------------- AES-encrypted PDFs
def _aes_pdf(tmp_path, password: str):
    pytest.importorskip("cryptography")
    writer = _corpus_pages(2, None)
    writer.encrypt(user_password=password, owner_password="owner-secret", algorithm="AES-256")
    path = tmp_path / ("aes-locked.pdf" if password else "aes-open.pdf")
    writer.write(str(path))
    return path


def test_aes256_pdf_without_user_password_is_read(tmp_path):
    doc = read_document(_aes_pdf(tmp_path, ""))
    plain = tmp_path / "plain.pdf"
    _corpus_pages(2, None).write(str(plain))
    assert doc.text == read_document(plain).text and doc.n_pages == 2 and len(doc.text) > 500


def test_aes256_pdf_with_password_is_one_line_with_fix(tmp_path, capfd):
    path = _aes_pdf(tmp_path, "s3cret")
    with pytest.raises(ReadError) as err:
        read_document(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: encrypted with a password; ") and "\n" not in msg
    assert "--password" in err.value.fix and "decrypt" in err.value.fix
    assert capfd.readouterr() == ("", "")


def test_aes_pdf_without_cryptography_names_the_missing_package(tmp_path, monkeypatch):
    import pypdf
    from pypdf.errors import DependencyError

    path = _aes_pdf(tmp_path, "")

    def no_crypto(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", no_crypto)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert "`cryptography` package is missing" in err.value.reason and "\n" not in str(err.value)
