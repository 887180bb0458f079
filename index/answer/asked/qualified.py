"""A part a question names by its qualifier, and a text that names that part by another one only:
a border, region or coast by its compass point ("la frontera norte" is not answered from "the
Southern Border"), a phase, round or quarter by its number ("the second phase" is not answered
from "la primera fase del plan …")."""
from __future__ import annotations

import re

from puente.common.text import fold

# each way of naming a part by its qualifier: a pattern and, of its match, (the words naming the part, its qualifier)
Rules = tuple[tuple[re.Pattern, object], ...]


def qualifiers(text: str, rules: Rules) -> dict[str, set]:
    """The qualifiers ``text`` gives each part it names."""
    out: dict[str, set] = {}
    folded = fold(text)
    for rx, read in rules:
        for m in rx.finditer(folded):
            part, value = read(m)
            out.setdefault(part, set()).add(value)
    return out


def other_qualifier(question: str, text: str, rules: Rules, around: str = "") -> str:
    """The words of ``question`` naming a part by its qualifier when ``text`` names that part by
    another qualifier only (or, naming it not at all, ``around`` does); "" otherwise."""
    asked, said = qualifiers(question, rules), qualifiers(around, rules) | qualifiers(text, rules)
    clash = {part for part, values in asked.items() if said.get(part) and not said[part] & values}
    folded = fold(question)
    named = [(m.group(0), read(m)[0]) for rx, read in rules for m in rx.finditer(folded)]
    return next((words for words, part in named if part in clash), "")


def gives_qualifier(question: str, text: str, rules: Rules) -> bool:
    """Whether ``text`` names a part the question names by its qualifier by that same one."""
    said = qualifiers(text, rules)
    return any(said.get(part, set()) & values for part, values in qualifiers(question, rules).items())


# a border, region or coast qualified by its compass point, either language: "the northern border", "la frontera sur"
_POINTS = {"north": "n", "northern": "n", "norte": "n", "septentrional": "n", "south": "s", "southern": "s", "sur": "s",
           "meridional": "s", "east": "e", "eastern": "e", "este": "e", "oriental": "e", "west": "w", "western": "w",
           "oeste": "w", "occidental": "w"}
_SIDES = {"border": "border", "borders": "border", "frontera": "border", "fronteras": "border", "region": "region",
          "regions": "region", "regiones": "region", "coast": "coast", "costa": "coast",
          "zone": "zone", "zona": "zone", "zonas": "zone", "zones": "zone"}
COMPASS: Rules = (
    (re.compile(rf"\b({'|'.join(k for k in _POINTS if k.isascii())})\s+(border|borders|region|regions|coast|zones?)\b"),
     lambda m: (_SIDES[m.group(2)], _POINTS[m.group(1)])),
    (re.compile(rf"\b(fronteras?|region|regiones|costa|zonas?)\s+({'|'.join(_POINTS)})\b"),
     lambda m: (_SIDES[m.group(1)], _POINTS[m.group(2)])))

# a phase, stage, round, quarter, half, cycle, edition or wave by its number: "the second phase", "la primera fase",
# "Phase II", "el segundo cuarto"
_NUMBERS = {"first": 1, "1st": 1, "primer": 1, "primera": 1, "primero": 1, "second": 2, "2nd": 2, "segunda": 2,
            "segundo": 2, "third": 3, "3rd": 3, "tercer": 3, "tercera": 3, "tercero": 3, "fourth": 4, "4th": 4,
            "cuarta": 4, "cuarto": 4, "fifth": 5, "5th": 5, "quinta": 5, "quinto": 5}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "one": 1, "two": 2,
          "three": 3, "four": 4, "five": 5, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5}
_PARTS = {"phase": "phase", "phases": "phase", "fase": "phase", "fases": "phase", "stage": "phase", "stages": "phase",
          "etapa": "phase", "etapas": "phase", "round": "round", "rounds": "round", "ronda": "round", "rondas": "round",
          "quarter": "quarter", "quarters": "quarter", "trimestre": "quarter", "trimestres": "quarter",
          "cuarto": "quarter", "half": "half", "semester": "half", "semestre": "half", "cycle": "cycle",
          "ciclo": "cycle", "edition": "edition", "edicion": "edition", "wave": "wave", "ola": "wave"}
ORDINALS: Rules = (
    (re.compile(rf"\b({'|'.join(_NUMBERS)})\s+({'|'.join(_PARTS)})\b"), lambda m: (_PARTS[m.group(2)], _NUMBERS[m.group(1)])),
    (re.compile(rf"\b({'|'.join(p for p in _PARTS if p != 'cuarto')})\s+({'|'.join(_ROMAN)})\b"),
     lambda m: (_PARTS[m.group(1)], _ROMAN[m.group(2)])))


def compass_points(text: str) -> dict[str, set]:
    """The compass points a text gives each border, region, coast or zone it names ("the
    Southern Border": {"border": {"s"}}, "la frontera norte": {"border": {"n"}})."""
    return qualifiers(text, COMPASS)


def other_point(question: str, text: str) -> str:
    """The words of ``question`` naming a border, region or coast by its compass point when
    ``text`` names it by another point only ("la frontera norte" against "the Southern Border")."""
    return other_qualifier(question, text, COMPASS)


def gives_point(question: str, text: str) -> bool:
    return gives_qualifier(question, text, COMPASS)


def ordinals(text: str) -> dict[str, set]:
    """The numbers a text gives each phase, round, quarter … it names ("la primera fase": {"phase": {1}})."""
    return qualifiers(text, ORDINALS)


def other_ordinal(question: str, text: str, around: str = "") -> str:
    """The words of ``question`` naming a phase, round or quarter by its number when ``text`` names
    it by another number only (or, naming none, ``around`` does: its title and section). The
    sentence speaks for itself: "la primera fase …" in the announcement of the second phase is
    about the first."""
    return other_qualifier(question, text, ORDINALS, around)


def gives_ordinal(question: str, text: str) -> bool:
    return gives_qualifier(question, text, ORDINALS)
