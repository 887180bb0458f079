"""Structure-aware chunking: sections from the document's own headings, chunks of
whole sentences or table rows that never cross a section boundary."""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from puente.common.lang import detect_lang, sample
from puente.common.settings import Settings
from puente.common.text import CELL_SEP, GOES_ON, OPEN_END
from puente.common.types import Chunk, Document

from .headings import Line, heading_of, sections, split_lines  # noqa: F401 - re-exported

__all__ = ["chunk", "sections", "heading_of", "split_lines", "Line", "windows", "sentence_spans", "repeated_lines",
           "DEFAULT_MAX_WORDS", "DEFAULT_MIN_WORDS", "DEFAULT_OVERLAP_WORDS", "DEFAULT_MAX_CHARS",
           "DEFAULT_WINDOW_WORDS", "LANG_BLOCKS"]

DEFAULT_MAX_WORDS = Settings.max_words  # the defaults are Settings' (one source)
DEFAULT_MIN_WORDS = Settings.min_words
DEFAULT_OVERLAP_WORDS = Settings.overlap_words
DEFAULT_MAX_CHARS = 2000  # hard cap on a passage's characters, whatever its words
# language detection: at most LANG_BLOCKS langdetect calls per document, one per section
# (several for a long section; small neighbouring sections share one when a document has more)
LANG_BLOCKS = 100
LANG_MIN_BLOCK = 1000

_ROW_START = re.compile(r"^\s*[A-Z]{0,3}\d{1,3}(?:\.\d{1,3})+\.?\s+\S")
_SENT_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“¿¡(\[]?[A-ZÁÉÍÓÚÑ0-9•\-–])|\n\s*(?=[•\-–*]\s|\d{1,2}[.)]\s)")
_WORD = re.compile(r"\S+")


@dataclass
class _Unit:
    start: int
    end: int
    words: int
    kind: str  # "text" or "row"
    lead: bool = False  # a heading of what follows (see ``_leads``): a chunk does not end on it


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
        words = _count_words(text[s:e])
        result.append(_Unit(s, e, words, "text", LEAD_MIN <= words <= LEAD_WORDS and _leads(text[s:e], text, s)))
    return result


LEAD_MIN, LEAD_WORDS = 2, 6  # a heading run into its paragraph, or a label line, has this many words
_HEADING_LIKE = re.compile(r"^[^\W\d_][^\d\n]*[.:]$")  # one line, starts on a letter, no figure, ends on "." or ":"


def _leads(unit: str, text: str, start: int) -> bool:
    """Whether a short sentence is the heading of what follows: it starts its line, fits on
    it, has no figure, and ends on ":" ("Key actions:") or on "." with its paragraph going on
    on the same line ("Inclusión laboral de las personas cuidadoras. El programa …"). A short
    sentence that ends its line ("This target was not met.") closes what comes before it."""
    if not _HEADING_LIKE.match(unit) or text[text.rfind("\n", 0, start) + 1:start].strip():
        return False
    if unit.endswith(":"):
        return True
    end = start + len(unit)
    line_end = text.find("\n", end)
    return bool(text[end:line_end if line_end >= 0 else len(text)].strip())


def _split_long(text: str, unit: _Unit, max_words: int, max_chars: int = DEFAULT_MAX_CHARS) -> list[_Unit]:
    """Cut a unit longer than ``max_words`` at words, then any piece longer than
    ``max_chars`` characters at the last space before the cap, or at the cap itself
    when there is none (one long run of characters)."""
    if unit.words <= max_words:
        pieces = [unit]
    else:
        words = [(m.start() + unit.start, m.end() + unit.start) for m in _WORD.finditer(text[unit.start : unit.end])]
        pieces = []
        for i in range(0, len(words), max_words):
            block = words[i : i + max_words]
            pieces.append(_Unit(block[0][0], block[-1][1], len(block), unit.kind))
    if all(p.end - p.start <= max_chars for p in pieces):
        return pieces
    out: list[_Unit] = []
    for p in pieces:
        out.extend(_cut_chars(text, p, max_chars))
    return out


def _cut_chars(text: str, unit: _Unit, max_chars: int) -> list[_Unit]:
    """``unit`` in pieces of at most ``max_chars`` characters (see :func:`_split_long`)."""
    out: list[_Unit] = []
    a, end = unit.start, unit.end
    while a < end:
        if end - a <= max_chars:
            b = end
        else:
            cap = a + max_chars
            space = max(text.rfind(ch, a, cap + 1) for ch in " \n\t")
            b = space if space > a + max_chars // 2 else cap
            # a hard cut does not part a letter from its combining accents
            while b > a + 1 and b < end and unicodedata.combining(text[b]):
                b -= 1
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            out.append(_Unit(a + lead, a + trail, _count_words(seg), unit.kind))
        a = b
        while a < end and text[a].isspace():
            a += 1
    return out


