"""Answers: question analysis, constraint checks, candidates, reasons, the answer metrics
(no model), and answer selection / abstention on hand-made passages (real model)."""
from __future__ import annotations

import json

import pytest
from answer_reader import reader

from puente.common.places import find, mentions
from puente.common.text import fold
from puente.index.answer.asked.answer_type import numbers_in, type_match
from puente.index.answer.asked.question import DATE, FREQUENCY, OPEN, PLACE, QUANTITY, TERM, WHO, analyse, has_year, unsupported
from puente.index.answer.choose import Answer, no_answer
from puente.index.answer.read.candidates import segments
from puente.index.answer.reasons import Why, name_reason, year_reason
from puente.index.evaluate import answer_covers, format_table, score_item, summarise


def _missing(question: str, text: str, lang: str = "en") -> list:
    q = analyse(question, lang)
    return unsupported(q, text, fold(text))


# ------------------------------------------------------------------ question analysis (no model)
@pytest.mark.parametrize("question, kind", [
    ("How many people did UNHCR train on GBV risks in 2023?", QUANTITY),
    ("¿Cuántas interceptaciones reportó el instituto de migración?", QUANTITY),
    ("What percentage of refugees lived in safe settlements?", QUANTITY),
    ("tasa de desempleo desplazados internos 2023", QUANTITY),
    ("What deadline did IOM set for the risk matrix?", DATE),
    ("¿Qué plazo tiene la OIM para la matriz de riesgos?", DATE),
    ("How often are the regional reports produced?", FREQUENCY),
    ("¿Con qué frecuencia se reúnen?", FREQUENCY),
    ("Which UNHCR Mexico units answer for the recommendation on integrity?", WHO),
    ("¿Quién es responsable de la recomendación?", WHO),
    ("Which countries did most asylum-seekers come from?", PLACE),
    ("What did the evaluation recommend on partnerships?", OPEN),
    # a figure's topic word alone does not ask for a figure; "en cuanto a" is "regarding"
    ("What was the total final budget and funds available in 2023?", QUANTITY),
    ("¿Cuál era el tamaño promedio de los hogares?", QUANTITY),
    ("who is responsible UNHCR Mexico funding diversification recommendation", WHO),
    ("¿Qué recomendó la evaluación sobre el modelo de financiación del ACNUR?", OPEN),
    ("¿Qué recomienda la evaluación en cuanto a la niñez migrante?", OPEN),
    ("What did the popularity of the translation contribute to?", OPEN),
    ("¿En qué parte de los Estados Unidos se trasladaron muchos estudiantes?", PLACE),
    ("¿De qué parte del sistema inmunológico se produjo la evolución?", OPEN),
    ("¿Qué parte del presupuesto de protección infantil se financió en 2023?", QUANTITY),
    # a count named as a noun the question asks something else about: "of what nationality?"
    ("The programme raised the number of applicants of which nationality in the north?", OPEN),
    ("¿El plan aumentó el número de solicitudes de qué nacionalidad?", OPEN),
    ("¿Cuál es el número de solicitudes en qué estado?", QUANTITY),
    ("How many applicants of which nationality were recognised?", QUANTITY),
    # "when"/"cuando" asks only at the start (or "cuándo", or at the end): else it is a conjunction
    ("When did the office in Tapachula close?", DATE),
    ("¿Y cuando cerró la oficina?", DATE),
    ("The office closed when?", DATE),
    ("What happened when the programme closed?", OPEN),
    ("¿Qué sucedió cuando cerró el programa?", OPEN),
    # what something is called
    ("What is another name for the local integration programme?", TERM),
    ("What is the term for a person without a nationality?", TERM),
    ("¿Cómo se conoce el programa de integración local?", TERM),
    ("¿Cuál es un sinónimo de apatridia?", TERM),
    ("¿Qué propone la evaluación de medio término sobre la sociedad civil?", OPEN),
    ("What is the name of the coordinator of the network?", OPEN),
    ("Annual follow-up meeting date and venue", DATE),
    ("What is the target date for the roll-out?", DATE),
    ("Is the referral pathway up to date?", OPEN),
    ("According to the management response, when will the tool be rolled out?", DATE),
    ("Does the report say when the office opens?", DATE),
    ("Según el informe, ¿cuando se abrió la oficina?", DATE),
    ("What challenges has COMAR faced to date?", OPEN),
    ("¿Qué avances se han logrado hasta la fecha?", OPEN),
    ("Is the registry out of date?", OPEN),
    ("Did UNHCR add shelters when arrivals grew?", OPEN),
    ("Que hizo el ACNUR cuando aumentaron las solicitudes?", OPEN),
    ("How and when will the recommendations be implemented?", DATE),
    ("¿Desde cuando opera la oficina?", DATE),
    ("How are refugees referred to the local integration programme?", OPEN),
    ("What is the term of the Pro Tempore Presidency?", OPEN),
    ("¿Cuál es el término para presentar una solicitud de asilo?", OPEN),
    ("Number of partners with which UNHCR signed agreements", QUANTITY),
    ("Is the national plan up-to-date?", OPEN),
    ("Number of states in which COMAR has offices", QUANTITY),
    ("At what age can asylum-seekers work?", QUANTITY),
    ("How old was the director when she took office?", QUANTITY),
    ("¿Qué edad tenía la directora cuando asumió el cargo?", QUANTITY),
    # "who" after a noun relates a clause to it, unless the question asks a name
    ("What does the plan promise for Venezuelan children who want to go to school?", OPEN),
    ("What is the last name of the player who scored a 2-yard touchdown?", WHO),
    ("Which unit leads the hand-over, and who approves it?", WHO),
    ("Do you know who leads it?", WHO),
    # a keyword question asking its lead body
    ("Paraguay plan anti-xenophobia campaign: lead institution?", WHO),
    ("Plan de Paraguay, campaña contra la xenofobia: ¿institución rectora?", WHO),
    ("Does the plan lead to better outcomes?", OPEN),
    ("Why did funding cuts lead organizations to close shelters?", OPEN),
    ("What challenges did the lead institution face in 2024?", OPEN),
    ("Where is the lead office of the platform?", PLACE),
    # a person named by what they do
    ("Which architect received the original commission for the new building in 1889?", WHO),
    ("¿Qué investigador usó por primera vez la palabra oxígeno?", WHO),
    ("¿Qué grupo de científicos mide el oxígeno en los animales marinos?", OPEN),  # a kind of scientist, no name
    ("¿Qué partido político tiene más apoyo en Melbourne?", OPEN),
])
def test_answer_kind(question, kind):
    assert analyse(question).kind == kind


def test_years_and_figures_leave_item_references_and_year_spans_alone():
    q = analyse("Who is responsible for recommendation 4 and action 7.1 in 2024, with 740 people?")
    assert q.years == ["2024"] and q.numbers == ["740"]
    q = analyse("¿Para cuándo debía estar el Plan de Comunicación 2023-24?", "es")
    assert q.years == ["2023"] and q.numbers == []
    assert has_year("2024", "plan de trabajo 2023-24") and not has_year("2025", "plan de trabajo 2023-24")


def test_a_figure_written_as_a_word_supports_it_and_a_decade_is_not_a_figure():
    assert _missing("¿Qué principio se desarrolló 100 años antes de la teoría de Darwin?",
                    "Based on principles laid out almost a hundred years before Darwin's theory.", "es") == []
    assert _missing("What was developed 100 years before Darwin?", "casi cien años antes de Darwin") == []
    for text in ("two hundred years before", "cien mil personas", "ciento veinte años", "74 years before"):
        assert ("number", "100") in _missing("What was developed 100 years before Darwin?", text), text
    assert analyse("What drama debuted on ABC in the 80s?").numbers == []
    assert analyse("¿Qué red pasó al primer lugar en los años 70?", "es").numbers == []
    assert analyse("How many of the 740 people were resettled?").numbers == ["740"]


def test_nationality_adjectives_name_their_country_in_both_languages():
    assert [e.en for e in find("¿Cuántas solicitudes hondureñas se reconocieron?")] == ["Honduras"]
    assert [e.en for e in find("How many Guatemalan women were assisted?")] == ["Guatemala"]
    honduras = find("Honduras")[0]
    assert mentions(honduras, fold("Most refugees were Hondurans."))
    assert mentions(honduras, fold("personas hondureñas y guatemaltecas"))
    assert not mentions(honduras, fold("Haiti (31%), Cuba (13%), Guatemala (4%)"))


