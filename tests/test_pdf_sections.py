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
