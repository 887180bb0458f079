"""A comparison (``index.compare``) or a follow-through (``index.track``) as something an analyst
can paste: terminal text, Markdown, CSV and Word. Per document, the records on the topic
(kind, number, full statement, responsible, deadline, status) then the passages, each
quoted in whole sentences with its ``.citation``; match levels in words, never scores.
The CSV and Word tables have one row per document (per topic × document for several topics).
"""
from __future__ import annotations

from pathlib import Path

from puente.common.text import flat, md_escape, shown_name

from ..i18n import kind_label, t
from .formats import term, write_csv
from .links import as_links, cite_md, cite_parts, cut_marks, quoted_md


def _cite_md(citation: str, doc: str, title: str, links) -> str:
    """A citation as the other Markdown exports print it: the document named by its title, the
    page label the link to that page of the original file (``app.exports.links``)."""
    return cite_md(cite_parts(citation, doc, {doc: title} if title else {}, links))

COMPARE_CSV_FIELDS = ["topic", "doc", "title", "lang", "found", "records", "passages", "more_passages"]
TRACK_FACTS = ("responsible", "deadline", "status")  # a plan's or response's item: who, by when, how far
TRACK_CSV_FIELDS = ["doc", "kind", "number", "text", "responsible", "deadline", "status", "citation", "reported_in",
                    "reports"]


HEAD_WORDS = 8  # an unnumbered record is named by its kind and this many words of its statement


def record_label(r, lang: str = "en") -> str:
    """Its kind (in ``lang``) and number: "recommendation 9", "acción 3.1"."""
    return f"{kind_label(r.kind, lang)} {r.key}".strip()


def record_name(r, lang: str = "en") -> str:
    """A record named so that a table row or heading tells it from the others: its label,
    and for one without a number (a plan's commitments) the start of its statement."""
    if r.key:
        return record_label(r, lang)
    words = flat(r.text).split()
    return f"{record_label(r, lang)}: {' '.join(words[:HEAD_WORDS])}" + ("…" if len(words) > HEAD_WORDS else "")


def record_facts(r, lang: str = "en") -> str:
    """``responsible: …; deadline: …; status: …`` or an indicator row's ``population: IDPs;
    baseline: …; target: …; actual: …`` (the fields the source states), in ``lang``."""
    return "; ".join(f"{t('f_' + k, lang).lower()}: {flat(v)}" for k, v in r.facts)


def record_plain(r, lang: str = "en") -> str:
    """One record as one line of plain text: label, full statement, facts, citation."""
    facts = record_facts(r, lang)
    return f"{record_label(r, lang)}: {flat(r.text)}" + (f" ({facts})" if facts else "") + f" — {r.citation}"


def _quote(h) -> str:
    from puente.index.compare import quote

    return cut_marks(flat(quote(h)))


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
def _record_lines(r, lang: str, lead: str, indent: str) -> list[str]:
    """A record on the terminal: ``lead`` then its name and statement, its facts and its
    citation on lines of their own under it (``indent``)."""
    facts = record_facts(r, lang)
    return ([f"{lead}{term(record_label(r, lang))}: {term(r.text)}"] + ([f"{indent}{term(facts)}"] if facts else [])
            + [f"{indent}— {term(r.citation)}"])


def compare_text(results, lang: str = "en") -> str:
    """Terminal output: per topic, one block per document; labels in ``lang``."""
    out = []
    for res in _results(results):
        out.append(term(t("cmp_title", lang, topic=res.topic))
                   + (f"\n({t('read_as', lang).lower()}: {term(res.read_as)})" if res.read_as else ""))
        for d in res.docs:
            out.append(f"\n== {term(d.title or d.doc)} ({shown_name(d.doc)}, {d.lang})")
            if not d.found:
                out.append(f"   {t('nothing_found', lang)}")
                continue
            for r, s in d.records:
                out += _record_lines(r, lang, f"   [{t(_level(s), lang)}] ", "      ")
            if not d.records:
                out.append(f"   {t('no_record_topic', lang).lower()}")
            for h in d.passages:
                out.append(f"   [{t(d.passage_match(h), lang)}] “{term(_quote(h))}”")
                out.append(f"      — {term(_cite(h))}")
            if d.more:
                out.append(f"   {t('more_passages', lang, n=d.more)} (--k {len(d.passages) + d.more})")
        out.append("")
    return "\n".join(out).rstrip()


