"""Compare documents on a topic: per document, the structured records and the passages
that address it, side by side, with an explicit "nothing found" where a document is silent.

Used by ``puente compare`` and by the app. Records are matched to the topic by a score
combining the cosine similarity of topic (``query:`` prompt) and record (``passage:``
prompt), taken relative to all records, with the share of topic words the record
shares (cognate stems, so it works across English and Spanish); passages come from
:meth:`Engine.ask` restricted to one document and are kept when the same score
(their cosine similarity against the records' reference, plus shared words) clears a
threshold — independent of the searcher's internal score scale. Both thresholds were calibrated on the
corpus (see docs/records.md).
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field

import numpy as np

from puente.ingest.errors import InputError, NotInIndexError
from puente.ingest.records import Record
from puente.ingest.text import flat, fold

from .search import Hit

# Calibrated on the five corpus documents with multilingual-e5-small by
# bench/calibrate_compare.py (figures in docs/records.md).
RECORD_THRESHOLD = 2.5   # on the record score: dense z-score + LEXICAL_WEIGHT * term overlap
LEXICAL_WEIGHT = 3.0
PASSAGE_THRESHOLD = 3.5  # on the passage score, same scale as the record score
MAX_RECORDS = 6

_STOP = set("""a an and are as at be by for from has have in is it of on or that the their this to with
al con de del el en es la las lo los para por que se su sus un una y o a nivel sobre entre como""".split())
_WORD = re.compile(r"[^\W\d_]{3,}")

_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def record_passage(r: Record) -> str:
    """What we embed for a record: its kind, number, area and statement (and, for a
    priority, the start of its section body)."""
    head = " ".join(x for x in (r.kind, r.key) if x)
    parts = [head, r.area, r.text]
    if r.kind == "indicator" and r.population:
        parts.append(r.population)
    if r.kind == "priority" and r.detail:
        parts.append(r.detail[:600])
    return flat(". ".join(p for p in parts if p))


@dataclass
class DocComparison:
    """What one document says on the topic."""

    doc: str
    title: str
    lang: str
    records: list[tuple[Record, float]] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)
    passage_scores: dict = field(default_factory=dict, repr=False)

    def passage_score(self, hit: Hit) -> float:
        return float(self.passage_scores.get(id(hit), 0.0))

    @property
    def found(self) -> bool:
        return bool(self.records or self.passages)

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "title": self.title,
            "lang": self.lang,
            "found": self.found,
            "records": [r.to_dict() | {"score": round(float(s), 4)} for r, s in self.records],
            "passages": [h.to_dict() | {"match": round(self.passage_score(h), 4)} for h in self.passages],
        }


@dataclass
class CompareResult:
    topic: str
    docs: list[DocComparison]
    record_threshold: float = RECORD_THRESHOLD
    passage_threshold: float = PASSAGE_THRESHOLD

    def to_dict(self) -> dict:
        return {
            "topic": self.topic,
            "record_threshold": self.record_threshold,
            "passage_threshold": self.passage_threshold,
            "docs": [d.to_dict() for d in self.docs],
        }


def _terms(text: str) -> set[str]:
    return {fold(w) for w in _WORD.findall(text) if fold(w) not in _STOP}


def _same_term(a: str, b: str) -> bool:
    """Shared stem across English and Spanish cognates: first 5 letters (first 4
    when both words are long: labour/laboral, registration/registro)."""
    if a[:5] == b[:5] and min(len(a), len(b)) >= 3:
        return True
    return len(a) >= 6 and len(b) >= 6 and a[:4] == b[:4]


def term_overlap(topic: str, text: str) -> float:
    """Fraction of the topic's content words with a cognate in ``text``."""
    tq = _terms(topic)
    if not tq:
        return 0.0
    tt = _terms(text)
    return sum(1 for q in tq if any(_same_term(q, w) for w in tt)) / len(tq)


