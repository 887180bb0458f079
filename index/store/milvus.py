"""The index in Milvus: the same versions as the index folder (``store/versions.py``), with the
window vectors in the ``NAME_windows`` collection and every other file of a version
(chunks, records and their vectors, docs, units, window tokens, meta) in ``NAME_files``, so every process
that reaches the server can serve the index.

A version's windows are keyed by document generation (``dockey``: name, content hash,
ingest time, model, pipeline, chunker), so an update inserts only the windows of the
documents it (re-)embedded. A write (holding the index's writer lease, ``milvus_lease``)
uploads the version's ``meta.json`` and ``docs.json`` first (they name its documents, so a
cleanup never takes its windows), inserts those windows, uploads the other files, reads the
version back, and only then points ``CURRENT`` at it: ``{"version": NAME, "ts": T}``, T the
server timestamp of its last write. Readers read ``CURRENT`` strongly (the one read that must
see the latest write) and everything of that version ``at(T)``: at once, and never missing a
row of it. A write that fails at any point leaves ``CURRENT`` and everything it names as they
were; searches keep only the loaded version's windows (``milvus_backend``), so rows of other
versions are never returned. The functions mirror ``store/versions.py``'s, which dispatches here for a
Milvus ``--index``.
"""
from __future__ import annotations

import calendar
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
from . import milvus_lease
from . import versions as store
from .lock import pause_point
from .milvus_backend import GET_BATCH, MilvusBackend
from .milvus_client import (
    NAME_MAX,
    PAGE,
    STRONG,
    Location,
    at,
    client,
    delete_where,
    ensure_collections,
    errors,
    get_file,
    get_value,
    last_write,
    literal,
    parse,
    put_file,
    set_value,
)
from .milvus_vectors import MilvusVectors

INSERT_BATCH = 500  # window rows per insert
FIRST = ("meta.json", "docs.json")  # uploaded before the windows: they name the version's documents


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


def _pointer(loc: Location, key: str = "CURRENT") -> tuple[str | None, int]:
    """The version ``CURRENT`` (or ``PREVIOUS``) names and the server timestamp to read it at,
    read strongly; ``(None, 0)`` when there is none. A bare name (an index written before the
    timestamp was kept) reads at 0: strongly."""
    raw = get_value(loc, key, STRONG) or ""
    if raw.startswith("{"):
        try:
            obj = json.loads(raw)
            return (str(obj["version"]) or None), int(obj.get("ts") or 0)
        except (ValueError, KeyError, TypeError):
            return raw, 0
    return (raw or None), 0


class View:
    """What one command reads of a Milvus index: ``CURRENT`` read strongly once, the first time
    it is needed, and every later read of that command at its timestamp (issue 24: a cold
    ``puente search`` read it three times, 200-300 ms each on a server: the docs check, the
    engine's version check, the load); the version's manifest and ``docs.json``/``meta.json``
    once each. ``pointer(fresh=True)`` reads ``CURRENT`` again (a serving engine looking for a
    newer version). A :class:`~.stores.MilvusStore` keeps one and drops it after its own write
    or cleanup; the module functions below read through a new one each call, and a write reads
    ``CURRENT`` afresh under its lease (``_save``, ``cleanup``)."""

    def __init__(self, index):
        self.loc = parse(index)
        self._pointer: tuple[str | None, int] | None = None
        self._manifest: dict | None = None
        self._small: dict[str, bytes] = {}  # FIRST files of the pinned version

    def pointer(self, fresh: bool = False) -> tuple[str | None, int]:
        """``(version, ts)`` of ``CURRENT`` (``(None, 0)`` without an index), read strongly the
        first time and with ``fresh``."""
        if fresh or self._pointer is None:
            found = _pointer(self.loc) if ensure_collections(self.loc, 0, create=False) else (None, 0)
            if found != self._pointer:
                self._manifest, self._small = None, {}
            self._pointer = found
        return self._pointer

    def active(self) -> tuple[str, int]:
        version, ts = self.pointer()
        if version is None:
            raise IndexMissingError(self.loc, "no index here", f"run `puente ingest --index {self.loc} corpus/` to build one")
        return version, ts

    def manifest(self) -> dict | None:
        version, ts = self.active()
        if self._manifest is None:
            self._manifest = _manifest(self.loc, version, at(ts))
        return self._manifest

    def read(self, name: str) -> bytes:
        """A file of the pinned version (``meta.json`` and ``docs.json`` are kept once read)."""
        version, ts = self.active()
        if name not in self._small:
            data = _read(self.loc, version, name, at(ts), self.manifest())
            if name not in FIRST:
                return data
            self._small[name] = data
        return self._small[name]

    def exists(self) -> bool:
        return self.pointer()[0] is not None and self.manifest() is not None

    def read_docs(self) -> dict[str, dict]:
        """``docs.json`` of the active version (a quick check of names before a model loads)."""
        try:
            return _object(self.read("docs.json"))
        except ValueError as exc:
            raise IndexMissingError(self.loc, f"damaged index ({self.active()[0]}/docs.json unreadable)",
                                    store._rebuild_hint(self.loc)) from exc

    def read_meta(self) -> dict:
        try:
            return _object(self.read("meta.json"))
        except (PuenteError, ValueError):
            return {}

    def load(self, model_id: str | None = None) -> store.Index:
        version, ts = self.active()
        return _load_version(self.loc, version, ts, model_id, files=self)


