"""A progress report's status dashboard ("Action Lead Deadline Status Comment") that a PDF
gives cell by cell: each row an action with its statement, lead, deadline and status, the
comment in its detail. Before, such a report gave no record, so "where does the fine
reduction stand?" had no status to answer with."""
from __future__ import annotations

from puente.common.types import Document, Page
from puente.ingest.records import extract_records

DASHBOARD = """2. Status dashboard (as of 31 December 2024)
The table below presents the status of selected actions under each pillar.
Action Lead Deadline Status Comment
I.1 Extend the validity of the CPP
from one to two years
National Superintendence of
Migration (MIGRACIONES)
June 2024 Completed Supreme Decree issued in May
2024.
I.2 Reduce the fine for overstay
for applicants to regularisation
processes
MIGRACIONES, Ministry of
Economy and Finance (MEF)
December 2024 Delayed Draft decree under review by the
MEF.
II.3 Include migrants holding a
CPP in the Impulsa Perú training
programmes
MTPE June 2024 Completed 3,420 migrants enrolled in 2024.
II.1 Register 20,000 refugees in the public
employment service
Ministry of Labour (MTPE)
December 2025 On track 14,850 registered by December
2024.
Source: Technical Secretariat.
3. Challenges
Overstay fines remain the main obstacle.
"""


def test_each_dashboard_row_is_an_action_with_its_lead_deadline_and_status():
    recs = extract_records(Document(doc="progress", title="Progress report", pages=(Page(1, DASHBOARD),)))
    assert [(r.kind, r.number, r.text, r.responsible, r.deadline, r.status) for r in recs] == [
        ("action", "I.1", "Extend the validity of the CPP from one to two years",
         "National Superintendence of Migration (MIGRACIONES)", "June 2024", "Completed"),
        ("action", "I.2", "Reduce the fine for overstay for applicants to regularisation processes",
         "MIGRACIONES, Ministry of Economy and Finance (MEF)", "December 2024", "Delayed"),
        ("action", "II.3", "Include migrants holding a CPP in the Impulsa Perú training programmes", "MTPE",
         "June 2024", "Completed"),
        ("action", "II.1", "Register 20,000 refugees in the public employment service", "Ministry of Labour (MTPE)",
         "December 2025", "On track")]
    assert recs[1].detail.endswith("December 2024 Delayed Draft decree under review by the MEF.")
    assert recs[-1].detail.endswith("14,850 registered by December 2024.")  # not the table's source note


def test_a_row_reads_no_date_or_status_from_past_the_table():
    """The table ends at the heading after its rows: a last row without its deadline and
    status cells gives no action, whatever the text after the heading says."""
    cut = DASHBOARD.replace("December 2025 On track 14,850 registered by December\n2024.\n", "") + \
        "The ministry expects June 2025 Completed works in every region.\n"
    recs = extract_records(Document(doc="progress", title="Progress report", pages=(Page(1, cut),)))
    assert [r.number for r in recs] == ["I.1", "I.2", "II.3"]
