"""Reading a batch of files for an ingest (pure: no model, no index): which files, which of
them are new, changed or unchanged against the documents an index already holds, and the
chunks and records of the new and changed ones. ``puente.index.update`` embeds and stores them."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from puente.common.errors import PuenteError, ReadError
from puente.common.lang import detect_lang
from puente.common.settings import ChunkerSettings
from puente.common.types import Chunk, DocInfo, Document

from .chunker import chunk, repeated_lines
from .readers import SUPPORTED_SUFFIXES, read_document
from .records import Record, extract_records


@dataclass
class ReadDoc:
    """A new or changed document: its facts for ``docs.json``, its chunks and records."""

    info: DocInfo
    chunks: list[Chunk]
    records: list[Record]


@dataclass
class Batch:
    docs: dict[str, ReadDoc] = field(default_factory=dict)  # new and changed documents
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # unchanged documents now read from another path
    present: set[str] = field(default_factory=set)  # document names of every file read
    skipped: list[str] = field(default_factory=list)  # notes on files passed over in folder mode
    errors: list[str] = field(default_factory=list)  # one line per failed file
    seconds: dict = field(default_factory=dict)


def collect_files(paths: list[str | Path]) -> tuple[list[Path], list[str], list[str]]:
    """Expand folders; return (files, notes on skipped files, errors).

    A file reached twice (listed twice, or listed and inside a listed folder) is
    read once.
    """
    files, notes, errors = [], [], []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            errors.append(str(ReadError(p, "no such file or folder", "check the path")))
        elif p.is_dir():
            found = []
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(f)
                else:
                    notes.append(f"{f}: skipped, unsupported type '{f.suffix or '(none)'}'")
            if not found:
                errors.append(str(ReadError(p, f"no documents of a supported type ({', '.join(sorted(SUPPORTED_SUFFIXES))}) "
                                               "in this folder", "point to the folder holding the reports")))
            files.extend(found)
        else:
            files.append(p)
    unique: dict[Path, Path] = {}
    for f in files:
        key = f.resolve()
        if key in unique:
            notes.append(f"{f}: listed twice, read once")
        else:
            unique[key] = f
    return list(unique.values()), notes, errors


def document_chunks(doc: Document, settings: ChunkerSettings) -> tuple[str, list[Chunk]]:
    """Document language and its chunks."""
    lang = detect_lang(doc.text[:20000], default="en")
    return lang, chunk(doc, settings.max_words, settings.min_words, settings.overlap_words, doc_lang=lang)


def _safe_read(f: Path, max_bytes: int, ocr: bool = False, password: str = "") -> Document:
    try:
        return read_document(f, max_bytes=max_bytes, ocr=ocr, password=password)
    except PuenteError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bad file must not stop the batch
        raise ReadError(f, f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:200]}", "check the file") from exc


@dataclass
class Prepared:
    """One file read, chunked and its records extracted by :func:`prepare` — in a worker
    process (``puente ingest --ray``) — for :func:`read_batch` in the one writer."""

    doc: Document | None  # None: the file could not be read (``error``)
    error: str = ""
    lang: str = ""
    chunks: list[Chunk] | None = None  # None: not chunked, its content is indexed already
    records: list[Record] = field(default_factory=list)
    seconds: tuple[float, float] = (0.0, 0.0)  # read, chunk


def prepare(f: Path, settings: ChunkerSettings, max_bytes: int, indexed_hashes: frozenset[str] = frozenset()) -> Prepared:
    """Read ``f``, and unless its SHA-256 is among ``indexed_hashes``, chunk it and extract its records."""
    t = time.perf_counter()
    try:
        doc = _safe_read(f, max_bytes)
    except PuenteError as exc:
        return Prepared(None, str(exc))
    t_read = time.perf_counter() - t
    if doc.sha256 in indexed_hashes:
        return Prepared(doc, seconds=(t_read, 0.0))
    t = time.perf_counter()
    lang, chunks = document_chunks(doc, settings)
    return Prepared(doc, "", lang, chunks, extract_records(doc), (t_read, time.perf_counter() - t))


def read_batch(files: list[Path], indexed: dict[str, DocInfo], settings: ChunkerSettings, max_bytes: int,
               rebuild: bool = False, replace: bool = False,
               progress: Callable[[int, int, str, int], None] | None = None,
               prepared: dict[Path, Prepared] | None = None, ocr: bool = False, password: str = "") -> Batch:
    """Read ``files`` against the ``indexed`` documents (``docs.json`` of the index).

    A document keeps its name (the file stem). A file whose name is an indexed document's
    but which comes from another path with other content is refused unless ``replace``
    (an upload or a folder must not silently replace a report; a file moved and changed, whose
    old path is gone, updates it); a file whose content is already indexed under another name
    is refused (one document, not five copies).
    ``progress(i, n, name, pages)`` is called before each file (``pages``: read so far) and at the end.
    ``prepared``: every file already read (and chunked where needed) by :func:`prepare`.
    ``ocr``: PDF pages without a text layer are read by Tesseract; ``password`` opens encrypted PDFs.
    """
    out, t_read, t_chunk = Batch(), 0.0, 0.0
    by_hash = {info.sha256: d for d, info in indexed.items() if info.sha256}
    seen_name: dict[str, Path] = {}
    seen_hash: dict[str, Path] = {}
    pages = 0
    for i, f in enumerate(files):
        if progress:
            progress(i, len(files), str(f), pages)
        t = time.perf_counter()
        pre = prepared[f] if prepared is not None else None
        try:
            doc = _safe_read(f, max_bytes, ocr, password) if pre is None else pre.doc
        except PuenteError as exc:
            out.errors.append(str(exc))
            continue
        if doc is None:
            out.errors.append(pre.error)
            continue
        t_read += time.perf_counter() - t if pre is None else pre.seconds[0]
        pages += doc.n_pages or 0
        # only files that read fine claim a document name (a broken junk.pdf must not hide junk.txt)
        if doc.doc in seen_name:
            out.errors.append(str(ReadError(f, f"same document name as {seen_name[doc.doc]} in this batch", "rename one of them")))
            continue
        seen_name[doc.doc] = f
        if doc.sha256 in seen_hash:
            out.errors.append(str(ReadError(f, f"same content as {seen_hash[doc.sha256]} in this batch", "remove the copy")))
            continue
        seen_hash[doc.sha256] = f
        out.present.add(doc.doc)
        prev = indexed.get(doc.doc)
        source = str(f.resolve())
        if prev and prev.sha256 == doc.sha256 and not rebuild:
            out.unchanged.append(doc.doc)
            if prev.source != source:
                out.moved[doc.doc] = source
            continue
        twin = by_hash.get(doc.sha256)
        if twin and twin != doc.doc and not rebuild:
            out.errors.append(str(ReadError(f, f"same content as the indexed document '{twin}'",
                                            f"remove the copy, or `puente remove {twin}` first")))
            continue
        old_source = prev.source if prev else ""
        if prev and not rebuild and not replace and old_source != source and Path(old_source).exists():
            out.errors.append(str(ReadError(f, f"a different document named '{doc.doc}' is already indexed "
                                               f"(from {old_source})",
                                            "rename the file, or replace it on purpose (--replace)")))
            continue
        t = time.perf_counter()
        if pre is not None and pre.chunks is not None:
            lang, chunks, t_chunk = pre.lang, pre.chunks, t_chunk + pre.seconds[1]
        else:
            lang, chunks = document_chunks(doc, settings)
            t_chunk += time.perf_counter() - t
        if not chunks:
            out.errors.append(str(ReadError(f, "no text to index after cleaning", "check the file")))
            continue
        info = DocInfo(doc.doc, doc.title, lang, doc.n_pages or None, len(chunks), doc.sha256, source,
                       tuple(repeated_lines(doc.text, doc.n_pages or 0)), time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        out.docs[doc.doc] = ReadDoc(info, chunks, pre.records if pre is not None and pre.chunks is not None else extract_records(doc))
        (out.updated if prev else out.added).append(doc.doc)
    if progress:
        progress(len(files), len(files), "", pages)
    out.seconds = {"read": round(t_read, 3), "chunk": round(t_chunk, 3)}
    return out
