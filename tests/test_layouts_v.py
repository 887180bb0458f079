"""Layouts of an unseen report set (V, W): a monitoring matrix in a landscape PDF (a header whose
cells wrap, "Eje 1 – …" rows across the table, "Línea de acción | Compromiso" columns), a slide
deck exported to PDF (each slide's title its section), Markdown with YAML front matter and a
note pasted from an e-mail (their titles)."""
from __future__ import annotations

import pypdf

from puente.common.types import Document, Heading, Page
from puente.ingest.chunker import chunk
from puente.ingest.pdf_tables.words import grid_tables, with_grid_tables
from puente.ingest.read_pdf import _landscape, slide_titles
from puente.ingest.read_text import front_matter, mail_subject, read_text
from puente.ingest.records import extract_records
from puente.ingest.records.tabular import roles

LAYOUT = """  5. Matriz de seguimiento de compromisos


     Línea de       Compromiso                                  Institución        Plazo        Estado         Avance    Observaciones
     acción                                                     responsable                                    (%)
     Eje 1 – Documentación e identidad

     1.1            Instalar oficialías móviles de registro     JCE                Dic. 2024    Cumplido       100       Operan 5 unidades.
                    civil en las provincias fronterizas
     1.2            Emitir 25.000 actas de nacimiento por       JCE                Dic. 2025    En curso       73        18.240 actas.
                    declaración tardía
     Eje 2 – Gestión de frontera

     2.1            Adecuar los centros de recepción de         DGM / CESFRONT     Sep. 2024    Retrasado      35        Obra en curso.
                    Haina y Dajabón


  6. Retos identificados"""

PLAIN = """5. Matriz de seguimiento de compromisos
Línea de
acción
Compromiso
Institución
responsable
Plazo
Estado
Avance
(%)
Observaciones
Eje 1 – Documentación e identidad
1.1
Instalar oficialías móviles de registro
civil en las provincias fronterizas
JCE
Dic. 2024
Cumplido
100
Operan 5 unidades.
1.2
Emitir 25.000 actas de nacimiento por
declaración tardía
JCE
Dic. 2025
En curso
73
18.240 actas.
Eje 2 – Gestión de frontera
2.1
Adecuar los centros de recepción de
Haina y Dajabón
DGM / CESFRONT
Sep. 2024
Retrasado
35
Obra en curso.
6. Retos identificados"""


def test_a_matrix_header_that_wraps_and_its_group_rows_are_read():
    (table,) = grid_tables(LAYOUT)
    assert table[0] == ["Línea de acción", "Compromiso", "Institución responsable", "Plazo", "Estado", "Avance (%)",
                        "Observaciones"]
    assert table[1] == ["Eje 1 – Documentación e identidad"]  # a row across the table, not its end
    assert table[2] == ["1.1", "Instalar oficialías móviles de registro civil en las provincias fronterizas", "JCE",
                        "Dic. 2024", "Cumplido", "100", "Operan 5 unidades."]
    assert table[4] == ["Eje 2 – Gestión de frontera"] and table[5][2] == "DGM / CESFRONT"
    lines = with_grid_tables(PLAIN, LAYOUT).split("\n")
    assert lines[1].startswith("Línea de acción\tCompromiso\tInstitución responsable")
    assert lines[2] == "Eje 1 – Documentación e identidad"
    assert lines[3].startswith("1.1\tInstalar oficialías") and lines[-1] == "6. Retos identificados"
    assert len(lines) == 8


def test_a_header_line_of_capitalised_cells_is_a_row_not_the_header_going_on():
    layout = LAYOUT.replace("     acción                                                     responsable"
                            "                                    (%)",
                            "     Acción                                                     Responsable"
                            "                                    Total")
    (table,) = grid_tables(layout)
    assert table[0][0] == "Línea de" and table[1][0] == "Acción"


def test_the_commitment_column_states_the_commitment_and_the_line_of_action_numbers_it():
    head = ["Línea de acción", "Compromiso", "Institución responsable", "Plazo", "Estado", "Avance (%)"]
    assert roles(head) == ["number", "commitment", "responsible", "deadline", "status", "other"]
    assert roles(["Línea de acción", "Institución responsable", "Plazo"])[0] == "commitment"  # alone, it states it
    text = with_grid_tables(PLAIN, LAYOUT)
    recs = [r for r in extract_records(Document("m", "Informe", (Page(1, text),))) if r.kind == "commitment"]
    assert [(r.number, r.responsible, r.deadline, r.status) for r in recs] == [
        ("1.1", "JCE", "Dic. 2024", "Cumplido"), ("1.2", "JCE", "Dic. 2025", "En curso"),
        ("2.1", "DGM / CESFRONT", "Sep. 2024", "Retrasado")]
    assert recs[0].text.startswith("Instalar oficialías móviles") and recs[2].area == "Gestión de frontera"


