"""Errors that reach the user as one line and a documented exit code.

Exit codes, shared by every command: 0 success (conforms), 1 violations or no match,
2 input or load error, 3 not supported on this machine, 4 timed out (a query stopped by --timeout).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2
EXIT_UNSUPPORTED = 3
EXIT_TIMEOUT = 4


class CseckgError(Exception):
    """An error with a one-line message for the user and the exit code that goes with it."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(CseckgError):
    """A missing, empty, malformed or refused input file or argument."""

    exit_code = EXIT_INPUT


class NotSupportedError(CseckgError):
    """Something this machine cannot do (for example OWL reasoning without Java)."""

    exit_code = EXIT_UNSUPPORTED
