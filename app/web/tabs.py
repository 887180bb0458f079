"""The app's tabs, one builder each. A builder puts its components into ``c`` (the page's
component table, keyed as :data:`puente.app.web.layout._LABELLED` names them) and wires the
events that stay inside its tab; what spans tabs (the interface language, lists of
documents refreshed after an upload) is wired by ``layout.build_app``."""
from __future__ import annotations

from pathlib import Path

from puente.common.lang import question_lang
from puente.ingest.readers import SUPPORTED_SUFFIXES

from ..exports import formats
from ..i18n import normalise, t
from .behaviour import check_question
from .render import (
    library_rows,
    render_compare,
    render_error,
    render_errors,
    render_generated,
    render_records,
    render_summary,
    render_track,
)

# Title and Document wrap; the short columns keep their header on one line (every column
# shows at 1400 px, tested in the browser test)
LIBRARY_WIDTHS = ["29%", "27%", "10%", "8%", "10%", "16%"]
LANG0 = "en"  # the language the page is built in; on load it follows the browser's


def library_table(docs: dict, lang: str):
    """The Library table as a DataFrame with headers in ``lang``."""
    import pandas as pd

    headers = [t(k, lang) for k in ("col_title", "col_doc", "col_lang", "col_pages", "col_chunks", "col_ingested")]
    return pd.DataFrame(library_rows(docs), columns=headers)


def lang_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("any", lang), "any"), ("English", "en"), ("Español", "es")]


def record_options(records, key: str, lang: str = "en", doc_choices=()) -> list[tuple[str, str]]:
    """Choices of a records filter: the values present now ("—": any); kinds in ``lang``, documents
    labelled as ``doc_choices`` (the other document pickers' ``("Title (name)", name)``) label them."""
    vals = sorted({str(getattr(r, key)) for r in records if getattr(r, key)})
    doc_labels = {name: shown for shown, name in doc_choices}

    def label(v: str) -> str:
        if key == "kind":
            return t(f"kind_{v}", lang)
        return doc_labels.get(v, v) if key == "doc" else v

    return [("—", "")] + [(label(v), v) for v in vals]


def _downloads(c: dict, elem: str, keys: tuple[str, str, str], word_label: str) -> None:
    """One row of Markdown / CSV / Word download buttons, hidden until there is a result:
    ``c[keys[i]]``, element ids ``{elem}-md``, ``{elem}-csv``, ``{elem}-docx``."""
    import gradio as gr

    with gr.Row():
        for key, label, part in zip(keys, ("export_md", "export_csv", word_label), ("md", "csv", "docx")):
            c[key] = gr.DownloadButton(t(label, LANG0), visible=False, elem_id=f"{elem}-{part}", size="sm")


