"""What an answer shows (no model): a table figure named by row and column, a sentence
without the heading or empty label before it, the page of the quoted sentence, a figure
that is only a part of the whole, comparison targets, true reasons, and the gold-string
rule of ``puente eval``."""
from __future__ import annotations

from dataclasses import replace

from puente.common.types import Chunk, DocInfo
from puente.index.answer.asked.question import analyse
from puente.index.answer.checks import beside_documents
from puente.index.answer.choose import Answer, with_indicator_columns
from puente.index.answer.lacking import indexed
from puente.index.answer.per_document import SIDE_MATCH, answer_sides, per_document, reranked, sides_lead, targets
from puente.index.answer.read import tables
from puente.index.answer.read.candidates import Candidate, segments
from puente.index.answer.read.evidence import value_lines
from puente.index.answer.read.text import extend, lead_line, local_figure, trim
from puente.index.evaluate import gold_string, score_item
from puente.index.search.doc_names import naming_words
from puente.index.search.query import Query
from puente.index.search.searcher import Hit
from puente.ingest.records.record import Record

BUDGET = (
    "3.1 Financial Data\n(Financial figures in USD)\n"
    "Impact  Area     Final  Budget     Funds  Available     Funds  Available  as  %  of  Budget     Expenditure\n"
    "Expenditure as % of Funds Available\n"
    "IA1: Protect    73,570,059    43,854,429    59.61%    43,854,429    100.00%\n"
    "Total    119,692,622    62,299,197    52.05%    62,293,334    99.99%\n"
    "Outcome Area    Final Budget    Funds Available    Funds Available as % of Budget    Expenditure\n"
    "Expenditure as % of Funds Available\n"
    "OA5: Children    5,224,699    3,006,806    57.55%    3,006,806    100.00%\n"
)


def _row(text: str, name: str) -> tuple[int, int]:
    s = text.index(name)
    return s, text.index("\n", s)


def test_a_table_figure_is_named_by_its_row_and_wrapped_column_header():
    s, e = _row(BUDGET, "OA5: Children")
    cols = tables.columns(BUDGET, s, e)
    assert [c.column for c in cols] == ["Final Budget", "Funds Available", "Funds Available as % of Budget",
                                        "Expenditure", "Expenditure as % of Funds Available"]
    assert cols[2].label == "OA5: Children — Funds Available as % of Budget" and cols[2].value == "57.55%"
    # the header above the rows of the first table is that table's own
    s, e = _row(BUDGET, "Total")
    assert tables.columns(BUDGET, s, e)[0].value == "119,692,622"
    assert tables.row_name(BUDGET, s, e) == "Total"


def test_the_column_follows_the_question_and_a_share_wants_a_percentage():
    s, e = _row(BUDGET, "OA5: Children")
    cols = tables.columns(BUDGET, s, e)
    flat_scores = [0.5] * len(cols)
    assert tables.asks_share("How much of the child protection budget was funded in 2023?") is True
    assert tables.pick(cols, flat_scores, True).value == "57.55%"
    assert tables.asks_share("What was the total final budget in 2023?") is False
    best_final = [0.9, 0.5, 0.6, 0.4, 0.3]
    assert tables.pick(cols, best_final, False).column == "Final Budget"
    # the header the question names wins over token scores a short header gets from the question's other
    # words, in either language: "Funds Available" had outscored "Final Budget" for "el presupuesto final"
    funds_first = [0.715, 0.760, 0.777, 0.748, 0.773]  # the token match measured for the Spanish question
    es = "¿Cuál fue el presupuesto final total del ACNUR en México en 2023?"
    assert tables.pick(cols, funds_first, tables.asks_share(es), es).column == "Final Budget"
    es_share = "¿Qué porcentaje del presupuesto de medios de vida se financió en 2023?"
    assert tables.pick(cols, funds_first, True, es_share).column == "Funds Available as % of Budget"
    assert tables.named_share("OA13: Livelihood", es_share) == 1.0 and tables.named_share("OA5: Children", es_share) == 0
    assert tables.named_share("OA5: Children", "protección de la niñez") == 1.0
    # a word by its stem too: "funded" names "Funds"; "percentage" is no header word
    assert tables.named_share("Funds Available as % of Budget", "What percentage of the budget was funded?") == 2 / 3
    assert tables.named_share("Funds Available as % of Budget", "What percentage of the budget was spent?") == 1 / 3
    spent = "¿Cuánto gastó el ACNUR en total en 2023?"  # "gastó" is the glossary's "expenditure"
    assert tables.pick(cols, funds_first, tables.asks_share(spent), spent).column == "Expenditure"
    from puente.common.terms import translated_in
    assert not translated_in("expenditure", "casos de gastroenteritis y gastronomía")  # gast… is no spending


def test_a_row_without_a_header_gets_no_column():
    text = "Results\nState    Cases    Closed\nChiapas    1,200    300\n"
    assert tables.columns(text, *_row(text, "Chiapas"))[0].column == "Cases"
    text = "Figures below.\nChiapas    1,200    300\n"
    assert tables.columns(text, *_row(text, "Chiapas")) == []


def _hit(text: str, doc: str = "report", rank: int = 1, **kw) -> Hit:
    return Hit(Chunk(doc=doc, title=doc, text=text, **kw), 1.0 / rank, 0.8, rank)


def test_headings_and_empty_labels_are_trimmed_from_the_answer_sentence():
    for lead in ("4.1 Avances", "5. English summary", "SOCIAL PROTECTION", "Reasons (if partially agree or disagree):",
                 "Progress Against the Desired Outcome"):
        assert lead_line(lead, ())
        text = f"{lead}\nEn el segundo semestre se capacitó a 40 funcionarios de las oficinas de campo."
        c = Candidate(_hit(text), " ".join(text.split()), 0, len(text))
        trimmed = trim(c)
        assert trimmed.text.startswith("En el segundo semestre") and trimmed.start == text.index("En el")
    for line in ("UNHCR will support", "In 2023, UNHCR and", "12 states received", "The Government of Mexico will"):
        assert not lead_line(line, ())
    text = "UNHCR will support\nCOMAR in registering 140,982 new asylum claims across the country."
    assert trim(Candidate(_hit(text), text, 0, len(text))).start == 0
    # a list item's marker is not part of the answer; a minus sign is
    text = "- CONAPRED, COMAR and UNHCR will promote awareness days to counter xenophobia."
    shown = trim(Candidate(_hit(text), text, 0, len(text)))
    assert shown.text == text[2:] and shown.start == 2
    text = "◦ COMAR will train and sensitize the INM staff at internment points."
    assert trim(Candidate(_hit(text), text, 0, len(text))).text == text[2:]
    text = "-5% was the change in new asylum claims registered across the country."
    assert trim(Candidate(_hit(text), text, 0, len(text))).text == text


def test_a_record_answers_evidence_is_the_labelled_value_not_the_empty_labels_before_it():
    """The lines a record's value is quoted from: its own label, not the empty form labels of
    other fields above it ("Reasons (if partially agree or disagree): Unit or function
    responsible: …"), nor the next field's label."""
    form = ("Management response: Agree         Partially agree         Disagree\nReasons (if partially agree or\n"
            "disagree):\nUnit or function responsible: Senior Management, Durable Solutions Unit\n"
            "Top-line planned actions  By whom Comments\n")
    assert value_lines(form, "Senior Management, Durable Solutions Unit") == \
        "Unit or function responsible: Senior Management, Durable Solutions Unit"
    form = ("alcance del proyecto.\nRecomendación dirigida a:\n· Equipo Desarrollador del Proyecto\n"
            "· Unidad de Implementación\nNivel de prioridad (1 a 3): 1\n")
    assert value_lines(form, "Equipo Desarrollador del Proyecto; Unidad de Implementación") == \
        "Recomendación dirigida a: · Equipo Desarrollador del Proyecto · Unidad de Implementación"
    # each part of a value on the line after the last; a part further down pulls nothing in
    five = "Recomendación dirigida a:\n· A Uno\n· B Dos\n· C Tres\n· D Cuatro\n· E Cinco\nNivel de prioridad (1 a 3): 1\n"
    assert value_lines(five, "A Uno; B Dos; C Tres; D Cuatro; E Cinco").endswith("· D Cuatro · E Cinco")
    apart = "Recomendación dirigida a:\n· Equipo Uno\nNivel de prioridad (1 a 3): 1\nPlazo: 2024\nEstado: pendiente\n· Unidad Dos\n"
    assert "Plazo" not in value_lines(apart, "Equipo Uno; Unidad Dos")
    # the fields filled in after a short value come with it, to the sentence's length
    form = "de naturaleza similar.\nRecomendación dirigida a:\nProject Manager\nNivel de prioridad (1 a 3): 2\nComment by X: y\n"
    assert value_lines(form, "Project Manager") == "Recomendación dirigida a: Project Manager Nivel de prioridad (1 a 3): 2"
    # a value without a label still takes in the lines around it
    text = "The unit\nwill report on\nSenior Management progress\nevery quarter to the board of partners.\n"
    assert value_lines(text, "Senior Management progress").startswith("The unit will report on")


