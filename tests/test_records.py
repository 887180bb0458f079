"""Records: generic extraction on synthetic documents (EN and ES), the corpus counts,
and compare with the real model."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from puente.common.types import Document, Page
from puente.ingest.readers import read_document
from puente.ingest.records import Record, declared_counts, extract_records

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

EN_MATRIX = """Management response to the evaluation of the school feeding programme
General comments: the evaluation was useful.
RECOMMENDATION 1:
Programme level: Expand the coverage of school meals to rural districts, with local suppliers.
Management response: Partially agree
Unit or function responsible: Country Office Programme Unit
Priority: High
1.1 Map rural schools without meals and agree a phased plan with the ministry.
Responsible: Programme Unit and Supply Chain
Deadline: March 2025
Status: In progress
1.2 Sign agreements with local farmer cooperatives.
Responsible: Supply Chain
Deadline: December 2025
RECOMMENDATION 2:
Organisational level: Strengthen monitoring of nutrition outcomes.
Management response: Agree
Unit or function responsible: Monitoring and Evaluation Unit
1.1 Add two nutrition indicators to the monitoring plan.
Expected completion date: June 2025
Status: Completed
"""

ES_MATRIX = """Matriz de respuesta gerencial de la evaluación del programa de agua
Recomendaciones de evaluación No. 1
Ampliar la red de monitoreo de la calidad del agua en comunidades rurales, priorizando escuelas.
Recomendación dirigida a:
· Unidad de Agua y Saneamiento
· Oficinas de terreno
Nivel de prioridad (1 a 3): 1
Respuesta gerencial a la recomendación (aceptar/aceptar parcialmente/rechazar): aceptar parcialmente
Acción
Plazo o fecha límite
Persona responsable
1.1 Instalar sensores de calidad del agua en veinte escuelas rurales de las provincias del norte del país.
Octubre 2025
Coordinadora de Agua y Saneamiento
Acompañan: Oficinas de terreno.
1.2 Capacitar a los comités de agua en el uso de los sensores y en el registro de los datos recogidos.
Diciembre 2025
Oficial de Monitoreo
Recomendaciones de evaluación No. 2
Documentar las lecciones aprendidas del programa.
Recomendación dirigida a:
Unidad de Gestión del Conocimiento
Nivel de prioridad (1 a 3): 3
Respuesta gerencial a la recomendación (aceptar/aceptar parcialmente/rechazar)
Acción
Plazo o fecha límite
2.1 Publicar un informe de lecciones aprendidas con los resultados del programa de agua rural.
Marzo 2026
Unidad de Gestión del Conocimiento
"""

INDICATOR_TABLE = """Results of the water programme
2. Outcome Area: Safe Water
People have access to safe water.
Indicators    Population Type    Strategy Baseline    Target (2024)    Actual (2024)
2.1 Proportion of households with access to safe drinking water within 30 minutes    Host
communities    40.00%    60.00%    55.10%
2.2  Number  of  water  points  rehabilitated     Host  communities     Unknown
120    98
2.3 Extent water committees are functional    Host communities    Unknown    Functional: ≥ 70 points    Partial:
40-69 points
Progress Against the Desired Outcome
The programme rehabilitated 98 water points.
"""

PLAN = """NATIONAL PLAN OF COMMITMENTS
WATER
2 COMMITMENTS
SANITATION
1 COMMITMENT
WATER
Guarantee access to safe water for displaced families.
- The Ministry of Water will extend the network to
settlements hosting displaced families.
- Municipal utilities will waive connection fees for refugees.
SANITATION
Improve sanitation in shelters.
- The Ministry of Health will inspect shelter latrines every quarter.
"""


def _doc(name: str, text: str, pages: int = 1) -> Document:
    if pages == 1:
        return Document(doc=name, title=name, pages=(Page(1, text),))
    lines = text.split("\n")
    cut = len(lines) // 2
    return Document(doc=name, title=name, pages=(Page(1, "\n".join(lines[:cut])), Page(2, "\n".join(lines[cut:]))))


def _by(recs, kind):
    return [r for r in recs if r.kind == kind]


# ---------------------------------------------------------------- synthetic, English
def test_english_matrix_recommendations_and_labelled_actions():
    recs = extract_records(_doc("wfp-school-meals-response", EN_MATRIX))
    rec = _by(recs, "recommendation")
    assert [r.number for r in rec] == ["1", "2"]
    assert rec[0].text.startswith("Programme level: Expand the coverage of school meals")
    assert rec[0].area == "Programme level"
    assert rec[0].responsible == "Country Office Programme Unit"
    assert rec[0].response == "Partially agree"
    assert rec[0].priority == "High"
    assert rec[1].response == "Agree"
    acts = _by(recs, "action")
    assert [(a.parent, a.number) for a in acts] == [("1", "1.1"), ("1", "1.2")]
    assert rec[1].responsible == "Monitoring and Evaluation Unit"
    a11 = acts[0]
    assert a11.text == "Map rural schools without meals and agree a phased plan with the ministry."
    assert a11.responsible == "Programme Unit and Supply Chain"
    assert a11.deadline == "March 2025" and a11.status == "In progress"
    assert acts[1].deadline == "December 2025" and acts[1].status == ""  # not stated: stays empty


INTERLEAVED_MATRIX = """RECOMMENDATION 1:
Strategic level: Strengthen the monitoring of local integration.
Unit or function responsible:
Senior Management
Top-line planned actions  By whom Comments
Expected
completion
date
Progress
Status Comments
1 Develop a reliable monitoring
system with measurable indicators
Durable
Solutions Unit
A harmonized monitoring system is being rolled-
out, which will enable the operation to analyze
the impact at household level in the local
integration process.
June 2023 Ongoing A detailed analysis
2 Train the field teams on the new
monitoring tools and share the
Field
Offices
Trainings will be held in each office in the
first semester of the year.
June 2024 Ongoing Two
trainings
results with partners every quarter
and the national authorities.
were held.
"""


def test_interleaved_action_statement_goes_on_below_the_other_columns():
    acts = {a.key: a for a in _by(extract_records(_doc("unhcr-response", INTERLEAVED_MATRIX)), "action")}
    # cut at "share the": its rest comes after the other cells' lines, in its column's width
    assert acts["1.2"].text == ("Train the field teams on the new monitoring tools and share the "
                                "results with partners every quarter and the national authorities.")
    # complete without a full stop: the comments' last line "integration process." is not its rest
    assert acts["1.1"].text == "Develop a reliable monitoring system with measurable indicators"
    assert acts["1.1"].responsible == "Durable Solutions Unit"
    # nor, on the same page, a lower-case comment of the statement's width (its full last line
    # ends no sentence, but only a page break makes that a cut)
    comments = INTERLEAVED_MATRIX.replace("June 2023 Ongoing A detailed analysis", "June 2023 Ongoing\nIn progress:\n"
                                          "a harmonized system is being\nrolled out in the three field\n"
                                          "offices of the operation.")
    acts = {a.key: a for a in _by(extract_records(_doc("unhcr-response", comments)), "action")}
    assert acts["1.1"].text == "Develop a reliable monitoring system with measurable indicators"


def test_english_action_numbered_under_another_recommendation_is_not_taken():
    # "1.1" under RECOMMENDATION 2 does not belong to it: no invented action
    recs = extract_records(_doc("wfp-school-meals-response", EN_MATRIX))
    assert not [a for a in _by(recs, "action") if a.parent == "2"]


def test_citation_like_chunk_citation_with_pages():
    recs = extract_records(_doc("wfp-school-meals-response", EN_MATRIX, pages=2))
    rec2 = [r for r in recs if r.kind == "recommendation" and r.number == "2"][0]
    assert rec2.page_start == 2
    assert rec2.citation == "wfp-school-meals-response, p. 2, RECOMMENDATION 2"
    doc = _doc("wfp-school-meals-response", EN_MATRIX, pages=2)
    for r in recs:  # start/end point at the source text
        assert r.text.split()[0] in doc.text[r.start:r.end]


# ---------------------------------------------------------------- synthetic, Spanish
def test_spanish_matrix_addressee_priority_response_and_deadlines():
    recs = extract_records(_doc("unicef-agua-respuesta", ES_MATRIX))
    rec = _by(recs, "recommendation")
    assert [r.number for r in rec] == ["1", "2"]
    assert rec[0].responsible == "Unidad de Agua y Saneamiento; Oficinas de terreno"
    assert rec[0].priority == "1" and rec[1].priority == "3"
    assert rec[0].response == "aceptar parcialmente"
    assert rec[1].response == ""  # only the list of options: no response stated
    acts = _by(recs, "action")
    assert [a.key for a in acts] == ["1.1", "1.2", "2.1"]
    assert acts[0].deadline == "Octubre 2025"
    assert acts[0].responsible == "Coordinadora de Agua y Saneamiento; Acompañan: Oficinas de terreno."
    assert acts[0].text.startswith("Instalar sensores de calidad del agua")
    assert acts[2].deadline == "Marzo 2026" and acts[2].responsible == "Unidad de Gestión del Conocimiento"


def test_txt_file_in_tmp_path(tmp_path):
    f = tmp_path / "respuesta-gerencial.txt"
    f.write_text(ES_MATRIX, encoding="utf-8")
    recs = extract_records(read_document(f))
    assert Counter(r.kind for r in recs) == {"recommendation": 2, "action": 3}
    assert all(r.page_start is None and r.citation.startswith("respuesta-gerencial, Recomendaciones") for r in recs)


# ---------------------------------------------------------------- synthetic indicator table and plan
def test_indicator_rows_with_wrapped_cells():
    recs = _by(extract_records(_doc("water-results", INDICATOR_TABLE)), "indicator")
    assert [r.number for r in recs] == ["2.1", "2.2", "2.3"]
    r1, r2, r3 = recs
    assert r1.text == "Proportion of households with access to safe drinking water within 30 minutes"
    assert (r1.population, r1.baseline, r1.target, r1.actual) == ("Host communities", "40.00%", "60.00%", "55.10%")
    assert (r2.population, r2.baseline, r2.target, r2.actual) == ("Host communities", "Unknown", "120", "98")
    assert (r3.target, r3.actual) == ("Functional: ≥ 70 points", "Partial: 40-69 points")
    assert r1.area == "Outcome Area: Safe Water"


def test_commitments_by_area_match_declared_counts():
    doc = _doc("water-plan", PLAN)
    recs = _by(extract_records(doc), "commitment")
    assert Counter(r.area for r in recs) == declared_counts(doc) == {"WATER": 2, "SANITATION": 1}
    assert recs[0].text == "The Ministry of Water will extend the network to settlements hosting displaced families."
    assert all(r.number == "" for r in recs)  # the plan does not number them


def test_no_records_in_plain_prose():
    text = "The programme went well. Children attended school.\nRecommendations were discussed with partners."
    assert extract_records(_doc("prose", text)) == []


def test_record_round_trip_is_json():
    recs = extract_records(_doc("unicef-agua-respuesta", ES_MATRIX))
    for r in recs:
        d = json.loads(json.dumps(r.to_dict()))
        assert d["citation"] == r.citation
        assert Record.from_dict(d) == r


def test_a_compared_indicator_shows_its_population_and_figures_and_an_action_its_facts():
    """An indicator row on the topic "internally displaced people" matched through its IDPs
    row: the comparison shows that row ("population: IDPs; …; actual: 3.17%"), in text,
    Markdown, the app's column and the CSV cell, else it reads as an unrelated indicator."""
    from puente.app.exports.comparison import record_facts, record_plain
    from puente.app.web.render import render_record_item

    row = Record(doc="arr", kind="indicator", number="13.3", text="Proportion of people (working age) who are unemployed",
                 population="IDPs", baseline="Unknown", target="2.00%", actual="3.17%")
    assert record_facts(row) == "population: IDPs; baseline: Unknown; target: 2.00%; actual: 3.17%"
    assert record_facts(row, "es") == "población: IDPs; línea de base: Unknown; meta: 2.00%; valor alcanzado: 3.17%"
    assert "(population: IDPs;" in record_plain(row)
    assert "<dt>Population</dt><dd>IDPs</dd>" in render_record_item(row) and "<dd>3.17%</dd>" in render_record_item(row)
    action = Record(doc="mr", kind="action", number="1", parent="4", text="Develop a monitoring system.",
                    responsible="Durable Solutions Unit", deadline="June 2023", status="Ongoing")
    assert record_facts(action) == "responsible: Durable Solutions Unit; deadline: June 2023; status: Ongoing"


