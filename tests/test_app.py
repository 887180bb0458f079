"""The web app's rendering helpers and behaviour, without a browser."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from puente.app.exports.formats import RECORD_CSV_FIELDS, records_csv
from puente.app.exports.links import cite_md, cite_parts
from puente.app.i18n import LABELS, normalise, t
from puente.app.web import behaviour, layout
from puente.app.web import render as ui
from puente.common.lang import question_lang
from puente.common.settings import Settings
from puente.common.text import md_escape
from puente.common.types import Chunk
from puente.index.answer.choose import Answer
from puente.index.compare import CompareResult, DocComparison
from puente.index.engine import Result
from puente.index.search.searcher import Hit
from puente.ingest.records import Record

HOSTILE = ('<script>alert("x")</script> **bold** [click](javascript:alert(1)) '
           '<img src=x onerror=alert(1)> &amp; `code` # heading')


def _chunk(text, doc="d", title="T", start=0, pages=(1, 1), section=("S",), lang="en"):
    return Chunk(doc=doc, title=title, text=text, section=section, page_start=pages[0], page_end=pages[1],
                 lang=lang, start=start, end=start + len(text))


def _tags(html_text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html_text)}


# ------------------------------------------------------------------ escaping
def test_card_escapes_script_and_markup_in_text_title_and_section():
    c = _chunk(HOSTILE, title='<b onclick="x()">Title</b>', section=("<iframe src=//evil>",))
    out = ui.render_card(Hit(c, 1.5, 0.8, rank=1), [(0, 10)], "en", ui.render_context([c], c))
    assert _tags(out) <= {"article", "header", "span", "p", "mark", "footer", "details", "summary", "div", "a", "img"}
    assert "<script" not in out and "<iframe" not in out and "<b " not in out
    assert out.count("<img") == out.count('<img class="pz-page" loading="lazy"') == 1  # only the page view
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    # markdown is not interpreted: the literal characters stay
    assert "**bold** [click](javascript:alert(1))" in out
    assert "&amp;amp;" in out  # an entity in the source shows as typed


def test_answer_and_compare_escape_query_and_text():
    c = _chunk(HOSTILE)
    ans = Answer(text=HOSTILE, citation="d, p. 1, <S>", score=0.9, hit_rank=1, start=0, end=10)
    res = Result("<script>q</script>", [Hit(c, 1.0, 0.8, rank=1)], ans)
    a = ui.render_answer(res, "en")
    assert "<script" not in a and "&lt;script&gt;" in a and "d, p. 1, &lt;S&gt;" in a
    rec = Record(doc="d", kind="<k>", number="1", text="<script>r</script>", page_start=1)
    col = DocComparison("d", "<i>doc</i>", "en", [(rec, 3.0)], [Hit(c, 1.0, 0.8, rank=1)])
    cmp = ui.render_compare(CompareResult("<script>topic</script>", [col]), "en")
    assert "<script" not in cmp and "<i>" not in cmp and "&lt;i&gt;doc&lt;/i&gt;" in cmp
    assert "&lt;script&gt;topic&lt;/script&gt;" in cmp and "&lt;script&gt;r&lt;/script&gt;" in cmp


def test_errors_and_export_headings_are_escaped():
    assert "<script" not in ui.render_errors(["<script>a</script>.pdf: bad"])
    assert md_escape("# <b>x</b> *y*") == r"\# \<b\>x\</b\> \*y\*"
    # a passage that opens like a list item stays text, not a list: "4. Outcome Area", "- CONAVIM …"
    assert md_escape("4. Outcome Area: GBV") == r"4\. Outcome Area: GBV" and md_escape("- CONAVIM and") == r"\- CONAVIM and"
    assert md_escape("4.1 Avances") == "4.1 Avances" and md_escape("-3 degrees") == "-3 degrees"
    assert md_escape("--- end ---") == r"\--- end ---" and md_escape("~~~ python") == r"\~~~ python"


# ------------------------------------------------------------------ highlight
def test_answer_sentence_is_highlighted_on_its_card_only():
    text = "First sentence here. The rate was 42 percent in 2023. Last one."
    s = text.index("The rate")
    e = text.index(" Last")
    hits = [Hit(_chunk("Other passage text.", doc="a"), 2.0, 0.8, rank=1), Hit(_chunk(text, doc="b"), 1.0, 0.7, rank=2)]
    ans = Answer(text[s:e], "b, p. 1, S", 0.8, hit_rank=2, start=s, end=e)
    res = Result("q", hits, ans)
    spans = ui.answer_spans(res)
    assert spans == {2: [(s, e)]}
    out = ui.render_results(res, "en", spans)
    assert out.count("<mark>") == 1
    assert "<mark>The rate was 42 percent in 2023.</mark>" in out
    card_a, card_b = out.split("<article")[1:]
    assert "<mark>" not in card_a and "<mark>" in card_b


def test_mark_spans_escapes_inside_and_outside_and_merges_overlaps():
    text = "a <b> c & d"
    assert ui.mark_spans(text, [(2, 5)]) == "a <mark>&lt;b&gt;</mark> c &amp; d"
    assert ui.mark_spans(text, [(0, 3), (2, 5)]) == "<mark>a &lt;</mark><mark>b&gt;</mark> c &amp; d"
    assert ui.mark_spans(text, []) == "a &lt;b&gt; c &amp; d"
    assert ui.mark_spans("x\n\n  y", None) == "x y"


def test_each_card_highlights_its_window_and_the_answer_wins_on_its_card():
    text = "Intro words. The matched window sentence. Tail."
    w = (text.index("The"), text.index(" Tail"))
    hits = [Hit(_chunk(text, doc="a"), 2.0, 0.8, rank=1, window=w), Hit(_chunk("No window.", doc="b"), 1.0, 0.7, rank=2)]
    assert ui.highlight_spans(Result("q", hits, None)) == {1: [w]}
    ans = Answer("Intro words.", "a, p. 1, S", 0.9, hit_rank=1, start=0, end=12)
    assert ui.highlight_spans(Result("q", hits, ans)) == {1: [(0, 12)]}
    record_answer = Answer("Responsible: X", "a, p. 1", 1.0, hit_rank=0, source="record")
    assert ui.answer_spans(Result("q", hits, record_answer)) == {}
    out = ui.render_results(Result("q", hits, None), "en", ui.highlight_spans(Result("q", hits, None)))
    assert "<mark>The matched window sentence.</mark>" in out


def test_no_answer_and_no_hits_messages_in_both_languages():
    c = _chunk("text")
    res = Result("q", [Hit(c, 1, 1, rank=1)], None)
    assert t("no_answer", "en") in ui.render_answer(res, "en")
    assert "Ningún pasaje responde" in ui.render_answer(res, "es")
    empty = Result("q", [], None)
    assert t("no_hits", "es") in ui.render_answer(empty, "es")
    assert ui.render_results(empty, "es") == ""


def test_the_three_answer_states_and_match_levels_say_how_sure_we_are():
    from puente.app.exports import formats
    from puente.index.answer.choose import no_answer

    c = _chunk("UNHCR trained 740 people on GBV risks in 2023.")
    hits = [Hit(c, 0.05, 0.9, rank=1), Hit(_chunk("Other."), 0.02, 0.8, rank=2), Hit(_chunk("Far."), 0.0, 0.7, rank=3)]
    strong = Answer(c.text, "d, p. 1", 0.9, 1, 0, len(c.text), doc="d", strength="strong")
    box = ui.render_answer(Result("q", hits, strong), "en")
    assert "strong match" in box and "check the passage" not in box and "740 people" in box
    partial = Answer(c.text, "d, p. 1", 0.9, 1, doc="d", strength="partial")
    assert "partial match — check the passage" in ui.render_answer(Result("q", hits, partial), "en")
    record = Answer("Unit or function responsible: Senior Management", "d, p. 3", 1.0, 1, source="record",
                    strength="strong", label="Responsible (recommendation 4)", value="Senior Management")
    box = ui.render_answer(Result("q", hits, record), "es")
    assert "Responsible (recommendation 4): <strong>Senior Management</strong>" in box and "coincidencia fuerte" in box
    none = no_answer("The reports mention 2023 figures; nothing on 2025.")
    res = Result("q", hits, none)
    box = ui.render_answer(res, "en")
    assert "No passage answers this" in box and "nothing on 2025" in box and "Closest passages" in box
    text = formats.to_text(res)
    assert text.splitlines()[:3] == ["No passage answers this:", "  The reports mention 2023 figures; nothing on 2025.",
                                     "  Closest passages:"]
    # readable match levels instead of raw scores; the numbers stay in JSON and CSV
    cards = ui.render_results(res, "en")
    assert [x in cards for x in ("strong match", "partial match", "weak match")] == [True] * 3
    assert "0.050" not in text and "[strong match]" in text and "[weak match]" in text
    assert [h.to_dict()["match"] for h in hits] == ["strong", "partial", "weak"] and hits[0].to_dict()["score"] == 0.05
    # a passage whose best window is far from the question is weak whatever its (partition-centred) rank:
    # the best passage of each language partition for "What is the capital of Norway?" had cosine 0.75-0.76
    assert Hit(c, 0.05, 0.76, rank=1).match == "weak" and Hit(c, 0.05, 0.80, rank=1).match == "strong"
    assert "match,score" in formats.to_csv(res).splitlines()[0]


# ------------------------------------------------------------------ context
def _doc_chunks():
    doc = ("Page one starts. " * 5 + "\n\n" + "Page two text here. " * 6 + "\n\n" + "Page three words. " * 5)
    p2 = doc.index("Page two")
    p3 = doc.index("Page three")
    pieces = [(0, 60, 1, 1), (40, p2 - 2, 1, 1), (p2, p2 + 70, 2, 2), (p2 + 50, p3 - 2, 2, 2), (p3, len(doc), 3, 3)]
    chunks = [Chunk("d", "T", doc[s:e], (), ps, pe, "en", s, e) for s, e, ps, pe in pieces]
    return doc, chunks


def test_context_stitches_neighbours_on_the_same_page_and_marks_the_passage():
    doc, chunks = _doc_chunks()
    target = chunks[2]
    near = ui.neighbours(chunks, target)
    assert [c.page_start for c in near] == [2, 2]  # pages 1 and 3 are not "its page"
    segs = ui.stitch(near)
    assert len(segs) == 1
    start, text = segs[0]
    assert text == doc[start:chunks[3].end]  # overlaps merged exactly
    html_ctx = ui.render_context(chunks, target)
    assert "<mark>" + ui.esc(target.text) + "</mark>" in html_ctx
    assert "Page one" not in html_ctx and "Page three" not in html_ctx


def test_context_bridges_separator_gaps_and_splits_real_gaps():
    doc, chunks = _doc_chunks()
    segs = ui.stitch(chunks[:2])
    assert segs == [(0, doc[0:chunks[1].end])]
    far = [chunks[0], chunks[4]]
    assert len(ui.stitch(far)) == 2
    untitled = [Chunk("d", "T", "abc", (), None, None, "en", 0, 3), Chunk("d", "T", "def", (), None, None, "en", 4, 7)]
    assert ui.neighbours(untitled, untitled[1]) == untitled


# ------------------------------------------------------------------ labels
def test_every_label_exists_in_both_languages():
    assert set(LABELS["en"]) == set(LABELS["es"])
    for key in LABELS["en"]:
        assert t(key, "es") and t(key, "en")


def test_label_toggle_switches_component_labels():
    en = layout.label_updates("en")
    es = layout.label_updates("es")
    assert en["ask"]["value"] == "Ask" and es["ask"]["value"] == "Preguntar"
    assert en["tab_compare"]["label"] == "Compare" and es["tab_compare"]["label"] == "Comparar"
    assert es["question"]["label"].startswith("Pregunta")
    assert "value" not in es["library_docs"]
    table = layout.label_updates("es", {"d": {"title": "D", "lang": "es", "chunks": 2}})["library_docs"]["value"]
    assert list(table.columns)[:2] == ["Título", "Documento"] and table.iloc[0, 1] == "d"
    assert ("cualquiera", "any") in es["lang_filter"]["choices"]
    # the Records tab's kind filter is re-named too (its values stay the kinds the filter matches)
    recs = [Record(doc="d", kind="recommendation", number="1", text="x"), Record(doc="d", kind="action", number="1.1", text="y")]
    kinds = layout.label_updates("es", records=recs)["rec_kind"]["choices"]
    assert ("recomendación", "recommendation") in kinds and ("acción", "action") in kinds
    assert ("recommendation", "recommendation") in layout.label_updates("en", records=recs)["rec_kind"]["choices"]
    # the Records tab's document filter names documents as the other pickers do, by title (it listed file names)
    from puente.app.web.tabs import record_options

    assert record_options(recs, "doc", doc_choices=[("Plan (d)", "d")]) == [("—", ""), ("Plan (d)", "d")]


def test_label_language_follows_question_and_browser_codes():
    assert question_lang("¿Qué porcentaje de personas refugiadas vivía en asentamientos seguros?") == "es"
    assert question_lang("What share of refugees lived in safe settlements in 2023?") == "en"
    assert question_lang("¿Cuántos?", default="en") == "es"
    assert question_lang("", default="es") == "es"
    assert normalise("es-MX") == "es" and normalise("en-GB") == "en" and normalise("fr-FR") == "en"


# ------------------------------------------------------------------ limits
def test_question_limits():
    assert behaviour.check_question("   ", 100, "en") == t("empty_question", "en")
    assert "1001" in behaviour.check_question("x" * 1001, 1000, "en")
    assert behaviour.check_question("ok?", 1000) is None


def test_records_filter_and_the_same_csv_columns_as_the_cli():
    recs = [
        Record(doc="a", kind="recommendation", number="1", text="Do x,\n now", page_start=2, section=("S",)),
        Record(doc="b", kind="action", number="2", parent="1", text="=HYPERLINK(\"http://x\")", status="ongoing",
               page_start=3, page_end=4),
    ]
    assert behaviour.filter_records(recs, kind="action") == [recs[1]]
    assert behaviour.filter_records(recs, doc="a", status=None) == [recs[0]]
    assert behaviour.filter_records(recs, status="ongoing") == [recs[1]]
    rows = list(csv.DictReader(io.StringIO(records_csv(recs))))
    assert list(rows[0]) == RECORD_CSV_FIELDS
    assert (rows[0]["doc"], rows[0]["key"], rows[0]["citation"], rows[0]["text"]) == ("a", "1", "a, p. 2, S", "Do x, now")
    assert rows[1]["key"] == "1.2" and rows[1]["citation"] == "b, pp. 3-4" and rows[1]["status"] == "ongoing"
    assert rows[1]["text"].startswith("'=HYPERLINK")  # a spreadsheet shows it as text
    page = ui.render_records(recs, "es")  # a readable list: full text, fields and headers in the UI language
    assert "=HYPERLINK(&quot;http://x&quot;)" in page and "Estado</dt><dd>ongoing" in page and "acción" in page
    assert "b, pp. 3-4" in page and ui.render_records([], "en") == f'<p class="pz-none">{t("no_records_match", "en")}</p>'


def test_every_file_an_upload_can_be_refused_for_is_said_in_the_pages_language(tmp_path):
    """Real reader refusals (empty, wrong type, binary, broken PDF and Word, a PDF with a password or
    without a text layer, no name, the same file twice in one upload) as the Library says them:
    in Spanish on a Spanish page, with no CLI flag or command, naming the uploaded file."""
    from pypdf import PdfWriter

    from puente.common.settings import ChunkerSettings
    from puente.ingest.batch import read_batch

    files = {"empty.txt": b"", "memo.exe": b"MZ\x90\x00", "blob.txt": bytes(range(256)) * 4,
             "fake.pdf": b"%PDF-1.4 not really a pdf", "hello.pdf": b"hello", "blank.md": b"   \n\n",
             "nodocx.docx": b"not a zip", "...md": b"# x\n\nsome text", "a.md": b"# S\n\nThe same note about shelters.",
             "b.md": b"# S\n\nThe same note about shelters."}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    for name, password in (("scan.pdf", ""), ("locked.pdf", "pw")):
        w = PdfWriter()
        w.add_blank_page(200, 200)
        if password:
            w.encrypt(password)
        w.write(tmp_path / name)
    batch = read_batch(sorted(tmp_path.iterdir()), {}, ChunkerSettings(), 10_000_000)
    assert len(batch.errors) == 11
    english = re.compile(r"\b(?:file|text|password|content|name|corrupt|not|again|check|the|with|puente)\b|--")
    for raw in batch.errors:
        es = behaviour.upload_message(raw, "es")
        name = Path(raw.split(": ")[0]).name
        assert es.startswith(f"{name}: ") and str(tmp_path) not in es, es
        assert not english.search(es.split(": ", 1)[1]), es
        en = behaviour.upload_message(raw, "en")
        assert en.startswith(f"{name}: ") and "puente " not in en and "--" not in en and str(tmp_path) not in en, en
    said = {behaviour.upload_message(raw, "es").split(": ")[0]: behaviour.upload_message(raw, "es") for raw in batch.errors}
    assert said["memo.exe"] == "memo.exe: no se leen archivos '.exe'; conviértalo a PDF, Word (.docx), página web (.html), .txt o .md"
    assert "PUENTE_OCR=1" in said["scan.pdf"] and "contraseña" in said["locked.pdf"] and "vacío" in said["empty.txt"]


def test_counts_read_right_for_one_and_name_what_an_upload_added():
    """"1 añadidos" and "1 registros" (Spanish plural after one), and a success line that did
    not say under which name the upload landed."""
    summary = {"added": ["field-note"], "updated": [], "unchanged": ["a", "b"], "n_chunks": 135}
    es, en = ui.render_summary(summary, "es"), ui.render_summary(summary, "en")
    assert "Añadidos: 1 (field-note) · actualizados: 0 · sin cambios: 2; el índice tiene ahora 135 pasajes." in es
    assert "Added: 1 (field-note) · updated: 0 · unchanged: 2" in en
    one = [Record(doc="d", kind="action", number="1.1", text="Train staff.", page_start=1)]
    assert "Registros: 1" in ui.render_records(one, "es") and "Records: 1" in ui.render_records(one, "en")


def test_upload_messages_speak_the_pages_terms():
    stored = "/srv/idx/.puente/library/0a1b2c3d4e5f6a7b/"
    cases = {
        f"{stored}report.pdf: a different document named 'report' is already indexed (from /work/corpus/report.pdf); "
        "rename the file, or replace it on purpose (--replace)":
            "report.pdf: a different document named 'report' is already in the Library; rename the file, or tick "
            "“Replace indexed documents that have the same name” to replace it",
        f"{stored}copy.pdf: same content as the indexed document 'report'; remove the copy, or `puente remove report` first":
            "copy.pdf: the same content is already in the Library as 'report'; nothing to add",
        f"{stored}big.pdf: file is 80 MB, above the 50 MB limit; split it or raise the limit (--max-file-mb or "
        "PUENTE_MAX_FILE_MB)": "big.pdf: the file is above the 50 MB limit; split it into smaller files",
        f"{stored}dir: is a folder; pass the files inside it or the folder to `puente ingest`":
            "dir: is a folder; pass the files inside it or the folder",
    }
    for raw, shown in cases.items():
        assert behaviour.upload_message(raw) == shown
    assert "Biblioteca" in behaviour.upload_message(next(iter(cases)), "es")


def test_library_rows():
    rows = ui.library_rows({"b": {"title": "B", "lang": "es", "pages": 3, "chunks": 9, "ingested_at": "t"},
                            "a": {"lang": "en", "pages": None, "chunks": 1, "ingested_at": "u"}})
    assert rows == [["a", "a", "en", "—", 1, "u"], ["B", "b", "es", 3, 9, "t"]]  # no pages: "—", not blank
    when = ui.library_rows({"c": {"pages": 2, "chunks": 1, "ingested_at": "2026-12-02T08:45:12.123456+00:00"}})
    assert when[0][-1] == "2026-12-02 08:45"


# ------------------------------------------------------------------ with the real engine
@pytest.fixture(scope="module")
def puente(engine):
    return behaviour.PuenteApp(engine, Settings(index=str(engine.index_dir)))


def test_ask_renders_cited_cards_and_exports(puente, engine):
    q = "How many interceptions of people on the move did the National Migration Institute report in 2023?"
    view = puente.ask(q, k=5)
    assert 1 <= len(view.result.hits) <= 5
    answer_html, cards = puente.render_ask(view, "en")
    assert cards.count('<article class="pz-card"') == len(view.result.hits)
    top = view.result.hits[0].chunk
    assert ui.esc(top.citation) in cards
    assert 'class="pz-context"' in cards
    assert view.result.answer is not None  # the results report states the figure
    assert "<mark>" in cards and ui.esc(view.result.answer.citation) in answer_html
    md_path, csv_path = puente.export_ask(view)
    md = Path(md_path).read_text()
    # a spreadsheet reads the CSV download as UTF-8 by its mark; the Markdown has none
    assert Path(csv_path).read_bytes().startswith(b"\xef\xbb\xbf") and not Path(md_path).read_bytes().startswith(b"\xef")
    # the Markdown names the document by its title, the page label the one link
    assert cite_md(cite_parts(top.citation, top.doc, {top.doc: top.title}, puente.links())) in md
    assert "interceptions" in md and "file://" not in md
    rows = list(csv.DictReader(io.StringIO(Path(csv_path).read_text(encoding="utf-8-sig"))))
    assert rows[0]["rank"] == "answer" and rows[0]["citation"] == view.result.answer.citation
    assert [r["citation"] for r in rows[1:]] == [h.chunk.citation for h in view.result.hits]


def test_ask_filters_docs_and_language(puente):
    view = puente.ask("asilo", docs=["oim-red-migracion-america-del-sur-respuesta-gerencial", "not-a-doc"], k=3)
    assert {h.chunk.doc for h in view.result.hits} == {"oim-red-migracion-america-del-sur-respuesta-gerencial"}
    view = puente.ask("refugee protection", lang="es", k=4)
    assert view.result.hits and {h.chunk.lang for h in view.result.hits} == {"es"}


def test_every_card_of_a_real_result_has_a_highlight(puente):
    view = puente.ask("What does Mexico commit to on refugee employment?", k=3)
    assert set(view.spans) == {h.rank for h in view.result.hits}
    _, cards = puente.render_ask(view, "en")
    assert cards.count("<mark>") >= len(view.result.hits)


def test_compare_gives_one_column_per_document_and_exports(puente):
    docs = ["mirps-mexico-national-action-plan", "unhcr-mexico-evaluation-management-response"]
    topic = "local integration of refugees"
    result = puente.compare(topic, docs + ["not-a-doc"], k=2)
    assert [d.doc for d in result.docs] == docs
    assert any(d.passages for d in result.docs)
    for d in result.docs:
        assert {h.chunk.doc for h in d.passages} <= {d.doc}
    out = ui.render_compare(result, "en")
    assert out.count('class="pz-col"') == 2
    assert out.count(t("nothing_found", "en")) == sum(1 for d in result.docs if not d.found)
    md_path, csv_path, docx_path = puente.export_compare(result)
    md = Path(md_path).read_text()
    from puente.index.compare import quote_citation

    for d in result.docs:
        assert md_escape(d.title) in md
        for h in d.passages:  # cited by title, as every export cites; the page label is the link to that page
            label = re.search(r"\bpp?\. [\d-]+", quote_citation(h)).group(0)
            assert f"*{md_escape(d.title)}, [{label}](" in md, label
    links = re.findall(r"\[pp?\. (\d+)(?:-\d+)?\]\([^)]*#page=(\d+)\)", md)
    assert links and all(label == page for label, page in links), links  # a link goes to the page it says
    rows = list(csv.DictReader(io.StringIO(Path(csv_path).read_text(encoding="utf-8-sig"))))
    assert [r["doc"] for r in rows] == docs  # one row per document
    for r, d in zip(rows, result.docs):
        assert all(quote_citation(h) in r["passages"] for h in d.passages)
        assert all(rec.citation in r["records"] for rec, _ in d.records)
    from docx import Document

    assert len(Document(docx_path).tables[0].rows) == 3
    # no document picked: every document is compared
    every = puente.compare(topic, [], k=2)
    assert [d.doc for d in every.docs] == list(puente.engine.index.docs)


def test_several_topics_separated_by_semicolons_are_compared_each_on_its_own(puente):
    """"gender; albergues" was searched as one blended topic, and records on either alone
    were lost: each topic is compared on its own, as the CLI's several topics are, into one
    topic × document table, on screen and in the exports."""
    docs = ["mirps-mexico-national-action-plan", "unhcr-mexico-evaluation-management-response"]
    both = puente.compare("gender; albergues", docs, k=2)
    alone = [puente.compare(x, docs, k=2) for x in ("gender", "albergues")]
    assert [r.topic for r in both.results] == ["gender", "albergues"]
    for got, one in zip(both.results, alone):
        assert [[r.key for r, _ in d.records] for d in got.docs] == [[r.key for r, _ in d.records] for d in one.docs]
    out = ui.render_compare(both, "es")
    assert out.count('class="pz-topic"') == 2 and out.count('class="pz-col"') == 4
    _, csv_path, _ = puente.export_compare(both, "es")
    rows = list(csv.DictReader(io.StringIO(Path(csv_path).read_text(encoding="utf-8-sig"))))
    assert [(r["topic"], r["doc"]) for r in rows] == [(x, d) for x in ("gender", "albergues") for d in docs]
    assert puente.compare("albergues;", docs, k=2).topic == "albergues"  # one topic: one result


def test_compare_empty_column_says_nothing_found():
    out = ui.render_compare(CompareResult("x", [DocComparison("d", "D", "en")]), "es")
    assert t("nothing_found", "es") in out


def test_upload_adds_documents_reports_errors_and_escapes(tmp_path, corpus_index, model_path):
    from puente.index.engine import Engine

    index_copy = tmp_path / "idx"
    shutil.copytree(corpus_index, index_copy)
    eng = Engine(index_copy, model_path)
    app = behaviour.PuenteApp(eng, Settings(index=str(index_copy), max_file_mb=0.01))
    hostile = tmp_path / "hostile-note.md"
    hostile.write_text("# <script>alert(1)</script> Shelter note\n\n" + "The shelter network in Tapachula adopted "
                       "reception standards for unaccompanied children in March 2024. " * 6)
    wrong = tmp_path / "memo.xyz"
    wrong.write_text("x")
    big = tmp_path / "huge.txt"
    big.write_text("word " * 5000)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    seen = []
    errors, summary = app.add_files([str(hostile), str(wrong), str(big), str(broken)],
                                    progress=lambda i, n, name, pages: seen.append((i, n)))
    assert summary["added"] == ["hostile-note"]
    assert len(errors) == 3 and all(e.count("\n") == 0 for e in errors)
    assert any(e.startswith("memo.xyz:") for e in errors)
    assert any(e.startswith("huge.txt:") and "limit" in e for e in errors)
    # the page's own terms: no CLI flag or command, no path the upload is stored under
    assert not any("--" in e or "puente " in e or "PUENTE_" in e or "/" in e or "library" in e for e in errors), errors
    assert any(e.startswith("broken.pdf:") for e in errors)
    assert seen and seen[-1][0] == seen[-1][1]
    assert "hostile-note" in eng.index.docs  # engine refreshed
    view = app.ask("reception standards for unaccompanied children in Tapachula shelters", k=3)
    assert view.result.hits[0].chunk.doc == "hostile-note"
    _, cards = app.render_ask(view, "en")
    assert "<script" not in cards and "&lt;script&gt;" in cards
    rows = ui.library_rows(eng.index.docs)
    assert any(r[1] == "hostile-note" for r in rows)
    # the accepted upload is kept where the index records it; refused ones are deleted
    kept = Path(eng.index.docs["hostile-note"].source)
    assert kept.is_file() and kept.parent.parent == app.library_dir()
    assert sorted(p.name for p in app.library_dir().rglob("*") if p.is_file()) == ["hostile-note.md"]
    assert not hostile.exists() and not wrong.exists()  # the uploads themselves are consumed
    # a failed batch leaves the index readable and unchanged
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    errors, summary = app.add_files([str(broken)])
    assert errors[0].startswith("broken.pdf:") and summary["added"] == [] and "hostile-note" in eng.index.docs
    # another file with an indexed document's name is refused, unless replacing is asked for
    hostile.write_text("A different note about shelters. " * 20)
    errors, summary = app.add_files([str(hostile)])
    assert len(errors) == 1 and errors[0].startswith("hostile-note.md:") and "already in the Library" in errors[0]
    assert "tick “Replace indexed documents that have the same name”" in errors[0]
    assert eng.index.docs["hostile-note"].source == str(kept)
    # the same content under another name: said in the page's terms too
    twin = tmp_path / "twin-note.md"
    twin.write_bytes(kept.read_bytes())
    errors, _ = app.add_files([str(twin)], lang="es")
    assert errors == ["twin-note.md: el mismo contenido ya está en la Biblioteca como 'hostile-note'; no hay nada que añadir"]
    hostile.write_text("A different note about shelters. " * 20)
    errors, summary = app.add_files([str(hostile)], replace=True)
    assert errors == [] and summary["updated"] == ["hostile-note"]


def test_build_app_exposes_ask_and_compare_endpoints(engine):
    import gradio as gr

    demo = layout.build_app(engine, Settings(index=str(engine.index_dir)))
    assert isinstance(demo, gr.Blocks)
    names = {fn.api_name for fn in demo.fns.values()}
    assert {"ask", "compare", "add"} <= names


def test_the_apps_word_briefing_of_twelve_mixed_questions_has_one_label_language(engine):
    """The app's Word briefing: 12 English and Spanish questions, labels in the interface
    language (English here) whatever each question's, titles with one page label, links
    to the served app's page view."""
    import docx
    from test_briefing import QUESTIONS_12

    app = behaviour.PuenteApp(engine, Settings(index=str(engine.index_dir), k=3))
    app.app_url = "http://127.0.0.1:7860/"
    results = [app.ask(q, k=3).result for q in QUESTIONS_12]
    assert {r.lang for r in results} == {"en", "es"}
    d = docx.Document(app.export_briefing(results, "en"))
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    texts = [t for _, t in paras]
    assert [t for s, t in paras if s == "Heading 1"][-1] == "Sources"
    assert len([t for s, t in paras if s == "Heading 1"]) == 13
    assert not any(t.startswith(("Respuesta", "Sin respuesta")) for t in texts)
    assert not {"Pasajes", "Fuentes", "También encontrado (coincidencia débil, no citado)"} & set(texts)
    assert any(t.startswith(("Answer (", "No answer")) for t in texts)
    cites = [t for t in texts if t.startswith("— ")]
    assert all(t.endswith(("(strong match)", "(partial match)")) for t in cites if t.endswith(")") and "match" in t)
    assert not any("coincidencia" in t for t in cites)
    assert cites and all(len(re.findall(r"(?:pp?\.|¶¶?) \d", t)) == 1 for t in cites)
    assert not any(t.startswith("— unhcr-mexico-") for t in cites)
    links = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links and all(x.startswith("http://127.0.0.1:7860/puente/file?doc=") for x in links)


def test_the_apps_download_folder_goes_with_the_app():
    """Exports offered for download are written under one temporary folder per app; it is
    removed when the app is (and at exit), not left in the temp folder after every serve."""
    import gc

    app = behaviour.PuenteApp(None, Settings())
    folder = app.export_dir
    (folder / "briefing.docx").write_bytes(b"x")
    assert folder.is_dir()
    del app
    gc.collect()
    assert not folder.exists()
