"""Structured records: recommendations, actions, commitments, indicators, priorities.

Pure functions of a :class:`Document` (no model, no globals). Patterns are generic,
in English and Spanish:

* management-response matrices — "RECOMMENDATION 1:", "Recomendaciones de evaluación
  No. 1", with their labelled fields ("Unit or function responsible:", "Recomendación
  dirigida a:", "Nivel de prioridad (1 a 3): 2", "Management response: …") and their
  numbered planned actions ("1.1 …" or "1 …", or a PDF table's wrapped rows:
  ``wrapped_rows``) with who / deadline / status;
* action-plan commitments — bullets under an ALL-CAPS area heading in a document that
  speaks of commitments or pledges, and a plan's numbered or labelled items with the
  facts stated under them;
* indicator tables — a header row naming indicator, population, baseline, target and
  actual columns, rows whose cells are separated by runs of 3+ spaces and wrap over lines;
* a report's recommendations listed under its "Recommendations" heading with the facts
  stated under each (``listed``);
* priorities — lettered sections ("A) …", "B) …") and "Pillar one:" paragraphs;
* the tables of Word files, web pages and Markdown (cells separated by a tab), by the
  roles their header row names (``tabular``): response matrices, commitment tables and
  annexes, indicator tables.

Fields the source does not state stay empty. PDF tables whose columns arrive
interleaved are recovered only as far as docs/records.md describes.
"""
from __future__ import annotations

import re
from dataclasses import replace

from puente.common.types import Document

from ..chunker import split_lines as _lines
from ..headings import Line
from .commitments import _commitments, declared_counts, numbered_commitments
from .dashboard import dashboard_actions
from .indicators import _indicators
from .listed import announced_commitments, listed_actions, listed_recommendations
from .marked_items import marked_commitments
from .patterns import _Locator
from .pledges import pledged_commitments
from .priorities import _priorities
from .record import KINDS, Record
from .responses import _recommendations
from .tabular import tabular_records

__all__ = ["KINDS", "Record", "declared_counts", "extract_records"]


def extract_records(doc: Document) -> list[Record]:
    """Records found in ``doc`` (pure function of the document), in text order."""
    if not doc.pages or not doc.text.strip():
        return []
    lines = _lines(doc.text)
    loc = _Locator(doc)
    tables, taken = tabular_records(lines, loc)
    rest = [Line(ln.start, ln.end, "") if k in taken else ln for k, ln in enumerate(lines)] if taken else lines
    recs = (_recommendations(rest, loc) + _commitments(rest, loc) + _indicators(rest, loc) + _priorities(rest, loc))
    if not any(r.kind == "recommendation" for r in recs + tables):  # a report's listed recommendations, not a matrix's
        recs += listed_recommendations(rest, loc)
    if not any(r.kind == "recommendation" for r in recs + tables):  # a plan's numbered items, not a matrix's actions
        recs += numbered_commitments(rest, loc)
    if not any(r.kind in ("recommendation", "action") for r in recs + tables):  # a progress report's status dashboard
        recs += dashboard_actions(rest, loc)
    if not any(r.kind in ("recommendation", "action") for r in recs + tables):  # minutes' agreed actions
        recs += listed_actions(rest, loc)
    if not any(r.kind == "commitment" for r in recs + tables):  # a list announced as commitments
        recs += announced_commitments(rest, loc)
    if not any(r.kind == "commitment" for r in recs + tables):  # a page of pledges, one under each numbered heading
        recs += pledged_commitments(rest, loc)
    items = ("recommendation", "action", "commitment")
    if not any(r.kind in items for r in recs) and not any(r.kind in items and r.text for r in tables):
        recs += marked_commitments(rest, loc)  # a plan's lettered or roman-numbered items, its action lines
    recs = _annexed(_unrepeated(recs, tables), tables)
    return sorted(recs, key=lambda r: (r.start, KINDS.index(r.kind)))


def _unrepeated(recs: list[Record], tables: list[Record]) -> list[Record]:
    """``recs`` without the recommendations (and their actions) a table already gave: a
    matrix's "Recomendación 2" comment section after the table is no second recommendation 2
    (a report's own recommendations before a table of an earlier report's are kept)."""
    given = {r.number: r.start for r in tables if r.kind == "recommendation"}
    return [r for r in recs if not ((r.kind == "recommendation" and r.start > given.get(r.number, _NEVER))
                                    or (r.kind == "action" and r.start > given.get(r.parent, _NEVER)))]


def _annexed(recs: list[Record], tables: list[Record]) -> list[Record]:
    """``recs`` and the records of tables, an annex's commitment row giving its responsible
    and deadline to the plan's commitment of its number (whose statement is the whole one:
    the annex names it in a few words, or not at all); a row without a statement (or whose
    statement is the numbers of the commitments it lists) that no commitment has the number of is dropped."""
    by_number = {r.number: k for k, r in enumerate(recs) if r.kind == "commitment" and r.number}
    out = list(recs)
    for t in tables:
        k = by_number.get(t.number) if t.kind == "commitment" and t.number else None
        if k is not None:
            facts = {f: getattr(t, f) for f in ("responsible", "deadline", "status") if not getattr(out[k], f)}
            out[k] = replace(out[k], **facts)
        elif (t.text and not _NUMBERS_ONLY.fullmatch(t.text)) or t.kind != "commitment":
            out.append(t)
    return out


# an annex row that lists the numbers of the commitments a unit leads ("1.1, 1.4 and 2.3") states none
_NEVER = float("inf")
_NUMBERS_ONLY = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*|[,;&/\s–-]|\band\b|\by\b)+", re.I)