# ---------------------------------------------------------------- the corpus (read directly, no model)
@pytest.fixture(scope="module")
def corpus_records():
    return {p.stem: extract_records(read_document(p)) for p in sorted(CORPUS.glob("*.pdf"))}


def test_corpus_unhcr_response_seven_recommendations_with_units_and_dated_actions(corpus_records):
    recs = corpus_records["unhcr-mexico-evaluation-management-response"]
    rec = _by(recs, "recommendation")
    assert [r.number for r in rec] == [str(i) for i in range(1, 8)]
    assert all(r.responsible for r in rec)
    assert rec[1].responsible == "Senior Management of UNHCR MEX, Protection and Registration Unit"
    acts = _by(recs, "action")
    assert {a.parent for a in acts} == {str(i) for i in range(1, 8)}
    assert all(a.deadline for a in acts)
    a21 = [a for a in acts if a.key == "2.1"][0]
    assert a21.text.startswith("Reinforce QAI work plan with COMAR")
    assert (a21.deadline, a21.status) == ("Yearly", "Ongoing")
    assert a21.citation == "unhcr-mexico-evaluation-management-response, pp. 3-4, RECOMMENDATION 2"
    # the checkbox row lists all three options, so no response is claimed
    assert all(r.response == "" for r in rec)


def test_corpus_iom_response_thirteen_recommendations(corpus_records):
    recs = corpus_records["oim-red-migracion-america-del-sur-respuesta-gerencial"]
    rec = _by(recs, "recommendation")
    assert [r.number for r in rec] == [str(i) for i in range(1, 14)]
    assert all(r.responsible and r.priority in {"1", "2", "3"} for r in rec)
    acts = _by(recs, "action")
    assert {a.parent for a in acts} == {str(i) for i in range(1, 14)}
    assert all(a.deadline and a.responsible for a in acts)
    a71 = [a for a in acts if a.key == "7.1"][0]
    assert a71.deadline == "Septiembre 2023"
    assert rec[9].responsible == "Project Manager" and rec[9].priority == "2"


