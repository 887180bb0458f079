"""Which of the near-best answer candidates to prefer (``choose.decide``): the table row,
infographic box or cell the question names, the whole rather than one place's part of it,
a date to the month rather than a year alone, an item of the kind the question asks for
(a commitment for "what does X commit to"), the recommendation addressed to whom the question
names ("Donors: …" for "what does IOM ask donors"). Each gives way only within a margin (log-odds
of the fitted score), so a clearly better candidate keeps its place."""
from __future__ import annotations

import re

from puente.common.text import LETTER_ITEM, fold
from puente.ingest.records.commitments import _FACT as FACT_LINE

from ...search.lexical import stopwords
from ..asked.also_asked import also_asked, gives_also
from ..asked.answer_type import asks_kind, to_the_month
from ..asked.eligibility import asks_eligibility, states_eligibility
from ..asked.question import DATE, OPEN, QUANTITY, Question
from ..read import tables
from ..read.candidates import BULLETS, Candidate
from ..read.text import framed_elsewhere, local_figure, trim, whole_list

FLOOR_MARGIN = 3.0  # log-odds: when the chosen one lacks what the kind needs, a candidate that has it may trail by this

ROW_MARGIN = 2.0  # log-odds: a row of the same table whose name the question matches better may trail by this
_TOTAL = re.compile(r"(?:grand\s+)?totale?s?\b", re.I)  # "Total", "Grand total", "Totales", "Total general"


def named_row(chosen: Candidate, ok: list[Candidate], question: str) -> Candidate:
    """Among the rows of the chosen row's table (its passage) that score nearly as well,
    the one whose name the question matches best: "Total" for the total, "OA5: Children"
    for child protection — not any row with a figure."""
    if chosen.features.get("segment") != "row" or "cell" not in chosen.features:
        return chosen
    rows = [c for c in ok if c.hit is chosen.hit and "cell" in c.features
            and c.features["type_raw"] >= chosen.features["type_raw"] and c.score >= chosen.score - ROW_MARGIN]
    named = {id(c): tables.named_share(c.features["cell"].row, question) for c in rows}
    whole = not any(named.values())  # a question that names none of the rows asks about the whole: its Total row
    return max(rows, key=lambda c: (named[id(c)], whole and bool(_TOTAL.match(c.features["cell"].row)),
                                    c.features["row_name"], c.score), default=chosen)


_JOINED = re.compile(r"\b(?:and|y|e)\b", re.I)


