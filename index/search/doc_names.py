"""The documents a question names, in English or Spanish.

A question names a document the way people do: by the organisation or country in its
title ("la OIM", "IOM's", "el ACNUR" for a UNHCR report) or by a few words of its title
in a row ("the MIRPS action plan", "la respuesta a la evaluación", "UNHCR's 2023
report", "el plan nacional del MIRPS"), in either language. One title word alone does
not ("Where does UNHCR *plan* to open hubs?", "the *national* networks"), unless it is
an organisation or a place that only that document's title holds.

Title words are compared across languages through the words report titles are made of
(evaluation/evaluación, response/respuesta, report/informe …); organisations and places
through the gazetteer (``common.places``: IOM/OIM, UNHCR/ACNUR).
"""
from __future__ import annotations

import re

from puente.common.places import demonym, find, spans
from puente.common.terms import ACRONYMS
from puente.common.text import fold
from puente.common.types import DocInfo

from .lexical import stopwords
from .title_words import GENRE_WORDS, TITLE_WORDS

# Words that join two names ("the plan and the report"): a name never runs across them.
_JOINS = frozenset({"and", "y", "e", "or", "o", "u", "with", "con", "versus", "vs", "nor", "ni", "but", "pero"})
_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9'’\-]")
_BREAK = object()
# the words that give a question's source: the document it is asked of ("según UNICEF", "according to the plan")
_SOURCE = re.compile(r"\b(?:seg[uú]n|according\s+to|de\s+acuerdo\s+con|as\s+reported\s+by|reported\s+by)\b", re.I)
MANY_PLACES = 3  # a title listing this many places is about a region: one of them names no document


def _units(text: str, vocab: set[str] | frozenset[str] = frozenset(), stop: frozenset[str] = frozenset(),
           cognates: dict[str, str] | None = None) -> list:
    """``text`` as a sequence of name units: an entity of the gazetteer (``"@UNHCR"``), a
    title word (its English form), or ``_BREAK`` where a name cannot go on (a join word,
    punctuation, or, when ``vocab`` is given, a word that is no title word and no stop word);
    ``cognates``: a long title word by its first seven letters, which a word of the other
    language of about its length shares ("integration", "normalization" for "integración",
    "normalización"; not "responsable" for "response")."""
    folded = fold(text)
    ents = spans(text)
    cognates = cognates or {}
    out: list = []
    k = 0
    for m in _TOKEN.finditer(folded):
        while k < len(ents) and ents[k][1] <= m.start():
            k += 1
        if k < len(ents) and ents[k][0] <= m.start() < ents[k][1] and not demonym(ents[k][2], folded[ents[k][0]:ents[k][1]]):
            unit = "@" + ents[k][2].en
            if not out or out[-1] != unit:
                out.append(unit)
            continue
        w = m.group(0)
        if not w[0].isalnum() or w in _JOINS:
            out.append(_BREAK)
            continue
        c = TITLE_WORDS.get(w, w)
        if not vocab:
            if (len(w) >= 3 or w.isdigit()) and w not in stop:
                out.append(c)
        elif c in vocab:
            out.append(c)
        elif len(w) >= 8 and abs(len(cognates.get(w[:7], "")) - len(w)) <= 2:  # "integration": a title's "integración"
            out.append(cognates[w[:7]])
        elif w not in stop:
            out.append(_BREAK)
    return out


_CAPITAL = r"[A-ZÁÉÍÓÚÑ][^\W\d_]+"
_NAME_RUN = re.compile(rf"{_CAPITAL}(?:\s+(?:(?:de|del|la|las|los|el|y|e|para|of|the|and|for)\s+)*{_CAPITAL})+")


def spelled_initials(question: str) -> list[tuple[int, int, str]]:
    """The initials, folded, of each run of three or more capitalised words in ``question``
    (joined only by "de", "y", "of" …) with where it starts and ends: an organisation written
    out whose acronym a file name holds ("Ministerio de Interior y Policía": "mip")."""
    out = []
    for m in _NAME_RUN.finditer(question):
        words = list(re.finditer(_CAPITAL, m.group(0)))
        for i in range(len(words) - 2):
            for j in range(i + 3, len(words) + 1):
                out.append((m.start() + words[i].start(), m.start() + words[j - 1].end(),
                            fold("".join(w.group(0)[0] for w in words[i:j]))))
    return out


