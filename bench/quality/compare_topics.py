"""How `puente compare` and `puente track` do against what an analyst expects on corpus/.

The expectations (tests/data/compare_topics.json) were written from the documents' text
before looking at compare output: per topic, in English and Spanish, the records and
passages each document's column must hold, or that it must say "nothing on this topic".
A *side* is one (topic wording, document) expectation; it is found when every required
item is in the column (or, for "nothing", the column is empty). Precision is the share of
the items shown (records and passages, every column) whose text matches the topic's
keyword rule. Usage:

    python -m bench.quality.compare_topics [--index .puente] [--model models/multilingual-e5-small] [--json]
"""
from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

EXPECTED = Path(__file__).resolve().parents[2] / "tests" / "data" / "compare_topics.json"


def load_expected(path: Path = EXPECTED) -> dict:
    return json.loads(path.read_text("utf-8"))["topics"]


def records_of(col) -> list:
    """The column's records (``records`` may hold ``(record, score)`` pairs)."""
    return [x[0] if isinstance(x, tuple) else x for x in col.records]


def record_id(r) -> str:
    return f"{r.kind}:{r.key}"


def _flat(text: str) -> str:
    """``text`` lower-cased with every run of whitespace one space: a PDF passage breaks its
    lines where the page did ("fewer than one in\nten"), the expectation is written on one line."""
    from puente.index.evaluate import normalise

    return normalise(text).lower()


def judge_side(col, want: dict) -> tuple[bool, list[str]]:
    """(found, what is missing) for one document's column against its expectation."""
    recs = records_of(col)
    said = [_flat(r.text) for r in recs]  # each record's text, as the expectations are matched against it
    texts = said + [_flat(h.chunk.text) for h in col.passages]
    ids = {record_id(r) for r in recs}
    missing = []
    if want.get("nothing"):
        if col.found:
            missing.append(f"should be empty, holds {len(recs)} records and {len(col.passages)} passages")
        return not missing, missing
    missing += [k for k in want.get("records", []) if k not in ids]
    missing += [f"record ~{p!r}" for p in want.get("records_contain", [])
                if not any(_flat(p) in t for t in said)]
    missing += [f"item ~{p!r}" for p in want.get("passages", []) if not any(_flat(p) in t for t in texts)]
    only = want.get("only_records_contain")
    if only:
        missing += [f"off-topic record {record_id(r)}" for r, t in zip(recs, said) if not any(_flat(p) in t for p in only)]
    return not missing, missing


def item_text(x) -> str:
    """What precision is judged on: a record's own statement (not its area: an indicator on
    school enrolment under "Achieving Gender Equality" is not on gender), a passage's text."""
    return x.text if hasattr(x, "area") else x.chunk.text


def evaluate(engine, expected: dict | None = None, compare_fn=None) -> dict:
    """Sides found and precision per topic wording; ``compare_fn(engine, topic)`` defaults
    to ``index.compare.compare`` over every document."""
    from puente.index.compare import compare

    expected = expected or load_expected()
    compare_fn = compare_fn or (lambda e, t: compare(e, t))
    rows = []
    for topic, spec in expected.items():
        rule = re.compile(spec["on_topic"], re.IGNORECASE)
        for wording in [topic] + spec.get("same_as", []):
            t0 = time.perf_counter()
            res = compare_fn(engine, wording)
            ms = (time.perf_counter() - t0) * 1e3
            by = {d.doc: d for d in res.docs}
            sides = {doc: judge_side(by[doc], want) for doc, want in spec["docs"].items() if doc in by}
            items = [x for d in res.docs for x in records_of(d) + list(d.passages)]
            on = sum(bool(rule.search(_flat(item_text(x)))) for x in items)
            rows.append({"topic": wording, "ms": round(ms), "sides": len(sides),
                         "found": sum(ok for ok, _ in sides.values()),
                         "missing": {d: m for d, (ok, m) in sides.items() if not ok},
                         "items": len(items), "on_topic": on})
    return {"rows": rows, "sides": sum(r["sides"] for r in rows), "found": sum(r["found"] for r in rows),
            "items": sum(r["items"] for r in rows), "on_topic": sum(r["on_topic"] for r in rows)}


TRACK_EXPECTED = EXPECTED.parent / "track_expected.json"
TRACK_IN = "unhcr-mexico-annual-results-report-2023"


def evaluate_track(engine, threshold: float | None = None) -> dict:
    """Expected follow-through pairs (tests/data/track_expected.json) found by
    ``track(DOC, [results report])``: a pair is found when one reported passage holds one
    of its phrases (or, for ``none``, when nothing is reported); precision is the share of
    reported passages, over the expected items, that hold one of the phrases."""
    from puente.index.compare import quote
    from puente.index.track import TRACK_THRESHOLD, track

    expected = json.loads(TRACK_EXPECTED.read_text("utf-8"))
    rows = []
    for doc, pairs in expected.items():
        if doc.startswith("_"):
            continue
        res = track(engine, doc, [TRACK_IN], threshold=TRACK_THRESHOLD if threshold is None else threshold)
        for want in pairs:
            item = next(it for it in res.items if ("record" in want and f"{it.record.kind}:{it.record.key}" == want["record"])
                        or ("record_contains" in want and want["record_contains"] in it.record.text))
            texts = [quote(h) + " " + h.chunk.text for h, _ in item.reports]
            good = [any(_flat(p) in _flat(t) for p in want.get("any", [])) for t in texts]
            found = not item.reports if want.get("none") else any(good)
            rows.append({"doc": doc, "item": want.get("record") or want["record_contains"], "found": found,
                         "reports": len(texts), "on_item": sum(good)})
        rows.append({"doc": doc, "item": "*", "reported": sum(1 for i in res.items if i.reports), "items": len(res.items)})
    pairs = [r for r in rows if r["item"] != "*"]
    return {"rows": rows, "pairs": len(pairs), "found": sum(r["found"] for r in pairs),
            "reports": sum(r["reports"] for r in pairs), "on_item": sum(r["on_item"] for r in pairs)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=".puente")
    ap.add_argument("--model", default="models/multilingual-e5-small")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from puente.index.engine import Engine

    engine = Engine(args.index, args.model)
    out = evaluate(engine)
    tr = evaluate_track(engine)
    if args.json:
        print(json.dumps({"compare": out, "track": tr}, ensure_ascii=False, indent=1))
        return
    for r in out["rows"]:
        print(f"{r['topic'][:34]:34} sides {r['found']}/{r['sides']}  on-topic items {r['on_topic']}/{r['items']}"
              f"  {r['ms']:>6} ms")
        for doc, miss in r["missing"].items():
            print(f"    {doc}: {'; '.join(miss)}")
    prec = out["on_topic"] / out["items"] if out["items"] else 1.0
    print(f"sides found {out['found']}/{out['sides']} ({out['found'] / max(out['sides'], 1):.0%}); "
          f"precision {out['on_topic']}/{out['items']} ({prec:.0%})")
    for r in tr["rows"]:
        print(f"track {r['doc'][:40]:40} {r['item'][:50]:50} " + (f"{r['reported']}/{r['items']} items reported"
              if r["item"] == "*" else f"{'found' if r['found'] else 'MISSED'} ({r['on_item']}/{r['reports']} on the item)"))
    print(f"track pairs found {tr['found']}/{tr['pairs']}; reported passages on the item {tr['on_item']}/{tr['reports']}")


if __name__ == "__main__":
    main()