def test_donor_countries_are_places_across_languages_and_a_longer_name_holds_its_country():
    """A Spanish question about a donor country checks it in English passages too ("Noruega"
    as a name was only checked in Spanish ones, so "¿Cuál es la capital de Noruega?" got an
    unrelated English action as a partial answer); a country inside an organisation's name
    is not asked about."""
    assert [e.en for e in find("¿Cuál es la capital de Noruega?")] == ["Norway"]
    assert [e.en for e in find("Japanese and Swedish funding")] == ["Japan", "Sweden"]
    assert _missing("¿Cuál es la capital de Noruega?", "Provide temporary staffing support to key CPA.", "es")
    assert [e.en for e in find("What did the Norwegian Refugee Council do in Mexico?")] == [
        "Norwegian Refugee Council", "Mexico"]
    # a donor's aid agency is an organisation, not a question about its country
    assert [e.en for e in find("¿Qué financió COSUDE en México?")] == ["Swiss Agency for Development and Cooperation",
                                                                      "Mexico"]
    assert [e.en for e in find("What did the Danish Refugee Council fund?")] == ["Danish Refugee Council"]
    assert find("North Korean refugees") == [] and find("el VIH/sida") == []


def test_regions_are_named_by_their_acronyms_in_both_languages():
    assert [e.en for e in find("Plan de Comunicación 2023-24 ALC")] == ["Latin America and the Caribbean"]
    assert [e.en for e in find("la OIM en América del Sur")] == ["IOM", "South America"]
    assert find("a lac of funds") == []  # an acronym that is also a word: only in capitals
    # "América Latina y el Caribe" is supported by "ALC", not a name missing from the answer
    assert _missing("¿Para cuándo debía estar actualizado el Plan de Comunicación para América Latina y el Caribe?",
                    "8.1 Actualizar e implementar un nuevo Plan de Comunicación 2023-24 ALC", "es") == []


def test_organisations_match_across_languages_and_acronyms_are_case_sensitive():
    unhcr = find("el ACNUR en México")[0]
    assert unhcr.en == "UNHCR" and mentions(unhcr, fold("UNHCR trained 740 people"), "UNHCR trained 740 people")
    # "who" is a question word, "WHO" the organisation
    assert not any(e.en == "WHO" for e in find("who is responsible?"))
    assert any(e.en == "WHO" for e in find("Did WHO fund it?"))
    un = find("the UN Network")[0]
    assert un.en == "United Nations" and not mentions(un, fold("un programa nuevo"), "un programa nuevo")


def test_the_examples_a_question_gives_are_no_constraints():
    q = analyse("How do the plan and the report describe information campaigns about asylum, such as El Jaguar?")
    assert q.names == [] and q.entities == []
    q = analyse("¿Qué campañas, por ejemplo El Jaguar, menciona el ACNUR en Chiapas?")
    assert q.names == [["chiapas"]] and [e.en for e in q.entities] == ["UNHCR"]  # the example ends at its comma
    assert analyse("What did Luther write?").names == [["luther"]]
    # only the example's own name: what the question asks after it stays asked
    assert analyse("How many people in programmes such as cash assistance received support in Chiapas?").names == [["chiapas"]]
    q = analyse("¿Qué campañas como por ejemplo El Jaguar menciona el ACNUR en Chiapas?")
    assert q.names == [["chiapas"]] and [e.en for e in q.entities] == ["UNHCR"]


def test_near_miss_year_country_and_name_are_unsupported():
    text = "Annual results report 2023. Over 140,000 people filed new asylum claims in 2023, mostly from Haiti and Cuba."
    assert [v for k, v in _missing("How many asylum claims were filed in 2025?", text)] == ["2025"]
    assert _missing("How many asylum claims were filed in 2023?", text) == []
    gone = _missing("¿Cuántas solicitudes hondureñas se presentaron en 2023?", text, "es")
    assert [(k, v.en) for k, v in gone] == [("entity", "Honduras")]
    assert _missing("How many Cuban claims were filed in 2023?", text) == []
    assert [v for k, v in _missing("How many claims were filed in Chiapas?", text)] == [["chiapas"]]


def test_an_acronym_written_out_in_the_passage_supports_it():
    text = "Aprobar un protocolo nacional de atención a niñas, niños y adolescentes no acompañados."
    assert _missing("¿Quién lidera el protocolo para NNA no acompañados?", text, "es") == []
    assert _missing("Who funds the GBV helpline?", "A helpline for survivors of gender-based violence.") == []
    gone = _missing("¿Quién lidera el protocolo para NNA no acompañados?", "Un protocolo nacional de atención.", "es")
    assert [v for k, v in gone] == [["nna"]]
    assert _missing("¿Quién lidera el protocolo para NNA?", "Ninguna novedad en el protocolo.", "es")  # no run spells it
    # three initials fall in place by chance: only the glossary's expansions count for them
    assert _missing("What did the INM report?", "It builds infrastructure nationwide to mitigate risks.")
    assert _missing("What did the INM report?", "El Instituto Nacional de Migración informó 3 casos.") == []  # a name
    assert _missing("¿Qué acordó la PPT?", "La Presidencia Pro Tempore acordó una hoja de ruta.", "es") == []
    assert _missing("¿Qué hizo el SNDIF?", "El Sistema Nacional para el Desarrollo Integral de la Familia abrió 3 centros.",
                    "es") == []


def test_a_document_about_other_places_does_not_answer_for_a_place_it_never_names():
    from types import SimpleNamespace

    from puente.index.answer.checks import _in_document

    def chunk(doc, text):
        return SimpleNamespace(doc=doc, text=text, title="Respuesta de la gerencia", section=("Antecedentes",))
    about_two = [chunk("fan", "El programa se ejecutó en Ecuador y Perú."), chunk("fan", "En Ecuador, 14 socios; en Perú, 9."),
                 chunk("fan", "Quito (Ecuador) y Lima (Perú) acogen los consejos.")]
    match_report = [chunk("sb", "The Broncos beat the Panthers 24–10 at Levi's Stadium."), chunk("sb", "Lady Gaga sang.")]
    cache = {"chunks": about_two + match_report}
    colombia, = find("Colombia")
    peru, = find("Perú")
    states, = find("Estados Unidos")
    assert not _in_document(colombia, SimpleNamespace(doc="fan", chunk=about_two[0]), cache)
    assert _in_document(peru, SimpleNamespace(doc="fan", chunk=about_two[0]), cache)
    assert _in_document(states, SimpleNamespace(doc="sb", chunk=match_report[0]), cache)  # names no place at all
    national = [chunk("gov", "Venezuela, Venezuela y Venezuela: 300.000 venezolanos"), chunk("gov", "The Colombian government.")]
    cache = {"chunks": national}
    colombia_doc = SimpleNamespace(doc="gov", chunk=national[0])
    assert _in_document(colombia, colombia_doc, cache)  # its people name it
    assert _in_document(find("Centroamérica")[0], colombia_doc, cache)  # a region: named by its countries


def test_a_table_read_one_cell_per_line_is_cut_into_its_rows():
    text = ("Results at a glance\nIndicator\n2024 target\n2024 result\nPeople supported to obtain the PPT\n45,000\n"
            "48,920\nPeople reached with GBV prevention and response\nservices\n11,000\n12,430\nHogares con efectivo\n"
            "25 000\nN/A\nTargets were not\nmet, mainly because of the funding shortfall.")
    pieces = [" ".join(text[sg.start:sg.end].split()) for sg in segments(text)]
    assert pieces[1:] == ["People reached with GBV prevention and response services 11,000 12,430",
                          "Hogares con efectivo 25 000 N/A", "Targets were not met, mainly because of the funding shortfall."]
    assert pieces[0].endswith("People supported to obtain the PPT 45,000 48,920")
    # not a table: an infographic's figure over its label, a narrow column of prose, footnote marks, years
    for other in ("KEY FIGURES\n12,430\nPeople reached with GBV services\n3,000\nChildren enrolled\n45,000\nPPT cards",
                  "The claims rose from\n45,000\nin 2022 to\n60,000\nin 2023 and\n75,000\nin 2024, said COMAR.",
                  "the Ministry of Interior\n12\nand the National Police\n13\nand the courts\n14\ntrained 3,400 officers.",
                  "The plan covers\n2023\n-\n2025\nand the budget\n2026\n-\n2028\nand more."):
        assert len(segments(other)) == 1, other


def test_population_groups_are_constraints():
    row = "13.3 Proportion of people (working age) who are unemployed IDPs Unknown 2.00% 3.17%"
    assert _missing("¿Cuál era la tasa de desempleo de los desplazados internos?", row, "es") == []
    gone = _missing("What was the unemployment rate of stateless people?", row)
    assert [v.en for k, v in gone] == ["stateless people"]