SLIDES = [
    "IOM · UN MIGRATION · HAITI\nProtection and Reintegration\nResults Briefing 2024",
    "Context: returns in 2024\n• 241,067 returns were recorded, up from 187,492 in 2023.\n241,067\nreturns",
    "Reception and immediate assistance\n• Four Border Resource Centres (BRCs) operated with the ONM and the\n"
    "(IBESR).\n• 98,730 returnees received post-arrival assistance.",
    "IOM commitments for 2025\n• Reach 20,000 people with civil documentation in 2025.",
]


def test_a_slide_decks_titles_are_its_sections_and_its_bullets_are_no_commitments():
    heads = slide_titles(SLIDES, [True] * 4)
    assert [h.title for h in heads][1:] == ["Context: returns in 2024", "Reception and immediate assistance",
                                           "IOM commitments for 2025"]
    doc = Document("deck", "Briefing", tuple(Page(i + 1, t) for i, t in enumerate(SLIDES)), headings=heads)
    assert doc.text[heads[2].start:].startswith("Reception and immediate assistance")
    sections = {c.section[-1] for c in chunk(doc)}
    assert {"Context: returns in 2024", "Reception and immediate assistance"} <= sections
    # the cover's ALL-CAPS line and a wrapped "(IBESR)." are no area whose bullets are commitments
    assert not [r for r in extract_records(doc) if r.kind == "commitment" and "98,730" in r.text]
    assert slide_titles(SLIDES, [False] * 4) == ()  # portrait pages: a report, not slides
    assert slide_titles([s * 20 for s in SLIDES], [True] * 4) == ()  # a landscape report's full pages


def test_a_landscape_page_is_told_by_its_box_and_rotation():
    w = pypdf.PdfWriter()
    wide, tall = w.add_blank_page(width=792, height=612), w.add_blank_page(width=612, height=792)
    assert _landscape(wide) and not _landscape(tall)
    tall.rotate(90)
    assert _landscape(tall)


def test_markdown_front_matter_gives_the_title_and_is_not_text(tmp_path):
    md = ('---\ntitle: "Chile Country Strategy 2024–2026"\norganisation: Horizonte Común\n---\n\n'
          "# Horizonte Común — Chile Country Strategy\n\nChile has become a main destination.\n")
    title, rest = front_matter(md)
    assert title == "Chile Country Strategy 2024–2026" and "organisation" not in rest
    assert rest.count("\n") == md.count("\n")
    path = tmp_path / "strategy.md"
    path.write_text(md, encoding="utf-8")
    doc = read_text(path)
    assert doc.title == "Chile Country Strategy 2024–2026" and "organisation:" not in doc.text
    assert front_matter("---\nA rule, then prose.\nMore prose\n---\n")[0] == ""  # a rule, not metadata


def test_a_note_pasted_from_an_email_is_titled_by_its_subject(tmp_path):
    mail = ("De: Coordinación <programas@ffs.org.do>\nEnviado: martes, 6 de mayo de 2025\nPara: otc@aecid.es\n"
            "Asunto: RE: Nota conceptual - Proyecto Retorno Seguro\n\nEstimado equipo:\n\nNOTA CONCEPTUAL\n")
    assert mail_subject(mail) == "Nota conceptual - Proyecto Retorno Seguro"
    assert mail_subject("Subject: alone\n\nBody") == ""  # one header line is no e-mail
    assert mail_subject("Plan nacional\nAsunto: otro\n") == ""  # headers come first
    path = tmp_path / "nota.txt"
    path.write_text(mail, encoding="utf-8")
    assert read_text(path).title == "Nota conceptual - Proyecto Retorno Seguro"


