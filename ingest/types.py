"""The one chunk type that travels from reader to index to CLI, app and exports."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
class Chunk:
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

    @property
    def pages_label(self) -> str:
        if self.page_start is None:
            return ""
        if self.page_end is None or self.page_end == self.page_start:
            return f"p. {self.page_start}"
        return f"pp. {self.page_start}-{self.page_end}"

    @property
    def citation(self) -> str:
        """``doc, p. 4, RECOMMENDATION 2`` — the string every output prints."""
        parts = [self.doc]
        if self.pages_label:
            parts.append(self.pages_label)
        if self.section:
            parts.append(self.section[-1])
        return ", ".join(parts)

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
