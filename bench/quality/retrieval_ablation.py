"""Retrieval ablations on a gold set: dense only, BM25 only, fusion variants, with and
without language partitions and token matching. Prints a Markdown table (the one in docs/retrieval.md);
with ``--latency``, the warm time of ``Engine.ask`` per stage instead.

    python -m bench.quality.retrieval_ablation ../shared/eval/dev.jsonl --index .puente
    python -m bench.quality.retrieval_ablation ../shared/eval/dev.jsonl --index .puente --latency
"""
from __future__ import annotations

import argparse
import os

from puente.common.settings import Settings
from puente.index.engine import Engine
from puente.index.evaluate import load_gold, score_item, summarise

CONFIGS = [
    ("dense only, one list", dict(token_weight=0.0, lexical=False, partition=False, doc_prior=0.0, spread=False)),
    ("BM25 only, per language", dict(token_weight=0.0, dense=False, doc_prior=0.0, spread=False)),
    ("dense only, per-language partitions (centred)", dict(token_weight=0.0, lexical=False, doc_prior=0.0, spread=False)),
    ("dense + BM25, one list", dict(token_weight=0.0, partition=False, doc_prior=0.0, spread=False)),
    ("dense + BM25, partitions", dict(token_weight=0.0, doc_prior=0.0, spread=False)),
    ("dense + BM25 (BM25 also across languages)", dict(token_weight=0.0, doc_prior=0.0, spread=False, cross_bm25_weight=0.01)),
    ("dense + BM25, partitions, centred on all windows", dict(token_weight=0.0, doc_prior=0.0, spread=False, center="mean")),
    ("+ document prior", dict(token_weight=0.0, spread=False)),
    ("+ spread for comparison questions", dict(token_weight=0.0)),
    ("+ token matching (default)", dict()),
    ("token matching, without BM25", dict(lexical=False)),
    ("token matching, without the document prior", dict(doc_prior=0.0)),
    ("token matching, one list (no partitions)", dict(partition=False)),
]


def run(engine: Engine, items: list[dict], params: dict) -> dict:
    s = engine.searcher.with_params(**params)
    qv, qt = engine.encoder.queries_with_tokens([it["question"] for it in items])
    scores = []
    for it, v, t in zip(items, qv, qt):
        hits = s.search(s.prepare(it["question"], v, t), k=10)
        scores.append(score_item(it, [h.to_dict() for h in hits], answer=None))
    return summarise(items, scores)


def latency(engine: Engine, items: list[dict], rounds: int = 3) -> dict[str, tuple[float, float]]:
    """Warm ``Engine.ask`` over every question ``rounds`` times (after one warm-up
    round): p50/p95 ms of question encoding, search, answer and the whole ask."""
    import numpy as np

    for it in items:
        engine.ask(it["question"], k=10)
    stages: dict[str, list[float]] = {"encode_ms": [], "search_ms": [], "answer_ms": [], "total_ms": []}
    for _ in range(rounds):
        for it in items:
            t = engine.ask(it["question"], k=10).timings
            for key in ("encode_ms", "search_ms", "answer_ms"):
                stages[key].append(t[key])
            stages["total_ms"].append(t["encode_ms"] + t["search_ms"] + t["answer_ms"])
    return {k: (float(np.percentile(v, 50)), float(np.percentile(v, 95))) for k, v in stages.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--index", default=Settings.from_env().index)
    ap.add_argument("--latency", action="store_true", help="time Engine.ask per stage instead")
    args = ap.parse_args()
    s = Settings.from_env()
    engine = Engine(args.index, s.model)
    items = load_gold(args.gold)
    if args.latency:
        load = os.getloadavg()[0]
        figures = latency(engine, items)
        print(f"warm Engine.ask over {len(items)} questions x 3 (load {load:.2f} -> {os.getloadavg()[0]:.2f})")
        for stage, (p50, p95) in figures.items():
            print(f"{stage:10} p50 {p50:7.1f}  p95 {p95:7.1f}")
        return
    print("| pipeline | R@5 | R@10 | MRR@10 | cross-language R@5 | same-language R@5 |")
    print("|---|---|---|---|---|---|")
    for name, params in CONFIGS:
        r = run(engine, items, params)
        a = r["all"]
        print(f"| {name} | {a['R@5']:.3f} | {a['R@10']:.3f} | {a['MRR@10']:.3f} | {r['cross']['R@5']:.3f} "
              f"| {r['same']['R@5']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
