"""The query engine shared by the CLI and the app: model + index + searcher + answers."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from puente.common.errors import PuenteError

from .answer.choose import DEFAULT_THRESHOLD, Answer, extract_answer, no_answer
from .answer.lift import lifted, record_passage
from .answer.per_document import (
    SIDE_PASSAGES,
    SIDE_TOPIC,
    answer_sides,
    leading,
    not_indexed,
    passage_of,
    reranked,
    shown,
    sides_lead,
    unindexed,
)
from .answer.per_document import targets as compare_targets
from .answer.read.records import is_item_asked
from .answer.reasons import Why
from .search.searcher import Hit, Searcher, SearchParams
from .store import stores as store
from .topic_match import make_topic
from .topic_question import read_topic

READ_DEPTH = 10  # passages an answer is read from (its candidates, a comparison's sides), whatever k shows


@dataclass
class Result:
    query: str
    hits: list[Hit]
    answer: Answer | None
    timings: dict = field(default_factory=dict)
    generated: object = None  # a verified ``index.generate.Generated`` when an LLM was asked
    lang: str = "en"  # the question's language
    answers: list = field(default_factory=list)  # a comparison question: one Answer per document it compares

    def to_dict(self) -> dict:
        out = {
            "query": self.query,
            "hits": [h.to_dict() for h in self.hits],
            "answer": self.answer.to_dict() if self.answer is not None else None,
        }
        if self.answers:
            out["answers"] = [a.to_dict() | {"doc": a.doc} for a in self.answers]
        if self.generated is not None:
            out["generated"] = self.generated.to_dict()
        return out


class Engine:
    """Loads the encoder once and the index's active version; a newer version (after an
    ingest) is loaded beside the one serving and swapped in when ready, so no question
    waits on a reload. ``watch`` polls the index folder every ``poll_seconds`` (the app);
    without it, :meth:`ask` notices a new version and loads it in the background."""

    def __init__(self, index_dir: str | Path, model_path: str | Path, threads: int = 0,
                 params: SearchParams | None = None, threshold: float | None = None,
                 watch: bool = False, poll_seconds: float = 1.0):
        from .encode.embed import load_query_encoder

        self.store = store.open_store(index_dir)
        self.index_dir = self.store.where  # a folder's Path, or a Milvus URI as given
        self.encoder = load_query_encoder(str(model_path), threads or None)  # ONNX when exported
        self.params = params
        self.threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        self._lock = threading.Lock()  # one load at a time
        self._version = None
        self._loading: threading.Thread | None = None
        self._checked = 0.0  # when refresh_soon last looked for a newer Milvus version
        self.searcher: Searcher | None = None
        self.refresh()
        if watch:
            threading.Thread(target=self._watch, args=(poll_seconds,), daemon=True, name="puente-index-watch").start()

    def refresh(self) -> bool:
        """Load a newer index version now (the caller waits). Returns True if reloaded.

        If the newer version cannot be loaded, the one already loaded keeps serving. The first
        load reads which version is current once (``Store.current_version``: for Milvus the one
        Strong read of a cold start), later ones look again.
        """
        import time

        with self._lock:
            version = self.store.current_version(fresh=self.searcher is not None)
            if self.searcher is not None and version == self._version:
                return False
            try:
                # the version just named: a Milvus store read CURRENT once and loads what it read
                searcher = Searcher(self.store.load(model_id=self.encoder.id), self.encoder, self.params)
            except PuenteError:
                if self.searcher is None:
                    raise
                self._version = version  # a damaged version is not retried on every question
                return False
            self.searcher, self._version = searcher, version  # one assignment: readers see old or new
            self._checked = time.monotonic()  # refresh_soon: the next look is a second from now
            return True

    def refresh_soon(self) -> None:
        """Start loading a newer version in the background (no-op when there is none or a
        load is already running); questions meanwhile use the version already loaded. For a
        Milvus index even the look at which version is current (a Strong read: 200-300 ms on a
        server) runs in the background, at most once a second, off the question's path."""
        import time

        milvus = self.store.remote
        if milvus and time.monotonic() - self._checked < 1.0:
            return
        if self._lock.locked() or (not milvus and self.store.current_version() == self._version):
            return
        self._checked = time.monotonic()
        if self._loading is None or not self._loading.is_alive():
            self._loading = threading.Thread(target=self.refresh, daemon=True, name="puente-index-load")
            self._loading.start()

    def _watch(self, poll_seconds: float) -> None:
        import time

        while True:
            time.sleep(poll_seconds)
            try:
                self.refresh()
            except Exception:  # noqa: BLE001 - the watcher must outlive a bad version or a vanished folder
                pass

    @property
    def index(self) -> store.Index:
        return self.searcher.index

    def ask(self, question: str, k: int = 10, lang: str | None = None, docs: list[str] | None = None,
            answer: bool = True, llm=None) -> Result:
        """Ranked cited passages and (optionally) an extracted answer; with ``llm`` (an
        ``index.generate.LLMConfig``) also a generated answer, verified against the passages."""
        import time

        self.refresh_soon()
        searcher = self.searcher  # this question uses one version throughout
        t0 = time.perf_counter()
        q = searcher.prepare(question)
        t1 = time.perf_counter()
        # the answers read the same passages whatever number the list shows
        hits = searcher.search(q, k=max(k, READ_DEPTH) if answer else k, lang=lang, docs=docs)
        if answer and not docs:  # the passage of the record asked for is read by the answer
            hits = lifted(hits, record_passage(question, q, searcher, lang))
        t2 = time.perf_counter()
        ans, answers = None, []
        if answer:
            def answer_from(passages, doc=None, compared=()):
                # a compared document's sentences are weighed against the vector of the question's
                # topic: the words naming the documents would favour the sentences that name them
                asked = replace(q, vector=topic().vector) if compared else q
                return extract_answer(asked, passages, searcher, self.threshold, named=[doc] if doc else None, explain=True,
                                      compared=compared)

            ans = answer_from(hits)
            if ans and ans.hit_rank > 1 and is_item_asked(question, ans.record):
                # the item asked for by number: its passage first, the others in their order
                ranked = leading(hits, passage_of(ans, hits))
                ans, hits = reranked(ans, hits, ranked), ranked
            pick = searcher.picker(question, q.vector)  # one pick per shared name, for the topic and the sides

            @cache
            def topic_text():  # the question's topic as Compare reads it
                return read_topic(question, searcher.doc_names, pick).topic

            @cache
            def topic():  # encoded when first needed
                return searcher.prepare(topic_text()) if topic_text() != question.strip() else q

            @cache
            def scorer():  # the topic's on-topic scale, as Compare's
                return make_topic(searcher, topic_text(), topic())

            def topical(h):  # how much a side's passage is on the topic: its best window's score
                ok = 0 <= h.row < len(searcher.chunk_start) - 1
                wins = searcher.chunk_windows[searcher.chunk_start[h.row]:searcher.chunk_start[h.row + 1]] if ok else ()
                return float(scorer().window_scores(wins).max()) if len(wins) else SIDE_TOPIC + 1

            def on_topic(among, k=SIDE_PASSAGES):  # a compared document's passages on the question's topic
                return searcher.search(topic(), k=k, lang=lang, docs=list(among))

            def best_of(among):  # of one organisation's documents, the one its topic is in
                return next((h.chunk.doc for h in on_topic(among, 1)), None)

            searched = {d: i for d, i in searcher.index.docs.items() if d in docs} if docs else searcher.index.docs
            named = searcher.doc_names.named(question, pick, by_entity=False)
            sides = compare_targets(question, [d for d in named if d in searched], hits, searched, best_of)
            # an organisation compared that no indexed document is from: the named ones' sides (not the
            # best passages' documents), and its own that says so
            present, absent = ([], []) if docs else unindexed(question, hits, searched, best_of)
            if absent:
                sides = present + [d for d in sides if d in named and d not in present]
            if sides:
                answers, mine = answer_sides(sides, hits, answer_from, q.lang, more=lambda d: on_topic([d]),
                                             topical=topical, also=tuple(absent))
                answers += [not_indexed(name, q.lang) for name in absent]
                # each side's evidence leads its document's passages in the list, and every
                # answer points at its passage's new place there
                picks = [passage_of(a, mine.get(a.doc, [])) for a in answers]
                ranked = sides_lead(hits, picks, keep=[passage_of(ans, hits)])
                answers = [reranked(a, mine.get(a.doc, []), ranked) for a in answers]
                ans, hits = reranked(ans, hits, ranked), ranked
                # the Answer box of a comparison holds one of its sides: the side of the document
                # the question read whole answers from, else the best side rather than nothing
                got = [a for a in answers if a]
                if got:
                    same = next((a for a in got if ans and a.doc == ans.doc), None)
                    ans = same or max(got, key=lambda a: (a.strength == "strong", a.score))
                elif ans is not None and len([d for d in sides if d in named]) >= 2:
                    # none of the documents the question names answers it: nor does the box, and its
                    # reason says that none answers closely enough, not that a constraint only the other
                    # document's name holds ("WFP") is missing, nor that no passage was found (a "both X
                    # and Y" read as a comparison of the documents found keeps its answer)
                    ans = no_answer(Why("weak"), ans.kind, lang=q.lang)
            if len(hits) > k:
                before, hits = hits, shown(hits, k, [passage_of(a, hits) for a in [ans, *answers]])
                ans, answers = reranked(ans, before, hits), [reranked(a, before, hits) for a in answers]
            # a passage an answer quotes is listed at least as strong a match as the answer
            quoted = {}
            for a in [ans, *answers]:
                if a and a.hit_rank and (a.strength == "strong" or a.hit_rank not in quoted):
                    quoted[a.hit_rank] = a.strength
            hits = [replace(h, answered=quoted[h.rank]) if h.rank in quoted else h for h in hits]
        t3 = time.perf_counter()
        timings = {"encode_ms": (t1 - t0) * 1e3, "search_ms": (t2 - t1) * 1e3, "answer_ms": (t3 - t2) * 1e3}
        generated = None
        if llm is not None:
            from .generate.answer import DEFAULT_PASSAGES, generate_or_notice

            generated = generate_or_notice(question, hits[:DEFAULT_PASSAGES], llm, q.lang)
        return Result(question, hits, ans, timings, generated, q.lang, answers)