def name_of(doc: str, title: str) -> str:
    """What names a document: its file name (words, not hyphens) and its title."""
    return f"{doc.replace('-', ' ')} {title}"


OPENING = 2  # a document's first passages: its cover and opening, where it says whose it is


def owner_of(opening: str) -> str:
    """The organisation a document's opening names as its own on a line of its own, after a
    label or before its acronym ("FUNDACIÓN NUEVOS CAMINOS", "Entidad solicitante: Fundación
    Frontera Solidaria (FFS), Dajabón", "Nuevos Caminos Foundation"): its cover says whose it is
    where its title may not. An organisation its text mentions in a sentence is not its own."""
    from puente.common.terms import ORG_WORD

    word = r"[^\W\d_][\w’'-]*"
    org = rf"{ORG_WORD}(?:[ \t]+(?:de|del|la|los|las|y|of|the|and|for|on))*(?:[ \t]+{word}){{1,4}}|(?:{word}[ \t]+){{1,3}}foundation"
    for line in fold(opening).split("\n"):
        m = re.fullmatch(rf"[ \t]*(?:[^:\n]{{1,40}}:[ \t]*)?({org})[ \t]*(?:\([a-z]{{2,8}}\))?[ \t]*(?:,[^\n]*)?", line)
        if m:
            return m.group(1)
    return ""


