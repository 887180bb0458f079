"""The page view: a PDF page rendered (pypdfium2) with the passage's characters boxed, the
card's links to it and to the original file at #page=N, and page links in Markdown."""
from __future__ import annotations

import io

import pytest
from conftest import CORPUS
from PIL import Image

from puente.app.exports.links import Links, cite_md, cite_parts
from puente.app.web import render as ui
from puente.app.web.pageview import match_spans, page_part, render_page
from puente.common.errors import InputError
from puente.common.settings import ChunkerSettings
from puente.common.types import Chunk
from puente.ingest.batch import document_chunks
from puente.ingest.read_pdf import read_pdf

PDF = CORPUS / "unhcr-mexico-evaluation-management-response.pdf"


def _chunks():
    doc = read_pdf(PDF)
    return doc, document_chunks(doc, ChunkerSettings())[1]


def test_match_ignores_whitespace_case_and_line_break_hyphens():
    page = "Header line\r\nThe  programme strength-\r\nened its AGE, gender\r\nand diversity approach. Next."
    spans, share = match_spans(page, "the programme strengthened its age, gender and diversity approach")
    assert share == 1.0 and len(spans) == 1
    s, e = spans[0]
    assert page[s:e].startswith("The") and page[s:e].endswith("approach")
    # a passage only partly on the page (the rest on the next): its pieces are found, in order
    spans, share = match_spans(page, "gender and diversity approach. " + "words of the following page " * 3)
    assert 0.2 < share < 1.0 and page[spans[0][0]:spans[-1][1]].startswith("gender")
    assert match_spans(page, "nothing of this is there at all, really nothing") == ([], 0.0)


def _yellow(img: Image.Image) -> int:
    return sum(1 for r, g, b in img.get_flattened_data() if r > 200 and g > 160 and b < 150)


def test_rendered_page_boxes_exactly_the_passage():
    _, chunks = _chunks()
    one_page = [c for c in chunks if c.page_end in (None, c.page_start)]
    c = one_page[len(one_page) // 2]
    png, where = render_page(PDF, c.page_start, c.text, width=600)
    plain, nowhere = render_page(PDF, c.page_start, "", width=600)
    assert where.found == 1.0 and where.boxes and nowhere.boxes == ()
    marked, clean = Image.open(io.BytesIO(png)).convert("RGB"), Image.open(io.BytesIO(plain)).convert("RGB")
    assert marked.size == clean.size and marked.size[0] == 600
    assert _yellow(marked) > 2000 and _yellow(clean) < 50
    # another page's passage is not boxed on this page
    other = next(o for o in one_page if o.page_start != c.page_start and o.text[:40] not in c.text)
    assert render_page(PDF, c.page_start, other.text, width=300)[1].found < 0.3


def test_every_corpus_passage_is_found_on_its_pages():
    _, chunks = _chunks()
    for c in chunks:
        pages = range(c.page_start, (c.page_end or c.page_start) + 1)
        found = sum(render_page(PDF, p, c.text_on(p), width=100)[1].found * len(c.text_on(p)) for p in pages)
        assert found >= 0.7 * len(c.text), c.citation
        assert "".join(c.text_on(p) for p in pages) == c.text


def test_page_out_of_range_and_a_file_that_is_not_a_pdf_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="has no page 99"):
        render_page(PDF, 99, "x")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(InputError, match="cannot be opened as a PDF"):
        render_page(bad, 1, "x")


def test_card_links_to_the_page_view_and_the_original_file_at_its_page():
    c = Chunk(doc="rep<x>", title="T", text="t", page_start=4, page_end=5, start=10, end=20)
    html = ui.page_view(c, "es")
    assert 'href="puente/file?doc=rep%3Cx%3E#page=4"' in html and "Abrir el archivo original en la página 4" in html
    assert 'src="puente/page?doc=rep%3Cx%3E&amp;page=4&amp;s=10&amp;e=20"' in html
    assert 'page=5&amp;s=10' in html and "<x>" not in html
    word = Chunk(doc="memo", title="T", text="t", para_start=3, para_end=3)
    assert "<img" not in ui.page_view(word) and 'href="puente/file?doc=memo"' in ui.page_view(word)


