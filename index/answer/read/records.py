"""Answers from structured records (``ingest.records``): the field a question asks for.

* ``record_answer``: a question that names an item ("who is responsible for
  recommendation 4", "plazo de la acción 1.1") gets that item's field, from a document
  the question names, else from the best-ranked document that has such an item;
* ``record_candidates``: the records whose source lies inside a top passage become
  candidates like its sentences: "who is responsible for the recommendation on the
  Local Integration Programme" is answered by the responsible field of the record whose
  own text best matches the question, "¿qué plazo tiene la OIM para la matriz de riesgos?"
  by the deadline of that action, an indicator question by its row.
Records may be ``Record`` objects or their dicts (older callers).
"""
from __future__ import annotations

import re

from puente.common.text import fold

from ..asked.question import DATE, FREQUENCY, OPEN, QUANTITY, WHO
from ..asked.reason import asks_why

_KINDS = r"(recommendation|recomendaci[oó]n|action|acci[oó]n|commitment|compromiso|indicator|indicador)"
_REF = re.compile(
    r"\b" + _KINDS + r"(?:es)?\s*(?:no\.?|n[º°])?\s*(\d{1,3}(?:\.\d{1,3})?)\b",
    re.I,
)
_FIELDS = [
    ("responsible", re.compile(r"\b(who|whom|responsible|unit|by whom|qui[eé]n(es)?|responsable|dirigida|encargad|"
                               r"(?:which|what|qu[eé])\s+(?:institution|instituci[oó]n|ministry|ministerio|agency|entidad)|"
                               r"in\s+charge|a\s+cargo)", re.I)),
    ("deadline", re.compile(r"\b(when|deadline|due|date|completion|plazo|fecha|cu[aá]ndo|l[ií]mite)", re.I)),
    ("status", re.compile(r"\b(status|progress|estado|avance)\b", re.I)),  # not "Estados" (states)
    ("priority", re.compile(r"\b(priority|prioridad)\b", re.I)),  # not "prioridades" (what it sets)
    ("actual", re.compile(r"\b(actual|achieved|result|resultado|alcanzad|logrado)", re.I)),
    ("target", re.compile(r"\b(target|meta)\b", re.I)),
]
_KIND_ES = {"recommendation": "recomendación", "action": "acción", "commitment": "compromiso",
            "indicator": "indicador", "priority": "prioridad"}
FIELD_LABELS = {
    "responsible": ("Responsible", "Responsable"),
    "deadline": ("Deadline", "Plazo"),
    "status": ("Status", "Estado"),
    "priority": ("Priority", "Prioridad"),
    "actual": ("Actual", "Valor alcanzado"),
    "baseline": ("Baseline", "Línea de base"),
    "target": ("Target", "Meta"),
    "response": ("Management response", "Respuesta de la gerencia"),
}
_KIND_FIELD = {WHO: "responsible", DATE: "deadline", FREQUENCY: "deadline"}
_PAIRED = {"responsible": "deadline", "deadline": "responsible"}
_STATUS_Q = re.compile(r"\b(status|progress(?!\s+reports?\b)|estado|(?<!informe de )(?<!informes de )avance)\b|"  # no "progress report"
                       r"\bwhere\s+(?:do|does|did)\b.{0,80}?\bstand\b(?!\s+on\b)|\bc[oó]mo\s+(?:va|van|iba|iban)\b|"  # "where … stand?"
                       r"\bhow\s+(?:is|are|was|were)\b.{0,80}?\b(?:going|progressing)\b|"
                       r"\ben\s+qu[eé]\s+(?:punto|situaci[oó]n)\b", re.I | re.S)
_PRIORITY_Q = re.compile(r"\b(priority|prioridad)\b", re.I)


def record_key(r) -> str:
    """``3.1`` for action 1 of recommendation 3; the number otherwise."""
    number, parent = r.number, r.parent
    if r.kind == "action" and parent and not number.startswith(parent + "."):
        return f"{parent}.{number}"
    return number


def citation(r) -> str:
    return r.citation or r.doc


def kind_label(r, lang: str) -> str:
    k = r.kind
    return _KIND_ES.get(k, k) if lang == "es" else k


def item_name(r, lang: str) -> str:
    """``Recommendation 4``, ``Acción 4.1``: the item's kind and number in ``lang``."""
    return f"{kind_label(r, lang).capitalize()} {record_key(r)}".strip()


