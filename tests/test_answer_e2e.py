"""The answer step end to end on corpus/ with the real model: a table figure named by its
row and column, the page of the quoted sentence, one answer per document for a
comparison question, and answers that do not move when an unrelated document is added."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from puente.index.engine import Engine

pytestmark = pytest.mark.model

REPORT = "unhcr-mexico-annual-results-report-2023"


def test_the_readme_budget_question_reads_its_row_and_column(engine):
    a = engine.ask("How much of the child protection budget was funded in 2023?").answer
    assert a and a.doc == REPORT
    assert a.value == "57.55%" and a.label == "OA5: Children — Funds Available as % of Budget"
    assert "OA5: Children" in a.text and a.citation.startswith(f"{REPORT}, p. 13,")
    es = engine.ask("¿Qué porcentaje del presupuesto de protección infantil estaba financiado en 2023?").answer
    assert es and es.value == "57.55%" and es.label == a.label  # not "IA1: Protect" (59.61%), which "protección" names too
    # "percentage … funded" names the column by its stem (funded/Funds): not indicator 5.1's 89.58% (an analyst's phrasing)
    pct = engine.ask("What percentage of the child protection budget was funded in 2023?").answer
    assert pct and pct.value == "57.55%" and pct.label == a.label, (pct.label if pct else None)


def test_the_answer_does_not_move_with_the_number_of_passages_shown(engine):
    """With `--k 3` the Spanish budget question was answered by indicator 5.2 (37.38%): the
    answer read only the three passages shown. It reads the same passages whatever the list
    shows, and its passage is in the list, in place of the last other one."""
    question = "¿Qué porcentaje del presupuesto de protección infantil estaba financiado?"
    wide, narrow = engine.ask(question, k=10), engine.ask(question, k=3)
    assert wide.answer.value == narrow.answer.value == "57.55%"
    assert wide.answer.hit_rank > 3 and len(narrow.hits) == 3
    assert [h.rank for h in narrow.hits] == [1, 2, 3]
    assert narrow.hits[narrow.answer.hit_rank - 1].chunk.doc == REPORT
    assert [h.chunk.text for h in narrow.hits[:2]] == [h.chunk.text for h in wide.hits[:2]]
    assert narrow.answer.text == wide.answer.text and narrow.answer.citation == wide.answer.citation


def test_the_passage_of_an_item_asked_by_number_comes_first(engine):
    r = engine.ask("¿Cuál es el plazo de la acción 8.1 de la OIM?")
    assert r.answer and r.answer.value == "Julio 2023" and r.answer.hit_rank == 1
    assert r.hits[0].chunk.doc.startswith("oim-") and r.answer.doc == r.hits[0].chunk.doc
    assert [h.rank for h in r.hits] == list(range(1, len(r.hits) + 1))


def test_what_a_recommendation_asked_by_number_says_is_its_statement(engine):
    """"What does recommendation 1 of UNHCR's evaluation ask?" was answered with a general
    comment of the response's first page ("UNHCR MEX would like to respond to a point …") as a
    strong match, and the Spanish question with recommendation 3: the numbered item's own
    statement answers it, whole, its passage first."""
    cases = (("What does recommendation 1 of UNHCR's evaluation ask?", "1", "Strategic level: Articulation"),
             ("¿Qué pide la recomendación 4 de la respuesta del ACNUR?", "4", "Operational level: Durable solutions"))
    for q, number, start in cases:
        r = engine.ask(q)
        a = r.answer
        assert a and a.strength == "strong" and a.record.kind == "recommendation" and a.record.number == number, (q, a)
        assert a.doc == "unhcr-mexico-evaluation-management-response" and a.text.startswith(start), (q, a.text)
        assert a.text.endswith(".") and r.hits[0].chunk.doc == a.doc


def test_a_question_about_the_total_reads_the_total_row(engine):
    for q in ("What was the total final budget in 2023?", "What was the total final budget and funds available in 2023?"):
        a = engine.ask(q).answer
        assert a and a.label.startswith("Total — Final Budget") and a.value == "119,692,622", (q, a)


def test_a_share_that_names_no_row_reads_the_total_row(engine):
    """A question that names none of the budget table's rows asks about the operation as a whole:
    its Total row, not the first outcome area's (OA2: Status, 80.07%), nor the wrapped column
    header "Expenditure as % of Funds Available", whose "%" stands beside no figure."""
    for q in ("What share of the final budget had funds available in 2023?",
              "¿Qué porcentaje del presupuesto final estaba financiado en 2023?"):
        a = engine.ask(q).answer
        assert a and (a.label, a.value) == ("Total — Funds Available as % of Budget", "52.05%"), (q, a)


def test_two_rows_the_question_names_are_answered_together(engine):
    """"… for the resettlement and integration outcome areas": both rows, next to each other in the
    budget table, are the answer, with no one cell's label; a question naming one row keeps its cell."""
    for q in ("What were the final budget and funds available for the resettlement and integration outcome areas in 2023?",
              "¿Qué presupuesto final tuvieron las áreas de reasentamiento e integración en 2023?"):
        a = engine.ask(q).answer
        assert a and a.text.startswith("OA15: Resettle") and "OA16: Integrate 17,474,824" in a.text and not a.label, (q, a)
    a = engine.ask("How much of the child protection budget was funded in 2023?").answer
    assert a and a.label.startswith("OA5: Children") and "IA1" not in a.text, a


