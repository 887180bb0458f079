"""Freed heap pages go back to the system after a searcher is built (index/search/heap.py)."""
from pathlib import Path

from puente.index.search.heap import release_freed


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def test_freed_heap_pages_are_returned_to_the_system():
    # 200 MB of 2 KB objects (glibc's heap, not Python's small-object arenas), then a few
    # objects above them so the heap cannot simply shrink from its top when they are freed
    texts = [b"x" * 2000 + bytes([i % 256]) for i in range(100_000)]
    pins = [bytearray(3000) for _ in range(10)]
    before = _rss_mb()
    del texts
    kept = _rss_mb()
    assert release_freed() is True  # glibc, as on every machine Puente runs on
    after = _rss_mb()
    assert kept - after > 150, (before, kept, after)  # the freed 200 MB left the process
    assert len(pins) == 10