def _level(score: float) -> str:
    from puente.index.topic_match import match_level

    return match_level(score)


def _track_level(score: float) -> str:
    from puente.index.track import track_level

    return track_level(score)


def compare_markdown(results, sources: dict | None = None, lang: str = "en") -> str:
    """Briefing-ready Markdown: per topic a summary table (one row per document), then one
    section per document, records then passages; labels in ``lang``."""
    links = as_links(sources)
    out = []
    for res in _results(results):
        out += [f"## {md_escape(t('cmp_title', lang, topic=res.topic))}", ""]
        if res.read_as:
            out += [f"{t('read_as', lang)}: {md_escape(res.read_as)}", ""]
        out += [f"| {t('document', lang)} | {t('records', lang)} | {t('passages', lang)} |", "|---|---|---|"]
        for d in res.docs:
            cell = (f"{len(d.records)} | {len(d.passages)}" if d.found else "— | —")
            out.append(f"| {md_escape(d.title or d.doc)} | {cell} |")
        out.append("")
        for d in res.docs:
            out += [f"### {md_escape(d.title or d.doc)} ({md_escape(d.doc)}, {d.lang})", ""]
            if not d.found:
                out += [f"*{t('nothing_found', lang)}*", ""]
                continue
            out += [f"**{t('records', lang)}**", ""]
            for r, s in d.records:
                facts = record_facts(r, lang)
                out.append(f"- **{md_escape(record_label(r, lang))}** ({t(_level(s), lang)}): {md_escape(flat(r.text))}"
                           + (f" ({md_escape(facts)})" if facts else "") + f" — {_cite_md(r.citation, r.doc, d.title, links)}")
            if not d.records:
                out.append(f"*{t('no_record_topic', lang)}.*")
            out.append("")
            if d.passages:  # a column whose only on-topic text is its records shows those alone
                out += [f"**{t('passages', lang)}**", ""]
            for h in d.passages:
                out += quoted_md(_quote(h), f"{_cite_md(_cite(h), h.chunk.doc, d.title, links)} ({t(d.passage_match(h), lang)})")
            if d.more:
                out += [f"*{t('more_passages', lang, n=d.more)}.*", ""]
    return "\n".join(out).rstrip() + "\n"


def _record_items(d, lang: str) -> list[str]:
    """A column's records, one line each, led by their match level (as the text output)."""
    return [f"[{t(_level(s), lang)}] {record_plain(r, lang)}" for r, s in d.records]


def _passage_items(d, lang: str) -> list[str]:
    return [f"[{t(d.passage_match(h), lang)}] {passage_plain(h)}" for h in d.passages]


def compare_rows(results, lang: str = "en") -> list[dict]:
    """One row per topic × document: its records and passages, one per line, each led by its match level."""
    return [{"topic": res.topic, "doc": d.doc, "title": d.title, "lang": d.lang, "found": d.found,
             "records": "\n".join(_record_items(d, lang)) or ("" if d.found else t("nothing_found", lang)),
             "passages": "\n".join(_passage_items(d, lang)), "more_passages": d.more}
            for res in _results(results) for d in res.docs]


def compare_csv(results, lang: str = "en") -> str:
    return write_csv(COMPARE_CSV_FIELDS, compare_rows(results, lang))


def compare_docx(results, path: str | Path, lang: str = "en") -> Path:
    """A Word file: per topic a table, one row per document (records | passages)."""
    from docx import Document

    results = _results(results)
    doc = Document()
    title = t("cmp_title", lang, topic="; ".join(r.topic for r in results))
    doc.core_properties.title = title[:250]
    doc.add_heading(title, level=0)
    for res in results:
        doc.add_heading(res.topic, level=1)
        if res.read_as:
            doc.add_paragraph(f"{t('read_as', lang)}: {res.read_as}")
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, (t("document", lang), t("records", lang), t("passages", lang))):
            cell.text = ""
            cell.paragraphs[0].add_run(head).bold = True
        for d in res.docs:
            row = table.add_row().cells
            row[0].text = f"{d.title or d.doc} ({d.doc})"
            if not d.found:
                row[1].text, row[2].text = t("nothing_found", lang), ""
                continue
            _cell_lines(row[1], _record_items(d, lang) or [t("no_record_topic", lang) + "."])
            _cell_lines(row[2], (_passage_items(d, lang) or [""])
                        + ([t("more_passages", lang, n=d.more) + "."] if d.more else []))
    path = Path(path)
    doc.save(str(path))
    return path


