"""Questions an unseen set (Guatemala, Honduras, El Salvador) answered wrongly: "How well funded
was the operation overall?" took the budget sentence (no share asked), the Guatemala plan's
"al menos 242.000 personas se habían visto forzadas a desplazarse dentro del país" was not
read as internal displacement, and a comparison's sides were asked for the place or acronym
that only named one of the compared documents."""
from __future__ import annotations

from puente.common.places import find
from puente.common.types import Chunk
from puente.index.answer.asked.question import QUANTITY, analyse
from puente.index.answer.choose import FLOOR_MARGIN, decide
from puente.index.answer.read import tables
from puente.index.answer.read.candidates import Candidate
from puente.index.search.searcher import Hit


def test_how_well_funded_asks_a_share_which_needs_a_percentage():
    for question in ("How well funded was the El Salvador operation in 2025 overall?",
                     "¿Qué tan financiada estuvo la operación en 2025?",
                     "What was the funding level of the operation in 2025?",
                     "¿Cuál fue el nivel de financiación de la operación?"):
        q = analyse(question)
        assert q.kind == QUANTITY and q.share, question
    for question in ("How well did the programme work with local boards?", "Why was the funding level low in 2023?"):
        assert analyse(question).kind != QUANTITY, question
    # the whole, without the word "total", names the Total row
    assert tables.named_share("Total", "How well funded was the operation overall?") == 1.0
    assert tables.named_share("Total", "¿Qué tan financiada estuvo la operación en su conjunto?") == 1.0
    assert tables.named_share("Total", "How well funded was child protection?") == 0.0
    assert tables.named_share("Total", "What did the Global Refugee Forum pledge in general?") == 0.0


def test_internal_displacement_written_out_is_the_idp_group():
    for text in ("al menos 242.000 personas se habían visto forzadas a desplazarse dentro del país",
                 "people displaced within their own country by violence"):
        assert any(e.kind == "group" and e.en == "internally displaced people" for e in find(text)), text
    for text in ("refugees who crossed the border into Mexico", "migrantes que se desplazan dentro del país hacia el norte"):
        assert not any(e.kind == "group" for e in find(text)), text


def _cand(doc: str, text: str, score: float, named: bool) -> Candidate:
    hit = Hit(Chunk(doc=doc, title=doc, text=text, start=0, end=len(text)), 1.0, 0.8, 1)
    c = Candidate(hit, text, 0, len(text))
    c.score = score
    c.features.update(type_raw=1.0, match=0.85, scorer="tokens", named=float(named))
    return c


def test_a_share_question_takes_a_percentage_from_a_little_further_down_else_the_amount():
    q = analyse("How well funded was the operation in 2025?")
    budget = _cand("report", "The operation's budget for 2025 amounted to USD 38.6 million.", 80.0, True)
    share = _cand("report", "In 2025, funds available reached USD 19.3 million, or 50 per cent of requirements.",
                  80.0 - FLOOR_MARGIN + 0.5, True)
    budget.features["type_raw"] = 0.5  # a figure, not a share
    assert decide(q, [budget, share]).text.startswith("In 2025, funds available")
    share.score = 80.0 - FLOOR_MARGIN - 0.5  # too far: the amount answers
    assert decide(q, [budget, share]).text.startswith("The operation's budget")


def test_a_place_written_before_a_compared_documents_name_is_asked_of_no_side():
    from puente.index.answer.checks import beside_documents

    names = ["plan-nacional-accion-movilidad-humana-guatemala-2025-2028", "Plan Nacional de Acción de Movilidad Humana",
             "informe-avances-presidencia-pro-tempore-2025", "Informe de avances de la Presidencia Pro Tempore 2025"]
    q = beside_documents(analyse("Compare the Guatemala national action plan and the Panama pro tempore report on "
                                 "countering xenophobia."), names)
    assert not [e for e in q.entities if e.kind == "place"]
    q = beside_documents(analyse("What do the national plan and the pro tempore report each say about Venezuelans "
                                 "in Panama?"), names)
    assert [e.en for e in q.entities if e.kind == "place"] == ["Venezuela", "Panama"]
    # a nationality, or a place before words that are not the document's kind, is asked of each side
    for question, place in (("What do the national plan and the pro tempore report each say about Venezuelan "
                             "refugees' access to work?", "Venezuela"),
                            ("Compare the national plan and the pro tempore report on Panama's national "
                             "regularization targets.", "Panama")):
        q = beside_documents(analyse(question), names)
        assert [e.en for e in q.entities if e.kind == "place"] == [place], question



