"""How well a text has the type of answer a question asks for (``type_match``): a figure of
what "how many" counts, a length or an age, a date, how often, a unit, role or name for
"who", a place, a sentence that names something, and the figures and names a text adds to
the question."""
from __future__ import annotations

import re
from functools import lru_cache

from puente.common.places import find as find_entities
from puente.common.text import fold

from .question import DATE, FREQUENCY, OPEN, PLACE, QUANTITY, REFERENCE, TERM, WHO, norm_number, same_unit
from .reason import asks_reason, gives_reason

# what a question asks for by the kind of item: "what does MSPAS commit to", "¿qué se compromete a hacer …?",
# "FAN: recomendación sobre bullying …" (not how management answered one: its response, action, unit or date)
ASKS_KIND = (("commitment", re.compile(r"\b(?:commit(?:s|ting|ments?)?|committed\s+(?:to|itself|themselves)|pledg\w*|"
                                       r"compromet\w*|compromisos?|promis(?:e|es|ed)|prometi[oó]|prometieron|"
                                       # what someone intends or plans to do ("How does X intend to …", "¿qué pretende …?")
                                       r"intends?\s+to|intended\s+to|(?<!\bthe\s)(?<!\ba\s)plans?\s+to|pretenden?|planean?|tienen?\s+previsto)\b"
                                       # what a plan or strategy promises, provides, allows or foresees: its commitments
                                       # (its verb in the present, not "in providing", "including", "recommend")
                                       r"|^(?!.*\b(?:recomm?end\w*|recomend\w*)\b)(?=.*\b(?:plan|planes|strateg\w*|"
                                       r"estrategias?)\b).*\b(?:promis(?:e|es)|prometen?|provides?|prev[eé]n?|foresees?|"
                                       r"contemplan?|contemplates?|includes?|incluyen?|offers?|ofrecen?|lets?|allows?|"
                                       r"permiten?|permits?|establish(?:es)?|establecen?|propos(?:e|es)|proponen?)\b",
                                       re.I | re.S)),
             ("recommendation", re.compile(r"^(?!.*\b(?:respon\w*|respuesta|acept\w*|accept\w*|agree\w*|reject\w*|rechaz\w*|"
                                           r"acci[oó]n\w*|actions?|plazo|deadline|status|estado|implement\w*)\b)"
                                           # who or when as the question's word ("To whom is …", not "detainees who say")
                                           r"(?!\W*(?:[^\W\d_]+\s+){0,2}(?:who|whom|qui[eé]n\w*|when|cu[aá]ndo)\b)"
                                           r"(?:.*\b(?:recomm?end\w*|recomi?end\w*)\b"
                                           # what a report asks, calls on or urges someone to do
                                           r"|.*\b(?:asks?|call(?:s|ed)?\s+(?:on|upon)|urge[sd]?|pide|piden|pidi[oó]|insta|instan|"
                                           r"inst[oó]|exhorta\w*|solicita|solicitan|solicit[oó])\b"
                                           # what an evaluation, a monitoring mission, a review or an audit
                                           # suggests, proposes or advises, or says one should do: its recommendations
                                           r"|(?=.*\b(?:evaluat\w*|evaluaci[oó]n\w*|evaluador\w*|missions?|misi[oó]n\w*|"
                                           r"reviews?|revisi[oó]n\w*|assessments?|audit\w*|auditor[ií]a\w*)\b)"
                                           r".*\b(?:suggest\w*|propos\w*|propus\w*|propon\w*|sugier\w*|sugir\w*|"
                                           r"advis\w*|aconsej\w*|should|ought|deber[ií]a\w*)\b)", re.I | re.S)))


def asks_kind(question: str) -> str | None:
    """The kind of item a question asks for: "commitment", "recommendation" or None."""
    return next((k for k, rx in ASKS_KIND if rx.search(question)), None)


_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|"
           r"noviembre|diciembre")
