"""Language detection (langdetect, seeded so results are deterministic).

English and Spanish are the languages Puente searches in and answers about; a text in
another script (Arabic, Chinese, Japanese, Korean, Cyrillic...) gets its own code so it
is not filed as English, and so does a long text in another Latin-script language that
langdetect is sure of. langdetect costs about 15-40 ms a call whatever the text's
length, so callers detect once per document or section on a bounded sample
(:func:`sample`), never once per passage.
"""
from __future__ import annotations

import re

SUPPORTED = ("en", "es")
_MIN_LETTERS = 40
# a Latin-script text is given a language other than en/es only when it is long and
# langdetect is sure: short Spanish text is easily taken for Portuguese or Catalan
_OTHER_MIN_LETTERS = 200
_OTHER_MIN_WORDS = 30
_OTHER_MIN_PROB = 0.9
SAMPLE_CHARS = 2000


def _latin(ch: str) -> bool:
    o = ord(ch)
    return o < 0x250 or 0x1E00 <= o <= 0x1EFF


def sample(text: str, n: int = SAMPLE_CHARS) -> str:
    """At most ``n`` characters of ``text`` for detection: the start, plus a slice of
    the middle and the end when the text is longer (a bilingual report may open with an
    English summary)."""
    if len(text) <= n:
        return text
    part = n // 3
    mid = len(text) // 2
    return " ".join((text[:part], text[mid : mid + part], text[-part:]))


def detect_lang(text: str, default: str = "") -> str:
    """Best guess ISO code for ``text``; ``default`` when too short or undecidable.

    Text mostly in Latin script maps to ``en`` or ``es`` when langdetect ranks either
    among its candidates, else to another language only when the text is long
    and that language is nearly certain (``fr``, ``pt``...), else to ``default``. Text mostly in
    another script gets langdetect's best code (``ar``, ``zh-cn``, ``ja``, ``ko``, ``ru``...).
    Only the first 4,000 characters are read.
    """
    text = text[:4000]
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return default
    latin = sum(map(_latin, letters)) >= 0.5 * len(letters)
    words = text.split()
    if latin and len(letters) > 25 * len(words):
        return default  # one long run of characters (a code, base64 data), not prose: langdetect would guess
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        ranked = detect_langs(text)
    except LangDetectException:
        return default
    if not ranked:
        return default
    if not latin:
        return ranked[0].lang
    for cand in ranked:
        if cand.lang in SUPPORTED:
            return cand.lang
    top = ranked[0]
    if (
        len(letters) >= _OTHER_MIN_LETTERS
        and len(words) >= _OTHER_MIN_WORDS
        and len(letters) <= 15 * len(words)  # words, not one long run of characters
        and top.prob >= _OTHER_MIN_PROB
    ):
        return top.lang
    return default or top.lang


_ES_CUES = re.compile(
    r"[¿¡ñ]|\b(qué|cuál|cuáles|cómo|quién|quiénes|dónde|cuándo|cuánto|cuántos|cuántas|el|la|los|las|de|del|y|con|en|para|por|una|según|sobre|personas)\b",
    re.I,
)
_EN_CUES = re.compile(r"\b(what|which|how|who|where|when|the|of|for|and|in|on|with|according|to|did|does|is|are)\b", re.I)


def question_lang(text: str, default: str = "en") -> str:
    """``en``/``es`` for a question (what search partitions by and labels follow):
    langdetect, then cue words for text too short to detect; ``default`` on a tie."""
    found = detect_lang(text or "", default="")
    if found in SUPPORTED:
        return found
    es, en = len(_ES_CUES.findall(text or "")), len(_EN_CUES.findall(text or ""))
    if es == en:
        return default
    return "es" if es > en else "en"
