"""Where a Milvus index lives and how we talk to it: the ``--index`` URI, one client per
process, the two collections (windows and files), and Milvus errors as one-line
:class:`PuenteError` messages.

``--index`` / ``PUENTE_INDEX`` picks the store: a folder is the FAISS index folder;
``milvus://PATH.db`` (or a bare ``PATH.db``) is an embedded Milvus Lite file (one process
at a time); ``http(s)://HOST:PORT`` is a Milvus server or cluster, with the token from
``PUENTE_MILVUS_TOKEN``. ``?collection=NAME`` picks the collections' name prefix (default
``PUENTE_MILVUS_COLLECTION``).

Collections (``NAME_windows``, ``NAME_files``)::

    NAME_windows   id (int64, from the document's content hash and the window's ordinal),
                   vector (float, dims), dockey (document + content hash + model), doc, lang
    NAME_files     key "<version>/<file>/<part>" → compressed text of the version's files
                   (chunks.jsonl, docs.json, units.npy ...); key "CURRENT" → active version

Reads say how fresh they must be (``read=``): ``STRONG`` waits for everything written before
the call (on a real server that is a wait for the next time tick, 200-300 ms a call), used
only to learn which version is current; a version's files and windows are read ``at(ts)``,
the server timestamp of that version's last write, which returns at once for anything but a
version written a moment ago and never misses a row of it.
"""
from __future__ import annotations

import base64
import json
import logging
import os
import re
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from puente.common.errors import IndexMismatchError, IndexMissingError, LockedError, PuenteError, SettingError

PART_CHARS = 60_000  # characters of base64 per files row (a VARCHAR holds at most 65,535)
NAME_MAX = 512  # longest document name a window row holds
FILE_DIMS = 2  # Milvus wants a vector field in every collection: the files rows carry a zero one
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,200}$")


@dataclass(frozen=True)
class Location:
    """A parsed Milvus ``--index`` value."""

    text: str  # as the user wrote it (named in every message)
    uri: str  # what MilvusClient takes: a local .db path or http(s)://host:port
    lite: bool
    prefix: str  # collection name prefix

    @property
    def windows(self) -> str:
        return f"{self.prefix}_windows"

    @property
    def files(self) -> str:
        return f"{self.prefix}_files"

    @property
    def lock_folder(self) -> Path:
        """Where the single-writer lock file lives: inside the Lite data folder; for a server,
        a folder per server and collection under ``~/.cache/puente/locks`` (one writer per
        machine: ingest into a shared server from one place)."""
        if self.lite:
            return Path(self.uri)
        host = re.sub(r"[^A-Za-z0-9.]+", "_", self.uri.split("://", 1)[1])
        return Path.home() / ".cache" / "puente" / "locks" / f"{host}_{self.prefix}"

    def __str__(self) -> str:
        return self.text


def is_milvus(index: object) -> bool:
    """Does ``--index`` name a Milvus store (a URI or a ``.db`` file) rather than a folder?"""
    s = str(index)
    return "://" in s or s.split("?", 1)[0].endswith(".db") or bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:/[^/]", s))


def parse(index: object) -> Location:
    """The :class:`Location` of a Milvus ``--index`` value; one-line error when malformed."""
    from puente.common.settings import Settings

    text = str(index)
    fix = "use milvus://PATH.db, PATH.db or http(s)://HOST:PORT (optionally ?collection=NAME)"
    body, _, query = text.partition("?")
    params = parse_qs(query, keep_blank_values=True)
    if set(params) - {"collection"} or len(params.get("collection", [])) > 1:
        raise SettingError(text, f"unknown URI options {sorted(params)}", fix)
    prefix = params.get("collection", [Settings.from_env().milvus_collection])[0]
    if not _NAME.match(prefix):
        raise SettingError(text, f"collection name {prefix!r} is not letters, digits and _", fix)
    if "://" not in body and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:/", body):  # a URI whose // a Path() ate
        raise SettingError(text, "a URI needs two slashes after its scheme", fix)
    scheme = body.split("://", 1)[0].lower() if "://" in body else ""
    if scheme in ("", "milvus"):
        path = body.split("://", 1)[1] if scheme else body
        if not path.endswith(".db") or path == ".db":
            raise SettingError(text, "a Milvus Lite index is a file name ending in .db", fix)
        return Location(text, str(Path(path).expanduser().resolve()), True, prefix)
    if scheme in ("http", "https"):
        parts = urlsplit(body)
        try:
            port = parts.port or 19530
        except ValueError:
            port = None
        if not parts.hostname or port is None or parts.path not in ("", "/"):
            raise SettingError(text, "not a Milvus server address", fix)
        return Location(text, f"{scheme}://{parts.hostname}:{port}", False, prefix)
    raise SettingError(text, f"unknown index URI scheme {scheme or body.split(':', 1)[0]!r}", fix)