class DocNames:
    """The name units of each indexed document (its file name and title: title words in
    their English form, organisations and places) and the documents a question names."""

    def __init__(self, docs_info: dict[str, DocInfo], owners: dict[str, str] | None = None):
        self.stop = stopwords("en") | stopwords("es")
        owners = owners or {}  # the organisation each document's opening names (:func:`owner_of`)
        self.names = names = {d: name_of(d, f"{info.title} {owners.get(d, '')}".strip()) for d, info in docs_info.items()}
        self.titles = {d: info.title or d for d, info in docs_info.items()}
        self.units = {d: {u for u in _units(name, stop=self.stop) if u is not _BREAK} for d, name in names.items()}
        self.title_words = {u for us in self.units.values() for u in us if not u.startswith("@")}
        stems: dict[str, set[str]] = {}
        for w in self.title_words:
            if len(w) >= 8 and w.isalpha():
                stems.setdefault(w[:7], set()).add(w)
        self.cognates = {k: next(iter(v)) for k, v in stems.items() if len(v) == 1}
        # the words of the names as written (the answer step reads a question's names with them)
        self.vocab = {w for name in names.values() for w in re.findall(r"[a-z0-9]+", fold(name))
                      if (len(w) >= 3 or w.isdigit()) and w not in self.stop}
        self._places: dict[str, list[str]] = {}

    def of_organisations(self, query: str) -> list[str]:
        """Every document whose name holds an organisation the question names ("del ACNUR":
        both UNHCR reports), in index order."""
        from puente.common.places import find

        orgs = {"@" + e.en for e in find(query) if e.kind == "org"}
        return [d for d in self.units if self.units[d] & orgs]

    def _among_places(self, unit: str, doc: str) -> bool:
        """Whether ``unit`` is one of the ``MANY_PLACES`` or more places the document's title
        lists ("… in Chile, Peru and Panama"): where it works, which that place alone does
        not name ("the Panama office" is not that document's)."""
        places = self.places(doc)
        return len(places) >= MANY_PLACES and unit[1:] in places

    def _holders(self, unit: str) -> list[str]:
        """The documents whose name holds ``unit``."""
        return [d for d in self.units if unit in self.units[d]]

    def _best(self, units: set[str], among: list[str], prefer: set[str], pick=None, also: set[str] = frozenset(),
              least: int = 1) -> str | None:
        """The one document of ``among`` whose name holds the most of ``units``; a tie goes
        to the one document of the tied that holds an entity of ``prefer``, else the most of
        ``also`` (the question's other name words: "UNHCR's 2023 report … in Mexico"), else to
        the one ``pick(tied)`` chooses (the one the question's topic is in) when the tied
        names hold ``least`` of ``units``."""
        counts = {d: len(units & self.units[d]) for d in among}
        top = max(counts.values(), default=0)
        tied = [d for d in among if counts[d] == top]
        if len(tied) > 1:
            preferred = [d for d in tied if self.units[d] & prefer]
            tied = preferred or tied
        if len(tied) > 1 and also:
            more = {d: len(also & self.units[d]) for d in tied}
            tied = [d for d in tied if more[d] == max(more.values())]
        if len(tied) > 1 and pick is not None and top >= max(least, 1):
            return pick(tied)
        return tied[0] if len(tied) == 1 else None

    def named(self, query: str, pick=None, by_entity: bool = True) -> list[str]:
        """:meth:`named_once`; where a name fits several documents and the question names
        others for sure, not one whose title is about another place than theirs (a
        comparison of "UNICEF's management response" in El Salvador "and the national plan"
        means El Salvador's plan, not Mexico's), then ``pick``'s choice among the rest."""
        if pick is None:
            return self.named_once(query, None, by_entity)
        sure = self.named_once(query, None, by_entity)
        places = {p for d in sure for p in self.places(d)}
        if not places:
            return self.named_once(query, pick, by_entity)

        def local(docs: list[str]) -> str | None:  # not one known to be about another place
            near = [d for d in docs if set(self.places(d)) & places or not self.places(d)]
            return near[0] if len(near) == 1 else pick(near or docs)

        return self.named_once(query, local, by_entity)

    def places(self, doc: str) -> list[str]:
        if doc not in self._places:
            from puente.common.places import title_places

            self._places[doc] = title_places(self.titles[doc])  # as track reads them: the title's
        return self._places[doc]

    def named_once(self, query: str, pick=None, by_entity: bool = True) -> list[str]:
        """Documents the question names, in the order their names appear: a run of title
        words of which a document's name holds two or more (more than any other's), or an
        organisation or place only one document's name holds — or several do and the
        question's other name words point to one of them — or a title word written as a
        name (capitalised, not the question's first word, not a word of report titles:
        "Tesla", not "Plan") that only one document's name holds. Where a name fits several
        documents alike ("the MIRPS action plan" of two countries' plans, "UNHCR's 2023
        report" of two countries' reports, "IOM's" of several IOM reports), ``pick(docs) ->
        doc`` chooses among them (without it, none is named); with ``by_entity`` False
        organisations and places without title words ("la OIM", "UNHCR Mexico") are not
        picked for (a comparison's side for them is chosen on its topic, ``answer.per_document``)."""
        seq = _units(query, self.title_words, self.stop, self.cognates)
        entities = {u for u in seq if u is not _BREAK and u.startswith("@")}
        every = {u for u in seq if u is not _BREAK}
        found: list[tuple[int, str]] = []
        run: list[tuple[int, str]] = []
        for i, u in enumerate([*seq, _BREAK]):
            if u is not _BREAK:
                run.append((i, u))
                continue
            units = {v for _, v in run}
            if len(units) >= 2:
                titled = any(not v.startswith("@") for v in units)  # "UNHCR Mexico" is names alone
                d = self._best(units, list(self.units), entities, pick if by_entity or titled else None, every, 2)
                if d is not None and len(units & self.units[d]) >= 2:
                    found.append((run[0][0], d))
            run = []
        places = {"@" + e.en for e in find(query) if e.kind == "place"}
        # documents named by a place alone ("El Salvador": the cluster's minutes) -> the documents that place fits
        by_place: dict[str, set[str]] = {}
        for i, u in enumerate(seq):
            if u is _BREAK or not u.startswith("@"):
                continue
            holders = [d for d in self._holders(u) if not self._among_places(u, d)]
            if not holders or any(d in holders for _, d in found):
                continue
            d = holders[0] if len(holders) == 1 else self._best(every, holders, set(), pick if by_entity else None)
            if d is not None:
                found.append((i, d))
                if u in places:  # with the documents that list it among others
                    by_place.setdefault(d, set()).update(self._holders(u))
        folded = fold(query)  # a nationality ("Venezuelan refugees") is who, not which document
        people = {folded[a:b] for a, b, e in spans(query) if demonym(e, folded[a:b])}
        proper = {fold(m.group(0)) for m in list(re.finditer(r"\w+", query))[1:] if m.group(0)[0].isupper()} - people
        capitals = {fold(a) for a in re.findall(r"\b[A-Z]{3}\b", query)} - set(ACRONYMS)  # "GBV" is a topic
        for i, u in enumerate(seq):  # a proper name ("Tesla", "Tempore") only one title holds
            if u is _BREAK or u.startswith("@") or u not in proper or u in GENRE_WORDS:
                continue
            if len(u) < 4 and not (u in capitals and _alone(seq, i)):  # a three-capital acronym standing alone: "y FAN)"
                continue
            holders = self._holders(u)
            if len(holders) == 1:
                found.append((i, holders[0]))
        for start, _, abbr in spelled_initials(query):  # "el Ministerio de Interior y Policía": the file "mip-rd-…"
            holders = self._holders(abbr) if abbr not in ACRONYMS else []
            if len(holders) == 1:
                found.append((len(_units(query[:start], self.title_words, self.stop, self.cognates)), holders[0]))
        found += [(len(seq), d) for d in self.pair_of_kind(query)]  # after those it names itself
        # a place that a document named otherwise also fits is where that one works, not another document
        # ("the RIMH project … split between Chile and Peru": not the Chile strategy)
        other = {d for i, d in found if not (d in by_place and i < len(seq) and seq[i] in places)}  # named otherwise
        found = [(i, d) for i, d in found if d not in by_place or d in other or not (by_place[d] & other)]
        source = _SOURCE.search(query)  # "…en El Salvador, según UNICEF?": the place is the topic, UNICEF's the document
        said = re.split(r"[,;:?¿.()]", query[source.end():], maxsplit=1)[0] if source and by_place else ""  # its name
        theirs = set(self.named_once(said, pick, by_entity)) if said.strip() else set()
        found = [(i, d) for i, d in found if not theirs or d in theirs or d not in by_place]
        out: list[str] = []
        for _, d in sorted(found):
            if d not in out:
                out.append(d)
        return out

    def pair_of_kind(self, query: str) -> list[str]:
        """The two documents of a kind the question names as a pair ("the two management
        responses", "ambas respuestas de la gerencia", "both plans"): those whose name holds
        the kind's title words, when exactly two do; else none."""
        m = _PAIR.search(fold(query))
        if not m:
            return []
        kind: set[str] = set()
        plural = False
        for w in m.group(1).split():  # the kind's words up to its noun in the plural ("management responses")
            one = _singular(w)
            if one not in GENRE_WORDS:
                break
            kind.add(TITLE_WORDS.get(one, one))
            if one != w:
                plural = True
                break
        if not plural:
            return []
        holders = [d for d, units in self.units.items() if kind <= units]
        return holders if len(holders) == 2 else []