_DATE_RX = re.compile(
    rf"\b(?:(?:\d{{1,2}}\s+(?:de\s+)?)?(?:{_MONTHS})\.?,?\s+(?:de(?:l)?\s+)?(?:19|20)\d\d|(?:{_MONTHS})\s+\d{{1,2}}\b|"
    rf"\d{{1,2}}\s+(?:de\s+)?(?:{_MONTHS})\b|q[1-4]\s+20\d\d|mid-(?:19|20)\d\d|(?:19|20)\d\d\s*[-–/]\s*\d\d(?!\d)|"
    r"(?:first|second|third|fourth|primer|segundo|tercer|cuarto)\s+(?:quarter|trimestre)\s+(?:of\s+|de\s+(?:l\s+)?)?20\d\d|"
    r"(?:end|mid|beginning|first\s+half|second\s+half|"
    r"fin(?:ales)?|mediados|principios|primer\s+semestre|segundo\s+semestre)\s+(?:of\s+|de\s+(?:l\s+)?)?(?:20\d\d)|"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d|(?:in|by|since|until|from|during|after|before|around|en|para|desde|hasta|durante|"
    r"tras|antes\s+de|despu[eé]s\s+de|hacia)\s+(?:(?:19|20)\d\d|1[0-8]\d\d(?=\s*(?:[,.;:)]|$)|"
    r"\s+(?:as|the|an?|and|by|when|with|to|in|on|at|for|of|he|she|it|they|was|were|los|las|el|la|y|por|con|en|se|su|"
    r"sus|cuando|que|un|una|fue|era)\b))|"  # "in 1895 by", "en 1848 los"; not "in 1200 households", "by 1800 staff"
    r"(?:1[0-9]|20)\d0['’]?s(?!\s+of\b)|the\s+['’]?\d0s|"  # a decade: "the 1970s", "the '90s", not "1000s of"
    r"(?:d[eé]cada\s+de(?:\s+los)?|los\s+a[nñ]os)\s+(?:(?:19|20)?[1-9]0))\b",  # "la década de los 90"
    re.I)
# the year a name carries: "the Maastricht Treaty 1992", "el Acta de Escocia de 1978"
_NAMED_YEAR = re.compile(r"\b[A-ZÁÉÍÓÚÑ][\w'’-]+\s+(?:(?:de|of)\s+)?(?:1[5-9]|20)\d\d\b(?![-–/]?\d)")
# a date to the month or the day: "November 2019", "16 de diciembre", "March 3", "03/2023", "Q2 2023"
_DAY_OR_MONTH = re.compile(
    rf"\b(?:(?:{_MONTHS})\.?,?\s+(?:de(?:l)?\s+)?(?:\d{{1,2}}\b|(?:19|20)\d\d)|\d{{1,2}}\s+(?:de\s+)?(?:{_MONTHS})\b|"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d|q[1-4]\s+20\d\d)", re.I)


def to_the_month(text: str) -> bool:
    """Whether ``text`` gives a date to the month or the day, not only a year."""
    return bool(_DAY_OR_MONTH.search(text))


_FREQ_RX = re.compile(
    r"\b(?:quarterly|monthly|yearly|annually|weekly|daily|bi-?weekly|bi-?annual(?:ly)?|semi-?annual(?:ly)?|"
    r"regular(?:ly)?|periodic(?:ally)?|every\s+\w+|(?:once|twice|three\s+times)\s+(?:a|per|each)\s+\w+|"
    r"each\s+(?:year|month|quarter|week)|per\s+(?:year|month|quarter)|"
    r"trimestral(?:es|mente)?|mensual(?:es|mente)?|anual(?:es|mente)?|semanal(?:es|mente)?|semestral(?:es|mente)?|"
    r"bimestral(?:es)?|peri[oó]dic[oa]s?|cada\s+\w+|(?:una|dos|tres)\s+veces\s+(?:al|por)\s+\w+)\b", re.I)
_NUM_RX = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d+)?)(?:\s*%|\s*per\s*cent)?")
_NUM_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|"
    r"million|dozens?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cien|mil|mill[oó]n|millones)\b",
    re.I)
