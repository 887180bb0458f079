"""Ingest: read files, chunk them, embed new or changed documents, write the index."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from puente.ingest.chunker import chunk, repeated_lines, windows
from puente.ingest.errors import PuenteError, ReadError, UnsupportedFileError
from puente.ingest.lang import detect_lang
from puente.ingest.readers import SUPPORTED_SUFFIXES, read_document
from puente.ingest.records import extract_records
from puente.ingest.types import Chunk, Document

from . import store
from .embed import unit_texts
from .tokens import TokenTable, UnitTokens


@dataclass
class ChunkerSettings:
    max_words: int = 200
    min_words: int = 60
    overlap_words: int = 30

    def as_dict(self) -> dict:
        return {"max_words": self.max_words, "min_words": self.min_words, "overlap_words": self.overlap_words}


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # notes on files passed over in folder mode
    errors: list[str] = field(default_factory=list)  # one line per failed file
    n_chunks: int = 0
    seconds: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("added", "updated", "unchanged", "removed", "skipped", "errors", "n_chunks", "seconds")}


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
                errors.append(str(ReadError(p, "no PDF, .txt or .md documents in this folder", "point to the folder holding the reports")))
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


def ingest(
    paths: list[str | Path],
    index_dir: str | Path,
    encoder,
    settings: ChunkerSettings | None = None,
    rebuild: bool = False,
    prune: bool = False,
    max_bytes: int = 50 * 1024 * 1024,
    progress: Callable[[int, int, str], None] | None = None,
    show_bar: bool = False,
) -> IngestReport:
    """Bring the index at ``index_dir`` up to date with ``paths``.

    Unchanged documents (same SHA-256) are kept as they are; changed ones replace
    their chunks; failed files leave the stored index untouched for that document.
    """
    settings = settings or ChunkerSettings()
    report = IngestReport()
    t0 = time.perf_counter()
    files, report.skipped, report.errors = collect_files(paths)
    with store.WriteLock(index_dir):
        store.pause_point("locked")
        store.cleanup(index_dir)
        old = None
        # a CURRENT pointer with a damaged version must fail loudly, not start a new index
        if store.current_version(index_dir) is not None and not rebuild:
            old = store.load(index_dir, model_id=encoder.id, mmap=False)
            if old.meta.get("chunker") != settings.as_dict():
                raise store.IndexMismatchError(
                    index_dir,
                    f"index was chunked with {old.meta.get('chunker')}, not {settings.as_dict()}",
                    "run with --rebuild to re-chunk every document",
                )
        old_docs = dict(old.docs) if old else {}
        t_read = t_chunk = 0.0
        new_docs: dict[str, tuple[dict, list[Chunk]]] = {}
        new_records: dict[str, list[dict]] = {}
        seen_sources: dict[str, Path] = {}
        seen_content: dict[str, Path] = {}
        moved: dict[str, str] = {}  # unchanged documents now read from another path
        for i, f in enumerate(files):
            if progress:
                progress(i, len(files), str(f))
            t = time.perf_counter()
            try:
                doc = read_document(f, max_bytes=max_bytes)
            except UnsupportedFileError as exc:
                report.errors.append(str(exc))
                continue
            except PuenteError as exc:
                report.errors.append(str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - a bad file must not stop the batch
                report.errors.append(str(ReadError(f, f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:200]}", "check the file")))
                continue
            t_read += time.perf_counter() - t
            # only files that read fine claim a document name (a broken junk.pdf must not hide junk.txt)
            if doc.doc in seen_sources:
                report.errors.append(str(ReadError(f, f"same document name as {seen_sources[doc.doc]} in this batch", "rename one of them")))
                continue
            seen_sources[doc.doc] = f
            if doc.sha256 in seen_content:
                report.errors.append(str(ReadError(f, f"same content as {seen_content[doc.sha256]} in this batch", "remove the copy")))
                continue
            seen_content[doc.sha256] = f
            prev = old_docs.get(doc.doc)
            if prev and prev.get("sha256") == doc.sha256 and not rebuild:
                report.unchanged.append(doc.doc)
                if prev.get("source") != str(f.resolve()):
                    moved[doc.doc] = str(f.resolve())
                continue
            t = time.perf_counter()
            lang, chunks = document_chunks(doc, settings)
            t_chunk += time.perf_counter() - t
            if not chunks:
                report.errors.append(str(ReadError(f, "no text to index after cleaning", "check the file")))
                continue
            info = {
                "doc": doc.doc,
                "title": doc.title,
                "lang": lang,
                "pages": doc.n_pages or None,
                "chunks": len(chunks),
                "sha256": doc.sha256,
                "source": str(f.resolve()),
                "repeated_lines": repeated_lines(doc.text, doc.n_pages or 0),
                "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            new_docs[doc.doc] = (info, chunks)
            new_records[doc.doc] = [r.to_dict() for r in extract_records(doc)]
            (report.updated if prev else report.added).append(doc.doc)
        if progress:
            progress(len(files), len(files), "")

        # keep the chunks and vectors of untouched documents
        keep_chunks: list[Chunk] = []
        keep_rows: list[int] = []
        docs: dict[str, dict] = {}
        if old is not None:
            present = {Path(p).stem for p in files}
            for d, info in old.docs.items():
                if d in new_docs:
                    continue
                if prune and not Path(info.get("source", "")).exists() and d not in present:
                    report.removed.append(d)
                    continue
                docs[d] = (info | {"source": moved[d]}) if d in moved else info
            for row, c in enumerate(old.chunks):
                if c.doc in docs:
                    keep_chunks.append(c)
                    keep_rows.append(row)
        new_chunks = [c for _, cs in new_docs.values() for c in cs]
        store.pause_point("embedding")
        t = time.perf_counter()
        new_units, unit_texts = chunk_units(new_chunks, offset=len(keep_chunks), docs={d: i for d, (i, _) in new_docs.items()})
        new_vecs, new_tokens, new_table = encoder.passages(unit_texts, progress=show_bar, tokens=True)
        changed = bool(new_docs or report.removed or moved or rebuild or old is None)
        if changed:
            dims = encoder.dims
            kept_units, kept_vecs, kept_tokens, kept_table = _kept(old, keep_rows, dims, encoder)
            unit_tokens = kept_tokens.concat(new_tokens)
            token_table = kept_table.combine(new_table)
        t_embed = time.perf_counter() - t
        t = time.perf_counter()
        if changed:
            vectors = np.concatenate([kept_vecs, new_vecs]) if len(new_vecs) else kept_vecs
            units = np.concatenate([kept_units, new_units]) if len(new_units) else kept_units
            for d, (info, _) in new_docs.items():
                docs[d] = info
            all_chunks = keep_chunks + new_chunks
            records = [r for r in (old.records if old is not None else []) if r["doc"] in docs and r["doc"] not in new_docs]
            records += [r for d in new_docs for r in new_records[d]]
            if all_chunks or old is not None or not report.errors:
                store.save(
                    index_dir,
                    all_chunks,
                    vectors,
                    docs,
                    {"model_id": encoder.id, "dims": dims, "chunker": settings.as_dict()},
                    records=records,
                    units=units,
                    unit_tokens=unit_tokens,
                    token_table=token_table,
                )
            report.n_chunks = len(all_chunks)
        else:
            report.n_chunks = len(old.chunks) if old is not None else 0
        t_write = time.perf_counter() - t
    report.seconds = {
        "read": round(t_read, 3),
        "chunk": round(t_chunk, 3),
        "embed": round(t_embed, 3),
        "write": round(t_write, 3),
        "total": round(time.perf_counter() - t0, 3),
    }
    return report


def chunk_units(chunks: list[Chunk], offset: int = 0, docs: dict[str, dict] | None = None) -> tuple[np.ndarray, list[str]]:
    """Retrieval windows of ``chunks`` as ``(chunk row, start, end)`` rows (chunk rows
    numbered from ``offset``) and the texts to embed for them (``docs``: the documents'
    info, whose ``repeated_lines`` are left out of the texts)."""
    rows = np.array([(i, s, e) for i, c in enumerate(chunks) for s, e in windows(c.text)],
                    dtype=np.int64).reshape(-1, 3)
    texts = unit_texts(chunks, rows, docs or {})
    rows[:, 0] += offset
    return rows, texts


def _kept(old, keep_rows: list[int], dims: int, encoder) -> tuple[np.ndarray, np.ndarray, UnitTokens, TokenTable]:
    """Units, vectors and window tokens of the kept chunks of ``old`` (renumbered to their
    new rows), and the token table without the windows that go.

    The table holds sums, so the windows that go are re-encoded to take their token
    vectors away (cost: encoding those windows; nothing else is re-encoded). An index
    without token data has its kept windows re-encoded for their tokens instead.
    """
    if old is None or not len(old.units):
        return np.zeros((0, 3), np.int64), np.zeros((0, dims), np.float32), UnitTokens.empty(), TokenTable.empty(dims)
    new_row = np.full(len(old.chunks), -1, dtype=np.int64)
    if keep_rows:
        new_row[np.asarray(keep_rows)] = np.arange(len(keep_rows))
    keep = new_row[old.units[:, 0]] >= 0
    sel, gone = np.nonzero(keep)[0], np.nonzero(~keep)[0]
    units = old.units[sel].copy()
    units[:, 0] = new_row[units[:, 0]]
    vectors = np.asarray(old.vectors[sel], dtype=np.float32)
    if not len(sel):  # nothing kept: no table to take the windows that go out of
        tokens, table = UnitTokens.empty(), TokenTable.empty(dims)
    elif old.unit_tokens is not None and old.token_table is not None:
        tokens = old.unit_tokens.select(sel)
        table = old.token_table
        if len(gone):
            _, _, gone_table = encoder.passages(unit_texts(old.chunks, old.units[gone], old.docs), tokens=True)
            table = table.combine(gone_table, sign=-1)
    else:
        _, tokens, table = encoder.passages(unit_texts(old.chunks, old.units[sel], old.docs), tokens=True)
    return units, vectors, tokens, table


def remove_docs(index_dir: str | Path, names: list[str], encoder, model_id: str | None = None) -> list[str]:
    """Drop documents from the index: their windows are re-encoded only to take their
    tokens out of the token table (``_kept``). Returns the names removed."""
    with store.WriteLock(index_dir):
        store.pause_point("locked")
        idx = store.load(index_dir, model_id=model_id or encoder.id, mmap=False)
        missing = [n for n in names if n not in idx.docs]
        if missing:
            raise ReadError(missing[0], "not in the index", "see `puente docs` for the indexed documents")
        rows = [i for i, c in enumerate(idx.chunks) if c.doc not in names]
        docs = {d: v for d, v in idx.docs.items() if d not in names}
        meta = {k: idx.meta[k] for k in ("model_id", "dims", "chunker")}
        records = [r for r in idx.records if r["doc"] not in names]
        units, vectors, tokens, table = _kept(idx, rows, int(idx.meta["dims"]), encoder)
        store.save(index_dir, [idx.chunks[i] for i in rows], vectors, docs, meta, records=records, units=units,
                   unit_tokens=tokens, token_table=table)
    return names
