"""What every command shares: turning an error into one line and an exit code."""

from __future__ import annotations

from typing import NoReturn

import typer

from cseckg.errors import CseckgError


def fail(err: CseckgError) -> NoReturn:
    """Print ``err`` as one line on stderr and exit with its documented code."""
    typer.echo(f"cseckg: {err.message}", err=True)
    raise typer.Exit(err.exit_code)
