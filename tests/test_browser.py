"""End to end in a real browser: Debian's chromium driven by Playwright against the app
served on a free localhost port over a copy of the corpus index."""
from __future__ import annotations

import io
import re
import shutil
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import CORPUS
from PIL import Image
from playwright.sync_api import expect

from puente.app.i18n import t
from puente.common.settings import Settings

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
WAIT = 180_000  # ms; the machine is shared, first answers can be slow under load
QUESTION = "¿Qué porcentaje de personas refugiadas vivía en asentamientos seguros en 2023?"
REPORT = "unhcr-mexico-annual-results-report-2023"  # English report holding the answer
COMPARE = ["mirps-mexico-national-action-plan", "unhcr-mexico-evaluation-management-response"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory, corpus_index, model_path):
    """The app on a free 127.0.0.1 port over a private copy of the corpus index (uploads write to it)."""
    from puente.app.web.layout import build_app, launch
    from puente.index.engine import Engine

    folder = tmp_path_factory.mktemp("browser") / "idx"
    shutil.copytree(corpus_index, folder)
    settings = Settings(index=str(folder), model=model_path, host="127.0.0.1")
    demo = build_app(Engine(folder, model_path), settings)
    port = _free_port()
    launch(demo, settings, port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, served):
    """A Spanish-speaking browser tab on the app; records any request leaving localhost."""
    ctx = browser.new_context(locale="es-ES", accept_downloads=True, viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(WAIT)
    pg.external = []
    pg.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else pg.external.append(r.url))
    pg.goto(served)
    pg.wait_for_selector("#question textarea")
    # the page is built in English and relabelled for the browser's Spanish on load: wait until that is done
    pg.wait_for_function("(label) => document.querySelector('#ask-btn')?.innerText.trim() === label", arg=t("ask", "es"))
    pg.wait_for_function("() => ![...document.querySelectorAll('[id] .wrap')]"
                         ".some(w => w.offsetParent !== null && /\\d+(\\.\\d+)?s/.test(w.innerText))")
    yield pg
    ctx.close()


def _download(page, selector: str) -> str:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_text(encoding="utf-8")


def _pick(page, dropdown: str, doc: str) -> None:
    """Select ``doc`` in a multiselect dropdown by typing its name (the one matching option) and Enter."""
    box = page.locator(f"{dropdown} input")
    box.fill(doc)
    expect(page.locator(f"{dropdown} li[role=option]")).to_have_count(1)
    box.press("Enter")
    page.locator(f"{dropdown} .token").filter(has_text=doc).wait_for()


def _yellowing(marked, clean, box, bbox) -> float:
    """The share of the middle of a character's box (PDF space ``(left, bottom, right, top)``
    on a page whose box is ``bbox``) that the highlight tints in the page image ``marked``:
    the translucent yellow raises (red+green)/2-blue of any grey by about 88 over the same
    pixel of the unhighlighted ``clean``. The middle keeps clear of a neighbour's box edge."""
    left, _, right, top = bbox
    scale = marked.width / (right - left)  # as render_page scales the page to the image width
    x0, x1 = (box[0] - left) * scale, (box[2] - left) * scale
    y0, y1 = (top - box[3]) * scale, (top - box[1]) * scale  # PDF y grows upwards, the image's downwards

    def middle(a, b):
        return range(round(a + (b - a) / 4), max(round(a + (b - a) / 4) + 1, round(b - (b - a) / 4)))

    def yellow(p):
        return (p[0] + p[1]) / 2 - p[2]

    tinted = [yellow(marked.getpixel((x, y))) - yellow(clean.getpixel((x, y))) > 40 for x in middle(x0, x1) for y in middle(y0, y1)]
    return sum(tinted) / len(tinted)


def _edge_highlight(path: Path, page_no: int, png: bytes, passage: str, last: bool) -> tuple[str, float, str, float]:
    """The passage's first (or ``last``) non-space character as PDFium finds it on page
    ``page_no`` of ``path`` and how much of it the page image ``png`` highlights; the same
    for the page's nearest character outside the passage on that side ("", 0 when none).
    Found on whitespace-free text, not with the page view's own matching."""
    import pypdfium2 as pdfium

    from puente.app.web.pageview import _lock, render_page

    marked = Image.open(io.BytesIO(png)).convert("RGB")
    clean = Image.open(io.BytesIO(render_page(path, page_no, "")[0])).convert("RGB")
    assert marked.size == clean.size
    solid = "".join(passage.split())
    snippet = solid[-24:] if last else solid[:24]
    with _lock:  # PDFium is not thread-safe and the app renders pages in this process too
        pdf = pdfium.PdfDocument(str(path))
        try:
            pg = pdf[page_no - 1]
            bbox, tp = pg.get_bbox(), pg.get_textpage()
            text = tp.get_text_range(0, tp.count_chars())
            found = list(re.finditer(r"[\s\-\u00ad]*".join(map(re.escape, snippet)), text))
            assert found, f"{snippet!r} is not on page {page_no}"
            inside = found[-1].end() - 1 if last else found[0].start()
            step = 1 if last else -1
            outside = next((i for i in range(inside + step, len(text) if last else -1, step)
                            if text[i].isprintable() and not text[i].isspace()), None)
            boxes = {i: tp.get_charbox(i) for i in (inside, outside) if i is not None}
        finally:
            pdf.close()
    out = (text[outside], _yellowing(marked, clean, boxes[outside], bbox)) if outside is not None else ("", 0.0)
    return (text[inside], _yellowing(marked, clean, boxes[inside], bbox), *out)


