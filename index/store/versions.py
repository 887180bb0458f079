"""The index as a plain folder, swapped in atomically.

Layout of an index folder (default ``.puente/``)::

    CURRENT            name of the active version folder (replaced atomically)
    v-<stamp>/         one complete version:
        index.faiss    FAISS index over L2-normalised window vectors (inner product)
        vectors.npy    the same vectors (float16, memory-mapped), the source for rebuilds,
                       updates and exact re-scoring
        units.npy      one row per vector: (chunk row, start, end) of the window in the chunk text
        unit_tokens.npy, unit_token_offsets.npy   distinct content-token ids per window (CSR rows)
        token_ids.npy, token_sums.npy, token_counts.npy   per token id: sum, count of its last-layer vectors
        chunks.jsonl   one Chunk per line, row i = FAISS id i
        records.jsonl  structured records (recommendations, actions, indicators...)
        record_vectors.npy, record_tokens.npy, record_token_offsets.npy   each record's vector and tokens
        docs.json      per-document facts (``DocInfo``: title, lang, pages, chunks, sha256, ingested_at…)
        meta.json      format version, model id, dims, chunker settings, FAISS type

A writer builds a new version folder, then replaces ``CURRENT``; a crash at any
moment leaves the previous version active. No pickle anywhere.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from puente.common.errors import IndexMismatchError, IndexMissingError, PuenteError
from puente.common.text import read_jsonl, write_jsonl
from puente.common.types import Chunk, DocInfo, docs_json
from puente.ingest.records import Record

from .. import record_vectors as rvec
from ..encode.tokens import TOKEN_FILES, TokenTable, UnitTokens, read_token_files
from ..encode.windows import whole_chunk_windows
from .backend import DenseBackend
from .faiss_backend import FaissBackend
from .lock import pause_point

FORMAT_VERSION = 1
# how documents are read, chunked and cut into windows, and what window text is embedded: an index
# built by another pipeline holds vectors of other texts and must be rebuilt, not mixed or searched.
# 1: up to 2026-11-22 01:00; 2: header/footer peeling, sentence windows with title and section path, repeated form
# labels left out of window texts; 3: window token ids and the token table (token matching);
# 4: record vectors and tokens (``record_vectors.py``), for Compare, track and the Records topic filter;
# 5: an infographic's labels are no section headings (the embedded section path changes), an
# interleaved action's statement goes on after the other columns (record texts and vectors);
# 6: a sentence a page break cuts ("It also provides a" | "baseline to …") is one sentence;
# 7: an area heading keeps its name ("3. Impact Area: Empowering Communities and …", the section path); 8: a page break
# after a figure goes on in lower case inside the sentence ("… in 2023" | "alone."); 9: "Outcome Area 5: …" keeps its
# name too, and only an area heading keeps the text after its colon; 10: the tables of Word files, web pages and Markdown keep their
# columns (an empty or merged-down cell keeps its place, a Markdown table's cells are separated like theirs) and give records; a plan's
# numbered items that commit are commitments; 11: a Word cell merged across columns, and a web cell spanning columns or rows on a page read
# without trafilatura's main content, leave an empty place for each further column they span;
# 12: records of a PDF table whose actions wrap ("3.1" alone on its line, unit, deadline and status on the
# row's last lines), "Recommendation 1 (high priority):", "Parcialmente aceptada" / "No aceptada";
# 13: Markdown's bold and italic markers, links' addresses and code ticks are not text; 14: a plan's
# "Compromiso 3.1: Incluir …" commits by its label, takes the facts stated under it
# ("• Plazo: …") and the area of "Thematic area 1: …" / "Área 4. …"; a commitment table row its area;
# 15: a PDF table's lines take their cells from pypdf's layout mode, separated by a tab (pdf_tables);
# 16: (a review of 15) only rows of figures and the lines beside them as wide are table lines; a plain .txt keeps
# its asterisks; rows stating values in words stay in their indicator table; 17: a recommendation's reason for its
# response ("Justificación: …"), records' ``reason``; 18-21: the eighteenth round's unseen layouts (docs/answers-history.md:
# strategic-line areas, "Meta:" targets, several actions per matrix cell, "R1." matrices, …) and, 21, a review's narrowing;
# 22: a plan's lettered, roman and "Línea de acción N.N.N" commitments, a page number under a 3-line header, Markdown comments neither
# title nor text; 23: the twentieth round's layouts (placeholder PDF titles, an action's facts in running text, …); 24: a commitment's
# span holds its fact lines; 25: PDF word grids; 26: a chunk does not end on a run-in heading; 27: numbered titles
# wrapped in a column; 28: both narrowed; 29: listed recommendations, "IN 2024" headings; 30: no numbered title; 31: web
# definition lists, "Commitment 1.1 – …" under "Chapter N", PDF tables over pages; 32: open <dd>; 33: Word cover titles,
# agreed actions, "R1 – …" recs, lists announced as commitments; 34: slides, PDF grid group rows, mail titles; 35: PDF headings
# by type size, audit findings/recs, web boilerplate lists; 36: bulleted recs; 37: "Acuerdo N."; 38: pledges; 39-42: notes,
# lists; 43: a PDF recommendation ends at the next finding's heading; 44: page-break footnotes; 45-46: wrapped PDF row names
PIPELINE_VERSION = 46

@dataclass
class Index:
    """A loaded index version: chunks, their vectors and the FAISS index over them."""

    path: Path
    meta: dict
    chunks: list[Chunk]
    vectors: np.ndarray
    dense: DenseBackend
    docs: dict[str, DocInfo] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    units: np.ndarray | None = None  # (chunk row, start, end) per vector row
    unit_tokens: UnitTokens | None = None  # content-token ids per vector row
    token_table: TokenTable | None = None
    record_vectors: rvec.RecordVectors | None = None  # row i = records[i]; None in an index saved without them

    def __post_init__(self):
        self.docs = {d: DocInfo.of(d, v) for d, v in self.docs.items()}  # docs.json rows or DocInfo

    def __len__(self) -> int:
        return len(self.chunks)


def current_version(folder: str | Path) -> Path | None:
    """The active version folder, or ``None`` when the folder holds no index."""
    folder = Path(folder)
    pointer = folder / "CURRENT"
    if not pointer.exists():
        return None
    name = pointer.read_text().strip()
    return folder / name if name else None


def exists(folder: str | Path) -> bool:
    v = current_version(folder)
    return v is not None and (v / "meta.json").exists()


def _json_object(path: Path) -> dict:
    """A JSON file holding one object (``meta.json``, ``docs.json``); ``ValueError`` otherwise."""
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} is not an object")
    return data


def _active(folder: Path) -> Path:
    """The active version folder, or the one-line "no index here" error."""
    version = current_version(folder)
    if version is None:
        raise IndexMissingError(folder, "no index here", "run `puente ingest corpus/` to build one, or pass "
                                "the folder that holds it with --index / PUENTE_INDEX")
    return version


def outdated_sources(folder: str | Path) -> list[Path] | None:
    """For an index written by an older pipeline (``PIPELINE_VERSION``), the source files of
    its documents when every one of them still exists; ``None`` when the index is current,
    missing or unreadable, or a source file is gone (then only the user can rebuild it)."""
    version = current_version(folder)
    try:
        meta, docs = _json_object(version / "meta.json"), _json_object(version / "docs.json")
    except (TypeError, OSError, ValueError):
        return None
    if meta.get("format_version") != FORMAT_VERSION:
        return None
    if meta.get("pipeline_version", 1) == PIPELINE_VERSION:
        return None
    sources = [Path(info.get("source") or "") for info in docs.values() if isinstance(info, dict)]
    if not docs or len(sources) != len(docs) or not all(p.is_file() for p in sources):
        return None
    return sources


def read_docs(folder: str | Path) -> dict[str, dict]:
    """``docs.json`` of the active version, without loading anything else (a quick check of
    document names before a model loads)."""
    folder = Path(folder)
    version = _active(folder)
    try:
        return _json_object(version / "docs.json")
    except (OSError, ValueError) as exc:
        raise IndexMissingError(folder, f"damaged index ({version.name}/docs.json unreadable)", _rebuild_hint(folder)) from exc


def read_meta(folder: str | Path) -> dict:
    """``meta.json`` of the active version ({} when unreadable)."""
    try:
        return _json_object(current_version(folder) / "meta.json")
    except (TypeError, OSError, ValueError):
        return {}


def _rebuild_hint(folder: Path) -> str:
    return f"run `puente ingest --rebuild --index {folder} PATH...` to rebuild it"


def load(folder: str | Path, model_id: str | None = None, mmap: bool = True) -> Index:
    """Load the active version; refuse one built with another model or format."""
    folder = Path(folder)
    return load_version(folder, _active(folder), model_id, mmap)


def load_version(folder: Path, version: Path, model_id: str | None = None, mmap: bool = True,
                 dense=None) -> Index:
    """Load one version folder of the index at ``folder`` (errors name ``folder``). ``dense``:
    ``(vectors) -> DenseBackend`` for a version whose dense engine is not its ``index.faiss``
    (``store.milvus``)."""
    if not version.is_dir():
        raise IndexMissingError(folder, f"damaged index (CURRENT names {version.name}, which is missing)", _rebuild_hint(folder))
    try:
        meta = _json_object(version / "meta.json")
    except (OSError, ValueError) as exc:
        raise IndexMissingError(folder, f"damaged index ({version.name}/meta.json unreadable)", _rebuild_hint(folder)) from exc
    if meta.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            folder,
            f"index format {meta.get('format_version')} but this Puente reads format {FORMAT_VERSION}",
            _rebuild_hint(folder),
        )
    if meta.get("pipeline_version", 1) != PIPELINE_VERSION:
        raise IndexMismatchError(
            folder,
            f"index built by pipeline version {meta.get('pipeline_version', 1)}, "
            f"this Puente reads, chunks and embeds with version {PIPELINE_VERSION}",
            _rebuild_hint(folder),
        )
    if model_id is not None and meta.get("model_id") != model_id:
        raise IndexMismatchError(
            folder,
            f"index built with model '{meta.get('model_id')}' but the current model is '{model_id}'",
            _rebuild_hint(folder),
        )
    name = ""  # the file being read, named in the error
    try:
        for name in ("chunks.jsonl", "docs.json", "vectors.npy") + (("index.faiss",) if dense is None else ()):
            if not (version / name).is_file():
                raise FileNotFoundError(name)
        name = "chunks.jsonl"
        chunks = [Chunk.from_dict(json.loads(line)) for _, line in read_jsonl(version / name)]
        name = "docs.json"
        docs = _json_object(version / name)
        name = "records.jsonl"
        rec_path = version / name
        records = [Record.from_dict(json.loads(line)) for _, line in read_jsonl(rec_path)] if rec_path.exists() else []
        name = "vectors.npy"
        vectors = np.load(version / name, mmap_mode="r" if mmap else None, allow_pickle=False)
        name = "units.npy"
        units = np.load(version / name, allow_pickle=False) if (version / name).exists() else whole_chunk_windows(chunks)
        if units.ndim != 2 or units.shape[1] != 3 or (len(units) and not 0 <= units[:, 0].min() <= units[:, 0].max() < len(chunks)):
            raise ValueError("units do not point at chunks")
        unit_tokens = table = None
        if meta.get("tokens"):
            name = "unit_tokens.npy"
            unit_tokens, table = read_token_files(version, len(units), meta.get("dims"))
        name = "record_vectors.npy"
        rv = rvec.read(version, len(records), int(meta.get("dims") or 0)) if meta.get("record_vectors") else None
        name = "index.faiss" if dense is None else "dense engine"
        dense = FaissBackend.read(version / name, vectors) if dense is None else dense(vectors)
    except FileNotFoundError as exc:
        name = Path(exc.filename).name if exc.filename else name
        raise IndexMissingError(folder, f"damaged index ({version.name}/{name} is missing)", _rebuild_hint(folder)) from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError) as exc:
        name = getattr(exc, "file", name)
        raise IndexMissingError(
            folder, f"damaged index ({version.name}/{name} unreadable: {type(exc).__name__})", _rebuild_hint(folder)
        ) from exc
    if not (len(chunks) == meta.get("n_chunks") and len(units) == len(vectors) == dense.ntotal):
        raise IndexMissingError(folder, "damaged index (chunk, vector and FAISS counts differ)", _rebuild_hint(folder))
    if len(vectors) and vectors.shape[1] != meta.get("dims"):
        raise IndexMismatchError(folder, f"vectors have {vectors.shape[1]} dims, meta says {meta.get('dims')}", _rebuild_hint(folder))
    return Index(folder, meta, chunks, vectors, dense, docs, records, units, unit_tokens, table, rv)


def save(
    folder: str | Path,
    chunks: list[Chunk],
    vectors: np.ndarray,
    docs: dict[str, dict],
    meta: dict,
    faiss_type: str = "auto",
    records: list[Record] | None = None,
    units: np.ndarray | None = None,
    unit_tokens: UnitTokens | None = None,
    token_table: TokenTable | None = None,
    record_vectors: rvec.RecordVectors | None = None,
) -> Path:
    """Write a new version and make it current atomically. Returns the version folder.

    ``unit_tokens`` (one row per window) and ``token_table`` go together: with them the
    index supports token matching (``index.tokens``). ``record_vectors``: one row per record.

    A write that fails (disk full, permissions) raises a :class:`PuenteError` and
    leaves the previous version active.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    units = whole_chunk_windows(chunks) if units is None else np.asarray(units, dtype=np.int64).reshape(-1, 3)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(units), -1 if len(units) else meta.get("dims", 384))
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    if (unit_tokens is None) != (token_table is None) or (unit_tokens is not None and len(unit_tokens) != len(units)):
        raise ValueError("unit_tokens needs token_table and one row per window")
    if record_vectors is not None and len(record_vectors) != len(records or []):
        raise ValueError("record_vectors needs one row per record")
    tmp = folder / f".tmp-{stamp}"
    try:
        tmp.mkdir()
        _write_version(tmp, chunks, vectors, units, docs, meta, faiss_type, records, unit_tokens, token_table,
                       record_vectors=record_vectors)
    except (OSError, RuntimeError) as exc:  # disk full, permissions (faiss raises RuntimeError)
        shutil.rmtree(tmp, ignore_errors=True)
        reason = getattr(exc, "strerror", None) or " ".join(str(exc).split())[:200]
        raise PuenteError(folder, f"could not write the index ({reason}); the previous index is unchanged",
                          "free disk space or fix permissions, then run the command again") from exc
    try:  # a version becomes current only once it reads back whole
        load_version(folder, tmp)
    except PuenteError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise PuenteError(folder, f"the new index did not read back ({exc.reason}); the previous index is unchanged",
                          "report this with the document that was being added") from exc
    pause_point("tmp-written")
    version = folder / f"v-{stamp}"
    os.replace(tmp, version)
    pause_point("version-renamed")
    pointer_tmp = folder / f".CURRENT-{stamp}"
    pointer_tmp.write_text(version.name)
    _fsync(pointer_tmp)
    pause_point("pointer-written")
    previous = current_version(folder)
    os.replace(pointer_tmp, folder / "CURRENT")
    _fsync(folder)
    pause_point("swapped")
    cleanup(folder, keep={version.name, previous.name if previous else ""})
    return version


