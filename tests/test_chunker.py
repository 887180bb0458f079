"""Structure-aware chunking: sections in EN and ES, no cross-section chunk, offsets, rows."""
from __future__ import annotations

import unicodedata

import pytest
from conftest import CORPUS

from puente.common.types import Document, Page
from puente.ingest.chunker import chunk, heading_of, repeated_lines, sections, windows
from puente.ingest.readers import read_document


@pytest.mark.parametrize(
    "line,title",
    [
        ("RECOMMENDATION 3:", "RECOMMENDATION 3"),
        ("Recomendaciones de evaluación No. 4", "Recomendaciones de evaluación No. 4"),
        ("Section 2: Results", "Section 2: Results"),
        ("1.2 Progress Against the Desired Impact", "1.2 Progress Against the Desired Impact"),
        ("SOCIAL PROTECTION", "SOCIAL PROTECTION"),
        ("## Financial data", "Financial data"),
        ("Capítulo 2: Contexto", "Capítulo 2: Contexto"),
        ("5. Outcome Area: Child Protection", "5. Outcome Area: Child Protection"),
        # a long area heading keeps its name (the citation said only "3. Impact Area")
        ("3. Impact Area: Empowering Communities and Achieving Gender Equality",
         "3. Impact Area: Empowering Communities and Achieving Gender Equality"),
        ("13. Outcome Area: Self Reliance, Economic Inclusion and Livelihoods",
         "13. Outcome Area: Self Reliance, Economic Inclusion and Livelihoods"),
        ("RECOMMENDATION 1: Strategic level: Articulation of the response to a large-scale regional phenomenon",
         "RECOMMENDATION 1"),
        ("Pillar one: One of the main priorities of the Pro Tempore Presidency aims at advocating", "Pillar one"),
        ("Impact Area 3: Empowering Communities and Achieving Gender Equality",
         "Impact Area 3: Empowering Communities and Achieving Gender Equality"),
        ("2. Recommendation: UNHCR should strengthen its partnerships with local authorities", "2. Recommendation"),
        # a plain-text note's capitals with a year (its results were cited under the section before)
        ("RESULTS IN 2024", "RESULTS IN 2024"),
        ("PRIORIDADES PARA 2025-2029", "PRIORIDADES PARA 2025-2029"),
    ],
)
def test_headings_in_both_languages(line, title):
    h = heading_of(line)
    assert h is not None and h[1] == title


@pytest.mark.parametrize(
    "line",
    [
        "1 Produce regular reports on",  # numbered table cell, not a heading
        "UNHCR MEX",  # an acronym cell
        "The evaluation was a thorough and very well conducted exercise.",
        "4.1 Proportion of people who know where to access GBV services    Refugees    Unknown    71.00%",
        "33 COMMITMENTS",
        "PLANIP 2025-2029",  # a running header: one word and its years
        "RESULTS REPORT 2024",  # a cover's title: the year after no preposition
        "FUNDING 2024 48%",  # a figure beside the year
    ],
)
def test_non_headings(line):
    assert heading_of(line) is None


def _doc(text: str, stem: str = "synthetic") -> Document:
    return Document(doc=stem, title="Synthetic", pages=(Page(None, text),))


ES_DOC = """Matriz de respuesta gerencial
Recomendaciones de evaluación No. 1
Fortalecer la coordinación regional con los gobiernos. Se recomienda realizar reuniones trimestrales.
Recomendación dirigida a: Unidad de Implementación
Recomendaciones de evaluación No. 2
Documentar las buenas prácticas con enfoque de género. Publicarlas en el sitio web de la red.
"""


def test_spanish_sections_and_no_chunk_spans_two():
    doc = _doc(ES_DOC)
    chunks = chunk(doc, max_words=200, min_words=5, overlap_words=0, doc_lang="es")
    assert [c.section[-1] for c in chunks if c.section] == [
        "Recomendaciones de evaluación No. 1",
        "Recomendaciones de evaluación No. 2",
    ]
    spans = sections(doc.text)
    for c in chunks:
        assert any(s <= c.start and c.end <= e for _, s, e in spans), c.citation
    assert all(c.lang == "es" for c in chunks)
    assert "Unidad de Implementación" in chunks[-2].text


