"""Hybrid bilingual retrieval: dense (FAISS) and BM25 per language partition, fused."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from ingest.lang import detect_lang
from ingest.types import Chunk

from .embed import passage_text
from .lexical import LexicalIndex
from .store import Index


@dataclass(frozen=True)
class SearchParams:
    """Retrieval knobs (the ablations in docs/retrieval.md flip these)."""

    dense: bool = True
    lexical: bool = True
    partition: bool = True  # search each language separately, then merge on normalised scores
    bm25_weight: float = 0.5
    cross_bm25_weight: float = 0.15  # BM25 weight where query and partition languages differ
    fusion: str = "z"  # "z" (normalised score sum) or "rrf"
    rrf_k: int = 60
    candidates: int = 100
    per_doc_max: int = 3  # at most this many of the top results from one document (0: off)


@dataclass(frozen=True)
class Hit:
    """A ranked chunk. ``score`` is the fused score; ``dense`` the cosine similarity."""

    chunk: Chunk
    score: float
    dense: float
    rank: int = 0

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
        self.langs = sorted({c.lang or "und" for c in index.chunks})
        self.part_rows = {
            lang: np.array([i for i, c in enumerate(index.chunks) if (c.lang or "und") == lang], dtype=np.int64)
            for lang in self.langs
        }
        self.lexical = {
            lang: LexicalIndex([_lex_text(index.chunks[i]) for i in rows], list(rows), lang)
            for lang, rows in self.part_rows.items()
        }
        rng = np.random.default_rng(0)
        self.samples = {
            lang: self.vectors[np.sort(rng.choice(rows, size=min(len(rows), 2000), replace=False))]
            for lang, rows in self.part_rows.items()
            if len(rows)
        }

    def with_params(self, **kw) -> "Searcher":
        clone = object.__new__(Searcher)
        clone.__dict__.update(self.__dict__)
        clone.params = replace(self.params, **kw)
        return clone

    def _dense(self, qv: np.ndarray, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``n`` (rows, cosine) among ``rows`` using FAISS (exact or HNSW)."""
        import faiss

        if len(rows) == 0:
            return rows, np.zeros(0, np.float32)
        n = min(n, len(rows))
        if len(rows) == len(self.index.chunks):
            scores, ids = self.index.faiss_index.search(qv[None, :], n)
        else:
            sel = faiss.IDSelectorBatch(rows)
            params = faiss.SearchParametersHNSW(sel=sel) if hasattr(self.index.faiss_index, "hnsw") else faiss.SearchParameters(sel=sel)
            scores, ids = self.index.faiss_index.search(qv[None, :], n, params=params)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]

    def search(
        self,
        query: str,
        k: int = 10,
        lang: str | None = None,
        docs: list[str] | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """Ranked hits for ``query``; ``lang``/``docs`` restrict the chunks searched."""
        p = self.params
        qlang = detect_lang(query, default="") or _guess_lang(query)
        qv = query_vector if query_vector is not None else self.encoder.queries([query])[0]
        allowed = None
        if docs:
            allowed = np.array([c.doc in set(docs) for c in self.index.chunks])
        partitions = [lg for lg in self.langs if not lang or lg == lang] if p.partition else ["*"]
        fused: dict[int, float] = {}
        dense_of: dict[int, float] = {}
        for part in partitions:
            rows = np.arange(len(self.index.chunks)) if part == "*" else self.part_rows[part]
            if allowed is not None:
                rows = rows[allowed[rows]]
            elif lang and part == "*":
                rows = np.array([i for i in rows if self.index.chunks[i].lang == lang], dtype=np.int64)
            if not len(rows):
                continue
            n = max(p.candidates, 5 * k)
            cand: dict[int, float] = {}
            d_rows, d_scores = self._dense(qv, rows, n)
            for r, s in zip(d_rows, d_scores):
                dense_of[int(r)] = float(s)
            if p.dense:
                if p.fusion == "rrf":
                    for rank, r in enumerate(d_rows):
                        cand[int(r)] = cand.get(int(r), 0.0) + 1.0 / (p.rrf_k + rank + 1)
                else:
                    sample = self.samples.get(part) if part != "*" else self.vectors
                    ref = sample @ qv
                    mu, sd = float(ref.mean()), float(ref.std() + 1e-6)
                    for r, s in zip(d_rows, d_scores):
                        cand[int(r)] = (float(s) - mu) / sd
            if p.lexical:
                weight = p.bm25_weight if (part == "*" or not qlang or part == qlang) else p.cross_bm25_weight
                lex_parts = [part] if part != "*" else self.langs
                for lp in lex_parts:
                    lx = self.lexical[lp]
                    scores = lx.scores(query)
                    mask = np.isin(lx.rows, rows)
                    if not mask.any() or scores.max(initial=0) <= 0:
                        continue
                    idx = np.nonzero(mask & (scores > 0))[0]
                    top = idx[np.argsort(-scores[idx])[:n]]
                    mx = float(scores[top[0]])
                    for rank, j in enumerate(top):
                        r = int(lx.rows[j])
                        if p.fusion == "rrf":
                            cand[r] = cand.get(r, 0.0) + weight / (p.rrf_k + rank + 1)
                        else:
                            cand[r] = cand.get(r, _floor(cand)) + weight * 4.0 * float(scores[j]) / mx
                    if p.fusion != "rrf":
                        # dense-only candidates get no lexical bonus; keep them comparable
                        pass
            for r, s in cand.items():
                fused[r] = max(fused.get(r, -1e9), s)
        order = sorted(fused, key=lambda r: -fused[r])
        hits = []
        for r in order:
            if r not in dense_of:
                dense_of[r] = float(self.vectors[r] @ qv)
            hits.append(Hit(self.index.chunks[r], fused[r], dense_of[r]))
        hits = _diversify(hits, k, p.per_doc_max)
        return [replace(h, rank=i + 1) for i, h in enumerate(hits[:k])]


def _floor(cand: dict[int, float]) -> float:
    """Base score for a chunk found only lexically: the weakest dense candidate's."""
    return min(cand.values()) if cand else 0.0


def _diversify(hits: list[Hit], k: int, per_doc_max: int) -> list[Hit]:
    """Cap how many of the first ``k`` hits come from one document; overflow goes after."""
    if per_doc_max <= 0:
        return hits
    top, rest, count = [], [], {}
    for h in hits:
        if len(top) < k and count.get(h.chunk.doc, 0) < per_doc_max:
            top.append(h)
            count[h.chunk.doc] = count.get(h.chunk.doc, 0) + 1
        else:
            rest.append(h)
    while len(top) < k and rest:
        top.append(rest.pop(0))
    return top + rest


def _lex_text(chunk: Chunk) -> str:
    return passage_text(chunk)


_ES_HINT = re.compile(r"[¿¡ñáéíóú]|\b(qué|cuál|cómo|quién|dónde|cuándo|cuánto|el|la|los|las|del|de|para|por)\b", re.I)


def _guess_lang(text: str) -> str:
    """Cheap fallback for very short questions that langdetect cannot call."""
    return "es" if len(_ES_HINT.findall(text)) >= 2 else "en"
