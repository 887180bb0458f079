"""What an answer read from a record shows: the verbatim evidence under its value — the
item's statement, its short table row, or the lines of a passage that state the value."""
from __future__ import annotations

import re

EVIDENCE_CHARS = 600  # an action's or indicator's source span up to this long is shown whole
EVIDENCE_WORDS = 12  # a labelled line shorter than this takes in the lines around it


def evidence(r, field: str, passages=()) -> str:
    """The verbatim text an answer read from a record shows under the field value: an
    action's or indicator's source span when it is short (its table row holds the
    statement, deadline, unit and status), a commitment's (or a paragraph action's) statement with its facts down to
    the value's line ("Compromiso 1.3: … / Plazo: diciembre de 2027."; a recommendation's when
    ``field`` asks two, "responsible+deadline"), else the lines of the first of ``passages``
    that state the value ("Recomendación dirigida a: / Project Manager / Nivel de
    prioridad …"), else the item's statement."""
    if field == "text":  # the item's statement, whole (a table row's detail interleaves its columns)
        return " ".join(r.text.split())
    if field == "response":  # what was recommended, then how management answered it and why
        return " ".join(f"{r.text} {r.stated_response}".split())
    detail = " ".join(r.detail.split())
    values = [getattr(r, f) for f in field.split("+")]  # "responsible+deadline": both asked
    value = values[-1]
    if detail and r.kind in ("action", "indicator"):
        # as the document has it: a Word or web table's row with its cells apart by spaces, not the " · " of its detail
        plain = " ".join(w for w in detail.split() if w != "·")
        detail = plain if " · " in detail and any(plain in " ".join(p.split()) for p in passages) else detail
        return detail if len(detail) <= EVIDENCE_CHARS else snippet(detail, value)
    if (r.kind in ("commitment", "action") or (r.kind == "recommendation" and len(values) > 1)) and all(values) \
            and not any(find_words(r.text, v.split()[:8]) for v in values):
        # the commitment (a recommendation when both its facts are asked), then its facts down to the (last)
        # value's line (a value its statement names: the statement)
        whole = max((x for p in passages for v in values if (x := _through_value(p, v))), key=len, default="")
        if whole and len(whole) <= EVIDENCE_CHARS:
            return whole
    around = next((x for p in passages if value and (x := value_lines(p, value))), "")
    return around or " ".join(r.text.split()) or value


def _through_value(passage: str, value: str) -> str:
    """``passage`` (a record's own span) from its start to the end of the line holding
    ``value``, whitespace-normalised; "" when it does not hold it."""
    m = find_words(passage, value.split("; ")[0].split()[:8])
    if not m:
        return ""
    end = passage.find("\n", m.end())
    return " ".join(passage[:end if end >= 0 else len(passage)].split())


def snippet(text: str, value: str, before: int = 200, after: int = 300) -> str:
    """A contiguous slice of ``text`` around ``value`` (``before``/``after`` characters, cut
    at spaces and marked with "…"); its start when ``value`` is not in it."""
    at = text.find(" ".join(value.split())) if value else -1
    if at < 0:
        at = 0
    lo = max(0, at - before)
    hi = min(len(text), at + len(" ".join(value.split())) + after)
    if lo > 0:
        lo = text.find(" ", lo) + 1 or lo
    if hi < len(text):
        hi = text.rfind(" ", at, hi) if text.rfind(" ", at, hi) > at else hi
    return ("… " if lo > 0 else "") + text[lo:hi].strip() + (" …" if hi < len(text) else "")


def find_words(passage: str, words: list[str]):
    """The first run of ``words`` in ``passage`` whatever the whitespace between them, or None."""
    return re.search(r"\s+".join(re.escape(w) for w in words), passage) if words and passage else None


def value_lines(passage: str, value: str, min_words: int = EVIDENCE_WORDS) -> str:
    """The line of ``passage`` holding ``value`` (whitespace-insensitive) with its label:
    the line alone when the label is on it ("Unit or function responsible: Senior
    Management"), with the line above when that line is the label ("Recomendación dirigida
    a:" / "Project Manager"), not the empty labels of other fields before them ("Reasons (if
    partially agree or disagree):"), then the fields filled in after it ("Nivel de prioridad
    (1 a 3): 2", not a header or an empty label) until it has ``min_words`` words. A value
    without a label takes in the lines before it and then after it until it has
    ``min_words`` words."""
    first = value.split("; ")[0].split()
    if not first:
        return ""
    m = find_words(passage, first[:8])
    if not m:
        return ""
    lines = passage.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    lo = max(i for i, st in enumerate(starts) if st <= m.start())
    hi = max(i for i, st in enumerate(starts) if st <= max(m.end() - 1, m.start()))
    for part in value.split("; ")[1:]:  # a value of several parts, one a line ("· Unidad de …")
        if hi + 1 < len(lines) and find_words(lines[hi + 1], part.split()[:8]):
            hi += 1

    def words() -> int:
        return len(" ".join(lines[lo:hi + 1]).split())

    before = lines[lo][:m.start() - starts[lo]].strip(" ·•*-–\t")
    if before.endswith(":") or (not before and lo > 0 and lines[lo - 1].strip().endswith(":")):
        lo -= not before.endswith(":")  # the label is on the line above ("Recomendación dirigida a:")
        while words() < min_words and hi + 1 < len(lines) and \
                lines[hi + 1].partition(":")[2].strip():  # then the next filled field ("Nivel de prioridad …: 2")
            hi += 1
        return " ".join(" ".join(lines[lo:hi + 1]).split())

    for step in (-1, -1, 1, 1, 1):
        if words() >= min_words:
            break
        if step < 0 and lo > 0:
            lo -= 1
        elif step > 0 and hi < len(lines) - 1:
            hi += 1
    return " ".join(" ".join(lines[lo:hi + 1]).split())
