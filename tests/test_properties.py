"""Property tests of the text reader and the chunker on arbitrary input.

Whatever bytes a user drops in, ``read_text`` either returns a Document or raises
a typed ``ReadError``; the chunker never raises, its chunks cover every
non-blank character of the document and their offsets map back to the source.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from puente.common.errors import ReadError
from puente.common.types import Document, Page
from puente.ingest.chunker import chunk
from puente.ingest.readers import read_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words, headings, table-like rows, bullets and odd whitespace, in EN and ES:
# the shapes the chunker treats specially, mixed with arbitrary unicode.
_WORDS = st.sampled_from(
    [
        "Migración", "protección", "refugees", "the", "de", "la", "Recommendation", "RECOMENDACIÓN 3:",
        "Section 2:", "1.2", "2.1.3", "•", "-", "–", "¿Qué?", "¡Sí!", "A.", "e.g.", "No.", "Pillar one:",
        "SOCIAL PROTECTION", "# Title", "## Sub", "Indicator", "45%", "2023", "   ", "\t", "\n", "\n\n",
        "\r\n", "\u00a0", "\u2028", "\x0b", "\x0c", "\x1c", "\u0085", ".", ";", "?",
    ]
)
# real report text: the verbatim evidence of the hand-written gold questions over corpus/, joined
_CORPUS = ["\n".join(json.loads(line)["evidence"][0]["text"] for line in f.read_text("utf-8").splitlines()
                     if line.strip() and json.loads(line)["evidence"])
           for f in sorted((Path(__file__).resolve().parent / "data").glob("*.jsonl"))]
_SLICE = st.builds(
    lambda t, a, n: t[a % len(t) : a % len(t) + n],
    st.sampled_from(_CORPUS or ["Recommendation 1: protect.\n\n1.1 Indicator   45%   2023"]),
    st.integers(0, 10**6),
    st.integers(1, 6000),
)
_TEXT = st.one_of(
    st.text(max_size=400),
    _SLICE,
    st.lists(st.one_of(_SLICE, _WORDS), max_size=6).map("\n".join),
    st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=300).map(" ".join),
    st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=300).map("".join),
)


def _check_chunks(doc: Document, max_words: int = 200, min_words: int = 60, overlap: int = 30) -> None:
    text = doc.text
    chunks = chunk(doc, max_words, min_words, overlap, doc_lang="en")
    covered = bytearray(len(text))
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text), (c.start, c.end, len(text))
        assert text[c.start : c.end] == c.text
        assert c.text.strip(), "a chunk of whitespace only"
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missing, f"uncovered chars at {missing[:10]}: {[text[i] for i in missing[:10]]!r}"


@SETTINGS
@given(data=st.one_of(st.binary(max_size=600), _TEXT.map(lambda s: s.encode("utf-8")),
                      _TEXT.map(lambda s: s.encode("latin-1", "replace"))))
@example(data=b"")
@example(data=b"\xef\xbb\xbf")
@example(data="Migración en América del Sur".encode("latin-1"))
@example(data=b"\x00\x01binary")
@example(data=b"||")  # an empty Markdown table row: no text once its pipes go
@example(data=b"**\n```\n")
def test_read_text_returns_a_document_or_a_typed_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "doc.txt"
        path.write_bytes(data)
        try:
            doc = read_text(path)
        except ReadError as exc:
            msg = str(exc)
            assert msg.startswith(str(path) + ": ") and "\n" not in msg and exc.fix
            return
        assert doc.text.strip()
        assert doc.doc == "doc" and doc.sha256
        _check_chunks(doc)


@SETTINGS
@given(text=_TEXT)
def test_chunks_cover_all_text_and_map_back(text: str) -> None:
    if not text.strip():
        return
    _check_chunks(Document(doc="d", title="t", pages=(Page(None, text),)))


@SETTINGS
@given(pages=st.lists(_TEXT, min_size=1, max_size=4), small=st.booleans())
def test_paged_chunks_cover_all_text_and_cite_real_pages(pages: list[str], small: bool) -> None:
    doc = Document(doc="d", title="t", pages=tuple(Page(i + 1, t) for i, t in enumerate(pages)))
    if not doc.text.strip():
        return
    sizes = (12, 4, 3) if small else (200, 60, 30)
    _check_chunks(doc, *sizes)
    for c in chunk(doc, *sizes, doc_lang="en"):
        assert 1 <= c.page_start <= c.page_end <= len(pages)
        # the cited pages are the ones holding the chunk's first and last characters
        offs = doc.page_offsets
        first = max(i for i, o in enumerate(offs) if o <= c.start) + 1
        last = max(i for i, o in enumerate(offs) if o <= c.end - 1) + 1
        assert (c.page_start, c.page_end) == (first, last)


def test_latin1_spanish_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "informe.txt"
    path.write_bytes("Migración y protección de niñas en tránsito: ¿qué hacer?".encode("latin-1"))
    doc = read_text(path)
    assert "Migración" in doc.text and "niñas" in doc.text and "¿qué" in doc.text


@pytest.mark.parametrize("data", [b"\x00\x01\x02" * 50, bytes(range(256)) * 4])
def test_binary_junk_is_refused_with_a_typed_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as err:
        read_text(path)
    assert str(err.value).startswith(f"{path}: ")
