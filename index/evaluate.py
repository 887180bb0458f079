"""The scorer behind `puente eval`: retrieval (recall, MRR, hit rate) and answers
(does the answer show the gold evidence, is it given when it should be, withheld when
no passage answers).

Answer rule (``answer_covers``): the hit rule applied to the text the answer shows. An
answer covers an evidence span when it comes from the span's document and its text (the
sentence or table row; for an answer read from a structured record, the verbatim row or
lines it shows under the field value) holds at least 60% of the span's
whitespace-normalised characters as one contiguous run. A question with several spans
is covered when any span is: one extracted sentence cannot hold the two halves of a
comparison.

Extractive gold (reading-comprehension sets such as XQuAD): when an item's ``answer``
string is itself a verbatim part of one of its evidence spans, the answer is right when
its text contains that string (accent- and case-folded, whitespace-normalised), from any
document — the gold string is what a reader must see.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from puente.common.errors import InputError

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


def answer_covers(answer_doc: str, answer_text: str, span_doc: str, span_text: str) -> bool:
    """Whether an answer (its document and shown text) covers a gold evidence span: the
    same rule as for passages (:func:`covers`)."""
    return covers(answer_doc, answer_text, span_doc, span_text)


def gold_string(item: dict) -> str:
    """The item's ``answer`` when it is extractive (found verbatim, folded, inside one of
    its evidence spans), else ``""``."""
    from puente.common.text import fold

    gold = normalise(fold(item.get("answer") or ""))
    if not gold:
        return ""
    spans = [normalise(fold(s.get("text", ""))) for s in item.get("evidence") or []]
    return gold if any(gold in s for s in spans) else ""


def holds_gold(answer_text: str, gold: str) -> bool:
    from puente.common.text import fold

    return bool(gold) and gold in normalise(fold(answer_text))


def answer_fields(answer) -> dict | None:
    """``None`` for no answer or an abstention; else ``{"doc", "text", "strength"}`` (from
    an ``Answer`` or its ``to_dict()``)."""
    if answer is None:
        return None
    d = answer if isinstance(answer, dict) else answer.to_dict()
    if d.get("abstained"):
        return None
    doc = d.get("doc") or (d.get("citation") or "").split(", ")[0]
    return {"doc": doc, "text": d.get("text") or "", "strength": d.get("strength", "")}


def answer_right(item: dict, answer) -> bool:
    """Whether an answer (an ``Answer``, its dict, or ``None``) is right for a gold item: it
    holds the item's extractive gold string (:func:`gold_string`), else it covers one of
    its evidence spans (:func:`answer_covers`)."""
    ans = answer_fields(answer)
    if ans is None:
        return False
    gold = gold_string(item)
    if gold:
        return holds_gold(ans["text"], gold)
    return any(answer_covers(ans["doc"], ans["text"], s["doc"], s["text"]) for s in item.get("evidence") or [])


def load_gold(path: str | Path) -> list[dict]:
    """Read gold questions: ``{"id","question","evidence":[{"doc","text"}], ...}`` per line."""
    items = []
    try:
        text = Path(path).read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "is not UTF-8 text", 'give a JSON Lines file: one {"id", "question"} object per line') from exc
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}:{n}", f"not JSON ({exc})", 'fix the line: one {"id", "question"} object per line') from exc
        if not isinstance(item, dict) or "question" not in item:
            raise InputError(f"{path}:{n}", "no 'question' field", 'fix the line: one {"id", "question"} object per line')
        item.setdefault("id", f"q{n}")
        items.append(item)
    return items


def score_item(item: dict, hits: list[dict], answer, k_values=(1, 5, 10)) -> dict:
    """Per-question figures from its ranked hits (dicts with ``doc`` and ``text``) and its
    answer (an ``Answer``, its dict, or ``None``; an abstaining answer counts as none)."""
    spans = item.get("evidence") or []
    ans = answer_fields(answer)
    if not spans:
        out = {"id": item["id"], "answerable": False, "abstained": ans is None}
        if ans is not None and ans["strength"]:
            out["strength"] = ans["strength"]
        return out
    found_at = []
    for span in spans:
        rank = next(
            (i + 1 for i, h in enumerate(hits) if covers(h["doc"], h["text"], span["doc"], span["text"])),
            None,
        )
        found_at.append(rank)
    out = {"id": item["id"], "answerable": True, "answered": ans is not None, "ranks": found_at}
    for k in k_values:
        out[f"R@{k}"] = sum(1 for r in found_at if r is not None and r <= k) / len(spans)
    first = min((r for r in found_at if r is not None), default=None)
    out["MRR@10"] = 1.0 / first if first is not None and first <= 10 else 0.0
    out["Hit@5"] = 1.0 if first is not None and first <= 5 else 0.0
    out["answer_covers"] = answer_right(item, ans)
    if ans is not None and ans["strength"]:
        out["strength"] = ans["strength"]
    return out


def score_sides(item: dict, answers) -> dict | None:
    """For a question whose evidence lies in two or more documents, answered one answer
    per document (``answers``: ``Answer`` objects or dicts): how many of its documents'
    evidence the answer for that document covers. ``None`` for other questions."""
    spans = item.get("evidence") or []
    docs = sorted({s["doc"] for s in spans})
    if len(docs) < 2:
        return None
    by_doc = {}
    for a in answers or []:
        d = answer_fields(a)
        doc = a.get("doc") if isinstance(a, dict) else a.doc
        if d is not None:
            by_doc[doc] = d
    covered = sum(1 for doc in docs if doc in by_doc and any(
        answer_covers(doc, by_doc[doc]["text"], s["doc"], s["text"]) for s in spans if s["doc"] == doc))
    return {"sides": len(docs), "covered": covered}


def score_generated(item: dict, hits: list[dict], generated) -> dict:
    """Per-question figures for a generated answer (``index.generate.Generated``): it is
    given when a verified claim survived; it covers the evidence when a passage one of its
    surviving claims cites covers a gold span (the hit rule; a generated answer rewords,
    so its grounding is judged through what it cites); and how many claims verification
    kept and removed."""
    spans = item.get("evidence") or []
    out = {"id": item["id"], "answerable": bool(spans), "answered": generated.ok, "status": generated.status,
           "claims": len(generated.claims), "removed": len(generated.removed)}
    cited = [hits[n - 1] for n in generated.citations if 0 < n <= len(hits)]
    out["answer_covers"] = generated.ok and any(
        covers(h["doc"], h["text"], sp["doc"], sp["text"]) for h in cited for sp in spans)
    out["abstained"] = not generated.ok
    return out


def generated_summary(scores: list[dict]) -> dict:
    """Generated answers: covers / answered on answerable questions, abstention on
    unanswerable ones, the share of claims verification removed, endpoint errors."""
    ans = [s for s in scores if s["answerable"]]
    unans = [s for s in scores if not s["answerable"]]
    covered = sum(s["answer_covers"] for s in ans)
    answered = sum(s["answered"] for s in ans)
    abst = sum(s["abstained"] for s in unans)
    claims = sum(s["claims"] + s["removed"] for s in scores)
    removed = sum(s["removed"] for s in scores)
    return {"answerable": len(ans), "covers": covered, "covers_share": _share(covered, len(ans)),
            "answered": answered, "answered_share": _share(answered, len(ans)), "unanswerable": len(unans),
            "abstained": abst, "abstention_recall": _share(abst, len(unans)),
            "abstention_precision": _share(abst, abst + len(ans) - answered),
            "claims": claims, "removed": removed, "removed_share": _share(removed, claims),
            "errors": sum(s["status"] == "error" for s in scores)}


def run(engine, items: list[dict], k: int = 10, llm=None) -> tuple[dict, list[dict]]:
    """Ask every gold question through ``engine`` and score it: ``(summary, rows)``. With
    ``llm`` (an ``LLMConfig``) generated answers are scored too (``summary["generated"]``)."""
    scores, rows, gen = [], [], []
    for item in items:
        res = engine.ask(item["question"], k=max(k, 10), lang=None, llm=llm)
        hits = [h.to_dict() for h in res.hits]
        sc = score_item(item, hits, res.answer)
        sides = score_sides(item, getattr(res, "answers", None))
        if sides is not None:
            sc["sides"] = sides
        scores.append(sc)
        row = sc | {"answer": res.answer.to_dict() if res.answer is not None else None,
                    "top": hits[0]["citation"] if hits else None}
        if llm is not None:
            gen.append(score_generated(item, hits, res.generated))
            row["generated"] = gen[-1] | {"text": res.generated.text, "notice": res.generated.notice}
        rows.append(row)
    summary = summarise(items, scores)
    if llm is not None:
        summary["generated"] = generated_summary(gen)
    return summary, rows


def _share(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def answer_summary(scores: list[dict]) -> dict:
    """Answer quality: share of answerable questions whose answer covers the evidence,
    answered share, abstention recall (unanswerable questions withheld) and precision
    (withheld questions that were unanswerable), and the cover rate by strength."""
    ans = [s for s in scores if s["answerable"]]
    unans = [s for s in scores if not s["answerable"]]
    answered = [s for s in ans if s["answered"]]
    covered = sum(bool(s.get("answer_covers")) for s in ans)
    abstained_unans = sum(s["abstained"] for s in unans)
    abstained_all = abstained_unans + len(ans) - len(answered)
    out = {
        "answerable": len(ans),
        "answered": len(answered),
        "answered_share": _share(len(answered), len(ans)),
        "covers": covered,
        "covers_share": _share(covered, len(ans)),
        "covers_when_answered": _share(covered, len(answered)),
        "unanswerable": len(unans),
        "abstained": abstained_unans,
        "abstention_recall": _share(abstained_unans, len(unans)),
        "abstention_precision": _share(abstained_unans, abstained_all),
    }
    for strength in ("strong", "partial"):
        rows = [s for s in answered if s.get("strength") == strength]
        wrong = [s for s in unans if s.get("strength") == strength]
        if rows or wrong:
            c = sum(bool(s.get("answer_covers")) for s in rows)
            out[strength] = {"answered": len(rows), "covers": c, "covers_share": _share(c, len(rows)),
                             "unanswerable_answered": len(wrong)}
    return out


def summarise(items: list[dict], scores: list[dict]) -> dict:
    """Aggregate: overall, by question language, same/cross language, by type; abstention;
    answer quality (``answers``)."""
    metrics = ("R@1", "R@5", "R@10", "MRR@10", "Hit@5")

    def agg(rows: list[dict]) -> dict:
        ans = [r for r in rows if r["answerable"]]
        if not ans:
            return {"n": 0}
        d = {m: round(sum(r[m] for r in ans) / len(ans), 3) for m in metrics}
        d["n"] = len(ans)
        d["answer"] = round(sum(bool(r.get("answer_covers")) for r in ans) / len(ans), 3)
        return d

    groups: dict[str, list[dict]] = defaultdict(list)
    for item, s in zip(items, scores):
        groups["all"].append(s)
        groups[f"lang:{item.get('lang', '?')}"].append(s)
        if item.get("evidence"):
            groups["cross" if item.get("cross") else "same"].append(s)
        groups[f"type:{item.get('type', '?')}"].append(s)
        if item.get("split"):
            groups[f"split:{item['split']}"].append(s)
    out = {name: agg(rows) for name, rows in sorted(groups.items())}
    unans = [s for s in scores if not s["answerable"]]
    ans = [s for s in scores if s["answerable"]]
    out["abstention"] = {
        "unanswerable": len(unans),
        "abstained": sum(s["abstained"] for s in unans),
        "answerable": len(ans),
        "answered": sum(s["answered"] for s in ans),
    }
    out["answers"] = answer_summary(scores)
    sided = [s["sides"] for s in scores if s.get("sides")]
    if sided:
        out["answers"]["sides"] = {"questions": len(sided), "sides": sum(x["sides"] for x in sided),
                                   "covered": sum(x["covered"] for x in sided),
                                   "all_sides": sum(x["covered"] == x["sides"] for x in sided)}
    splits = sorted({item["split"] for item in items if item.get("split")})
    for sp in splits:
        out["answers"][f"split:{sp}"] = answer_summary([s for item, s in zip(items, scores) if item.get("split") == sp])
    return out


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def format_table(summary: dict) -> str:
    """Plain-text tables of a summary: retrieval (with the share of answers that cover the
    evidence per group), then answer quality."""
    lines = [f"{'group':28} {'n':>3} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7} {'Hit@5':>6} {'answer':>7}"]
    for name, d in summary.items():
        if name in ("abstention", "answers") or not isinstance(d, dict) or not d.get("n"):
            continue
        lines.append(
            f"{name:28} {d['n']:>3} {d['R@1']:>6.3f} {d['R@5']:>6.3f} {d['R@10']:>6.3f} {d['MRR@10']:>7.3f} "
            f"{d['Hit@5']:>6.3f} {d.get('answer', 0.0):>7.3f}"
        )
    a = summary["abstention"]
    lines.append(
        f"abstention: {a['abstained']}/{a['unanswerable']} unanswerable abstained, "
        f"{a['answered']}/{a['answerable']} answerable answered"
    )
    if "answers" in summary:
        lines.append("")
        lines.append(_answer_table(summary["answers"]))
    if "generated" in summary:
        g = summary["generated"]
        lines += ["", "generated answers (cover the evidence when a passage they cite does)",
                  f"{'all':12} {_pct(g['covers'], g['answerable']):>17} {_pct(g['answered'], g['answerable']):>15} "
                  f"{_pct(g['abstained'], g['unanswerable']):>19}",
                  f"  claims removed by verification: {_pct(g['removed'], g['claims'])}; endpoint errors: {g['errors']}"]
    return "\n".join(lines)


def _answer_table(a: dict) -> str:
    rows = [("all", a)] + [(k, v) for k, v in a.items() if k.startswith("split:")]
    out = ["answers (an answer covers the evidence when its text holds >= 60% of a gold span: the rule for passages)",
           f"{'set':12} {'covers evidence':>17} {'answered':>15} {'abstained (unans.)':>19} {'abst. precision':>16}"]
    for name, d in rows:
        prec = f"{d['abstention_precision']:.2f}" if d.get("abstention_precision") is not None else "-"
        out.append(f"{name:12} {_pct(d['covers'], d['answerable']):>17} {_pct(d['answered'], d['answerable']):>15} "
                   f"{_pct(d['abstained'], d['unanswerable']):>19} {prec:>16}")
    for strength in ("strong", "partial"):
        s = a.get(strength)
        if s:
            out.append(f"  {strength} answers: {s['covers']}/{s['answered']} cover the evidence; "
                       f"{s['unanswerable_answered']} given to unanswerable questions")
    sd = a.get("sides")
    if sd:
        out.append(f"  comparison questions: the answer per document covers {_pct(sd['covered'], sd['sides'])} of "
                   f"sides; every side for {sd['all_sides']}/{sd['questions']} questions")
    return "\n".join(out)
