"""Follow-through: what each commitment, recommendation or action of a plan or management
response became — beside it, the passages of the other documents that report on it, or
"no passage of the other reports is clearly about this". Used by ``puente track`` and the app's Track view.

Each item's statement is read as a topic (``index.topic_match``; all statements encoded in
one pass) and searched for in each other document with the same on-topic score as Compare,
so a report is kept only when it is about the item, in either language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import cached_property

import numpy as np

from puente.common.errors import InputError, NotInIndexError
from puente.ingest.records import Record

from .compare import candidates, on_topic_passages
from .search.searcher import Hit
from .topic_match import Topic, make_topic

TRACKED_KINDS = ("commitment", "recommendation", "action")
REPORTS_PER_DOC = 2
# A statement read as a topic scores lower on the on-topic scale than a few words do (its
# words and tokens are many, so each matched one counts for less). Chosen on corpus/ against the
# pairs written down before looking (tests/data/track_expected.json, `python -m bench.quality.compare_topics`):
# 4.0 found 8 of 13 pairs with 9 of 10 reported passages on the item; Compare's 5.0 found 5
# (4 of 5); 3.0 found 10 (11 of 18).
TRACK_THRESHOLD = 4.0
# A later report that names what the item names — a programme, a campaign, an office ("El Jaguar",
# "National Employment Service") — reports on it, however differently the rest is worded; only a
# name few passages of the other documents hold is such a sign ("COMAR" and "UNHCR" are everywhere).
NAME_CHUNKS = 3


def track_level(score: float) -> str:
    """The match level of a reported passage (strong / partial), on the track threshold."""
    from .topic_match import match_level

    return match_level(score, TRACK_THRESHOLD)


@dataclass
class TrackedItem:
    record: Record
    reports: list[tuple[Hit, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        from .compare import quote, quote_citation

        return self.record.to_dict() | {
            "key": self.record.key,
            "reports": [h.to_dict() | {"quote": quote(h), "quote_citation": quote_citation(h), "topic_score": round(s, 4),
                                       "match": track_level(s)}
                        for h, s in self.reports]}


@dataclass
class TrackResult:
    doc: str
    title: str
    others: list[str]
    items: list[TrackedItem]

    def to_dict(self) -> dict:
        return {"doc": self.doc, "title": self.title, "others": self.others, "threshold": TRACK_THRESHOLD,
                "reported": sum(1 for i in self.items if i.reports), "items": [i.to_dict() for i in self.items]}


def check_trackable(records, doc: str, others: list[str] | None = None) -> list[Record]:
    """The commitments, recommendations and actions of ``doc``; an :class:`InputError` when
    it has none, or when ``others`` names only ``doc`` itself."""
    items = [r for r in records if r.doc == doc and r.kind in TRACKED_KINDS]
    if not items:
        raise InputError(doc, "has no commitment, recommendation or action to follow",
                         f"track a plan or a management response (see `puente records --doc {doc}`)")
    if others and not [d for d in others if d != doc]:
        raise InputError("--in", f"names only {doc} itself", "name the later reports to look in")
    return items


def same_place(docs: dict, doc: str) -> tuple[list[str], list[str]]:
    """``(documents, places)``: the places (countries, regions) the title of ``doc`` names,
    and the other documents whose title names one of them — what WFP Ecuador's response
    became is reported on by Ecuador's reports, not Mexico's. A title naming no place:
    every other document."""
    from puente.common.places import title_places

    def places(d: str) -> list[str]:
        info = docs[d]  # a DocInfo, or a row of docs.json read before the model loads
        return title_places((info.get("title") if isinstance(info, dict) else info.title) or d)

    mine = places(doc)
    others = [d for d in docs if d != doc]
    return ([d for d in others if set(mine) & set(places(d))] if mine else others), mine


def _places(text: str) -> set[str]:
    """The places ``text`` names as places ("Colombia"), not as their people ("venezolanas")."""
    from puente.common.places import title_places

    return set(title_places(text))


def _elsewhere(h: Hit, where: set[str]) -> bool:
    """Whether a passage is about other places than an item's (``where``: the countries its
    section or statement names — a regional report's "2. Guatemala" table): it names places,
    in its text, section or document title, and none of those. Guatemala's commitment on a
    displacement bill is not reported on by Honduras's law."""
    named = _places(" ".join([h.chunk.text, *h.chunk.section, h.chunk.title or ""]))
    return bool(named) and not named & where