# ------------------------------------------------------------------ candidates (no model)
TABLE = ("Other Core Impact Indicators\n"
         "Country    Indicator    Population Type    Baseline    Actual (2023)\n"
         "Mexico    2.2 Proportion of people residing in physically safe and secure settlements with access to basic\n"
         "facilities    Refugees and Asylum-seekers    Unknown    90.48%\n"
         "Mexico    2.2 Proportion of people residing in physically safe and secure settlements with access to basic\n"
         "facilities    IDPs    Unknown    92.98%")


def test_a_header_cell_wrapped_onto_the_next_line_is_not_the_name_of_the_first_row():
    text = ("Outcome Area    Final Budget    Funds Available    Expenditure\n"
            "Expenditure as % of Funds Available\n"
            "OA2: Status    22,074,699    17,674,291    100.00%\n"
            "OA3: Policy/Law    8,624,699    3,156,208    100.00%\n"
            "2.2 Proportion of people in safe settlements\n"
            "Refugees    Unknown    90.48%    92.00%\n")
    rows = [text[sg.start:sg.end] for sg in segments(text) if sg.kind == "row"]
    assert not any(r.startswith("Expenditure as %") for r in rows)  # every row of the table stands alone
    assert "OA2: Status    22,074,699    17,674,291    100.00%" in rows
    assert any(r.startswith("2.2 Proportion") for r in rows)  # an indicator's name above its values is kept


def test_table_rows_are_joined_over_wrapped_lines():
    rows = [" ".join(TABLE[s.start:s.end].split()) for s in segments(TABLE) if s.kind == "row"]
    assert ("Mexico 2.2 Proportion of people residing in physically safe and secure settlements with access to "
            "basic facilities IDPs Unknown 92.98%") in rows


def test_a_rows_last_figures_wrapped_onto_the_next_line_stay_in_the_row():
    """"8.1 … IDPs    Unknown    20.00%" / "0.58%": the answer quoted 20.00% (the target) as if
    it were the result. The wrapped figures belong to the row (and its columns), and are not
    the name of the row below; a table of figure rows keeps each row."""
    from puente.index.answer.read import tables

    text = ("Indicators    Population Type    Baseline    Target    Actual\n"
            "8.1 Proportion of people that receive cash transfers    IDPs    Unknown    20.00%\n0.58%\n"
            "8.1 Proportion of people that receive cash transfers     Refugees    68.13%    68.00%    11.59%\n"
            "8.2 Proportion of people with primary reliance on clean fuels    IDPs    Unknown\n  90.00%    88.67%\n")
    rows = [text[sg.start:sg.end] for sg in segments(text) if sg.kind == "row"]
    assert rows == ["8.1 Proportion of people that receive cash transfers    IDPs    Unknown    20.00%\n0.58%",
                        "8.1 Proportion of people that receive cash transfers     Refugees    68.13%    68.00%    11.59%",
                        "8.2 Proportion of people with primary reliance on clean fuels    IDPs    Unknown\n  90.00%    88.67%"]
    a = text.index("8.1")
    assert [(c.column, c.value) for c in tables.columns(text, a, text.index("\n8.1", a) + 1)][-2:] == \
        [("Target", "20.00%"), ("Actual", "0.58%")]
    years = "Year    Refugees    Asylum seekers    IDPs\n2019    1,000    2,000    3,000\n2020    1,500    2,500\n14\n"
    assert [years[sg.start:sg.end] for sg in segments(years) if sg.kind == "row"][:2] == \
        ["2019    1,000    2,000    3,000", "2020    1,500    2,500"]  # a row's label and a page number are no wrapped cells
    figures = "Year    2021    2022\nA    120    130\nB    140    150\n"
    assert [figures[sg.start:sg.end] for sg in segments(figures) if sg.kind == "row"][1:] == ["A    120    130", "B    140    150"]


def test_sentences_keep_item_numbers_and_split_labelled_lines():
    text = ("Noviembre 2023\nOficial Regional de Datos.\n6.2. Crear una matriz de riesgos destinada a la Unidad.\n"
            "Recomendación dirigida a:\nProject Manager\nUnit or function responsible: Senior Management")
    pieces = [" ".join(text[s.start:s.end].split()) for s in segments(text)]
    assert "6.2. Crear una matriz de riesgos destinada a la Unidad." in pieces
    assert "Recomendación dirigida a: Project Manager" in pieces
    assert "Unit or function responsible: Senior Management" in pieces
    # a line that wraps a value ("… IOM (Dominican" / "Republic); child protection sub-sector: UNICEF.") is no label
    # of its own; a label with its own brackets is one
    lead = ("Lead agencies: UNHCR (Haiti), IOM (Dominican\nRepublic); child protection sub-sector: UNICEF.\n"
            "Responsible unit (lead): Protection Unit")
    assert [" ".join(lead[s.start:s.end].split()) for s in segments(lead)] == [
        "Lead agencies: UNHCR (Haiti), IOM (Dominican Republic); child protection sub-sector: UNICEF.",
        "Responsible unit (lead): Protection Unit"]


def test_a_long_wrapped_sentence_stays_whole_and_a_long_run_of_lines_is_cut():
    """A 75-word sentence a PDF wrapped was answered cut at a line break ("… focusing on
    access to"); a run of lines with no sentence end is still cut into pieces."""
    sentence = ("At the national level, Mexico designed the Inter-Institutional Roundtable on Refugees\n"
                "and Complementary Protection, chaired by the Under Secretary of the Interior, which offers a political\n"
                "forum to validate proposals made by four MIRPS National Technical Working Groups focusing on access to\n"
                "education (chaired by the Ministry of Education), access to health (Ministry of Public Health), employment\n"
                "(Ministry of Labor), as well as documentation and identity (National Population Registry - RENAPO).")
    assert len(sentence.split()) > 70 and [(s.start, s.end) for s in segments(sentence)] == [(0, len(sentence))]
    run = "\n".join(f"Programme line {i} Office Chiapas Tapachula Tenosique Palenque" for i in range(12))
    assert len(segments(run)) > 1  # no sentence end, capitals after each break: cut as before
    items = "El plan prevé las siguientes acciones:\n" + "\n".join(
        f"{x}) realizar un diagnóstico de las necesidades de protección de las personas en la frontera sur;"
        for x in "abcdefg") + "\ny evaluar los resultados."
    assert len(items.split()) > 70 and len(segments(items)) > 1  # a list in lower case is still cut
    cited = sentence.replace("four MIRPS National", "four MIRPS (see\np. 5) National")  # "p. 5" goes on a sentence
    assert len(segments(cited)) == 1


