"""The small contract every dense-vector engine behind an index meets.

One file per engine (``store/faiss_backend.py``, ``store/milvus_backend.py``); the searcher talks to
this interface only, and the same contract tests (tests/test_milvus.py) run against each
engine. Where the windows live (a version folder, or Milvus collections) is the store's
business (``store/versions.py``, ``store/milvus.py``): ``build``/``read``/``write`` are the FAISS
folder's, a Milvus backend is opened by ``milvus_store.load``.
"""
from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class DenseBackend(ABC):
    """Inner-product search over L2-normalised window vectors, row ``i`` = window ``i``."""

    kind: str = ""

    @property
    @abstractmethod
    def ntotal(self) -> int:
        """Number of vectors."""

    @abstractmethod
    def search(self, qv: np.ndarray, rows: np.ndarray, n: int, lang: str | None = None,
               docs: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-``n`` rows among ``rows`` (all rows when it is every row) by inner product
        with ``qv``: ``(row ids, scores)``, best first. ``lang``/``docs`` say what ``rows``
        is (the windows of that language / those documents): an engine that filters on its
        own fields (Milvus) uses them, one that takes row ids (FAISS) uses ``rows``."""
