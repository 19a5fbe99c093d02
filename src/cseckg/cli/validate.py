"""``cseckg validate``: parse, SHACL, checks and OWL reasoning over the shipped graph."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cseckg import api
from cseckg.cli.common import fail
from cseckg.errors import CseckgError


class Stage(StrEnum):
    shacl = "shacl"
    checks = "checks"
    owl = "owl"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


class FailOn(StrEnum):
    violation = "violation"
    warning = "warning"


def validate(
    extra: Annotated[
        list[Path] | None,
        typer.Argument(help="Extra RDF files to validate together with the shipped graph."),
    ] = None,
    only: Annotated[
        Stage | None, typer.Option("--only", help="Run one stage: shacl, checks or owl.")
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table (for people) or json (for programs)."),
    ] = OutputFormat.table,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.violation,
    model_only: Annotated[
        bool,
        typer.Option("--model-only", help="Validate the extra files against the model alone."),
    ] = False,
) -> None:
    """Validate the graph. Exit codes: 0 conforms, 1 violations, 2 input error, 3 not supported."""
    try:
        report = api.validate(
            extra or [],
            only=only.value if only else None,
            base="model" if model_only else "shipped",
            fail_on=fail_on.value,
        )
    except CseckgError as err:
        fail(err)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(_as_json(report), indent=2, ensure_ascii=False))
    else:
        _print_table(report)
    raise typer.Exit(report.exit_code)


def _as_json(report) -> dict:
    return {
        "conforms": report.conforms,
        "exit_code": report.exit_code,
        "triples": report.triples,
        "files": list(report.files),
        "stages": [asdict(s) for s in report.stages],
        "counts": report.counts(),
        "findings": [asdict(f) for f in report.findings],
    }


def _print_table(report) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console()
    if not out.is_terminal:  # piped or captured: wide enough that IRIs stay whole
        out = Console(width=200)
    err = Console(stderr=True, width=out.width)
    for finding in (f for f in report.findings if f.stage == "parse"):
        err.print(f"cseckg: {finding.message}", markup=False, highlight=False)
    rows = [f for f in report.findings if f.stage != "parse"]
    if rows:
        table = Table(show_lines=False)
        for column in ("severity", "rule", "focus", "path", "value", "message"):
            table.add_column(column, overflow="fold")
        for f in rows:
            focus = f"{f.focus_label}\n{f.focus}" if f.focus_label else f.focus
            table.add_row(f.severity, f.rule, focus, f.path, _clip(f.value), f.message)
        out.print(table)
    for stage in report.stages:
        detail = f" ({stage.detail})" if stage.detail else ""
        err.print(f"{stage.name:7} {stage.status:11} {stage.seconds:6.2f} s{detail}", markup=False)
    counts = ", ".join(f"{n} {sev.lower()}(s)" for sev, n in sorted(report.counts().items()))
    verdict = "conforms" if report.conforms else "does not conform"
    err.print(f"{verdict}: {report.triples} triples; {counts or 'no findings'}", markup=False)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
