"""Every output a user takes away, as text: terminal text, Markdown and CSV of a result
(Ask), of a comparison and of records. Passages are quoted verbatim with the same
``.citation``; terminal text is stripped of control and bidi characters, Markdown is
escaped, and no CSV cell can start a spreadsheet formula."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from puente.ingest.text import csv_cell, flat, md_escape, printable, shown_name

from .i18n import strength_label, t

# a passage is at most ~2,000 characters (the chunker's cap); this bounds what one hit prints
MAX_PRINT_CHARS = 4000
RESULT_CSV_FIELDS = ["query", "rank", "citation", "doc", "title", "page_start", "page_end", "section", "lang", "match",
                     "score", "text"]
RECORD_FIELDS = ["responsible", "deadline", "status", "priority", "response", "population", "baseline", "target", "actual"]
RECORD_CSV_FIELDS = ["doc", "kind", "number", "key", "parent", "text", "area", *RECORD_FIELDS, "citation"]


def term(text: str, limit: int = MAX_PRINT_CHARS) -> str:
    """One line of document text, safe for a terminal and bounded."""
    line = printable(flat(text))
    return line if len(line) <= limit else line[:limit] + " …"


def write_csv(fields: list[str], rows) -> str:
    """CSV text with a header; every cell through :func:`csv_cell`."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore")
    w.writeheader()
    for row in rows:
        w.writerow({k: csv_cell(v) for k, v in row.items()})
    return buf.getvalue()


# ---------------------------------------------------------------- a result (Ask / search)
def _generated_text(g) -> list[str]:
    """A generated answer's lines: its verified text and the passages it cites, or only the
    one-line notice when nothing survived (the extracted answer follows)."""
    if g is None:
        return []
    if not g.ok:
        return [f"Note: {term(g.notice)}"] if g.notice else []
    out = [f"Generated answer (verified against the passages): {term(g.text)}"]
    out += [f"  [{n}] {term(g.sources.get(n, ''))}" for n in g.citations]
    return out + ([f"Note: {term(g.notice)}"] if g.notice else []) + [""]


def _answer_lines(result) -> tuple[str, list[str]]:
    """(heading, lines) of the extracted answer in the question's language: "Answer (strong
    match)", a record's label and value, the verbatim text and its citation; or "No passage
    answers this" with the reason."""
    lang, a = result.lang, result.answer
    if getattr(result, "answers", None):
        return t("answers_by_doc", lang), [_side_line(x, lang) for x in result.answers]
    if not a:
        reason = [a.reason] if a is not None and a.reason else []
        return t("no_answer", lang), reason + [t("closest", lang)]
    value = [f"{a.label}: {a.value}"] if a.value else []
    return f"{t('answer', lang)} ({strength_label(a, lang)})", value + [a.text, f"— {a.citation}"]


def _side_line(a, lang: str) -> str:
    """One document's answer on one line: ``doc: text — citation`` or ``doc: no answer in
    this document (reason)``."""
    if not a:
        return f"{a.doc}: {t('no_answer_doc', lang)} ({a.reason})"
    value = f"{a.label}: {a.value} — " if a.value else ""
    return f"{a.doc}: {value}{a.text} — {a.citation} ({strength_label(a, lang)})"


def to_text(result) -> str:
    """Terminal output: a verified generated answer when one was asked for, the extracted
    answer (or why there is none), then ranked passages with how well each matches."""
    lines = _generated_text(result.generated)
    if result.hits:
        head, body = _answer_lines(result)
        lines.append(f"{head}:")
        lines += [f"  {term(x)}" for x in body]
    for h in result.hits:
        lines.append(f"\n{h.rank}. [{t(h.match, result.lang)}] {term(h.chunk.citation)} ({h.chunk.lang})")
        lines.append(f"   {term(h.chunk.text)}")
    return "\n".join(lines)


def source_link(chunk, sources: dict | None) -> str:
    """A Markdown link to the passage's original file, at its page for a PDF (``#page=N``,
    which PDF viewers open at that page); empty when the source is unknown."""
    src = (sources or {}).get(chunk.doc)
    if not src or not Path(src).is_absolute():
        return ""
    uri = Path(src).as_uri()
    if chunk.page_start is not None:
        return f" — [p. {int(chunk.page_start)}]({uri}#page={int(chunk.page_start)})"
    return f" — [{md_escape(Path(src).name)}]({uri})"


def to_markdown(result, title: str | None = None, sources: dict | None = None) -> str:
    """Briefing-ready Markdown: question, answer, passages as block quotes with citations
    (and, with ``sources`` — doc → original file — a link to each passage's page)."""
    out = [f"## {title or md_escape(result.query)}", ""]
    g = result.generated
    if g is not None and g.ok:
        out += ["**Generated answer** (verified against the passages)", "", "> " + md_escape(g.text), ""]
        out += [f"- [{n}] *{md_escape(g.sources.get(n, ''))}*" for n in g.citations] + [""]
    if g is not None and g.notice:
        out += [f"*{md_escape(g.notice)}*", ""]
    head, body = _answer_lines(result)
    a = result.answer
    if getattr(result, "answers", None):
        out += [f"**{md_escape(head)}**", ""] + [f"- {md_escape(x)}" for x in body] + [""]
    elif a:
        value = [md_escape(body[0]), ""] if a.value else []
        out += [f"**{md_escape(head)}**", ""] + value + ["> " + md_escape(a.text), f"— *{md_escape(a.citation)}*", ""]
    else:
        out += [f"**{md_escape(head)}**", ""] + [md_escape(x) for x in body] + [""]
    out += ["**Passages**", ""]
    for h in result.hits:
        out += [f"{h.rank}. *{md_escape(h.chunk.citation)}* ({h.chunk.lang}, {t(h.match, result.lang)})"
                f"{source_link(h.chunk, sources)}", "",
                "> " + md_escape(h.chunk.text), ""]
    return "\n".join(out)