def literal(value) -> str:
    """A string or list of strings as a Milvus filter literal (quotes and backslashes escaped;
    Milvus Lite takes no ``filter_params`` templates)."""
    return json.dumps(value, ensure_ascii=False)


@contextmanager
def errors(loc: Location, doing: str = "reading"):
    """Milvus and connection failures while ``doing`` as one-line :class:`PuenteError`\\ s."""
    try:
        yield
    except PuenteError:
        raise
    except Exception as exc:  # noqa: BLE001 - pymilvus, grpc and milvus-lite each raise their own
        chain, e = [], exc
        while e is not None and len(chain) < 8:
            chain.append(e)
            e = e.__cause__ or e.__context__
        text = " ".join(f"{type(e).__name__}: {getattr(e, 'message', '') or e}" for e in chain)
        if "Locked" in text or "holds the lock" in text or (loc.lite and _held(Path(loc.uri) / "LOCK")):
            raise LockedError(loc, "another process has this Milvus Lite file open (one process per .db file)",
                              "stop it, or serve the file with `milvus-lite server --data-dir DIR` and use "
                              "--index http://127.0.0.1:PORT") from exc
        if not any(isinstance(e, (OSError, RuntimeError, ValueError)) or "Milvus" in type(e).__name__
                   or "Rpc" in type(e).__name__ or type(e).__module__.startswith(("pymilvus", "grpc", "milvus_lite"))
                   for e in chain):
            raise
        msg = " ".join(str(getattr(exc, "message", "") or exc).split())[:160]
        if any(w in text.lower() for w in ("connect", "unavailable", "open local milvus", "deadline")):
            raise IndexMissingError(loc, f"cannot reach Milvus while {doing} ({msg})",
                                    "start the server or check the address, port and PUENTE_MILVUS_TOKEN") from exc
        raise IndexMissingError(loc, f"Milvus failed while {doing} ({type(exc).__name__}: {msg}); an index it "
                                "held is unchanged", "check the server and run the command again") from exc


