"""The FAISS engine behind an index folder: exact inner product below ``ANN_THRESHOLD``
windows, an inverted-file index (IVF) with 8-bit scalar-quantised codes above, its
candidates re-scored exactly from the stored vectors; IVF-Flat and HNSW indexes built by
older versions still load and search."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .backend import DenseBackend

# windows; below it FAISS is exact (flat), above it an inverted-file index (IVF). Measured at 100k chunks =
# 361k windows (docs/benchmarks.md, search through bitmap ID selectors per language partition): IVF with 1,024
# lists, nprobe 128, keeps 0.995 of the exact top 10 windows, search p95 49 ms, built in 38 s; exact search
# p95 98 ms; HNSW (M 32, efConstruction 80) kept 0.84, p95 44 ms, and took 170-346 s to build.
ANN_THRESHOLD = 100_000
# lists scanned for a search of the whole index: nlist / 8, at least 128, at most half the lists. Measured
# (search recall@10): 1,024 lists (361k windows) 0.954 at nprobe 64, 0.995 at 128; 512 lists (108k windows)
# 0.972 at 64, 0.997 at 128 -- recall follows the number of lists scanned more than their share
IVF_NPROBE_SHARE = 8
IVF_MIN_NPROBE = 128
IVF_MIN_TRAIN = 1_000  # fewer vectors than this: IVF is not worth training, the index is exact
IVF_RESCORE = 2  # an IVF search takes this many times the rows asked for from its 8-bit codes, re-scored exactly
IVF_SEED = 1234  # k-means seed (centroids and the training sample), so a rebuild gives the same index
# older indexes (built before IVF) are HNSW; they still load and search, and ``kind="hnsw"`` builds one
HNSW_M = 32
HNSW_EF_SEARCH = 128
HNSW_EF_CONSTRUCTION = 80
EXACT_SUBSET = 50_000  # windows: on HNSW a filtered subset up to this size is scored exactly
HNSW_BEAM_FACTOR = 1  # HNSW beam width as a multiple of the results asked for (docs/benchmarks.md: 4 costs +55 ms for +0.03 recall)


def ivf_lists(n: int) -> int:
    """Number of IVF lists for ``n`` vectors: the power of two nearest 2·sqrt(n) (1,024 at
    361k windows), at most n / 39 so every list gets the ≥ 39 training points k-means wants."""
    if n < 39:
        return 1
    want = 2 ** round(np.log2(2 * np.sqrt(n)))
    cap = 2 ** int(np.log2(n // 39))
    return int(max(1, min(want, cap)))


def ivf_nprobe(nlist: int) -> int:
    """Lists an IVF index of ``nlist`` lists scans by default (see ``IVF_MIN_NPROBE``)."""
    return max(1, min(nlist // 2, max(-(-nlist // IVF_NPROBE_SHARE), IVF_MIN_NPROBE)))


def make_faiss(vectors: np.ndarray, kind: str = "auto"):
    """Exact inner product below ``ANN_THRESHOLD`` windows, IVF above (or as asked:
    ``"flat"``, ``"ivf"``, ``"hnsw"``). IVF is trained on the vectors themselves with a fixed
    seed and keeps its ``nprobe`` in the FAISS file; below ``IVF_MIN_TRAIN`` vectors an
    asked-for IVF is built exact (nothing to gain, too few points to train)."""
    import faiss

    dims = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[1] else 384
    vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dims)
    if kind == "auto":
        kind = "ivf" if len(vectors) >= ANN_THRESHOLD else "flat"
    if kind == "ivf" and len(vectors) < IVF_MIN_TRAIN:
        kind = "flat"
    if kind == "flat":
        index = faiss.IndexFlatIP(dims)
    elif kind == "ivf":
        # 8-bit codes: a quarter of IVF-Flat's memory; search re-scores its candidates exactly
        nlist = ivf_lists(len(vectors))
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dims), dims, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = IVF_SEED
        index.nprobe = ivf_nprobe(nlist)
        index.train(vectors)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dims, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        raise ValueError(f"unknown FAISS index kind {kind!r}")
    if len(vectors):
        index.add(vectors)
    return index


def faiss_kind(index) -> str:
    """``"flat"``, ``"ivf"`` or ``"hnsw"``."""
    import faiss

    if isinstance(index, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(index, faiss.IndexIVF):
        return "ivf"
    return "flat"


def subset_params(index, rows: np.ndarray):
    """FAISS search parameters that restrict a search of ``index`` to the vector ids ``rows``
    (``None`` when ``rows`` is the whole index): a bitmap ID selector (~1 ms to build for 300k
    ids, where ``IDSelectorBatch`` takes ~33 ms) and, for IVF, ``nprobe`` scaled by
    ntotal / len(rows) so a small subset (a language partition) gets as many of its own
    vectors scanned as the whole index would; capped at nlist, where the search is exact."""
    import faiss

    n = index.ntotal
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == n:
        return None
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    sel = faiss.IDSelectorBitmap(np.packbits(mask, bitorder="little"))  # keeps a reference to its bitmap
    if isinstance(index, faiss.IndexIVF):
        nprobe = min(index.nlist, -(-index.nprobe * n // max(1, len(rows))))
        return faiss.SearchParametersIVF(sel=sel, nprobe=int(nprobe))
    if isinstance(index, faiss.IndexHNSW):
        return faiss.SearchParametersHNSW(sel=sel, efSearch=index.hnsw.efSearch)
    return faiss.SearchParameters(sel=sel)


class FaissBackend(DenseBackend):
    """A FAISS index (``index.faiss`` in a version folder) and the vectors it was built from."""

    def __init__(self, index, vectors: np.ndarray):
        self.faiss = index
        self.vectors = vectors
        self.kind = faiss_kind(index)

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str = "auto") -> "FaissBackend":
        return cls(make_faiss(vectors, kind), vectors)

    @classmethod
    def read(cls, path: Path, vectors: np.ndarray) -> "FaissBackend":
        import faiss

        return cls(faiss.read_index(str(path)), vectors)

    def write(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.faiss, str(path))

    @property
    def ntotal(self) -> int:
        return int(self.faiss.ntotal)

    def search(self, qv: np.ndarray, rows: np.ndarray, n: int, lang: str | None = None,
               docs: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Exact for a flat index; IVF scans its lists through a bitmap of ``rows``, more lists
        the smaller ``rows`` is (:func:`subset_params`: 0.995 of the exact top 10 at 361k
        windows). An HNSW graph walked through an ID filter loses recall (0.75 of the exact
        top 10 at 326k windows), so for HNSW a small subset is scored exactly with numpy and
        a large one (a language partition) is searched on the whole graph with a beam wide
        enough to keep ``n`` rows of the subset."""
        import faiss

        if len(rows) == 0:
            return rows, np.zeros(0, np.float32)
        n = min(n, len(rows))
        fidx = self.faiss
        q = np.asarray(qv, dtype=np.float32)[None, :]
        whole = len(rows) == fidx.ntotal
        if self.kind == "flat":
            scores, ids = fidx.search(q, n, params=subset_params(fidx, rows))
            keep = ids[0] >= 0
            return ids[0][keep].astype(np.int64), scores[0][keep]
        if self.kind == "ivf":  # quantised (or older flat) codes: the candidates' exact cosines decide
            _, ids = fidx.search(q, min(len(rows), IVF_RESCORE * n), params=subset_params(fidx, rows))
            ids, cos = self._exact(ids[0][ids[0] >= 0].astype(np.int64), q[0])
            return ids[:n], cos[:n]
        if not whole and len(rows) <= EXACT_SUBSET:
            ids, cos = self._exact(np.asarray(rows, dtype=np.int64), q[0])
            return ids[:n], cos[:n]
        m = n if whole else min(fidx.ntotal, int(n * fidx.ntotal / len(rows) * 1.5) + n)
        # search parameters replace the index's own: a beam several times wider than m
        params = faiss.SearchParametersHNSW(efSearch=max(fidx.hnsw.efSearch, HNSW_BEAM_FACTOR * m))
        scores, ids = fidx.search(q, m, params=params)
        ids, scores = ids[0], scores[0]
        keep = ids >= 0
        if not whole:
            keep &= np.isin(ids, rows)
        ids, scores = ids[keep][:n], scores[keep][:n]
        return ids.astype(np.int64), scores

    def _exact(self, ids: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``ids`` ordered by their exact cosine with ``q`` (from the stored vectors)."""
        if not len(ids):
            return ids, np.zeros(0, np.float32)
        order = np.sort(ids)  # reads a memory-mapped file in order
        cos = np.asarray(self.vectors[order], dtype=np.float32) @ q
        top = np.argsort(-cos, kind="stable")
        return order[top], cos[top]
