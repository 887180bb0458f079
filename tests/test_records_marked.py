"""A plan's commitments marked with letters, roman numerals or "Línea de acción N.N.N": three
unseen plans (Costa Rica in Word, the Dominican Republic in PDF, Mexico on the web) gave no
commitment at all, so Compare showed no records for them and Track refused them."""
from __future__ import annotations

import docx

from puente.ingest.read_pdf import clean_pages
from puente.ingest.readers import read_document
from puente.ingest.records import extract_records


def test_lettered_actions_under_each_expected_result_with_the_facts_stated_under_them(tmp_path):
    d = docx.Document()
    d.add_heading("Plan Nacional de Integración 2024–2027", level=0)
    for text in ("Objetivo específico 1.1. Reducir el tiempo de resolución de las solicitudes de refugio",
                 "Resultado esperado 1.1.1: El tiempo promedio de resolución se reduce de 30 a 12 meses.",
                 "Acciones:",
                 "a) Contratar 25 personas oficiales de elegibilidad adicionales para la Unidad de Refugio.",
                 "Indicador: número de oficiales de elegibilidad contratados y en funciones.",
                 "Institución responsable: Dirección General de Migración y Extranjería (DGME).",
                 "Plazo: diciembre de 2024.",
                 "b) Implementar un expediente electrónico único para todas las solicitudes de refugio.",
                 "Institución responsable: DGME, con apoyo técnico del ACNUR.",
                 "Plazo: junio de 2026.",
                 "Resultado esperado 1.2.1: Al menos el 80 % de las personas solicitantes cuenta con un carné vigente.",
                 "a) Renovar de forma automática el carné de persona solicitante.",
                 "Plazo: diciembre de 2025.",
                 "c) El año 2023 fue difícil para las oficinas regionales."):  # no run from "a)": no item
        d.add_paragraph(text)
    path = tmp_path / "plan-nacional-integracion.docx"
    d.save(str(path))
    recs = [r for r in extract_records(read_document(path)) if r.kind == "commitment"]
    assert [(r.key, r.responsible, r.deadline) for r in recs] == [
        ("1.1.1.a", "Dirección General de Migración y Extranjería (DGME)", "diciembre de 2024"),
        ("1.1.1.b", "DGME, con apoyo técnico del ACNUR", "junio de 2026"),
        ("1.2.1.a", "", "diciembre de 2025")]
    assert recs[0].text == "Contratar 25 personas oficiales de elegibilidad adicionales para la Unidad de Refugio."


ROMAN = """Plan Nacional para la Normalización Migratoria 2025-2027
Capítulo 3. Documentación y regularización
 I.  Reabrir el registro para que las personas venezolanas soliciten la visa de trabajador o de
estudiante (responsable: DGM; plazo: agosto de 2025).
II.  Reducir en un 50 % la tasa de renovación del permiso de residencia temporal (responsables: DGM y
Ministerio de Hacienda; plazo: junio de 2025).
Capítulo 4. Trabajo y medios de vida
 III.  Las personas normalizadas no se contabilizarán en la proporción de trabajadores extranjeros
(responsable: Ministerio de Trabajo; plazo: junio de 2025).3
IV.  El 2024 fue un año de consultas con las organizaciones de la sociedad civil.
"""


def test_roman_numbered_commitments_with_their_facts_in_brackets(tmp_path):
    path = tmp_path / "plan-normalizacion.txt"
    path.write_text(ROMAN, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.key, r.responsible, r.deadline) for r in recs] == [  # IV commits nothing
        ("I", "DGM", "agosto de 2025"), ("II", "DGM y Ministerio de Hacienda", "junio de 2025"),
        ("III", "Ministerio de Trabajo", "junio de 2025")]
    assert recs[1].text == "Reducir en un 50 % la tasa de renovación del permiso de residencia temporal."
    assert recs[2].area == "" and recs[2].section[-1] == "Capítulo 4. Trabajo y medios de vida"
    # a report (by its title) has no such commitments
    report = tmp_path / "informe-anual.txt"
    report.write_text(ROMAN.replace("Plan Nacional para la", "Informe anual de la"), encoding="utf-8")
    assert extract_records(read_document(report)) == []