_UNIT = re.compile(
    r"\b(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|a[nñ]os?|mes|meses|"
    r"semanas?|d[ií]as?|horas?|minutos?|segundos?|d[eé]cadas?|siglos?|km|kilomet(?:er|re)s?|miles|met(?:er|re)s?|"
    r"kil[oó]metros?|metros?|millas?)\b", re.I)
# a length of time or distance: a figure or a quantity word, then (an adjective and) its unit
_LENGTH = re.compile(
    r"(?:\d[\d.,]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|hundred|"
    r"thousand|million|billion|several|few|many|some|un|una|unos|unas|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
    r"doce|veinte|treinta|cien|mil|millones|varios|varias|algunos|algunas|pocos|pocas|muchos|muchas))"
    r"(?:\s+(?:(?:working|business|calendar|full|more|de)\s+)?|-)" + _UNIT.pattern + r"(?!-olds?|\s+(?:of\s+age|old|de\s+edad))|"
    r"\b(?:than|within|for|in|about|around|over|under|nearly|almost|takes?|took|after|lasts?|lasted|least|only|just|"
    r"half)\s+an?\s+" + _UNIT.pattern, re.I)  # "more than a year", "within a month"; not "three meals a day"
_AGE = re.compile(r"\b(?:aged?|edad\s+de)\s+(?:of\s+)?\d+|\b\d+\s*(?:years?\s+old|-year-olds?|years?\s+of\s+age|a[nñ]os)\b",
                  re.I)
_HEADER_UNIT = re.compile(r"\(\s*(?:in\s+|en\s+)?" + _UNIT.pattern + r"\s*\)", re.I)  # "(in days)" over a table
_NAMING = re.compile(
    r"\b(?:called|known\s+as|named|termed|referred\s+to\s+as|nicknamed|synonym|stands\s+for|"
    r"llamad[oa]s?|se\s+llaman?|conocid[oa]s?\s+como|denominad[oa]s?|se\s+denominan?|apodad[oa]s?|sin[oó]nimo|"
    r"significa)\b|[\"“«][^\"”»]{2,60}[\"”»]", re.I)
_YEARISH = re.compile(r"^(?:19|20)\d\d$")
_ROLE_RX = re.compile(
    r"\b(?:unit|units|office|offices|management|manager|officer|team|ministry|secretariat|secretary|department|"
    r"bureau|director|coordinator|focal\s+points?|government|commission|council|institute|agency|agencies|"
    r"partners?|staff|representative|unidad|unidades|oficina|oficial|gerencia|equipo|ministerio|secretar[ií]a|"
    r"departamento|direcci[oó]n|director[a]?|coordinador[a]?|puntos?\s+focal(?:es)?|gobierno|comisi[oó]n|"
    r"consejo|instituto|agencia|socios?|personal|representante|jefe|jefa|lidera)\b", re.I)
_CAPWORD = re.compile(r"\b[A-ZÁÉÍÓÚÑ][\w-]+")


_ITEM_MARK = re.compile(r"^\s*[(\[]?[A-Z]{0,3}\d{1,2}(?:\.\d{1,2})*[a-z]?[.):\]]?\s")


def numbers_in(text: str) -> list[str]:
    """Figures of a text that are not years, nor the day of a date ("28 de enero de 2021",
    "March 3"), nor the item number it starts with ("5 Create …", "2.1 Average …"), nor an
    item it refers to ("No. 8", "recommendation 4"), normalised."""
    out = []
    m0 = _ITEM_MARK.match(text)
    if m0:
        text = text[m0.end():]
    text = _DAY_OR_MONTH.sub(lambda m: " " * len(m.group(0)), text)
    for m in _NUM_RX.finditer(text):
        raw = m.group(0)
        if REFERENCE.search(text[max(0, m.start() - 30):m.start()]):
            continue
        digits = re.match(r"[\d.,]+", raw).group(0).rstrip(".,")
        if _YEARISH.match(digits) and "%" not in raw:
            continue
        out.append(norm_number(digits) + ("%" if "%" in raw or "cent" in raw else ""))
    return out


