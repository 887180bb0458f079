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


MATRIX_PAGE_1 = """ No.   Recommendation                   Management response         Key actions                          Responsible unit
                                        (Accepted / Partially
                                        accepted / Rejected)

 1     Link cash to livelihoods         Accepted. Teams will         1.1 Design a graduation pathway.     Livelihoods Unit
       coaching for working-age         merge in 2025.               1.2 Pilot it with 400 households.
       adults.

 2     Introduce a social cohesion      Accepted. Management         2.1 Apply a 30 per cent host         Community Unit
       component, ensuring that host    shares the concern.          community quota.
"""
MATRIX_PAGE_2 = """ No.   Recommendation                   Management response         Key actions                          Responsible unit
                                        (Accepted / Partially
                                        accepted / Rejected)

       households are at least 30       It will report on it.        2.2 Fund 12 joint community          with the LEIU
       per cent of participants.                                     projects.

 3     Publish a quarterly summary      Rejected. The hotline        3.1 Extend the hotline hours.        MEL Unit
       of feedback received.            covers it.
"""


def _plain(layout: str) -> str:
    """What pypdf's plain text gives for such a page: each cell's lines one after another."""
    out = []
    for table in grid_tables(layout):
        for row in table:
            out += [c for c in row if c]
    return "\n".join(out)


def test_a_header_that_wraps_and_a_matrix_that_goes_on_over_the_next_page_give_one_record_per_row():
    """An unseen management response (ReportLab, one matrix over three landscape pages): the header's
    "Management response (Accepted / Partially accepted / Rejected)" wrapped over three lines and
    no row was read, so the document had no record; once read, the header repeated on each page
    gave a recommendation "No. Recommendation", and the row the page broke two ("2 Introduce …
    ensuring that host" and "1 households are at least …")."""
    (table,) = grid_tables(MATRIX_PAGE_1)
    assert table[0] == ["No.", "Recommendation", "Management response (Accepted / Partially accepted / Rejected)",
                        "Key actions", "Responsible unit"]
    assert table[2][1] == "Introduce a social cohesion component, ensuring that host"
    pages = tuple(Page(n, with_grid_tables(_plain(lay), lay)) for n, lay in ((3, MATRIX_PAGE_1), (4, MATRIX_PAGE_2)))
    doc = Document(doc="management-response", title="Management response", pages=pages)
    recs = extract_records(doc)
    assert [(r.kind, r.number) for r in recs] == [
        ("recommendation", "1"), ("action", "1.1"), ("action", "1.2"), ("recommendation", "2"), ("action", "2.1"),
        ("action", "2.2"), ("recommendation", "3"), ("action", "3.1")]
    two = recs[3]
    assert two.text == "Introduce a social cohesion component, ensuring that host households are at least 30 per cent of participants."
    assert (two.response, two.page_start, two.page_end) == ("Accepted", 3, 4)
    assert recs[6].response == "Rejected" and recs[7].responsible == "MEL Unit"


def test_a_row_under_a_first_cell_merged_down_is_no_broken_row():
    """On the next page a row whose first cell is empty because it is merged down from the row
    above ("Area") is a row of its own; only a row that goes on mid-sentence joins the one above."""
    head = "Area\tCommitment\tResponsible\tDeadline"
    one = f"{head}\nLabour\tThe Ministry will open two employment offices.\tMTPS\tDecember 2025"
    two = f"{head}\n\tThe Ministry will launch an anti-xenophobia campaign.\tMIGRA\tMarch 2026"
    doc = Document(doc="plan", title="National action plan commitments", pages=(Page(1, one), Page(2, two)))
    recs = [r for r in extract_records(doc) if r.kind == "commitment"]
    assert [(r.responsible, r.deadline) for r in recs] == [("MTPS", "December 2025"), ("MIGRA", "March 2026")]