def test_an_indicator_row_answered_from_its_passage_names_its_columns():
    """A results table without a header line above the row: the answer read from the passage
    names its figures by the columns the indicator's record knows, in the interface language."""
    row = "5.1 Proportion of children supported by a Best Interests Procedure Refugees 69.84% 86.00% 89.58%"
    text = f"5. Outcome Area: Child Protection\n{row}\n5.2 Another indicator 10% 20% 30%"
    hit = _hit(text, doc="rep", start=1000, end=1000 + len(text))
    a, b = text.index(row), text.index(row) + len(row)
    ans = Answer(row, "rep, p. 7", 1.0, 1, a, b, "passage", "rep", "strong")
    rec = Record(doc="rep", kind="indicator", number="5.1", text="Proportion of children …", baseline="69.84%",
                 target="86.00%", actual="89.58%", start=1000 + a, end=1000 + b + 5)
    other = Record(doc="rep", kind="indicator", number="5.2", text="Another", baseline="10%", target="20%",
                   actual="30%", start=1000 + b + 1, end=1000 + len(text))
    named = with_indicator_columns(ans, hit, [other, rec], "en")
    assert (named.label, named.value) == ("Indicator 5.1", "Baseline: 69.84% · Target: 86.00% · Actual: 89.58%")
    assert named.text == row  # the quote stays the document's row
    assert named.label_value("es") == ("Indicador 5.1", "Línea de base: 69.84% · Meta: 86.00% · Valor alcanzado: 89.58%")
    # another document's record, or one whose figures are not in the row, names nothing
    assert not with_indicator_columns(ans, hit, [replace(rec, doc="other-report"), other], "en").value
    assert not with_indicator_columns(ans, hit, [replace(rec, actual="9.58%")], "en").value  # "9.58%" is not "89.58%"


def test_a_cell_wrapped_below_its_row_is_one_sentence_with_it():
    """A reviewer's comment in a form's last cell goes on as prose under the row: the
    sentence starts in the cell, after its label, not at the lower-case line below."""
    text = ("Nivel de prioridad (1 a 3): 2    Comment by Daniel MERCHAN: La forma de trabajar de\n"
            "la  Secretaria  no  se  articula  directamente  con  las  Oficinas.  El  seguimiento  lo  lleva ICP.")
    sentences = [" ".join(text[g.start:g.end].split()) for g in segments(text) if g.kind == "sentence"]
    assert sentences[0] == "La forma de trabajar de la Secretaria no se articula directamente con las Oficinas."
    # a cell that ends its sentence, or prose that starts with a capital, is not joined
    ended = "Estado    Comentario: listo.\nla línea siguiente sigue aquí."
    assert [ended[g.start:g.end] for g in segments(ended) if g.kind == "sentence"] == ["la línea siguiente sigue aquí."]
    # nor is a figure cell (an indicator's name wrapped under its row), nor a cell a blank line away
    for other in ("5.1 Proportion of children supported by   69.84%   86.00%\na Best Interests Procedure in 2023.",
                  "Estado    Comentario: pendiente de\n\nrevisar el texto aquí."):
        first = [other[g.start:g.end] for g in segments(other) if g.kind == "sentence"][0]
        assert first[:1].islower() and "%" not in first and "Comentario" not in first, first


def test_a_blank_line_ends_a_sentence_and_a_title_case_heading_is_trimmed():
    """The last cell of a table, a blank line, a heading and a sentence (the PDF's lines):
    the answer is the sentence, not "69.71% Progress Against the Desired Outcome A total …"."""
    text = ("16.2 Proportion of people covered    IDPs    Unknown    75.00%\n69.71%\n\n"
            "Progress Against the Desired Outcome\nA total of 665 people were able to initiate the naturalization "
            "procedure with support from UNHCR in 2023.")
    segs = _sentences_of(text)
    assert not any("69.71%" in g and "A total" in g for g in segs)
    last = next(g for g in segments(text) if "A total" in text[g.start:g.end])
    shown = trim(Candidate(_hit(text), " ".join(text[last.start:last.end].split()), last.start, last.end))
    assert shown.text.startswith("A total of 665 people")


def _sentences_of(text: str) -> list[str]:
    return [text[g.start:g.end] for g in segments(text) if g.kind == "sentence"]


def test_a_sentence_does_not_end_at_an_initial_or_a_title():
    """"… millionaire M. Theo Kearney." is one sentence: cut at "M." the answer to "after whom
    is Kearney Boulevard named?" lost the name."""
    text = ("The neighborhood includes Kearney Boulevard, named after early 20th century entrepreneur and "
            "millionaire M. Theo Kearney. The hymn was translated by John C. Messenger in 1847. The taskforce is "
            "chaired by Rev. Paul T. Stallsworth. Dr. Silva agreed. It closed in 2020. A new one opened.")
    segs = _sentences_of(text)
    assert segs == ["The neighborhood includes Kearney Boulevard, named after early 20th century entrepreneur and "
                    "millionaire M. Theo Kearney.", "The hymn was translated by John C. Messenger in 1847.",
                    "The taskforce is chaired by Rev. Paul T. Stallsworth.", "Dr. Silva agreed.", "It closed in 2020.",
                    "A new one opened."]


def test_a_sentence_does_not_end_at_an_abbreviation_or_a_numbers_label():
    """"… the landmark court case Brown v. Board of Education of Topeka …" is one sentence: cut at
    "v." the answer to "which court case desegregated schools?" began "Board of Education"."""
    text = ("The court case Brown v. Board of Education of Topeka ended segregation. Hutton published his ideas "
            "in 1795 (Vol. 1 and 2). The plan follows Recommendation No. 4 closely. Drugs, e.g. Methotrexate, help. "
            "It was shown in Fig. 3 above. He studied Modern Art. The next year he left. The meeting ends at 5 p.m. "
            "The depth is 5 m. Another item follows.")
    segs = _sentences_of(text)
    assert segs == ["The court case Brown v. Board of Education of Topeka ended segregation.",
                    "Hutton published his ideas in 1795 (Vol. 1 and 2).", "The plan follows Recommendation No. 4 closely.",
                    "Drugs, e.g. Methotrexate, help.", "It was shown in Fig. 3 above.", "He studied Modern Art.",
                    "The next year he left.", "The meeting ends at 5 p.m.", "The depth is 5 m.", "Another item follows."]


def test_a_bracketed_note_after_a_full_stop_ends_that_sentence():
    """"… the quantification exercise. (Deadline – end of April 2019) Review and update …": the
    deadline is the hiring sentence's, not the start of the next (the answer to "by when …?"
    stopped before it, and a quote of the next item began with it); a sentence that goes on
    from a bracket ("(Fig. 3) shows it.") keeps it."""
    text = ("UNHCR will facilitate the hiring of a consultant for each country to undertake the quantification "
            "exercise. (Deadline – end of April 2019) Review and update national plans. (Deadline – May 2019)"
            "\n\nAs said. (Fig. 3) shows it.")
    segs = _sentences_of(text)
    assert segs == ["UNHCR will facilitate the hiring of a consultant for each country to undertake the quantification "
                    "exercise. (Deadline – end of April 2019)", "Review and update national plans. (Deadline – May 2019)",
                    "As said.", "(Fig. 3) shows it."]
    items = "The plan has two aims. (1) Register all new arrivals at the border. (2) Provide shelter."
    assert [items[g.start:g.end] for g in segments(items)] == [
        "The plan has two aims.", "(1) Register all new arrivals at the border.", "(2) Provide shelter."]  # item marks


def _sentence(text: str, sentence: str) -> Candidate:
    a = text.index(sentence)
    return Candidate(_hit(text), sentence, a, a + len(sentence))


