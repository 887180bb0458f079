"""The retrieval scorer behind `puente eval`: recall, MRR, hit rate, abstention."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

_WS = re.compile(r"\s+")
COVER = 0.6


def normalise(text: str) -> str:
    return _WS.sub(" ", text).strip()


def covers(passage_doc: str, passage_text: str, span_doc: str, span_text: str, threshold: float = COVER) -> bool:
    """True when the passage is from the span's document and holds at least
    ``threshold`` of the span's whitespace-normalised characters as one contiguous run."""
    if passage_doc != span_doc:
        return False
    span = normalise(span_text)
    text = normalise(passage_text)
    if not span:
        return False
    if span in text:
        return True
    m = SequenceMatcher(None, span, text, autojunk=False).find_longest_match(0, len(span), 0, len(text))
    return m.size >= threshold * len(span)


def load_gold(path: str | Path) -> list[dict]:
    """Read gold questions: ``{"id","question","evidence":[{"doc","text"}], ...}`` per line."""
    items = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc}); fix the line") from exc
        if "question" not in item:
            raise ValueError(f"{path}:{n}: no 'question' field; add one")
        item.setdefault("id", f"q{n}")
        items.append(item)
    return items


def score_item(item: dict, hits: list[dict], answer: dict | None, k_values=(1, 5, 10)) -> dict:
    """Per-question figures from its ranked hits (dicts with ``doc`` and ``text``)."""
    spans = item.get("evidence") or []
    if not spans:
        return {"id": item["id"], "answerable": False, "abstained": answer is None}
    found_at = []
    for span in spans:
        rank = next(
            (i + 1 for i, h in enumerate(hits) if covers(h["doc"], h["text"], span["doc"], span["text"])),
            None,
        )
        found_at.append(rank)
    out = {"id": item["id"], "answerable": True, "answered": answer is not None, "ranks": found_at}
    for k in k_values:
        out[f"R@{k}"] = sum(1 for r in found_at if r is not None and r <= k) / len(spans)
    first = min((r for r in found_at if r is not None), default=None)
    out["MRR@10"] = 1.0 / first if first is not None and first <= 10 else 0.0
    out["Hit@5"] = 1.0 if first is not None and first <= 5 else 0.0
    return out


def summarise(items: list[dict], scores: list[dict]) -> dict:
    """Aggregate: overall, by question language, same/cross language, by type; abstention."""
    metrics = ("R@1", "R@5", "R@10", "MRR@10", "Hit@5")

    def agg(rows: list[dict]) -> dict:
        ans = [r for r in rows if r["answerable"]]
        if not ans:
            return {"n": 0}
        d = {m: round(sum(r[m] for r in ans) / len(ans), 3) for m in metrics}
        d["n"] = len(ans)
        return d

    groups: dict[str, list[dict]] = defaultdict(list)
    for item, s in zip(items, scores):
        groups["all"].append(s)
        groups[f"lang:{item.get('lang', '?')}"].append(s)
        if item.get("evidence"):
            groups["cross" if item.get("cross") else "same"].append(s)
        groups[f"type:{item.get('type', '?')}"].append(s)
    out = {name: agg(rows) for name, rows in sorted(groups.items())}
    unans = [s for s in scores if not s["answerable"]]
    ans = [s for s in scores if s["answerable"]]
    out["abstention"] = {
        "unanswerable": len(unans),
        "abstained": sum(s["abstained"] for s in unans),
        "answerable": len(ans),
        "answered": sum(s["answered"] for s in ans),
    }
    return out


def format_table(summary: dict) -> str:
    """Plain-text table of a summary."""
    lines = [f"{'group':28} {'n':>3} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7} {'Hit@5':>6}"]
    for name, d in summary.items():
        if name == "abstention" or not d.get("n"):
            continue
        lines.append(
            f"{name:28} {d['n']:>3} {d['R@1']:>6.3f} {d['R@5']:>6.3f} {d['R@10']:>6.3f} {d['MRR@10']:>7.3f} {d['Hit@5']:>6.3f}"
        )
    a = summary["abstention"]
    lines.append(
        f"abstention: {a['abstained']}/{a['unanswerable']} unanswerable abstained, "
        f"{a['answered']}/{a['answerable']} answerable answered"
    )
    return "\n".join(lines)
