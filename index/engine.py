"""The query engine shared by the CLI and the app: model + index + searcher + answers."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path


from puente.ingest.errors import PuenteError

from . import store
from .answer import DEFAULT_THRESHOLD, Answer, extract_answer
from .search import Hit, Searcher, SearchParams


@dataclass
class Result:
    query: str
    hits: list[Hit]
    answer: Answer | None
    timings: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "hits": [h.to_dict() for h in self.hits],
            "answer": self.answer.to_dict() if self.answer else None,
        }


class Engine:
    """Loads the encoder once; (re)loads the index when its active version changes."""

    def __init__(self, index_dir: str | Path, model_path: str | Path, threads: int = 0,
                 params: SearchParams | None = None, threshold: float | None = None):
        from .embed import load_query_encoder

        self.index_dir = Path(index_dir)
        self.encoder = load_query_encoder(str(model_path), threads or None)  # ONNX when exported
        self.params = params
        self.threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        self._lock = threading.Lock()
        self._version = None
        self.searcher: Searcher | None = None
        self.refresh()

    def refresh(self) -> bool:
        """Pick up a newer index version (after an ingest). Returns True if reloaded.

        If the newer version cannot be loaded, the one already loaded keeps serving.
        """
        version = store.current_version(self.index_dir)
        with self._lock:
            if self.searcher is not None and version == self._version:
                return False
            try:
                index = store.load(self.index_dir, model_id=self.encoder.id)
            except PuenteError:
                if self.searcher is None:
                    raise
                return False
            self.searcher = Searcher(index, self.encoder, self.params)
            self._version = version
            return True

    @property
    def index(self) -> store.Index:
        return self.searcher.index

    def ask(self, question: str, k: int = 10, lang: str | None = None, docs: list[str] | None = None,
            answer: bool = True) -> Result:
        """Ranked cited passages and (optionally) an extracted answer."""
        import time

        self.refresh()
        t0 = time.perf_counter()
        q = self.searcher.prepare(question)
        t1 = time.perf_counter()
        hits = self.searcher.search(q, k=k, lang=lang, docs=docs)
        t2 = time.perf_counter()
        ans = (
            extract_answer(q.vector, hits, self.encoder, self.threshold, question=question, records=self.index.records,
                           known_names=self.searcher.name_vocab, lang=q.lang, named=q.named)
            if answer
            else None
        )
        t3 = time.perf_counter()
        timings = {"encode_ms": (t1 - t0) * 1e3, "search_ms": (t2 - t1) * 1e3, "answer_ms": (t3 - t2) * 1e3}
        return Result(question, hits, ans, timings)
