"""Patterns every record kind shares (dates, statuses, labels, responses) and the
locator that gives a record its page and section."""
from __future__ import annotations

import bisect
import re

from puente.common.text import flat as _flat
from puente.common.types import Document

from ..chunker import Line as _Line
from ..chunker import sections
from .record import Record

_SHORT = 16  # a line this short inside a matrix is a fragment of a narrow column

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"sep?tiembre|octubre|noviembre|diciembre)"
)
_STATUS = (
    r"(?:on-?going|in\s+progress|partially\s+implemented|implemented|completed?|done|closed|not\s+started|"
    r"pending|delayed|overdue|postponed|on\s+hold|on\s+track|off\s+track|at\s+risk|suspended|cancell?ed|en\s+curso|en\s+proceso|en\s+progreso|"
    r"completad[oa]|cumplid[oa]|finalizad[oa]|retrasad[oa]|atrasad[oa]|aplazad[oa]|suspendid[oa]|cancelad[oa]|"
    r"pendiente|no\s+iniciad[oa]|iniciad[oa]|implementad[oa]|cerrad[oa])"
)
_DATE = (
    rf"(?:(?:\d{{1,2}}\s+(?:de\s+)?)?{_MONTH}\.?,?\s+(?:de(?:l)?\s+)?\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|"
    r"q[1-4]\s+\d{4}|\d{4}\s*\((?:first|second|1st|2nd)\s+half\)|"
    r"(?:end|mid|beginning|fin(?:ales)?|mediados|principios)\s+(?:of\s+|de\s+)?\d{4}|"
    r"quarterly|yearly|annually|annual|monthly|weekly|bi-?weekly|bi-?annual(?:ly)?|semi-?annual(?:ly)?|"
    r"regular\s+activity|continuous|permanent|trimestral|anual|mensual|semanal|semestral|permanente|"
    r"continu[oa]|actividad\s+regular|"
    rf"on-?going(?=[ \t]*\n?[ \t]*{_STATUS}\b)|en\s+curso(?=[ \t]*\n?[ \t]*{_STATUS}\b))"
)
_DATE_RE = re.compile(rf"(?<![\w-]){_DATE}(?![\w-])", re.IGNORECASE)
_DATE_CELL = re.compile(rf"\s*{_DATE}\s*\.?\s*", re.IGNORECASE)
_STATUS_RE = re.compile(rf"(?<![\w-]){_STATUS}(?![\w-])", re.IGNORECASE)
_STATUS_CELL = re.compile(rf"\s*{_STATUS}\s*\.?\s*", re.IGNORECASE)

_REC_HEAD = re.compile(
    r"^\s*(?:\d{1,2}\.\s+)?(?:recommendation|recomendaci[oó]n(?:es)?(?:\s+de\s+(?:la\s+)?evaluaci[oó]n)?|"
    r"(?-i:R)(?=\d{1,2}[.:]\s))"  # a matrix's "R1. Fortalecer …"
    r"\s*(?:no\.?|n[º°o]\.?|#)?\s*(\d{1,2})\s*(?:\([^)]{1,40}\)\s*)?(?:[:.\-–—]\s*|$)(.*)$",
    re.IGNORECASE,
)
_OPEN = r"\s*(?:\([^)]*\))?\s*(?::|$)"
_REC_LABELS = {
    "responsible": re.compile(
        r"^\s*(?:unit\s+or\s+function\s+responsible|responsible\s+(?:unit|office|function)s?|"
        r"(?:unit|office)s?\s+responsible|addressed\s+to|recomendaci[oó]n\s+dirigida\s+a|dirigida\s+a|"
        rf"(?:unidad|[áa]rea)\s+responsable){_OPEN}(.*)$",
        re.IGNORECASE,
    ),
    "priority": re.compile(rf"^\s*(?:priority(?:\s+level)?|nivel\s+de\s+prioridad|prioridad){_OPEN}(.*)$", re.IGNORECASE),
    "response": re.compile(
        r"^\s*(?:management(?:'s)?\s+comments?|comentarios?\s+de\s+la\s+(?:gerencia|administraci[oó]n|direcci[oó]n)|"
        r"management\s+response|respuesta\s+(?:gerencial|de\s+la\s+(?:gerencia|administraci[oó]n))"
        rf"(?:\s+a\s+la\s+recomendaci[oó]n)?|(?:type\s+of\s+)?response(?:\s+type)?(?=\s*:)|(?:tipo\s+de\s+)?respuesta(?=\s*:))"
        rf"{_OPEN}(.*)$",
        re.IGNORECASE,
    ),
    "reasons": re.compile(r"^\s*(?:reasons|razones|justificaci[oó]n)\b(.*)$", re.IGNORECASE),
}
_ACTIONS_HEAD = re.compile(
    r"^\s*(?:(?:n\.?\s?[º°o]\.?|no\.|#)\s+)?"  # a table's number column first: "N.º Acción clave …"
    r"(?:(?:top-line\s+|key\s+)?planned\s+actions?\b|key\s+actions?\b|acci[oó]n(?:es)?\s+(?:clave|previstas?|planificadas?)\b|"
    r"(?:actions?|acci[oó]n(?:es)?)\s*(?::|$|\s{2,}))",
    re.IGNORECASE,
)
_ACTION_START = re.compile(r"^\s*(\d{1,2})(?:\.(\d{1,2}))?\.?\s+([^\W\d_(\"“¿¡].*|[(\"“¿¡].*)$")
# a labelled action, in a list or not: "- Action 2.1: Set up …", "Acción 3.2. Capacitar …"
_LABELLED_ACTION = re.compile(r"^\s*(?:[-•·*]\s+)?(?:(?:key\s+)?action|acci[oó]n(?:\s+clave)?|medida)\s+"
                              r"(\d{1,2})(?:\.(\d{1,2}))?\.?(?:\s*[:–-])?\s+([^\d\s].*)$", re.IGNORECASE)
