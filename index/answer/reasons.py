"""The one-line reason shown when no passage answers: kept as a :class:`Why` (what it says)
and said in the question's language, or in the reader's interface language when the output
has one (``puente search --ui-lang``, the app's language toggle)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .asked.question import DATE, FREQUENCY, PLACE, QUANTITY, WHO

_EN, _ES = "en", "es"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    conj = " y " if lang == _ES else " and "
    return ", ".join(items[:-1]) + conj + items[-1]


def year_reason(asked: list[str], seen: list[str], lang: str) -> str:
    """"The reports mention 2023 figures; nothing on 2025." — ``seen``: years the closest
    passages do give (most frequent first)."""
    asked_s = _join(asked, lang)
    top = [y for y, _ in Counter(seen).most_common(2)]
    if lang == _ES:
        if top:
            return f"Los informes dan cifras de {_join(top, lang)}; nada sobre {asked_s}."
        return f"Los pasajes encontrados no dicen nada sobre {asked_s}."
    if top:
        return f"The reports mention {_join(top, lang)} figures; nothing on {asked_s}."
    return f"The passages found say nothing about {asked_s}."


def name_reason(names: list[str], lang: str) -> str:
    if lang == _ES:
        return f"Los pasajes encontrados no mencionan {_join(names, lang)}."
    return f"The passages found do not mention {_join(names, lang)}."


def local_reason(names: list[str], lang: str) -> str:
    """The constraint appears in the reports, but not with what the question asks in the passages
    read: said of those passages, not of every passage (a passage further down may answer)."""
    said = _join(names, lang)
    if lang == _ES:
        return f"Los informes mencionan {said}, pero ninguno de los pasajes encontrados responde a esto para {said}."
    return f"The reports mention {said}, but none of the passages found answers this for {said}."


def number_reason(numbers: list[str], lang: str) -> str:
    if lang == _ES:
        return f"Ningún pasaje encontrado da la cifra {_join(numbers, lang)}."
    return f"No passage found gives the figure {_join(numbers, lang)}."


_KIND_EN = {QUANTITY: "a figure", DATE: "a date", FREQUENCY: "how often", WHO: "who is responsible",
            PLACE: "the place"}
_KIND_ES = {QUANTITY: "una cifra", DATE: "una fecha", FREQUENCY: "la frecuencia", WHO: "quién es responsable",
            PLACE: "el lugar"}


def kind_reason(kind: str, lang: str) -> str:
    if lang == _ES:
        return f"Los pasajes más cercanos tratan el tema, pero ninguno da {_KIND_ES.get(kind, 'la respuesta')}."
    return f"The closest passages are on the topic, but none gives {_KIND_EN.get(kind, 'the answer')}."


def weak_reason(lang: str) -> str:
    if lang == _ES:
        return "Ningún pasaje encontrado responde a esta pregunta con suficiente precisión."
    return "No passage found answers this question closely enough."


def no_passages_reason(lang: str) -> str:
    if lang == _ES:
        return "No se encontró ningún pasaje."
    return "No passages were found."


def bare_reason(lang: str) -> str:
    """The question has no word of two letters ("2023", "848", "x"): nothing to answer."""
    if lang == _ES:
        return "Una cifra, un año o una letra sola no son una pregunta; abajo, los pasajes más cercanos."
    return "A figure, a year or a single letter alone is not a question; the closest passages are below."


def absent_reason(lang: str) -> str:
    """A document compared by the question holds no answer."""
    if lang == _ES:
        return "Ningún pasaje de este documento responde a esto."
    return "No passage of this document answers this."


_ITEM_ES = {"recommendation": ("la", "recomendación", "recomendaciones"), "action": ("la", "acción", "acciones"),
            "commitment": ("el", "compromiso", "compromisos"), "indicator": ("el", "indicador", "indicadores")}
_FIELD_ES = {"status": "estado", "priority": "prioridad", "target": "meta", "baseline": "línea de base",
             "response": "respuesta de la gerencia"}


def no_item_reason(kind: str, number: str, last: str, lang: str) -> str:
    """The documents asked about have no item with that number (checked in the whole index)."""
    if lang == _ES:
        art, one, many = _ITEM_ES.get(kind, ("el", kind, kind))
        return f"Los documentos consultados no tienen {art} {one} {number} (sus {many} llegan hasta {art} {last})."
    return f"The documents asked about have no {kind} {number} (their {kind}s go up to {last})."


def unfilled_reason(kind: str, number: str, field: str, lang: str) -> str:
    """The item is there, but its document gives no value in the column asked for."""
    if lang == _ES:
        art, one, _ = _ITEM_ES.get(kind, ("el", kind, kind))
        return f"{art.capitalize()} {one} {number} está en el documento, pero sin {_FIELD_ES.get(field, field)}."
    return f"{kind.capitalize()} {number} is in the document, but its {field} is not given."


def unstated_reason(lang: str) -> str:
    """The management responses asked about say of no recommendation how it was answered."""
    if lang == _ES:
        return ("Las respuestas gerenciales consultadas no indican qué recomendaciones se aceptaron, se aceptaron "
                "en parte o se rechazaron.")
    return "The management responses asked about do not say which recommendations were accepted, partly accepted or rejected."


def unindexed_reason(name: str, lang: str) -> str:
    """A comparison names an organisation no indexed document is from."""
    if lang == _ES:
        return f"No hay ningún documento de {name} en el índice; agréguelo con `puente ingest` para compararlo."
    return f"No document from {name} is indexed; add it with `puente ingest` to compare it."


_SAY = {"year": year_reason, "name": name_reason, "local": local_reason, "number": number_reason,
        "kind": kind_reason, "weak": weak_reason, "none": no_passages_reason, "absent": absent_reason, "bare": bare_reason,
        "no_item": no_item_reason, "unfilled": unfilled_reason, "unstated": unstated_reason,
        "unindexed": unindexed_reason}


@dataclass(frozen=True)
class Why:
    """A reason as what it says: ``kind`` (a key of ``_SAY``) and the arguments of that
    function before ``lang``; :meth:`say` words it in either language."""

    kind: str
    args: tuple = ()

    def say(self, lang: str) -> str:
        return _SAY[self.kind](*self.args, lang)
