"""Structure-aware chunking: sections from the document's own headings, chunks of
whole sentences or table rows that never cross a section boundary."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lang import detect_lang
from .types import Chunk, Document

DEFAULT_MAX_WORDS = 200
DEFAULT_MIN_WORDS = 60
DEFAULT_OVERLAP_WORDS = 30

_KEYWORD_TOP = r"(?:section|secci[oó]n|part|parte|chapter|cap[ií]tulo|annex|anexo|appendix|ap[eé]ndice)"
_KEYWORD_ITEM = (
    r"(?:recommendations?|recomendaci[oó]n(?:es)?(?:\s+de\s+(?:la\s+)?evaluaci[oó]n)?|pillar|pilar|"
    r"commitments?|compromisos?|priority|prioridad|objective|objetivo|outcome\s+area|impact\s+area|"
    r"[áa]rea\s+de\s+(?:resultado|impacto)|goal|meta|eje|axis)"
)
_NUMBER = r"(?:no\.?\s*|n[º°o]\s*|#\s*)?(?:\d{1,3}|[ivxlc]{1,6}|one|two|three|four|five|six|seven|eight|nine|ten|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b"
_TOP_RE = re.compile(rf"^\s*{_KEYWORD_TOP}\s+{_NUMBER}\s*(?:[:.\-–—]|$)", re.IGNORECASE)
_ITEM_RE = re.compile(rf"^\s*(?:\d{{1,3}}\.\s+)?{_KEYWORD_ITEM}\s+{_NUMBER}\s*(?:[:.\-–—]|$)", re.IGNORECASE)
_ITEM_AREA_RE = re.compile(rf"^\s*\d{{1,3}}\.\s+{_KEYWORD_ITEM}\s*:", re.IGNORECASE)
_NUMBERED_RE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-ZÁÉÍÓÚÑ¿¡][^\n]*$")
_LETTERED_RE = re.compile(r"^\s*[A-H]\)\s+[A-ZÁÉÍÓÚÑ][^\n]*$")
_MD_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(\S.*)$")
_CELL_SEP = re.compile(r"\S(?: {3,}|\t)\S")
_ROW_START = re.compile(r"^\s*[A-Z]{0,3}\d{1,3}(?:\.\d{1,3})+\.?\s+\S")
_SENT_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“¿¡(\[]?[A-ZÁÉÍÓÚÑ0-9•\-–])|\n\s*(?=[•\-–*]\s|\d{1,2}[.)]\s)")
_WORD = re.compile(r"\S+")


@dataclass
class Line:
    """One line of a text: its char offsets and its text (without the newline)."""

    start: int
    end: int
    text: str

    @property
    def s(self) -> str:
        return self.text.strip()


@dataclass
class _Unit:
    start: int
    end: int
    words: int
    kind: str  # "text" or "row"


def heading_of(line: str) -> tuple[int, str] | None:
    """``(level, title)`` when ``line`` is a section heading, else ``None``.

    Generic rules in English and Spanish: Markdown ``#`` headings; "Section 2: …",
    "Capítulo 3"; numbered items such as "RECOMMENDATION 3:", "Recomendaciones de
    evaluación No. 4", "Pillar one:", "5. Outcome Area: …"; decimal-numbered
    titles ("1.2 …"); short ALL-CAPS lines ("SOCIAL PROTECTION").
    """
    s = line.strip()
    if not s or len(s) > 200:
        return None
    m = _MD_RE.match(line)
    if m:
        return len(m.group(1)), m.group(2).strip().rstrip("#").strip()
    if _CELL_SEP.search(s):
        return None
    if _TOP_RE.match(s):
        return 1, _title(s)
    if _ITEM_RE.match(s) or _ITEM_AREA_RE.match(s):
        return 3, _title(s)
    if _LETTERED_RE.match(s) and len(s) <= 80:
        return 2, _title(s)
    m = _NUMBERED_RE.match(s)
    if m and len(s) <= 80 and "." in m.group(0)[: len(m.group(1)) + 1] and not re.search(r"[.,;:]$", s):
        depth = m.group(1).count(".") + 1
        if depth == 1 and not re.match(r"^\s*\d{1,2}\.\s", s):
            return None
        return 1 + depth, s
    letters = [c for c in s if c.isalpha()]
    if (
        letters
        and s[0].isalpha()
        and all(c.isupper() for c in letters)
        and len(s) <= 150
        and max(len(w) for w in re.findall(r"[^\W\d_]+", s)) >= 6
        and not re.search(r"\d", s)
    ):
        return 1, s
    return None


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and not _MD_RE.match(line)


def _title(s: str) -> str:
    s = s.strip()
    if len(s) > 60 and ":" in s[:60]:
        s = s[: s.index(":")]
    return s.rstrip(" :.-–—")


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _prose_units(text: str, start: int, end: int) -> list[_Unit]:
    """Split text[start:end] into sentence units (offsets into ``text``)."""
    span = text[start:end]
    units, pos = [], 0
    for m in _SENT_END.finditer(span):
        if m.start() > pos:
            units.append((pos, m.start()))
        pos = m.end()
    if pos < len(span):
        units.append((pos, len(span)))
    result = []
    for a, b in units:
        seg = span[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail <= lead:
            continue
        s, e = start + a + lead, start + a + trail
        result.append(_Unit(s, e, _count_words(text[s:e]), "text"))
    return result


def _split_long(text: str, unit: _Unit, max_words: int) -> list[_Unit]:
    """Cut a unit longer than ``max_words`` at line boundaries, then at words."""
    if unit.words <= max_words:
        return [unit]
    words = [(m.start() + unit.start, m.end() + unit.start) for m in _WORD.finditer(text[unit.start : unit.end])]
    pieces = []
    for i in range(0, len(words), max_words):
        block = words[i : i + max_words]
        pieces.append(_Unit(block[0][0], block[-1][1], len(block), unit.kind))
    return pieces


def _section_units(text: str, lines: list[Line], max_words: int) -> list[_Unit]:
    """Units of one section body: table rows kept whole, prose split into sentences."""
    units: list[_Unit] = []
    i, n = 0, len(lines)
    prose_start = None

    def flush_prose(upto: int) -> None:
        nonlocal prose_start
        if prose_start is not None:
            for u in _prose_units(text, prose_start, upto):
                units.extend(_split_long(text, u, max_words))
        prose_start = None

    while i < n:
        ln = lines[i]
        is_header = len(_CELL_SEP.findall(ln.text)) >= 2 and not _ROW_START.match(ln.text)
        if is_header:
            flush_prose(ln.start)
            ncells = len(re.split(r" {3,}|\t", ln.text.strip()))
            units.append(_Unit(ln.start, ln.end, _count_words(ln.text), "row"))
            i += 1
            # rows: each starts with a code like "2.1" and runs until the next one
            while i < n and _ROW_START.match(lines[i].text):
                j = i + 1
                cells = len(re.split(r" {3,}|\t", lines[i].text.strip()))
                while j < n and not _ROW_START.match(lines[j].text) and lines[j].text.strip():
                    if cells >= ncells and not _CELL_SEP.search(lines[j].text):
                        break
                    cells += len(re.split(r" {3,}|\t", lines[j].text.strip())) - 1
                    j += 1
                seg = text[lines[i].start : lines[j - 1].end]
                units.append(_Unit(lines[i].start, lines[j - 1].end, _count_words(seg), "row"))
                i = j
            continue
        if not ln.text.strip():
            flush_prose(ln.start)
        elif prose_start is None:
            prose_start = ln.start
        i += 1
    flush_prose(lines[-1].end if lines else 0)
    return units


def _pack(units: list[_Unit], max_words: int, min_words: int, overlap_words: int) -> list[list[_Unit]]:
    """Greedy packing of units into chunks, with a small sentence overlap."""
    chunks: list[list[_Unit]] = []
    cur: list[_Unit] = []
    words = 0
    for u in units:
        if cur and words + u.words > max_words and words >= min_words // 2:
            chunks.append(cur)
            tail: list[_Unit] = []
            tw = 0
            for prev in reversed(cur):
                if prev.kind != "text" or u.kind != "text" or tw + prev.words > overlap_words:
                    break
                tail.insert(0, prev)
                tw += prev.words
            if tail and tw + u.words > max_words:
                tail, tw = [], 0
            cur, words = list(tail), tw
        cur.append(u)
        words += u.words
    if cur:
        if chunks and words < min_words // 3 and chunks[-1][-1].end <= cur[0].start:
            chunks[-1].extend(cur)
        else:
            chunks.append(cur)
    return chunks


def sections(text: str) -> list[tuple[tuple[str, ...], int, int]]:
    """Split ``text`` into ``(section_path, start, end)`` spans, in order.

    Headings with no body before the next heading are folded into the next
    section's span, whose path already names them.
    """
    lines = split_lines(text)
    stack: list[tuple[int, str]] = []
    spans: list[tuple[tuple[str, ...], int, int]] = []
    cur_start = 0
    cur_path: tuple[str, ...] = ()
    has_body = False
    prev_caps = False
    for ln in lines:
        h = heading_of(ln.text)
        if h is None:
            if ln.text.strip():
                has_body = True
                prev_caps = False
            continue
        level, title = h
        caps = _is_caps(ln.text)
        if caps and prev_caps and stack:  # a wrapped ALL-CAPS title continues
            stack[-1] = (stack[-1][0], " ".join(f"{stack[-1][1]} {title}".split()))
            cur_path = tuple(t for _, t in stack)
            continue
        prev_caps = caps
        if has_body:
            spans.append((cur_path, cur_start, ln.start))
            cur_start = ln.start
            has_body = False
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, " ".join(title.split())))
        cur_path = tuple(t for _, t in stack)
    spans.append((cur_path, cur_start, len(text)))
    return [(p, s, e) for p, s, e in spans if text[s:e].strip()]


def chunk(
    doc: Document,
    max_words: int = DEFAULT_MAX_WORDS,
    min_words: int = DEFAULT_MIN_WORDS,
    overlap_words: int = DEFAULT_OVERLAP_WORDS,
    doc_lang: str | None = None,
) -> list[Chunk]:
    """Cut a document into cited chunks. ``chunk.text == doc.text[start:end]``."""
    text = doc.text
    offsets = doc.page_offsets
    numbers = [p.number for p in doc.pages]
    lang_doc = doc_lang if doc_lang is not None else detect_lang(text[:20000], default="en")
    out: list[Chunk] = []
    for path, s, e in sections(text):
        sec_lines = [ln for ln in split_lines(text[s:e])]
        for ln in sec_lines:
            ln.start += s
            ln.end += s
        units = _section_units(text, sec_lines, max_words)
        for group in _pack(units, max_words, min_words, overlap_words):
            a, b = group[0].start, group[-1].end
            body = text[a:b]
            kind = "row" if all(u.kind == "row" for u in group) else "text"
            p0 = numbers[bisect.bisect_right(offsets, a) - 1]
            p1 = numbers[bisect.bisect_right(offsets, b - 1) - 1]
            out.append(
                Chunk(
                    doc=doc.doc,
                    title=doc.title,
                    text=body,
                    section=path,
                    page_start=p0,
                    page_end=p1,
                    lang=detect_lang(body, default=lang_doc) if _count_words(body) >= 12 else lang_doc,
                    start=a,
                    end=b,
                    kind=kind,
                )
            )
    return out


DEFAULT_WINDOW_WORDS = 60
_PIECE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“¿¡(\[]?[A-ZÁÉÍÓÚÑ0-9])|\n\s*(?=[•\-–*]\s)|\s{3,}|\t")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text``; table cells (runs of 3+ spaces
    or tabs) and bullets count as sentences too."""
    out, pos = [], 0
    for m in list(_PIECE_END.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        seg = text[pos:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            out.append((pos + lead, pos + len(seg.rstrip())))
        pos = m.end() if m else len(text)
    return out


def windows(text: str, max_words: int = DEFAULT_WINDOW_WORDS) -> list[tuple[int, int]]:
    """Retrieval windows inside a chunk's text: runs of whole sentences (or table
    cells) of at most ``max_words`` words, as ``(start, end)`` offsets.

    Search scores a chunk by its best window, so a short fact in a long passage
    is still found, while the whole passage is what gets cited.
    """
    out: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []
    words = 0
    for s, e in sentence_spans(text):
        n = _count_words(text[s:e])
        if cur and words + n > max_words:
            out.append((cur[0][0], cur[-1][1]))
            cur, words = [], 0
        cur.append((s, e))
        words += n
    if cur:
        out.append((cur[0][0], cur[-1][1]))
    return out or [(0, len(text))]


REPEAT_MIN_COUNT = 6
REPEAT_MIN_WORDS = 3


def repeated_lines(text: str, pages: int = 0, min_count: int = REPEAT_MIN_COUNT,
                   min_words: int = REPEAT_MIN_WORDS) -> list[str]:
    """Lines of ``min_words`` or more words that recur ``min_count`` times or more in a
    document, and more often than it has ``pages``: the labels of a form filled in once
    per recommendation ("Recomendación dirigida a:", "Plazo o fecha límite"). They stay
    in the passage and its citation but say nothing about any one passage, so they are
    left out of what is embedded and BM25-indexed. Shorter repeated lines are kept (they
    are values: "Noviembre 2023"), and so are lines that recur less than once per page,
    such as the header of a table that each chapter of a report repeats."""
    counts: dict[str, int] = {}
    for line in text.splitlines():
        norm = " ".join(line.split())
        if len(norm.split()) >= min_words:
            counts[norm] = counts.get(norm, 0) + 1
    least = max(min_count, pages)
    return sorted(line for line, n in counts.items() if n >= least)
