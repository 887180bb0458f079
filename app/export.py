"""Exports of a result (Ask or Compare): plain text, Markdown and CSV, all quoting
passages verbatim with the same ``.citation``."""
from __future__ import annotations

import csv
import io
import re

_WS = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _WS.sub(" ", text).strip()


def to_text(result) -> str:
    """Terminal output: answer (or abstention), then ranked passages."""
    lines = []
    if result.answer:
        lines.append(f"Answer: {result.answer.text}\n  — {result.answer.citation}")
    else:
        lines.append("No passage answers this question with confidence; closest passages:")
    for h in result.hits:
        lines.append(f"\n{h.rank}. [{h.score:.3f}] {h.chunk.citation} ({h.chunk.lang})")
        lines.append(f"   {_flat(h.chunk.text)}")
    return "\n".join(lines)


def _md_quote(text: str) -> str:
    # escape Markdown/HTML control characters so a passage shows as text
    esc = re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", _flat(text))
    return "> " + esc


def to_markdown(result, title: str | None = None) -> str:
    """Briefing-ready Markdown: question, answer, passages as block quotes with citations."""
    out = [f"## {title or _md_quote(result.query)[2:]}", ""]
    if result.answer:
        out += ["**Answer**", "", _md_quote(result.answer.text), f"— *{result.answer.citation}*", ""]
    else:
        out += ["*No passage answers this question.*", ""]
    out += ["**Passages**", ""]
    for h in result.hits:
        out += [f"{h.rank}. *{h.chunk.citation}* ({h.chunk.lang}, score {h.score:.3f})", "", _md_quote(h.chunk.text), ""]
    return "\n".join(out)


CSV_FIELDS = ["query", "rank", "citation", "doc", "title", "page_start", "page_end", "section", "lang", "score", "text"]


def to_csv(result) -> str:
    """One row per passage, verbatim text, full citation."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    w.writeheader()
    for h in result.hits:
        c = h.chunk
        w.writerow({
            "query": result.query, "rank": h.rank, "citation": c.citation, "doc": c.doc, "title": c.title,
            "page_start": c.page_start, "page_end": c.page_end, "section": c.section_path, "lang": c.lang,
            "score": round(h.score, 4), "text": _flat(c.text),
        })
    return buf.getvalue()
