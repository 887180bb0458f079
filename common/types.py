"""The one chunk type that travels from reader to index to CLI, app and exports."""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass, field, fields, replace


def pages_label(page_start: int | None, page_end: int | None,
                para_start: int | None = None, para_end: int | None = None) -> str:
    """``p. 4`` or ``pp. 4-5``; for documents without pages (Word, web pages, text) the
    paragraph, ``¶ 12`` or ``¶¶ 12-14``, when the reader numbered them; else empty."""
    if page_start is None:
        if para_start is None:
            return ""
        if para_end is None or para_end == para_start:
            return f"¶ {para_start}"
        return f"¶¶ {para_start}-{para_end}"
    if page_end is None or page_end == page_start:
        return f"p. {page_start}"
    return f"pp. {page_start}-{page_end}"


def format_citation(doc: str, page_start: int | None, page_end: int | None, section: tuple[str, ...],
                    para_start: int | None = None, para_end: int | None = None, ocr: bool = False) -> str:
    """``doc, p. 4, RECOMMENDATION 2`` (or ``doc, ¶ 12, Section`` for a document without
    pages): document, pages or paragraphs, innermost section; ``p. 4 (OCR)`` when the
    text was recognised from the page image."""
    parts = [doc]
    label = pages_label(page_start, page_end, para_start, para_end)
    if label:
        parts.append(f"{label} (OCR)" if ocr else label)
    if section:
        parts.append(section[-1])
        if len(section) >= 2 and _PART_OF_ITEM.match(section[-1]):  # "Recomendación 3 — Respuesta de la gerencia: …"
            parts[-1] = f"{section[-2].split(':')[0].strip()} — {section[-1]}"
    return ", ".join(parts)


# a heading that names a part of the item above it, under every item alike: the item's own label is cited too
_PART_OF_ITEM = re.compile(r"^(?:management\s+response|respuesta\s+de\s+la\s+(?:gerencia|administraci[oó]n)|"
                           r"respuesta\s+gerencial|key\s+actions?|acciones\s+clave|justificaci[oó]n|justification)\s*(?::|$)",
                           re.IGNORECASE)


def cite_as(citation: str, doc: str, name: str) -> str:
    """``citation`` (which starts with ``doc``, as :func:`format_citation` writes it) naming
    the document ``name`` instead: briefings name a document by its title."""
    if name and citation.startswith(doc) and citation[len(doc):len(doc) + 1] in ("", ","):
        return name + citation[len(doc):]
    return citation


def ocr_between(item, page_start: int | None, page_end: int | None) -> bool:
    """Whether any of the pages ``page_start``..``page_end`` of ``item`` (a chunk) was read
    by OCR (its ``extra["ocr_pages"]``)."""
    pages = (getattr(item, "extra", None) or {}).get("ocr_pages") or ()
    if not pages or page_start is None:
        return False
    return any(page_start <= n <= (page_end or page_start) for n in pages)


class Cited:
    """Mixin for items that carry ``doc``, ``page_start``, ``page_end`` and ``section``
    (and, optionally, ``para_start``/``para_end`` for documents without pages)."""

    doc: str
    page_start: int | None
    page_end: int | None
    section: tuple[str, ...]

    @property
    def pages_label(self) -> str:
        return pages_label(self.page_start, self.page_end,
                           getattr(self, "para_start", None), getattr(self, "para_end", None))

    @property
    def citation(self) -> str:
        """``doc, p. 4, RECOMMENDATION 2`` or ``doc, ¶ 12, Section`` — the string every output prints."""
        return format_citation(self.doc, self.page_start, self.page_end, self.section,
                               getattr(self, "para_start", None), getattr(self, "para_end", None),
                               ocr_between(self, self.page_start, self.page_end))


@dataclass(frozen=True)
class Page:
    """Text of one page (``number`` is 1-based; ``None`` for formats without pages)."""

    number: int | None
    text: str
    ocr: bool = False  # the text was recognised from the page image (Tesseract), not read from the PDF


@dataclass(frozen=True)
class Heading:
    """A heading the reader found from the file's own structure (a Word heading style,
    an HTML ``<h2>``, a Markdown ``#`` line): ``start`` is the char offset in
    ``Document.text`` where its line starts; the line holds ``title`` without markers."""

    start: int
    level: int
    title: str


