"""Corpus PDFs: an action whose responsible unit goes on below other columns (over a
page break) keeps it."""
from __future__ import annotations

from conftest import CORPUS

from puente.ingest.readers import read_document
from puente.ingest.records import extract_records


def test_an_action_keeps_its_responsible_unit_continued_below_other_columns():
    doc = read_document(CORPUS / "unhcr-mexico-evaluation-management-response.pdf")
    action = next(r for r in extract_records(doc) if r.kind == "action" and r.key == "1.1")
    assert action.responsible == "Americas Bureau with the input of MEX and all operations"
    assert (action.deadline, action.status) == ("Quarterly", "Ongoing")


def test_an_action_statement_cut_by_the_other_columns_goes_on_after_them():
    # page 1 ends the statement at "…early warnings to activate"; page 2 gives the other
    # columns' next lines first, then "contingency planning. Build close …" in the
    # statement column's width
    doc = read_document(CORPUS / "unhcr-mexico-evaluation-management-response.pdf")
    action = next(r for r in extract_records(doc) if r.kind == "action" and r.key == "1.1")
    assert action.text == (
        "Produce regular reports on regional population movements, including early warnings to activate "
        "contingency planning. Build close coordination with other agencies working on human mobility. "
        "Foster consistency and avoidance of duplication.")