def test_corpus_mirps_plan_33_commitments_with_area_counts(corpus_records):
    doc = read_document(CORPUS / "mirps-mexico-national-action-plan.pdf")
    recs = _by(corpus_records[doc.doc], "commitment")
    counts = Counter(r.area for r in recs)
    assert counts == {"PROTECTION": 17, "EDUCATION": 1, "HEALTH": 2, "JOBS AND LIVELIHOODS": 5, "SOCIAL PROTECTION": 8}
    assert counts == declared_counts(doc)


def test_corpus_results_report_indicator_values(corpus_records):
    recs = _by(corpus_records["unhcr-mexico-annual-results-report-2023"], "indicator")
    assert len(recs) >= 30 and all(r.population and r.actual for r in recs)
    r21 = [r for r in recs if r.number == "2.1"][0]
    assert (r21.population, r21.baseline, r21.target, r21.actual) == ("Refugees and Asylum-seekers", "Unknown", "90.00", "848.00")
    r151 = [r for r in recs if r.number == "15.1"][0]
    assert (r151.baseline, r151.target, r151.actual) == ("220", "700", "480")


def test_corpus_presidency_priorities(corpus_records):
    recs = _by(corpus_records["mirps-mexico-pro-tempore-presidency"], "priority")
    assert [r.number for r in recs if len(r.number) == 1] == ["A", "B", "C", "D", "E"]
    assert any(r.number == "Pillar one" and "backlog" in r.text for r in recs)


