"""Handing freed heap memory back to the operating system after building search structures."""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc():
    """The C library when it has ``malloc_trim`` (glibc), else None."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def release_freed() -> bool:
    """Return the heap's free pages to the system (glibc ``malloc_trim(0)``); False where the
    C library has no such call (not glibc), where it is a no-op.

    Building a searcher makes and drops one text per window and BM25's token lists; glibc
    keeps those freed pages in the process, 1.4 KB per chunk at 100k chunks (docs/benchmarks.md,
    "Memory at scale"), until it is asked to give them back."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