def test_a_spanish_count_over_an_english_heading_is_answered(engine):
    # the plan's infographic: "PROTECTION" / "17 COMMITMENTS" — compromisos counted as commitments
    for q in ("¿Cuántos compromisos de protección incluye el Plan?",
              "How many protection commitments does the national plan include?"):
        a = engine.ask(q).answer
        assert a and "17 COMMITMENTS" in a.text, (q, a)


def test_a_box_counts_what_its_label_names_and_nothing_else(engine):
    """The infographic's boxes count one area's commitments each: "EDUCATION / 1 COMMITMENT" answers
    the education count; no box answers a count of housing commitments, which the plan has none of
    ("JOBS AND LIVELIHOODS / 5 COMMITMENTS" was given as a strong match)."""
    a = engine.ask("How many education commitments does the national plan include?").answer
    assert a and a.text == "EDUCATION 1 COMMITMENT", a
    a = engine.ask("How many housing commitments does the national plan include?").answer
    assert a is None or "COMMITMENT" not in a.text, a.text


def test_a_spanish_word_the_glossary_translates_matches_its_english_row(engine):
    """"reasentamiento" barely meets "resettlement" token by token: the residency-status
    row (4.3b) beat the resettlement-departures row (4.2a) until a translation the
    glossary vouches for counted as a close token match."""
    for q in ("¿Cuántos refugiados salieron de México en reasentamiento en 2023?",
              "Número de personas que salieron en reasentamiento en 2023"):
        a = engine.ask(q).answer
        assert a is not None and "4.2a" in a.text and "41" in a.text, (q, a.text if a else None)


def test_a_comparison_question_gets_one_answer_per_named_document(engine):
    res = engine.ask("What do the MIRPS national action plan and the Pro Tempore Presidency each propose "
                     "against xenophobia?")
    assert [a.doc for a in res.answers] == ["mirps-mexico-national-action-plan", "mirps-mexico-pro-tempore-presidency"]
    for a in res.answers:
        assert a and "xenophob" in a.text.lower(), a
        assert a.citation.startswith(a.doc)
    d = res.to_dict()
    assert [x["doc"] for x in d["answers"]] == [a.doc for a in res.answers]
    assert engine.ask("How much of the child protection budget was funded in 2023?").answers == []


