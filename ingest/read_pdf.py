"""PDF reader (pypdf): 1-based pages, running headers/footers removed, words hyphenated
across lines re-joined, AES-encrypted files opened (with ``cryptography``) when they need
no password."""
from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from pathlib import Path

from puente.common.errors import ReadError
from puente.common.text import CELL_SEP, GOES_ON, OPEN_END
from puente.common.types import Document, Heading, Page

from .blocks import junk_title, pick_title
from .pdf_tables import with_tables

_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:page|p[áa]gina|pag\.|p\.)\s*)?\d{1,4}(?:\s*(?:of|de|/)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)-\n([a-záéíóúñü][^\W\d_]*)")
_EDGE_LINES = 3
_PAGE_WORD = re.compile(r"^\s*(?:page|p[áa]gina)\s", re.IGNORECASE)  # beyond a running block, "Page 2" is; "3" may be a cell
MIN_LAYER_CHARS = 16  # a page with fewer letters and digits in its text layer is read by OCR (with --ocr)
_TITLE_PAGES = 3


def _decrypt(reader, path: Path, password: str = "") -> None:
    """Open an encrypted PDF with ``password``, or one that needs no password to read (an
    owner password only restricts printing or copying); refuse one that does, with the fix."""
    try:
        ok = reader.decrypt(password or "")
    except Exception as exc:  # noqa: BLE001 - pypdf raises several types here
        if "cryptography" in str(exc) or "AES" in str(exc):
            raise ReadError(path, "encrypted with AES and the `cryptography` package is missing",
                            "reinstall Puente (`pip install -e .`) or decrypt it first") from exc
        ok = 0
    if not ok and password:
        raise ReadError(path, "encrypted, and the password given does not open it",
                        "check the password (--password or PUENTE_PDF_PASSWORD)")
    if not ok:
        raise ReadError(path, "encrypted with a password",
                        "give it with --password (or PUENTE_PDF_PASSWORD), or decrypt the file first")


def pdf_title(path: Path, meta: str, header: str, pages: list[str]) -> str:
    """The metadata title unless it is junk ("brief.html", "Microsoft Word - …",
    "untitled", empty, a file name), else the running header, else the first heading
    of the first pages, else the file name."""
    from .headings import heading_of  # the chunker's text rules

    if meta and not junk_title(meta, path):
        return " ".join(meta.split())[:200]
    heads = [header] if header else []
    for page in pages[:_TITLE_PAGES]:
        for line in page.split("\n"):
            h = heading_of(line)
            if h is not None:
                heads.append(h[1])
    return pick_title(path, "", heads)


def _page_text(page) -> str:
    """A page's plain text with its tables' rows from the layout (:mod:`.pdf_tables`)."""
    return with_tables(page.extract_text() or "", _layout(page))


def _layout(page) -> str:
    """The page in pypdf's layout mode (its tables' columns, :mod:`.pdf_tables`); empty
    when that mode fails on the page (the plain text is kept)."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - layout mode may fail where plain text does not
        return ""


def _needs_ocr(text: str) -> bool:
    """A page whose text layer is missing or a stray stamp (fewer than 16 letters and digits)."""
    return sum(ch.isalnum() for ch in text) < MIN_LAYER_CHARS


def read_pdf(path: str | Path, ocr: bool = False, password: str = "") -> Document:
    """Read a PDF with pypdf: 1-based pages, running headers/footers removed,
    words hyphenated across lines re-joined. With ``ocr``, pages without a text layer
    are read by Tesseract (:mod:`.ocr`) and marked ``Page.ocr``; ``password`` opens an
    encrypted file."""
    import pypdf
    from pypdf.errors import PdfReadError

    path = Path(path)
    # pypdf logs repair warnings ("EOF marker not found") to stderr; we report one line per file
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    head = path.read_bytes()[:1024]
    if b"%PDF-" not in head:
        raise ReadError(path, "not a PDF (no %PDF header)", "check the file or rename it to its real type")
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            _decrypt(reader, path, password)
        raw = [_page_text(page) for page in reader.pages]
        wide = [_landscape(page) for page in reader.pages]
        meta_title = ""
        try:
            meta_title = str((reader.metadata or {}).get("/Title") or "").strip()
        except Exception:  # noqa: BLE001 - broken metadata is not fatal
            meta_title = ""
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError, IndexError) as exc:
        raise ReadError(
            path, f"corrupt or truncated PDF ({type(exc).__name__})", "re-export or re-download it"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - pypdf may raise anything on junk input
        raise ReadError(
            path, f"unreadable PDF ({type(exc).__name__}: {exc})", "re-export or re-download it"
        ) from exc
    scanned: set[int] = set()
    if ocr and any(_needs_ocr(t) for t in raw):
        from .ocr import ocr_pages

        todo = [i for i, t in enumerate(raw) if _needs_ocr(t)]
        for i, text in ocr_pages(path, todo, password).items():
            if sum(ch.isalnum() for ch in text) > sum(ch.isalnum() for ch in raw[i]):
                raw[i] = text
                scanned.add(i)
    if not any(t.strip() for t in raw):
        if ocr:
            raise ReadError(path, "no text, even by OCR (blank pages, or images without words)", "check the file")
        raise ReadError(path, "no extractable text (scanned pages?)",
                        "read it with OCR: `puente ingest --ocr` (needs Tesseract)")
    pages, header = clean_pages(raw)
    pages = footnotes_after_breaks(pages)
    return Document(
        doc=path.stem,
        title=pdf_title(path, meta_title, header, pages),
        pages=tuple(Page(i + 1, t, ocr=i in scanned) for i, t in enumerate(pages)),
        source=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        headings=slide_titles(pages, wide) or _sized_headings(reader, pages),
    )


def _sized_headings(reader, pages: list[str]) -> tuple:
    """Headings by type size (:mod:`.pdf_fonts`) for a PDF whose text shows fewer than three
    sections (no numbered or keyword headings): the text rules' sections are kept otherwise."""
    from .headings import sections
    from .pdf_fonts import font_headings, font_lines

    if len({path for path, _, _ in sections("\n\n".join(pages))}) >= 3:
        return ()
    return font_headings(pages, [font_lines(page) for page in reader.pages])


