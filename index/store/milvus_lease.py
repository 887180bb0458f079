"""One writer per Milvus index, enforced on the server itself: every process that writes
(``puente ingest``/``remove``, the app's upload, ``store.save``), on any machine, first takes
the index's writer lease; a second one waits for it (``PUENTE_MILVUS_WAIT_SECONDS``) and then
stops with one line naming the holder.

The lease is the collection ``NAME_writer``, created with a field named after its holder
(``o_<32 hex>``). Creating a collection is atomic on the server: a second create of that
name with another holder's field fails (Milvus standalone/cluster 2.3: "create duplicate
collection with different parameters"; Milvus Lite: "already exists"), so exactly one
process holds it. The holder renews a ``WRITER`` row in ``NAME_files`` (holder, host, pid,
until) every third of ``PUENTE_MILVUS_LEASE_SECONDS`` and drops the collection when done. A
holder that stopped renewing (killed, machine gone) is taken over once its ``until`` has
passed (or, without a row, once it has been seen for a whole lease): the taker drops the
collection, creates its own, waits ``SETTLE`` seconds and checks it is still the holder, so
two takers of one stale lease cannot both go on. Before it switches ``CURRENT`` a writer
checks that it still holds the lease (:func:`check`); a writer that lost it (paused for
longer than a lease) stops and leaves the index as the new holder made it.
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid

from puente.common.errors import IndexMismatchError, LockedError, PuenteError

from .milvus_client import Location, client, ensure_collections, errors, get_value, set_value

SETTLE = 2.0  # seconds a new holder waits before checking it still holds the lease
_HELD: dict[tuple[str, str], "Lease"] = {}  # (uri, prefix) → this process's lease
_GUARD = threading.Lock()


def _seconds(name: str) -> float:
    from puente.common.settings import Settings

    return max(1.0 if name == "milvus_lease_seconds" else 0.0, float(getattr(Settings.from_env(), name)))


class Lease:
    """The writer lease of one Milvus index (see the module docstring); re-entrant within a process."""

    def __init__(self, loc: Location):
        self.loc = loc
        self.me = uuid.uuid4().hex
        self.depth = 0
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    @property
    def name(self) -> str:
        return f"{self.loc.prefix}_writer"

    def holder(self) -> str | None:
        """The holder id in the lease collection's schema, or ``None`` when nobody holds it."""
        c = client(self.loc)
        with errors(self.loc, "reading the writer lease"):
            if not c.has_collection(self.name):
                return None
            try:
                fields = [f["name"] for f in c.describe_collection(self.name)["fields"]]
            except Exception as exc:  # noqa: BLE001 - released between the two calls: nobody holds it now
                if any(w in str(exc).lower() for w in ("not found", "can't find", "does not exist")):
                    return None
                raise
        return next((f[2:] for f in fields if f.startswith("o_")), "")

    def _create(self) -> bool:
        from pymilvus import DataType, MilvusClient

        s = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        s.add_field("id", DataType.INT64, is_primary=True)
        s.add_field("v", DataType.FLOAT_VECTOR, dim=2)
        s.add_field(f"o_{self.me}", DataType.INT64)
        try:
            client(self.loc).create_collection(self.name, schema=s)
        except Exception as exc:  # noqa: BLE001 - the server's "exists" answer, in each server's words
            if "exist" in str(exc).lower() or "duplicate" in str(exc).lower():
                return False
            with errors(self.loc, "taking the writer lease"):
                raise
        return True

    def _row(self) -> dict:
        raw = get_value(self.loc, "WRITER")
        try:
            row = json.loads(raw) if raw else {}
        except ValueError:
            row = {}
        return row if isinstance(row, dict) else {}

    def _renew(self) -> None:
        until = time.time() + _seconds("milvus_lease_seconds")
        set_value(self.loc, "WRITER", json.dumps({"holder": self.me, "host": socket.gethostname(), "pid": os.getpid(),
                                                  "until": until}))

    def acquire(self) -> None:
        ensure_collections(self.loc, 0, create=True)  # the files collection, which holds the WRITER row
        wait = _seconds("milvus_wait_seconds")
        deadline = time.monotonic() + wait
        seen: dict[str, float] = {}  # holder → when first seen without a row of its own
        took_over = False
        while True:
            if self._create():
                self._renew()
                if took_over:  # another taker of the same stale lease may have dropped ours meanwhile
                    time.sleep(SETTLE)
                if self.holder() == self.me:
                    self._start_beat()
                    return
            else:
                other = self.holder()
                if other == "":
                    raise IndexMismatchError(self.loc, f"collection {self.name} is not a Puente writer lease",
                                             "drop it, or pass another collection with ?collection=NAME")
                if other:
                    row = self._row()
                    first = seen.setdefault(other, time.time())
                    until = row.get("until", 0) if row.get("holder") == other else first + _seconds("milvus_lease_seconds")
                    if time.time() > float(until) and self.holder() == other:  # stale: take it over
                        with errors(self.loc, "taking over the writer lease"):
                            client(self.loc).drop_collection(self.name)
                        took_over = True
                        continue
                    if time.monotonic() >= deadline:
                        who = f"{row.get('host')} pid {row.get('pid')}" if row.get("holder") == other else "one just starting"
                        raise LockedError(self.loc, f"another ingest ({who}) is writing this index on the server; "
                                          f"waited {wait:.0f} s", "wait for it to finish and run the command again "
                                          "(PUENTE_MILVUS_WAIT_SECONDS waits longer)")
            time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))

    def _start_beat(self) -> None:
        period = _seconds("milvus_lease_seconds") / 3

        def beat():
            while not self._stop.wait(period):
                try:
                    if self.holder() == self.me:
                        self._renew()
                except PuenteError:
                    pass  # the server is away: check() before the switch decides
        self._stop.clear()
        self._beat = threading.Thread(target=beat, daemon=True, name="puente-milvus-lease")
        self._beat.start()

    def release(self) -> None:
        self._stop.set()
        try:
            if self.holder() == self.me:
                set_value(self.loc, "WRITER", "")
                with errors(self.loc, "releasing the writer lease"):
                    client(self.loc).drop_collection(self.name)
        except PuenteError:
            pass  # a server gone: the lease runs out by itself


class writer:
    """``with writer(loc):`` holds the index's writer lease (nested uses share it). Milvus Lite
    files (one process per file) need none."""

    def __init__(self, loc: Location):
        self.loc = loc

    def __enter__(self) -> Lease | None:
        if self.loc.lite:
            return None
        key = (self.loc.uri, self.loc.prefix)
        with _GUARD:
            lease = _HELD.get(key)
            if lease is None:
                lease = Lease(self.loc)
                lease.acquire()
                _HELD[key] = lease
            lease.depth += 1
        return lease

    def __exit__(self, *exc) -> None:
        if self.loc.lite:
            return
        key = (self.loc.uri, self.loc.prefix)
        with _GUARD:
            lease = _HELD[key]
            lease.depth -= 1
            if lease.depth == 0:
                del _HELD[key]
                lease.release()


def check(loc: Location) -> None:
    """Raise when this process no longer holds ``loc``'s writer lease (another writer took it
    over): called before ``CURRENT`` is switched."""
    lease = _HELD.get((loc.uri, loc.prefix))
    if lease is not None and lease.holder() != lease.me:
        raise LockedError(loc, "another writer took over this index while this one wrote (this one stopped renewing "
                          "its lease for longer than PUENTE_MILVUS_LEASE_SECONDS); this write was not applied",
                          "run the command again")
