"""Every output a user takes away, as text: terminal text, Markdown and CSV of a result
(Ask) and of records (a comparison and a follow-through: ``comparison.py``). Passages are quoted verbatim with the same
``.citation``; terminal text is stripped of control and bidi characters, Markdown is
escaped, and no CSV cell can start a spreadsheet formula."""
from __future__ import annotations

import csv
import io

from puente.common.text import csv_cell, flat, md_escape, printable, split_heading

from ..i18n import strength_label, t
from .links import Links, as_links, cite_md, cite_parts, cut_marks, quote_md, quoted_md, titles_of

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


def file_encoding(fmt: str) -> str:
    """How an export file of format ``fmt`` (``csv``, ``md``, …) is encoded: a CSV file with the
    UTF-8 mark, so a spreadsheet opened on it reads "niñas" and "Acción" as written (Excel takes
    a CSV without it for the system's code page); everything else, and CSV on stdout, plain UTF-8."""
    return "utf-8-sig" if fmt.lower() == "csv" else "utf-8"


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


def _answer_lines(result, lang: str | None = None) -> tuple[str, list[str]]:
    """(heading, lines) of the extracted answer, labels in ``lang`` (the question's language
    when None): "Answer (strong match)", a record's label and value, the verbatim text and
    its citation; a comparison question's answer per document; or "No passage answers
    this" with the reason."""
    lang, a = lang or result.lang, result.answer
    if getattr(result, "answers", None):
        return t("answers_by_doc", lang), [_side_line(x, lang) for x in result.answers]
    if not a:
        reason = [a.reason_in(lang)] if a is not None and a.reason else []
        return t("no_answer", lang), reason
    value = ["{}: {}".format(*a.label_value(lang))] if a.value else []
    return f"{t('answer', lang)} ({strength_label(a, lang)})", value + [cut_marks(a.text), f"— {a.citation}"]


def _side_line(a, lang: str) -> str:
    """One document's answer on one line: ``doc: text — citation`` or ``doc: no answer in
    this document (reason)``."""
    if not a:
        return f"{a.doc}: {t('no_answer_doc', lang)} ({a.reason_in(lang)})"
    value = "{}: {} — ".format(*a.label_value(lang)) if a.value else ""
    return f"{a.doc}: {value}{cut_marks(a.text)} — {a.citation} ({strength_label(a, lang)})"


def to_text(result, lang: str | None = None) -> str:
    """Terminal output, labels in ``lang`` (the question's language when None): a verified
    generated answer when one was asked for, the extracted answer (or why there is none),
    then ranked passages with how well each matches."""
    lang = lang or result.lang
    lines = _generated_text(result.generated)
    if result.hits:
        head, body = _answer_lines(result, lang)
        lines.append(f"{head}:")
        lines += [f"  {term(x)}" for x in body]
        if not getattr(result, "answers", None) and not result.answer:
            lines.append(f"  {t('closest', lang)}")  # introduces the ranked passages below
    for h in result.hits:
        lines.append(f"\n{h.rank}. [{t(h.match, lang)}] {term(h.chunk.citation)} ({h.chunk.lang})")
        lines.append(f"   {term(h.chunk.text)}")
    return "\n".join(lines)


def _cite(citation: str, doc: str, titles: dict, links: Links) -> str:
    """A citation as an export prints it: the document's title, the page label the link."""
    return cite_md(cite_parts(citation, doc, titles, links))


