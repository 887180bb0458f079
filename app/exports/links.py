"""Where the links of an export point, so they still open once the file is shared, and
citations cut around their one page label, which carries the link.

Two kinds, never ``file:///`` paths of this machine:

- a briefing or export written to a file (``puente brief -o``, ``puente search --format
  md > x.md``) links each document's original file *relative to the folder the export is
  in* (``../corpus/report.pdf#page=4``): the links work wherever the export and the
  documents travel together, and from any other folder the export is opened from;
- an export downloaded from the app links the *served app's file route*
  (``http://HOST:PORT/puente/file?doc=report#page=4``), which serves the indexed
  document while the app runs.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from puente.common.text import md_escape, tab_cells
from puente.common.types import cite_as

_LABEL = re.compile(r"(?:pp?\. |¶¶? )(\d+)(?:-\d+)?")  # the page (or ¶) label of a citation


@dataclass(frozen=True)
class Links:
    """``sources``: doc → the original file the index read it from. ``base``: the folder
    the export is written to (relative links; the working folder when None). ``app_url``:
    the served app's address (links to its file route instead)."""

    sources: dict = field(default_factory=dict)
    base: str | None = None
    app_url: str = ""

    def file(self, doc: str, page: int | None = None) -> str:
        """The link to ``doc``'s original file (at ``page`` for a PDF); "" when unknown."""
        anchor = f"#page={int(page)}" if page is not None else ""
        if self.app_url:
            if doc not in self.sources:
                return ""
            return f"{self.app_url.rstrip('/')}/puente/file?{urlencode({'doc': doc})}{anchor}"
        src = self.sources.get(doc) or ""
        if not src:
            return ""
        base = os.path.abspath(self.base or os.getcwd())
        try:
            rel = os.path.relpath(os.path.abspath(src), base)
        except ValueError:  # another drive (Windows): no relative path exists
            return ""
        return quote(Path(rel).as_posix()) + anchor

    def name(self, doc: str) -> str:
        """The original file's name (the text of a link to the whole file)."""
        return Path(self.sources.get(doc) or doc).name

    def for_output(self, out: str | Path | None) -> "Links":
        """These links for an export written to ``out`` (relative to its folder)."""
        if self.app_url or not out:
            return self
        return Links(self.sources, str(Path(out).resolve().parent), "")


def as_links(sources) -> Links:
    """``Links`` from a ``Links`` or a plain ``doc → file`` dict (relative to the working folder)."""
    if isinstance(sources, Links):
        return sources
    return Links(dict(sources or {}))


@dataclass(frozen=True)
class CiteParts:
    """A citation cut around its page (or ¶) label, so the label alone carries the link:
    ``head`` "Title, ", ``label`` "pp. 4-5", ``tail`` ", Section"; ``url`` of the page."""

    head: str
    label: str = ""
    tail: str = ""
    url: str = ""

    @property
    def text(self) -> str:
        return self.head + self.label + self.tail


def cite_parts(citation: str, doc: str, titles: dict, links: Links) -> CiteParts:
    """``citation`` naming its document by title, cut around its one page label."""
    name = titles.get(doc) or doc
    text = cite_as(citation, doc, name)
    m = _LABEL.search(text, len(name) if text.startswith(name) else 0)
    if not m:
        return CiteParts(text, url=links.file(doc) if doc else "")
    page = int(m.group(1)) if m.group(0).startswith("p") else None
    return CiteParts(text[:m.start()], m.group(0), text[m.end():], links.file(doc, page))


_OPENS_INSIDE = re.compile(r"[a-záéíóúüñ]+\s")  # a quote that opens on a lower-case word opens inside a sentence
_ENDS_INSIDE = re.compile(r"[,;]\s*$")  # one that ends on a comma or semicolon ends inside one


def cut_marks(text: str) -> str:
    """``text`` with an ellipsis where it starts or ends inside a sentence (a passage cut
    from a sentence that runs over a page or a passage's end), as an analyst marks a quote
    that leaves words out; whole sentences are left as they are."""
    body = text.strip()
    if _OPENS_INSIDE.match(body):
        body = "… " + body
    if _ENDS_INSIDE.search(body):
        body += " …"
    return body if body.strip("… ") else text


