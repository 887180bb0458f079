"""What the answer step reads from a Searcher (its encoder and token matcher, the index's
records and chunks, its names), for answers over hand-made hits without an index."""
from __future__ import annotations

from types import SimpleNamespace


def reader(encoder, matcher=None) -> SimpleNamespace:
    return SimpleNamespace(encoder=encoder, matcher=matcher, name_vocab=frozenset(), windows_of=None,
                           index=SimpleNamespace(records=[], chunks=None))