def test_a_sentence_opening_on_a_pronoun_is_shown_with_the_sentence_it_refers_to():
    text = ("The game was played in February. Peyton Manning led Denver to the title. "
            "He is also the oldest quarterback ever to play in a Super Bowl at age 39.")
    shown = extend(_sentence(text, "He is also the oldest quarterback ever to play in a Super Bowl at age 39."), "who")
    assert shown.text.startswith("Peyton Manning led Denver") and shown.start == text.index("Peyton")
    es = "El Plan fue aprobado en 2023 por el Gobierno federal.\nSu coordinación recae en la COMAR y en la Secretaría de Bienestar."
    shown = extend(_sentence(es, "Su coordinación recae en la COMAR y en la Secretaría de Bienestar."), "who")
    assert shown.text.startswith("El Plan fue aprobado") and shown.text.endswith("Bienestar.")
    # no pronoun, a heading or a blank line before it, or a long sentence before: the sentence alone
    for before, sentence in (("Peyton Manning led Denver to the title. ", "Manning is the oldest quarterback to play in it."),
                             ("4.1 AVANCES\n", "This recommendation was accepted by the regional office in May."),
                             ("The first page ends here.\n\n", "It was accepted by the regional office in May 2023."),
                             (" ".join(["word"] * 45) + ". ", "It was accepted by the regional office in May 2023.")):
        text = before + sentence
        assert extend(_sentence(text, sentence), "who").text == sentence


def test_a_why_answer_takes_in_the_next_sentence_as_its_reason():
    """'Why doesn't the Secretariat coordinate directly with IOM regional offices?' — the
    sentence saying that it does not is shown with the next one, which says why; not when
    the sentence gives its cause itself, the next is in another paragraph or too long, or the
    question does not ask why."""
    from puente.index.answer.asked.reason import asks_why

    said = "La forma de trabajar de la Secretaría no se articula directamente con las Oficinas Regionales."
    why = "El seguimiento lo lleva directamente ICP/GCMU - OIM, y lo traslada a todas las Oficinas."
    text = said + " " + why
    assert asks_why("Why doesn't the UN Network Secretariat coordinate directly with IOM?")
    assert asks_why("¿Por qué podría ser difícil transferir el PIL?") and not asks_why("Who leads the Secretariat?")
    assert not asks_why("¿Una decisión tomada por qué entidad restauró las patentes?")  # "by which entity"
    assert extend(_sentence(text, said), "open", why=True).text == text
    assert extend(_sentence(text, said), "open").text == said
    caused = said.replace(".", ", porque el seguimiento lo lleva ICP/GCMU.")
    assert extend(_sentence(caused + " " + why, caused), "open", why=True).text == caused
    assert extend(_sentence(said + "\n\n" + why, said), "open", why=True).text == said
    long = why.replace("Oficinas.", "Oficinas " + "y más " * 30 + "todo.")
    assert extend(_sentence(said + " " + long, said), "open", why=True).text == said


def test_a_when_answer_prefers_the_month_to_a_year_alone_when_nearly_as_good():
    """"When is the MIRPS annual follow-up meeting?": "… the annual follow-up report on actions
    and results of the MIRPS in 2019" scored a little above "The annual follow-up meeting will
    take place in November 2019 …"; the date to the month wins when it trails by less than
    DATE_MARGIN, not when it trails by more, and only for "when" questions."""
    from puente.index.answer.asked.answer_type import to_the_month
    from puente.index.answer.asked.question import analyse
    from puente.index.answer.scoring.prefer import DATE_MARGIN, to_month

    assert to_the_month("It will take place in November 2019.") and to_the_month("el 16 de diciembre")
    assert to_the_month("Deadline: 30/04/2019") and not to_the_month("the report on the MIRPS in 2019")
    year = "The Secretariat will support the annual follow-up report on the MIRPS in 2019."
    month = "The annual follow-up meeting will take place in November 2019, possibly in Cancun."
    text = year + " " + month
    a, b = _sentence(text, year), _sentence(text, month)
    for c, score in ((a, 80.3), (b, 79.2)):
        c.score, c.features["type_raw"] = score, 1.0
    when = analyse("When is the MIRPS annual follow-up meeting?")
    assert to_month(a, [a, b], when) is b
    b.score = a.score - DATE_MARGIN - 0.1
    assert to_month(a, [a, b], when) is a
    b.score = 79.2
    assert to_month(a, [a, b], analyse("What will the Secretariat support?")) is a


def test_a_budget_row_the_question_names_is_the_answer_and_a_figure_nearby_makes_no_figure_untrue():
    """"What was the final budget for well-being and basic needs?" abstained with "none gives a
    figure" while the row "OA8: Well-being 31,133,132 …" trailed the outcome area's heading by
    3.4 log-odds. A row the question names in full, of the needed type, may trail by
    NAMED_ROW_MARGIN; and when a candidate of the type is there but too far down, the reason
    is that nothing answers closely enough, not that no passage gives a figure."""
    from puente.index.answer.choose import decide
    from puente.index.answer.scoring.prefer import NAMED_ROW_MARGIN

    q = analyse("What was the final budget for well-being and basic needs?")
    heading = "8. Outcome Area: Well-Being and Basic Needs People UNHCR serves have access to assistance."
    row = "OA8: Well-being    31,133,132    15,943,379    51.21%"
    text = heading + "\n" + row

    def cands(gap):
        h, r = _sentence(text, heading), _sentence(text, row)
        h.score, r.score = 70.4, 70.4 - gap
        h.features.update(type_raw=0.0, match=0.8, scorer="tokens")
        r.features.update(type_raw=1.0, match=0.8, scorer="tokens", segment="row", row_name=0.9,
                          cell=tables.Cell("OA8: Well-being", "Final Budget", "31,133,132"))
        return [h, r]

    got = decide(q, cands(3.4))
    assert got.text.startswith("OA8: Well-being") and got.value == "31,133,132"
    far = decide(q, cands(NAMED_ROW_MARGIN + 0.5))
    assert far.abstained and far.reason == "No passage found answers this question closely enough."
    other = cands(3.4)
    other[1].features["cell"] = tables.Cell("OA5: Children", "Final Budget", "5,224,699")  # a row it does not name
    assert decide(q, other).abstained


def test_a_cell_whose_row_and_column_the_question_names_beats_another_figure_nearly_as_good():
    """"What percentage of the child protection budget was available in 2023?" was answered
    with indicator 5.2's row (a percentage about child protection) though the budget table's
    "OA5: Children — Funds Available as % of Budget: 57.55%" trailed it by 3.6 log-odds: the
    question names that cell's row and column. Not a row whose column it does not name."""
    from puente.index.answer.scoring.prefer import NAMED_ROW_MARGIN, named_cell

    q = analyse("What percentage of the child protection budget was available in 2023?")
    ind = "5.2 Proportion of children who participate in community-based child protection programmes    35.00%    37.38%"
    row = "OA5: Children    5,224,699    3,006,806    57.55%"
    text = ind + "\n" + row
    a, b = _sentence(text, ind), _sentence(text, row)
    a.score, b.score = 76.5, 73.0
    a.features["type_raw"] = b.features["type_raw"] = 1.0
    b.features["cell"] = tables.Cell("OA5: Children", "Funds Available as % of Budget", "57.55%")
    assert named_cell(a, [a, b], q) is b
    b.score = a.score - NAMED_ROW_MARGIN - 0.1
    assert named_cell(a, [a, b], q) is a
    b.score = 73.0
    b.features["cell"] = tables.Cell("OA5: Children", "Expenditure", "3,006,806")
    assert named_cell(a, [a, b], q) is a  # "expenditure" is not asked



def test_of_two_rows_a_spanish_question_names_the_one_it_names_best_wins():
    """"¿Qué porcentaje del presupuesto de protección infantil estaba financiado en 2023?":
    "protección" names "IA1: Protect" in full as "infantil" names "OA5: Children" (the
    glossary); the first that scored best was taken (59.61%). Of the rows of that table the
    question names, the one its words match best answers, as in English (57.55%)."""
    from puente.index.answer.scoring.prefer import named_cell

    q = analyse("¿Qué porcentaje del presupuesto de protección infantil estaba financiado en 2023?", "es")
    ind = "5.2 Proportion of children who participate in community-based child protection programmes    35.00%    37.38%"
    ia1 = "IA1: Protect    73,570,059    43,854,429    59.61%"
    oa5 = "OA5: Children    5,224,699    3,006,806    57.55%"
    text = ia1 + "\n" + oa5
    a = _sentence(ind, ind)
    hit = _hit(text)
    b, c = (Candidate(hit, r, text.index(r), text.index(r) + len(r)) for r in (ia1, oa5))
    a.score, b.score, c.score = 74.2, 71.4, 70.6
    for x, row, named, value in ((a, "", 0.75, ""), (b, "IA1: Protect", 0.735, "59.61%"), (c, "OA5: Children", 0.787, "57.55%")):
        x.features.update(type_raw=1.0, row_name=named, segment="row")
        if row:
            x.features["cell"] = tables.Cell(row, "Funds Available as % of Budget", value)
    assert tables.named_share("IA1: Protect", q.text) == tables.named_share("OA5: Children", q.text) == 1.0
    assert named_cell(a, [a, b, c], q) is c
    # a row it names better whose cell is under a column it does not ask for is no answer
    c.features["cell"] = tables.Cell("OA5: Children", "Expenditure", "3,006,806")
    assert named_cell(a, [a, b, c], q) is b


