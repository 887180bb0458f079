"""Records of layouts an unseen set (Colombia: a WFP response matrix in Word, a UNHCR results
page on the web, a national plan in PDF) showed misread: a plan's "Línea estratégica N:"
was no heading (0 commitments, every passage cited under the introduction), a matrix cell
holding actions 1.1 and 1.2 gave one action with both deadlines, a "Partially agree …"
cell gave no reason, and indicators under "Área de impacto 1: …" rows had the page's
heading as their area."""
from __future__ import annotations

import docx

from puente.ingest.chunker import chunk
from puente.ingest.readers import read_document
from puente.ingest.records import extract_records

PLAN = """Plan Nacional de Respuesta Migratoria 2025-2027

PRESENTACIÓN
El presente Plan articula la acción de 14 entidades en siete líneas estratégicas, con compromisos medibles.
Línea estratégica 1: Regularización y documentación
La regularización es la puerta de entrada a los servicios del Estado.
1.1 Migración Colombia garantizará la expedición de 450.000 nuevos Permisos por
Protección Temporal a personas venezolanas.
Entidad responsable: Unidad Administrativa Especial Migración Colombia
Plazo: diciembre de 2026
Meta: 450.000 PPT expedidos
Línea estratégica 2: Acceso a la educación
2.1 El Ministerio de Educación Nacional garantizará la matrícula de 600.000 estudiantes venezolanos.
Entidad responsable: Ministerio de Educación Nacional
Plazo: inicio del calendario escolar de 2026
Meta: 600.000 estudiantes matriculados
"""


def test_a_plans_strategic_lines_are_its_sections_and_its_commitments_areas_with_their_stated_facts(tmp_path):
    path = tmp_path / "plan-nacional.txt"
    path.write_text(PLAN, encoding="utf-8")
    doc = read_document(path)
    recs = extract_records(doc)
    assert [(r.number, r.area, r.responsible, r.deadline, r.target) for r in recs] == [
        ("1.1", "Regularización y documentación", "Unidad Administrativa Especial Migración Colombia",
         "diciembre de 2026", "450.000 PPT expedidos"),
        ("2.1", "Acceso a la educación", "Ministerio de Educación Nacional", "inicio del calendario escolar de 2026",
         "600.000 estudiantes matriculados")]
    assert recs[1].text == "El Ministerio de Educación Nacional garantizará la matrícula de 600.000 estudiantes venezolanos."
    # its source span holds the lines of its facts: a "who" answer quotes "Entidad responsable: …"
    assert doc.text[recs[1].start:recs[1].end].endswith("Meta: 600.000 estudiantes matriculados")
    assert doc.text[recs[0].start:recs[0].end].startswith("1.1 Migración Colombia")
    # facts under an item whose number was not read belong to that item: the one above keeps its span
    lost = tmp_path / "plan-perdido.txt"
    lost.write_text(PLAN.replace("Línea estratégica 2: Acceso a la educación", "Acceso a la educación"), encoding="utf-8")
    first = extract_records(read_document(lost))[0]
    assert "Ministerio de Educación" not in read_document(lost).text[first.start:first.end]
    where = {c.section[-1] for c in chunk(doc, max_words=40, min_words=5, overlap_words=0) if "garantizará" in c.text}
    assert where == {"Línea estratégica 1: Regularización y documentación",
                     "Línea estratégica 2: Acceso a la educación"}


MATRIX = [
    ("Recommendation 1: Transition cash transfers towards the national social protection system.", "Agree",
     "1.1 Sign a data-sharing agreement with the DNP.\n1.2 Align the monthly transfer value with Renta Ciudadana.",
     "Social Protection Unit", "1.1 June 2025\n1.2 December 2025", "1.1 Completed\n1.2 Ongoing"),
    ("Recommendation 4: Hand over the 18 community kitchens by the end of 2025.",
     "Partially agree\nWFP agrees with the hand-over in principle but considers the end-2025 date unrealistic.",
     "4.1 Agree a transition plan with the Alcaldía de Cúcuta.", "Cúcuta Field Office", "4.1 June 2026",
     "4.1 Not started"),
]


