"""Compare documents on a topic: per document, the structured records and the passages
that address it, side by side, with an explicit "nothing on this topic" where a document
is silent. Used by ``puente compare``, the app's Compare tab and the Records topic filter.

Passages come from search restricted to one document (the hybrid bilingual retrieval of
``index.search``, the topic encoded once for every document); records and passages are
both kept by the same on-topic score (``index.topic_match``), so a column holds what is on
the topic and only that, in either language. Record vectors come from the index version
(computed at ingest), so nothing is encoded here but the topic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from puente.common.errors import InputError, NotInIndexError
from puente.common.text import reference_list
from puente.ingest.records import Record

from .answer.read.tables import cells
from .search.searcher import Hit
from .topic_match import ON_TOPIC, STRONG, Topic, match_level, prepare_topic
from .topic_question import read_topic

MAX_RECORDS = 8  # per document: a column, not the document's whole list
CANDIDATES = 8  # passages search returns per document before the on-topic score keeps some


@dataclass
class DocComparison:
    """What one document says on the topic: ``records`` as ``(record, score)`` and
    ``passages`` (hits whose ``window`` is the sentence run that is on the topic)."""

    doc: str
    title: str
    lang: str
    records: list[tuple[Record, float]] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)
    passage_scores: dict = field(default_factory=dict, repr=False)
    more: int = 0  # passages on the topic among the document's best that the column leaves out (``k``)

    def passage_score(self, hit: Hit) -> float:
        return float(self.passage_scores.get(id(hit), 0.0))

    def passage_match(self, hit: Hit) -> str:
        return match_level(self.passage_score(hit))

    @property
    def found(self) -> bool:
        return bool(self.records or self.passages)

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "title": self.title,
            "lang": self.lang,
            "found": self.found,
            "records": [r.to_dict() | {"key": r.key, "score": round(float(s), 4), "match": match_level(s)}
                        for r, s in self.records],
            "passages": [h.to_dict() | {"quote": quote(h), "quote_citation": quote_citation(h),
                                        "topic_score": round(self.passage_score(h), 4),
                                        "match": self.passage_match(h)} for h in self.passages],
            "more_passages": self.more,
        }


@dataclass
class CompareResult:
    topic: str  # as asked
    docs: list[DocComparison]
    threshold: float = ON_TOPIC
    strong: float = STRONG
    read_as: str = ""  # the topic read from a question (``topic_question``), when it differs

    def to_dict(self) -> dict:
        return {"topic": self.topic, "read_as": self.read_as or self.topic, "threshold": self.threshold,
                "strong": self.strong, "docs": [d.to_dict() for d in self.docs]}


@dataclass
class Comparison:
    """One or several topics compared over the same documents (a topic × document table)."""

    results: list[CompareResult]

    def to_dict(self) -> dict:
        """One topic: its :meth:`CompareResult.to_dict`; several: ``{"topics": [...]}``."""
        if len(self.results) == 1:
            return self.results[0].to_dict()
        return {"topics": [r.to_dict() for r in self.results]}


_DOUBLE = re.compile(r"\S  \S")  # two spaces between words: justified prose


def split_topics(texts) -> list[str]:
    """The topics of one or several texts, ";" separating topics within one ("gender;
    albergues" is two), as the CLI's TOPIC arguments and the app's topic box take them."""
    return [t.strip() for x in texts for t in x.split(";") if t.strip()]


def _row(line: str) -> bool:
    """A line of a table row: cells apart by wide gaps, a figure among them, words inside a
    cell one space apart (justified prose spaces every word wide: "migrante  para  el   11")."""
    return len(cells(line)) >= 2 and any(ch.isdigit() for ch in line) and not _DOUBLE.search(line)


def quoted_span(hit: Hit) -> tuple[int, int]:
    """Where the passage's quote lies in its text: its best window, widened to whole rows
    where it starts or ends inside a table row ("815,433 100.00% OA8: …" began mid-row)."""
    text, (s, e) = hit.chunk.text, hit.window
    if e <= s:
        return 0, len(text)
    line_start = text.rfind("\n", 0, s) + 1
    first_end = text.find("\n", s)
    if line_start < s and _row(text[line_start:first_end if first_end >= 0 else len(text)]):
        s = line_start
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    if e < line_end and _row(text[text.rfind("\n", 0, e) + 1:line_end]):
        e = line_end
    return s, e


def quote(hit: Hit) -> str:
    """The passage's on-topic sentences, verbatim (whole sentences or whole table rows)."""
    s, e = quoted_span(hit)
    return hit.chunk.text[s:e].strip()


def quote_citation(hit: Hit) -> str:
    """The citation of the quoted sentences: their own page when the passage spans pages."""
    if hit.window[1] <= hit.window[0]:
        return hit.chunk.citation
    return hit.chunk.citation_of(*quoted_span(hit))


def _check(engine, topic: str, docs) -> list[str]:
    if not topic.strip():
        raise InputError("TOPIC", "empty topic", 'give a few words, e.g. "labour inclusion"')
    index_docs = engine.index.docs
    names = list(docs) if docs else list(index_docs)
    unknown = [d for d in names if d not in index_docs]
    if unknown:
        raise NotInIndexError(unknown)
    return names


def records_on_topic(engine, topic: str, records=None, threshold: float = ON_TOPIC) -> list[tuple[Record, float]]:
    """The records (of ``records``, default all) on ``topic``, best first, with their score —
    the same score and threshold as Compare (English or Spanish alike)."""
    every, scores = prepare_topic(engine, topic.strip()).record_scores()

    def key(r):
        return r.doc, r.kind, r.start, r.end

    keep = None if records is None else {key(r) for r in records}
    ranked = [(r, float(sc)) for r, sc in zip(every, scores) if sc >= threshold and (keep is None or key(r) in keep)]
    return sorted(ranked, key=lambda x: -x[1])


def score_topic(engine, topic: str, names: list[str], k: int):
    """``(topic, records, their scores, {doc: passage candidates})``: what Compare and the
    Records topic filter read (the topic encoded once)."""
    t = prepare_topic(engine, topic)
    records, scores = t.record_scores()
    return t, records, scores, {name: candidates(t, name, k) for name in names}


def candidates(t: Topic, doc: str, k: int) -> list[tuple[Hit, np.ndarray]]:
    """Search's best passages of ``doc`` for the topic, each with its windows' rows."""
    s = t.searcher
    row = _chunk_rows(s)
    out = []
    for h in s.search(t.query, k=max(k, CANDIDATES), docs=[doc]):
        c = row[id(h.chunk)]
        wins = s.chunk_windows[s.chunk_start[c]: s.chunk_start[c + 1]]
        if len(wins):
            out.append((h, wins))
    return out


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text).lower().split())