def record_scores(engine, topic: str) -> tuple[list[Record], np.ndarray, tuple[float, float]]:
    """Every indexed record and its score for ``topic``: how far its cosine similarity
    stands above the other records' (z-score) plus a bonus for shared words; and the
    ``(mean, sd)`` of those similarities, the reference passages are scored against."""
    records, vecs = _record_vectors(engine)
    if not records:
        return records, np.zeros(0, np.float32), (0.8, 0.02)
    qv = engine.encoder.queries([topic])[0]
    sims = vecs @ qv
    ref = (float(sims.mean()), float(sims.std() + 1e-6))
    z = (sims - ref[0]) / ref[1]
    lex = np.array([term_overlap(topic, record_passage(r)) for r in records], dtype=np.float32)
    return records, z + LEXICAL_WEIGHT * lex, ref


def records_on_topic(engine, topic: str, records=None, threshold: float = RECORD_THRESHOLD) -> list[tuple[Record, float]]:
    """The records (of ``records``, default all) that address ``topic``, best first, with
    their score — the same score and threshold as Compare uses (EN/ES alike)."""
    every, scores, _ = record_scores(engine, topic.strip())
    def key(r):
        return r.doc, r.kind, r.start, r.end

    keep = None if records is None else {key(r) for r in records}
    ranked = [(r, float(sc)) for r, sc in zip(every, scores) if sc >= threshold and (keep is None or key(r) in keep)]
    return sorted(ranked, key=lambda x: -x[1])


def passage_score(topic: str, hit: Hit, ref: tuple[float, float]) -> float:
    """A passage's score on the same scale as a record's: its cosine similarity as a
    z-score against the records' similarities, plus the shared-word bonus."""
    return (hit.dense - ref[0]) / ref[1] + LEXICAL_WEIGHT * term_overlap(topic, hit.chunk.text)


def _record_vectors(engine) -> tuple[list[Record], np.ndarray]:
    """Records of the engine's current index and their embeddings (cached per index version;
    a newer version is picked up in the background, as for questions)."""
    engine.refresh_soon()
    version = getattr(engine, "_version", None)
    with _cache_lock:
        hit = _cache.get(engine)
        if hit and hit[0] == version:
            return hit[1], hit[2]
    records = list(engine.index.records)
    vecs = engine.encoder.passages([record_passage(r) for r in records])
    with _cache_lock:
        _cache[engine] = (version, records, vecs)
    return records, vecs


def compare(engine, topic: str, docs: list[str] | None = None, k: int = 3,
            record_threshold: float = RECORD_THRESHOLD, passage_threshold: float = PASSAGE_THRESHOLD,
            max_records: int = MAX_RECORDS) -> CompareResult:
    """Per document (all indexed ones by default): matching records and passages."""
    topic = topic.strip()
    if not topic:
        raise InputError("TOPIC", "empty topic", "give a few words, e.g. \"labour inclusion\"")
    index_docs = engine.index.docs
    names = list(docs) if docs else list(index_docs)
    unknown = [d for d in names if d not in index_docs]
    if unknown:
        raise NotInIndexError(unknown[0])
    records, sims, ref = record_scores(engine, topic)
    out = []
    for name in names:
        info = index_docs[name]
        rows = [i for i, r in enumerate(records) if r.doc == name and sims[i] >= record_threshold]
        rows.sort(key=lambda i: -float(sims[i]))
        matched = [(records[i], float(sims[i])) for i in rows[:max_records]]
        res = engine.ask(topic, k=k, docs=[name], answer=False)
        scored = [(h, passage_score(topic, h, ref)) for h in res.hits]
        hits = [h for h, sc in scored if sc >= passage_threshold]
        out.append(DocComparison(name, info.get("title", name), info.get("lang", ""), matched, hits,
                                 {id(h): sc for h, sc in scored}))
    return CompareResult(topic, out, record_threshold, passage_threshold)
