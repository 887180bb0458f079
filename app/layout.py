"""The Gradio page: tabs Ask, Compare, Follow-through, Library and Records wired to :class:`PuenteApp`
(behaviour) and ``render`` (HTML); ``serve`` launches it for ``puente serve``."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # no telemetry, no version check over the network

from puente.ingest.readers import SUPPORTED_SUFFIXES  # noqa: E402

from . import export  # noqa: E402
from .behaviour import PuenteApp, check_question  # noqa: E402
from .i18n import normalise, question_lang, t  # noqa: E402
from .render import (  # noqa: E402
    library_rows,
    render_compare,
    render_error,
    render_errors,
    render_generated,
    render_records,
    render_summary,
    render_track,
)
from .theme import CSS, theme  # noqa: E402

# component key → (label key, kind) for the interface-language toggle
_LABELLED = [
    ("question", "textbox"), ("ask", "button"), ("docs", "dropdown"), ("lang_filter", "radio"), ("k", "slider"),
    ("export_md", "download"), ("export_csv", "download"), ("topic", "textbox"), ("compare_docs", "dropdown"),
    ("compare_k", "slider"), ("compare", "button"), ("cmp_md", "download"), ("cmp_csv", "download"),
    ("library_docs", "table"), ("upload", "file"), ("replace", "checkbox"), ("add", "button"),
    ("rec_topic", "textbox"), ("rec_kind", "dropdown"), ("rec_doc", "dropdown"), ("rec_status", "dropdown"),
    ("records_csv", "download"), ("tab_ask", "tab"), ("tab_compare", "tab"), ("tab_library", "tab"),
    ("tab_records", "tab"), ("ui_lang", "radio"), ("word_brief", "download"), ("cmp_docx", "download"),
    ("tab_track", "tab"), ("track_doc", "dropdown"), ("track_in", "dropdown"), ("track", "button"),
    ("trk_md", "download"), ("trk_csv", "download"), ("trk_docx", "download"),
]
# Title and Document wrap; the short columns keep their header on one line (every column
# shows at 1400 px, tested in the browser test)
LIBRARY_WIDTHS = ["29%", "27%", "10%", "8%", "10%", "16%"]
_LABEL_KEY = {"cmp_md": "export_md", "cmp_csv": "export_csv", "rec_kind": "kind",
              "rec_doc": "col_doc", "rec_status": "status", "trk_md": "export_md", "trk_csv": "export_csv",
              "trk_docx": "cmp_docx"}


def library_table(docs: dict, lang: str):
    """The Library table as a DataFrame with headers in ``lang``."""
    import pandas as pd

    headers = [t(k, lang) for k in ("col_title", "col_doc", "col_lang", "col_pages", "col_chunks", "col_ingested")]
    return pd.DataFrame(library_rows(docs), columns=headers)


def _lang_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("any", lang), "any"), ("English", "en"), ("Español", "es")]


def _opts(records, key: str, lang: str = "en") -> list[tuple[str, str]]:
    """Choices of a records filter: the values present now ("—": any); kinds in ``lang``."""
    vals = sorted({str(getattr(r, key)) for r in records if getattr(r, key)})
    return [("—", "")] + [(t(f"kind_{v}", lang) if key == "kind" else v, v) for v in vals]


def label_updates(lang: str, docs: dict | None = None) -> dict[str, dict]:
    """``{component key: properties}`` that put the interface in ``lang`` (``docs``: the
    index's documents, to re-title the Library table)."""
    import gradio as gr

    out = {}
    for key, kind in _LABELLED:
        text = t(_LABEL_KEY.get(key, key), lang)
        if kind == "button":
            out[key] = gr.update(value=text)
        elif kind == "textbox":
            out[key] = gr.update(label=text, placeholder=t(f"{key}_ph", lang))
        elif kind == "radio" and key == "lang_filter":
            out[key] = gr.update(label=text, choices=_lang_choices(lang))
        elif kind == "table" and key == "library_docs" and docs is not None:
            out[key] = gr.update(label=text, value=library_table(docs, lang))
        else:
            out[key] = gr.update(label=text)
    return out


def _downloads(c: dict, lang: str, elem: str, keys: tuple[str, str, str], word_label: str) -> None:
    """One row of Markdown / CSV / Word download buttons, hidden until there is a result:
    ``c[keys[i]]``, element ids ``{elem}-md``, ``{elem}-csv``, ``{elem}-docx``."""
    import gradio as gr

    with gr.Row():
        for key, label, part in zip(keys, ("export_md", "export_csv", word_label), ("md", "csv", "docx")):
            c[key] = gr.DownloadButton(t(label, lang), visible=False, elem_id=f"{elem}-{part}", size="sm")


def build_app(engine, settings):
    """The ``gr.Blocks`` app over ``engine`` (an :class:`puente.index.engine.Engine`)."""
    import gradio as gr

    app = PuenteApp(engine, settings)
    llm, llm_notice = app.llm_config()
    lang0 = "en"
    c: dict = {}
    recs = engine.index.records

    with gr.Blocks(title="Puente", analytics_enabled=False) as demo:
        ask_state = gr.State(None)
        session = gr.State([])  # this session's results, for the Word briefing
        cmp_state = gr.State(None)
        trk_state = gr.State(None)
        locked = gr.State(False)
        with gr.Row(equal_height=True):
            gr.HTML('<div class="pz-head"><h2>Puente</h2><p>EN · ES — cited passages from humanitarian and policy '
                    'reports / pasajes citados de informes humanitarios y de políticas</p></div>', js_on_load=None, scale=4)
            c["ui_lang"] = gr.Radio([("English", "en"), ("Español", "es")], value=lang0, label=t("ui_lang", lang0),
                                    elem_id="ui-lang", scale=1, min_width=300)
        with gr.Tabs():
            with gr.Tab(t("tab_ask", lang0), id="ask", elem_id="tab-ask") as c["tab_ask"]:
                with gr.Row():
                    c["question"] = gr.Textbox(label=t("question", lang0), placeholder=t("question_ph", lang0),
                                               max_length=settings.max_question_chars, lines=1, scale=5, elem_id="question")
                    c["ask"] = gr.Button(t("ask", lang0), variant="primary", scale=1, elem_id="ask-btn")
                with gr.Row():
                    c["docs"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True, label=t("docs", lang0),
                                            scale=3, elem_id="ask-docs")
                    c["lang_filter"] = gr.Radio(_lang_choices(lang0), value="any", label=t("lang_filter", lang0),
                                                scale=1, elem_id="ask-lang")
                    c["k"] = gr.Slider(1, 30, value=settings.k, step=1, label=t("k", lang0), scale=1, elem_id="ask-k")
                ask_error = gr.HTML(render_error(llm_notice) if llm_notice else "", js_on_load=None, elem_id="ask-error")
                gen_html = gr.HTML("", js_on_load=None, elem_id="generated")
                answer_html = gr.HTML("", js_on_load=None, elem_id="answer")
                _downloads(c, lang0, "ask", ("export_md", "export_csv", "word_brief"), "word_brief")
                cards_html = gr.HTML("", js_on_load=None, elem_id="cards")
            with gr.Tab(t("tab_compare", lang0), id="compare", elem_id="tab-compare") as c["tab_compare"]:
                with gr.Row():
                    c["topic"] = gr.Textbox(label=t("topic", lang0), placeholder=t("topic_ph", lang0),
                                            max_length=settings.max_question_chars, scale=5, elem_id="topic")
                    c["compare"] = gr.Button(t("compare", lang0), variant="primary", scale=1, elem_id="compare-btn")
                with gr.Row():
                    c["compare_docs"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True,
                                                    label=t("compare_docs", lang0), scale=4, elem_id="compare-docs")
                    c["compare_k"] = gr.Slider(1, 10, value=settings.compare_k, step=1, label=t("compare_k", lang0), scale=1,
                                               elem_id="compare-k")
                cmp_error = gr.HTML("", js_on_load=None, elem_id="compare-error")
                _downloads(c, lang0, "compare", ("cmp_md", "cmp_csv", "cmp_docx"), "cmp_docx")
                compare_html = gr.HTML("", js_on_load=None, elem_id="compare-out")
            with gr.Tab(t("tab_track", lang0), id="track", elem_id="tab-track") as c["tab_track"]:
                with gr.Row():
                    c["track_doc"] = gr.Dropdown(app.track_choices(), value=None, label=t("track_doc", lang0), scale=2,
                                                 elem_id="track-doc")
                    c["track_in"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True, label=t("track_in", lang0),
                                                scale=3, elem_id="track-in")
                    c["track"] = gr.Button(t("track", lang0), variant="primary", scale=1, elem_id="track-btn")
                trk_error = gr.HTML("", js_on_load=None, elem_id="track-error")
                _downloads(c, lang0, "track", ("trk_md", "trk_csv", "trk_docx"), "cmp_docx")
                track_html = gr.HTML("", js_on_load=None, elem_id="track-out")
            with gr.Tab(t("tab_library", lang0), id="library", elem_id="tab-library") as c["tab_library"]:
                c["library_docs"] = gr.Dataframe(library_table(engine.index.docs, lang0), label=t("library_docs", lang0),
                                                 interactive=False, wrap=True, elem_id="library",
                                                 column_widths=LIBRARY_WIDTHS)
                c["upload"] = gr.File(file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), type="filepath",
                                      label=t("upload", lang0), elem_id="upload")
                c["replace"] = gr.Checkbox(False, label=t("replace", lang0), elem_id="replace")
                c["add"] = gr.Button(t("add", lang0), variant="primary", elem_id="add-btn")
                upload_out = gr.HTML("", js_on_load=None, elem_id="upload-out")
            with gr.Tab(t("tab_records", lang0), id="records", elem_id="tab-records") as c["tab_records"]:
                with gr.Row():
                    c["rec_topic"] = gr.Textbox(label=t("rec_topic", lang0), placeholder=t("rec_topic_ph", lang0),
                                                max_length=settings.max_question_chars, scale=2, elem_id="rec-topic")
                    c["rec_kind"] = gr.Dropdown(_opts(recs, "kind"), value="", label=t("kind", lang0), elem_id="rec-kind")
                    c["rec_doc"] = gr.Dropdown(_opts(recs, "doc"), value="", label=t("col_doc", lang0), elem_id="rec-doc")
                    c["rec_status"] = gr.Dropdown(_opts(recs, "status"), value="", label=t("status", lang0),
                                                  elem_id="rec-status")
                gr.HTML("" if recs else f"<p>{t('no_records', lang0)}</p>", js_on_load=None)
                c["records_csv"] = gr.DownloadButton(t("records_csv", lang0), elem_id="records-csv", size="sm")
                records_html = gr.HTML(render_records(recs, lang0), js_on_load=None, elem_id="records")

        labelled = [c[key] for key, _ in _LABELLED]
        hidden = gr.update(visible=False)

        def relabel(lang, view, result, tracked):
            lang = normalise(lang)
            ups = label_updates(lang, engine.index.docs)
            a_html, r_html = app.render_ask(view, lang)
            g_html = render_generated(view.result.generated, lang) if view else ""
            return [ups[key] for key, _ in _LABELLED] + [g_html, a_html, r_html, render_compare(result, lang),
                                                          render_track(tracked, lang)]

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

        ask_outputs = [ask_error, gen_html, answer_html, cards_html, c["export_md"], c["export_csv"], ask_state, c["ui_lang"]]
        ask_inputs = [c["question"], c["docs"], c["lang_filter"], c["k"], c["ui_lang"], locked]
        def on_brief(view, results, ui_lang):
            """Add the question just answered to the session's briefing and rewrite it."""
            if view is None:
                return results, gr.update()
            results = [r for r in results if r is not view.result] + [view.result]
            return results, gr.update(value=app.export_briefing(results, normalise(ui_lang)), visible=True)

        brief_io = ([ask_state, session, c["ui_lang"]], [session, c["word_brief"]])
        # the button and Enter share one limit: questions answered at once, the rest wait in the queue
        ask_limit = {"concurrency_limit": settings.concurrency, "concurrency_id": "ask"}
        c["ask"].click(on_ask, ask_inputs, ask_outputs, api_name="ask", **ask_limit).then(
            on_brief, *brief_io, api_name=False)
        c["question"].submit(on_ask, ask_inputs, ask_outputs, api_name=False, **ask_limit).then(
            on_brief, *brief_io, api_name=False)

        def on_compare(topic, docs, k, ui_lang):
            """Every document when none is picked; Markdown, CSV and Word of the table."""
            ui_lang = normalise(ui_lang)
            err = check_question(topic, settings.max_question_chars, ui_lang)
            if err:
                return render_error(err), "", hidden, hidden, hidden, None
            try:
                result = app.compare(topic, docs, k)
                md, csv_path, docx = app.export_compare(result)
            except Exception as exc:  # noqa: BLE001 - show, never crash the page
                return render_error(str(exc)), "", hidden, hidden, hidden, None
            return ("", render_compare(result, ui_lang), gr.update(value=md, visible=True),
                    gr.update(value=csv_path, visible=True), gr.update(value=docx, visible=True), result)

        c["compare"].click(on_compare, [c["topic"], c["compare_docs"], c["compare_k"], c["ui_lang"]],
                           [cmp_error, compare_html, c["cmp_md"], c["cmp_csv"], c["cmp_docx"], cmp_state],
                           api_name="compare", concurrency_limit=settings.concurrency)
        c["topic"].submit(on_compare, [c["topic"], c["compare_docs"], c["compare_k"], c["ui_lang"]],
                          [cmp_error, compare_html, c["cmp_md"], c["cmp_csv"], c["cmp_docx"], cmp_state],
                          api_name=False, concurrency_limit=settings.concurrency)

        def on_track(doc, others, ui_lang):
            ui_lang = normalise(ui_lang)
            if not doc:
                return render_error(t("track_pick", ui_lang)), "", hidden, hidden, hidden, None
            try:
                result = app.track(doc, others)
                md, csv_path, docx = app.export_track(result)
            except Exception as exc:  # noqa: BLE001 - show, never crash the page
                return render_error(str(exc)), "", hidden, hidden, hidden, None
            return ("", render_track(result, ui_lang), gr.update(value=md, visible=True),
                    gr.update(value=csv_path, visible=True), gr.update(value=docx, visible=True), result)

        c["track"].click(on_track, [c["track_doc"], c["track_in"], c["ui_lang"]],
                         [trk_error, track_html, c["trk_md"], c["trk_csv"], c["trk_docx"], trk_state],
                         api_name="track", concurrency_limit=settings.concurrency)

        def lists(ui_lang):
            """Everything that lists the index's documents or records, as it is now."""
            records = engine.index.records
            choices = app.doc_choices()
            return (gr.update(value=library_table(engine.index.docs, ui_lang)), gr.update(choices=choices),
                    gr.update(choices=choices), gr.update(choices=_opts(records, "kind", ui_lang)),
                    gr.update(choices=_opts(records, "doc")), gr.update(choices=_opts(records, "status")),
                    render_records(records, ui_lang),
                    app.write_export("puente-records.csv", export.records_csv(records)),
                    gr.update(choices=app.track_choices()), gr.update(choices=choices))

        list_outputs = [c["library_docs"], c["docs"], c["compare_docs"], c["rec_kind"], c["rec_doc"], c["rec_status"],
                        records_html, c["records_csv"], c["track_doc"], c["track_in"]]

        def on_add(files, replace, ui_lang, progress=gr.Progress()):
            ui_lang = normalise(ui_lang)
            paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in (files or [])]
            if not paths:
                return (render_errors([t("no_files", ui_lang)]), None) + tuple(gr.update() for _ in list_outputs)
            progress(0, desc=t("reading", ui_lang))

            def step(i, n, name, pages=0):
                if n and i < n:
                    progress((i, n), desc=f"{t('reading', ui_lang)} {Path(name).name}")
                else:
                    progress(0.95, desc=t("embedding", ui_lang))

            errors, summary = app.add_files(paths, progress=step, replace=bool(replace), lang=ui_lang)
            return (render_errors(errors) + render_summary(summary, ui_lang), None) + lists(ui_lang)

        # one progress bar, on the message line: not also over the file box and the table
        c["add"].click(on_add, [c["upload"], c["replace"], c["ui_lang"]], [upload_out, c["upload"]] + list_outputs,
                       api_name="add", concurrency_limit=1, show_progress_on=[upload_out])

        def on_records(kind, doc, status, topic, ui_lang):
            """The records the filters (and a topic, ranked) leave, and their CSV."""
            try:
                rows, scores = app.records(kind, doc, status, topic)
            except Exception as exc:  # noqa: BLE001 - show, never crash the page
                return render_error(str(exc)), gr.update()
            return (render_records(rows, normalise(ui_lang), scores),
                    app.write_export("puente-records.csv", export.records_csv(rows)))

        rec_inputs = [c["rec_kind"], c["rec_doc"], c["rec_status"], c["rec_topic"], c["ui_lang"]]
        for comp in (c["rec_kind"], c["rec_doc"], c["rec_status"]):
            comp.change(on_records, rec_inputs, [records_html, c["records_csv"]], api_name=False)
        c["rec_topic"].submit(on_records, rec_inputs, [records_html, c["records_csv"]], api_name="records")
        c["ui_lang"].change(on_records, rec_inputs, [records_html, c["records_csv"]], api_name=False)
        c["tab_records"].select(lambda lang: lists(normalise(lang))[3:6], [c["ui_lang"]], list_outputs[3:6], api_name=False)

        c["ui_lang"].input(lambda: True, None, locked, api_name=False, queue=False)
        c["ui_lang"].change(relabel, [c["ui_lang"], ask_state, cmp_state, trk_state],
                            labelled + [gen_html, answer_html, cards_html, compare_html, track_html],
                            api_name=False, queue=False)

        def on_load(browser_lang):
            lang = normalise(browser_lang)
            return (lang,) + lists(lang)

        demo.load(on_load, [c["ui_lang"]], [c["ui_lang"]] + list_outputs, api_name=False,
                  js="(v) => ((navigator.language || 'en').toLowerCase().startsWith('es') ? 'es' : 'en')")
    demo.puente = app  # the behaviour object, for tests and benchmarks
    return demo


