"""Calibrate the record-matching threshold of `puente compare` and print its figures.

Relevance is judged by a keyword rule per topic over the record text (what an analyst
would accept as "addresses the topic"); topics with no rule are off-corpus and every
match for them is a false positive. Usage:

    python bench/calibrate_compare.py [--index .puente] [--model models/multilingual-e5-small]
"""
from __future__ import annotations

import argparse
import re

import numpy as np

TOPICS = {
    "labour inclusion": r"employ|labou?r|\bjobs?\b|livelihood|empleo|laboral|trabaj|decent work",
    "inclusión laboral": r"employ|labou?r|\bjobs?\b|livelihood|empleo|laboral|trabaj|decent work",
    "children": r"child|niñ|infantil|adolesc|\bNNA\b|school|UASC|educat",
    "niñez y adolescencia": r"child|niñ|infantil|adolesc|\bNNA\b|school|UASC|educat",
    "registration capacity of COMAR": r"COMAR.*(regist|process|capacit|procedure)|(regist|process|capacit|procedure).*COMAR|asylum (procedure|decision)",
    "access to health services": r"health|salud|medic",
    "naturalization": r"naturali|nationality",
    "financial inclusion and bank accounts": r"bank|financ|credit|money",
    "gender-based violence": r"gender|GBV|género|violence",
    "climate change adaptation": None,
    "nuclear energy policy": None,
    "cambio climático": None,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=".puente")
    ap.add_argument("--model", default="models/multilingual-e5-small")
    args = ap.parse_args()
    from puente.index.compare import MAX_RECORDS, passage_score, record_passage, record_scores
    from puente.index.engine import Engine

    engine = Engine(args.index, args.model)
    rows = []  # (topic, doc, score, relevant)
    prow = []  # passages: (topic, score, relevant)
    for topic, rule in TOPICS.items():
        records, scores, ref = record_scores(engine, topic)
        for r, s in zip(records, scores):
            rel = bool(rule and re.search(rule, record_passage(r), re.IGNORECASE))
            rows.append((topic, r.doc, float(s), rel))
        for d in engine.index.docs:
            for h in engine.ask(topic, k=3, docs=[d], answer=False).hits:
                rel = bool(rule and re.search(rule, h.chunk.text, re.IGNORECASE))
                prow.append((topic, passage_score(topic, h, ref), rel))
    print("passages (top 3 per document per topic):")
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'off-topic kept':>14}")
    for t in np.arange(1.5, 4.01, 0.5):
        kept = [(tp_, rel) for tp_, s, rel in prow if s >= t]
        tp = sum(rel for _, rel in kept)
        n_rel = sum(rel for _, _, rel in prow)
        off = sum(1 for tp_, _ in kept if TOPICS[tp_] is None)
        print(f"{t:9.2f} {tp / len(kept) if kept else 1:9.3f} {tp / n_rel if n_rel else 1:7.3f} {off:14d}")
    print("records:")
    print(f"{len(TOPICS)} topics x {len(rows) // len(TOPICS)} records; "
          f"{sum(r[3] for r in rows)} relevant pairs")
    print(f"{'threshold':>9} {'precision':>9} {'recall@cap':>10} {'F1':>6} {'off-topic matches':>17}")
    best = None
    for t in np.arange(1.5, 4.01, 0.25):
        tp = fp = fn = off = 0
        for topic in TOPICS:
            by_doc: dict[str, list] = {}
            for tp_, d, s, rel in rows:
                if tp_ == topic:
                    by_doc.setdefault(d, []).append((s, rel))
            for items in by_doc.values():
                items.sort(key=lambda x: -x[0])
                kept = [rel for s, rel in items[:MAX_RECORDS] if s >= t]
                n_rel = min(MAX_RECORDS, sum(rel for _, rel in items))
                tp += sum(kept)
                fp += len(kept) - sum(kept)
                fn += n_rel - sum(kept)
                if TOPICS[topic] is None:
                    off += len(kept)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:9.2f} {p:9.3f} {r:10.3f} {f1:6.3f} {off:17d}")
        if best is None or f1 > best[1]:
            best = (t, f1)
    print(f"best F1 {best[1]:.3f} at threshold {best[0]:.2f}")


if __name__ == "__main__":
    main()