def test_spanish_question_english_report_compare_and_export(page):
    # interface labels follow the browser language
    expect(page.locator("#tab-ask-button")).to_have_text("Preguntar")

    page.fill("#question textarea", QUESTION)
    page.click("#ask-btn")
    card = page.locator(f"#cards article.pz-card[data-doc='{REPORT}']").first
    card.wait_for()
    assert page.locator("#answer .pz-answer").count() == 1
    assert re.fullmatch(r"pp?\. \d+(-\d+)?", card.locator(".pz-pages").inner_text().strip())
    assert card.locator(".pz-title").inner_text() == "UNHCR Annual Results Report 2023 - Mexico"
    assert card.locator(".pz-badge").inner_text() == "EN"
    citation = card.locator("footer.pz-cite").inner_text()
    assert citation.startswith(f"{REPORT}, p")
    # no empty boxes between the filters and the answer
    gap = page.evaluate("""() => document.querySelector('#answer .pz-answer').getBoundingClientRect().top
                              - document.querySelector('#ask-k').getBoundingClientRect().bottom""")
    assert gap < 48, f"{gap}px above the answer"

    # open in context: neighbouring text with the passage marked
    card.locator("details.pz-context summary").click()
    assert card.locator("details.pz-context").evaluate("d => d.open")
    assert card.locator(".pz-context-text mark").count() >= 1

    md = _download(page, "#ask-md")
    assert md.startswith("## ¿Qué porcentaje de personas refugiadas")
    # the export cites the title, its page label linked to the served app's page view, and
    # its labels are the interface's
    pages = card.locator(".pz-pages").inner_text().strip()
    assert f"*UNHCR Annual Results Report 2023 - Mexico, [{pages}](http://127.0.0.1:" in md
    assert f"/puente/file?doc={REPORT}#page=" in md and "file://" not in md
    assert "**Pasajes**" in md and "**Passages**" not in md

    # compare two documents
    page.click("#tab-compare-button")
    page.fill("#topic textarea", "inclusión laboral de personas refugiadas")
    for doc in COMPARE:
        _pick(page, "#compare-docs", doc)
    page.click("#compare-btn")
    page.locator("#compare-out .pz-col").nth(1).wait_for()
    cols = page.locator("#compare-out .pz-col")
    assert [cols.nth(i).get_attribute("data-doc") for i in range(cols.count())] == COMPARE
    for i in range(2):
        col = cols.nth(i)
        assert col.locator(".pz-card").count() + col.locator("li").count() > 0 or \
            t("nothing_found", "es") in col.inner_text()
    cmp_md = _download(page, "#compare-md")
    assert "inclusión laboral de personas refugiadas" in cmp_md
    for doc in COMPARE:
        assert doc in cmp_md
    assert page.external == []


def test_upload_shows_errors_inline_and_documents_as_text(page, tmp_path):
    hostile = tmp_path / "hostile-note.md"
    hostile.write_text("# <script>window.pwned=1</script> Shelter note\n\n" + "The shelter network in Tapachula "
                       "adopted reception standards for unaccompanied children in March 2024. " * 6)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not a PDF")
    page.click("#tab-library-button")
    page.set_input_files("#upload input[type=file]", [str(hostile), str(broken)])
    page.locator("#upload a[href$='/broken.pdf']").wait_for()  # both files uploaded
    page.click("#add-btn")
    page.locator("#upload-out .pz-ok").wait_for()
    errors = page.locator("#upload-out .pz-errors li")
    assert errors.count() == 1 and errors.first.inner_text().startswith("broken.pdf:")
    page.locator("#library").get_by_text("hostile-note", exact=True).wait_for()

    page.click("#tab-ask-button")
    page.fill("#question textarea", "reception standards for unaccompanied children in Tapachula shelters")
    page.click("#ask-btn")
    card = page.locator("#cards article.pz-card[data-doc='hostile-note']").first
    card.wait_for()
    assert "<script>window.pwned=1</script>" in card.inner_text()
    # the second pass marks each card's best sentence; waiting for it also lets the
    # request finish before the server shuts down
    n = page.locator("#cards article.pz-card").count()
    page.wait_for_function(f"() => document.querySelectorAll('#cards article.pz-card mark').length >= {n}")
    assert page.locator("#cards script").count() == 0
    assert page.evaluate("() => window.pwned === undefined")
    assert page.external == []


