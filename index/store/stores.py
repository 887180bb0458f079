"""The one way to an index: ``open_store(index)`` gives a :class:`FolderStore` (a folder of
versions with a FAISS index, ``versions``) or a :class:`MilvusStore` (the same versions in
Milvus collections, ``milvus``) for an ``--index`` value, behind the small :class:`Store`
interface. The functions below take the ``--index`` value and ask its store, so callers
never check which kind of index they hold."""
from __future__ import annotations

from pathlib import Path

import numpy as np  # noqa: F401 - ``store.np``: tests make numpy's writes fail through it

from puente.common.errors import PuenteError

from . import versions
from .milvus_client import is_milvus
from .versions import FORMAT_VERSION, PIPELINE_VERSION, VECTOR_DTYPE, Index, load_version  # noqa: F401 - the store's types

__all__ = ["FORMAT_VERSION", "PIPELINE_VERSION", "VECTOR_DTYPE", "Index", "load_version", "open_store", "Store"]


class Store:
    """What every index store does: name its active version, say whether it holds an index,
    read its documents and meta without loading, load it, write a new version, clean up."""

    where: str | Path  # the --index value, as errors name it
    remote = False  # True for a server many processes reach (Milvus): no folder to watch or lock here

    def current_version(self, fresh: bool = False): ...
    def exists(self) -> bool: ...
    def outdated_sources(self) -> list[Path] | None: ...
    def read_docs(self) -> dict[str, dict]: ...
    def read_meta(self) -> dict: ...
    def load(self, model_id: str | None = None, mmap: bool = True) -> Index: ...
    def save(self, chunks, vectors, docs, meta, *args, **kw): ...
    def cleanup(self, keep: set[str] | None = None) -> list[str]: ...


class FolderStore(Store):
    """An index folder (default ``.puente/``): versions on disk, FAISS inside (``versions``)."""

    def __init__(self, folder: str | Path):
        self.where = Path(folder)

    def current_version(self, fresh: bool = False):
        """The active version, read from the folder every time (``fresh`` changes nothing)."""
        return versions.current_version(self.where)

    def exists(self) -> bool:
        return versions.exists(self.where)

    def outdated_sources(self):
        return versions.outdated_sources(self.where)

    def read_docs(self) -> dict[str, dict]:
        return versions.read_docs(self.where)

    def read_meta(self) -> dict:
        return versions.read_meta(self.where)

    def load(self, model_id: str | None = None, mmap: bool = True) -> Index:
        return versions.load(self.where, model_id, mmap)

    def save(self, chunks, vectors, docs, meta, *args, **kw):
        return versions.save(self.where, chunks, vectors, docs, meta, *args, **kw)

    def cleanup(self, keep: set[str] | None = None) -> list[str]:
        return versions.cleanup(self.where, keep)


class MilvusStore(Store):
    """A Milvus index (``milvus://PATH.db``, ``PATH.db`` or ``http(s)://HOST:PORT``): the
    versions in collections (``milvus``; pymilvus is imported only when one is opened).

    One store object reads ``CURRENT`` strongly once (``milvus.View``: a Strong read waits
    200-300 ms on a server) and every later read of it at that version's timestamp, until
    ``current_version(fresh=True)`` looks again; its own write or cleanup drops that view, so
    the next read sees the write."""

    remote = True

    def __init__(self, uri: str):
        self.where = str(uri)
        self._seen = None  # milvus.View of this store's reads

    @property
    def _m(self):
        from . import milvus  # the milvus extra is needed from here on, not to name the store

        return milvus

    @property
    def _view(self):
        if self._seen is None:
            self._seen = self._m.View(self.where)
        return self._seen

    def current_version(self, fresh: bool = False):
        return self._view.pointer(fresh)[0]

    def exists(self) -> bool:
        return self._view.exists()

    def outdated_sources(self):
        return self._m.outdated_sources(self.where)

    def read_docs(self) -> dict[str, dict]:
        return self._view.read_docs()

    def read_meta(self) -> dict:
        try:
            return self._view.read_meta()
        except PuenteError:
            return {}

    def load(self, model_id: str | None = None, mmap: bool = True) -> Index:
        return self._view.load(model_id)

    def save(self, chunks, vectors, docs, meta, *args, **kw):
        self._seen = None  # after our own write, the next read looks at CURRENT again
        try:
            return self._m.save(self.where, chunks, vectors, docs, meta, *args, **kw)
        finally:
            self._seen = None

    def cleanup(self, keep: set[str] | None = None) -> list[str]:
        try:
            return self._m.cleanup(self.where, keep)
        finally:
            self._seen = None


def open_store(index: str | Path | Store) -> Store:
    """The store of an ``--index`` value: a Milvus URI or ``.db`` file, else a folder."""
    if isinstance(index, Store):
        return index
    return MilvusStore(str(index)) if is_milvus(index) else FolderStore(index)


def current_version(index):
    return open_store(index).current_version()


def exists(index) -> bool:
    return open_store(index).exists()


def outdated_sources(index):
    return open_store(index).outdated_sources()


def read_docs(index) -> dict[str, dict]:
    return open_store(index).read_docs()


def read_meta(index) -> dict:
    return open_store(index).read_meta()


def load(index, model_id: str | None = None, mmap: bool = True) -> Index:
    return open_store(index).load(model_id, mmap)


def save(index, chunks, vectors, docs, meta, *args, **kw):
    return open_store(index).save(chunks, vectors, docs, meta, *args, **kw)


def cleanup(index, keep: set[str] | None = None) -> list[str]:
    return open_store(index).cleanup(keep)
