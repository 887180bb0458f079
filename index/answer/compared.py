"""A comparison question read about each compared document: the words of the question that
name the documents it compares, and the question's tokens without them (each document's
answer is matched on what the question asks, not on the documents' names)."""
from __future__ import annotations

import re


def naming_words(question: str, names: list[str]) -> list[str]:
    """The words of ``question`` that name one of the compared documents ("MIRPS",
    "national", "plan", "Pro", "Tempore", "Presidency"): words of a document's file name or
    title (by their first five letters, so "Presidencia" names "Presidency"), and the
    forms of an organisation a name holds ("IOM" for "OIM")."""
    from puente.common.places import find
    from puente.common.text import fold

    from ..search.lexical import stopwords

    stop = stopwords("en") | stopwords("es")
    have = {w for n in names for w in re.findall(r"\w+", fold(n)) if w not in stop}
    stems = {w[:5] for w in have if len(w) >= 5}
    orgs = {e for n in names for e in find(n) if e.kind == "org"}
    out = []
    for m in re.finditer(r"\w+", question):
        w = fold(m.group(0))
        if w in stop:
            continue
        if w in have or (len(w) >= 5 and w[:5] in stems) or any(e in orgs for e in find(m.group(0))):
            out.append(m.group(0))
    return out


def without_words(tokens, tokenizer, words: list[str]):
    """The question's ``TokenStates`` without the tokens of ``words`` (each compared
    document's answer is matched on what the question asks, not on the names of the
    documents it compares)."""
    import numpy as np

    from ..encode.tokens import TokenStates

    if tokens is None or not words:
        return tokens
    drop = {i for w in words for i in tokenizer.encode(" " + w, add_special_tokens=False).ids}
    keep = np.array([int(i) not in drop for i in tokens.ids], bool)
    return TokenStates(tokens.ids[keep], tokens.vectors[keep]) if keep.any() else tokens
