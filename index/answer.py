"""Answers: the best-supported sentence(s) of the top passages with their citation —
or a field of a structured record when the question asks for one — or ``None``
when no passage answers the question.

Abstention is decided by two calibrated checks (docs/retrieval.md):
- support: the best window's cosine to the question must clear ``threshold``;
- coverage: every name the question asks about ("Canada", "Unión Europea") must
  appear in the top passages — a passage about resettlement in general does not
  answer a question about resettlement to Canada.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from puente.ingest.chunker import sentence_spans
from puente.ingest.records import Record
from puente.ingest.text import fold

from .lexical import stopwords
from .search import Hit

_WS = re.compile(r"\s+")
DEFAULT_THRESHOLD = 0.80
TOP_PASSAGES = 3
COVERAGE_PASSAGES = 5
MIN_SENTENCE_WORDS = 10
MIN_FRAGMENT_WORDS = 6


@dataclass(frozen=True)
class Answer:
    text: str
    citation: str
    score: float
    hit_rank: int  # 0 when the answer comes from a record
    start: int = 0  # char offsets of the answer within the hit's chunk text
    end: int = 0
    source: str = "passage"  # "passage" or "record"

    def to_dict(self) -> dict:
        return {"text": self.text, "citation": self.citation, "score": round(self.score, 4),
                "hit_rank": self.hit_rank, "source": self.source}


# ------------------------------------------------------------------ coverage
_CONNECT = {"de", "del", "la", "las", "los", "el", "of", "the", "and", "y", "for", "para"}
_QWORDS = {"what", "which", "who", "when", "where", "how", "why", "does", "did", "is", "are", "according",
           "que", "cual", "cuales", "quien", "quienes", "cuando", "donde", "como", "cuanto", "cuanta",
           "cuantos", "cuantas", "segun"}


def question_names(question: str, known: set[str] = frozenset()) -> list[list[str]]:
    """Proper names the question asks about: runs of capitalised words (not the first
    word, not acronyms, not words of the indexed documents' names), folded."""
    words = re.findall(r"\w+(?:['’]\w+)?", question)
    stop = stopwords("en") | stopwords("es")
    names, cur = [], []
    for i, w in enumerate(words):
        w = re.sub(r"['’]s$", "", w)
        f = fold(w)
        capital = w[:1].isupper() and not w.isupper() and i > 0
        if capital and f not in _QWORDS and f not in known and f not in stop:
            cur.append(f)
        elif cur and f in _CONNECT:
            continue
        elif cur:
            names.append(cur)
            cur = []
    if cur:
        names.append(cur)
    return names


def _supported(name: list[str], vocab: set[str]) -> bool:
    """A name is supported when one of its words (or its first 5 letters) is in the passages.
    Names made only of short words (acronym-like) cannot be checked and count as supported."""
    if all(len(w) < 4 for w in name):
        return True
    for w in name:
        if len(w) < 4:
            continue
        if w in vocab or any(v.startswith(w[:5]) for v in vocab if len(v) >= 5):
            return True
    return False


def unsupported_names(question: str, hits: list[Hit], known: set[str], lang: str = "") -> list[str]:
    """Names in the question that none of the top passages mentions.

    Only checked when the best passage is in the question's language: across
    languages a name may be translated ("Red" for "Network").
    """
    if not hits or (lang and hits[0].chunk.lang != lang):
        return []
    vocab = set()
    for h in hits[:COVERAGE_PASSAGES]:
        vocab.update(re.findall(r"\w+", fold(h.chunk.text)))
    return [" ".join(n) for n in question_names(question, known) if not _supported(n, vocab)]


# ------------------------------------------------------------------ records
_REF = re.compile(
    r"\b(recommendation|recomendaci[oó]n|action|acci[oó]n|commitment|compromiso|indicator|indicador)"
    r"(?:es)?\s*(?:no\.?|n[º°])?\s*(\d{1,3}(?:\.\d{1,3})?)\b",
    re.I,
)
_FIELDS = [
    ("responsible", re.compile(r"\b(who|whom|responsible|unit|by whom|qui[eé]n(es)?|responsable|dirigida|encargad)", re.I)),
    ("deadline", re.compile(r"\b(when|deadline|due|date|completion|plazo|fecha|cu[aá]ndo|l[ií]mite)", re.I)),
    ("status", re.compile(r"\b(status|progress|estado|avance)", re.I)),
    ("priority", re.compile(r"\b(priority|prioridad)", re.I)),
    ("actual", re.compile(r"\b(actual|achieved|result|resultado|alcanzad|logrado)", re.I)),
    ("target", re.compile(r"\b(target|meta)\b", re.I)),
]
_KIND_ES = {"recommendation": "recomendación", "action": "acción", "commitment": "compromiso", "indicator": "indicador"}
_FIELD_LABELS = {
    "responsible": ("Responsible", "Responsable"),
    "deadline": ("Deadline", "Plazo"),
    "status": ("Status", "Estado"),
    "priority": ("Priority", "Prioridad"),
    "actual": ("Actual", "Valor alcanzado"),
    "target": ("Target", "Meta"),
}


def record_answer(question: str, hits: list[Hit], records: list[Record], lang: str = "en",
                  named: list[str] | None = None) -> Answer | None:
    """Answer "who is responsible for recommendation 4" / "plazo de la acción 7.1" from
    the matching record's field: from a document the question names, else from the
    best-ranked document that has such a record."""
    m = _REF.search(question)
    field = next((f for f, rx in _FIELDS if rx.search(question)), None)
    if not m or not field or not records:
        return None
    kind = fold(m.group(1))
    kind = {"recomendacion": "recommendation", "accion": "action", "compromiso": "commitment",
            "indicador": "indicator"}.get(kind, kind)
    number = m.group(2)
    doc_rank = {d: -1 for d in named or []}
    for h in hits:
        doc_rank.setdefault(h.chunk.doc, len(doc_rank))
    cands = []
    for r in records:
        key = r.key if kind == "action" else r.number
        if r.kind == kind and key == number and getattr(r, field) and r.doc in doc_rank:
            cands.append(r)
    if not cands:
        return None
    r = min(cands, key=lambda r: doc_rank[r.doc])
    label = _FIELD_LABELS[field][1 if lang == "es" else 0]
    kind_label = _KIND_ES.get(r.kind, r.kind) if lang == "es" else r.kind
    text = f"{label} ({kind_label} {number}): {getattr(r, field)}"
    return Answer(text, r.citation, 1.0, 0, source="record")


# ------------------------------------------------------------------ passages
def _best_sentence(query_vec: np.ndarray, hit: Hit, encoder) -> tuple[int, int]:
    """The sentence of the passage's best window that best matches the question (table
    cells and fragments under ``MIN_FRAGMENT_WORDS`` words only when there is nothing
    else), extended with the next sentence while shorter than ``MIN_SENTENCE_WORDS``.

    Only the window's sentences are encoded: the window is what retrieval matched, and
    a third of the chunk costs a third of the time (docs/retrieval.md)."""
    text = hit.chunk.text
    spans = sentence_spans(text)
    if not spans:
        return 0, len(text)
    ws, we = hit.window
    in_window = [sp for sp in spans if sp[1] > ws and sp[0] < we] if we > ws else []
    cands = in_window or spans
    full = [sp for sp in cands if len(text[sp[0] : sp[1]].split()) >= MIN_FRAGMENT_WORDS] or cands
    vecs = encoder.passages([_WS.sub(" ", text[s:e]) for s, e in full])
    s, e = full[int(np.argmax(vecs @ query_vec))]
    j = spans.index((s, e))
    while len(text[s:e].split()) < MIN_SENTENCE_WORDS and j + 1 < len(spans):
        j += 1
        e = spans[j][1]
    return s, e


def extract_answer(
    query_vec: np.ndarray,
    hits: list[Hit],
    encoder,
    threshold: float = DEFAULT_THRESHOLD,
    question: str = "",
    records: list[Record] | None = None,
    known_names: set[str] = frozenset(),
    lang: str = "en",
    named: list[str] | None = None,
) -> Answer | None:
    """The best-supported sentence(s) with its citation, or ``None`` (abstain)."""
    if not hits:
        return None
    if question:
        rec = record_answer(question, hits, records or [], lang, named)
        if rec is not None:
            return rec
        if unsupported_names(question, hits, known_names, lang):
            return None
    top = max(hits[:TOP_PASSAGES], key=lambda h: h.dense)
    if top.dense < threshold:
        return None
    s, e = _best_sentence(query_vec, top, encoder)
    return Answer(_WS.sub(" ", top.chunk.text[s:e]).strip(), top.chunk.citation, float(top.dense), top.rank, s, e)
