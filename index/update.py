"""Bringing an index up to date: ``ingest`` (read a batch with ``puente.ingest.batch``, embed
the new and changed documents, keep everything else, write a new version), ``remove_docs``,
and ``ensure_index`` (build from the corpus when missing, rebuild an older pipeline's index)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from puente.common.errors import IndexMismatchError, NotInIndexError, PuenteError
from puente.common.settings import ChunkerSettings, Settings
from puente.common.types import Chunk, DocInfo
from puente.ingest.batch import collect_files, read_batch

from .encode.tokens import TokenTable, UnitTokens
from .encode.windows import window_rows, window_texts
from .record_vectors import RecordVectors, encode_records
from .store import stores as store
from .store.lock import WriteLock, pause_point


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


def ingest(
    paths: list[str | Path],
    index_dir: str | Path,
    encoder,
    settings: ChunkerSettings | None = None,
    rebuild: bool = False,
    prune: bool = False,
    max_bytes: int = Settings().max_bytes,
    progress: Callable[[int, int, str, int], None] | None = None,
    show_bar: bool = False,
    replace: bool = False,
    prefetch: Callable[[list[Path], frozenset[str]], dict] | None = None,
    ocr: bool = False,
    password: str = "",
) -> IngestReport:
    """Bring the index at ``index_dir`` up to date with ``paths``.

    Unchanged documents (same SHA-256) are kept as they are; changed ones replace
    their chunks; failed files leave the stored index untouched for that document.
    ``prefetch(files, indexed hashes)`` reads and chunks the files elsewhere (``ray_ingest``:
    ``ingest.batch.prepare`` in Ray tasks); this process stays the one writer. ``ocr``: PDF
    pages without a text layer are read by Tesseract; ``password`` opens encrypted PDFs.
    """
    settings = settings or ChunkerSettings()
    report = IngestReport()
    t0 = time.perf_counter()
    files, report.skipped, report.errors = collect_files(paths)
    with WriteLock(index_dir):
        pause_point("locked")
        store.cleanup(index_dir)
        old = None if rebuild else _current(index_dir, encoder, settings)
        hashes = frozenset() if rebuild or old is None else frozenset(i.sha256 for i in old.docs.values())
        batch = read_batch(files, dict(old.docs) if old else {}, settings, max_bytes, rebuild=rebuild,
                           replace=replace, progress=progress, prepared=prefetch(files, hashes) if prefetch else None,
                           ocr=ocr, password=password)
        for name in ("added", "updated", "unchanged", "errors"):
            getattr(report, name).extend(getattr(batch, name))

        docs, keep_chunks, keep_rows = _untouched(old, batch, prune, report)  # kept with their vectors
        new_chunks = [c for rd in batch.docs.values() for c in rd.chunks]
        pause_point("embedding")
        t = time.perf_counter()
        new_units = window_rows(new_chunks, offset=len(keep_chunks))
        texts = window_texts(new_chunks, window_rows(new_chunks), {d: rd.info for d, rd in batch.docs.items()})
        new_vecs, new_tokens, new_table = encoder.passages(texts, progress=show_bar, tokens=True)
        changed = bool(batch.docs or report.removed or batch.moved or rebuild or old is None)
        if changed:
            kept_units, kept_vecs, kept_tokens, kept_table = _kept(old, keep_rows, encoder.dims, encoder)
            old_records = old.records if old is not None else []
            kept_records = [i for i, r in enumerate(old_records) if r.doc in docs and r.doc not in batch.docs]
            new_records = [r for rd in batch.docs.values() for r in rd.records]
            records = [old_records[i] for i in kept_records] + new_records
            record_vecs = _kept_records(old, kept_records, encoder).concat(encode_records(encoder, new_records, new_chunks))
        t_embed = time.perf_counter() - t
        t = time.perf_counter()
        if changed:
            for d, rd in batch.docs.items():
                docs[d] = rd.info
            all_chunks = keep_chunks + new_chunks
            if all_chunks or old is not None or not report.errors:
                store.save(
                    index_dir,
                    all_chunks,
                    np.concatenate([kept_vecs, new_vecs]) if len(new_vecs) else kept_vecs,
                    {d: i.to_dict() for d, i in docs.items()},
                    {"model_id": encoder.id, "dims": encoder.dims, "chunker": settings.as_dict()},
                    records=records,
                    units=np.concatenate([kept_units, new_units]) if len(new_units) else kept_units,
                    unit_tokens=kept_tokens.concat(new_tokens),
                    token_table=kept_table.combine(new_table),
                    record_vectors=record_vecs,
                )
            report.n_chunks = len(all_chunks)
        else:
            report.n_chunks = len(old.chunks) if old is not None else 0
        t_write = time.perf_counter() - t
    report.seconds = batch.seconds | {"embed": round(t_embed, 3), "write": round(t_write, 3),
                                      "total": round(time.perf_counter() - t0, 3)}
    return report


def _current(index_dir, encoder, settings: ChunkerSettings):
    """The index's current version, or None when there is none yet. A CURRENT pointer with a
    damaged version fails loudly instead of starting a new index; another chunker is refused."""
    if store.current_version(index_dir) is None:
        return None
    old = store.load(index_dir, model_id=encoder.id, mmap=False)
    if old.meta.get("chunker") != settings.as_dict():
        raise IndexMismatchError(index_dir, f"index was chunked with {old.meta.get('chunker')}, not {settings.as_dict()}",
                                 "run with --rebuild to re-chunk every document")
    return old


def _untouched(old, batch, prune: bool, report) -> tuple[dict[str, DocInfo], list[Chunk], list[int]]:
    """The documents the batch leaves as they are (a moved file with its new path; with
    ``prune``, those whose file is gone are dropped and reported), their chunks and rows."""
    docs: dict[str, DocInfo] = {}
    keep_chunks: list[Chunk] = []
    keep_rows: list[int] = []
    if old is None:
        return docs, keep_chunks, keep_rows
    for d, info in old.docs.items():
        if d in batch.docs:
            continue
        if prune and not Path(info.source).exists() and d not in batch.present:
            report.removed.append(d)
            continue
        docs[d] = info.moved(batch.moved[d]) if d in batch.moved else info
    for row, c in enumerate(old.chunks):
        if c.doc in docs:
            keep_chunks.append(c)
            keep_rows.append(row)
    return docs, keep_chunks, keep_rows


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
            _, _, gone_table = encoder.passages(window_texts(old.chunks, old.units[gone], old.docs), tokens=True)
            table = table.combine(gone_table, sign=-1)
    else:
        _, tokens, table = encoder.passages(window_texts(old.chunks, old.units[sel], old.docs), tokens=True)
    return units, vectors, tokens, table


def _kept_records(old, rows: list[int], encoder) -> RecordVectors:
    """Vectors of the kept records of ``old`` (encoded when ``old`` was saved without them)."""
    if old is None or not rows:
        return RecordVectors.empty(encoder.dims)
    if old.record_vectors is not None:
        return old.record_vectors.select(rows)
    return encode_records(encoder, [old.records[i] for i in rows], old.chunks)


def remove_docs(index_dir: str | Path, names: list[str], encoder, model_id: str | None = None) -> list[str]:
    """Drop documents from the index: their windows are re-encoded only to take their
    tokens out of the token table (``_kept``). Returns the names removed."""
    with WriteLock(index_dir):
        pause_point("locked")
        idx = store.load(index_dir, model_id=model_id or encoder.id, mmap=False)
        missing = [n for n in names if n not in idx.docs]
        if missing:
            raise NotInIndexError(missing)
        rows = [i for i, c in enumerate(idx.chunks) if c.doc not in names]
        docs = {d: v for d, v in idx.docs.items() if d not in names}
        meta = {k: idx.meta[k] for k in ("model_id", "dims", "chunker")}
        rec_rows = [i for i, r in enumerate(idx.records) if r.doc not in names]
        units, vectors, tokens, table = _kept(idx, rows, int(idx.meta["dims"]), encoder)
        store.save(index_dir, [idx.chunks[i] for i in rows], vectors, docs, meta, records=[idx.records[i] for i in rec_rows],
                   units=units, unit_tokens=tokens, token_table=table,
                   record_vectors=_kept_records(idx, rec_rows, encoder))
    return names


def ensure_index(s: Settings, encoder_factory: Callable[[], object], progress=None, show_bar: bool = False,
                 say: Callable[[str], None] = print) -> IngestReport | None:
    """For ``puente serve``: build the index from ``s.corpus`` when there is none; rebuild one
    written by an older pipeline from its documents' own files (when they all still exist),
    with the chunker settings it was built with and no new size limit. ``None`` when the
    index is current. ``encoder_factory`` is called only when there is work to do. Raises a
    :class:`PuenteError` when there is still no usable index (an older index whose files are
    gone is left as it is, and refused with the rebuild command) or a rebuild lost documents."""
    exists = store.exists(s.index)
    sources = store.outdated_sources(s.index) if exists else None
    if exists and sources is None:
        return None
    chunker, max_bytes = s.chunker, s.max_bytes
    if sources is None:
        say(f"no index at {s.index}: building it from {s.corpus} ...")
    else:
        say(f"{s.index} was built by an older Puente: rebuilding it from its {len(sources)} documents ...")
        chunker = ChunkerSettings.from_dict(store.read_meta(s.index).get("chunker"))
        max_bytes = max([max_bytes] + [p.stat().st_size for p in sources])
    report = ingest(sources or [s.corpus], s.index, encoder_factory(), chunker, rebuild=sources is not None,
                    max_bytes=max_bytes, progress=progress, show_bar=show_bar)
    if sources is not None and report.errors:  # say so rather than serve quietly without them
        raise PuenteError(s.index, f"rebuilt without {len(report.errors)} document(s) that failed: {report.errors[0]}",
                          "fix or remove those files, then run `puente serve` again")
    store.load(s.index)  # no index, or one still refused: its own one-line error
    return report