def to_markdown(result, title: str | None = None, sources=None, lang: str | None = None) -> str:
    """Briefing-ready Markdown, labels in ``lang`` (the question's language when None):
    question, answer, passages as block quotes (whitespace reflowed) with citations naming
    the document by title, the page label linked (``sources``: a :class:`Links`, or doc →
    original file, linked relative to the working folder)."""
    lang = lang or result.lang
    links, titles = as_links(sources), titles_of([result])
    out = [f"## {title or md_escape(result.query)}", ""]
    g = result.generated
    if g is not None and g.ok:
        out += [f"**{md_escape(t('generated', lang))}**", "", "> " + md_escape(g.text), ""]
        out += [f"- [{n}] *{md_escape(g.sources.get(n, ''))}*" for n in g.citations] + [""]
    if g is not None and g.notice:
        out += [f"*{md_escape(g.notice)}*", ""]
    head, body = _answer_lines(result, lang)
    a = result.answer
    if getattr(result, "answers", None):
        out += [f"**{md_escape(head)}**", ""] + [f"- {md_escape(x)}" for x in body] + [""]
    elif a:
        value = [md_escape(body[0]), ""] if a.value else []
        out += [f"**{md_escape(head)}**", ""] + value + quoted_md(a.text, _cite(a.citation, a.doc, titles, links))
    else:
        out += [f"**{md_escape(head)}**", ""] + [md_escape(x) for x in body] + [""]
    out += [f"**{md_escape(t('passages', lang))}**", ""]
    for h in result.hits:
        heading, body = split_heading(h.chunk.text, h.chunk.section)  # the section heading a line of its own
        out += [f"{h.rank}. {_cite(h.chunk.citation, h.chunk.doc, titles, links)} ({h.chunk.lang}, {t(h.match, lang)})", ""]
        out += quote_md(body, heading) + [""]
    return "\n".join(out)


def answer_rows(result, lang: str | None = None) -> list[dict]:
    """The answer as CSV rows (rank ``answer``): one, or one per document for a comparison
    question (see :func:`answer_row`)."""
    if getattr(result, "answers", None):
        return [answer_row(result, a, lang) for a in result.answers]
    return [answer_row(result, lang=lang)]


def answer_row(result, a=None, lang: str | None = None) -> dict:
    """The answer (``a``, else the result's) as a CSV row (rank ``answer``): its text (a
    record's value first, labelled in ``lang``: the question's when None), citation and how
    sure; with no answer, ``match`` "no answer" and the reason as the text."""
    a = result.answer if a is None else a
    row = {"query": result.query, "rank": "answer"}
    if not a:
        return row | {"doc": getattr(a, "doc", "") or "", "match": "no answer",
                      "text": a.reason_in(lang or result.lang) if a is not None else ""}
    value = "{}: {} — ".format(*a.label_value(lang or result.lang)) if a.value else ""
    from puente.index.answer.per_document import passage_of

    hit = passage_of(a, getattr(result, "hits", ()))
    pages = a.pages[:2] if a.pages else (hit.chunk.page_start, hit.chunk.page_end) if hit is not None else ("", "")
    where = {"title": a.title or (hit.chunk.title if hit is not None else ""), "page_start": pages[0], "page_end": pages[1],
             "section": hit.chunk.section_path if hit is not None else "", "lang": hit.chunk.lang if hit is not None else ""}
    return row | where | {"citation": a.citation, "doc": a.doc, "match": a.strength, "score": round(float(a.score), 4),
                          "text": value + flat(a.text)}


def result_rows(query: str, hits) -> list[dict]:
    return [{"query": query, "rank": h.rank, "citation": h.chunk.citation, "doc": h.chunk.doc,
             "title": h.chunk.title, "page_start": h.chunk.page_start, "page_end": h.chunk.page_end,
             "section": h.chunk.section_path, "lang": h.chunk.lang, "match": h.match, "score": round(h.score, 4),
             "text": flat(h.chunk.text)} for h in hits]


def to_csv(result, lang: str | None = None) -> str:
    """The answer's row first (rank ``answer``; a record's label and a reason in ``lang``, the
    question's language when None), then one row per passage: verbatim text, full citation."""
    return write_csv(RESULT_CSV_FIELDS, answer_rows(result, lang) + result_rows(result.query, result.hits))


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
    """One record with its fields and its actions; a management response with the reason its
    cell gives ("Not agreed. A single system would duplicate …")."""
    out = [f"{rec.kind} {rec.key} — {term(rec.citation)}", f"  {term(rec.text)}"]
    out += [f"  {k}: {term(rec.stated_response if k == 'response' else getattr(rec, k))}"
            for k in ["area", *RECORD_FIELDS] if getattr(rec, k)]
    for a in actions:
        out.append(f"\n  action {a.key}: {term(a.text)}")
        out += [f"    {k}: {term(getattr(a, k)) or '(not stated)'}" for k in ("responsible", "deadline", "status")]
        out.append(f"    — {term(a.citation)}")
    return "\n".join(out)
