"""A question, prepared once per ask: its text, its sentence vector and token vectors (one
encoder pass), its language and the documents it names. Search and answers read it."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..encode.tokens import TokenStates


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray
    tokens: TokenStates | None = None
    lang: str = "en"  # detected, or guessed for questions too short to detect
    named: list[str] = field(default_factory=list)  # documents the question names, in order
