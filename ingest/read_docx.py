"""Word (.docx) reader (python-docx): paragraphs in reading order, headings (the Title
and Heading 1..n styles, or an outline level) as sections, list items with their bullet
or number, tables row by row (cells separated by a tab). Word has no pages to cite, so
paragraphs are numbered: each heading, paragraph, list item and table row is one."""
from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from puente.common.errors import ReadError
from puente.common.settings import Settings
from puente.common.types import Document

from .blocks import BULLET, Block, junk_title, row_line, structured_document

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^\s*(?:heading|t[ií]tulo|überschrift|titre)\s*([1-9])\s*$", re.I)
_TITLE_STYLE = re.compile(r"^\s*(?:title|t[ií]tulo)\s*$", re.I)
_TOC_STYLE = re.compile(r"^\s*(?:toc|tdc)\s*(?:heading|\d)", re.I)
MEDIA_FACTOR = 4  # all parts of a package may inflate to this many times the byte limit
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DEFAULT_MAX_BYTES = Settings().max_bytes
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _attr(el, name: str) -> str | None:
    return None if el is None else el.get(f"{_W}{name}")


def _style_chain(style):
    """The paragraph's style and the styles it is based on (at most 6)."""
    for _ in range(6):
        if style is None:
            return
        yield style
        style = style.base_style


class _Styles:
    """What a paragraph's style says (heading level by name or outline level, table of
    contents, list numbering), looked up once per style id: python-docx searches the
    styles part on every ``paragraph.style``, which over a million paragraphs took minutes."""

    def __init__(self):
        self._cache: dict[str | None, tuple[int | None, int | None, bool, object]] = {}

    def of(self, paragraph) -> tuple[int | None, int | None, bool, object]:
        """``(level from a style name, level from a style's outline, is a table of
        contents, the style's numPr element or None)`` of ``paragraph``'s style."""
        sid = paragraph._p.style
        if sid not in self._cache:
            try:
                chain = list(_style_chain(paragraph.style))
            except Exception:  # noqa: BLE001 - a broken styles part: no heading from styles
                chain = []
            named = outline = num_pr = None
            for st in chain:
                name = st.name or ""
                if _TITLE_STYLE.match(name):
                    named = 1
                    break
                m = _HEADING_STYLE.match(name)
                if m:
                    named = int(m.group(1))
                    break
            for st in chain:
                outline = outline or _outline(st.element.pPr)
                spp = st.element.pPr
                if num_pr is None and spp is not None:
                    num_pr = spp.find(f"{_W}numPr")
            toc = any(_TOC_STYLE.match(st.name or "") for st in chain)
            self._cache[sid] = (named, outline, toc, num_pr)
        return self._cache[sid]


def _outline(ppr) -> int | None:
    lvl = _attr(ppr.find(f"{_W}outlineLvl") if ppr is not None else None, "val")
    return int(lvl) + 1 if lvl is not None and lvl.isdigit() and int(lvl) < 9 else None


def heading_level(paragraph, styles: _Styles | None = None) -> int | None:
    """1 for the Title style, ``n`` for Heading n (or a style based on it), else the
    paragraph's or its style's outline level (Word's navigation pane), else ``None``."""
    named, outline, _, _ = (styles or _Styles()).of(paragraph)
    if named is not None:
        return named
    own = _outline(paragraph._p.pPr)
    return own if own is not None else outline


def _fmt_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = ""
        for v, r in _ROMAN:
            while n >= v:
                s, n = s + r, n - v
        return s.upper() if fmt == "upperRoman" else s
    return str(n)


