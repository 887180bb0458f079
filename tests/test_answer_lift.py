"""The record a question asks for in the document it names (``answer.lift``), the kind of
item a question asks for (``asks_kind``), and the organisation whose document it is."""
from __future__ import annotations

from types import SimpleNamespace

from puente.common.types import Chunk
from puente.index.answer.asked.answer_type import asks_kind
from puente.index.answer.lift import LIFT_TO, lifted
from puente.index.search.searcher import Hit

QUESTION = ("What does the government's 2024 progress report recommend to fix slow identity checks for detainees "
            "who say they were born in the country?")


def test_the_kind_of_item_a_question_asks_for():
    assert asks_kind(QUESTION) == "recommendation"  # "who say": a relative clause, not who is responsible
    assert asks_kind("¿Qué recomienda la evaluación de la OIM sobre la niñez migrante?") == "recommendation"
    assert asks_kind("What does the concept note ask the civil registry to do about late registration?") == \
        "recommendation"
    assert asks_kind("¿Qué pide la OIM a los donantes en su balance de 2024?") == "recommendation"
    assert asks_kind("Which report calls on donors to fund reception services?") == "recommendation"
    # who answers for a recommendation, or when: not the recommendation itself
    assert asks_kind("To whom is IOM's recommendation on child protection addressed?") is None
    assert asks_kind("¿Quién es responsable de la recomendación sobre integración local?") is None
    assert asks_kind("When will the recommendation on registration be implemented?") is None
    # "instalación", "solicitantes": no call on anyone
    assert asks_kind("¿Quién encabeza la instalación de puntos de inscripción?") is None
    assert asks_kind("¿Cuántos solicitantes de asilo fueron registrados en 2024?") is None
    assert asks_kind("What does Mexico's MIRPS plan commit to on banking rules?") == "commitment"
    assert asks_kind("What did Camino Seguro promise regarding refugees in its governance?") == "commitment"
    assert asks_kind("¿Qué prometió la fundación a las familias retornadas?") == "commitment"
    # what someone intends or plans to do is what it commits to ("Run legal clinics every week …"), not the
    # strategy's context sentence on the same place; "the plan to …" is a noun, no intention
    for q in ("How does Horizonte Común intend to bring legal advice to migrants in the Colchane border area?",
              "What does UNHCR plan to do about shelters in Tapachula?", "¿Qué pretende hacer el ministerio con los albergues?",
              "¿Qué tiene previsto la fundación para las mujeres emprendedoras?"):
        assert asks_kind(q) == "commitment", q
    assert asks_kind("Was the plan to expand the shelters approved?") is None


def _hit(row: int, score: float, doc: str = "a") -> Hit:
    chunk = Chunk(doc=doc, title=doc, text=f"passage {row}", start=row * 100, end=row * 100 + 9)
    return Hit(chunk, score, 0.8, row + 1, (0, 9), row)


def test_the_lifted_passage_takes_the_last_place_the_answer_reads():
    hits = [_hit(i, 1.0 - i / 10) for i in range(10)]
    out = lifted(hits, hits[7])
    assert [h.row for h in out] == [0, 1, 2, 3, 7, 4, 5, 6, 8, 9]
    assert [h.rank for h in out] == list(range(1, 11))
    assert lifted(hits, hits[2]) is hits and lifted(hits, None) is hits  # already read, or nothing to lift
    # found only in its own document: it comes in (no higher than the passage before it), the last one goes
    own = _hit(42, 5.0, doc="b")
    out = lifted(hits, own)
    assert [h.row for h in out] == [0, 1, 2, 3, 42, 4, 5, 6, 7, 8]
    assert out[LIFT_TO - 1].score == hits[LIFT_TO - 2].score


def test_an_organisation_on_the_documents_cover_holds_for_the_whole_document():
    from puente.common.places import find
    from puente.index.answer.checks import _org_opens

    wfp = next(e for e in find("What did WFP Guatemala agree to?") if e.kind == "org")
    cover = "Programa Mundial de Alimentos (PMA)\nRespuesta de la administración a la evaluación de resiliencia"
    chunks = [SimpleNamespace(doc="pma", text=cover), SimpleNamespace(doc="pma", text="1. Introducción"),
              SimpleNamespace(doc="pma", text="Recomendación 5. Realizar un estudio longitudinal."),
              SimpleNamespace(doc="plan", text="Plan de Acción Nacional"),
              SimpleNamespace(doc="plan", text="Con apoyo técnico de varias agencias.")]
    cache = {"chunks": chunks, "heads": {}}
    assert _org_opens(wfp, SimpleNamespace(doc="pma"), cache)
    assert not _org_opens(wfp, SimpleNamespace(doc="plan"), cache)