def field_text(r, field: str, lang: str, with_item: bool = True, item_words: int = 40) -> str:
    """``Responsible (recommendation 4): X`` — with the item's own statement after it
    (shortened to ``item_words``) when ``with_item``; two fields asked together
    ("responsible+deadline") as ``Responsible and deadline (commitment 3.1): X — June 2025``."""
    i = 1 if lang == "es" else 0
    fields_ = field.split("+")
    label = (" y " if i else " and ").join([FIELD_LABELS[fields_[0]][i]] + [FIELD_LABELS[f][i].lower() for f in fields_[1:]])
    number = record_key(r)
    ref = f" ({kind_label(r, lang)} {number})" if number else ""
    text = f"{label}{ref}: {' — '.join(getattr(r, f) for f in fields_)}"
    if with_item and r.text:
        words = r.text.split()
        item = " ".join(words[:item_words]) + (" …" if len(words) > item_words else "")
        text += f" — {item}"
    return text


def indicator_values(r, lang: str) -> tuple[str, str]:
    """An indicator row as (label, value): ``Indicator 2.1`` and ``Baseline: 90.00 · Target:
    90.00 · Actual: 848.00`` — the columns its figures are under, in the question's language."""
    i = 1 if lang == "es" else 0
    parts = [f"{FIELD_LABELS[f][i]}: {getattr(r, f)}" for f in ("baseline", "target", "actual") if getattr(r, f)]
    return (item_name(r, lang) if parts else ""), " · ".join(parts)


def also_asked(question: str, field: str, r) -> str:
    """The other of responsible and deadline when the question asks both ("which
    institution leads it, and what is the deadline?") and the record states it; else ""."""
    other = _PAIRED.get(field, "")
    return other if other and getattr(r, other, "") and dict(_FIELDS)[other].search(question) else ""


# "was the GBV recommendation accepted?", "did management agree?", "¿se aceptó la recomendación sobre …?", "what did
# management say about the recommendation …?": how
# management answered it — a verb of the question, not a topic's adjective ("rejected asylum-seekers", "solicitudes
# rechazadas") nor the actions it agreed ("what actions did management agree …")
_RESPONSE_Q = re.compile(r"\b(?:was|were|is|are|has|have|had|been|did|does|do)\b(?:\s+[\w'’-]+){0,8}?\s+"
                         r"(?:accept(?:ed)?|agree(?:d)?|reject(?:ed)?|turn(?:ed)?\s+down)\b|"
                         r"\b(?:se\s+)?(?:acept[óo]|aceptaron|rechaz[óo]|rechazaron)\b|\bfue(?:ron)?\s+(?:aceptad|rechazad)\w*|"
                         r"\b(?:estuvo|estuvieron)\s+de\s+acuerdo\b|"
                         # what management said or how it responded ("what did management say about …", "¿cómo
                         # respondió la gerencia a …?")
                         r"\bmanagement\s+(?:team\s+)?(?:say|said|respond(?:ed)?|repl(?:y|ied))\b|"
                         r"\b(?:dijo|respondi[óo]|contest[óo])\s+(?:la\s+)?gerencia\b|\bgerencia\s+(?:dijo|respondi[óo]|contest[óo])\b|"
                         # "the management response (agree or disagree) to recommendation 2", "la respuesta a la recomendación 2"
                         r"\bresponse\s+(?:\([^)]{0,40}\)\s+)?to\s+(?:[\w'’]+\s+){0,3}recommendation|"
                         r"\brespuesta\s+(?:de\s+la\s+gerencia\s+)?a\s+la\s+recomendaci[oó]n", re.I)
_RESPONSE_OF = re.compile(r"\b(?:recommend\w*|recomend\w*|recomiend\w*|management|gerencia)\b", re.I)
# the actions agreed, or what was recommended first ("what was recommended on cash, and did management agree?": the
# statement's passage answers, with the response beside it in a matrix)
_NOT_RESPONSE = re.compile(r"\b(?:actions?|acci[oó]n(?:es)?|measures|medidas)\b|\bwhat\s+(?:was|were|did|does|do)\b.{0,60}?"
                           r"\brecomm?end(?:ed|s)?\b|\bqu[eé]\s+(?:se\s+)?recom(?:end|iend)", re.I | re.S)
# "has the protocol been submitted yet?", "¿ya se ha presentado …?": how far an item is (a yes/no question, not "why")
_YET_Q = re.compile(r"^\W*(?:(?:has|have|is|are|was|were|did)\b.*\b(?:yet|already)\b|ya\b|(?:se\s+)?ha[n]?\b.*\bya\b)", re.I | re.S)


