"""The structured record type: one recommendation, action, commitment, indicator or priority."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from puente.common.types import Cited

KINDS = ("recommendation", "action", "commitment", "indicator", "priority")
# what a comparison or follow-through shows under a record's statement, when the source states it:
# who, by when and how far for an action; for whom and which figures for an indicator's row
FACTS = ("population", "responsible", "deadline", "status", "baseline", "target", "actual")


@dataclass(frozen=True)
class Record(Cited):
    """One structured item with its citation and the exact source text.

    ``text`` is the item's own statement (whitespace collapsed); ``detail`` the rest of
    its source span as it arrives from the PDF (other table cells, section body).
    ``parent`` is the number of the recommendation an action belongs to; ``reason`` why
    management answered a recommendation as it did, when a labelled field says so.
    ``start``/``end`` are char offsets of the whole item in ``Document.text``.
    """

    doc: str
    kind: str
    number: str
    text: str
    parent: str = ""
    area: str = ""
    responsible: str = ""
    deadline: str = ""
    status: str = ""
    priority: str = ""
    response: str = ""
    reason: str = ""
    population: str = ""
    baseline: str = ""
    target: str = ""
    actual: str = ""
    detail: str = ""
    page_start: int | None = None
    page_end: int | None = None
    section: tuple[str, ...] = ()
    start: int = 0
    end: int = 0

    @property
    def facts(self) -> list[tuple[str, str]]:
        """``(field, value)`` of the ``FACTS`` the source states for this record."""
        return [(k, getattr(self, k)) for k in FACTS if getattr(self, k)]

    @property
    def stated_response(self) -> str:
        """The management response with the ``reason`` the document gives for it
        ("Justificación: …", or the response's own words after the option: "Partially
        agree. WFP agrees … but …"), else as its cell states it when the detail is that cell
        (a Word or web matrix's recommendation), else the response alone."""
        if self.response and self.reason:
            return f"{self.response.rstrip('.')}. {self.reason}"
        detail = " ".join(self.detail.split())
        return detail if self.response and detail.startswith(self.response) else self.response

    @property
    def key(self) -> str:
        """Number qualified by its recommendation: ``3.1`` for action 1 of recommendation 3."""
        if self.parent and not self.number.startswith(self.parent + "."):
            return f"{self.parent}.{self.number}"
        return self.number

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section"] = list(self.section)
        d["citation"] = self.citation
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["section"] = tuple(kw.get("section") or ())
        return cls(**kw)
