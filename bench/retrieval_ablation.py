"""Retrieval ablations on a gold set: dense only, BM25 only, fusion variants, with and
without language partitions. Prints a Markdown table (the one in docs/retrieval.md).

    python -m bench.retrieval_ablation ../shared/eval/dev.jsonl --index .puente
"""
from __future__ import annotations

import argparse

from app.settings import Settings
from index.engine import Engine
from index.evaluate import load_gold, score_item, summarise

CONFIGS = [
    ("dense only, one list", dict(lexical=False, partition=False, doc_prior=0.0, spread=False)),
    ("BM25 only, per language", dict(dense=False, doc_prior=0.0, spread=False)),
    ("dense only, per-language partitions (centred)", dict(lexical=False, doc_prior=0.0, spread=False)),
    ("dense + BM25, one list", dict(partition=False, doc_prior=0.0, spread=False)),
    ("dense + BM25, partitions", dict(doc_prior=0.0, spread=False)),
    ("dense + BM25 (BM25 also across languages)", dict(doc_prior=0.0, spread=False, cross_bm25_weight=0.01)),
    ("dense + BM25, partitions, centred on all windows", dict(doc_prior=0.0, spread=False, center="mean")),
    ("+ document prior", dict(spread=False)),
    ("+ spread for comparison questions (default)", dict()),
]


def run(engine: Engine, items: list[dict], params: dict) -> dict:
    s = engine.searcher.with_params(**params)
    qv = engine.encoder.queries([it["question"] for it in items])
    scores = []
    for it, v in zip(items, qv):
        hits = s.search(it["question"], k=10, query_vector=v)
        scores.append(score_item(it, [h.to_dict() for h in hits], answer=object()))
    return summarise(items, scores)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--index", default=Settings.from_env().index)
    args = ap.parse_args()
    s = Settings.from_env()
    engine = Engine(args.index, s.model)
    items = load_gold(args.gold)
    print("| pipeline | R@5 | R@10 | MRR@10 | cross-language R@5 | same-language R@5 |")
    print("|---|---|---|---|---|---|")
    for name, params in CONFIGS:
        r = run(engine, items, params)
        a = r["all"]
        print(f"| {name} | {a['R@5']:.3f} | {a['R@10']:.3f} | {a['MRR@10']:.3f} | {r['cross']['R@5']:.3f} | {r['same']['R@5']:.3f} |", flush=True)


if __name__ == "__main__":
    main()