def test_a_side_the_topic_is_not_in_says_no_answer_in_this_document(engine):
    """"What do the IOM management response and the MIRPS Pro Tempore Presidency each say about
    naturalization?" quoted an IOM action on children and a Pro Tempore work-plan sentence as
    partial answers: neither report mentions naturalisation. A side's partial answer that
    matches the question this little is "No answer in this document"; the comparison above
    keeps both its sides."""
    for q in ("What do the IOM management response and the UNHCR 2023 report each say about vaccination of pets?",
              "¿Qué dicen la OIM y el plan nacional MIRPS sobre la pesca artesanal?",
              "What do UNHCR's evaluation response and the Pro Tempore Presidency say about wine exports?"):
        res = engine.ask(q)
        assert len(res.answers) == 2 and not any(res.answers), (q, [a.text for a in res.answers])
        assert all(a.doc for a in res.answers)
        assert not res.answer and res.to_dict()["answer"]["abstained"], q  # nor does the Answer box answer it
        # and it says none answers closely enough: not "No passages were found", nor that a constraint
        # only one document's name holds is missing ("The reports mention OIM, but none …")
        assert res.answer.why.kind == "weak", (q, res.answer.reason)

    # one side on the topic, one whose document never mentions it (above the token-match floor)
    res = engine.ask("What do both the IOM response and the UNHCR evaluation response say about gender?")
    oim, unhcr = res.answers
    assert oim and "género" in oim.text and unhcr.doc == "unhcr-mexico-evaluation-management-response"
    assert not unhcr, unhcr.text


def test_an_example_the_question_gives_is_not_required_of_each_side(engine):
    """"… information campaigns about asylum, such as El Jaguar?": the report's side said "The
    reports mention Jaguar, but no passage answers this for Jaguar" above its own passage on
    its communication campaigns. An example is no constraint."""
    res = engine.ask("How do the MIRPS national action plan and the UNHCR 2023 annual results report describe "
                     "information campaigns about asylum, such as El Jaguar?")
    report = next(a for a in res.answers if a.doc == REPORT)
    assert report and "campaign" in report.text.lower(), report
    card = next(h for h in res.hits if h.rank == report.hit_rank)  # its passage is shown, and marked
    assert card.chunk.doc == REPORT and report.text[:40] in " ".join(card.chunk.text.split())


def test_a_comparisons_answer_box_holds_its_best_side_rather_than_nothing(engine):
    """"… UNHCR's 2023 report …": the year names a compared document, which its own side need
    not repeat, but the Answer box read the question whole and said "The reports mention 2023,
    but no passage answers this for 2023." above two answered sides. The box is always one
    of the sides: it had quoted the presidency's sentence as a partial match beside the same
    sentence as that side's strong one."""
    res = engine.ask("How do the MIRPS Pro Tempore Presidency and UNHCR's 2023 report approach speeding up "
                     "refugee status determination?")
    assert len(res.answers) == 2 and any(res.answers)
    assert res.answer and res.answer in [a for a in res.answers if a]


def test_an_organisation_with_two_documents_is_answered_from_the_one_on_the_topic(engine):
    """"UNHCR Mexico" names both UNHCR documents; the side had been the results report, whose
    passages share the question's names (Mexico, IOM) but not its topic: following up with
    partners during implementation is a management-response action."""
    res = engine.ask("How do IOM in South America and UNHCR Mexico follow up with their partners during "
                     "implementation?")
    assert [a.doc for a in res.answers] == ["oim-red-migracion-america-del-sur-respuesta-gerencial",
                                            "unhcr-mexico-evaluation-management-response"]
    assert res.answers[1].citation.startswith("unhcr-mexico-evaluation-management-response")
    # the list shows each side's evidence in its first five, on the card its answer marks
    # (the response had no passage among the hits: it was found by searching it alone)
    for a in res.answers:
        card = next(h for h in res.hits if h.rank == a.hit_rank)
        assert a.hit_rank <= 5 and card.chunk.doc == a.doc, (a.hit_rank, card.chunk.doc)
        assert a.source != "passage" or " ".join(card.chunk.text[a.start:a.end].split()) == " ".join(a.text.split())
    # searched in the results report only (with IOM's), the side stays in the documents asked
    only = engine.ask("How do IOM in South America and UNHCR Mexico follow up with their partners during "
                      "implementation?", docs=["oim-red-migracion-america-del-sur-respuesta-gerencial", REPORT])
    assert [a.doc for a in only.answers] == ["oim-red-migracion-america-del-sur-respuesta-gerencial", REPORT]
    # documents the question names but the search leaves out are not its sides either
    named = engine.ask("What do the MIRPS national plan and the Pro Tempore Presidency each say about employment?",
                       docs=["oim-red-migracion-america-del-sur-respuesta-gerencial", REPORT])
    assert all(a.doc in ("oim-red-migracion-america-del-sur-respuesta-gerencial", REPORT) for a in named.answers)
    assert not named.answer or named.answer.doc in ("oim-red-migracion-america-del-sur-respuesta-gerencial", REPORT)
    assert not engine.ask("¿?").answer  # nothing asked, nothing answered


