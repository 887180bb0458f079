"""The words of humanitarian and policy reports in English and Spanish.

A Spanish topic ("protección de la niñez", "reasentamiento") must find English commitments
and the reverse. Cognates find themselves (protección/protection, naturalización/
naturalization); the model's token vectors carry many other words across; these are the
sector words they miss most, from the vocabulary of protection, solutions, basic services
and programme management that such reports share (the terms of UNHCR's, IOM's and the
MIRPS's own glossaries). A general glossary of the field, not a list picked for particular
documents or topics.

Each entry: English forms, Spanish forms (matched folded: lower case, no accents; ``*``
ends a prefix, other forms are whole words).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .text import fold

_TERMS = [
    # people
    ("children|child*|childhood", "niñez|nino|ninos|nina|ninas|infancia|infantil*"),
    ("adolescents|adolescen*|teenager*", "adolescentes|adolescen*"),
    ("youth|young", "jóvenes|joven|juventud*"),
    ("gender", "género|genero"),
    ("woman|women|female", "mujer|mujeres|femenin*"),
    ("girl|girls", "niña|ninas"),
    ("man|men|male", "hombre|hombres|masculin*"),
    ("elderly|older", "mayores|ancian*|adult* mayor*"),
    ("family|families", "familia|familia*"),
    ("unaccompanied", "no acompañados|no acompanad*"),
    ("disability|disabilit*|disabled", "discapacidad|discapacidad*"),
    ("indigenous", "indígena|indigena*"),
    ("survivor|survivor*", "sobreviviente|sobrevivient*"),
    ("host", "acogida|anfitrion*|receptor*"),
    ("statelessness|stateless*", "apatridia|apatrid*"),
    ("asylum", "asilo"),
    ("displacement|displace*", "desplazamiento|desplaza*"),
    ("return|return*|returnee*", "retorno|retorn*"),
    ("deportation|deport*", "deportación|deporta*"),
    # protection
    ("resettlement|resettle*", "reasentamiento|reasenta*"),
    ("relocation|relocat*", "reubicación|reubica*"),
    ("trafficking", "trata"),
    ("smuggling", "tráfico ilícito"),
    ("violence", "violencia"),
    ("abuse", "abuso|abuso*"),
    ("exploitation", "explotación"),
    ("detention|detained", "detención|detenid*|privacion de libertad"),
    ("border|border*", "frontera|frontera*|fronteriz*"),
    ("documentation|document*|identity", "documentación|documenta*|identidad"),
    ("birth", "nacimiento|nacimiento*"),
    ("registration|register*", "registro|registr*"),
    ("nationality|citizenship", "nacionalidad|ciudadania"),
    ("legal", "jurídico|juridic*|legal*"),
    ("lawyer|lawyer*", "abogado|abogad*"),
    ("justice", "justicia"),
    ("rights", "derechos"),
    ("security|safe|safety", "seguridad|segur*"),
    ("xenophobia|xenophobi*", "xenofobia|xenofob*"),
    ("discrimination|discriminat*", "discriminación|discrimina*"),
    ("racism", "racismo"),
    ("coexistence|cohesion", "convivencia|cohesion"),
    # solutions and services
    ("livelihoods|livelihood*", "medios de vida|subsistencia"),
    ("employment|job|jobs|labour|labor", "empleo|empleo*|laboral*"),
    ("employment|work|job|jobs|labour|labor", "trabajo|trabajo*"),  # "empleo" is not the "work" of "work plan"
    ("income", "ingresos|ingreso*"),
    ("unemployment|unemployed|jobless", "desempleo|desemplead*|desocupa*"),
    ("wage|wages|salary|salaries", "salario|salario*|sueldo*"),
    ("permit|permits", "permiso|permisos"),
    ("qualification|qualifications|degree|degrees|diploma|diplomas|credential*", "título|titulos|diploma*|credencial*"),
    ("recognition|recognis*|recogniz*|validat*", "reconocimiento|reconoc*|convalida*|homologa*"),
    ("foreign|foreigner|foreigners", "extranjero|extranjero*|extranjera*"),
    ("health|healthcare", "salud|sanitari*"),
    ("mental", "mental"),
    ("psychosocial", "psicosocial|psicosociales"),
    ("malnutrition|malnourish*|undernutrition", "desnutrición|desnutri*"),
    ("vaccination|vaccin*|immunization|immunisation", "vacunación|vacuna*|inmuniza*"),
    ("education|school*|schooling", "educación|educa*|escuela*|escolar*"),
    ("enrolment|enrollment|enrol|enroll|enrols|enrolled|enrolling", "matrícula|matricula*"),
    ("teacher|teachers", "docente|docentes|profesor|profesora|profesores|profesoras"),
    ("housing", "vivienda|vivienda*"),
    ("shelter|shelter*", "albergue|albergue*|refugio*|alojamiento*"),
    ("food", "alimentos|alimento*|alimentari*|comida"),
    ("water", "agua"),
    ("sanitation|hygiene", "saneamiento|higiene"),
    ("cash", "efectivo|transferencia* monetari*"),
    ("banking|bank*|financial", "bancario|banca*|bancari*|financier*"),
    ("social protection", "protección social"),
    ("pension|pension*", "pensión|pension*"),
    ("reunification", "reunificación|reunifica*"),
    # programme management
    ("funding|fund*|donor*|financing", "financiamiento|financia*|fondo*|donante*"),
    ("budget|budget*", "presupuesto|presupuest*"),
    ("expenditure|expenditure*|spend|spends|spent|spending", "gasto|gasto*|gasta*|gaste*|erogacion*"),
    ("staff|personnel", "personal|funcionari*"),
    ("training|trained", "capacitación|capacita*|formacion"),
    ("monitoring", "monitoreo|seguimiento"),
    ("accountability", "rendición de cuentas"),
    ("feedback", "retroalimentación|retroalimenta*"),
    ("complaint|complaints", "queja|quejas"),
    ("partners|partner*|partnership*", "socios|socio*|alianza*"),
    ("civil society", "sociedad civil"),
    ("community|communities", "comunidad|comunidad*|comunitari*"),
    ("local", "local|local*"),
    ("government|government*", "gobierno|gobierno*"),
    ("ministry", "ministerio|ministerio*|secretaria*"),
    ("commitment|commitment*|pledge*", "compromiso|compromiso*"),
    ("recommendation|recommendation*", "recomendación|recomendacion*"),
    ("deadline|deadline*", "plazo|plazo*"),
    ("baseline|baseline*", "línea de base|linea* de base|línea base"),
    ("target|targets", "meta|metas"),
    ("knowledge", "conocimiento|conocimiento*"),
    ("climate", "clima|clima*"),
    ("disaster|disaster*", "desastre|desastre*"),
    ("emergency|emergenc*", "emergencia|emergencia*"),
]


def _pattern(forms: str) -> re.Pattern:
    parts = []
    for form in fold(forms).split("|"):
        words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in form.split()]
        parts.append(r"\b" + r"\s+".join(words))
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[re.Pattern, re.Pattern], ...]:
    return tuple((_pattern(en), _pattern(es)) for en, es in _TERMS)


@lru_cache(maxsize=4096)
def translations(word: str) -> tuple[re.Pattern, ...]:
    """The patterns of ``word``'s translations (of its Spanish forms for an English word,
    of its English forms for a Spanish one); () for a word the glossary does not hold."""
    w = fold(word)
    out = []
    for en, es in _entries():
        if en.fullmatch(w):
            out.append(es)
        elif es.fullmatch(w):
            out.append(en)
    return tuple(out)


@lru_cache(maxsize=1024)
def glossary_langs(text: str) -> tuple[int, int]:
    """``(English, Spanish)``: how many words of ``text`` the glossary holds in that language
    only ("xenofobia", "albergues" are Spanish; "shelter" English; "legal" both), a word
    written with Spanish letters ("protección", "niñez") counted Spanish."""
    en_n = es_n = 0
    for word in re.findall(r"[^\W\d_]+", text):
        w = fold(word)
        if re.search(r"[áéíóúñü]", word.lower()):  # "protección", "nutrición": Spanish letters, a Spanish word
            es_n += 1
            continue
        in_en = any(en.fullmatch(w) for en, _ in _entries())
        in_es = any(es.fullmatch(w) for _, es in _entries())
        en_n += in_en and not in_es
        es_n += in_es and not in_en
    return en_n, es_n


@lru_cache(maxsize=1024)
def phrase_glosses(source: str) -> dict[str, tuple[re.Pattern, ...]]:
    """The words of ``source`` that stand in a glossary phrase it writes ("medios de vida",
    "rendición de cuentas", "civil society") -> that phrase's translations: a word of such a
    phrase has no translation of its own ("vida" is not "livelihoods"), the phrase has."""
    folded = fold(source)
    out: dict[str, list[re.Pattern]] = {}
    for en, es in _entries():
        for pat, other in ((en, es), (es, en)):
            for m in pat.finditer(folded):
                words = re.findall(r"[^\W\d_]{3,}", m.group(0))
                if len(words) < 2:
                    continue
                for w in words:
                    if other not in out.setdefault(w, []):
                        out[w].append(other)
    return {w: tuple(ps) for w, ps in out.items()}


def glosses(word: str, source: str = "") -> tuple[re.Pattern, ...]:
    """The translations of ``word``: its own, else those of a glossary phrase of ``source`` it
    stands in (:func:`phrase_glosses`); () for neither."""
    return translations(word) or (phrase_glosses(source).get(fold(word), ()) if source else ())


def translated_words(words, text: str, folded: bool = False, source: str = "") -> set[str]:
    """The words of ``words`` a translation of which ``text`` holds (an English word in
    Spanish text or the reverse), ``text`` folded once for all of them (``folded``: it is
    already); ``source``: the text the words are from, whose glossary phrases translate
    their words (:func:`phrase_glosses`)."""
    pats = {w: glosses(w, source) for w in words}
    pats = {w: p for w, p in pats.items() if p}
    if not pats:
        return set()
    folded = text if folded else fold(text)
    return {w for w, ps in pats.items() if any(p.search(folded) for p in ps)}


def translated_in(word: str, text: str) -> bool:
    """Whether ``text`` holds a translation of ``word``: "niñez" in "child protection",
    "resettlement" in "el reasentamiento"."""
    return bool(translated_words([word], text))


@lru_cache(maxsize=1)
def _first_forms() -> tuple[tuple[str, str], ...]:
    return tuple((en.split("|")[0], es.split("|")[0]) for en, es in _TERMS)


@lru_cache(maxsize=256)
def translate(text: str, lang: str) -> str:
    """The glossary's words in ``lang`` ("en"/"es") for the words of ``text`` in the other
    language ("Albergues: ¿qué dice el plan?" -> "shelter"); "" when it holds none. Cached:
    search asks it for the same question once per partition and compared document."""
    if lang not in ("en", "es"):
        return ""
    folded = fold(text)
    out: list[str] = []
    for (en, es), (en_word, es_word) in zip(_entries(), _first_forms()):
        source, word = (en, es_word) if lang == "es" else (es, en_word)
        if source.search(folded) and word not in out:
            out.append(word)
    return " ".join(out)


# the field's acronyms and what they stand for, in either language (folded): a passage that writes one out
# supports a question that abbreviates it ("NNA": "niñas, niños y adolescentes")
ACRONYMS = {
    "nna": ("ninas, ninos y adolescentes", "ninos, ninas y adolescentes", "ninas, ninos, adolescentes",
            "children and adolescents", "children and youth"),
    "gbv": ("gender-based violence", "gender based violence", "violencia basada en genero", "violencia de genero"),
    "vbg": ("gender-based violence", "gender based violence", "violencia basada en genero", "violencia de genero"),
    "uasc": ("unaccompanied and separated children", "ninos no acompanados", "ninas, ninos y adolescentes no acompanados",
             "no acompanados o separados", "no acompanados y separados"),
    "poc": ("persons of concern", "people of concern", "personas de interes"),
    "ppt": ("temporary protection permit", "permiso por proteccion temporal"),
    "cva": ("cash and voucher assistance", "cash-based", "transferencias monetarias", "asistencia en efectivo"),
}


# words that make a name an organisation's ("Fundación …", "… Foundation", "Ministerio de …"), folded
ORG_WORD = (r"(?:fundacion|foundation|asociacion|association|red|network|instituto|institute|ministerio|ministry|"
            r"comision|commission|consejo|council|servicio|service|organizacion|organi[sz]ation|corporacion|"
            r"corporation|alianza|alliance|coalicion|coalition|federacion|federation|colectivo|collectif|comite|committee)")
