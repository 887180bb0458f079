"""Milvus as the dense engine of a loaded index: inner-product search in the windows
collection, filtered on the searched language partition and documents only, results mapped
back to the loaded version's window rows.

The collection also holds windows of other versions (the previous one, until the next write's
cleanup; a write in progress): a search asks for a few more than it needs, drops every id the
loaded version does not hold, and asks again for more in the rare case that too few were
left. No filter lists the version's documents: its cost grew with the library (issue 24:
259 ms a search at 24,000 documents, 866 ms at 100,000)."""
from __future__ import annotations

import numpy as np

from .backend import DenseBackend
from .faiss_backend import HNSW_EF_SEARCH
from .milvus_client import STRONG, Location, client, errors, literal

GET_BATCH = 1_000  # ids per ``get`` when loading vectors
EF_MAX = 32_768  # the largest HNSW ``ef`` Milvus accepts
LIMIT_MAX = 16_384  # the largest ``limit`` (top k) Milvus accepts
EXTRA = 10  # results asked beyond ``n``: room for windows of other versions


class MilvusBackend(DenseBackend):
    """Window row ``i`` is the Milvus row ``ids[i]``; ``read``: the consistency options of the
    loaded version (``milvus_client.at``)."""

    kind = "milvus"

    def __init__(self, loc: Location, ids: np.ndarray, vectors: np.ndarray, read: dict | None = None):
        self.loc = loc
        self.ids = np.asarray(ids, dtype=np.int64)
        self.vectors = vectors
        self.read = read or STRONG
        self._order = np.argsort(self.ids)
        self._sorted = self.ids[self._order]
        self._kind: str | None = None  # the windows collection's index type, read on the first search

    @property
    def ntotal(self) -> int:
        return len(self.vectors)

    def rows_of(self, ids) -> np.ndarray:
        """Window rows of Milvus ids (-1 for an id this version does not hold)."""
        ids = np.asarray(ids, dtype=np.int64)
        pos = np.clip(np.searchsorted(self._sorted, ids), 0, max(len(self._sorted) - 1, 0))
        found = len(self._sorted) > 0
        ok = (self._sorted[pos] == ids) if found else np.zeros(len(ids), bool)
        return np.where(ok, self._order[pos] if found else -1, -1)

    def search(self, qv: np.ndarray, rows: np.ndarray, n: int, lang: str | None = None,
               docs: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-``n`` windows of ``rows``: Milvus filters on ``lang``/``docs`` (the searcher's
        partition and document restriction, which is what ``rows`` holds); ids of other
        versions, and rows outside ``rows``, are dropped here (see the module docstring)."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return rows, np.zeros(0, np.float32)
        n = min(n, len(rows))
        expr = []
        if lang:
            expr.append(f"lang == {literal(lang)}")
        if docs:
            expr.append(f"doc in {literal(list(docs))}")
        wanted = np.zeros(len(self.ids), bool)
        wanted[rows] = True
        limit = min(LIMIT_MAX, n + EXTRA)
        while True:
            with errors(self.loc, "searching"):
                res = client(self.loc).search(
                    self.loc.windows, data=[np.asarray(qv, dtype=np.float32).tolist()], limit=limit,
                    filter=" and ".join(expr), output_fields=["id"], **self.read,
                    search_params={"metric_type": "IP", "params": self.params(limit, len(rows))})
            hits = res[0] if res else []
            found = self.rows_of([h["id"] for h in hits])
            scores = np.array([h["distance"] for h in hits], dtype=np.float32)
            keep = found >= 0
            keep[keep] = wanted[found[keep]]
            if keep.sum() >= n or len(hits) < limit or limit == LIMIT_MAX:
                break
            limit = min(LIMIT_MAX, limit * 4)
        found, scores = found[keep], scores[keep]
        order = np.lexsort((-found, -scores))[:n]  # equal scores (repeated windows): last row first, as FAISS flat gives them
        return found[order], scores[order]

    def params(self, n: int, subset: int) -> dict:
        """Search parameters for the windows collection's index (``PUENTE_MILVUS_INDEX`` when it
        was made): the HNSW beam, the IVF lists probed, the DiskANN candidate list."""
        if self._kind is None:
            try:
                with errors(self.loc, "reading the index type"):
                    self._kind = str(client(self.loc).describe_index(self.loc.windows, "vector").get("index_type", "HNSW"))
            except Exception:  # noqa: BLE001 - Lite names its index otherwise: HNSW's parameter is harmless
                self._kind = "HNSW"
        if self._kind == "IVF_SQ8":
            return {"nprobe": 64}
        if self._kind == "DISKANN":
            return {"search_list": min(EF_MAX, max(100, n))}
        return {"ef": self.ef(n, subset)}

    def ef(self, n: int, subset: int) -> int:
        """HNSW beam for ``n`` results among ``subset`` of the windows: a filtered walk of the
        graph finds fewer than ``n`` unless the beam grows as the subset shrinks (measured on
        dev: a 76-window partition of 426 gave 11-42 of 76 at ef 200, all 76 at 1,000)."""
        return int(min(EF_MAX, max(HNSW_EF_SEARCH, n + 2 * n * len(self.ids) // max(subset, 1))))

    @staticmethod
    def fetch_vectors(loc: Location, ids: np.ndarray, dims: int, read: dict | None = None) -> np.ndarray:
        """The vectors of Milvus rows ``ids``, in that order; ``KeyError`` when one is missing."""
        out = np.zeros((len(ids), dims), dtype=np.float32)
        pos = {int(i): k for k, i in enumerate(ids)}
        seen = 0
        with errors(loc, "reading vectors"):
            for s in range(0, len(ids), GET_BATCH):
                batch = [int(i) for i in ids[s: s + GET_BATCH]]
                for row in client(loc).get(loc.windows, ids=batch, output_fields=["id", "vector"], **(read or STRONG)):
                    out[pos[int(row["id"])]] = row["vector"]
                    seen += 1
        if seen != len(ids):
            raise KeyError(f"{len(ids) - seen} of {len(ids)} window vectors")
        return out
