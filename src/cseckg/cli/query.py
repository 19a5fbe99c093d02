"""``cseckg query list`` and ``cseckg query run``: named queries, SPARQL files and texts.

The commands parse their options, call :func:`cseckg.api.list_queries` or
:func:`cseckg.api.query`, and render the typed result: a table on the terminal, or the bytes of
:func:`cseckg.sparql.serialize` (SPARQL results JSON/XML/CSV/TSV, or an RDF format) on stdout or
in ``--output``, written atomically. Exit codes: 0 done (also for an empty result), 2 bad input,
refused or failed query, 4 timed out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cseckg import api
from cseckg.cli.common import fail
from cseckg.errors import CseckgError, InputError

app = typer.Typer(
    help="Run the named queries of queries/*.rq, a .rq file or SPARQL text.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FORMAT_HELP = (
    "table (default on the terminal), csv, tsv, json, xml for SELECT/ASK; turtle (default), "
    "ntriples, nquads, trig, jsonld, rdfxml for CONSTRUCT/DESCRIBE. Default with --output: "
    "from its suffix."
)


@app.command("list")
def list_command(
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table (for people) or json (for programs).")
    ] = "table",
) -> None:
    """List the named queries with their title, parameters and description."""
    if output_format not in ("table", "json"):
        fail(InputError(f"--format {output_format}: use table or json"))
    try:
        found = api.list_queries()
    except CseckgError as err:
        fail(err)
    entries = [
        {"name": q.name, "title": q.title, "params": list(q.params), "description": q.description}
        for q in found
    ]
    if output_format == "json":
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    _print_table(
        ["name", "params", "title"],
        [[e["name"], " ".join(f"?{p}" for p in e["params"]), e["title"]] for e in entries],
    )


@app.command("run")
def run_command(
    query: Annotated[
        str | None, typer.Argument(help="A named query (see `query list`) or a .rq file.")
    ] = None,
    execute: Annotated[
        str | None, typer.Option("--execute", "-e", help="SPARQL text to run instead.")
    ] = None,
    bind: Annotated[
        list[str] | None,
        typer.Option(
            "--bind",
            "-b",
            help="var=value, repeatable. An IRI when the value is <...> or starts with http(s):// "
            'or urn:, a language-tagged literal when written "text"@lang, else a plain literal.',
        ),
    ] = None,
    output_format: Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write here (atomically); - is stdout.")
    ] = None,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Run on this SPARQL 1.1 endpoint URL.")
    ] = None,
    allow_network: Annotated[
        bool,
        typer.Option("--allow-network", help="Let a local query use SERVICE and FROM."),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="Stop the query after this many seconds (exit code 4)."),
    ] = None,
) -> None:
    """Run a query. Exit codes: 0 done, 2 bad input or refused query, 4 timed out."""
    from cseckg import sparql

    target = None if output in (None, "-") else Path(output)
    try:
        text = _query_text(query, execute)
        result = api.query(
            text,
            bindings=_bindings(bind or []),
            endpoint=endpoint,
            allow_network=allow_network,
            timeout=timeout,
        )
        chosen = sparql.choose_format(result.kind, output_format, target)
        if chosen == "table":
            _print_result_table(result)
            return
        data = sparql.serialize(result, chosen)
        if target is None:
            typer.echo(data, nl=not data.endswith(b"\n"))
        else:
            sparql.write_atomically(target, data)
    except CseckgError as err:
        fail(err)


def _query_text(query: str | None, execute: str | None) -> str:
    if (query is None) == (execute is None):
        raise InputError("give either a query name or .rq file, or -e 'SPARQL text'")
    if execute is not None and not execute.strip():
        raise InputError("-e: the query text is empty")
    return execute if execute is not None else str(query)


def _bindings(pairs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--bind {pair!r}: write it as var=value")
        found[name.strip()] = value
    return found


def _print_result_table(result) -> None:
    from cseckg.sparql import display

    if result.kind == "ask":
        typer.echo("true" if result.boolean else "false")
        return
    rows = [[display(term) for term in row] for row in result.rows]
    console = _print_table(list(result.variables), rows)
    # The count goes through the table's own console, on its own line below the table: written
    # to stderr it could land on the table's last line when both streams share a terminal.
    console.print(f"{len(rows)} row(s)", markup=False, highlight=False)


def _print_table(columns: list[str], rows: list[list[str]]):
    from rich.console import Console
    from rich.table import Table

    out = Console()
    if not out.is_terminal:  # piped or captured: wide enough that IRIs stay whole
        out = Console(width=200)
    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table, markup=False, highlight=False)
    return out
