"""Answers on layouts two unseen sets (Colombia, Guatemala and Honduras) showed misread: a
list of acronyms answered a question on gender-based violence as a strong match, a
sentence on 2024 answered a question on 2023 because the document's title spans
2021–2024, and a results table whose header has two levels lost its column names."""
from __future__ import annotations

from types import SimpleNamespace

from test_answers import _ask, _chunk

from puente.common.text import reference_list
from puente.index.answer.read.tables import header

ACRONYMS = ("VBG – Violencia basada en género\nPPT – Permiso por Protección Temporal\n"
            "SENA – Servicio Nacional de Aprendizaje\nPAE – Programa de Alimentación Escolar")
PLAN = ("El Ministerio de Igualdad y Equidad garantizará rutas de atención a mujeres sobrevivientes de violencia "
        "basada en género en los 32 departamentos. El SENA certificará las competencias laborales de 40.000 personas.")


def test_a_list_of_acronyms_answers_nothing(encoder):
    assert reference_list(ACRONYMS, ("SIGLAS",)) and reference_list("Siglas utilizadas: IGM (Instituto Guatemalteco)")
    assert not reference_list("The acronyms used in this report are explained below.", ("Results",))
    ans, _ = _ask(encoder, "¿Qué se hará sobre la violencia basada en género?",
                  [_chunk("plan", ACRONYMS, "Plan nacional 2025-2027", "es", ("SIGLAS",)),
                   _chunk("plan", PLAN, "Plan nacional 2025-2027", "es", ("Línea estratégica 5",))], "es")
    assert ans and ans.hit_rank == 2 and ans.text.startswith("El Ministerio de Igualdad")


RETURNS = ("La evaluación final cubrió el periodo del proyecto. En 2024 el Centro de Recepción de Retornados de la "
           "Fuerza Aérea Guatemalteca recibió 48.700 personas retornadas en vuelos procedentes de Estados Unidos y "
           "México, pero solo el 9 % fue entrevistado sobre riesgos de protección.")


def test_a_sentence_on_another_year_does_not_answer_though_the_title_spans_the_asked_one(encoder):
    title = "Respuesta de la gerencia: Evaluación final del proyecto de reintegración (2021–2024)"
    ans, _ = _ask(encoder, "How many Guatemalan returnees arrived from Mexico in 2023?",
                  [_chunk("pnud", RETURNS, title, "es", ("Antecedentes",))])
    assert not ans and "2023" in ans.reason
    ans, _ = _ask(encoder, "How many Guatemalan returnees arrived from Mexico in 2024?",
                  [_chunk("pnud", RETURNS, title, "es", ("Antecedentes",))])
    assert ans and "48.700" in ans.text


def test_a_two_level_header_that_lost_its_columns_still_names_them():
    text = ("The table below presents the core indicators.\n"
            "Indicator Population type Baseline 2024 Target Actual\n"
            "1.2 Proportion of children whose births were registered\tIDPs\t82%\t88%\t86.5%\n"
            "5.1 Proportion of children supported by a best interests procedure\tReturnees\t78%\t90%\t94%\n")
    assert header(text, text.index("5.1"), 5) == ["Indicator", "Population type", "Baseline 2024", "Target", "Actual"]
    assert header(text.replace("Target Actual", "Goal Result"), text.index("5.1"), 5) is None  # four roles: no split


def test_an_acronym_lists_heading_run_into_it_is_a_list_too():
    assert reference_list("6 Acronyms CAMR Centro de Atención al Migrante Retornado")
    assert reference_list("SIGLAS DPS – Departamento Administrativo para la Prosperidad Social")
    assert not reference_list("Acronyms are spelled out in the annex.")
    assert reference_list("1. Context ........ 3\n2. Results ........ 5", ("Contents",))
    assert reference_list("Contents\n1. Context and overview .... 3")
    assert not reference_list("Índice de percepción de xenofobia en municipios priorizados 46")  # an indicator


def test_track_leaves_out_a_report_on_another_country_than_the_items_section():
    from puente.index.search.searcher import Hit
    from puente.index.track import _elsewhere, _places

    where = _places("2. Guatemala 2.3 Status of commitments Present to Congress a bill on displaced persons")
    assert where == {"Guatemala"}
    honduras = _chunk("unhcr", "The Law for the Protection of Internally Displaced Persons (Decree 154-2022) entered "
                      "into force in March 2023.", "Honduras Annual Results Report 2024", "en", ("1.1 Context",))
    undp = _chunk("pnud", "Recomendación 3: Abogar ante el Congreso por una ley de desplazamiento interno.",
                  "Respuesta de la gerencia: evaluación del proyecto en Guatemala", "es", ("Recomendación 3",))
    neutral = _chunk("plan", "A bill on internal displacement was drafted.", "Progress report", "en", ("Results",))
    assert [_elsewhere(Hit(c, 1.0, 0.9, 1, (0, 10)), where) for c in (honduras, undp, neutral)] == [True, False, False]