def test_the_answer_cites_the_page_of_its_sentence():
    text = "First page ends with this sentence.\n\nSecond page starts here and goes on."
    ch = Chunk(doc="d", title="d", text=text, section=("S",), page_start=4, page_end=5,
               page_breaks=(text.index("Second"),))
    assert ch.citation == "d, pp. 4-5, S"
    assert ch.citation_of(0, 10) == "d, p. 4, S"
    assert ch.citation_of(text.index("Second"), len(text)) == "d, p. 5, S"
    assert Chunk.from_dict(ch.to_dict()) == ch
    old = Chunk(doc="d", title="d", text=text, page_start=4, page_end=5)  # an index built before page breaks
    assert old.citation_of(text.index("Second"), len(text)) == "d, pp. 4-5"


def test_a_figure_placed_elsewhere_than_the_question_asks_is_a_part():
    q = "How many GBV survivors did UNHCR assist?"
    assert local_figure("In Tabasco, a GBV sub-working group was created, and UNHCR assisted 181 GBV survivors.", q)
    assert not local_figure("UNHCR assisted 2,100 GBV survivors in 2023.", q)
    assert not local_figure("In Mexico, UNHCR assisted 2,100 GBV survivors.", q, "UNHCR Mexico Annual Results Report")
    assert not local_figure("In Tabasco, UNHCR assisted 181 GBV survivors.",
                            "How many survivors were assisted in Tabasco?")
    assert not local_figure("In March, UNHCR assisted 181 GBV survivors.", q)


def test_comparison_targets_and_one_answer_per_document():
    hits = [_hit("a", "plan", 1), _hit("b", "presidency", 2), _hit("c", "plan", 3)]
    q = "What do the MIRPS plan and the Pro Tempore Presidency each propose against xenophobia?"
    assert targets(q, ["plan", "presidency"], hits) == ["plan", "presidency"]
    assert targets("What does the plan propose?", ["plan"], hits) == []
    assert targets("¿Qué proponen ambos documentos sobre xenofobia?", [], hits) == ["plan", "presidency"]
    assert targets("What does the plan propose?", [], hits) == []
    # "each" after a preposition shares out over a noun: one document's question, not a comparison
    assert targets("By when should UNHCR hire a consultant for each country?", [], hits) == []
    assert targets("¿Qué establece el plan en cada estado?", [], hits) == []
    assert targets("What does each report say about shelters?", [], hits) == ["plan", "presidency"]

    def answer_from(mine, doc, names):
        return Answer(mine[0].chunk.text, mine[0].chunk.citation, 1.0, mine[0].rank, doc=doc, match=0.9)

    got = per_document(["plan", "report"], hits, answer_from, "en")
    assert [a.doc for a in got] == ["plan", "report"]
    assert got[0].text == "a" and not got[1] and "this document" in got[1].reason

    def barely(mine, doc, names):  # the best sentence of a document the topic is not in
        return replace(answer_from(mine, doc, names), match=SIDE_MATCH - 0.02, strength="partial")

    got = per_document(["plan", "presidency"], hits, barely, "en")
    assert not any(got) and all("this document" in a.reason for a in got)
    strong = per_document(["plan"], hits, lambda *a: replace(barely(*a), strength="strong"), "en")
    assert strong[0].text == "a"


def test_a_side_whose_listed_passages_do_not_answer_is_read_in_its_own_search():
    """"… describe information campaigns, such as El Jaguar?": the report's passages among
    the hits never name El Jaguar, so its side said "No answer in this document" while the
    report's own search on the topic finds "… the Facebook page Confía en El Jaguar …"."""
    hits = [_hit("plan text", "plan", 1), _hit("report text", "report", 2)]
    own = [_hit("report text", "report", 1), _hit("Confía en El Jaguar", "report", 2)]

    def answer_from(mine, doc, names):
        good = [h for h in mine if "Jaguar" in h.chunk.text or doc == "plan"]
        return Answer(good[0].chunk.text, "", 1.0, good[0].rank, doc=doc, match=0.9) if good \
            else Answer("", "", 0, 0, abstained=True)

    asked = []
    answers, mine = answer_sides(["plan", "report"], hits, answer_from, "en", more=lambda d: asked.append(d) or own)
    assert asked == ["report"] and answers[1].text == "Confía en El Jaguar"
    assert [h.rank for h in mine["report"]] == [2, 3]  # ranked after the hits: a rank names one passage
    assert next(h for h in mine["report"] if h.rank == answers[1].hit_rank).chunk.text == "Confía en El Jaguar"
    answers, _ = answer_sides(["plan", "report"], hits, answer_from, "en")
    assert not answers[1] and answers[1].doc == "report"  # nothing more to read: no answer


def test_a_side_quoting_a_passage_off_the_questions_topic_is_no_answer():
    """"What do both the IOM response and the UNHCR evaluation response say about gender?": the
    UNHCR response never mentions gender, yet its side quoted an action on data collection at
    token match 0.81. A side's passage must be on the question's topic above the background
    (``SIDE_TOPIC``), in the hits or in the document's own search."""
    from puente.index.answer.per_document import SIDE_TOPIC

    hits = [_hit("Preservar los enfoques de género", "oim", 1), _hit("Harmonize data collection tools", "unhcr", 2)]
    own = [_hit("Produce regular reports on population movements", "unhcr", 1)]
    scores = {"Preservar los enfoques de género": 10.9, "Harmonize data collection tools": -0.15,
              "Produce regular reports on population movements": 0.39}

    def answer_from(mine, doc, names):
        return Answer(mine[0].chunk.text, "", 1.0, mine[0].rank, doc=doc, match=0.81, strength="partial")

    answers, _ = answer_sides(["oim", "unhcr"], hits, answer_from, "en", more=lambda d: own,
                              topical=lambda h: scores[h.chunk.text])
    assert answers[0].text == "Preservar los enfoques de género"
    assert not answers[1] and answers[1].doc == "unhcr" and "this document" in answers[1].reason
    scores["Produce regular reports on population movements"] = SIDE_TOPIC + 0.2  # its own search finds one on the topic
    answers, mine = answer_sides(["oim", "unhcr"], hits, answer_from, "en", more=lambda d: own,
                                 topical=lambda h: scores[h.chunk.text])
    assert answers[1].text == "Produce regular reports on population movements"
    answers, _ = answer_sides(["oim", "unhcr"], hits, answer_from, "en")  # no topic scorer: as before
    assert answers[1].text == "Harmonize data collection tools"


def test_each_sides_answer_passage_leads_its_documents_passages_in_the_list():
    """A comparison's list shows each side's evidence near the top: the passage a side's
    answer quotes takes its document's first place (the other documents keep theirs); a
    side with no passage in the list gets its own at its side's place; the answers point
    at their passages' new ranks; the list keeps its length and never drops an answer's."""
    a, b, c, d, e, f = (_hit(t, doc, r) for r, (t, doc) in enumerate(
        [("a", "plan"), ("b", "report"), ("c", "plan"), ("d", "report"), ("e", "plan"), ("f", "report")], 1))
    hits = [a, b, c, d, e, f]
    got = sides_lead(hits, [c, f])
    assert [h.chunk.text for h in got] == ["c", "f", "a", "b", "e", "d"]
    assert [h.rank for h in got] == [1, 2, 3, 4, 5, 6]
    side_c = Answer("c", "", 1.0, c.rank, doc="plan")
    assert reranked(side_c, hits, got).hit_rank == 1

    g = _hit("g", "response", 1)  # a side found only by searching its own document
    got = sides_lead(hits, [c, g], keep=[f])
    assert [h.chunk.text for h in got] == ["c", "g", "b", "a", "d", "f"]  # f is an answer's passage: e goes
    assert reranked(Answer("g", "", 1.0, 1, doc="response"), [g], got).hit_rank == 2
    assert reranked(Answer("e", "", 1.0, e.rank, doc="plan"), hits, got).hit_rank == 0  # left the list: no card to mark
    assert sides_lead(hits, [None, None]) == hits  # no side answered: the list as it was



def test_the_list_shows_k_passages_and_keeps_every_answers_passage():
    """The answers are read from the first ten passages whatever the list shows; with `--k 3`
    the passage an answer quotes from further down takes the place of the last other one."""
    from puente.index.answer.per_document import shown

    hits = [_hit(t, "plan" if t in "ace" else "report", r) for r, t in enumerate("abcdef", 1)]
    got = shown(hits, 3, [hits[4]])
    assert [h.chunk.text for h in got] == ["a", "b", "e"] and [h.rank for h in got] == [1, 2, 3]
    assert reranked(Answer("e", "", 1.0, 5, doc="plan"), hits, got).hit_rank == 3
    assert [h.chunk.text for h in shown(hits, 2, [hits[0], hits[5], hits[3]])] == ["a", "f", "d"]  # more answers than k
    assert [h.chunk.text for h in shown(hits, 3, [None, hits[1]])] == ["a", "b", "c"]
    assert shown(hits, 10, []) == hits


