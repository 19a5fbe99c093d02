"""``cseckg fmt``: keep the committed Turtle in canonical form."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cseckg import api
from cseckg.cli.common import fail
from cseckg.errors import CseckgError


def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Turtle files to format; default: every ontology and shape file."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file is not canonical.")
    ] = False,
) -> None:
    """Rewrite Turtle files in the one canonical style (sorted rdflib longturtle)."""
    try:
        report = api.fmt(paths or [], check=check)
    except CseckgError as err:
        fail(err)
    for path in report.changed:
        typer.echo(f"{'would reformat' if check else 'reformatted'} {path}")
    unchanged = len(report.checked) - len(report.changed)
    verb = "would be reformatted" if check else "reformatted"
    typer.echo(f"{len(report.changed)} file(s) {verb}, {unchanged} already canonical", err=True)
    raise typer.Exit(report.exit_code)
