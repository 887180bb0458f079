"""The Gradio web app: Ask, Compare, Library and Records tabs over one :class:`Engine`.

Everything shown is built by small pure functions (``render_card``, ``render_answer``,
``render_context``...) that pass every piece of document text, title and query
through :func:`html.escape`; the Gradio callbacks in :class:`PuenteApp` only call the
engine, the index pipeline and these functions. ``build_app`` wires them into
``gr.Blocks``; ``serve`` launches it for ``puente serve``.
"""
from __future__ import annotations

import csv
import html
import io
import os
import re
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # no telemetry, no version check over the network

from .i18n import LANGS, normalise, question_lang, t  # noqa: E402

ALLOWED_SUFFIXES = (".pdf", ".txt", ".md")
_WS = re.compile(r"\s+")

# ======================================================================= pure rendering


def esc(text) -> str:
    """HTML-escaped text with runs of whitespace collapsed (PDF line breaks, double spaces)."""
    return html.escape(_WS.sub(" ", str(text)), quote=True)


def mark_spans(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` escaped, with the character ranges ``spans`` wrapped in ``<mark>``."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in (spans or []) if e > s)
    out, pos = [], 0
    for s, e in spans:
        if s < pos:
            s = pos
        if e <= s:
            continue
        out.append(esc(text[pos:s]))
        out.append(f"<mark>{esc(text[s:e])}</mark>")
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def lang_badge(lang: str) -> str:
    code = (lang or "?").lower()[:3]
    return f'<span class="pz-badge pz-lang-{esc(code)}">{esc(code.upper())}</span>'


def citation_html(chunk, doc_title: str | None = None) -> str:
    """Document title, page(s) and section of a chunk, escaped."""
    parts = [f'<span class="pz-title">{esc(doc_title or chunk.title or chunk.doc)}</span>']
    if chunk.pages_label:
        parts.append(f'<span class="pz-pages">{esc(chunk.pages_label)}</span>')
    if chunk.section_path:
        parts.append(f'<span class="pz-section">{esc(chunk.section_path)}</span>')
    return ' <span class="pz-sep">·</span> '.join(parts)


def render_card(hit, highlight: list[tuple[int, int]] | None = None, lang: str = "en",
                context: str = "") -> str:
    """One ranked passage: citation, language badge, score, text with ``highlight`` marked,
    and (when given) a collapsible "open in context" block."""
    c = hit.chunk
    ctx = ""
    if context:
        ctx = (f'<details class="pz-context"><summary>{esc(t("context", lang))}</summary>'
               f'<p class="pz-note">{esc(t("context_note", lang))}</p>{context}</details>')
    return (
        f'<article class="pz-card" data-doc="{esc(c.doc)}" data-rank="{int(hit.rank)}">'
        f'<header><span class="pz-rank">{int(hit.rank)}</span> {citation_html(c)} {lang_badge(c.lang)}'
        f' <span class="pz-score">{esc(t("score", lang))} {hit.score:.3f}</span></header>'
        f'<p class="pz-text">{mark_spans(c.text, highlight)}</p>'
        f'<footer class="pz-cite">{esc(c.citation)}</footer>{ctx}</article>'
    )


def render_answer(result, lang: str = "en") -> str:
    """The answer sentence with its citation, or the explicit "no passage answers this" note."""
    if not result.hits:
        return f'<section class="pz-answer pz-none"><p>{esc(t("no_hits", lang))}</p></section>'
    if result.answer is None:
        return f'<section class="pz-answer pz-none"><p>{esc(t("no_answer", lang))}</p></section>'
    a = result.answer
    return (f'<section class="pz-answer"><h3>{esc(t("answer", lang))}</h3>'
            f'<blockquote>{esc(a.text)}</blockquote><p class="pz-cite">— {esc(a.citation)}</p></section>')


def answer_spans(result) -> dict[int, list[tuple[int, int]]]:
    """``{rank: [(start, end)]}``: the answer sentence on the card it came from
    (nothing for an answer read from a structured record)."""
    a = result.answer
    if a is None or getattr(a, "source", "passage") != "passage" or a.hit_rank < 1 or a.end <= a.start:
        return {}
    return {a.hit_rank: [(a.start, a.end)]}


def highlight_spans(result) -> dict[int, list[tuple[int, int]]]:
    """``{rank: [(start, end)]}`` for every card: the answer sentence on its card, elsewhere
    the passage's best-matching sentence window found by the search (``Hit.window``)."""
    spans = {}
    for h in result.hits:
        w = tuple(getattr(h, "window", (0, 0)) or (0, 0))
        if w[1] > w[0]:
            spans[h.rank] = [w]
    spans.update(answer_spans(result))
    return spans


def neighbours(doc_chunks: list, target, span: int = 2) -> list:
    """The chunks around ``target`` in its document (sorted by ``start``): up to ``span``
    before and after, kept only if they share a page with it (all, for page-less text)."""
    ordered = sorted(doc_chunks, key=lambda c: (c.start, c.end))
    pos = next((i for i, c in enumerate(ordered) if (c.start, c.end) == (target.start, target.end)), None)
    if pos is None:
        return [target]
    window = ordered[max(0, pos - span): pos + span + 1]
    if target.page_start is None:
        return window
    lo, hi = target.page_start, target.page_end or target.page_start

    def shares_page(c) -> bool:
        if c.page_start is None:
            return False
        return c.page_start <= hi and (c.page_end or c.page_start) >= lo

    return [c for c in window if c is target or (c.start, c.end) == (target.start, target.end) or shares_page(c)]


def stitch(chunks: list) -> list[tuple[int, str]]:
    """Contiguous ``(start, text)`` segments of the document covered by ``chunks``
    (overlaps merged using the chunks' offsets; a gap starts a new segment)."""
    segs: list[tuple[int, str]] = []
    end = None
    for c in sorted(chunks, key=lambda c: (c.start, c.end)):
        if end is not None and c.end <= end:
            continue
        if end is not None and c.start <= end + 2:
            piece_start = max(c.start, end)
            piece = c.text[piece_start - c.start:]
            if c.start > end:  # one or two separator characters between chunks
                piece = "\n" + piece
                piece_start = end
            s0, txt = segs[-1]
            segs[-1] = (s0, txt + piece)
        else:
            segs.append((c.start, c.text))
        end = c.end
    return segs


def render_context(doc_chunks: list, target, span: int = 2) -> str:
    """The neighbouring text of ``target`` on its page(s), escaped, the passage marked."""
    out = []
    for start, text in stitch(neighbours(doc_chunks, target, span)):
        lo, hi = target.start - start, target.end - start
        spans = [(lo, hi)] if hi > 0 and lo < len(text) else []
        out.append(f"<p>{mark_spans(text, spans)}</p>")
    return '<div class="pz-context-text">' + '<p class="pz-gap">…</p>'.join(out) + "</div>"


def render_results(result, lang: str = "en", spans: dict | None = None, by_doc: dict | None = None) -> str:
    """All passage cards of a result; ``by_doc`` (doc → chunks) enables "open in context"."""
    if not result.hits:
        return ""
    spans = spans or {}
    cards = []
    for h in result.hits:
        ctx = render_context(by_doc[h.chunk.doc], h.chunk) if by_doc and h.chunk.doc in by_doc else ""
        cards.append(render_card(h, spans.get(h.rank), lang, ctx))
    return f'<section class="pz-results"><h3>{esc(t("passages", lang))}</h3>{"".join(cards)}</section>'


@dataclass
class Column:
    """One document of a comparison: its best passages (and records, when the index has them)."""

    doc: str
    title: str
    lang: str
    hits: list = field(default_factory=list)
    records: list = field(default_factory=list)
    answer: object = None


@dataclass
class CompareView:
    """What the Compare tab shows; ``result`` is the ``index.compare.CompareResult`` if used."""

    topic: str
    columns: list[Column]
    result: object = None


def _record_dict(r) -> dict:
    """A record (dataclass or dict) as a dict carrying its citation."""
    d = dict(r) if isinstance(r, dict) else r.to_dict()
    cite = d.get("citation") or getattr(r, "citation", None)
    d["citation"] = cite if isinstance(cite, str) and cite else record_citation(d)
    return d


def render_compare(topic: str, columns: list[Column], lang: str = "en") -> str:
    """One column per document with its best passages, or "nothing found in this document"."""
    if not columns:
        return ""
    cols = []
    for col in columns:
        body = []
        if col.hits:
            for h in col.hits:
                body.append(render_card(h, answer_spans_for(col, h), lang))
        if col.records:
            items = "".join(f'<li><b>{esc(r.get("kind", ""))} {esc(_record_key(r))}</b> {esc(r.get("text", ""))}'
                            f'{_record_status(r)} <span class="pz-cite">{esc(r.get("citation") or record_citation(r))}</span></li>'
                            for r in col.records)
            body.append(f'<h4>{esc(t("records", lang))}</h4><ul class="pz-records">{items}</ul>')
        if not body:
            body.append(f'<p class="pz-none">{esc(t("nothing_found", lang))}</p>')
        cols.append(f'<div class="pz-col" data-doc="{esc(col.doc)}"><h3>{esc(col.title)} {lang_badge(col.lang)}</h3>'
                    f'{"".join(body)}</div>')
    return (f'<section class="pz-compare"><p class="pz-topic">{esc(topic)}</p>'
            f'<div class="pz-cols" style="--n:{len(columns)}">{"".join(cols)}</div></section>')


def answer_spans_for(col: Column, hit) -> list[tuple[int, int]] | None:
    a = col.answer
    if a is not None and getattr(a, "hit_rank", None) == hit.rank and a.end > a.start:
        return [(a.start, a.end)]
    w = tuple(getattr(hit, "window", (0, 0)) or (0, 0))
    return [w] if w[1] > w[0] else None


def _record_key(r: dict) -> str:
    return str(r.get("key") or r.get("number") or "")


def _record_status(r: dict) -> str:
    return f' <span class="pz-badge">{esc(r["status"])}</span>' if r.get("status") else ""


def record_citation(r: dict) -> str:
    """``doc, p. 4, Section`` for a record dict (same form as ``Chunk.citation``)."""
    parts = [str(r.get("doc", ""))]
    ps, pe = r.get("page_start"), r.get("page_end")
    if ps is not None:
        parts.append(f"p. {ps}" if pe in (None, ps) else f"pp. {ps}-{pe}")
    sec = r.get("section") or []
    if sec:
        parts.append(sec[-1] if isinstance(sec, (list, tuple)) else str(sec))
    return ", ".join(parts)


def check_question(question: str, max_chars: int, lang: str = "en") -> str | None:
    """An error message for an empty or too long question, else ``None``."""
    q = (question or "").strip()
    if not q:
        return t("empty_question", lang)
    if len(q) > max_chars:
        return t("too_long", lang, n=len(q), max=max_chars)
    return None


def check_upload(path: str | Path, max_bytes: int) -> str | None:
    """A one-line error (file, reason, fix) for a file of the wrong type or size, else ``None``."""
    p = Path(path)
    if p.suffix.lower() not in ALLOWED_SUFFIXES:
        return f"{p.name}: unsupported type '{p.suffix or '(none)'}'; upload a PDF, .txt or .md file"
    try:
        size = p.stat().st_size
    except OSError as exc:
        return f"{p.name}: cannot be read ({exc.strerror}); upload it again"
    if size > max_bytes:
        return f"{p.name}: {size / 1048576:.1f} MB is above the {max_bytes / 1048576:.0f} MB limit; split or compress it"
    if size == 0:
        return f"{p.name}: empty file; upload a file with text"
    return None


def library_rows(docs: dict) -> list[list]:
    """Rows of the Library table: title, document, language, pages, passages, ingested at."""
    return [[d.get("title") or name, name, d.get("lang", ""), d.get("pages") or "", d.get("chunks", 0),
             d.get("ingested_at", "")] for name, d in sorted(docs.items())]


RECORD_COLUMNS = ["doc", "kind", "key", "status", "citation", "text"]


def filter_records(records: list[dict], kind: str | None = None, doc: str | None = None,
                   status: str | None = None) -> list[dict]:
    """Records matching every given filter (``None``/"" means any)."""
    return [r for r in records
            if (not kind or r.get("kind") == kind) and (not doc or r.get("doc") == doc)
            and (not status or (r.get("status") or "") == status)]


def record_rows(records: list[dict]) -> list[list]:
    return [[r.get("doc", ""), r.get("kind", ""), _record_key(r), r.get("status", "") or "",
             r.get("citation") or record_citation(r), _WS.sub(" ", r.get("text", "")).strip()] for r in records]


def records_csv(records: list[dict]) -> str:
    """The given records as CSV with their citations, text verbatim."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(RECORD_COLUMNS)
    w.writerows(record_rows(records))
    return buf.getvalue()


def chunks_by_doc(index) -> dict[str, list]:
    """``doc → chunks`` sorted by offset (for "open in context")."""
    out: dict[str, list] = {}
    for c in index.chunks:
        out.setdefault(c.doc, []).append(c)
    for cs in out.values():
        cs.sort(key=lambda c: (c.start, c.end))
    return out


# ======================================================================= callbacks


@dataclass
class AskView:
    """What the Ask tab shows (kept in the session to re-render on a label toggle)."""

    result: object
    spans: dict


class PuenteApp:
    """The app's behaviour, independent of Gradio widgets (tests call these methods)."""

    def __init__(self, engine, settings):
        self.engine = engine
        self.settings = settings
        self.export_dir = Path(tempfile.mkdtemp(prefix="puente-export-"))
        self._by_doc_key = None
        self._by_doc: dict = {}

    # ------------------------------------------------------------ shared
    def by_doc(self) -> dict:
        idx = self.engine.index
        if self._by_doc_key is not idx:
            self._by_doc = chunks_by_doc(idx)
            self._by_doc_key = idx
        return self._by_doc

    def doc_choices(self) -> list[tuple[str, str]]:
        return [(f"{d.get('title') or name} ({name})", name) for name, d in sorted(self.engine.index.docs.items())]

    def write_export(self, name: str, text: str) -> str:
        folder = self.export_dir / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    # ------------------------------------------------------------ ask
    def ask(self, question: str, docs: list[str] | None = None, lang: str | None = None, k: int | None = None):
        """Run a question; returns an :class:`AskView` (matched sentences highlighted)."""
        k = max(1, min(int(k or self.settings.k), 50))
        lang = lang if lang in LANGS else None
        known = self.engine.index.docs
        docs = [d for d in (docs or []) if d in known] or None
        result = self.engine.ask(question.strip(), k=k, lang=lang, docs=docs)
        return AskView(result, highlight_spans(result))

    def render_ask(self, view: AskView | None, lang: str) -> tuple[str, str]:
        if view is None:
            return "", ""
        return render_answer(view.result, lang), render_results(view.result, lang, view.spans, self.by_doc())

    def export_ask(self, view: AskView) -> tuple[str, str]:
        from .export import to_csv, to_markdown

        return (self.write_export("puente-answer.md", to_markdown(view.result)),
                self.write_export("puente-answer.csv", to_csv(view.result)))

    # ------------------------------------------------------------ compare
    def compare(self, topic: str, docs: list[str], k: int = 3) -> "CompareView":
        """Best passages (and records) of each document for ``topic``: ``index.compare`` when
        present (calibrated "nothing found"), else the best passages of a per-document ask."""
        k = max(1, min(int(k or 3), 10))
        known = self.engine.index.docs
        docs = [d for d in docs if d in known]
        try:
            from puente.index.compare import compare as compare_docs
        except ImportError:
            compare_docs = None
        if compare_docs is not None:
            res = compare_docs(self.engine, topic.strip(), docs, k)
            cols = [Column(d.doc, d.title or d.doc, d.lang, list(d.passages), [_record_dict(r) for r, _ in d.records])
                    for d in res.docs]
            return CompareView(topic, cols, res)
        cols = []
        for d in docs:
            res = self.engine.ask(topic.strip(), k=k, docs=[d])
            info = known[d]
            cols.append(Column(d, info.get("title") or d, info.get("lang", ""), res.hits, [], res.answer))
        return CompareView(topic, cols, None)

    def export_compare(self, view: "CompareView") -> tuple[str, str]:
        """Markdown (``index.compare.to_markdown`` when available) and CSV of every passage shown."""
        from puente.index.engine import Result

        from .export import CSV_FIELDS, to_csv, to_markdown

        if view.result is not None:
            from puente.index.compare import to_markdown as compare_md

            md_text = compare_md(view.result)
        else:
            md = [f"# {esc_md(view.topic)}", ""]
            for col in view.columns:
                if col.hits:
                    md.append(to_markdown(Result(view.topic, col.hits, col.answer), title=esc_md(col.title)))
                else:
                    md += [f"## {esc_md(col.title)}", "", "*Nothing found in this document.*", ""]
            md_text = "\n".join(md)
        rows = io.StringIO()
        rows.write(",".join(CSV_FIELDS) + "\r\n")
        for col in view.columns:
            part = to_csv(Result(view.topic, col.hits, None))
            rows.write(part.split("\n", 1)[1] if "\n" in part else "")
        return (self.write_export("puente-compare.md", md_text),
                self.write_export("puente-compare.csv", rows.getvalue()))

    # ------------------------------------------------------------ library
    def add_files(self, paths: list[str], progress=None) -> tuple[list[str], dict | None]:
        """Ingest uploaded files; returns (one-line errors, summary or None). Never raises."""
        from puente.index.pipeline import ChunkerSettings, ingest
        from puente.ingest.errors import PuenteError

        errors, ok = [], []
        for p in paths or []:
            err = check_upload(p, self.settings.max_bytes)
            (errors.append(err) if err else ok.append(p))
        if not ok:
            return errors, None
        chunker = self.engine.index.meta.get("chunker") or {}
        settings = ChunkerSettings(**chunker) if chunker else ChunkerSettings(
            self.settings.max_words, self.settings.min_words, self.settings.overlap_words)
        try:
            report = ingest(ok, self.engine.index_dir, self.engine.encoder, settings,
                            max_bytes=self.settings.max_bytes, progress=progress)
        except PuenteError as exc:
            return errors + [str(exc)], None
        except Exception as exc:  # noqa: BLE001 - the app must survive any ingest failure
            return errors + [f"{', '.join(Path(p).name for p in ok)}: unexpected {type(exc).__name__}: {exc}; check the files"], None
        errors += [_short_upload_error(e) for e in report.errors]
        self.engine.refresh()
        return errors, {"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
                        "n_chunks": report.n_chunks}


def _short_upload_error(err: str) -> str:
    """Ingest errors name the uploaded temp path; show the file name instead."""
    head, sep, rest = err.partition(": ")
    return f"{Path(head).name}: {rest}" if sep and "/" in head else err


def esc_md(text: str) -> str:
    """Markdown-safe single line (for headings in exports)."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", _WS.sub(" ", text or "").strip())


def render_errors(errors: list[str]) -> str:
    if not errors:
        return ""
    return '<ul class="pz-errors">' + "".join(f"<li>{esc(e)}</li>" for e in errors) + "</ul>"


def render_summary(summary, lang: str) -> str:
    if not summary:
        return ""
    return (f'<p class="pz-ok">{esc(t("added", lang, n=len(summary["added"]), u=len(summary["updated"]), k=len(summary["unchanged"]), c=summary["n_chunks"]))}</p>')


# ======================================================================= Gradio wiring

CSS = """
.pz-card{border:1px solid var(--border-color-primary);border-radius:8px;padding:10px 14px;margin:10px 0;background:var(--background-fill-primary)}
.pz-card header{font-size:.95em;margin-bottom:6px}
.pz-rank{display:inline-block;min-width:1.6em;font-weight:700;color:var(--body-text-color-subdued)}
.pz-title{font-weight:600}
.pz-pages{font-weight:600;color:var(--color-accent)}
.pz-section,.pz-sep{color:var(--body-text-color-subdued)}
.pz-badge{display:inline-block;font-size:.75em;font-weight:700;padding:1px 6px;border-radius:4px;margin-left:6px;background:#e0e7ff;color:#3730a3}
.pz-lang-es{background:#fef3c7;color:#92400e}
.pz-score{float:right;font-size:.8em;color:var(--body-text-color-subdued)}
.pz-text{margin:0;line-height:1.5}
.pz-text mark,.pz-context mark{background:#fde68a;color:inherit;padding:0 1px}
.pz-cite{font-size:.8em;color:var(--body-text-color-subdued);margin-top:4px}
.pz-answer{border-left:4px solid var(--color-accent);padding:8px 14px;margin:8px 0;background:var(--background-fill-secondary)}
.pz-answer blockquote{margin:4px 0;font-size:1.05em}
.pz-answer.pz-none{border-left-color:#9ca3af}
.pz-context summary{cursor:pointer;font-size:.85em;color:var(--color-accent)}
.pz-context-text{font-size:.9em;max-height:320px;overflow:auto;border-top:1px dashed var(--border-color-primary)}
.pz-note{font-size:.8em;color:var(--body-text-color-subdued)}
.pz-cols{display:grid;grid-template-columns:repeat(var(--n),minmax(240px,1fr));gap:12px;overflow-x:auto}
.pz-col h3{margin:4px 0}
.pz-errors{color:#b91c1c}
.pz-topic{font-style:italic}
.pz-head h2{margin:0}.pz-head p{margin:2px 0 0;color:var(--body-text-color-subdued);font-size:.9em}
"""

# component key → (label key, kind) for the interface-language toggle
_LABELLED = [
    ("question", "textbox"), ("ask", "button"), ("docs", "dropdown"), ("lang_filter", "radio"), ("k", "slider"),
    ("export_md", "download"), ("export_csv", "download"), ("topic", "textbox"), ("compare_docs", "dropdown"),
    ("compare_k", "slider"), ("compare", "button"), ("cmp_md", "download"), ("cmp_csv", "download"),
    ("library_docs", "table"), ("upload", "file"), ("add", "button"), ("records_table", "table"),
    ("rec_kind", "dropdown"), ("rec_doc", "dropdown"), ("rec_status", "dropdown"), ("records_csv", "download"),
    ("tab_ask", "tab"), ("tab_compare", "tab"), ("tab_library", "tab"), ("tab_records", "tab"), ("ui_lang", "radio"),
]
_LABEL_KEY = {"cmp_md": "export_md", "cmp_csv": "export_csv", "records_table": "records", "rec_kind": "kind",
              "rec_doc": "col_doc", "rec_status": "status"}


def library_table(docs: dict, lang: str):
    """The Library table as a DataFrame with headers in ``lang``."""
    import pandas as pd

    return pd.DataFrame(library_rows(docs), columns=_library_headers(lang))


def label_updates(lang: str, docs: dict | None = None) -> dict[str, dict]:
    """``{component key: properties}`` that put the interface in ``lang`` (``docs``: the
    index's documents, to re-title the Library table)."""
    import gradio as gr

    out = {}
    for key, kind in _LABELLED:
        text = t(_LABEL_KEY.get(key, key), lang)
        if kind == "button":
            out[key] = gr.update(value=text)
        elif kind == "download":
            out[key] = gr.update(label=text)
        elif kind == "textbox":
            out[key] = gr.update(label=text, placeholder=t(f"{key}_ph", lang))
        elif kind == "radio" and key == "lang_filter":
            out[key] = gr.update(label=text, choices=_lang_choices(lang))
        elif kind == "table" and key == "library_docs":
            out[key] = gr.update(label=text, value=library_table(docs or {}, lang)) if docs is not None \
                else gr.update(label=text)
        else:
            out[key] = gr.update(label=text)
    return out


def _lang_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("any", lang), "any"), ("English", "en"), ("Español", "es")]


def _library_headers(lang: str) -> list[str]:
    return [t(k, lang) for k in ("col_title", "col_doc", "col_lang", "col_pages", "col_chunks", "col_ingested")]


def build_app(engine, settings):
    """The ``gr.Blocks`` app over ``engine`` (an :class:`index.engine.Engine`)."""
    import gradio as gr

    app = PuenteApp(engine, settings)
    lang0 = "en"
    c: dict = {}

    with gr.Blocks(title="Puente", analytics_enabled=False) as demo:
        ask_state = gr.State(None)
        cmp_state = gr.State(None)
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
                                               max_length=settings.max_question_chars, lines=1, scale=5,
                                               elem_id="question")
                    c["ask"] = gr.Button(t("ask", lang0), variant="primary", scale=1, elem_id="ask-btn")
                with gr.Row():
                    c["docs"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True, label=t("docs", lang0),
                                            scale=3, elem_id="ask-docs")
                    c["lang_filter"] = gr.Radio(_lang_choices(lang0), value="any", label=t("lang_filter", lang0),
                                                scale=1, elem_id="ask-lang")
                    c["k"] = gr.Slider(1, 30, value=settings.k, step=1, label=t("k", lang0), scale=1, elem_id="ask-k")
                ask_error = gr.HTML("", js_on_load=None, elem_id="ask-error")
                answer_html = gr.HTML("", js_on_load=None, elem_id="answer")
                with gr.Row():
                    c["export_md"] = gr.DownloadButton(t("export_md", lang0), visible=False, elem_id="ask-md", size="sm")
                    c["export_csv"] = gr.DownloadButton(t("export_csv", lang0), visible=False, elem_id="ask-csv", size="sm")
                cards_html = gr.HTML("", js_on_load=None, elem_id="cards")
            with gr.Tab(t("tab_compare", lang0), id="compare", elem_id="tab-compare") as c["tab_compare"]:
                with gr.Row():
                    c["topic"] = gr.Textbox(label=t("topic", lang0), placeholder=t("topic_ph", lang0),
                                            max_length=settings.max_question_chars, scale=5, elem_id="topic")
                    c["compare"] = gr.Button(t("compare", lang0), variant="primary", scale=1, elem_id="compare-btn")
                with gr.Row():
                    c["compare_docs"] = gr.Dropdown(app.doc_choices(), value=[], multiselect=True,
                                                    label=t("compare_docs", lang0), scale=4, elem_id="compare-docs")
                    c["compare_k"] = gr.Slider(1, 10, value=3, step=1, label=t("compare_k", lang0), scale=1,
                                               elem_id="compare-k")
                cmp_error = gr.HTML("", js_on_load=None, elem_id="compare-error")
                with gr.Row():
                    c["cmp_md"] = gr.DownloadButton(t("export_md", lang0), visible=False, elem_id="compare-md", size="sm")
                    c["cmp_csv"] = gr.DownloadButton(t("export_csv", lang0), visible=False, elem_id="compare-csv", size="sm")
                compare_html = gr.HTML("", js_on_load=None, elem_id="compare-out")
            with gr.Tab(t("tab_library", lang0), id="library", elem_id="tab-library") as c["tab_library"]:
                c["library_docs"] = gr.Dataframe(library_table(engine.index.docs, lang0),
                                                 label=t("library_docs", lang0), interactive=False, wrap=True,
                                                 elem_id="library")
                c["upload"] = gr.File(file_count="multiple", file_types=list(ALLOWED_SUFFIXES), type="filepath",
                                      label=t("upload", lang0), elem_id="upload")
                c["add"] = gr.Button(t("add", lang0), variant="primary", elem_id="add-btn")
                upload_out = gr.HTML("", js_on_load=None, elem_id="upload-out")
            with gr.Tab(t("tab_records", lang0), id="records", elem_id="tab-records") as c["tab_records"]:
                recs = engine.index.records
                with gr.Row():
                    c["rec_kind"] = gr.Dropdown(_opts(recs, "kind"), value="", label=t("kind", lang0), elem_id="rec-kind")
                    c["rec_doc"] = gr.Dropdown(_opts(recs, "doc"), value="", label=t("col_doc", lang0), elem_id="rec-doc")
                    c["rec_status"] = gr.Dropdown(_opts(recs, "status"), value="", label=t("status", lang0),
                                                  elem_id="rec-status")
                gr.HTML("" if recs else f"<p>{esc(t('no_records', lang0))}</p>", js_on_load=None)
                c["records_table"] = gr.Dataframe(record_rows(recs), headers=RECORD_COLUMNS, label=t("records", lang0),
                                                  interactive=False, wrap=True, elem_id="records")
                c["records_csv"] = gr.DownloadButton(t("records_csv", lang0), elem_id="records-csv", size="sm")

        labelled = [c[key] for key, _ in _LABELLED]

        # ---------------------------------------------------------- handlers
        def relabel(lang, view, cview):
            lang = normalise(lang)
            ups = label_updates(lang, engine.index.docs)
            a_html, r_html = app.render_ask(view, lang)
            cmp = render_compare(cview.topic, cview.columns, lang) if cview else ""
            return [ups[key] for key, _ in _LABELLED] + [a_html, r_html, cmp]

        def on_ask(question, docs, lang_filter, k, ui_lang, is_locked):
            ui_lang = normalise(ui_lang)
            err = check_question(question, settings.max_question_chars, ui_lang)
            hidden = gr.update(visible=False)
            if err:
                return f'<p class="pz-errors">{esc(err)}</p>', "", "", hidden, hidden, None, ui_lang
            if not is_locked:
                ui_lang = question_lang(question, ui_lang)
            try:
                view = app.ask(question, docs, lang_filter, k)
            except Exception as exc:  # noqa: BLE001 - show, never crash the page
                return f'<p class="pz-errors">{esc(exc)}</p>', "", "", hidden, hidden, None, ui_lang
            md, csv_path = app.export_ask(view)
            a_html, r_html = app.render_ask(view, ui_lang)
            return ("", a_html, r_html, gr.update(value=md, visible=True), gr.update(value=csv_path, visible=True),
                    view, ui_lang)

        ask_outputs = [ask_error, answer_html, cards_html, c["export_md"], c["export_csv"], ask_state, c["ui_lang"]]
        ask_inputs = [c["question"], c["docs"], c["lang_filter"], c["k"], c["ui_lang"], locked]
        c["ask"].click(on_ask, ask_inputs, ask_outputs, api_name="ask", concurrency_limit=2)
        c["question"].submit(on_ask, ask_inputs, ask_outputs, api_name=False, concurrency_limit=2)

        def on_compare(topic, docs, k, ui_lang):
            ui_lang = normalise(ui_lang)
            hidden = gr.update(visible=False)
            err = check_question(topic, settings.max_question_chars, ui_lang)
            if not err and len(docs or []) < 2:
                err = t("pick_two", ui_lang)
            if err:
                return f'<p class="pz-errors">{esc(err)}</p>', "", hidden, hidden, None
            try:
                view = app.compare(topic, docs, k)
                md, csv_path = app.export_compare(view)
            except Exception as exc:  # noqa: BLE001 - show, never crash the page
                return f'<p class="pz-errors">{esc(exc)}</p>', "", hidden, hidden, None
            return ("", render_compare(view.topic, view.columns, ui_lang), gr.update(value=md, visible=True),
                    gr.update(value=csv_path, visible=True), view)

        c["compare"].click(on_compare, [c["topic"], c["compare_docs"], c["compare_k"], c["ui_lang"]],
                           [cmp_error, compare_html, c["cmp_md"], c["cmp_csv"], cmp_state], api_name="compare",
                           concurrency_limit=2)

        def on_add(files, ui_lang, progress=gr.Progress()):
            ui_lang = normalise(ui_lang)
            paths = [f if isinstance(f, str) else getattr(f, "name", str(f)) for f in (files or [])]
            if not paths:
                return render_errors([t("no_files", ui_lang)]), gr.update(), gr.update(), gr.update(), None
            progress(0, desc=t("reading", ui_lang))

            def step(i, n, name):
                if n and i < n:
                    progress((i, n), desc=f"{t('reading', ui_lang)} {Path(name).name}")
                else:
                    progress(0.95, desc=t("embedding", ui_lang))

            errors, summary = app.add_files(paths, progress=step)
            choices = app.doc_choices()
            return (render_errors(errors) + render_summary(summary, ui_lang),
                    gr.update(value=library_table(engine.index.docs, ui_lang)),
                    gr.update(choices=choices), gr.update(choices=choices), None)

        c["add"].click(on_add, [c["upload"], c["ui_lang"]],
                       [upload_out, c["library_docs"], c["docs"], c["compare_docs"], c["upload"]],
                       api_name="add", concurrency_limit=1)

        def on_records(kind, doc, status):
            rows = filter_records(engine.index.records, kind or None, doc or None, status or None)
            return gr.update(value=record_rows(rows)), app.write_export("puente-records.csv", records_csv(rows))

        for comp in (c["rec_kind"], c["rec_doc"], c["rec_status"]):
            comp.change(on_records, [c["rec_kind"], c["rec_doc"], c["rec_status"]],
                        [c["records_table"], c["records_csv"]], api_name=False)

        def on_lock():
            return True

        c["ui_lang"].input(on_lock, None, locked, api_name=False, queue=False)
        c["ui_lang"].change(relabel, [c["ui_lang"], ask_state, cmp_state], labelled + [answer_html, cards_html, compare_html],
                            api_name=False, queue=False)

        def on_load(browser_lang):
            recs_path = app.write_export("puente-records.csv", records_csv(engine.index.records))
            return normalise(browser_lang), recs_path

        demo.load(on_load, [c["ui_lang"]], [c["ui_lang"], c["records_csv"]], api_name=False,
                  js="(v) => ((navigator.language || 'en').toLowerCase().startsWith('es') ? 'es' : 'en')")
    demo.puente = app  # the behaviour object, for tests and benchmarks
    return demo


def _opts(records: list[dict], key: str) -> list[tuple[str, str]]:
    vals = sorted({str(r.get(key)) for r in records if r.get(key)})
    return [("—", "")] + [(v, v) for v in vals]


def launch(demo, settings, port: int | None = None, block: bool = True):
    """Start the server on ``settings.host``; returns (app, local_url, share_url)."""
    import gradio as gr

    demo.queue(default_concurrency_limit=2, max_size=64)
    return demo.launch(
        server_name=settings.host,
        server_port=port if port is not None else settings.port,
        prevent_thread_lock=not block,
        share=False,
        inbrowser=False,
        show_error=True,
        quiet=not block,
        max_file_size=settings.max_bytes * 2,  # files between 1x and 2x get the inline "too large" line
        footer_links=["api", "settings"],
        theme=gr.themes.Default(),
        css=CSS,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
    )


def serve(settings) -> None:
    """``puente serve``: load the engine over ``settings.index`` and serve until interrupted."""
    import sys

    from puente.index.engine import Engine

    t0 = time.perf_counter()
    engine = Engine(settings.index, settings.model, threads=settings.threads)
    demo = build_app(engine, settings)
    print(f"index {settings.index}: {len(engine.index.docs)} documents, {len(engine.index.chunks)} passages "
          f"(loaded in {time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    print(f"Puente is running on http://{settings.host}:{settings.port}", file=sys.stderr)
    launch(demo, settings, block=True)
