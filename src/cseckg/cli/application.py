"""The Typer application: one small module per command group, composed here.

Commands parse their input, call one :mod:`cseckg.api` function, render its result and exit with
the documented code. A :class:`cseckg.errors.CseckgError` becomes one line on stderr, never a
traceback.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cseckg import __version__
from cseckg.cli import explore, fmt, query, validate
from cseckg.cli import export as export_cli
from cseckg.cli import serve as serve_cli

app = typer.Typer(
    name="cseckg",
    help="The CSEC legal definitions knowledge graph: trace, compare, search, query, validate.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cseckg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """The CSEC legal definitions knowledge graph: validate, format and query it."""


app.command("trace")(explore.trace)
app.command("compare")(explore.compare)
app.command("search")(explore.search)
app.command("show")(explore.show)
app.command("cite")(explore.cite)
app.command("validate")(validate.validate)
app.command("fmt")(fmt.fmt)
app.add_typer(query.app, name="query")
app.command("export")(export_cli.export)
app.command("release")(export_cli.release)
app.command("serve")(serve_cli.serve)
app.command("site")(serve_cli.site)
