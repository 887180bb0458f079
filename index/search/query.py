"""A question, prepared once per ask: its text, its sentence vector and token vectors (one
encoder pass), its language and the documents it names. Search and answers read it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from puente.common.text import fold

from ..encode.tokens import TokenStates

# The frame of a question about what documents say, in English and Spanish (folded): function
# words the stop lists lack, "each/both", and the verbs of saying, proposing and reporting.
ASKING = frozenset("""
about its their his her them they we our you your can could would should may might will shall has have had
been being each both either one ones other others also there here than then so any all some what whats
say says said tell tells propose proposes proposed commit commits committed report reports reported describe
describes described address addresses addressed approach approaches approached mention mentions mentioned
state states stated plan plans planned intend intends set sets out compare compared between
cada ambos ambas uno una unos unas sus su nos les lo le al ha han habia hay tiene tienen dice dicen dijo
propone proponen plantea plantean reporta reportan informa informan describe describen aborda abordan
menciona mencionan establece establecen compara comparan entre tambien otro otra otros otras
do does did make makes made take takes deal deals dealt dan dar hace hacen hacer lleva llevan llevar realiza realizan
connect connects connected link links linked handle handles handled treat treats conecta conectan vincula vinculan
relaciona relacionan trata tratan tackle tackles tackled enfrenta enfrentan
""".split())


def frame_words(question: str) -> list[str]:
    """The words of ``question`` that are its frame (``ASKING``: "what", "each", "say",
    "dicen", "cada" …), as written."""
    return [w for w in re.findall(r"\w+", question) if fold(w) in ASKING]


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray
    tokens: TokenStates | None = None
    lang: str = "en"  # detected, or guessed for questions too short to detect
    named: list[str] = field(default_factory=list)  # documents the question names, in order
    lang_told: bool = True  # False: too short to tell its language ("albergues"); ``lang`` is a guess
    # the named documents and, of several a shared name fits ("IOM's", "the MIRPS plan"), the one the
    # question's topic is in (``Searcher.picker``); None: ``named``
    meant: list[str] | None = None

    @property
    def docs_meant(self) -> list[str]:
        """The documents search favours and an answer prefers (``meant``, else ``named``);
        an item asked by number is looked up in ``named`` only, or in the organisation's."""
        return self.named if self.meant is None else self.meant

    def without(self, words: list[str], tokenizer) -> "Query":
        """The question without the tokens of ``words`` (a comparison question read in each
        compared document without the words that name the documents): its vector stays,
        its token states lose those words' tokens, unless nothing would be left."""
        if self.tokens is None or not words:
            return self
        gone = {fold(w) for w in words}
        others = [w for w in re.findall(r"[^\W_]+", self.text) if fold(w) not in gone]
        def ids(ws):
            return {i for w in ws for i in tokenizer.encode(" " + w, add_special_tokens=False).ids}

        drop = ids(words) - ids(others)  # a token another word is made of stays ("▁dan" of "danza" when "dan" goes)
        keep = np.array([int(i) not in drop for i in self.tokens.ids], bool)
        if not keep.any() or keep.all():
            return self
        return replace(self, tokens=TokenStates(self.tokens.ids[keep], self.tokens.vectors[keep]))
