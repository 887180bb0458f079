"""Word and web reports made here with python-docx and as HTML: a passage never spans two
headings, and "Responsable:/Plazo:/Estado:" lines of a recommendation read into its record."""
from __future__ import annotations

from pathlib import Path

import docx

from puente.ingest.chunker import chunk
from puente.ingest.readers import read_document
from puente.ingest.records import extract_records

SECTIONS = ["3. Contexto", "4. Recomendaciones", "5. Riesgos", "6. English summary"]


def _bold(d, text: str) -> None:
    d.add_paragraph().add_run(text).bold = True


def _costa_rica_docx(path: Path, styled: bool) -> Path:
    """Sections as Heading 1 (``styled``) or as bold paragraphs, as many reports are typed;
    the recommendations a short numbered list; one section left empty."""
    d = docx.Document()
    d.add_heading("Informe de seguimiento Costa Rica 2024", 0)
    head = (lambda t: d.add_heading(t, 1)) if styled else (lambda t: _bold(d, t))
    head(SECTIONS[0])
    d.add_paragraph("El país recibió solicitudes de asilo en la frontera norte durante todo el año. " * 4)
    head(SECTIONS[1])
    for item in ("Fortalecer el registro de personas solicitantes", "Ampliar la capacidad de albergue en Upala",
                 "Mejorar los datos de protección"):
        d.add_paragraph(item, style="List Number")
    head(SECTIONS[2])  # empty: the next heading follows
    head(SECTIONS[3])
    d.add_paragraph("In the first half of 2024 the office registered asylum seekers in the north. " * 3)
    d.save(str(path))
    return path


def _assert_one_heading_each(doc) -> list:
    chunks = chunk(doc, max_words=200, min_words=60, overlap_words=0)
    for c in chunks:
        inside = [h for h in SECTIONS if h in c.text]
        assert len(inside) <= 1, (c.section, c.text)
        assert all(h in c.section for h in inside), (c.section, c.text)  # a heading it holds is its section
    return chunks


def test_a_word_passage_never_spans_two_headings(tmp_path):
    for styled in (True, False):
        doc = read_document(_costa_rica_docx(tmp_path / f"costa-rica-{styled}.docx", styled))
        chunks = _assert_one_heading_each(doc)
        recs = next(c for c in chunks if "Ampliar la capacidad" in c.text)
        assert recs.section[-1] == "4. Recomendaciones" and "Mejorar los datos" in recs.text
        assert recs.citation.endswith(", 4. Recomendaciones")
        summary = next(c for c in chunks if "first half of 2024" in c.text)
        assert summary.section[-1] == "6. English summary" and "Recomendaciones" not in summary.text


def test_a_web_passage_never_spans_two_headings(tmp_path):
    items = "".join(f"<li>{t}</li>" for t in ("Fortalecer el registro de personas solicitantes",
                                              "Ampliar la capacidad de albergue en Upala"))
    page = tmp_path / "costa-rica.html"
    page.write_text(
        "<html><head><title>Informe de seguimiento Costa Rica 2024</title></head><body><nav>Inicio</nav><article>"
        f"<h1>Informe de seguimiento Costa Rica 2024</h1><h2>{SECTIONS[0]}</h2>"
        f"<p>{'El país recibió solicitudes de asilo en la frontera norte durante todo el año. ' * 4}</p>"
        f"<h2>{SECTIONS[1]}</h2><ol>{items}</ol><h2>{SECTIONS[2]}</h2><h2>{SECTIONS[3]}</h2>"
        f"<p>{'In the first half of 2024 the office registered asylum seekers in the north. ' * 3}</p>"
        "</article></body></html>", encoding="utf-8")
    chunks = _assert_one_heading_each(read_document(page))
    assert next(c for c in chunks if "Ampliar la capacidad" in c.text).section[-1] == "4. Recomendaciones"


def _recommendation_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Respuesta a la evaluación de Costa Rica", 0)
    d.add_heading("4. Recomendaciones", 1)
    d.add_heading("Recomendación 1", 2)
    d.add_paragraph("Fortalecer el registro de personas solicitantes en la frontera norte.")
    d.add_paragraph("Responsable: Dirección General de Migración y Extranjería")
    d.add_paragraph("Plazo: diciembre de 2024")
    d.add_paragraph("Estado: en curso")
    d.add_heading("Recomendación 2", 2)
    d.add_paragraph("Ampliar la capacidad de albergue en Upala.")
    d.add_paragraph("Responsable: ACNUR")
    d.add_paragraph("Plazo: junio de 2025")
    d.add_heading("5. Riesgos", 1)
    d.add_paragraph("Los recortes de fondos ponen en riesgo la respuesta en 2025.")
    d.save(str(path))
    return path


def test_word_recommendation_lines_read_into_record_fields(tmp_path):
    recs = [r for r in extract_records(read_document(_recommendation_docx(tmp_path / "cr.docx")))
            if r.kind == "recommendation"]
    assert [(r.number, r.responsible, r.deadline, r.status) for r in recs] == [
        ("1", "Dirección General de Migración y Extranjería", "diciembre de 2024", "en curso"),
        ("2", "ACNUR", "junio de 2025", ""),
    ]
    assert recs[0].text == "Fortalecer el registro de personas solicitantes en la frontera norte."
    assert "Riesgos" not in recs[1].text and "recortes" not in recs[1].detail  # it ends at the next section


def test_web_recommendation_lines_read_into_record_fields(tmp_path):
    page = tmp_path / "response.html"
    page.write_text(
        "<html><head><title>Management response, Panama evaluation</title></head><body><main>"
        "<h1>Management response, Panama evaluation</h1><h2>Recommendation 1</h2>"
        "<p>Expand legal counselling for asylum seekers in Darién and Panama City.</p>"
        "<p>Responsible: UNHCR Protection Unit</p><p>Deadline: June 2025</p><p>Status: ongoing</p>"
        "<h2>Recommendation 2</h2><p>Publish quarterly data on registrations and referrals.</p>"
        "<p>Responsible: Information Management</p><p>Deadline: December 2024</p><p>Status: completed</p>"
        "<h2>Annex</h2><p>The evaluation team thanks the partners who took part in 2024.</p>"
        "</main></body></html>", encoding="utf-8")
    recs = [r for r in extract_records(read_document(page)) if r.kind == "recommendation"]
    assert [(r.number, r.responsible, r.deadline, r.status) for r in recs] == [
        ("1", "UNHCR Protection Unit", "June 2025", "ongoing"),
        ("2", "Information Management", "December 2024", "completed"),
    ]
    assert "thanks the partners" not in recs[1].text