# ---------------------------------------------------------------- compare (real model)
def test_compare_finds_labour_inclusion_and_says_nothing_found(engine):
    from puente.app.exports.comparison import compare_markdown as to_markdown
    from puente.index.compare import compare

    res = compare(engine, "labour inclusion", k=3)
    by = {d.doc: d for d in res.docs}
    assert set(by) == set(engine.index.docs)
    plan = by["mirps-mexico-national-action-plan"]
    assert any("labour inclusion" in r.text for r, _ in plan.records)
    md = to_markdown(res)
    assert "## Compare: labour inclusion" in md
    off = compare(engine, "nuclear submarine propulsion", k=3)
    assert any(not d.found for d in off.docs)
    assert "Nothing on this topic in this document." in to_markdown(off)


def test_compare_spanish_topic_reaches_english_records(engine):
    from puente.index.compare import compare

    res = compare(engine, "inclusión laboral", docs=["mirps-mexico-national-action-plan", "unhcr-mexico-annual-results-report-2023"])
    assert [d.doc for d in res.docs] == ["mirps-mexico-national-action-plan", "unhcr-mexico-annual-results-report-2023"]
    assert any(d.records for d in res.docs)
    json.dumps(res.to_dict())


def test_compare_unknown_doc_is_a_one_line_error(engine):
    from puente.common.errors import NotInIndexError
    from puente.index.compare import compare

    with pytest.raises(NotInIndexError, match="not in the index"):
        compare(engine, "children", docs=["no-such-doc"])