def current_version(index) -> str | None:
    """Name of the active version, or ``None`` when the collections hold no index."""
    return View(index).pointer()[0]


def exists(index) -> bool:
    return View(index).exists()


def outdated_sources(index) -> None:
    """A Milvus index is not rebuilt by ``puente serve``: loading an older one is refused with
    the rebuild command (``store.load_version``)."""
    return None


def _manifest(loc: Location, version: str, read: dict) -> dict | None:
    raw = get_value(loc, f"{version}/MANIFEST", read)
    return json.loads(raw) if raw else None


def _read(loc: Location, version: str, name: str, read: dict, manifest: dict | None = None) -> bytes:
    manifest = manifest or _manifest(loc, version, read)
    try:
        return get_file(loc, f"{version}/{name}", manifest["files"][name], read)
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexMissingError(loc, f"damaged index ({version}/{name} is missing)", store._rebuild_hint(loc)) from exc


def read_docs(index) -> dict[str, dict]:
    return View(index).read_docs()


def read_meta(index) -> dict:
    try:
        return View(index).read_meta()
    except PuenteError:
        return {}


def load(index, model_id: str | None = None, mmap: bool = True) -> store.Index:
    """Load the active version: its files, and its vectors from the windows collection."""
    return View(index).load(model_id)


def _load_version(loc: Location, version: str, ts: int, model_id: str | None = None, verify: bool = False,
                  files: View | None = None) -> store.Index:
    """One version, its window vectors left in Milvus (``MilvusVectors`` reads rows when they
    are needed); ``verify``: read every vector once to check it is there (a write's read-back);
    ``files``: the command's :class:`View` of it (files it read already are not read again)."""
    read = at(ts)
    manifest = files.manifest() if files else _manifest(loc, version, read)
    if not manifest:
        raise IndexMissingError(loc, f"damaged index (CURRENT names {version}, which is missing)", store._rebuild_hint(loc))
    with tempfile.TemporaryDirectory(prefix="puente-milvus-") as tmp:
        folder = Path(tmp) / version
        folder.mkdir()
        for name in manifest["files"]:
            (folder / name).write_bytes(files.read(name) if files else _read(loc, version, name, read, manifest))
        try:
            meta = _object((folder / "meta.json").read_bytes())
            _object((folder / "docs.json").read_bytes())  # an object, or the index is damaged
            ids = np.load(folder / "ids.npy", allow_pickle=False).astype(np.int64)
            dims = int(meta.get("dims") or 0)
            if verify:
                MilvusBackend.fetch_vectors(loc, ids, dims, read)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexMissingError(loc, f"damaged index ({version}: {' '.join(str(exc).split())[:120]})",
                                    store._rebuild_hint(loc)) from exc
        # store.load_version wants a vectors.npy: a sparse file of the right shape, never read (no disk, no memory)
        np.lib.format.open_memmap(folder / "vectors.npy", mode="w+", dtype=np.float16, shape=(len(ids), dims)).flush()
        vectors = MilvusVectors(loc, ids, dims, read)
        idx = store.load_version(loc, folder, model_id, mmap=True, dense=lambda _: MilvusBackend(loc, ids, vectors, read))
        idx.vectors = vectors
        return idx


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
    with milvus_lease.writer(loc):
        ensure_collections(loc, dims, create=True)
        return _save(loc, chunks, vectors, units, docs, dict(meta, dims=dims), records, unit_tokens, token_table,
                     record_vectors)