def _cell_lines(cell, lines: list[str]) -> None:
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


# ---------------------------------------------------------------- track
def _track_head(result, lang: str) -> str:
    return t("trk_title", lang, doc=result.title or result.doc)


def track_text(result, lang: str = "en") -> str:
    out = [f"{term(_track_head(result, lang))} ({result.doc}); {t('trk_in', lang)}: {', '.join(result.others)}"]
    for item in result.items:
        out += _record_lines(item.record, lang, "\n", "   ")
        if not item.reports:
            out.append(f"   → {t('no_other', lang)}")
        for h, s in item.reports:
            out.append(f"   → [{t(_track_level(s), lang)}] “{term(_quote(h))}”")
            out.append(f"      — {term(_cite(h))}")
    return "\n".join(out)


def track_markdown(result, sources: dict | None = None, lang: str = "en") -> str:
    """A summary table (each item, where it is reported on), then per item its statement and
    the other documents' passages on it, quoted and cited; labels in ``lang``."""
    links = as_links(sources)
    titles = {h.chunk.doc: h.chunk.title for item in result.items for h, _ in item.reports} | {result.doc: result.title}
    out = [f"## {md_escape(_track_head(result, lang))}", "",
           f"*{md_escape(result.doc)}*, {t('trk_in', lang)}: {md_escape(', '.join(result.others))}", "",
           f"| {t('trk_item', lang)} | {t('trk_where', lang)} |", "|---|---|"]
    for item in result.items:
        where = ", ".join(sorted({h.chunk.doc for h, _ in item.reports})) or "—"
        out.append(f"| {md_escape(record_name(item.record, lang))} | {md_escape(where)} |")
    out.append("")
    for item in result.items:
        r = item.record
        facts = record_facts(r, lang)
        out += [f"### {md_escape(record_name(r, lang))}", "", md_escape(flat(r.text)) + (f" ({md_escape(facts)})" if facts else ""),
                f"— {_cite_md(r.citation, r.doc, result.title, links)}", ""]
        if not item.reports:
            out += [f"*{t('no_other', lang)}*", ""]
        for h, s in item.reports:
            out += quoted_md(_quote(h), f"{_cite_md(_cite(h), h.chunk.doc, titles.get(h.chunk.doc, ''), links)} "
                                        f"({t(_track_level(s), lang)})")
    return "\n".join(out).rstrip() + "\n"


def track_rows(result, lang: str = "en") -> list[dict]:
    return [{"doc": it.record.doc, "kind": it.record.kind, "number": it.record.key, "text": flat(it.record.text),
             **{k: getattr(it.record, k) for k in TRACK_FACTS}, "citation": it.record.citation,
             "reported_in": "; ".join(sorted({h.chunk.doc for h, _ in it.reports})),
             "reports": "\n".join(_report_items(it, lang)) or t("no_other", lang)} for it in result.items]


def _report_items(item, lang: str) -> list[str]:
    """What other documents say of a tracked item, one line each, led by its match level."""
    return [f"[{t(_track_level(s), lang)}] {passage_plain(h)}" for h, s in item.reports]


def track_csv(result, lang: str = "en") -> str:
    return write_csv(TRACK_CSV_FIELDS, track_rows(result, lang))


def track_docx(result, path: str | Path, lang: str = "en") -> Path:
    """A Word file: one row per commitment, recommendation or action, with what later reports say."""
    from docx import Document

    doc = Document()
    title = _track_head(result, lang)
    doc.core_properties.title = title[:250]
    doc.add_heading(title, level=0)
    doc.add_paragraph(f"{result.doc}, {t('trk_in', lang)}: {', '.join(result.others)}")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, (t("trk_item", lang), t("trk_reports", lang))):
        cell.text = ""
        cell.paragraphs[0].add_run(head).bold = True
    for item in result.items:
        row = table.add_row().cells
        _cell_lines(row[0], [record_plain(item.record, lang)])
        _cell_lines(row[1], _report_items(item, lang) or [t("no_other", lang)])
    path = Path(path)
    doc.save(str(path))
    return path