# the facts an item states at its end, in brackets: "(lead: WFP Supply Chain Unit; by: November 2025; status: in
# progress)", "(responsables: DGM y Ministerio de Hacienda; plazo: junio de 2025)"
# a fact's label inside such brackets: "responsables", "institución responsable", "lead agency", "plazo", "timeline"
_FACT_LABEL = (r"(?:(?:instituci[oó]n|entidad|unidad|dependencia)\s+)?responsables?|responsible(?:\s+(?:unit|agency))?|"
               r"lead(?:\s+(?:agency|unit|institution))?|plazo|fecha(?:\s+l[ií]mite)?|deadline|timeline|by|status|estado")
_INLINE_FACTS = re.compile(rf"\s*[(\[](?P<facts>(?:{_FACT_LABEL})\s*:(?:[^()\[\]]|\([^()]*\))*)[)\]]\s*\.?\d{{0,2}}\s*$",
                           re.IGNORECASE)
_FACT_SPLIT = re.compile(rf"\s*;\s*|[,.]\s+(?=(?:{_FACT_LABEL})\s*:)", re.IGNORECASE)


def _inline_field(label: str) -> str:
    label = label.strip().lower()
    if re.search(r"respons|lead", label):
        return "responsible"
    return "status" if label in ("status", "estado") else "deadline"


def inline_facts(text: str) -> tuple[str, dict[str, str]]:
    """The statement without its bracketed facts at its end ("(responsables: MTSS (Ministerio de
    Trabajo) y DGM; plazo: junio de 2025)", "(lead: …, by: …)"), and those facts by field."""
    m = _INLINE_FACTS.search(text)
    if not m:
        return text, {}
    facts = _labelled_facts(_FACT_SPLIT.split(m.group("facts")), _inline_field)
    return text[: m.start()].rstrip().rstrip(".") + ".", {k: v.rstrip(".") for k, v in facts.items()}


def _labelled_facts(parts: list[str], field_of) -> dict[str, str]:
    """The first value of each field among ``"label: value"`` parts, ``field_of(label)`` naming
    the label's field (None: no fact)."""
    facts: dict[str, str] = {}
    for part in parts:
        key, _, value = part.partition(":")
        field = field_of(key)
        if field and value.strip() and field not in facts:
            facts[field] = _flat(value)
    return facts