def test_a_matrix_cell_of_several_numbered_actions_gives_each_its_own_deadline_status_and_the_reason(tmp_path):
    d = docx.Document()
    d.add_heading("Management response", level=1)
    t = d.add_table(rows=len(MATRIX) + 1, cols=6)
    for c, head in enumerate(("Recommendation", "Management response", "Actions to be taken", "Lead unit",
                              "Timeline", "Status")):
        t.cell(0, c).text = head
    for r, row in enumerate(MATRIX, 1):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    path = tmp_path / "wfp-response.docx"
    d.save(str(path))
    recs = extract_records(read_document(path))
    assert [(r.kind, r.key, r.deadline, r.status) for r in recs] == [
        ("recommendation", "1", "", ""),
        ("action", "1.1", "June 2025", "Completed"),
        ("action", "1.2", "December 2025", "Ongoing"),
        ("recommendation", "4", "", ""),
        ("action", "4.1", "June 2026", "Not started")]
    a12 = recs[2]
    assert (a12.text, a12.parent, a12.responsible) == (
        "Align the monthly transfer value with Renta Ciudadana.", "1", "Social Protection Unit")
    rec4 = recs[3]
    assert (rec4.response, rec4.reason) == (
        "Partially agree", "WFP agrees with the hand-over in principle but considers the end-2025 date unrealistic.")
    assert rec4.stated_response.startswith("Partially agree. WFP agrees")


PAGE = """<html><body><h1>Informe anual de resultados 2024</h1><h2>Indicadores de resultados</h2>
<table><thead><tr><th>Indicador</th><th>Línea de base (2023)</th><th>Meta 2024</th><th>Resultado 2024</th></tr></thead>
<tbody>
<tr><td colspan="4">Área de impacto 1: Protección y documentación</td></tr>
<tr><td>1.1 PPT entregados con apoyo del ACNUR</td><td>71.200</td><td>90.000</td><td>96.800</td></tr>
<tr><td colspan="4">Área de impacto 2: Soluciones e integración</td></tr>
<tr><td>2.1 Sobrevivientes de VBG con gestión de casos</td><td>1.450</td><td>2.000</td><td>1.920</td></tr>
</tbody></table><p>La financiación cubrió el 41 % de las necesidades.</p></body></html>"""


def test_an_indicator_tables_group_rows_are_the_areas_of_the_indicators_under_them(tmp_path):
    path = tmp_path / "informe.html"
    path.write_text(PAGE, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.number, r.area, r.actual) for r in recs] == [
        ("1.1", "Área de impacto 1: Protección y documentación", "96.800"),
        ("2.1", "Área de impacto 2: Soluciones e integración", "1.920")]


def test_contents_entries_wrapped_numbered_lines_and_table_rows_are_no_headings():
    from puente.ingest.headings import heading_of

    assert heading_of("6. Looking ahead to 2025 ........................................ 6") is None
    assert heading_of("2. Acceso a la educación 2 Ministerio de Educación Nacional 1.420") is None  # a summary row
    assert heading_of("1. Regularización y") is None  # its cell goes on below
    assert heading_of("2.1 Outcomes in 2023") == (3, "2.1 Outcomes in 2023")
    assert heading_of("Strategic line 3: Health") == (3, "Strategic line 3: Health")
    from puente.ingest.headings import sections

    text = ("4. Acciones clave\nSección de Política Social 31/10/2025 Pendiente\n"
            "5.2 Fortalecer las rutas de atención de violencia\nbasada en género en Huaquillas y Lago Agrio.\n")
    assert [p for p, _, _ in sections(text)] == [("4. Acciones clave",)]  # the action's first line is no heading


ERC_PAGE = """<html><body><nav>Inicio | Evaluaciones</nav><main><h1>Respuesta de la gerencia</h1>
<h3>Recomendación 1: Fortalecer los centros de recepción de personas retornadas.</h3>
<h4>Respuesta de la gerencia: Parcialmente aceptada</h4>
<p>[Añadido: 2025/01/20] [Última actualización: 2025/04/02] El PNUD apoyará el tamizaje, pero no la infraestructura.</p>
<table><tr><th>Acción clave</th><th>Plazo</th><th>Unidad responsable</th><th>Seguimiento: Estado</th><th>Comentarios</th></tr>
<tr><td>1.1 Instalar un módulo de tamizaje en el centro de recepción</td><td>Junio de 2025</td><td>Área de Gobernabilidad</td>
<td>Iniciada</td><td>Equipamiento adquirido.</td></tr></table></main></body></html>"""


