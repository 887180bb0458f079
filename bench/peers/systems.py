"""The systems of ``python -m bench --peers`` behind one protocol (load the model, warm up,
ingest a folder of PDFs into an index folder, open an index, search), and the child-process
worker that times one action of one system: ``ingest``, ``warm`` (warm query latency and dev
R@5 over the gold questions) or ``cold`` (print the first result as soon as there is one)."""
from __future__ import annotations

import time

from bench.common import percentile, read_jsonl
from bench.machine import dir_bytes, load_avg, peak_rss_mb


class Puente:
    """Puente as installed: ``pipeline.ingest``, and ``Engine.ask`` as ``puente search`` runs it."""

    name = "puente"

    def __init__(self, model: str, ingest: bool = True):
        from puente.index.encode.embed import load_encoder

        self.model = model
        # torch only where Puente uses it: a query process (warm, cold) loads the ONNX encoder in ``open``
        self.encoder = load_encoder(model) if ingest else None

    def warm_up(self) -> None:
        self.encoder.model.encode(["passage: warm-up"] * 8, batch_size=32)

    def ingest(self, corpus: str, index_dir: str) -> dict:
        from puente.index.store import stores as store
        from puente.index.update import ingest

        report = ingest([corpus], index_dir, self.encoder, rebuild=True)
        if report.errors:
            raise RuntimeError(f"puente ingest: {report.errors[:3]}")
        idx = store.load(index_dir)
        return {"chunks": len(idx.chunks), "windows": len(idx.units),
                "chunk_chars": round(sum(len(c.text) for c in idx.chunks) / max(1, len(idx.chunks)))}

    def open(self, index_dir: str) -> None:
        from puente.index.engine import Engine

        self.engine = Engine(index_dir, self.model)

    def search(self, question: str, k: int, answer: bool = True) -> list[dict]:
        return [h.to_dict() for h in self.engine.ask(question, k=k, answer=answer).hits]


def make(system: str, model: str, action: str = "ingest"):
    """The system named ``system`` with ``model`` loaded as ``action`` needs it."""
    if system == "puente":
        return Puente(model, ingest=action == "ingest")
    if system == "simple":
        from bench.peers.simple_pipeline import Simple

        return Simple(model)
    if system == "llamaindex":
        from bench.peers.llamaindex import LlamaIndexDefaults

        return LlamaIndexDefaults(model)
    raise ValueError(f"unknown system {system!r}")


def gold_items(path: str) -> list[dict]:
    """The gold questions as ``puente eval`` reads them (an ``id`` for each)."""
    return [dict(row, id=row.get("id", f"q{n}")) for n, row in enumerate(read_jsonl(path), 1)]


def timed_queries(search, questions: list[str], k: int = 10, warm: int = 3) -> tuple[list[float], list[list[dict]]]:
    """Milliseconds of each ``search(question, k)`` after ``warm`` untimed ones, and the hits."""
    for q in questions[:warm]:
        search(q, k)
    ms, hits = [], []
    for q in questions:
        t = time.perf_counter()
        hits.append(search(q, k))
        ms.append((time.perf_counter() - t) * 1e3)
    return ms, hits


def recall(items: list[dict], hits: list[list[dict]]) -> dict:
    """Dev figures with ``puente eval``'s scoring (``covers`` on each hit's document and text)."""
    from puente.index.evaluate import score_item, summarise

    s = summarise(items, [score_item(it, h, answer=None) for it, h in zip(items, hits)])
    return {"R@5": s["all"].get("R@5"), "R@10": s["all"].get("R@10"), "MRR@10": s["all"].get("MRR@10"),
            "cross_R@5": s.get("cross", {}).get("R@5"), "n": s["all"].get("n")}


def worker_peer(spec: dict) -> dict:
    """One action of one system, as ``spec`` says: ``{"system", "action", "model", "index",
    "corpus" (ingest), "gold" and "score" (warm), "question" (cold)}``."""
    load0 = load_avg()
    t = time.perf_counter()
    system = make(spec["system"], spec["model"], spec["action"])
    model_s = time.perf_counter() - t
    out = {"system": spec["system"], "action": spec["action"], "model_load_s": round(model_s, 2)}
    if spec["action"] == "ingest":
        system.warm_up()
        load0 = load_avg()
        t = time.perf_counter()
        out |= system.ingest(spec["corpus"], spec["index"])
        out["ingest_s"] = round(time.perf_counter() - t, 2)
        out["index_bytes"] = dir_bytes(spec["index"])
        out["bytes_per_chunk"] = int(out["index_bytes"] / max(1, out["chunks"]))
    elif spec["action"] == "warm":
        system.open(spec["index"])
        items = gold_items(spec["gold"])
        questions = [it["question"] for it in items]
        load0 = load_avg()
        ms, hits = timed_queries(system.search, questions)
        out |= {"warm_p50_ms": round(percentile(ms, 50), 1), "warm_p95_ms": round(percentile(ms, 95), 1),
                "queries": len(ms)}
        if spec["system"] == "puente":  # the ranked passages alone, without the answer sentence
            ms_p, _ = timed_queries(lambda q, k: system.search(q, k, answer=False), questions)
            out["passages_p50_ms"] = round(percentile(ms_p, 50), 1)
        if spec.get("score"):
            out |= recall(items, hits)
    elif spec["action"] == "cold":
        system.open(spec["index"])
        hits = system.search(spec["question"], 5)
        print(f"{hits[0]['doc']}: {' '.join(hits[0]['text'].split())[:100]}" if hits else "(no results)", flush=True)
        out["hits"] = len(hits)
    else:
        raise ValueError(f"unknown action {spec['action']!r}")
    out["peak_rss_mb"] = peak_rss_mb()
    out["load"] = [load0, load_avg()]
    return out