def test_action_lines_of_a_web_plan_take_their_facts_from_the_responsibility_table(tmp_path):
    html = """<html><head><title>Programa Nacional de Protección e Integración | gob.mx</title></head><body>
    <h1>Programa Nacional de Protección e Integración 2025-2027</h1>
    <h3>Resultado esperado 1.1 Las solicitudes se registran sin demoras</h3>
    <ul><li>Línea de acción 1.1.1 Abrir dos módulos adicionales de registro en Tapachula.</li>
    <li>Línea de acción 1.1.2 Implementar un sistema de cita digital única.</li>
    <li>Línea de acción 1.1.3 En 2024 se registraron 80.000 solicitudes.</li></ul>
    <table><tr><th>Línea de acción</th><th>Dependencia coordinadora</th><th>Corresponsables</th><th>Plazo</th></tr>
    <tr><td>1.1.1</td><td>COMAR</td><td>ACNUR</td><td>Septiembre de 2025</td></tr>
    <tr><td>1.1.2</td><td>COMAR</td><td>ATDT</td><td>Diciembre de 2025</td></tr></table></body></html>"""
    path = tmp_path / "programa-asilo.html"
    path.write_text(html, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.number, r.responsible, r.deadline) for r in recs] == [
        ("commitment", "1.1.1", "COMAR", "Septiembre de 2025"), ("commitment", "1.1.2", "COMAR", "Diciembre de 2025")]
    assert recs[0].text == "Abrir dos módulos adicionales de registro en Tapachula."


def test_a_page_number_under_a_running_header_of_three_lines_is_dropped_too():
    head = ["UNHCR Evaluation Service | Management Response", "Costa Rica: Nicaraguan asylum-seekers",
            "For internal and public use – Version 1.2"]
    bodies = ["Acronyms", "1. Introduction", "2. Context of the evaluation", "3. Overall management response"]
    pages = ["\n".join(head + [f"Page {n}", body, f"The {body.lower()} goes on here."]) for n, body in enumerate(bodies, 1)]
    cleaned, header = clean_pages(pages)
    assert header == head[0]
    assert [p.split("\n")[0] for p in cleaned] == bodies


RESPONSE_MD = """# Joint Evaluation of the WFP and UNICEF Response in Mexico

## Management Response

### Recommendation 2 — Make shelters at the northern border safe and child-friendly

Priority: High · Addressed to: UNICEF, with WFP

Response type: Accepted

UNICEF agrees that children in shelters lacked safe spaces.

- Action 2.1: Set up child-friendly spaces in 20 shelters (lead: UNICEF Northern Border Field Office; by: March 2026; status: in progress)
- Action 2.2: Train 300 shelter staff on the referral of unaccompanied children (lead: UNICEF Child Protection \
Section; by: June 2026; status: in progress)

*Page 3 of 9 — WFP/UNICEF Mexico — Management Response*

## Annex 1. Summary of action status

| Recommendation | Response | Actions | Completed | In progress |
|---|---|---|---|---|
| 2. Safe and child-friendly shelters | Accepted | 2 | 0 | 2 |
| Total | | 2 | 0 | 2 |
"""


def test_a_markdown_response_with_labelled_actions_and_their_facts_in_brackets(tmp_path):
    """An unseen Markdown response gave its records from the annex's count table ("action 2.1: 3",
    "recommendation 7: Total"), none of its 15 real actions."""
    path = tmp_path / "management-response.md"
    path.write_text(RESPONSE_MD, encoding="utf-8")
    doc = read_document(path)
    assert "Page 3 of 9" not in doc.text
    recs = extract_records(doc)
    assert [(r.kind, r.key, r.response, r.priority, r.responsible, r.deadline, r.status) for r in recs] == [
        ("recommendation", "2", "Accepted", "High", "", "", ""),
        ("action", "2.1", "", "", "UNICEF Northern Border Field Office", "March 2026", "in progress"),
        ("action", "2.2", "", "", "UNICEF Child Protection Section", "June 2026", "in progress")]
    assert recs[0].text == "Make shelters at the northern border safe and child-friendly"
    assert recs[2].text == "Train 300 shelter staff on the referral of unaccompanied children."


