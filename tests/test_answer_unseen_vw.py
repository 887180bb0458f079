"""The answer step on sets V and W: the organisation a document belongs to, named on its cover or
in its opening, holds for the whole document ("la auditoría interna de Nuevos Caminos": the
audit's recommendations do not repeat the foundation's name)."""
from __future__ import annotations

from types import SimpleNamespace

from puente.index.answer.checks import _owner_named


def _chunks(*texts: str, doc: str = "audit") -> list:
    return [SimpleNamespace(doc=doc, text=t) for t in texts]


def test_an_organisation_the_opening_names_holds_for_the_whole_document():
    cover = "FUNDACIÓN NUEVOS CAMINOS\nOficina de Auditoría Interna\nInforme de auditoría interna N.° OAI-2025-03"
    summary = "1. Resumen ejecutivo\nLa OAI auditó el programa en las estaciones de Lajas Blancas y San Vicente."
    later = "Recomendación 1\nImplementar una base de datos única de personas beneficiarias."
    cache = {"chunks": _chunks(cover, summary, later) + _chunks("Otra cosa.", doc="other")}
    cand = SimpleNamespace(doc="audit")
    assert _owner_named(["nuevos", "caminos"], cand, cache)  # after an organisation's word, in capitals
    assert not _owner_named(["lajas", "blancas"], cand, cache)  # a place the opening mentions does not hold
    assert not _owner_named(["nuevos", "caminos"], SimpleNamespace(doc="other"), cache)
    note = "Entidad solicitante: Fundación Frontera Solidaria (FFS), Dajabón"
    cache = {"chunks": _chunks(note, later, doc="note")}
    cand = SimpleNamespace(doc="note")
    assert _owner_named(["solidaria"], cand, cache) and _owner_named(["fundacion"], cand, cache)
    assert not _owner_named(["dajabon"], cand, cache)
    cache = {"chunks": _chunks("Intro.", "Resumen.", "Más adelante, la Fundación Frontera Solidaria (FFS).", doc="note")}
    assert not _owner_named(["solidaria"], cand, cache)  # named after the opening: not whose document it is


def test_a_documents_owner_on_its_cover_names_it():
    from puente.common.types import DocInfo
    from puente.index.search.doc_names import DocNames, owner_of

    assert owner_of("FUNDACIÓN NUEVOS CAMINOS\n Oficina de Auditoría Interna") == "fundacion nuevos caminos"
    assert owner_of("NOTA CONCEPTUAL\nEntidad solicitante: Fundación Frontera Solidaria (FFS), Dajabón, República "
                    "Dominicana") == "fundacion frontera solidaria"
    assert owner_of("Nuevos Caminos Foundation\nAnnual Report 2024") == "nuevos caminos foundation"
    # an organisation a sentence mentions is not the document's own
    assert owner_of("The National Institute of Statistics (INE) estimates 1.9 million foreigners live in Chile.") == ""
    docs = {"audit": DocInfo(doc="audit", title="Informe de auditoría interna OAI-2025-03"),
            "annual": DocInfo(doc="annual", title="Nuevos Caminos Foundation Annual Report 2024")}
    q = "¿Qué recomendó la auditoría interna de Nuevos Caminos para evitar pagos duplicados?"
    assert DocNames(docs).named(q) == ["annual"]  # its title alone: the foundation's name names the report
    assert DocNames(docs, {"audit": "fundacion nuevos caminos"}).named(q) == ["audit"]


def test_an_audits_finding_is_a_section_heading():
    from puente.ingest.headings import heading_of

    assert heading_of("Hallazgo 2: Control de inventario de medicamentos e insumos médicos (prioridad alta)")
    assert heading_of("Finding 3: Procurement without competition")


def test_the_auditors_name_the_audit_and_one_of_a_titles_many_places_names_no_document():
    """"What did the internal auditors ask the Panama office to do …?" named the progress report "… in
    Chile, Peru and Panama" and not the audit: who wrote a document stands for it, and a place a title
    lists among several is where a document works, not its name."""
    from puente.common.types import DocInfo
    from puente.index.search.doc_names import DocNames

    docs = {"audit": DocInfo(doc="audit", title="Informe de auditoría interna OAI-2025-03"),
            "progress": DocInfo(doc="progress", title="Decent Work and Health for Migrants in Chile, Peru and Panama"),
            "chile": DocInfo(doc="chile", title="Chile Country Strategy 2024–2026")}
    names = DocNames(docs)
    assert names.named("What did the internal auditors ask the Panama office to do about the pharmacy?") == ["audit"]
    assert names.named("¿Qué pidieron los auditores internos sobre el inventario?") == ["audit"]
    assert names.named("¿Qué evaluó la auditoría interna?") == ["audit"]
    assert names.named("What does the Chile office plan?") == ["chile"]  # the one place of a title still names it
    assert names.named("What did the Decent Work project achieve in Peru?") == ["progress"]


def test_a_place_after_a_compared_documents_name_and_its_of_is_asked_of_no_side():
    """"la estrategia de Horizonte Común para Chile y la resolución de Migraciones del Perú": Peru says
    whose resolution it is; the strategy for Chile was asked for Peru and answered "nothing for Peru"."""
    from puente.index.answer.asked.question import analyse
    from puente.index.answer.checks import beside_documents

    names = ["horizonte-comun-chile-country-strategy-2024-2026", "Chile Country Strategy 2024–2026",
             "resolucion-superintendencia-000178-2024-migraciones", "Resolución de Superintendencia N.° 000178-2024-MIGRACIONES"]
    q = beside_documents(analyse("¿Qué dicen la estrategia de Horizonte Común para Chile y la resolución de Migraciones "
                                 "del Perú sobre la regularización de niñas y niños?", "es"), names)
    assert not [e for e in q.entities if e.kind == "place"]
    q = beside_documents(analyse("¿Qué dicen la estrategia para Chile y la resolución sobre los niños del Perú?", "es"), names)
    assert [e.en for e in q.entities if e.kind == "place"] == ["Peru"]  # "los niños del Perú": of the topic, not a name


def test_the_source_a_question_gives_names_its_document_over_a_place_of_its_topic():
    """"¿Por qué bajó en 2024 el número de niñas, niños y adolescentes retornados recibidos en El Salvador,
    según UNICEF?" named the El Salvador cluster's minutes as well as UNICEF's report, and the minutes
    answered: "según UNICEF" says whose document is asked; El Salvador is what it is asked about."""
    from puente.common.types import DocInfo
    from puente.index.search.doc_names import DocNames

    docs = {"cluster": DocInfo(doc="cluster", title="Acta de la reunión 03-2025 – Clúster de Protección El Salvador"),
            "unicef": DocInfo(doc="unicef", title="UNICEF Children on the Move – Annual Report 2024")}
    names = DocNames(docs)
    asked = "¿Por qué bajó el número de niñas y niños retornados recibidos en El Salvador, según UNICEF?"
    assert names.named(asked) == ["unicef"]
    assert names.named("According to UNICEF, how many children returned to El Salvador?") == ["unicef"]
    assert names.named("¿Cuántos niños retornados recibió El Salvador?") == ["cluster"]  # no source given
    assert names.named("¿Qué acordó el clúster de El Salvador con UNICEF?") == ["cluster", "unicef"]  # both named
