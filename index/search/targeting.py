"""Which documents a comparison question targets (``doc_names`` finds the ones it names),
and the spreading of the top results over them."""
from __future__ import annotations

import re

import numpy as np

_COMPARE = re.compile(
    r"\b(compar\w*|both|ambos|ambas|versus|vs\.?|differ\w*|diferenc\w*|distint\w*|contrast\w*|entre\s+\w+\s+y)\b", re.I
)
_AND = re.compile(r"\b(and|y|e)\b", re.I)


def targeted_docs(query: str, prior: dict[str, float], margin: float, named: list[str]) -> list[str]:
    """Documents a comparison question is about, best first; [] for other questions.

    A question compares when it names two or more documents joined by "and"/"y", or
    says so ("compare", "both", "entre … y"); then the targeted documents are the
    ones it names, or failing that those whose prior is close to the best one's.
    """
    cue = bool(_COMPARE.search(query))
    if not cue and not _AND.search(query):
        return []
    ranked = sorted(prior, key=lambda d: -prior[d])
    named_set = set(named)
    named = [d for d in ranked if d in named_set]
    if len(named) >= 2:
        return named
    if not cue:
        return []
    best = prior[ranked[0]] if ranked else 0.0
    close = [d for d in ranked if best > 0 and prior[d] >= best * (1 - margin)]
    return close if len(close) >= 2 else []


def spread(order: list[int], chunk_doc: np.ndarray, targets: list[str], k: int,
           queues: dict[str, list[int]] | None = None) -> list[int]:
    """Interleave the best chunks of each targeted document at the top of ``order``
    (``queues``: a document's own order of its chunks, where it has one)."""
    if len(targets) < 2:
        return order
    queues = {d: list((queues or {}).get(d) or [c for c in order if chunk_doc[c] == d]) for d in targets}
    head: list[int] = []
    while len(head) < k and any(queues.values()):
        for d in targets:
            if queues[d] and len(head) < k:
                head.append(queues[d].pop(0))
    taken = set(head)
    return head + [c for c in order if c not in taken]
