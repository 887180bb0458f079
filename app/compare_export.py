"""A comparison (``index.compare``) or a follow-through (``index.track``) as something an analyst
can paste: terminal text, Markdown, CSV and Word. Per document, the records on the topic
(kind, number, full statement, responsible, deadline, status) then the passages, each
quoted in whole sentences with its ``.citation``; match levels in words, never scores.
The CSV and Word tables have one row per document (per topic × document for several topics).
"""
from __future__ import annotations

from pathlib import Path

from puente.common.text import flat, md_escape, shown_name

from .export import term, write_csv
from .i18n import t
from .links import as_links, cite_md, cite_parts, quoted_md


def _cite_md(citation: str, doc: str, title: str, links) -> str:
    """A citation as the other Markdown exports print it: the document named by its title, the
    page label the link to that page of the original file (``app.links``)."""
    return cite_md(cite_parts(citation, doc, {doc: title} if title else {}, links))

NOTHING = "Nothing on this topic in this document."
NO_LATER = "No later report mentions this."
RECORD_FACTS = ("responsible", "deadline", "status")
COMPARE_CSV_FIELDS = ["topic", "doc", "title", "lang", "found", "records", "passages", "more_passages"]
TRACK_CSV_FIELDS = ["doc", "kind", "number", "text", "responsible", "deadline", "status", "citation", "reported_in",
                    "reports"]


def record_label(r) -> str:
    return f"{r.kind} {r.key}".strip()


def record_facts(r) -> str:
    """``responsible: …; deadline: …; status: …`` (the fields the source states)."""
    return "; ".join(f"{k}: {flat(getattr(r, k))}" for k in RECORD_FACTS if getattr(r, k))


def record_plain(r) -> str:
    """One record as one line of plain text: label, full statement, facts, citation."""
    facts = record_facts(r)
    return f"{record_label(r)}: {flat(r.text)}" + (f" ({facts})" if facts else "") + f" — {r.citation}"


def _quote(h) -> str:
    from puente.index.compare import quote

    return flat(quote(h))


def _cite(h) -> str:
    from puente.index.compare import quote_citation

    return quote_citation(h)


def passage_plain(h) -> str:
    return f"“{_quote(h)}” — {_cite(h)}"


def _results(results) -> list:
    """A ``Comparison`` (several topics), a list of results or one ``CompareResult``."""
    if hasattr(results, "results"):
        return list(results.results)
    return list(results) if isinstance(results, (list, tuple)) else [results]


# ---------------------------------------------------------------- compare
def compare_text(results) -> str:
    """Terminal output: per topic, one block per document."""
    out = []
    for res in _results(results):
        out.append(f"Compare: {term(res.topic)}" + (f"\n(compared on: {term(res.read_as)})" if res.read_as else ""))
        for d in res.docs:
            out.append(f"\n== {term(d.title or d.doc)} ({shown_name(d.doc)}, {d.lang})")
            if not d.found:
                out.append(f"   {NOTHING}")
                continue
            for r, s in d.records:
                out.append(f"   [{t(_level(s), 'en')}] {term(record_label(r))}: {term(r.text)}")
                if record_facts(r):
                    out.append(f"      {term(record_facts(r))}")
                out.append(f"      — {term(r.citation)}")
            if not d.records:
                out.append("   no record on this topic")
            for h in d.passages:
                out.append(f"   [{t(d.passage_match(h), 'en')}] “{term(_quote(h))}”")
                out.append(f"      — {term(_cite(h))}")
            if not d.passages:
                out.append("   no passage on this topic")
            if d.more:
                out.append(f"   {t('more_passages', 'en', n=d.more)} (--k {len(d.passages) + d.more})")
        out.append("")
    return "\n".join(out).rstrip()


def _level(score: float) -> str:
    from puente.index.topic_match import match_level

    return match_level(score)


def _track_level(score: float) -> str:
    from puente.index.track import track_level

    return track_level(score)


def compare_markdown(results, sources: dict | None = None) -> str:
    """Briefing-ready Markdown: per topic a summary table (one row per document), then one
    section per document, records then passages."""
    links = as_links(sources)
    out = []
    for res in _results(results):
        out += [f"## Compare: {md_escape(res.topic)}", ""]
        if res.read_as:
            out += [f"Compared on: {md_escape(res.read_as)}", ""]
        out += ["| Document | Records | Passages |", "|---|---|---|"]
        for d in res.docs:
            cell = (f"{len(d.records)} | {len(d.passages)}" if d.found else "— | —")
            out.append(f"| {md_escape(d.title or d.doc)} | {cell} |")
        out.append("")
        for d in res.docs:
            out += [f"### {md_escape(d.title or d.doc)} ({md_escape(d.doc)}, {d.lang})", ""]
            if not d.found:
                out += [f"*{NOTHING}*", ""]
                continue
            out += ["**Records**", ""]
            for r, s in d.records:
                facts = record_facts(r)
                out.append(f"- **{md_escape(record_label(r))}** ({t(_level(s), 'en')}): {md_escape(flat(r.text))}"
                           + (f" ({md_escape(facts)})" if facts else "") + f" — {_cite_md(r.citation, r.doc, d.title, links)}")
            if not d.records:
                out.append("*No record on this topic.*")
            out += ["", "**Passages**", ""]
            for h in d.passages:
                out += quoted_md(_quote(h), f"{_cite_md(_cite(h), h.chunk.doc, d.title, links)} ({t(d.passage_match(h), 'en')})")
            if not d.passages:
                out += ["*No passage on this topic.*", ""]
            if d.more:
                out += [f"*{t('more_passages', 'en', n=d.more)}.*", ""]
    return "\n".join(out).rstrip() + "\n"