def test_a_web_response_pages_key_actions_take_their_recommendation_and_status_without_edit_stamps(tmp_path):
    path = tmp_path / "respuesta.html"
    path.write_text(ERC_PAGE, encoding="utf-8")
    doc = read_document(path)
    assert "Añadido" not in doc.text and "El PNUD apoyará el tamizaje" in doc.text
    recs = extract_records(doc)
    action = next(r for r in recs if r.kind == "action")
    assert (action.key, action.parent, action.deadline, action.status) == ("1.1", "1", "Junio de 2025", "Iniciada")
    # every recommendation has its "Respuesta de la gerencia: …" heading: the citation names which one
    assert action.citation.endswith(", Recomendación 1 — Respuesta de la gerencia: Parcialmente aceptada")


def test_a_pdf_tables_two_level_header_still_gives_its_indicators():
    from puente.common.types import Document, Page

    text = ("3. Results framework\nIndicator Population type Baseline 2024 Target Actual\n"
            "1.2 Proportion of children under 5 whose births have been registered\tIDPs\t82%\t88%\t86.5%\n"
            "8.1 Number of households receiving cash assistance\tIDPs and returnees\t2,900\t3,500\t3,850\n")
    recs = extract_records(Document(doc="report", title="Annual results report 2024", pages=(Page(4, text),)))
    assert [(r.number, r.population, r.baseline, r.target, r.actual) for r in recs] == [
        ("1.2", "IDPs", "82%", "88%", "86.5%"), ("8.1", "IDPs and returnees", "2,900", "3,500", "3,850")]


def test_a_word_tables_header_of_two_levels_names_its_columns(tmp_path):
    """A fourth unseen set's IOM report: "2024" merged over "Target | Achieved" gave its
    indicators a baseline only, and answers a row without its columns' names."""
    from puente.index.answer.read.tables import header

    d = docx.Document()
    d.core_properties.title = "IOM Peru Annual Report 2024"
    d.add_heading("Executive summary", level=1)
    d.add_paragraph("IOM Peru reached 214,600 people in 2024.")
    t = d.add_table(rows=4, cols=5)
    for c, head in enumerate(("Outcome", "Indicator", "Baseline (2023)", "2024", "")):
        t.cell(0, c).text = head
    t.cell(0, 3).merge(t.cell(0, 4)).text = "2024"
    for c, label in ((3, "Target"), (4, "Achieved")):
        t.cell(1, c).text = label
    for r, row in enumerate((("1. Regularization", "Venezuelans assisted to obtain the CPP", "31,200", "45,000", "52,380"),
                             ("2. Health", "Refugees and migrants affiliated to SIS", "9,800", "15,000", "16,240")), 2):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    path = tmp_path / "iom-peru-annual-report-2024.docx"
    d.save(str(path))
    doc = read_document(path)
    assert doc.title == "IOM Peru Annual Report 2024"  # like the file's name, but a title; not "Executive summary"
    recs = extract_records(doc)
    assert [(r.text, r.baseline, r.target, r.actual) for r in recs] == [
        ("Venezuelans assisted to obtain the CPP", "31,200", "45,000", "52,380"),
        ("Refugees and migrants affiliated to SIS", "9,800", "15,000", "16,240")]
    at = doc.text.index("2. Health")
    assert header(doc.text, at, 5) == ["Outcome", "Indicator", "Baseline (2023)", "Target 2024", "Achieved 2024"]


MATRIX_PDF_TEXT = """Matriz de respuesta de la gerencia
Recomendación Respuesta de la gerencia Acciones clave Unidad responsable Fecha límite Estado
R1. Fortalecer el acceso a la identidad legal de
la niñez en movilidad.
Aceptada. UNICEF ampliará su apoyo
técnico al DIGERCIC.
1.1 Apoyar brigadas móviles de inscripción de
nacimientos en Sucumbíos.
Sección de Protección
de la Niñez 31/12/2025 En curso
R2. Establecer un programa propio de transferencias monetarias.
No aceptada. UNICEF no cuenta con financiamiento plurianual.
2.1 Promover ante el MIES la inclusión de hogares migrantes.
Sección de Política Social 31/10/2025 Retrasada
"""


