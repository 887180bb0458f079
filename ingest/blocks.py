"""Documents built from structured files (Word, web pages): blocks of text in reading
order, assembled into one text with its headings and numbered paragraphs; and the
title rules every reader shares."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from puente.common.types import Document, Heading, Page

# a table row: cells separated by a tab, which the chunker reads as a cell boundary
CELL_SEP = "\t"
BULLET = "• "


@dataclass
class Block:
    """One paragraph-like piece: ``kind`` is ``heading`` (with ``level``), ``para``,
    ``item`` (a list item) or ``row`` (a table row, cells joined by :data:`CELL_SEP`).
    Rows of one table and items of one list share a ``group``."""

    kind: str
    text: str
    level: int = 0
    group: int = 0


def row_line(cells: list[str]) -> str:
    """A table row's cells as one line: joined by :data:`CELL_SEP`, each in its column (an
    empty cell an empty place), the empty ones at the row's end left out."""
    return CELL_SEP.join(cells).rstrip(CELL_SEP)


def clean_block(text: str) -> str:
    """Trimmed lines, no blank line inside (blank lines separate paragraphs)."""
    lines = [ln.rstrip() for ln in text.replace("\r", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln.strip()).strip()


def assemble(blocks: list[Block]) -> tuple[str, tuple[Heading, ...], tuple[int, ...]]:
    """The text of ``blocks`` (a blank line between paragraphs; rows of one table and
    items of one list on consecutive lines), its headings and the offset where each
    block (one numbered paragraph) starts."""
    parts: list[str] = []
    headings: list[Heading] = []
    paras: list[int] = []
    pos = 0
    prev: Block | None = None
    for b in blocks:
        # a row keeps its leading tabs: its first cells may be empty (merged down from the row above)
        body = b.text.strip(" \n\r") if b.kind == "row" else clean_block(b.text)
        if b.kind == "heading":
            body = " ".join(body.split())
        if not body:
            continue
        if prev is not None:
            same = b.kind == prev.kind and b.kind in ("row", "item") and b.group == prev.group
            sep = "\n" if same else "\n\n"
            parts.append(sep)
            pos += len(sep)
        if b.kind == "heading":
            headings.append(Heading(pos, b.level, body))
        paras.append(pos)
        parts.append(body)
        pos += len(body)
        prev = b
    return "".join(parts), tuple(headings), tuple(paras)


def structured_document(path: Path, blocks: list[Block], title: str, sha256: str) -> Document:
    """A :class:`Document` without pages from ``blocks`` (see :func:`assemble`)."""
    text, headings, paras = assemble(blocks)
    return Document(
        doc=path.stem,
        title=pick_title(path, title, [h.title for h in headings], text),
        pages=(Page(None, text),),
        source=str(path),
        sha256=sha256,
        headings=headings,
        paragraphs=paras,
        structured=True,
    )


_FILE_NAME = re.compile(r"\.(?:pdf|docx?|dotx?|rtf|odt|html?|xhtml|aspx?|php|txt|md|indd|pptx?|xlsx?|qxd|pub|ai|eps)\s*$", re.I)
_TOOL_PREFIX = re.compile(
    r"^\s*(?:microsoft\s+(?:word|powerpoint|excel)\s*-|untitled\b|sin\s+t[ií]tulo\b|documento?\s*\d*\s*$|"
    r"presentaci[oó]n\s+de\s+powerpoint|powerpoint\s+presentation|title\s*$|t[ií]tulo\s*$|slide\s*\d*\s*$|"
    r"[\[(<'\"]?\s*(?:anonymous|an[oó]nimo|unspecified|sin\s+especificar|untitled|sin\s+t[ií]tulo|unknown|desconocido|"
    r"none|null|undefined)\s*[\])>'\"]?\s*$)",  # a PDF library's placeholder: ReportLab's "(anonymous)"
    re.I,
)


def junk_title(title: str, path: Path | None = None) -> bool:
    """True for a metadata title that names no document: empty, "untitled", a file name
    ("brief.html", "Microsoft Word - informe final.docx"), the file's own name, a word
    processor's default ("Document1", "PowerPoint Presentation"), a PDF library's placeholder
    ("(anonymous)") or no words at all."""
    t = " ".join((title or "").split())
    if len(re.findall(r"[^\W\d_]", t)) < 3:
        return True
    if _TOOL_PREFIX.match(t) or _FILE_NAME.search(t):
        return True
    if path is not None and " " not in t and re.sub(r"[\W_]+", "", t).lower() in (
            re.sub(r"[\W_]+", "", path.stem).lower(), re.sub(r"[\W_]+", "", path.name).lower()):
        return True  # "informe_final_2024" as a slug; "IOM Peru Annual Report 2024" for iom-peru-annual-report-2024 is a title
    return False


# a section every report has: no title of the document ("Executive summary" of an annual report)
_SECTION_NAME = re.compile(r"^\W*(?:\d+\.?\s*)?(?:executive\s+summary|summary|resumen(?:\s+ejecutivo)?|contents|"
                           r"table\s+of\s+contents|[íi]ndice|contenido|introduction|introducci[oó]n|foreword|prefacio|preface|"
                           r"presentaci[oó]n|pr[oó]logo|acronyms|abbreviations|siglas|acr[oó]nimos|background|antecedentes)\W*$",
                           re.IGNORECASE)


def pick_title(path: Path, meta: str, headings: list[str], text: str = "") -> str:
    """The metadata title unless it is junk (:func:`junk_title`), else the first
    heading before the numbered sections that is not junk nor a section's usual name, else
    the file name."""
    meta = " ".join((meta or "").split())
    if meta and not junk_title(meta, path):
        return meta[:200]
    for h in headings:
        if _NUMBERED.match(h):
            break  # the body's numbered sections have begun: this heading and those after it are sections
        if not junk_title(h) and not _SECTION_NAME.match(h):
            return " ".join(h.split())[:200]
    return path.stem


_NUMBERED = re.compile(r"^\W*\d{1,2}(?:\.\d{1,2})*\.?\s")  # "2. Descripción del programa": a section, not the document