QUESTIONS = [
    "How much of the child protection budget was funded in 2023?",
    "¿Quién es responsable de la recomendación sobre el Programa de Integración Local?",
    "How many people did UNHCR train on GBV risks and principles in 2023?",
    "¿Qué plazo tiene la OIM para la matriz de riesgos?",
    "What does the national action plan commit to on naturalization?",
]
UNRELATED = """# Rainwater harvesting in mountain schools

## Findings

The programme installed rainwater tanks in 42 rural schools in 2022. Each tank holds 10,000 litres.
Maintenance committees of parents met monthly to clean gutters and filters.

## Recomendaciones

Se recomienda ampliar el programa a 30 escuelas más antes de 2025 y capacitar a los comités de mantenimiento.
"""


def test_adding_an_unrelated_document_does_not_change_answers(corpus_index, model_path, encoder, tmp_path):
    from puente.index.update import ingest

    before = Engine(corpus_index, model_path)
    copy = tmp_path / "idx"
    shutil.copytree(corpus_index, copy)
    extra = tmp_path / "rainwater-schools.md"
    extra.write_text(UNRELATED, encoding="utf-8")
    assert ingest([extra], copy, encoder).ok
    after = Engine(copy, model_path)
    assert "rainwater-schools" in after.index.docs
    for q in QUESTIONS:
        a, b = before.ask(q).answer, after.ask(q).answer
        assert (a.text, a.citation, a.abstained, a.reason) == (b.text, b.citation, b.abstained, b.reason), q


NAMESAKES = {  # unrelated reports whose names an organisation or a programme shares with corpus/'s
    "oim-red-migracion-centroamerica-respuesta-gerencial.md":
        "# OIM - Evaluación final - Matriz de respuesta gerencial Centroamérica\n\n" + UNRELATED,
    "mirps-guatemala-national-action-plan.md": "# MIRPS - National Action Plan Guatemala\n\n" + UNRELATED,
}
IOM = "oim-red-migracion-america-del-sur-respuesta-gerencial"
PLAN = "mirps-mexico-national-action-plan"


def test_documents_sharing_a_name_still_leave_the_question_its_document(corpus_index, model_path, encoder, tmp_path):
    """Once a second IOM matrix and a second MIRPS plan are indexed, "IOM's", "the MIRPS action
    plan" fit two documents each: the one meant is the one the question's topic is in — the
    comparison keeps its sides and an item asked by number is still looked for in IOM's."""
    from puente.index.update import ingest

    before = Engine(corpus_index, model_path)
    copy = tmp_path / "idx"
    shutil.copytree(corpus_index, copy)
    extra = []
    for name, text in NAMESAKES.items():
        extra.append(tmp_path / name)
        extra[-1].write_text(text, encoding="utf-8")
    assert ingest(extra, copy, encoder).ok
    after = Engine(copy, model_path)
    for q in ("What did IOM's evaluators recommend so that newly appointed focal points are not left without support?",
              "Does the MIRPS action plan foresee replicating the refugee coordination tables below the federal level?",
              "How do the MIRPS action plan and UNHCR's 2023 report connect identity documents with access to formal jobs?"):
        was, now = before.searcher.prepare(q), after.searcher.prepare(q)
        assert was.named and now.docs_meant == was.named, q
    compared = after.ask("How do the MIRPS action plan and UNHCR's 2023 report connect identity documents with formal jobs?")
    assert [a.doc for a in compared.answers] == [PLAN, REPORT]
    status = "¿Cuál es el estado de implementación de la acción 4.1 de la OIM sobre el conversatorio multiactoral?"
    a, b = before.ask(status).answer, after.ask(status).answer
    assert a.abstained and (b.abstained, b.reason) == (a.abstained, a.reason), b.text


