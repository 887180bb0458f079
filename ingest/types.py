"""The one chunk type that travels from reader to index to CLI, app and exports."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


def pages_label(page_start: int | None, page_end: int | None) -> str:
    """``p. 4`` or ``pp. 4-5``; empty for documents without pages."""
    if page_start is None:
        return ""
    if page_end is None or page_end == page_start:
        return f"p. {page_start}"
    return f"pp. {page_start}-{page_end}"


def format_citation(doc: str, page_start: int | None, page_end: int | None, section: tuple[str, ...]) -> str:
    """``doc, p. 4, RECOMMENDATION 2``: document, pages, innermost section."""
    parts = [doc]
    label = pages_label(page_start, page_end)
    if label:
        parts.append(label)
    if section:
        parts.append(section[-1])
    return ", ".join(parts)


class Cited:
    """Mixin for items that carry ``doc``, ``page_start``, ``page_end`` and ``section``."""

    doc: str
    page_start: int | None
    page_end: int | None
    section: tuple[str, ...]

    @property
    def pages_label(self) -> str:
        return pages_label(self.page_start, self.page_end)

    @property
    def citation(self) -> str:
        """``doc, p. 4, RECOMMENDATION 2`` — the string every output prints."""
        return format_citation(self.doc, self.page_start, self.page_end, self.section)


@dataclass(frozen=True)
class Page:
    """Text of one page (``number`` is 1-based; ``None`` for formats without pages)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Document:
    """A read document: its stem, title, pages and the joined full text.

    ``page_offsets[i]`` is the char offset in ``text`` where page ``i`` starts.
    """

    doc: str
    title: str
    pages: tuple[Page, ...]
    source: str = ""
    sha256: str = ""

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
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.start}-{self.end}"

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section"] = list(self.section)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Chunk":
        d = dict(d)
        d["section"] = tuple(d.get("section") or ())
        d.pop("citation", None)
        d.pop("section_path", None)
        return cls(**d)
