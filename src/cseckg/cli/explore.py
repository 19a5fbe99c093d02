"""``trace``, ``compare``, ``search``, ``show`` and ``cite``: the commands for reading the graph.

Each calls one :mod:`cseckg.api` function and renders its frozen dataclass: as text for people
(rich trees and tables) or ``--format json``. Exit codes: 0 found, 1 no match (with suggestions),
2 bad input.
"""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from cseckg import api
from cseckg.cli import hits, render
from cseckg.cli.common import fail
from cseckg.errors import CseckgError


class Output(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    Output, typer.Option("--format", "-f", help="text (for people) or json (for programs).")
]


def _emit(result: Any, output: Output, text_renderer) -> None:
    if output is Output.json:
        typer.echo(json.dumps(dataclasses.asdict(result), indent=2, ensure_ascii=False))
    else:
        text_renderer(result)


def _call(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except CseckgError as err:
        fail(err)


JurisdictionOption = Annotated[
    str | None,
    typer.Option(
        "--jurisdiction",
        "-j",
        help="A jurisdiction code (LU, DE, FR, EU, COE, INT ...); compare takes several, LU,DE,FR.",
    ),
]


def trace(
    term: Annotated[str, typer.Argument(help="A term in any language: a label of a concept.")],
    jurisdiction: JurisdictionOption = None,
    output: FormatOption = Output.text,
) -> None:
    """Trace a term to its concept, every definition, provision and instrument; with
    --jurisdiction, the chain from treaty to that State's law, each link with its source."""
    _emit(_call(api.trace, term, jurisdiction=jurisdiction), output, render.trace)


def compare(
    concept: Annotated[str, typer.Argument(help="A concept, by any of its labels.")],
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the definitions; 'all' for every language.")
    ] = "en",
    jurisdiction: JurisdictionOption = None,
    output: FormatOption = Output.text,
) -> None:
    """Compare a concept across instruments and, with --jurisdiction, national law: the
    conditions each provision sets (age limits, exceptions, means, remuneration), from the data."""
    result = _call(
        api.compare, concept, lang=None if lang == "all" else lang, jurisdiction=jurisdiction
    )
    _emit(result, output, render.comparison)


def search(
    text: Annotated[
        str,
        typer.Argument(help='Words (all must match), "a phrase", a prefix* , a OR b, -excluded.'),
    ],
    lang: Annotated[
        str | None, typer.Option("--lang", help="Only matches in this language (en, fr ...).")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="Only this kind: concept, definition, provision, instrument ..."
        ),
    ] = None,
    instrument: Annotated[
        str | None,
        typer.Option("--instrument", help="Only what belongs to this instrument (OPSC, an IRI)."),
    ] = None,
    jurisdiction: Annotated[
        str | None,
        typer.Option("--jurisdiction", help="Only instruments of this jurisdiction (lu, eu ...)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many results.")] = 20,
    output: FormatOption = Output.text,
) -> None:
    """Search labels, definitions and provision texts: ranked, in every language, with snippets."""
    result = _call(
        api.search,
        text,
        lang=lang,
        limit=limit,
        kind=kind,
        instrument=instrument,
        jurisdiction=jurisdiction,
    )
    _emit(result, output, hits.show)
    if not result.hits:
        raise typer.Exit(1)


def show(
    resource: Annotated[str, typer.Argument(help="An IRI, a CURIE (concept:child) or a label.")],
    output: FormatOption = Output.text,
) -> None:
    """Show everything the graph says about one resource, with labels instead of IRIs."""
    _emit(_call(api.show, resource), output, render.resource)


def cite(
    resource: Annotated[
        str,
        typer.Argument(help="An instrument, provision or definition: IRI, CURIE or label."),
    ],
    style: Annotated[
        str,
        typer.Option(
            "--style",
            "-s",
            help="oscola, bluebook, apa (text for a brief), csl-json, bibtex, ris (records for "
            "reference managers).",
        ),
    ] = "oscola",
    output: FormatOption = Output.text,
) -> None:
    """Cite an instrument, a provision (with its pinpoint) or a definition (with its quoted text
    and where it was checked), from verified data only; what is not recorded is left out, with
    the reason."""
    _emit(_call(api.cite, resource, style=style), output, render.citation)