def test_type_match_counts_what_the_question_counts():
    people = analyse("How many people did UNHCR train?")
    assert type_match(QUANTITY, "UNHCR trained 740 people (85% women) on GBV risks.", people) == 1.0
    idps = analyse("¿Cuántas personas desplazadas internas hay en México?", "es")
    assert type_match(QUANTITY, "UNHCR helped develop more than 20 tools on internal displacement.", idps) == 0.5
    money = analyse("How much money did the World Bank commit to the study?")
    assert money.money and type_match(QUANTITY, "5 Create additional evidence on inclusion.", money) == 0.0
    assert type_match(QUANTITY, "OA5: Children 5,224,699 3,006,806 57.55%", money) == 1.0
    days = analyse("¿Cuántos días pasaban en promedio?", "es")
    assert type_match(QUANTITY, "2.1 Average processing time (in days) Refugees 75.00 60.00", days, row=True) == 1.0
    # a share is answered by a percentage or a fraction, not by a count
    share = analyse("What share of the resettled people were children?")
    assert share.share and not people.share and not analyse("¿Cuál es la tasa de desempleo?", "es").unit
    assert type_match(QUANTITY, "UNHCR submitted a total of 480 individuals.", share) == 0.5
    assert type_match(QUANTITY, "53% were girls, boys and adolescents.", share) == 1.0
    assert type_match(QUANTITY, "Nearly half of them were children.", share) == 1.0
    assert type_match(QUANTITY, "One in four applicants was a child.", share) == 1.0
    tasa = analyse("¿Cuál fue la tasa de reconocimiento en 2023?", "es")
    assert tasa.share and type_match(QUANTITY, "La COMAR resolvió 51,468 solicitudes.", tasa) == 0.5
    assert type_match(QUANTITY, "Tres de cada diez solicitudes fueron reconocidas.", tasa) == 1.0
    # a count and a share asked together: a percentage answers the share's part
    both = analyse("¿Cuántos niños no acompañados se identificaron y qué porcentaje fue derivado en 72 horas?", "es")
    row = "Proportion of unaccompanied and separated children referred within 72 hours 78% 95% 96%"
    assert both.unit and type_match(QUANTITY, row, both) == 1.0
    assert type_match(QUANTITY, row, analyse("¿Cuántos niños no acompañados se identificaron?", "es")) == 0.5
    for q in ("What percentage of unaccompanied children were referred, and how many were identified?",
              "¿Cuántos niños no acompañados se identificaron y cuál fue el porcentaje derivado?"):
        assert type_match(QUANTITY, row, analyse(q)) == 1.0, q
    for count in ("UNHCR registered 1,200 refugees, up from 900 in 2018.", "The 2019/2020 plan covers 300 people.",
                  "An ethnic minority of 40 people."):
        assert type_match(QUANTITY, count, share) == 0.5, count
    # a row of shares of people is not how many people
    cash = "8.1 Proportion of people that receive cash transfers IDPs Unknown 20.00%"
    assert type_match(QUANTITY, cash, idps, row=True) == 0.5
    assert type_match(QUANTITY, cash.replace("20.00%", "1,250"), idps, row=True) == 1.0
    assert numbers_in("5 Create additional evidence") == []  # an item number is not a figure
    # nor is the day of a date: a sentence of dates does not say how many ("¿Cuántas personas … deportó …?")
    deported = analyse("¿Cuántas personas venezolanas deportó la República Dominicana en 2023?")
    dates = ("La segunda fase está dirigida a las personas venezolanas que entraron al país entre el 28 de enero de 2021 "
             "y el 31 de diciembre de 2023.")
    assert numbers_in(dates) == [] and type_match(QUANTITY, dates, deported) == 0.0
    assert numbers_in("On March 3, 1,200 people arrived; 48 more on 5 May.") == ["1200", "48"]
    # a length of time: a figure or a word with its unit ("several years"), not a bare year
    how_long = analyse("How long does the asylum procedure take before a decision?")
    assert how_long.measure == "time"
    assert type_match(QUANTITY, "It takes several months to reach a decision.", how_long) == 1.0
    assert type_match(QUANTITY, "It took 45 working days.", how_long) == 1.0
    assert type_match(QUANTITY, "2.1 Average processing time (in days) Refugees 848.00", how_long, row=True) == 1.0
    assert type_match(QUANTITY, "UNHCR delivered 5,000 kits a year.", how_long) == 0.5  # a figure, not a length
    assert type_match(QUANTITY, "Children under the age of 18 are referred.", how_long) == 0.5
    assert type_match(QUANTITY, "Children under 18 years of age are referred.", how_long) == 0.5
    assert type_match(QUANTITY, "The procedure takes more than a year.", how_long) == 1.0
    assert type_match(QUANTITY, "An 18-month pilot in three states.", how_long) == 1.0
    assert type_match(QUANTITY, "A 15-year-old girl was referred.", how_long) == 0.5
    assert type_match(QUANTITY, "Families receive three meals a day.", how_long) == 0.0
    assert type_match(QUANTITY, "11 de octubre (Día Internacional de la Niña)", how_long, row=True) < 1.0
    assert type_match(QUANTITY, "The procedure changed in 2021.", how_long) == 0.0
    assert type_match(QUANTITY, "The procedure has 3 stages.", how_long) == 0.5
    cuanto = analyse("¿Cuánto tiempo tarda el procedimiento?", "es")
    assert type_match(QUANTITY, "tarda 304 días en promedio", cuanto) == 1.0
    assert not analyse("How many people applied?").measure
    age = analyse("¿Qué edad tenía la directora cuando asumió?", "es")
    assert age.measure == "age" and type_match(QUANTITY, "She took office at age 39.", age) == 1.0
    assert type_match(QUANTITY, "Adolescents between 12 and 17 years of age.", age) == 1.0
    assert type_match(QUANTITY, "Asumió en su segundo mandato.", age) == 0.0
    tenia = analyse("¿Cuántos años tenía la directora cuando asumió?", "es")  # Spanish asks an age with "años"
    assert tenia.measure == "age" and type_match(QUANTITY, "He is the oldest to play, at age 39.", tenia) == 1.0
    assert type_match(QUANTITY, "She led the team for two seasons.", tenia) == 0.0
    assert not analyse("¿Cuántos años duró el programa?", "es").measure == "age"
    assert analyse("¿Cuántos años cumplía el programa en 2023?", "es").measure == "age"
    assert analyse("¿Cuántos años tienen de edad los niños atendidos?", "es").measure == "age"
    for q in ("¿Cuántos años tienen que esperar los solicitantes?", "¿Cuántos años tiene de vigencia el plan?"):
        assert analyse(q, "es").measure != "age", q  # "tener que" is must; "tiene de vigencia" a length
    term = analyse("¿Cómo se conoce el programa de integración local?", "es")
    assert type_match(TERM, "The programme is known as PIL.", term) == 1.0
    assert type_match(TERM, "Se denomina «ruta de integración».", term) == 1.0
    assert type_match(TERM, "The programme relocates refugees to cities.", term) == 0.5
    # a date: a decade, a year before 1900 after "in", the year a name carries; a bare year is half of one
    assert type_match(DATE, "Such theories appeared in the 1970s.") == 1.0
    assert type_match(DATE, "Resurgió el interés desde la década de los 90.") == 1.0
    assert type_match(DATE, "The process was developed in 1895 by an engineer.") == 1.0
    for named in ("The Schools Act of 1996 recognises two kinds.", "through the Maastricht Treaty 1992 (now: TFEU)",
                  "en virtud del Acta de Escocia de 1978, se crearía una asamblea"):
        assert type_match(DATE, named) == 1.0, named
    for bare in ("The budget for 2024 was approved.", "the 2024 budget", "2024 was a hard year", "Plan 2023-2025 approved"):
        assert type_match(DATE, bare) == 0.5, bare
    assert type_match(DATE, "The government faced difficulties after 1279.") == 1.0
    assert type_match(DATE, "En 1848 los tratados cambiaron.") == 1.0
    for period in ("to be completed by mid-2024", "the 2023-24 work plan", "in the second quarter of 2024",
                   "en el segundo trimestre de 2024"):
        assert type_match(DATE, period) == 1.0, period
    for not_a_date in ("Kits were delivered in 1200 households.", "Most were in their 30s.",
                       "1000s of families arrived.", "menores de 18 años 40 %", "UNHCR trained 1168 people.",
                       "The meeting was attended by 1200 people."):
        assert type_match(DATE, not_a_date) == 0.0, not_a_date
    assert type_match(DATE, "Plazo: Noviembre 2023") == 1.0 and type_match(DATE, "No date here") == 0.0
    assert type_match(FREQUENCY, "At least twice a year during planning") == 1.0
    assert type_match(WHO, "Unit or function responsible: Senior Management") == 1.0


# ------------------------------------------------------------------ reasons and the Answer type (no model)
def test_reasons_are_one_plain_line_in_the_question_language():
    assert year_reason(["2025"], ["2023", "2023", "2022"], "en") == \
        "The reports mention 2023 and 2022 figures; nothing on 2025."
    assert year_reason(["2025"], ["2023"], "es") == "Los informes dan cifras de 2023; nada sobre 2025."
    assert name_reason(["Canadá"], "es") == "Los pasajes encontrados no mencionan Canadá."


def test_a_count_written_as_a_word_or_by_its_acronym_counts_what_the_question_counts():
    """"How many refugee-led organizations participated in the Dialogue Mechanism?" was answered,
    as a strong match, by "… Refugee Lead Organizations (RLO) with the active involvement of five
    women; … 18 refugee and asylum seekers …": "refugee-led" qualifies what is counted, so
    "18 refugee" counted it, and "five RLOs" (a number word, an acronym) did not."""
    from puente.index.answer.asked.answer_type import counted_noun
    from puente.index.answer.choose import type_floor

    rlo = analyse("How many refugee-led organizations participated in the Dialogue Mechanism?")
    assert counted_noun(rlo)[0] == "organizations" and "refugee-led" in rlo.unit
    assert type_match(QUANTITY, "Through a Dialogue Mechanism, five RLOs engaged with U.S. officials.", rlo) == 1.0
    assert type_match(QUANTITY, "Training was provided to 140 RLOs.", rlo) == 1.0
    assert type_match(QUANTITY, "The Mechanism between Refugee Lead Organizations (RLO) with the involvement of "
                                "five women; and eight initiatives where 18 refugee and asylum seekers "
                                "participated.", rlo) == 0.5
    assert type_floor(rlo) == 0.5  # organisations are not people: a figure of something else may answer
    # a number word counting the asked unit is a whole answer; one counting something else, a part
    assert type_match(QUANTITY, "Gegeen was killed in a coup involving five princes.",
                      analyse("¿Cuántos príncipes rivales estuvieron involucrados?", "es")) == 1.0
    offices = analyse("¿Cuántas oficinas abrió el ACNUR?", "es")
    assert type_match(QUANTITY, "El ACNUR abrió tres oficinas en el sur.", offices) == 1.0
    assert type_match(QUANTITY, "El ACNUR contrató a tres personas en el sur.", offices) == 0.5
    assert type_floor(analyse("How many asylum-seekers were registered?")) == 1.0  # a compound noun is still counted


