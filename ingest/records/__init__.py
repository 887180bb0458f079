"""Structured records: recommendations, actions, commitments, indicators, priorities.

Pure functions of a :class:`Document` (no model, no globals). Patterns are generic,
in English and Spanish:

* management-response matrices — "RECOMMENDATION 1:", "Recomendaciones de evaluación
  No. 1", with their labelled fields ("Unit or function responsible:", "Recomendación
  dirigida a:", "Nivel de prioridad (1 a 3): 2", "Management response: …") and their
  numbered planned actions ("1.1 …" or "1 …") with who / deadline / status;
* action-plan commitments — bullets under an ALL-CAPS area heading in a document that
  speaks of commitments or pledges;
* indicator tables — a header row naming indicator, population, baseline, target and
  actual columns, rows whose cells are separated by runs of 3+ spaces and wrap over lines;
* priorities — lettered sections ("A) …", "B) …") and "Pillar one:" paragraphs.

Fields the source does not state stay empty. PDF tables whose columns arrive
interleaved are recovered only as far as docs/records.md describes.
"""
from __future__ import annotations

from puente.common.types import Document

from ..chunker import split_lines as _lines
from .commitments import _commitments, declared_counts
from .indicators import _indicators
from .patterns import _Locator
from .priorities import _priorities
from .record import KINDS, Record
from .responses import _recommendations

__all__ = ["KINDS", "Record", "declared_counts", "extract_records"]


def extract_records(doc: Document) -> list[Record]:
    """Records found in ``doc`` (pure function of the document), in text order."""
    if not doc.pages or not doc.text.strip():
        return []
    lines = _lines(doc.text)
    loc = _Locator(doc)
    recs = _recommendations(lines, loc) + _commitments(lines, loc) + _indicators(lines, loc) + _priorities(lines, loc)
    return sorted(recs, key=lambda r: (r.start, KINDS.index(r.kind)))
