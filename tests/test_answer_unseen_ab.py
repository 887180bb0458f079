"""The answer step on sets A and B (twenty-seventh round): a year a sentence only compares with."""
from __future__ import annotations

from puente.index.answer.read.text import compared_only


def test_a_year_a_sentence_only_compares_with_is_not_the_year_its_figure_counts():
    """"How many survivors … did UN Women's partners assist in 2023?" answered with the results box's
    "14.872 personas … recibieron atención …, un 30 % más que en 2023" (2024's figure) over the
    chapter's "En 2024, 14.872 …, frente a 11.430 en 2023 y 9.215 en 2022"."""
    assert compared_only("2023", "14.872 personas recibieron atención psicosocial, un 30 % más que en 2023.")
    assert compared_only("2022", "Funding rose by 12 per cent compared with 2022.")
    assert not compared_only("2023", "En 2024, 14.872 personas, frente a 11.430 en 2023 y 9.215 en 2022.")
    assert not compared_only("2023", "In 2023, 500 people were assisted, 20% more than in 2022.")
    assert not compared_only("2023", "The programme assisted 4,000 people.")  # no mention: not this check's to say