PROGRAMME = """# Rainwater Schools Programme - Annual Report 2022

## Summary

This annual report of the Rainwater Schools Programme covers its work in Honduras in 2022.

The programme installed rainwater tanks in 42 rural schools in 2022. Each tank holds 10,000 litres.
Maintenance committees of parents met monthly to clean gutters and filters.

## Recommendations

The programme should be extended to 30 more schools before 2025, and the maintenance committees trained.
"""


@pytest.mark.parametrize("question, quote", [
    ("What does the Rainwater Schools Programme's annual report say about maintenance?", "Maintenance committees"),
    ("¿Qué recomienda el programa Rainwater Schools?", "extended to 30 more schools"),
])
def test_the_words_naming_the_document_do_not_choose_its_sentence(encoder, model_path, tmp_path, question, quote):
    """A question that names its document by title is answered on what it asks of it: the
    sentence repeating the document's name ("This annual report of the Rainwater Schools
    Programme covers …") had won on those words alone."""
    from puente.index.update import ingest

    doc = tmp_path / "rainwater-schools-programme.md"
    doc.write_text(PROGRAMME, encoding="utf-8")
    other = tmp_path / "school-meals.md"
    other.write_text("# School Meals Review\n\n## Findings\n\nThe review found that school meals reached 12,000 "
                     "pupils in 2021. Cooks were trained twice a year.\n", encoding="utf-8")
    assert ingest([doc, other], tmp_path / "idx", encoder).ok
    engine = Engine(tmp_path / "idx", model_path)
    assert engine.searcher.prepare(question).named == ["rainwater-schools-programme"]
    a = engine.ask(question).answer
    assert a and quote in a.text, a.text


SOLUTIONS = """# Informe anual de resultados 2024 - El Salvador

## Sección 2. Soluciones

La operación amplió las intervenciones de soluciones en los municipios de retorno durante el año.

Tabla 3. Personas alcanzadas por las intervenciones de soluciones

| Intervención | Línea de base (2023) | Meta 2024 | Resultado 2024 |
|---|---|---|---|
| Asistencia en efectivo multipropósito (personas) | 9.800 | 12.000 | 11.570 |
| Formación profesional | 760 | 1.000 | 1.050 |
| Total | 12.260 | 15.300 | 14.992 |

La brecha de financiamiento obligó a reducir la duración de la asistencia en efectivo.
"""


def test_a_tables_caption_names_what_its_rows_count(corpus_index, encoder, model_path, tmp_path):
    """"the total number of people reached" got the cash row, the only one that says
    "personas": the caption "Personas alcanzadas …" says what every row counts, so the Total
    row the question names is read (and the table's header is no answer)."""
    from puente.index.update import ingest

    copy = tmp_path / "idx"
    shutil.copytree(corpus_index, copy)
    path = tmp_path / "acnur-el-salvador-informe-2024.md"
    path.write_text(SOLUTIONS, encoding="utf-8")
    assert ingest([path], copy, encoder).ok
    a = Engine(copy, model_path).ask(
        "What was the 2023 baseline for the total number of people reached by the solutions interventions?").answer
    assert a and (a.label, a.value) == ("Total — Línea de base (2023)", "12.260"), a



COMPARED = Path(__file__).parent / "data" / "compared"  # two reports on jobs for Venezuelans, one per language


