"""The optional generated answer (off unless ``PUENTE_LLM_URL`` is set): the question and
the top passages go to an OpenAI-compatible chat endpoint; the reply is verified claim by
claim (:mod:`.verify`) before anything is shown, and only the claims that pass survive.

    config = LLMConfig.from_env()            # None: no endpoint configured
    result = generate(question, hits[:5], config, lang="es")
    for event in stream_generate(question, hits[:5], config, lang="es"):
        ...  # str: text as it arrives; the last event is the verified Generated

Endpoint failures raise :class:`.llm_client.LLMError` (one line naming the setting to
fix); the caller shows the extracted answer with that line. A :class:`Generated` with no
claims (``ok`` false) means the same: show the extracted answer and ``notice``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from . import client as llm_client
from .client import LLMConfig, LLMError, check_endpoint
from .verify import strip_reasoning, verify

__all__ = ["DEFAULT_PASSAGES", "Generated", "LLMConfig", "LLMError", "Passage", "build_messages", "check_endpoint",
           "generate", "stream_generate", "verify_reply"]

DEFAULT_PASSAGES = 5  # what callers should pass: the top hits
MAX_PASSAGE_CHARS = 3000  # a passage is cut here in the prompt (and verified as cut)
NO_ANSWER = "NO ANSWER"
_LANG_NAMES = {"en": "English", "es": "Spanish (español)"}


@dataclass(frozen=True)
class Passage:
    text: str
    citation: str = ""


def _as_passage(p) -> Passage:
    """A :class:`Passage` from anything with ``.text``/``.citation`` — or a search ``Hit``
    (whose chunk has them)."""
    src = p.chunk if hasattr(p, "chunk") else p
    return Passage(str(src.text).strip()[:MAX_PASSAGE_CHARS], str(getattr(src, "citation", "") or ""))


# ------------------------------------------------------------------ prompt
def build_messages(question: str, passages: Sequence[Passage], lang: str) -> list[dict]:
    """System rules and a user message with the numbered passages and the question."""
    language = _LANG_NAMES.get(lang, "the language of the question")
    system = (
        "You answer questions about humanitarian and policy reports using only the numbered passages "
        "the user gives you.\n"
        "Rules:\n"
        f"1. Answer in {language}, in 1 to 4 short sentences.\n"
        "2. End every sentence with the passages that support it, in square brackets: [1] or [1][3]. "
        "A sentence without a citation is deleted.\n"
        "3. Every number, date and name must be written as in the passages. Put quotation marks only "
        "around words copied exactly from a passage.\n"
        "4. Add nothing that the passages do not state.\n"
        f"5. If the passages do not answer the question, reply only: {NO_ANSWER}"
    )
    blocks = [f"[{i}] ({p.citation})\n{p.text}" if p.citation else f"[{i}]\n{p.text}"
              for i, p in enumerate(passages, 1)]
    user = (
        "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}\n\n"
        f"Answer in {language} in 1 to 4 sentences, citing passages as [1], [2]."
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# ------------------------------------------------------------------ result
_NOTICES = {
    "en": {
        "partial": "Verification removed {n} unsupported statement(s) from the generated answer.",
        "unverified": "No statement of the generated answer could be verified against the passages; "
                      "showing the extracted answer.",
        "no_answer": "The language model found no answer in the passages; showing the extracted answer.",
    },
    "es": {
        "partial": "La verificación quitó {n} afirmación(es) sin respaldo de la respuesta generada.",
        "unverified": "Ninguna afirmación de la respuesta generada se pudo verificar en los pasajes; "
                      "se muestra la respuesta extraída.",
        "no_answer": "El modelo de lenguaje no encontró respuesta en los pasajes; se muestra la respuesta extraída.",
    },
}


@dataclass(frozen=True)
class Generated:
    """A verified generated answer. ``status``: ``verified`` (every claim kept),
    ``partial`` (some removed), ``unverified`` (none survived), ``no_answer`` (the
    model said the passages do not answer) or ``error`` (the endpoint failed, see
    :meth:`from_error`). Show ``text`` only when ``ok``; else the extracted answer
    with ``notice``."""

    text: str  # the surviving claims, joined, with their [n] markers
    claims: list[tuple[str, list[int]]]
    citations: list[int]  # passage numbers the surviving claims cite, in first-use order
    removed: list[tuple[str, str]]  # (claim, reason)
    notice: str = ""  # one line for the user, or ""
    status: str = "verified"
    sources: dict[int, str] = field(default_factory=dict)  # cited number -> the passage's citation
    raw: str = field(default="", repr=False)  # the model's full reply

    @property
    def ok(self) -> bool:
        return bool(self.claims)

    @classmethod
    def from_error(cls, err: LLMError) -> Generated:
        """The result to show and put in ``--json`` when the endpoint failed: nothing
        generated, the error's one line as the notice."""
        return cls("", [], [], [], str(err), "error")

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "status": self.status,
            "claims": [{"text": t, "citations": c} for t, c in self.claims],
            "citations": self.citations,
            "sources": {str(n): s for n, s in self.sources.items()},
            "removed": [{"claim": c, "reason": r} for c, r in self.removed],
            "notice": self.notice,
        }


