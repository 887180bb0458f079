"""Structured records (recommendations, actions, commitments, indicators, priorities).

Work in progress: extraction patterns land with the records issue.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .types import Document


@dataclass(frozen=True)
class Record:
    """One structured item with its citation and the exact source text."""

    doc: str
    kind: str
    number: str
    text: str
    page_start: int | None = None
    page_end: int | None = None
    section: tuple[str, ...] = ()
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section"] = list(self.section)
        return d


def extract_records(doc: Document) -> list[Record]:
    """Records found in ``doc`` (pure function of the document)."""
    return []
