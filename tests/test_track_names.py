"""Follow-through by name: a later report that names the programme, campaign or office an item
names reports on it, however differently the rest is worded."""
from __future__ import annotations

from puente.common.types import Chunk
from puente.index.track import NameIndex, names, rare_names

PLAN = "mirps-mexico-national-action-plan"
REPORT = "unhcr-mexico-annual-results-report-2023"


def test_a_statement_names_quoted_names_capitalised_runs_and_long_acronyms():
    assert names('COMAR and UNHCR through "El Jaguar," in collaboration with other authorities') == \
        ["El Jaguar", "COMAR", "UNHCR"]
    # "and" joins two names, not one; an article and a sentence's first word are not part of a name
    assert names("COMAR and the National Employment Service, through the channelling mechanism") == \
        ["National Employment Service", "COMAR"]
    assert names("Reinforce QAI work plan. The SEP, as the coordinator of the Thematic Table on Educational Inclusion") == \
        ["Thematic Table on Educational Inclusion"]
    # an article is dropped, not the name's first word with it ("The Ministry of Labour will …")
    assert names("The plan is set. The Ministry of Labour will issue permits.") == ["Ministry of Labour"]
    assert names("The Ministry will issue work permits.") == [] and names('"UN" and "IOM" will meet') == []
    # three-letter acronyms are as often common nouns (NGO, GBV); places are read as places
    assert names("Contributions from NGO and GBV partners in Costa Rica") == []


def test_a_name_is_rare_when_few_passages_of_other_documents_hold_it():
    def chunk(doc, text):
        return Chunk(doc=doc, title=doc, text=text)

    chunks = [chunk("plan", "The National Employment Service and COMAR will link applicants to job offers."),
              chunk("report", "A National  Employment\nService office opened in the Multiservice Centre."),
              *[chunk("report", f"COMAR processed claims in office {i}.") for i in range(4)]]
    index = NameIndex(chunks)
    assert index.holding("National Employment Service") == [0, 1] and index.holding("COMAR") == [0, 2, 3, 4, 5]
    assert rare_names(chunks[0].text, index, "plan") == {"National Employment Service": [1]}
    assert rare_names(chunks[0].text, index, "plan", most=5) == {"National Employment Service": [1], "COMAR": [2, 3, 4, 5]}
    assert rare_names("The Helpdesk Programme will open.", index, "plan") == {}  # named nowhere else


def test_track_reports_the_passage_that_names_the_commitments_programme(engine):
    """The plan's "El Jaguar" campaign and National Employment Service commitments read "no later
    report mentions this" although the results report names both (a statement read as a topic
    scored below the threshold: its other words are worded unlike the report's)."""
    from puente.index.compare import quote
    from puente.index.track import track

    res = track(engine, PLAN, [REPORT])
    for said, named in [('"El Jaguar,"', "Confía en El Jaguar"), ("facilitate the labour inclusion", "National Employment Service office")]:
        item = next(it for it in res.items if said in it.record.text)
        assert any(named in " ".join(quote(h).split()) for h, _ in item.reports), [quote(h) for h, _ in item.reports]


def test_an_item_without_reports_is_said_to_have_no_passage_clearly_about_it():
    """It said "None of the other reports mentions this" for the plan's labour-market commitment,
    which the results report touches ("600 companies recruiting refugees") in other words: the
    line is a judgement on the on-topic score, and says so, in every view."""
    from puente.app.exports.comparison import track_csv, track_markdown, track_text
    from puente.app.web.render import render_track
    from puente.index.track import TrackedItem, TrackResult
    from puente.ingest.records.record import Record

    item = Record(doc=PLAN, kind="commitment", number="4.1", text="Support labour inclusion.", start=0, end=25)
    result = TrackResult(PLAN, "MIRPS plan", [REPORT], [TrackedItem(item, [])])
    for lang, line in (("en", "No passage of the other reports is clearly about this."),
                       ("es", "Ningún pasaje de los otros informes trata esto con claridad.")):
        for view in (track_text, track_markdown, track_csv, render_track):
            assert line in view(result, lang=lang), (view.__name__, lang)
    assert "mentions" not in track_text(result) + render_track(result)