def test_a_matrix_read_cell_by_cell_gives_r_numbered_recommendations_their_responses_and_actions():
    from puente.common.types import Document, Page

    doc = Document(doc="unicef-respuesta", title="Respuesta de la gerencia: evaluación", pages=(Page(2, MATRIX_PDF_TEXT),))
    recs = extract_records(doc)
    assert [(r.kind, r.key, r.response, r.responsible, r.deadline, r.status) for r in recs] == [
        ("recommendation", "1", "Aceptada", "", "", ""),
        ("action", "1.1", "", "Sección de Protección de la Niñez", "31/12/2025", "En curso"),
        ("recommendation", "2", "No aceptada", "", "", ""),
        ("action", "2.1", "", "Sección de Política Social", "31/10/2025", "Retrasada")]
    assert recs[0].text == "Fortalecer el acceso a la identidad legal de la niñez en movilidad."
    assert recs[2].reason == "UNICEF no cuenta con financiamiento plurianual."


MD_RESPONSE = """# Respuesta de la gerencia a la evaluación final

## Recomendación 1

Fortalecer el acompañamiento a la regularización migratoria en las tres regiones del norte.

**Respuesta:** De acuerdo. La falta de documentos es la principal barrera para el empleo formal.

| N.º | Acción | Responsable | Plazo | Estado |
|---|---|---|---|---|
| 1.1 | Abrir puntos de orientación migratoria permanentes en Arica | Unidad de Protección | Junio de 2024 | Completada |
| 1.2 | Elaborar una guía en español y creole haitiano sobre los trámites de visa | Unidad de Comunicación | Septiembre de 2024 | En curso |
"""


def test_a_markdown_response_reads_its_response_label_and_numbers_actions_by_their_column(tmp_path):
    path = tmp_path / "respuesta.md"
    path.write_text(MD_RESPONSE, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.key, r.parent, r.response) for r in recs] == [
        ("recommendation", "1", "", "De acuerdo"), ("action", "1.1", "1", ""), ("action", "1.2", "1", "")]
    assert recs[0].reason == "La falta de documentos es la principal barrera para el empleo formal."


PLAN_PAGE = """<html><body><h1>Plan Nacional de Integración 2025-2028</h1>
<h2>Eje 1: Regularización migratoria y documentación</h2>
<ol><li>1.1 La Superintendencia Nacional de Migraciones emitirá 120.000 carnés de permiso temporal.
<ul><li>Responsable: Superintendencia Nacional de Migraciones</li><li>Plazo: diciembre de 2026</li></ul></li></ol>
<h2>Resumen del plan</h2>
<table><tr><th>Eje</th><th>N.° de compromisos</th><th>Entidad líder</th><th>Presupuesto</th></tr>
<tr><td>Eje 1: Regularización migratoria y documentación</td><td>3</td><td>Migraciones</td><td>90</td></tr>
<tr><td>Eje 2: Acceso a educación y salud</td><td>3</td><td>MINEDU y MINSA</td><td>54</td></tr></table>
</body></html>"""


def test_a_plans_axis_headings_and_summary_rows_are_no_priorities(tmp_path):
    path = tmp_path / "plan-nacional.html"
    path.write_text(PLAN_PAGE, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.number, r.area, r.deadline) for r in recs] == [
        ("commitment", "1.1", "Regularización migratoria y documentación", "diciembre de 2026")]


def test_a_review_of_these_rules_found_them_too_wide(tmp_path):
    """Inputs an independent review of this round's rules showed misread."""
    from puente.common.types import Document, Page
    from puente.ingest.headings import heading_of, sections
    from puente.ingest.records.tabular import _items

    page = tmp_path / "r.html"  # a comment inside a list item made the page unreadable
    page.write_text("<html><body><h1>Respuesta</h1><ul><li>Recomendación 1: fortalecer los centros. <!-- revisar -->"
                    "</li><li>Aceptada.</li></ul></body></html>", encoding="utf-8")
    assert "fortalecer los centros" in read_document(page).text
    logframe = PLAN + "MARCO DE RESULTADOS\nR1. Aumentada la cobertura de documentación.\nR2. Mejorado el acceso.\n"
    recs = extract_records(Document(doc="plan", title="Plan Nacional 2025-2027", pages=(Page(1, logframe),)))
    assert [(r.kind, r.number) for r in recs] == [("commitment", "1.1"), ("commitment", "2.1")]  # results, no recommendations
    assert _items("Raise the transfer from 1.5 to 2.5 million COP per household") == []
    assert [heading_of(t) is not None for t in ("3.2 Vitamin A", "4.1 Contribution to SDGs 5 and 16")] == [True, True]
    assert [p for p, _, _ in sections("2.3 Lecciones aprendidas\ni. La coordinación fue buena.\n")] == [
        ("2.3 Lecciones aprendidas",)]
    wrapped = ("Recommendation 3: UNHCR should complete the handover within the timeline previously\nagreed. The "
               "Ministry lacks staff.\nManagement response: Partially agreed. UNHCR will hand over two shelters.\n")
    rec = extract_records(Document(doc="mr", title="Management response", pages=(Page(1, wrapped),)))[0]
    assert (rec.response, rec.text.endswith("previously agreed. The Ministry lacks staff.")) == ("Partially agreed", True)


