"""Is this record or passage on the topic? One score for both, on one scale, in either language.

A topic is read as search reads a question (``Searcher.prepare``: one encoder pass gives
its vector and its tokens' vectors). An item (a record, or a passage's best window) gets:

1. dense: the cosine of topic and item vectors;
2. tokens: the token-matching score of ``index.tokens`` (each topic token against the
   item's tokens, IDF-weighted) — what carries "niñez" to "children" and "género" to
   "gender" when the whole-passage cosines barely differ;
3. words: the share of the topic's content words present in the item, IDF-weighted: a
   cognate (first 5 letters, or 4 when both words are long: naturalization/naturalización,
   labour/laboral; not a word of half the other's length: natural/naturalization), or, in
   an item of the other language, a translation — every token of the word has a token in
   the item at ``WORD_TOKEN_MATCH`` or closer (niñez/children, salud/health), read from the
   same token matching as 2., or through the glossary of the field's words
   (``common.terms``: niñez/child, reasentamiento/resettlement).

Dense and token scores are taken as z-scores against the same scores of a fixed sample of
the index's windows (the background: what an unrelated passage scores for this topic), so
the scale does not move with the topic's wording or the model's cosine offset; the word
share is added with ``WORD_WEIGHT``. An item is on the topic at ``ON_TOPIC`` or above
(calibrated by ``bench/quality/calibrate_compare.py``, figures in docs/records.md), a strong match at
``STRONG``; readers see the match level, never the number (``--json`` gives it).
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np

from puente.common import places
from puente.common.lang import question_lang
from puente.common.terms import glosses
from puente.common.text import fold

from .encode.tokens import TokenMatcher, raise_glossed
from .encode.tokens import word_columns as token_word_columns
from .record_vectors import doc_acronyms, encode_records, known_tokens, record_passage

TOKEN_WEIGHT = 2.0
TOKEN_CAP = 3.0  # a topic token's z-score counts up to this
TOKEN_SD_FLOOR = 0.03  # a token every window matches about equally ("de", "la") has no spread to stand out of
WORD_WEIGHT = 3.0
# a topic word is in an item in the other language when each of its tokens has a token in the item
# at least this close (averaged contextual vectors, ``index.encode.tokens``); on corpus/ the words'
# tokens score 0.85-0.89 in items on the word (niñez, salud, child, gender) and at most 0.80 in
# 99% of the others (docs/records.md)
WORD_TOKEN_MATCH = 0.86
ON_TOPIC = 5.0
STRONG = 7.5
BACKGROUND = 3000  # windows in the background sample (per language partition)
MIN_PARTITION = 40  # a language with fewer windows is scored against the whole index's background

_STOP = set("""a an and are as at be by for from has have in is it of on or that the their this to with
al con de del el en es la las lo los para por que se su sus un una y o a nivel sobre entre como""".split())
_WORD = re.compile(r"[^\W\d_]{3,}")


def match_level(score: float, floor: float = ON_TOPIC) -> str:
    """``strong`` / ``partial`` (on the topic) / ``weak`` (not shown), ``floor`` being the
    threshold the item was kept at (strong from ``STRONG - ON_TOPIC`` above it)."""
    return "strong" if score >= floor + STRONG - ON_TOPIC else "partial" if score >= floor else "weak"


def _terms(text: str) -> set[str]:
    return {fold(w) for w in _WORD.findall(text) if fold(w) not in _STOP}


@lru_cache(maxsize=1 << 16)  # the same word pairs recur over every item and facet
def _same_term(a: str, b: str) -> bool:
    """Shared stem across English and Spanish cognates: first 5 letters (first 4 when both
    words are long: labour/laboral, registration/registro)."""
    if max(len(a), len(b)) >= 2 * min(len(a), len(b)):  # another derivation: natural/naturalization
        return False
    if a[:5] == b[:5] and min(len(a), len(b)) >= 3:
        return True
    return len(a) >= 6 and len(b) >= 6 and a[:4] == b[:4]


def term_overlap(topic: str, text: str, weights: dict[str, float] | None = None, present: set[str] = frozenset(),
                 no_cognates: set[str] = frozenset()) -> float:
    """Share of the topic's content words with a cognate in ``text`` (or in ``present``:
    found there in another way), each word counted with its ``weights`` (default 1); the
    words of ``no_cognates`` count only through ``present``."""
    tq = _terms(topic)
    if not tq:
        return 0.0
    tt = _terms(text)
    w = {q: (weights or {}).get(q, 1.0) for q in tq}
    total = sum(w.values()) or 1.0
    return sum(w[q] for q in tq if q in present or (q not in no_cognates and any(_same_term(q, x) for x in tt))) / total


def word_columns(topic: str, query, tokenizer) -> dict[str, list[int]]:
    """Each topic word (folded, as ``_terms`` gives it) -> the columns of its tokens among
    the topic's content tokens (``query.tokens``); words without content tokens are left out."""
    if query.tokens is None or tokenizer is None:
        return {}
    surfaces = [w for w in _WORD.findall(topic) if fold(w) not in _STOP]
    cols = token_word_columns(surfaces, query.tokens.ids, tokenizer)
    return {fold(w): c for w, c in cols.items()}