# a share: a percentage, a fraction, "one in four", "3 of every 10", "per 1,000"
_PERCENT_SIGN = re.compile(r"%|\bper\s*cents?\b|\bpercent(?:age)?s?\b|\bpor\s*ciento\b", re.I)  # no share without a figure
_PART = re.compile(r"%|\bper\s*cent|\bpercent|\bpor\s*ciento|\b(?:half|halves|thirds?|quarters?|fifths?|tenths?|mitad|"
                   r"tercios?|cuartas?\s+partes?|quintos?|d[eé]cimos?)\b|"
                   r"\b(?:one|two|three|\d{1,3})\s+(?:in|out\s+of|of\s+every)\s+(?:\d{1,3}(?![\d,.])|two|three|four|five|six|seven|eight|"
                   r"nine|ten|hundred|thousand)\b|"
                   r"\b(?:uno?|una|dos|tres|\d{1,3})\s+de\s+cada\s+(?:\d{1,3}(?![\d,.])|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
                   r"cien|mil)\b|\bper\s+(?:\d[\d,]*|capita|thousand|hundred)\b|\bpor\s+cada\b|\b\d{1,2}\s*/\s*\d{1,2}\b(?![/\d])",
                   re.I)
_MONEY_RX = re.compile(
    r"(?:[$€£]|\b(?:usd|us\$|mxn|eur|dollars?|d[oó]lares|pesos|euros|million|millions|millones|mill[oó]n|billion)\b|"
    r"\b\d{1,3}(?:[,.]\d{3}){2,}\b)", re.I)


# "how many … and what percentage …?", "¿cuántos … y qué porcentaje …?": a count and a share asked together
_ALSO_SHARE = re.compile(r"\b(?:and|y|e)\s+(?:(?:what|which|qu[eé])\s+|(?:the|el|la)\s+|cu[aá]l\s+(?:fue|es|era)\s+(?:el|la)\s+)"
                         r"(?:percentage|percent|proportion|share|porcentaje|proporci[oó]n)\b|"
                         r"\b(?:percentage|percent|proportion|share|porcentaje|proporci[oó]n)\b.*\b(?:and|y|e)\s+"
                         r"(?:how\s+many|cu[aá]nt[oa]s)\b", re.I | re.S)


def _counts_unit(text: str, unit: list[str], row: bool = False, spelt: list[str] = ()) -> bool:
    """Whether a figure in ``text`` counts what the question counts: followed within two
    words by it ("740 people" for "how many people", "480 individuals" for "cuántas
    personas") or by a passive's verb ("74 personas fueron contratadas" for "¿cuántas
    contrataciones?"); in a table row (``row``), anywhere in it (the unit sits in the header:
    "Average processing time (in days) … 75.00") — for a figure that is not a percentage."""
    if row:
        if all(n.endswith("%") for n in numbers_in(text)):
            return False  # a share of people is not how many people
        words = [fold(w) for w in re.findall(r"[\w-]+", text)]
        return any(same_unit(u, w) for u in unit for w in words)
    for m in _NUM_RX.finditer(text):
        raw = re.findall(r"[\w-]+", text[m.end():m.end() + 60])[:4]
        after = [fold(w) for w in raw]
        # the verb of a passive counts as well: "74 personas fueron contratadas" for "¿cuántas contrataciones?"
        passive = [] if _YEARISH.match(m.group(0).strip()) else \
            [w for a, w in zip(after[:3], after[1:]) if a in _AUXILIARY]  # not after a year: "En 2024 … fueron contratados"
        near = after[:2] + passive
        if any(same_unit(u, w) for u in unit for w in near) or any(abbreviates(w, spelt) for w in raw[:2]):
            return True
    return False


def counted_noun(q) -> list[str]:
    """What a "how many" question counts, without a compound that only qualifies it: "refugee-led
    organizations" counts organizations, not refugees ("community-based", "UNHCR-funded" likewise)."""
    nouns = [u for u in q.unit if not ("-" in u and u.rsplit("-", 1)[1].endswith("ed"))]
    return nouns or q.unit


