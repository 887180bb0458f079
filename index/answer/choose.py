"""Answers: the sentence, table row or record field of the top passages that answers the
question, with its citation — or an explicit "no answer" with a one-line reason.

1. Candidates and scores (``answer.scoring.rank``): the sentences and rows of the top passages
   and the records inside them (``answer.read.candidates``), each with its features — token
   match, sentence and window cosines, answer type, passage score, … — weighed by the
   fitted weights (``answer.scoring.score``, ``scoring/weights.json``). A question naming an item
   ("recommendation 4") gets that record's field directly (``answer.read.records``).
2. Checks (:func:`decide`): the question's years, figures, countries, organisations and
   names must be supported where the answer is (``answer.checks``); a "how many" or "who"
   answer must have the type asked for. Otherwise no answer, with the reason.
3. What is shown (``answer.read.text``, ``answer.read.tables``): the sentence without a heading
   before it, a table figure named by row and column, the page the sentence is on.
4. ``strength``: "strong" or "partial".

Comparison questions get one answer per document (``answer.per_document``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from puente.common.text import fold

from ..search.doc_names import name_of, naming_words, only_title_naming, proper_names
from . import reasons
from .asked.answer_type import counted_noun
from .asked.question import DATE, OPEN, PLACE, QUANTITY, TERM, Question, analyse, is_human, unsupported
from .asked.reason import asks_why
from .checks import beside_documents, head, missing
from .lacking import reason
from .read.candidates import Candidate
from .read.counts import counted_items
from .read.records import (
    other_item,
    owner_named,
    record_answer,
    record_gap,
    record_key,
    statement_record,
    unfilled_column,
)
from .read.responses import response_gap, response_records
from .read.text import extend, local_figure, trim
from .read.valued import valued_records
from .reply import Answer, count_reply, no_answer, passage_reply, record_reply, with_indicator_columns
from .scoring.prefer import (
    FLOOR_MARGIN,
    addressed,
    asked_kind,
    both_parts,
    both_rows,
    eligible,
    named_box,
    named_cell,
    named_row,
    named_row_of_type,
    prose_of_row,
    side_item,
    to_month,
    whole,
    with_neighbour,
)
from .scoring.rank import STRONG_LEAD, lead, rank_candidates

DEFAULT_THRESHOLD = 0.80  # without token matching: floor on the cosine of the answer passage's best window
STRONG_MATCH = 0.83  # token match from which an answer of the asked type is "strong" (docs/answers.md)
CONSTRAINT_MARGIN = 2.0  # log-odds: a candidate that satisfies the constraints may trail the best by this
SHOWN_MARGIN = 3.0  # log-odds: … by this when the sentence itself writes them all, a year or figure among them
TYPE_MARGIN = 0.5  # log-odds: a candidate of the asked type may trail the chosen one by this
# least type match a kind needs (else 0.5: a figure of something else, a bare year); a date or place may be
# worded in ways no pattern lists ("during the war", "across the border"); see also ``type_floor``
TYPE_FLOOR: dict[str, float] = {DATE: 0.0, PLACE: 0.0, TERM: 0.0}


def type_floor(q: Question) -> float:
    """The least type match an answer needs. A count of people or an amount of money needs
    exactly that (people and money are named reliably in both languages: "20 tools" is not
    how many IDPs there are); another count will take a figure of something else, since its
    unit may be worded unlike the question's in the other language ("tackles" / "derribos")."""
    if q.kind == QUANTITY and (q.money or any(is_human(u) for u in counted_noun(q))):
        return 1.0
    return TYPE_FLOOR.get(q.kind, 0.5)


def _of_type(ok: list[Candidate], least: float, above: float) -> Candidate | None:
    """The best candidate with at least ``least`` type match scoring at least ``above``."""
    return next((c for c in ok if c.features["type_raw"] >= least and c.score >= above), None)


def shows_figures(q: Question, text: str) -> bool:
    """Whether ``text`` itself writes every constraint of the question, and one is a year or figure
    ("¿Quién recibió una propuesta en 1915?": "… Edison did receive one of 38 possible bids in 1915")."""
    return bool(q.years or q.numbers) and not unsupported(q, text, fold(text))


