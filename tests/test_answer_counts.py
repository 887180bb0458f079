""""How many recommendations does the evaluation make?" is answered by counting the document's
records of that kind: a try-out's "¿Cuántas recomendaciones tiene la evaluación de medio
término de la OIM?" quoted a form line, "Nivel de prioridad (1 a 3): 2"."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.answer.asked.question import analyse
from puente.index.answer.read.counts import counted_items, tally_words
from puente.index.answer.reply import count_reply
from puente.index.search.searcher import Hit
from puente.ingest.records.record import Record


def _records():
    recs = [Record(doc="oim", kind="recommendation", number=str(n), text=f"Recomendación {n}.", start=100 * n,
                   end=100 * n + 50, page_start=1 + n // 2, page_end=1 + n // 2) for n in range(1, 14)]
    recs += [Record(doc="oim", kind="action", number=f"{n}.1", parent=str(n), text="Acción.", start=100 * n + 60,
                    end=100 * n + 90, page_start=1 + n // 2, page_end=1 + n // 2) for n in (1, 2, 5)]
    recs += [Record(doc="unhcr", kind="recommendation", number=str(n), text="Rec.", start=10 * n, end=10 * n + 5,
                    page_start=3, page_end=3) for n in range(1, 8)]
    return recs


def _hit(doc: str, rank: int) -> Hit:
    return Hit(Chunk(doc=doc, title=doc.upper(), text="…"), 1.0 / rank, 0.8, rank)


def test_how_many_items_a_document_has_counts_its_records():
    recs, hits = _records(), [_hit("unhcr", 1), _hit("oim", 2)]
    q = "¿Cuántas recomendaciones tiene la evaluación de medio término de la OIM?"
    t = counted_items(q, hits, recs, ["oim"])
    assert (t.doc, t.kind, len(t.items)) == ("oim", "recommendation", 13)
    assert tally_words(t, "es") == "13 recomendaciones (de 1 a 13)" and tally_words(t, "en") == "13 recommendations (1 to 13)"
    actions = counted_items("How many actions does the IOM response include?", hits, recs, ["oim"])
    assert tally_words(actions, "en") == "3 actions (1.1, 2.1, 5.1)"
    # no document named: the best-ranked passage's document that has such items
    assert counted_items("How many recommendations are there?", hits, recs).doc == "unhcr"
    a = count_reply(t, hits, analyse(q, "es"), "strong")
    assert a and a.text == "13 recomendaciones (de 1 a 13)" and a.doc == "oim" and a.hit_rank == 2
    assert a.citation == "oim, pp. 1-7" and a.strength == "strong"


def test_a_count_narrowed_by_topic_status_item_or_year_is_left_to_the_passages():
    recs, hits = _records(), [_hit("oim", 1)]
    for q in ("¿Cuántos compromisos de protección incluye el Plan?",  # an infographic box says those
              "How many recommendations on gender did IOM make?", "How many actions are ongoing?",
              "How many actions does recommendation 3 have?", "How many recommendations were accepted?",
              "¿Cuántas acciones están en curso?", "How many recommendations did IOM make in 2023?",
              "How many people did IOM train?"):
        assert counted_items(q, hits, recs) is None, q
    assert counted_items("How many commitments does the plan include?", hits, recs) is None  # no commitment indexed
    assert counted_items("How many recommendations do both responses make?", hits, recs, ["oim", "unhcr"]) is None
