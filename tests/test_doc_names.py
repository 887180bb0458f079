"""The documents a question names (no model): by organisation or place in either language,
or by a run of title words, never by one generic title word."""
import pytest

from puente.common.types import DocInfo
from puente.index.search.doc_names import DocNames

PLAN, PTP = "mirps-mexico-national-action-plan", "mirps-mexico-pro-tempore-presidency"
IOM, REPORT = "oim-red-migracion-america-del-sur-respuesta-gerencial", "unhcr-mexico-annual-results-report-2023"
EMR, GT = "unhcr-mexico-evaluation-management-response", "mirps-guatemala-national-action-plan"
TITLES = {  # the titles corpus/ gives its five reports
    PLAN: "MIRPS - National Action Plan Mexico",
    PTP: "MIRPS - Pro Tempore Presidency of Mexico",
    IOM: "OIM - Evaluacion de medio termino - Matriz de respuesta gerencial",
    REPORT: "UNHCR Annual Results Report 2023 - Mexico",
    EMR: "UNHCR Mexico Country Evaluation - Management Response",
}


@pytest.fixture(scope="module")
def names():
    return DocNames({d: DocInfo(d, title) for d, title in TITLES.items()})


@pytest.mark.parametrize("question, expected", [
    # a Spanish question names an English-titled report by its organisation and title words
    ("¿Qué recomendó la evaluación del ACNUR en México sobre su estrategia con las organizaciones socias?", [EMR]),
    # an English question names the Spanish-titled IOM matrix by the English acronym
    ("Who is in charge of IOM's yearly training for country offices on the LGF?", [IOM]),
    ("Who is responsible for action 13.2 in IOM's management response matrix?", [IOM]),
    # two documents, each named in the other language than its title
    ("¿Qué dicen la respuesta a la evaluación y el informe anual 2023 del ACNUR sobre el seguimiento?", [EMR, REPORT]),
    ("What dialogue with civil society do IOM's South America response and UNHCR Mexico's evaluation response describe?",
     [IOM, EMR]),
    ("¿Qué proponen el plan nacional del MIRPS y la presidencia pro tempore sobre la coordinación?", [PLAN, PTP]),
    ("How do the MIRPS action plan and UNHCR's 2023 report connect identity documents with formal jobs?", [PLAN, REPORT]),
])
def test_a_question_names_documents_across_languages(names, question, expected):
    assert names.named(question) == expected


@pytest.mark.parametrize("question", [
    "Where does UNHCR plan to open one-stop service hubs as a priority for next year (2024)?",  # "plan" is a verb here
    "How often are UNHCR's regional population-movement reports with early warnings shared?",  # two UNHCR reports
    "¿Para cuándo debía estar actualizado el Plan de Comunicación 2023-24 para América Latina y el Caribe?",
    "How many people were intercepted by the National Migration Institute in 2023?",
])
def test_one_generic_title_word_or_an_ambiguous_organisation_names_no_document(names, question):
    assert names.named(question) == []


def test_a_place_only_one_title_holds_names_its_document():
    docs = {d: DocInfo(d, t) for d, t in TITLES.items()} | {GT: DocInfo(GT, "MIRPS - National Action Plan Guatemala")}
    assert DocNames(docs).named("What do Guatemala and Mexico's MIRPS plan commit to on health?") == [GT, PLAN]


def test_a_proper_name_only_one_title_holds_names_its_document_a_common_word_does_not():
    docs = {d: DocInfo(d, t) for d, t in {"nikola-tesla": "Nikola Tesla", "private-school": "Private school"}.items()}
    assert DocNames(docs).named("Where did Tesla go to university?") == ["nikola-tesla"]
    assert DocNames(docs).named("What topic do private bills typically have?") == []
    plans = DocNames({d: DocInfo(d, t) for d, t in TITLES.items()})
    assert plans.named("¿Qué países firmaron el Plan de Desarrollo Integral?") == []  # "Plan": a word of report titles