def test_chunks_are_exact_slices_and_respect_size():
    doc = read_document(CORPUS / "unhcr-mexico-annual-results-report-2023.pdf")
    chunks = chunk(doc)
    assert len(chunks) > 20
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.page_start <= c.page_end
    prose = [len(c.text.split()) for c in chunks if c.kind == "text"]
    assert max(prose) <= 320 and sorted(prose)[len(prose) // 2] >= 80


def test_chunk_pages_match_where_the_text_is():
    doc = read_document(CORPUS / "unhcr-mexico-evaluation-management-response.pdf")
    for c in chunk(doc):
        first_line = next(ln for ln in c.text.splitlines() if ln.strip())
        assert first_line in doc.pages[c.page_start - 1].text
        last_line = [ln for ln in c.text.splitlines() if ln.strip()][-1]
        assert last_line in doc.pages[c.page_end - 1].text


def test_english_evaluation_sections_are_its_recommendations():
    doc = read_document(CORPUS / "unhcr-mexico-evaluation-management-response.pdf")
    names = {c.section[-1] for c in chunk(doc) if c.section}
    assert {f"RECOMMENDATION {i}" for i in range(1, 8)} <= names
    c = next(c for c in chunk(doc) if c.section and c.section[-1] == "RECOMMENDATION 2")
    assert c.citation.startswith("unhcr-mexico-evaluation-management-response, p")
    assert c.citation.endswith(", RECOMMENDATION 2")


def test_table_rows_stay_whole():
    text = (
        "2. Outcome Area: Status Determination\n"
        "Capacity strengthened to identify people in need of protection.\n"
        "Indicators    Population Type    Strategy Baseline    Target (2023)    Actual (2023)\n"
        "2.1 Average processing time (in days) from registration to first instance asylum decision    Refugees and\n"
        "Asylum-seekers    Unknown    90.00    848.00\n"
        "2.2 Proportion of people with access to legal representation    Refugees and Asylum-seekers    Unknown\n"
        "95.00%    95.00%\n"
    )
    doc = _doc(text)
    chunks = chunk(doc, max_words=20, min_words=5, overlap_words=0, doc_lang="en")
    row1 = ("2.1 Average processing time (in days) from registration to first instance asylum decision    Refugees and\n"
            "Asylum-seekers    Unknown    90.00    848.00")
    assert any(row1 in c.text for c in chunks)
    assert all(not c.text.startswith("Asylum-seekers") for c in chunks)


def test_windows_cover_chunk_text_in_order():
    text = "First sentence here. " * 40 + "Last one."
    ws = windows(text, max_words=30)
    assert ws[0][0] == 0 and ws[-1][1] == len(text)
    assert all(a[1] <= b[0] for a, b in zip(ws, ws[1:]))
    assert all(len(text[s:e].split()) <= 30 for s, e in ws)


def test_repeated_form_labels_are_found_but_short_values_are_not():
    entry = ("Recomendación dirigida a:\nUnidad de Implementación\nPlazo o fecha límite\n"
             "Noviembre 2023\nRespuesta gerencial a la recomendación (aceptar/rechazar)\nAceptar\n")
    text = "\n".join(entry.replace("Implementación", f"Implementación {i}") for i in range(8))
    found = repeated_lines(text, min_count=8)
    assert found == ["Plazo o fecha límite", "Recomendación dirigida a:",
                     "Respuesta gerencial a la recomendación (aceptar/rechazar)"]
    # two-word values repeat as often but are kept; so is anything seen fewer times
    assert "Noviembre 2023" not in found and "Aceptar" not in found
    assert repeated_lines(text, min_count=9) == []
    # a line must also recur more often than the document has pages
    assert repeated_lines(text, pages=8, min_count=6) == found
    assert repeated_lines(text, pages=9, min_count=6) == []


def test_an_area_heading_is_cited_whole_and_embedded_short():
    """The citation names the area ("3. Impact Area: Empowering Communities and Achieving
    Gender Equality"); the embedded section path stays "3. Impact Area", as every long
    heading is labelled by what comes before its colon."""
    from puente.index.encode.windows import window_text

    text = ("3. Impact Area: Empowering Communities and Achieving Gender Equality\n"
            "People UNHCR serves are empowered, informed and participate in key decisions that affect them.")
    ck = chunk(Document("d", "Annual report", [Page(1, text)]), max_words=50, min_words=1, overlap_words=0, doc_lang="en")[0]
    assert ck.section[-1] == "3. Impact Area: Empowering Communities and Achieving Gender Equality"
    assert ck.citation.endswith("3. Impact Area: Empowering Communities and Achieving Gender Equality")
    embedded = window_text(ck, 0, len(ck.text))
    assert embedded.startswith("Annual report > 3. Impact Area. ") and "Equality > " not in embedded


def test_window_text_leaves_out_repeated_lines_unless_nothing_else_is_left():
    from puente.index.encode.windows import window_text

    text = "Plazo o fecha límite\nCrear una matriz de riesgos.\nRecomendación dirigida a:"
    c = Document("d", "T", [Page(1, text)])
    ck = chunk(c, max_words=50, min_words=1, overlap_words=0, doc_lang="es")[0]
    skip = frozenset({"Plazo o fecha límite", "Recomendación dirigida a:"})
    out = window_text(ck, 0, len(ck.text), skip)
    assert "Crear una matriz de riesgos." in out and "Plazo" not in out and "dirigida" not in out
    assert "Plazo o fecha límite" in ck.text  # the cited passage keeps them
    only = ck.text.index("Recomendación")
    assert "Recomendación dirigida a:" in window_text(ck, only, len(ck.text), skip)


# ---------------------------------------------------------------- passages capped in characters
def _covered(doc, chunks) -> None:
    for c in chunks:
        assert c.text == doc.text[c.start:c.end]


def test_single_line_of_5mb_without_spaces_is_cut_at_the_cap():
    import random

    from puente.ingest.chunker import DEFAULT_MAX_CHARS

    rng = random.Random(5)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(5_000_000))
    doc = _doc(text, "oneline")
    chunks = chunk(doc)
    assert DEFAULT_MAX_CHARS == 2000
    assert max(len(c.text) for c in chunks) <= 2000
    assert sum(len(c.text) for c in chunks) == len(text)  # nothing lost, nothing repeated
    assert len(chunks) == 2500
    _covered(doc, chunks[:50])


