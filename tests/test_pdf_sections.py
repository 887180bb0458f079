"""PDF sections: an infographic's labels are not section headings (their text stays in a
passage of its own, in the section the figure stands in), and an action whose responsible
unit goes on below other columns (over a page break) keeps it."""
from __future__ import annotations

import pytest
from conftest import CORPUS

from puente.common.types import Document, Page
from puente.ingest.chunker import chunk
from puente.ingest.headings import figure_boxes, figure_labels, sections, split_lines
from puente.ingest.readers import read_document
from puente.ingest.records import extract_records

PLAN = "mirps-mexico-national-action-plan"


def _paths(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Each section span's path and its text, whitespace collapsed."""
    return [(p, " ".join(text[s:e].split())) for p, s, e in sections(text)]


def _section_of(text: str, words: str) -> tuple[str, ...]:
    return next(p for p, t in _paths(text) if words in t)


# a report page with an infographic: a total, then boxes of a label over its count
BOXES = """NATIONAL PLAN OF ACTION
The country has received mixed flows of migrants and refugees in recent years.
It took part in the regional framework since 2017.
33 COMMITMENTS
PROTECTION
17 COMMITMENTS
EDUCATION
1 COMMITMENT
JOBS AND
LIVELIHOODS
5 COMMITMENTS
SOCIAL
PROTECTION
8 COMMITMENTS
As part of its commitment, the government has expanded its capacity to respond.
PROTECTION
Improve efficiency in the registration of refugee cases.
- Give continuity to visits to the stations.
EDUCATION
Establish mechanisms that allow access to the educational system.
"""


def test_the_text_after_an_infographic_stays_in_the_section_it_was_in():
    assert _section_of(BOXES, "As part of its commitment") == ("NATIONAL PLAN OF ACTION",)
    # the labels name no section of the text, only their own box: a span per box, a label over its count
    boxes = [(p, t) for p, t in _paths(BOXES) if "COMMITMENT" in t and "commitment" not in t]
    assert boxes == [(("NATIONAL PLAN OF ACTION",), "33 COMMITMENTS")] + [
        (("NATIONAL PLAN OF ACTION", label), f"{label} {count}") for label, count in (
            ("PROTECTION", "17 COMMITMENTS"), ("EDUCATION", "1 COMMITMENT"), ("JOBS AND LIVELIHOODS", "5 COMMITMENTS"),
            ("SOCIAL PROTECTION", "8 COMMITMENTS"))]
    # the real headings after the figure still are headings
    assert _section_of(BOXES, "Improve efficiency") == ("PROTECTION",)
    assert _section_of(BOXES, "Establish mechanisms") == ("EDUCATION",)


def test_each_box_of_an_infographic_is_a_passage_of_its_own():
    doc = Document(doc="plan", title="Plan", pages=(Page(1, BOXES),))
    chunks = chunk(doc, max_words=200, min_words=5, overlap_words=0, doc_lang="en")
    box = [c for c in chunks if "17 COMMITMENTS" in c.text]
    assert [c.text for c in box] == ["PROTECTION\n17 COMMITMENTS"]  # what answers "how many protection commitments?"
    assert box[0].section == ("NATIONAL PLAN OF ACTION", "PROTECTION")  # cited "…, PROTECTION"
    after = next(c for c in chunks if "As part of its commitment" in c.text)
    assert after.text.startswith("As part of") and after.section == ("NATIONAL PLAN OF ACTION",)


# another layout and language: figures over their labels, percentages and thousands, blank lines between
FIGURES_FIRST = """1. Contexto
La red regional apoya a los gobiernos en la gestión de la migración.

1.200

PERSONAS ATENDIDAS

75%

NIÑAS Y NIÑOS

**340**

**ALBERGUES APOYADOS**

El programa continuó en 2023 con nuevas oficinas en la frontera.
2. Hallazgos
La evaluación encontró avances.
"""


def test_figures_over_their_labels_in_spanish_are_not_headings_either():
    assert _section_of(FIGURES_FIRST, "El programa continuó") == ("1. Contexto",)
    boxes = [(p[1:], t) for p, t in _paths(FIGURES_FIRST) if p[:1] == ("1. Contexto",)][1:-1]
    assert boxes == [(("PERSONAS ATENDIDAS",), "1.200 PERSONAS ATENDIDAS"), (("NIÑAS Y NIÑOS",), "75% NIÑAS Y NIÑOS"),
                     (("ALBERGUES APOYADOS",), "**340** **ALBERGUES APOYADOS**")]
    assert _section_of(FIGURES_FIRST, "La evaluación encontró") == ("2. Hallazgos",)


@pytest.mark.parametrize("text,heading", [
    # a heading with one count under it, then its text: the section is the heading's
    ("Intro text of the plan.\nSOCIAL PROTECTION\n8 COMMITMENTS\nStrengthen social programmes for refugees.\n",
     "SOCIAL PROTECTION"),
    # headings, each over its text: no figure run however many there are
    ("Intro.\nPROTECTION\nImprove registration.\nEDUCATION\nAccess to schools.\nHEALTH\nAccess to clinics.\n",
     "EDUCATION"),
    # a wrapped ALL-CAPS title and a line of figures in a sentence
    ("Intro.\nANNUAL RESULTS\nREPORT MEXICO\nIn 2023 UNHCR reached 740 people and 35 shelters.\n", "ANNUAL RESULTS REPORT MEXICO"),
])
def test_headings_near_figures_stay_headings(text, heading):
    assert heading in {p[-1] for p, _ in _paths(text) if p}
    assert figure_labels(split_lines(text)) == []


def test_numbered_headings_are_no_figures_and_word_files_have_no_figure_runs():
    # "2. FINDINGS" and "2.1 Access to asylum" are numbered headings, not counts
    text = ("EVALUATION REPORT\nThis report presents the findings of the evaluation.\n2. FINDINGS\nPROTECTION\n"
            "2.1 Access to asylum\nKey issues\nAsylum seekers wait months for a decision.\n")
    assert _section_of(text, "Asylum seekers wait")[-1] == "2.1 Access to asylum"
    assert figure_labels(split_lines(text)) == []
    # a Word file's table of countries and figures under its heading stays in that section
    word = ("1. Context\n\nThe region.\n\n2. Results by country\n\nCountry Refugees\nMEXICO\n1,200\nGUATEMALA\n800\n"
            "HONDURAS\n500\n\nText after the table.\n")
    assert all(p[-1] == "2. Results by country" for p, s, e in sections(word, structured=True)
               if "GUATEMALA" in word[s:e])


def test_a_heading_right_after_an_infographic_is_not_taken_for_a_label():
    text = ("NATIONAL PLAN OF ACTION\nIntro text of the plan here.\n33 COMMITMENTS\nPROTECTION\n17 COMMITMENTS\n"
            "EDUCATION\n1 COMMITMENT\nHEALTH\n2 COMMITMENTS\nPROTECTION\nImprove efficiency in the registration.\n")
    assert _section_of(text, "Improve efficiency") == ("PROTECTION",)
    boxes = [t for p, t in _paths(text) if "COMMITMENT" in t]
    assert boxes == ["33 COMMITMENTS", "PROTECTION 17 COMMITMENTS", "EDUCATION 1 COMMITMENT", "HEALTH 2 COMMITMENTS"]
    # bare figures read figure then label; a heading before them is no label
    text = "1. Contexto\nLa red apoya.\nRESULTADOS\n1.200\nPERSONAS ATENDIDAS\n75%\nNIÑAS Y NIÑOS\nEl programa siguió.\n"
    assert [t for p, t in _paths(text) if p[-1:] in (("PERSONAS ATENDIDAS",), ("NIÑAS Y NIÑOS",))] == [
        "RESULTADOS 1.200 PERSONAS ATENDIDAS", "75% NIÑAS Y NIÑOS"]


def test_a_box_pairs_each_label_with_its_figure_whichever_comes_first():
    def boxes(text):
        lines = split_lines(text)
        (a, b), = figure_labels(lines)
        starts = figure_boxes(lines, a, b)
        return [" ".join(ln.s for ln in lines[s:e] if ln.s) for s, e in zip(starts, starts[1:] + [b + 1])]

    assert boxes("Intro.\nHEALTH\n2 COMMITMENTS\nSOCIAL\nPROTECTION\n8 COMMITMENTS\nBody.") == [
        "HEALTH 2 COMMITMENTS", "SOCIAL PROTECTION 8 COMMITMENTS"]
    assert boxes("Intro.\n740\nPEOPLE TRAINED\n35\nSHELTERS SUPPORTED\nBody.") == [
        "740 PEOPLE TRAINED", "35 SHELTERS SUPPORTED"]


def test_a_heading_the_file_marks_is_not_taken_into_a_figure_run():
    lines = split_lines(BOXES)
    protection = next(i for i, ln in enumerate(lines) if ln.s == "PROTECTION")
    runs = figure_labels(lines, skip={protection})
    assert all(not (a <= protection <= b) for a, b in runs)


def test_the_action_plans_introduction_is_not_cited_under_an_infographic_label():
    doc = read_document(CORPUS / f"{PLAN}.pdf")
    chunks = chunk(doc)
    intro = next(c for c in chunks if "As part of its commitment to implement the MIRPS" in c.text)
    assert intro.section == ("NATIONAL ACTION PLAN MEXICO",), intro.section
    page1 = {c.section[0] for c in chunks if c.page_start == 1}
    assert page1 == {"NATIONAL ACTION PLAN MEXICO"}, page1
    # the infographic's words stay, a passage per box: a label over its count, named by its label
    boxes = [(c.section[1:], " ".join(c.text.split())) for c in chunks if c.page_start == 1 and "COMMITMENT" in c.text]
    assert boxes == [((), "33 COMMITMENTS")] + [((label,), f"{label} {count}") for label, count in (
        ("PROTECTION", "17 COMMITMENTS"), ("EDUCATION", "1 COMMITMENT"), ("HEALTH", "2 COMMITMENTS"),
        ("JOBS AND LIVELIHOODS", "5 COMMITMENTS"), ("SOCIAL PROTECTION", "8 COMMITMENTS"))]
    # the real sections after it still are: the commitment areas on pages 2 and 3
    named = {(c.section[-1], c.page_start) for c in chunks if c.section}
    assert {("PROTECTION", 2), ("EDUCATION", 3), ("HEALTH", 3), ("JOBS AND LIVELIHOODS", 3)} <= named


@pytest.mark.parametrize("stem", [
    "mirps-mexico-pro-tempore-presidency", "oim-red-migracion-america-del-sur-respuesta-gerencial",
    "unhcr-mexico-annual-results-report-2023", "unhcr-mexico-evaluation-management-response",
])
def test_the_other_corpus_reports_have_no_figure_run(stem):
    doc = read_document(CORPUS / f"{stem}.pdf")
    assert figure_labels(split_lines(doc.text)) == []


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


def test_an_acronym_alone_on_its_line_and_a_tables_number_sign_are_no_headings():
    """Two unseen PDFs cited most passages under "SINIRUBE" or "UNICEF" (acronyms of their
    lists, one per line over what they stand for) and under "of GBV survivors receiving case"
    (a log-frame cell "# of GBV survivors …" read as a Markdown heading)."""
    text = ("Acronyms\nSINIRUBE\nSistema Nacional de Información y Registro Único de Beneficiarios\nUNICEF\n"
            "Fondo de las Naciones Unidas para la Infancia\n1. Introduction\nThe evaluation covered 2021–2024.\n"
            "Outcome 1\n# of GBV survivors receiving case management 310 650 587\n"
            "PRESENTACIÓN\nColombia es el principal país de acogida de la población refugiada y migrante.\n")
    paths = [p for p, _ in _paths(text)]
    assert ("SINIRUBE",) not in paths and ("UNICEF",) not in paths and ("1. Introduction",) in paths
    assert not any("of GBV survivors" in " ".join(p) for p in paths)
    assert ("PRESENTACIÓN",) in paths  # a heading over prose, not an acronym over what it stands for


def test_the_headings_after_a_list_of_acronyms_or_a_contents_page_stay_headings():
    text = ("Acronyms\nACNUR\nAlto Comisionado de las Naciones Unidas para los Refugiados\n\nINTRODUCTION\n"
            "This evaluation was commissioned by the UNHCR Evaluation Office in 2023 to assess the response\n"
            "METHODOLOGY\nThe team used mixed methods, combining a document review with 85 key informant interviews\n"
            "Índice\nPresentación 3\nANTECEDENTES\nCosta Rica ha recibido a más de 200 000 personas solicitantes.\n")
    paths = [p for p, _ in _paths(text)]
    assert ("INTRODUCTION",) in paths and ("METHODOLOGY",) in paths and ("ANTECEDENTES",) in paths


def test_a_list_of_acronyms_is_a_section_of_its_own():
    """An unseen report's list ("Acronyms" / "R4V" / "Inter-Agency Coordination Platform …") lay in
    its cover's section, so its lines answered comparison questions as strong matches."""
    text = ("RESULTS REPORT 2024\nCaribbean Sub-regional Platform\nAcronyms\nR4V\nInter-Agency Coordination Platform\n"
            "SENASA\nSeguro Nacional de Salud\n1. Sub-regional overview\nIn 2024, an estimated 226 400 refugees lived here.\n")
    assert [p for p, _ in _paths(text)] == [(), ("Acronyms",), ("1. Sub-regional overview",)]
