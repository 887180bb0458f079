"""Briefings: Markdown and Word (opened back with python-docx), the answer accessor, the
question file, and `puente brief` / `search --queries --format md` through the real CLI."""
from __future__ import annotations

import json
from types import SimpleNamespace

import docx
import pytest

from puente.app.briefing import _answer_md, answer_of, briefing_docx, briefing_markdown, cited_sources, read_questions
from puente.app.cli import main
from puente.index.answer import Answer
from puente.index.engine import Result
from puente.index.search import Hit
from puente.ingest.errors import InputError
from puente.ingest.types import Chunk

Q_ANSWERED = "How many people did UNHCR train on GBV risks in 2023?"
Q_NONE = "What is the capital of Norway?"


def _results(tmp_path):
    a = Chunk(doc="report", title="Annual report", text="UNHCR trained 740 people\non GBV risks.", page_start=6,
              page_end=7, section=("4. GBV",), start=0, end=37)
    b = Chunk(doc="memo", title="Memo", text="Registro en ¶ doce.", para_start=12, para_end=12, section=("Intro",))
    ans = Answer("UNHCR trained 740 people on GBV risks.", a.citation, 0.9, 1)
    sources = {"report": str(tmp_path / "report.pdf"), "memo": str(tmp_path / "memo.docx")}
    return [Result(Q_ANSWERED, [Hit(a, 1.0, 0.9, rank=1), Hit(b, 0.5, 0.5, rank=2)], ans),
            Result(Q_NONE, [Hit(b, 0.2, 0.2, rank=1)], None)], sources


def test_answer_accessor_reads_no_answer_abstention_reason_strength_and_record_value():
    from puente.index.answer import no_answer

    assert not answer_of(SimpleNamespace(answer=None)).answered
    abstained = answer_of(SimpleNamespace(answer=no_answer("no passage names Canada")))
    assert not abstained.answered and abstained.reason == "no passage names Canada"
    partial = answer_of(SimpleNamespace(answer=Answer("X.", "d, p. 1", 0.9, 1, strength="partial")), "es")
    assert partial.answered and partial.strength == "coincidencia parcial — revise el pasaje" and partial.citation == "d, p. 1"
    record = answer_of(SimpleNamespace(answer=Answer("1.1 Realizar … Noviembre 2022", "d, p. 1", 1.0, 1, source="record",
                                                     strength="strong", label="Plazo (acción 1.1)", value="Noviembre 2022")))
    assert record.value == "Plazo (acción 1.1): Noviembre 2022" and record.strength == "strong match"
    md = "\n".join(_answer_md(record, "en"))
    assert "Plazo (acción 1.1): Noviembre 2022" in md and "> 1.1 Realizar … Noviembre 2022" in md


def test_markdown_briefing_quotes_passages_with_citations_page_links_and_sources(tmp_path):
    results, sources = _results(tmp_path)
    md = briefing_markdown(results, sources)
    assert md.startswith("# Puente briefing")
    assert f"## 1. {Q_ANSWERED}" in md and f"## 2. {Q_NONE}" in md
    assert "> UNHCR trained 740 people on GBV risks." in md and "— *report, pp. 6-7, 4. GBV*" in md
    assert f"[p. 6]({(tmp_path / 'report.pdf').as_uri()}#page=6)" in md
    assert "*No answer: no passage answers this question with confidence.*" in md
    assert md.count("— *memo, ¶ 12, Intro*") == 2
    sources_part = md.split("## Sources")[1]
    assert "Annual report (report) — pp. 6-7" in sources_part and "Memo (memo) — ¶ 12" in sources_part
    assert [s["doc"] for s in cited_sources(results)] == ["report", "memo"]


def test_word_briefing_opens_with_python_docx_and_holds_quotes_and_citations(tmp_path):
    results, sources = _results(tmp_path)
    out = briefing_docx(results, tmp_path / "b.docx", sources, "es")
    d = docx.Document(str(out))
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    quotes = [text for style, text in paras if style == "Quote"]
    assert quotes == ["UNHCR trained 740 people\non GBV risks.", "Registro en ¶ doce.", "Registro en ¶ doce."]
    texts = [text for _, text in paras]
    assert any(t.startswith("— report, pp. 6-7, 4. GBV") for t in texts)
    assert ("Heading 1", f"1. {Q_ANSWERED}") in paras and ("Heading 1", "Fuentes") in paras
    assert any(t.startswith("Sin respuesta") for t in texts)
    links = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert f"{(tmp_path / 'report.pdf').as_uri()}#page=6" in links


def test_question_file_skips_blanks_and_comments_and_reads_jsonl(tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("# my questions\n\n¿Cuántas personas?\n  What budget?  \n", encoding="utf-8")
    assert read_questions(f) == ["¿Cuántas personas?", "What budget?"]
    j = tmp_path / "q.jsonl"
    j.write_text('{"id": "a", "question": "One?"}\n', encoding="utf-8")
    assert read_questions(j) == ["One?"]
    (tmp_path / "empty.txt").write_text("# nothing\n")
    for bad in (tmp_path / "empty.txt", tmp_path / "missing.txt"):
        with pytest.raises(InputError):
            read_questions(bad)


def test_word_without_an_output_file_is_refused_before_the_model(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text("One?\n")
    assert main(["brief", str(f), "--format", "docx", "--index", str(tmp_path / "none")]) == 2
    assert "add -o BRIEFING.docx" in capsys.readouterr().err


def test_brief_cli_writes_a_word_briefing_from_the_index(tmp_path, capsys, corpus_index, engine):
    f = tmp_path / "questions.txt"
    f.write_text(f"{Q_ANSWERED}\n{Q_NONE}\n", encoding="utf-8")
    out = tmp_path / "brief.docx"
    assert main(["brief", str(f), "-o", str(out), "--index", str(corpus_index), "--k", "3", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["format"] == "docx" and summary["questions"] == 2
    d = docx.Document(str(out))
    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote"]
    res = engine.ask(Q_ANSWERED, k=3)
    assert quotes[:3] == [h.chunk.text for h in res.hits]  # verbatim, in rank order
    texts = [p.text for p in d.paragraphs]
    for h in res.hits:
        assert any(t.startswith(f"— {h.chunk.citation}") for t in texts)
    assert "740" in " ".join(quotes[:3])

    # the same questions through `search --queries … --format md` print the Markdown briefing
    j = tmp_path / "q.jsonl"
    j.write_text("\n".join(json.dumps({"id": f"q{i}", "question": q}) for i, q in enumerate([Q_ANSWERED, Q_NONE])))
    assert main(["search", "--queries", str(j), "--format", "md", "--k", "2", "--index", str(corpus_index)]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Puente briefing") and f"## 2. {Q_NONE}" in md and "## Sources" in md
    assert "#page=" in md
