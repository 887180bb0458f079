"""Set U's reports: an evaluation's "R1 – …" recommendations under its "Recommendations"
chapter, with lettered sub-points and a "Responsibility: … Timeframe: …" line that wraps;
a programme document's and an annual report's lists announced as commitments."""
from __future__ import annotations

from puente.ingest.readers import read_document
from puente.ingest.records import extract_records

EVALUATION = """9. Recommendations

52. The following two recommendations are addressed to the Country Office. For each recommendation, the
evaluation identifies the responsible unit and a proposed timeframe.

R1 – Strengthen the documentation pathway beyond the REAL regime
Documentation is the foundation of all other results.
 (a) Negotiate with DIREDOC a costed transition plan for the 14 seconded staff.
(b) Expand the fee support fund.
Responsibility: Protection and Documentation Unit, with the Country Representative. Timeframe: by
December 2025.
R2 – Build a results-based monitoring system shared by all partners
 (a) Adopt a single case management and monitoring database, CaseLink, for all partners.
Responsibility: MEL Unit. Timeframe: by 30 June 2025.

Annex 1. Evaluation questions
"""


def test_an_evaluations_r1_recommendations_take_their_responsibility_and_timeframe(tmp_path):
    path = tmp_path / "evaluation.txt"
    path.write_text(EVALUATION, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.number, r.responsible, r.deadline) for r in recs] == [
        ("recommendation", "1", "Protection and Documentation Unit, with the Country Representative", "by December 2025"),
        ("recommendation", "2", "MEL Unit", "by 30 June 2025")]
    assert recs[0].text.startswith("Strengthen the documentation pathway beyond the REAL regime Documentation is")
    assert "(b) Expand the fee support fund." in recs[0].text  # its sub-points are part of it
    assert not any(r.number == "52" for r in recs)  # the report's numbered paragraph is no item


COMMITMENTS = """10. Budget summary and commitments

By signing this document, the participating organisations make the following commitments:

• To channel at least 30 per cent of the total programme budget directly to national and local partners.
• To make no job placement with an employer that has not passed the child labour screening.

11. Sustainability and exit strategy

Sustainability will be pursued through three channels:

• cost-sharing plans with the migration authorities;
• employer networks.
"""

COMPROMISOS = """7. Nuestros compromisos para 2025
Para 2025, Fundación Alero asume los siguientes compromisos públicos, cuyo cumplimiento
informaremos en el próximo informe anual:
 1. Lograr que al menos 1.500 personas obtengan su residencia temporaria o permanente,
 priorizando a quienes inician su primer trámite.
2. Publicar el informe de la auditoría externa antes del 30 de junio de 2025.
8. Gobernanza y agradecimientos
Fundación Alero está gobernada por un Consejo de Administración de siete integrantes.
"""


def test_a_list_announced_as_commitments_gives_one_commitment_per_item(tmp_path):
    path = tmp_path / "programme.txt"
    path.write_text(COMMITMENTS, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.number, r.text) for r in recs] == [
        ("commitment", "1", "To channel at least 30 per cent of the total programme budget directly to national and local "
                            "partners."),
        ("commitment", "2", "To make no job placement with an employer that has not passed the child labour screening.")]
    path.write_text(COMPROMISOS, encoding="utf-8")  # announced over two lines; "8. Gobernanza" is the next section
    recs = extract_records(read_document(path))
    assert [(r.number, r.text) for r in recs] == [
        ("1", "Lograr que al menos 1.500 personas obtengan su residencia temporaria o permanente, priorizando a quienes "
              "inician su primer trámite."),
        ("2", "Publicar el informe de la auditoría externa antes del 30 de junio de 2025.")]


def test_review_cases_fact_lines_prose_after_them_and_lists_that_announce_nothing(tmp_path):
    """A review of the round's change: bulleted fact lines ("- Responsible: …") under a listed
    recommendation were lost; a fact line took in the prose after it; a sentence on commitments
    followed by "… as follows:" announced a list of commitments; a procedure's "Step | Description"
    table made its step numbers the actions."""
    path = tmp_path / "recs.md"
    path.write_text("## Recommendations\n\n1. Expand the legal aid network to the border provinces.\n"
                    "   - Responsible: Protection Unit\n   - Deadline: December 2025\n", encoding="utf-8")
    assert [(r.text, r.responsible, r.deadline) for r in extract_records(read_document(path))] == [
        ("Expand the legal aid network to the border provinces.", "Protection Unit", "December 2025")]
    path = tmp_path / "ev.txt"
    path.write_text("Recommendations\nR1 – Strengthen the documentation pathway\nResponsibility: Protection Unit. "
                    "Timeframe: by December 2025.\nThe Country Office accepted this recommendation in May.\n",
                    encoding="utf-8")
    assert [(r.responsible, r.deadline) for r in extract_records(read_document(path))] == [
        ("Protection Unit", "by December 2025")]
    path = tmp_path / "findings.txt"
    path.write_text("This report reviews progress against the commitments made at the 2023 Forum.\n"
                    "The main findings are as follows:\n• Funding fell by 12 per cent.\n• Two offices closed.\n\n"
                    "Progress on commitments:\n• Eleven pledges were met.\n", encoding="utf-8")
    assert extract_records(read_document(path)) == []
    path = tmp_path / "sop.md"
    path.write_text("# Referral procedure\n\n| Step | Description | Responsible | Deadline |\n|---|---|---|---|\n"
                    "| 1 | Register the case in the database | Case worker | 24 hours |\n", encoding="utf-8")
    assert [(r.number, r.text) for r in extract_records(read_document(path))] == [("1", "Register the case in the database")]


def test_a_listed_recommendation_states_whom_it_is_addressed_to_and_its_priority_in_its_own_line(tmp_path):
    """An evaluation summary on the web (set A): "• Armonizar … cada semestre. Dirigida a: UNFPA …
    Prioridad: alta" in the item's own line; the label does not stay in the statement."""
    path = tmp_path / "resumen.md"
    path.write_text("# Resumen ejecutivo\n\n## Recomendaciones\n\n"
                    "- Armonizar los sistemas de información sobre VBG de ambos países. Dirigida a: UNFPA y los equipos "
                    "de gestión de información. Prioridad: alta.\n"
                    "- Negociar con los donantes financiamiento plurianual. Dirigida a: Jefaturas de las agencias.\n",
                    encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.number, r.text, r.responsible, r.priority) for r in recs] == [
        ("1", "Armonizar los sistemas de información sobre VBG de ambos países.",
         "UNFPA y los equipos de gestión de información", "alta"),
        ("2", "Negociar con los donantes financiamiento plurianual.", "Jefaturas de las agencias", "")]
