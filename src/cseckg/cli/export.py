"""``cseckg export`` and ``cseckg release``: the graph as files that any triple store loads.

Both call one :mod:`cseckg.api` function and print a short summary on stderr. Progress goes to
stderr only when it is a terminal and the work has taken more than a second; ``--quiet`` (and a
pipe) keep it silent. Exit codes: 0 written, 2 bad input, unreadable sources or unwritable target.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from cseckg import api, formats
from cseckg.cli.common import fail
from cseckg.errors import CseckgError

FORMAT_NAMES = ", ".join(f.name for f in formats.FORMATS)
SHOW_AFTER = 1.0  # seconds


class Progress:
    """Step messages on stderr, once the work has taken more than :data:`SHOW_AFTER` seconds."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, step: str) -> None:
        if self.enabled and time.monotonic() - self.started > SHOW_AFTER:
            sys.stderr.write(f"\r\x1b[K{step}...")
            sys.stderr.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def export(
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"{FORMAT_NAMES}. Default: from --output, else turtle."
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="Write here (atomically; gzipped if it ends in .gz); - is stdout.",
        ),
    ] = "-",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Export the graph in one RDF format: deterministic and lossless (see docs)."""
    progress = Progress(quiet)
    try:
        result = api.export(output_format, output, progress=progress)
    except CseckgError as err:
        progress.done()
        fail(err)
    progress.done()
    if result.path is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
    elif not quiet:
        typer.echo(f"{result.path}: {result.format}, {result.triples} triples", err=True)


def release(
    out: Annotated[Path, typer.Option("--out", help="The release folder (replaced whole).")] = Path(
        "dist"
    ),
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Also keep this release's snapshot and IRIs in releases/ (maintainers).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Build a release: every format, gzipped dumps, VoID/DCAT, SHA256SUMS, change list."""
    progress = Progress(quiet)
    try:
        report = api.release(out, record=record, progress=progress)
    except CseckgError as err:
        progress.done()
        fail(err)
    progress.done()
    if quiet:
        return
    since = f"since {report.previous}" if report.previous else "first release"
    typer.echo(
        f"{report.out}: cseckg {report.version}, {report.triples} triples, "
        f"{len(report.files)} data files ({since})",
        err=True,
    )