# "the two management responses", "both plans", "ambas respuestas de la gerencia", "los dos informes"
_PAIR = re.compile(r"\b(?:the\s+two|both(?:\s+the)?|ambos|ambas|los\s+dos|las\s+dos)\s+((?:[a-z]+\s+){0,3}[a-z]+)")


def _singular(word: str) -> str:
    """A title word's singular in English or Spanish ("responses", "respuestas", "planes")."""
    if word.endswith("es") and word[:-2] in GENRE_WORDS:
        return word[:-2]
    return word[:-1] if word.endswith("s") and word[:-1] in GENRE_WORDS else word


def _alone(seq: list, i: int) -> bool:
    """Whether the name unit at ``i`` stands alone (not inside a run of names: "HAA Perú")."""
    return (i == 0 or seq[i - 1] is _BREAK) and (i + 1 >= len(seq) or seq[i + 1] is _BREAK)


def naming_words(question: str, names: list[str]) -> list[str]:
    """The words of ``question`` that name one of the compared documents ("MIRPS",
    "national", "plan", "Pro", "Tempore", "Presidency"): words of a document's file name or
    title, in either language ("nacional" names "National", "informe" a "Report"; by their
    first five letters, so "Presidencia" names "Presidency"), and the words of an
    organisation or place a name holds, in any of its forms ("IOM" for "OIM", "South
    America" for "América del Sur"), or spells out ("Ministerio de Interior y Policía": "mip")."""
    stop, have, held = _name_words(names)
    stems = {w[:5] for w in have if len(w) >= 5}
    named_spans = [(a, b) for a, b, e in spans(question) if e in held]
    named_spans += [(a, b) for a, b, abbr in spelled_initials(question) if abbr in have and abbr not in ACRONYMS]
    out = []
    for m in re.finditer(r"\w+", question):
        w = fold(m.group(0))
        if w in stop:
            continue
        c = TITLE_WORDS.get(w, w)
        if c in have or (len(w) >= 5 and w[:5] in stems) or any(a <= m.start() < b for a, b in named_spans):
            out.append(m.group(0))
    return out