def _pdf(path, pages: list[list[tuple[int, str]]]) -> None:
    """A PDF of Helvetica lines, each page's lines (type size, text) from the top."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    w = pypdf.PdfWriter()
    font = w._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                           NameObject("/Subtype"): NameObject("/Type1"),
                                           NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for lines in pages:
        page = w.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        y, ops = 740, []
        for size, text in lines:
            ops.append(f"BT /F1 {size} Tf 72 {y} Td ({text}) Tj ET")
            y -= size + 8
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = w._add_object(stream)
    w.write(str(path))


def test_headings_set_in_large_type_are_the_sections_of_a_pdf_whose_text_shows_none(tmp_path):
    from puente.ingest.read_pdf import read_pdf

    body = [(10, "The year was hard for the people we serve."), (10, "We reached many of them.")]
    pages = [[(24, "Annual Report 2024"), (10, "Published by the Foundation")],
             [(16, "Foreword")] + body + [(16, "Results at a glance"), (10, "We placed 1,264 people in jobs.")],
             [(13, "Looking ahead: our commitments for 2025"), (10, "We will reserve 40 per cent of cash."),
              (20, "241,067"), (10, "returns in 2024")]]
    _pdf(tmp_path / "report.pdf", pages)
    doc = read_pdf(tmp_path / "report.pdf")
    # the cover's title is no section, a figure callout no heading; the larger type is the higher level
    assert [(h.title, h.level) for h in doc.headings] == [
        ("Foreword", 1), ("Results at a glance", 1), ("Looking ahead: our commitments for 2025", 2)]
    assert all(doc.text[h.start:].startswith(h.title) for h in doc.headings)
    bullet = next(c for c in chunk(doc) if "40 per cent" in c.text)
    assert bullet.section[-1] == "Looking ahead: our commitments for 2025"
    # numbered headings the text shows keep the text's sections
    numbered = [[(10, "Cover")]] + [[(16, f"{n}. {title}"), (10, f"Section {n} tells of {title.lower()} in a sentence."),
                                     (10, f"It goes on about {title.lower()} for a while.")]
                                    for n, title in enumerate(["Introduction", "Results", "Next steps"], 1)]
    _pdf(tmp_path / "numbered.pdf", numbered)
    assert read_pdf(tmp_path / "numbered.pdf").headings == ()


AUDIT = """3. Hallazgos y recomendaciones
Hallazgo 1: Verificación de personas beneficiarias (prioridad alta)
Condición. Se detectaron 18 hogares registrados dos veces.
Recomendación 1
Implementar una base de datos única de personas beneficiarias con control de duplicados.
Comentarios de la administración: De acuerdo. La oficina migrará el registro a la plataforma regional.

