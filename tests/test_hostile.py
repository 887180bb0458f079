"""Hostile document text: line separators inside passages must not break the index, and
formula cells, terminal escape sequences and bidi overrides must not reach a spreadsheet,
a terminal or the page."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from puente.app.exports import formats
from puente.app.web.render import esc, render_card
from puente.common.errors import PuenteError
from puente.common.types import Chunk
from puente.index.engine import Result
from puente.index.search.searcher import Hit
from puente.index.store import stores as store
from puente.index.store import versions
from puente.ingest.records import Record

SEPARATORS = "\u2028\u2029\u0085"
FORMULAS = ['=HYPERLINK("http://evil.example","click me")', "=1+2", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3"]
ESCAPES = ["\x1b[31m", "\x1b]0;PWNED TITLE\x07", "\x1b[2J", "\x9b31m", "\x07"]
BIDI = ["\u202e", "\u2066", "\u2069", "\u202a"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _save(folder: Path, texts: list[str]) -> list[Chunk]:
    chunks = [Chunk(doc="hostile", title="Hostile", text=t, lang="en", start=0, end=len(t)) for t in texts]
    vecs = np.eye(len(texts), 8, dtype=np.float32)
    store.save(folder, chunks, vecs, {"hostile": {"doc": "hostile", "chunks": len(chunks)}},
               {"model_id": "m", "dims": 8, "chunker": {}})
    return chunks


# ------------------------------------------------------------------ the index folder
def test_line_separators_inside_passages_survive_the_index_round_trip(tmp_path):
    texts = [f"Shelter{sep}capacity grew in 2023." for sep in SEPARATORS] + ["plain text"]
    chunks = _save(tmp_path, texts)
    idx = store.load(tmp_path)
    assert idx.chunks == chunks and [c.text for c in idx.chunks] == texts
    chunks2 = _save(tmp_path, texts[::-1])  # the next write reads the previous one fine too
    assert store.load(tmp_path).chunks == chunks2


def test_a_version_that_does_not_read_back_is_never_made_current(tmp_path, monkeypatch):
    _save(tmp_path, ["first version"])
    good = store.current_version(tmp_path)

    def broken(fh, rows):  # a writer bug: a record split over two lines
        for row in rows:
            fh.write(json.dumps(row)[:10] + "\n" + json.dumps(row)[10:] + "\n")

    monkeypatch.setattr(versions, "write_jsonl", broken)  # the folder store writes its files through it
    with pytest.raises(PuenteError, match="did not read back.*previous index is unchanged"):
        _save(tmp_path, ["second version"])
    assert store.current_version(tmp_path) == good
    assert [c.text for c in store.load(tmp_path).chunks] == ["first version"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".tmp-", "v-"))) == [good.name]


def test_cleanup_before_an_ingest_keeps_every_complete_version(tmp_path):
    """A damaged current version must not cost the previous good one: only leftovers of
    interrupted writes go."""
    _save(tmp_path, ["v1"])
    _save(tmp_path, ["v2"])
    versions = sorted(p.name for p in tmp_path.glob("v-*"))
    assert len(versions) == 2
    (store.current_version(tmp_path) / "chunks.jsonl").write_text("{broken")
    (tmp_path / ".tmp-leftover").mkdir()
    assert store.cleanup(tmp_path) == [".tmp-leftover"]
    assert sorted(p.name for p in tmp_path.glob("v-*")) == versions


# ------------------------------------------------------------------ exports
def _result(texts: list[str], query: str = "q") -> Result:
    hits = [Hit(Chunk(doc="hostile", title=t[:20], text=t, section=(t[:15],), lang="en", page_start=1, page_end=1),
                1.0 - i / 10, 0.8, rank=i + 1) for i, t in enumerate(texts)]
    return Result(query, hits, None)


def _cells(csv_text: str) -> list[str]:
    """The text cells (a negative score is a number, not a formula)."""
    def number(c: str) -> bool:
        try:
            float(c)
            return True
        except ValueError:
            return False

    return [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row if not number(cell)]


def test_no_csv_cell_starts_a_formula():
    result = _result(FORMULAS + ["\tindented", "\rreturn"], query="=cmd|' /C calc'!A0")
    recs = [Record(doc="hostile", kind="recommendation", number="1", text=f, responsible="@SUM(1)") for f in FORMULAS]
    for text in (formats.to_csv(result), formats.records_csv(recs)):
        cells = _cells(text)
        assert cells and not [c for c in cells if c.startswith(FORMULA_START)]
        assert "'=HYPERLINK(\"http://evil.example\",\"click me\")" in cells  # kept, as text
    # an honest negative number in a numeric column stays a number
    assert formats.write_csv(["n"], [{"n": -3}]).splitlines()[1] == "-3"


def test_text_output_has_no_control_or_bidi_characters():
    hostile = "Budget " + "".join(ESCAPES) + " rose " + "".join(BIDI) + "tab\there"
    out = formats.to_text(_result([hostile, "x" * 20000]))
    assert not any(ch in out for ch in BIDI)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "Budget" in out and "rose" in out
    assert max(len(line) for line in out.splitlines()) < formats.MAX_PRINT_CHARS + 20  # one hit's print is bounded


def test_page_drops_bidi_overrides_and_escapes_markup():
    c = Chunk(doc="d", title="\u202eevil", text="<b>x</b>\u202e\u2066 citation \x1b[2J", lang="en", page_start=1, page_end=1)
    card = render_card(Hit(c, 1.0, 0.9, rank=1))
    assert "\u202e" not in card and "\u2066" not in card and "\x1b" not in card and "<b>" not in card
    assert esc("a\u202eb") == "ab"


# ------------------------------------------------------------------ through the real CLI
@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory, encoder) -> Path:
    from puente.index.update import ingest

    folder = tmp_path_factory.mktemp("hostile")
    body = []
    for i, f in enumerate(FORMULAS):
        body.append(f"## Budget line {i}\n\n{f} shelter budget for 2023 covered {i + 1} reception centres in Tapachula.")
    body.append("## Terminal\n\nThe shelter budget " + "".join(ESCAPES) + " was spent on reception "
                + "".join(BIDI) + "centres in Tapachula in 2023.")
    body.append("## Separators\n\nReception centres" + SEPARATORS[0] + " in Tapachula" + SEPARATORS[1]
                + " grew in 2023" + SEPARATORS[2] + " with the shelter budget.")
    (folder / "hostile-budget.md").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    index_dir = folder / "idx"
    report = ingest([folder / "hostile-budget.md"], index_dir, encoder)
    assert report.ok and report.added == ["hostile-budget"], report.errors
    return index_dir


def _cli(index_dir: Path, model_path: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PUENTE_MODEL=model_path, HF_HUB_OFFLINE="1", PUENTE_INDEX=str(index_dir))
    return subprocess.run([sys.executable, "-m", "puente.app.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


def test_cli_search_of_a_hostile_document(hostile_index, model_path):
    store.load(hostile_index)  # the separators did not break the index
    q = "shelter budget reception centres Tapachula"
    proc = _cli(hostile_index, model_path, "search", q, "--format", "csv", "--k", "8")
    assert proc.returncode == 0, proc.stderr
    cells = _cells(proc.stdout)
    assert len(cells) > 20 and not [c for c in cells if c.startswith(FORMULA_START)]
    proc = _cli(hostile_index, model_path, "search", q, "--k", "8")
    assert proc.returncode == 0 and "Tapachula" in proc.stdout
    assert not any(ch in proc.stdout for ch in ("\x1b", "\x07", "\x9b", *BIDI, *SEPARATORS[:2]))
    proc = _cli(hostile_index, model_path, "search", q, "--json", "--k", "8")
    texts = " ".join(h["text"] for h in json.loads(proc.stdout)["hits"])
    assert "\x1b[31m" in texts and SEPARATORS[0] in texts  # JSON keeps the text exactly, escaped


def test_an_index_folder_that_cannot_be_written_is_one_line_before_any_model_loads(tmp_path):
    index_dir = tmp_path / "idx"
    (index_dir / "lock").mkdir(parents=True)  # the lock file cannot be opened (as on a read-only folder)
    doc = tmp_path / "note.md"
    doc.write_text("A note about shelters.\n")
    env = dict(os.environ, PUENTE_MODEL=str(tmp_path / "no-model-here"))
    proc = subprocess.run([sys.executable, "-m", "puente.app.cli", "ingest", str(doc), "--index", str(index_dir)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: {index_dir}: the index folder cannot be written")
    assert "--index / PUENTE_INDEX" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_the_same_content_under_other_names_is_one_document(tmp_path, encoder):
    from puente.index.update import ingest

    text = "The reception network in Tapachula doubled its shelter places in 2023. " * 8
    names = ["report.txt", "report-copy.txt", "report (1).txt", "final-report.txt"]
    for n in names:
        (tmp_path / n).write_text(text)
    index_dir = tmp_path / "idx"
    assert ingest([tmp_path / "report.txt"], index_dir, encoder).added == ["report"]
    report = ingest([tmp_path / n for n in names[1:]], index_dir, encoder)
    assert report.added == [] and len(report.errors) == 3
    assert all("same content as" in e for e in report.errors)  # the indexed document's, or a copy's in this batch
    assert "same content as the indexed document 'report'" in report.errors[0]
    assert set(store.load(index_dir).docs) == {"report"}
