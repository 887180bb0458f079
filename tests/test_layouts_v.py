"""Layouts of an unseen report set (V, W): a monitoring matrix in a landscape PDF (a header whose
cells wrap, "Eje 1 – …" rows across the table, "Línea de acción | Compromiso" columns), a slide
deck exported to PDF (each slide's title its section), Markdown with YAML front matter and a
note pasted from an e-mail (their titles)."""
from __future__ import annotations

import pypdf

from puente.common.types import Document, Page
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
