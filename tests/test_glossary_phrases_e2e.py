"""A glossary phrase carries its words across languages end to end (corpus/, the real model):
"¿Qué dicen el informe del Banco Mundial y el informe anual del ACNUR sobre medios de vida?"
found no passage on livelihoods, since "medios" and "vida" were looked up one at a time and
neither is "livelihoods"; the UNHCR side had no answer."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

REPORT = "unhcr-mexico-annual-results-report-2023"


def test_a_spanish_phrase_finds_the_english_livelihoods_passage(engine):
    res = engine.ask("¿Qué dicen el informe del Banco Mundial y el informe anual del ACNUR sobre medios de vida?")
    assert res.hits[0].chunk.doc == REPORT and "Livelihoods" in res.hits[0].chunk.text
    assert [a.doc for a in res.answers] == [REPORT, "Banco Mundial"]
    assert res.answers[0] and "Livelihoods" in res.answers[0].text, res.answers[0].reason