def test_a_recommendation_merged_across_the_matrix_row_above_its_actions(tmp_path):
    """An unseen Word response gave its 13 actions and none of their 7 recommendations, each a
    row merged across the table with its priority, addressees, response and rationale."""
    d = docx.Document()
    d.add_heading("Management response matrix", level=1)
    rows = [("Key action", "Responsible", "Timeframe", "Status"),
            ("Recommendation 4 (priority: Medium; addressed to: LACRO) Establish a dedicated migration response team. "
             "Management response: Rejected. Rationale: The 2025 reduction in regular resources rules out new posts.",),
            ("4.1 Designate migration focal points in each country office.", "LACRO", "Q2 2025", "Completed")]
    t = d.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        if len(row) == 1:
            t.rows[r].cells[0].merge(t.rows[r].cells[3]).text = row[0]
            continue
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    path = tmp_path / "unicef-response.docx"
    d.save(str(path))
    recs = extract_records(read_document(path))
    assert [(r.kind, r.key, r.priority, r.responsible, r.response, r.status) for r in recs] == [
        ("recommendation", "4", "Medium", "LACRO", "Rejected", ""), ("action", "4.1", "", "LACRO", "", "Completed")]
    assert recs[0].text == "Establish a dedicated migration response team."
    assert recs[0].reason == "The 2025 reduction in regular resources rules out new posts."


PDF_ACTIONS = """Management Response to the Evaluation of UNHCR's Response in Costa Rica

Recommendation 1 (High priority): Reduce the backlog of asylum claims.
Management response: Accepted. Management agrees with the recommendation.
Key action
Responsible
Deadline
Status
1.1 Second 12 eligibility case workers to the
DGME Refugee Unit
Senior Protection Officer
(RSD)
June 2025
Completed
1.2 Digitize 60,000 pending paper files
Information Management
Unit / DGME
December
2025
In progress
1.3 Pilot a simplified procedure for manifestly
well-founded claims with the CVRR
Representative / CVRR
March 2026
Not started
"""


def test_a_pdf_tables_actions_whose_cells_come_one_after_another_in_the_headers_order(tmp_path):
    """An unseen PDF response put the unit of 16 of its 17 actions in the action's text, or read
    "Page 5" or "Desamparados" as the unit: pypdf gives each cell on its own lines."""
    path = tmp_path / "unhcr-response.txt"
    path.write_text(PDF_ACTIONS, encoding="utf-8")
    recs = [r for r in extract_records(read_document(path)) if r.kind == "action"]
    assert [(r.key, r.text, r.responsible, r.deadline, r.status) for r in recs] == [
        ("1.1", "Second 12 eligibility case workers to the DGME Refugee Unit", "Senior Protection Officer (RSD)",
         "June 2025", "Completed"),
        ("1.2", "Digitize 60,000 pending paper files", "Information Management Unit / DGME", "December 2025",
         "In progress"),
        ("1.3", "Pilot a simplified procedure for manifestly well-founded claims with the CVRR", "Representative / CVRR",
         "March 2026", "Not started")]


PDF_NOTED_STATUS = """Respuesta de la administración

Recomendación 2
Fortalecer los sistemas de alerta temprana ante sequías.
Respuesta: Parcialmente aceptada
Acción Unidad responsable Plazo Estado del avance
2.1 Elaborar y firmar un protocolo de acción
anticipatoria ante sequía con el
INSIVUMEH y la CONRED.
Unidad de Cambio
Climático y Reducción del
Riesgo de Desastres
Diciembre de
2024
Completada: protocolo firmado
el 12 de diciembre de 2024.
2.2 Acordar con la SESAN y el MAGA una
hoja de ruta de integración en el PAFFEC.
Representación y
Dirección de País
Junio de 2025 Retrasada: proceso afectado
por cambios de autoridades en
el MAGA.
"""