def test_char_cap_is_a_parameter_and_cuts_at_spaces_first():
    words = " ".join(f"registration{i:05d}" for i in range(3000))  # long words, no sentence end
    doc = _doc(words)
    chunks = chunk(doc, max_chars=500)
    assert max(len(c.text) for c in chunks) <= 500
    _covered(doc, chunks)
    for c in chunks:  # cut between words, never inside one
        assert c.start == 0 or text_at(doc, c.start - 1) == " "
        assert c.end == len(words) or text_at(doc, c.end) == " "
    # the default cap leaves ordinary prose alone: word limits cut it first
    prose = _doc(" ".join(["The shelter network expanded its reception capacity in the south."] * 100))
    assert [c.text for c in chunk(prose)] == [c.text for c in chunk(prose, max_chars=10_000)]


def text_at(doc, i: int) -> str:
    return doc.text[i]


def test_long_table_row_and_accents_respect_the_cap():
    row = "1.1 Indicator    " + "   ".join("Refugees" + "́" * 3 for _ in range(400))
    doc = _doc("Code    Indicator    Population    Value\n" + row + "\n")
    chunks = chunk(doc, max_chars=300)
    assert max(len(c.text) for c in chunks) <= 300
    for c in chunks:  # a hard cut never parts a letter from its combining accent
        assert not unicodedata.combining(c.text[0])
    _covered(doc, chunks)


