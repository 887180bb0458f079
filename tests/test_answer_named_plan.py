"""A question that names a plan by its genre and country ("¿A qué se compromete el plan de
Paraguay …?") is answered from that plan: its action "El Ministerio de la Niñez … aprobará un
protocolo …" (9 log-odds ahead) gave way to a regional update's commitment row "C4 Deploy
mobile documentation clinics in Paraguayan border departments …", because only a document
named by its organisation kept the commitment preference to itself."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.candidates import Candidate
from puente.index.answer.scoring.prefer import asked_kind
from puente.index.search.searcher import Hit
from puente.ingest.records import Record

ACTION = ("El Ministerio de la Niñez y la Adolescencia aprobará un protocolo de atención a niñas, niños y adolescentes "
          "migrantes no acompañados o separados a más tardar en junio de 2025.")
ROW = "C4 Deploy mobile documentation clinics in Paraguayan border departments Centro Pro-Migrante Asunción On track 70%"
QUESTION = "¿A qué se compromete el plan de Paraguay en relación con los menores migrantes que llegan sin sus padres?"


def _cands(plan_title: str):
    plan = Chunk(doc="paraguay-plan", title=plan_title, text=ACTION, start=0, end=len(ACTION))
    update = Chunk(doc="regional-update", title="Regional Protection Sector: Progress Update, Q4 2024", text=ROW,
                   start=0, end=len(ROW))
    a = Candidate(Hit(plan, 1.0, 0.85, 1), ACTION, 0, len(ACTION))
    b = Candidate(Hit(update, 0.5, 0.8, 2), ROW, 0, len(ROW))
    for c, score, named in ((a, 78.3, 1.0), (b, 68.9, 0.0)):
        c.score = score
        c.features.update(type_raw=1.0, named=named)
    records = [Record(doc="regional-update", kind="commitment", number="C4", text=ROW[3:70], start=0, end=len(ROW))]
    return a, b, records


def test_a_plan_named_by_its_genre_keeps_its_own_action():
    a, b, records = _cands("Plan Nacional de Acción sobre Migración 2025-2028")
    assert asked_kind(a, [a, b], analyse(QUESTION, "es"), records) is a
    # named by a country alone, the document does not keep it: another's commitment answers
    a, b, records = _cands("Informe de resultados 2024")
    assert asked_kind(a, [a, b], analyse(QUESTION, "es"), records) is b
