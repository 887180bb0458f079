"""The window vectors of a Milvus index version, read from the server when a row is needed
instead of all loaded at start (issue 24: each serving process held every vector, ~134 GB
at 87 M windows). Dense search runs in Milvus; the serving process reads only the rows it
scores itself (lexical hits, a hit chunk's windows for the answer step, a topic's windows),
a batch per call, and keeps the last ``CACHE_ROWS`` it read.

Indexing follows NumPy's for what the searcher does: an int, a slice, an int array or list
(rows in that order), a bool mask; ``np.asarray`` reads every row (a writer's update does)."""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from .milvus_backend import GET_BATCH
from .milvus_client import STRONG, Location, client, errors

CACHE_ROWS = 20_000  # ~30 MB of 384-d float32 rows kept per process


class MilvusVectors:
    """Row ``i`` is the vector of Milvus row ``ids[i]``, read at ``read`` (the version's timestamp)."""

    dtype = np.dtype(np.float32)
    ndim = 2

    def __init__(self, loc: Location, ids: np.ndarray, dims: int, read: dict | None = None):
        self.loc = loc
        self.ids = np.asarray(ids, dtype=np.int64)
        self.dims = int(dims)
        self.read = read or STRONG
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.ids), self.dims)

    def __len__(self) -> int:
        return len(self.ids)

    def __array__(self, dtype=None, copy=None):
        out = self._rows(np.arange(len(self.ids)), keep=False)
        return out if dtype is None else out.astype(dtype)

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            return self._rows(np.array([int(key) % max(len(self.ids), 1)]))[0]
        if isinstance(key, slice):
            return self._rows(np.arange(len(self.ids))[key])
        rows = np.asarray(key)
        if rows.dtype == bool:
            rows = np.nonzero(rows)[0]
        return self._rows(rows.astype(np.int64).reshape(-1))

    def _rows(self, rows: np.ndarray, keep: bool = True) -> np.ndarray:
        """The vectors of ``rows``: cached ones from memory, the rest in batches from Milvus."""
        out = np.zeros((len(rows), self.dims), dtype=np.float32)
        if len(rows) and (rows.min() < -len(self.ids) or rows.max() >= len(self.ids)):
            raise IndexError(f"row out of range for {len(self.ids)} windows")
        rows = rows % max(len(self.ids), 1)
        missing = sorted({int(r) for r in rows if int(r) not in self._cache})
        got: dict[int, np.ndarray] = {}
        row_of = {int(self.ids[r]): r for r in missing}
        with errors(self.loc, "reading vectors"):
            for s in range(0, len(missing), GET_BATCH):
                batch = [int(self.ids[r]) for r in missing[s: s + GET_BATCH]]
                for hit in client(self.loc).get(self.loc.windows, ids=batch, output_fields=["id", "vector"], **self.read):
                    got[row_of[int(hit["id"])]] = np.asarray(hit["vector"], dtype=np.float32)
        if len(got) != len(missing):
            from puente.common.errors import IndexMissingError

            raise IndexMissingError(self.loc, f"damaged index ({len(missing) - len(got)} window vectors missing)",
                                    f"run `puente ingest --rebuild --index {self.loc} PATH...` to rebuild it")
        for i, r in enumerate(rows.tolist()):
            v = got.get(r)
            if v is None:
                v = self._cache[r]
                self._cache.move_to_end(r)
            out[i] = v
        if keep:
            for r, v in got.items():
                self._cache[r] = v
            while len(self._cache) > CACHE_ROWS:
                self._cache.popitem(last=False)
        return out