def test_a_question_naming_one_document_is_answered_from_it(encoder):
    from test_answers import reader

    from puente.index.answer.choose import extract_answer
    from puente.index.encode.tokens import TokenMatcher
    from puente.index.search.query import Query
    from puente.index.search.searcher import Hit

    other = _chunk("mirps", "The institution responsible for the referral protocol for unaccompanied returnee children "
                   "is the Dirección de Niñez, Adolescencia y Familia (DINAF).",
                   "MIRPS Regional Progress Report 2024", "en", ("3.3 Status of commitments",))
    mine = _chunk("pnud", "1.2 Elaborar con la Procuraduría General de la Nación un protocolo de referencia para niñas y "
                  "niños no acompañados retornados. Unidad responsable: PNUD – Oficial de Protección.",
                  "Respuesta de la gerencia: evaluación en Guatemala", "es", ("Recomendación 1",))
    question = "Who is responsible for the referral protocol for unaccompanied children in UNDP Guatemala's response?"
    _, units, table = encoder.passages([other.text, mine.text], tokens=True)
    vecs, toks = encoder.queries_with_tokens([question])
    hits = [Hit(other, 1.0, 0.9, 1, (0, len(other.text))), Hit(mine, 0.9, 0.88, 2, (0, len(mine.text)))]
    query = Query(question, vecs[0], toks[0], "en")
    searcher = reader(encoder, TokenMatcher(table, units))
    searcher.doc_names = SimpleNamespace(of_organisations=lambda text: ["pnud"])  # "UNDP" names it
    ans = extract_answer(query, hits, searcher, named=["pnud"], explain=True)
    assert ans and ans.doc == "pnud", ans


def test_a_comparison_with_an_earlier_year_still_answers_and_a_list_heading_over_prose_does_not_hide_it(encoder):
    ans, _ = _ask(encoder, "How many refugees and migrants did UNHCR assist with cash transfers in 2023?",
                  [_chunk("r", "UNHCR assisted 120,000 refugees and migrants with cash transfers, 15% more than in 2022.")])
    assert ans and "120,000" in ans.text
    prose = "Resultados de protección\nEn 2023 el ACNUR registró a 120.000 personas solicitantes de asilo en el país."
    assert not reference_list(prose, ("SIGLAS",))  # a PDF's next heading unseen: its prose is no list
    from puente.index.track import _places

    assert _places("En 2024, 412.000 personas venezolanas recibieron su permiso en Colombia") == {"Colombia"}


def test_a_nationality_is_no_place_that_contradicts_and_a_capitalised_institution_is_no_name():
    """"¿Qué se compromete a hacer el Gobierno dominicano … para los venezolanos …?" abstained on
    the Dominican plan's commitment: its file name "plan_normalizacion_venezolanos_rd" was read as
    naming Venezuela, against the Dominican Republic asked, and "Gobierno" as a name to repeat."""
    from puente.common.places import find
    from puente.index.answer.asked.question import analyse, question_names
    from puente.index.answer.checks import _of_kind

    dr = next(e for e in find("República Dominicana"))
    assert _of_kind(("entity", dr), "plan normalizacion venezolanos rd 2025 2027") == set()
    assert {e.en for e in _of_kind(("entity", dr), "Venezuelans who returned to Venezuela")} == {"Venezuela"}
    q = analyse("¿Qué se compromete a hacer el Gobierno dominicano en materia de salud?", "es")
    assert q.names == [] and [e.en for e in q.entities] == ["Dominican Republic"]
    assert question_names("What did the Ministerio de Salud commit to?") == [["ministerio", "salud"]]


def test_a_markdown_comment_is_neither_title_nor_text(tmp_path):
    from puente.ingest.readers import read_document

    path = tmp_path / "response.md"
    path.write_text("<!-- internal reference MR-MEX-2025-07 -->\n\n# Joint Evaluation of the WFP and UNICEF Response\n\n"
                    "Text <!-- a note\nover two lines --> goes on.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Joint Evaluation of the WFP and UNICEF Response"
    assert "internal reference" not in doc.text and "a note" not in doc.text and "goes on." in doc.text


SHARES = ("A significant share of new arrivals continued onwards, but the proportion of people who declared an "
          "intention to stay in the country rose from 31 per cent in 2023 to 44 per cent in 2024. "
          "Over the year the operation assisted 21,470 people directly through protection services.")


def test_a_share_of_people_is_not_how_many_people(encoder):
    """"How many people did the operation assist?" answered "… the proportion of people who
    declared an intention to stay rose from 31 per cent …": the two words after "31" ("per
    cent") looked like "people" to the tokens, so the share counted as the people asked for.
    Whatever the tokens say (here every token looks like every other), a share or a year
    counts nothing; a figure followed by other words still may."""
    import numpy as np

    from puente.index.answer.asked.question import analyse
    from puente.index.answer.read.candidates import from_hits
    from puente.index.answer.scoring.rank import _no_count, units_by_tokens
    from puente.index.encode.tokens import TokenMatcher, TokenStates, TokenTable
    from puente.index.search.searcher import Hit

    for text in ("31 per cent", "12 %", "44 por ciento", "rose in 2023 to 44"):
        assert _no_count(text, next(i for i, ch in enumerate(text) if ch.isdigit())), text
    for text in ("21,470 people", "2,023 people", "2000 becas", "otorgó 1985 becas"):  # a count, even a year-like one
        assert not _no_count(text, next(i for i, ch in enumerate(text) if ch.isdigit())), text
    question = "How many people did the operation assist directly?"
    text = SHARES.replace("21,470 people", "21,470 persons")  # the count's unit: for the tokens to match
    _, units, table = encoder.passages([text], tokens=True)
    same = np.tile(table.sums[:1], (len(table.ids), 1))  # every token alike: every word "matches" people
    matcher = TokenMatcher(TokenTable(table.ids, same, table.counts), units)
    _, toks = encoder.queries_with_tokens([question])
    alike = TokenStates(toks[0].ids, np.tile(same[:1] / np.linalg.norm(same[:1]), (len(toks[0].ids), 1)))
    cands = from_hits([Hit(_chunk("ops", text), 1.0, 0.85, rank=1, window=(0, len(text)))])
    q = analyse(question)
    typed = units_by_tokens(cands, [0.5] * len(cands), encoder, matcher, alike, q.unit)
    assert {c.text.split()[-1]: t for c, t in zip(cands, typed)} == {"2024.": 0.5, "services.": 1.0}

