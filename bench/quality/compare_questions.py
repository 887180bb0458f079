"""`puente compare "<question>"` on comparison questions: is each side's evidence in its
document's column?

A comparison question is a gold question whose evidence lies in two or more documents
(``"type": "comparison"`` or not); a *side* is one of those documents. The side is found
when one of its evidence sentences is in the column: among the column's records or
passages (the first 50 characters of either inside the other, whitespace folded). Usage:

    python -m bench.quality.compare_questions [GOLD.jsonl ...] [--index .puente] [--model models/multilingual-e5-small] [--json]

Without files: tests/data/report_questions.jsonl and tests/data/answer_calibration.jsonl,
and ../shared/eval/dev.jsonl when it is there.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SETS = [ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT / "tests" / "data" / "report_questions.jsonl",
                ROOT / "tests" / "data" / "answer_calibration.jsonl"]


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def comparison_questions(paths) -> list[dict]:
    out = []
    for p in paths:
        for line in Path(p).read_text("utf-8").splitlines():
            q = json.loads(line) if line.strip() else None
            if q and len({e["doc"] for e in q.get("evidence") or []}) >= 2:
                out.append(q)
    return out


def side_found(col, evidence: list[str]) -> bool:
    texts = [_norm(r.text) for r, _ in col.records] + [_norm(h.chunk.text) for h in col.passages]
    gold = [_norm(t) for t in evidence]
    return any(g[:50] in x or x[:50] in g for g in gold for x in texts)


def run(engine, questions) -> dict:
    from puente.index.compare import compare

    rows = []
    for q in questions:
        res = compare(engine, q["question"])
        cols = {d.doc: d for d in res.docs}
        for doc in sorted({e["doc"] for e in q["evidence"]}):
            ev = [e["text"] for e in q["evidence"] if e["doc"] == doc]
            rows.append({"id": q["id"], "doc": doc, "read_as": res.read_as,
                         "found": doc in cols and side_found(cols[doc], ev)})
    by_q: dict[str, bool] = {}
    for r in rows:
        by_q[r["id"]] = by_q.get(r["id"], True) and r["found"]
    return {"sides": sum(r["found"] for r in rows), "of": len(rows),
            "questions_all_sides": sum(by_q.values()), "questions": len(by_q), "rows": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*")
    ap.add_argument("--index", default=".puente")
    ap.add_argument("--model", default="models/multilingual-e5-small")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from puente.index.engine import Engine

    paths = args.gold or [p for p in DEFAULT_SETS if p.exists()]
    out = run(Engine(args.index, args.model), comparison_questions(paths))
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for r in out["rows"]:
        print(f"{r['id']:6} {'found ' if r['found'] else 'MISSED'} {r['doc'][:40]:40} topic: {r['read_as']}")
    print(f"sides found {out['sides']}/{out['of']}; every side for {out['questions_all_sides']}/{out['questions']} questions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
