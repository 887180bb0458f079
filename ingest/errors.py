"""Typed errors. Every message names the file, the reason and the fix, on one line."""
from __future__ import annotations


class PuenteError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to users."""

    def __init__(self, path: object, reason: str, fix: str):
        self.path = str(path)
        self.reason = reason
        self.fix = fix
        super().__init__(f"{self.path}: {reason}; {fix}")


class ReadError(PuenteError):
    """A document could not be read (corrupt, encrypted, no text, wrong encoding...)."""


class UnsupportedFileError(ReadError):
    """The file extension is not one we read."""


class IndexMismatchError(PuenteError):
    """The stored index was built with another model, chunker or format."""


class IndexMissingError(PuenteError):
    """No index (or a damaged one) at the given folder."""


class ModelMissingError(PuenteError):
    """The embedding model folder is absent or incomplete."""


class LockedError(PuenteError):
    """Another writer holds the index lock."""
