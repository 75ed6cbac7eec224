"""Errors a user can fix.

Every exception in this family carries a message that says what went wrong and what
to do about it. The command line maps the whole family to exit code 2 in one place;
anything else escaping the library is a bug and keeps its traceback.
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class for problems the user can fix (bad paths, bad options, bad files)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class CorpusError(ProvenanceError):
    """The corpus cannot be scanned at all: a missing folder, or no articles in it."""


class InputFileError(ProvenanceError):
    """One input file cannot be read. The scan reports it by name and goes on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(ProvenanceError):
    """An option, alias file or metadata table is malformed."""


class ReportError(ProvenanceError):
    """A saved report cannot be read (not JSON, wrong schema version, truncated)."""