def term_weights(topic: str, df: dict[str, int], n: int) -> dict[str, float]:
    """IDF of each topic word over the background windows (``df``: windows per word), a
    word's cognates counted with it: "health" outweighs "services" in "health services"."""
    out = {}
    for q in _terms(topic):
        hits = min(n, sum(c for w, c in df.items() if _same_term(q, w)))
        out[q] = float(np.log((n + 1) / (hits + 0.5)))
    return out


@dataclass
class _IndexParts:
    """What scoring needs from one loaded index, built once per index version (per searcher)."""

    records: list
    record_vectors: np.ndarray
    record_matcher: TokenMatcher | None
    background: dict  # language (and "*": all) -> window rows sampled from that language partition
    word_df: dict  # content word -> background windows holding it
    record_langs: list  # the language of each record's document
    record_texts: list  # what was embedded for each record (``record_passage``)


_parts: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_parts_lock = threading.Lock()


def _index_parts(searcher) -> _IndexParts:
    index = searcher.index
    with _parts_lock:
        parts = _parts.get(searcher)
        if parts is not None:
            return parts
    rv = index.record_vectors
    if rv is None or len(rv) != len(index.records):  # an index saved without them (tests' hand-made indexes)
        rv = encode_records(searcher.encoder, index.records, index.chunks)
    matcher = None
    if index.token_table is not None and len(rv):
        matcher = TokenMatcher(index.token_table, known_tokens(rv.tokens, index.token_table.ids))
    background = {"*": _sample(np.arange(len(searcher.units)))}
    for lang, rows in searcher.part_units.items():
        if len(rows) >= MIN_PARTITION:
            background[lang] = _sample(rows)
    df: dict[str, int] = {}
    for u in background["*"]:
        c = index.chunks[int(searcher.units[u, 0])]
        for w in _terms(c.text[int(searcher.units[u, 1]): int(searcher.units[u, 2])]):
            df[w] = df.get(w, 0) + 1
    langs = [index.docs[r.doc].lang if r.doc in index.docs else "und" for r in index.records]
    expand = doc_acronyms(index.chunks)
    texts = [record_passage(r, expand.get(r.doc)) for r in index.records]
    parts = _IndexParts(list(index.records), np.asarray(rv.vectors, np.float32), matcher, background, df, langs, texts)
    with _parts_lock:
        _parts[searcher] = parts
    return parts


def _sample(rows: np.ndarray) -> np.ndarray:
    """At most ``BACKGROUND`` rows spread evenly over ``rows``."""
    if not len(rows):
        return np.zeros(0, np.int64)
    return np.unique(np.asarray(rows, np.int64)[np.linspace(0, len(rows) - 1, min(len(rows), BACKGROUND)).astype(np.int64)])