def compare_rows(results) -> list[dict]:
    """One row per topic × document: its records and passages, one per line."""
    return [{"topic": res.topic, "doc": d.doc, "title": d.title, "lang": d.lang, "found": d.found,
             "records": "\n".join(record_plain(r) for r, _ in d.records) or ("" if d.found else NOTHING),
             "passages": "\n".join(passage_plain(h) for h in d.passages), "more_passages": d.more}
            for res in _results(results) for d in res.docs]


def compare_csv(results) -> str:
    return write_csv(COMPARE_CSV_FIELDS, compare_rows(results))


def compare_docx(results, path: str | Path) -> Path:
    """A Word file: per topic a table, one row per document (records | passages)."""
    from docx import Document

    results = _results(results)
    doc = Document()
    title = "Compare: " + "; ".join(r.topic for r in results)
    doc.core_properties.title = title[:250]
    doc.add_heading(title, level=0)
    for res in results:
        doc.add_heading(res.topic, level=1)
        if res.read_as:
            doc.add_paragraph(f"Compared on: {res.read_as}")
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, ("Document", "Records", "Passages")):
            cell.text = ""
            cell.paragraphs[0].add_run(head).bold = True
        for d in res.docs:
            row = table.add_row().cells
            row[0].text = f"{d.title or d.doc} ({d.doc})"
            if not d.found:
                row[1].text, row[2].text = NOTHING, ""
                continue
            _cell_lines(row[1], [record_plain(r) for r, _ in d.records] or ["No record on this topic."])
            _cell_lines(row[2], ([passage_plain(h) for h in d.passages] or ["No passage on this topic."])
                        + ([t("more_passages", "en", n=d.more) + "."] if d.more else []))
    path = Path(path)
    doc.save(str(path))
    return path


def _cell_lines(cell, lines: list[str]) -> None:
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


# ---------------------------------------------------------------- track
def track_text(result) -> str:
    out = [f"Follow-through: {term(result.title or result.doc)} ({result.doc}) in {', '.join(result.others)}"]
    for item in result.items:
        r = item.record
        out.append(f"\n{term(record_label(r))}: {term(r.text)}")
        if record_facts(r):
            out.append(f"   {term(record_facts(r))}")
        out.append(f"   — {term(r.citation)}")
        if not item.reports:
            out.append(f"   → {NO_LATER}")
        for h, s in item.reports:
            out.append(f"   → [{t(_track_level(s), 'en')}] “{term(_quote(h))}”")
            out.append(f"      — {term(_cite(h))}")
    return "\n".join(out)


def track_markdown(result, sources: dict | None = None) -> str:
    links = as_links(sources)
    titles = {h.chunk.doc: h.chunk.title for item in result.items for h, _ in item.reports} | {result.doc: result.title}
    out = [f"## Follow-through: {md_escape(result.title or result.doc)}", "",
           f"*{md_escape(result.doc)}*, reported on in: {md_escape(', '.join(result.others))}", "",
           "| Item | Reported in |", "|---|---|"]
    for item in result.items:
        where = ", ".join(sorted({h.chunk.doc for h, _ in item.reports})) or "—"
        out.append(f"| {md_escape(record_label(item.record))} | {md_escape(where)} |")
    out.append("")
    for item in result.items:
        r = item.record
        facts = record_facts(r)
        out += [f"### {md_escape(record_label(r))}", "", md_escape(flat(r.text)) + (f" ({md_escape(facts)})" if facts else ""),
                f"— {_cite_md(r.citation, r.doc, result.title, links)}", ""]
        if not item.reports:
            out += [f"*{NO_LATER}*", ""]
        for h, s in item.reports:
            out += quoted_md(_quote(h), f"{_cite_md(_cite(h), h.chunk.doc, titles.get(h.chunk.doc, ''), links)} "
                                        f"({t(_track_level(s), 'en')})")
    return "\n".join(out).rstrip() + "\n"


def track_rows(result) -> list[dict]:
    return [{"doc": it.record.doc, "kind": it.record.kind, "number": it.record.key, "text": flat(it.record.text),
             **{k: getattr(it.record, k) for k in RECORD_FACTS}, "citation": it.record.citation,
             "reported_in": "; ".join(sorted({h.chunk.doc for h, _ in it.reports})),
             "reports": "\n".join(passage_plain(h) for h, _ in it.reports) or NO_LATER} for it in result.items]


def track_csv(result) -> str:
    return write_csv(TRACK_CSV_FIELDS, track_rows(result))


def track_docx(result, path: str | Path) -> Path:
    """A Word file: one row per commitment, recommendation or action, with what later reports say."""
    from docx import Document

    doc = Document()
    title = f"Follow-through: {result.title or result.doc}"
    doc.core_properties.title = title[:250]
    doc.add_heading(title, level=0)
    doc.add_paragraph(f"{result.doc}, reported on in: {', '.join(result.others)}")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("Item", "What the other documents report")):
        cell.text = ""
        cell.paragraphs[0].add_run(head).bold = True
    for item in result.items:
        row = table.add_row().cells
        _cell_lines(row[0], [record_plain(item.record)])
        _cell_lines(row[1], [passage_plain(h) for h, _ in item.reports] or [NO_LATER])
    path = Path(path)
    doc.save(str(path))
    return path