def test_an_abstaining_answer_is_falsy_and_json_friendly():
    a = no_answer("The reports mention 2023 figures; nothing on 2025.", QUANTITY, 0.81234)
    assert not a and a.abstained and a.text == ""
    d = json.loads(json.dumps(a.to_dict()))
    assert d["abstained"] and d["reason"].startswith("The reports") and d["score"] == 0.8123
    ok = Answer("UNHCR trained 740 people.", "r, p. 3", 0.9, 1, 0, 25, doc="r", strength="strong")
    assert ok and ok.to_dict()["strength"] == "strong" and "reason" not in ok.to_dict()


def test_a_reason_is_said_in_the_interface_language_not_only_the_questions():
    """An English question read with a Spanish interface (--ui-lang es, the app's toggle)
    gets its no-answer reason in Spanish in every output; JSON keeps the question's."""
    from types import SimpleNamespace

    from puente.app.exports import formats
    from puente.app.exports.briefing import answer_of
    from puente.app.web import render

    a = no_answer(Why("year", (["2025"], ["2023"])), QUANTITY, 0.5, lang="en")
    assert a.reason == "The reports mention 2023 figures; nothing on 2025."
    assert a.reason_in("es") == "Los informes dan cifras de 2023; nada sobre 2025."
    assert a.reason_in(None) == a.reason and a.to_dict()["reason"] == a.reason
    result = SimpleNamespace(query="How many in 2025?", hits=[object()], answer=a, answers=[], lang="en", generated=None)
    assert "Los informes dan cifras de 2023; nada sobre 2025." in formats._answer_lines(result, "es")[1]
    assert a.reason in formats._answer_lines(result, "en")[1]
    assert "nada sobre 2025" in render.render_answer(result, "es")
    assert "nada sobre 2025" in answer_of(result, "es").reason
    assert no_answer("plain text").reason_in("es") == "plain text"  # a reason given only as text stays as given


def test_a_record_answers_label_follows_the_interface_language():
    """'Responsible (recommendation 4)' under a Spanish interface reads 'Responsable
    (recomendación 4)'; an indicator's columns too. JSON keeps the question's language."""
    from types import SimpleNamespace

    from puente.app.exports import formats
    from puente.index.answer.reply import _record_label
    from puente.ingest.records import Record

    r = Record(doc="mr", kind="recommendation", number="4", text="Reinforce durable solutions.",
               responsible="Senior Management, Durable Solutions Unit")
    label, value = _record_label(r, "responsible", "en")
    a = Answer("Unit or function responsible: Senior Management", "mr, p. 3", 0.9, 1, source="record", doc="mr",
               strength="strong", label=label, value=value, record=r, record_field="responsible")
    assert a.label_value(None) == ("Responsible (recommendation 4)", "Senior Management, Durable Solutions Unit")
    assert a.label_value("es")[0] == "Responsable (recomendación 4)" and a.to_dict()["label"] == a.label
    result = SimpleNamespace(query="Who is responsible for recommendation 4?", answer=a, answers=[], lang="en")
    assert "Responsable (recomendación 4): Senior Management" in " ".join(formats._answer_lines(result, "es")[1])
    # the CSV's answer row says the label in the page's language too (it said "Responsible …" beside "Responsable")
    assert formats.answer_row(result, lang="es")["text"].startswith("Responsable (recomendación 4): Senior Management")
    assert formats.answer_row(result)["text"].startswith("Responsible (recommendation 4): Senior Management")
    ind = Record(doc="arr", kind="indicator", number="2.1", text="Proportion of people", baseline="90.00", actual="848.00")
    b = Answer("2.1 Proportion of people 90.00 848.00", "arr, p. 9", 0.9, 1, source="record", doc="arr", strength="strong",
               label="x", value="y", record=ind, record_field="detail")
    assert b.label_value("es") == ("Indicador 2.1", "Línea de base: 90.00 · Valor alcanzado: 848.00")


def test_an_item_number_the_documents_lack_is_said_from_the_index_not_answered_from_another():
    """'Who is responsible for action 13.2 in IOM's response?' when IOM's actions end at 13.1:
    no answer, with the true reason; 'the status of IOM's action 4.1' when IOM's matrix leaves
    its status empty: not another document's action 4.1, the reason instead (so for UNHCR's
    action 7.2, whose cell is empty while others say "Ongoing"). A number the text has (the
    records missed it) or a document without such items proves nothing."""
    from types import SimpleNamespace

    from puente.index.answer.read.records import record_answer, record_gap
    from puente.ingest.records import Record

    iom = [Record(doc="iom", kind="action", number=n, parent=n.split(".")[0], text="Organizar.", responsible="PSU")
           for n in ("4.1", "12.1", "13.1")]
    unhcr = Record(doc="mr", kind="action", number="4.1", parent="4", text="Develop.", status="Ongoing")
    records = [*iom, unhcr]
    text = [_chunk("iom", "13.1 Organizar una capacitación anual. Estado"), _chunk("mr", "1 Develop. Ongoing")]
    hits = [SimpleNamespace(chunk=c) for c in reversed(text)]
    q13 = "Who is responsible for action 13.2 in IOM's management response?"
    assert record_answer(q13, hits, records, named=["iom"]) is None
    gap = record_gap(q13, records, text, ["iom"])
    assert gap == ("no_item", "action", "13.2", "13.1")
    assert Why(gap[0], gap[1:]).say("en") == "The documents asked about have no action 13.2 (their actions go up to 13.1)."
    assert Why(gap[0], gap[1:]).say("es").startswith("Los documentos consultados no tienen la acción 13.2")
    q4 = "¿Cuál es el estado de la acción 4.1 de la OIM?"
    assert record_answer(q4, hits, records, "es", named=["iom"]) is None  # not UNHCR's action 4.1
    assert record_answer(q4, hits, records, "es")[0] is unhcr  # no document named: the one that has it
    assert record_gap(q4, records, text, ["iom"]) == ("unfilled", "action", "4.1", "status")
    assert Why("unfilled", ("action", "4.1", "status")).say("es") == "La acción 4.1 está en el documento, pero sin estado."
    assert record_gap("Who is responsible for action 4.1?", records, text, ["iom"]) is None  # it has one
    said = [_chunk("iom", "Acción 13.2 Organizar un taller regional.")]
    assert record_gap(q13, records, said, ["iom"]) is None  # in the text: the records missed it
    assert record_gap("Who is responsible for commitment 3?", records, text, ["iom"]) is None  # no commitments known
    assert record_gap("Who is responsible for action 9.9?", records, text) == ("no_item", "action", "9.9", "13.1")
    # an item asked for without a field, and "action 2 of recommendation 1" (action 1.2)
    assert record_gap("What does action 13.2 of IOM say?", records, text, ["iom"])[0] == "no_item"
    assert record_gap("¿Cuál es el estado de la acción 2 de la recomendación 4?", records, text, ["iom"]) == \
        ("no_item", "action", "4.2", "13.1")
    assert record_answer("What is the status of action 1 under recommendation 4?", hits, records, named=["mr"])[0] is unhcr
    # in a document whose other items have a status, the item's own text may state it where the
    # records missed it ("Ongoing" there); "not given" when it holds none of the document's values
    # (UNHCR's action 7.2 was answered with a header row of recommendation 3's table)
    row = _chunk("mr", "7.1 Create awareness among donors. Ongoing 7.2 Explore new donors. December 2022")
    mr = [unhcr, Record(doc="mr", kind="action", number="1", parent="7", text="Create awareness.", start=0, end=42),
          Record(doc="mr", kind="action", number="2", parent="7", text="Explore new donors.", start=43, end=len(row.text))]
    assert record_gap("What is the status of action 7.1?", mr, [row], ["mr"]) is None
    assert record_gap("What is the status of action 7.2?", mr, [row], ["mr"]) == ("unfilled", "action", "7.2", "status")
    # a review's cases: a field word the question says of something else, "action 3" (any
    # recommendation's third), an item another document's text names, items without numbers
    recs = [Record(doc="emr", kind="recommendation", number=str(n), text="Do.") for n in range(1, 10)]
    for q in ("What does recommendation 5 say about legal status for refugees?",
              "¿Qué dice la recomendación 5 sobre los Estados de la región?", "¿Qué prioridades fija la recomendación 5?"):
        assert record_gap(q, recs, text) is None, q
    assert record_gap("What is the status of recommendation 5?", recs, text) == ("unfilled", "recommendation", "5", "status")
    assert record_gap("Who is responsible for action 3?", records, text) is None
    memo = [_chunk("memo", "Recommendation 12: strengthen registration.")]
    assert record_gap("Who is responsible for recommendation 12?", recs, memo) is None
    assert record_gap("Who is responsible for recommendation 12?", recs, memo, ["emr"])[0] == "no_item"
    blank = [Record(doc="x", kind="recommendation", number="", text="Do.")]
    assert record_gap("Who is responsible for recommendation 4?", blank, []) is None


