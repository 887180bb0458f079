"""BM25 per language (bm25s), with Snowball stemming and accent folding."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from puente.common.text import fold

_TOKEN = re.compile(r"\w+", re.UNICODE)
_STEMMERS = {"en": "english", "es": "spanish"}


@lru_cache(maxsize=8)
def stopwords(lang: str) -> frozenset[str]:
    import bm25s.stopwords as sw

    words = {"en": sw.STOPWORDS_EN, "es": sw.STOPWORDS_SPANISH}.get(lang, ())
    return frozenset(fold(w) for w in words)


@lru_cache(maxsize=8)
def _stemmer(lang: str):
    import Stemmer

    return Stemmer.Stemmer(_STEMMERS.get(lang, "english"))


def stems(words: list[str], lang: str) -> list[str]:
    """``words`` (folded) by their Snowball stem in ``lang``: "funds" and "funded" are "fund"."""
    return _stemmer(lang).stemWords(words)


def tokenize(text: str, lang: str) -> list[str]:
    """Folded, stop-word-free, stemmed tokens of ``text`` in language ``lang``."""
    stop = stopwords(lang)
    words = [w for w in _TOKEN.findall(fold(text)) if w not in stop and (len(w) > 1 or w.isdigit())]
    return _stemmer(lang).stemWords(words)


class LexicalIndex:
    """BM25 over one partition of chunks (row ids into the full index)."""

    def __init__(self, texts: list[str], rows: list[int], lang: str):
        import bm25s

        self.lang = lang
        self.rows = np.asarray(rows, dtype=np.int64)
        self.bm25 = bm25s.BM25()
        corpus = [tokenize(t, lang) or ["\u2205"] for t in texts]
        if corpus:
            self.bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk of this partition (aligned with ``rows``)."""
        if not len(self.rows):
            return np.zeros(0, dtype=np.float32)
        toks = [t for t in tokenize(query, self.lang) if t in self.bm25.vocab_dict]
        if not toks:
            return np.zeros(len(self.rows), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(toks), dtype=np.float32)
