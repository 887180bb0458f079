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

from puente.common.errors import InputError
from puente.common.text import flat, md_escape, split_heading
from puente.common.types import pages_label

from ..i18n import strength_label, t
from .links import (
    CiteParts,
    Links,
    answers_of,
    as_links,
    cite_md,
    cite_parts,
    cut_marks,
    quoted_md,
    table_parts,
    titles_of,
)
from .word import cite_docx, hyperlink, table_docx


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
        return AnswerLine(reason=a.reason_in(lang) if a is not None else "")
    value = "{}: {}".format(*a.label_value(lang)) if a.value else ""
    return AnswerLine(a.text, a.citation, strength_label(a, lang), "", value)


def read_questions(path: str | Path) -> list[str]:
    """Questions from a text file (one a line; blank lines and ``#`` comments skipped) or a
    JSONL file (``{"question": …}`` a line)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "is a folder" if p.is_dir() else "no such file", "pass a text file with one question a line")
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


QUOTED = ("strong", "partial")  # match levels a briefing quotes; weaker passages are listed by citation only


def _answers(r) -> list:
    """The result's answers: one per document for a comparison, else its one answer."""
    return [a for a in (getattr(r, "answers", None) or [getattr(r, "answer", None)]) if a is not None and a.text]


def passage_levels(r) -> list[tuple[object, str]]:
    """``(hit, level)`` for each passage of a result: its own match level, or the strength
    of the answer it holds when that is higher (a comparison side's strong answer read from
    a passage that matches the whole question weakly is quoted, not listed as weak)."""
    order = {"strong": 2, "partial": 1}
    held: dict[int, str] = {}
    for a in _answers(r):
        if a.strength in QUOTED and a.hit_rank and order[a.strength] > order.get(held.get(a.hit_rank, ""), 0):
            held[a.hit_rank] = a.strength
    out = []
    for h in r.hits:
        level = held.get(h.rank, "")
        out.append((h, level if order.get(level, 0) > order.get(h.match, 0) else h.match))
    return out


def split_passages(r) -> tuple[list, list, dict[int, str]]:
    """The passages a briefing quotes and those it lists by citation only (``passage_levels``),
    and each passage's level by ``id``."""
    levels = passage_levels(r)
    return ([h for h, lv in levels if lv in QUOTED], [h for h, lv in levels if lv not in QUOTED],
            {id(h): lv for h, lv in levels})


@dataclass(frozen=True)
class _Cited:
    """What a source list needs of a cited piece: its document and pages (or paragraphs)."""

    doc: str
    title: str
    page_start: int | None
    page_end: int | None
    para_start: int | None = None
    para_end: int | None = None

    @property
    def pages_label(self) -> str:
        return pages_label(self.page_start, self.page_end, self.para_start, self.para_end)


def _answer_piece(a) -> _Cited | None:
    """The pages an answer cites (``Answer.pages``: a record's, or its quoted sentence's — a
    comparison's side may come from its document's own search, not from the result's hits)."""
    return _Cited(a.doc, a.title, *a.pages) if a.pages else None


def _label_key(c) -> tuple:
    first = c.page_start if c.page_start is not None else c.para_start
    last = c.page_end if c.page_end is not None else c.para_end
    return (first if first is not None else 0, last if last is not None else 0)


def cited_sources(results) -> list[dict]:
    """Every document cited, in order of first citation: doc, title, and the pages (or ¶)
    cited — by an answer or a passage — in page order, ``labels`` as ``(label, first page
    or None)``."""
    seen: dict[str, dict] = {}
    titles = titles_of(results)
    for r in results:
        pieces = [p for a in answers_of(r) if (p := _answer_piece(a)) is not None] + [h.chunk for h in r.hits]
        for c in pieces:
            entry = seen.setdefault(c.doc, {"doc": c.doc, "title": titles.get(c.doc) or c.title or c.doc, "keys": {}})
            if c.pages_label:
                entry["keys"].setdefault(c.pages_label, (_label_key(c), c.page_start))
    out = []
    for e in seen.values():
        ordered = sorted(e.pop("keys").items(), key=lambda kv: kv[1][0])
        out.append(e | {"labels": [(label, page) for label, (_, page) in ordered]})
    return out


def _answer_md(line: AnswerLine, lang: str, cite: CiteParts | None = None) -> list[str]:
    if not line.answered:
        why = f" {md_escape(line.reason)}" if line.reason else ""
        return [f"*{md_escape(t('brief_no_answer', lang))}*{why}", ""]
    strength = f" ({md_escape(line.strength)})" if line.strength else ""
    value = [md_escape(line.value), ""] if line.value else []
    cite = cite_md(cite) if cite else f"*{md_escape(line.citation)}*"
    return [f"**{t('answer', lang)}**{strength}", ""] + value + quoted_md(line.text, cite)


