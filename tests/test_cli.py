"""CLI: --json shapes, batch search, exit codes, and the README documents every command."""
from __future__ import annotations

import json
import re

import pytest
from conftest import DATA, ROOT

from puente.app.cli import build_parser, main


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    names = []
    for name, sp in sub.choices.items():
        nested = [a for a in sp._actions if a.__class__.__name__ == "_SubParsersAction"]
        names += [f"{name} {n}" for n in nested[0].choices] if nested else [name]
    return names


def test_every_cli_command_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text()
    for cmd in _commands():
        assert re.search(rf"puente {re.escape(cmd)}\b", readme), f"README does not document `puente {cmd}`"


def _options() -> list[tuple[str, str]]:
    """``(command, --option)`` for every long option of every command."""
    out = []

    def walk(name, parser):
        for action in parser._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for sub, sp in action.choices.items():
                    walk(f"{name} {sub}".strip(), sp)
            out.extend((name, o) for o in action.option_strings if o.startswith("--") and o != "--help")

    walk("", build_parser())
    return out


def test_every_cli_option_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [f"{cmd} {opt}" for cmd, opt in _options() if not re.search(rf"{re.escape(opt)}\b", readme)]
    assert len(_options()) > 30 and missing == [], f"README does not document {missing}"


def test_every_setting_is_documented_in_readme():
    """The README's settings table has a row for every ``Settings`` field, with its description."""
    from puente.common.settings import Settings

    readme = (ROOT / "README.md").read_text()
    missing = [name for name, help, _ in Settings.describe() if f"| `{name}` | {help} |" not in readme]
    assert missing == [], f"README's settings table lacks {missing}"


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_shape(capsys, corpus_index, engine):
    code, out, _ = _run(capsys, "search", "How many people did UNHCR train on GBV risks in 2023?", "--index", str(corpus_index),
                        "--json", "--k", "5")
    assert code == 0
    res = json.loads(out)
    assert set(res) == {"query", "hits", "answer"}
    assert len(res["hits"]) == 5
    for h in res["hits"]:
        assert {"doc", "title", "page_start", "page_end", "section", "lang", "text", "score", "citation"} <= set(h)
        assert h["citation"].startswith(h["doc"])
    assert res["hits"][0]["doc"] == "unhcr-mexico-annual-results-report-2023"
    assert "740" in " ".join(h["text"] for h in res["hits"][:3])


def test_search_filters_by_doc_and_lang(capsys, corpus_index, engine):
    doc = "oim-red-migracion-america-del-sur-respuesta-gerencial"
    code, out, _ = _run(capsys, "search", "coordination meetings", "--index", str(corpus_index), "--json", "--doc", doc)
    assert code == 0 and {h["doc"] for h in json.loads(out)["hits"]} == {doc}
    code, out, _ = _run(capsys, "search", "coordination meetings", "--index", str(corpus_index), "--json", "--lang", "en")
    assert code == 0 and {h["lang"] for h in json.loads(out)["hits"]} == {"en"}


def test_search_unknown_doc_is_a_clear_error(capsys, corpus_index, engine):
    code, _, err = _run(capsys, "search", "anything", "--index", str(corpus_index), "--doc", "no-such-doc")
    assert code == 2 and "no-such-doc" in err and "puente docs" in err
    code, _, err = _run(capsys, "compare", "gender", "--index", str(corpus_index), "--docs", "no-such-doc,other-one")
    assert code == 2 and err.startswith("error: no-such-doc, other-one: are not in the index;"), err  # every one named
    folder = _run(capsys, "brief", str(corpus_index), "--index", str(corpus_index))
    assert folder[0] == 2 and folder[2].startswith(f"error: {corpus_index}: is a folder;"), folder


def test_batch_search_reads_gold_file_and_writes_one_line_per_question(capsys, corpus_index, engine, tmp_path):
    lines = (DATA / "report_questions.jsonl").read_text().splitlines()[:3]
    f = tmp_path / "q.jsonl"
    f.write_text("\n".join(lines) + "\n")
    code, out, _ = _run(capsys, "search", "--queries", str(f), "--json", "--index", str(corpus_index), "--k", "3")
    assert code == 0
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in rows] == [json.loads(x)["id"] for x in lines]
    assert all(len(r["hits"]) == 3 and "answer" in r for r in rows)