@dataclass
class Topic:
    """A topic prepared for scoring against one index version."""

    text: str
    query: object  # search.Query
    searcher: object
    refs: dict  # language -> (dense (mean, sd), per topic token (mean, sd, IDF weight)); "*": every language
    weights: tuple[float, float] = (TOKEN_WEIGHT, WORD_WEIGHT)
    words: dict = None  # topic word -> IDF weight (``term_weights``)
    columns: dict = None  # topic word -> its token columns (``word_columns``)
    lang: str = ""  # the topic's language, "" when a few words do not tell
    facets: tuple = ()  # Topics of the parts the topic lists (``facets``): an item on one is on the topic

    def translated(self, best: np.ndarray, langs: list[str]) -> list[set[str]]:
        """Per item, the topic words every token of which has a match at ``WORD_TOKEN_MATCH``;
        none in an item of the topic's own language, where a word is spelled, not translated."""
        out = [set() for _ in range(len(best))]
        other = np.array([not self.lang or lang != self.lang for lang in langs], bool)
        if not best.size or not other.any():
            return out
        for word, cols in (self.columns or {}).items():
            for i in np.nonzero(other & (best[:, cols].min(axis=1) >= WORD_TOKEN_MATCH))[0]:
                out[int(i)].add(word)
        return out

    def glossary_matched(self, best: np.ndarray, texts: list[str], langs: list[str], found: list[set[str]]) -> np.ndarray:
        """Adds to ``found`` the topic words the field's glossary finds translated in each item
        of the other language ("reasentamiento" in "departed on resettlement"), and returns
        ``best`` with those words' tokens matched as if the item spelled them: a translation
        the glossary vouches for counts as much as the same word would in the topic's language."""
        out = best.copy()
        skip = [bool(self.lang) and lang == self.lang for lang in langs]
        for have, new in zip(found, raise_glossed(out, texts, self.columns or {}, 1.0, words=self.words or (), skip=skip,
                                                          source=self.text)):
            have |= new
        return out

    @cached_property
    def entities(self) -> list[tuple[object, set[str]]]:
        """The population groups, organisations and places the topic names (the gazetteer,
        ``common.places``), each with the topic words that name it; read once per topic."""
        folded = fold(self.text)
        out = [(entity, _terms(folded[start:end])) for start, end, entity in places.spans(self.text)]
        return [(entity, words) for entity, words in out if words]

    def entity_matched(self, best: np.ndarray, texts: list[str], found: list[set[str]]) -> None:
        """In place, beside :meth:`glossary_matched`: adds to ``found`` the topic words whose
        entity an item names in another of its forms ("internally displaced people" in an
        item on "IDPs", "UNHCR" in one on "el ACNUR"), and matches those words' tokens in
        ``best`` as if the item spelled them."""
        if not self.entities:
            return
        for i, text in enumerate(texts):
            folded = fold(text)
            named = {w for entity, words in self.entities if places.mentions(entity, folded, text) for w in words}
            found[i] |= named
            cols = [c for w in named for c in (self.columns or {}).get(w, ())]
            if cols and best.size:
                best[i, cols] = 1.0

    def _ref(self, lang: str):
        return self.refs.get(lang) or self.refs["*"]

    def token_z(self, best: np.ndarray, token_ref) -> np.ndarray:
        """Per item: the IDF-weighted mean over topic tokens of how far the token's best match
        in the item stands above the background, each capped at ``TOKEN_CAP`` so one word
        matched very well cannot stand in for the others."""
        mean, sd, w = token_ref
        if not best.size or not len(w):
            return np.zeros(len(best), np.float32)
        return (np.minimum((best - mean) / sd, TOKEN_CAP) * w).sum(axis=1).astype(np.float32)

    def parts(self, dense: np.ndarray, best: np.ndarray, texts: list[str], langs: list[str] | None = None) -> np.ndarray:
        """(items, 3): dense z-score, token z-score (both against the background of the
        item's own language, as search centres each language partition on its own), and the
        shared-word share (``best``: the items' per-topic-token best cosines, ``TokenMatcher.best``)."""
        dense = np.asarray(dense, np.float32)
        langs = langs or ["*"] * len(texts)
        found = self.translated(best, langs)
        best = self.glossary_matched(best, texts, langs, found)
        self.entity_matched(best, texts, found)  # ``best`` is glossary_matched's copy
        z = np.zeros(len(texts), np.float32)
        zt = np.zeros(len(texts), np.float32)
        for lang in set(langs):
            rows = np.array([i for i, x in enumerate(langs) if x == lang], dtype=np.int64)
            (mean, sd), token_ref = self._ref(lang)
            z[rows] = (dense[rows] - mean) / sd
            zt[rows] = self.token_z(best[rows], token_ref)
        # in an item of the other language a word the glossary translates is found by its translation, not by a
        # look-alike ("financiamiento" is not in "financial inclusion")
        glossed = {w for w in (self.words or ()) if glosses(w, self.text)}
        words = np.array([term_overlap(self.text, t, self.words, f, glossed if self.lang and lang != self.lang else frozenset())
                          for t, f, lang in zip(texts, found, langs)], dtype=np.float32)
        return np.stack([z, zt, words], axis=1) if len(texts) else np.zeros((0, 3), np.float32)

    def score(self, dense: np.ndarray, best: np.ndarray, texts: list[str], langs: list[str] | None = None) -> np.ndarray:
        """Scores of items from their cosines, per-token best cosines, texts and languages."""
        p = self.parts(dense, best, texts, langs)
        return p[:, 0] + self.weights[0] * p[:, 1] + self.weights[1] * p[:, 2]

    def record_scores(self) -> tuple[list, np.ndarray]:
        """Every record of the index and its score."""
        parts = _index_parts(self.searcher)
        if not parts.records:
            return [], np.zeros(0, np.float32)
        dense = parts.record_vectors @ self.query.vector
        tokens = _best(parts.record_matcher, self.query, np.arange(len(parts.records)))
        scores = self.score(dense, tokens, parts.record_texts, parts.record_langs)
        for f in self.facets:
            scores = np.maximum(scores, f.record_scores()[1] - FACET_MARGIN)
        return parts.records, scores

    def window_scores(self, units: np.ndarray) -> np.ndarray:
        """Scores of windows (rows of the index's window vectors)."""
        s = self.searcher
        units = np.asarray(units, dtype=np.int64)
        langs = [str(x) for x in s.unit_lang[units]]
        dense = np.asarray(s.vectors[units], dtype=np.float32) @ self.query.vector
        tokens = _best(s.matcher, self.query, units)
        chunks = s.index.chunks
        texts = [chunks[int(s.units[u, 0])].text[int(s.units[u, 1]): int(s.units[u, 2])] for u in units]
        scores = self.score(dense, tokens, texts, langs)
        for f in self.facets:
            scores = np.maximum(scores, f.window_scores(units) - FACET_MARGIN)
        return scores


