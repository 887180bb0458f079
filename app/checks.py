"""Checks of a command's input that need nothing loaded: its settings and flags, the
question, the output format, the paths given to ``ingest``, a queries file, and whether
``serve`` may listen where it is asked to. Each raises a one-line :class:`InputError`
(exit 2) or returns what it read."""
from __future__ import annotations

import sys
from pathlib import Path

from puente.common.errors import InputError
from puente.common.settings import Settings


def check_paths(paths: list[str]) -> None:
    """Before any model loads: when nothing given is a readable file or a folder holding
    one, say why in one line (a batch with some usable files goes on and reports the rest)."""
    from puente.ingest.batch import collect_files
    from puente.ingest.readers import FORMATS, SUPPORTED_SUFFIXES

    files, _, errors = collect_files(paths)
    if any(f.suffix.lower() in SUPPORTED_SUFFIXES for f in files):
        return
    bad = [f for f in files if f.suffix.lower() not in SUPPORTED_SUFFIXES]
    problems = errors + [str(InputError(f, f"unsupported file type '{f.suffix or '(none)'}'", f"convert it to {FORMATS}"))
                for f in bad]
    more = f" (and {len(problems) - 1} more path(s) with nothing to read)" if len(problems) > 1 else ""
    path, _, rest = problems[0].partition(": ")
    reason, _, fix = rest.rpartition("; ")
    raise InputError(path, reason + more, fix)


def check_exposure(s: Settings, no_auth: bool) -> None:
    """Before anything loads: a host other than loopback serves every document to whoever
    reaches the port, so it needs a login (``PUENTE_AUTH``) or ``--no-auth`` said on purpose."""
    login = s.login()  # a malformed PUENTE_AUTH is refused even on loopback
    if s.loopback or login:
        return
    if not no_auth:
        raise InputError("--host", f"{s.host} serves the documents beyond this machine without a login",
                         "set PUENTE_AUTH=user:password, or pass --no-auth to serve without one on purpose")
    print(f"warning: serving on {s.host} without a login (--no-auth): anyone who reaches port {s.port} "
          "can read, add and remove documents", file=sys.stderr)


def settings_from(args) -> Settings:
    """The settings a command runs with: the environment, then its flags; a bad value is
    an input error."""
    flags = {k: getattr(args, k, None) for k in ("index", "model", "k", "port", "host", "max_file_mb", "ui_lang")}
    flags |= {"ocr": True if getattr(args, "ocr", False) else None, "pdf_password": getattr(args, "password", None)}
    s = Settings.from_env().override(**flags)
    for field in ("k", "compare_k", "track_k", "brief_k"):  # every passage count: --k, PUENTE_K, PUENTE_COMPARE_K …
        n = getattr(s, field)
        if n < 1:
            name = "--k" if field == "k" and getattr(args, "k", None) is not None else f"PUENTE_{field.upper()}"
            raise InputError(name, f"{n} passages asked for", "ask for 1 or more" if field == "k" else "set it to 1 or more")
    if s.max_file_mb <= 0:
        name = "--max-file-mb" if getattr(args, "max_file_mb", None) is not None else "PUENTE_MAX_FILE_MB"
        raise InputError(name, f"{s.max_file_mb:g} MB refuses every file", f"give a size above 0 (default {Settings.max_file_mb:g})")
    if s.ui_lang not in ("", "en", "es"):
        raise InputError("PUENTE_UI_LANG", f"{s.ui_lang!r} is not en or es", "set it to en or es, or unset it")
    return s


def check_model(s: Settings) -> None:
    """Refuse, as the model is about to load, a ``--model`` / ``PUENTE_MODEL`` that names a local
    folder that is not there (a hub id is left to the loader; the default folder is built)."""
    from puente.index.encode.base import missing_folder

    model = str(s.model)
    if model != Settings().model and missing_folder(model):
        raise InputError(model, "no model folder there (--model or PUENTE_MODEL)",
                         "point it at a model folder (`puente model build --out DIR` builds one), or leave it out for the default")


def check_question(question: str, max_chars: int) -> None:
    """A question with no word in it ("   ", "?") or too long is an input error."""
    if not any(ch.isalnum() for ch in question):
        raise InputError("QUESTION", "has no words" if question.strip() else "is empty",
                         'ask a question in words, e.g. "Who is responsible for recommendation 3?"')
    if len(question) > max_chars:
        raise InputError("QUESTION", f"{len(question)} characters long",
                         f"shorten it to {max_chars} (PUENTE_MAX_QUESTION_CHARS)")


def check_out(path: str | None) -> None:
    """Before any model loads: ``-o FILE`` must be a file in a folder that exists and can
    be written, so the work is not done only to fail at the end."""
    if not path:
        return
    import os

    out = Path(path)
    if out.is_dir() or path.endswith(("/", os.sep)):
        raise InputError(path, "is a folder", "give a file name, e.g. -o comparison.docx")
    folder = out.parent
    if not folder.is_dir():
        raise InputError(path, f"folder {folder} does not exist", "create it first, or write to an existing folder")
    if not os.access(out if out.exists() else folder, os.W_OK):  # an existing file is opened, not created
        raise InputError(path, "cannot be written here (permission denied)", "choose a folder you can write to")


def out_format(args) -> str:
    """The output format, checked before any model loads: ``-o FILE.docx`` implies docx,
    which needs a file; ``-o`` in a folder that can be written."""
    check_out(args.out)
    fmt = "json" if args.json else args.format
    word_file = (args.out or "").lower().endswith(".docx")
    if fmt == "text" and word_file:
        fmt = "docx"
    if fmt == "docx" and not args.out:
        raise InputError("--format docx", "a Word file needs a file to write", "add -o FILE.docx")
    if word_file != (fmt == "docx") and args.out:  # CSV text in a .docx (or a Word file in a .csv) opens nowhere
        raise InputError(args.out, f"is {'a Word file name' if word_file else 'not a .docx file name'} but the format is {fmt}",
                         f"name the file {Path(args.out).stem}.{'docx' if fmt == 'docx' else _SUFFIX.get(fmt, fmt)}"
                         + (f" or leave out {'--json' if args.json else '--format'}" if word_file else ""))
    return fmt


_SUFFIX = {"text": "txt"}


def read_queries(path: str) -> list[dict]:
    """A JSONL file of ``{"id", "question"}`` lines (``search --queries``, ``eval``), read and
    checked before any model loads."""
    from puente.index.evaluate import load_gold

    if not Path(path).is_file():
        raise InputError(path, "is a folder" if Path(path).is_dir() else "no such file",
                         'pass a JSONL file with one {"id","question"} per line')
    return load_gold(path)  # a line that is no such object: its own one-line input error


def docs_arg(values: list[str] | None) -> list[str]:
    """Document names given as ``--doc a --doc b`` or ``--docs a,b``."""
    return [d for part in (values or []) for d in part.split(",") if d]
