"""A place's name against its people's: which mentions name the place."""
import pytest

from puente.common.places import demonym, spans
from puente.common.text import fold


@pytest.mark.parametrize("text, people", [
    ("Guatemala's plan", False), ("Guatemalan women", True), ("guatemaltecos en tránsito", True),
    ("Costa Rica", False), ("costarricenses", True), ("Haitians", True), ("EEUU", False), ("the UK", False),
    ("Holanda", False), ("México", False), ("personas mexicanas", True),
    ("Sudamérica", False), ("Suramérica", False), ("Latin America", False), ("América Latina", False),
    ("América Central", False), ("Congo", False), ("South Korea", False), ("Corea del Sur", False), ("Türkiye", False),
    ("Trinidad", False), ("sudamericanos", True), ("South Americans", True), ("Chinese", True), ("peruanas", True),
])
def test_a_demonym_is_told_from_the_place_name(text, people):
    folded = fold(text)
    (start, end, entity), = spans(text)
    assert demonym(entity, folded[start:end]) is people


@pytest.mark.parametrize("text, place", [
    ("Who leads case management in the DR?", "Dominican Republic"), ("la evaluación de RD", "Dominican Republic"),
    ("the T&T action plan", "Trinidad and Tobago"), ("refugees from DR Congo", "Democratic Republic of the Congo"),
    ("Dr. Pérez presented the plan", None), ("the third rd of talks", None),
])
def test_a_countrys_abbreviation_names_it_in_capitals_only(text, place):
    from puente.common.places import find

    assert [e.en for e in find(text) if e.kind == "place"] == ([place] if place else [])


@pytest.mark.parametrize("text, places", [
    ("a museum founded by the American volcanologist Frank Perret", ["United States"]),  # "¿Qué vulcanólogo estadounidense …?"
    ("Americans and Canadians", ["United States", "Canada"]),
    ("the Inter-American Commission on Human Rights", []),  # the Americas' system, not the United States
    ("the Pan-American Highway", []),
    ("the World Bank, the Inter-\nAmerican Development\nBank", []),  # a PDF line's end inside the compound
    ("Latin American and Central American countries", ["Latin America and the Caribbean", "Central America"]),
    ("the Pan American Health Organization", []),  # an organisation
])
def test_american_names_the_united_states_unless_it_ends_a_compound(text, places):
    from puente.common.places import find

    assert [e.en for e in find(text) if e.kind == "place"] == places