def test_each_named_organisation_gets_its_side_and_a_side_without_hits_is_searched():
    """"la OIM … y el ACNUR": the UNHCR side is a UNHCR document even when none of its
    passages made the top hits (of two, the one a search restricted to them ranks first),
    and that document is searched on its own before "no answer in this document"."""
    hits = [_hit("a", "oim-matrix", 1), _hit("b", "mirps-plan", 2)]
    titles = {"oim-matrix": "OIM - Matriz de respuesta gerencial", "mirps-plan": "MIRPS - National Action Plan",
              "unhcr-report": "UNHCR Annual Results Report", "unhcr-response": "UNHCR Evaluation - Management Response"}
    docs = {d: DocInfo(d, t) for d, t in titles.items()}
    q = "¿Cómo dan seguimiento a sus contrapartes la OIM en América del Sur y el ACNUR durante la implementación?"
    asked = []

    def best_of(among):
        asked.append(sorted(among))
        return "unhcr-response"

    assert targets(q, ["oim-matrix"], hits) == []  # the hits alone hold one organisation's document
    assert targets(q, ["oim-matrix"], hits, docs, best_of) == ["oim-matrix", "unhcr-response"]
    assert asked == [["unhcr-report", "unhcr-response"]]
    # one of them among the hits (on the names the question shares with it) is not yet its
    # side: of an organisation's several documents, the side is the one its topic is in
    hits.append(_hit("c", "unhcr-report", 3))
    assert targets(q, ["oim-matrix"], hits, docs, best_of) == ["oim-matrix", "unhcr-response"]
    assert targets(q, ["oim-matrix", "unhcr-report"], hits, docs, best_of)[1] == "unhcr-report"  # named: that one

    def answer_from(mine, doc, names):
        return Answer(mine[0].chunk.text, mine[0].chunk.citation, 1.0, mine[0].rank, doc=doc, match=0.9)

    got = per_document(["oim-matrix", "unhcr-response"], hits, answer_from, "es",
                       more=lambda d: [_hit("c", d, 1)])
    assert [a.text for a in got] == ["a", "c"]


def test_each_compared_document_is_not_asked_for_the_other_ones_year_or_organisation():
    q = analyse("Naturalisation: what does the MIRPS national plan commit to and what did UNHCR report for 2023?")
    assert q.years == ["2023"] and [e.en for e in q.entities] == ["UNHCR"]
    names = ["mirps mexico national action plan MIRPS - National Action Plan Mexico",
             "unhcr mexico annual results report 2023 UNHCR Annual Results Report 2023 - Mexico"]
    assert beside_documents(q, names).years == [] and beside_documents(q, names).entities == []
    q = analyse("What did the MIRPS plan and UNHCR's report say about shelters in 2021?")
    assert beside_documents(q, names).years == ["2021"]  # a year no compared document is named by stays

    seen = []

    def answer_from(mine, doc, compared):
        seen.append(compared)
        return Answer(mine[0].chunk.text, doc, 1.0, mine[0].rank, doc=doc)

    hits = [_hit("a", "plan", 1), _hit("b", "presidency", 2)]
    per_document(["plan", "presidency"], hits, answer_from, "en")
    assert seen == [["plan plan", "presidency presidency"]] * 2  # each document's file name and title


def test_each_compared_document_is_matched_on_the_topic_not_on_the_documents_names():
    import numpy as np

    from puente.index.encode.tokens import TokenStates

    names = ["mirps mexico national action plan MIRPS - National Action Plan Mexico",
             "mirps mexico pro tempore presidency MIRPS - Pro Tempore Presidency of Mexico"]
    q = "What do Mexico's MIRPS national plan and the Pro Tempore Presidency each say about employment services?"
    assert naming_words(q, names) == ["Mexico", "MIRPS", "national", "plan", "Pro", "Tempore", "Presidency"]
    assert naming_words("¿Qué plantean el plan MIRPS y la presidencia pro tempore?", names) == \
        ["plan", "MIRPS", "presidencia", "pro", "tempore"]  # by the first five letters across languages
    # the title's words in either language: "red" names the IOM "network"
    assert naming_words("What do IOM's network and UNHCR's report plan?", ["oim red migracion OIM - Matriz"]) == ["IOM", "network"]
    assert naming_words("¿Qué dicen el informe anual y el plan nacional?", names[:1]) == ["plan", "nacional"]
    assert naming_words("How do IOM's South America response and UNHCR describe it?",
                        ["oim red migracion america del sur respuesta gerencial"]) == ["IOM", "South", "America", "response"]

    class Words:  # one token id per word
        vocab = {" MIRPS": 1, " plan": 2, " employment": 3}

        def encode(self, text, add_special_tokens=False):
            return type("E", (), {"ids": [self.vocab.get(text, 9)]})()

    toks = TokenStates(np.array([1, 2, 3], np.int32), np.eye(3, dtype=np.float32))
    query = Query(q, np.zeros(3, np.float32), toks)
    left = query.without(["MIRPS", "plan"], Words())
    assert left.tokens.ids.tolist() == [3] and left.tokens.vectors.shape == (1, 3) and left.vector is query.vector
    assert query.without(["MIRPS", "plan", "employment"], Words()) is query  # never none left

    class Pieces:  # "danza" is made of the token of "dan" and another
        vocab = {" Dan": [5], " danza": [5, 6], " clases": [7]}

        def encode(self, text, add_special_tokens=False):
            return type("E", (), {"ids": self.vocab.get(text, [9])})()

    dance = Query("¿Dan clases de danza?", np.zeros(3, np.float32),
                  TokenStates(np.array([5, 7, 5, 6], np.int32), np.eye(4, 3, dtype=np.float32)))
    assert dance.without(["Dan"], Pieces()) is dance  # the token stays: "danza" is made of it too
    assert dance.without(["clases"], Pieces()).tokens.ids.tolist() == [5, 5, 6]


def test_a_question_naming_two_organisations_compares_their_documents():
    iom, annual = "oim-red-migracion-respuesta-gerencial", "unhcr-mexico-annual-results-report"
    hits = [_hit("a", iom, 1), _hit("b", annual, 2), _hit("c", "unhcr-mexico-evaluation-response", 3),
            _hit("d", "mirps-plan", 4)]
    q = "¿Con qué frecuencia planean reunirse la OIM con la Secretaría y el ACNUR México con sus socios?"
    assert targets(q, [iom], hits) == [iom, annual]  # UNHCR: the best passage's document that holds it
    assert targets("¿Con qué frecuencia se reúne la OIM con la Secretaría y los socios?", [iom], hits) == []
    assert targets("How often do IOM and UNHCR meet?", [], hits[2:]) == []  # no IOM document among the passages


def test_a_reason_does_not_deny_what_the_index_holds():
    q = analyse("How many people were resettled in 2021?")
    chunks = [Chunk(doc="r", title="Report", text="In 2023, 740 people were resettled."),
              Chunk(doc="r", title="Report", text="Compared with 2021, departures doubled.")]
    assert indexed(q, ("year", "2021"), chunks)
    assert not indexed(q, ("year", "2019"), chunks)
    q = analyse("How many Venezuelans were resettled?")
    assert not indexed(q, ("entity", q.entities[0]), chunks)
    assert indexed(q, ("entity", q.entities[0]), chunks + [Chunk(doc="r", title="R", text="Venezuela and Cuba.")])


def test_a_reason_names_the_constraint_the_reports_lack_altogether():
    """Of two constraints an answer misses, the reason names the one no indexed passage has ("do
    not mention Peru"), not the one the reports name elsewhere ("mention Venezuela, but …")."""
    from puente.index.answer.checks import missing
    from puente.index.answer.lacking import reason

    q = analyse("How many Venezuelan refugees were resettled in Peru?")
    text = "In 2023, 740 refugees were resettled from Mexico."
    c = Candidate(_hit(text), text, 0, len(text))
    chunks = [c.chunk, Chunk(doc="r", title="Report", text="Most applicants came from Venezuela and Cuba.")]
    cache = {"chunks": chunks}
    gone = missing(q, c, cache)
    assert [e.en for _, e in gone] == ["Venezuela", "Peru"]  # in the question's order
    assert reason(q, gone, [c], cache, chunks).say("en") == "The passages found do not mention Peru."
    assert reason(q, gone[:1], [c], cache, chunks).kind == "local"  # Venezuela alone: named, without an answer
    peru = chunks + [Chunk(doc="r", title="Report", text="Peru hosts 1.5 million Venezuelans.")]
    assert reason(q, gone, [c], cache, peru).kind == "local"  # both named somewhere: the first, as before