def _sides(r, lang: str, titles: dict, links: Links) -> list[tuple[str, str, CiteParts | None]]:
    """A comparison question's answer per document: (title, text or "no answer in this
    document (reason)", citation or None)."""
    out = []
    for a in getattr(r, "answers", None) or []:
        name = titles.get(a.doc) or a.doc
        if a:
            value = "{}: {} — ".format(*a.label_value(lang)) if a.value else ""
            out.append((name, value + cut_marks(flat(a.text)), cite_parts(a.citation, a.doc, titles, links)))
        else:
            out.append((name, f"{t('no_answer_doc', lang)} ({a.reason_in(lang)})" if a.reason else t("no_answer_doc", lang), None))
    return out


def _sides_md(r, lang: str, titles: dict, links: Links) -> list[str]:
    sides = _sides(r, lang, titles, links)
    if not sides:
        return []
    return [f"**{t('answers_by_doc', lang)}**", ""] + [
        f"- **{md_escape(name)}**: {md_escape(text)}" + (f" — {cite_md(c)}" if c else "") for name, text, c in sides] + [""]


def _answer_docx(doc, line: AnswerLine, lang: str, cite: CiteParts | None) -> None:
    p = doc.add_paragraph()
    if not line.answered:
        p.add_run(t("brief_no_answer", lang)).italic = True
        if line.reason:
            p.add_run(f" {line.reason}")
        return
    p.add_run(t("answer", lang) + (f" ({line.strength})" if line.strength else "") + ": ").bold = True
    if line.value:
        p.add_run(flat(line.value))
        p = doc.add_paragraph()
    p.add_run(cut_marks(flat(line.text)))
    cite_docx(doc, cite)


def _answer_cite(r, titles: dict, links: Links) -> CiteParts | None:
    a = r.answer
    return cite_parts(a.citation, a.doc, titles, links) if a else None


def _whole_sentences(text: str, a: int, b: int) -> tuple[int, int]:
    """``text[a:b]`` widened to whole sentences (a passage may end inside one: "… engaged with
    U.S." / "Government officials …"); as given when it is the whole text or empty."""
    if a >= b or (a, b) == (0, len(text)):
        return a, b
    from puente.index.answer.read.candidates import segments

    for seg in segments(text):
        if seg.start < a < seg.end:
            a = seg.start
        if seg.start < b < seg.end:
            b = seg.end
    return a, b


def fresh_quotes(hits: list) -> list[tuple[object, str, str, str]]:
    """``(hit, heading, body, citation)`` for each passage a briefing quotes, without what an
    earlier quote of the same document already holds: passages overlap (one repeats the end
    of the one before it), and the briefing quoted those sentences twice. An overlapping
    edge is cut off at a sentence's edge (what is left keeps its own citation, its own
    pages); a passage quoted whole before is left out."""
    said: list[tuple[str, int, int]] = []
    out = []
    for h in hits:
        c = h.chunk
        a, b = 0, len(c.text)
        placed = c.end - c.start == len(c.text) > 0  # its offsets in the document are known
        for doc, s, e in said:
            if doc != c.doc or not placed:
                continue
            if s <= c.start + a < e:
                a = e - c.start
            if s < c.start + b <= e:
                b = s - c.start
        a, b = _whole_sentences(c.text, a, b)
        text = c.text[a:b] if a < b else ""
        if len(text.split()) < 3:
            continue
        if placed:
            said.append((c.doc, c.start + a, c.start + b))
        heading, body = split_heading(text, c.section) if a == 0 else ("", text)
        out.append((h, heading, body, c.citation if (a, b) == (0, len(c.text)) else c.citation_of(a, b)))
    return out


