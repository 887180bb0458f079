"""Hybrid bilingual retrieval.

Each chunk is searched through its windows (runs of whole sentences or single table
rows, embedded with the document title and section path). Per language partition:

1. dense: FAISS inner product over the partition's windows; a chunk scores its best window;
2. lexical: BM25 (stemmed, accent-folded) over the windows of partitions in the
   question's language, added with a small weight;
3. the partition's scores are centred on the mean of its top ``center_top`` chunks, which
   removes the offset a multilingual model gives to passages in the question's language;
4. token matching (``index.tokens``): each question token against the tokens of the
   chunk's windows, centred the same way and added with weight ``token_weight``;
5. a document prior (the mean of a document's best chunks) favours passages from the
   documents the question is about;
6. for questions that target several documents, the top results are spread across them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from puente.ingest.errors import IndexMissingError
from puente.ingest.lang import detect_lang
from puente.ingest.types import Chunk

from .embed import unit_texts
from .lexical import LexicalIndex
from .store import Index, subset_params
from .tokens import TokenMatcher, TokenStates, gather


EXACT_SUBSET = 50_000  # windows: a filtered subset up to this size is scored exactly
HNSW_BEAM_FACTOR = 1  # HNSW beam width as a multiple of the results asked for (docs/benchmarks.md: 4 costs +55 ms for +0.03 recall)


@dataclass(frozen=True)
class SearchParams:
    """Retrieval knobs (the ablations in docs/retrieval.md flip these)."""

    dense: bool = True
    lexical: bool = True
    partition: bool = True  # score each language partition on its own scale
    bm25_weight: float = 0.01  # BM25 (normalised to the partition's best) added to cosine
    cross_bm25_weight: float = 0.0  # the same where partition and question languages differ
    center: str = "top"  # "top": centre on the mean of the partition's top-N chunks; "mean"/"z": on all its windows
    center_top: int = 10
    token_weight: float = 1.0  # token matching score (centred like the partition's scores) added × this
    token_top: int = 100  # chunks per partition that are token-matched, best first (cost; docs/retrieval.md)
    doc_prior: float = 0.6  # weight of the document's own relevance (mean of its top-3 chunks)
    candidates: int = 200  # windows taken from FAISS / BM25 per partition
    name_boost: float = 0.0  # added to the prior of documents the question names
    spread: bool = True  # spread results over the documents a comparison question targets
    spread_margin: float = 0.35  # docs whose prior is within this share of the best one's count as targeted


@dataclass(frozen=True)
class Hit:
    """A ranked chunk. ``score`` is the fused score; ``dense`` its best window's cosine."""

    chunk: Chunk
    score: float
    dense: float
    rank: int = 0
    window: tuple[int, int] = (0, 0)  # best window, offsets in chunk.text

    def to_dict(self) -> dict:
        c = self.chunk
        return {
            "doc": c.doc,
            "title": c.title,
            "page_start": c.page_start,
            "page_end": c.page_end,
            "section": c.section_path,
            "lang": c.lang,
            "text": c.text,
            "score": round(float(self.score), 4),
            "dense": round(float(self.dense), 4),
            "citation": c.citation,
            "start": c.start,
            "end": c.end,
        }


