"""Which phase, stage, round or quarter a text speaks of: "Until when can Venezuelans register for the
second phase of the plan?" is not answered by "La primera fase del plan, ejecutada entre abril de
2021 y diciembre de 2022 …", which names the phase by another number only."""
from __future__ import annotations

import re

from puente.common.text import fold

_NUMBERS = {"first": 1, "1st": 1, "primer": 1, "primera": 1, "primero": 1, "second": 2, "2nd": 2, "segunda": 2,
            "segundo": 2, "third": 3, "3rd": 3, "tercer": 3, "tercera": 3, "tercero": 3, "fourth": 4, "4th": 4,
            "cuarta": 4, "cuarto": 4, "fifth": 5, "5th": 5, "quinta": 5, "quinto": 5}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "one": 1, "two": 2,
          "three": 3, "four": 4, "five": 5, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5}
# the things a plan, a year or a match is divided into, either language, by one name each
_PARTS = {"phase": "phase", "phases": "phase", "fase": "phase", "fases": "phase", "stage": "phase", "stages": "phase",
          "etapa": "phase", "etapas": "phase", "round": "round", "rounds": "round", "ronda": "round", "rondas": "round",
          "quarter": "quarter", "quarters": "quarter", "trimestre": "quarter", "trimestres": "quarter",
          "cuarto": "quarter", "half": "half", "semester": "half", "semestre": "half", "cycle": "cycle",
          "ciclo": "cycle", "edition": "edition", "edicion": "edition", "wave": "wave", "ola": "wave"}
_BEFORE = re.compile(rf"\b({'|'.join(_NUMBERS)})\s+({'|'.join(_PARTS)})\b")  # "the second phase", "la segunda fase"
_AFTER = re.compile(rf"\b({'|'.join(p for p in _PARTS if p != 'cuarto')})\s+({'|'.join(_ROMAN)})\b")  # "phase 2", "fase II"


def ordinals(text: str) -> dict[str, set[int]]:
    """The numbers a text gives each phase, stage, round, quarter or half it names ("la
    primera fase": {"phase": {1}}; "Phase II": {"phase": {2}})."""
    folded = fold(text)
    out: dict[str, set[int]] = {}
    for m in _BEFORE.finditer(folded):
        out.setdefault(_PARTS[m.group(2)], set()).add(_NUMBERS[m.group(1)])
    for m in _AFTER.finditer(folded):
        out.setdefault(_PARTS[m.group(1)], set()).add(_ROMAN[m.group(2)])
    return out


def other_ordinal(question: str, text: str, around: str = "") -> str:
    """The words of ``question`` naming a phase, round or quarter by its number when ``text``
    names that kind of part by another number only (or, when it names none, ``around`` does:
    its title and section); "" otherwise. The sentence speaks for itself: "la primera fase …"
    in the announcement of the second phase is about the first."""
    asked, said = ordinals(question), ordinals(around) | ordinals(text)
    clash = {part for part, numbers in asked.items() if said.get(part) and not said[part] & numbers}
    folded = fold(question)
    named = [(m.group(0), _PARTS[m.group(2)]) for m in _BEFORE.finditer(folded)] + \
        [(m.group(0), _PARTS[m.group(1)]) for m in _AFTER.finditer(folded)]
    return next((words for words, part in named if part in clash), "")


def gives_ordinal(question: str, text: str) -> bool:
    """Whether ``text`` names a part the question names by its number by that same number."""
    said = ordinals(text)
    return any(said.get(part, set()) & numbers for part, numbers in ordinals(question).items())