def _save(loc: Location, chunks, vectors, units, docs, full, records, unit_tokens, token_table, record_vectors) -> str:
    version = "v-" + time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
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
        set_value(loc, f"VERSION/{version}", "")  # cleanup finds every version, finished or not, by this row
        # this write's timestamp: later than every write of the writers before this one (they released the
        # lease before this one took it), so reading at it sees all their windows without a Strong wait
        base = at(last_write(loc))
        files = {name: put_file(loc, f"{version}/{name}", (folder / name).read_bytes()) for name in FIRST}
        langs = [chunks[int(r)].lang or "und" for r in units[:, 0]]
        _insert_windows(loc, ids, vectors, win_key, win_doc, langs, base)
        files |= {f.name: put_file(loc, f"{version}/{f.name}", f.read_bytes()) for f in sorted(folder.iterdir())
                  if f.name not in FIRST}
    set_value(loc, f"{version}/MANIFEST", json.dumps({"files": files}))
    ts = last_write(loc)
    pause_point("tmp-written")
    try:  # a version becomes current only once it reads back whole
        _load_version(loc, version, ts, verify=True)
    except PuenteError as exc:
        raise PuenteError(loc, f"the new index did not read back ({exc.reason}); the previous index is unchanged",
                          "check the Milvus server, then run the command again") from exc
    milvus_lease.check(loc)
    previous = get_value(loc, "CURRENT", STRONG) or ""
    set_value(loc, "PREVIOUS", previous)
    set_value(loc, "CURRENT", json.dumps({"version": version, "ts": ts}))
    pause_point("swapped")
    cleanup(loc.text, keep={version})
    return version


def _insert_windows(loc: Location, ids: np.ndarray, vectors: np.ndarray, keys: list[str], docs: list[str],
                    langs: list[str], read: dict) -> None:
    """Insert the windows Milvus does not hold yet (kept documents' windows are there)."""
    c = client(loc)
    have: set[int] = set()
    with errors(loc, "writing windows"):
        for s in range(0, len(ids), GET_BATCH):
            have.update(int(r["id"]) for r in c.get(loc.windows, ids=[int(i) for i in ids[s: s + GET_BATCH]],
                                                      output_fields=["id"], **read))
        todo = [i for i in range(len(ids)) if int(ids[i]) not in have]
        for s in range(0, len(todo), INSERT_BATCH):
            rows = [{"id": int(ids[i]), "vector": vectors[i].tolist(), "dockey": keys[i], "doc": docs[i], "lang": langs[i]}
                    for i in todo[s: s + INSERT_BATCH]]
            c.insert(loc.windows, rows)
            pause_point("windows-inserted")


def _age(version: str) -> float:
    """Seconds since ``version`` was started, from its name (UTC stamp); 0 when unreadable."""
    try:
        return time.time() - calendar.timegm(time.strptime(version[2:17], "%Y%m%d-%H%M%S"))
    except ValueError:
        return 0.0


def _keys(loc: Location, version: str) -> set[str] | None:
    """The dockeys of ``version``'s documents (from its meta.json and docs.json, manifest or
    not), or ``None`` when they cannot be read."""
    try:
        meta, docs = (_object(get_file(loc, f"{version}/{name}", None, STRONG)) for name in FIRST)
    except (PuenteError, KeyError, ValueError, OSError):
        return None
    return {dockey(d, info, meta) for d, info in docs.items()}


def cleanup(index, keep: set[str] | None = None) -> list[str]:
    """Drop versions other than ``keep``, ``CURRENT`` and ``PREVIOUS`` (superseded, or left by
    failed writes) that are older than ``PUENTE_MILVUS_GRACE_SECONDS``, and the windows of their
    documents that no remaining version uses. Rows are found and deleted a page at a time."""
    from puente.common.settings import Settings

    loc = parse(index)
    if not ensure_collections(loc, 0, create=False):
        return []
    grace = Settings.from_env().milvus_grace_seconds
    with milvus_lease.writer(loc):
        keep = {v for v in (set(keep or ()) | {_pointer(loc)[0], _pointer(loc, "PREVIOUS")[0]}) if v}
        with errors(loc, "cleaning up"):  # every version wrote its VERSION/ row first: one row each
            rows = client(loc).query(loc.files, filter='key like "VERSION/%"', output_fields=["key"], limit=PAGE, **STRONG)
        versions = {r["key"].split("/", 1)[1] for r in rows} | keep
        gone = sorted(v for v in versions if v not in keep and _age(v) > grace)
        stay = [_keys(loc, v) for v in versions if v not in gone]
        drop = set().union(*[k or set() for k in map(lambda v: _keys(loc, v), gone)]) - set().union(*[k for k in stay if k])
        if drop and all(k is not None for k in stay):  # a version whose documents are unknown keeps every window
            keys = sorted(drop)
            for s in range(0, len(keys), 1_000):
                delete_where(loc, loc.windows, f"dockey in {literal(keys[s: s + 1_000])}", "id")
        for v in gone:
            delete_where(loc, loc.files, f"key like {literal(v + '/%')}", "key")
            client(loc).delete(loc.files, ids=[f"VERSION/{v}"])
    return gone