Fecha prevista de implementación: 30 de junio de 2025
Responsable: Coordinador de País, Panamá (Sr. Eduardo Sanjur)
Hallazgo 2: Control de inventario de medicamentos (prioridad alta)
Condición. El conteo físico arrojó diferencias en 23 de los 60 productos.
Recomendación 2
Introducir un kárdex electrónico para todos los medicamentos.
Comentarios de la administración: Parcialmente de acuerdo. Falta presupuesto.
Fecha prevista de implementación: 31 de marzo de 2025
Responsable: Jefa de Logística y Suministros
4. Seguimiento de recomendaciones de auditorías anteriores
La auditoría anterior formuló dos recomendaciones. Su estado es el siguiente:
N.°\tRecomendación (resumen)\tPlazo original\tEstado
1\tFormalizar convenios con el Servicio Nacional de Migración\t31/03/2023\tImplementada
2\tAdoptar un registro de activos fijos\t30/06/2023\tEn curso (vencida)
5. Conclusión
El programa ha prestado una asistencia vital."""


def test_an_audits_recommendations_take_their_label_lines_and_an_earlier_audits_table_repeats_none():
    recs = [r for r in extract_records(Document("audit", "Informe", (Page(1, AUDIT),))) if r.kind == "recommendation"]
    own = [(r.number, r.response, r.deadline, r.responsible) for r in recs if not r.status]
    assert own == [("1", "De acuerdo", "30 de junio de 2025", "Coordinador de País, Panamá (Sr. Eduardo Sanjur)"),
                   ("2", "Parcialmente de acuerdo", "31 de marzo de 2025", "Jefa de Logística y Suministros")]
    assert [(r.number, r.status) for r in recs if r.status] == [("1", "Implementada"), ("2", "En curso (vencida)")]
    assert not [r for r in extract_records(Document("audit", "Informe", (Page(1, AUDIT),))) if r.kind == "action"]
    # a recommendation ends where the next finding begins: the finding's passage holds no recommendation
    assert "Hallazgo 2" not in AUDIT[recs[0].start:recs[0].end] and AUDIT[recs[0].start:].startswith("Recomendación 1")


def test_a_next_phases_numbered_recommendations_and_a_strategys_we_will_list_are_records():
    report = ("6. Recommendations for the next phase\n\n5. Integrate legal assistance into every pathway.\n\n"
              "6. Provide childcare during all training sessions.\n\n7. Next steps\n\nThe Secretariat will report.")
    heads = tuple(Heading(report.index(t), 1, t) for t in ("6. Recommendations for the next phase", "7. Next steps"))
    recs = extract_records(Document("progress", "Report", (Page(None, report),), headings=heads))  # Word's headings
    assert [(r.kind, r.number, r.text) for r in recs] == [
        ("recommendation", "5", "Integrate legal assistance into every pathway."),
        ("recommendation", "6", "Provide childcare during all training sessions.")]
    strategy = ("SO1 — Documentation\n\nWe will:\n\n1. Run legal clinics every week in Iquique.\n"
                "2. Train 150 municipal officials per year.\n\nSO2 — Decent work\n\nWe will focus on jobs.\n")
    recs = extract_records(Document("strategy", "Strategy", (Page(None, strategy),)))
    assert [(r.kind, r.text) for r in recs] == [("commitment", "Run legal clinics every week in Iquique."),
                                               ("commitment", "Train 150 municipal officials per year.")]


def test_a_web_articles_list_whose_class_sounds_like_boilerplate_is_kept(tmp_path):
    """Set V: a news release's "Next steps" list was lost: trafilatura discards an element whose
    class holds one of its boilerplate words ("next-")."""
    from puente.ingest.read_html import read_html

    items = "".join(f"<li>Deploy mobile registration teams to Region {n} by September 2025 with the ministry.</li>"
                    for n in (1, 7))
    related = "".join(f'<li><a href="/news/{n}">Another story about registration number {n}</a></li>' for n in range(4))
    page = (f"<html><head><title>Release</title></head><body><nav><a href='/'>Home</a></nav><main><h1>Caribbean plan</h1>"
            f"<p>UNHCR and partners launched the 2025 plan for the Caribbean in Port of Spain today.</p><h2>Next steps</h2>"
            f"<p>Over the coming months, UNHCR and its partners will:</p><ol class='next-steps'>{items}</ol>"
            f"<ul class='next-stories'>{related}</ul>"
            "<p class='cookie-notice'>We use cookies to improve your experience of this website, see our policy.</p>"
            "</main></body></html>")
    path = tmp_path / "release.html"
    path.write_text(page, encoding="utf-8")
    text = read_html(path).text
    assert "Deploy mobile registration teams to Region 7" in text
    assert "Another story" not in text and "cookies" not in text  # links and a consent banner stay out


def test_a_slides_bulleted_recommendations_are_records_and_a_monitoring_report_is_named():
    from puente.common.types import DocInfo
    from puente.index.search.doc_names import DocNames

    deck = ("Recommendations\n• Dominican authorities: end night-time returns and refrain from returning pregnant\n"
            "women and unaccompanied children.\n• Donors: provide multi-year flexible funding.\n\nIOM commitments for 2025\n"
            "• Reach 20,000 people with civil documentation.")
    heads = (Heading(0, 1, "Recommendations"), Heading(deck.index("IOM commitments"), 1, "IOM commitments for 2025"))
    recs = [r for r in extract_records(Document("deck", "Briefing", (Page(1, deck),), headings=heads))
            if r.kind == "recommendation"]
    assert [(r.number, r.text) for r in recs] == [
        ("1", "Dominican authorities: end night-time returns and refrain from returning pregnant women and "
              "unaccompanied children."), ("2", "Donors: provide multi-year flexible funding.")]
    docs = {"mip": DocInfo(doc="mip", title="Informe de seguimiento 2024 - PNMDP 2023-2026"),
            "iom": DocInfo(doc="iom", title="Protection and Reintegration Results Briefing 2024")}
    assert DocNames(docs).named("How does the monitoring report compare with the results briefing?") == ["mip", "iom"]


def test_a_progress_report_is_named_by_any_of_its_genres_names():
    from puente.common.types import DocInfo
    from puente.index.search.doc_names import DocNames

    docs = {"mip": DocInfo(doc="mip", title="Informe de seguimiento 2024 - PNMDP 2023-2026"),
            "iom": DocInfo(doc="iom", title="Protection and Reintegration Results Briefing 2024")}
    for q in ("What does the 2024 progress report recommend on identity checks?",
              "¿Qué dice el informe de avance sobre la verificación?", "What does the monitoring report say?"):
        assert DocNames(docs).named(q) == ["mip"], q
