"""Web page (.html/.htm) reader: main content only, headings as sections, lists and
tables, numbered paragraphs, titles, and one-line errors for pages without text."""
from __future__ import annotations

import pytest

from puente.common.errors import ReadError
from puente.ingest.chunker import chunk
from puente.ingest.readers import SUPPORTED_SUFFIXES, read_document

pytest.importorskip("trafilatura")

INTRO = ("The number of asylum applications rose sharply in 2023, reaching 140,000 according to "
         "COMAR, the national refugee commission.")
RECO = ("Strengthen registration capacity in the southern border states. Provide documentation to "
        "applicants within thirty days so they can access work and services.")
FUNDS = "Donors pledged 30 million dollars for reception centres in 2024 and 2025."

PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>brief.html</title>
<style>body {{ font-family: sans-serif }}</style><script>window.track = function() {{}};</script></head><body>
<nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/donate">Donate now</a></nav>
<header><p>Refugee agency website header with search</p></header>
<main><article><h1>Mexico asylum brief 2024</h1>
<p>{INTRO}</p>
<h2>Recommendations</h2><p>{RECO}</p>
<ul><li>Open two new registration offices in Chiapas</li><li>Hire forty case workers</li></ul>
<table><tr><th>State</th><th>Applications</th></tr><tr><td>Chiapas</td><td>70,000</td></tr>
<tr><td>Tabasco</td><td>9,500</td></tr></table>
<h3>Funding</h3><p>{FUNDS}</p></article></main>
<footer><p>Copyright 2024 · Privacy policy · Terms of use · Contact the webmaster</p></footer></body></html>
"""


def test_html_suffixes_are_supported():
    assert {".html", ".htm"} <= SUPPORTED_SUFFIXES


def test_html_main_content_headings_lists_tables(tmp_path):
    path = tmp_path / "mexico-brief.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Mexico asylum brief 2024"  # <title> is a file name: junk, so the first heading
    for kept in (INTRO, RECO, FUNDS, "• Open two new registration offices in Chiapas\n• Hire forty case workers",
                 "State\tApplications\nChiapas\t70,000\nTabasco\t9,500"):
        assert kept in doc.text
    for dropped in ("Donate now", "website header", "Privacy policy", "window.track", "font-family", "<"):
        assert dropped not in doc.text
    assert [(h.level, h.title) for h in doc.headings] == [
        (1, "Mexico asylum brief 2024"), (2, "Recommendations"), (3, "Funding")]
    chunks = chunk(doc, max_words=30, min_words=5, overlap_words=0)
    fund = next(c for c in chunks if FUNDS in c.text)
    assert fund.section == ("Mexico asylum brief 2024", "Recommendations", "Funding")
    assert fund.citation.startswith("mexico-brief, ¶") and fund.citation.endswith(", Funding")
    assert all(c.lang == "en" for c in chunks)


def test_short_page_keeps_its_headings_and_encoding(tmp_path):
    path = tmp_path / "nota.htm"
    path.write_bytes('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                     "<head><title>Nota sobre albergues</title></head><body><h1>Albergues del sur</h1>"
                     "<p>Informe sobre la protección de niñas y niños.</p></body></html>".encode("utf-8"))
    doc = read_document(path)
    assert doc.title == "Nota sobre albergues"
    assert doc.text == "Albergues del sur\n\nInforme sobre la protección de niñas y niños."
    assert [h.title for h in doc.headings] == ["Albergues del sur"]
    latin = tmp_path / "latin.html"
    latin.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Migración y protección</p></body></html>'
                      .encode("latin-1"))
    assert read_document(latin).text == "Migración y protección"


@pytest.mark.parametrize(
    "name,content",
    [
        ("scripts.html", b"<html><head><script>render()</script></head><body><div id='app'></div></body></html>"),
        ("blank.html", b"   \n  "),
        ("menu-only.htm", b"<html><body><nav><a href='/'>Home</a></nav><footer>Contact</footer></body></html>"),
        ("binary.html", b"\x00\x01\x02\x03 junk \xff\xfe"),
    ],
)
def test_page_without_text_is_one_line_naming_file_reason_and_fix(tmp_path, capfd, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_document(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: ") and "\n" not in msg
    assert "no text in the page" in err.value.reason and "print it to PDF" in err.value.fix
    out, errout = capfd.readouterr()
    assert out == "" and errout == ""


def test_paragraphs_inside_cells_and_quotes_stay_apart():
    from puente.ingest.read_html import _xml_blocks

    xml = ("<doc><main><table><row><cell><p>Uno</p><p>Dos</p></cell><cell>Tres</cell></row></table>"
           "<quote><p>Cita uno.</p><p>Cita dos.</p></quote></main></doc>")
    assert [(b.kind, b.text) for b in _xml_blocks(xml)] == [
        ("row", "Uno Dos\tTres"), ("para", "Cita uno."), ("para", "Cita dos.")]


def test_the_site_name_a_browser_tab_adds_is_not_part_of_the_title(tmp_path):
    body = "<body><main><h1>Results</h1><p>" + "The office reached 412,300 children in 2024. " * 3 + "</p></main></body>"
    for title, expected in [("Annual Results Report 2024 | UNICEF", "Annual Results Report 2024"),
                            ("Informe anual de resultados 2023 | Guatemala", "Informe anual de resultados 2023 | Guatemala"),
                            ("Planes | Programas | Informes", "Planes | Programas | Informes"),  # no site after a title
                            ("Respuesta de la gerencia 2024", "Respuesta de la gerencia 2024")]:
        p = tmp_path / "page.html"
        p.write_text(f"<html><head><title>{title}</title></head>{body}</html>", encoding="utf-8")
        assert read_document(p).title == expected


SPANNED = """<html><head><title>Indicadores</title></head><body><h1>Indicadores 2024</h1>
<p>Resultados del programa de protección en los cantones de frontera durante el año.</p>
<table><tr><th>Indicador</th><th colspan="2">2024</th><th>Fuente</th></tr>
<tr><th></th><th>Meta</th><th>Logro</th><th></th></tr>
<tr><td rowspan="2">Personas asistidas</td><td>5.000</td><td>4.210</td><td>Registro</td></tr>
<tr><td>300</td><td>310</td><td>Encuesta</td></tr>
<tr><td colspan="2">Total</td><td>4.520</td><td>—</td></tr></table></body></html>"""


def test_spanned_cells_keep_every_column_under_its_header(tmp_path):
    """A cell spanning columns or rows leaves empty places, so the cells after it stay in
    their columns ("4.520" under "Logro", not under "Meta"), whichever path reads the page:
    trafilatura's main content, or the plain walk of a page it keeps no structure of."""
    import lxml.html

    from puente.ingest.read_html import _fallback_blocks

    path = tmp_path / "indicadores.html"
    path.write_text(SPANNED, encoding="utf-8")
    want = ["Indicador\t2024\t\tFuente", "\tMeta\tLogro", "Personas asistidas\t5.000\t4.210\tRegistro",
            "\t300\t310\tEncuesta", "Total\t\t4.520\t—"]
    assert [ln for ln in read_document(path).text.split("\n") if "\t" in ln] == want
    walked = _fallback_blocks(lxml.html.document_fromstring(SPANNED))
    assert [b.text for b in walked if b.kind == "row"] == want


