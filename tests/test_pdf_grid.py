"""A PDF table of words whose cells wrap (``ingest/pdf_tables/words.py``): an unseen management
response (ReportLab, a grid table of actions under each recommendation) reached pypdf's
plain text one cell line after another; its actions' responsible units ran into the next
header ("Country Office 31 March No. Action Responsible Deadline Status") and answers quoted
"No. Action Responsible Deadline Status 4.1 Set a minimum quota …" as one sentence."""
from __future__ import annotations

from puente.common.types import Document, Page
from puente.ingest.pdf_tables.words import grid_tables, with_grid_tables
from puente.ingest.records import extract_records

PLAIN = """Recommendation R2: Link cash assistance and livelihoods support.
Management response: Agreed
No.
Action
Responsible
Deadline
Status
2.1
Design a graduation pathway with an 18-month
cycle combining consumption support
Livelihoods and Economic
Inclusion Unit (LEIU)
31 March
2025
In progress
2.2
Introduce a common referral form
LEIU, with the Cash-Based
Interventions Cell
31 October
2024
Completed
The first update is due in May 2025."""

LAYOUT = """ Recommendation R2: Link cash assistance and livelihoods support.
 Management response: Agreed

 No.      Action                                          Responsible                  Deadline        Status
 2.1      Design a graduation pathway with an 18-month    Livelihoods and Economic     31 March        In progress
          cycle combining consumption support             Inclusion Unit (LEIU)        2025
 2.2      Introduce a common referral form                LEIU, with the Cash-Based    31 October      Completed
                                                          Interventions Cell           2024

 The first update is due in May 2025."""


def test_a_table_of_words_is_read_row_by_row_from_the_layout():
    (table,) = grid_tables(LAYOUT)
    assert table[0] == ["No.", "Action", "Responsible", "Deadline", "Status"]
    assert table[1] == ["2.1", "Design a graduation pathway with an 18-month cycle combining consumption support",
                        "Livelihoods and Economic Inclusion Unit (LEIU)", "31 March 2025", "In progress"]
    assert table[2][2:] == ["LEIU, with the Cash-Based Interventions Cell", "31 October 2024", "Completed"]
    text = with_grid_tables(PLAIN, LAYOUT)
    lines = text.split("\n")
    assert lines[2] == "No.\tAction\tResponsible\tDeadline\tStatus"
    assert lines[3].startswith("2.1\tDesign a graduation pathway") and lines[3].endswith("\t31 March 2025\tIn progress")
    assert lines[0] == PLAIN.split("\n")[0] and lines[-1] == "The first update is due in May 2025."  # prose stays
    assert len(lines) == 6


def test_the_actions_of_such_a_table_get_their_unit_deadline_and_status():
    text = with_grid_tables(PLAIN, LAYOUT)
    doc = Document(doc="management-response", title="Management response", pages=(Page(1, text),))
    acts = {r.number: r for r in extract_records(doc) if r.kind == "action"}
    assert acts["2.1"].responsible == "Livelihoods and Economic Inclusion Unit (LEIU)"
    assert (acts["2.2"].deadline, acts["2.2"].status) == ("31 October 2024", "Completed")


def test_prose_columns_and_tables_whose_words_do_not_line_up_are_left_alone():
    prose = " Para los fines   de este informe   se consideran tres   grupos de edad\n siguientes."
    assert grid_tables(prose) == []
    assert with_grid_tables("Para los fines de este informe", prose) == "Para los fines de este informe"
    # a layout whose words the plain text does not hold in row order: the plain text as it was
    assert with_grid_tables(PLAIN.replace("Introduce", "Adopt"), LAYOUT) == PLAIN.replace("Introduce", "Adopt")
    assert with_grid_tables(PLAIN, "") == PLAIN