def test_a_nationality_names_no_document_though_one_title_holds_it():
    """"How many Venezuelan refugees … in Suriname … according to the R4V report?" was read as
    comparing the R4V report with the one title that writes "Venezuelan" (a UNICEF response)."""
    docs = {"r4v-caribbean-results-report-2024": DocInfo("r4v-caribbean-results-report-2024", "RMRP 2024 Results Report"),
            "unicef-response": DocInfo("unicef-response", "Evaluation of UNICEF's Response to Venezuelan Migrant Children")}
    names = DocNames(docs)
    assert names.named("How many Venezuelan refugees were living in Suriname according to the R4V report?") == [
        "r4v-caribbean-results-report-2024"]
    assert names.named("What did the Tesla evaluation find?") == []


def test_a_title_word_names_its_document_through_its_cognate_in_the_other_language():
    """"How do the national integration plan and IOM's annual report address xenophobia?" named
    only the IOM report: the plan's title says "Integración"."""
    docs = {"plan-nacional": DocInfo("plan-nacional", "Plan Nacional de Integración 2024–2027"),
            "oim-informe": DocInfo("oim-informe", "Informe anual de resultados 2025 | OIM Costa Rica")}
    assert DocNames(docs).named("How do the national integration plan and IOM's annual report address xenophobia?") == [
        "plan-nacional", "oim-informe"]


def test_an_organisation_names_all_of_its_documents(names):
    """"la recomendación 8 del ACNUR" names no one document (two are UNHCR's), but an item
    asked by number is looked for in both, not in IOM's."""
    assert names.named("¿Quién es responsable de la recomendación 8 del ACNUR?") == []
    assert set(names.of_organisations("¿Quién es responsable de la recomendación 8 del ACNUR?")) == {REPORT, EMR}
    assert names.of_organisations("What does IOM's response say?") == [IOM]
    assert names.of_organisations("What does the plan say about Mexico?") == []  # a place is no organisation


IOM_CA = "oim-red-migracion-centroamerica-respuesta-gerencial"
GT_REPORT = "unhcr-guatemala-annual-results-report-2023"
SHARED = TITLES | {GT: "MIRPS - National Action Plan Guatemala",
                   IOM_CA: "OIM - Evaluación final - Matriz de respuesta gerencial Centroamérica",
                   GT_REPORT: "UNHCR Annual Results Report 2023 - Guatemala"}


@pytest.mark.parametrize("question, tied", [
    ("Does the MIRPS action plan foresee replicating the refugee coordination tables?", [PLAN, GT]),
    ("What does UNHCR's 2023 report say about shelters?", [REPORT, GT_REPORT]),
    ("What did IOM's evaluators recommend for newly appointed focal points?", [IOM, IOM_CA]),
])
def test_a_name_two_documents_share_is_resolved_among_them_by_pick(question, tied):
    """Two countries' MIRPS plans or UNHCR 2023 reports, two IOM matrices: the name fits both,
    so none is named unless ``pick`` (search: the one the question's topic is in) chooses, and
    it is asked to choose among exactly those."""
    names = DocNames({d: DocInfo(d, t) for d, t in SHARED.items()})
    assert names.named(question) == []
    asked = []

    def pick(docs):
        asked.append(sorted(docs))
        return max(docs)

    assert names.named(question, pick) == [max(tied)] and asked == [sorted(tied)]


def test_a_name_only_one_document_fits_is_not_picked():
    names = DocNames({d: DocInfo(d, t) for d, t in SHARED.items()})

    def pick(docs):
        raise AssertionError(f"asked to pick among {docs}")

    assert names.named("What does Mexico's MIRPS plan promise on publishing statistics?", pick) == [PLAN]
    assert names.named("What does Guatemala's MIRPS plan commit to on health?", pick) == [GT]
    # a comparison's side for an organisation alone is all of its documents: not picked for
    assert names.named("What did IOM's evaluators recommend for newly appointed focal points?", pick,
                       by_entity=False) == []


