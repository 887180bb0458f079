"""Language detection (langdetect, seeded so results are deterministic)."""
from __future__ import annotations

SUPPORTED = ("en", "es")
_MIN_LETTERS = 40


def detect_lang(text: str, default: str = "") -> str:
    """Best guess ISO code for ``text``; ``default`` when too short or undecidable.

    Only the languages we index are considered: anything else maps to the closest
    of ``en``/``es`` by probability, or ``default``.
    """
    letters = sum(ch.isalpha() for ch in text)
    if letters < _MIN_LETTERS:
        return default
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        ranked = detect_langs(text[:4000])
    except LangDetectException:
        return default
    for cand in ranked:
        if cand.lang in SUPPORTED:
            return cand.lang
    return default or ranked[0].lang