def test_the_highlight_includes_the_signs_a_passage_starts_and_ends_with():
    from puente.app.web.pageview import match_spans

    page = "Proportion  of people (2023)   64.99%   37.38%\nNext indicator"
    spans, share = match_spans(page, "(2023) 64.99% 37.38%")
    assert share == 1.0 and [page[s:e] for s, e in spans] == ["(2023)   64.99%   37.38%"]
    spans, _ = match_spans(page, "Proportion of people (2023) 64.99% 37.38")  # a page's "%" the passage lacks stays out
    assert page[spans[-1][0]:spans[-1][1]].endswith("37.38")


def test_markdown_links_each_passage_to_its_page_relative_to_the_export_or_to_the_app(tmp_path):
    src = tmp_path / "docs" / "my report.pdf"
    c = Chunk(doc="my report", title="Annual Report", text="t", page_start=7, section=("2. Results",))
    beside = Links({"my report": str(src)}, base=str(tmp_path / "out"))
    parts = cite_parts(c.citation, c.doc, {c.doc: c.title}, beside)
    assert parts.text == "Annual Report, p. 7, 2. Results"  # the title, one page label
    assert cite_md(parts) == "*Annual Report, [p. 7](../docs/my%20report.pdf#page=7), 2. Results*"
    served = Links({"my report": str(src)}, app_url="http://127.0.0.1:7860/")
    assert served.file("my report", 7) == "http://127.0.0.1:7860/puente/file?doc=my+report#page=7"
    assert Links({}).file("my report", 7) == "" and served.file("other", 1) == ""
    assert "file://" not in cite_md(cite_parts(c.citation, c.doc, {}, beside))


def test_app_serves_a_cited_page_only_for_a_passage_of_the_index(engine):
    from puente.app.web.behaviour import PuenteApp
    from puente.common.errors import NotInIndexError
    from puente.common.settings import Settings

    app = PuenteApp(engine, Settings())
    c = next(c for c in engine.index.chunks if c.doc == PDF.stem and c.page_start)
    png = app.page_png(c.doc, c.page_start, c.start, c.end)
    assert png.startswith(b"\x89PNG") and app.page_png(c.doc, c.page_start, c.start, c.end) is png  # cached
    with pytest.raises(InputError, match="no passage"):
        app.page_png(c.doc, c.page_start + 30, c.start, c.end)
    with pytest.raises(NotInIndexError):
        app.source_file("../../etc/passwd")
    assert app.source_file(c.doc) == PDF.resolve()


def test_a_passage_over_a_page_break_is_highlighted_on_each_page_with_its_own_part():
    """The whole passage was matched on each of its pages: a phrase it repeats on the next
    page ("UNHCR continuous participation in forums …") pulled the match there and the rest
    of that page's part went unmarked. Each page gets the part that is on it."""
    text = "end of page four\n\nrecognized as refugees. Start of five."
    c = Chunk(doc="d", title="T", text=text, page_start=4, page_end=5, page_breaks=(text.index("recognized"),))
    assert c.text_on(4) == "end of page four\n\n" and c.text_on(5) == "recognized as refugees. Start of five."
    assert c.text_on(6) == text and Chunk(doc="d", title="T", text=text, page_start=4, page_end=4).text_on(4) == text
    assert page_part(c, 5) == c.text_on(5)
    short = Chunk(doc="d", title="T", text=text.replace("recognized as refugees. Start of five.", "women."), page_start=4,
                  page_end=5, page_breaks=(text.index("recognized"),))
    assert short.text_on(5) == "women." and page_part(short, 5) == short.text  # too short to place: the whole passage