def test_overlap_and_tail_merge_respect_the_cap():
    sent = "Partners opened reception centres in the south to shelter families waiting for interviews. "
    doc = _doc(sent * 60)
    for cap in (200, 450, 1000):
        chunks = chunk(doc, max_words=200, min_words=60, overlap_words=30, max_chars=cap)
        assert max(len(c.text) for c in chunks) <= cap


def test_a_sentence_a_page_break_cuts_stays_one_sentence():
    """Page 9 of the results report ends "… It also provides a" and page 10 goes on "baseline
    to tailor an appropriate response.": the two halves were two sentences, the first quoted
    alone ("It also provides a") and a chunk could end there. Across a blank line, text that
    stops on a word or comma and goes on in lower case is one sentence; a full stop, or a
    capital after the break, still ends it."""
    from puente.index.answer.read.candidates import segments

    filler = " ".join(f"Sentence {i} says something about shelters." for i in range(60))
    p1 = filler + " UNHCR introduced the Traffic Light Tool in shelters. It also provides a"
    p2 = "baseline to tailor an appropriate response. UNHCR conducted 1,800 visits."
    doc = Document("d", "d", (Page(9, p1), Page(10, p2)))
    whole = "It also provides a\n\nbaseline to tailor an appropriate response."
    held = [c for c in chunk(doc, max_words=80, min_words=10, overlap_words=0) if "It also provides a" in c.text]
    assert held and all(whole in c.text for c in held)
    assert all(c.citation_of(c.text.index(whole), c.text.index(whole) + len(whole)).startswith("d, pp. 9-10") for c in held)
    assert whole in [doc.text[s.start:s.end] for s in segments(doc.text)]
    for p1, p2 in (("It ends here.", "lower case goes on."), ("A heading", "The next paragraph."),
                   ("Total    2023", "next one."), ("The plan sets priorities", "a) strengthen registration;")):
        split = [s.end - s.start for s in segments(p1 + "\n\n" + p2)]
        assert split == [len(p1), len(p2)], (p1, p2)
    # a figure before the break: "… with 7,700 people in 2023" | "alone." (a table row's figure still ends it)
    p1 = filler + " The programme relocated 35,000 people so far, with 7,700 people in 2023"
    doc = Document("d", "d", (Page(3, p1), Page(4, "alone. The programme strengthened its approach.")))
    whole = "with 7,700 people in 2023\n\nalone."
    held = [c for c in chunk(doc, max_words=80, min_words=10, overlap_words=0) if "7,700 people" in c.text]
    assert held and all(whole in c.text for c in held)
    assert any(doc.text[s.start:s.end].endswith(whole) for s in segments(doc.text))
    # justified prose (runs of spaces in an earlier line) still goes on after a word
    justified = "Budget   2023 was  set  in  the  plan.\nIt also provides a\n\nbaseline to tailor."
    assert [t.end - t.start for t in segments(justified)][-1] == len("It also provides a\n\nbaseline to tailor.")
    doc = Document("d", "d", (Page(9, filler + " Budget   2023 was  set  in  the  plan.\nIt also provides a"),
                              Page(10, "baseline to tailor an appropriate response.")))
    held = [c for c in chunk(doc, max_words=80, min_words=10, overlap_words=0) if "It also provides a" in c.text]
    assert held and all("It also provides a\n\nbaseline to tailor" in c.text for c in held)
    for gap in ("\n\n ", "\n\n\n"):  # an indented line, two blank lines: the same page break
        joined = "It also provides a" + gap + "baseline to tailor."
        assert [t.end - t.start for t in segments(joined)] == [len(joined)]