@pytest.mark.parametrize("question", [
    "What is the deadline of UNHCR recommendation 4, action 1?", "What is the deadline of recommendation 4's action 1?",
    "Deadline of recommendation 4 - action 1?", "¿Cuál es el plazo de la recomendación 4, acción 1 del ACNUR?",
    "¿Cuál es el plazo de la recomendación 4 (acción 1)?", "What is the deadline of action 1 of recommendation 4?"])
def test_an_action_named_after_its_recommendation_is_that_recommendations_action(question):
    """A response matrix numbers its actions 1, 2, 3 under each recommendation, and analysts
    write "recommendation 4, action 1": that is action 4.1 (it was read as recommendation 4,
    and answered "no passage answers this for UNHCR")."""
    from types import SimpleNamespace

    from puente.index.answer.read.records import owner_named, record_answer
    from puente.ingest.records import Record

    a41 = Record(doc="mr", kind="action", number="1", parent="4", text="Develop a monitoring system.", deadline="June 2023")
    rec4 = Record(doc="mr", kind="recommendation", number="4", text="Strengthen the LIP.", deadline="December 2023")
    hits = [SimpleNamespace(chunk=_chunk("mr", "1 Develop a monitoring system. June 2023"))]
    assert record_answer(question, hits, [rec4, a41]) == (a41, "deadline")
    assert owner_named(question) == ("UNHCR" in question or "ACNUR" in question)


def test_an_item_asked_by_number_without_a_field_is_answered_by_its_statement():
    """"What does recommendation 1 ask?" names an item and no field of it: the item's own
    statement is the answer, from the document named, else the best-ranked one with it; a
    question asking for one of its fields is record_answer's, and an indicator is no statement."""
    from types import SimpleNamespace

    from puente.index.answer.read.evidence import evidence
    from puente.index.answer.read.records import statement_record
    from puente.ingest.records import Record

    mr1 = Record(doc="mr", kind="recommendation", number="1", text="Strategic level: Reinforce\n coordination.",
                 responsible="Senior Management")
    iom1 = Record(doc="iom", kind="recommendation", number="1", text="Realizar una identificación de necesidades.")
    a11 = Record(doc="mr", kind="action", number="1", parent="1", text="Produce regular reports.",
                 detail="1 Produce regular Americas Bureau reports. Quarterly Ongoing")
    ind = Record(doc="mr", kind="indicator", number="2", text="Share of people.")
    hits = [SimpleNamespace(chunk=_chunk("iom", "Recomendaciones No. 1")), SimpleNamespace(chunk=_chunk("mr", "R 1"))]
    records = [iom1, mr1, a11, ind]
    assert statement_record("What does recommendation 1 of UNHCR's evaluation ask?", hits, records, ["mr"]) is mr1
    assert statement_record("¿Qué pide la recomendación 1?", hits, records) is iom1  # the best-ranked document's
    assert statement_record("What does action 1.1 say?", hits, records) is a11
    a21 = Record(doc="mr", kind="action", number="1", parent="2", text="Map the shelters.")
    for q in ("What does recommendation 2, action 1 say?", "What does action 1 of recommendation 2 say?"):
        assert statement_record(q, hits, records + [a21]) is a21, q  # one item, named with its recommendation
    assert evidence(mr1, "text") == "Strategic level: Reinforce coordination."
    assert evidence(a11, "text") == "Produce regular reports."  # not the row's interleaved columns
    assert statement_record("Who is responsible for recommendation 1?", hits, records) is None
    assert statement_record("What does indicator 2 measure?", hits, records) is None
    assert statement_record("What does recommendation 8 ask?", hits, records) is None
    assert statement_record("What is recommendation 1 of the IOM response?", hits, records) is iom1
    # asking something else of the item, or about two items: the passages answer, not one statement
    for q in ("How did UNHCR respond to recommendation 1?", "Did UNHCR agree with recommendation 1?",
              "¿Cuál fue la respuesta de la OIM a la recomendación 1?", "What actions does recommendation 1 include?",
              "Why was recommendation 1 made?", "What is the management response to recommendation 1?",
              "¿Qué plantean las recomendaciones 1 y 2 de la OIM?", "What do recommendation 1 and recommendation 2 ask?"):
        assert statement_record(q, hits, records) is None, q


def test_an_action_of_another_recommendation_or_a_second_item_is_not_read_as_one():
    from puente.index.answer.read.records import _asked

    assert _asked("What does recommendation 4, action 4.1 say?")[:2] == ("recommendation", "4")
    assert _asked("Compare recommendation 4 and action 1")[:2] == ("recommendation", "4")


def test_a_question_about_one_numbered_item_is_not_answered_from_another():
    """'Who is responsible for action 6.3?' (its own field empty) was answered 'Responsible
    (recommendation 3): …' as a strong match. Records of other numbered items are no
    candidates; the action's own recommendation is (its unit answers for it)."""
    from puente.index.answer.read.records import other_item
    from puente.ingest.records import Record

    q = "Who is responsible for action 6.3 of the UNHCR management response?"
    rec3 = Record(doc="mr", kind="recommendation", number="3", text="Reinforce.", responsible="Senior Management")
    rec6 = Record(doc="mr", kind="recommendation", number="6", text="Strengthen HR.", responsible="Senior management and HR Unit")
    a62 = Record(doc="mr", kind="action", number="2", parent="6", text="Communicate.", responsible="Senior Management")
    a63 = Record(doc="mr", kind="action", number="3", parent="6", text="Strengthen the HR capacity.")
    assert other_item(q, rec3) and other_item(q, a62)
    assert not other_item(q, rec6) and not other_item(q, a63)
    assert not other_item("Who is responsible for the HR capacity action?", rec3)  # no number asked: any item


def test_an_indicator_row_without_the_column_asked_for_is_not_an_answer():
    """'What was the 2023 target for …?' read from a row that gives a baseline and an actual
    but no target is no answer, with that reason, not the row's other figure."""
    from puente.index.answer.read.records import unfilled_column
    from puente.ingest.records import Record

    row = Record(doc="arr", kind="indicator", number="1.1", text="Proportion of people", baseline="Unknown", actual="67.59%")
    assert unfilled_column("What was the 2023 target for the share of people?", row) == "target"
    assert unfilled_column("¿Cuál era la meta de acceso al asilo?", row) == "target"
    assert unfilled_column("What share of people could access asylum in 2023?", row) is None  # the actual is asked
    assert unfilled_column("¿Cuál era la línea de base?", row) is None  # it has one
    assert unfilled_column("How many people in the target population received cash?", row) is None
    assert unfilled_column("¿Cuántas personas de la población meta recibieron efectivo?", row) is None
    met = Record(doc="arr", kind="indicator", number="8.1", text="Cash", baseline="68.13%", target="68.00%", actual="11.59%")
    assert unfilled_column("¿Qué porcentaje recibió efectivo frente a la meta?", met) is None
    assert Why("unfilled", ("indicator", "1.1", "target")).say("en") == "Indicator 1.1 is in the document, but its target is not given."


# ------------------------------------------------------------------ answer metrics (no model)
def test_answer_covers_evidence_by_the_passage_rule():
    span = "Unit or function responsible: Senior Management, Durable Solutions Unit"
    assert answer_covers("d", "RECOMMENDATION 4: x. " + span + " Top-line actions", "d", span)  # it holds the span
    assert answer_covers("d", span[:-5], "d", span)  # >= 60% of it as one run
    assert not answer_covers("e", span, "d", span)  # another document
    assert not answer_covers("d", "Senior Management, Durable Solutions Unit", "d", span)  # the value alone: < 60%
    assert not answer_covers("d", "Unit or function responsible: Senior", "d", span)  # 50%


