"""A PDF table's columns from pypdf's layout mode, the rest of the page as its plain
text (``ingest/pdf_tables/figures.py``): a results report's tables written for an unseen set
read "San Miguel 3.020 3.400 3.655" with no column to answer from and gave no records."""
from __future__ import annotations

from puente.common.types import Document, Page
from puente.ingest.pdf_tables.figures import table_line, table_lines, with_columns
from puente.ingest.records import extract_records

PLAIN = """Tabla 2. Indicadores de resultado
Indicador de resultado Línea de base (2023) Meta 2024 Resultado 2024
Personas que recibieron orientación legal 3.950 5.000 5.420
Personas que obtuvieron DUI o partida de
nacimiento 1.610 2.500 2.307
Total 5.560 7.500 7.727
Resultado Presupuesto Gasto
Protección 4.300.000 3.610.000
En 2024 la operación alcanzó a 16.970 personas en cinco departamentos del país."""

LAYOUT = """Tabla 2. Indicadores de resultado
Indicador de resultado                         Línea de base         Meta 2024            Resultado
                                                        (2023)                                   2024
Personas que recibieron orientación legal                 3.950             5.000               5.420
Personas que obtuvieron DUI o partida de                  1.610             2.500               2.307
nacimiento
Total                                                     5.560             7.500               7.727
Resultado                  Presupuesto               Gasto
Protección                   4.300.000           3.610.000
En   2024   la   operación   alcanzó   a   16.970   personas   en   cinco   departamentos   del   país."""


def test_table_lines_are_told_from_prose_justified_wide_and_running_headers():
    assert table_line("Total                                 5.560             7.500               7.727")
    assert not table_line("En   2024   la   operación   alcanzó   a   16.970   personas   en   cinco   departamentos")
    assert not table_line("Protección                   4.300.000")  # two cells: no table line on its own
    lines = ["Informe anual 2024   ACNUR México   Página 12", "",
             "The   ministry   will strengthen   coordination with partners in", "the northern region this year.",
             "Indicador de resultado             Línea de base         Meta 2024", "",
             "Personas orientadas                         3.950             5.000",
             "Protocolo adoptado                             No                Sí"]
    # prose spread unevenly and a running header are no table; a header and a row of words
    # next to a row of figures as wide are
    assert table_lines(lines) == [False, False, False, False, True, False, True, True]


def test_table_rows_take_their_cells_from_the_layout_and_prose_stays_plain():
    text = with_columns(PLAIN, LAYOUT)
    assert text.split("\n") == [
        "Tabla 2. Indicadores de resultado",
        "Indicador de resultado\tLínea de base (2023)\tMeta 2024\tResultado 2024",  # the header wrapped in the layout
        "Personas que recibieron orientación legal\t3.950\t5.000\t5.420",
        "Personas que obtuvieron DUI o partida de nacimiento\t1.610\t2.500\t2.307",  # two plain lines, one row
        "Total\t5.560\t7.500\t7.727",
        "Resultado\tPresupuesto\tGasto",
        "Protección\t4.300.000\t3.610.000",
        "En 2024 la operación alcanzó a 16.970 personas en cinco departamentos del país."]
    assert with_columns(PLAIN, "") == PLAIN  # layout mode failed: the plain text


def test_a_pdf_indicator_table_gives_records_up_to_the_next_tables_header():
    doc = Document(doc="informe", title="Informe anual 2024", pages=(Page(1, with_columns(PLAIN, LAYOUT)),))
    assert [(r.kind, r.text, r.baseline, r.target, r.actual) for r in extract_records(doc)] == [
        ("indicator", "Personas que recibieron orientación legal", "3.950", "5.000", "5.420"),
        ("indicator", "Personas que obtuvieron DUI o partida de nacimiento", "1.610", "2.500", "2.307"),
        ("indicator", "Total", "5.560", "7.500", "7.727")]


def test_a_row_whose_name_cell_wraps_in_both_texts_is_one_row_with_its_figures():
    """A name cell wrapped over two to four layout lines, its figures on the first: the plain
    text gives the name's lines, then the figures ("Resultado 3: … de las" / "mujeres" /
    "5.310.000 4.301.100 81,0"); read as one row. Figures with their unit ("0.61 million")
    are figures, so the header over such rows is the table's."""
    plain = "\n".join([
        "Indicator Baseline (2022) Target (2025) Actual (Dec. 2024)",
        "Refugees and migrants with", "a valid migration status", "0.61 million 1.30 million 1.12 million",
        "Migrants registered in the", "public employment service", "(Bolsa de Trabajo)", "6,200 20,000 14,850",
        "Migrant children under 5", "affiliated to the", "Comprehensive Health", "Insurance (SIS)", "18,400 60,000 52,300",
        "Public funding allocated to the Plan in 2024 amounted to PEN 38.5 million."])
    layout = "\n".join([
        "Indicator                      Baseline (2022)          Target (2025)          Actual (Dec. 2024)",
        "Refugees and migrants with     0.61 million             1.30 million           1.12 million",
        "a valid migration status",
        "Migrants registered in the     6,200                    20,000                 14,850",
        "public employment service",
        "(Bolsa de Trabajo)",
        "Migrant children under 5       18,400                   60,000                 52,300",
        "affiliated to the",
        "Comprehensive Health",
        "Insurance (SIS)",
        "",
        "Public   funding   allocated   to   the   Plan   in   2024   amounted   to   PEN   38.5   million."])
    assert with_columns(plain, layout).split("\n") == [
        "Indicator\tBaseline (2022)\tTarget (2025)\tActual (Dec. 2024)",
        "Refugees and migrants with a valid migration status\t0.61 million\t1.30 million\t1.12 million",
        "Migrants registered in the public employment service (Bolsa de Trabajo)\t6,200\t20,000\t14,850",
        "Migrant children under 5 affiliated to the Comprehensive Health Insurance (SIS)\t18,400\t60,000\t52,300",
        "Public funding allocated to the Plan in 2024 amounted to PEN 38.5 million."]


def test_a_header_wrapped_onto_a_line_of_years_is_one_header():
    layout = ("Indicator         Baseline     Target     Actual\n"
              "                  2022         2025       2024\n"
              "Persons reached   1,200        2,000      1,850")
    plain = "Indicator Baseline 2022 Target 2025 Actual 2024\nPersons reached 1,200 2,000 1,850"
    assert with_columns(plain, layout).split("\n") == [
        "Indicator\tBaseline 2022\tTarget 2025\tActual 2024", "Persons reached\t1,200\t2,000\t1,850"]


def test_prose_under_a_table_row_is_not_its_wrapped_name():
    """A line under a row that runs across the row's columns is prose, not the rest of its name."""
    from puente.ingest.pdf_tables.figures import _wrapped

    row = "Total                       5.560             7.500               7.727"
    assert _wrapped(row, ["The operation reached more people than planned in every"]) is None
    assert _wrapped(row, ["(all departments)"]) == "Total (all departments)\t5.560\t7.500\t7.727"
    plain = "Total 5.560 7.500 7.727\nThe operation reached more people than planned in every\ndepartment."
    layout = ("Total                       5.560             7.500               7.727\n"
              "The operation reached more people than planned in every\ndepartment.")
    assert with_columns(plain, layout).split("\n") == [
        "Total\t5.560\t7.500\t7.727", "The operation reached more people than planned in every", "department."]