@dataclass(frozen=True)
class Document:
    """A read document: its stem, title, pages and the joined full text.

    ``page_offsets[i]`` is the char offset in ``text`` where page ``i`` starts.
    ``headings`` are the headings the file itself marks (the chunker also finds headings
    by its text rules); ``paragraphs[i]`` is the char offset in ``text`` where paragraph
    ``i + 1`` starts, for formats without pages that number paragraphs (empty otherwise).
    """

    doc: str
    title: str
    pages: tuple[Page, ...]
    source: str = ""
    sha256: str = ""
    headings: tuple[Heading, ...] = ()
    paragraphs: tuple[int, ...] = ()
    structured: bool = False  # blocks from the file's own structure (Word, web page), a blank line apart

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)

    @property
    def page_offsets(self) -> list[int]:
        offs, pos = [], 0
        for p in self.pages:
            offs.append(pos)
            pos += len(p.text) + 2
        return offs

    @property
    def n_pages(self) -> int:
        return sum(1 for p in self.pages if p.number is not None)


@dataclass(frozen=True)
class Chunk(Cited):
    """A passage and its citation.

    ``start``/``end`` are char offsets into ``Document.text`` of the document the
    chunk came from; ``text`` is exactly that slice.
    """

    doc: str
    title: str
    text: str
    section: tuple[str, ...] = ()
    page_start: int | None = None
    page_end: int | None = None
    lang: str = ""
    start: int = 0
    end: int = 0
    kind: str = "text"  # "text" for prose, "row" for table/indicator lines
    para_start: int | None = None  # 1-based paragraphs, for documents without pages (Word, web pages)
    para_end: int | None = None
    page_breaks: tuple[int, ...] = ()  # offsets in ``text`` where pages page_start + 1, + 2, … begin
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.start}-{self.end}"

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    def pages_of(self, start: int, end: int) -> tuple[int | None, int | None]:
        """The pages that ``text[start:end]`` lies on (a sentence of a passage that spans
        a page break is on one of its pages)."""
        if self.page_start is None or not self.page_breaks:
            return self.page_start, self.page_end
        first = self.page_start + bisect.bisect_right(self.page_breaks, start)
        last = self.page_start + bisect.bisect_right(self.page_breaks, max(start, end - 1))
        return first, last

    def text_on(self, page: int) -> str:
        """The part of the passage on ``page`` (the whole text when its page breaks are not
        known): what the page view highlights there."""
        if self.page_start is None or not self.page_breaks or not self.page_start <= page <= (self.page_end or page):
            return self.text
        cuts = [0, *self.page_breaks, len(self.text)]
        i = min(page - self.page_start, len(cuts) - 2)
        return self.text[cuts[i]:cuts[i + 1]]

    def citation_of(self, start: int, end: int) -> str:
        """The citation of a piece of this passage (``text[start:end]``): its own page."""
        p0, p1 = self.pages_of(start, end)
        return format_citation(self.doc, p0, p1, self.section, self.para_start, self.para_end, ocr_between(self, p0, p1))

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section"] = list(self.section)
        d["page_breaks"] = list(self.page_breaks)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Chunk":
        d = dict(d)
        d["section"] = tuple(d.get("section") or ())
        d["page_breaks"] = tuple(d.get("page_breaks") or ())
        d.pop("citation", None)
        d.pop("section_path", None)
        return cls(**d)


@dataclass(frozen=True)
class DocInfo:
    """What an index knows of one document (a row of the version's ``docs.json``): its
    title and language, size, the file it came from and when, its content hash (unchanged
    files are skipped by it), and the form lines repeated on its pages (left out of what is
    embedded)."""

    doc: str
    title: str = ""
    lang: str = ""
    pages: int | None = None  # None for Word and web reports
    chunks: int = 0
    sha256: str = ""
    source: str = ""  # the file's path when it was ingested
    repeated_lines: tuple[str, ...] = ()
    ingested_at: str = ""

    @classmethod
    def of(cls, doc: str, value: DocInfo | dict) -> DocInfo:
        """``value`` as a DocInfo: a ``docs.json`` row (keys this version does not know are
        left out) or a DocInfo already."""
        if isinstance(value, DocInfo):
            return value
        known = {f.name for f in fields(cls)}
        row = {k: v for k, v in (value or {}).items() if k in known} | {"doc": doc}
        row["repeated_lines"] = tuple(row.get("repeated_lines") or ())
        return cls(**row)

    def to_dict(self) -> dict:
        return asdict(self) | {"repeated_lines": list(self.repeated_lines)}

    def moved(self, source: str) -> DocInfo:
        """The same document, its file now at ``source``."""
        return replace(self, source=source)


def docs_json(docs: dict[str, DocInfo | dict]) -> str:
    """An index version's ``docs.json``: each document's facts by name."""
    import json

    return json.dumps({d: DocInfo.of(d, v).to_dict() for d, v in docs.items()}, ensure_ascii=False, indent=1)
