"""Which documents a question is about: the documents it names, the ones a comparison
question targets, and the spreading of the top results over them."""
from __future__ import annotations

import re

import numpy as np

from puente.common.text import fold
from puente.common.types import DocInfo

from .lexical import stopwords

_COMPARE = re.compile(
    r"\b(compar\w*|both|ambos|ambas|versus|vs\.?|differ\w*|diferenc\w*|distint\w*|contrast\w*|entre\s+\w+\s+y)\b", re.I
)
_AND = re.compile(r"\b(and|y|e)\b", re.I)


def _name_tokens(doc: str, info: DocInfo) -> set[str]:
    stop = stopwords("en") | stopwords("es")
    words = re.findall(r"[a-z0-9]+", fold(f"{doc} {info.title}"))
    return {w for w in words if (len(w) >= 3 or w.isdigit()) and w not in stop}


class DocNames:
    """The words that name each indexed document: those of its file name or title that
    no other document's name has ("annual", "2023", "action", "plan")."""

    def __init__(self, docs_info: dict[str, DocInfo]):
        tokens = {d: _name_tokens(d, info) for d, info in docs_info.items()}
        owners: dict[str, set[str]] = {}
        for d, toks in tokens.items():
            for t in toks:
                owners.setdefault(t, set()).add(d)
        self.vocab = set(owners)
        self.owner = {t: next(iter(ds)) for t, ds in owners.items() if len(ds) == 1}

    def named(self, query: str) -> list[str]:
        """Documents the question names, in the order their names appear."""
        out: list[str] = []
        for w in re.findall(r"[a-z0-9]+", fold(query)):
            d = self.owner.get(w)
            if d is not None and d not in out:
                out.append(d)
        return out


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


def spread(order: list[int], chunk_doc: np.ndarray, targets: list[str], k: int) -> list[int]:
    """Interleave the best chunks of each targeted document at the top of ``order``."""
    if len(targets) < 2:
        return order
    queues = {d: [c for c in order if chunk_doc[c] == d] for d in targets}
    head: list[int] = []
    while len(head) < k and any(queues.values()):
        for d in targets:
            if queues[d] and len(head) < k:
                head.append(queues[d].pop(0))
    taken = set(head)
    return head + [c for c in order if c not in taken]
