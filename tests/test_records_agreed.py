"""A meeting's or consultation's agreed actions as records: minutes' "Acuerdos" whose
numbered items state who and by when in their own line, and a summary's "Agreed next
steps" table of Step / Owner / By when (sets S and T gave no records for either)."""
from __future__ import annotations

from puente.ingest.readers import read_document
from puente.ingest.records import extract_records

MINUTES = """# Acta de reunión — Mesa de Protección

## Temas tratados

1. Lectura del acta anterior.
2. Inclusión laboral: resultados de la feria de empleo de abril.

La Lic. Cuéllar resumió los hechos de marzo en el mercado.

## Acuerdos

1. Convocar una mesa de diálogo con la Federación de Gremiales del mercado. **Responsable:** Gobierno Municipal \
(Lic. Patricia Cuéllar). **Fecha:** 20 de junio de 2025.
2. Preparar una propuesta conjunta para un espacio de acogida transitoria. **Responsable:** SEDEGES y MRA Bolivia. \
**Fecha:** 30 de junio de 2025.
3. Publicar el mapeo de servicios actualizado.
   Responsable: Fundación Tajibo

**Próxima reunión:** 11 de junio de 2025.
"""

SUMMARY = """# Consultation summary

## Agreed next steps

Participants agreed on the following next steps.

| Step | Owner | By when |
|---|---|---|
| Submit a policy paper to Cabinet on work permits after six months | Refugees Department | 30 June 2025 |
| Train labour inspectors on complaints from migrant workers | Labour Department | December 2025 |
"""


def test_minutes_agreed_actions_take_the_owner_and_date_their_line_states(tmp_path):
    path = tmp_path / "acta-mesa.md"
    path.write_text(MINUTES, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.number, r.text, r.responsible, r.deadline) for r in recs] == [
        ("action", "1", "Convocar una mesa de diálogo con la Federación de Gremiales del mercado.",
         "Gobierno Municipal (Lic. Patricia Cuéllar)", "20 de junio de 2025"),
        ("action", "2", "Preparar una propuesta conjunta para un espacio de acogida transitoria.", "SEDEGES y MRA Bolivia",
         "30 de junio de 2025"),
        ("action", "3", "Publicar el mapeo de servicios actualizado.", "Fundación Tajibo", "")]
    # the agenda's numbered items above are no actions; a list under "Acuerdos" that states no owner or date neither
    path.write_text(MINUTES.replace("**Responsable:**", "con").replace("**Fecha:**", "antes del")
                    .replace("   Responsable: Fundación Tajibo\n", ""), encoding="utf-8")
    assert extract_records(read_document(path)) == []


def test_a_next_steps_table_of_step_owner_and_by_when_gives_actions(tmp_path):
    path = tmp_path / "summary.md"
    path.write_text(SUMMARY, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.text, r.responsible, r.deadline) for r in recs] == [
        ("action", "Submit a policy paper to Cabinet on work permits after six months", "Refugees Department",
         "30 June 2025"),
        ("action", "Train labour inspectors on complaints from migrant workers", "Labour Department", "December 2025")]
    path.write_text(SUMMARY.replace("| Step | Owner | By when |", "| Stage | Participants | Month |"), encoding="utf-8")
    assert extract_records(read_document(path)) == []


def test_agreed_actions_end_at_the_next_section_and_a_label_inside_a_sentence_is_no_fact(tmp_path):
    path = tmp_path / "acta.txt"
    path.write_text("3. Acuerdos\n1. Convocar una mesa de diálogo. Responsable: Gobierno Municipal. Fecha: 20 de junio.\n"
                    "2. Definir nueva fecha: se decidirá por correo electrónico. Responsable: OIM.\n"
                    "4. Participantes\n1. María López, ACNUR.\n2. Juan Pérez, OIM.\n", encoding="utf-8")
    assert [(r.number, r.text, r.responsible) for r in extract_records(read_document(path))] == [
        ("1", "Convocar una mesa de diálogo.", "Gobierno Municipal"),
        ("2", "Definir nueva fecha: se decidirá por correo electrónico.", "OIM")]


def test_agreements_named_by_their_number_with_statements_wrapped_over_lines(tmp_path):
    """Minutes printed from Word (set B): "Acuerdo 3. Elaborar una nota …" over two lines, then
    "Responsable: …" and "Fecha: …" lines."""
    path = tmp_path / "acta-cluster.txt"
    path.write_text("4. Acuerdos\n"
                    "Acuerdo 1. Enviar a los miembros el acta de esta reunión para comentarios.\n"
                    "Responsable: Secretaría técnica del Clúster (ACNUR)\nFecha: 20 de marzo de 2025\n"
                    "Acuerdo  2. Elaborar  una  nota  de  incidencia  dirigida  al  CONAPINA  sobre las demoras en la\n"
                    "inscripción de nacimientos de NNA retornados nacidos en el exterior.\n"
                    "Responsable: Subgrupo de Protección de la Niñez (Plan International y UNICEF)\n"
                    "Fecha: 30 de abril de 2025\n"
                    "Próxima reunión: jueves 10 de abril de 2025.\n", encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.number, r.responsible, r.deadline) for r in recs] == [
        ("1", "Secretaría técnica del Clúster (ACNUR)", "20 de marzo de 2025"),
        ("2", "Subgrupo de Protección de la Niñez (Plan International y UNICEF)", "30 de abril de 2025")]
    assert " ".join(recs[1].text.split()).endswith("retornados nacidos en el exterior.")


PLEDGES = """# Our Global Refugee Forum pledges: progress update

At the second Global Refugee Forum Camino Seguro made three pledges.

## Our pledges

### 1. Free legal aid for asylum seekers

We pledged to provide free legal representation to 12,000 asylum seekers by December 2025. By May 2025, 9,340 \
people had received it.

Status: In progress

Partners: COMAR, UNHCR

### 2. Refugee participation in our governance

We pledged that at least 30 per cent of our Advisory Board would be refugees by the end of 2024. Since November \
2024, four of eleven members are refugees.

Status: Fulfilled

## How we report

Each pledge is reported every quarter.
"""


def test_a_page_of_pledges_gives_one_commitment_per_numbered_heading_with_its_status(tmp_path):
    """An NGO's page of its Global Refugee Forum pledges (set B): each numbered heading under "Our
    pledges" heads one pledge, stated by the paragraph's first sentence (what follows reports
    progress), with its "Status:" line."""
    path = tmp_path / "pledges.md"
    path.write_text(PLEDGES, encoding="utf-8")
    recs = extract_records(read_document(path))
    assert [(r.kind, r.number, r.text, r.status) for r in recs] == [
        ("commitment", "1", "We pledged to provide free legal representation to 12,000 asylum seekers by December 2025.",
         "In progress"),
        ("commitment", "2", "We pledged that at least 30 per cent of our Advisory Board would be refugees by the end of 2024.",
         "Fulfilled")]
    path.write_text(PLEDGES.replace("## Our pledges", "## Our work"), encoding="utf-8")
    assert extract_records(read_document(path)) == []  # numbered sections under another heading state no pledge