def _landscape(page) -> bool:
    try:
        box = page.mediabox
        w, h = float(box.width), float(box.height)
        return (w > 1.2 * h) != (int(page.get("/Rotate") or 0) % 180 == 90)
    except Exception:  # noqa: BLE001 - a broken page box says nothing
        return False


SLIDE_CHARS = 1200  # a slide's text at most (a landscape report's page of prose or table holds more)


def slide_titles(pages: list[str], wide: list[bool]) -> tuple[Heading, ...]:
    """A slide deck's slide titles as its headings: in a PDF of 3 pages or more, most of them
    landscape and holding little text (a presentation exported to PDF), each page's first
    line is its slide's title ("Reception and immediate assistance") when it is short and no
    sentence. Offsets are into ``Document.text`` (pages joined by a blank line)."""
    if len(pages) < 3 or sum(wide) < 0.8 * len(pages):
        return ()
    sizes = sorted(len(p) for p in pages)
    if sizes[len(sizes) // 2] > SLIDE_CHARS:
        return ()
    out, pos = [], 0
    for text in pages:
        first = text.split("\n", 1)[0]
        if first.strip() and len(first) <= 90 and not first.rstrip().endswith((".", ",", ";")) and \
                re.search(r"[^\W\d_]{3}", first):
            out.append(Heading(pos + len(first) - len(first.lstrip()), 1, " ".join(first.split())))
        pos += len(text) + 2
    return tuple(out)


def _norm_edge(line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip().lower()


# a list's bullet drawn in a symbol font, which the text layer gives as a control or private-use
# character (ReportLab's "\x7f", Symbol's "\uf0b7", Wingdings' "\uf0a7", "\uf0d8", "\uf076", "\uf06c",
# "\uf06e"): read as "•" — not Wingdings' check marks and boxes nor Symbol's ≥ ≤ ±, which say something
# (also one alone on its line, before its item's text: "\x7f" / "Abrir dos centros …")
_GLYPH_BULLET = re.compile(r"^([ \t]*)(?:[\x7f\x95\u2219\u25aa\u25cf\uf0b7\uf0a7\uf0d8\uf076\uf06c\uf06e][ \t]*|•[ \t]*\n[ \t]*)"
                           r"(?:\n[ \t]*)?(?=\S)", re.M)


def clean_pages(raw_pages: list[str]) -> tuple[list[str], str]:
    """Drop running headers/footers and page numbers; re-join hyphenated words.

    Lines are peeled off the top and the bottom of each page while they are running
    lines: a page number ("Page 3 of 19", "12"), or a line whose digit-blind form
    stands among the first or last few lines of at least half the pages (and of at
    least two). Peeling stops at the first body line, so a body line that happens to
    repeat is kept. Returns the cleaned pages and the first header line, which
    usually names the document.
    """
    split = [_GLYPH_BULLET.sub(r"\1• ", p.replace("\r\n", "\n").replace("\r", "\n")).split("\n") for p in raw_pages]
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for lines in split:
        body = [ln for ln in lines if ln.strip()]
        top.update({_norm_edge(ln) for ln in body[:_EDGE_LINES]})
        bottom.update({_norm_edge(ln) for ln in body[-_EDGE_LINES:]})
    need = max(2, (len(split) + 1) // 2)
    rep_top = {k for k, n in top.items() if n >= need}
    rep_bottom = {k for k, n in bottom.items() if n >= need}
    header = ""
    cleaned = []
    for lines in split:
        lo, hi = 0, len(lines)
        peeled = 0
        numbers = 0  # one page number, also under (or over) a running block of _EDGE_LINES lines when it says "Page"
        while lo < hi:
            ln = lines[lo]
            if not ln.strip() or (numbers < 1 and _PAGE_NUMBER.match(ln) and (peeled < _EDGE_LINES or _PAGE_WORD.match(ln))):
                numbers += bool(ln.strip())
                lo += 1
                continue
            if peeled < _EDGE_LINES and _norm_edge(ln) in rep_top:
                header = header or ln.strip()
                lo += 1
                peeled += 1
                continue
            break
        peeled = 0
        numbers = 0
        while hi > lo:
            ln = lines[hi - 1]
            if not ln.strip() or (numbers < 1 and _PAGE_NUMBER.match(ln) and (peeled < _EDGE_LINES or _PAGE_WORD.match(ln))):
                numbers += bool(ln.strip())
                hi -= 1
                continue
            if peeled < _EDGE_LINES and _norm_edge(ln) in rep_bottom:
                hi -= 1
                peeled += 1
                continue
            break
        cleaned.append("\n".join(ln.rstrip() for ln in lines[lo:hi]).strip("\n"))
    vocab = {w.lower() for page in cleaned for w in re.findall(r"[^\W\d_]+", page)}
    return [_join_hyphens(page, vocab) for page in cleaned], header


def _join_hyphens(text: str, vocab: set[str]) -> str:
    """Re-join a word hyphenated across a line break: drop the hyphen when the
    joined word occurs elsewhere in the document (``recommen-/dation``), keep it
    for compounds (``capacity-/building``)."""

    def fix(m: re.Match) -> str:
        joined = m.group(1) + m.group(2)
        return joined if joined.lower() in vocab else f"{m.group(1)}-{m.group(2)}"

    return _HYPHEN_BREAK.sub(fix, text)


# a footnote at a page's foot: its number, then its text from a capital ("2 Children reached by …")
_FOOTNOTE = re.compile(r"^\d{1,2}[ \t]+[A-ZÁÉÍÓÚÑ]")
_SENTENCE_END = re.compile(r"[.!?][\"'»”)]?$")
_FOOTNOTE_LINES = 6  # a footnote block starts among a page's last lines
_FOOTNOTE_WORDS = 5  # and its first line is prose: a table row's "1 Produce regular reports on" is shorter or has no end
_GOES_ON_LINES = 15  # the sentence cut by the page ends within this many lines of the next page


def footnotes_after_breaks(pages: list[str]) -> list[str]:
    """Pages with a footnote that stands between the halves of a sentence cut by the page
    break moved after that sentence's end on the next page, as a paragraph of its own: "… to
    respond to both returns and internal" / "2 Children reached by more than one service …" /
    (next page) "displacement caused by violence, …" reads as one sentence, and the footnote
    apart. A page whose last body line ends a sentence, or whose next page starts with a
    capital, a figure or a table, keeps its footnote."""
    out = list(pages)
    for i in range(len(out) - 1):
        lines = out[i].split("\n")
        start = _footnote_start(lines)
        if start is None:
            continue
        nxt = out[i + 1].split("\n")
        first = next((k for k, ln in enumerate(nxt) if ln.strip()), None)
        if first is None or not GOES_ON.match(nxt[first].strip()):
            continue
        end = next((k for k in range(first, min(len(nxt), first + _GOES_ON_LINES)) if _SENTENCE_END.search(nxt[k].rstrip())), None)
        if end is None:
            continue
        note = "\n".join(lines[start:]).strip("\n")
        out[i] = "\n".join(lines[:start]).rstrip("\n")
        out[i + 1] = "\n".join(nxt[:end + 1] + ["", note, ""] + nxt[end + 1:]).rstrip("\n")
    return out


def _footnote_start(lines: list[str]) -> int | None:
    """The index of the line that starts a footnote block at the end of ``lines`` (a page),
    when the body line before it leaves its sentence open; else None."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    for j in range(max(1, len(lines) - _FOOTNOTE_LINES), len(lines)):
        if _FOOTNOTE.match(lines[j]) and len(lines[j].split()) >= _FOOTNOTE_WORDS:
            before = lines[j - 1].rstrip()
            block = " ".join(lines[j:]).rstrip()
            if OPEN_END.search(before) and not CELL_SEP.search(before) and _SENTENCE_END.search(block):
                return j
            return None
    return None