_PIECE = re.compile(r"(?<=[.!?;])\s+|\n\s*[-•·◦‣*]\s+")  # a quote's sentences and list items


LABEL_WORDS = 4  # a piece this short (a heading, a label, a date) says no statement
_NUMBER = re.compile(r"^(?:\d+ )+")  # an item's number before its statement ("3 2 identificación …")
SAID_SHARE = 0.5  # a quote that holds a shown statement whole is a repeat when that is this share of its words


def _all_said(text: str, shown: list[str], others: list[str]) -> bool:
    """Whether ``text`` says again a statement the column shows (``shown``, word strings):
    it is made of record statements of its document (``others``: those the column does not
    show) and holds a shown one, or it holds a shown one whole that is most of it (the quote
    adds only the item's number, its heading line or its deadline and responsible lines)."""
    pieces = [_NUMBER.sub("", w) for w in (_words(p) for p in _PIECE.split(text)) if w]
    long = [w for w in pieces if len(w.split()) > LABEL_WORDS]  # not a heading, label or date line
    if not long or not shown:
        return False
    if any(any(w in x for x in shown) for w in long) and all(any(w in x for x in shown + others) for w in long):
        return True
    whole = " ".join(pieces)
    return any(x and x in whole and len(x.split()) >= SAID_SHARE * len(whole.split()) for x in shown)


