"""Hybrid bilingual retrieval.

Each chunk is searched through its windows (runs of whole sentences or single table
rows, embedded with the document title and section path). Per language partition:

1. dense: FAISS inner product over the partition's windows; a chunk scores its best window;
2. lexical: BM25 (stemmed, accent-folded) over the windows of partitions in the
   question's language, added with a small weight; in the other language's partition,
   BM25 of the glossary's words for the question's (``common.terms.translate``:
   "albergues" -> "shelter", "socios" -> "partners"), with the same weight;
3. the partition's scores are centred on the mean of its top ``center_top`` chunks, which
   removes the offset a multilingual model gives to passages in the question's language;
4. token matching (``index.tokens``): each question token against the tokens of the
   chunk's windows, centred the same way and added with weight ``token_weight``;
5. a document prior (the mean of a document's best chunks) favours passages from the
   documents the question is about;
6. for questions that target several documents, the top results are spread across them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from puente.common.errors import IndexMissingError
from puente.common.lang import question_lang
from puente.common.terms import translate
from puente.common.text import fold
from puente.common.types import Chunk

from ..encode.tokens import TokenMatcher, TokenStates, gather, glossed_columns, raise_glossed
from ..encode.windows import window_texts
from ..store.versions import Index
from .doc_names import OPENING, DocNames, name_of, naming_words, owner_of
from .heap import release_freed
from .lexical import LexicalIndex
from .query import Query, frame_words
from .targeting import spread, targeted_docs


@dataclass(frozen=True)
class SearchParams:
    """Retrieval knobs (the ablations in docs/retrieval.md flip these)."""

    dense: bool = True
    lexical: bool = True
    partition: bool = True  # score each language partition on its own scale
    bm25_weight: float = 0.01  # BM25 (normalised to the partition's best) added to cosine
    cross_bm25_weight: float = 0.0  # the same where partition and question languages differ
    glossary_bm25_weight: float = 0.01  # BM25 of the question's glossary words (common.terms) in the other language
    glossary_tokens: bool = True  # a window's glossary translation of a question word counts in its token match
    center: str = "top"  # "top": centre on the mean of the partition's top-N chunks; "mean"/"z": on all its windows
    center_top: int = 10
    token_weight: float = 1.0  # token matching score (centred like the partition's scores) added × this
    token_top: int = 100  # chunks per partition that are token-matched, best first (cost; docs/retrieval.md)
    doc_prior: float = 0.6  # weight of the document's own relevance (mean of its top-3 chunks)
    candidates: int = 200  # windows taken from FAISS / BM25 per partition
    name_boost: float = 0.0  # added to the prior of documents the question names
    spread: bool = True  # spread results over the documents a comparison question targets
    spread_margin: float = 0.35  # docs whose prior is within this share of the best one's count as targeted
    unnamed_sides: bool = True  # spread each compared document's passages as found without the naming words


# Fused score from which a passage is called a "strong" / "partial" match (else "weak"). On
# the dev and calibration questions, 69% of top-10 passages at >= 0.04 held the gold
# evidence, 13% of those in [0.01, 0.04) and 3% below (docs/answers.md).
MATCH_LEVELS = (("strong", 0.04), ("partial", 0.01))
# ... and the cosine of its best window below which it is "weak" whatever its fused score: the
# fused score is centred per language partition, so the best passage of each partition scores
# well even for a question no passage is about. Over the dev, calibration and report questions'
# top 10 (1,800 passages) and 12 off-corpus questions, 0.79 turned all 16 off-corpus "partial"
# passages, 23 of 177 near-miss ones and 32 of 369 without the gold evidence to "weak", and 1 of
# the 133 strong or partial ones with it (docs/answers.md).
MATCH_DENSE_FLOOR = 0.79
_LEVEL = {"weak": 0, "partial": 1, "strong": 2}


@dataclass(frozen=True)
class Hit:
    """A ranked chunk. ``score`` is the fused score; ``dense`` its best window's cosine."""

    chunk: Chunk
    score: float
    dense: float
    rank: int = 0
    window: tuple[int, int] = (0, 0)  # best window, offsets in chunk.text
    row: int = -1  # the chunk's row in the index (-1: a hit made outside a search)
    answered: str = ""  # the strength of an answer quoting this passage (``Engine.ask``)

    @property
    def match(self) -> str:
        """How well the passage matches the question, for readers: strong / partial / weak, and
        never below an answer that quotes it (a strong answer beside its passage called "weak")."""
        level = "weak" if self.dense < MATCH_DENSE_FLOOR else next((n for n, f in MATCH_LEVELS if self.score >= f), "weak")
        return self.answered if _LEVEL.get(self.answered, -1) > _LEVEL[level] else level

    def to_dict(self) -> dict:
        """The chunk's own fields (``section`` a list, as in ``Chunk.to_dict``), its citation,
        the scores and the match level."""
        return self.chunk.to_dict() | {
            "section_path": self.chunk.section_path,
            "citation": self.chunk.citation,
            "rank": self.rank,
            "score": round(float(self.score), 4),
            "dense": round(float(self.dense), 4),
            "match": self.match,
        }


