"""Checks the CLI makes before anything heavy loads: serving beyond this machine needs a
login or ``--no-auth``; a path that is not there, or not a readable type, is one line."""
from __future__ import annotations

import subprocess
import sys

import pytest

from puente.app.checks import check_exposure
from puente.app.cli import main
from puente.common.errors import InputError, SettingError
from puente.common.settings import Settings


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_serve_beyond_loopback_needs_a_login(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("PUENTE_AUTH", raising=False)
    code, out, err = _run(capsys, "serve", "--host", "0.0.0.0", "--index", str(tmp_path / "idx"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: --host: 0.0.0.0 serves the documents")
    assert "PUENTE_AUTH=user:password" in err and "--no-auth" in err
    assert not (tmp_path / "idx").exists()  # refused before any index was built


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_needs_no_login(host, capsys):
    check_exposure(Settings(host=host), no_auth=False)
    assert capsys.readouterr().err == ""


def test_no_auth_warns_in_one_line_and_a_login_is_enough(capsys):
    check_exposure(Settings(host="0.0.0.0", port=8080), no_auth=True)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("warning: serving on 0.0.0.0 without a login")
    check_exposure(Settings(host="192.0.2.7", auth="ana:secreto"), no_auth=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("auth", ["ana", ":secreto", "ana:"])
def test_malformed_login_refused(auth, monkeypatch, capsys, tmp_path):
    with pytest.raises(SettingError):
        Settings(auth=auth).login()
    monkeypatch.setenv("PUENTE_AUTH", auth)
    code, _, err = _run(capsys, "serve", "--index", str(tmp_path / "idx"))
    assert code == 2 and err.startswith("error: PUENTE_AUTH: not of the form user:password")


def test_login_password_may_hold_colons_and_stays_out_of_repr():
    s = Settings(auth="ana:a:b")
    assert s.login() == ("ana", "a:b")
    assert "a:b" not in repr(s)
    with pytest.raises(InputError):
        check_exposure(Settings(host="10.0.0.5"), no_auth=False)


def _ingest(tmp_path, *paths):
    env = dict(__import__("os").environ, PUENTE_MODEL=str(tmp_path / "no-model-here"), PUENTE_INDEX="")
    return subprocess.run([sys.executable, "-m", "puente.app.cli", "ingest", *map(str, paths), "--index",
                           str(tmp_path / "idx")], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("make, expect", [
    (lambda d: [d / "nonexistent.md"], "nonexistent.md: no such file or folder; check the path"),
    (lambda d: [d / "report.odt"], "report.odt: unsupported file type '.odt'; convert it to PDF"),
    (lambda d: [d / "gone.pdf", d / "report.odt"], "gone.pdf: no such file or folder (and 1 more path(s) with nothing to read)"),
    (lambda d: [d / "empty-folder"], "empty-folder: no documents of a supported type"),
])
def test_ingest_of_nothing_readable_is_one_line_before_the_model(tmp_path, make, expect):
    (tmp_path / "report.odt").write_bytes(b"PK not a report")
    (tmp_path / "empty-folder").mkdir()
    proc = _ingest(tmp_path, *make(tmp_path))
    # the model folder does not exist: had it been loaded, the error would say so
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ") and expect in proc.stderr
    assert proc.stdout == "" and not (tmp_path / "idx").exists()


@pytest.mark.parametrize("argv", [["compare", "xenophobia"], ["track", "some-plan", "--format", "csv"],
                                  ["brief", "questions.txt"]])
@pytest.mark.parametrize("where, reason", [("missing/out.docx", "folder {tmp}/missing does not exist"),
                                           (".", "is a folder"), ("missing/", "is a folder")])
def test_an_output_file_that_cannot_be_written_is_one_line_before_any_work(argv, where, reason, tmp_path, capsys):
    out = str(tmp_path) if where == "." else str(tmp_path / where) + ("/" if where.endswith("/") else "")
    code, stdout, err = _run(capsys, *argv, "-o", out, "--index", str(tmp_path / "idx"), "--model", str(tmp_path / "no-model"))
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {out}: {reason.format(tmp=tmp_path)}; ")
    assert not (tmp_path / "missing").exists() and not (tmp_path / "idx").exists()


@pytest.mark.parametrize("argv, reason", [
    (["compare", "gender", "--format", "csv", "-o", "g.docx"], "is a Word file name but the format is csv; name the file g.csv"),
    (["track", "some-plan", "--json", "-o", "t.docx"], "is a Word file name but the format is json; name the file t.json "
                                                       "or leave out --json"),
    (["compare", "gender", "--format", "docx", "-o", "g.csv"], "is not a .docx file name but the format is docx; "
                                                              "name the file g.docx"),
])
def test_an_output_file_named_for_another_format_is_one_line_before_any_work(argv, reason, tmp_path, capsys):
    """`compare … --format csv -o g.docx` wrote CSV text into a file Word cannot open."""
    i = argv.index("-o") + 1
    argv = argv[:i] + [str(tmp_path / argv[i])] + argv[i + 1:]
    code, stdout, err = _run(capsys, *argv, "--index", str(tmp_path / "idx"), "--model", str(tmp_path / "no-model"))
    assert code == 2 and stdout == "" and err.count("\n") == 1 and reason in err
    assert not list(tmp_path.iterdir())


def test_an_empty_records_topic_is_an_input_error_not_every_record(capsys, tmp_path):
    code, stdout, err = _run(capsys, "records", "--topic", " ", "--index", str(tmp_path / "idx"))
    assert code == 2 and stdout == "" and err.startswith("error: --topic: empty topic; ")


def test_topics_split_on_semicolons_as_in_the_app_and_none_left_is_one_line(capsys, tmp_path):
    """`puente compare "empleo; albergues"` compared one blended topic while the app compared
    two: both read ";" as between topics. Nothing left but separators is an input error."""
    from puente.index.compare import split_topics

    assert split_topics(["empleo; albergues", "gender", " ; "]) == ["empleo", "albergues", "gender"]
    assert split_topics(["naturalisation"]) == ["naturalisation"]
    code, _, err = _run(capsys, "compare", " ; ", "--index", str(tmp_path / "none"))
    assert code == 2 and err.strip() == 'error: TOPIC: empty topic; give a few words, e.g. "labour inclusion"'


@pytest.mark.parametrize("lines, reason", [('{"question": "a"}\nnot json\n', "not JSON ("),
                                           ('{"question": "a"}\n[1, 2]\n', "no 'question' field")])
@pytest.mark.parametrize("command", ["search --queries", "eval"])
def test_a_bad_queries_line_is_one_line_naming_the_file_and_line_once(command, lines, reason, tmp_path, capsys):
    """The file was named twice and two fixes given: "error: q.jsonl: q.jsonl:2: not JSON …; fix the line; fix the file: …"."""
    f = tmp_path / "q.jsonl"
    f.write_text(lines, "utf-8")
    code, stdout, err = _run(capsys, *command.split(), str(f), "--index", str(tmp_path / "idx"), "--model", str(tmp_path / "m"))
    assert code == 2 and stdout == "" and err.count("\n") == 1
    assert err.startswith(f"error: {f}:2: {reason}") and err.count(str(f)) == 1 and err.count("; ") == 1


@pytest.mark.parametrize("command", ["search --queries", "eval"])
def test_a_queries_file_that_is_not_text_is_one_line(command, tmp_path, capsys):
    """A PDF given as the questions file ended in a UnicodeDecodeError traceback, exit 1."""
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n1 0 obj\n")
    code, stdout, err = _run(capsys, *command.split(), str(f), "--index", str(tmp_path / "idx"), "--model", str(tmp_path / "m"))
    assert code == 2 and stdout == "" and err.count("\n") == 1
    assert err.startswith(f"error: {f}: is not UTF-8 text; give a JSON Lines file")


def test_a_model_folder_that_is_not_there_is_an_input_error_naming_it(tmp_path):
    from puente.app.checks import check_model

    with pytest.raises(InputError) as got:
        check_model(Settings(model=str(tmp_path / "no-model")))
    assert str(got.value).startswith(f"{tmp_path / 'no-model'}: no model folder there (--model or PUENTE_MODEL); ")
    check_model(Settings())  # the default folder: built when missing, not refused
    check_model(Settings(model="intfloat/multilingual-e5-small"))  # a hub id: the loader's to find
    check_model(Settings(model=str(tmp_path)))  # a folder that is there


def test_a_setting_that_is_not_a_number_says_so_in_words(monkeypatch):
    monkeypatch.setenv("PUENTE_K", "abc")
    with pytest.raises(SettingError) as got:
        Settings.from_env()
    assert str(got.value) == "PUENTE_K: 'abc' is not a whole number; set PUENTE_K to a whole number or unset it"


@pytest.mark.parametrize("flag, env", [(["--max-file-mb", "-1"], {}), ([], {"PUENTE_MAX_FILE_MB": "0"})])
def test_a_file_size_limit_of_nothing_is_refused_before_reading(flag, env, tmp_path, capsys, monkeypatch):
    """`ingest README.md --max-file-mb -1` read on and failed file by file, exit 1."""
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    doc = tmp_path / "a.md"
    doc.write_text("# A\n\nSome text.\n", "utf-8")
    code, stdout, err = _run(capsys, "ingest", str(doc), *flag, "--index", str(tmp_path / "idx"))
    name = "--max-file-mb" if flag else "PUENTE_MAX_FILE_MB"
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"error: {name}: ") and "above 0" in err
    assert not (tmp_path / "idx").exists()