def test_a_short_row_under_a_cell_spanning_down_does_not_shift_the_next():
    import lxml.html

    from puente.ingest.read_html import _grid

    table = lxml.html.fromstring("<table><tr><td>1</td><td>2</td><td>3</td><th rowspan=2>D</th></tr>"
                                 "<tr><td>only</td></tr><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>")
    assert _grid(table) == [["1", "2", "3", "D"], ["only", "", "", ""], ["1", "2", "3", "4"]]


PLAN_PAGE = """<html><head><title>National Action Plan on Migrant Inclusion 2025-2028</title></head><body><main>
<h1>National Action Plan on Migrant Inclusion 2025-2028</h1>
<p>The Plan is organised into chapters of numbered commitments, each with its lead agency, timeline and indicator.</p>
<h2>Chapter 1: Documentation and Regularisation</h2>
<p>Fewer than 40 per cent of migrants hold a valid residence document, the main barrier to formal work.</p>
<h3>Commitment 1.1 &ndash; Launch a one-time national regularisation window for undocumented migrants</h3>
<dl><dt>Lead agency:</dt><dd>Immigration and Civil Status Authority (ICSA)</dd>
<dt>Timeline</dt><dd>Registration window open from 1 March 2026 to 28 February 2027</dd>
<dt>Indicator:</dt><dd>Number of persons granted a Temporary Stay Permit (target: 12,000)</dd></dl>
<h3>Commitment 1.2 &ndash; Eliminate fees for the first residence document of children</h3>
<ul><li>Lead agency: Ministry of Finance, with ICSA</li><li>Timeline: Fee waiver enacted in the 2026 Finance Act</li></ul>
<h2>Annex: Summary of commitments by lead agency</h2>
<table><tr><th>Lead agency</th><th>Commitments</th></tr>
<tr><td>Immigration and Civil Status Authority (ICSA)</td><td>1.1, 1.2 and 2.3</td></tr></table>
</main></body></html>"""


def test_a_definition_list_reads_term_and_definition_on_one_line_and_gives_a_commitment_its_facts(tmp_path):
    """An unseen national plan (a web page): each "Commitment 1.1 – …" heading under "Chapter 1: …"
    followed by a definition list ("Lead agency:" / its agency as two list items); the plan had no
    commitment but the annex's "1.1, 1.4" rows, and answers quoted "Timeline:" for who leads."""
    from puente.ingest.records import extract_records

    path = tmp_path / "plan.html"
    path.write_text(PLAN_PAGE, encoding="utf-8")
    doc = read_document(path)
    assert "• Lead agency: Immigration and Civil Status Authority (ICSA)\n" in doc.text
    assert "• Timeline: Registration window open from 1 March 2026" in doc.text  # a term without its colon gets one
    recs = extract_records(doc)
    assert [(r.kind, r.number) for r in recs] == [("commitment", "1.1"), ("commitment", "1.2")]
    one = recs[0]
    assert one.text == "Launch a one-time national regularisation window for undocumented migrants"
    assert (one.responsible, one.deadline) == ("Immigration and Civil Status Authority (ICSA)",
                                               "Registration window open from 1 March 2026 to 28 February 2027")
    assert one.target == "Number of persons granted a Temporary Stay Permit (target: 12,000)"
    assert recs[1].responsible == "Ministry of Finance, with ICSA" and recs[1].area == "Documentation and Regularisation"
    # HTML5 leaves a definition list's closing tags out
    open_tags = tmp_path / "open.html"
    open_tags.write_text("<html><body><h1>Plan</h1><p>The plan sets out what each agency will do next year.</p>"
                         "<dl><dt>Lead agency<dd>Ministry of Labour<dt>Timeline<!-- agreed --><dd>December 2025</dl>"
                         "<p>Further text.</p></body></html>", encoding="utf-8")
    assert "• Lead agency: Ministry of Labour\n• Timeline: December 2025" in read_document(open_tags).text