def _docx_report(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Informe de la red de albergues de Tapachula", level=1)
    d.add_heading("Atención en 2024", level=2)
    d.add_paragraph("Durante 2024 la red de albergues de Tapachula atendió a 3.250 personas solicitantes de asilo, "
                    "de las cuales 1.120 eran niñas y niños no acompañados. Cada albergue aplicó protocolos de "
                    "recepción con enfoque de género y contó con asesoría legal gratuita de la COMAR.")
    d.add_paragraph("Las organizaciones socias recomiendan ampliar la capacidad de los albergues en la frontera sur "
                    "y mantener la coordinación mensual con las autoridades de protección de la infancia.")
    d.save(str(path))


def _html_report(path: Path) -> None:
    body = ("<p>In 2024 the Ciudad Juarez reception centre registered 1,870 asylum seekers and referred 410 of them "
            "to psychosocial support. Staff were trained on safe disclosure and case management.</p>") * 3
    path.write_text(f"<html><head><title>Juarez reception centre update</title></head><body><nav>Home | About</nav>"
                    f"<article><h1>Juarez reception centre update</h1><h2>Registration</h2>{body}</article></body></html>",
                    encoding="utf-8")


def test_word_and_web_reports_page_view_and_word_briefing(page, tmp_path):
    import docx

    word, web = tmp_path / "albergues-tapachula.docx", tmp_path / "juarez-update.html"
    _docx_report(word)
    _html_report(web)
    page.click("#tab-library-button")
    page.set_input_files("#upload input[type=file]", [str(word), str(web)])
    page.locator("#upload a[href$='/juarez-update.html']").wait_for()
    page.click("#add-btn")
    drawn = set()  # the components a progress bar is drawn over while the files are added
    while page.locator("#upload-out .pz-ok, #upload-out .pz-errors").count() == 0:
        drawn |= set(page.evaluate("""() => [...document.querySelectorAll('[id] .wrap')]
            .filter(w => w.offsetParent !== null && /\\d+(\\.\\d+)?s|Leyendo|Calculando|Reading|Embedding/.test(w.innerText))
            .map(w => w.closest('[id]').id)"""))
        page.wait_for_timeout(50)
    page.locator("#upload-out .pz-ok").wait_for()
    assert page.locator("#upload-out .pz-errors li").count() == 0
    assert drawn <= {"upload-out"}, drawn  # once, on the message line

    page.reload()  # a fresh page lists what the index holds now
    page.wait_for_selector("#question textarea")
    page.click("#tab-library-button")
    for stem in (word.stem, web.stem):
        page.locator("#library").get_by_text(stem, exact=True).wait_for()
    # at 1400 px every column shows, each header on one line; Word and web rows say "—" pages
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.wait_for_timeout(500)
    table = page.evaluate("""() => { const t = document.querySelector('#library');
        const right = t.getBoundingClientRect().right;
        return [...t.querySelectorAll('th')].filter(h => h.innerText.trim()).map(h => {
            const r = h.getBoundingClientRect(), line = parseFloat(getComputedStyle(h).lineHeight) || 20;
            return [h.innerText.trim(), r.right <= right + 1, r.height < 2.5 * line]; }); }""")
    assert [h for h, _, _ in table] == ["Título", "Documento", "Idioma", "Páginas", "Pasajes", "Ingresado el"]
    assert all(shown and one_line for _, shown, one_line in table), table
    row = page.locator("#library").get_by_text(word.stem, exact=True).evaluate("e => e.closest('[role=row]').innerText")
    assert "—" in row, row
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.click("#tab-ask-button")
    for stem in (word.stem, web.stem):
        page.locator("#ask-docs input").fill(stem)
        expect(page.locator("#ask-docs li[role=option]")).to_have_count(1)
        page.locator("#ask-docs input").fill("")
    page.click("#tab-compare-button")
    for stem in (word.stem, web.stem):
        page.locator("#compare-docs input").fill(stem)
        expect(page.locator("#compare-docs li[role=option]")).to_have_count(1)
        page.locator("#compare-docs input").fill("")

    # a Spanish question the Word report answers, cited by paragraph
    page.click("#tab-ask-button")
    page.fill("#question textarea", "¿Cuántas personas solicitantes de asilo atendió la red de albergues de Tapachula en 2024?")
    page.click("#ask-btn")
    card = page.locator("#cards article.pz-card").first
    card.wait_for()
    assert card.get_attribute("data-doc") == word.stem
    assert re.fullmatch(r"¶¶? \d+(-\d+)?", card.locator(".pz-pages").inner_text().strip())
    assert "3.250" in card.locator(".pz-text").inner_text()
    assert card.locator("a.pz-file").get_attribute("href") == f"puente/file?doc={word.stem}"

    # the highlighted page view of a PDF passage, and its link to the file at that page
    page.fill("#question textarea", QUESTION)
    page.click("#ask-btn")
    pdf_card = page.locator(f"#cards article.pz-card[data-doc='{REPORT}']").first
    pdf_card.wait_for()
    # the second pass re-renders the cards with their best sentences marked: open the page
    # view after it, and find the image by selector (a handle taken before would be stale)
    n = page.locator("#cards article.pz-card").count()
    page.wait_for_function(f"() => document.querySelectorAll('#cards article.pz-card mark').length >= {n}")
    sel = f"#cards article.pz-card[data-doc='{REPORT}'] img.pz-page"
    loaded = f'() => {{ const i = document.querySelector("{sel}"); return !!(i && i.complete && i.naturalWidth > 500); }}'
    deadline = time.monotonic() + WAIT / 1000
    while not page.evaluate(loaded):  # a card re-rendered meanwhile comes back closed: open it again
        if not pdf_card.locator("details.pz-pageview").evaluate("d => d.open"):
            pdf_card.locator("details.pz-pageview summary").click()
        assert time.monotonic() < deadline, "the page image did not load"
        page.wait_for_timeout(500)
    pages = pdf_card.locator(".pz-pages").inner_text().strip()
    first_page = re.search(r"\d+", pages).group(0)
    assert pdf_card.locator("a.pz-file").get_attribute("href").endswith(f"#page={first_page}")
    # the image the browser shows highlights the passage's first and last characters, the
    # signs included ("92.98%" with its "%"), and not the page's characters either side
    passage = pdf_card.locator(".pz-text").text_content().strip()
    assert not (passage[0].isalnum() and passage[-1].isalnum()), f"pick a passage starting or ending with a sign: {passage!r}"
    srcs = pdf_card.locator("img.pz-page").evaluate_all("imgs => imgs.map(i => i.src)")
    shown = page.evaluate(f'() => {{ const i = document.querySelector("{sel}"); return [i.naturalWidth, i.naturalHeight]; }}')
    pngs = [(int(parse_qs(urlparse(src).query)["page"][0]), page.request.get(src).body()) for src in srcs]
    assert pngs[0][0] == int(first_page) and Image.open(io.BytesIO(pngs[0][1])).size == tuple(shown)
    for (page_no, png), last in ((pngs[0], False), (pngs[-1], True)):
        char, share, beside, beside_share = _edge_highlight(CORPUS / f"{REPORT}.pdf", page_no, png, passage, last)
        assert char == (passage[-1] if last else passage[0]) and share > 0.9, (char, share)
        assert beside_share < 0.1, (beside, beside_share)

    # the Word briefing of this session's two questions: the app rewrites it once an answer
    # is complete (an event after the cards show), so a download may still hold one question
    page.locator("#ask-docx").wait_for()
    deadline = time.monotonic() + 60
    while True:
        with page.expect_download() as info:
            page.click("#ask-docx")
        brief = docx.Document(info.value.path())
        heads = [p.text for p in brief.paragraphs if p.style.name == "Heading 1"]
        if len(heads) > 2 or time.monotonic() > deadline:
            break
        page.wait_for_timeout(1000)
    assert heads[0].startswith("1. ¿Cuántas personas solicitantes") and heads[1].startswith("2. ¿Qué porcentaje")
    quotes = [p.text for p in brief.paragraphs if p.style.name == "Quote"]
    assert any("3.250 personas" in q for q in quotes)
    assert not any("\n" in q for q in quotes)  # reflowed
    # cited by title, one ¶/page label, labels in the interface's language, links to the served app
    texts = [p.text for p in brief.paragraphs]
    assert any(t.startswith("— Informe de la red de albergues de Tapachula, ¶") for t in texts)
    assert not any(t.startswith(f"— {word.stem}") for t in texts)
    assert "Fuentes" in heads and "Sources" not in heads
    links = [r.target_ref for r in brief.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links and all(x.startswith("http://127.0.0.1:") and "/puente/file?doc=" in x for x in links)
    assert page.external == []
