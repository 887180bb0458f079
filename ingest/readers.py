"""Pure readers: a file path in, a :class:`Document` (pages of clean text) out.

One module per format: :mod:`.read_pdf`, :mod:`.read_text` (.txt and Markdown),
:mod:`.read_docx` (Word) and :mod:`.read_html` (saved web pages); this one checks the
file and picks the reader by suffix.
"""
from __future__ import annotations

from pathlib import Path

from puente.common.errors import ReadError, UnsupportedFileError
from puente.common.settings import Settings
from puente.common.types import Document

from .read_pdf import clean_pages, pdf_title, read_pdf  # noqa: F401 - re-exported
from .read_text import decode_text, read_text  # noqa: F401 - re-exported

__all__ = ["SUPPORTED_SUFFIXES", "PDF_SUFFIXES", "TEXT_SUFFIXES", "DOCX_SUFFIXES", "HTML_SUFFIXES", "FORMATS",
           "DEFAULT_MAX_BYTES", "read_document", "read_pdf", "read_text", "read_docx", "read_html",
           "clean_pages", "pdf_title", "decode_text"]

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | DOCX_SUFFIXES | HTML_SUFFIXES
DEFAULT_MAX_BYTES = Settings().max_bytes
FORMATS = "PDF, Word (.docx), a web page (.html), .txt or .md"


def read_docx(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    from .read_docx import read_docx as read

    return read(path, max_bytes)


def read_html(path: str | Path) -> Document:
    from .read_html import read_html as read

    return read(path)


_READERS = {
    **{s: read_pdf for s in PDF_SUFFIXES},
    **{s: read_text for s in TEXT_SUFFIXES},
    **{s: read_docx for s in DOCX_SUFFIXES},
    **{s: read_html for s in HTML_SUFFIXES},
}


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, ocr: bool = False, password: str = "") -> Document:
    """Read a PDF, Word, web page, text or Markdown file into a :class:`Document`; a PDF's
    pages without text by OCR when ``ocr`` (:mod:`.ocr`), an encrypted PDF with ``password``."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file or folder", "check the path")
    if path.is_dir():
        raise ReadError(path, "is a folder", "pass the files inside it or the folder to `puente ingest`")
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES and not path.stem.strip(". \t"):
        raise ReadError(path, "the document would have no name (the file name is empty or only dots)",
                        "rename the file, e.g. report.md")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileError(
            path, f"unsupported file type '{suffix or '(none)'}'", f"convert it to {FORMATS}"
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
    if suffix in DOCX_SUFFIXES:  # a ZIP package: what it inflates to is bounded too
        return read_docx(path, max_bytes)
    if suffix in PDF_SUFFIXES and (ocr or password):
        return read_pdf(path, ocr=ocr, password=password)
    return _READERS[suffix](path)
