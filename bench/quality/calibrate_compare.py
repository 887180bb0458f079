"""Calibrate the on-topic score of `puente compare` (``index.topic_match``) and print its figures.

Relevance is judged by a keyword rule per topic over the item's text (what an analyst
would accept as "addresses the topic"); topics with no rule are off-corpus and every item
kept for them is a false positive. The items are every record, and the best window of each
passage search returns for the topic in each document (``CANDIDATES`` per document). The
weights of the token and shared-word parts and the threshold are chosen on these topics;
tests/data/compare_topics.json (other topics, written separately) checks them
(`python -m bench.quality.compare_topics`). Usage:

    python -m bench.quality.calibrate_compare [--index .puente] [--model models/multilingual-e5-small]
"""
from __future__ import annotations

import argparse
import itertools
import re

import numpy as np

TOPICS = {
    "labour inclusion": r"employ|labou?r|\bjobs?\b|livelihood|empleo|laboral|trabaj|decent work",
    "inclusión laboral": r"employ|labou?r|\bjobs?\b|livelihood|empleo|laboral|trabaj|decent work",
    "children": r"child|niñ|infantil|adolesc|\bNNA\b|school|UASC|educat",
    "niñez y adolescencia": r"child|niñ|infantil|adolesc|\bNNA\b|school|UASC|educat",
    "registration capacity of COMAR": (r"COMAR.*(regist|process|capacit|procedure)|(regist|process|capacit|procedure).*COMAR|"
                                       r"asylum (procedure|decision)"),
    "access to health services": r"health|salud|medic",
    "financial inclusion and bank accounts": r"bank|financ|credit|money",
    "gender-based violence": r"gender|GBV|género|violence",
    "violencia de género": r"gender|GBV|género|violence",
    "monitoring and evaluation": r"monitor|evaluat|seguimiento|evaluaci|M&E|indicator",
    "seguimiento y monitoreo": r"monitor|evaluat|seguimiento|evaluaci|M&E|indicator",
    "climate change adaptation": None,
    "nuclear energy policy": None,
    "cambio climático": None,
    "política monetaria": None,
}


OFF_CORPUS_MAX = 10  # items kept over the 4 off-corpus topics x every document


def items(engine, topic: str):
    """(parts (n, 3), texts) of every record and of each candidate passage's best window,
    scored as Compare scores them (after relevance feedback)."""
    from puente.index.compare import CANDIDATES, score_topic
    from puente.index.topic_match import TOKEN_WEIGHT, WORD_WEIGHT, _best, _index_parts

    t, recs, _, cands = score_topic(engine, topic, list(engine.index.docs), CANDIDATES)
    s = t.searcher
    parts_idx = _index_parts(s)
    dense = parts_idx.record_vectors @ t.query.vector
    tok = _best(parts_idx.record_matcher, t.query, np.arange(len(recs)))
    rec_parts = t.parts(dense, tok, parts_idx.record_texts, parts_idx.record_langs)
    pas_parts, pas_texts = [], []
    for pairs in cands.values():
        for h, wins in pairs:
            wt = [h.chunk.text[int(s.units[u, 1]): int(s.units[u, 2])] for u in wins]
            p = t.parts(np.asarray(s.vectors[wins], np.float32) @ t.query.vector, _best(s.matcher, t.query, wins), wt,
                        [str(x) for x in s.unit_lang[wins]])
            best = int(np.argmax(p @ np.array([1.0, TOKEN_WEIGHT, WORD_WEIGHT])))
            pas_parts.append(p[best])
            pas_texts.append(wt[best])
    return rec_parts, [r.text for r in recs], np.array(pas_parts).reshape(-1, 3), pas_texts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=".puente")
    ap.add_argument("--model", default="models/multilingual-e5-small")
    args = ap.parse_args()
    from puente.index.engine import Engine
    from puente.index.topic_match import ON_TOPIC, TOKEN_WEIGHT, WORD_WEIGHT

    engine = Engine(args.index, args.model)
    data = []
    for topic, rule in TOPICS.items():
        rp, rt, pp, pt = items(engine, topic)
        rel = re.compile(rule, re.IGNORECASE) if rule else None
        for parts, texts, kind in ((rp, rt, "record"), (pp, pt, "passage")):
            for p, text in zip(parts, texts):
                data.append((topic, kind, p, bool(rel and rel.search(text)), rule is None))
    parts = np.array([d[2] for d in data])
    rel = np.array([d[3] for d in data])
    off = np.array([d[4] for d in data])
    print(f"{len(TOPICS)} topics, {len(data)} items ({int(rel.sum())} relevant)")
    print(f"{'token w':>7} {'word w':>6} {'thresh':>6} {'prec':>5} {'recall':>6} {'F1':>5} {'off-corpus kept':>15}")
    best = []
    for tw, ww in itertools.product((0.5, 1.0, 1.5, 2.0), (0.0, 1.0, 1.5, 2.0, 3.0)):
        score = parts[:, 0] + tw * parts[:, 1] + ww * parts[:, 2]
        for th in np.arange(2.0, 8.01, 0.5):
            kept = score >= th
            tp = int((kept & rel).sum())
            p = tp / kept.sum() if kept.sum() else 1.0
            r = tp / rel.sum()
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            best.append((f1, tw, ww, th, p, r, int((kept & off).sum())))
    # an honest "nothing on this topic" matters more than a few more matches: best F1 among the
    # settings that keep at most OFF_CORPUS_MAX items over all off-corpus topics and documents
    for f1, tw, ww, th, p, r, o in sorted((b for b in best if b[-1] <= OFF_CORPUS_MAX), reverse=True)[:10]:
        print(f"{tw:7.1f} {ww:6.1f} {th:6.1f} {p:5.2f} {r:6.2f} {f1:5.2f} {o:15d}")
    print(f"chosen: token weight {TOKEN_WEIGHT}, word weight {WORD_WEIGHT}, threshold {ON_TOPIC}:")
    for f1, tw, ww, th, p, r, o in best:
        if (tw, ww) == (TOKEN_WEIGHT, WORD_WEIGHT) and abs(th - ON_TOPIC) < 1e-6:
            print(f"  precision {p:.2f}, recall {r:.2f}, F1 {f1:.2f}, {o} items kept on off-corpus topics")


if __name__ == "__main__":
    main()