def _words_count_unit(text: str, unit: list[str], spelt: list[str]) -> bool:
    """Whether a figure written as a word counts what the question counts: "five RLOs" for
    "how many refugee-led organizations", "tres oficinas" for "¿cuántas oficinas?"."""
    for m in _NUM_WORDS.finditer(text):
        raw = re.findall(r"[\w-]+", text[m.end():m.end() + 60])[:2]
        if any(same_unit(u, fold(w)) for u in unit for w in raw) or any(abbreviates(w, spelt) for w in raw):
            return True
    return False


def abbreviates(word: str, unit: list[str]) -> bool:
    """Whether ``word`` as written is the acronym of a run of the counted words, in the plural
    or not: "RLOs" (or "RLO") for "refugee-led organizations", "CSOs" for "civil society
    organisations"."""
    letters = word[:-1] if word.endswith("s") else word
    if len(letters) < 2 or not letters.isalpha() or not letters.isupper():
        return False
    initials = "".join(p[0] for u in unit for p in u.split("-") if p)
    return fold(letters) in initials


_AUXILIARY = {"were", "was", "been", "fueron", "fue", "sido", "han", "habian", "have", "had"}


def novel_terms(text: str, question: str) -> set[str]:
    """Names (capitalised words inside a sentence) and figures of ``text`` that the
    question does not contain (folded): what an answer adds to its question."""
    asked = set(re.findall(r"\w+", fold(question)))
    words = set()
    for m in _CAPWORD.finditer(text):
        if m.start() == 0 or text[max(0, m.start() - 2):m.start()].rstrip()[-1:] in ".!?:":
            continue  # a sentence's first word is capitalised anyway
        words.add(fold(m.group(0)))
    words |= {m.group(0) for m in re.finditer(r"\d+(?:[.,]\d+)*", text)}
    return {w for w in words if w not in asked}


def _new_org(text: str, question: str) -> bool:
    """Whether ``text`` names an organisation (UNICEF, la OIM) the question does not: who acts."""
    asked = {e.en for e in find_entities(question) if e.kind == "org"}
    return any(e.kind == "org" and e.en not in asked for e in find_entities(text))


def new_names(text: str, question: str) -> bool:
    """Whether ``text`` names someone or something the question does not (a capitalised
    word inside the sentence, an acronym too: leaving acronyms out, tried in the 36th round,
    lost as many answers as it gained): a "who" question's answer."""
    return any(not w.isdigit() and not w[:1].isdigit() for w in novel_terms(text, question)
               if w.upper() != w)


def type_match(kind: str, text: str, q=None, row: bool = False) -> float:
    """How well a text has the type of answer a question wants: 1 (it does), 0 (it does
    not), 0.5 (partly: a number word, or a figure of something else than what a "how
    many" question counts, or no amount of money for a question about money; a bare year
    for a date)."""
    if kind == QUANTITY:
        if q is not None and q.measure:  # a length: "304 días", "several years", "1,149 km", an age; not a bare year
            rx = _AGE if q.measure == "age" else _LENGTH
            if rx.search(text) or (row and numbers_in(text) and _HEADER_UNIT.search(text)):  # a row's unit in its header
                return 1.0
            return 0.5 if numbers_in(text) else 0.0
        if not numbers_in(text):
            if q is not None and q.share and _PART.search(_PERCENT_SIGN.sub(" ", text)):
                return 1.0  # "nearly half of them"; not a header's "Expenditure as % of Funds Available"
            if not _NUM_WORDS.search(text):
                return 0.0
            return 1.0 if q is not None and q.unit and _words_count_unit(text, counted_noun(q), q.unit) else 0.5
        if q is not None and q.share and not _PART.search(text):
            return 0.5  # a count ("480 individuals") is not the share asked for
        if q is not None and q.money and not _MONEY_RX.search(text):
            return 0.5
        if q is not None and q.unit and not _counts_unit(text, q.unit if row else counted_noun(q), row, q.unit) \
                and not (_PART.search(text) and _ALSO_SHARE.search(q.text)):
            return 0.5  # a figure of something else ("… y qué porcentaje …?": a share answers that part)
        return 1.0
    if kind == DATE:
        if _DATE_RX.search(text) or _NAMED_YEAR.search(text):
            return 1.0
        return 0.5 if re.search(r"\b(?:1[5-9]|20)\d\d\b", text) else 0.0
    if kind == FREQUENCY:
        return 1.0 if _FREQ_RX.search(text) else 0.0
    if kind == WHO:
        if _ROLE_RX.search(text) or (q is not None and (new_names(text, q.text) or _new_org(text, q.text))):
            return 1.0
        caps = [w for w in _CAPWORD.findall(text)[1:] if not w.isupper()]
        return 0.5 if len(caps) >= 2 or any(e.kind == "org" for e in find_entities(text)) else 0.0
    if kind == TERM:  # a sentence that names something: "is called", "known as", "se denomina", a quoted term
        return 1.0 if _NAMING.search(text) else 0.5
    if kind == PLACE:
        if any(e.kind == "place" for e in find_entities(text)):
            return 1.0
        return 0.5 if len(_CAPWORD.findall(text)[1:]) >= 2 else 0.0
    if kind == OPEN and q is not None and asks_reason(q.text):
        return 1.0 if gives_reason(text) else 0.5
    return 1.0