def decide(q: Question, cands: list[Candidate], threshold: float = DEFAULT_THRESHOLD, chunks=None,
           records=(), side: bool = False) -> Answer:
    """The answer among scored candidates, or an abstaining Answer with the reason; ``side``:
    one document's side of a comparison."""
    if not cands:
        return no_answer(reasons.Why("none"), q.kind, lang=q.lang)
    best = cands[0]
    cache: dict = {"heads": {c.doc: head(c) for c in cands}, "chunks": chunks}
    ok = [c for c in cands if not missing(q, c, cache)]
    unrepeated = cache.get("unrepeated", ())
    if ok and id(ok[0]) in unrepeated:  # an answer that shows the asked year or place, as well typed, if near
        alt = next((c for c in ok if id(c) not in unrepeated and c.score >= best.score - CONSTRAINT_MARGIN
                    and c.features["type_raw"] >= ok[0].features["type_raw"]), None)
        if alt is not None:
            ok = [alt] + [c for c in ok if c is not alt]
    near = ok and (ok[0].score >= best.score - CONSTRAINT_MARGIN
                   or (ok[0].score >= best.score - SHOWN_MARGIN and shows_figures(q, ok[0].text)))
    if not near:
        gone = missing(q, best, cache)
        return no_answer(reason(q, gone, cands, cache, chunks), q.kind, best.score, q.lang)
    chosen = ok[0]
    if q.kind != OPEN and chosen.features["type_raw"] < 1:
        typed = _of_type(ok, 1.0, chosen.score - TYPE_MARGIN)
        floor = type_floor(q)
        # what it must have, from a little further down; a share ("how well funded") is looked for so
        # too, but an amount answers it when no percentage is near
        want = 1.0 if q.share else floor
        if typed is None and chosen.features["type_raw"] < want:
            # one that has all of it before one that has a part ("unos 28 kilómetros" for "how long", not "en 1825")
            typed = (_of_type(ok, 1.0, chosen.score - FLOOR_MARGIN) or _of_type(ok, want, chosen.score - FLOOR_MARGIN)
                     or named_row_of_type(ok, want, chosen.score, q.text))
        if typed is not None:
            chosen = typed
        elif chosen.features["type_raw"] < floor:
            # "none gives a figure" only when none of the candidates does; else they answer too weakly,
            # or the ones that do miss what the question asks of them ("… en 2020": 2021-2023 figures)
            typed_gone = next((c for c in cands if c.features["type_raw"] >= floor and missing(q, c, cache)), None)
            why = (reasons.Why("weak") if any(c.features["type_raw"] >= floor for c in ok)
                   else reason(q, missing(q, typed_gone, cache), cands, cache, chunks) if typed_gone is not None
                   else reasons.Why("kind", (q.kind,)))
            return no_answer(why, q.kind, chosen.score, q.lang)
    chosen = to_month(named_box(both_rows(named_cell(named_row(whole(chosen, ok, q), ok, q.text), ok, q), ok, q), ok, q.text), ok, q)
    chosen = prose_of_row(both_parts(addressed(eligible(asked_kind(chosen, ok, q, records), ok, q), ok, q), ok, q), ok, q)
    if side:
        chosen = side_item(chosen, ok, q, records)
    tokens = chosen.features.get("scorer") == "tokens"
    if not tokens and chosen.hit.dense < threshold:
        return no_answer(reasons.Why("weak"), q.kind, chosen.score, q.lang)
    shown = with_neighbour(extend(trim(chosen), q.kind, asks_why(q.text)), chosen, ok, records)
    strong = (tokens and chosen.features["match"] >= STRONG_MATCH and chosen.features["type_raw"] >= 1
              and id(chosen) not in unrepeated  # it does not show the asked year or place
              and not (q.kind == QUANTITY and local_figure(chosen.text, q.text, chosen.chunk.title))
              and lead(chosen, shown, cands) >= STRONG_LEAD)  # no close runner-up it does not quote
    return passage_reply(shown, q, "strong" if strong else "partial", chunks)


def extract_answer(query, hits: list, searcher, threshold: float = DEFAULT_THRESHOLD, named: list[str] | None = None,
                   explain: bool = False, compared: list[str] = ()) -> Answer | None:
    """The answer to ``query`` (the :class:`~puente.index.search.query.Query` that search
    answered: text, vectors, language, named documents) from ``hits``, read with what
    ``searcher`` holds: its encoder, token matcher (token-matched candidates; without one the
    sentences of each best window are encoded), stored window scores (``windows_of``), the
    index's records and chunks and its vocabulary of names. ``named``: the documents the
    answer may come from (default: those the question names). ``compared``: the names (file
    name and title) of the documents a comparison question compares; their years,
    organisations and names are not required of each document's answer.

    No answer is ``None``, or with ``explain`` an abstaining :class:`Answer` that says why."""
    q = analyse(query.text, query.lang, searcher.name_vocab) if query.text else Question("", query.lang)
    if compared:
        naming = naming_words(query.text, list(compared))
        q = beside_documents(q, list(compared), naming)
        query = query.without(naming, searcher.encoder.tokenizer)
    elif named is None and len(query.docs_meant) == 1:  # the words naming its document tell none of its sentences apart
        docs = searcher.index.docs
        names = [name_of(d, docs[d].title if d in docs else "") for d in query.docs_meant]
        query = query.without(proper_names(query.text, names), searcher.encoder.tokenizer)
    result = _extract(query, q, hits, searcher, threshold, query.named if named is None else named,
                      query.docs_meant if named is None else named, side=bool(compared))
    if result.abstained and not explain:
        return None
    return result