def test_an_organisation_written_before_a_compared_documents_kind_is_asked_of_no_side():
    """"WFP Guatemala's management response" names the PMA response (its title says neither WFP nor
    management): the cluster minutes' side said "The reports mention WFP, but none of the passages
    found answers this for WFP"."""
    from puente.index.answer.checks import beside_documents

    names = ["pma-guatemala-respuesta-administracion-2024", "Respuesta de la administración – Evaluación de resiliencia",
             "cluster-proteccion-el-salvador-acta-03-2025", "Acta de la reunión ordinaria 03-2025 – Clúster de Protección"]
    q = beside_documents(analyse("What do WFP Guatemala's management response and the El Salvador protection cluster "
                                 "minutes each say about preparing for climate hazards?"), names)
    assert not [e for e in q.entities if e.kind == "org"]
    q = beside_documents(analyse("What do the management response and the cluster minutes each say about WFP's "
                                 "cash transfers?"), names)
    assert [e.en for e in q.entities if e.kind == "org"] == ["WFP"]  # the topic's organisation is asked of each side


def test_an_organisation_written_out_for_a_compared_documents_acronym_is_asked_of_no_side():
    """"… el informe de Puentes Solidarios y el anuncio del Ministerio de Interior y Policía
    dominicano" names the ministry's page by the acronym of its file name ("mip-rd-…"): the
    report's side said "The reports mention Ministerio Interior Policía, but none …", and, before
    that, "… República Dominicana …" for the adjective that says which ministry."""
    from puente.index.answer.checks import beside_documents

    names = ["puentes-solidarios-informe-anual-2023", "Informe anual 2023",
             "mip-rd-plan-normalizacion-segunda-fase", "Segunda fase del Plan de Normalización de Venezolanos"]
    question = ("Sobre el costo de los trámites de documentación, ¿qué dicen el informe de Puentes Solidarios y el "
                "anuncio del Ministerio de Interior y Policía dominicano?")
    asked = analyse(question)
    assert asked.names and [e.en for e in asked.entities] == ["Dominican Republic"]  # asked of a document alone
    q = beside_documents(asked, names)
    assert not q.names and not q.entities
    # a place written as the people the topic is about is still asked of each side
    q = beside_documents(analyse("¿Qué dicen el informe de Puentes Solidarios y el anuncio del Ministerio de Interior y "
                                 "Policía sobre los trámites de los migrantes dominicanos?"), names)
    assert [e.en for e in q.entities] == ["Dominican Republic"]


def test_a_group_a_compared_document_is_about_is_asked_of_no_side():
    """"Honduras's national action plan on internal displacement" says which plan is meant: its
    sentences write "personas desplazadas", and the other document's "displaced children";
    internally displaced people were asked of each side, and both sides' commitments were left out."""
    from puente.index.answer.checks import beside_documents

    names = ["unicef-children-on-the-move-annual-report-2024", "Children on the Move – Annual Report 2024",
             "sedh-honduras-plan-accion-nacional-2024-2027", "Plan de Acción Nacional PAN-DI 2024-2027"]
    for question in ("How do UNICEF's annual report and Honduras's national action plan on internal displacement each "
                     "deal with identity documents for displaced people?",
                     "¿Qué dicen el informe anual de UNICEF y el plan nacional de desplazamiento interno de Honduras "
                     "sobre los documentos de identidad?"):
        asked = analyse(question)
        assert [e.kind for e in asked.entities if e.kind == "group"] == ["group"], question
        assert not [e for e in beside_documents(asked, names).entities if e.kind == "group"], question
    # the group the topic is about is asked of each side
    q = beside_documents(analyse("What do UNICEF's annual report and Honduras's national action plan each say about "
                                 "identity documents for internally displaced people?"), names)
    assert [e.en for e in q.entities if e.kind == "group"] == ["internally displaced people"]