_DATED = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic)[a-z]*\.?\s+(?:de\s+)?"
                    r"(?:19|20)\d\d\b", re.I)


def header_row(cells: list[str]) -> bool:
    """Whether a table row is a header: its first cell filled (a row opening on an empty
    place goes on a row above: a cell merged down), two cells or more filled, each a short
    label (six words at most, no sentence's full stop), no figure but a year ("Target
    2024"), no date ("June 2024"); the further columns of a cell spanning several are
    empty places."""
    filled = [c for c in cells if c]
    return bool(cells) and bool(cells[0]) and len(filled) >= 2 and all(
        len(c.split()) <= 6 and not c.endswith(".") and not _DATED.search(c)
        and not re.search(r"\d", re.sub(r"\b(?:19|20)\d\d\b", "", c)) for c in filled)


def table_parts(text: str) -> list[tuple[str, str | list[list[str]]]]:
    """``text`` as its pieces in order: ``("prose", text)`` and ``("table", rows)`` — a run
    of two or more lines whose cells are separated by a tab (a Word, web or Markdown
    table; an empty cell keeps its place) and whose first is a header (:func:`header_row`)
    is a table of rows of cells, every row as wide as the widest; rows without their
    header are each a line of their cells."""
    out: list = []
    prose: list[str] = []
    rows: list[list[str]] = []

    def close_rows():
        nonlocal rows
        if len(rows) >= 2 and header_row(rows[0]):
            width = max(map(len, rows))
            out.append(("table", [r + [""] * (width - len(r)) for r in rows]))
        else:  # a table's rows without its header (a passage may start inside a table): one line each
            out.extend(("prose", " · ".join(c for c in r if c)) for r in rows)
        rows = []

    for line in text.split("\n"):
        if "\t" in line.strip(" \r"):
            if prose and not rows:
                out.append(("prose", " ".join(prose)))
                prose = []
            rows.append(tab_cells(line))
            continue
        close_rows()
        if line.strip():
            prose.append(line.strip())
    close_rows()
    if prose:
        out.append(("prose", " ".join(prose)))
    return [(kind, body) for kind, body in out if body]


def quote_md(text: str, heading: str = "") -> list[str]:
    """A quote as Markdown block-quote lines, its section ``heading`` (when it opens on one)
    a bold line of its own; a cut sentence at either end is marked (``cut_marks``); a
    table it holds (``table_parts``) a Markdown table, its first row the header."""
    out = [f"> **{md_escape(heading)}**", ">"] if heading else []
    for n, (kind, body) in enumerate(table_parts(text)):
        if n:
            out.append(">")
        if kind == "prose":
            out.append("> " + md_escape(cut_marks(body)))
            continue
        cells = [[md_escape(c) for c in row] for row in body]
        out += ["> | " + " | ".join(cells[0]) + " |", "> |" + "---|" * len(cells[0])]
        out += ["> | " + " | ".join(row) + " |" for row in cells[1:]]
    return out


def quoted_md(text: str, cite: str, heading: str = "") -> list[str]:
    """A quote and its attribution as Markdown lines: the citation (already Markdown) a
    paragraph of its own under the quote — written on the next line it would be a lazy
    continuation and render inside the quote, as if quoted."""
    return quote_md(text, heading) + ["", f"— {cite}", ""]


def cite_md(p: CiteParts) -> str:
    """The citation in italics, its page label the link: ``*Title, [p. 4](url), Section*``."""
    label = f"[{md_escape(p.label)}]({p.url})" if p.url and p.label else md_escape(p.label)
    return f"*{md_escape(p.head)}{' ' if p.head.endswith(' ') else ''}{label}{md_escape(p.tail)}*"


def answers_of(r) -> list:
    """A result's answers: the Answer box's and, for a comparison question, each document's."""
    return [a for a in [r.answer, *(getattr(r, "answers", None) or [])] if a]


def titles_of(results) -> dict[str, str]:
    """doc → the document's title (its stem when it has none), from the passages and answers cited."""
    out = {h.chunk.doc: h.chunk.title or h.chunk.doc for r in results for h in r.hits}
    for r in results:
        for a in answers_of(r):
            if a.title and out.get(a.doc, a.doc) == a.doc:
                out[a.doc] = a.title
    return out