def on_topic_passages(t: Topic, cands: list, k: int, threshold: float = ON_TOPIC,
                      by_sum: bool = False, said: tuple[str, ...] = (),
                      unsaid: tuple[str, ...] = ()) -> tuple[list[Hit], dict]:
    """Up to ``k`` of the candidates whose best window scores ``threshold``, best first; the
    hit's ``window`` becomes that window, its score that window's. Returns the hits and
    ``{id(hit): score}``. With ``by_sum`` (a Compare column) passages come in the order of
    how much of them is on the topic (the sum of their on-topic windows' scores): of two
    passages on "albergues", the paragraph of shelter figures before the one that names
    shelters in passing. Passages overlap (a chunk repeats the end of the one before it):
    no sentence is quoted twice — a passage whose best window another's quote holds is
    quoted on its best window outside it, or left out when none is on the topic. Nor is a
    statement the column shows as a record (``said``) quoted again as a passage, alone or
    beside statements of records it leaves out (``unsaid``)."""
    said_words, unsaid_words = [_words(x) for x in said], [_words(x) for x in unsaid]
    s = t.searcher
    kept = []
    for h, wins in cands:
        sc = t.window_scores(wins)
        on = (sc >= threshold) & ~np.array([_listed(h, s, int(u)) for u in wins], bool)
        if on.any():
            total = float(sc[on].sum()) if by_sum else float(sc.max())
            kept.append((total, float(sc.max()), h, [(float(sc[i]), int(wins[i])) for i in np.argsort(-sc) if on[i]]))
    kept.sort(key=lambda x: (-x[0], -x[1]))
    out, scores, quoted = [], {}, []
    for total, _, h, wins in kept:
        if len(out) >= k:
            break
        for sc, u in wins:
            hit = replace(h, rank=len(out) + 1, window=(int(s.units[u, 1]), int(s.units[u, 2])))
            a, b = quoted_span(hit)
            span = (h.chunk.doc, h.chunk.start + a, h.chunk.start + b)
            if not any(d == span[0] and a0 < span[2] and span[1] < b0 for d, a0, b0 in quoted) and \
                    not _all_said(h.chunk.text[a:b], said_words, unsaid_words):
                quoted.append(span)
                out.append(hit)
                scores[id(hit)] = sc
                break
    return out, scores


def _listed(h: Hit, s, u: int) -> bool:
    """Whether window ``u`` of the hit's passage is a list of acronyms (on every topic it names)."""
    return reference_list(h.chunk.text[int(s.units[u, 1]):int(s.units[u, 2])], h.chunk.section)


def topic_passages(t: Topic, doc: str, k: int, threshold: float = ON_TOPIC) -> tuple[list[Hit], dict]:
    """Up to ``k`` passages of ``doc`` on the topic: search's candidates restricted to the
    document, each scored by its best window."""
    return on_topic_passages(t, candidates(t, doc, k), k, threshold)


def with_actions(rows: list[int], records: list, scores, strong: float = STRONG) -> list[tuple[int, float]]:
    """``rows`` (records on the topic, best first) with their scores, each recommendation
    that is a strong match followed by its actions at its score when they are not on the
    topic themselves: what management committed to under a recommendation on "xenophobia"
    is on it ("Launch a communication campaign with local radio stations …" names no
    xenophobia). A recommendation just on the topic brings none (it may be a near miss)."""
    out, seen = [], set()
    for i in rows:
        if i in seen:
            continue
        out.append((i, float(scores[i])))
        seen.add(i)
        r = records[i]
        if r.kind == "recommendation" and r.number and scores[i] >= strong:
            for j, a in enumerate(records):
                if j not in seen and a.kind == "action" and a.doc == r.doc and a.parent == r.number:
                    out.append((j, max(float(scores[j]), float(scores[i]))))
                    seen.add(j)
    return out


def _chunk_rows(searcher) -> dict[int, int]:
    rows = getattr(searcher, "_chunk_rows", None)
    if rows is None:
        rows = searcher._chunk_rows = {id(c): i for i, c in enumerate(searcher.index.chunks)}
    return rows


def compare(engine, topic: str, docs: list[str] | None = None, k: int = 3, threshold: float = ON_TOPIC,
            max_records: int = MAX_RECORDS) -> CompareResult:
    """Per document (by default the documents a question names, when it names two or more,
    else all indexed ones): the records and up to ``k`` passages on ``topic`` — for a
    question, on the topic read from it (``topic_question.read_topic``) — best first."""
    topic = topic.strip()
    reading = read_topic(topic, engine.searcher.doc_names, engine.searcher.picker(topic))
    names = _check(engine, topic, docs or reading.docs or None)
    t, records, scores, cands = score_topic(engine, reading.topic, names, k)
    index_docs = t.searcher.index.docs
    out = []
    for name in names:
        info = index_docs[name]
        rows = sorted((i for i, r in enumerate(records) if r.doc == name and scores[i] >= threshold),
                      key=lambda i: -float(scores[i]))
        ranked = with_actions(rows, records, scores)[:max_records]
        shown = {i for i, _ in ranked}
        hits, hit_scores = on_topic_passages(t, cands[name], len(cands[name]), threshold, by_sum=True,
                                             said=tuple(records[i].text for i, _ in ranked),
                                             unsaid=tuple(r.text for i, r in enumerate(records) if r.doc == name and i not in shown))
        out.append(DocComparison(name, info.title or name, info.lang,
                                 [(records[i], sc) for i, sc in ranked], hits[:k], hit_scores,
                                 max(0, len(hits) - k)))
    return CompareResult(topic, out, threshold, read_as=reading.topic if reading.changed(topic) else "")
