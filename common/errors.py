"""The one error hierarchy. Every message names the file (or setting), the reason and the
fix, on one line: ``str(err)`` is what the CLI prints after ``error:`` and the app shows."""
from __future__ import annotations


class PuenteError(Exception):
    """Base class of every error a command reports; ``str(err)`` is the one-line message."""

    def __init__(self, path: object, reason: str, fix: str):
        from .text import shown_name  # a name with a newline must not split the one line

        self.path = shown_name(str(path))
        self.reason = reason
        self.fix = fix
        super().__init__(f"{self.path}: {reason}; {fix}")


class ReadError(PuenteError):
    """A document could not be read (corrupt, encrypted, no text, wrong encoding...)."""


class UnsupportedFileError(ReadError):
    """The file extension is not one we read."""


class InputError(PuenteError):
    """A command's own input is unusable: an empty or too long question, a bad queries file."""


class SettingError(InputError):
    """A ``PUENTE_*`` variable or a flag has a value that cannot be used."""


class NotInIndexError(InputError):
    """Documents named on the command line are not in the index (all of them are named)."""

    def __init__(self, doc: str | list[str]):
        names = [doc] if isinstance(doc, str) else list(dict.fromkeys(doc))
        super().__init__(", ".join(names), "not in the index" if len(names) == 1 else "are not in the index",
                         "see `puente docs` for the indexed documents")


class IndexMismatchError(PuenteError):
    """The stored index was built with another model, chunker or format."""


class IndexMissingError(PuenteError):
    """No index (or a damaged one) at the given folder."""


class ModelMissingError(PuenteError):
    """The embedding model folder is absent or incomplete."""


class LockedError(PuenteError):
    """Another writer holds the index lock (or the index folder cannot be written)."""