def looked_in(docs: dict, doc: str, others: list[str] | None = None) -> list[str]:
    """The documents ``doc``'s items are looked for in: ``others`` when given, else
    :func:`same_place`'s; an :class:`InputError` naming the fix when there are none (its
    country's or region's later reports are not indexed)."""
    if others:
        others = [d for d in others if d != doc]
    else:
        others, places = same_place(docs, doc)
        if places and not others:
            raise InputError(doc, f"no other document about {' or '.join(places)} is indexed",
                             "index its later reports, or name the documents to look in with --in")
    if not others:
        raise InputError("--in", f"no other document to look in besides {doc}", "index the later reports, or name them with --in")
    return others


_QUOTED = re.compile(r'["“«]([^"“”«»\n]{3,60})["”»]')
_LINK = r"(?:of|for|on|the|de|del|la|las|los|el|para|en|sobre)"
_CAPITAL = r"[A-ZÁÉÍÓÚÑ][\w'’-]+"
_PROPER = re.compile(rf"\b{_CAPITAL}(?:\s+(?:{_LINK}\s+)*{_CAPITAL})+")  # National Employment Service
# CNBV, INAPAM; three letters are as often a common noun of the field (NGO, GBV, PDM) as a name
_ACRONYM = re.compile(r"\b[A-ZÁÉÍÓÚÑ]{4,}\b")
_ARTICLE = re.compile(r"^(?:The|El|La|Los|Las)\s+")
_STARTS = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")  # what precedes a sentence's first word
_WORDS = re.compile(r"[\w'’-]+")


def names(text: str) -> list[str]:
    """What a statement names: quoted names with a capital ("El Jaguar"), runs of
    capitalised words (without a leading article, or a sentence's first word: "Reinforce
    QAI") and acronyms; places are not names here (``_elsewhere`` reads those)."""
    found = [q for q in (m.group(1).strip(" ,.;:") for m in _QUOTED.finditer(text)) if q != q.lower()]
    for m in _PROPER.finditer(text):
        name = _ARTICLE.sub("", m.group(0))
        words = name.split()
        if name == m.group(0) and _STARTS.search(text[:m.start()]) and not words[0].isupper():
            words = words[1:]  # a sentence's first word is capitalised anyway
        if len(words) > 1 and words[-1][:1].isupper():  # a word left alone is a name only as an acronym
            found.append(" ".join(words))
    found += _ACRONYM.findall(text)
    out = []
    for n in found:
        if len(n) >= 3 and n not in out and not _places(n):
            out.append(n)
    return out


class NameIndex:
    """Which passages of an index hold a name, read once per track: the passages holding all
    of the name's words (a word -> passages table), then the name itself."""

    def __init__(self, chunks):
        self.chunks = chunks
        self.words: dict[str, set[int]] = {}
        for i, c in enumerate(chunks):
            for w in set(_WORDS.findall(c.text)):
                self.words.setdefault(w, set()).add(i)
        self._held: dict[str, list[int]] = {}

    def holding(self, name: str) -> list[int]:
        """The rows of the passages that hold ``name`` (its words in order, any spacing)."""
        if name not in self._held:
            rows = set.intersection(*(self.words.get(w, set()) for w in name.split()))
            p = _name_pattern(name)
            self._held[name] = sorted(i for i in rows if p.search(self.chunks[i].text))
        return self._held[name]


def _name_pattern(name: str) -> re.Pattern:
    return re.compile(r"\b" + r"\s+".join(re.escape(w) for w in name.split()) + r"\b")


