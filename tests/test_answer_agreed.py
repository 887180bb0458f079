"""A paragraph action (a meeting's "Acuerdo 4.", a plan's "Acción 3.2.") has no table row to
show: who or when it is asked is quoted with its statement down to that fact's line, as a
commitment's is, not as the bare "Responsable: … / Fecha: …" lines that a briefing cannot use
without the item they belong to."""
from __future__ import annotations

from puente.index.answer.read.evidence import evidence
from puente.ingest.records import Record

SPAN = ("Acuerdo 4. Presentar una propuesta de ruta de referencia para personas retornadas que no pueden regresar "
        "a su comunidad.\nResponsable: OIM, con el apoyo de Cruz Roja\nFecha: próxima reunión ordinaria (10 de abril de 2025)")
AGREED = Record(doc="acta", kind="action", number="4", text=SPAN.split("\n")[0][11:], start=0, end=len(SPAN),
                responsible="OIM, con el apoyo de Cruz Roja", deadline="próxima reunión ordinaria (10 de abril de 2025)")


def test_a_paragraph_actions_lead_and_date_are_quoted_with_its_statement():
    assert evidence(AGREED, "responsible", [SPAN]) == " ".join(SPAN.split("\n")[:2])
    assert evidence(AGREED, "responsible+deadline", [SPAN]) == " ".join(SPAN.split())
    # a table row's action shows its row (its detail), as before
    row = Record(doc="mr", kind="action", number="1.1", text="Draft the strategy.", responsible="Unit A",
                 deadline="Q4 2024", detail="1.1 Draft the strategy. Unit A Q4 2024 Completed")
    assert evidence(row, "deadline", [SPAN]) == row.detail


def test_a_word_tables_row_is_quoted_as_the_document_has_it():
    """A Word or web table's action keeps its cells apart by " · " in its detail; the quote
    is the row as the document has it (cells apart by spaces), so it can be pasted and found."""
    row = "1. Prevención\t1.1 Sistema de alerta temprana\tSecretaría de Seguridad\tJunio de 2025\tMunicipios con el sistema"
    r = Record(doc="plan", kind="action", number="1.1", text="Sistema de alerta temprana", responsible="Secretaría de Seguridad",
               deadline="Junio de 2025", detail=" · ".join(row.split("\t")))
    assert evidence(r, "responsible", [row]) == " ".join(row.split())
    # a row the passage does not hold as such: its detail, as before
    assert evidence(r, "responsible", ["1.1 Sistema de alerta temprana"]) == r.detail