def _asks_response(question: str) -> bool:
    return bool(_RESPONSE_Q.search(question) and _RESPONSE_OF.search(question) and not _NOT_RESPONSE.search(question))


def wanted_field(question: str, kind: str) -> str | None:
    """The record field a question asks for, if any: by its answer kind ("who" ->
    responsible, "when" -> deadline), else a status or priority it names, else how
    management answered a recommendation when it asks whether it was accepted."""
    if kind in _KIND_FIELD:
        return _KIND_FIELD[kind]
    if _STATUS_Q.search(question):
        return "status"
    if _PRIORITY_Q.search(question):
        return "priority"
    if kind == OPEN and _YET_Q.search(question) and not asks_why(question):
        return "status"
    return "response" if _asks_response(question) else None


# "action 2 of recommendation 1", "la acción 3 de la recomendación 4": action 1.2, 4.3
_ACTION_OF = re.compile(
    r"\b(?:action|acci[oó]n)\s*(?:no\.?|n[º°])?\s*(\d{1,2})\s+(?:of|under|in|for|from|de|bajo|en)\s+(?:the\s+|la\s+)?"
    r"(?:recommendation|recomendaci[oó]n)\s*(?:no\.?|n[º°])?\s*(\d{1,3})\b", re.I)
# "recommendation 4, action 1", "recommendation 4's action 1", "la recomendación 4 (acción 1)": action 4.1,
# as a response matrix numbers its actions 1, 2, 3 under each recommendation
_REC_ACTION = re.compile(
    r"\b(?:recommendation|recomendaci[oó]n)\s*(?:no\.?|n[º°])?\s*(\d{1,3})(?:'s)?(?:\s*[,;:(–-]\s*|\s+)"
    r"(?:(?:its|the|su|la)\s+)?(?:action|acci[oó]n)\s*(?:no\.?|n[º°])?\s*(\d{1,2})\b(?![.,]\d)", re.I)


def _item_ref(question: str) -> tuple[int, int, str, str] | None:
    """``(start, end, kind, number)`` of the item a question names by number, an action
    named with its recommendation read as one number ("action 2 of recommendation 1",
    "recommendation 1, action 2": action 1.2); None when it names none."""
    m = _ACTION_OF.search(question)
    if m:
        return m.start(), m.end(), "action", f"{m.group(2)}.{m.group(1)}"
    m = _REC_ACTION.search(question)
    if m:
        return m.start(), m.end(), "action", f"{m.group(1)}.{m.group(2)}"
    m = _REF.search(question)
    if not m:
        return None
    kind = fold(m.group(1))
    kind = {"recomendacion": "recommendation", "accion": "action", "compromiso": "commitment",
            "indicador": "indicator"}.get(kind, kind)
    return m.start(), m.end(), kind, m.group(2)


def _asked(question: str) -> tuple[str, str, str | None] | None:
    """``(kind, number, field)`` of a question naming an item by number (``field`` None when
    it asks for none: "what does recommendation 9 say?")."""
    ref = _item_ref(question)
    if ref is None:
        return None
    return ref[2], ref[3], next((f for f, rx in _FIELDS if rx.search(question)), None)


def is_item_asked(question: str, r) -> bool:
    """Whether record ``r`` is the item the question asks about by number ("the deadline of
    IOM's action 8.1" and action 8.1)."""
    ref = _item_ref(question)
    return r is not None and ref is not None and r.kind == ref[2] and record_key(r) == ref[3]


OWNER_CHARS = 12  # an organisation this close after an item's number (or before its name) is whose the item is