class Searcher:
    """Search over a loaded :class:`Index` with an encoder for questions."""

    def __init__(self, index: Index, encoder, params: SearchParams | None = None):
        self.index = index
        self.encoder = encoder
        self.params = params or SearchParams()
        self.vectors = index.vectors  # float16, memory-mapped: rows are read (and upcast) as needed
        self.units = index.units
        self.unit_chunk = self.units[:, 0] if len(self.units) else np.zeros(0, np.int64)
        chunk_lang = np.array([c.lang or "und" for c in index.chunks])
        self.chunk_doc = np.array([c.doc for c in index.chunks])
        self.unit_lang = chunk_lang[self.unit_chunk] if len(self.unit_chunk) else np.zeros(0, dtype=chunk_lang.dtype)
        self.langs = sorted(set(chunk_lang.tolist()))
        self.part_units = {lang: np.nonzero(self.unit_lang == lang)[0] for lang in self.langs}
        opening: dict[str, list[str]] = {}
        for c in index.chunks:  # a document's first passages: its cover and opening
            if len(opening.setdefault(c.doc, [])) < OPENING:
                opening[c.doc].append(c.text)
        self.doc_names = DocNames(index.docs, {d: owner_of("\n".join(t)) for d, t in opening.items()})
        self._folded: dict[int, str] = {}  # window -> its folded text (``_folded_window``)
        self.name_vocab = self.doc_names.vocab
        self.doc_set = sorted(set(self.chunk_doc.tolist()))
        self._moments: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.matcher = None
        if index.unit_tokens is not None and index.token_table is not None:
            try:
                self.matcher = TokenMatcher(index.token_table, index.unit_tokens)
            except ValueError as exc:  # a damaged token table: one clear error, the serving engine keeps its index
                raise IndexMissingError(index.path, f"damaged index ({exc})",
                                        f"run `puente ingest --rebuild --index {index.path} PATH...` to rebuild it") from exc
        # the windows of each chunk: chunk_windows[chunk_start[c]:chunk_start[c + 1]]
        self.chunk_windows = np.argsort(self.unit_chunk, kind="stable")
        self.chunk_start = np.searchsorted(self.unit_chunk[self.chunk_windows], np.arange(len(index.chunks) + 1))
        self.lexical = {
            lang: LexicalIndex(window_texts(index.chunks, self.units[rows], index.docs), list(rows), lang)
            for lang, rows in self.part_units.items()
        }
        release_freed()  # the window texts and token lists built above are garbage now

    def moments(self, lang: str) -> tuple[np.ndarray, np.ndarray]:
        """Mean and covariance of a partition's window vectors (a sample of at most
        20,000), computed on first use: only the "mean"/"z" centring ablations need them."""
        if lang not in self._moments:
            rows = self.part_units[lang]
            rng = np.random.default_rng(0)
            sample = np.asarray(self.vectors[np.sort(rng.choice(rows, size=min(len(rows), 20000), replace=False))],
                                dtype=np.float32)
            cov = np.cov(sample.T) if len(sample) > 1 else np.eye(self.vectors.shape[1])
            self._moments[lang] = (sample.mean(axis=0).astype(np.float32), cov.astype(np.float32))
        return self._moments[lang]

    def with_params(self, **kw) -> "Searcher":
        """A copy with other :class:`SearchParams` (shares the loaded data)."""
        clone = object.__new__(Searcher)
        clone.__dict__.update(self.__dict__)
        clone.params = replace(self.params, **kw)
        return clone

    def dense_units(self, qv: np.ndarray, rows: np.ndarray, n: int, lang: str | None = None,
                    docs: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-``n`` windows among ``rows`` by inner product: (unit ids, cosines). ``lang``/``docs``:
        what ``rows`` is, for a backend that filters on its own fields (``backend.py``)."""
        return self.index.dense.search(qv, rows, n, lang=lang, docs=docs)

    def _partition_scores(self, query: str, qlang: str, qv: np.ndarray, rows: np.ndarray, part: str, n: int,
                          told: bool = True,
                          where: tuple[str | None, list[str] | None] = (None, None)) -> dict[int, tuple[float, float, int]]:
        """Chunk -> (score, best cosine, best unit) for one partition, before centring
        (``where``: the language and documents ``rows`` holds, see :meth:`dense_units`)."""
        p = self.params
        unit_score: dict[int, float] = {}
        unit_cos: dict[int, float] = {}
        ids, cos = self.dense_units(qv, rows, n, *where)
        for u, c in zip(ids.tolist(), cos.tolist()):
            unit_cos[u] = c
            if p.dense:
                unit_score[u] = c
        if p.lexical:
            lx_parts = self.langs if part == "*" else [part]
            for lang in lx_parts:
                words, weight = query, p.bm25_weight
                if part != "*" and (not told or (qlang and lang != qlang)):  # the glossary's words for this language
                    glossed = translate(query, lang) if p.glossary_bm25_weight > 0 else ""
                    if not told:  # a language not told: beside the question's own words
                        words = f"{query} {glossed}" if glossed else query
                    else:  # another language: the glossary's words alone
                        words, weight = (glossed, p.glossary_bm25_weight) if glossed else (query, p.cross_bm25_weight)
                if weight <= 0 and p.dense:
                    continue
                lx = self.lexical[lang]
                scores = lx.scores(words)
                if not len(scores):
                    continue
                mask = np.isin(lx.rows, rows) & (scores > 0)
                idx = np.nonzero(mask)[0]
                if not len(idx):
                    continue
                top = idx[np.argsort(-scores[idx])[:n]]
                mx = float(scores[top[0]])
                need = [int(lx.rows[j]) for j in top.tolist() if int(lx.rows[j]) not in unit_cos]
                if need:  # one read of their vectors (a Milvus index reads them from the server)
                    unit_cos.update(zip(need, (np.asarray(self.vectors[np.array(need)], dtype=np.float32) @ qv).tolist()))
                for j in top.tolist():
                    u = int(lx.rows[j])
                    base = unit_score.get(u, unit_cos[u] if p.dense else 0.0)
                    unit_score[u] = base + (weight if p.dense else 1.0) * float(scores[j]) / mx
        best: dict[int, tuple[float, float, int]] = {}
        for u, s in unit_score.items():
            c = int(self.unit_chunk[u])
            prev = best.get(c)
            if prev is None or s > prev[0]:
                best[c] = (s, max(unit_cos[u], prev[1]) if prev else unit_cos[u], u)
            elif unit_cos[u] > prev[1]:
                best[c] = (prev[0], unit_cos[u], prev[2])
        return best

    def windows_of(self, row: int, qv: np.ndarray, query_tokens: TokenStates | None) -> np.ndarray:
        """The windows of the chunk at ``row``: ``(start, end, cosine, token match)`` per
        window (offsets in its text) from the vectors and token lists stored at ingest."""
        if row < 0 or row + 1 >= len(self.chunk_start):
            return np.zeros((0, 4), np.float32)
        wins = self.chunk_windows[self.chunk_start[row]:self.chunk_start[row + 1]]
        cos = np.asarray(self.vectors[wins], dtype=np.float32) @ qv
        tok = (self.matcher.scores(query_tokens, wins) if self.matcher is not None and query_tokens is not None
               else np.zeros(len(wins), np.float32))
        return np.column_stack([self.units[wins, 1], self.units[wins, 2], cos, tok]).astype(np.float32)

    def _folded_window(self, u: int) -> str:
        """Window ``u``'s text folded (``common.text.fold``), kept once read: the glossary's
        look-up reads the same top windows question after question."""
        text = self._folded.get(u)
        if text is None:
            c = self.index.chunks[int(self.units[u, 0])]
            text = self._folded[u] = fold(c.text[int(self.units[u, 1]): int(self.units[u, 2])])
        return text

    def token_scores(self, query_tokens: TokenStates, chunks: list[int], glossed: dict | None = None,
                     question: str = "") -> np.ndarray:
        """Token-matching score of each chunk in ``chunks``: its best window's; ``glossed``
        (``glossed_columns`` of ``question``): the question's words a window holds a glossary
        translation of are matched as a close translation is."""
        positions, bounds = gather(self.chunk_start, chunks)
        units = self.chunk_windows[positions]
        if not glossed:
            per_window = self.matcher.scores(query_tokens, units)
        else:
            best, weights = self.matcher.best(query_tokens, units)
            raise_glossed(best, [self._folded_window(int(u)) for u in units], glossed, folded=True, source=question)
            per_window = (best * weights).sum(axis=1).astype(np.float32) if best.size else np.zeros(len(units), np.float32)
        return np.maximum.reduceat(per_window, bounds[:-1])

    def prepare(self, text: str, vector: np.ndarray | None = None, tokens: TokenStates | None = None,
                lang: str | None = None) -> Query:
        """The question as search and answers read it; ``vector``/``tokens`` may be passed
        when the caller has them already, else one encoder pass gives both."""
        if vector is None or (tokens is None and self.matcher is not None):
            vecs, states = self.encoder.queries_with_tokens([text])
            vector = vecs[0] if vector is None else vector
            tokens = states[0] if tokens is None else tokens
        told = lang or question_lang(text, default="")  # "" when too short to tell: searched as English
        vector = np.asarray(vector, dtype=np.float32)
        return Query(text, vector, tokens, told or "en", self.doc_names.named(text), lang_told=bool(told),
                     meant=self.doc_names.named(text, self.picker(text, vector)))

    def picker(self, text: str, vector: np.ndarray | None = None):
        """``pick(docs) -> doc`` for ``DocNames.named``: which of the documents a shared name
        fits the question ``text`` means (:meth:`closest_doc`; ``text`` is encoded on first need
        when its ``vector`` is not given)."""
        held = [] if vector is None else [vector]
        picked: dict[tuple[str, ...], str | None] = {}  # a name met twice is picked for once

        def pick(docs: list[str]) -> str | None:
            if not held:
                held.append(np.asarray(self.encoder.queries([text])[0], dtype=np.float32))
            if tuple(docs) not in picked:
                picked[tuple(docs)] = self.closest_doc(held[0], docs)
            return picked[tuple(docs)]
        return pick

    def closest_doc(self, qv: np.ndarray, docs: list[str]) -> str | None:
        """Of ``docs``, the one holding the window closest to the question (its vector
        ``qv``): which of several documents a shared name ("IOM's", "the MIRPS plan") means."""
        best, out = -np.inf, None
        unit_doc = self.chunk_doc[self.unit_chunk] if len(self.unit_chunk) else np.zeros(0, str)
        for d in docs:
            rows = np.nonzero(unit_doc == d)[0]
            if not len(rows):
                continue
            _, cos = self.dense_units(qv, rows, 1, docs=[d])
            if len(cos) and float(cos[0]) > best:
                best, out = float(cos[0]), d
        return out

    def search(self, q: Query, k: int = 10, lang: str | None = None, docs: list[str] | None = None) -> list[Hit]:
        """Ranked hits for the prepared question ``q``; ``lang``/``docs`` restrict the chunks searched."""
        p = self.params
        if not len(self.units):
            return []
        query, qlang, qv, query_tokens = q.text, q.lang, q.vector, q.tokens
        use_tokens = self.matcher is not None and query_tokens is not None and p.token_weight > 0 and p.token_top > 0
        glossed = glossed_columns(query, query_tokens.ids, self.encoder.tokenizer) \
            if use_tokens and p.glossary_tokens and getattr(self.encoder, "tokenizer", None) is not None else {}
        allowed_units = None
        if docs:
            allowed_units = np.isin(self.chunk_doc[self.unit_chunk], list(docs))
        partitions = [lg for lg in self.langs if not lang or lg == lang] if p.partition else ["*"]
        fused: dict[int, tuple[float, float, int]] = {}
        for part in partitions:
            rows = np.arange(len(self.units)) if part == "*" else self.part_units[part]
            if part == "*" and lang:
                rows = rows[self.unit_lang[rows] == lang]
            if allowed_units is not None:
                rows = rows[allowed_units[rows]]
            if not len(rows):
                continue
            where = (part if part != "*" else lang, list(docs) if docs else None)
            best = self._partition_scores(query, qlang, qv, rows, part, max(p.candidates, 5 * k), q.lang_told, where)
            if not best:
                continue
            if p.partition and part != "*" and p.center != "none":
                if p.center == "top":
                    top = sorted((v[0] for v in best.values()), reverse=True)[: p.center_top]
                    shift, scale = sum(top) / len(top), 1.0
                else:
                    mean, cov = self.moments(part)
                    shift = float(qv @ mean)
                    scale = float(np.sqrt(max(qv @ cov @ qv, 1e-8))) / 0.05 if p.center == "z" else 1.0
                best = {c: ((s - shift) / scale, cos, u) for c, (s, cos, u) in best.items()}
            if use_tokens:
                # the partition's best ``token_top`` chunks are token-matched; the rest keep the
                # lowest contribution those got, so they cannot pass a matched chunk on tokens alone
                top = sorted(best, key=lambda c: -best[c][0])[: p.token_top]
                # a translation is in the other language (either, for a question whose language is not told)
                ts = self.token_scores(query_tokens, top, glossed if part != qlang or not q.lang_told else None, query)
                shift = float(np.mean(np.sort(ts)[::-1][: p.center_top]))
                add = dict(zip(top, (p.token_weight * (ts - shift)).tolist()))
                floor = min(add.values())
                best = {c: (v[0] + add.get(c, floor), v[1], v[2]) for c, v in best.items()}
            fused.update(best)
        if not fused:
            return []
        prior = self._doc_prior(fused)
        if p.name_boost:
            for d in q.docs_meant:
                prior[d] = prior.get(d, 0.0) + p.name_boost
        scored = {c: (s + p.doc_prior * prior[self.chunk_doc[c]], cos, u) for c, (s, cos, u) in fused.items()}
        order = sorted(scored, key=lambda c: -scored[c][0])
        own: dict[int, Hit] = {}
        if p.spread and not docs:
            targets = targeted_docs(query, prior, p.spread_margin, q.docs_meant)
            queues = None
            if p.unnamed_sides and len(targets) >= 2:
                own = self._sides_unnamed(q, targets, k)
                queues = {d: [c for c, h in own.items() if h.chunk.doc == d] for d in targets}
            order = spread(order, self.chunk_doc, targets, k, queues)
        hits = []
        for rank, c in enumerate(order[:k], 1):
            if c not in scored:
                hits.append(replace(own[c], rank=rank))
                continue
            s, cos, u = scored[c]
            hits.append(Hit(self.index.chunks[c], float(s), float(cos), rank, (int(self.units[u, 1]), int(self.units[u, 2])),
                            int(c)))
        return hits

    def _sides_unnamed(self, q: Query, targets: list[str], k: int) -> dict[int, Hit]:
        """For a question comparing ``targets``: each document's best passages for the
        question without the tokens of the words that name the compared documents and of
        its frame ("What do the MIRPS plan and the Pro Tempore Presidency each say about
        employment services?" is token-matched in each on "… employment services?"): in its
        own document a passage is ranked on what is asked, not on the names every passage of
        it shares. Chunk row -> Hit, each document's best first; {} when no naming or frame
        word's token is in the question."""
        bare = self.unnamed(q, targets)
        if bare is q:
            return {}
        return {h.row: h for d in targets for h in self.search(bare, k=k, docs=[d])}

    def unnamed(self, q: Query, docs: list[str]) -> Query:
        """``q`` without the tokens of the words that name ``docs`` and of its frame."""
        names = [name_of(d, self.index.docs[d].title if d in self.index.docs else "") for d in docs]
        return q.without(naming_words(q.text, names) + frame_words(q.text), getattr(self.encoder, "tokenizer", None))

    def _doc_prior(self, fused: dict[int, tuple[float, float, int]]) -> dict[str, float]:
        """Mean of each document's best three chunk scores (0 for documents not found)."""
        per_doc: dict[str, list[float]] = {}
        for c, (s, _, _) in fused.items():
            per_doc.setdefault(str(self.chunk_doc[c]), []).append(s)
        prior = {d: float(np.mean(sorted(v, reverse=True)[:3])) for d, v in per_doc.items()}
        return {d: prior.get(d, 0.0) for d in self.doc_set}
