"""A response matrix that pypdf reads cell by cell in narrow columns: the statement, the
response ("Partially" / "accepted."), its reason, the actions (the first on the response's
line: "Accepted. 6.1 …"), then the unit, the timeframe and a status with its note ("Q1 2025
Delayed. The …" over several lines). Before, such a row gave no response, no actions, and no
status: a question on where an action stands got the recommendation's statement."""
from __future__ import annotations

from puente.common.types import Document, Page
from puente.ingest.records import extract_records

MATRIX = """2. Management response matrix
Recommendation Management
response
Key actions Responsible
unit
Timeframe Status (31 March
2025)
Recommendation 3:
Expand legal aid for
returnees in the southern
provinces.
Partially
accepted.
Funding covers two
provinces only.
3.1 Open a legal aid desk
in Riobamba.
3.2 Train 40 paralegals
in Loja and Azuay.
Legal
Protection
Unit
Q2 2025 –
Q1 2026
In progress. 20 of
the 40 paralegals
have been trained;
the Azuay course is
pending.
Recommendation 4:
Publish quarterly data on
returns by province.
Accepted. 4.1 Agree a data
sharing protocol with the
Ministry.
4.2 Build a public
returns dashboard.
Information
Management
Unit
Q1 2025 Delayed. The
dashboard was not
built because of a
hiring freeze.
Recommendation 5:
Close the northern office.
Not accepted.
The office serves
new arrivals.
5.1 Review the office's
caseload with donors.
Office of the
Representative
2026 Not started.
Talks resume after
the elections.
"""


def _actions():
    recs = extract_records(Document(doc="mr-legal-aid", title="Management response", pages=(Page(1, MATRIX),)))
    return recs, {r.number: r for r in recs if r.kind == "action"}


def test_a_response_over_two_lines_and_an_action_on_the_response_line():
    recs, actions = _actions()
    assert [(r.number, r.response) for r in recs if r.kind == "recommendation"] == [
        ("3", "Partially accepted"), ("4", "Accepted"), ("5", "Not accepted")]
    assert sorted(actions) == ["3.1", "3.2", "4.1", "4.2", "5.1"]
    assert actions["4.1"].text == "Agree a data sharing protocol with the Ministry."


def test_the_status_cell_keeps_its_note_and_the_timeframe_its_range():
    _, actions = _actions()
    a32, a42, a51 = actions["3.2"], actions["4.2"], actions["5.1"]
    # the last status word ("pending.") is the note's, not the cell's
    assert (a32.text, a32.responsible, a32.deadline) == (
        "Train 40 paralegals in Loja and Azuay.", "Legal Protection Unit", "Q2 2025 – Q1 2026")
    assert a32.status == "In progress. 20 of the 40 paralegals have been trained; the Azuay course is pending"
    assert (a42.responsible, a42.deadline) == ("Information Management Unit", "Q1 2025")
    assert a42.status == "Delayed. The dashboard was not built because of a hiring freeze"
    # a year alone is the deadline when the status follows it on its line
    assert (a51.responsible, a51.deadline, a51.status) == (
        "Office of the Representative", "2026", "Not started. Talks resume after the elections")


PLAN = """3. Funding requirements
The plan requires US$ 96 million.
4. Sector commitments
4.1 Protection
Lead agencies: UNHCR and IOM.
• The sector will deploy protection monitors at all
four official crossing points.
• The sector will register every unaccompanied child.
4.2 Water, sanitation and
hygiene
Lead agency: UNICEF.
• The sector will distribute 40,000 hygiene kits.
5. Coordination
• Partners meet monthly in Dajabón.
"""


def test_bullets_under_a_sector_of_a_commitments_section_are_its_commitments():
    """A response plan's "4. Sector commitments" with "4.1 Protection" … and "• The sector
    will …" bullets under each (a two-column PDF wraps a sector's name: "4.2 Water, sanitation
    and" / "hygiene"). Before, they gave no record: a commitment question had none to prefer."""
    recs = extract_records(Document(doc="jrp", title="Joint response plan", pages=(Page(1, PLAN),)))
    assert [(r.kind, r.area, r.text) for r in recs] == [
        ("commitment", "Protection", "The sector will deploy protection monitors at all four official crossing points."),
        ("commitment", "Protection", "The sector will register every unaccompanied child."),
        ("commitment", "Water, sanitation and hygiene", "The sector will distribute 40,000 hygiene kits.")]
