"""Questions about how management answered the recommendations ("Which recommendation did
management reject, and why?", "Why did UNICEF only partly agree with …?"): the
recommendations whose stated response is of the class asked."""
from __future__ import annotations

import re

from .records import doc_rank

# "which recommendation did management reject?", "¿qué recomendaciones se aceptaron parcialmente?"
_WHICH_REC = re.compile(r"\b(?:which|what)\s+(?:of\s+(?:the\s+)?(?:[\w'’]+\s+){0,3})?recommendations?\b|"
                        r"\bqu[eé]\s+recomendaci|"
                        r"\bcu[aá]l(?:es)?\s+(?:de\s+las\s+)?recomendaci", re.I)
_PARTIAL = re.compile(r"\bpartial(?:ly)?\b|\bpartly\b|\bparcial(?:mente)?\b|\ben\s+parte\b|"
                      r"\b(?:not|no|didn't)\b[^.?]{0,40}?\b(?:fully|completely|entirely|por\s+completo|"
                      r"totalmente|del\s+todo)\b", re.I)  # "no aceptó por completo", "did not fully agree"
# "why did management only partly accept …?", "¿por qué no aceptó la gerencia …?": the reason is asked
_WHY = re.compile(r"\bwhy\b|\bpor\s*qu[eé]\b|\bon\s+what\s+grounds\b|\bcon\s+qu[eé]\s+argumentos?\b", re.I)
_REJECTED = re.compile(r"\b(?:reject\w*|not\s+(?:been\s+)?(?:accept|agree)\w*|disagree\w*|declin\w*|rechaz\w*|"
                       r"turn(?:ed|s)?\s+down|refus\w*|"
                       r"no\s+(?:se\s+)?(?:fue\s+|fueron\s+)?acept\w*|desacuerdo|no\s+(?:(?:est[aá]|estuvo|estuvieron|estaba)\s+)?de\s+acuerdo)\b",
                       re.I)


# how management answered, as a verb: "did management reject", "was not accepted", "aceptó parcialmente",
# "no estuvo de acuerdo" — not a topic's noun ("the rejection migrants face", "partial cash transfers")
_RESPONDED = re.compile(r"\b(?:reject(?:ed|s)?|accept(?:ed|s)?|agree(?:d|s)?|disagree(?:d|s)?|declined|"
                        r"turn(?:ed|s)?\s+down|refus(?:e|ed|es)|"
                        r"rechaz(?:ó|aron|ada|adas|ado|ados|a)|acept(?:ó|aron|ada|adas|ado|ados|a)|"
                        r"(?:est[aá]|estuvo|estuvieron)\s+de\s+acuerdo)\b", re.I)


# what was turned down is named by its topic: no "recommendation" word at all ("¿Por qué la gerencia rechazó
# condicionar las transferencias …?"), or one with its topic ("la recomendación sobre …"); not "recommendation 9",
# "one of the recommendations", "some recommendations"
_NAMES_TOPIC = re.compile(r"^(?!.*\b(?:recomm?end\w*|recomend\w*)\b)|\b(?:recomm?endations?|recomendaci[oó]n(?:es)?)\s+"
                          r"(?:on|about|regarding|concerning|to|sobre|de|acerca\s+de|relativa\s+a|para)\s+(?!\d)", re.I | re.S)
TOPIC_PASSAGES = 3  # "why did management reject <a topic>?" asks of a recommendation in this many best passages


def response_class(text: str) -> str:
    """``partial``, ``rejected`` or ``accepted``: what a management response (or a question
    about one) says ("Parcialmente aceptada", "Rejected", "Agree")."""
    return "partial" if _PARTIAL.search(text) else "rejected" if _REJECTED.search(text) else "accepted"


def _by_response(question: str) -> bool:
    """Whether a question asks for recommendations by how management answered them, other than
    accepted ("did management reject", "se aceptaron parcialmente"): most are accepted."""
    return bool(_RESPONDED.search(question)) and response_class(question) != "accepted"


def response_records(question: str, hits, records, named: list[str] | None = None) -> list:
    """The recommendations a question asks for by their management response ("Which
    recommendation did WFP Ecuador's management reject, and why?", "Why did UNICEF only
    partly agree with …?"): those of the best document (named, else best-ranked) whose
    stated response is partial or a rejection, as asked, the one in the best-ranked passage
    first; [] for any other question, or when no response is stated. A "why" question that
    names what was rejected rather than asking which recommendation ("¿Por qué la gerencia
    rechazó condicionar las transferencias …?") asks of the one among the best passages: a
    rejected recommendation on another topic is not it."""
    if not records or not (_WHICH_REC.search(question) or _WHY.search(question)) or not _by_response(question):
        return []
    wanted = response_class(question)
    ranks = doc_rank(hits, named)
    found = [r for r in records if r.kind == "recommendation" and r.response and r.doc in ranks
             and response_class(r.response) == wanted]
    best = min((ranks[r.doc] for r in found), default=None)

    def hit_rank(r) -> int:  # the one the question's topic is about first: in the best passage
        return next((k for k, h in enumerate(hits) if h.chunk.doc == r.doc and r.end > h.chunk.start
                     and r.start < h.chunk.end), len(hits))
    out = sorted((r for r in found if ranks[r.doc] == best), key=hit_rank)
    if hits and _NAMES_TOPIC.search(question) and not _WHICH_REC.search(question):
        # "why did management reject <a topic>?", "… la recomendación sobre <a topic>?": the one on that topic
        out = [r for r in out if hit_rank(r) < min(TOPIC_PASSAGES, len(hits))]
    return out


def response_gap(question: str, records, named: list[str] | None = None):
    """``("unstated",)`` when a question asks which recommendations management accepted only in
    part or rejected and the documents asked about (``named``, else every document with
    recommendations) state no response for any of theirs (a form printing "aceptar / aceptar
    parcialmente / rechazar" without the choice): nothing to answer from, whatever passage
    mentions a rejection; else ``None``."""
    if not records or not _WHICH_REC.search(question) or not _by_response(question):
        return None
    asked = [r for r in records if r.kind == "recommendation" and (not named or r.doc in named)]
    return ("unstated",) if asked and not any(r.response for r in asked) else None