# the labels of an action's facts, by field ("Responsable: …", "Fecha límite: …", "Estado: …")
_ACTION_LABEL_WORDS = {
    "responsible": r"by\s+whom|responsible(?:\s+(?:unit|person|office|entity)\(?s?\)?)?|lead|persona\s+responsable|"
                   r"responsables?|(?:unidad|entidad|instituci[oó]n)\s+responsable|a\s+cargo\s+de",
    "deadline": r"deadline|due(?:\s+date)?|target\s+date|(?:expected\s+)?completion\s+date|timeline|time\s*frame|"
                r"plazo(?:\s+o\s+fecha\s+l[ií]mite|\s+de\s+ejecuci[oó]n)?|fecha\s+l[ií]mite|fecha\s+prevista(?:\s+de\s+\w+)?|"
                r"fecha\s+de\s+(?:finalizaci[oó]n|cumplimiento)",
    "status": r"(?:progress\s+|implementation\s+)?status|estado(?:\s+de\s+(?:avance|implementaci[oó]n))?|estatus",
    "comments": r"comments?|comentarios?|observaciones",
}
_ACTION_LABELS = {field: re.compile(rf"^\s*(?:{words})\s*:\s*(.*)$", re.IGNORECASE)
                  for field, words in _ACTION_LABEL_WORDS.items()}
# the same labels inside running text, after a full stop or at a line's start: "… por caso. Unidad
# responsable: …. Fecha límite: julio de 2025. Estado: Cumplida." (a label wrapped onto two lines reads whole)
_LABEL_AHEAD = r"(?=(?:" + "|".join(_ACTION_LABEL_WORDS.values()) + r")\s*:)"
_PROSE_LABEL = re.compile(r"(?:(?<=[.;])[ \t]+|\n[ \t]*)" + _LABEL_AHEAD, re.IGNORECASE)
_MID_LABEL = re.compile(r"(?<=[.;])[ \t]+" + _LABEL_AHEAD, re.IGNORECASE)
# where a fact stated last ends: a numbered heading or a blank line ("… Estado: En curso.\n5. Seguimiento")
_NEXT_PART = re.compile(r"\n[ \t]*(?:\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-ZÁÉÍÓÚÑ]|\n)")
# a date's or a status's sentence ends before a capital or a numbered heading, not after "Dec." or "1er."
_FACT_END = re.compile(r"\.\s+(?=[A-ZÁÉÍÓÚÑ]|\d{1,2}\.\s+[A-ZÁÉÍÓÚÑ])")


def states_facts_in_prose(lines: list[str]) -> bool:
    """Whether a label follows a full stop inside a line: the facts run on in the text."""
    return any(_MID_LABEL.search(line) for line in lines)


def prose_facts(text: str) -> tuple[str, dict[str, str]]:
    """An action's statement and the facts its text states after it (its lines joined by
    line breaks), each from its label to the next one ("… Unidad responsable: Oficina de
    país. Fecha límite: junio de 2025. Estado: Cumplida en Perú; en curso en Ecuador.")."""
    parts = [p for p in _PROSE_LABEL.split(text) if p.strip()]
    if len(parts) < 2:
        return text, {}

    def field_of(label: str) -> str | None:
        return next((f for f, rx in _ACTION_LABELS.items() if rx.match(_flat(label) + ":")), None)
    facts = _labelled_facts([_NEXT_PART.split(p)[0] for p in parts[1:]], field_of)
    facts = {k: _FACT_END.split(v)[0] if k in ("deadline", "status") else v for k, v in facts.items()}
    return (_flat(parts[0]), {k: v.rstrip(".") for k, v in facts.items()}) if facts else (text, {})


_RESPONSES = re.compile(
    r"(?<![\w-])(partially\s+agree(?:d)?|disagree(?:d)?|not\s+agreed|agree(?:d)?|partially\s+accepted|"
    r"not\s+accepted|accepted|rejected|aceptar\s+parcialmente|aceptad[oa]\s+parcialmente|"
    r"parcialmente\s+aceptad[oa]|no\s+aceptad[oa]|aceptad[oa]|aceptar|rechazad[oa]|rechazar|"
    r"parcialmente\s+de\s+acuerdo|en\s+desacuerdo|de\s+acuerdo)(?![\w-])",
    re.IGNORECASE,
)
def after_option(said: str, response: str) -> str:
    """The words of a response's text after its option ("Partially accepted. UNICEF will …"
    → "UNICEF will …"); "" when the text does not state ``response``."""
    at = said.lower().find(response.lower())
    return said[at + len(response):].lstrip(" .:;,-–").strip() if at >= 0 else ""