def _extract(query, q: Question, hits: list, searcher, threshold: float, named: list[str], meant: list[str],
             side: bool = False) -> Answer:
    if not hits or (query.text and not re.search(r"[^\W_]", query.text)):  # nothing asked ("¿?")
        return no_answer(reasons.Why("none"), q.kind, lang=q.lang)
    if query.text and not re.search(r"[^\W\d_]{2}", query.text):  # "2023", "848": a figure, not a question
        return no_answer(reasons.Why("bare"), q.kind, lang=q.lang)
    records, chunks = searcher.index.records, searcher.index.chunks
    owned: list[str] = []  # the documents of the organisations the question names
    if query.text:
        # an item asked by number is read in the documents the question names, else in those of
        # an organisation it names ("la recomendación 8 del ACNUR"), else in the best-ranked
        doc_names = getattr(searcher, "doc_names", None)
        owned = doc_names.of_organisations(query.text) if doc_names else []
        asked = named or owned
        got = record_answer(query.text, hits, records or [], q.lang, asked)
        # in the documents asked about, else the whole index: which item is missing, or which column
        gap = None if got else record_gap(query.text, records or [], chunks, asked) or response_gap(query.text, records, asked)
        if got is None and not named and not (gap and gap[0] == "unfilled" and owner_named(query.text)):
            # the organisation's documents were not it: an item it is only the subject of, or another's
            got = record_answer(query.text, hits, records or [], q.lang)
        strength = "strong"
        if got is None and gap is None and q.kind == OPEN:
            # "what does recommendation 1 ask?": the item's statement, strong when its document was
            # named or its organisation's (another document may number its items alike)
            r = statement_record(query.text, hits, records or [], asked) or (
                None if named else statement_record(query.text, hits, records or []))
            if r is not None:
                got, strength = (r, "text"), ("strong" if r.doc in asked else "partial")
        if got is None and gap is None:  # "which recommendation was rejected?": the one whose response says so
            rs = response_records(query.text, hits, records or [], asked)
            if rs:
                got, strength = (rs[0], "response"), ("strong" if len(rs) == 1 else "partial")
        others: tuple = ()
        if got is None and gap is None:  # "which recommendations have priority 3?": those whose priority is 3
            rs, fld = valued_records(query.text, hits, records or [], asked)
            if rs:
                got, others = (rs[0], fld), tuple(rs[1:])
        if got is None and gap is None:  # "how many recommendations does the evaluation make?": its records counted
            tally = counted_items(query.text, hits, records or [], asked)
            if tally is not None:
                return count_reply(tally, hits, q, "strong" if tally.doc in asked else "partial")
        if got is not None:
            r, fld = got
            inside = next((h for h in hits if h.chunk.doc == r.doc and r.end > h.chunk.start
                           and r.start < h.chunk.end), None)
            hit = inside or next((h for h in hits if h.chunk.doc == r.doc), hits[0])
            ans = record_reply(r, fld, hit, q, 1.0, strength, 1.0, inside is not None, chunks)
            if others:  # the value says the other items it answers too ("also recommendations 6 and 12")
                ans = replace(ans, others=others)
                ans = replace(ans, value=ans.label_value(q.lang)[1])
            return ans
        if gap is not None:
            return no_answer(reasons.Why(gap[0], gap[1:]), q.kind, lang=q.lang)
    windows = None if getattr(searcher, "windows_of", None) is None else (
        lambda h: searcher.windows_of(h.row, query.vector, query.tokens))
    cands = rank_candidates(query.vector, hits, searcher.encoder, q, query.text, records, meant, query.tokens,
                            searcher.matcher, windows)
    cands = [c for c in cands if not (c.source == "record" and other_item(query.text, c.record))]
    if len(named) == 1 and any(c.doc == named[0] for c in cands) and (named[0] in owned or only_title_naming(
            query.text, named[0], {d: i.title or "" for d, i in (getattr(searcher.index, "docs", None) or {}).items()})):
        # a question that names one document by its organisation, an acronym of its name or a
        # proper name of its title, and only one fits the name, is answered from it ("… in UNDP
        # Guatemala's management response": no commitment of the MIRPS report); a title word alone
        # ("Parliament") names a document too loosely for that
        cands = [c for c in cands if c.doc == named[0]]
    ans = decide(q, cands, threshold, chunks, records, side)
    ans = with_indicator_columns(ans, next((h for h in hits if h.rank == ans.hit_rank), None), records, q.lang)
    column = unfilled_column(q.text, ans.record)
    if column:  # "the 2023 target" from a row that has none: not its other figure
        return no_answer(reasons.Why("unfilled", ("indicator", record_key(ans.record), column)), q.kind, ans.score, q.lang)
    return ans