def proper_names(question: str, names: list[str]) -> list[str]:
    """The words of ``question`` that name one of the documents of ``names`` (file name and
    title), and are not also what it asks about: an organisation or place a name holds
    ("IOM", "OIM", "México"; not a nationality), a word of a name written capitalised past
    the question's first word ("Tesla", "Rainwater Schools Programme", "MIRPS"), and the
    report words of a name next to those ("IOM's management response", "Mexico's national
    action plan"; not "migración" further on) — each only when every time the question
    writes it, it names ("schools" in "How many schools did the Rainwater Schools Programme
    reach?" is asked about). Narrower than :func:`naming_words`: the answer step reads a
    question about one document with these words left out."""
    stop, have, held = _name_words(names)
    folded = fold(question)
    named_spans = [(a, b) for a, b, e in spans(question) if e in held and not demonym(e, folded[a:b])]
    words = [m for m in re.finditer(r"\w+", question) if fold(m.group(0)) not in stop and len(m.group(0)) > 1]
    folds = [fold(m.group(0)) for m in words]
    title = [TITLE_WORDS.get(w, w) in have for w in folds]  # a word of a name (in its English form)
    mark = [any(a <= m.start() < b for a, b in named_spans) or (k > 0 and m.group(0)[0].isupper() and title[k])
            for k, m in enumerate(words)]
    genre = [t and w in GENRE_WORDS for t, w in zip(title, folds)]
    grown = True
    while grown:  # report words join the name they stand next to
        grown = False
        for k in range(len(words)):
            if genre[k] and not mark[k] and ((k and mark[k - 1]) or (k + 1 < len(words) and mark[k + 1])):
                mark[k] = grown = True
    naming: dict[str, bool] = {}
    for w, named in zip(folds, mark):
        naming[w] = naming.get(w, True) and named
    return [m.group(0) for m, w in zip(words, folds) if naming[w]]


def _name_words(names: list[str]) -> tuple[frozenset[str], set[str], set]:
    """The stop words of both languages, the words of ``names`` (their English form when
    report titles use the word) and the organisations and places they hold."""
    stop = stopwords("en") | stopwords("es")
    have = {TITLE_WORDS.get(w, w) for n in names for w in re.findall(r"\w+", fold(n)) if w not in stop}
    return stop, have, {e for n in names for e in find(n)}


def only_title_naming(question: str, doc: str, titles: dict[str, str]) -> bool:
    """Whether the question names ``doc`` by what its title alone holds among the indexed
    documents' ``titles``: an acronym of three or more capitals ("según el MIRPS"; not
    "COVID", a topic several titles may name, nor one of the field's, "GBV"), or a proper
    name of two or more capitalised words ("Entornos Protectores: how many …", a programme's
    or a plan's own name; not a country's or an organisation's: "Costa Rica", "World Bank")."""
    others = [t for d, t in titles.items() if d != doc]
    own = titles.get(doc, "")

    def acronyms(text: str) -> set[str]:
        return {a for a in re.findall(r"\b[A-Z]{3,}\b", text) if a.lower() not in ACRONYMS}  # not a topic: "GBV"
    if acronyms(question) & (acronyms(own) - {a for t in others for a in acronyms(t)}):
        return True
    for a, b, _ in spans(question):  # a country or an organisation is no title's own name
        question = question[:a] + "|" * (b - a) + question[b:]

    def words(text: str) -> str:
        return " " + " ".join(re.findall(r"\w+", fold(text))) + " "
    own_words, other_words = words(own), [words(t) for t in others]
    for m in re.finditer(r"\b[A-ZÁÉÍÓÚÑ][\w-]+(?:\s+(?:de\s+|del\s+|of\s+)?[A-ZÁÉÍÓÚÑ][\w-]+)+", question):
        ws = re.findall(r"\w+", fold(m.group(0)))
        runs = {" " + " ".join(ws[i:j]) + " " for i in range(len(ws)) for j in range(i + 2, len(ws) + 1)}
        if any(run in own_words and not any(run in t for t in other_words) for run in runs):
            return True
    return False
