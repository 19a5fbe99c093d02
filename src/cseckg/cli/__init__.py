"""The ``cseckg`` command line.

:func:`main` is the console entry point. Plain read-only commands take the fast path of
:mod:`cseckg.cli.fast` (no Typer import); everything else runs the Typer application of
:mod:`cseckg.cli.application`.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    """Console entry point: the fast path when it applies, else the Typer app."""
    from cseckg.cli import fast

    code = fast.run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from cseckg.cli.application import app
    from cseckg.errors import CseckgError

    try:
        app()
    except CseckgError as err:
        print(f"cseckg: {err.message}", file=sys.stderr)
        sys.exit(err.exit_code)


def __getattr__(name: str) -> Any:
    if name == "app":  # ``from cseckg.cli import app`` for tests and embedding
        from cseckg.cli.application import app

        return app
    raise AttributeError(name)