PROSE_FACTS = """Respuesta de la gerencia a la evaluación del programa Entornos Seguros

Recomendación 2
Integrar las transferencias monetarias con fines de protección en los planes de caso.
Respuesta de la gerencia: Aceptada
Acción 2.1: Elaborar una guía operativa de transferencias monetarias que defina montos y una duración máxima de seis meses por caso. Unidad
responsable: Unidad de Transferencias Monetarias, con la Unidad de Protección de la Niñez.
Fecha límite: julio de 2025. Estado: Cumplida.
Acción 2.2: Firmar acuerdos de cooperación con el MIES en Ecuador y con el MIMP en Perú. Unidad responsable: Representaciones
en Ecuador y Perú. Fecha límite: junio de 2025. Estado: Cumplida en Perú; en curso en
Ecuador.
5. Seguimiento de la respuesta
La Unidad de Monitoreo informará cada seis meses.
"""


def test_an_actions_facts_in_running_text_are_split_at_their_labels(tmp_path):
    path = tmp_path / "respuesta.txt"
    path.write_text(PROSE_FACTS, encoding="utf-8")
    acts = [r for r in extract_records(read_document(path)) if r.kind == "action"]
    assert [(a.key, a.responsible, a.deadline, a.status) for a in acts] == [
        ("2.1", "Unidad de Transferencias Monetarias, con la Unidad de Protección de la Niñez", "julio de 2025", "Cumplida"),
        ("2.2", "Representaciones en Ecuador y Perú", "junio de 2025", "Cumplida en Perú; en curso en Ecuador")]
    assert acts[0].text.endswith("seis meses por caso.")


def test_a_status_cell_naming_two_actions_at_once_gives_both_its_status():
    from puente.ingest.records.tabular import _per_item

    got = _per_item({"status": "4.1 completed; 4.2 and 4.3 in progress", "deadline": "Q3 2025"}, ["4.1", "4.2", "4.3"])
    assert got == [{"status": "completed", "deadline": "Q3 2025"}, {"status": "in progress", "deadline": "Q3 2025"},
                   {"status": "in progress", "deadline": "Q3 2025"}]
    for cell in ("4.1: completed; 4.2 and 4.3: in progress", "4.1 completed; 4.2, 4.3 in progress"):
        assert [d["status"] for d in _per_item({"status": cell}, ["4.1", "4.2", "4.3"])] == \
            ["completed", "in progress", "in progress"], cell
    assert _per_item({"deadline": "4.2 June 2025 4.3 July 2025"}, ["4.1", "4.2", "4.3"]) == [
        {}, {"deadline": "June 2025"}, {"deadline": "July 2025"}]  # 4.1 not in the cell: no date of another


def test_facts_in_running_text_keep_abbreviated_dates_line_start_labels_and_end_before_the_next_part():
    from puente.ingest.records.patterns import prose_facts

    assert prose_facts("Develop SOPs for case management\nResponsible: Child Protection Unit.\n"
                       "Deadline: June 2025. Status: Ongoing.") == (
        "Develop SOPs for case management", {"responsible": "Child Protection Unit", "deadline": "June 2025",
                                             "status": "Ongoing"})
    assert prose_facts("Develop SOPs. Responsible: Protection Unit. Deadline: 31 Dec. 2025. Status: Completed (see p. 12).")[1] \
        == {"responsible": "Protection Unit", "deadline": "31 Dec. 2025", "status": "Completed (see p. 12)"}
    assert prose_facts("Realizar incidencia. Estado: En curso. Responsable: UNICEF.\n4. Follow-up\nThe Unit will report.")[1] \
        == {"status": "En curso", "responsible": "UNICEF"}