# Window vectors on disk: float16 halves the file and the page cache it takes (at 100k chunks,
# 318k windows: 233 MB instead of 466 MB); the cosines it gives differ from float32 by < 1e-3
# and dev retrieval is unchanged (docs/benchmarks.md, "Memory at scale").
VECTOR_DTYPE = np.float16


def _write_version(tmp: Path, chunks: list[Chunk], vectors: np.ndarray, units: np.ndarray, docs: dict,
                   meta: dict, faiss_type: str, records: list[Record] | None,
                   unit_tokens: UnitTokens | None = None, token_table: TokenTable | None = None,
                   faiss: bool = True, record_vectors: rvec.RecordVectors | None = None) -> None:
    """Write every file of one version into the (new, empty) folder ``tmp`` and fsync them;
    without ``faiss``, no ``index.faiss`` or ``vectors.npy`` (``store.milvus`` keeps the
    vectors in Milvus). The vectors are stored as ``VECTOR_DTYPE`` and FAISS is built from
    those same rounded values, so a rebuild from the folder gives the same index."""
    vectors = np.asarray(vectors).astype(VECTOR_DTYPE)
    dense = FaissBackend.build(vectors.astype(np.float32), faiss_type) if faiss else None
    full_meta = dict(meta)
    full_meta.update(
        format_version=FORMAT_VERSION,
        pipeline_version=PIPELINE_VERSION,
        dims=int(vectors.shape[1]) if vectors.ndim == 2 and vectors.shape[1] else int(meta.get("dims", 384)),
        n_chunks=len(chunks),
        n_units=len(units),
        n_docs=len(docs),
        faiss_type=dense.kind if dense is not None else faiss_type,
        tokens=unit_tokens is not None,
        record_vectors=record_vectors is not None,
        created_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    )
    with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
        write_jsonl(fh, (c.to_dict() for c in chunks))
    with open(tmp / "records.jsonl", "w", encoding="utf-8") as fh:
        write_jsonl(fh, (r.to_dict() for r in records or []))
    (tmp / "docs.json").write_text(docs_json(docs), encoding="utf-8")
    if dense is not None:
        np.save(tmp / "vectors.npy", vectors, allow_pickle=False)
    np.save(tmp / "units.npy", units, allow_pickle=False)
    if unit_tokens is not None:
        arrays = (unit_tokens.ids.astype(np.int32), unit_tokens.offsets.astype(np.int64), token_table.ids.astype(np.int32),
                  token_table.sums.astype(np.float32), token_table.counts.astype(np.int64))
        for name, arr in zip(TOKEN_FILES, arrays):
            np.save(tmp / name, arr, allow_pickle=False)
    if record_vectors is not None:
        rvec.write(tmp, record_vectors, len(records or []))
    if dense is not None:
        dense.write(tmp / "index.faiss")
    (tmp / "meta.json").write_text(json.dumps(full_meta, indent=1), encoding="utf-8")
    for f in tmp.iterdir():
        _fsync(f)
    _fsync(tmp)


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # best effort: some file systems cannot fsync a folder
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def cleanup(folder: str | Path, keep: set[str] | None = None) -> list[str]:
    """Remove leftovers of interrupted writes and the versions not in ``keep`` besides the
    active one. Called with no ``keep``, only the leftovers go: every complete version stays
    until a newer one has been verified and switched to (``save`` keeps it and the previous)."""
    folder = Path(folder)
    if not folder.exists():
        return []
    active = current_version(folder)
    keep_versions = keep is not None
    keep = set(keep or set())
    if active is not None:
        keep.add(active.name)
    removed = []
    for entry in folder.iterdir():
        if entry.name == "CURRENT" or entry.name == "lock" or entry.name in keep:
            continue
        if entry.name.startswith((".tmp-", ".CURRENT-")) or (keep_versions and entry.name.startswith("v-")):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry.name)
    return removed