@pytest.mark.parametrize("question", [
    "Of the GBV survivors UNHCR assisted in Tabasco, what share were Guatemalan women?",
    "¿Cuántos guatemaltecos solicitaron asilo en México en 2021?",
])
def test_a_nationality_names_no_document_of_its_country(question):
    """"Guatemalan women", "guatemaltecos": people, not Guatemala's plan."""
    names = DocNames({d: DocInfo(d, t) for d, t in SHARED.items()})
    assert GT not in names.named(question, lambda docs: docs[0])


def test_organisations_and_places_alone_are_not_picked_for_a_comparison():
    """"UNHCR Mexico" fits both UNHCR Mexico reports: with ``by_entity`` False (a comparison's
    sides) it names neither, and the side is chosen on the topic; with title words ("UNHCR's
    2023 report") the pick stands."""
    names = DocNames({d: DocInfo(d, t) for d, t in SHARED.items()})
    q = "How do IOM in South America and UNHCR Mexico follow up with their partners during implementation?"
    assert names.named(q, max, by_entity=False) == [IOM]
    assert names.named(q, max) == [IOM, max(REPORT, EMR)]
    assert names.named("What does UNHCR's 2023 report say about shelters?", max, by_entity=False) == [max(REPORT, GT_REPORT)]


def test_a_tie_goes_to_the_document_the_question_s_other_names_hold_before_any_pick():
    """"UNHCR's 2023 report … in Mexico": the run ties two countries' reports, the place
    the question also names settles it; no pick, and no second document to compare."""
    names = DocNames({d: DocInfo(d, t) for d, t in SHARED.items()})

    def pick(docs):
        raise AssertionError(f"asked to pick among {docs}")

    for by_entity in (True, False):
        assert names.named("What does UNHCR's 2023 report say about shelters and cash assistance in Mexico?", pick,
                           by_entity=by_entity) == [REPORT]
        assert names.named("¿Qué dice el informe 2023 del ACNUR sobre albergues y empleo en México?", pick,
                           by_entity=by_entity) == [REPORT]


@pytest.mark.parametrize("question, doc, title, words", [
    ("Who is responsible for training focal points in IOM's management response?", IOM, TITLES[IOM],
     ["IOM", "management", "response"]),  # "responsible" is asked about
    ("¿Qué recomienda la OIM sobre los migrantes y la migración?", IOM, TITLES[IOM], ["OIM"]),
    ("What does Mexico's national action plan say about nationality?", PLAN, TITLES[PLAN],
     ["Mexico", "national", "action", "plan"]),
    ("How many schools did the Rainwater Schools Programme reach in 2022?", "rainwater-schools-programme",
     "Rainwater Schools Programme - Annual Report 2022", ["Rainwater", "Programme"]),  # "schools" is asked about too
    ("¿Cuántos guatemaltecos atiende el plan MIRPS de Guatemala?", GT, "MIRPS - National Action Plan Guatemala",
     ["plan", "MIRPS", "Guatemala"]),
])
def test_the_words_that_name_a_question_s_document_are_told_from_what_it_asks(question, doc, title, words):
    from puente.index.search.doc_names import name_of, proper_names

    assert proper_names(question, [name_of(doc, title)]) == words


def test_a_spanish_management_response_is_named_in_english_beside_the_english_ones():
    """"Respuesta de la gerencia" is a management response: "WFP Ecuador's management response"
    names it, not the corpus's other management responses (each gave "management response")."""
    wfp = "pma-ecuador-respuesta-gerencia-transferencias"
    titles = TITLES | {wfp: "Respuesta de la gerencia a la evaluación de las transferencias del PMA en Ecuador"}
    names = DocNames({d: DocInfo(d, t) for d, t in titles.items()})
    q = "How do WFP Ecuador's management response and UNHCR's 2023 report describe cash transfers?"
    assert names.named(q, pick=lambda docs: docs[0], by_entity=False) == [wfp, REPORT]