def test_a_record_answer_shows_its_verbatim_row_under_the_value():
    from puente.common.types import Chunk
    from puente.index.answer.asked.question import Question
    from puente.index.answer.choose import record_reply
    from puente.index.search.searcher import Hit
    from puente.ingest.records.record import Record

    row = ("1.1 Realizar un relevamiento de información con Puntos Focales PMM. Noviembre 2022 "
           "Oficial Regional de Políticas y de Enlace")
    passage = "Recomendaciones de evaluación No. 1\nAcciones\n" + row.replace(" Noviembre", "\nNoviembre")
    r = Record(doc="d", kind="action", number="1", parent="1", text="Realizar un relevamiento.",
               deadline="Noviembre 2022", detail=row, start=0, end=len(passage))
    hit = Hit(_chunk("d", passage), 1.0, 0.9, 1, (0, len(passage)))
    a = record_reply(r, "deadline", hit, Question("plazo de la acción 1.1", "es"), 1.0, "strong", 1.0)
    assert (a.label, a.value, a.text) == ("Plazo (acción 1.1)", "Noviembre 2022", row)
    assert " ".join(passage[a.start:a.end].split()) == row  # found on the card for highlighting
    # the citation is the page its evidence is on, not the pages of the whole record
    long = passage + "\n" + "Más acciones en la página siguiente. " * 20
    c = Chunk(doc="d", title="d", text=long, section=("No. 1",), page_start=17, page_end=19,
              page_breaks=(len(passage) + 1, len(passage) + 300))
    r = Record(doc="d", kind="action", number="1", parent="1", text="Realizar un relevamiento.", deadline="Noviembre 2022",
               detail=row, start=0, end=len(long), page_start=17, page_end=19, section=("No. 1",))
    assert r.citation == "d, pp. 17-19, No. 1"
    a = record_reply(r, "deadline", Hit(c, 1.0, 0.9, 1, (0, len(long))), Question("plazo de la acción 1.1", "es"),
                     1.0, "strong", 1.0)
    assert a.citation == "d, p. 17, No. 1" and a.pages[:2] == (17, 17)
    # a form repeats its labelled lines: the evidence is looked for in the record's own span
    p5 = ("Recomendación No. 6\nMejorar la coordinación.\nRecomendación dirigida a:\nUnidad de Implementación\n"
          "Nivel de prioridad (1 a 3): 2\n")
    p6 = ("Recomendación No. 7\nReforzar la comunicación.\nRecomendación dirigida a:\nUnidad de Implementación\n"
          "Nivel de prioridad (1 a 3): 1\n")
    c = Chunk(doc="d", title="d", text=p5 + p6, section=("R",), page_start=5, page_end=6, page_breaks=(len(p5),),
              start=0, end=len(p5 + p6))
    r = Record(doc="d", kind="recommendation", number="7", text="Reforzar la comunicación.", start=len(p5),
               end=len(p5 + p6), responsible="Unidad de Implementación", page_start=6, page_end=6, section=("R",))
    a = record_reply(r, "responsible", Hit(c, 1.0, 0.9, 1, (0, 0)), Question("¿Quién?", "es"), 1.0, "strong", 1.0)
    assert a.citation == "d, p. 6, R" and a.start > len(p5)  # cited and highlighted in recommendation 7
    assert "(1 a 3): 2" not in a.text  # its own lines, not recommendation 6's


def test_score_item_and_summary_report_answer_quality():
    item = {"id": "q", "evidence": [{"doc": "a", "text": "UNHCR trained 740 people on GBV risks."}], "split": "tune"}
    hits = [{"doc": "a", "text": "In 2023 UNHCR trained 740 people on GBV risks."}]
    good = Answer("UNHCR trained 740 people on GBV risks.", "a", 0.9, 1, doc="a", strength="strong")
    s1 = score_item(item, hits, good)
    assert s1["answer_covers"] and s1["answered"] and s1["strength"] == "strong"
    s2 = score_item(item | {"id": "q2"}, hits, no_answer("none"))
    assert not s2["answered"] and not s2["answer_covers"]
    unans = {"id": "u", "evidence": [], "split": "check"}
    s3 = score_item(unans, hits, no_answer("The reports mention 2023 figures; nothing on 2025."))
    s4 = score_item(unans | {"id": "u2"}, hits, good.to_dict())
    assert s3["abstained"] and not s4["abstained"]
    summary = summarise([item, item | {"id": "q2"}, unans, unans | {"id": "u2"}], [s1, s2, s3, s4])
    a = summary["answers"]
    assert (a["covers"], a["answerable"], a["answered"], a["abstained"], a["unanswerable"]) == (1, 2, 1, 1, 2)
    assert a["abstention_precision"] == 0.5 and a["strong"]["unanswerable_answered"] == 1
    assert summary["abstention"] == {"unanswerable": 2, "abstained": 1, "answerable": 2, "answered": 1}
    table = format_table(summary)
    assert "covers evidence" in table and "split:tune" in table and "1/2 (50%)" in table


# ------------------------------------------------------------------ selection and abstention (real model)
def _chunk(doc, text, title="Annual results report 2023", lang="en", section=("Results",)):
    from puente.common.types import Chunk

    return Chunk(doc=doc, title=title, text=text, section=section, page_start=1, page_end=1, lang=lang,
                 start=0, end=len(text))


def _ask(encoder, question: str, chunks: list, lang: str = "en"):
    """The answer over ``chunks`` taken as hits in this order, with token matching through
    a token table built from the chunks' sentences (as an index holds)."""
    from puente.index.answer.choose import extract_answer
    from puente.index.answer.read.candidates import segments
    from puente.index.encode.tokens import TokenMatcher
    from puente.index.search.query import Query
    from puente.index.search.searcher import Hit

    pieces = [c.text[s.start:s.end] for c in chunks for s in segments(c.text)]
    _, units, table = encoder.passages(pieces, tokens=True)
    matcher = TokenMatcher(table, units)
    vecs, toks = encoder.queries_with_tokens([question])
    hits = [Hit(c, 1.0 - 0.05 * i, 0.85, rank=i + 1, window=(0, len(c.text))) for i, c in enumerate(chunks)]
    return extract_answer(Query(question, vecs[0], toks[0], lang), hits, reader(encoder, matcher), explain=True), hits


FIRST = ("UNHCR strengthened the protection space in shelters across the country. Partners received guidance on "
         "safe spaces for women and girls. Coordination with local authorities continued throughout the year.")
SECOND = ("Training on gender-based violence was a priority for the operation. "
          "UNHCR trained 740 people (85% women, 15% men) on GBV risks and principles in 2023. "
          "Materials were shared with partner organisations.")


def test_number_answer_from_the_second_sentence_of_hit_2(encoder):
    ans, hits = _ask(encoder, "How many people did UNHCR train on gender-based violence risks in 2023?",
                     [_chunk("r", FIRST), _chunk("r", SECOND)])
    assert ans and ans.hit_rank == 2 and "740 people" in ans.text
    assert " ".join(hits[1].chunk.text[ans.start:ans.end].split()) == ans.text  # quoted exactly
    assert ans.strength in ("strong", "partial")


def test_near_miss_year_abstains_with_the_years_the_reports_give(encoder):
    ans, _ = _ask(encoder, "How many people did UNHCR train on gender-based violence risks in 2025?",
                  [_chunk("r", FIRST), _chunk("r", SECOND)])
    assert not ans and ans.reason == "The reports mention 2023 figures; nothing on 2025."
    ans, _ = _ask(encoder, "¿Cuántas personas capacitó el ACNUR sobre violencia de género en 2025?",
                  [_chunk("r", FIRST), _chunk("r", SECOND)], "es")
    assert not ans and ans.reason == "Los informes dan cifras de 2023; nada sobre 2025."


def test_spanish_question_over_an_english_table_row(encoder):
    ans, _ = _ask(encoder, "¿Qué porcentaje de desplazados internos vivía en asentamientos seguros en 2023?",
                  [_chunk("r", TABLE), _chunk("r", FIRST)], "es")
    assert ans and ans.text.endswith("IDPs Unknown 92.98%") and ans.hit_rank == 1


NATIONALITIES = ("Over 140,000 people filed new asylum claims in 2023. The primary nationalities of asylum-seekers "
                 "were from Haiti (31%), Honduras (30%), Cuba (13%), Guatemala (4%), and El Salvador (4%).")


def test_nationality_adjective_constraint_in_spanish_and_english(encoder):
    chunks = [_chunk("r", NATIONALITIES), _chunk("r", FIRST)]
    ans, _ = _ask(encoder, "¿Qué porcentaje de los solicitantes de asilo en 2023 eran nicaragüenses?", chunks, "es")
    assert not ans and "Nicaragua" in ans.reason
    ans, _ = _ask(encoder, "What share of asylum-seekers in 2023 were Guatemalan?", chunks)
    assert ans and "Guatemala (4%)" in ans.text
    ans, _ = _ask(encoder, "What share of asylum-seekers in 2023 were Venezuelan?", chunks)
    assert not ans and ans.reason == "The passages found do not mention Venezuela."


