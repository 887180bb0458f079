"""A briefing: for each question its answer (or "no answer"), the passages quoted verbatim
with full citations, and one list of the sources cited — as Markdown or as a Word file
(python-docx), for `puente brief` and the app's "Word briefing" button.

The answer is read through :func:`answer_of` only, so a change in the answer object
(strength, abstention with a reason) is adapted there.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from puente.ingest.errors import InputError
from puente.ingest.text import md_escape

from .export import source_link
from .i18n import strength_label, t


@dataclass(frozen=True)
class AnswerLine:
    """What a briefing says for one question: the answer's text and citation, or, when
    there is none, ``text`` empty and the reason if the engine gave one."""

    text: str = ""
    citation: str = ""
    strength: str = ""  # "strong match" / "partial match — check the passage", in the briefing's language
    reason: str = ""
    value: str = ""  # a record answer's field: "Plazo (acción 1.1): Noviembre 2022"

    @property
    def answered(self) -> bool:
        return bool(self.text)


def answer_of(result, lang: str = "en") -> AnswerLine:
    """The one place a briefing reads ``result.answer``: falsy (abstained) is "no answer"
    with its reason; else the text, citation, how sure (in ``lang``) and a record's value."""
    a = result.answer
    if not a:
        return AnswerLine(reason=a.reason if a is not None else "")
    value = f"{a.label}: {a.value}" if a.value else ""
    return AnswerLine(a.text, a.citation, strength_label(a, lang), "", value)


def read_questions(path: str | Path) -> list[str]:
    """Questions from a text file (one a line; blank lines and ``#`` comments skipped) or a
    JSONL file (``{"question": …}`` a line)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "no such file", "pass a text file with one question a line")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(p, "is not UTF-8 text", "save it as UTF-8 text, one question a line") from exc
    out = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if p.suffix.lower() == ".jsonl":
            try:
                line = str(json.loads(line)["question"]).strip()
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{p}:{n}", 'not a {"question": …} object', "fix the line") from exc
        out.append(line)
    if not out:
        raise InputError(p, "holds no question", "write one question a line")
    return out


def cited_sources(results) -> list[dict]:
    """Every document quoted, in order of first citation: doc, title, pages/¶ cited."""
    seen: dict[str, dict] = {}
    for r in results:
        for h in r.hits:
            c = h.chunk
            entry = seen.setdefault(c.doc, {"doc": c.doc, "title": c.title or c.doc, "labels": []})
            if c.pages_label and c.pages_label not in entry["labels"]:
                entry["labels"].append(c.pages_label)
    return list(seen.values())


def _answer_md(line: AnswerLine, lang: str) -> list[str]:
    if not line.answered:
        why = f" {md_escape(line.reason)}" if line.reason else ""
        return [f"*{md_escape(t('brief_no_answer', lang))}*{why}", ""]
    strength = f" ({md_escape(line.strength)})" if line.strength else ""
    value = [md_escape(line.value), ""] if line.value else []
    return [f"**{t('answer', lang)}**{strength}", ""] + value + ["> " + md_escape(line.text),
                                                                  f"— *{md_escape(line.citation)}*", ""]


def source_link_doc(doc: str, sources: dict | None) -> str:
    """A Markdown link to a document's original file (empty when unknown)."""
    src = (sources or {}).get(doc)
    return f" — [{md_escape(Path(src).name)}]({Path(src).as_uri()})" if src and Path(src).is_absolute() else ""


