"""One writer at a time per index folder, and the crash-test pause points of a write."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from puente.common.errors import LockedError

PAUSE_ENV = "PUENTE_PAUSE_AT"


def pause_point(stage: str) -> None:
    """Crash-test hook, inert unless ``PUENTE_PAUSE_AT=<stage>`` is set: then print
    ``puente: paused at <stage>`` on stderr and sleep (``PUENTE_PAUSE_SECONDS``,
    default 60) so a test can SIGKILL the writer at a known point.

    Stages, in order: ``locked`` (lock taken, nothing read), ``embedding`` (files
    read and chunked), ``tmp-written`` (new version complete in ``.tmp-*``),
    ``version-renamed`` (``v-*`` in place, CURRENT not yet written),
    ``pointer-written`` (``.CURRENT-*`` written, not swapped), ``swapped``
    (CURRENT names the new version, old ones not cleaned yet).
    """
    if os.environ.get(PAUSE_ENV) == stage:
        print(f"puente: paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("PUENTE_PAUSE_SECONDS", "60")))


def check_unlocked(folder: str | Path) -> None:
    """Raise :class:`LockedError` now if another writer holds ``folder``'s lock or the folder
    cannot be written — before a command spends seconds loading the model only to hear it
    (the writer takes the lock again). A folder that does not exist yet has nothing to check."""
    if lock_folder(folder).is_dir():
        with WriteLock(folder, server=False):
            pass


def lock_folder(index: str | Path) -> Path:
    """The folder whose ``lock`` file guards ``index``: the index folder, or for a Milvus
    index the place ``milvus_client.Location.lock_folder`` names."""
    from .milvus_client import is_milvus, parse

    return parse(index).lock_folder if is_milvus(index) else Path(index)


class WriteLock:
    """One writer at a time: an exclusive, non-blocking ``flock`` on ``FOLDER/lock``; for a
    Milvus server index also the writer lease on the server (``milvus_lease``: one writer
    across machines), unless ``server`` is false."""

    def __init__(self, folder: str | Path, server: bool = True):
        self.index = folder
        self.folder = lock_folder(folder)
        self.fh = None
        self.lease = None
        self.server = server

    def __enter__(self) -> "WriteLock":
        import fcntl

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.fh = open(self.folder / "lock", "a+")
        except OSError as exc:  # a read-only folder or disk, no permission
            raise LockedError(self.folder, f"the index folder cannot be written ({exc.strerror or exc})",
                              "fix its permissions or pass another folder with --index / PUENTE_INDEX") from exc
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self.fh.close()
            self.fh = None
            raise LockedError(self.folder, "another ingest is writing this index", "wait for it to finish and try again") from exc
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(str(os.getpid()))
        self.fh.flush()
        from .milvus_client import is_milvus, parse

        if self.server and is_milvus(self.index):
            from .milvus_lease import writer

            lease = writer(parse(self.index))
            try:
                lease.__enter__()
            except BaseException:
                self.__exit__()
                raise
            self.lease = lease
        return self

    def __exit__(self, *exc) -> None:
        import fcntl

        if self.lease is not None:
            self.lease.__exit__()
            self.lease = None
        if self.fh is not None:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None