_DATING = frozenset({"de", "del", "of", "for", "from", "the", "el", "la", "ano", "year", "its", "su"})  # "la auditoría de(l año) 2022"


def dates_a_source(question: str, year: str) -> bool:
    """Whether the question's year dates a source it names ("la auditoría de 2022", "the 2021
    evaluation", "el informe del año 2023") rather than when the thing asked happened: a
    document may cite that earlier source without its passages writing the year."""
    from ...search.title_words import GENRE_NOUNS

    words = re.findall(r"\w+", fold(question))
    for i, w in enumerate(words):
        if w != year:
            continue
        j = i - 1
        while j >= 0 and words[j] in _DATING:
            j -= 1
        if (j >= 0 and j < i - 1 and words[j] in GENRE_NOUNS) or (i + 1 < len(words) and words[i + 1] in GENRE_NOUNS):
            return True
    return False


def people_only(question: str, place, about: str) -> bool:
    """Whether the question writes ``place`` only as its people or an adjective ("How many
    Venezuelans …", "las personas venezolanas", "Haitian returnees") and ``about`` (a
    document's title and opening) says the document is about them: who, not where — a report
    on Venezuelans in Peru, whose passages name Peru, is about them; a figure for one
    nationality among others ("How many Honduran nationals were among …") is not."""
    from puente.common.places import demonym, mentions, spans

    folded = fold(question)
    said = [folded[a:b] for a, b, e in spans(question) if e == place]
    return bool(said) and all(demonym(place, s) for s in said) and mentions(place, fold(about), about)


# what a rate is of: "the recognition rate", "la tasa de desempleo" (not an index, which is a name: "el Índice de
# Autosuficiencia" is what a status is asked of)
_RATE_EN = re.compile(r"\b([a-z]{4,})\s+rates?\b")
_RATE_ES = re.compile(r"\btasas?\s+(?:de|del)\s+(?:la\s+|los\s+|las\s+)?([a-z]{4,})")
_NOT_MEASURES = frozenset({"what", "which", "that", "this", "average", "annual", "overall", "total", "current", "high",
                           "higher", "highest", "lower", "lowest", "same", "such", "growth"})


@lru_cache(maxsize=64)
def rate_of(question: str) -> tuple[str, str]:
    """The word naming what a question asks the rate of and the words that say so ("recognition",
    "recognition rate"; "desempleo", "tasa de desempleo"); ("", "") when it asks none."""
    folded = fold(question)
    m = _RATE_EN.search(folded) or _RATE_ES.search(folded)
    return (m.group(1), m.group(0)) if m and m.group(1) not in _NOT_MEASURES else ("", "")


def holds_measure(word: str, text: str) -> bool:
    """Whether ``text`` names the measure ``word`` (by its first five letters, or a translation
    the glossary knows: "unemployment" for "desempleo")."""
    from puente.common.terms import translated_in

    return word[:5] in fold(text) or translated_in(word, text)