def rare_names(text: str, index: NameIndex, doc: str, most: int = NAME_CHUNKS) -> dict[str, list[int]]:
    """The names of ``text`` (:func:`names`) that some passage of another document than
    ``doc`` holds, and at most ``most`` of them — what only a report on the item would name —
    each with the rows of those passages."""
    out = {}
    for n in names(text):
        held = [i for i in index.holding(n) if index.chunks[i].doc != doc]
        if 0 < len(held) <= most:
            out[n] = held
    return out


@dataclass
class NamedTopic(Topic):
    """An item's statement read as a topic, where a window that holds one of its rare names
    (:func:`rare_names`) is on it at ``floor`` at least."""

    names: dict = field(default_factory=dict)  # name -> rows of the passages of other documents holding it
    floor: float = TRACK_THRESHOLD

    @classmethod
    def of(cls, topic: Topic, names: dict, floor: float) -> "NamedTopic":
        return cls(**{f.name: getattr(topic, f.name) for f in fields(topic)}, names=names, floor=floor)

    @cached_property
    def _patterns(self) -> list[re.Pattern]:
        return [_name_pattern(n) for n in self.names]

    def window_scores(self, units: np.ndarray) -> np.ndarray:
        scores = super().window_scores(units)
        if not self.names:
            return scores
        s = self.searcher
        texts = [s.index.chunks[int(s.units[u, 0])].text[int(s.units[u, 1]): int(s.units[u, 2])] for u in units]
        held = np.array([any(p.search(x) for p in self._patterns) for x in texts], bool)
        return np.where(held, np.maximum(scores, self.floor), scores)

    def named_passages(self, doc: str, known: list) -> list[tuple[Hit, np.ndarray]]:
        """The passages of ``doc`` that hold one of the names, besides those of ``known``
        (search's candidates), each with its windows' rows."""
        s = self.searcher
        seen = {id(h.chunk) for h, _ in known}
        out = []
        for c in sorted({i for rows in self.names.values() for i in rows}):
            chunk = s.index.chunks[c]
            if chunk.doc == doc and id(chunk) not in seen:
                wins = s.chunk_windows[s.chunk_start[c]: s.chunk_start[c + 1]]
                if len(wins):
                    out.append((Hit(chunk, 0.0, 0.0, row=c), wins))
        return out


def track(engine, doc: str, others: list[str] | None = None, k: int = REPORTS_PER_DOC,
          threshold: float = TRACK_THRESHOLD) -> TrackResult:
    """For each commitment, recommendation or action of ``doc``, up to ``k`` passages per
    other document (``others``, default :func:`same_place`) that report on it."""
    engine.refresh_soon()
    searcher = engine.searcher
    docs = searcher.index.docs
    for name in [doc] + list(others or []):
        if name not in docs:
            raise NotInIndexError(name)
    items = check_trackable(searcher.index.records, doc, others)
    others = looked_in(docs, doc, others)
    texts = [r.text for r in items]
    named = NameIndex(searcher.index.chunks)
    vectors, states = engine.encoder.queries_with_tokens(texts)
    out = []
    for r, text, vec, tok in zip(items, texts, vectors, states):
        q = searcher.prepare(text, vector=np.asarray(vec, np.float32), tokens=tok)
        t = NamedTopic.of(make_topic(searcher, text, q), rare_names(text, named, doc), threshold)
        reports = []
        where = _places(" ".join([*r.section, r.area, r.text]))
        for other in others:
            n = k + 1 if where else k
            cands = candidates(t, other, n)
            if t.names:
                cands += t.named_passages(other, cands)
            hits, scores = on_topic_passages(t, cands, n, threshold)
            kept = [h for h in hits if not where or not _elsewhere(h, where)][:k]
            reports += [(h, scores[id(h)]) for h in kept]
        reports.sort(key=lambda x: -x[1])
        out.append(TrackedItem(r, reports))
    return TrackResult(doc, docs[doc].title or doc, others, out)