def both_rows(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """For a figure question that names two rows of one table in full, joined ("… for the
    resettlement and integration outcome areas": "OA15: Resettle", "OA16: Integrate"), the chosen
    row and the other read as one answer when they stand next to each other; no one cell names it."""
    cell = chosen.features.get("cell")
    if q.kind != QUANTITY or cell is None or not _JOINED.search(q.text) or _TOTAL.match(cell.row) \
            or tables.named_share(cell.row, q.text) < 1.0:
        return chosen
    text = chosen.chunk.text
    for c in ok:
        other = c.features.get("cell")
        if c.hit is not chosen.hit or other is None or other.row == cell.row or _TOTAL.match(other.row) \
                or tables.named_share(other.row, q.text) < 1.0:
            continue
        (a, b), (x, y) = sorted([(chosen.start, chosen.end), (c.start, c.end)])
        if x >= b and not text[b:x].strip():  # the next row down (or up)
            return chosen.spanning(a, y, features={k: v for k, v in chosen.features.items() if k != "cell"})
    return chosen


def named_box(chosen: Candidate, ok: list[Candidate], question: str) -> Candidate:
    """Among the boxes of the chosen box's infographic (its page) that score nearly as
    well, the one whose label the question names best: "PROTECTION / 17 COMMITMENTS", not
    "SOCIAL PROTECTION / 8 COMMITMENTS", for the protection commitments."""
    if "label" not in chosen.features:
        return chosen
    boxes = [c for c in ok if "label" in c.features and c.doc == chosen.doc
             and c.chunk.page_start == chosen.chunk.page_start
             and c.features["type_raw"] >= chosen.features["type_raw"] and c.score >= chosen.score - ROW_MARGIN]
    return max(boxes, key=lambda c: (tables.named_share(c.features["label"], question), c.score), default=chosen)


def whole(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """For a figure whose sentence opens on a place the question does not ask about ("In Tabasco, …
    181 GBV survivors"), the best candidate nearly as good that gives a figure as well and
    places it nowhere else ("… assisted 1,528 GBV survivors …"): the whole the question asks
    about, not a part of it."""
    if q.kind != QUANTITY or not framed_elsewhere(chosen.text, q.text, chosen.chunk.title):
        return chosen
    return next((c for c in ok if c is not chosen and c.score >= chosen.score - FLOOR_MARGIN
                 and c.features["type_raw"] >= chosen.features["type_raw"]
                 and not local_figure(c.text, q.text, c.chunk.title)), chosen)


DATE_MARGIN = 1.5  # log-odds: a date to the month may trail a year alone by this


def to_month(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """For "when", a sentence that gives only a year ("… the MIRPS in 2019") gives way to one
    nearly as good that gives the month or the day ("… will take place in November 2019")."""
    if q.kind != DATE or chosen.source != "passage" or to_the_month(chosen.text):
        return chosen
    return next((c for c in ok if c is not chosen and c.source == "passage" and c.score >= chosen.score - DATE_MARGIN
                 and c.features["type_raw"] >= 1 and to_the_month(c.text)), chosen)


NAMED_ROW_MARGIN = 4.0  # log-odds: a table row the question names in full, of the type it needs, may trail by this


def named_row_of_type(ok: list[Candidate], least: float, best: float, question: str) -> Candidate | None:
    """A table row of the needed type whose name the question uses in full ("OA8: Well-being"
    for "the final budget for well-being and basic needs"), within ``NAMED_ROW_MARGIN``."""
    return next((c for c in ok if c.features["type_raw"] >= least and c.score >= best - NAMED_ROW_MARGIN
                 and "cell" in c.features and tables.named_share(c.features["cell"].row, question) == 1.0), None)


def names_cell(c: Candidate, question: str) -> bool:
    """Whether the question names a row candidate's row in full and half its column or more
    ("the child protection budget … available" for "OA5: Children — Funds Available as % of Budget");
    a row's figures given together beside their target (no column) name every column."""
    cell = c.features.get("cell")
    return cell is not None and tables.named_share(cell.row, question) == 1.0 and \
        (not cell.column or tables.named_share(cell.column, question) >= 0.5)


def named_cell(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """For a figure, a table cell whose row and column the question names, within
    ``NAMED_ROW_MARGIN`` and as well typed, over a figure it does not name so."""
    if q.kind != QUANTITY or names_cell(chosen, q.text):
        return chosen
    near = [c for c in ok if c is not chosen and c.score >= chosen.score - NAMED_ROW_MARGIN
            and c.features["type_raw"] >= chosen.features["type_raw"] and names_cell(c, q.text)]
    # of those cells, the one whose row the question names best ("OA5: Children" over
    # "IA1: Protect" for "protección infantil", as for "child protection")
    return named_row(near[0], near, q.text) if near else chosen


# log-odds: a candidate inside an item of the kind the question asks for may trail by this — far: a
# report's sentence on the same subject ("7,830 children were screened") states no commitment at all;
# a recommendation's statement, near: the management's comment or action under it says something too
KIND_MARGIN = {"commitment": 10.0, "recommendation": 5.0}
def _opening(text: str, words: int = 6) -> str:
    """A text's first words, folded: what a sentence stating a record shares with it."""
    from puente.common.text import fold

    return " ".join(re.findall(r"\w+", fold(text))[:words])


def _genres(text: str) -> set[str]:
    """The genre nouns of a text ("plan", "evaluation"), by their first five letters: "Evaluación"
    is "evaluation"."""
    from ...search.title_words import GENRE_NOUNS

    return {w[:5] for w in re.findall(r"\w+", fold(text)) if w in GENRE_NOUNS}


def asked_kind(chosen: Candidate, ok: list[Candidate], q: Question, records) -> Candidate:
    """For a question about what someone commits to, the best candidate within
    ``KIND_MARGIN`` (as well typed; of a document the question names by its organisation,
    or the chosen answer's, when it so names any) that states a commitment — the record, or a sentence inside one — over a
    report's sentence on the same subject. Not for a count ("how many
    commitments": the plan's own figure) or any other kind of answer."""
    from ..read.records import wanted_field

    kind = asks_kind(q.text)
    if kind is None or not records or q.kind != OPEN or wanted_field(q.text, q.kind) in ("status", "priority"):
        return chosen  # "where does the monitoring the evaluation asked for stand?" asks for its status
    spans: dict[str, list[tuple[int, int]]] = {}
    statements: dict[str, list[str]] = {}  # a recommendation's block holds its response and actions: its statement
    for r in records:
        if r.kind == kind and kind == "recommendation":
            statements.setdefault(r.doc, []).append(_opening(r.text, 80))
        elif r.kind == kind:
            spans.setdefault(r.doc, []).append((r.start, r.end))

    def states(c: Candidate) -> bool:
        if c.source == "record":
            return c.record is not None and c.record.kind == kind and c.field_name in (
                ("text", "response") if kind == "recommendation" else ("text",))
        if kind == "recommendation":  # it opens like one, or is a sentence of one ("Recomendación 5 Abordar …")
            own = _opening(re.sub(r"^\W*(?:recomm?endation|recomendaci[oó]n)\s*\d*\W*", "", c.text, flags=re.I))
            return bool(own) and any(own in st or st[:40] in _opening(c.text, 40) for st in statements.get(c.doc, ()))
        lo, hi = c.chunk.start + c.start, c.chunk.start + c.end  # "Acciones: a) Garantizar …" opens above its item
        # a fact line under the item ("Indicator: Number of children held …") states what is measured, not what is committed
        return any(a < hi and lo < b for a, b in spans.get(c.doc, ())) and not FACT_LINE.match(c.text)

    if states(chosen):
        return chosen
    # when the question names documents by their organisation, in one of those (or the chosen answer's):
    # "what did UNICEF commit to in its 2023 report" is not answered by the government plan's commitment;
    # or by a genre noun of its title ("el plan de Paraguay": the Plan Nacional de Acción); a country
    # several documents are about names none of them alone
    by_org, genres = any(e.kind == "org" for e in q.entities), _genres(q.text)
    named = any(c.features.get("named") and (by_org or genres & _genres(c.chunk.title or "")) for c in ok)
    return next((c for c in ok if c.score >= chosen.score - KIND_MARGIN[kind]
                 and (not named or c.features.get("named") or c.doc == chosen.doc)
                 and c.features["type_raw"] >= chosen.features["type_raw"] and states(c)), chosen)


# log-odds: in a comparison, a document's action or commitment on the topic may trail by this the
# sentence that scores best there (its context, the recommendation above it, the reason for a response)
SIDE_MARGIN = 3.0
SIDE_KINDS = ("action", "commitment")
# a section of a document's positions: "8. Recommendations and priorities for 2025", "Compromisos", "Next steps"
_POSITIONS = re.compile(r"\b(?:recomm?endations?|recomendaciones|commitments?|compromisos?|pledges?|next\s+steps|"
                        r"proximos\s+pasos|way\s+forward)\b")
# an article of a legal instrument, headed so ("Artículo 5.- Niñas, niños y adolescentes …"), not a citation of one
_ARTICLE = re.compile(r"(?:Art[íi]culo|Article)\s+\d+[º°]?\s*(?:\.-|[.:–-])\s+\S")
# a side that asks what was recommended, found or achieved is not what the document does about it: "recommend",
# "recomienda", "find", "barriers", "obstáculos", "results", "logros", "lessons"
_REPORT_NAME = re.compile(r"\b(?:annual\s+)?results?\s+reports?\b|\b(?:informes?|reportes?)\s+(?:anual(?:es)?\s+)?de\s+"
                          r"resultados\b", re.I)  # "the R4V results report" names a document, it asks for no results
_ASKS_OTHER = re.compile(r"\brecomm?i?end\w*|\b(?:find|finds|found|identif\w*|barriers?|obstacles?|challenges?|gaps?|"
                         r"results?|achiev\w*|lessons?|hallazg\w*|encontr\w*|barreras?|obst[aá]culos?|desaf[ií]os?|"
                         r"retos?|brechas?|resultados?|logr\w*|alcanz\w*|lecciones)\b", re.I)


def side_item(chosen: Candidate, ok: list[Candidate], q: Question, records) -> Candidate:
    """For one document's side of a comparison ("what do the plan and the response each do
    about …"), what that document commits to: a candidate that states one of its actions or
    commitments, within ``SIDE_MARGIN``, over the context around them. Not for a figure or
    date, nor where the question asks what was recommended, found or achieved, nor in a
    document without such items."""
    from puente.common.text import fold

    if q.kind != OPEN or not records or _ASKS_OTHER.search(_REPORT_NAME.sub(" ", q.text)):
        return chosen
    # each item's opening words: a sentence that holds them states it ("2.1 Support MINEDUCYT to …")
    items = [" ".join(fold(r.text).split()[:6]) for r in records if r.doc == chosen.doc and r.kind in SIDE_KINDS]
    items = [t for t in items if len(t) >= 20]

    def listed(c: Candidate) -> bool:  # an item of a list its section heads as recommendations, commitments …
        return bool(_OWN_ITEM.match(c.text) and c.chunk.section and _POSITIONS.search(fold(c.chunk.section[-1]))
                    or _ARTICLE.match(c.text))  # … or an article of a resolution, decree or law

    if not items and not any(listed(c) for c in ok if c.doc == chosen.doc):
        return chosen

    def states(c: Candidate) -> bool:
        if c.source == "record":
            return c.record is not None and c.record.kind in SIDE_KINDS
        text = " ".join(fold(c.text).split())
        return any(t in text for t in items) or listed(c)

    if states(chosen):
        return chosen
    item = next((c for c in ok if c.doc == chosen.doc and c.score >= chosen.score - SIDE_MARGIN and states(c)), chosen)
    # not for the matrix row that a sentence chosen over it restates (``prose_of_row``)
    return chosen if item.features.get("segment") == "row" and _restates(chosen, item) else item


# whom a recommendation is addressed to, as its label says ("Donors: provide …", "A los Estados: …"), in either language
_ADDRESSEES = {
    "donors": r"donor|donante|funder|financiador|cooperaci[oó]n internacional|comunidad internacional|international community",
    "government": r"government|gobierno|estado|state|ministr|secretar",
    "authorities": r"authorit|autoridad",
    "civil society": r"civil society|sociedad civil|ngo|ong|organizaciones de la sociedad",
    "municipalities": r"municipal|local government|gobiernos? locales|alcald",
    "un": r"united nations|naciones unidas|un agencies|agencias de la onu|un system|sistema de (?:las )?naciones",
}
_ADDRESSEE_RX = {k: re.compile(rf"\b(?:{v})", re.I) for k, v in _ADDRESSEES.items()}
_LABEL = re.compile(r"^\W*(?:\d+[.)]?\s*)?([^:.;\n]{3,60}):\s")


def _addressees(text: str) -> set[str]:
    from puente.common.places import find
    from puente.common.text import fold

    folded = fold(text)
    return {k for k, rx in _ADDRESSEE_RX.items() if rx.search(folded)} | {"@" + e.en for e in find(text)}


def addressed(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """For a question about what is asked of someone ("¿Qué pide la OIM a los donantes …?"), the
    recommendation addressed to them ("Donors: provide multi-year funding …") over one addressed
    to others ("Dominican authorities: end night-time returns …"), within the recommendation margin:
    items labelled by whom they address, the label naming the addressee the question names."""
    if asks_kind(q.text) != "recommendation":
        return chosen
    named = _addressees(q.text)
    asked = {a for a in named if not a.startswith("@")}

    def fit(c: Candidate) -> tuple[int, int]:
        m = _LABEL.match(c.text)
        said = _addressees(m.group(1)) if m else set()
        return len(said & asked), len(said & named)

    if not asked:
        return chosen
    near = [c for c in ok if c.score >= chosen.score - KIND_MARGIN["recommendation"] and c.doc == chosen.doc and fit(c)[0]]
    best = max(near, key=lambda c: (fit(c), c.score), default=chosen)
    return best if fit(best) > fit(chosen) else chosen


ALSO_MARGIN = 1.5  # log-odds: an answer to both parts of a compound question may trail one that answers the first by this


def both_parts(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """For a compound question ("how often must progress be reported, and by what date?", "who is in
    charge …, and by when?", "how many …, and how does that compare with 2023?"), the near-best
    candidate that also answers its second part when the chosen one does not, as well typed."""
    asked = also_asked(q.text, q.kind)
    if asked is None or gives_also(asked, chosen.text):
        return chosen
    return next((c for c in ok if c.score >= chosen.score - ALSO_MARGIN and c.features["type_raw"] >= chosen.features["type_raw"]
                 and gives_also(asked, c.text)), chosen)


# log-odds: a sentence next to the chosen one in its paragraph, scoring within this of it, is quoted with it —
# the reader cannot tell the two apart (e^-2: at least an eighth as likely); docs/answers.md, thirty-fourth round
NEIGHBOUR_MARGIN = 2.0
NEIGHBOUR_WORDS = 90  # the two together at most this long: a quote, not a paragraph
# a piece that opens another item: a list marker, an item's number ("2.1", "3."), a letter ("b)"), a label ("Donors:")
_OWN_ITEM = re.compile(rf"^(?:[{BULLETS}]|\d+(?:\.\d+)+|\d+[.)]|{LETTER_ITEM})\s", re.I)


def with_neighbour(shown: Candidate, chosen: Candidate, ok: list[Candidate], records=()) -> Candidate:
    """``shown`` (the chosen candidate as the answer shows it) run on over the sentence just
    before or after it in the same paragraph of its passage when that sentence is a candidate
    scoring within ``NEIGHBOUR_MARGIN`` below the chosen one — the better of the two sides — and
    the two together are at most ``NEIGHBOUR_WORDS`` long. One scoring above it was passed over
    for a reason (a side's action over the recommendation above it) and stays out; so does one
    that opens another item (a list item, a numbered action, a labelled line, a heading before it)
    or lies in an item (``records``) the chosen sentence is not in. Not for a table row or a record."""
    if shown.source != "passage" or shown.features.get("segment") == "row":
        return shown
    text, a, b = shown.chunk.text, shown.start, shown.end
    before = min(a, chosen.start)  # the chosen piece's own start: a list marker trimmed off it is no gap
    near = [trim(c) for c in ok if c.source == "passage" and c.features.get("segment") != "row" and c.chunk is shown.chunk
            and c is not chosen and chosen.score - NEIGHBOUR_MARGIN <= c.score <= chosen.score]
    if not near:
        return shown
    # the document's records as offsets in the passage's text, read once
    spans = [(r.start - shown.chunk.start, r.end - shown.chunk.start, id(r)) for r in records if r.doc == shown.doc]

    def items(lo: int, hi: int) -> set[int]:
        return {key for start, end, key in spans if start < hi and lo < end}

    mine = items(a, b)

    def fits(c: Candidate) -> bool:  # ``c`` as shown: without a heading or list marker before it
        gap = text[b:c.start] if c.start >= b else text[c.end:before] if c.end <= before else "x"
        later = c if c.start >= b else chosen  # the piece that follows: it must not open an item of its own
        return (not gap.strip() and "\n\n" not in gap and not _OWN_ITEM.match(later.text) and not _LABEL.match(later.text)
                and items(c.start, c.end) <= mine)

    for c in sorted((c for c in near if fits(c)), key=lambda c: -c.score):
        joined = shown.spanning(min(a, c.start), max(b, c.end))
        if joined.words <= NEIGHBOUR_WORDS:
            return joined
    return shown


PROSE_MARGIN = 2.0  # log-odds: the sentence a table row restates may trail the row by this
RESTATES = 0.75  # share of the row's words (first five letters) the sentence writes


_STOP = stopwords("en") | stopwords("es")


def _stems(text: str) -> set[str]:
    """A text's words of four letters or more (their first five) and its years, without stopwords."""
    return {w[:5] for w in re.findall(r"[^\W\d_]{4,}|(?<!\d)\d{4}(?!\d)", fold(text)) if w not in _STOP}


ELIGIBLE_MARGIN = 4.0  # log-odds: the sentence saying whom a programme is for may trail the chosen one by this


def eligible(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """For a question asking who may apply, register or benefit, the candidate of the chosen
    one's document within ``ELIGIBLE_MARGIN`` that says whom the programme is for ("La segunda
    fase está dirigida a las personas venezolanas que …", a line under "¿Quiénes pueden
    inscribirse?") over the announcement's opening that names who runs it."""
    if not asks_eligibility(q.text) or states_eligibility(chosen.text, chosen.chunk.section):
        return chosen
    said = next((c for c in ok if c.doc == chosen.doc and c.score >= chosen.score - ELIGIBLE_MARGIN
                 and states_eligibility(c.text, c.chunk.section)), None)
    return chosen if said is None else whole_list(said)


def prose_of_row(chosen: Candidate, ok: list[Candidate], q: Question) -> Candidate:
    """The sentence a chosen table row restates, when it scores within ``PROSE_MARGIN`` and is typed
    as well: a plan's matrix row "2.1 Ventanilla de empleo … Ministerio de Trabajo … Marzo de 2026 …"
    sums up its action "El Ministerio de Trabajo … creará una ventanilla de empleo … a más tardar en
    marzo de 2026", which reads as the answer. Not for a figure: a row names it by row and column."""
    if q.kind == QUANTITY or chosen.source != "passage" or chosen.features.get("segment") != "row":
        return chosen
    for c in ok:
        if (c.score >= chosen.score - PROSE_MARGIN and c.features["type_raw"] >= chosen.features["type_raw"]
                and _restates(c, chosen)):
            return c
    return chosen


def _restates(sentence: Candidate, row: Candidate) -> bool:
    """Whether a passage sentence writes ``RESTATES`` of a table row of its document's words."""
    if sentence is row or sentence.doc != row.doc or sentence.source != "passage" or sentence.features.get("segment") == "row":
        return False
    words = _stems(row.text)
    return bool(words) and len(words & _stems(sentence.text)) >= RESTATES * len(words)