# a ruled table as pypdf gives it: an action's number alone on its line, its cells wrapped,
# the unit, deadline and status on the row's last lines; a priority between number and colon
WRAPPED_MATRIX = """Recomendación  3  (prioridad  alta):  Apoyar al Tribunal Electoral en la inscripción de los
nacimientos ocurridos en las estaciones de recepción.
Respuesta de la gerencia: Parcialmente aceptada
Justificación: La gerencia no financiará brigadas móviles de registro civil.
N.º Acción clave Unidad responsable Plazo Estado
3.1
Elaborar con la Dirección Nacional de
Registro Civil un protocolo de notificación.
Unidad de Población y
Desarrollo
Agosto de
2025 En curso
3.2 Entregar un certificado de nacido vivo en todos los partos. Unidad de Salud; Oficina de Darién Abril de 2025 Completada
Recomendación 4
Crear un programa propio de transferencias monetarias.
Respuesta de la gerencia: No aceptada
N.º Acción clave Unidad responsable Plazo Estado
4.1
Establecer un procedimiento de referencia
al mecanismo de asistencia en efectivo.
Unidad de Operaciones Humanitarias Mayo de 2025
Completada
(procedimiento firmado
en marzo)
5. Seguimiento
La Unidad de Monitoreo informará cada seis meses. Plazo: 30 de septiembre de 2025.
"""


def test_a_wrapped_pdf_table_gives_each_action_its_unit_deadline_and_status():
    recs = extract_records(_doc("respuesta-darien", WRAPPED_MATRIX))
    assert [(r.kind, r.number, r.response) for r in _by(recs, "recommendation")] == [
        ("recommendation", "3", "Parcialmente aceptada"), ("recommendation", "4", "No aceptada")]
    rec3 = _by(recs, "recommendation")[0]  # why: the "Justificación:" field, shown with the response
    assert rec3.stated_response == "Parcialmente aceptada. La gerencia no financiará brigadas móviles de registro civil."
    assert [(a.number, a.text, a.responsible, a.deadline, a.status) for a in _by(recs, "action")] == [
        ("3.1", "Elaborar con la Dirección Nacional de Registro Civil un protocolo de notificación.",
         "Unidad de Población y Desarrollo", "Agosto de 2025", "En curso"),
        ("3.2", "Entregar un certificado de nacido vivo en todos los partos.", "Unidad de Salud; Oficina de Darién",
         "Abril de 2025", "Completada"),
        ("4.1", "Establecer un procedimiento de referencia al mecanismo de asistencia en efectivo.",
         "Unidad de Operaciones Humanitarias", "Mayo de 2025", "Completada")]


def test_an_english_wrapped_matrix_and_a_statement_that_wraps_onto_its_deadline():
    """"Recommendation 2 (medium priority):", "Not accepted"; and a statement whose last
    line ends on a date ("… The / Ministry will adopt it by June 2025.") names no unit."""
    text = ("Recommendation 2 (medium priority): Replace the one-off grant with a monthly transfer.\n"
            "Management response: Not accepted. The cost is beyond available resources.\n"
            "2.1\nDeliver a transition grant to 2,500 households.\nSocial Policy Section December 2025 In progress\n"
            "2.2 Update the referral guide. The\nMinistry will adopt it by June 2025.\n")
    recs = extract_records(_doc("unicef-response", text))
    assert [(r.kind, r.number, r.response, r.reason) for r in _by(recs, "recommendation")] == [
        ("recommendation", "2", "Not accepted", "The cost is beyond available resources.")]
    a21, a22 = _by(recs, "action")
    assert (a21.text, a21.responsible, a21.deadline, a21.status) == (
        "Deliver a transition grant to 2,500 households.", "Social Policy Section", "December 2025", "In progress")
    assert a22.responsible == "" and "Ministry will adopt it" in a22.text
