"""A comparison asked as a question: the topic it is about and the documents it compares.

"What do Mexico's MIRPS national plan and the Pro Tempore Presidency each say about
xenophobia?" compares the two documents it names on *xenophobia*. Scored whole, such a
question is mostly its frame: "what", "say", "about", "each" are rare in reports, so
they outweighed "xenophobia" in the topic's word share, and the words naming the
documents ("MIRPS", "national plan", "Presidency") matched every passage of those
documents alike. Read like this, the topic is the question's words less the question's
frame (question words, function words, the verbs of asking what a document says, in
English and Spanish) and less the words that name the compared documents
(``search.doc_names.naming_words``); the compared documents are the ones it names, when it
names two or more. A few words that are not a question ("child protection", "protección
de la niñez") are the topic as they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from puente.common.places import spans
from puente.common.text import fold

from .answer.asked.question import _QWORDS
from .search.doc_names import naming_words
from .search.lexical import stopwords
from .search.query import ASKING

_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
# words for the compared documents themselves: how many, and kinds of document that are no topic ("the two management
# responses", "ambas respuestas", "the … update"); not "strategy", "evaluation" or "plan", which may be the topic
_COMPARED = frozenset("""two three dos tres report reports informe informes reporte reportes response responses respuesta
respuestas declaration declarations declaracion declaraciones update updates actualizacion actualizaciones summary
resumen""".split())


@dataclass(frozen=True)
class TopicReading:
    """What Compare scores (``topic``) and which documents it compares (``docs``: the two or
    more the question names, or the documents of the two or more organisations it names;
    empty otherwise: every document)."""

    topic: str
    docs: tuple[str, ...] = ()

    def changed(self, text: str) -> bool:
        return self.topic != text.strip()


def _orgs(text: str) -> set[str]:
    return {e.en for _, _, e in spans(text) if e.kind == "org"}


def is_question(text: str) -> bool:
    """A question mark, or a first word that asks ("what", "how", "qué", "cómo")."""
    words = _WORD.findall(text)
    return "?" in text or "¿" in text or bool(words) and fold(words[0]) in _QWORDS


def read_topic(text: str, doc_names, pick=None) -> TopicReading:
    """The topic and the compared documents of ``text`` (see the module's docstring);
    ``doc_names``: the index's :class:`~.search.doc_names.DocNames`; ``pick``: which of
    several documents a shared name means (``DocNames.named``)."""
    text = text.strip()
    named = doc_names.named(text, pick, by_entity=False)
    if not is_question(text) and len(named) < 2:
        return TopicReading(text)
    names = doc_names.names
    # the named documents, and those whose name holds an organisation the question names
    # ("el ACNUR México" when two UNHCR reports could be meant): their names are not the topic
    orgs = _orgs(text)
    naming = [d for d in names if d in named or orgs & _orgs(names[d])]
    drop = {fold(w) for w in naming_words(text, [names[d] for d in naming])}
    stop = stopwords("en") | stopwords("es") | _QWORDS | ASKING
    if len(named) >= 2:  # "the two management responses", "ambas respuestas", "the … update": what is compared, not on what
        stop = stop | _COMPARED
    kept = []
    for m in _WORD.finditer(text):
        w = re.sub(r"['’]s$", "", m.group(0))
        f = fold(w)
        if f in stop or f in drop or (len(f) < 3 and not f.isdigit()):
            continue
        kept.append(w)
    topic = " ".join(kept) or text
    if len(named) >= 2:
        return TopicReading(topic, tuple(named))
    # "¿Qué plantean la OIM y el ACNUR sobre el monitoreo?": two or more organisations whose
    # documents are indexed name the compared documents (all of each one's), as they name
    # the sides of the question's answer
    holding = [o for o in orgs if any(o in _orgs(names[d]) for d in names)]
    if len(holding) >= 2:
        return TopicReading(topic, tuple(d for d in names if d in named or orgs & _orgs(names[d])))
    return TopicReading(topic)
