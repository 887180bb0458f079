"""Files from outside that are built to hurt: a Word ZIP bomb, a million-paragraph
document, deeply nested web pages, names that would forge terminal lines."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from puente.common.errors import ReadError
from puente.ingest.readers import read_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path: Path, paragraphs: list[tuple[str, str | None]]) -> None:
    import docx

    d = docx.Document()
    for text, style in paragraphs:
        d.add_paragraph(text, style=style)
    d.save(str(path))


def _swap_document_xml(src: Path, dst: Path, chunks) -> None:
    """Copy the package ``src`` to ``dst`` with ``word/document.xml`` streamed from ``chunks``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename == "word/document.xml":
                with zout.open("word/document.xml", "w", force_zip64=True) as out:
                    for part in chunks:
                        out.write(part)
            else:
                zout.writestr(info, zin.read(info.filename))


def _bomb_chunks(inflated_mb: int):
    para = b"<w:p><w:r><w:t>" + b"A" * 4000 + b"</w:t></w:r></w:p>"
    yield f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode()
    block = para * 256  # ~1 MB
    for _ in range(inflated_mb):
        yield block
    yield b"</w:body></w:document>"


def test_word_zip_bomb_refused_before_parsing(tmp_path):
    """A .docx of ~100 KB whose document.xml inflates to 60 MB (past the 50 MB limit)."""
    base, bomb = tmp_path / "base.docx", tmp_path / "bomb.docx"
    _docx(base, [("A real paragraph.", None)])
    _swap_document_xml(base, bomb, _bomb_chunks(60))
    assert bomb.stat().st_size < 1024 * 1024  # small on disk
    with pytest.raises(ReadError) as err:
        read_document(bomb)
    msg = str(err.value)
    assert "inflates to 60 MB, above the 50 MB limit" in msg and "\n" not in msg
    assert "PUENTE_MAX_FILE_MB" in msg


def test_word_inflation_limit_follows_the_byte_limit(tmp_path):
    base, doc = tmp_path / "base.docx", tmp_path / "big.docx"
    _docx(base, [("A real paragraph.", None)])
    _swap_document_xml(base, doc, _bomb_chunks(3))
    with pytest.raises(ReadError, match="above the 2 MB limit"):
        read_document(doc, max_bytes=2 * 1024 * 1024)
    assert read_document(doc, max_bytes=8 * 1024 * 1024).text.startswith("AAAA")


def test_word_styles_looked_up_once_per_style(tmp_path, monkeypatch):
    """python-docx searches the styles part on every ``paragraph.style``: a million
    paragraphs took minutes. The reader asks once per style id."""
    from docx.parts.document import DocumentPart

    calls = []
    real = DocumentPart.get_style

    def counted(self, style_id, style_type):
        calls.append(style_id)
        return real(self, style_id, style_type)

    monkeypatch.setattr(DocumentPart, "get_style", counted)
    path = tmp_path / "many.docx"
    paras = []
    for i in range(400):
        paras += [(f"Section {i}", "Heading 2"), (f"Paragraph {i} about shelters.", None),
                  (f"Item {i}", "List Bullet")]
    _docx(path, paras)
    doc = read_document(path)
    assert "Paragraph 399 about shelters." in doc.text and "Item 399" in doc.text
    assert len(doc.headings) == 400
    assert len(calls) <= 10, f"{len(calls)} style look-ups for 1,200 paragraphs"


# ---------------------------------------------------------------- names
NOTE = "# Shelter note\n\n" + "The shelter in Tapachula opened a second floor for families in March 2024. " * 5


@pytest.mark.parametrize("name", ["..md", "...txt", ". .md", "..html"])
def test_names_empty_or_all_dots_refused_in_one_line(tmp_path, name):
    f = tmp_path / name
    f.write_text(NOTE, encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_document(f)
    assert "would have no name" in str(err.value) and "\n" not in str(err.value)


def test_shown_name_escapes_what_could_forge_a_line():
    from puente.common.text import shown_name

    assert shown_name("two\nlines") == "two\\nlines"
    assert shown_name("\u202egnp.md") == "\\u202egnp.md"
    assert shown_name("a\x1b[2Jb\r\u2028c\u2066") == "a\\x1b[2Jb\\r\\u2028c\\u2066"
    assert shown_name("informe-niñez 2024") == "informe-niñez 2024"
    err = ReadError("two\nlines.md", "empty file", "export it again")
    assert str(err) == "two\\nlines.md: empty file; export it again"


def test_hostile_names_print_on_one_row(tmp_path, encoder, capsys):
    from puente.app.cli import main
    from puente.app.web.render import library_rows
    from puente.index.store import stores as store
    from puente.index.update import ingest

    src = tmp_path / "src"
    src.mkdir()
    (src / "two\nlines.md").write_text(NOTE, encoding="utf-8")
    (src / "\u202egnp.md").write_text(NOTE.replace("second", "third"), encoding="utf-8")
    report = ingest([src], tmp_path / "idx", encoder)
    assert report.ok and sorted(report.added) == ["two\nlines", "\u202egnp"]  # the names themselves stay
    assert main(["docs", "--index", str(tmp_path / "idx")]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 3  # the header and one row per document
    assert "two\\nlines" in out and "\\u202egnp" in out and "\u202e" not in out
    rows = library_rows(store.read_docs(tmp_path / "idx"))
    assert all("\n" not in str(c) and "\u202e" not in str(c) for row in rows for c in row)
    assert main(["remove", "--index", str(tmp_path / "idx"), "two\nlines"]) == 0
    assert capsys.readouterr().out == "removed: two\\nlines\n"


# ---------------------------------------------------------------- deep nesting
def test_deeply_nested_page_keeps_its_text(tmp_path):
    paras = "".join(f"<p>Paragraph {i}: the shelter network in Tapachula received asylum seekers and referred "
                    f"them to legal aid and psychosocial support.</p>" for i in range(6))
    inner = f"<h2>Reception in 2024</h2>{paras}"
    page = tmp_path / "deep.html"
    page.write_text("<html><head><title>Deep page</title></head><body><nav>Home | About</nav>"
                    + "<div class='w'>" * 100_000 + inner + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
    doc = read_document(page)
    for i in range(6):
        assert f"Paragraph {i}: the shelter network" in doc.text
    assert doc.title == "Deep page"
    assert [h.title for h in doc.headings] == ["Reception in 2024"]


def test_flatten_leaves_ordinary_pages_alone():
    from puente.ingest.read_html import flatten_deep

    page = "<html><body>" + "<div>" * 50 + "<p>text</p>" + "</div>" * 50 + "</body></html>"
    assert flatten_deep(page) is page
    deep = "<div>" * 300 + "<p>text</p>" + "</div>" * 300
    flat = flatten_deep(deep, limit=200)
    assert flat == "<div>" * 200 + "<p>text</p>" + "</div>" * 200