def _held(lock: Path) -> bool:
    """Does another process hold Milvus Lite's ``flock`` on ``DATA_DIR/LOCK`` (it opens a
    file for one process only; pymilvus reports that as "Open local milvus failed")?"""
    import fcntl

    try:
        with open(lock, "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


_OPEN: dict = {}  # (uri, token) → this process's MilvusClient
# pymilvus pings every 10 s even on an idle connection; a gRPC server's default policy counts pings
# without calls as abuse and closes the connection ("Too many pings", seen on a Milvus Lite server
# under load): ping only while a call is in flight, once a minute.
GRPC_OPTIONS = {"grpc.keepalive_permit_without_calls": False, "grpc.keepalive_time_ms": 60000}


def client(loc: Location):
    """This process's client for ``loc`` (one per URI: Milvus Lite allows one process per file)."""
    from puente.common.settings import Settings

    key = (loc.uri, "" if loc.lite else Settings.from_env().milvus_token)
    if key not in _OPEN:
        with errors(loc, "connecting"):
            os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # keepalive notices; failures come back as errors
            logging.getLogger("pymilvus").setLevel(logging.CRITICAL)  # each failed call logs a traceback
            from pymilvus import MilvusClient

            if loc.lite:
                Path(loc.uri).parent.mkdir(parents=True, exist_ok=True)
            _OPEN[key] = MilvusClient(loc.uri, token=key[1], timeout=10, grpc_options=GRPC_OPTIONS)
    return _OPEN[key]


def close_all() -> None:
    """Close every client this process opened (then a Lite file is free for another process)."""
    _READY.clear()
    while _OPEN:
        _, c = _OPEN.popitem()
        try:
            c.close()
        except Exception:  # noqa: BLE001 - closing a client whose server has gone
            pass


_READY: set = set()  # (uri, prefix) whose collections were checked and loaded by this process
WINDOW_FIELDS = {"id": 5, "vector": 101, "dockey": 21, "doc": 21, "lang": 21}  # name → pymilvus DataType value
FILE_FIELDS = {"key": 21, "data": 21, "v": 101}


def ensure_collections(loc: Location, dims: int, create: bool) -> bool:
    """Check (and with ``create``, make) the two collections. ``False`` when they do not
    exist and were not made; one-line error when a collection of that name is not ours or
    holds vectors of another width."""
    from pymilvus import DataType, MilvusClient

    if (loc.uri, loc.prefix) in _READY and not dims:  # checked and loaded already (questions ask every time)
        return True
    c = client(loc)
    with errors(loc, "opening the collections"):
        have = set(c.list_collections())
        for name, want in ((loc.windows, WINDOW_FIELDS), (loc.files, FILE_FIELDS)):
            if name not in have:
                continue
            fields = {f["name"]: f for f in c.describe_collection(name)["fields"]}
            got = {n: int(getattr(f["type"], "value", f["type"])) for n, f in fields.items()}
            if got != want:
                raise IndexMismatchError(loc, f"collection {name} is not a Puente index (fields {sorted(got)})",
                                         "pass another collection with ?collection=NAME or drop that one")
            if name == loc.windows and dims and int(fields["vector"]["params"].get("dim", 0)) != dims:
                raise IndexMismatchError(loc, f"collection {name} holds {fields['vector']['params'].get('dim')}-d "
                                         f"vectors, the model makes {dims}-d", f"run `puente ingest --rebuild --index "
                                         f"{loc} PATH...` with ?collection=NEW, or drop {name}")
        if {loc.windows, loc.files} <= have or not create:
            for name in {loc.windows, loc.files} & have:  # a reopened Lite file has them released
                if "Loaded" not in str(c.get_load_state(name).get("state")):
                    c.load_collection(name)
            if {loc.windows, loc.files} <= have:
                _READY.add((loc.uri, loc.prefix))
            return {loc.windows, loc.files} <= have
        if loc.windows not in have and dims:  # without dims (the writer lease), the files collection only
            s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            s.add_field("id", DataType.INT64, is_primary=True)
            s.add_field("vector", DataType.FLOAT_VECTOR, dim=dims)
            s.add_field("dockey", DataType.VARCHAR, max_length=64)
            s.add_field("doc", DataType.VARCHAR, max_length=NAME_MAX * 4)
            s.add_field("lang", DataType.VARCHAR, max_length=16)
            ip = c.prepare_index_params()
            kind = index_type()
            ip.add_index(field_name="vector", index_type=kind, metric_type="IP", params=BUILD[kind])
            _create(c, loc.windows, s, ip)
        if loc.files not in have:
            s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            s.add_field("key", DataType.VARCHAR, is_primary=True, max_length=512)
            s.add_field("data", DataType.VARCHAR, max_length=65_535)
            s.add_field("v", DataType.FLOAT_VECTOR, dim=FILE_DIMS)
            ip = c.prepare_index_params()
            ip.add_index(field_name="v", index_type="FLAT", metric_type="L2")
            _create(c, loc.files, s, ip)
    return bool(dims) or loc.windows in have


BUILD = {"HNSW": {"M": 32, "efConstruction": 80}, "IVF_SQ8": {"nlist": 1024}, "DISKANN": {}}  # index build parameters


def index_type() -> str:
    """``PUENTE_MILVUS_INDEX``, checked: one of ``BUILD``."""
    from puente.common.settings import Settings

    kind = Settings.from_env().milvus_index.strip().upper()
    if kind not in BUILD:
        raise SettingError("PUENTE_MILVUS_INDEX", f"{kind!r} is not a vector index Puente creates",
                           f"set it to one of {', '.join(BUILD)}")
    return kind


# how Milvus Lite says that another client created the collection meanwhile: "already exists"
# when it had been made before the call, "[Errno 17] File exists: …/collections/NAME_files" when
# both calls checked before either made its folder (a server returns success for either), "no index
# on collection" when ours waited for the index the other client had not made yet
_MADE_MEANWHILE = re.compile(r"already exist|\[Errno 17\] File exists|no index on collection")


MADE_WAIT = 5.0  # seconds a collection another client is making may take to appear


def _create(c, name: str, schema, index_params) -> None:
    """Create a collection; one that another process created meanwhile (two first writers at
    once) is fine once it is there: the writer lease decides between them. A folder left
    without its collection is still an error."""
    try:
        c.create_collection(name, schema=schema, index_params=index_params, consistency_level="Strong")
    except Exception as exc:  # noqa: BLE001 - each server's words for it
        # the other client makes the collection, then its index
        if not _MADE_MEANWHILE.search(str(exc)) or not _soon(lambda: c.has_collection(name)) \
                or not _soon(lambda: c.list_indexes(name)):
            raise
        c.load_collection(name)


def _soon(check, wait: float | None = None) -> bool:
    """Whether ``check()`` holds, or does within ``wait`` seconds (``MADE_WAIT``), asked every 0.1 s."""
    deadline = time.monotonic() + (MADE_WAIT if wait is None else wait)
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def put_file(loc: Location, key: str, data: bytes) -> int:
    """Store ``data`` under ``key`` (compressed, base64, in parts). Returns the number of parts."""
    text = base64.b64encode(zlib.compress(data, 6)).decode("ascii")
    parts = [text[i: i + PART_CHARS] for i in range(0, len(text), PART_CHARS)] or [""]
    rows = [{"key": f"{key}/{i:06d}", "data": p, "v": [0.0] * FILE_DIMS} for i, p in enumerate(parts)]
    with errors(loc, "writing"):
        for i in range(0, len(rows), 64):
            client(loc).upsert(loc.files, rows[i: i + 64])
    return len(parts)


def get_file(loc: Location, key: str, parts: int | None, read: dict | None = None) -> bytes:
    """What :func:`put_file` stored under ``key`` in ``parts`` parts (``None``: as many as there
    are, for a version without its manifest); ``KeyError`` if a part is gone."""
    if parts is None:
        with errors(loc, "reading"):
            parts = len(client(loc).query(loc.files, filter=f"key like {literal(key + '/%')}", output_fields=["key"],
                                          limit=PAGE, **(read or STRONG)))
        if not parts:
            raise KeyError(key)
    keys = [f"{key}/{i:06d}" for i in range(parts)]
    got: dict[str, str] = {}
    with errors(loc, "reading"):
        for i in range(0, len(keys), 64):
            for row in client(loc).get(loc.files, ids=keys[i: i + 64], output_fields=["key", "data"], **(read or STRONG)):
                got[row["key"]] = row["data"]
    missing = [k for k in keys if k not in got]
    if missing:
        raise KeyError(missing[0])
    return zlib.decompress(base64.b64decode("".join(got[k] for k in keys)))


def get_value(loc: Location, key: str, read: dict | None = None) -> str | None:
    """A small value row (``CURRENT``), or ``None``; read ``STRONG`` unless told."""
    with errors(loc, "reading"):
        rows = client(loc).get(loc.files, ids=[key], output_fields=["data"], **(read or STRONG))
    return rows[0]["data"] if rows else None


def set_value(loc: Location, key: str, value: str) -> None:
    with errors(loc, "writing"):
        client(loc).upsert(loc.files, [{"key": key, "data": value, "v": [0.0] * FILE_DIMS}])


STRONG = {"consistency_level": "Strong"}


def at(ts: int) -> dict:
    """Read options that see every write up to server timestamp ``ts`` (``STRONG`` when it is
    unknown: Milvus Lite returns none, and an index written before timestamps were kept)."""
    return {"consistency_level": "Customized", "guarantee_timestamp": int(ts)} if ts else STRONG


def last_write(loc: Location) -> int:
    """Server timestamp of this process's last write to ``loc``'s collections (0 when unknown).
    pymilvus keeps it per collection for Session consistency."""
    try:
        from pymilvus.client.ts_utils import get_collection_ts

        endpoint = client(loc)._get_connection().server_address
        return max(int(get_collection_ts(name, endpoint, "") or 0) for name in (loc.windows, loc.files))
    except Exception:  # noqa: BLE001 - another pymilvus layout: fall back to Strong reads
        return 0


PAGE = 16_384  # rows per query: Milvus refuses a larger limit


def delete_where(loc: Location, collection: str, expr: str, key: str) -> int:
    """Delete every row of ``collection`` matching ``expr``, a page of ``PAGE`` keys at a time
    (a query returns at most that many): query, delete, query again until none is left."""
    c = client(loc)
    done = 0
    with errors(loc, "cleaning up"):
        while True:
            keys = [r[key] for r in c.query(collection, filter=expr, output_fields=[key], limit=PAGE, **STRONG)]
            for s in range(0, len(keys), 1_000):
                c.delete(collection, ids=keys[s: s + 1_000])
            done += len(keys)
            if len(keys) < PAGE:
                return done
