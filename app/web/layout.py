"""The Gradio page: tabs Ask, Compare, Follow-through, Library and Records wired to :class:`PuenteApp`
(behaviour) and ``render`` (HTML); ``serve`` launches it for ``puente serve``."""
from __future__ import annotations

import os
import sys
import time

from ..exports import formats
from ..i18n import normalise, t
from . import tabs
from .behaviour import PuenteApp
from .render import render_compare, render_generated, render_records, render_track
from .tabs import LANG0, lang_choices, library_table, record_options
from .theme import CSS, theme

# Gradio is imported inside the functions below, after this: no telemetry, no version check over the network
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

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
_LABEL_KEY = {"cmp_md": "export_md", "cmp_csv": "export_csv", "rec_kind": "kind",
              "rec_doc": "col_doc", "rec_status": "status", "trk_md": "export_md", "trk_csv": "export_csv",
              "trk_docx": "cmp_docx"}


def label_updates(lang: str, docs: dict | None = None, records: list | None = None) -> dict[str, dict]:
    """``{component key: properties}`` that put the interface in ``lang`` (``docs``: the
    index's documents, to re-title the Library table; ``records``: the index's records, to
    name the Records tab's kinds in ``lang``)."""
    import gradio as gr

    out = {}
    for key, kind in _LABELLED:
        text = t(_LABEL_KEY.get(key, key), lang)
        if kind == "button":
            out[key] = gr.update(value=text)
        elif kind == "textbox":
            out[key] = gr.update(label=text, placeholder=t(f"{key}_ph", lang))
        elif kind == "radio" and key == "lang_filter":
            out[key] = gr.update(label=text, choices=lang_choices(lang))
        elif kind == "table" and key == "library_docs" and docs is not None:
            out[key] = gr.update(label=text, value=library_table(docs, lang))
        elif key == "rec_kind" and records is not None:
            out[key] = gr.update(label=text, choices=record_options(records, "kind", lang))
        else:
            out[key] = gr.update(label=text)
    return out


def build_app(engine, settings):
    """The ``gr.Blocks`` app over ``engine`` (an :class:`puente.index.engine.Engine`): the
    header, one builder per tab (``tabs``), then what spans the tabs."""
    import gradio as gr

    app = PuenteApp(engine, settings)
    llm, llm_notice = app.llm_config()
    c: dict = {}

    with gr.Blocks(title="Puente", analytics_enabled=False) as demo:
        for key in ("ask_state", "cmp_state", "trk_state"):
            c[key] = gr.State(None)
        c["session"] = gr.State([])  # this session's results, for the Word briefing
        c["locked"] = gr.State(False)  # the reader picked the interface language: questions no longer switch it
        with gr.Row(equal_height=True):
            gr.HTML('<div class="pz-head"><h2>Puente</h2><p>EN · ES — cited passages from humanitarian and policy '
                    'reports / pasajes citados de informes humanitarios y de políticas</p></div>', js_on_load=None, scale=4)
            c["ui_lang"] = gr.Radio([("English", "en"), ("Español", "es")], value=LANG0, label=t("ui_lang", LANG0),
                                    elem_id="ui-lang", scale=1, min_width=300)

        def lists(ui_lang):
            """Everything that lists the index's documents or records, as it is now."""
            records = engine.index.records
            choices = app.doc_choices()
            return (gr.update(value=library_table(engine.index.docs, ui_lang)), gr.update(choices=choices),
                    gr.update(choices=choices), gr.update(choices=record_options(records, "kind", ui_lang)),
                    gr.update(choices=record_options(records, "doc", doc_choices=choices)),
                    gr.update(choices=record_options(records, "status")),
                    render_records(records, ui_lang),
                    app.write_export("puente-records.csv", formats.records_csv(records)),
                    gr.update(choices=app.track_choices()), gr.update(choices=choices))

        with gr.Tabs():
            tabs.ask_tab(c, app, settings, llm, llm_notice)
            tabs.compare_tab(c, app, settings)
            tabs.track_tab(c, app, settings)
            tabs.library_tab(c, app, engine, lists)
            tabs.records_tab(c, app, settings, engine.index.records)

        c["list_outputs"] = list_outputs = [
            c["library_docs"], c["docs"], c["compare_docs"], c["rec_kind"], c["rec_doc"], c["rec_status"],
            c["records_html"], c["records_csv"], c["track_doc"], c["track_in"]]
        # one progress bar, on the message line: not also over the file box and the table
        c["add"].click(c["on_add"], [c["upload"], c["replace"], c["ui_lang"]], [c["upload_out"], c["upload"]] + list_outputs,
                       api_name="add", concurrency_limit=1, show_progress_on=[c["upload_out"]])
        c["tab_records"].select(lambda lang: lists(normalise(lang))[3:6], [c["ui_lang"]], list_outputs[3:6], api_name=False)

        shown = [c[key] for key in ("gen_html", "answer_html", "cards_html", "compare_html", "track_html")]

        def relabel(lang, view, result, tracked):
            lang = normalise(lang)
            ups = label_updates(lang, engine.index.docs, engine.index.records)
            a_html, r_html = app.render_ask(view, lang)
            g_html = render_generated(view.result.generated, lang) if view else ""
            return [ups[key] for key, _ in _LABELLED] + [g_html, a_html, r_html, render_compare(result, lang),
                                                          render_track(tracked, lang)]

        c["ui_lang"].input(lambda: True, None, c["locked"], api_name=False, queue=False)
        c["ui_lang"].change(relabel, [c["ui_lang"], c["ask_state"], c["cmp_state"], c["trk_state"]],
                            [c[key] for key, _ in _LABELLED] + shown, api_name=False, queue=False)

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