def ask_tab(c: dict, app, settings, llm, llm_notice: str) -> None:
    """Ask: the question, its filters, the generated and extracted answers, the passages, and
    the downloads (Markdown, CSV, the session's Word briefing)."""
    import gradio as gr

    with gr.Tab(t("tab_ask", LANG0), id="ask", elem_id="tab-ask") as c["tab_ask"]:
        with gr.Row():
            c["question"] = gr.Textbox(label=t("question", LANG0), placeholder=t("question_ph", LANG0),
                                       max_length=settings.max_question_chars, lines=1, scale=5, elem_id="question")
            c["ask"] = gr.Button(t("ask", LANG0), variant="primary", scale=1, elem_id="ask-btn")
        with gr.Row():
            c["docs"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True, label=t("docs", LANG0),
                                    scale=3, elem_id="ask-docs")
            c["lang_filter"] = gr.Radio(lang_choices(LANG0), value="any", label=t("lang_filter", LANG0),
                                        scale=1, elem_id="ask-lang")
            c["k"] = gr.Slider(1, 30, value=settings.k, step=1, label=t("k", LANG0), scale=1, elem_id="ask-k")
        ask_error = gr.HTML(render_error(llm_notice) if llm_notice else "", js_on_load=None, elem_id="ask-error")
        c["gen_html"] = gr.HTML("", js_on_load=None, elem_id="generated")
        c["answer_html"] = gr.HTML("", js_on_load=None, elem_id="answer")
        _downloads(c, "ask", ("export_md", "export_csv", "word_brief"), "word_brief")
        c["cards_html"] = gr.HTML("", js_on_load=None, elem_id="cards")
    hidden = gr.update(visible=False)

    def on_ask(question, docs, lang_filter, k, ui_lang, is_locked):
        """Passages and the extracted answer at once; then, with an LLM endpoint, the
        generated answer streaming in and replaced by its verified text."""
        ui_lang = normalise(ui_lang)
        err = check_question(question, settings.max_question_chars, ui_lang)
        if err:
            yield render_error(err), "", "", "", hidden, hidden, None, ui_lang
            return
        if not is_locked:
            ui_lang = question_lang(question, ui_lang)
        try:
            view = app.ask(question, docs, lang_filter, k)
        except Exception as exc:  # noqa: BLE001 - show, never crash the page
            yield render_error(str(exc)), "", "", "", hidden, hidden, None, ui_lang
            return
        md, csv_path = app.export_ask(view, ui_lang)
        a_html, r_html = app.render_ask(view, ui_lang)
        shown = ("", a_html, r_html)
        yield (shown[0], render_generated(None, ui_lang, t("generating", ui_lang)) if llm else "", *shown[1:],
               gr.update(value=md, visible=True), gr.update(value=csv_path, visible=True), view, ui_lang)
        if llm is None:
            return
        for partial in app.generate(view, llm):
            yield (shown[0], render_generated(None, ui_lang, partial or t("generating", ui_lang)), *shown[1:],
                   gr.update(), gr.update(), view, ui_lang)
        md, _ = app.export_ask(view, ui_lang)
        yield (shown[0], render_generated(view.result.generated, ui_lang), *shown[1:],
               gr.update(value=md, visible=True), gr.update(), view, ui_lang)

    def on_brief(view, results, ui_lang):
        """Add the question just answered to the session's briefing and rewrite it."""
        if view is None:
            return results, gr.update()
        results = [r for r in results if r is not view.result] + [view.result]
        return results, gr.update(value=app.export_briefing(results, normalise(ui_lang)), visible=True)

    outputs = [ask_error, c["gen_html"], c["answer_html"], c["cards_html"], c["export_md"], c["export_csv"],
               c["ask_state"], c["ui_lang"]]
    inputs = [c["question"], c["docs"], c["lang_filter"], c["k"], c["ui_lang"], c["locked"]]
    brief_io = ([c["ask_state"], c["session"], c["ui_lang"]], [c["session"], c["word_brief"]])
    # the button and Enter share one limit: questions answered at once, the rest wait in the queue
    limit = {"concurrency_limit": settings.concurrency, "concurrency_id": "ask"}
    c["ask"].click(on_ask, inputs, outputs, api_name="ask", **limit).then(on_brief, *brief_io, api_name=False)
    c["question"].submit(on_ask, inputs, outputs, api_name=False, **limit).then(on_brief, *brief_io, api_name=False)


