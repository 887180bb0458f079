"""Countries and organisations in English and Spanish, with the adjectives that name them.

A question about "Honduran claims" or "solicitudes hondureñas" is about Honduras; one
about the "ACNUR" is about the UNHCR. These tables let the answer step check such a
constraint against passages in either language. They are general gazetteers (the
countries of the Americas, the main countries of origin, asylum and funding in
humanitarian reporting, the agencies of the UN system and regional bodies), not words
picked for particular questions.

Each entry: the forms that name it in the text (folded: lower case, no accents), as
word stems; a form ending in ``*`` matches any word that starts with it
("hondure*" matches "hondureñas", "hondureño"), other forms match whole words or
phrases. The first English and Spanish forms are the display names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from puente.common.text import fold


@dataclass(frozen=True)
class Entity:
    kind: str  # "place", "org" or "group" (a population group)
    en: str  # display name in English
    es: str  # display name in Spanish
    forms: tuple[str, ...]  # folded forms (``*`` = prefix)

    def name(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


# (English name, Spanish name, other forms separated by "|": demonyms EN/ES as prefixes)
_PLACES = [
    ("Mexico", "México", "mexican*|mexicano*|mexicana*"),
    ("Guatemala", "Guatemala", "guatemalan*|guatemaltec*"),
    ("Honduras", "Honduras", "honduran*|hondurena*|hondureno*"),
    ("El Salvador", "El Salvador", "salvadoran*|salvadorena*|salvadoreno*"),
    ("Nicaragua", "Nicaragua", "nicaraguan*|nicaraguense*"),
    ("Costa Rica", "Costa Rica", "costa rican*|costarricense*"),
    ("Panama", "Panamá", "panamanian*|panameno*|panamena*"),
    ("Belize", "Belice", "belizean*"),
    ("Cuba", "Cuba", "cuban*|cubano*|cubana*"),
    ("Haiti", "Haití", "haitian*|haitiano*|haitiana*"),
    ("Dominican Republic", "República Dominicana", "dominican*|dominicano*|dominicana*|dr|rd"),
    ("Jamaica", "Jamaica", "jamaican*"),
    ("Colombia", "Colombia", "colombian*|colombiano*|colombiana*"),
    ("Venezuela", "Venezuela", "venezuelan*|venezolano*|venezolana*"),
    ("Ecuador", "Ecuador", "ecuadorian*|ecuadorean*|ecuatorian*"),
    ("Peru", "Perú", "peruvian*|peruano*|peruana*"),
    ("Bolivia", "Bolivia", "bolivian*|boliviano*|boliviana*"),
    ("Chile", "Chile", "chilean*|chileno*|chilena*"),
    ("Argentina", "Argentina", "argentin*"),
    ("Uruguay", "Uruguay", "uruguayan*|uruguayo*|uruguaya*"),
    ("Paraguay", "Paraguay", "paraguayan*|paraguayo*|paraguaya*"),
    ("Brazil", "Brasil", "brazilian*|brasilen*|brasile*"),
    ("Guyana", "Guyana", "guyanese*"),
    ("Suriname", "Surinam", "surinamese*"),
    ("Trinidad and Tobago", "Trinidad y Tobago", "trinidad*|t&t"),
    ("United States", "Estados Unidos", "usa|estadounidense*|norteamerican*|eeuu|american|americans"),
    ("Canada", "Canadá", "canadian*|canadiense*"),
    ("Spain", "España", "espanol|espanoles|espanola|espanolas"),
    ("Italy", "Italia", "italian*|italiano*|italiana*"),
    ("France", "Francia", "frances|francesa|franceses|francesas"),
    ("Germany", "Alemania", "german*|aleman*"),
    ("United Kingdom", "Reino Unido", "british|britanic*|uk"),
    ("Netherlands", "Países Bajos", "dutch|holland|holanda|holandes*|neerlandes*"),
    ("Belgium", "Bélgica", "belgian*|belga|belgas"),
    ("Switzerland", "Suiza", "swiss|suizo|suizos|suiza|suizas"),
    ("Austria", "Austria", "austrian*|austriaco*|austriaca*"),
    ("Ireland", "Irlanda", "irish|irlandes*"),
    ("Portugal", "Portugal", "portuguese|portugues*"),
    ("Sweden", "Suecia", "swedish|swede|swedes|sueco|suecos|sueca|suecas"),
    ("Norway", "Noruega", "norwegian*|noruego*|noruega*"),
    ("Denmark", "Dinamarca", "danish|dane|danes|danes*"),
    ("Finland", "Finlandia", "finnish|finlandes*"),
    ("Poland", "Polonia", "polish|polaco*|polaca*"),
    ("Japan", "Japón", "japanese|japones*"),
    ("Republic of Korea", "República de Corea", "south korea*|corea del sur|south korean*|surcoreano*|surcoreana*"),
    ("Australia", "Australia", "australian*|australiano*|australiana*"),
    ("New Zealand", "Nueva Zelanda", "new zealander*|neozeland*"),
    ("Ukraine", "Ucrania", "ukrainian*|ucranian*"),
    ("Russia", "Rusia", "russian*|ruso|rusos|rusa|rusas"),
    ("Afghanistan", "Afganistán", "afghan*|afgan*"),
    ("Syria", "Siria", "syrian*|sirio|sirios|siria|sirias"),
    ("Sudan", "Sudán", "sudanese*|sudanes*"),
    ("Somalia", "Somalia", "somali*"),
    ("Eritrea", "Eritrea", "eritrean*|eritreo*"),
    ("Ethiopia", "Etiopía", "ethiopian*|etiope*"),
    # "DR Congo": longer than the Dominican Republic's "DR", so the Congo's
    ("Democratic Republic of the Congo", "República Democrática del Congo", "congo|congolese*|congoles*|dr congo"),
    ("Nigeria", "Nigeria", "nigerian*|nigeriano*"),
    ("Cameroon", "Camerún", "cameroon*|camerun*"),
    ("Senegal", "Senegal", "senegalese*|senegales*"),
    ("Angola", "Angola", "angolan*|angoleno*"),
    ("Ghana", "Ghana", "ghanaian*"),
    ("Uganda", "Uganda", "ugandan*"),
    ("Kenya", "Kenia", "kenyan*|keniano*"),
    ("Turkey", "Turquía", "turkish|turco|turcos|turca|turcas|turkiye"),
    ("Iran", "Irán", "iranian*|irani|iranies"),
    ("Iraq", "Irak", "iraqi*|iraqui*"),
    ("Yemen", "Yemen", "yemeni*"),
    ("Pakistan", "Pakistán", "pakistani*"),
    ("Bangladesh", "Bangladés", "bangladeshi*"),
    ("India", "India", "indian|indians"),
    ("China", "China", "chinese|chino|chinos|chinas"),
    ("Myanmar", "Myanmar", "burmese*|birmano*|rohingya*"),
    ("Uzbekistan", "Uzbekistán", "uzbek*"),
    ("Morocco", "Marruecos", "moroccan*|marroqui*"),
    # regions that reports name as a whole (and by acronym: "ALC", "LAC")
    ("Latin America and the Caribbean", "América Latina y el Caribe", "latin america*|america latina|latinoameric*|alc|lac"),
    ("South America", "América del Sur", "sudameric*|suramerica*|south american*"),
    ("Central America", "Centroamérica", "central american*|centroameric*|america central"),
    ("Southern Cone", "Cono Sur", ""),
]
REGIONS = frozenset({"Latin America and the Caribbean", "South America", "Central America", "Southern Cone"})  # above

# Organisations: (English name, Spanish name, other forms separated by "|").
_ORGS = [
    ("UNHCR", "ACNUR", "hcr|un refugee agency|alto comisionado de las naciones unidas para los refugiados"),
    ("IOM", "OIM", "international organization for migration|organizacion internacional para las migraciones"),
    ("UNICEF", "UNICEF", "united nations children's fund|fondo de las naciones unidas para la infancia"),
    ("UNDP", "PNUD", "united nations development programme|programa de las naciones unidas para el desarrollo"),
    ("WFP", "PMA", "world food programme|programa mundial de alimentos"),
    ("WHO", "OMS", "world health organization|organizacion mundial de la salud"),
    ("PAHO", "OPS", "pan american health organization|organizacion panamericana de la salud"),
    ("ILO", "OIT", "international labour organization|organizacion internacional del trabajo"),
    ("UNFPA", "UNFPA", "united nations population fund"),
    ("UN Women", "ONU Mujeres", ""),
    ("OCHA", "OCHA", ""),
    ("ECLAC", "CEPAL", "economic commission for latin america"),
    ("World Bank", "Banco Mundial", "wb"),
    ("Inter-American Development Bank", "Banco Interamericano de Desarrollo", "idb|bid"),
    ("European Union", "Unión Europea", "eu|ue|echo"),
    ("Organization of American States", "Organización de los Estados Americanos", "oas|oea"),
    ("United Nations", "Naciones Unidas", "un|onu|nnuu"),
    ("COMAR", "COMAR", "mexican refugee commission|comision mexicana de ayuda a refugiados"),
    ("National Migration Institute", "Instituto Nacional de Migración", "inm"),
    ("USAID", "USAID", ""),
    ("Red Cross", "Cruz Roja", "icrc|cicr|ifrc"),
    ("Save the Children", "Save the Children", ""),
    ("Norwegian Refugee Council", "Consejo Noruego para Refugiados", "nrc"),
    # donor countries' aid agencies and councils: naming one does not ask about the country
    ("Danish Refugee Council", "Consejo Danés para Refugiados", ""),  # not "DRC": the Congo
    ("Swiss Agency for Development and Cooperation", "Agencia Suiza para el Desarrollo y la Cooperación",
     "sdc|cosude"),
    ("Swedish International Development Cooperation Agency", "Agencia Sueca de Cooperación Internacional para el "
     "Desarrollo", "asdi"),  # not "Sida": "sida" is AIDS in Spanish
    ("Japan International Cooperation Agency", "Agencia de Cooperación Internacional del Japón", "jica"),
    ("Korea International Cooperation Agency", "Agencia de Cooperación Internacional de Corea", "koica"),
]


# Population groups that humanitarian reports count separately: a figure for refugees does
# not answer a question about internally displaced or stateless people.
_GROUPS = [
    ("internally displaced people", "personas desplazadas internas",
     "idp|idps|internally displaced|internal displacement|desplazad* intern*|desplazamiento interno|pdi|pdis|"
     # the definition written out: "forced to flee within their own country", "desplazarse dentro del país"
     "displaced within their own country|displaced within their country|displaced within the country|"
     "desplazad* dentro del pais|desplazad* dentro de su pais|desplazad* dentro de su propio pais|"
     "forzad* a desplazarse dentro del pais|obligad* a desplazarse dentro del pais"),
    ("stateless people", "personas apátridas", "stateless*|statelessness|apatrid*"),
]


@lru_cache(maxsize=1)
def entities() -> tuple[Entity, ...]:
    out = []
    for kind, table in (("place", _PLACES), ("org", _ORGS), ("group", _GROUPS)):
        for en, es, other in table:
            forms = [fold(en), fold(es), *(f for f in other.split("|") if f)]
            out.append(Entity(kind, en, es, tuple(dict.fromkeys(forms))))
    return tuple(out)


def _form_pattern(form: str) -> str:
    """``hondure*`` -> a word starting so; ``desplazad* intern*`` -> both words so; else the
    exact words."""
    parts = []
    for w in form.split():
        parts.append(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b")
    # "American" is not the second half of a compound: "Inter-American Commission", "Pan-American Highway",
    # "Inter-\nAmerican" (only there: a lookbehind on every form slows every search of places tenfold)
    guard = r"(?<!inter-)(?<!inter-\n)(?<!pan-)(?<!pan-\n)" if form.startswith("american") else ""
    return guard + r"\b" + r"\s+".join(parts)


@lru_cache(maxsize=1)
def _matchers() -> tuple[tuple[Entity, re.Pattern], ...]:
    return tuple((e, re.compile("|".join(_form_pattern(f) for f in e.forms))) for e in entities())


@lru_cache(maxsize=1)
def _pattern_of() -> dict:
    return dict(_matchers())


# Acronyms that are also ordinary words, checked case-sensitively in the original text.
_CASE_SENSITIVE = {"un", "eu", "ue", "who", "wb", "oms", "ops", "pma", "oea", "oas", "uk", "usa", "bid", "echo", "inm", "hcr",
                   "alc", "lac", "dr", "rd"}


def _mentions(text: str):
    """``(start, end, entity)`` for each match of each entity's forms in ``fold(text)``,
    entity by entity (an acronym that is also a word only where the text has it in
    capitals)."""
    folded = fold(text)
    for e, rx in _matchers():
        for m in rx.finditer(folded):
            if m.group(0) in _CASE_SENSITIVE and not _upper_at(text, folded, m.start(), m.end()):
                continue
            yield m.start(), m.end(), e


def find(text: str) -> list[Entity]:
    """Entities named in ``text`` (places and organisations), in order of first mention; a
    mention inside a longer one is not counted ("Norwegian Refugee Council" names no country)."""
    found: dict[Entity, int] = {}
    for start, _, e in spans(text):
        found.setdefault(e, start)
    return sorted(found, key=found.get)


def spans(text: str) -> list[tuple[int, int, Entity]]:
    """Every mention of an entity in ``text`` as ``(start, end, entity)``, offsets in
    ``fold(text)``, in order; where two overlap the longer is kept ("costa rica" over a
    shorter form inside it)."""
    out: list[tuple[int, int, Entity]] = []
    for s, e, ent in sorted(_mentions(text), key=lambda f: (f[0], -(f[1] - f[0]))):
        if not out or s >= out[-1][1]:
            out.append((s, e, ent))
    return out


def _upper_at(text: str, folded: str, start: int, end: int) -> bool:
    """Whether the original text is upper case where ``folded`` matched (folding keeps
    lengths for the ASCII acronyms this is used for)."""
    if len(text) != len(folded):
        return re.search(r"\b" + re.escape(folded[start:end].upper()) + r"\b", text) is not None
    return text[start:end].isupper()


# the endings of a place's people ("Guatemalan", "Haitians", "Chinese", "British", "guatemaltecos",
# "costarricenses", "peruanos", "brasileños", "argentinas")
_DEMONYM_END = re.compile(r"(?:ans?|ians?|eses?|ish|anos?|anas?|enses?|enos?|enas?|ecos?|ecas?|inos?|inas?|esas?)$")


def demonym(entity: Entity, matched: str) -> bool:
    """Whether ``matched`` (a folded mention of ``entity``) names a place's people or makes
    an adjective of it ("guatemaltecos", "Guatemalan women", "Haitians") rather than naming
    the place ("Guatemala", "Sudamérica", "América Latina", "Congo", "EEUU")."""
    if entity.kind != "place" or matched in (fold(entity.en), fold(entity.es)):
        return False
    if " " in matched and matched in entity.forms:  # another name of the place: "corea del sur", "america latina"
        return False
    return bool(_DEMONYM_END.search(matched))


def title_places(title: str) -> list[str]:
    """The places (countries, regions) a document's title (or any text) is about, in English,
    in order: a place named, not its people ("Venezuelan migrants in Peru" is about Peru)."""
    folded = fold(title)
    return list(dict.fromkeys(e.en for a, b, e in spans(title) if e.kind == "place" and not demonym(e, folded[a:b])))


def mentions(entity: Entity, folded_text: str, text: str = "") -> bool:
    """Whether a (folded) text names ``entity`` in any of its forms."""
    rx = _pattern_of()[entity]
    for m in rx.finditer(folded_text):
        if m.group(0) in _CASE_SENSITIVE and text and not _upper_at(text, folded_text, m.start(), m.end()):
            continue
        return True
    return False
