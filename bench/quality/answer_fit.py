"""Fit the answer step's candidate weights (``index/answer/scoring/weights.json``).

Every question of every gold set is searched once; the candidates of its top passages
(sentences, table rows, record fields) are scored with the features of
``index.answer.scoring.score.FEATURES`` and labelled: right when the Answer it would give holds
the set's gold answer string (extractive sets such as XQuAD) or covers a gold evidence
span (report sets) — the rule of ``puente eval``. A conditional logit (softmax over one
question's candidates, L2-regularised) is fitted on the ``tune`` part of each set, each
set weighted equally whatever its size, and every part of every set is reported.

Parts: a set's own ``split`` field when it has one; an XQuAD-style set holds out every
fourth article (alphabetical), so its check questions are about articles never fitted
on; other sets hold out every third question number.

    python -m bench.quality.answer_fit SET.jsonl=INDEX [SET.jsonl=INDEX ...] [--write] [--cache FILE]

``--write`` replaces index/answer/scoring/weights.json (with the sets and figures it was fitted
on); without it the figures are printed only. ``--cache`` keeps the extracted candidates
(JSON lines) so a re-fit needs no search.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
L2 = 0.01


def split_of(item: dict, articles: list[str]) -> str:
    """``tune`` or ``check`` (see the module docstring)."""
    if item.get("split"):
        return item["split"]
    if item.get("type") == "xquad":
        doc = item["evidence"][0]["doc"]
        return "check" if doc in articles and articles.index(doc) % 4 == 3 else "tune"
    digits = "".join(ch for ch in str(item.get("id", "")) if ch.isdigit())
    return "check" if digits and int(digits) % 3 == 0 else "tune"


def extract(engine, item: dict, keep: list | None = None) -> dict:
    """The question's candidates: features and label (and, into ``keep``, the question's
    analysis and candidates themselves, for trying the decision step offline)."""
    from puente.index.answer.asked.question import analyse
    from puente.index.answer.asked.reason import asks_why
    from puente.index.answer.read.text import extend, trim
    from puente.index.answer.reply import passage_reply as _answer
    from puente.index.answer.scoring.rank import rank_candidates
    from puente.index.answer.scoring.score import FEATURES
    from puente.index.evaluate import answer_right

    searcher = engine.searcher
    q = searcher.prepare(item["question"])
    hits = searcher.search(q, k=10)
    qa = analyse(item["question"], q.lang, searcher.name_vocab)
    cands = rank_candidates(q.vector, hits, engine.encoder, qa, item["question"], searcher.index.records, q.docs_meant,
                            q.tokens, searcher.matcher, lambda h: searcher.windows_of(h.row, q.vector, q.tokens))
    if keep is not None:
        keep.append((item, qa, cands))
    rows = []
    for c in cands:
        label = answer_right(item, _answer(extend(trim(c), qa.kind, asks_why(item["question"])), qa, "partial"))
        rows.append({"x": [c.features[f] for f in FEATURES], "y": int(label), "text": c.text})
    return {"id": item["id"], "kind": qa.kind, "cands": rows}


def collect(pairs: list[tuple[str, str]], model: str, keep: list | None = None) -> list[dict]:
    from puente.index.engine import Engine
    from puente.index.evaluate import load_gold

    out = []
    stems = [Path(gold).stem for gold, _ in pairs]
    for gold, index in pairs:
        items = load_gold(gold)
        articles = sorted({s["doc"] for it in items for s in it.get("evidence") or []})
        engine = Engine(index, model)
        name = Path(gold).stem  # sets that share a file name are told apart by their folder
        name = name if stems.count(name) == 1 else f"{Path(gold).parent.name}/{name}"
        for it in items:
            if not it.get("evidence"):
                if keep is not None:
                    extract(engine, it, keep)  # unanswerable: kept for the decision step only
                continue  # abstention is decided by the checks, not by these weights
            row = extract(engine, it, keep)
            row |= {"set": name, "split": split_of(it, articles)}
            out.append(row)
        print(f"{name}: {sum(1 for r in out if r['set'] == name)} questions", file=sys.stderr)
    return out


def _groups(rows: list[dict]):
    return [(np.asarray([c["x"] for c in r["cands"]], np.float64), np.asarray([c["y"] for c in r["cands"]], np.float64))
            for r in rows]


def fit(rows: list[dict], l2: float = L2, steps: int = 3000, lr: float = 0.05) -> np.ndarray:
    """Conditional logit over each question's candidates (questions with no right candidate
    teach nothing and are left out); each set weighs the same. Returns the weights."""
    use = [r for r in rows if r["cands"] and any(c["y"] for c in r["cands"])]
    sizes: dict[str, int] = {}
    for r in use:
        sizes[r["set"]] = sizes.get(r["set"], 0) + 1
    width = max(len(r["cands"]) for r in use)
    dims = len(use[0]["cands"][0]["x"])
    x = np.zeros((len(use), width, dims))
    y = np.zeros((len(use), width))
    mask = np.zeros((len(use), width), bool)
    for i, r in enumerate(use):
        n = len(r["cands"])
        x[i, :n] = [c["x"] for c in r["cands"]]
        y[i, :n] = [c["y"] for c in r["cands"]]
        mask[i, :n] = True
    # fitted on standardised features (their spreads differ a hundredfold), returned raw:
    # a shift of one feature adds the same to every candidate of a question and cancels
    scale = x[mask].std(axis=0)
    scale[scale == 0] = 1.0
    x = x / scale
    wq = np.asarray([1.0 / sizes[r["set"]] for r in use])
    wq /= wq.sum()
    w = np.zeros(dims)
    m, v = np.zeros(dims), np.zeros(dims)
    for t in range(1, steps + 1):
        s = np.where(mask, x @ w, -np.inf)
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        pos = p * y
        diff = (p - pos / pos.sum(axis=1, keepdims=True)) * wq[:, None]
        grad = np.einsum("gc,gcd->d", diff, x) + 2 * l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w / scale


def picks(rows: list[dict], w: np.ndarray) -> dict:
    """Share of questions whose best-scored candidate is right, per set and part."""
    out: dict[str, list[int]] = {}
    for r, (x, y) in zip(rows, _groups(rows)):
        ok = int(len(y) > 0 and y[int(np.argmax(x @ w))] > 0)
        for key in (r["set"], f"{r['set']}:{r['split']}"):
            out.setdefault(key, [0, 0])
            out[key][0] += ok
            out[key][1] += 1
    return {k: f"{a}/{b} ({100 * a / b:.1f}%)" for k, (a, b) in sorted(out.items())}


def main(argv=None) -> int:
    from puente.index.answer.scoring.score import FEATURES, WEIGHTS_FILE, weights

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", help="GOLD.jsonl=INDEX pairs")
    ap.add_argument("--model", default=str(ROOT / "models" / "multilingual-e5-small"))
    ap.add_argument("--cache", action="append", default=[],
                    help="JSON-lines file of extracted candidates: read when every one given exists, else the "
                         "sets' candidates are extracted and written to the first; may be repeated")
    ap.add_argument("--write", action="store_true", help="replace index/answer/scoring/weights.json")
    ap.add_argument("--keep", help="also write the questions' candidates to this scratch file (pickle), to try "
                                   "the decision step offline")
    ap.add_argument("--l2", type=float, default=L2)
    args = ap.parse_args(argv)
    caches = [Path(c) for c in args.cache]
    if caches and all(c.exists() for c in caches) and not args.sets:
        rows = [json.loads(line) for c in caches for line in c.read_text("utf-8").splitlines() if line.strip()]
    else:
        keep: list | None = [] if args.keep else None
        rows = collect([tuple(s.split("=", 1)) for s in args.sets], args.model, keep)
        if caches:
            caches[0].write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
        if keep is not None:
            import pickle  # a scratch file of this bench run, never read by the product

            with open(args.keep, "wb") as fh:
                pickle.dump(keep, fh)
    now = np.asarray([weights().get(f, 0.0) for f in FEATURES])
    tune = [r for r in rows if r["split"] == "tune"]
    w = fit(tune, args.l2)
    reach = {}
    for r in rows:
        reach.setdefault(r["set"], [0, 0])
        reach[r["set"]][0] += int(any(c["y"] for c in r["cands"]))
        reach[r["set"]][1] += 1
    report = {"current weights": picks(rows, now), "fitted weights": picks(rows, w),
              "a right candidate exists": {k: f"{a}/{b}" for k, (a, b) in reach.items()}}
    print(json.dumps(report, indent=1))
    print(json.dumps(dict(zip(FEATURES, np.round(w, 3).tolist())), indent=1))
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps({
            "features": list(FEATURES), "weights": np.round(w, 4).tolist(), "bias": 0.0,
            "fitted_on": sorted({r["set"] for r in tune}), "l2": args.l2,
            "command": "python -m bench.quality.answer_fit SET.jsonl=INDEX ... --write",
            "picks": report["fitted weights"]}, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
