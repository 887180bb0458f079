"""A recommendation answers the finding before it, and refers back to that finding's places
without repeating them: "¿Qué recomendó la auditoría … para evitar pagos duplicados … en
Lajas Blancas y San Vicente?" quoted the finding ("se detectaron 18 hogares registrados dos
veces, una en Lajas Blancas y otra en San Vicente") because the recommendation ("… para
ambas ERM") did not name the stations."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.checks import missing
from puente.index.answer.findings import finding_before
from puente.index.answer.read.candidates import Candidate
from puente.index.search.searcher import Hit

DOC = "auditoria-interna-programa-2025"
PARENT = ("Informe de auditoría", "3. Hallazgos y recomendaciones")
FINDING = Chunk(doc=DOC, title="Informe de auditoría interna", lang="es", section=PARENT + ("Hallazgo 1",), start=0, end=180,
                text="Hallazgo 1: Verificación de personas beneficiarias. Se detectaron 18 hogares registrados dos veces, "
                     "una en Lajas Blancas y otra en San Vicente, que recibieron dos tarjetas de transporte.")
ADVICE = ("Implementar una base de datos única de personas beneficiarias para ambas estaciones, con un control "
          "automático de duplicados antes de cada entrega.")
RECOMMENDATION = Chunk(doc=DOC, title="Informe de auditoría interna", lang="es", section=PARENT + ("Recomendación 1",),
                       start=181, end=181 + 16 + len(ADVICE), text="Recomendación 1\n" + ADVICE)
QUESTION = ("¿Qué recomendó la auditoría interna para evitar pagos duplicados a las familias atendidas en "
            "Lajas Blancas y San Vicente?")


def _candidate(chunk: Chunk, sentence: str) -> Candidate:
    a = chunk.text.index(sentence)
    return Candidate(Hit(chunk, 1.0, 0.8, 1), sentence, a, a + len(sentence))


def test_a_recommendation_holds_the_places_of_the_finding_before_it():
    q = analyse(QUESTION, "es")
    advice = _candidate(RECOMMENDATION, ADVICE)
    assert missing(q, advice, {"chunks": [RECOMMENDATION]})  # on its own it names neither station
    cache = {"chunks": [FINDING, RECOMMENDATION]}
    assert missing(q, advice, cache) == []
    assert id(advice) in cache["unrepeated"]  # held, though the answer does not show it


def test_only_a_recommendation_takes_the_passage_before_it_under_the_same_section():
    q = analyse(QUESTION, "es")
    other = Chunk(doc=DOC, title="Informe de auditoría interna", lang="es", section=PARENT + ("Hallazgo 2",), start=181,
                  end=181 + len(ADVICE), text=ADVICE)
    assert missing(q, _candidate(other, ADVICE), {"chunks": [FINDING, other]})  # a finding is not another's answer
    elsewhere = Chunk(doc=DOC, title="Informe de auditoría interna", lang="es", section=("Informe de auditoría", "4. Seguimiento",
                                                                               "Recomendación 1"),
                      start=181, end=RECOMMENDATION.end, text=RECOMMENDATION.text)
    assert finding_before(_candidate(elsewhere, ADVICE), [FINDING, elsewhere]) == ""  # another section's passage
    assert finding_before(_candidate(RECOMMENDATION, ADVICE), [FINDING, RECOMMENDATION]) == FINDING.text



def test_the_recommendation_after_the_finding_a_question_describes_is_lifted():
    """"What did the internal auditors ask the Panama office to do about stock control at the San Vicente
    pharmacy?": within the audit, the finding on the pharmacy ranks first and its recommendation
    ("Introducir un kárdex electrónico …") far lower; the recommendation after the finding is the
    passage to read, not the first recommendation that happens to name Panama."""
    from types import SimpleNamespace

    from puente.index.answer.lift import record_passage
    from puente.ingest.records.record import Record

    def chunk(section: str, text: str, start: int) -> Chunk:
        return Chunk(doc=DOC, title="Informe", lang="es", section=PARENT + (section,), start=start, end=start + 100,
                     text=text)

    chunks = [chunk("Hallazgo 1", "Hallazgo 1: pagos duplicados.", 0), chunk("Recomendación 1", "Recomendación 1\n"
              "Implementar una base de datos única. Responsable: Coordinador de País, Panamá", 100),
              chunk("Hallazgo 2", "Hallazgo 2: inventario de la farmacia de San Vicente.", 200),
              chunk("Recomendación 2", "Recomendación 2\nIntroducir un kárdex electrónico.", 300)]
    records = [Record(doc=DOC, kind="recommendation", number=str(n), text=chunks[2 * n - 1].text, start=100 + 200 * (n - 1),
                      end=200 + 200 * (n - 1)) for n in (1, 2)]
    order = [2, 1, 0, 3]  # the finding first, the first recommendation next, its own recommendation last
    hits = [Hit(chunks[r], 1.0 - 0.1 * i, 0.8, i + 1, row=r) for i, r in enumerate(order)]
    searcher = SimpleNamespace(index=SimpleNamespace(records=records, chunks=chunks), unnamed=lambda q, docs: q,
                               search=lambda q, k, lang=None, docs=None: hits)
    q = SimpleNamespace(docs_meant=[DOC])
    question = "What did the internal auditors ask the Panama office to do about stock control at the San Vicente pharmacy?"
    assert record_passage(question, q, searcher).row == 3
    hits[:] = [h for h in hits if h.row != 3]  # not among the document's own passages: made from the index's
    lifted = record_passage(question, q, searcher)
    assert (lifted.row, lifted.chunk.text, lifted.rank) == (3, chunks[3].text, 1)
    assert record_passage("What did the Panama office report about the pharmacy?", q, searcher) is None  # asks no item
