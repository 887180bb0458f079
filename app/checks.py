"""Checks of a command's input that need nothing loaded: the paths given to ``ingest`` and
whether ``serve`` may listen where it is asked to. Each raises a one-line
:class:`InputError` (exit 2) or returns."""
from __future__ import annotations

import sys

from puente.ingest.errors import InputError
from puente.ingest.settings import Settings


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
