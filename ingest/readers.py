"""Pure readers: a file path in, a :class:`Document` (pages of clean text) out."""
from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from pathlib import Path

from .errors import ReadError, UnsupportedFileError
from .types import Document, Page

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:page|p[áa]gina|pag\.|p\.)\s*)?\d{1,4}(?:\s*(?:of|de|/)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)-\n([a-záéíóúñü][^\W\d_]*)")
_EDGE_LINES = 3


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a PDF, text or Markdown file into a :class:`Document`."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file or folder", "check the path")
    if path.is_dir():
        raise ReadError(path, "is a folder", "pass the files inside it or the folder to `puente ingest`")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileError(
            path, f"unsupported file type '{suffix or '(none)'}'", "convert it to PDF, .txt or .md"
        )
    size = path.stat().st_size
    if size == 0:
        raise ReadError(path, "empty file", "export the document again")
    if size > max_bytes:
        mb = 1024 * 1024
        raise ReadError(
            path,
            f"file is {size / mb:.3g} MB, above the {max_bytes / mb:.3g} MB limit",
            "split it or raise the limit (--max-file-mb or PUENTE_MAX_FILE_MB)",
        )
    if suffix in PDF_SUFFIXES:
        return read_pdf(path)
    return read_text(path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_pdf(path: str | Path) -> Document:
    """Read a PDF with pypdf: 1-based pages, running headers/footers removed,
    words hyphenated across lines re-joined."""
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
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types here
                ok = 0
            if not ok:
                raise ReadError(path, "encrypted", "decrypt it first (e.g. `qpdf --decrypt in.pdf out.pdf`)")
        raw = [(page.extract_text() or "") for page in reader.pages]
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
    if not any(t.strip() for t in raw):
        raise ReadError(path, "no extractable text", "run OCR first (e.g. `ocrmypdf in.pdf out.pdf`)")
    pages, header = clean_pages(raw)
    title = meta_title or header or _first_line(pages)
    return Document(
        doc=path.stem,
        title=title or path.stem,
        pages=tuple(Page(i + 1, t) for i, t in enumerate(pages)),
        source=str(path),
        sha256=_sha256(path),
    )


def _norm_edge(line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip().lower()


def clean_pages(raw_pages: list[str]) -> tuple[list[str], str]:
    """Drop running headers/footers and page numbers; re-join hyphenated words.

    Lines are peeled off the top and the bottom of each page while they are running
    lines: a page number ("Page 3 of 19", "12"), or a line whose digit-blind form
    stands among the first or last few lines of at least half the pages (and of at
    least two). Peeling stops at the first body line, so a body line that happens to
    repeat is kept. Returns the cleaned pages and the first header line, which
    usually names the document.
    """
    split = [p.replace("\r\n", "\n").replace("\r", "\n").split("\n") for p in raw_pages]
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
        while lo < hi and peeled < _EDGE_LINES:
            ln = lines[lo]
            if not ln.strip():
                lo += 1
                continue
            if _norm_edge(ln) in rep_top or _PAGE_NUMBER.match(ln):
                if not header and not _PAGE_NUMBER.match(ln):
                    header = ln.strip()
                lo += 1
                peeled += 1
                continue
            break
        peeled = 0
        while hi > lo and peeled < _EDGE_LINES:
            ln = lines[hi - 1]
            if not ln.strip():
                hi -= 1
                continue
            if _norm_edge(ln) in rep_bottom or _PAGE_NUMBER.match(ln):
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


def _first_line(pages: list[str]) -> str:
    for p in pages:
        for ln in p.split("\n"):
            if ln.strip():
                return ln.strip()[:200]
    return ""


def _plain(text: str) -> bool:
    """True when nearly every character is printable (text, not binary data)."""
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return printable >= 0.98 * len(text)


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes as UTF-8 (BOM allowed) or BOM-marked UTF-16, else as
    Windows-1252/Latin-1 when the result is plainly text; refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows "Unicode" text)
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if text and _plain(text):
            return text
    if b"\x00" in data[:8192]:
        raise ReadError(path, "binary data, not text", "pass the original PDF/TXT/MD file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plain(text):
            return text
    raise ReadError(path, "not UTF-8 text and not a recognised encoding", "re-save it as UTF-8")


def read_text(path: str | Path) -> Document:
    """Read a .txt/.md file (UTF-8, or a detected single-byte encoding)."""
    path = Path(path)
    data = path.read_bytes()
    text = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "no text in file", "check that the file is the right one")
    title = _first_line([text]).lstrip("# ").strip()
    return Document(
        doc=path.stem,
        title=title or path.stem,
        pages=(Page(None, text),),
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
    )