def briefing_markdown(results, sources=None, lang: str = "en", title: str = "") -> str:
    """The briefing as Markdown, labels in ``lang`` (``sources``: a :class:`Links`, or
    doc → original file, linked relative to the working folder)."""
    links, titles = as_links(sources), titles_of(results)
    out = [f"# {md_escape(title or t('brief_title', lang))}", "", f"*{time.strftime('%Y-%m-%d %H:%M')}*", ""]
    for n, r in enumerate(results, 1):
        out += [f"## {n}. {md_escape(r.query)}", ""]
        sides = _sides_md(r, lang, titles, links)  # a comparison's answer is its line per document, as in the app
        out += sides or _answer_md(answer_of(r, lang), lang, _answer_cite(r, titles, links))
        quoted, listed, level = split_passages(r)
        if quoted:
            out += [f"**{t('passages', lang)}**", ""]
        for h, heading, body, citation in fresh_quotes(quoted):
            cite = cite_md(cite_parts(citation, h.chunk.doc, titles, links))
            out += quoted_md(body, f"{cite} ({md_escape(t(level[id(h)], lang))})", heading)
        if listed:
            out += [f"**{t('brief_listed', lang)}**", ""]
            out += [f"- {cite_md(cite_parts(h.chunk.citation, h.chunk.doc, titles, links))}" for h in listed] + [""]
    out += [f"## {t('sources', lang)}", ""]
    for s in cited_sources(results):
        pages = ", ".join(f"[{md_escape(label)}]({links.file(s['doc'], page)})" if links.file(s["doc"], page)
                          else md_escape(label) for label, page in s["labels"])
        url = links.file(s["doc"])
        file = f" — [{md_escape(links.name(s['doc']))}]({url})" if url else ""
        out.append(f"- **{md_escape(s['title'])}**{' — ' + pages if pages else ''}{file}")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- Word
def briefing_docx(results, path: str | Path, sources=None, lang: str = "en", title: str = "") -> Path:
    """Write the briefing as a Word file at ``path``, labels in ``lang``: a heading per
    question, the answer, the strong and partial passages quoted (whitespace reflowed) with
    their citation (the page label linked), weaker ones listed by citation, then the sources
    in page order. Links are relative to ``path``'s folder unless ``sources`` links the app."""
    from docx import Document
    from docx.shared import Pt

    links, titles = as_links(sources).for_output(path), titles_of(results)
    doc = Document()
    doc.core_properties.title = title or t("brief_title", lang)
    doc.add_heading(title or t("brief_title", lang), level=0)
    doc.add_paragraph(time.strftime("%Y-%m-%d %H:%M"))
    for n, r in enumerate(results, 1):
        doc.add_heading(f"{n}. {flat(r.query)}", level=1)
        sides = _sides(r, lang, titles, links)  # a comparison's answer is its line per document, as in the app
        if sides:
            doc.add_heading(t("answers_by_doc", lang), level=2)
        else:
            _answer_docx(doc, answer_of(r, lang), lang, _answer_cite(r, titles, links))
        for name, text, c in sides:
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(f"{name}: ").bold = True
            item.add_run(text + (" — " + c.head if c else ""))
            if c and c.label:
                hyperlink(item, c.url, c.label) if c.url else item.add_run(c.label)
            if c:
                item.add_run(c.tail)
        quoted, listed, level = split_passages(r)
        if quoted:
            doc.add_heading(t("passages", lang), level=2)
        for h, heading, body, citation in fresh_quotes(quoted):
            if heading:
                doc.add_paragraph(style="Quote").add_run(heading).bold = True
            for kind, part in table_parts(body):
                if kind == "prose":
                    doc.add_paragraph(cut_marks(flat(part)), style="Quote")
                else:
                    table_docx(doc, part)
            cite = cite_docx(doc, cite_parts(citation, h.chunk.doc, titles, links), f" ({t(level[id(h)], lang)})")
            cite.paragraph_format.space_after = Pt(10)
        if listed:
            doc.add_heading(t("brief_listed", lang), level=2)
        for h in listed:
            p = cite_parts(h.chunk.citation, h.chunk.doc, titles, links)
            item = doc.add_paragraph(style="List Bullet")
            item.add_run(p.head)
            hyperlink(item, p.url, p.label) if p.label and p.url else item.add_run(p.label)
            item.add_run(p.tail)
    doc.add_heading(t("sources", lang), level=1)
    for s in cited_sources(results):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(s["title"]).bold = True
        for i, (label, page) in enumerate(s["labels"]):
            p.add_run(" — " if i == 0 else ", ")
            url = links.file(s["doc"], page)
            hyperlink(p, url, label) if url else p.add_run(label)
        url = links.file(s["doc"])
        if url:
            p.add_run(" — ")
            hyperlink(p, url, links.name(s["doc"]))
    path = Path(path)
    doc.save(str(path))
    return path


def write_briefing(results, fmt: str, out: str | Path | None, sources=None, lang: str = "en") -> str | None:
    """``md`` → the Markdown (written to ``out`` if given, else returned); ``docx`` → the
    Word file at ``out`` (required). Returns the Markdown text, or None once written."""
    if fmt == "docx":
        if not out:
            raise InputError("--format docx", "a Word briefing needs a file to write", "add -o BRIEFING.docx")
        briefing_docx(results, out, sources, lang)
        return None
    text = briefing_markdown(results, as_links(sources).for_output(out), lang)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        return None
    return text