def test_a_compared_documents_sentence_is_chosen_on_the_topic_not_on_its_name(encoder, model_path, tmp_path):
    """"How do the Puentes Solidarios annual report and Peru's action plan progress report compare
    on formal employment among Venezuelans?" quoted the report's opening ("En 2023, la Asociación
    Puentes Solidarios cumplió seis años de trabajo junto a la población … venezolana"): a report
    about Venezuelans need not say so in the sentence that answers, and the question's vector, with
    the documents' names in it, favoured the sentences that name them. Each side is weighed against
    the topic the question compares the documents on."""
    from puente.index.update import ingest

    paths = sorted(COMPARED.glob("*.md"))
    assert ingest(paths, tmp_path / "idx", encoder).ok
    engine = Engine(tmp_path / "idx", model_path)
    res = engine.ask("How do the Caminos Abiertos annual report and Ecuador's action plan progress report compare on "
                     "formal employment among Venezuelans?")
    assert [a.doc for a in res.answers] == [p.stem for p in paths]
    assert "41 %" in res.answers[0].text and "19 percent" in res.answers[1].text, [a.text for a in res.answers]
    res = engine.ask("¿Qué señalan el informe anual de Caminos Abiertos y el informe de avance de Ecuador como el "
                     "principal obstáculo para el empleo formal?")
    assert "principal obstáculo" in res.answers[0].text and "limited by" in res.answers[1].text, [a.text for a in res.answers]


def test_who_gives_technical_assistance_names_the_organisation(engine):
    """The meeting's own sentence, which names no one, was the strong answer; the organisation
    that will assist is in the sentence after it."""
    a = engine.ask("Who will provide technical assistance at the online meeting on child protection "
                   "under the Pro Tempore Presidency?").answer
    assert a and a.doc == "mirps-mexico-pro-tempore-presidency" and "UNICEF" in a.text, a.text if a else None


def test_which_recommendation_was_rejected_says_the_responses_do_not_say(engine):
    """Neither management response of corpus/ ticks a response for its recommendations; "Which
    recommendation did IOM reject?" quoted a UNHCR sentence on a pilot with IOM."""
    for q in ("Which recommendation did IOM reject?", "¿Qué recomendaciones rechazó la OIM?"):
        a = engine.ask(q).answer
        assert not a and a.why.kind == "unstated", (q, a.text or a.reason)


def test_how_many_recommendations_counts_the_documents_records(engine):
    """"¿Cuántas recomendaciones tiene la evaluación de medio término de la OIM?" quoted a form
    line ("Nivel de prioridad (1 a 3): 2"); the matrix has 13, as `puente records` lists."""
    a = engine.ask("¿Cuántas recomendaciones tiene la evaluación de medio término de la OIM?").answer
    assert a and a.text == "13 recomendaciones (de 1 a 13)" and a.strength == "strong"
    assert a.doc == "oim-red-migracion-america-del-sur-respuesta-gerencial"
    plan = engine.ask("How many commitments does the MIRPS national plan include?").answer
    assert plan and plan.text == "33 commitments"  # as its infographic's total box says: "33 COMMITMENTS"


def test_the_passages_the_answers_quote_are_listed_at_least_as_strong(engine):
    order = {"weak": 0, "partial": 1, "strong": 2}
    for q in ("What do the MIRPS plan and the Pro Tempore Presidency each propose against xenophobia?",
              "How much of the child protection budget was funded in 2023?"):
        res = engine.ask(q)
        for a in [res.answer, *res.answers]:
            if a:
                h = next(h for h in res.hits if h.rank == a.hit_rank)
                assert order[h.match] >= order[a.strength], (q, a.doc, h.match, a.strength)


def test_a_compared_organisation_without_a_document_is_said_to_have_none(engine):
    res = engine.ask("What do the World Bank report and the UNHCR annual report each say about livelihoods?")
    assert [a.doc for a in res.answers] == [REPORT, "World Bank"]
    assert res.answers[0] and "Livelihood" in res.answers[0].text, res.answers[0].reason
    assert not res.answers[1] and res.answers[1].why.kind == "unindexed"
    assert res.answer and res.answer.doc == REPORT  # the Answer box holds the side that answers
    assert res.to_dict()["answers"][1]["doc"] == "World Bank"