def test_extractive_gold_is_judged_by_its_answer_string():
    item = {"id": "x", "question": "How many points?", "answer": "308",
            "evidence": [{"doc": "super-bowl-50", "text": "The Panthers defense gave up just 308 points."}]}
    assert gold_string(item) == "308"
    hits = [{"doc": "super-bowl-50", "text": "The Panthers defense gave up just 308 points."}]
    right = {"doc": "super-bowl-50", "text": "The defense gave up just 308 points, sixth in the league.",
             "strength": "strong"}
    wrong = {"doc": "super-bowl-50", "text": "The Panthers defense gave up just a few.", "strength": "partial"}
    assert score_item(item, hits, right)["answer_covers"] and not score_item(item, hits, wrong)["answer_covers"]
    # a paraphrased gold answer (not in the evidence) keeps the evidence rule
    report = dict(item, answer="Three hundred and eight points")
    assert gold_string(report) == ""


def test_per_document_answers_are_shown_in_text_markdown_html_and_json():
    from puente.app.exports.formats import to_markdown, to_text
    from puente.app.web.render import render_answer
    from puente.index.engine import Result

    hits = [_hit("The plan will counter xenophobia.", "plan", 1), _hit("Other words.", "presidency", 2)]
    found = Answer("The plan will counter xenophobia.", "plan, p. 4", 2.0, 1, 0, 33, doc="plan", strength="partial")
    missing = per_document(["presidency"], [], None, "en")[0]
    res = Result("What do the plan and the presidency each propose?", hits, found, answers=[found, missing])
    text = to_text(res)
    assert "plan: The plan will counter xenophobia. — plan, p. 4" in text
    assert "presidency: No answer in this document" in text
    assert "- plan: The plan will counter xenophobia." in to_markdown(res)
    html = render_answer(res)
    assert html.count('<div class="pz-side pz-') == 2 and "No answer in this document" in html
    assert [a["doc"] for a in res.to_dict()["answers"]] == ["plan", "presidency"]


def test_two_short_lines_are_one_candidate_and_item_numbers_are_not_figures():
    from puente.index.answer.asked.answer_type import numbers_in
    from puente.index.answer.read.candidates import from_hits

    cands = from_hits([_hit("PROTECTION\n17 COMMITMENTS")])
    assert [c.text for c in cands] == ["PROTECTION 17 COMMITMENTS"]
    assert numbers_in("PROTECTION 17 COMMITMENTS") == ["17"]
    assert numbers_in("Recomendaciones de evaluación No. 8 Circular material") == []
    assert numbers_in("see recommendation 4: 300 people were assisted") == ["300"]


def test_an_infographic_box_is_one_candidate_with_its_label():
    from puente.index.answer.read.candidates import from_hits

    for text in ("JOBS AND LIVELIHOODS\n5 COMMITMENTS", "JOBS AND\nLIVELIHOODS\n5 COMMITMENTS"):
        cands = from_hits([_hit(text)])
        assert [(c.text, c.features.get("label")) for c in cands] == [
            ("JOBS AND LIVELIHOODS 5 COMMITMENTS", "JOBS AND LIVELIHOODS")], text
    # a sentence of three words or more before a figure's line is no label
    cands = from_hits([_hit("UNHCR trained staff.\n740 people")])
    assert all("label" not in c.features for c in cands)
    # boxes in one passage stay apart: a box ends at its figure, or before the next box's figure
    for text, want in (("1.200\n\nPERSONAS ATENDIDAS\n\n75%\n\nNIÑAS Y NIÑOS", ["1.200 PERSONAS ATENDIDAS", "75% NIÑAS Y NIÑOS"]),
                       ("PROTECTION\n\n17 COMMITMENTS\n\nEDUCATION\n\n1 COMMITMENT", ["PROTECTION 17 COMMITMENTS",
                                                                                    "EDUCATION 1 COMMITMENT"]),
                       # a figure that names what it counts, first, is a lone total, not a label's
                       ("33 COMMITMENTS\n\nPROTECTION\n\n17 COMMITMENTS", ["PROTECTION 17 COMMITMENTS"])):
        assert [c.text for c in from_hits([_hit(text)])] == want, text


def test_among_an_infographics_boxes_the_one_the_question_names_wins():
    from puente.index.answer.scoring.prefer import named_box

    def box(label, count, score, page=1):
        c = Candidate(_hit(f"{label}\n{count}", doc="plan", page_start=page, page_end=page), f"{label} {count}")
        c.features, c.score = {"label": label, "type_raw": 1.0}, score
        return c

    social, prot, other = box("SOCIAL PROTECTION", "8 COMMITMENTS", 75.07), box("PROTECTION", "17 COMMITMENTS", 75.0), \
        box("PROTECTION", "40 PEOPLE", 80.0, page=5)
    ok = [social, prot, other]
    assert named_box(social, ok, "¿Cuántos compromisos de protección incluye el Plan?") is prot
    assert named_box(social, ok, "¿Cuántos compromisos de protección social tiene el plan?") is social
    prot.score = 72.0  # more than the margin behind: the score stands
    assert named_box(social, ok, "¿Cuántos compromisos de protección incluye el Plan?") is social


def _sentence_of(text: str, sentence: str, title: str = "Super Bowl 50") -> Candidate:
    a = text.index(sentence)
    c = Candidate(Hit(Chunk(doc="doc", title=title, text=text), 1.0, 0.8, 1), sentence, a, a + len(sentence))
    before, after = text[:a].strip().split(". "), text[a + len(sentence):].strip().split(". ")
    c.features.update(prev=before[-1].strip(), next=after[0].strip())  # the sentences beside it
    return c


def test_a_year_or_country_the_answer_does_not_repeat_holds_unless_something_contradicts_it():
    """An answer need not repeat the year or country the sentence beside it gives ("in 2015":
    "The Panthers finished the 2015 season …. The defense led the NFL in interceptions with
    24"), nor one its passage never names; another year or country in the answer or its
    title, or any in its passage while the sentences beside it lack the asked one, still
    rules it out, so near misses abstain."""
    from puente.index.answer.checks import missing

    season = "The Panthers finished the 2015 season 15-1. The defense led the NFL in interceptions with 24."
    silent = "The Panthers defense led the NFL in interceptions with 24, ranking sixth in the league."
    other = "The Panthers finished the 2014 season 7-8. The defense led the NFL in interceptions with 24."
    answer = "The defense led the NFL in interceptions with 24."
    q = analyse("How many interceptions did the Panthers defense get in 2015?")
    assert missing(q, _sentence_of(season, answer), {}) == []
    assert missing(q, _sentence_of(silent, silent), {}) == []
    assert [v for _, v in missing(q, _sentence_of(other, answer), {})] == ["2015"]
    assert [v for _, v in missing(q, _sentence_of(silent, silent, "Annual results report 2023"), {})] == ["2015"]
    cache: dict = {}
    assert missing(q, _sentence_of(silent, silent), cache) == [] and cache["unrepeated"]  # held, shown as partial
    # the asked year elsewhere in the passage, for another matter, is no support
    compared = ("Compared to 2015, interceptions rose by a third. The coach praised the secondary. "
                "Over the season the defense had 24 interceptions.")
    assert missing(q, _sentence_of(compared, "Over the season the defense had 24 interceptions."), {})
    fiscal = "In FY14, the defense led the NFL in interceptions with 24."
    assert missing(q, _sentence_of(fiscal, fiscal), {})
    q = analyse("How many asylum claims were filed in 2021?")
    claims = "In 2023, over 140,000 people filed new asylum claims, mostly from Haiti and Cuba."
    assert [v for _, v in missing(q, _sentence_of(claims, claims, "Annual results report"), {})] == ["2021"]
    q = analyse("¿Cuántas solicitudes de asilo se presentaron en Honduras?", "es")
    assert missing(q, _sentence_of(claims, claims, "Annual results report"), {})  # Haiti and Cuba, not Honduras
    plain = "Over 140,000 people filed new asylum claims."
    assert missing(q, _sentence_of(plain, plain, "Annual results report"), {}) == []
    assert missing(q, _sentence_of(plain, plain, "National action plan Mexico"), {})
    # a population group is the answer's own: refugees' figures do not answer for IDPs
    q = analyse("¿Qué proporción de los desplazados internos tenía una cuenta bancaria?", "es")
    row = "Proportion of people with a bank account Refugees and Asylum-seekers 45%"
    assert missing(q, _sentence_of(row, row, "Annual results report"), {})