def _goes_on(before: str, lines: list[Line], i: int) -> bool:
    """Whether the blank line ``lines[i]`` (a page break) falls inside a sentence ("It also
    provides a" | "baseline to tailor …", "… with 7,700 people in 2023" | "alone."): the line
    before (``before``) stops on a word, a figure or a comma, is no table row, and the next line
    with text starts in lower case."""
    last = before.rsplit("\n", 1)[-1]
    if not OPEN_END.search(last) or (last[-1:].isdigit() and CELL_SEP.search(last)):  # a table row's figure ends it
        return False
    after = next((ln.text.strip() for ln in lines[i + 1:i + 4] if ln.text.strip()), "")
    return bool(GOES_ON.match(after))


def _section_units(text: str, lines: list[Line], max_words: int, max_chars: int = DEFAULT_MAX_CHARS,
                   page_starts: tuple[int, ...] = ()) -> list[_Unit]:
    """Units of one section body: table rows kept whole (up to ``max_chars``), prose
    split into sentences; a blank line ends one unless it is a page break (a page starts
    right after it, ``page_starts``) inside a sentence."""
    units: list[_Unit] = []
    i, n = 0, len(lines)
    prose_start = None

    def flush_prose(upto: int) -> None:
        nonlocal prose_start
        if prose_start is not None:
            for u in _prose_units(text, prose_start, upto):
                units.extend(_split_long(text, u, max_words, max_chars))
        prose_start = None

    while i < n:
        ln = lines[i]
        is_header = len(CELL_SEP.findall(ln.text)) >= 2 and not _ROW_START.match(ln.text)
        if is_header:
            flush_prose(ln.start)
            ncells = len(re.split(r" {3,}|\t", ln.text.strip()))
            units.extend(_cut_chars(text, _Unit(ln.start, ln.end, _count_words(ln.text), "row"), max_chars))
            i += 1
            # rows: each starts with a code like "2.1" and runs until the next one
            while i < n and _ROW_START.match(lines[i].text):
                j = i + 1
                cells = len(re.split(r" {3,}|\t", lines[i].text.strip()))
                while j < n and not _ROW_START.match(lines[j].text) and lines[j].text.strip():
                    if cells >= ncells and not CELL_SEP.search(lines[j].text):
                        break
                    cells += len(re.split(r" {3,}|\t", lines[j].text.strip())) - 1
                    j += 1
                seg = text[lines[i].start : lines[j - 1].end]
                units.extend(_cut_chars(text, _Unit(lines[i].start, lines[j - 1].end, _count_words(seg), "row"), max_chars))
                i = j
            continue
        if not ln.text.strip():
            at_break = bisect.bisect_left(page_starts, ln.start) < bisect.bisect_right(page_starts, ln.end + 1)
            if prose_start is None or not at_break or not _goes_on(text[prose_start:ln.start].rstrip(), lines, i):
                flush_prose(ln.start)
        elif prose_start is None:
            prose_start = ln.start
        i += 1
    flush_prose(lines[-1].end if lines else 0)
    return units


