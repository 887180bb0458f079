"""Records from the tables of Word files, web pages and Markdown (``ingest/records/tabular``):
a management-response matrix with cells merged down the rows of a recommendation's
actions, a plan's numbered commitments with the facts of its annex table, an indicator
table whose header names years."""
from __future__ import annotations

from pathlib import Path

import docx

from puente.index.answer.read.tables import columns
from puente.ingest.readers import read_document
from puente.ingest.records import extract_records

MATRIX = [
    ("Recomendación 1. Revisar los criterios de focalización para incluir la discapacidad.",
     "Aceptada. La gerencia coincide con la evaluación.",
     "1.1 Actualizar el modelo de focalización.", "Unidad de Análisis", "Junio de 2024", "Completada"),
    (None, None, "1.2 Verificar en terreno 2.000 hogares excluidos.", "Oficinas de terreno", "Septiembre de 2024",
     "En curso"),
    ("Recomendación 2. Alinear el valor de la transferencia con la canasta básica.",
     "Parcialmente aceptada. El valor se revisará cada año.",
     "2.1 Revisar cada año el valor de la transferencia.", "Unidad de Programas", "Enero de 2025", "Pendiente"),
]


def _matrix(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("Respuesta de la gerencia", level=1)
    d.add_paragraph("La matriz presenta las acciones previstas para cada recomendación.")
    t = d.add_table(rows=len(MATRIX) + 1, cols=6)
    for c, head in enumerate(("Recomendación", "Respuesta de la gerencia", "Acción", "Responsable", "Plazo", "Estado")):
        t.cell(0, c).text = head
    for r, row in enumerate(MATRIX, 1):
        for c, value in enumerate(row):
            if value is not None:
                t.cell(r, c).text = value
    for c in (0, 1):  # recommendation 1 and its response span the rows of both its actions
        t.cell(1, c).merge(t.cell(2, c))
        t.cell(1, c).text = MATRIX[0][c]
    d.save(str(path))
    return path


def test_a_word_response_matrix_gives_each_recommendation_once_with_its_actions(tmp_path):
    doc = read_document(_matrix(tmp_path / "respuesta.docx"))
    rows = [ln for ln in doc.text.split("\n") if "\t" in ln]
    assert rows[2].startswith("\t\t1.2 Verificar"), rows[2]  # the merged cells keep their places, not repeated
    assert doc.text.count("Revisar los criterios") == 1
    recs = extract_records(doc)
    assert [(r.kind, r.key) for r in recs] == [("recommendation", "1"), ("action", "1.1"), ("action", "1.2"),
                                               ("recommendation", "2"), ("action", "2.1")]
    rec1, a11, a12, rec2, a21 = recs
    assert rec1.text == "Revisar los criterios de focalización para incluir la discapacidad."
    assert (rec1.response, rec2.response) == ("Aceptada", "Parcialmente aceptada")
    assert (a12.text, a12.parent, a12.responsible, a12.deadline, a12.status) == (
        "Verificar en terreno 2.000 hogares excluidos.", "1", "Oficinas de terreno", "Septiembre de 2024", "En curso")
    assert (a21.responsible, a21.deadline, a21.status) == ("Unidad de Programas", "Enero de 2025", "Pendiente")
    assert a11.citation == rec1.citation == "respuesta, Respuesta de la gerencia"


def test_which_recommendation_was_rejected_or_partly_accepted_is_read_from_the_responses(tmp_path):
    from puente.index.answer.read.evidence import evidence
    from puente.index.answer.read.responses import response_records

    recs = extract_records(read_document(_matrix(tmp_path / "respuesta.docx")))
    named = ["respuesta"]
    partial = response_records("¿Qué recomendación aceptó la gerencia solo parcialmente?", [], recs, named)
    assert [r.number for r in partial] == ["2"]
    assert evidence(partial[0], "response") == ("Alinear el valor de la transferencia con la canasta básica. "
                                                "Parcialmente aceptada. El valor se revisará cada año.")
    assert response_records("Which recommendations did management reject?", [], recs, named) == []  # none was
    assert response_records("Which recommendation did management accept?", [], recs, named) == []  # most are: no one answer
    assert response_records("What does recommendation 2 say?", [], recs, named) == []



def test_which_recommendation_was_rejected_where_no_response_is_stated_says_so(tmp_path):
    """"Which recommendation did IOM reject?" quoted a UNHCR sentence on a pilot with IOM: IOM's
    matrix prints "aceptar / aceptar parcialmente / rechazar" without the choice, so no record
    has a response. The answer says so; a matrix that states them is read as before."""
    from dataclasses import replace as _replace

    from puente.index.answer.read.responses import response_gap
    from puente.index.answer.reasons import Why

    recs = extract_records(read_document(_matrix(tmp_path / "respuesta.docx")))
    blank = [_replace(r, response="") for r in recs]
    for q in ("Which recommendation did IOM reject?", "¿Qué recomendaciones aceptó la OIM solo parcialmente?"):
        assert response_gap(q, blank, ["respuesta"]) == ("unstated",), q
        assert response_gap(q, blank) == ("unstated",), q  # no document named: every one with recommendations
        assert response_gap(q, recs, ["respuesta"]) is None, q  # stated: response_records reads them
    assert response_gap("Which recommendation did IOM reject?", blank, ["another"]) is None  # none of its own
    assert response_gap("What does recommendation 2 say?", blank) is None
    assert response_gap("Which recommendations did management accept?", blank) is None
    assert Why("unstated").say("en") == ("The management responses asked about do not say which recommendations "
                                         "were accepted, partly accepted or rejected.")
    assert Why("unstated").say("es").startswith("Las respuestas gerenciales consultadas no indican")


def test_why_management_rejected_a_topic_asks_of_the_recommendation_on_it(tmp_path):
    """"¿Por qué la gerencia rechazó condicionar las transferencias a la asistencia
    escolar?" names what was turned down: the one rejected recommendation, on another
    topic, is not its answer (a recommendation among the best passages is); "which
    recommendation did management reject?" still gets it from anywhere in the document."""
    from dataclasses import replace as _replace

    from puente.common.types import Chunk
    from puente.index.answer.read.responses import response_records
    from puente.index.search.searcher import Hit

    doc = read_document(_matrix(tmp_path / "respuesta.docx"))
    recs = [_replace(r, response="No aceptada") if r.key == "1" else r for r in extract_records(doc)]
    rejected, rec2 = (next(r for r in recs if r.kind == "recommendation" and r.key == k) for k in ("1", "2"))
    on_topic = Chunk(doc="respuesta", title="Respuesta", text=doc.text[rec2.start:rec2.end], section=(),
                     page_start=None, page_end=None, lang="es", start=rec2.start, end=rec2.end)
    hits = [Hit(chunk=on_topic, score=1.0, dense=0.9, rank=1)]
    for why in ("¿Por qué la gerencia rechazó alinear el valor de la transferencia con la canasta básica?",
                "¿Por qué no se aceptó la recomendación sobre la canasta básica?"):
        assert response_records(why, hits, recs, ["respuesta"]) == [], why
    for which in ("¿Qué recomendación rechazó la gerencia y por qué?", "¿Por qué se rechazó una de las recomendaciones?",
                  "Why did management reject recommendation 1?"):
        assert response_records(which, hits, recs, ["respuesta"]) == [rejected], which


PLAN = """# Plan nacional de acción 2025-2027

Los compromisos se organizan por ejes; el anexo recoge los plazos.

## 1. Educación

En 2024, unas 6.300 niñas y niños solicitantes estaban fuera de la escuela.

1.1 El Ministerio de Educación eliminará el requisito de apostilla para la matrícula.

1.2 El Ministerio y las universidades establecerán un procedimiento de reconocimiento
de títulos con un costo reducido.

1.3 En 2024 se matricularon 4.000 estudiantes nuevos.

## 2. Salud

2.1 La Caja de Seguro Social ampliará el convenio hasta cubrir a 10.000 personas.

## Anexo

| N.º | Institución responsable | Plazo |
|-----|:-----------------------:|-------|
| 1.1 | Ministerio de Educación | Febrero de 2025 |
| 1.2 | Ministerio y universidades \\| CONARE | Diciembre de 2025 |
| 2.1 | CCSS |  |
"""


def test_a_markdown_plans_numbered_commitments_take_the_facts_of_its_annex_table(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(PLAN, encoding="utf-8")
    doc = read_document(path)
    assert "|--" not in doc.text and "N.º\tInstitución responsable\tPlazo" in doc.text
    assert "1.2\tMinisterio y universidades | CONARE\tDiciembre de 2025" in doc.text  # an escaped pipe stays in its cell
    recs = extract_records(doc)
    assert [(r.kind, r.number) for r in recs] == [("commitment", "1.1"), ("commitment", "1.2"), ("commitment", "2.1")]
    c11, c12, c21 = recs
    assert c12.text == ("El Ministerio y las universidades establecerán un procedimiento de reconocimiento "
                        "de títulos con un costo reducido.")
    assert (c11.area, c21.area) == ("Educación", "Salud")
    assert (c11.responsible, c11.deadline) == ("Ministerio de Educación", "Febrero de 2025")
    assert (c21.responsible, c21.deadline) == ("CCSS", "")  # a cell the annex leaves empty stays empty


REPORT = """<html><head><title>Annual Results Report 2024</title></head><body><main>
<h1>Annual Results Report 2024</h1>
<p>In 2024 the office reached 412,300 children with at least one essential service across the country.</p>
<h2>Results framework</h2>
<p>The table below shows selected indicators of the country programme against their targets.</p>
<table>
<tr><th>Indicator</th><th>Baseline (2022)</th><th>Target 2024</th><th>Actual 2024</th></tr>
<tr><td>Out-of-school children reintegrated</td><td>9,400</td><td>25,000</td><td>23,150</td></tr>
<tr><td>Returned children issued a birth certificate</td><td>1,250</td><td></td><td>3,870</td></tr>
<tr><td>Total</td><td>10,650</td><td>29,000</td><td>27,020</td></tr>
</table>
<p>The shortfall against the target was due to the late arrival of funds.</p>
</main></body></html>
"""


def test_a_web_indicator_table_gives_every_row_and_its_header_names_the_columns(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(REPORT, encoding="utf-8")
    doc = read_document(path)
    recs = extract_records(doc)
    assert [(r.kind, r.text, r.baseline, r.target, r.actual) for r in recs] == [
        ("indicator", "Out-of-school children reintegrated", "9,400", "25,000", "23,150"),
        ("indicator", "Returned children issued a birth certificate", "1,250", "", "3,870"),
        ("indicator", "Total", "10,650", "29,000", "27,020"),
    ]
    assert recs[-1].area == "Results framework"
    start = doc.text.index("Total\t")
    got = [(c.label, c.value) for c in columns(doc.text, start, doc.text.index("\n", start))]
    assert got == [("Total — Baseline (2022)", "10,650"), ("Total — Target 2024", "29,000"),
                   ("Total — Actual 2024", "27,020")]


def test_a_word_cell_merged_across_columns_leaves_the_next_cells_under_their_headers(tmp_path):
    """"Total" spanning the indicator and population columns: its figures stay under
    Baseline/Target/Actual, not one column to the left."""
    d = docx.Document()
    d.add_heading("Informe anual de resultados 2024", level=1)
    head = ("Indicador", "Población", "Línea de base", "Meta 2024", "Logro 2024")
    body = [("Niñas y niños reintegrados a la escuela", "Retornados", "900", "2.500", "2.315"),
            ("Total", None, "1.065", "2.900", "2.702")]
    t = d.add_table(rows=len(body) + 1, cols=len(head))
    for r, row in enumerate([head, *body]):
        for c, value in enumerate(row):
            if value is not None:
                t.cell(r, c).text = value
    t.cell(2, 0).merge(t.cell(2, 1)).text = "Total"
    path = tmp_path / "informe.docx"
    d.save(str(path))
    doc = read_document(path)
    assert "\nTotal\t\t1.065\t2.900\t2.702" in doc.text
    total = [r for r in extract_records(doc) if r.text == "Total"]
    assert [(r.baseline, r.target, r.actual) for r in total] == [("1.065", "2.900", "2.702")]


def test_track_looks_by_default_in_the_documents_about_the_same_country():
    from puente.common.types import DocInfo
    from puente.index.track import same_place

    docs = {d: DocInfo(d, title) for d, title in [
        ("pma-ecuador", "Respuesta de la gerencia a la evaluación del PMA en Ecuador"),
        ("mirps-mexico-plan", "MIRPS - National Action Plan Mexico"),
        ("unhcr-mexico-report", "UNHCR Annual Results Report 2023 - Mexico"),
        ("ecuador-report", "Informe anual de resultados 2024 - Ecuador"),
        ("presidency", "Pro Tempore Presidency of the MIRPS"),
    ]}
    assert same_place(docs, "pma-ecuador") == (["ecuador-report"], ["Ecuador"])
    assert same_place(docs, "mirps-mexico-plan") == (["unhcr-mexico-report"], ["Mexico"])
    # a title naming no place: every other document
    assert same_place(docs, "presidency")[0] == ["pma-ecuador", "mirps-mexico-plan", "unhcr-mexico-report",
                                                 "ecuador-report"]
    del docs["ecuador-report"]
    assert same_place(docs, "pma-ecuador") == ([], ["Ecuador"])  # track says so, and how to name others
    # a place named as its people's is not what a document is about: "Venezuelan migrants in Peru" is Peru's
    people = {d: DocInfo(d, t) for d, t in [("peru", "Evaluation of the Venezuelan Migrant Programme in Peru"),
                                            ("colombia", "Venezuelan refugees in Colombia: annual report")]}
    assert same_place(people, "peru") == ([], ["Peru"])


def test_track_refuses_a_document_whose_country_no_other_document_is_about(tmp_path, model_path):
    """Costa Rica's commitments are not reported on by Mexico's reports: refused, with the
    fix, before the model loads."""
    import subprocess
    import sys

    from conftest import ROOT

    path = tmp_path / "plan.md"
    path.write_text(PLAN.replace("# Plan nacional de acción 2025-2027", "# Plan nacional de acción de Costa Rica"),
                    encoding="utf-8")
    other = tmp_path / "informe.md"
    other.write_text("# Informe anual 2024 de México\n\nEl ACNUR apoyó la inclusión de 3.000 personas en escuelas.\n",
                     encoding="utf-8")
    idx = tmp_path / "idx"
    run = [sys.executable, "-m", "puente.app.cli"]
    subprocess.run(run + ["ingest", str(path), str(other), "--index", str(idx), "--model", str(model_path)],
                   check=True, cwd=ROOT, capture_output=True)
    p = subprocess.run(run + ["track", "plan", "--index", str(idx), "--model", str(tmp_path / "no-model")], cwd=ROOT,
                       capture_output=True, text=True)
    assert p.returncode == 2 and "no other document about Costa Rica is indexed" in p.stderr, p.stderr
    assert "--in" in p.stderr


def test_a_plans_commitments_labelled_commitment_n_m_are_commitments(tmp_path):
    """A second unseen set's plan wrote "Commitment 2.1: …": 0 commitments, and track refused it."""
    plan = tmp_path / "plan.md"
    plan.write_text("# National plan\n\nThe commitments of each institution.\n\n## 2. Health\n\n"
                    "Commitment 2.1: The Ministry of Health will guarantee free primary care to migrants.\n\n"
                    "Commitment 2.2: In 2022, 4,000 children were screened.\n", encoding="utf-8")
    recs = extract_records(read_document(plan))
    assert [(r.number, r.area, r.text) for r in recs] == [
        ("2.1", "Health", "The Ministry of Health will guarantee free primary care to migrants.")]


def test_not_agreed_responses_and_the_column_of_the_year_asked():
    """The second unseen set's matrix said "Not agreed" (read as agreed), and "how many … in
    2023" read a row's 2022 baseline, the first figure column."""
    from puente.index.answer.read.responses import response_class
    from puente.index.answer.read.tables import pick

    assert [response_class(t) for t in ("Not agreed", "Which recommendation did management not agree with?",
                                        "¿Con qué recomendación no estuvo de acuerdo la gerencia?", "Agreed")] == [
        "rejected", "rejected", "rejected", "accepted"]
    text = "Indicador\tLínea de base (2022)\tMeta 2023\tLogro 2023\nNiños atendidos\t8.450\t12.000\t13.215"
    cells = columns(text, text.index("Niños"), len(text))
    flat = [0.0] * len(cells)
    assert pick(cells, flat, None, "¿Cuántos niños fueron atendidos en 2023?").column == "Logro 2023"
    assert pick(cells, flat, None, "How many children were attended?").column == "Logro 2023"  # what was achieved
    assert pick(cells, flat, None, "¿Cuál era la línea de base de 2022?").column == "Línea de base (2022)"
    assert pick(cells, flat, None, "What was the 2023 target?").column == "Meta 2023"


def test_a_figure_asked_beside_its_target_names_every_column_of_its_row():
    """Set S: "¿cuántas personas y frente a qué meta?" read the target cell alone (250), not
    the 97 placed beside it."""
    from puente.index.answer.read.tables import pick

    text = "Indicador\tLínea de base\tMeta 2024\tLogro 2024\nPersonas colocadas en empleos formales\t41\t250\t97"
    cells = columns(text, text.index("Personas"), len(text))
    flat = [0.0] * len(cells)
    both = pick(cells, flat, None, "Colocación en empleo formal 2024: ¿cuántas personas y frente a qué meta?")
    assert (both.label, both.value) == ("Personas colocadas en empleos formales",
                                        "Línea de base: 41 · Meta 2024: 250 · Logro 2024: 97")
    assert pick(cells, flat, None, "How many people were placed in jobs against the target?").value.count(":") == 3
    assert pick(cells, flat, None, "What was the 2024 target for job placement?").value == "250"  # the target alone
    assert pick(cells, flat, None, "How many people were placed in formal jobs?").value == "97"


def test_records_show_gives_a_response_with_the_reason_its_cell_states(tmp_path):
    from puente.app.exports.formats import record_detail_text

    recs = extract_records(read_document(_matrix(tmp_path / "respuesta.docx")))
    rec2 = next(r for r in recs if r.kind == "recommendation" and r.number == "2")
    shown = record_detail_text(rec2, [r for r in recs if r.parent == "2"])
    assert "  response: Parcialmente aceptada. El valor se revisará cada año.\n" in shown
    assert "  action 2.1: Revisar cada año el valor de la transferencia." in shown


def test_bulleted_commitments_under_an_axis_take_their_annex_rows_facts_and_the_matrix_comments_repeat_nothing(
        tmp_path):
    """A third unseen set: a plan's "- Compromiso 2.2: La Registraduría pondrá en marcha …" under
    "## Eje 2. Regularización" were no commitments (a bullet, an axis's heading, an irregular
    future), so only the annex's short titles became records; a matrix's "Recomendación 2"
    comment section after the table was a second recommendation 2."""
    plan = tmp_path / "plan.md"
    plan.write_text(
        "# Plan nacional de acción\n\nLos compromisos del Estado.\n\n## Eje 2. Regularización y documentación\n\n"
        "- Compromiso 2.1: Migración Colombia entregará los permisos pendientes.\n"
        "- Compromiso 2.2: La Registraduría pondrá en marcha jornadas móviles de registro civil.\n\n"
        "## Anexo\n\n| Compromiso | Entidad responsable | Plazo |\n|---|---|---|\n"
        "| 2.1 Entrega de permisos | Migración Colombia | Diciembre de 2024 |\n"
        "| 2.2 Jornadas de registro | Registraduría | Marzo de 2025 |\n| 2.9 Otra meta | DNP | 2026 |\n",
        encoding="utf-8")
    recs = extract_records(read_document(plan))
    assert [(r.number, r.area, r.text, r.responsible, r.deadline) for r in recs] == [
        ("2.1", "Regularización y documentación", "Migración Colombia entregará los permisos pendientes.",
         "Migración Colombia", "Diciembre de 2024"),
        ("2.2", "Regularización y documentación",
         "La Registraduría pondrá en marcha jornadas móviles de registro civil.", "Registraduría", "Marzo de 2025"),
        ("2.9", "", "Otra meta", "DNP", "2026")]  # an annex row no commitment of the text has: its own record
    path = _matrix(tmp_path / "respuesta.docx")
    d = docx.Document(str(path))
    d.add_paragraph("Recomendación 2")
    d.add_paragraph("La gerencia acepta ampliar la participación, pero no el cuidado infantil.")
    d.save(str(path))
    recs = extract_records(read_document(path))
    assert [r.key for r in recs if r.kind == "recommendation"] == ["1", "2"]


def test_a_row_without_its_last_figures_still_reads_under_its_header():
    """A Word/web row leaves its empty last cells out: the header was then "not found" for
    it and for every row below it (no row or column named)."""
    text = "Indicator\tBaseline\tTarget 2024\tActual 2024\nTeachers trained\t100\t200\nChildren\t1\t2\t3"
    got = {}
    for name in ("Teachers", "Children"):
        start = text.index(name)
        end = text.find("\n", start) if "\n" in text[start:] else len(text)
        got[name] = [(c.label, c.value) for c in columns(text, start, end)]
    assert got["Teachers"] == [("Teachers trained — Baseline", "100"), ("Teachers trained — Target 2024", "200")]
    assert got["Children"][-1] == ("Children — Actual 2024", "3")


def test_header_roles_numbers_one_cell_rows_and_a_reports_numbered_items_as_a_review_found_them(tmp_path):
    from puente.app.exports.links import header_row
    from puente.ingest.records.tabular import roles

    assert roles(["Indicator", "Target population", "Target", "Result"]) == ["indicator", "population", "target", "actual"]
    assert roles(["Indicador", "Meta alcanzada", "Resultado esperado"]) == ["indicator", "actual", "other"]
    assert roles(["Action", "Unit cost", "Date of the evaluation"]) is None  # no responsible, no deadline
    md = tmp_path / "matrix.md"
    md.write_text("# Respuesta de la gerencia\n\n| Recomendación | Acción | Responsable | Plazo |\n|---|---|---|---|\n"
                  "| Revisar los criterios. | 40 hogares verificados en terreno. | Unidad A | Junio de 2024 |\n"
                  "| Eje de protección |  |  |  |\n"
                  "| Fortalecer las quejas. | Ampliar la línea. | Unidad B | Abril de 2024 |\n\nFin.\n", encoding="utf-8")
    recs = extract_records(read_document(md))
    # numbered in order (not by row), "40 hogares" no item number, the one-cell area row no end of the table
    assert [(r.kind, r.key, r.text) for r in recs] == [
        ("recommendation", "1", "Revisar los criterios."), ("action", "1.1", "40 hogares verificados en terreno."),
        ("recommendation", "2", "Fortalecer las quejas."), ("action", "2.1", "Ampliar la línea.")]
    report = tmp_path / "report.md"  # a results report's numbered items commit nothing, whatever they say
    report.write_text("# Annual Results Report 2023\n\nOur commitment to children.\n\n## 2. Methodology\n\n"
                      "2.1 The review will use mixed methods.\n\n| a | b |\n|-|-|\n| Children | 200 |\n---\n",
                      encoding="utf-8")
    doc = read_document(report)
    assert extract_records(doc) == [] and [h.title for h in doc.headings] == ["Annual Results Report 2023",
                                                                                "2. Methodology"]
    assert header_row(["Indicator", "Target 2024"]) and not header_row(["Deploy teams", "Unit A", "June 2024"])
    # a spanned cell's further columns are empty places; a row opening on one is a row merged down
    assert header_row(["Indicador", "2024", "", "Fuente"]) and not header_row(["", "Albergue temporal", "OIM"])
    assert not header_row(["Total", "", "4.520"]) and not header_row(["Eje de protección", "", ""])


LABELLED_PLAN = """# National action plan for returned persons 2025-2028

## 3. Commitments by thematic area

### Thematic area 1: Reception and documentation

Returned adults often arrive without an identity document.

- **Commitment 1.1:** Issue the identity document free of charge within 72 hours of arrival.
  - Responsible institution: National Registry of Persons (RNPN)
  - Deadline: June 2025

### Thematic area 2: Education

- **Commitment 2.1:** Guarantee school enrolment within 15 days of the request.

## Annex 1. Responsible institutions and deadlines

| No. | Commitment | Responsible institution | Deadline |
|---|---|---|---|
| 1.1 | Free identity document | RNPN | December 2025 |
| 2.1 | Enrolment within 15 days | Ministry of Education | January 2026 |
"""


def test_labelled_commitments_are_commitments_whatever_their_verb_with_their_area_and_stated_facts(tmp_path):
    """"Commitment 1.1: Issue …" commits by its label (no "will"); its area is "Thematic
    area 1: …"; the facts stated under it win over the annex's, which fill what is missing."""
    path = tmp_path / "plan.md"
    path.write_text(LABELLED_PLAN, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.number, r.area, r.text, r.responsible, r.deadline) for r in recs] == [
        ("1.1", "Reception and documentation", "Issue the identity document free of charge within 72 hours of arrival.",
         "National Registry of Persons (RNPN)", "June 2025"),
        ("2.1", "Education", "Guarantee school enrolment within 15 days of the request.", "Ministry of Education",
         "January 2026")]


def test_a_word_plans_commitment_table_rows_take_the_area_they_lie_under(tmp_path):
    d = docx.Document()
    d.add_heading("Plan nacional de acción 2024-2026", level=0)
    d.add_heading("3. Compromisos por área", level=1)
    d.add_heading("Área 2. Necesidades inmediatas", level=2)
    t = d.add_table(rows=2, cols=3)
    for c, (head, value) in enumerate([("N.º", "2.3"), ("Compromiso", "Establecer un centro de acogida temporal."),
                                       ("Institución responsable", "SENNIAF")]):
        t.cell(0, c).text, t.cell(1, c).text = head, value
    path = tmp_path / "plan.docx"
    d.save(str(path))
    assert [(r.number, r.area, r.responsible) for r in extract_records(read_document(path))] == [
        ("2.3", "Necesidades inmediatas", "SENNIAF")]


def test_an_indicator_tables_rows_of_words_stay_in_it_and_a_progress_report_commits_nothing(tmp_path):
    """A row stating its values in words ("No | Sí | Sí", "– | –") is no next table's
    header; "Commitment 2.2: UNHCR supported …" in a plan's progress report reports, and
    "• Institución responsable: …" / "• Plazo: …" under a Spanish commitment are its facts."""
    md = tmp_path / "informe.md"
    md.write_text("# Informe anual 2024\n\n## Resultados\n\n| Indicador | Línea de base | Meta 2024 | Logro 2024 |\n"
                  "|---|---|---|---|\n| Niñas y niños reintegrados | 900 | 2.500 | 2.315 |\n"
                  "| Protocolo de referencia adoptado | No | Sí | Sí |\n| Total | – | – | – |\n"
                  "| Personas orientadas | 1.200 | 3.000 | 2.870 |\n| Resultado | Presupuesto | Gasto | Ejecución |\n"
                  "| Protección | 4.300.000 | 3.610.000 | 84% |\n", encoding="utf-8")
    assert [(r.text, r.actual) for r in extract_records(read_document(md))] == [
        ("Niñas y niños reintegrados", "2.315"), ("Protocolo de referencia adoptado", "Sí"), ("Total", "–"),
        ("Personas orientadas", "2.870")]  # the budget table's rows are no indicators of this one
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan de acción 2024-2026: informe de avance\n\n## Área 2. Educación\n\n"
                    "- **Commitment 2.2:** UNHCR supported 3,200 children in 2024.\n"
                    "- **Compromiso 2.3:** Cumplido parcialmente; se emitieron 400 constancias.\n"
                    "- **Compromiso 2.4:** Matricular a niñas y niños sin documentos apostillados.\n"
                    "  - Institución responsable: MEDUCA\n  - Plazo: Inicio del año escolar 2025\n", encoding="utf-8")
    assert [(r.number, r.area, r.responsible, r.deadline) for r in extract_records(read_document(plan))] == [
        ("2.4", "Educación", "MEDUCA", "Inicio del año escolar 2025")]


def test_a_question_asking_who_and_by_when_gets_both_and_turned_down_is_a_rejection(tmp_path):
    from puente.index.answer.read.records import also_asked, field_text
    from puente.index.answer.read.responses import response_records

    path = tmp_path / "plan.md"
    path.write_text(LABELLED_PLAN, encoding="utf-8")
    c11 = extract_records(read_document(path))[0]
    q = "¿Qué institución encabeza la emisión gratuita del documento de identidad, y cuál es el plazo?"
    assert also_asked(q, "deadline", c11) == "responsible" and also_asked("¿Cuál es el plazo?", "deadline", c11) == ""
    assert field_text(c11, "responsible+deadline", "es", with_item=False) == (
        "Responsable y plazo (compromiso 1.1): National Registry of Persons (RNPN) — June 2025")
    recs = extract_records(read_document(_matrix(tmp_path / "respuesta.docx")))
    assert [r.number for r in response_records("Which of the evaluation's recommendations did management turn down, "
                                               "or only partly accept?", [], recs, ["respuesta"])] == ["2"]
    assert response_records("Which of the evaluation's recommendations did management turn down?", [], recs,
                            ["respuesta"]) == []  # none was: a rejection is asked, a partial one is no answer
    why = "¿Por qué la gerencia no aceptó por completo la recomendación sobre la canasta básica?"
    assert [r.number for r in response_records(why, [], recs, ["respuesta"])] == ["2"]  # partly: with its reason
    assert response_records("Why did the ministry agree to the plan?", [], recs, ["respuesta"]) == []


def test_whether_management_accepted_a_recommendation_is_its_response(tmp_path):
    """"Puentes Seguros eval: was the GBV recommendation for adolescent girls accepted?"
    answered with the evaluation's title: no record field was asked, and a response record
    was not taken for the recommendation it quotes. The question asks how management
    answered it: the response, with the statement and the reason."""
    from types import SimpleNamespace

    from puente.index.answer.asked.question import OPEN, analyse
    from puente.index.answer.read.records import record_texts, wanted_field
    from puente.index.answer.scoring.prefer import asked_kind

    for q in ("Puentes Seguros eval: was the GBV recommendation for adolescent girls accepted?",
              "¿La gerencia aceptó la recomendación sobre la canasta básica?",
              "Did management agree with the recommendation on cash?",
              "What did management say about the recommendation to expand to Artigas, and why?",
              "How did management respond to recommendation 3?", "¿Qué dijo la gerencia sobre la recomendación 4?",
              "¿Cómo respondió la gerencia a la recomendación sobre el acoso escolar?"):
        assert wanted_field(q, OPEN) == "response", q
    for q in ("What did states agree in the declaration about expired passports?",
              "Do banks accept refugees' ID documents?", "What does recommendation 2 ask?",
              "Which recommendation concerns rejected asylum-seekers?",
              "¿Qué recomendó la evaluación sobre las solicitudes de asilo rechazadas?",
              "What actions did management agree for recommendation 1?",
              "Ecuador evaluation: what was recommended on cash, and did management agree?",
              "What does the management plan say about funding?", "What did the evaluation recommend, and was it accepted?"):
        assert wanted_field(q, OPEN) is None, q
    # whether an item is done yet asks its status; how many are, or why not, do not
    assert wanted_field("Has the child protocol been submitted to INAU's board yet?", OPEN) == "status"
    assert wanted_field("¿Ya se ha presentado el protocolo al Directorio?", OPEN) == "status"
    assert wanted_field("Why has the protocol not yet been approved?", OPEN) is None
    assert wanted_field("Has the Inclusive Employers Network started yet? Why not?", OPEN) is None
    assert wanted_field("How many recommendations have not yet been implemented?", "quantity") is None
    rec2 = next(r for r in extract_records(read_document(_matrix(tmp_path / "respuesta.docx")))
                if r.kind == "recommendation" and r.key == "2")
    q = "Was the recommendation on the basic basket accepted?"
    shown, field = record_texts(rec2, q, OPEN, "en")
    assert field == "response" and shown.startswith("Management response (recommendation 2): Parcialmente aceptada")
    feats = {"named": 0.0, "type_raw": 1.0}
    response = SimpleNamespace(source="record", record=rec2, field_name="response", score=76.7, doc=rec2.doc,
                               text=shown, features=feats)
    title = SimpleNamespace(source="passage", record=None, field_name="", score=75.5, doc=rec2.doc,
                            text="Alinear el valor de la transferencia con la canasta básica.", features=feats)
    assert asked_kind(response, [response, title], analyse(q), [rec2]) is response


def test_which_items_have_a_priority_or_status_is_answered_from_the_records_holding_it():
    """"Which IOM recommendations have priority level 3?" answered, as a strong match, the
    line "Nivel de prioridad (1 a 3): 2" of recommendation 4: the record whose priority is 3
    answers it, and several that fit are named together."""
    from puente.index.answer.read.valued import also_these, valued_records
    from puente.ingest.records import Record

    recs = [Record(doc="iom", kind="recommendation", number=str(n), text="Do.", priority=p)
            for n, p in ((1, "2"), (3, "1"), (4, "2"), (9, "3"), (12, "1"))]
    recs += [Record(doc="mr", kind="action", number=n, parent="1", text="Act.", status=s)
             for n, s in (("1.1", "Ongoing"), ("1.2", "Completed"), ("1.3", "Ongoing"))]
    rs, field = valued_records("Which IOM recommendations have priority level 3?", [], recs, ["iom"])
    assert field == "priority" and [r.number for r in rs] == ["9"] and also_these(rs[1:], "en") == ""
    rs, field = valued_records("¿Qué recomendaciones de la OIM tienen prioridad 1?", [], recs, ["iom"])
    assert [r.number for r in rs] == ["3", "12"] and also_these(rs[1:], "es") == "también la recomendación 12"
    rs, field = valued_records("Which actions are ongoing?", [], recs, ["mr"])
    assert field == "status" and [r.key for r in rs] == ["1.1", "1.3"] and also_these(rs[1:], "en") == "also action 1.3"
    from puente.index.answer.choose import Answer

    shown = Answer("Nivel de prioridad (1 a 3): 1", "iom, p. 2", 1.0, 1, source="record", record=recs[1],
                   record_field="priority", value="1", others=(recs[4],))
    assert shown.label_value("es") == ("Prioridad (recomendación 3)", "1 (también la recomendación 12)")
    assert shown.label_value("en")[1] == "1 (also recommendation 12)" and shown.to_dict()["also"] == ["12"]
    for q in ("What actions does UNHCR plan on shelters?", "Which recommendations are about priority groups?",
              "What is the priority of recommendation 9?", "How many recommendations have priority 1?"):
        assert valued_records(q, [], recs, ["iom", "mr"]) == ([], ""), q