def test_an_answer_that_shows_the_asked_year_wins_over_one_that_leaves_it_to_its_neighbour():
    """Of two nearly equal answers, the one that writes the asked year (or place) is chosen;
    one that leaves it to the sentence beside it is taken only when no such answer is near
    ("What portion of Luther's last statement was in German?" had moved to the sentence
    before the one that says "alemán")."""
    from puente.index.answer.choose import CONSTRAINT_MARGIN, decide

    text = "In 2015 the defense changed its scheme. The defense had 24 interceptions. Kuechly led the team."
    q = analyse("What did the defense change in 2015?")
    shows, leaves = _sentence_of(text, "In 2015 the defense changed its scheme."), _sentence_of(
        text, "The defense had 24 interceptions.")
    for c, score in ((leaves, 80.0), (shows, 80.0 - CONSTRAINT_MARGIN / 2)):
        c.score = score
        c.features.update(type_raw=1.0, match=0.9, scorer="tokens")
    assert decide(q, [leaves, shows]).text.startswith(shows.text)
    shows.score = 80.0 - 2 * CONSTRAINT_MARGIN
    assert decide(q, [leaves, shows]).text.startswith(leaves.text)
    # one that shows the year but not the figure asked for does not displace the figure
    q = analyse("How many interceptions did the defense have in 2015?")
    shows.score, shows.features["type_raw"] = 79.0, 0.0
    assert decide(q, [leaves, shows]).text.startswith(leaves.text)


def _figures(*scored: tuple[str, float]) -> list[Candidate]:
    """Sentences of one passage, each a candidate with a figure of the asked type and the given score."""
    text = " ".join(s for s, _ in scored)
    out = []
    for sentence, score in scored:
        c = _sentence_of(text, sentence, "Annual results report 2023")
        c.score = score
        c.features.update(type_raw=1.0, match=0.89, scorer="tokens")
        out.append(c)
    return out


def test_a_figure_for_the_whole_wins_over_a_part_of_it_nearly_as_good():
    """"How many GBV survivors did UNHCR assist in 2023?" was answered "In Tabasco, … UNHCR
    assisted 181 GBV survivors" (one state) over "… assisted 1,528 GBV survivors …" two
    log-odds behind; a question that asks about Tabasco keeps the Tabasco figure."""
    from puente.index.answer.choose import decide
    from puente.index.answer.scoring.prefer import FLOOR_MARGIN

    part, whole = _figures(("In Tabasco, a GBV sub-working group was created, and UNHCR assisted 181 GBV survivors.", 82.5),
                           ("UNHCR and four partners assisted 1,528 GBV survivors to access GBV response services.", 80.3))
    assert decide(analyse("How many GBV survivors did UNHCR assist in 2023?"), [part, whole]).text.startswith("UNHCR and")
    assert decide(analyse("How many GBV survivors did UNHCR assist in Tabasco?"), [part, whole]).text.startswith("In Tabasco")
    and_q = analyse("How many GBV survivors did UNHCR and its partners assist in 2023?")  # "and" names no place
    assert decide(and_q, [part, whole]).text.startswith("UNHCR and")
    whole.score = 82.5 - FLOOR_MARGIN - 1  # too far behind: the part stays, as a partial answer
    got = decide(analyse("How many GBV survivors did UNHCR assist in 2023?"), [part, whole])
    assert got.text.startswith("In Tabasco") and got.strength == "partial"
    # a topic after "in" is no place: "trained in Prevention of Sexual Exploitation and Abuse" keeps its figure
    topic, other = _figures(("In 2023, 750 staff members were trained in Prevention of Sexual Exploitation and Abuse (PSEA).",
                             82.5), ("UNHCR staff trained 1,000 partner staff on registration in 2023.", 80.0))
    assert decide(analyse("How many staff members were trained on PSEA?"), [topic, other]).text.startswith("In 2023, 750")


def test_the_document_title_and_headings_alone_are_no_answer():
    """"Rainwater Schools Programme - Annual Report 2022" / "Summary" is what the citation
    says, not an answer; a box with a figure under its heading still is."""
    from puente.index.answer.read.candidates import from_hits

    title = "Rainwater Schools Programme - Annual Report 2022"
    text = f"{title}\n\nSummary\n\nThis annual report of the programme covers its work in Honduras in 2022.\n"
    hit = Hit(Chunk(doc="rainwater", title=title, text=text, section=(title, "Summary")), 1.0, 0.8, 1)
    assert [c.text for c in from_hits([hit])] == ["This annual report of the programme covers its work in Honduras in 2022."]
    boxed = Hit(Chunk(doc="plan", title="Plan", text="PROTECTION\n17 COMMITMENTS", section=("PROTECTION",)), 1.0, 0.8, 1)
    assert [c.text for c in from_hits([boxed])] == ["PROTECTION 17 COMMITMENTS"]


def test_no_figure_for_the_asked_year_says_the_year_not_that_no_passage_gives_a_figure():
    """"¿Cuántas solicitudes de asilo recibió México en 2020?" said "none of the passages gives
    a figure" — false: the 2021-2023 figures are there — because the best sentence naming 2020
    gives none. When only the figures of other years are near, the reason is the year."""
    from puente.index.answer.choose import decide
    from puente.index.answer.reasons import Why

    no_figure = "In 2020, Mexico simplified the issuance of stay permits for asylum-seekers."
    figure = "Over 140,000 people filed new asylum claims in 2023, after 119,000 in 2021."
    text = f"{no_figure} {figure}"
    said, other = _sentence_of(text, no_figure, "National action plan"), _sentence_of(text, figure, "National action plan")
    said.score, other.score = 76.2, 75.9
    said.features.update(type_raw=0.0, match=0.85, scorer="tokens")
    other.features.update(type_raw=1.0, match=0.85, scorer="tokens")
    for question, lang in (("¿Cuántas solicitudes de asilo recibió México en 2020?", "es"),
                           ("How many asylum applications did Mexico receive in 2020?", "en")):
        got = decide(analyse(question, lang), [said, other])
        assert got.abstained and got.why.kind == "local" and "2020" in got.reason, (question, got.reason)
    # with no figure near at all, the reason stays that no passage gives one
    got = decide(analyse("¿Cuántas solicitudes de asilo recibió México en 2020?", "es"), [said])
    assert got.abstained and got.why == Why("kind", ("quantity",))


def test_a_constraint_reason_speaks_of_the_passages_read_not_of_every_passage():
    """"¿Qué compromisos asume México sobre albergues …?" said "no passage answers this for
    México" while the Mexico plan's commitment sat further down the list: the reason is said of
    the passages found, in both languages."""
    from puente.index.answer.reasons import local_reason

    assert local_reason(["México"], "es") == ("Los informes mencionan México, pero ninguno de los pasajes encontrados "
                                              "responde a esto para México.")
    assert local_reason(["2021"], "en") == "The reports mention 2021, but none of the passages found answers this for 2021."


def test_what_someone_commits_to_is_answered_by_a_commitment_not_a_reports_sentence():
    """"¿Qué se compromete a hacer el MSPAS sobre la desnutrición aguda?" read a results report's
    "7.830 niñas y niños … fueron evaluados" (9 log-odds ahead, the same language as the
    question) over the plan's "Commitment 2.2: MSPAS will screen all children under five …":
    a sentence that commits nothing does not say what is committed. Not for a count."""
    from puente.index.answer.asked.question import analyse
    from puente.index.answer.scoring.prefer import KIND_MARGIN, asked_kind
    from puente.ingest.records import Record

    report = "Además, 7.830 niñas y niños menores de cinco años fueron evaluados para detectar desnutrición aguda."
    plan = "Commitment 2.2: MSPAS will screen all children under five for acute malnutrition."
    a = Candidate(_hit(report, doc="report"), report, 0, len(report))
    b = Candidate(_hit(plan, doc="plan", rank=2, start=100, end=100 + len(plan)), plan, 0, len(plan))
    for c, score in ((a, 81.5), (b, 72.4)):
        c.score, c.features["type_raw"] = score, 1.0
    records = [Record(doc="plan", kind="commitment", number="2.2", text=plan[17:], start=100, end=100 + len(plan))]
    asks = analyse("¿Qué se compromete a hacer el MSPAS sobre la desnutrición aguda?")
    assert asked_kind(a, [a, b], asks, records) is b
    assert asked_kind(a, [a, b], analyse("What did MSPAS do on acute malnutrition?"), records) is a
    assert asked_kind(a, [a, b], asks, []) is a  # no commitment among the records
    assert asked_kind(a, [a, b], analyse("How many commitments does the plan include?"), records) is a
    a.features["named"] = 1.0  # "what did UNICEF commit to in its report?": not another document's commitment
    assert asked_kind(a, [a, b], analyse("¿Qué se compromete a hacer UNICEF sobre la desnutrición aguda?"), records) is a
    assert asked_kind(a, [a, b], asks, records) is b  # a report named by a country the plan is about too
    assert asked_kind(a, [a, b], analyse("What abuses were committed against migrants?"), records) is a
    a.features["named"] = 0.0
    b.score = a.score - KIND_MARGIN["commitment"] - 0.1
    assert asked_kind(a, [a, b], asks, records) is a