def compare_tab(c: dict, app, settings) -> None:
    """Compare: a topic across the picked documents (every document when none is picked),
    with Markdown, CSV and Word of the table."""
    import gradio as gr

    with gr.Tab(t("tab_compare", LANG0), id="compare", elem_id="tab-compare") as c["tab_compare"]:
        with gr.Row():
            c["topic"] = gr.Textbox(label=t("topic", LANG0), placeholder=t("topic_ph", LANG0),
                                    max_length=settings.max_question_chars, scale=5, elem_id="topic")
            c["compare"] = gr.Button(t("compare", LANG0), variant="primary", scale=1, elem_id="compare-btn")
        with gr.Row():
            c["compare_docs"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True,
                                            label=t("compare_docs", LANG0), scale=4, elem_id="compare-docs")
            c["compare_k"] = gr.Slider(1, 10, value=settings.compare_k, step=1, label=t("compare_k", LANG0), scale=1,
                                       elem_id="compare-k")
        error = gr.HTML("", js_on_load=None, elem_id="compare-error")
        _downloads(c, "compare", ("cmp_md", "cmp_csv", "cmp_docx"), "cmp_docx")
        c["compare_html"] = gr.HTML("", js_on_load=None, elem_id="compare-out")
    hidden = gr.update(visible=False)

    def on_compare(topic, docs, k, ui_lang):
        ui_lang = normalise(ui_lang)
        err = check_question(topic, settings.max_question_chars, ui_lang)
        if err:
            return render_error(err), "", hidden, hidden, hidden, None
        try:
            result = app.compare(topic, docs, k)
            md, csv_path, docx = app.export_compare(result, ui_lang)
        except Exception as exc:  # noqa: BLE001 - show, never crash the page
            return render_error(str(exc)), "", hidden, hidden, hidden, None
        return ("", render_compare(result, ui_lang), gr.update(value=md, visible=True),
                gr.update(value=csv_path, visible=True), gr.update(value=docx, visible=True), result)

    inputs = [c["topic"], c["compare_docs"], c["compare_k"], c["ui_lang"]]
    outputs = [error, c["compare_html"], c["cmp_md"], c["cmp_csv"], c["cmp_docx"], c["cmp_state"]]
    c["compare"].click(on_compare, inputs, outputs, api_name="compare", concurrency_limit=settings.concurrency)
    c["topic"].submit(on_compare, inputs, outputs, api_name=False, concurrency_limit=settings.concurrency)


def track_tab(c: dict, app, settings) -> None:
    """Follow-through: each commitment of one document beside what the others report on it."""
    import gradio as gr

    with gr.Tab(t("tab_track", LANG0), id="track", elem_id="tab-track") as c["tab_track"]:
        with gr.Row():
            c["track_doc"] = gr.Dropdown(app.track_choices(), value=None, label=t("track_doc", LANG0), scale=2,
                                         elem_id="track-doc")
            c["track_in"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True, label=t("track_in", LANG0),
                                        scale=3, elem_id="track-in")
            c["track"] = gr.Button(t("track", LANG0), variant="primary", scale=1, elem_id="track-btn")
        error = gr.HTML("", js_on_load=None, elem_id="track-error")
        _downloads(c, "track", ("trk_md", "trk_csv", "trk_docx"), "cmp_docx")
        c["track_html"] = gr.HTML("", js_on_load=None, elem_id="track-out")
    hidden = gr.update(visible=False)

    def on_track(doc, others, ui_lang):
        ui_lang = normalise(ui_lang)
        if not doc:
            return render_error(t("track_pick", ui_lang)), "", hidden, hidden, hidden, None
        try:
            result = app.track(doc, others)
            md, csv_path, docx = app.export_track(result, ui_lang)
        except Exception as exc:  # noqa: BLE001 - show, never crash the page
            return render_error(str(exc)), "", hidden, hidden, hidden, None
        return ("", render_track(result, ui_lang), gr.update(value=md, visible=True),
                gr.update(value=csv_path, visible=True), gr.update(value=docx, visible=True), result)

    c["track"].click(on_track, [c["track_doc"], c["track_in"], c["ui_lang"]],
                     [error, c["track_html"], c["trk_md"], c["trk_csv"], c["trk_docx"], c["trk_state"]],
                     api_name="track", concurrency_limit=settings.concurrency)