class Searcher:
    """Search over a loaded :class:`Index` with an encoder for questions."""

    def __init__(self, index: Index, encoder, params: SearchParams | None = None):
        self.index = index
        self.encoder = encoder
        self.params = params or SearchParams()
        self.vectors = np.asarray(index.vectors, dtype=np.float32)
        self.units = index.units
        self.unit_chunk = self.units[:, 0] if len(self.units) else np.zeros(0, np.int64)
        chunk_lang = np.array([c.lang or "und" for c in index.chunks])
        self.chunk_doc = np.array([c.doc for c in index.chunks])
        self.unit_lang = chunk_lang[self.unit_chunk] if len(self.unit_chunk) else np.zeros(0, dtype=chunk_lang.dtype)
        self.langs = sorted(set(chunk_lang.tolist()))
        self.part_units = {lang: np.nonzero(self.unit_lang == lang)[0] for lang in self.langs}
        self.doc_names = DocNames(index.docs)
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
            lang: LexicalIndex(unit_texts(index.chunks, self.units[rows], index.docs), list(rows), lang)
            for lang, rows in self.part_units.items()
        }

    def moments(self, lang: str) -> tuple[np.ndarray, np.ndarray]:
        """Mean and covariance of a partition's window vectors (a sample of at most
        20,000), computed on first use: only the "mean"/"z" centring ablations need them."""
        if lang not in self._moments:
            rows = self.part_units[lang]
            rng = np.random.default_rng(0)
            sample = self.vectors[np.sort(rng.choice(rows, size=min(len(rows), 20000), replace=False))]
            cov = np.cov(sample.T) if len(sample) > 1 else np.eye(self.vectors.shape[1])
            self._moments[lang] = (sample.mean(axis=0).astype(np.float32), cov.astype(np.float32))
        return self._moments[lang]

    def with_params(self, **kw) -> "Searcher":
        """A copy with other :class:`SearchParams` (shares the loaded data)."""
        clone = object.__new__(Searcher)
        clone.__dict__.update(self.__dict__)
        clone.params = replace(self.params, **kw)
        return clone

    def dense_units(self, qv: np.ndarray, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``n`` windows among ``rows`` by inner product: (unit ids, cosines).

        Exact for a flat index; IVF scans its lists through a bitmap of ``rows``, more lists
        the smaller ``rows`` is (``store.subset_params``: 0.995 of the exact top 10 at 361k
        windows). An HNSW graph walked through an ID filter loses recall
        (0.75 of the exact top 10 at 326k windows), so for HNSW a small subset is scored
        exactly with numpy and a large one (a language partition) is searched on the
        whole graph with a beam wide enough to keep ``n`` rows of the subset.
        """
        import faiss

        if len(rows) == 0:
            return rows, np.zeros(0, np.float32)
        n = min(n, len(rows))
        fidx = self.index.faiss_index
        q = qv[None, :].astype(np.float32)
        whole = len(rows) == fidx.ntotal
        if not hasattr(fidx, "hnsw"):
            params = subset_params(fidx, rows)  # None for the whole index
            scores, ids = fidx.search(q, n, params=params)
            keep = ids[0] >= 0
            return ids[0][keep].astype(np.int64), scores[0][keep]
        if not whole and len(rows) <= EXACT_SUBSET:
            cos = self.vectors[rows] @ qv
            top = np.argsort(-cos)[:n]
            return rows[top].astype(np.int64), cos[top]
        m = n if whole else min(fidx.ntotal, int(n * fidx.ntotal / len(rows) * 1.5) + n)
        # search parameters replace the index's own: a beam several times wider than m
        params = faiss.SearchParametersHNSW(efSearch=max(fidx.hnsw.efSearch, HNSW_BEAM_FACTOR * m))
        scores, ids = fidx.search(q, m, params=params)
        ids, scores = ids[0], scores[0]
        keep = ids >= 0
        if not whole:
            keep &= np.isin(ids, rows)
        ids, scores = ids[keep][:n], scores[keep][:n]
        return ids.astype(np.int64), scores

    def _partition_scores(self, query: str, qlang: str, qv: np.ndarray, rows: np.ndarray, part: str, n: int) -> dict[int, tuple[float, float, int]]:
        """Chunk -> (score, best cosine, best unit) for one partition, before centring."""
        p = self.params
        unit_score: dict[int, float] = {}
        unit_cos: dict[int, float] = {}
        ids, cos = self.dense_units(qv, rows, n)
        for u, c in zip(ids.tolist(), cos.tolist()):
            unit_cos[u] = c
            if p.dense:
                unit_score[u] = c
        if p.lexical:
            lx_parts = self.langs if part == "*" else [part]
            for lang in lx_parts:
                weight = p.bm25_weight if (not qlang or lang == qlang or part == "*") else p.cross_bm25_weight
                if weight <= 0 and p.dense:
                    continue
                lx = self.lexical[lang]
                scores = lx.scores(query)
                if not len(scores):
                    continue
                mask = np.isin(lx.rows, rows) & (scores > 0)
                idx = np.nonzero(mask)[0]
                if not len(idx):
                    continue
                top = idx[np.argsort(-scores[idx])[:n]]
                mx = float(scores[top[0]])
                for j in top.tolist():
                    u = int(lx.rows[j])
                    if u not in unit_cos:
                        unit_cos[u] = float(self.vectors[u] @ qv)
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

    def token_scores(self, query_tokens: TokenStates, chunks: list[int]) -> np.ndarray:
        """Token-matching score of each chunk in ``chunks``: its best window's."""
        positions, bounds = gather(self.chunk_start, chunks)
        per_window = self.matcher.scores(query_tokens, self.chunk_windows[positions])
        return np.maximum.reduceat(per_window, bounds[:-1])

    def search(
        self,
        query: str,
        k: int = 10,
        lang: str | None = None,
        docs: list[str] | None = None,
        query_vector: np.ndarray | None = None,
        query_lang: str | None = None,
        query_tokens: TokenStates | None = None,
    ) -> list[Hit]:
        """Ranked hits for ``query``; ``lang``/``docs`` restrict the chunks searched.
        ``query_vector``/``query_tokens``/``query_lang`` may be passed when the caller has
        them already (``Encoder.queries_with_tokens`` gives both from one pass)."""
        p = self.params
        if not len(self.units):
            return []
        qlang = query_lang or detect_lang(query, default="") or guess_lang(query)
        use_tokens = self.matcher is not None and p.token_weight > 0 and p.token_top > 0
        if query_vector is None or (use_tokens and query_tokens is None):
            vecs, states = self.encoder.queries_with_tokens([query])
            query_vector = vecs[0] if query_vector is None else query_vector
            query_tokens = states[0] if query_tokens is None else query_tokens
        qv = np.asarray(query_vector, dtype=np.float32)
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
            best = self._partition_scores(query, qlang, qv, rows, part, max(p.candidates, 5 * k))
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
                ts = self.token_scores(query_tokens, top)
                shift = float(np.mean(np.sort(ts)[::-1][: p.center_top]))
                add = dict(zip(top, (p.token_weight * (ts - shift)).tolist()))
                floor = min(add.values())
                best = {c: (v[0] + add.get(c, floor), v[1], v[2]) for c, v in best.items()}
            fused.update(best)
        if not fused:
            return []
        prior = self._doc_prior(fused)
        if p.name_boost:
            for d in self.doc_names.named(query):
                prior[d] = prior.get(d, 0.0) + p.name_boost
        scored = {c: (s + p.doc_prior * prior[self.chunk_doc[c]], cos, u) for c, (s, cos, u) in fused.items()}
        order = sorted(scored, key=lambda c: -scored[c][0])
        if p.spread and not docs:
            order = spread(order, self.chunk_doc, targeted_docs(query, prior, p.spread_margin, self.doc_names), k)
        hits = []
        for rank, c in enumerate(order[:k], 1):
            s, cos, u = scored[c]
            hits.append(Hit(self.index.chunks[c], float(s), float(cos), rank, (int(self.units[u, 1]), int(self.units[u, 2]))))
        return hits

    def _doc_prior(self, fused: dict[int, tuple[float, float, int]]) -> dict[str, float]:
        """Mean of each document's best three chunk scores (0 for documents not found)."""
        per_doc: dict[str, list[float]] = {}
        for c, (s, _, _) in fused.items():
            per_doc.setdefault(str(self.chunk_doc[c]), []).append(s)
        prior = {d: float(np.mean(sorted(v, reverse=True)[:3])) for d, v in per_doc.items()}
        return {d: prior.get(d, 0.0) for d in self.doc_set}


_COMPARE = re.compile(
    r"\b(compar\w*|both|ambos|ambas|versus|vs\.?|differ\w*|diferenc\w*|distint\w*|contrast\w*|entre\s+\w+\s+y)\b", re.I
)
_AND = re.compile(r"\b(and|y|e)\b", re.I)


def _name_tokens(doc: str, info: dict) -> set[str]:
    from .lexical import fold, stopwords

    stop = stopwords("en") | stopwords("es")
    words = re.findall(r"[a-z0-9]+", fold(f"{doc} {info.get('title', '')}"))
    return {w for w in words if (len(w) >= 3 or w.isdigit()) and w not in stop}


class DocNames:
    """The words that name each indexed document: those of its file name or title that
    no other document's name has ("annual", "2023", "action", "plan")."""

    def __init__(self, docs_info: dict[str, dict]):
        tokens = {d: _name_tokens(d, info) for d, info in docs_info.items()}
        owners: dict[str, set[str]] = {}
        for d, toks in tokens.items():
            for t in toks:
                owners.setdefault(t, set()).add(d)
        self.vocab = set(owners)
        self.owner = {t: next(iter(ds)) for t, ds in owners.items() if len(ds) == 1}

    def named(self, query: str) -> list[str]:
        """Documents the question names, in the order their names appear."""
        from .lexical import fold

        out: list[str] = []
        for w in re.findall(r"[a-z0-9]+", fold(query)):
            d = self.owner.get(w)
            if d is not None and d not in out:
                out.append(d)
        return out


def named_docs(query: str, docs_info: dict[str, dict]) -> list[str]:
    """Documents the question names (see :class:`DocNames`)."""
    return DocNames(docs_info).named(query)


def targeted_docs(query: str, prior: dict[str, float], margin: float, names: DocNames) -> list[str]:
    """Documents a comparison question is about, best first; [] for other questions.

    A question compares when it names two or more documents joined by "and"/"y", or
    says so ("compare", "both", "entre … y"); then the targeted documents are the
    ones it names, or failing that those whose prior is close to the best one's.
    """
    cue = bool(_COMPARE.search(query))
    if not cue and not _AND.search(query):
        return []
    ranked = sorted(prior, key=lambda d: -prior[d])
    named_set = set(names.named(query))
    named = [d for d in ranked if d in named_set]
    if len(named) >= 2:
        return named
    if not cue:
        return []
    best = prior[ranked[0]] if ranked else 0.0
    close = [d for d in ranked if best > 0 and prior[d] >= best * (1 - margin)]
    return close if len(close) >= 2 else []


def spread(order: list[int], chunk_doc: np.ndarray, targets: list[str], k: int) -> list[int]:
    """Interleave the best chunks of each targeted document at the top of ``order``."""
    if len(targets) < 2:
        return order
    queues = {d: [c for c in order if chunk_doc[c] == d] for d in targets}
    head: list[int] = []
    while len(head) < k and any(queues.values()):
        for d in targets:
            if queues[d] and len(head) < k:
                head.append(queues[d].pop(0))
    taken = set(head)
    return head + [c for c in order if c not in taken]


_ES_HINT = re.compile(r"[¿¡ñáéíóú]|\b(qué|cuál|cómo|quién|dónde|cuándo|cuánto|el|la|los|las|del|de|para|por)\b", re.I)


def guess_lang(text: str) -> str:
    """Cheap fallback for very short questions that langdetect cannot call."""
    return "es" if len(_ES_HINT.findall(text)) >= 2 else "en"