def test_what_was_recommended_is_answered_by_the_recommendations_statement_not_the_comment_under_it():
    """"FAN: recomendación sobre bullying …" read management's comment under recommendation 5
    (0.01 ahead) over the recommendation's own statement; so did "what did the evaluation
    suggest / propose". A question about how management answered it, or who acts on it,
    keeps its best sentence."""
    from puente.index.answer.asked.question import analyse
    from puente.index.answer.scoring.prefer import KIND_MARGIN, asked_kind
    from puente.ingest.records import Record

    block = ("Recomendación 5\nAbordar la xenofobia y el acoso escolar contra niñas, niños y adolescentes mediante "
             "intervenciones en las escuelas.\nComentario de la gerencia: La discriminación en el entorno escolar es un "
             "factor de riesgo de deserción.")
    statement = block[16:block.index("\nComentario")]
    comment = block[block.index("Comentario"):]
    a = Candidate(_hit(block, doc="fan"), comment, block.index("Comentario"), len(block))
    b = Candidate(_hit(block, doc="fan"), " ".join(statement.split()), 16, 16 + len(statement))
    for c, score in ((a, 75.56), (b, 75.55)):
        c.score, c.features["type_raw"] = score, 1.0
    records = [Record(doc="fan", kind="recommendation", number="5", text=" ".join(statement.split()), start=0,
                      end=len(block))]
    assert asked_kind(a, [a, b], analyse("FAN: recomendación sobre bullying y discriminación en colegios"), records) is b
    assert asked_kind(a, [a, b], analyse("What did the evaluation recommend on school bullying?"), records) is b
    assert asked_kind(a, [a, b], analyse("¿Cómo respondió la gerencia a la recomendación sobre el acoso escolar?"),
                      records) is a
    assert asked_kind(a, [a, b], analyse("What was found on school bullying?"), records) is a
    # what an evaluation suggests, proposes or advises is its recommendation; what a plan proposes is not
    for q in ("What did the evaluators suggest about school bullying?", "¿Qué propuso la evaluación sobre el acoso escolar?",
              "¿Qué sugiere la evaluación de FAN sobre el acoso escolar?", "How did the evaluation advise tackling bullying?",
              # set R: a monitoring mission's, a review's or an audit's proposals are its recommendations
              "¿Qué propone la misión de monitoreo sobre el acoso escolar?", "What does the review suggest on bullying?",
              "What did the audit propose about school bullying?"):
        assert asked_kind(a, [a, b], analyse(q), records) is b, q
    for q in ("What does the plan propose on school bullying?", "Did management accept what the evaluation suggested?",
              "How many proposals on bullying did the evaluation receive?"):
        assert asked_kind(a, [a, b], analyse(q), records) is a, q
    # set R: the statement 3-5 log-odds behind a finding of the same report ("En la Región Nueve no existe …")
    b.score = a.score - 4.9
    assert asked_kind(a, [a, b], analyse("What did the evaluation recommend on school bullying?"), records) is b
    b.score = a.score - KIND_MARGIN["recommendation"] - 0.1
    assert asked_kind(a, [a, b], analyse("What did the evaluation recommend on school bullying?"), records) is a


def test_a_quantity_is_asked_by_its_head_noun_not_by_any_word_after_what_is_the():
    from puente.index.answer.asked.question import analyse

    for q in ("What was the total achieved in 2023 across the indicators?", "What was the total actual 2024 figure?",
              "¿Cuál era la línea de base de 2022 de hogares atendidos?", "What was the baseline for unaccompanied children?"):
        assert analyse(q).kind == "quantity", q
    for q in ("What was the baseline study about?", "What is the total approach of the strategy?",
              "What are the figures of speech in the report?", "¿Cuáles son las cifras de la estrategia?"):
        assert analyse(q).kind != "quantity", q


def test_a_commitments_deadline_or_lead_is_quoted_with_the_commitment_down_to_its_fact_line():
    from puente.index.answer.read.evidence import evidence
    from puente.ingest.records import Record

    span = ("Compromiso 1.3: Aprobar una ley de protección de personas desplazadas internamente.\n\n"
            "Institución responsable: Ministerio de Gobernación\n\nPlazo: diciembre de 2027.\n\n"
            "Indicador: ley aprobada.")
    r = Record(doc="plan", kind="commitment", number="1.3", text=span.split("\n")[0][16:], start=0, end=len(span),
               responsible="Ministerio de Gobernación", deadline="diciembre de 2027")
    assert evidence(r, "deadline", [span]) == (
        "Compromiso 1.3: Aprobar una ley de protección de personas desplazadas internamente. Institución "
        "responsable: Ministerio de Gobernación Plazo: diciembre de 2027.")
    assert evidence(r, "responsible", [span]).endswith("responsable: Ministerio de Gobernación")
    # both asked ("by when, and who is in charge?"): down to the later fact's line; a listed recommendation too
    assert evidence(r, "responsible+deadline", [span]).endswith("Plazo: diciembre de 2027.")
    listed = "7. Establecer en la comisaría una mesa de denuncias en español.\nResponsable: Policía\nPlazo: octubre de 2025"
    rec = Record(doc="mision", kind="recommendation", number="7", text=listed.split("\n")[0][3:], start=0,
                 end=len(listed), responsible="Policía", deadline="octubre de 2025")
    assert evidence(rec, "responsible+deadline", [listed]) == " ".join(listed.split())
    # a passage that does not hold the value: the statement
    assert evidence(r, "deadline", ["Compromiso 1.3: Aprobar una ley."]) == r.text
    # a lead its statement names: the statement whole, not cut after the name
    named = Record(doc="plan", kind="commitment", number="2.1", text="Reducir los plazos con la COMAR y el INM en 2026.",
                   start=0, end=80, responsible="COMAR")
    assert named.text in evidence(named, "responsible", ["2.1 Reducir los plazos con la COMAR y el INM\nen 2026.\nPlazo: 2026"])



def test_a_passage_an_answer_quotes_is_listed_at_least_as_strong_a_match():
    """The README's xenophobia question gave the plan's answer as a strong match beside its own
    passage listed as a "weak match": the two labels contradicted each other."""
    weak = Hit(Chunk(doc="plan", title="plan", text="…"), 0.005, 0.75, 3)
    assert weak.match == "weak"
    assert replace(weak, answered="strong").match == "strong" and replace(weak, answered="partial").match == "partial"
    strong = Hit(Chunk(doc="plan", title="plan", text="…"), 0.05, 0.85, 1)
    assert strong.match == "strong" and replace(strong, answered="partial").match == "strong"  # never lowered


def test_a_compared_organisation_no_indexed_document_is_from_gets_a_side_saying_so():
    """"What do the World Bank report and the UNHCR annual report each say about livelihoods?"
    abstained whole ("The reports mention World Bank, but none of the passages …") with no World
    Bank document indexed, though UNHCR's report has a livelihoods section; in Spanish "cada
    uno" compared the best passages' two documents, neither of them UNHCR's."""
    from puente.index.answer.per_document import not_indexed, unindexed

    docs = {d: DocInfo(d, t) for d, t in (("unhcr-report", "UNHCR Annual Results Report 2023"),
                                          ("oim-matrix", "OIM - Matriz de respuesta gerencial"))}
    hits = [_hit("a", "oim-matrix", 1), _hit("b", "unhcr-report", 2)]
    assert unindexed("What do the World Bank report and the UNHCR annual report each say about livelihoods?",
                     hits, docs) == (["unhcr-report"], ["World Bank"])
    assert unindexed("¿Qué dicen el Banco Mundial y el ACNUR cada uno sobre medios de vida?", hits, docs) == \
        (["unhcr-report"], ["Banco Mundial"])
    assert unindexed("What do IOM and UNHCR each say about livelihoods?", hits, docs) == ([], [])  # both indexed
    assert unindexed("What do the World Bank and WFP each say?", hits, docs) == ([], [])  # neither: nothing to compare
    assert unindexed("What did UNHCR say about the World Bank?", hits, docs) == ([], [])  # not a comparison
    side = not_indexed("World Bank", "en")
    assert not side and side.doc == "World Bank" and side.reason.startswith("No document from World Bank is indexed")
    assert not_indexed("Banco Mundial", "es").reason.startswith("No hay ningún documento de Banco Mundial")
