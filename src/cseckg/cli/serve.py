"""``serve`` and ``site``: the graph on the web, as a live server or as static files.

``serve`` runs the ASGI application of :func:`cseckg.api.web_app` with uvicorn (the ``serve``
extra); ``site`` writes the same pages with :func:`cseckg.api.build_site`. Exit codes: 0 done,
2 bad input, 3 the ``serve`` extra is not installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cseckg import api
from cseckg.cli.common import fail
from cseckg.errors import CseckgError


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a SPARQL query may run (then 503).")
    ] = 10.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Rows or triples a query may return (then 413).")
    ] = 10_000,
    workers: Annotated[int, typer.Option("--workers", help="SPARQL worker processes.")] = 2,
    downloads: Annotated[
        Path | None,
        typer.Option("--downloads", help="A release folder (cseckg release --out DIR) to serve."),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="The public URL, for the VoID description.")
    ] = None,
) -> None:
    """Serve pages, RDF by content negotiation and a read-only SPARQL endpoint."""
    try:
        import uvicorn

        app = api.web_app(
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            downloads=downloads,
            base_url=base_url or f"http://{host}:{port}",
        )
    except ImportError:
        typer.echo("cseckg: uvicorn is not installed: pip install 'cseckg[serve]'", err=True)
        raise typer.Exit(3) from None
    except CseckgError as err:
        fail(err)
    typer.echo(f"cseckg: serving on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def site(
    out: Annotated[Path, typer.Option("--out", help="Folder to write (replaced whole).")],
    base_url: Annotated[
        str, typer.Option("--base-url", help="The public URL, for the VoID description.")
    ] = "",
) -> None:
    """Write the pages and per-resource RDF files as a static site with rewrite rules."""
    try:
        report = api.build_site(out, base_url=base_url)
    except CseckgError as err:
        fail(err)
    typer.echo(f"wrote {report.pages} pages, {report.files} files to {report.out}")
