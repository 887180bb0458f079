"""A question, prepared once per ask: its text, its sentence vector and token vectors (one
encoder pass), its language and the documents it names. Search and answers read it."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..encode.tokens import TokenStates


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray
    tokens: TokenStates | None = None
    lang: str = "en"  # detected, or guessed for questions too short to detect
    named: list[str] = field(default_factory=list)  # documents the question names, in order

    def without(self, words: list[str], tokenizer) -> "Query":
        """The question without the tokens of ``words`` (a comparison question read in each
        compared document without the words that name the documents): its vector stays,
        its token states lose those words' tokens, unless nothing would be left."""
        if self.tokens is None or not words:
            return self
        drop = {i for w in words for i in tokenizer.encode(" " + w, add_special_tokens=False).ids}
        keep = np.array([int(i) not in drop for i in self.tokens.ids], bool)
        if not keep.any() or keep.all():
            return self
        return replace(self, tokens=TokenStates(self.tokens.ids[keep], self.tokens.vectors[keep]))
