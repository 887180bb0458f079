"""Records on a topic: "gender" returns records (not passages), ranked, in either language;
the app's list and CSV and `puente records --topic … --csv` agree."""
from __future__ import annotations

import csv
import io

from puente.app.cli import main
from puente.app.exports.formats import RECORD_CSV_FIELDS
from puente.app.web.behaviour import PuenteApp
from puente.app.web.render import render_records
from puente.common.settings import Settings
from puente.index.compare import records_on_topic
from puente.index.topic_match import ON_TOPIC as RECORD_THRESHOLD

GBV = "Proportion of people who know where to access available GBV services"


def test_a_topic_in_english_or_spanish_returns_the_records_on_it_best_first(engine):
    for topic in ("gender-based violence", "violencia de género"):
        ranked = records_on_topic(engine, topic)
        texts = [r.text for r, _ in ranked]
        assert any(GBV in t for t in texts), topic
        scores = [s for _, s in ranked]
        assert scores == sorted(scores, reverse=True) and min(scores) >= RECORD_THRESHOLD
        assert len(ranked) < len(engine.index.records) / 4  # a filter, not the whole list


def test_app_records_combine_topic_and_filters_and_show_them_readably(engine):
    app = PuenteApp(engine, Settings())
    rows, scores = app.records(kind="indicator", topic="violencia de género")
    assert rows and {r.kind for r in rows} == {"indicator"} and set(scores) == {id(r) for r in rows}
    html = render_records(rows, "es", scores)
    assert GBV in html and "indicador" in html and html.count("sobre el tema") == len(rows)
    every, none = app.records(), app.records(doc="no-such-doc", topic="gender")
    assert len(every[0]) == len(engine.index.records) and none == ([], {})


def test_cli_topic_csv_has_the_app_columns(capsys, corpus_index, engine):
    assert main(["records", "--topic", "gender-based violence", "--csv", "--index", str(corpus_index)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and list(rows[0]) == RECORD_CSV_FIELDS
    assert any(GBV in r["text"] for r in rows)


def test_cli_status_filter_ignores_case_as_its_help_example_is_written(capsys, corpus_index):
    """`puente records --status ongoing` (the help's own example) listed 0 records: the
    matrices write "Ongoing"."""
    import json

    counts = []
    for status in ("ongoing", "Ongoing", " ONGOING"):
        assert main(["records", "--status", status, "--json", "--index", str(corpus_index)]) == 0
        out = json.loads(capsys.readouterr().out)
        assert {r["status"] for r in out["records"]} == {"Ongoing"}
        counts.append(out["count"])
    assert counts[0] > 0 and len(set(counts)) == 1