def test_without_token_tables_the_best_windows_are_encoded(encoder):
    from puente.index.answer.choose import extract_answer
    from puente.index.search.query import Query
    from puente.index.search.searcher import Hit

    q = "How many people did UNHCR train on gender-based violence risks?"
    hits = [Hit(_chunk("r", FIRST), 1.0, 0.9, 1, (0, len(FIRST))), Hit(_chunk("r", SECOND), 0.9, 0.88, 2, (0, len(SECOND)))]
    ans = extract_answer(Query(q, encoder.queries([q])[0]), hits, reader(encoder))
    assert ans is not None and "740" in ans.text


@pytest.mark.parametrize("question, owner", [
    ("¿Cuál es el estado de implementación de la acción 4.1 de la OIM sobre el conversatorio multiactoral?", True),
    ("What is the status of IOM's action 4.1?", True),
    ("Who is responsible for UNHCR recommendation 3?", True),
    ("What is the status of action 4.1 in the IOM matrix?", True),
    ("¿Qué prioridad tiene la recomendación 2 sobre el trabajo con el ACNUR?", False),  # what it is about
    ("What priority does recommendation 2 on working with UNHCR have?", False),
    ("What is the status of action 4.1?", False),
])
def test_an_organisation_beside_an_item_is_whose_the_item_is(question, owner):
    """An organisation's item without the column asked for is said to lack it; an item the
    organisation is only the subject of is looked for in every document."""
    from puente.index.answer.read.records import owner_named

    assert owner_named(question) is owner


@pytest.mark.parametrize("asked, passage", [("848", "2.1 Average processing time (in days) Unknown 90.00 848.00"),
                                            ("848.00", "took 848 days"), ("848,0", "848 días"),
                                            ("1000", "1.000 personas"), ("1500", "USD 1,500.00 each")])
def test_a_figure_is_the_same_figure_with_or_without_trailing_decimal_zeros(asked, passage):
    # a table prints 848.00 where the analyst asks for 848: the figure is there, not "no passage gives 848"
    q = analyse(f"Which indicator had a value of {asked}?", "en")
    assert q.numbers and not unsupported(q, passage, fold(passage))
    assert unsupported(q, "a value of 849.00", fold("a value of 849.00"))
    assert numbers_in(passage) and numbers_in(passage)[-1].rstrip("%") == q.numbers[0]


@pytest.mark.parametrize("question, lang", [("2023", "en"), ("848", "en"), ("¿2023?", "es"), ("2.1", "en"), ("x", "en")])
def test_a_figure_or_a_year_alone_gets_no_answer_only_passages(question, lang):
    """"2023" was answered "Septiembre 2023 Oficial Regional …" as a strong match: a figure
    alone asks nothing, so the Answer box says so and the passages stay."""
    from types import SimpleNamespace

    import numpy as np

    from puente.index.answer.choose import extract_answer
    from puente.index.search.query import Query

    hit = SimpleNamespace(chunk=_chunk("d", "Septiembre 2023 Oficial Regional"), rank=1)
    a = extract_answer(Query(question, np.zeros(4, np.float32), lang=lang), [hit], SimpleNamespace(name_vocab=None),
                       explain=True)
    assert a.abstained and a.reason == Why("bare").say(lang)
    assert (lang == "es") == a.reason.startswith("Una cifra")


def test_the_passage_of_the_item_asked_by_number_leads_the_list():
    """"¿Cuál es el plazo de la acción 8.1 de la OIM?" was answered from IOM's action 8.1 while
    its passage came after the MIRPS passages about deadlines: the item asked for is what
    the analyst came for, so its passage goes first and the others keep their order."""
    from dataclasses import make_dataclass

    from puente.index.answer.per_document import leading
    from puente.index.answer.read.records import is_item_asked
    from puente.ingest.records import Record

    a81 = Record(doc="iom", kind="action", number="8.1", parent="8", text="Actualizar el Plan.", deadline="Julio 2023")
    assert is_item_asked("¿Cuál es el plazo de la acción 8.1 de la OIM?", a81)
    assert is_item_asked("What is the deadline of recommendation 8, action 1?", a81)
    assert not is_item_asked("¿Cuál es el plazo de la acción 8.2 de la OIM?", a81)
    assert not is_item_asked("¿Cuál es el plazo de la recomendación 8?", a81) and not is_item_asked("¿Cuál es el plazo?", a81)
    assert not is_item_asked("¿Cuál es el plazo de la acción 8.1?", None)
    hit = make_dataclass("Hit", ["name", "rank"])
    hits = [hit(n, r) for r, n in enumerate("abcd", 1)]
    out = leading(hits, hits[2])
    assert [h.name for h in out] == ["c", "a", "b", "d"] and [h.rank for h in out] == [1, 2, 3, 4]


def test_a_figure_tables_header_is_no_candidate_but_a_row_of_words_is_and_its_caption_is_found():
    from puente.index.answer.read.tables import caption

    text = ("Tabla 3. Personas alcanzadas\nIntervención\tLínea de base (2023)\tMeta 2024\n"
            "Inscripción de partida de\nnacimiento\t1.200\t1.500\n\nIntervención\tLínea de base (2023)\tMeta 2024\n"
            "Total\t12.260\t15.300")
    rows = [text[sg.start:sg.end] for sg in segments(text) if sg.kind == "row"]
    assert not any(r.startswith(("Intervención", "Tabla")) for r in rows)  # nor the caption joined to the header
    assert caption(text, text.index("Total")) == caption(text, text.index("nacimiento")) == "Tabla 3. Personas alcanzadas"
    words = "Actividad\tResponsable\tEstado\nProtección\tACNUR\tEn curso\nSalud\tOMS\t2.500 consultas"
    assert [words[sg.start:sg.end] for sg in segments(words) if sg.kind == "row"] == [
        "Actividad\tResponsable\tEstado", "Protección\tACNUR\tEn curso", "Salud\tOMS\t2.500 consultas"]
    adjacent = ("Impact Area    Final Budget    Expenditure\nIA1: Protect    73,570,059    43,854,429\n"
                "Total    119,692,622    62,293,334\nOutcome Area    Final Budget    Expenditure\n"
                "OA5: Children    5,224,699    3,006,806")  # the next table's header, right under a Total row
    assert [adjacent[sg.start:sg.end] for sg in segments(adjacent) if sg.kind == "row"] == [
        "IA1: Protect    73,570,059    43,854,429", "Total    119,692,622    62,293,334",
        "OA5: Children    5,224,699    3,006,806"]
    prose = "Los albergues recibieron a 300 personas en 2024.\nAlbergue\tCamas\tOcupación\nNorte\t40\t90%"
    assert caption(prose, prose.index("Norte")) == ""  # a sentence above a table is no caption


def test_a_tab_tables_header_is_its_first_row_never_a_row_of_words_in_it():
    """An annex of commitments, its rows words and a year: "5.1 — GBV risk screening at
    reception points: …" named row 5.1's figure by the row above it."""
    from puente.index.answer.read import tables

    rows = ("4.2\tGBV risk screening at reception points\tDGME\tDecember 2025\n"
            "5.1\tMonthly transfer for 6,000 households\tMINDEL\tDecember 2026")
    assert tables.columns(rows, rows.index("5.1"), len(rows)) == []  # its header is not in the passage
    text = "Annex 1\nNo.\tCommitment\tResponsible institution\tDeadline\n" + rows
    assert [c.label for c in tables.columns(text, text.index("5.1"), len(text))] == [
        "5.1 — Commitment", "5.1 — Deadline"]


def test_an_organisation_the_question_does_not_name_answers_who():
    """"Who will provide technical assistance at the online meeting on child protection under the
    Pro Tempore Presidency?" was answered, as a strong match, by the meeting's sentence, which names
    no one; the next one, "UNICEF is foreseen to provide technical assistance …", was not of the
    type asked for: its only name opens the sentence."""
    q = analyse("Who will provide technical assistance at the online meeting on child protection?")
    unicef = "UNICEF is foreseen to provide technical assistance during the meetings."
    assert type_match(WHO, unicef, q) == 1.0
    assert type_match(WHO, "La OIM brindará asistencia técnica durante las reuniones.",
                      analyse("¿Quién brindará asistencia técnica en las reuniones?", "es")) == 1.0
    # the organisation the question itself names is no answer to it
    assert type_match(WHO, unicef, analyse("Who will UNICEF support with technical assistance?")) < 1.0