def test_a_recommendation_addressed_to_whom_the_question_names_is_preferred():
    """"¿Qué pide la OIM a los donantes …?" quoted the briefing's recommendation to the Dominican
    authorities: its recommendations are labelled by whom they address, and the one the question
    asks about ("Donors: …") was within the recommendation margin."""
    items = ("Dominican authorities: end night-time returns and refrain from returning pregnant women.",
             "Government of Haiti (ONM): adopt and lead a national reception protocol for returnees.",
             "Donors: provide multi-year flexible funding so that reception services do not close.")

    def ask(question: str) -> str:
        cands = [_cand("iom-briefing", text, 80.0 - 1.5 * i, True) for i, text in enumerate(items)]
        return decide(analyse(question), cands).text

    assert ask("¿Qué pide la OIM a los donantes en su balance de 2024?").startswith("Donors:")
    assert ask("What does IOM recommend to the Haitian government?").startswith("Government of Haiti")
    assert ask("¿Qué recomienda la OIM a las autoridades dominicanas?").startswith("Dominican authorities")
    assert ask("¿Qué recomienda la OIM sobre los retornos nocturnos?").startswith("Dominican authorities")  # nobody named
    # of two items addressed to governments, the one to the government the question names
    both = [_cand("iom-haiti-border-briefing", "Both governments: reactivate the binational technical group.", 80.0, True),
            _cand("iom-haiti-border-briefing", items[1], 78.0, True)]  # the title names Haiti: both hold the place
    assert decide(analyse("What does IOM ask the Haitian government to do?"), both).text.startswith("Government of Haiti")


def test_a_border_asked_by_its_compass_point_is_not_answered_from_another():
    """"¿De cuánto es el apoyo económico del PESN para refugiados en la frontera norte?" was answered,
    as a strong match, with the programme "on the Southern Border": the point a border, region or
    coast is named by, in either language, must not be another in the answer."""
    from puente.index.answer.asked.qualified import compass_points, other_point

    south = "The PESN on the Southern Border provides MX$5,119 per person to asylum-seekers."
    assert compass_points(south) == {"border": {"s"}} and compass_points("la costa este") == {"coast": {"e"}}
    assert other_point("¿De cuánto es el apoyo del PESN en la frontera norte?", south) == "frontera norte"
    assert other_point("¿De cuánto es el apoyo del PESN en la frontera sur?", south) == ""
    assert other_point("How much does the PESN give at the northern border?", "Shelters on the northern border and on the "
                       "southern border") == ""  # it names the asked one too
    assert other_point("How much does the PESN give at the northern border?", "The PESN gives MX$5,119.") == ""

    def ask(question: str):
        return decide(analyse(question), [_cand("plan", south, 80.0, True)], chunks=[])

    north = ask("¿De cuánto es el apoyo económico del PESN para refugiados en la frontera norte?")
    assert not north and "frontera norte" in north.reason
    assert ask("¿De cuánto es el apoyo económico del PESN para refugiados en la frontera sur?").text == south


def test_a_rate_asked_by_what_it_measures_needs_that_measure():
    """"What was the refugee recognition rate for Cuban applicants in Mexico in 2023?" (a near-miss)
    was answered, as a strong match, with the share of asylum-seekers by nationality ("… Cuba
    (13%) …"), and "la tasa de desempleo" with a growth in partner companies: a rate the question
    names by its measure must be of that measure, in either language."""
    from puente.index.answer.asked.answer_type import holds_measure, rate_of

    assert rate_of("What was the refugee recognition rate for Cuban applicants?") == ("recognition", "recognition rate")
    assert rate_of("¿Cuál era la tasa de desempleo de las personas refugiadas?") == ("desempleo", "tasa de desempleo")
    assert rate_of("At what rate was the peseta converted into the euro?") == ("", "")
    assert holds_measure("desempleo", "13.3 Proportion of people (working age) who are unemployed IDPs 2.00%")
    shares = "The primary nationalities of asylum-seekers were from Haiti (31%), Honduras (30%) and Cuba (13%)."
    rate = "COMAR's recognition rate for Cuban applicants reached 72% in 2023."

    def ask(question: str, texts: tuple[str, ...]):
        return decide(analyse(question), [_cand("report", t, 80.0 - i, True) for i, t in enumerate(texts)], chunks=[])

    q = "What was the refugee recognition rate for Cuban applicants?"
    assert not ask(q, (shares,)) and "recognition rate" in ask(q, (shares,)).reason
    assert ask(q, (shares, rate)).text == rate
    assert ask("What share of asylum-seekers came from Cuba?", (shares,)).text == shares  # no rate asked
