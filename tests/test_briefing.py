"""Briefings: Markdown and Word (opened back with python-docx), the answer accessor, the
question file, and `puente brief` / `search --queries --format md` through the real CLI."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import docx
import pytest

from puente.app.cli import main
from puente.app.exports.briefing import (
    _answer_md,
    answer_of,
    briefing_docx,
    briefing_markdown,
    cited_sources,
    fresh_quotes,
    read_questions,
    write_briefing,
)
from puente.common.errors import InputError
from puente.common.types import Chunk
from puente.index.answer.choose import Answer
from puente.index.engine import Result
from puente.index.search.searcher import Hit

Q_ANSWERED = "How many people did UNHCR train on GBV risks in 2023?"
Q_NONE = "What is the capital of Norway?"


def _results(tmp_path):
    """Two questions over a PDF report (cited on pages 13-14, 1-2 and 5-6, in rank order) and
    a Word memo; one strong, one partial and one weak passage."""
    a = Chunk(doc="report", title="Annual report", text="UNHCR trained 740 people\non GBV   risks.", page_start=13,
              page_end=14, section=("4. GBV",), start=0, end=40)
    b = Chunk(doc="memo", title="Memo", text="Registro en ¶ doce.", para_start=12, para_end=12, section=("Intro",))
    c = Chunk(doc="report", title="Annual report", text="1. Budget\nSupport of MX\\$5,119.00\nwas paid.", page_start=1,
              page_end=2, section=("1. Budget",))
    w = Chunk(doc="report", title="Annual report", text="Unrelated weak text on\nshelters.", page_start=5, page_end=6,
              section=("2. Shelter",))
    ans = Answer("UNHCR trained 740 people on GBV risks.", a.citation, 0.9, 1, doc="report", strength="strong")
    sources = {"report": str(tmp_path / "docs" / "report.pdf"), "memo": str(tmp_path / "docs" / "memo.docx")}
    return [Result(Q_ANSWERED, [Hit(a, 1.0, 0.9, rank=1), Hit(c, 0.02, 0.85, rank=2), Hit(w, 0.001, 0.2, rank=3)], ans),
            Result(Q_NONE, [Hit(b, 0.2, 0.85, rank=1)], None, lang="en")], sources


def test_a_briefing_quotes_no_sentence_twice_when_passages_overlap():
    """Passages overlap (one repeats the end of the one before it): a briefing quoted the
    repeated sentences in both. The later quote now starts where the earlier one ends, with
    the citation of what it still quotes; a passage quoted whole before is left out."""
    doc = ("UNHCR provided technical assistance for more than 20 tools. Together with authorities, we developed "
           "a guide for the registration of internally displaced persons. UNHCR also advocated for data.")
    cut = doc.index("Together")

    def chunk(s, e, **kw):
        return Chunk(doc="report", title="Annual report", text=doc[s:e], start=s, end=e, page_start=2, page_end=2, **kw)

    first, second = chunk(0, doc.index(" UNHCR also")), chunk(cut, len(doc))
    inside = chunk(cut, doc.index(" UNHCR also"))
    other = Chunk(doc="plan", title="Plan", text=doc[:40], start=0, end=40, page_start=1, page_end=1)
    got = fresh_quotes([Hit(second, 1.0, 0.9, rank=1), Hit(first, 0.9, 0.9, rank=2), Hit(inside, 0.8, 0.9, rank=3),
                        Hit(other, 0.7, 0.9, rank=4)])
    assert [(h.rank, body) for h, _, body, _ in got] == [
        (1, doc[cut:]), (2, doc[:cut]), (4, doc[:40])]  # the repeat cut off; the one inside both left out
    assert got[1][3] == "report, p. 2"
    md = briefing_markdown([Result("q", [Hit(first, 1.0, 0.9, rank=1), Hit(second, 0.9, 0.9, rank=2)], None)])
    assert md.count("Together with authorities") == 1 and "UNHCR also advocated" in md
    # a passage that ends inside a sentence: the next quote starts at that sentence, not mid-way
    mid = doc.index("registration")
    got = fresh_quotes([Hit(chunk(0, mid), 1.0, 0.9, rank=1), Hit(chunk(cut, len(doc)), 0.9, 0.9, rank=2)])
    assert got[1][2].startswith("Together with authorities")


def test_a_quote_cut_inside_a_sentence_is_marked_with_an_ellipsis(tmp_path):
    """A passage that starts inside a sentence (its start ran over a page break) or ends inside
    one (on a comma) is quoted with an ellipsis there, in Markdown and Word, as an analyst marks
    a quote that leaves words out; whole sentences are quoted as they are."""
    cut = Chunk(doc="report", title="Annual report", page_start=8, page_end=8, section=("5. Child Protection",),
                text="into the expansion of the mechanism to Ciudad Juárez in December. UNHCR also trained staff,")
    whole = Chunk(doc="plan", title="Plan", page_start=2, page_end=2, section=("Protection",),
                  text="Mexico will strengthen child protection. Shelters adopt standards.")
    res = [Result("q", [Hit(cut, 1.0, 0.9, rank=1), Hit(whole, 0.9, 0.9, rank=2)], None)]
    md = briefing_markdown(res)
    assert "> … into the expansion of the mechanism" in md and "UNHCR also trained staff, …" in md
    assert "> Mexico will strengthen child protection. Shelters adopt standards." in md
    quotes = [p.text for p in docx.Document(str(briefing_docx(res, tmp_path / "b.docx"))).paragraphs
              if p.style.name == "Quote"]
    assert any(q.startswith("… into the expansion") and q.endswith("trained staff, …") for q in quotes), quotes
    assert "Mexico will strengthen child protection. Shelters adopt standards." in quotes


def test_answer_accessor_reads_no_answer_abstention_reason_strength_and_record_value():
    from puente.index.answer.choose import no_answer

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


def test_markdown_briefing_reflows_quotes_cites_titles_once_and_lists_weak_passages(tmp_path):
    results, sources = _results(tmp_path)
    out = tmp_path / "out" / "briefing.md"
    out.parent.mkdir()
    write_briefing(results, "md", out, sources, "en")
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Puente briefing")
    assert f"## 1. {Q_ANSWERED}" in md and f"## 2. {Q_NONE}" in md
    assert "> UNHCR trained 740 people on GBV risks." in md  # whitespace reflowed, words verbatim
    lines = md.splitlines()  # a citation is its own paragraph, not a lazy line that renders inside the quote
    assert all(lines[i + 1] == "" or lines[i + 1].startswith(">") for i, line in enumerate(lines) if line.startswith("> "))
    assert all(not line.startswith("— ") or lines[i - 1] == "" for i, line in enumerate(lines)), md
    # the title, not the stem; the page label once, and it is the link (relative to the briefing)
    assert "— *Annual report, [pp. 13-14](../docs/report.pdf#page=13), 4. GBV* (strong match)" in md
    assert md.count("pp. 13-14") == 3  # the answer, its passage and the sources list
    assert "file://" not in md and "report, pp." not in md
    assert "> Support of MX\\$5,119.00 was paid." in md  # the source's backslash is not doubled
    # the section heading the passage opens on is a line of its own, not glued to its first sentence
    assert "> **1\\. Budget**\n>\n> Support of" in md and "Budget Support" not in md
    # a weak passage is listed by its citation, not quoted
    assert "Unrelated weak text" not in md
    assert "**Also found (weak match, not quoted)**" in md and "- *Annual report, [pp. 5-6](../docs/report.pdf#page=5), 2. Shelter*" in md
    assert "*No answer: no passage answers this question with confidence.*" in md
    sources_part = md.split("## Sources")[1]
    assert "**Annual report** — [pp. 1-2](../docs/report.pdf#page=1), [pp. 5-6](../docs/report.pdf#page=5), " \
           "[pp. 13-14](../docs/report.pdf#page=13) — [report.pdf](../docs/report.pdf)" in sources_part  # page order
    assert "**Memo** — [¶ 12](../docs/memo.docx)" in sources_part
    assert [s["doc"] for s in cited_sources(results)] == ["report", "memo"]


def test_an_answer_from_a_document_without_quoted_passages_is_cited_by_title_and_listed_in_sources(tmp_path):
    """The passage filter (``--lang es``) may leave out the answer's document, and a record's
    answer may cite pages no passage covers: the answer still cites the document's title, and
    the sources list its pages, in page order with the passages'."""
    from puente.ingest.records.record import Record

    es = Chunk(doc="oim", title="Matriz OIM", text="Recomendación 4.", page_start=3, page_end=4, lang="es")
    rec = Record(doc="mr", kind="recommendation", number="4", text="Strengthen durable solutions.",
                 responsible="Senior Management", page_start=10, page_end=12, section=("RECOMMENDATION 4",))
    ans = Answer("Unit or function responsible: Senior Management", rec.citation, 1.0, 1, source="record", doc="mr",
                 strength="strong", label="Responsible (recommendation 4)", value="Senior Management", record=rec,
                 record_field="responsible", title="Management Response", pages=(10, 12, None, None))
    near = Chunk(doc="oim", title="Matriz OIM", text="Plazo: 2023.", page_start=1, page_end=1, lang="es")
    results = [Result("Who is responsible for recommendation 4?", [Hit(es, 1.0, 0.8, rank=1), Hit(near, 0.5, 0.8, rank=2)],
                      ans)]
    md = briefing_markdown(results, {}, "en")
    assert "Management Response, pp. 10-12, RECOMMENDATION 4" in md and "mr, pp. 10-12" not in md
    sources = cited_sources(results)
    assert [(s["title"], [label for label, _ in s["labels"]]) for s in sources] == [
        ("Management Response", ["pp. 10-12"]), ("Matriz OIM", ["p. 1", "pp. 3-4"])]
    # a passage answer cites the pages of its sentence, which the sources list even if its passage is not quoted
    long = Chunk(doc="rep", title="Annual report", text="First page text. Second page sentence.", page_start=6,
                 page_end=7, page_breaks=(17,))
    said = Answer("Second page sentence.", long.citation_of(17, 38), 0.9, 1, 17, 38, doc="rep", strength="partial",
                  title="Annual report", pages=(*long.pages_of(17, 38), None, None))
    assert cited_sources([Result("q", [Hit(long, 1.0, 0.9, rank=1)], said)])[0]["labels"] == [("pp. 6-7", 6), ("p. 7", 7)]
    # a comparison side read from its document's own search: not among the hits, its pages carried by the answer
    side = Answer("Side sentence.", "rep, p. 9", 0.9, 3, doc="rep", strength="partial", title="Annual report",
                  pages=(9, 9, None, None))
    both = Result("q", [Hit(long, 1.0, 0.9, rank=1)], said, answers=[said, side])
    assert [label for label, _ in cited_sources([both])[0]["labels"]] == ["pp. 6-7", "p. 7", "p. 9"]