def _pack(units: list[_Unit], max_words: int, min_words: int, overlap_words: int,
          max_chars: int = DEFAULT_MAX_CHARS) -> list[list[_Unit]]:
    """Greedy packing of units into chunks, with a small sentence overlap. A chunk
    spans at most ``max_chars`` characters (every unit is at most that long), and does not
    end on the heading of what follows (a run-in heading, a label line): that leads the
    next chunk."""
    chunks: list[list[_Unit]] = []
    cur: list[_Unit] = []
    words = 0
    for u in units:
        too_long = bool(cur) and u.end - cur[0].start > max_chars
        if cur and (too_long or (words + u.words > max_words and words >= min_words // 2)):
            head = [cur.pop()] if len(cur) > 1 and cur[-1].lead and u.end - cur[-1].start <= max_chars else []
            chunks.append(cur)
            tail: list[_Unit] = []
            tw = 0
            for prev in reversed(cur):
                if (prev.kind != "text" or u.kind != "text" or tw + prev.words > overlap_words
                        or u.end - prev.start > max_chars):
                    break
                tail.insert(0, prev)
                tw += prev.words
            if tail and (tw + u.words > max_words or (head and u.end - tail[0].start > max_chars)):
                tail, tw = [], 0
            cur, words = tail + head, tw + sum(h.words for h in head)
        cur.append(u)
        words += u.words
    if cur:
        if (chunks and words < min_words // 3 and chunks[-1][-1].end <= cur[0].start
                and cur[-1].end - chunks[-1][0].start <= max_chars):
            chunks[-1].extend(cur)
        else:
            chunks.append(cur)
    return chunks


def _lang_blocks(spans: list[tuple[tuple[str, ...], int, int]], budget: int = LANG_BLOCKS,
                 min_block: int = LANG_MIN_BLOCK) -> list[tuple[int, int]]:
    """``(start, end)`` spans to detect the language of, one per section, at most about
    ``budget`` of them: a section longer than ``total / budget`` characters is cut into
    blocks of that size, and when there are still too many, neighbouring sections are
    grouped until each group reaches it."""
    total = sum(e - s for _, s, e in spans)
    size = max(min_block, -(-total // budget))
    own: list[tuple[int, int]] = []
    for _, s, e in spans:
        n = max(1, -(-(e - s) // size))
        step = -(-(e - s) // n)
        own.extend((a, min(e, a + step)) for a in range(s, e, step))
    if len(own) <= budget:
        return own
    grouped: list[tuple[int, int]] = []
    for s, e in own:
        if grouped and grouped[-1][1] - grouped[-1][0] < size:
            grouped[-1] = (grouped[-1][0], e)
        else:
            grouped.append((s, e))
    return grouped


def chunk(
    doc: Document,
    max_words: int = DEFAULT_MAX_WORDS,
    min_words: int = DEFAULT_MIN_WORDS,
    overlap_words: int = DEFAULT_OVERLAP_WORDS,
    doc_lang: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[Chunk]:
    """Cut a document into cited chunks. ``chunk.text == doc.text[start:end]``.

    A chunk holds at most ``max_words`` words (a longer sentence or row is cut at
    words) and at most ``max_chars`` characters (cut at a space, or at the cap
    where there is none). Its language is that of its section, detected on a bounded
    sample (``doc_lang``, else the document's, where the section is too short to
    tell); documents without pages number their chunks' paragraphs when the reader
    gave ``Document.paragraphs``.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    text = doc.text
    offsets = doc.page_offsets
    page_starts = tuple(offsets[1:]) if doc.pages and doc.pages[0].number is not None else ()
    numbers = [p.number for p in doc.pages]
    scanned = {p.number for p in doc.pages if p.ocr}
    paras = list(doc.paragraphs)
    lang_doc = doc_lang if doc_lang is not None else detect_lang(sample(text, 20000), default="en")
    spans = sections(text, doc.headings, structured=doc.structured)
    blocks = _lang_blocks(spans)
    block_starts = [s for s, _ in blocks]
    block_lang: dict[int, str] = {}

    def lang_at(pos: int) -> str:
        i = max(0, bisect.bisect_right(block_starts, pos) - 1)
        if i not in block_lang:
            s, e = blocks[i]
            block_lang[i] = detect_lang(sample(text[s:e]), default=lang_doc)
        return block_lang[i]

    out: list[Chunk] = []
    for path, s, e in spans:
        sec_lines = [ln for ln in split_lines(text[s:e])]
        for ln in sec_lines:
            ln.start += s
            ln.end += s
        units = _section_units(text, sec_lines, max_words, max_chars, page_starts)
        for group in _pack(units, max_words, min_words, overlap_words, max_chars):
            a, b = group[0].start, group[-1].end
            body = text[a:b]
            kind = "row" if all(u.kind == "row" for u in group) else "text"
            p0 = numbers[bisect.bisect_right(offsets, a) - 1]
            p1 = numbers[bisect.bisect_right(offsets, b - 1) - 1]
            q0 = q1 = None
            if paras and p0 is None:
                q0 = max(1, bisect.bisect_right(paras, a))
                q1 = max(q0, bisect.bisect_right(paras, b - 1))
            out.append(
                Chunk(
                    doc=doc.doc,
                    title=doc.title,
                    text=body,
                    section=path,
                    page_start=p0,
                    page_end=p1,
                    lang=lang_at(a),
                    start=a,
                    end=b,
                    kind=kind,
                    para_start=q0,
                    para_end=q1,
                    page_breaks=tuple(o - a for o in offsets if a < o < b) if p0 is not None and p1 != p0 else (),
                    extra=_ocr_extra(scanned, p0, p1),
                )
            )
    return out


def _ocr_extra(scanned: set[int], p0: int | None, p1: int | None) -> dict:
    """``{"ocr_pages": [...]}``: the chunk's pages whose text was recognised (OCR), if any."""
    if not scanned or p0 is None:
        return {}
    pages = [n for n in range(p0, (p1 or p0) + 1) if n in scanned]
    return {"ocr_pages": pages} if pages else {}


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
