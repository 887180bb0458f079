"""Milvus as the dense engine of a loaded index: inner-product search in the windows
collection, restricted by a filter to the loaded version's documents (``dockey``) and to
the searched language partition and documents, results mapped back to window rows."""
from __future__ import annotations

import numpy as np

from .backend import DenseBackend
from .faiss_backend import HNSW_EF_SEARCH
from .milvus_client import Location, client, errors, literal

GET_BATCH = 1_000  # ids per ``get`` when loading vectors
EF_MAX = 32_768  # the largest HNSW ``ef`` Milvus accepts


class MilvusBackend(DenseBackend):
    """Window row ``i`` is the Milvus row ``ids[i]``; ``dockeys`` are the loaded version's documents."""

    kind = "milvus"

    def __init__(self, loc: Location, ids: np.ndarray, dockeys: list[str], vectors: np.ndarray):
        self.loc = loc
        self.ids = np.asarray(ids, dtype=np.int64)
        self.dockeys = sorted(set(dockeys))
        self.vectors = vectors
        self._order = np.argsort(self.ids)
        self._sorted = self.ids[self._order]

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
        partition and document restriction, which is what ``rows`` holds) and on this
        version's documents; rows outside ``rows`` are dropped as a safeguard."""
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return rows, np.zeros(0, np.float32)
        n = min(n, len(rows))
        expr = [f"dockey in {literal(self.dockeys)}"]
        if lang:
            expr.append(f"lang == {literal(lang)}")
        if docs:
            expr.append(f"doc in {literal(list(docs))}")
        with errors(self.loc, "searching"):
            res = client(self.loc).search(
                self.loc.windows, data=[np.asarray(qv, dtype=np.float32).tolist()], limit=n,
                filter=" and ".join(expr), output_fields=["id"],
                search_params={"metric_type": "IP", "params": {"ef": self.ef(n, len(rows))}})
        hits = res[0] if res else []
        found = self.rows_of([h["id"] for h in hits])
        scores = np.array([h["distance"] for h in hits], dtype=np.float32)
        keep = (found >= 0) & np.isin(found, rows)
        found, scores = found[keep], scores[keep]
        order = np.lexsort((-found, -scores))  # equal scores (repeated windows): last row first, as FAISS flat gives them
        return found[order], scores[order]

    def ef(self, n: int, subset: int) -> int:
        """HNSW beam for ``n`` results among ``subset`` of the windows: a filtered walk of the
        graph finds fewer than ``n`` unless the beam grows as the subset shrinks (measured on
        dev: a 76-window partition of 426 gave 11-42 of 76 at ef 200, all 76 at 1,000)."""
        return int(min(EF_MAX, max(HNSW_EF_SEARCH, n + 2 * n * len(self.ids) // max(subset, 1))))

    @staticmethod
    def fetch_vectors(loc: Location, ids: np.ndarray, dims: int) -> np.ndarray:
        """The vectors of Milvus rows ``ids``, in that order; ``KeyError`` when one is missing."""
        out = np.zeros((len(ids), dims), dtype=np.float32)
        pos = {int(i): k for k, i in enumerate(ids)}
        seen = 0
        with errors(loc, "reading vectors"):
            for s in range(0, len(ids), GET_BATCH):
                batch = [int(i) for i in ids[s: s + GET_BATCH]]
                for row in client(loc).get(loc.windows, ids=batch, output_fields=["id", "vector"]):
                    out[pos[int(row["id"])]] = row["vector"]
                    seen += 1
        if seen != len(ids):
            raise KeyError(f"{len(ids) - seen} of {len(ids)} window vectors")
        return out