class _Numbering:
    """List labels: "• " for bullets, "1. ", "a) "... for numbered lists, counted in
    document order the way Word does (a level restarts after a higher level)."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counts: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: no list labels
            return
        abstract = {_attr(a, "abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = _attr(num.find(f"{_W}abstractNumId"), "val")
            a = abstract.get(ref)
            if a is None:
                continue
            for lvl in a.iter(f"{_W}lvl"):
                ilvl = int(_attr(lvl, "ilvl") or 0)
                fmt = _attr(lvl.find(f"{_W}numFmt"), "val") or "decimal"
                text = _attr(lvl.find(f"{_W}lvlText"), "val") or f"%{ilvl + 1}."
                start = _attr(lvl.find(f"{_W}start"), "val") or "1"
                self.levels[(_attr(num, "numId"), ilvl)] = (fmt, text, int(start) if start.isdigit() else 1)

    def label(self, paragraph, styles: _Styles) -> str | None:
        ppr = paragraph._p.pPr
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            num_pr = styles.of(paragraph)[3]
        if num_pr is None:
            return None
        num_id = _attr(num_pr.find(f"{_W}numId"), "val")
        ilvl = int(_attr(num_pr.find(f"{_W}ilvl"), "val") or 0)
        if num_id in (None, "0") or (num_id, ilvl) not in self.levels:
            return None
        fmt, text, start = self.levels[(num_id, ilvl)]
        if fmt == "bullet":
            return BULLET
        if fmt == "none":
            return None
        counts = self.counts.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(0)
        counts[ilvl] += 1
        del counts[ilvl + 1:]
        values = {}
        for lv in range(ilvl + 1):
            f, _, first = self.levels.get((num_id, lv), ("decimal", "", 1))
            values[lv + 1] = _fmt_number(first - 1 + max(1, counts[lv]), f)
        label = re.sub(r"%([1-9])", lambda m: values.get(int(m.group(1)), ""), text).strip()
        return f"{label} " if label else None


def _blocks(document) -> list[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    styles = _Styles()
    body = document._body
    out: list[Block] = []
    group = 0

    def walk(parent_el) -> None:
        nonlocal group
        for el in parent_el.iterchildren():
            tag = el.tag
            if tag == f"{_W}p":
                p = Paragraph(el, body)
                text = p.text
                if not text.strip() or styles.of(p)[2]:
                    continue
                level = heading_level(p, styles)
                if level is not None:
                    out.append(Block("heading", text, level))
                    continue
                label = numbering.label(p, styles)
                if label:
                    if not out or out[-1].kind != "item":
                        group += 1
                    out.append(Block("item", label + text.strip(), group=group))
                else:
                    out.append(Block("para", text))
            elif tag == f"{_W}tbl":
                last = None
                for table, row in _rows(Table(el, body)):
                    if table is not last:  # a table nested in a cell is a table of its own
                        group, last = group + 1, table
                    out.append(Block("row", row, group=group))
            elif tag == f"{_W}sdt":  # a content control: a cover page, a table of contents...
                gallery = el.find(f".//{_W}docPartGallery")
                if gallery is not None and "table of contents" in (_attr(gallery, "val") or "").lower():
                    continue
                content = el.find(f"{_W}sdtContent")
                if content is not None:
                    walk(content)

    walk(document.element.body)
    return out


COVER_POINTS = 16  # a cover page's title is set larger than this, in bold
COVER_PARAGRAPHS = 25  # a cover page's paragraphs (empty ones included): a body's bold line further down is no title
COVER_WORDS = 40  # a longer paragraph is the body's


def cover_title(document) -> str:
    """The title a cover page sets by hand, before the first heading, the body's first long
    paragraph and the ``COVER_PARAGRAPHS``-th paragraph: the line all in bold of at least
    ``COVER_POINTS`` points and 3-25 words set larger than any other line there ("Plan
    Nacional de Integración y Convivencia Intercultural 2025-2029" at 22 pt over "REPÚBLICA
    DE VALMIRA" at 14 pt); "" when there is none."""
    styles = _Styles()
    best, size, largest = "", COVER_POINTS - 0.01, 0.0
    for k, p in enumerate(document.paragraphs):
        text = " ".join(p.text.split())
        if heading_level(p, styles) is not None or k >= COVER_PARAGRAPHS or len(text.split()) > COVER_WORDS:
            break
        runs = [r for r in p.runs if r.text.strip()]
        points = max((r.font.size.pt for r in runs if r.font.size is not None), default=0.0)
        largest = max(largest, points)
        if runs and 3 <= len(text.split()) <= 25 and all(r.bold for r in runs) and points > size:
            best, size = text, points
    return best if best and size >= largest else ""


def _rows(table) -> list[tuple[object, str]]:
    """Each row's cells joined by a tab, one place per column of the table's grid: a cell
    merged across columns gives its text once and empty places for the other columns it
    spans, a cell merged down from the row above (its continuation) and an empty cell an
    empty place, so that a column's cells stay under its header (as the web reader's
    tables, whose ``colspan`` and ``rowspan`` are kept the same way). A table nested in a
    cell follows the table, its rows as a table of their own: ``(table, row)`` pairs."""
    from docx.table import Table

    rows: list[tuple[object, str]] = []
    nested: list = []
    above: list = []  # the row above's cell elements (held, so that ``is`` compares them)
    for row in table.rows:
        cells, seen, tcs = [], set(), []
        for k, cell in enumerate(row.cells):
            tc = cell._tc
            tcs.append(tc)
            merged_down = k < len(above) and above[k] is tc
            if id(tc) in seen or merged_down:
                cells.append("")
            else:
                cells.append(" ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip()))
            seen.add(id(tc))
        above = tcs
        if any(cells):
            rows.append((table, row_line(cells)))
        nested += [inner for tc in dict.fromkeys(tcs) for inner in tc.xpath("./w:tbl")]  # each cell once
    for inner in dict.fromkeys(nested):  # a cell merged down holds its tables once
        rows.extend(_rows(Table(inner, table._parent)))
    return rows


def check_inflation(path: Path, infos: list[zipfile.ZipInfo], max_bytes: int) -> None:
    """Refuse a ZIP package (.docx) whose parts inflate past the byte limit before any is
    read: the XML parts, which are parsed whole, against ``max_bytes``; all parts together
    against ``MEDIA_FACTOR`` times it (images barely inflate). The sizes are the ones the
    package declares, and ``zipfile`` never inflates a part past its declared size (a part
    that claims less fails its CRC check)."""
    mb = 1024 * 1024
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    total = sum(i.file_size for i in infos)
    if xml > max_bytes or total > MEDIA_FACTOR * max_bytes:
        what = f"its XML inflates to {xml / mb:,.0f} MB" if xml > max_bytes else f"its parts inflate to {total / mb:,.0f} MB"
        raise ReadError(path, f"{what}, above the {max_bytes / mb:.3g} MB limit "
                              "(a ZIP bomb, or a document too large to read whole)",
                        "split the document, or raise the limit (--max-file-mb or PUENTE_MAX_FILE_MB)")


def read_docx(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a Word .docx file (see the module's docstring); ``max_bytes`` also bounds what
    its ZIP parts inflate to (:func:`check_inflation`)."""
    path = Path(path)
    data = path.read_bytes()
    if data.startswith(_OLE_MAGIC):
        raise ReadError(path, "a password-protected Word file or an old .doc saved as .docx",
                        "open it in Word and save it as .docx without a password")
    if not data.startswith(b"PK"):
        raise ReadError(path, "not a Word .docx file (no ZIP package)", "open it in Word and save it again as .docx")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(path, "corrupt or truncated Word file (a broken ZIP package)",
                        "open it in Word and save it again as .docx") from exc
    check_inflation(path, infos, max_bytes)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise ReadError(path, "not a Word document (a ZIP file without one)",
                        "open it in Word and save it again as .docx")
    try:
        import docx

        document = docx.Document(str(path))
        blocks = _blocks(document)
        meta_title = document.core_properties.title or ""
        if junk_title(meta_title, path):
            meta_title = cover_title(document) or meta_title
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(path, f"corrupt or truncated Word file ({type(exc).__name__})",
                        "open it in Word and save it again as .docx") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml may raise anything on junk input
        raise ReadError(path, f"unreadable Word file ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
                        "open it in Word and save it again as .docx") from exc
    if not any(b.text.strip() for b in blocks):
        raise ReadError(path, "no text in the document (only images, or empty)",
                        "if it holds scanned pages, save it as PDF and run OCR (e.g. `ocrmypdf in.pdf out.pdf`)")
    return structured_document(path, blocks, meta_title, hashlib.sha256(data).hexdigest())
