"""The small contract every dense-vector engine behind an index meets.

One file per engine (``faiss_backend.py`` today); the searcher and the index folder
talk to this interface only, and the same contract tests run against each engine.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np


class DenseBackend(ABC):
    """Inner-product search over L2-normalised window vectors, row ``i`` = window ``i``."""

    kind: str = ""

    @classmethod
    @abstractmethod
    def build(cls, vectors: np.ndarray, kind: str = "auto") -> "DenseBackend":
        """A backend holding ``vectors`` (float32, one row per window)."""

    @classmethod
    @abstractmethod
    def read(cls, path: Path, vectors: np.ndarray) -> "DenseBackend":
        """Load what :meth:`write` stored at ``path``; ``vectors`` are the same rows."""

    @abstractmethod
    def write(self, path: Path) -> None:
        """Store the engine's own structure at ``path``."""

    @property
    @abstractmethod
    def ntotal(self) -> int:
        """Number of vectors."""

    @abstractmethod
    def search(self, qv: np.ndarray, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``n`` rows among ``rows`` (all rows when it is every row) by inner product
        with ``qv``: ``(row ids, scores)``, best first."""