def test_links_of_a_briefing_open_from_another_folder(tmp_path):
    """Relative links resolve from the briefing's folder, wherever it is opened from."""
    import os
    import re
    from urllib.parse import unquote

    results, sources = _results(tmp_path)
    for rel in ("docs/report.pdf", "docs/memo.docx"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    out = tmp_path / "shared" / "nested" / "b.docx"
    out.parent.mkdir(parents=True)
    briefing_docx(results, out, sources, "en")
    links = [r.target_ref for r in docx.Document(str(out)).part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links and not any(x.startswith(("file:", "/")) for x in links)
    cwd = os.getcwd()
    os.chdir(tmp_path / "docs")  # another folder: links are read against the briefing, not here
    try:
        for x in links:
            assert (out.parent / unquote(re.sub(r"#page=\d+$", "", x))).resolve().is_file(), x
    finally:
        os.chdir(cwd)


def test_word_briefing_opens_with_python_docx_and_holds_quotes_and_citations(tmp_path):
    results, sources = _results(tmp_path)
    out = briefing_docx(results, tmp_path / "b.docx", sources, "es")
    d = docx.Document(str(out))
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    quotes = [text for style, text in paras if style == "Quote"]
    assert quotes == ["UNHCR trained 740 people on GBV risks.", "1. Budget", "Support of MX\\$5,119.00 was paid.",
                      "Registro en ¶ doce."]
    texts = [text for _, text in paras]
    assert "— Annual report, pp. 13-14, 4. GBV (coincidencia fuerte)" in texts  # one page label, the title
    assert all(len(re.findall(r"(?:pp?\.|¶¶?) \d", t)) == 1 for t in texts if t.startswith("— "))
    assert ("Heading 1", f"1. {Q_ANSWERED}") in paras and ("Heading 1", "Fuentes") in paras
    assert ("Heading 2", "También encontrado (coincidencia débil, no citado)") in paras
    assert ("List Bullet", "Annual report, pp. 5-6, 2. Shelter") in paras
    assert any(t.startswith("Sin respuesta") for t in texts)
    # one label language: no English label in a Spanish briefing
    for label in ("Answer", "Passages", "Sources", "strong match", "No answer", "Also found"):
        assert not any(label in t for t in texts), label
    assert ("List Bullet", "Annual report — pp. 1-2, pp. 5-6, pp. 13-14 — report.pdf") in paras
    links = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "docs/report.pdf#page=13" in links


def test_markdown_and_csv_exports_hold_the_answer_with_titles(tmp_path):
    from puente.app.exports import formats

    results, sources = _results(tmp_path)
    md = formats.to_markdown(results[0], sources=sources, lang="es")
    assert "**Respuesta (coincidencia fuerte)**" in md and "**Pasajes**" in md and "Passages" not in md
    assert "— *Annual report, [pp. 13-14](" in md and "file://" not in md
    rows = formats.to_csv(results[0]).splitlines()
    assert rows[1].startswith(f"{Q_ANSWERED},answer,\"report, pp. 13-14, 4. GBV\",report,") and "strong" in rows[1]
    assert rows[1].endswith("UNHCR trained 740 people on GBV risks.")
    # the answer's row says where it is as the passages' rows do (they were left empty)
    import csv
    import io

    row = next(csv.DictReader(io.StringIO(formats.to_csv(results[0]))))
    assert (row["title"], row["page_start"], row["page_end"], row["section"], row["lang"]) == \
        ("Annual report", "13", "14", "4. GBV", results[0].hits[0].chunk.lang)
    assert formats.to_csv(results[1]).splitlines()[1].startswith(f"{Q_NONE},answer,") and "no answer" in formats.to_csv(results[1])
    # no answer: the heading, then the passages; no "Closest passages:" left hanging above the Passages heading
    md = formats.to_markdown(results[1], sources=sources, lang="es")
    assert "**Ningún pasaje responde a esto**" in md and "Pasajes más cercanos:" not in md and "**Pasajes**" in md
    assert "Closest passages:" in formats.to_text(results[1], "en")  # on the terminal it introduces the list


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


QUESTIONS_12 = [
    Q_ANSWERED, Q_NONE,
    "¿Qué porcentaje de personas refugiadas vivía en asentamientos seguros en 2023?",
    "¿Quién es responsable de la recomendación sobre el Programa de Integración Local?",
    "How much of the child protection budget was funded in 2023?",
    "¿Qué plazo tiene la OIM para elaborar la herramienta de gestión de riesgos?",
    "What does Mexico commit to on labour inclusion of refugees?",
    "¿Cuántas solicitudes de asilo recibió la COMAR?",
    "Which unit is responsible for recommendation 3 of the UNHCR evaluation?",
    "¿Cuáles son las prioridades de la Presidencia Pro Tempore de México?",
    "What support did UNHCR give for cash-based interventions?",
    "¿Qué compromisos asumió México sobre salud?",
]


def test_brief_cli_writes_a_word_briefing_from_the_index(tmp_path, capsys, corpus_index, engine):
    """12 mixed English/Spanish questions, Spanish labels, written to a nested folder: it
    opens in Word (python-docx), quotes reflowed verbatim, cites titles with one page label,
    sorts its sources by page, and its links resolve from the briefing's folder."""
    import os
    from urllib.parse import unquote

    from puente.common.text import flat

    f = tmp_path / "questions.txt"
    f.write_text("\n".join(QUESTIONS_12) + "\n", encoding="utf-8")
    out = tmp_path / "shared" / "brief.docx"
    out.parent.mkdir()
    assert main(["brief", str(f), "-o", str(out), "--index", str(corpus_index), "--k", "3", "--ui-lang", "es",
                 "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["format"] == "docx" and summary["questions"] == 12
    d = docx.Document(str(out))
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    texts = [t for _, t in paras]
    quotes = [t for s, t in paras if s == "Quote"]
    res = engine.ask(Q_ANSWERED, k=3)
    quoted = [h for h in res.hits if h.match in ("strong", "partial")]
    # verbatim words, reflowed (a passage's opening section heading is a Quote paragraph of its own)
    assert quoted and " ".join(quotes).startswith(" ".join(flat(h.chunk.text) for h in quoted))
    assert not any("\n" in q or "  " in q for q in quotes)
    for h in quoted:
        cite = h.chunk.citation.replace(h.chunk.doc, h.chunk.title, 1)
        assert any(t.startswith(f"— {cite}") for t in texts), cite
    assert "740" in " ".join(quotes)
    cites = [t for t in texts if t.startswith("— ")]
    assert cites and all(len(re.findall(r"(?:pp?\.|¶¶?) \d", t)) == 1 for t in cites)  # one page label each
    assert not any("unhcr-mexico-" in t or "mirps-mexico-" in t for t in cites)  # titles, not file names
    # one label language whatever the questions' language
    heads = [t for s, t in paras if s.startswith("Heading")]
    assert "Fuentes" in heads and not {"Sources", "Passages", "Also found (weak match, not quoted)"} & set(heads)
    assert not any(t.startswith(("Answer", "No answer")) for t in texts)
    # sources: each document's pages in page order
    for s, t in paras:
        if s == "List Bullet" and " — p" in t:
            pages = [int(n) for n in re.findall(r"pp?\. (\d+)", t)]
            assert pages == sorted(pages), t
    # every answer's own pages are among its document's sources (a record's pages no passage covers too)
    sources = [t for s, t in paras if s == "List Bullet"]
    answers = [a for q in QUESTIONS_12 if (a := engine.ask(q, k=3).answer)]
    assert len(answers) >= 6 and any(a.source == "record" for a in answers)
    for a in answers:
        label = re.search(r"(?:pp?\.|¶¶?) [\d-]+", a.citation).group(0)
        assert a.title and any(t.startswith(a.title) and re.search(rf"(?<![\w.-]){re.escape(label)}(?![\d-])", t)
                               for t in sources), (a.citation, sources)
    links = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links and not any(x.startswith(("file:", "/")) for x in links)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for x in links:
            assert (out.parent / unquote(re.sub(r"#page=\d+$", "", x))).resolve().is_file(), x
    finally:
        os.chdir(cwd)

    one = tmp_path / "one.txt"
    one.write_text(QUESTIONS_12[4] + "\n", encoding="utf-8")
    assert main(["brief", str(one), "-o", str(tmp_path / "one.md"), "--index", str(corpus_index), "--k", "3"]) == 0
    assert "briefing of 1 question written to" in capsys.readouterr().err

    # the same questions through `search --queries … --format md` print the Markdown briefing
    j = tmp_path / "q.jsonl"
    j.write_text("\n".join(json.dumps({"id": f"q{i}", "question": q}) for i, q in enumerate([Q_ANSWERED, Q_NONE])))
    assert main(["search", "--queries", str(j), "--format", "md", "--k", "2", "--index", str(corpus_index)]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Puente briefing") and f"## 2. {Q_NONE}" in md and "## Sources" in md
    assert "#page=" in md


def test_a_comparison_questions_answer_per_document_in_the_briefing_and_csv(tmp_path):
    from puente.app.exports import formats

    results, sources = _results(tmp_path)
    a = results[0].hits[0].chunk
    per_doc = [Answer("UNHCR trained 740 people on GBV risks.", a.citation, 0.9, 1, doc="report", strength="strong"),
               Answer("", "", 0.0, 0, doc="memo", abstained=True, reason="The memo gives no figure.")]
    r = Result("Compare the report and the memo on GBV training", results[0].hits, per_doc[0], answers=per_doc)
    md = briefing_markdown([r], sources, "en")
    assert "**Answer per document**" in md
    assert "- **Annual report**: UNHCR trained 740 people on GBV risks. — *Annual report, [pp. 13-14](" in md
    assert "- **memo**: No answer in this document (The memo gives no figure.)" in md
    # the Answer box holds one of the sides: said once, in its document's line
    answer_part = md.split("**Passages**")[0]
    assert answer_part.count("UNHCR trained 740 people on GBV risks.") == 1 and "**Answer**" not in answer_part
    d = docx.Document(str(briefing_docx([r], tmp_path / "c.docx", sources, "es")))
    items = [p.text for p in d.paragraphs if p.style.name == "List Bullet"]
    assert "memo: Sin respuesta en este documento (The memo gives no figure.)" in items
    assert not any(p.text.startswith(("Respuesta:", "Respuesta (")) for p in d.paragraphs)  # no Answer line above the sides
    rows = formats.to_csv(r).splitlines()
    assert rows[1].split(",")[1] == "answer" and rows[2].split(",")[1] == "answer" and "memo" in rows[2]
    # a side's sentence that starts inside a sentence is marked, as quotes are
    per_doc[0] = Answer("transversalizar la perspectiva infantil en la implementación.", a.citation, 0.9, 1, doc="report",
                        strength="partial")
    r = Result("Compare the report and the memo on funding", results[0].hits, per_doc[0], answers=per_doc)
    assert "- **Annual report**: … transversalizar la perspectiva infantil" in briefing_markdown([r], sources, "en")
    assert "report: … transversalizar la perspectiva infantil" in formats.to_text(r, "en")


def test_a_passage_that_holds_a_sides_answer_is_quoted_not_listed_as_weak(tmp_path):
    """A comparison's side answered strongly from a passage that matches the whole question
    weakly: the briefing quoted the answer and listed its passage under "Also found (weak
    match, not quoted)". The passage is quoted, at the answer's strength; a weak passage
    holding no answer is still only listed."""
    from puente.app.exports.briefing import passage_levels

    results, sources = _results(tmp_path)
    hits = results[0].hits
    w = hits[2].chunk
    side = Answer("Unrelated weak text on shelters.", w.citation, 0.9, 3, doc="report", strength="strong")
    r = Result("Compare the report and the memo on shelters", hits[:2] + [hits[2]], side, answers=[side])
    assert [lv for _, lv in passage_levels(r)] == [hits[0].match, hits[1].match, "strong"]
    md = briefing_markdown([r], sources, "en")
    assert "> Unrelated weak text on shelters." in md and "**Also found" not in md
    assert "(strong match)" in md.split("Unrelated weak text on shelters.")[-1]
    plain = Result(Q_ANSWERED, hits, results[0].answer)
    assert [lv for _, lv in passage_levels(plain)][2] == "weak"
    assert "**Also found (weak match, not quoted)**" in briefing_markdown([plain], sources, "en")


def test_a_quoted_table_is_a_table_in_markdown_and_word(tmp_path):
    """A Word, web or Markdown report's table reached a briefing as one run-on line ("Indicator
    Baseline (2022) Target 2024 … Total 123,750 …"); it is a table, its first row the header,
    an empty cell in its place, the prose around it quoted as before."""
    text = ("Results framework\n\nSelected indicators of the programme:\nIndicator\tBaseline (2022)\tActual 2024\n"
            "Children reintegrated\t9,400\t23,150\nTotal\t\t221,740\nThe shortfall was due to late funds.")
    table = Chunk(doc="report", title="Annual report", text=text, para_start=24, para_end=32,
                  section=("Results framework",))
    res = [Result("q", [Hit(table, 1.0, 0.9, rank=1)], None)]
    md = briefing_markdown(res)
    assert ("> Selected indicators of the programme:\n>\n> | Indicator | Baseline (2022) | Actual 2024 |\n"
            "> |---|---|---|\n> | Children reintegrated | 9,400 | 23,150 |\n> | Total |  | 221,740 |\n>\n"
            "> The shortfall was due to late funds.") in md
    d = docx.Document(str(briefing_docx(res, tmp_path / "t.docx")))
    assert [[c.text for c in row.cells] for row in d.tables[0].rows] == [
        ["Indicator", "Baseline (2022)", "Actual 2024"], ["Children reintegrated", "9,400", "23,150"],
        ["Total", "", "221,740"]]
    assert d.tables[0].rows[0].cells[0].paragraphs[0].runs[0].bold
    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote"]
    assert "Selected indicators of the programme:" in quotes and "The shortfall was due to late funds." in quotes


def test_a_passage_starting_inside_a_table_quotes_its_rows_as_lines_not_under_a_wrong_header():
    """A passage may start at a table's second row (the chunk cut the table, and a row
    merged down lost its leading empty cells): made a table, that row was its header and
    every value stood under the wrong column."""
    text = ("2.2 Extend the follow-up to six months.\tLivelihoods Unit\tFrom July 2024\tIn progress\n"
            "Recommendation 3: Establish a shared system.\tNot agreed.\t3.1 Share data monthly.\tInformation Unit")
    part = Chunk(doc="mr", title="Management response", text=text, para_start=19, para_end=22)
    md = briefing_markdown([Result("q", [Hit(part, 1.0, 0.9, rank=1)], None)])
    assert "|---" not in md
    assert ("> 2.2 Extend the follow-up to six months. · Livelihoods Unit · From July 2024 · In progress\n>\n"
            "> Recommendation 3: Establish a shared system. · Not agreed. · 3.1 Share data monthly. · Information Unit"
            ) in md