# a matrix's response cell read as its own line, after the statement: "Aceptada. UNICEF ampliará …"
_OPENS_ON_RESPONSE = re.compile(r"^\s*" + _RESPONSES.pattern + r"\s*[.:;](?:\s|$)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-•·▪‣●◦*]\s+(\S.*)$")
_INLINE_LABEL = re.compile(r"^[A-ZÁÉÍÓÚÑ][\w]*(?: [\w]+){0,2}:\s")
_FUNCTION_WORD_END = re.compile(r"\b(?:of|with|and|the|for|to|in|by|from|until|before|de|del|la|el|y|con|para|en|"
                                r"hasta|desde|antes)\s*$", re.IGNORECASE)


def _join(lines: list[_Line]) -> str:
    return _flat(" ".join(ln.text for ln in lines))


class _Locator:
    """Page numbers and section paths of char offsets in one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.offsets = doc.page_offsets
        self.spans = sections(doc.text, doc.headings, structured=doc.structured)  # a file's own headings too
        self.span_starts = [s for _, s, _ in self.spans]

    def page(self, pos: int) -> int | None:
        if not self.doc.pages:
            return None
        i = max(0, bisect.bisect_right(self.offsets, pos) - 1)
        return self.doc.pages[i].number

    def section(self, pos: int) -> tuple[str, ...]:
        i = bisect.bisect_right(self.span_starts, pos) - 1
        return self.spans[i][0] if i >= 0 else ()

    def make(self, kind: str, number: str, text: str, start: int, end: int,
             section: tuple[str, ...] | None = None, **kw) -> Record:
        end = max(end, start)
        return Record(
            doc=self.doc.doc, kind=kind, number=number, text=_flat(text),
            page_start=self.page(start), page_end=self.page(max(start, end - 1)),
            section=self.section(start) if section is None else section, start=start, end=end, **kw,
        )


def _one_response(value: str) -> str:
    """The management response a cell states as its one option (a form listing all, checkboxes lost: none)."""
    value = re.sub(r"\([^)]*\)", " ", value)
    found = {_flat(m.group(1)).lower() for m in _RESPONSES.finditer(value)}
    if len(found) != 1:
        return ""
    m = _RESPONSES.search(value)
    return _flat(m.group(1))


# a response matrix's recommendation merged across its row, above its actions: "Recommendation 3 (priority:
# Medium; addressed to: LACRO, all country offices) Scale up … Management response: Partially accepted. Rationale: …"
MERGED_REC = re.compile(r"^\s*(?:recommendation|recomendaci[oó]n)\s+(\d{1,2})\s*(?:\((?P<facts>[^()]{1,160})\))?"
                        r"\s*[:.\-–—]?\s*(?P<text>\S.*)$", re.IGNORECASE)
_ANSWER_LABEL = re.compile(r"\b(?:management\s+response|(?:type\s+of\s+)?response(?:\s+type)?|respuesta\s+de\s+la\s+"
                           r"(?:gerencia|administraci[oó]n)|respuesta(?:\s+gerencial)?)\s*:\s*", re.IGNORECASE)
_REASON_LABEL = re.compile(r"\b(?:rationale|justification|justificaci[oó]n|reasons?|razones)\s*:\s*", re.IGNORECASE)
_MERGED_FIELD = {"priority": "priority", "prioridad": "priority", "addressed to": "responsible",
                 "dirigida a": "responsible", "responsible": "responsible", "responsable": "responsible"}


def merged_recommendation(cell: str) -> tuple[str, str, dict[str, str], str] | None:
    """``(number, statement, facts, response text)`` of a recommendation merged across a
    matrix's row (:data:`MERGED_REC`): its bracketed priority and addressees, its statement,
    and what follows "Management response:" (the reason's label left out); None for another cell."""
    m = MERGED_REC.match(cell)
    if not m:
        return None
    facts = _labelled_facts((m.group("facts") or "").split(";"), lambda key: _MERGED_FIELD.get(" ".join(key.lower().split())))
    pm = re.search(r"\b(high|medium|low|alta|media|baja)\s+priority|\bprioridad\s+(alta|media|baja)", m.group("facts") or "",
                   re.IGNORECASE)  # "(High priority)" without a colon
    if pm and "priority" not in facts:
        facts["priority"] = pm.group(1) or pm.group(2)
    if "priority" in facts:
        facts["priority"] = facts["priority"].split()[0]
    text, answer = (_ANSWER_LABEL.split(m.group("text"), maxsplit=1) + [""])[:2]
    return m.group(1), _flat(text), facts, _REASON_LABEL.sub("", answer).strip()