def library_tab(c: dict, app, engine, refresh) -> None:
    """Library: the indexed documents and the upload. ``refresh(ui_lang)`` gives the updates of
    every list of documents and records (``c["list_outputs"]``) after an upload."""
    import gradio as gr

    with gr.Tab(t("tab_library", LANG0), id="library", elem_id="tab-library") as c["tab_library"]:
        c["library_docs"] = gr.Dataframe(library_table(engine.index.docs, LANG0), label=t("library_docs", LANG0),
                                         interactive=False, wrap=True, elem_id="library", column_widths=LIBRARY_WIDTHS)
        c["upload"] = gr.File(file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), type="filepath",
                              label=t("upload", LANG0), elem_id="upload")
        c["replace"] = gr.Checkbox(False, label=t("replace", LANG0), elem_id="replace")
        c["add"] = gr.Button(t("add", LANG0), variant="primary", elem_id="add-btn")
        c["upload_out"] = gr.HTML("", js_on_load=None, elem_id="upload-out")

    def on_add(files, replace, ui_lang, progress=gr.Progress()):
        ui_lang = normalise(ui_lang)
        paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in (files or [])]
        if not paths:
            return (render_errors([t("no_files", ui_lang)]), None) + tuple(gr.update() for _ in c["list_outputs"])
        progress(0, desc=t("reading", ui_lang))

        def step(i, n, name, pages=0):
            if n and i < n:
                progress((i, n), desc=f"{t('reading', ui_lang)} {Path(name).name}")
            else:
                progress(0.95, desc=t("embedding", ui_lang))

        errors, summary = app.add_files(paths, progress=step, replace=bool(replace), lang=ui_lang)
        return (render_errors(errors) + render_summary(summary, ui_lang), None) + refresh(ui_lang)

    c["on_add"] = on_add  # wired by build_app once every list it refreshes exists


def records_tab(c: dict, app, settings, records) -> None:
    """Records: every recommendation, action, commitment and indicator, filtered by kind,
    document and status, or ranked by a topic; and their CSV."""
    import gradio as gr

    with gr.Tab(t("tab_records", LANG0), id="records", elem_id="tab-records") as c["tab_records"]:
        with gr.Row():
            c["rec_topic"] = gr.Textbox(label=t("rec_topic", LANG0), placeholder=t("rec_topic_ph", LANG0),
                                        max_length=settings.max_question_chars, scale=2, elem_id="rec-topic")
            c["rec_kind"] = gr.Dropdown(record_options(records, "kind"), value="", label=t("kind", LANG0), elem_id="rec-kind")
            c["rec_doc"] = gr.Dropdown(record_options(records, "doc", doc_choices=app.doc_choices()),
                                       value="", label=t("col_doc", LANG0), elem_id="rec-doc")
            c["rec_status"] = gr.Dropdown(record_options(records, "status"), value="", label=t("status", LANG0),
                                          elem_id="rec-status")
        gr.HTML("" if records else f"<p>{t('no_records', LANG0)}</p>", js_on_load=None)
        c["records_csv"] = gr.DownloadButton(t("records_csv", LANG0), elem_id="records-csv", size="sm")
        c["records_html"] = gr.HTML(render_records(records, LANG0), js_on_load=None, elem_id="records")

    def on_records(kind, doc, status, topic, ui_lang):
        """The records the filters (and a topic, ranked) leave, and their CSV."""
        try:
            rows, scores = app.records(kind, doc, status, topic)
        except Exception as exc:  # noqa: BLE001 - show, never crash the page
            return render_error(str(exc)), gr.update()
        return (render_records(rows, normalise(ui_lang), scores),
                app.write_export("puente-records.csv", formats.records_csv(rows)))

    inputs = [c["rec_kind"], c["rec_doc"], c["rec_status"], c["rec_topic"], c["ui_lang"]]
    outputs = [c["records_html"], c["records_csv"]]
    for comp in (c["rec_kind"], c["rec_doc"], c["rec_status"]):
        comp.change(on_records, inputs, outputs, api_name=False)
    c["rec_topic"].submit(on_records, inputs, outputs, api_name="records")
    c["ui_lang"].change(on_records, inputs, outputs, api_name=False)