def test_only_a_page_break_joins_a_sentence_not_a_paragraph_or_a_list_item():
    """Word and web files put a blank line between paragraphs: those stay apart, as does a
    list's next item ("a) …") after a page break."""
    from puente.ingest.chunker import _section_units, split_lines

    def units(text, page_starts=()):
        return [text[u.start:u.end] for u in _section_units(text, split_lines(text), 200, page_starts=page_starts)]

    text = "The plan sets priorities\n\nand then it goes on."
    assert units(text) == ["The plan sets priorities", "and then it goes on."]  # no page break there
    assert units(text, (text.index("and"),)) == [text]
    listed = "The plan sets priorities\n\na) strengthen registration;"
    assert units(listed, (listed.index("a)"),)) == ["The plan sets priorities", "a) strengthen registration;"]


def test_a_chunk_does_not_end_on_the_heading_of_what_follows():
    """"… al terminar las transferencias.\\nInclusión laboral de las personas cuidadoras. El
    programa no incluía …": a chunk that ended on the run-in heading had its last window on
    the topic the heading names (Compare quoted it, then left out the paragraph that says
    it). A short line-starting sentence without figures that ends on "." or ":" leads the next
    chunk; a short sentence inside a line, or one with a figure, stays where it is."""
    filler = " ".join(f"Sentence {i} says something about shelters in the north." for i in range(12))
    for lead in ("Inclusión laboral de las personas cuidadoras.", "Key actions:"):
        body = filler + "\n" + lead + " The programme had no livelihoods component and few carers found work."
        chunks = chunk(_doc(body), max_words=120, min_words=10, overlap_words=0)
        assert len(chunks) == 2
        assert not chunks[0].text.endswith(lead) and chunks[1].text.startswith(lead)
    for kept in (filler + " Work permits rose.", filler + "\nIn 2023 permits rose."):
        body = kept + " The programme had no livelihoods component and few carers found work."
        first = chunk(_doc(body), max_words=120, min_words=10, overlap_words=0)[0]
        assert first.text.endswith(kept[len(filler) + 1:])
    # a short sentence that ends its line closes what comes before it: the verdict stays with its target
    body = filler + "\nThis target was not met.\nShelter capacity in the north rose to 2,000 places this year."
    first = chunk(_doc(body), max_words=120, min_words=10, overlap_words=0)[0]
    assert first.text.endswith("This target was not met.")


def test_a_numbered_title_wrapped_in_a_narrow_column_is_one_heading():
    """A two-column results report wraps "2.8 Social cohesion and community" / "engagement":
    the lower-case line after it made it a cell's sentence, and its passages were cited under
    "2.6 Education". A few words without punctuation, then a capital, end the title; a
    cell's sentence that goes on longer or ends on a full stop is still no heading."""
    text = ("2. Results\n2.6 Education\nChildren enrolled in school.\n"
            "2.7 Self-reliance, economic inclusion and\nlivelihoods\nEconomic inclusion remained a priority.\n"
            "2.8 Social cohesion and community\nengagement\nIn response to rising xenophobia, the operation acted.\n")
    assert [p[-1] for p, _, _ in sections(text)] == [
        "2.6 Education", "2.7 Self-reliance, economic inclusion and livelihoods",
        "2.8 Social cohesion and community engagement"]
    cell = ("4. Acciones clave\nSección de Política Social 31/10/2025 Pendiente\n"
            "5.2 Fortalecer las rutas de atención de violencia\nbasada en género en Huaquillas y Lago Agrio.\n")
    assert [p for p, _, _ in sections(cell)] == [("4. Acciones clave",)]
    # an action's row wrapped short above its unit's cell, a wrapped list item: long, no headings
    rows = ("Recomendación 1\n1.1 Presentar al Directorio del INAU la versión\nfinal del protocolo\n"
            "Unidad de Protección de la Niñez\nmarzo de 2025\n"
            "Priorities\n1. Expand registration capacity in the southern\nborder states\n2. Promote local integration.\n")
    assert [p[-1] for p, _, _ in sections(rows)] == ["Recomendación 1"]