_NO_ANSWER = re.compile(r"\W*(?:no[\s_-]*answer|sin[\s_-]*respuesta)\W*?(?:$|[.!:;\n])", re.I)


def _is_no_answer(text: str) -> bool:
    """The reply is the NO ANSWER sentinel (maybe with a reason after it); "No answer
    was given to …" is a claim, not the sentinel."""
    return bool(_NO_ANSWER.match(text))


def verify_reply(reply: str, passages: Sequence, lang: str = "en") -> Generated:
    """Check the model's ``reply`` against ``passages`` (shown as [1]..[N]) and keep the
    claims that pass."""
    passages = [p if isinstance(p, Passage) else _as_passage(p) for p in passages]
    notices = _NOTICES.get(lang, _NOTICES["en"])
    visible = strip_reasoning(reply).strip()
    if not visible or _is_no_answer(visible):
        return Generated("", [], [], [], notices["no_answer"], "no_answer", raw=reply)
    checked = verify(visible, [p.text for p in passages])
    kept = [c for c in checked if c.kept]
    removed = [(c.claim, c.reason) for c in checked if not c.kept]
    cites: list[int] = []
    for c in kept:
        cites += [n for n in c.citations if n not in cites]
    if not kept:
        status, notice = "unverified", notices["unverified"]
    elif removed:
        status, notice = "partial", notices["partial"].format(n=len(removed))
    else:
        status, notice = "verified", ""
    return Generated(
        " ".join(c.claim for c in kept), [(c.claim, list(c.citations)) for c in kept], cites, removed,
        notice, status, {n: passages[n - 1].citation for n in cites}, reply,
    )


# ------------------------------------------------------------------ calls
def generate(question: str, passages: Sequence, config: LLMConfig, lang: str = "en",
             stream: bool = False) -> Generated:
    """The verified generated answer. ``passages``: the top hits (or anything with
    ``.text`` and ``.citation``), shown to the model as [1]..[N]. ``stream`` asks the
    server for SSE and collects it (see :func:`stream_generate` to show it as it comes).
    Raises :class:`LLMError` when the endpoint fails."""
    if stream:
        *_, result = stream_generate(question, passages, config, lang)
        return result
    shown = [_as_passage(p) for p in passages]
    if not shown:
        return verify_reply("", shown, lang)
    return verify_reply(llm_client.chat(config, build_messages(question, shown, lang)), shown, lang)


def stream_generate(question: str, passages: Sequence, config: LLMConfig,
                    lang: str = "en") -> Iterator[str | Generated]:
    """Yield the reply's text as it arrives (``str`` pieces, reasoning blocks left out),
    then one verified :class:`Generated` — which replaces the streamed text. Raises
    :class:`LLMError` (possibly after some text) when the endpoint fails."""
    shown = [_as_passage(p) for p in passages]
    reply, sent = "", ""
    if shown:
        for delta in llm_client.chat_stream(config, build_messages(question, shown, lang)):
            reply += delta
            visible = _streamable(reply)
            if len(visible) > len(sent) and visible.startswith(sent):
                yield visible[len(sent):]
                sent = visible
    yield verify_reply(reply, shown, lang)


def _streamable(reply: str) -> str:
    """What can be shown of a partial reply: no ``<think>`` block, and not the start of
    one that may still be arriving ("<thi")."""
    visible = strip_reasoning(reply).lstrip()
    for i in range(min(len(visible), 6), 0, -1):
        if "<think>".startswith(visible[-i:].lower()):
            return visible[:-i]
    return visible


def generate_or_notice(question: str, passages: Sequence, config: LLMConfig, lang: str = "en") -> Generated:
    """:func:`generate`, with an endpoint failure turned into a :class:`Generated` that
    carries the one-line notice (search goes on with the extracted answer)."""
    try:
        return generate(question, passages, config, lang)
    except LLMError as exc:
        return Generated.from_error(exc)