def test_an_actions_status_cell_with_a_note_and_a_deadline_over_two_lines_or_beside_the_status(tmp_path):
    """Set B's PDF response: the status cell is a status and a note over lines ("Completada:
    protocolo firmado" / "el 12 de diciembre de 2024."), the deadline "Diciembre de" / "2024" or
    on the status's line ("Junio de 2025 Retrasada: …"). Its actions had no status, and a unit
    cut to its first line ("Unidad de Cambio")."""
    path = tmp_path / "pma-respuesta.txt"
    path.write_text(PDF_NOTED_STATUS, encoding="utf-8")
    recs = [r for r in extract_records(read_document(path)) if r.kind == "action"]
    assert [(r.key, r.text, r.responsible, r.deadline, r.status) for r in recs] == [
        ("2.1", "Elaborar y firmar un protocolo de acción anticipatoria ante sequía con el INSIVUMEH y la CONRED.",
         "Unidad de Cambio Climático y Reducción del Riesgo de Desastres", "Diciembre de 2024",
         "Completada: protocolo firmado el 12 de diciembre de 2024"),
        ("2.2", "Acordar con la SESAN y el MAGA una hoja de ruta de integración en el PAFFEC.",
         "Representación y Dirección de País", "Junio de 2025",
         "Retrasada: proceso afectado por cambios de autoridades en el MAGA")]


def test_what_a_plan_lists_without_saying_what_is_to_be_done_is_no_commitment(tmp_path):
    """A review's cases: a plan's diagnosis ("a) Falta de documentación …"), a response plan's
    results ("a) Partners delivered …", "b) Apoyó …") and sub-headings over their first sentence
    ("I. Introducción" / "El presente Plan …") are no commitments; roman numbering restarts under
    a new chapter; facts in brackets may hold brackets or commas."""
    text = ("Plan Nacional de Integración 2024-2027\nLas principales barreras identificadas son:\n"
            "a) Falta de documentación de identidad para 40 % de las personas solicitantes.\n"
            "b) Partners delivered cash assistance to 120,000 people in 2024.\n"
            "c) Apoyó la inscripción de 3 000 niñas y niños en escuelas públicas.\n"
            "I. Introducción\nEl presente Plan fue elaborado por la DGME con el apoyo del ACNUR.\n"
            "Capítulo 3. Documentación\nI. Reabrir el registro de visas (responsables: Ministerio de Trabajo y "
            "Seguridad Social (MTSS) y DGM; plazo: junio de 2025).\n"
            "Capítulo 4. Trabajo\nI. Eliminar la cuota de trabajadores extranjeros (responsable: DGM, plazo: 2026).\n")
    path = tmp_path / "plan-nacional.txt"
    path.write_text(text, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.key, r.text, r.responsible, r.deadline) for r in recs] == [
        ("I", "Reabrir el registro de visas.", "Ministerio de Trabajo y Seguridad Social (MTSS) y DGM", "junio de 2025"),
        ("I", "Eliminar la cuota de trabajadores extranjeros.", "DGM", "2026")]


def test_labelled_actions_without_a_separator_and_a_matrix_with_an_action_number_column(tmp_path):
    path = tmp_path / "respuesta.txt"
    path.write_text("Respuesta de la gerencia\n\nRecomendación 1: Reducir el rezago de solicitudes de refugio.\n"
                    "Respuesta: Aceptada.\nAcciones:\n- Acción 1.1 Contratar 12 oficiales de elegibilidad (responsable: "
                    "DGME; plazo: junio de 2025)\n- Acción 1.2 Digitalizar 60 000 expedientes (responsable: DGME; plazo: "
                    "diciembre de 2025)\n", encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.key, r.text, r.deadline) for r in recs] == [
        ("recommendation", "1", "Reducir el rezago de solicitudes de refugio.", ""),
        ("action", "1.1", "Contratar 12 oficiales de elegibilidad.", "junio de 2025"),
        ("action", "1.2", "Digitalizar 60 000 expedientes.", "diciembre de 2025")]
    md = tmp_path / "matrix.md"  # an "Action #" column holds numbers: a matrix, not an annex's counts
    md.write_text("# Management response\n\n| Recommendation | Response | Action # | Key actions | Responsible |\n"
                  "|---|---|---|---|---|\n| 1. Reduce the backlog | Accepted | 1 | Second 12 case workers | Protection "
                  "Unit |\n| 1. Reduce the backlog | Accepted | 2 | Digitize 60,000 files | IM Unit |\n", encoding="utf-8")
    assert [(r.kind, r.responsible) for r in extract_records(read_document(md))] == [
        ("recommendation", ""), ("action", "Protection Unit"), ("action", "IM Unit")]
