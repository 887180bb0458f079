"""Corpus PDFs: sections are not taken from an infographic's labels, and an action whose
responsible unit goes on below other columns (over a page break) keeps it."""
from __future__ import annotations

from puente.ingest.chunker import chunk
from puente.ingest.headings import figure_labels, split_lines
from puente.ingest.readers import read_document
from puente.ingest.records import extract_records

from conftest import CORPUS


def test_the_action_plans_introduction_is_not_cited_under_an_infographic_label():
    doc = read_document(CORPUS / "mirps-mexico-national-action-plan.pdf")
    chunks = chunk(doc)
    intro = next(c for c in chunks if "As part of its commitment to implement the MIRPS" in c.text)
    assert intro.section == ("NATIONAL ACTION PLAN MEXICO",)
    labels = {"EDUCATION", "HEALTH", "LIVELIHOODS", "SOCIAL PROTECTION", "JOBS AND"}
    assert not labels & {c.section[-1] for c in chunks if c.page_start == 1}
    # the real sections after it still are: "PROTECTION" heads its commitments on page 2
    assert any(c.section[-1] == "PROTECTION" and c.page_start == 2 for c in chunks)


def test_figure_labels_are_a_count_and_the_capitals_above_it():
    lines = split_lines("Intro text of the plan.\nSOCIAL\nPROTECTION\n8 COMMITMENTS\nAs part of it.\nPROTECTION\nImprove.")
    assert figure_labels(lines) == {1, 2, 3}


def test_an_action_keeps_its_responsible_unit_continued_below_other_columns():
    doc = read_document(CORPUS / "unhcr-mexico-evaluation-management-response.pdf")
    action = next(r for r in extract_records(doc) if r.kind == "action" and r.key == "1.1")
    assert action.responsible == "Americas Bureau with the input of MEX and all operations"
    assert (action.deadline, action.status) == ("Quarterly", "Ongoing")