def owner_named(question: str) -> bool:
    """Whether the question says whose item it asks about: an organisation right beside
    the item ("la acción 4.1 de la OIM", "IOM's action 4.1", "UNHCR recommendation 3"), not
    one the item is about ("la recomendación 2 sobre el trabajo con el ACNUR")."""
    from puente.common.places import spans

    ref = _item_ref(question)
    if ref is None:
        return False
    start, end = ref[:2]
    folded = fold(question)  # offsets as in the question (folding keeps its letters' count)
    return any(e.kind == "org" and (0 <= a - end <= OWNER_CHARS or 0 <= start - b <= OWNER_CHARS // 2)
               for a, b, e in spans(folded))


def record_answer(question: str, hits, records, lang: str = "en", named: list[str] | None = None):
    """``(record, field)`` for a question naming an item by number ("recommendation 4",
    "acción 1.1") and a field, from the documents the question names (``named``) if any,
    else the best-ranked document of ``hits`` that has it; or ``None``."""
    asked = _asked(question)
    if not asked or not asked[2]:
        return None
    r = _named_item(asked[0], asked[1], asked[2], hits, records, named)
    return None if r is None else (r, asked[2])


STATEMENT_KINDS = ("recommendation", "action", "commitment")  # items whose statement is what they ask
# what the item says: "what does recommendation 1 ask", "what is recommendation 1", "¿qué plantea la acción 4.1?";
# not how it was answered, what it includes or why ("how did UNHCR respond to …", "what actions does … include")
_SAYS = re.compile(
    r"\b(?:says?|ask(?:s|ed)?|recommends?|propos(?:e|es|ed)|states?|calls? for|requests?|suggests?|"
    r"dicen?|piden?|plantean?|proponen?|propone|recomiendan?|establecen?|solicitan?|señalan?|sugieren?)\b"
    r"|\b(?:what|which)\s+(?:is|was)\s+(?:the\s+)?(?:recommendation|action|commitment)\b"
    r"|\b(?:qu[eé]|cu[aá]l)\s+(?:es|era|fue)\s+(?:la\s+|el\s+)?(?:recomendaci[oó]n|acci[oó]n|compromiso)\b", re.I)
# a second item beside the first: "recommendations 1 and 2", "las recomendaciones 1 y 2", "1, 2"
_MORE_ITEMS = re.compile(r"^\s*(?:,|&|and|y|e|or|o|to|a|-|–)\s*\d", re.I)


def statement_record(question: str, hits, records, named: list[str] | None = None):
    """The recommendation, action or commitment a question names by number and asks what it
    says ("What does recommendation 1 of UNHCR's evaluation ask?", "¿Qué plantea la acción
    4.1?"): its statement answers it. Found as ``record_answer`` finds one; ``None`` when the
    question asks for a field, asks something else of the item, or names two items."""
    asked = _asked(question)
    if not asked or asked[2] or asked[0] not in STATEMENT_KINDS or not _SAYS.search(question):
        return None
    start, end = _item_ref(question)[:2]  # "recommendation 4, action 1" is one item, action 4.1
    if _REF.search(question[:start] + " " + question[end:]) or _MORE_ITEMS.match(question[end:]):
        return None
    return _named_item(asked[0], asked[1], "text", hits, records, named)


def doc_rank(hits, named: list[str] | None) -> dict[str, int]:
    """The documents an item is looked for in, best first: those the question names, else
    those of the hits in their order."""
    rank = {d: i for i, d in enumerate(named or [])}
    for h in hits if not named else ():
        rank.setdefault(h.chunk.doc, len(rank))
    return rank


def _named_item(kind: str, number: str, field: str, hits, records, named: list[str] | None):
    """The record ``kind`` ``number`` with ``field`` filled, from the documents ``named``
    (in that order) if any, else from the best-ranked document of ``hits`` that has it."""
    if not records:
        return None
    ranks = doc_rank(hits, named)
    cands = [r for r in records
             if r.kind == kind and record_key(r) == number and getattr(r, field) and r.doc in ranks]
    return min(cands, key=lambda r: ranks[r.doc]) if cands else None


_MATRIX_FIELDS = ("status", "priority")  # columns of a response matrix: no passage says them otherwise


def _order(key: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in key.split("."))


def _asks_column_of_item(question: str, field: str) -> bool:
    """Whether the field word is said of the item: before its reference within six words
    ("the status of action 4.1") or right after it ("action 4.1 status")."""
    rx = dict(_FIELDS)[field]
    ref = _item_ref(question)
    if ref is None:
        return False
    start, end = ref[:2]
    for m in rx.finditer(question):
        if m.end() <= start and len(question[m.end():start].split()) <= 6:
            return True
        if m.start() >= end and len(question[end:m.start()].split()) <= 1:
            return True
    return False


def record_gap(question: str, records, chunks, named: list[str] | None = None):
    """Why a question naming an item by number cannot be answered, checked against the
    whole index, or ``None`` when it may be: the documents asked about (``named``, else every
    document with items of that kind) have no such item, in their records nor as that
    number in their text (``("no_item", kind, number, last)``, ``last`` their highest
    number), or the item is there and its document gives no item the status or priority
    asked for (``("unfilled", kind, number, field)``)."""
    asked = _asked(question)
    if not asked or not records:
        return None
    kind, number, field = asked
    scope = set(named or ()) or {r.doc for r in records if r.kind == kind}
    same = [r for r in records if r.kind == kind and r.doc in scope]
    if not same:
        return None  # nothing known of such items in these documents
    exact = [r for r in same if record_key(r) == number]
    if exact:
        # said when the question asks for that column of this item ("the status of action 4.1",
        # "estado de implementación de la acción 4.1"; not about a "legal status" it mentions) and
        # the item's own text holds none of the values its document gives other items ("Ongoing")
        # (or how management answered a recommendation: "Agree Partially agree Disagree", a form's choices, is none)
        docs = {e.doc for e in exact}
        if not (field in _MATRIX_FIELDS and _asks_column_of_item(question, field)):
            field = "response" if kind == "recommendation" and field is None and _asks_response(question) else None
        if field and not any(getattr(e, field) for e in exact):
            values = {fold(getattr(r, field)) for r in records if r.doc in docs and getattr(r, field)}
            if not any(v in fold(_item_text(e, chunks)) for e in exact for v in values):
                return "unfilled", kind, number, field
        return None
    if kind == "action" and "." not in number:
        return None  # "action 3" may be the third action of any recommendation
    said = re.compile(rf"(?<![\d.,]){re.escape(number)}(?!\d|[.,]\d)" if "." in number
                      else rf"\b{_KINDS}\w*\s*(?:no\.?|n[º°])?\s*{number}\b", re.I)
    if any((not named or c.doc in scope) and said.search(c.text) for c in chunks or ()):
        return None  # the text has it (any document's, when none is named); the records may have missed it
    keys = [record_key(r) for r in same if record_key(r)]
    if not keys:
        return None
    return "no_item", kind, number, max(keys, key=_order)


def record_span(chunk, r) -> tuple[int, int]:
    """Offsets in ``chunk.text`` of the part of the record's source span it holds."""
    return max(0, r.start - chunk.start), max(0, min(len(chunk.text), r.end - chunk.start))


def _item_text(r, chunks) -> str:
    """The text of record ``r``'s whole item, from the chunks that hold it."""
    return " ".join(c.text[slice(*record_span(c, r))] for c in chunks or ()
                    if c.doc == r.doc and c.start < r.end and r.start < c.end)


def other_item(question: str, r) -> bool:
    """Whether record ``r`` is another numbered item than the one the question asks about by
    number ("Responsible (recommendation 3)" for "who is responsible for action 6.3?"); an
    action's own recommendation is not another item."""
    asked = _asked(question)
    if r is None or not asked or r.kind not in ("recommendation", "action", "commitment", "indicator"):
        return False
    kind, number, _ = asked
    key = record_key(r)
    if r.kind == kind:
        return key != number
    return not (kind == "action" and r.kind == "recommendation" and number.split(".")[0] == key)


_COLUMN_Q = [("target", re.compile(r"\b(?<!poblaci[oó]n )(?<!grupo )(target|meta)\b(?!\s+(?:population|group|audience|area|beneficiar))",
                                    re.I)),
             ("baseline", re.compile(r"\b(baseline|l[ií]nea de base)\b", re.I))]


def unfilled_column(question: str, r) -> str | None:
    """The indicator column a question asks for ("the 2023 target", "la meta") when the
    indicator ``r`` it is answered from leaves it empty."""
    if r is None or r.kind != "indicator":
        return None
    return next((col for col, rx in _COLUMN_Q if rx.search(question) and not getattr(r, col)), None)


def records_by_doc(records) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in records or ():
        out.setdefault(r.doc, []).append(r)
    return out


def overlapping(hit, by_doc: dict[str, list]) -> list:
    """Records of the hit's document whose source span overlaps the passage."""
    c = hit.chunk
    return [r for r in by_doc.get(c.doc, ()) if r.end > c.start and r.start < c.end]


def record_texts(r, question: str, kind: str, lang: str) -> tuple[str, str] | None:
    """What a record offers as a candidate for this question: (matched text, field) —
    the field the question asks for with the item's statement, or an indicator's row —
    or ``None`` when it has nothing of the kind."""
    field = wanted_field(question, kind)
    if field and getattr(r, field):
        return field_text(r, field, lang), field
    if r.kind == "indicator" and r.detail and kind in (QUANTITY, "open"):
        return r.detail, "detail"
    return None
