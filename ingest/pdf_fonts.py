"""A PDF's headings by their type size, where its text shows none: a report whose headings are
set in large type without numbers ("Foreword", "Results at a glance", "Looking ahead: our
commitments for 2025") has no section the text rules (``headings.heading_of``) can find.

``font_lines`` reads each line's type size from pypdf's text visitor; ``font_headings``
takes the lines set larger than the body text (the size most of the text is in) as headings,
a larger size a higher level, and finds them in the cleaned page text."""
from __future__ import annotations

import math
import re
from collections import Counter

from puente.common.types import Heading

BIGGER = 1.15  # a heading's type is at least this much larger than the body text's
_WORD = re.compile(r"[^\W\d_]{4}")  # a heading has a word: not a figure callout ("241,067", "+29%")


def font_lines(page) -> list[tuple[str, float]]:
    """The page's lines as pypdf's visitor reports them, each with its smallest type size
    (a line that mixes sizes is as large as its smallest run)."""
    out: list[tuple[str, float]] = []
    cur, size = "", math.inf

    def visit(text, cm, tm, font, font_size):
        nonlocal cur, size
        scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]) if tm and cm else 1.0
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if part.strip():
                cur += part
                size = min(size, round(font_size * (scale or 1.0), 1))
            if k < len(parts) - 1:
                flush()

    def flush():
        nonlocal cur, size
        if cur.strip():
            out.append((" ".join(cur.split()), size))
        cur, size = "", math.inf

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - a page pypdf cannot visit has no sizes to tell
        return []
    flush()
    return out


def font_headings(pages: list[str], lines: list[list[tuple[str, float]]]) -> tuple[Heading, ...]:
    """The headings of ``pages`` (the cleaned text of each page) from their lines' type sizes
    (``lines``, per page, from :func:`font_lines`): a short line with a word, not ending a
    sentence, set ``BIGGER`` than the body text. The cover (the first page of three or more)
    holds the title, not a section. Offsets are into ``Document.text``."""
    chars: Counter[float] = Counter()
    for page in lines:
        for text, size in page:
            chars[size] += len(text)
    if not chars:
        return ()
    body = chars.most_common(1)[0][0]
    first = 1 if len(pages) >= 3 else 0

    def heading(text: str, size: float) -> bool:
        return size >= body * BIGGER and 3 <= len(text) <= 100 and bool(_WORD.search(text)) \
            and not text.endswith((".", ",", ";"))

    sizes = sorted({s for page in lines[first:] for t, s in page if heading(t, s)}, reverse=True)
    out, pos = [], 0
    for n, text in enumerate(pages):
        at = 0
        for line, size in lines[n] if n >= first and n < len(lines) else []:
            if not heading(line, size):
                continue
            m = re.search(r"(?m)^[ \t]*" + r"\s+".join(map(re.escape, line.split())) + r"[ \t]*$", text[at:])
            if m:
                start = at + m.start() + len(m.group(0)) - len(m.group(0).lstrip())
                out.append(Heading(pos + start, min(3, sizes.index(size) + 1), line))
                at += m.end()
        pos += len(text) + 2
    return tuple(out)