def _best(matcher, q, units: np.ndarray) -> np.ndarray:
    """(units, topic tokens) best cosines; an empty matrix without token data."""
    if matcher is None or q.tokens is None:
        return np.zeros((len(units), 0), np.float32)
    return matcher.best(q.tokens, units)[0]


def background_refs(searcher, q) -> dict:
    """What an unrelated passage scores for the prepared question ``q``, per language
    partition (and "*" over all): ``(mean, sd)`` of the cosines, and per question token the
    mean and sd of its best match and its IDF weight."""
    out = {}
    for lang, bg in _index_parts(searcher).background.items():
        dense = np.asarray(searcher.vectors[bg], dtype=np.float32) @ q.vector if len(bg) else np.zeros(1)
        if searcher.matcher is not None and q.tokens is not None and len(bg):
            best, w = searcher.matcher.best(q.tokens, bg)
            tref = (best.mean(axis=0), np.maximum(best.std(axis=0), TOKEN_SD_FLOOR), w)
        else:
            tref = (np.zeros(0), np.ones(0), np.zeros(0))
        out[lang] = ((float(np.mean(dense)), float(np.std(dense)) + 1e-6), tref)
    return out


def make_topic(searcher, text: str, q) -> Topic:
    """A :class:`Topic` from the prepared question ``q`` (``Searcher.prepare``)."""
    parts = _index_parts(searcher)
    return Topic(text, q, searcher, background_refs(searcher, q),
                 words=term_weights(text, parts.word_df, max(len(parts.background["*"]), 1)),
                 columns=word_columns(text, q, getattr(searcher.encoder, "tokenizer", None)),
                 lang=question_lang(text, default=""))


# what introduces the parts a topic lists: "Child protection, including unaccompanied children"
_INCLUDING = re.compile(r"\s*[,;:]?\s+(?:including|incl\.|in\s+particular|particularly|especially|notably|such\s+as|"
                        r"incluid[oa]s?|incluyendo|en\s+particular|especialmente|sobre\s+todo|tales\s+como)\s+", re.I)
FACET_WORDS = 2  # content words a part needs to be a facet ("unaccompanied children"; not "Venezuelans")
FACET_MARGIN = STRONG - ON_TOPIC  # an item is on the topic through a facet it is strongly on


_HEADED = re.compile(r"^([^:,;]{3,60}?):\s+(\S.*)$", re.S)  # "Cash assistance: transfer values, delivery mechanisms"
HEAD_WORDS = 4  # a topic's head before a colon is this short; a longer one is a sentence ("The plan says: …")


def facets(topic: str) -> list[str]:
    """The parts of a topic that says what it includes ("Child protection, including
    unaccompanied and separated children"; "Cash assistance: transfer values, delivery
    mechanisms and links to social protection", a head and the aspects it lists, split at
    their commas), each a topic of its own when it has ``FACET_WORDS`` content words or
    more; [] for a topic that includes nothing. A list joined by "and" is not split: its
    words often share one noun ("protection of unaccompanied and separated children",
    "GBV prevention and response services")."""
    headed = _HEADED.match(topic.strip())
    if headed and len(headed.group(1).split()) <= HEAD_WORDS:
        parts = [headed.group(1), *re.split(r"\s*[,;]\s+", headed.group(2))]
    else:
        parts = [topic]
    parts = [p.strip(" ,;:.") for part in parts for p in _INCLUDING.split(" " + part)]
    if len(parts) < 2:
        return []
    return [p for p in parts if len(_terms(p)) >= FACET_WORDS]


def prepare_topic(engine, text: str) -> Topic:
    """Encode ``text`` once and measure the background it is scored against; likewise each of
    its :func:`facets`, an item scoring as on the best of them."""
    engine.refresh_soon()
    searcher = engine.searcher
    topic = make_topic(searcher, text, searcher.prepare(text))
    parts = tuple(make_topic(searcher, f, searcher.prepare(f)) for f in facets(text))
    return replace(topic, facets=parts) if parts else topic