def test_a_word_responses_lead_and_due_paragraphs_are_its_unit_and_deadline(tmp_path):
    d = docx.Document()
    d.add_heading("Management response", 1)
    d.add_heading("Recommendation 2: Integrate social cohesion activities into school life", 2)
    d.add_paragraph("The programme should move to a structured approach.")
    d.add_paragraph("Management response: Partially accepted. Management agrees.")
    d.add_paragraph("Key actions: ")
    d.add_paragraph("Develop a teacher training module.", style="List Bullet")
    d.add_paragraph("Lead: Social Cohesion Officer, Chile Country Office")
    d.add_paragraph("Due: June 2026")
    path = tmp_path / "response.docx"
    d.save(str(path))
    (rec,) = extract_records(read_document(path))
    assert (rec.key, rec.responsible, rec.deadline, rec.response) == (
        "2", "Social Cohesion Officer, Chile Country Office", "June 2026", "Partially accepted")


MISSION = """# Informe de la misión conjunta de monitoreo

## Hallazgos

Las recomendaciones de la misión anterior se cumplieron en parte.

1. El 60 % de los hogares visitados recibía asistencia.
2. Ningún hogar había sido referido a programas de empleo.

## Recomendaciones

1. Abrir un espacio seguro para sobrevivientes de violencia basada en género en Lethem.
   **Responsable:** CPSA y organizaciones socias
   **Plazo:** septiembre de 2025

2. Organizar campañas de inscripción tardía de nacimientos en las comunidades
   ribereñas de la Región Uno.
   **Responsable:** Comisión Nacional de Asuntos Migratorios (CNAM)
   **Plazo:** junio de 2025

## Anexo

1. Lista de personas entrevistadas.
   Responsable: equipo de la misión
"""


def test_a_reports_recommendations_listed_with_their_facts_are_records(tmp_path):
    """A mission report's "## Recomendaciones" list, each item with "**Responsable:**" and
    "**Plazo:**" under it, gave no record: "who should run the late birth registration
    campaigns?" was answered with the item's statement, its deadline not at all. A list
    with no facts gives its items without them (set W: a progress report's "Recommendations for
    the next phase"); a list under another heading stays text."""
    path = tmp_path / "informe-mision.md"
    path.write_text(MISSION, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.number, r.responsible, r.deadline) for r in recs] == [
        ("recommendation", "1", "CPSA y organizaciones socias", "septiembre de 2025"),
        ("recommendation", "2", "Comisión Nacional de Asuntos Migratorios (CNAM)", "junio de 2025")]
    assert recs[1].text == "Organizar campañas de inscripción tardía de nacimientos en las comunidades ribereñas de la Región Uno."
    assert recs[1].section[-1] == "Recomendaciones"
    bare = MISSION.replace("   **Responsable:** CPSA y organizaciones socias\n   **Plazo:** septiembre de 2025\n", "")
    bare = bare.replace("   **Responsable:** Comisión Nacional de Asuntos Migratorios (CNAM)\n   **Plazo:** junio de 2025\n", "")
    path.write_text(bare, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.number, r.responsible, r.deadline) for r in recs] == [("1", "", ""), ("2", "", "")]
    assert recs[1].text.startswith("Organizar campañas de inscripción tardía")
    path.write_text(bare.replace("## Recomendaciones", "## Hallazgos"), encoding="utf-8")
    assert extract_records(read_document(path)) == []


def test_an_indicator_line_stands_for_the_target_only_when_none_is_stated():
    """"Indicator: …" lines under a plan's items are read as their target (an unseen web plan
    gives no other); a "Target:" line under the same item is the target, whichever comes first."""
    from puente.common.types import Document, Page
    from puente.ingest.records import extract_records

    text = ("National Action Plan 2025: our commitments\n1. Labour inclusion\n"
            "1.1 The Ministry of Labour will issue work permits to asylum seekers.\n"
            "Indicator: Number of work permits issued\nTarget: 12,000 permits by 2026\n"
            "1.2 The Ministry will open two offices.\nIndicator: Offices open\n")
    recs = extract_records(Document(doc="plan", title="National Action Plan", pages=(Page(1, text),)))
    assert [(r.number, r.target) for r in recs] == [("1.1", "12,000 permits by 2026"), ("1.2", "Offices open")]
