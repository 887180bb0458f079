"""Pure HTML rendering for the web app: answers, passage cards, context, comparisons,
records, the Library and messages. Every piece of document text, title and query goes
through :func:`esc` (HTML-escaped, control and bidi characters dropped); nothing here
touches Gradio or the index."""
from __future__ import annotations

import html

from puente.common.text import collapse, printable, shown_name
from puente.common.types import DocInfo

from ..exports.links import cut_marks
from ..i18n import kind_label, strength_label, t


def esc(text) -> str:
    """HTML-escaped text with runs of whitespace collapsed (PDF line breaks, double spaces)."""
    return html.escape(printable(collapse(str(text))), quote=True)


def mark_spans(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` escaped, with the character ranges ``spans`` wrapped in ``<mark>``."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in (spans or []) if e > s)
    out, pos = [], 0
    for s, e in spans:
        s = max(s, pos)
        if e <= s:
            continue
        out.append(esc(text[pos:s]))
        out.append(f"<mark>{esc(text[s:e])}</mark>")
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def lang_badge(lang: str) -> str:
    code = (lang or "?").lower().split("-")[0][:3]  # zh-cn -> ZH
    return f'<span class="pz-badge pz-lang-{esc(code)}">{esc(code.upper())}</span>'


def citation_html(chunk, doc_title: str | None = None) -> str:
    """Document title, page(s) and section of a chunk, escaped."""
    parts = [f'<span class="pz-title">{esc(doc_title or chunk.title or chunk.doc)}</span>']
    if chunk.pages_label:
        parts.append(f'<span class="pz-pages">{esc(chunk.pages_label)}</span>')
    if chunk.section_path:
        parts.append(f'<span class="pz-section">{esc(chunk.section_path)}</span>')
    return ' <span class="pz-sep">·</span> '.join(parts)


def page_view(chunk, lang: str = "en", max_pages: int = 2) -> str:
    """For a passage of a PDF: a collapsible view of its page(s) with the passage
    highlighted (images load when opened) and a link to the original file at that page;
    for a Word or web document only the link to the file."""
    from urllib.parse import urlencode

    file_url = "puente/file?" + urlencode({"doc": chunk.doc})
    if chunk.page_start is None:
        return (f'<p class="pz-pagelinks"><a class="pz-file" href="{esc(file_url)}" target="_blank" rel="noopener">'
                f'{esc(t("open_file", lang))}</a></p>')
    last = min(chunk.page_end or chunk.page_start, chunk.page_start + max_pages - 1)
    imgs = "".join(
        f'<img class="pz-page" loading="lazy" alt="{esc(t("page_alt", lang, p=p, doc=chunk.doc))}" '
        f'src="{esc("puente/page?" + urlencode({"doc": chunk.doc, "page": p, "s": chunk.start, "e": chunk.end}))}">'
        for p in range(chunk.page_start, last + 1))
    link = (f'<a class="pz-file" href="{esc(file_url)}#page={int(chunk.page_start)}" target="_blank" rel="noopener">'
            f'{esc(t("open_file_page", lang, p=chunk.page_start))}</a>')
    return (f'<details class="pz-pageview"><summary>{esc(t("page_view", lang, label=chunk.pages_label))}</summary>'
            f'<p class="pz-note">{esc(t("page_note", lang))} {link}</p>{imgs}</details>')


def render_card(hit, highlight: list[tuple[int, int]] | None = None, lang: str = "en", context: str = "",
                match: str = "") -> str:
    """One ranked passage: citation, language badge, match level (``match``, default the
    search's), text with ``highlight`` marked, and (when given) a collapsible "open in
    context" block."""
    c = hit.chunk
    match = match or hit.match
    ctx = ""
    if context:
        ctx = (f'<details class="pz-context"><summary>{esc(t("context", lang))}</summary>'
               f'<p class="pz-note">{esc(t("context_note", lang))}</p>{context}</details>')
    return (
        f'<article class="pz-card" data-doc="{esc(c.doc)}" data-rank="{int(hit.rank)}">'
        f'<header><span class="pz-rank">{int(hit.rank)}</span> {citation_html(c)} {lang_badge(c.lang)}'
        f' <span class="pz-score pz-{esc(match)}">{esc(t(match, lang))}</span></header>'
        f'<p class="pz-text">{mark_spans(c.text, highlight)}</p>'
        f'<footer class="pz-cite">{esc(c.citation)}</footer>{ctx}{page_view(c, lang)}</article>'
    )


def doc_title(result, doc: str) -> str:
    """A document's title as its passages among the hits give it (its file stem otherwise)."""
    return next((h.chunk.title for h in result.hits if h.chunk.doc == doc and h.chunk.title), doc)


def render_answers(result, lang: str = "en") -> str:
    """A comparison question's answers side by side: per document its answer (value,
    verbatim text, citation) or "no answer in this document" with the reason."""
    cols = []
    for a in result.answers:
        head = f'<h4>{esc(doc_title(result, a.doc))}</h4>'
        if a:
            label, val = a.label_value(lang)
            value = f'<p class="pz-value">{esc(label)}: <strong>{esc(val)}</strong></p>' if a.value else ""
            cols.append(f'<div class="pz-side pz-{esc(a.strength)}">{head}<p class="pz-strength">'
                        f'{esc(strength_label(a, lang))}</p>{value}<blockquote>{esc(cut_marks(a.text))}</blockquote>'
                        f'<p class="pz-cite">— {esc(a.citation)}</p></div>')
        else:
            cols.append(f'<div class="pz-side pz-none">{head}<p><strong>{esc(t("no_answer_doc", lang))}</strong></p>'
                        f'<p class="pz-reason">{esc(a.reason_in(lang))}</p></div>')
    return (f'<section class="pz-answer pz-sides"><h3>{esc(t("answers_by_doc", lang))}</h3>'
            f'<div class="pz-side-row" style="display:grid;grid-template-columns:repeat({len(cols)},1fr);gap:1rem">'
            f'{"".join(cols)}</div></section>')


def render_answer(result, lang: str = "en") -> str:
    """One of four boxes: the answer (how sure, the value a record gives, the verbatim
    text, its citation); for a comparison question, one answer per document side by side;
    "no passage answers this" with the reason, above the closest passages; or, with no
    passages at all, a hint."""
    if not result.hits:
        return f'<section class="pz-answer pz-none"><p>{esc(t("no_hits", lang))}</p></section>'
    if getattr(result, "answers", None):
        return render_answers(result, lang)
    a = result.answer
    if not a:
        reason = f'<p class="pz-reason">{esc(a.reason_in(lang))}</p>' if a is not None and a.reason else ""
        return (f'<section class="pz-answer pz-none"><h3>{esc(t("no_answer", lang))}</h3>{reason}'
                f'<p class="pz-note">{esc(t("closest", lang))}</p></section>')
    label, val = a.label_value(lang)
    value = (f'<p class="pz-value">{esc(label)}: <strong>{esc(val)}</strong></p>' if a.value else "")
    return (f'<section class="pz-answer pz-{esc(a.strength)}"><h3>{esc(t("answer", lang))} '
            f'<span class="pz-strength">{esc(strength_label(a, lang))}</span></h3>{value}'
            f'<blockquote>{esc(cut_marks(a.text))}</blockquote><p class="pz-cite">— {esc(a.citation)}</p></section>')


def render_generated(g, lang: str = "en", streaming: str = "") -> str:
    """The generated answer box: text streaming in (``streaming``), then the verified answer
    with its sources, or only the one-line notice when nothing could be verified."""
    if streaming:
        return (f'<section class="pz-answer pz-generated"><h3>{esc(t("generating", lang))}</h3>'
                f'<p class="pz-streaming">{esc(streaming)}</p></section>')
    if g is None:
        return ""
    if not g.ok:
        return f'<p class="pz-note pz-gen-notice">{esc(g.notice)}</p>' if g.notice else ""
    sources = "".join(f"<li>[{n}] {esc(g.sources.get(n, ''))}</li>" for n in g.citations)
    notice = f'<p class="pz-note">{esc(g.notice)}</p>' if g.notice else ""
    return (f'<section class="pz-answer pz-generated"><h3>{esc(t("generated", lang))}</h3>'
            f'<blockquote>{esc(g.text)}</blockquote><p class="pz-cite">{esc(t("sources", lang))}:</p>'
            f'<ul class="pz-sources">{sources}</ul>{notice}</section>')


def answer_spans(result) -> dict[int, list[tuple[int, int]]]:
    """``{rank: [(start, end)]}``: the answer's text on the card it came from (a record
    answer's row when it was found in the passage); for a comparison question, each
    document's answer on its card."""
    out: dict[int, list[tuple[int, int]]] = {}
    for a in getattr(result, "answers", None) or [result.answer]:
        if a and a.hit_rank >= 1 and a.end > a.start:
            out.setdefault(a.hit_rank, []).append((a.start, a.end))
    return out


def window_span(hit) -> list[tuple[int, int]]:
    """The passage's best-matching sentence window found by the search (``Hit.window``)."""
    s, e = hit.window
    return [(s, e)] if e > s else []


def quote_span(hit) -> list[tuple[int, int]]:
    """What Compare and track quote of a passage (``index.compare.quoted_span``: its best
    window in whole table rows), highlighted on its card as the exports quote it."""
    from puente.index.compare import quoted_span

    return [quoted_span(hit)] if window_span(hit) else []


def highlight_spans(result) -> dict[int, list[tuple[int, int]]]:
    """``{rank: [(start, end)]}`` for every card: the answer sentence on its card, elsewhere
    the passage's best window."""
    spans = {h.rank: w for h in result.hits if (w := window_span(h))}
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
        return c.page_start is not None and c.page_start <= hi and (c.page_end or c.page_start) >= lo

    return [c for c in window if (c.start, c.end) == (target.start, target.end) or shares_page(c)]


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


def render_record_item(r, lang: str = "en", match: str = "") -> str:
    """A record in a Compare column or a Track row: kind and number, its full statement, the
    facts the source states (responsible, deadline and status; an indicator's population
    and figures), how well it matches, its citation."""
    facts = "".join(f'<dt>{esc(t("f_" + k, lang))}</dt><dd>{esc(v)}</dd>' for k, v in r.facts)
    level = f' <span class="pz-score pz-{esc(match)}">{esc(t(match, lang))}</span>' if match else ""
    return (f'<li class="pz-record" data-doc="{esc(r.doc)}" data-kind="{esc(r.kind)}">'
            f'<b>{esc(kind_label(r.kind, lang))} {esc(r.key)}</b>{level} {esc(r.text)}'
            f'{f"<dl>{facts}</dl>" if facts else ""}<span class="pz-cite">{esc(r.citation)}</span></li>')


def render_compare(result, lang: str = "en") -> str:
    """One column per document of an ``index.compare.CompareResult`` (or the first of a
    ``Comparison``): its records on the topic, then its passages (the on-topic sentences
    marked), or "nothing on this topic in this document"."""
    if result is not None and hasattr(result, "results"):
        return "".join(render_compare(r, lang) for r in result.results)
    if result is None or not result.docs:
        return ""
    from puente.index.topic_match import match_level

    cols = []
    for d in result.docs:
        body = []
        if d.records:
            items = "".join(render_record_item(r, lang, match_level(s)) for r, s in d.records)
            body.append(f'<h4>{esc(t("records", lang))}</h4><ul class="pz-records">{items}</ul>')
        if d.passages:
            body.append(f'<h4>{esc(t("passages", lang))}</h4>')
            body += [render_card(h, quote_span(h), lang, match=d.passage_match(h)) for h in d.passages]
        if d.more:
            body.append(f'<p class="pz-more">{esc(t("more_passages", lang, n=d.more))} — '
                        f'{esc(t("compare_k", lang))}: {len(d.passages) + d.more}</p>')
        if not body:
            body.append(f'<p class="pz-none">{esc(t("nothing_found", lang))}</p>')
        cols.append(f'<div class="pz-col" data-doc="{esc(d.doc)}"><h3>{esc(d.title or d.doc)} {lang_badge(d.lang)}</h3>'
                    f'{"".join(body)}</div>')
    read_as = f' <span class="pz-read-as">({esc(t("read_as", lang))}: {esc(result.read_as)})</span>' if result.read_as else ""
    return (f'<section class="pz-compare"><p class="pz-topic">{esc(result.topic)}{read_as}</p>'
            f'<div class="pz-cols" style="--n:{len(result.docs)}">{"".join(cols)}</div></section>')


def render_track(result, lang: str = "en") -> str:
    """Follow-through: each commitment, recommendation or action of a document beside what
    the other documents report on it, or "no passage of the other reports is clearly about this"."""
    if result is None:
        return ""
    from puente.index.track import track_level

    rows = []
    for item in result.items:
        reports = "".join(render_card(h, quote_span(h), lang, match=track_level(s)) for h, s in item.reports)
        none = f'<p class="pz-none">{esc(t("no_other", lang))}</p>'
        rows.append(f'<div class="pz-track-row"><ul class="pz-records">{render_record_item(item.record, lang)}</ul>'
                    f'<div class="pz-reports">{reports or none}</div></div>')
    head = esc(t("track_head", lang, doc=result.title or result.doc, n=sum(1 for i in result.items if i.reports),
                 total=len(result.items)))
    return f'<section class="pz-track"><p class="pz-topic">{head}</p>{"".join(rows)}</section>'


def render_errors(errors: list[str]) -> str:
    if not errors:
        return ""
    return '<ul class="pz-errors">' + "".join(f"<li>{esc(e)}</li>" for e in errors) + "</ul>"


def render_error(message: str) -> str:
    return f'<p class="pz-errors">{esc(message)}</p>'


def render_summary(summary, lang: str) -> str:
    if not summary:
        return ""
    def names(docs):  # which documents, so the reader sees the upload landed under the name it expects
        return f" ({', '.join(shown_name(d) for d in docs)})" if docs else ""

    text = t("added", lang, n=len(summary["added"]), u=len(summary["updated"]), k=len(summary["unchanged"]),
             c=summary["n_chunks"], added=names(summary["added"]), updated=names(summary["updated"]))
    return f'<p class="pz-ok">{esc(text)}</p>'


def library_rows(docs: dict) -> list[list]:
    """Rows of the Library table: title, document, language, pages ("—" for a Word file or
    web page, which has none), passages, ingested at (to the minute); names printed safely."""
    rows = [DocInfo.of(name, d) for name, d in sorted(docs.items())]
    return [[shown_name(d.title or d.doc), shown_name(d.doc), d.lang, d.pages or "—", d.chunks,
             d.ingested_at[:16].replace("T", " ")] for d in rows]


RECORD_SHOWN = ["responsible", "deadline", "status", "priority", "response", "population", "baseline", "target", "actual"]


def render_records(records, lang: str = "en", scores: dict | None = None) -> str:
    """The Records tab: one readable item per record — kind and number, area, the full
    text, the fields the source states (labels in ``lang``), the citation; with
    ``scores`` (id(record) → topic score; records come best first) each says it matches the
    topic, the number only in the tooltip."""
    if not records:
        return f'<p class="pz-none">{esc(t("no_records_match", lang))}</p>'
    items = []
    for r in records:
        fields = "".join(f'<dt>{esc(t("f_" + k, lang))}</dt><dd>{esc(getattr(r, k))}</dd>'
                         for k in RECORD_SHOWN if getattr(r, k))
        area = f' <span class="pz-area">{esc(r.area)}</span>' if r.area else ""
        match = (f' <span class="pz-score" title="{scores[id(r)]:.2f}">{esc(t("topic_match", lang))}</span>'
                 if scores and id(r) in scores else "")
        items.append(f'<li class="pz-record" data-doc="{esc(r.doc)}" data-kind="{esc(r.kind)}">'
                     f'<header><span class="pz-badge">{esc(t("kind_" + r.kind, lang))}</span> <b>{esc(r.key)}</b>{area}{match}</header>'
                     f'<p class="pz-text">{esc(r.text)}</p>{f"<dl>{fields}</dl>" if fields else ""}'
                     f'<footer class="pz-cite">{esc(r.citation)}</footer></li>')
    return (f'<p class="pz-count">{esc(t("n_records", lang, n=len(records)))}</p>'
            f'<ul class="pz-record-list">{"".join(items)}</ul>')