IDLE_POLL_SECONDS = 0.05  # how often the idle queue looks for a new event (Gradio: every 0.001 s on Linux)
IDLE_PROGRESS_SECONDS = 0.1  # how often it looks for progress to send (Gradio: every 0.01 s)


def quiet_when_idle(demo) -> None:
    """Gradio's queue polls its event list every millisecond on Linux even with no browser
    connected (~1,100 event-loop wake-ups a second: 6-50% of a core for an idle app). Poll
    at 20 Hz instead, the rate Gradio itself uses on Windows (an event waits at most 50 ms
    more to start; idle `puente serve` 6% -> 0.7% of a core, measured from /proc). A Gradio
    without these attributes is left as it is."""
    q = getattr(demo, "_queue", None)
    if q is not None and hasattr(q, "sleep_when_free") and hasattr(q, "progress_update_sleep_when_free"):
        q.sleep_when_free = max(q.sleep_when_free, IDLE_POLL_SECONDS)
        q.progress_update_sleep_when_free = max(q.progress_update_sleep_when_free, IDLE_PROGRESS_SECONDS)


def launch(demo, settings, port: int | None = None, block: bool = True):
    """Start the server on ``settings.host`` with the page-view routes; returns (app, local_url, share_url)."""
    from starlette.middleware import Middleware

    from .routes import NoSniff, add_routes

    demo.queue(default_concurrency_limit=settings.concurrency, max_size=64)
    quiet_when_idle(demo)
    out = demo.launch(
        server_name=settings.host,
        auth=settings.login(),  # None: no login (loopback, or `--no-auth` said on purpose)
        app_kwargs={"middleware": [Middleware(NoSniff)]},
        server_port=port if port is not None else settings.port,
        prevent_thread_lock=True,  # the routes are added before this thread waits
        share=False,
        inbrowser=False,
        show_error=True,
        quiet=not block,
        max_file_size=settings.max_bytes * 2,  # files between 1x and 2x get the inline "too large" line
        footer_links=["api", "settings"],
        theme=theme(),
        css=CSS,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
    )
    add_routes(demo.app, demo.puente)
    demo.puente.app_url = out[1] or f"http://{settings.host}:{port if port is not None else settings.port}/"
    if block:
        demo.block_thread()
    return out


def serve(settings) -> None:
    """``puente serve``: load the engine over ``settings.index`` and serve until interrupted."""
    from puente.index.engine import Engine

    t0 = time.perf_counter()
    engine = Engine(settings.index, settings.model, threads=settings.threads, watch=True)  # CLI ingests show up
    demo = build_app(engine, settings)
    print(f"index {settings.index}: {len(engine.index.docs)} documents, {len(engine.index.chunks)} passages "
          f"(loaded in {time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    print(f"Puente is running on http://{settings.host}:{settings.port}", file=sys.stderr)
    launch(demo, settings, block=True)
