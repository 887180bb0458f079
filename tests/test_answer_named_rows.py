"""A table row the question names by its name, not by its numbered label ("Resultado 3:"), and
whose figure is of the asked type by its column's header ("Ejecución (%)" makes "81,0" a share):
a budget-execution question about one outcome was answered with the office's total."""
from __future__ import annotations

from test_answers import _ask, _chunk

from puente.index.answer.read.tables import named_share

EXECUTION = ("Ejecución financiera 2024\nEl presupuesto total disponible en 2024 fue de USD 25.555.000, de los cuales se "
             "ejecutaron USD 22.706.580, es decir, una ejecución de 88,9 %. El 62 % de los recursos provino de donantes "
             "bilaterales.\n"
             "Resultado\tPresupuesto (USD)\tGasto (USD)\tEjecución (%)\n"
             "Resultado 1: Paz y participación\t6.850.000\t6.123.900\t89,4\n"
             "Resultado 2: Vida libre de violencias\t9.420.000\t8.704.080\t92,4\n"
             "Resultado 3: Autonomía económica de las mujeres\t5.310.000\t4.301.100\t81,0\n"
             "Resultado 4: Acción humanitaria\t3.975.000\t3.577.500\t90,0\n"
             "Total\t25.555.000\t22.706.580\t88,9")


def test_a_rows_numbered_label_is_not_a_word_the_question_must_say():
    question = "¿Qué nivel de ejecución tuvo la línea de autonomía económica de las mujeres?"
    assert named_share("Resultado 3: Autonomía económica de las mujeres", question) == 1.0
    assert named_share("Outcome 2 – Protection", "the protection budget") == 1.0
    assert named_share("Pillar IV. Social cohesion", "what was spent on social cohesion") == 1.0
    assert named_share("Resultado 3: Autonomía económica de las mujeres", "el resultado 3") < 1.0  # the name is not said
    assert named_share("Resultado 3: Paz", "¿qué ejecutó el resultado 3 en paz?") == 1.0  # the label said too
    assert named_share("Violencia basada en género", "violencia basada en género") == 1.0  # no label: as before
    girls = "How many girls aged 5 to 17 years were reached?"  # an age band is no label
    assert named_share("Girls 5 – 17 years", girls) == 1.0 and named_share("Boys 5 – 17 years", girls) < 1.0


def test_the_row_the_question_names_answers_with_its_column(encoder):
    question = "¿Qué nivel de ejecución presupuestaria alcanzó la oficina en autonomía económica de las mujeres en 2024?"
    ans, _ = _ask(encoder, question, [_chunk("onu-mujeres-informe-2024", EXECUTION, title="Informe anual 2024", lang="es")],
                  lang="es")
    assert (ans.label, ans.value) == ("Resultado 3: Autonomía económica de las mujeres — Ejecución (%)", "81,0")
    ans, _ = _ask(encoder, "¿Qué porcentaje del presupuesto se ejecutó en acción humanitaria?",
                  [_chunk("onu-mujeres-informe-2024", EXECUTION, title="Informe anual 2024", lang="es")], lang="es")
    assert ans.value == "90,0" and ans.label.startswith("Resultado 4: Acción humanitaria")


def test_a_percent_sign_beside_no_figure_is_no_share():
    """A wrapped column header ("Expenditure as % of Funds Available") states no share; a share
    in words ("nearly half of them") does."""
    from puente.index.answer.asked.answer_type import type_match
    from puente.index.answer.asked.question import analyse

    q = analyse("What share of the final budget had funds available in 2023?")
    assert q.share
    assert type_match(q.kind, "Expenditure as % of Funds Available", q) == 0.0
    assert type_match(q.kind, "Percentages of funds available by outcome area", q) == 0.0
    assert type_match(q.kind, "Nearly half of them were funded by the end of the year.", q) == 1.0
    assert type_match(q.kind, "Funds available reached 52.05% of the final budget.", q) == 1.0