def test_a_name_several_documents_fit_means_the_one_about_the_place_of_the_others_named():
    """With El Salvador's and Mexico's reports indexed, "UNICEF's management response" is
    El Salvador's for sure, so "UNHCR's annual report" and "the national plan" beside it are
    El Salvador's too, whichever the question's topic would pick; alone, the topic picks."""
    from puente.common.types import DocInfo
    from puente.index.search.doc_names import DocNames

    names = DocNames({d: DocInfo(d, t) for d, t in [
        ("unhcr-mexico-report-2023", "UNHCR Annual Results Report 2023 - Mexico"),
        ("mirps-mexico-plan", "MIRPS National Action Plan Mexico"),
        ("unicef-sv-response", "UNICEF El Salvador Country Office | Management Response"),
        ("acnur-sv-informe-2024", "ACNUR · Operación de El Salvador · Informe anual de resultados 2024"),
        ("sv-national-plan", "Republic of El Salvador — National Action Plan for Returned Persons")]})
    first = lambda docs: docs[0]  # noqa: E731 - the topic's pick, here the first of those that fit
    assert names.named("Compare the cash assistance in UNICEF's management response, UNHCR's annual report "
                       "and the national plan.", first) == ["unicef-sv-response", "acnur-sv-informe-2024",
                                                            "sv-national-plan"]
    assert names.named("¿Qué dicen la respuesta de gestión de UNICEF y el informe anual del ACNUR?", first) == [
        "unicef-sv-response", "acnur-sv-informe-2024"]
    assert names.named("What does UNHCR's annual report say about shelters?", first) == ["unhcr-mexico-report-2023"]
    # a document whose title names no place may be meant beside any: the topic picks it
    corpus = DocNames({d: DocInfo(d, title) for d, title in TITLES.items()})
    iom = lambda docs: next((d for d in docs if d == IOM), docs[0])  # noqa: E731 - the LGF training is IOM's
    assert corpus.named("¿Qué dicen el plan nacional del MIRPS y la respuesta gerencial sobre la capacitación "
                        "anual en el LGF?", iom) == [PLAN, IOM]


def test_a_question_names_one_document_by_an_acronym_or_a_proper_name_only_its_title_holds():
    from puente.index.search.doc_names import only_title_naming

    titles = {"fan": "FAN - Respuesta de la gerencia - Evaluación final del programa Entornos Protectores (2021-2024)",
              "haa": "HAA Colombia Operation | Annual Results Report 2024",
              "plan": "Plan Nacional de Acción MIRPS 2025", "mirps": "MIRPS Annual Report 2024"}
    assert only_title_naming("Entornos Protectores: how many unaccompanied kids were in case management?", "fan", titles)
    assert only_title_naming("How many children did FAN assist?", "fan", titles)
    assert not only_title_naming("How many children did FAN assist?", "haa", titles)
    assert not only_title_naming("What does the MIRPS commit to?", "plan", titles)  # two titles hold it
    assert not only_title_naming("What was reported in 2024 on shelters?", "haa", titles)


def test_a_three_capital_acronym_alone_names_the_one_document_whose_title_holds_it():
    titles = {"fan": "FAN - Respuesta de la gerencia - Evaluación final del programa Entornos Protectores (2021-2024)",
              "haa": "HAA Colombia Operation | Annual Results Report 2024",
              "peru": "Management Response to the Evaluation of the Cash for Livelihoods Programme in Peru"}
    names = DocNames({d: DocInfo(d, t) for d, t in titles.items()})
    assert names.named("¿Qué dicen ambas respuestas de la gerencia (HAA Perú y FAN) sobre la estrategia de salida?") \
        == ["peru", "fan"]  # "HAA Perú" is one name, Peru's; FAN stands alone
    assert names.named("How many children did FAN assist?") == ["fan"]
    assert names.named("How many people did the fan club reach?") == []