def briefing_markdown(results, sources: dict | None = None, lang: str = "en", title: str = "") -> str:
    """The briefing as Markdown (``sources``: doc → original file, for page links)."""
    out = [f"# {md_escape(title or t('brief_title', lang))}", "", f"*{time.strftime('%Y-%m-%d %H:%M')}*", ""]
    for n, r in enumerate(results, 1):
        out += [f"## {n}. {md_escape(r.query)}", ""] + _answer_md(answer_of(r, lang), lang)
        if r.hits:
            out += [f"**{t('passages', lang)}**", ""]
        for h in r.hits:
            out += ["> " + md_escape(h.chunk.text), f"— *{md_escape(h.chunk.citation)}*{source_link(h.chunk, sources)}", ""]
    out += [f"## {t('sources', lang)}", ""]
    for s in cited_sources(results):
        pages = f" — {md_escape(', '.join(s['labels']))}" if s["labels"] else ""
        out.append(f"- {md_escape(s['title'])} ({md_escape(s['doc'])}){pages}{source_link_doc(s['doc'], sources)}")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- Word
def _hyperlink(paragraph, url: str, text: str) -> None:
    """A clickable link run in ``paragraph`` (python-docx has no public call for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(style)
    props.append(underline)
    run.append(props)
    text_el = OxmlElement("w:t")
    text_el.text = text
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def _page_url(chunk, sources: dict | None) -> str:
    src = (sources or {}).get(chunk.doc)
    if not src or not Path(src).is_absolute():
        return ""
    return Path(src).as_uri() + (f"#page={int(chunk.page_start)}" if chunk.page_start is not None else "")


def briefing_docx(results, path: str | Path, sources: dict | None = None, lang: str = "en", title: str = "") -> Path:
    """Write the briefing as a Word file at ``path``: a heading per question, the answer,
    each passage as a quote followed by its citation (linked to its page), then the sources."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = title or t("brief_title", lang)
    doc.add_heading(title or t("brief_title", lang), level=0)
    doc.add_paragraph(time.strftime("%Y-%m-%d %H:%M"))
    for n, r in enumerate(results, 1):
        doc.add_heading(f"{n}. {r.query}", level=1)
        line = answer_of(r, lang)
        if line.answered:
            p = doc.add_paragraph()
            p.add_run(t("answer", lang) + (f" ({line.strength})" if line.strength else "") + ": ").bold = True
            if line.value:
                p.add_run(line.value)
                p = doc.add_paragraph()
            p.add_run(line.text)
            doc.add_paragraph().add_run(f"— {line.citation}").italic = True
        else:
            p = doc.add_paragraph()
            p.add_run(t("brief_no_answer", lang)).italic = True
            if line.reason:
                p.add_run(f" {line.reason}")
        if r.hits:
            doc.add_heading(t("passages", lang), level=2)
        for h in r.hits:
            doc.add_paragraph(h.chunk.text, style="Quote")
            cite = doc.add_paragraph()
            cite.add_run(f"— {h.chunk.citation}").italic = True
            url = _page_url(h.chunk, sources)
            if url:
                cite.add_run("  ")
                _hyperlink(cite, url, h.chunk.pages_label or t("open_file", lang))
            cite.paragraph_format.space_after = Pt(10)
    doc.add_heading(t("sources", lang), level=1)
    for s in cited_sources(results):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(s["title"]).bold = True
        p.add_run(f" ({s['doc']})" + (f" — {', '.join(s['labels'])}" if s["labels"] else ""))
        src = (sources or {}).get(s["doc"])
        if src and Path(src).is_absolute():
            p.add_run(" — ")
            _hyperlink(p, Path(src).as_uri(), Path(src).name)
    path = Path(path)
    doc.save(str(path))
    return path


def write_briefing(results, fmt: str, out: str | Path | None, sources: dict | None = None, lang: str = "en") -> str | None:
    """``md`` → the Markdown (written to ``out`` if given, else returned); ``docx`` → the
    Word file at ``out`` (required). Returns the Markdown text, or None once written."""
    if fmt == "docx":
        if not out:
            raise InputError("--format docx", "a Word briefing needs a file to write", "add -o BRIEFING.docx")
        briefing_docx(results, out, sources, lang)
        return None
    text = briefing_markdown(results, sources, lang)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        return None
    return text
