"""A question, prepared once per ask: its text, its sentence vector and token vectors (one
encoder pass), its language and the documents it names. Search and answers read it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from puente.common.lang import detect_lang

from ..encode.tokens import TokenStates


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray
    tokens: TokenStates | None = None
    lang: str = "en"  # detected, or guessed for questions too short to detect
    named: list[str] = field(default_factory=list)  # documents the question names, in order


def question_lang(text: str) -> str:
    """``en``/``es`` for a question: langdetect, or a cheap guess when it is too short."""
    return detect_lang(text, default="") or guess_lang(text)


_ES_HINT = re.compile(r"[¿¡ñáéíóú]|\b(qué|cuál|cómo|quién|dónde|cuándo|cuánto|el|la|los|las|del|de|para|por)\b", re.I)


def guess_lang(text: str) -> str:
    """Cheap fallback for very short questions that langdetect cannot call."""
    return "es" if len(_ES_HINT.findall(text)) >= 2 else "en"