def test_a_topic_acronym_or_a_country_in_one_title_names_no_document():
    from puente.index.search.doc_names import only_title_naming

    titles = {"audit": "GBV Safety Audit - Northern Border 2023", "cr": "MIRPS National Plan Costa Rica 2024",
              "gt": "MIRPS National Plan Guatemala 2024"}
    names = DocNames({d: DocInfo(d, t) for d, t in titles.items()})
    assert names.named("How many GBV survivors received psychosocial support in 2023?") == []
    assert not only_title_naming("How many GBV survivors received support?", "audit", titles)
    assert not only_title_naming("How many asylum claims did Costa Rica receive?", "cr", titles)


def test_the_two_documents_of_a_kind_are_named_as_a_pair(names):
    """"How do the two management responses … handle cash assistance?" named one of them
    (the other's title is Spanish); a pair of a kind names both when exactly two are of it."""
    for question in ("How do the two management responses handle cash assistance?",
                     "¿Qué dicen ambas respuestas de la gerencia sobre la capacitación?",
                     "What do both management responses say about training?"):
        assert names.named(question) == [IOM, EMR], question
    assert names.pair_of_kind("What do both plans say about xenophobia?") == []  # one plan: no pair
    assert names.pair_of_kind("What do the two reports say?") == []  # a kind none or more than two are of
    assert names.pair_of_kind("How do management responses handle cash?") == []  # no pair asked
    # the kind ends at its plural noun; "both" before words of no kind pairs nothing
    assert names.pair_of_kind("How do the two management responses follow up recommendations?") == [IOM, EMR]
    assert names.pair_of_kind("Does the plan work at both national and municipal level?") == []



def test_an_organisation_written_out_names_the_document_whose_file_name_holds_its_acronym():
    """"el anuncio del Ministerio de Interior y Policía dominicano" names "mip-rd-…" (the page's
    title says neither): the initials of three or more capitalised words, joined by "de", "y",
    "of" …, spell a word of only that document's file name. Two capitalised words spell nothing."""
    titles = {"mip-rd-plan-normalizacion-segunda-fase": "Segunda fase del Plan de Normalización",
              "caminos-abiertos-informe-anual-2023": "Informe anual 2023",
              "pma-guatemala-respuesta-2024": "Respuesta de la administración – Evaluación de resiliencia"}
    names = DocNames({d: DocInfo(d, t) for d, t in titles.items()})
    assert names.named("Sobre el costo de los trámites, ¿qué dicen el informe de Caminos Abiertos y el anuncio del "
                       "Ministerio de Interior y Policía dominicano?") == list(titles)[1::-1]
    assert names.named("What does the Programa Mundial de Alimentos plan for the drought?") == ["pma-guatemala-respuesta-2024"]
    assert names.named("¿Qué anunció el Ministerio del Interior?") == []  # "mi" is no name


def test_a_place_a_named_document_also_fits_is_where_it_works_not_another_document():
    """"How many people did the RIMH project place in jobs …, split between Chile and Peru?"
    named the RIMH report and, by "Chile", a Chile strategy: a comparison the question never
    asked. The RIMH report's title holds Chile too, so the place is its scope."""
    rimh, chile = "rimh-gpf-progress-report-2024", "horizonte-comun-chile-country-strategy-2024-2026"
    docs = {rimh: DocInfo(rimh, "RIMH: Decent work and health for refugees and migrants in Chile, Peru and Panama"),
            chile: DocInfo(chile, "Horizonte Común - Chile Country Strategy 2024-2026")}
    names = DocNames(docs)
    q = "How many people did the RIMH project place in jobs in 2024, and how were they split between Chile and Peru?"
    assert names.named(q) == [rimh]
    # a place alone still names the one document it fits
    assert names.named("What does the strategy for Chile plan on psychosocial support?") == [chile]
    assert names.named("What do the RIMH report and the Chile strategy say about jobs?") == [rimh, chile]