def test_search_markdown_and_csv_exports_quote_with_citations(capsys, corpus_index, engine):
    q = "¿Qué plazo tiene la OIM para elaborar la herramienta de gestión de riesgos?"
    code, md, _ = _run(capsys, "search", q, "--index", str(corpus_index), "--format", "md", "--k", "3")
    assert code == 0 and md.count("\n> ") >= 3
    assert "*OIM - Evaluacion de medio termino - Matriz de respuesta gerencial, [p" in md  # the title, the page linked
    code, csv_text, _ = _run(capsys, "search", q, "--index", str(corpus_index), "--format", "csv", "--k", "3")
    assert code == 0 and csv_text.splitlines()[0].startswith("query,rank,citation")
    assert len(csv_text.strip().splitlines()) >= 4


def test_docs_json_lists_documents(capsys, corpus_index, engine):
    code, out, _ = _run(capsys, "docs", "--index", str(corpus_index), "--json")
    docs = json.loads(out)["docs"]
    assert code == 0 and len(docs) == 5
    assert all({"doc", "title", "lang", "pages", "chunks", "sha256", "ingested_at"} <= set(d) for d in docs)


@pytest.mark.parametrize("args, name", [(["   "], "QUESTION"), (["?"], "QUESTION"), (["¿?", "--format", "md"], "QUESTION"),
                                        (["refugees", "--k", "0"], "--k"), (["refugees", "--k", "-3"], "--k")])
def test_a_question_without_words_or_zero_passages_is_an_input_error(capsys, tmp_path, args, name):
    """Exit 2 with the one-line error, before any index or model is read (none exists here)."""
    code, out, err = _run(capsys, "search", *args, "--index", str(tmp_path / "none"))
    assert code == 2 and out == "" and err.startswith(f"error: {name}: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("args, start", [(["search", "asylum", "--format", "xml"], "error: --format: invalid choice: 'xml'"),
                                         (["search", "asylum", "--lang", "fr"], "error: --lang: invalid choice: 'fr'"),
                                         (["compare", "gender", "--k", "x"], "error: --k: invalid int value: 'x'"),
                                         (["brief"], "error: the following arguments are required: QUESTIONS.txt")])
def test_a_usage_error_is_one_line_that_points_to_the_help(capsys, args, start):
    """argparse's own errors (a choice not offered, a missing argument) are one line like
    every other error, not the usage block, and exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    assert exc.value.code == 2 and out == "" and err.count("\n") == 1, err
    assert err.startswith(start) and err.rstrip().endswith(f"see `puente {args[0]} --help`"), err


def test_brief_and_compare_refuse_zero_passages(capsys, tmp_path):
    q = tmp_path / "q.txt"
    q.write_text("Who is responsible?\n")
    assert _run(capsys, "brief", str(q), "--k", "0", "--index", str(tmp_path / "none"))[0] == 2
    assert _run(capsys, "compare", "gender", "--k", "0", "--index", str(tmp_path / "none"))[0] == 2


@pytest.mark.parametrize("command, var", [(["compare", "gender"], "PUENTE_COMPARE_K"), (["track", "plan"], "PUENTE_TRACK_K"),
                                          (["brief", "QUESTIONS"], "PUENTE_BRIEF_K")])
def test_zero_passages_from_the_environment_is_an_input_error(capsys, tmp_path, monkeypatch, command, var):
    """PUENTE_COMPARE_K=0 compared nothing and said "Nothing on this topic" while --json counted
    8 more passages; each passage count is checked, as --k and PUENTE_K are."""
    q = tmp_path / "q.txt"
    q.write_text("Who is responsible?\n")
    monkeypatch.setenv(var, "0")
    args = [str(q) if a == "QUESTIONS" else a for a in command]
    code, out, err = _run(capsys, *args, "--index", str(tmp_path / "none"))
    assert code == 2 and out == "" and err.startswith(f"error: {var}: ") and err.count("\n") == 1, err


def test_docs_prints_whole_names_that_doc_accepts(capsys, tmp_path, encoder):
    from puente.index.update import ingest

    long_name = "oim-red-migracion-america-del-sur-respuesta-gerencial-anexo-2024"
    f = tmp_path / f"{long_name}.txt"
    f.write_text("The shelter network in Tapachula adopted reception standards in March 2024. " * 10)
    assert ingest([f], tmp_path / "idx", encoder).ok
    code, out, _ = _run(capsys, "docs", "--index", str(tmp_path / "idx"))
    shown = out.splitlines()[1].split()[0]
    assert code == 0 and shown == long_name
    code, _, err = _run(capsys, "records", "--doc", shown, "--index", str(tmp_path / "idx"))
    assert code == 0, err


def test_search_without_index_says_what_to_run(capsys, tmp_path, encoder):
    code, _, err = _run(capsys, "search", "anything", "--index", str(tmp_path / "none"))
    assert code == 1 and "puente ingest" in err


def test_help_is_fast_and_lists_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "ingest" in capsys.readouterr().out