def _write(folder):
    folder.mkdir()
    sections = [f"## {t}\n\nIn 2024, {1200 + 37 * i} detainees who say they were born in the country went through "
                f"identity checks at this point; checks stayed slow, with a wait of {5 + i} days on average.\n"
                for i, t in enumerate(["Identity checks at the north crossing", "Identity checks at the south crossing",
                                       "Identity checks at the coast", "Identity checks for children",
                                       "Detention and identity checks", "Checks on people born in the country",
                                       "Slow identity verification", "Civil documentation after checks"])]
    (folder / "border-briefing-2024.md").write_text(
        "# Border Protection Results Briefing 2024\n\n" + "\n".join(sections)
        + "\n## Recommendations\n\nDonors: provide multi-year flexible funding for reception services.\n")
    (folder / "informe-seguimiento-plan-frontera-2024.md").write_text(
        "# Informe de seguimiento 2024 del Plan Nacional de Frontera\n\n"
        "Gobierno de la República. Ministerio del Interior y Policía.\n\n"
        "## 1. Resumen ejecutivo\n\nEl Plan Nacional de Frontera 2023-2026 fue aprobado en 2023. Este informe de "
        "seguimiento presenta el avance de 2024 en documentación, retornos y protección en las provincias fronterizas.\n\n"
        "## 2. Retos identificados\n\nLa falta de interoperabilidad entre los sistemas del registro civil y de la "
        "Dirección de Migración sigue impidiendo verificar la identidad de las personas detenidas que declaran haber "
        "nacido en el país, y los controles de identidad tardan en promedio once días.\n\n"
        "## 3. Recomendaciones\n\n"
        "Recomendación 1. Que el Ministerio de Hacienda incluya en el presupuesto de 2026 una partida específica para "
        "las oficialías móviles.\n\n"
        "Recomendación 2. Que la Dirección de Migración extienda el formulario único de notificación a los siete "
        "centros de procesamiento antes de junio de 2025.\n\n"
        "Recomendación 3. Que el registro civil y la Dirección de Migración firmen un acuerdo de interoperabilidad que "
        "permita responder las consultas de verificación en un máximo de 72 horas.\n\n"
        "Recomendación 4. Que el Ministerio de Trabajo amplíe a seis el número de ventanillas de registro de "
        "trabajadores temporales.\n")


def test_the_recommendation_of_the_named_report_answers_though_another_document_repeats_the_question(
        tmp_path, encoder, model_path):
    from puente.index.engine import Engine
    from puente.index.update import ingest

    _write(tmp_path / "docs")
    assert ingest([tmp_path / "docs"], tmp_path / "idx", encoder).ok
    res = Engine(tmp_path / "idx", model_path).ask(QUESTION)
    assert res.answer and res.answer.doc == "informe-seguimiento-plan-frontera-2024", res.answer
    assert "acuerdo de interoperabilidad" in res.answer.text
    lifted_at = next(h.rank for h in res.hits if "Recomendación 3" in h.chunk.text)
    assert lifted_at <= LIFT_TO


def test_an_acronym_the_documents_title_writes_out_is_its_name():
    from puente.index.answer.checks import _opens_document

    def cand(title):
        return SimpleNamespace(doc="plan", chunk=SimpleNamespace(title=title))

    cache = {"chunks": [SimpleNamespace(doc="plan", text="Republic of Ecuador\nMinistry of Women and Human Rights")]}
    assert _opens_document(["wps"], cand("National Action Plan on Women, Peace and Security 2024–2028"), cache)
    assert not _opens_document(["wps"], cand("National Action Plan on Human Mobility 2024–2028"), cache)


def test_a_level_of_execution_or_coverage_is_a_share_and_a_level_of_priority_is_not():
    from puente.index.answer.asked.question import QUANTITY, analyse

    for q in ("¿Qué nivel de ejecución presupuestaria tuvo ONU Mujeres en su línea de autonomía económica en 2024?",
              "What level of coverage did the vaccination programme reach in 2024?"):
        a = analyse(q, "en")
        assert a.kind == QUANTITY and a.share, q
    assert analyse("¿Qué nivel de prioridad tiene la recomendación 3?", "es").kind != QUANTITY


def test_an_ordinal_is_no_figure_to_find():
    """"between the 15th and 19th centuries" asked for the figure 15 (set Y: "The reports mention 15,
    but none of the passages found answers this for 15" over "entre los siglos XV y XIX")."""
    from puente.index.answer.asked.question import figures

    assert figures("What do historians blame for the delta's growth between the 15th and 19th centuries?") == ([], [])
    assert figures("¿Qué pasó en el 2º congreso, con 25 delegados?") == ([], ["25"])
    assert figures("How many of the 21 members attended on 3rd May 2024?") == (["2024"], ["21"])


def test_how_far_an_item_is_asked_in_other_words_asks_its_status():
    from puente.index.answer.read.records import wanted_field

    for q in ("Where do the planned transit shelters for children stand?", "¿Cómo va la hoja de ruta con la SESAN?",
              "¿En qué situación estaba a fines de 2024 la reforma del asilo?", "How is the referral protocol going?",
              "¿En qué punto está el sistema de monitoreo conjunto?", "Has UNHCR already taken its programme to Carchi?"):
        assert wanted_field(q, "open") == "status", q
    for q in ("Where does UNHCR stand on immigration detention?", "What was agreed on the fee for late registration?"):
        assert wanted_field(q, "open") is None, q