def result_rows(query: str, hits) -> list[dict]:
    return [{"query": query, "rank": h.rank, "citation": h.chunk.citation, "doc": h.chunk.doc,
             "title": h.chunk.title, "page_start": h.chunk.page_start, "page_end": h.chunk.page_end,
             "section": h.chunk.section_path, "lang": h.chunk.lang, "match": h.match, "score": round(h.score, 4),
             "text": flat(h.chunk.text)} for h in hits]


def to_csv(result) -> str:
    """One row per passage, verbatim text, full citation."""
    return write_csv(RESULT_CSV_FIELDS, result_rows(result.query, result.hits))


# ---------------------------------------------------------------- records
def record_row(r) -> dict:
    return r.to_dict() | {"key": r.key, "text": flat(r.text)}


def records_csv(records) -> str:
    """The same columns from the CLI (`puente records --csv`) and the app."""
    return write_csv(RECORD_CSV_FIELDS, (record_row(r) for r in records))


def records_text(records) -> str:
    out = []
    for r in records:
        out.append(f"{r.kind:14} {r.key or '-':8} {term(r.text, 110)}")
        bits = ([f"area: {r.area}"] if r.area else []) + [f"{k}: {getattr(r, k)}" for k in RECORD_FIELDS if getattr(r, k)]
        out += [f"{'':24}{term(b, 140)}" for b in bits]
        out.append(f"{'':24}— {term(r.citation)}")
    out.append(f"{len(records)} records")
    return "\n".join(out)


def record_detail_text(rec, actions) -> str:
    out = [f"{rec.kind} {rec.key} — {term(rec.citation)}", f"  {term(rec.text)}"]
    out += [f"  {k}: {term(getattr(rec, k))}" for k in ["area", *RECORD_FIELDS] if getattr(rec, k)]
    for a in actions:
        out.append(f"\n  action {a.key}: {term(a.text)}")
        out += [f"    {k}: {term(getattr(a, k)) or '(not stated)'}" for k in ("responsible", "deadline", "status")]
        out.append(f"    — {term(a.citation)}")
    return "\n".join(out)


# ---------------------------------------------------------------- a comparison
def _record_line(r) -> str:
    bits = [f"{name}: {md_escape(getattr(r, name))}" for name in RECORD_FIELDS if getattr(r, name)]
    extra = f" ({'; '.join(bits)})" if bits else ""
    area = f" [{md_escape(r.area)}]" if r.area else ""
    return f"- **{md_escape(f'{r.kind} {r.key}'.strip())}**{area}: {md_escape(r.text)}{extra} — *{md_escape(r.citation)}*"


def compare_markdown(result, sources: dict | None = None) -> str:
    """Briefing-ready Markdown: one section per document, records then passages."""
    out = [f"## Compare: {md_escape(result.topic)}", ""]
    for d in result.docs:
        out += [f"### {md_escape(d.title or d.doc)} ({md_escape(d.doc)}, {d.lang})", ""]
        if not d.found:
            out += ["*Nothing found on this topic in this document.*", ""]
            continue
        out += ["**Records**", ""]
        out += [_record_line(r) for r, _ in d.records] or ["*No structured record on this topic.*"]
        out += ["", "**Passages**", ""]
        if d.passages:
            for h in d.passages:
                out += [f"> {md_escape(h.chunk.text)}", f"— *{md_escape(h.chunk.citation)}*{source_link(h.chunk, sources)}", ""]
        else:
            out += ["*No passage on this topic.*", ""]
    return "\n".join(out).rstrip() + "\n"


def compare_text(result, width: int = 220) -> str:
    """Terminal output, one block per document."""
    out = [f"Compare: {term(result.topic)}"]
    for d in result.docs:
        out.append(f"\n== {shown_name(d.doc)} ({d.lang})")
        if not d.found:
            out.append("   nothing found")
            continue
        for r, s in d.records:
            out.append(f"   [{s:.3f}] {r.kind} {r.key}: {term(r.text, width)}  — {term(r.citation)}")
        if not d.records:
            out.append("   no record on this topic")
        for h in d.passages:
            out.append(f"   [{d.passage_score(h):.2f}] {term(h.chunk.text, width)}  — {term(h.chunk.citation)}")
        if not d.passages:
            out.append("   no passage on this topic")
    return "\n".join(out)


def compare_csv(result) -> str:
    """Every passage of a comparison, one row each, as in :func:`to_csv`."""
    return write_csv(RESULT_CSV_FIELDS, [row for d in result.docs for row in result_rows(result.topic, d.passages)])
