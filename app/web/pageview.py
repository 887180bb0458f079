"""The page itself: a PDF page rendered as a PNG (pypdfium2) with a passage's characters
highlighted by translucent boxes (PIL).

The passage text comes from our reader (pypdf) and the page text from PDFium; they differ
in whitespace, line-break hyphens and the running headers we dropped, so both are
compared on letters and digits only (case-folded): the whole passage is looked for
first, and when it is not there whole (a passage over two pages, a ligature) its pieces
are, in order. Pure functions of a file and a passage: no Gradio, no index.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path

from puente.common.errors import InputError

PIECE = 24          # letters per piece when the passage is not found whole
MIN_PIECE = 12      # a shorter leftover piece is not looked for (too ambiguous)
HIGHLIGHT = (255, 214, 0, 96)    # translucent yellow
OUTLINE = (200, 150, 0, 200)
_lock = threading.Lock()  # PDFium is not thread-safe: one document operation at a time


@dataclass(frozen=True)
class Located:
    """Where a passage is on one page: PDF-space boxes ``(left, bottom, right, top)`` and
    the share of the passage's letters found there (0 when absent)."""

    boxes: tuple[tuple[float, float, float, float], ...]
    found: float


def _key(text: str) -> tuple[str, list[int]]:
    """Letters and digits of ``text``, case-folded, with each one's index in ``text``."""
    keep, where = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            low = ch.casefold()
            keep.append(low)
            where.extend([i] * len(low))
    return "".join(keep), where


def _edges(page_text: str, spans: list[tuple[int, int]], passage: str) -> list[tuple[int, int]]:
    """``spans`` widened over the signs the passage starts or ends with ("(", "$", "%",
    ".") where the page has them right there: letters and digits alone would stop the
    highlight at "37.38" of "37.38%"."""
    if not spans:
        return spans
    alnum = [i for i, ch in enumerate(passage) if ch.isalnum()]
    head = passage[:alnum[0]].strip() if alnum else ""
    tail = passage[alnum[-1] + 1:].strip() if alnum else ""
    (s, e0), (s1, e) = spans[0], spans[-1]
    while head and s > 0 and page_text[s - 1] == head[-1]:
        head, s = head[:-1], s - 1
    while tail and e < len(page_text) and page_text[e] == tail[0]:
        tail, e = tail[1:], e + 1
    if len(spans) == 1:
        return [(s, e)]
    return [(s, e0)] + spans[1:-1] + [(s1, e)]


def match_spans(page_text: str, passage: str) -> tuple[list[tuple[int, int]], float]:
    """Character ranges ``[(start, end)]`` of ``page_text`` holding ``passage`` (compared on
    letters and digits, widened over the signs it starts or ends with), and the share of
    the passage's letters found."""
    page_key, where = _key(page_text)
    want, _ = _key(passage)
    if not want or not page_key:
        return [], 0.0
    pos = page_key.find(want)
    if pos >= 0:
        return _edges(page_text, [(where[pos], where[pos + len(want) - 1] + 1)], passage), 1.0
    spans: list[tuple[int, int]] = []
    found, cursor = 0, 0
    for i in range(0, len(want), PIECE):
        piece = want[i:i + PIECE]
        if len(piece) < MIN_PIECE:
            break
        hit = page_key.find(piece, cursor)
        if hit < 0:
            continue
        s, e = where[hit], where[hit + len(piece) - 1] + 1
        if spans and s <= spans[-1][1] + 3:  # contiguous with the previous piece
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
        found += len(piece)
        cursor = hit + len(piece)
    return _edges(page_text, spans, passage), found / len(want)


def page_part(chunk, page: int) -> str:
    """What of ``chunk`` to mark on ``page``: its part on that page (``Chunk.text_on``), or
    the whole passage where that part is too short to be placed for sure ("women.", "2023"
    would be found in a running header)."""
    part = chunk.text_on(page)
    return part if len(_key(part)[0]) >= PIECE else chunk.text


def locate(textpage, passage: str) -> Located:
    """The boxes of ``passage`` on a ``pypdfium2.PdfTextPage``."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    spans, share = match_spans(text, passage)
    boxes = []
    for s, e in spans:
        for i in range(textpage.count_rects(s, e - s)):
            boxes.append(tuple(float(v) for v in textpage.get_rect(i)))
    return Located(tuple(boxes), share)


def page_count(path: str | Path) -> int:
    import pypdfium2 as pdfium

    with _lock:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()


def render_page(path: str | Path, page: int, passage: str = "", width: int = 1100) -> tuple[bytes, Located]:
    """PNG bytes of 1-based ``page`` of the PDF at ``path``, about ``width`` pixels wide, with
    ``passage`` highlighted; and where it was found. One-line :class:`InputError` for a
    file that is not a readable PDF or a page it does not have."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    path = Path(path)
    with _lock:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except (pdfium.PdfiumError, OSError) as exc:
            raise InputError(path, f"cannot be opened as a PDF ({exc})", "re-ingest the document from a readable file") from exc
        try:
            if not 1 <= page <= len(pdf):
                raise InputError(path, f"has no page {page} (it has {len(pdf)})", "pick a page the citation names")
            pg = pdf[page - 1]
            left, bottom, right, top = pg.get_bbox()  # the box PDFium renders (get_cropbox may guess Letter)
            scale = width / max(1.0, right - left)
            located = locate(pg.get_textpage(), passage) if passage else Located((), 0.0)
            image = pg.render(scale=scale, rotation=0).to_pil().convert("RGBA")
        finally:
            pdf.close()
    if located.boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for bl, bb, br, bt in located.boxes:
            box = ((bl - left) * scale - 1, (top - bt) * scale - 1, (br - left) * scale + 1, (top - bb) * scale + 1)
            draw.rectangle(box, fill=HIGHLIGHT, outline=OUTLINE)
        image = Image.alpha_composite(image, overlay)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=False)
    return buf.getvalue(), located
