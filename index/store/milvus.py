"""The index in Milvus: the same versions as the index folder (``store/versions.py``), with the
window vectors in the ``NAME_windows`` collection and every other file of a version
(chunks, records and their vectors, docs, units, window tokens, meta) in ``NAME_files``, so every process
that reaches the server can serve the index.

A version's windows are keyed by document generation (``dockey``: name, content hash,
ingest time, model, pipeline, chunker), so an update inserts only the windows of the
documents it (re-)embedded. A write inserts those windows, uploads the version's files,
reads the version back, and only then points ``CURRENT`` at it; the previous version and
its windows stay until the next write. A write that fails at any point leaves ``CURRENT``
and everything it names as they were; searches filter on the loaded version's dockeys,
so half-written windows are never seen. The functions mirror ``store/versions.py``'s, which
dispatches here for a Milvus ``--index``.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from puente.common.errors import IndexMissingError, PuenteError
from puente.common.types import DocInfo

from ..encode.windows import whole_chunk_windows
from . import versions as store
from .lock import pause_point
from .milvus_backend import GET_BATCH, MilvusBackend
from .milvus_client import (
    NAME_MAX,
    Location,
    client,
    ensure_collections,
    errors,
    get_file,
    get_value,
    literal,
    parse,
    put_file,
    set_value,
)

INSERT_BATCH = 500  # window rows per insert


def dockey(doc: str, info: DocInfo | dict, meta: dict) -> str:
    """The generation of one document's windows: another content, ingest, model, pipeline or
    chunker gives other keys (and so other window rows)."""
    info = DocInfo.of(doc, info)
    parts = [doc, info.sha256, info.ingested_at, meta.get("model_id") or "",
             str(store.PIPELINE_VERSION), json.dumps(meta.get("chunker") or {}, sort_keys=True)]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def window_ids(keys: list[str]) -> np.ndarray:
    """Milvus row id of each window: its document generation and its ordinal in the document."""
    seen: dict[str, int] = {}
    out = np.empty(len(keys), dtype=np.int64)
    for i, k in enumerate(keys):
        n = seen[k] = seen.get(k, -1) + 1
        out[i] = int.from_bytes(hashlib.blake2b(f"{k}:{n}".encode(), digest_size=8).digest(), "little", signed=True)
    return out


def _object(data: bytes) -> dict:
    """A JSON object (``meta.json``, ``docs.json``); ``ValueError`` otherwise."""
    obj = json.loads(data.decode("utf-8"))
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    return obj


def current_version(index) -> str | None:
    """Name of the active version, or ``None`` when the collections hold no index."""
    loc = parse(index)
    if not ensure_collections(loc, 0, create=False):
        return None
    return get_value(loc, "CURRENT") or None


def exists(index) -> bool:
    version = current_version(index)
    return version is not None and _manifest(parse(index), version) is not None


def outdated_sources(index) -> None:
    """A Milvus index is not rebuilt by ``puente serve``: loading an older one is refused with
    the rebuild command (``store.load_version``)."""
    return None


def _active(loc: Location) -> str:
    version = current_version(loc.text)
    if version is None:
        raise IndexMissingError(loc, "no index here", f"run `puente ingest --index {loc} corpus/` to build one")
    return version


def _manifest(loc: Location, version: str) -> dict | None:
    raw = get_value(loc, f"{version}/MANIFEST")
    return json.loads(raw) if raw else None


def _read(loc: Location, version: str, name: str) -> bytes:
    manifest = _manifest(loc, version)
    try:
        return get_file(loc, f"{version}/{name}", manifest["files"][name])
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexMissingError(loc, f"damaged index ({version}/{name} is missing)", store._rebuild_hint(loc)) from exc


def read_docs(index) -> dict[str, dict]:
    """``docs.json`` of the active version (a quick check of names before a model loads)."""
    loc = parse(index)
    version = _active(loc)
    try:
        return _object(_read(loc, version, "docs.json"))
    except ValueError as exc:
        raise IndexMissingError(loc, f"damaged index ({version}/docs.json unreadable)", store._rebuild_hint(loc)) from exc


def read_meta(index) -> dict:
    try:
        loc = parse(index)
        return _object(_read(loc, _active(loc), "meta.json"))
    except (PuenteError, ValueError):
        return {}


def load(index, model_id: str | None = None, mmap: bool = True) -> store.Index:
    """Load the active version: its files, and its vectors from the windows collection."""
    loc = parse(index)
    return _load_version(loc, _active(loc), model_id)


def _load_version(loc: Location, version: str, model_id: str | None = None) -> store.Index:
    manifest = _manifest(loc, version)
    if not manifest:
        raise IndexMissingError(loc, f"damaged index (CURRENT names {version}, which is missing)", store._rebuild_hint(loc))
    with tempfile.TemporaryDirectory(prefix="puente-milvus-") as tmp:
        folder = Path(tmp) / version
        folder.mkdir()
        for name in manifest["files"]:
            (folder / name).write_bytes(_read(loc, version, name))
        try:
            meta = _object((folder / "meta.json").read_bytes())
            docs = _object((folder / "docs.json").read_bytes())
            ids = np.load(folder / "ids.npy", allow_pickle=False).astype(np.int64)
            vectors = MilvusBackend.fetch_vectors(loc, ids, int(meta.get("dims") or 0))
        except (OSError, ValueError, KeyError) as exc:
            raise IndexMissingError(loc, f"damaged index ({version}: {' '.join(str(exc).split())[:120]})",
                                    store._rebuild_hint(loc)) from exc
        np.save(folder / "vectors.npy", vectors, allow_pickle=False)
        keys = [dockey(d, info, meta) for d, info in docs.items()]
        return store.load_version(loc, folder, model_id, mmap=False,
                                  dense=lambda vecs: MilvusBackend(loc, ids, keys, vecs))


def save(index, chunks, vectors, docs: dict, meta: dict, faiss_type: str = "auto", records=None, units=None,
         unit_tokens=None, token_table=None, record_vectors=None) -> str:
    """Write a new version and make it current once it reads back whole (see the module
    docstring). Returns the version name. A failure raises a :class:`PuenteError` and
    leaves the previous version active."""
    loc = parse(index)
    units = whole_chunk_windows(chunks) if units is None else np.asarray(units, dtype=np.int64).reshape(-1, 3)
    dims = int(meta.get("dims", 384))
    vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(units), -1) if len(units) else np.zeros((0, dims), np.float32)
    if (unit_tokens is None) != (token_table is None) or (unit_tokens is not None and len(unit_tokens) != len(units)):
        raise ValueError("unit_tokens needs token_table and one row per window")
    if record_vectors is not None and len(record_vectors) != len(records or []):
        raise ValueError("record_vectors needs one row per record")
    long = [d for d in docs if len(d) > NAME_MAX]
    if long:
        raise PuenteError(long[0][:80], f"document name longer than {NAME_MAX} characters", "rename the file")
    ensure_collections(loc, dims, create=True)
    version = "v-" + time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    full = dict(meta, dims=dims)
    key_of = {d: dockey(d, info, full) for d, info in docs.items()}
    win_doc = [chunks[int(r)].doc for r in units[:, 0]]
    win_key = [key_of[d] for d in win_doc]
    ids = window_ids(win_key)
    with tempfile.TemporaryDirectory(prefix="puente-milvus-") as tmp:
        folder = Path(tmp) / version
        try:
            folder.mkdir()
            store._write_version(folder, chunks, vectors, units, docs, full, "milvus", records, unit_tokens,
                                 token_table, faiss=False, record_vectors=record_vectors)
            np.save(folder / "ids.npy", ids, allow_pickle=False)
        except OSError as exc:
            raise PuenteError(loc, f"could not write the index ({exc.strerror or exc}); the previous index is unchanged",
                              "free disk space in the temporary folder, then run the command again") from exc
        langs = [chunks[int(r)].lang or "und" for r in units[:, 0]]
        _insert_windows(loc, ids, vectors, win_key, win_doc, langs)
        files = {f.name: put_file(loc, f"{version}/{f.name}", f.read_bytes()) for f in sorted(folder.iterdir())}
    set_value(loc, f"{version}/MANIFEST", json.dumps({"files": files}))
    pause_point("tmp-written")
    try:  # a version becomes current only once it reads back whole
        _load_version(loc, version)
    except PuenteError as exc:
        raise PuenteError(loc, f"the new index did not read back ({exc.reason}); the previous index is unchanged",
                          "check the Milvus server, then run the command again") from exc
    previous = get_value(loc, "CURRENT") or ""
    set_value(loc, "PREVIOUS", previous)
    set_value(loc, "CURRENT", version)
    pause_point("swapped")
    cleanup(index, keep={version, previous})
    return version


def _insert_windows(loc: Location, ids: np.ndarray, vectors: np.ndarray, keys: list[str], docs: list[str],
                    langs: list[str]) -> None:
    """Insert the windows Milvus does not hold yet (kept documents' windows are there)."""
    c = client(loc)
    have: set[int] = set()
    with errors(loc, "writing windows"):
        for s in range(0, len(ids), GET_BATCH):
            have.update(int(r["id"]) for r in c.get(loc.windows, ids=[int(i) for i in ids[s: s + GET_BATCH]],
                                                      output_fields=["id"]))
        todo = [i for i in range(len(ids)) if int(ids[i]) not in have]
        for s in range(0, len(todo), INSERT_BATCH):
            rows = [{"id": int(ids[i]), "vector": vectors[i].tolist(), "dockey": keys[i], "doc": docs[i], "lang": langs[i]}
                    for i in todo[s: s + INSERT_BATCH]]
            c.insert(loc.windows, rows)
            pause_point("windows-inserted")


def cleanup(index, keep: set[str] | None = None) -> list[str]:
    """Drop the files of versions other than ``keep``, ``CURRENT`` and ``PREVIOUS`` (left by
    failed writes or superseded), and the windows no kept version uses."""
    loc = parse(index)
    if not ensure_collections(loc, 0, create=False):
        return []
    keep = {v for v in (set(keep or ()) | {get_value(loc, "CURRENT"), get_value(loc, "PREVIOUS")}) if v}
    c = client(loc)
    with errors(loc, "cleaning up"):
        keys = [r["key"] for r in c.query(loc.files, filter='key like "v-%"', output_fields=["key"], limit=16_384)]
    gone = [k for k in keys if k.split("/", 1)[0] not in keep]
    live: list[str] = []
    for version in keep:
        try:
            meta = _object(_read(loc, version, "meta.json"))
            docs = _object(_read(loc, version, "docs.json"))
        except (PuenteError, ValueError):
            continue
        live += [dockey(d, info, meta) for d, info in docs.items()]
    with errors(loc, "cleaning up"):
        for s in range(0, len(gone), 256):
            c.delete(loc.files, ids=gone[s: s + 256])
        c.delete(loc.windows, filter=f"dockey not in {literal(sorted(set(live)))}")
    return sorted({k.split("/", 1)[0] for k in gone})
