"""A year that dates a source the question names ("la auditoría de 2022", "the 2021
evaluation") is not when the thing asked happened: a 2025 audit's follow-up row of the 2022
audit's recommendation ("3 Establecer un plan de seguridad … 30/06/2023 En curso (vencida)")
answers "¿Se cumplió la recomendación de la auditoría de 2022 …?" when the document cites that
audit ("Informe OAI-2022-05"), though the row names only its 2023 deadline. Before, the answer
said the reports had nothing for 2022."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.answer_type import dates_a_source
from puente.index.answer.asked.question import analyse
from puente.index.answer.checks import missing
from puente.index.answer.read.candidates import Candidate
from puente.index.search.searcher import Hit

QUESTION = "¿Se cumplió la recomendación de la auditoría de 2022 sobre el plan de seguridad para el personal?"
INTRO = Chunk(doc="auditoria-2025", title="Informe de auditoría interna OAI-2025-03", start=0, end=80,
              text="La auditoría anterior de la oficina (Informe OAI-2022-05) formuló cuatro recomendaciones.")
ROW = "3 Establecer un plan de seguridad para el personal 30/06/2023 En curso (vencida)"
TABLE = Chunk(doc="auditoria-2025", title="Informe de auditoría interna OAI-2025-03", text=ROW, start=80, end=160)


def _row_missing(chunks) -> list:
    c = Candidate(Hit(TABLE, 1.0, 0.85, 1, (0, len(ROW))), ROW, 0, len(ROW), "passage")
    return missing(analyse(QUESTION, "es"), c, {"chunks": chunks})


def test_a_year_that_dates_a_named_source():
    assert dates_a_source(QUESTION, "2022")
    assert dates_a_source("What did the 2021 evaluation recommend on cash?", "2021")
    assert dates_a_source("¿Qué dice el informe del año 2023 sobre el empleo?", "2023")
    assert not dates_a_source("How many people were assisted in 2023?", "2023")
    assert not dates_a_source("What did the report say about 2023 returns?", "2023")


def test_the_row_of_a_cited_sources_recommendation_holds_its_year():
    assert _row_missing([INTRO, TABLE]) == []
    # a document that never cites the 2022 audit: its 2023 row is not about 2022
    assert [v for _, v in _row_missing([TABLE])] == ["2022"]
