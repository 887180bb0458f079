"""What a question asks for, and what it pins down (no model).

* ``kind``: the type of answer it wants — a quantity ("how many", "cuántas", "what
  percentage", "tasa de"), a date or deadline ("when", "plazo", "fecha"), a frequency
  ("how often", "con qué frecuencia"), a responsible unit or person ("who", "which
  unit", "responsable", "quién"), a place ("where", "which countries", "qué países"),
  or ``open``.
* constraints the answer's passage must support: years ("in 2024"), other figures
  ("740 people"), countries and nationalities, organisations (``common.places``) and
  other proper names ("Local Integration Programme"). A passage that is about the
  right topic but another year or country does not answer the question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from puente.common.places import Entity, find, mentions
from puente.common.text import fold

from ...search.lexical import stopwords
from .acronyms import spelt_out
from .reason import opens_on_why
from .years import SHORT_SPAN, YEAR, has_year, spans

QUANTITY, DATE, FREQUENCY, WHO, PLACE, OPEN = "quantity", "date", "frequency", "who", "place", "open"
TERM = "term"  # what something is called: "What is a synonym for …?", "¿Cómo se conoce …?"

_KINDS = [
    (FREQUENCY, re.compile(
        r"\b(how\s+often|how\s+frequently|how\s+regularly|at\s+what\s+frequency|frequency|"
        r"con\s+qu[eé]\s+frecuencia|cada\s+cu[aá]nto|periodicidad|frecuencia)\b", re.I)),
    (QUANTITY, re.compile(
        r"\b(how\s+many|how\s+much|what\s+(?:percentage|percent|proportion|share|rate|ratio|number|amount|figure|"
        r"total|sum|budget|cost)|what\s+(?:is|was|are|were)\s+the\s+(?:[\w-]+\s+){0,4}?(?:figures?|totals?|amount|"
        r"percentage|baseline)(?=\s*(?:\?|$|,|in\b|for\b|of\s+(?!the\s+(?:plan|report|document|strategy)|speech)|"
        r"(?:achieved|reached|received|spent|funded|planned|registered|recorded|reported|assisted)\b))|"
        r"cu[aá]l(?:es)?\s+(?:es|era|fue|son|eran)\s+(?:el|la|los|las)\s+(?:[\w-]+\s+){0,4}?(?:cifras?|total|monto|"
        r"l[ií]nea\s+de\s+base)(?=\s*(?:\?|$|,|en\b|para\b|del?\s+(?!la\s+(?:estrategia|plan)|el\s+plan)))|which\s+(?:percentage|proportion|share)|number\s+of|percentage\s+of|"
        r"proportion\s+of|share\s+of|rate\s+of|how\s+well[\s-]+(?:funded|financed|resourced)|"
        r"(?:qu[eé]\s+tan|cu[aá]n)\s+financiad[oa]s?|how\s+long|how\s+old|at\s+what\s+age|qu[eé]\s+edad|"
        r"(?<!en\s)cu[aá]nt[oa]s?|qu[eé]\s+(?:porcentaje|proporci[oó]n|tasa|cantidad|cifra|monto|n[uú]mero|"
        r"presupuesto)|n[uú]mero\s+de|porcentaje|proporci[oó]n|tasa|cantidad\s+de|"
        r"(?:what|qu[eé])\s+(?:level|nivel)\s+(?:of|de)\s+(?:execution|ejecuci[oó]n|spending|gasto|coverage|cobertura))\b", re.I)),
    (DATE, re.compile(
        # "when"/"cuando" asks a date where a question asks it: first ("¿Desde cuando …?"), after a comma
        # or "¿" ("According to the plan, when …?"), after "and"/"y", a verb of telling ("Does the report
        # say when …?") or "from"/"a partir de", or last; elsewhere it is a conjunction ("How old was he
        # when he played?", "Did UNHCR add shelters when arrivals grew?", "¿Qué sucedió cuando …?")
        r"(?:^|[,;:¿(]|\b(?:and|y|or|o|say|says|said|know|knows|tell|tells|told|ask|asks|indicate|indicates|"
        r"specify|specifies|state|states|mention|mentions|exactly|from|since|until|by|dice|dicen|indica|indican|sabe|"
        r"saber|especifica|menciona|desde|hasta|para|partir\s+de))\W*(?:when|cuando)\b|\b(?:when|cuando)\W*$|"
        r"\b(cuándo|(?<!to )(?<!to-)(?<!of )dates?|what\s+year|which\s+year|deadline|"
        r"time\s*frame|timeline|scheduled|cut-?off|"
        r"qu[eé]\s+fecha|en\s+qu[eé]\s+(?:fecha|a[nñ]o|mes)|plazo|(?<!hasta la )(?<!a la )fecha|"
        r"fecha\s+de\s+corte|fecha\s+l[ií]mite)\b",
        re.I)),
    (WHO, re.compile(
        r"\b(who|whom|whose|by\s+whom|responsible|in\s+charge|addressed\s+to|"
        r"(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:units?|offices?|agenc(?:y|ies)|organi[sz]ations?|institutions?|"
        r"ministr(?:y|ies)|teams?|person|persons|bod(?:y|ies)|entit(?:y|ies)|partners?|authorit(?:y|ies)|"
        r"departments?|actors?|staff)|"
        r"qui[eé]n(?:es)?|responsables?|a\s+cargo|dirigida|encargad[oa]s?|"
        r"qu[eé]\s+(?:[\w-]+\s+){0,2}?(?:unidad|unidades|oficinas?|agencias?|organizaci[oó]n|organizaciones|"
        r"instituci[oó]n|instituciones|ministerios?|equipos?|persona|organismos?|entidad|entidades|"
        r"autoridad|autoridades|socios?|actores|departamentos?))\b", re.I)),
    # a person named by what they do: "Which Argentine artist painted …?", "¿Qué investigador usó …?"
    (WHO, re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?(?:players?|researchers?|scientists?|writers?|authors?|artists?|kings?|"
                     r"queens?|emperors?|composers?|inventors?|engineers?|architects?|philosophers?|economists?|quarterbacks?|"
                     r"coaches?)\b|\bqu[eé]\s+(?:(?:jugador|investigador|escritor|autor|compositor|inventor|entrenador)(?:a|es|as)?|"
                     r"cient[ií]fic[oa]s?|artistas?|rey(?:es)?|reinas?|emperador(?:es)?|ingenier[oa]s?|arquitect[oa]s?|"
                     r"fil[oó]sof[oa]s?|economistas?)\b", re.I)),
    # a keyword question that ends on its lead body: "Paraguay plan anti-xenophobia campaign: lead institution?"
    (WHO, re.compile(r"\b(?:lead\s+(?:agenc(?:y|ies)|institutions?|ministr(?:y|ies)|organi[sz]ations?|units?|offices?|"
                     r"entit(?:y|ies)|departments?)|(?:instituci[oó]n|entidad|agencia|organismo|ministerio)\s+"
                     r"(?:l[ií]der|rectora|rector))\W*$", re.I)),
    (TERM, re.compile(
        r"\b(?:what\s+(?:is|are|was|were)\s+(?:the|a|an|another)\s+(?:[\w-]+\s+)?(?:term|synonym|nickname|word)\s+"
        r"for|another\s+name|also\s+known|known\s+as\s+what|"
        r"how\s+(?:is|are|was|were)\s+(?:[\w'-]+\s+){1,8}?(?:known|called|termed|referred\s+to\s+as)|"
        r"what\s+(?:is|are|was|were)\s+(?:[\w'-]+\s+){1,8}?called|"
        r"c[oó]mo\s+se\s+(?:conoce|conocen|denomina|denominan)|c[oó]mo\s+(?:es|son|era|eran)\s+(?:conocid|llamad)\w*|"
        r"(?:cu[aá]l|qu[eé])\s+(?:es|era|fue)\s+(?:el|un|otro)\s+(?:t[eé]rmino|sin[oó]nimo|apodo)"
        r"(?:\s+[\w-]+)?\s+(?:de|para|del)(?!\s+\w+(?:ar|er|ir)\b)|otro\s+nombre)\b",  # not "el término para presentar"
        re.I)),
    (PLACE, re.compile(
        r"\b(where|which\s+(?:countries|country|cities|city|states|state|regions?|places?|locations?)|"
        r"what\s+(?:countries|country|cities|city|states|regions?|locations?)|"
        r"d[oó]nde|qu[eé]\s+(?:pa[ií]s|pa[ií]ses|ciudad|ciudades|estados?|regi[oó]n|regiones|lugar(?:es)?)|"
        r"en\s+qu[eé]\s+(?:pa[ií]s|ciudad|estado|regi[oó]n|parte|lugar))\b", re.I)),
]

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[,.\s]\d{3})+|\d+(?:[.,]\d+)?)\s*(%|per\s*cent|por\s*ciento)?")
# numbers that refer to an item, not a figure: "recommendation 4", "acción 1.1", "indicator 2.2"
REFERENCE = re.compile(
    r"\b(?:recommendations?|recomendaci[oó]n(?:es)?|actions?|acci[oó]n(?:es)?|commitments?|compromisos?|"
    r"indicators?|indicador(?:es)?|pillars?|pilar(?:es)?|sections?|secci[oó]n|chapter|cap[ií]tulo|"
    r"outcome\s+area|impact\s+area|[aá]rea|no\.?|n[º°o]\.?|number|n[uú]mero|page|p[aá]gina|p\.)\s*$", re.I)
_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+$")
_DECADE = re.compile(r"\d0['’]?s\b")

_CONNECT = {"de", "del", "la", "las", "los", "el", "of", "the", "and", "y", "for", "para", "on", "sobre", "en", "in"}
_QWORDS = {"what", "which", "who", "when", "where", "how", "why", "does", "did", "do", "is", "are", "was", "were",
           "according", "que", "cual", "cuales", "quien", "quienes", "cuando", "donde", "como", "cuanto", "cuanta",
           "cuantos", "cuantas", "segun", "por", "con"}
# an institution named by its common noun, capitalised as reports do ("el Gobierno dominicano", "the
# Ministry"): alone it is no proper name a passage must repeat; in a name it is ("Ministerio de Salud")
_INSTITUTION = {"gobierno", "government", "estado", "state", "ministerio", "ministry", "presidencia", "presidency",
                "secretaria", "secretariat", "oficina", "office", "gerencia", "management"}
_ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ]{3,8}")


@dataclass
class Question:
    text: str
    lang: str
    kind: str = OPEN
    years: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    names: list[list[str]] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)  # what a "how many" question counts (folded words)
    money: bool = False  # a quantity question about an amount of money
    measure: str = ""  # a quantity question about a length: "time" ("how long", "¿cuánto tiempo?") or "age"
    share: bool = False  # a quantity question about a share: "what percentage", "what share of", "la tasa de"


# a figure's topic rather than a question word: a quantity only when no other kind is asked for and the
# question asks what something is or was ("What was the total final budget?", "¿Cuál era el tamaño promedio?")
# or what part of it ("¿Qué parte del presupuesto …?"; "¿En qué parte de los Estados Unidos …?" is not a figure),
# not "What did the evaluation recommend on the funding model?" or "Who is responsible … funding …?"
_FIGURE_TOPIC = re.compile(
    r"\b(budget|funding|expenditure|spending|average|contributions?|donations?|presupuesto|financiamiento|"
    r"financiaci[oó]n|gastos?|aportes?|contribuci[oó]n(?:es)?|donaci[oó]n(?:es)?|promedio)\b", re.I)
_WHAT_IS = re.compile(r"^\W*(?:what|which|cu[aá]l(?:es)?|qu[eé])\s+(?:is|was|are|were|es|era|fue|son|eran|fueron)\b|"
                      r"\b(?:what|which|qu[eé])\s+(?:part|parte)\b", re.I)  # "¿qué parte del presupuesto …?": a share


# a count named as a noun ("the number of students") that the question does not ask for: it asks
# "of what ethnicity" / "¿de qué etnia?" about it (a written "qué": "después de que" is no question)
_COUNT_NOUN = re.compile(r"\b(?:number|percentage|proportion|share|rate)\s+of\b|"
                         r"\b(?:n[uú]mero|porcentaje|proporci[oó]n|tasa|cantidad)\s+de\b", re.I)
_HOW_MANY_WORDS = re.compile(r"\b(?:how\s+(?:many|much|long)|cu[aá]nt[oa]s?)\b|"
                             r"\b(?:what|which|qu[eé]|cu[aá]l)\s+(?:is|was|are|were|es|era|fue)?\s*(?:the\s+|el\s+|la\s+)?"
                             r"(?:number|percentage|proportion|share|rate|amount|n[uú]mero|porcentaje|proporci[oó]n|"
                             r"tasa|cantidad)\b", re.I)
_HOW_LONG = re.compile(r"\b(?:how\s+long|cu[aá]nto\s+tiempo)\b", re.I)  # a quantity's measure: a length of time
_HOW_OLD = re.compile(r"\b(?:how\s+old|at\s+what\s+age|how\s+many\s+years\s+old|qu[eé]\s+edad|"  # or an age;
                      r"cu[aá]ntos\s+a[nñ]os\s+(?:ten[ií]an?|tienen?|tendr[aá]n?|tendr[ií]an?|cumpl[ií]an?|cumpli[oó]|"
                      r"cumplen?|cumplir[aá]n?)\b(?!\s+(?:que|para)\b|\s+de\s+(?!edad\b)))", re.I)
# "¿cuántos años tenía …?" is "how old was …?"; not "¿cuántos años tienen que esperar …?", "… tiene de vigencia …?"
# "of what ethnicity", "de qué etnia" (not the relative "in which": "the number of states in which …")
_OF_WHAT = re.compile(r"\b(?:(?:of|from|by|with|in)\s+what|of\s+which|(?:de|en|por|con)\s+qué)\s+\w+", re.I)

# "who" after a noun relates a clause to it ("children who want …"), unless it asks a name ("the name of the player who …")
_RELATIVE_WHO = re.compile(r"(?<=[^\W\d_]{3})(?<!\band)(?<!\bsay)(?<!\bsays)(?<!\bknow)(?<!\btell)(?<!\bask)"
                           r"(?<!\bfrom)(?<!\bwith)\s+who\b", re.I)
_NAME_ASKED = re.compile(r"\b(?:names?|apellidos?|nombres?)\b", re.I)


def answer_kind(question: str) -> str:
    """The type of answer a question asks for (first matching pattern wins; a figure's
    topic word, only as said at ``_FIGURE_TOPIC``; a count named only as a noun the question
    asks something else about, as said at ``_COUNT_NOUN``)."""
    if opens_on_why(question):  # "Why is the second timeline needed?" asks no date
        return OPEN
    for kind, rx in _KINDS:
        if rx.search(question):
            if (kind == QUANTITY and _COUNT_NOUN.search(question) and _OF_WHAT.search(question)
                    and not _HOW_MANY_WORDS.search(question)):
                continue
            if kind == WHO and not rx.search(_RELATIVE_WHO.sub(" ", question)) and not _NAME_ASKED.search(question):
                continue  # "… for Venezuelan children who want to go to school": whom it is about, not who
            return kind
    if _FIGURE_TOPIC.search(question) and _WHAT_IS.search(question):
        return QUANTITY
    return OPEN


def norm_number(s: str) -> str:
    """``"782,000"`` / ``"782.000"`` / ``"782 000"`` -> ``"782000"``; decimals keep their point
    without trailing zeros, as tables print them: ``"848.00"`` -> ``"848"``, ``"57,50"`` -> ``"57.5"``."""
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:[,.\s]\d{3})+", s):
        return re.sub(r"[,.\s]", "", s)
    s = s.replace(",", ".")
    return s.rstrip("0").rstrip(".") if "." in s else s


def figures(question: str) -> tuple[list[str], list[str]]:
    """Years and other figures the question states (item references and codes left out)."""
    whole = spans(question)
    found, numbers = [f"{m.group(1)}-{m.group(2)}" for m in whole], []
    ranges = [(m.start(2), m.end(2)) for m in SHORT_SPAN.finditer(question)] + [m.span() for m in whole]
    for m in _NUMBER.finditer(question):
        raw = m.group(1)
        if any(a <= m.start(1) < b for a, b in ranges):
            continue  # the "24" of "2023-24", the years of "2025-2028": part of a span of years
        if YEAR.fullmatch(raw):
            if raw not in found:
                found.append(raw)
            continue
        if REFERENCE.search(question[: m.start()]) or _CODE.match(raw) or _DECADE.match(question, m.start(1)) or \
                re.search(r"\ba[nñ]os\s+$", question[: m.start()], re.I) or re.match(r"(?:st|nd|rd|th|º|ª)(?!\w)", question[m.end(1):]):
            continue  # an item, a code, a decade ("the 80s", "los años 70") or an ordinal ("the 15th century"): no figure
        n = norm_number(raw)
        if (len(n.replace(".", "")) >= 2 or m.group(2)) and n not in numbers:
            numbers.append(n)
    return found, numbers


def question_names(question: str, known: set[str] = frozenset(), skip: set[str] = frozenset()) -> list[list[str]]:
    """Proper names the question asks about: runs of capitalised words (not the first
    word, not words of the indexed documents' names, not words of a country or
    organisation found already) and acronyms of 3-8 capitals, folded."""
    words = re.findall(r"\w+(?:['’]\w+)?\+?", question)
    stop = stopwords("en") | stopwords("es")
    names, cur = [], []
    for i, w in enumerate(words):
        w = re.sub(r"['’]s$", "", w).rstrip("+")
        f = fold(w)
        if _ACRONYM.fullmatch(w) and f not in known and f not in skip:
            if cur:
                names.append(cur)
                cur = []
            names.append([f])  # an acronym the gazetteer does not know ("LGBTIQ", "PESN")
            continue
        capital = w[:1].isupper() and not w.isupper() and i > 0 and not w[:1].isdigit()
        if capital and f not in _QWORDS and f not in known and f not in stop and f not in skip:
            cur.append(f)
        elif cur and f in _CONNECT:
            continue
        elif cur:
            names.append(cur)
            cur = []
    if cur:
        names.append(cur)
    return [n for n in names if not (len(n) == 1 and n[0] in _INSTITUTION)]


# "… campaigns, such as El Jaguar?": the name right after names an example, not something
# every answer must name — only that name (capitalised words, acronyms and the words that join
# them): "such as legal aid received support in Oaxaca" keeps Oaxaca
_EXAMPLES = re.compile(r"\b(?:such\s+as|e\.\s?g\.|for\s+(?:example|instance)|tales\s+como|como\s+por\s+ejemplo|"
                       r"por\s+ejemplo|p\.\s?ej\.),?\s+(?:(?:[A-ZÁÉÍÓÚÑ][\w'’-]*|de|del|la|las|el|los|of|the|y|and)\b\s*)*")


def analyse(question: str, lang: str = "en", known_names: set[str] = frozenset()) -> Question:
    """Answer kind and constraints of ``question``; the organisations, places and names of
    its examples ("such as …", "por ejemplo …") are no constraints."""
    years, numbers = figures(question)
    asked = _EXAMPLES.sub(" ", question)
    ents = find(asked)
    skip = {w for e in ents for f in e.forms for w in re.findall(r"\w+", f.rstrip("*"))}
    skip |= {fold(w) for e in ents for w in re.findall(r"\w+", e.en + " " + e.es)}
    names = [n for n in question_names(asked, known_names, skip) if not _covered_by_entity(n, ents)]
    kind = answer_kind(question)
    unit = counted(question) if kind == QUANTITY else []
    share = kind == QUANTITY and not unit and bool(_SHARE_Q.search(question) or (_PART_OF.search(question)
                                                                             and not _CURRENCY.search(question)))
    money = kind == QUANTITY and not unit and bool(_MONEY_Q.search(question)) and not share
    measure = ""
    if kind == QUANTITY:
        measure = "age" if _HOW_OLD.search(question) else "time" if _HOW_LONG.search(question) else ""
    return Question(question, lang, kind, years, numbers, ents, names, unit, money, measure, share)


# ------------------------------------------------------------------ what a quantity counts
_HOW_MANY = re.compile(r"\b(?:how\s+many|number\s+of|cu[aá]nt[oa]s|n[uú]mero\s+de)\s+((?:[\w-]+\s+){0,3}[\w-]+)", re.I)
_MONEY_Q = re.compile(
    r"\b(?:money|budget|fund(?:s|ing|ed)?|spen[dt]|spending|expenditure|cost|costs|contribut\w*|donat\w*|invest\w*|"
    r"grant|cash|usd|dollars?|dinero|presupuest\w*|fondos|financ\w*|gast\w*|aport\w*|contribu\w*|don[oó]|"
    r"invirti\w*|inversi[oó]n|d[oó]lares|pesos|econ[oó]mic[oa])\b", re.I)
_SHARE_Q = re.compile(r"\b(?:percentage|percent|proportion|share|rate|porcentaje|proporci[oó]n|tasa|how\s+well[\s-]+(?:funded|"
                      r"financed|resourced)|(?:qu[eé]\s+tan|cu[aá]n)\s+financiad[oa]s?|(?:funding|financing)\s+level|"
                      r"level\s+of\s+(?:funding|financing|execution|coverage)|nivel\s+de\s+(?:financia(?:ci[oó]n|miento)|"
                      r"ejecuci[oó]n|cobertura))\b", re.I)
# a part of a whole ("¿qué parte del presupuesto …?"), unless asked in a currency ("How much of the USD 50 million …?")
_PART_OF = re.compile(r"\b(?:qu[eé]\s+parte|what\s+part|how\s+much\s+of)\b", re.I)
_CURRENCY = re.compile(r"\$|\b(?:usd|dollars?|d[oó]lares|euros?|pesos|millions?|millones)\b", re.I)
_FILLER = {"new", "of", "the", "de", "los", "las", "el", "la", "more", "nuevos", "nuevas", "total", "in", "en"}
# words for people: "how many people" is answered by "740 people", "480 individuals", "85% women"
HUMAN = ("people", "person", "individual", "refugee", "asylum-seeker", "seeker", "applicant", "child", "children", "adolescent",
         "women", "woman", "men", "girl", "boy", "famil", "household", "migrant", "idp", "participant", "survivor",
         "staff", "beneficiar", "national", "resident", "persona", "individuo", "refugiad", "solicitante", "nino",
         "nina", "mujer", "hombre", "hogar", "desplazad", "participante", "sobreviviente", "nacional", "residente")


def counted(question: str) -> list[str]:
    """The words after "how many" / "cuántas" (what is counted), folded, fillers dropped."""
    m = _HOW_MANY.search(question)
    if not m:
        return []
    stop = stopwords("en") | stopwords("es")
    out: list[str] = []
    for w in (fold(w) for w in re.findall(r"[\w-]+", m.group(1))):
        if w in _FILLER or w.isdigit():
            continue
        if w in stop or w in _QWORDS:
            break  # "how many people did …": the count ends at the verb
        out.append(w)
    return out[:3]


# units counted in English and Spanish that are not cognates: "how many days" / "cuántos días"
_UNITS = (("day", "dia"), ("month", "mes"), ("year", "ano", "anos"), ("week", "semana"), ("hour", "hora"),
          ("case", "caso"), ("claim", "application", "applicat", "request", "solicitud", "peticion", "demanda"),
          ("proposal", "propuesta"), ("project", "proyecto"), ("event", "evento"), ("office", "oficina"),
          ("partner", "socio"), ("training", "capacitacion", "workshop", "taller"), ("tool", "herramienta"),
          ("meeting", "reunion", "encuentro"), ("country", "countries", "pais", "paises"),
          ("city", "cities", "ciudad"), ("state", "estado"), ("shelter", "albergue"), ("centre", "center", "centro"))


def same_unit(u: str, w: str) -> bool:
    """Whether text word ``w`` names what question word ``u`` counts (folded words): the
    same first five letters, both words for people, or a pair of ``_UNITS``."""
    if len(u) >= 4 and len(w) >= 4 and u[:5] == w[:5]:
        return True
    if is_human(u) and is_human(w):
        return True
    return any(any(u.startswith(a) for a in g) and any(w.startswith(b) for b in g) for g in _UNITS)


def is_human(word: str) -> bool:
    """A word for people, or a nationality ("hondurans", "guatemaltecos")."""
    return any(word.startswith(h) for h in HUMAN) or any(e.kind == "place" and fold(e.en) != word for e in find(word))


def _covered_by_entity(name: list[str], ents: list[Entity]) -> bool:
    return any(any(w.startswith(f.rstrip("*")) for f in e.forms if f.endswith("*")) for w in name for e in ents)


# ------------------------------------------------------------------ support in a text
# figures a text may write as a word ("almost a hundred years", "casi cien años"), folded; not as part of a
# larger figure ("two hundred", "cien mil", "ciento veinte")
_NUMBER_WORDS = {"10": "ten|diez", "12": "twelve|doce|dozen|docena", "20": "twenty|veinte", "50": "fifty|cincuenta",
                 "100": "hundred|cien|ciento", "1000": "thousand|mil"}
_TIMES = (r"two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|thousand|million|dos|tres|"
          r"cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cuarenta|cincuenta|cien|ciento|cientos|mil|millon|millones")
_BEFORE = re.compile(rf"(?:\b(?:{_TIMES})|\d)\s*$")
_AFTER = re.compile(rf"\s*(?:and\s+|y\s+)?(?:\d|(?:one|uno|una|{_TIMES})\b)")


def has_number(number: str, folded: str) -> bool:
    for m in _NUMBER.finditer(folded):
        if norm_number(m.group(1)) == number:
            return True
    words = _NUMBER_WORDS.get(number)
    for m in re.finditer(rf"\b(?:{words})\b", folded) if words else ():
        if not _BEFORE.search(folded[max(0, m.start() - 12):m.start()]) and not _AFTER.match(folded, m.end()):
            return True
    return False


def has_name(name: list[str], folded_words: set[str], folded: str = "", raw: str = "") -> bool:
    """A name is supported when one of its words of 4+ letters (or its first 5 letters:
    "Integración"/"integration") is in the text; a short one-word name (an acronym) when
    it is there as a word or written out (:func:`spelt_out`)."""
    if len(name) == 1 and 3 <= len(name[0]) <= 8 and folded and spelt_out(name[0], folded, raw):
        return True
    if len(name) == 1 and len(name[0]) < 4:
        return name[0] in folded_words
    for w in name:
        if len(w) < 4:
            continue
        if w in folded_words or any(v[:5] == w[:5] for v in folded_words if len(v) >= 5 and len(w) >= 5):
            return True
    return False


def unsupported(q: Question, raw: str, folded: str, words: set[str] | None = None) -> list[tuple[str, object]]:
    """The question's constraints that a passage text does not support: ``(kind, value)``
    with kind "year", "number", "entity" or "name"."""
    out: list[tuple[str, object]] = []
    for y in q.years:
        if not has_year(y, folded):
            out.append(("year", y))
    for n in q.numbers:
        if not has_number(n, folded):
            out.append(("number", n))
    for e in q.entities:
        if not mentions(e, folded, raw):
            out.append(("entity", e))
    if q.names:
        words = words if words is not None else set(re.findall(r"\w+", folded))
        for n in q.names:
            if not has_name(n, words, folded, raw):
                out.append(("name", n))
    return out
