"""``serve`` and ``site``: the graph on the web, as a live server or as static files.

``serve`` runs the ASGI application of :func:`cseckg.api.web_app` with uvicorn (the ``serve``
extra), bounded by the limits of :mod:`cseckg.server.limits` (connections, per-client queries,
body size, timeouts); ``site`` writes the same pages with :func:`cseckg.api.build_site`. Exit
codes: 0 done, 2 bad input, 3 the ``serve`` extra is not installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cseckg import api
from cseckg.cli.common import fail
from cseckg.errors import CseckgError
from cseckg.server.limits import Limits

DEFAULT = Limits()


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
    max_connections: Annotated[
        int, typer.Option(help="Open connections in all (then 503 and closed).")
    ] = DEFAULT.max_connections,
    client_connections: Annotated[
        int, typer.Option(help="Open connections from one address (then 429 and closed).")
    ] = DEFAULT.client_connections,
    client_queries: Annotated[
        int | None,
        typer.Option(
            help="Requests to /sparql and /query/NAME one client may have running (then 429); "
            "by default half of --workers, at least 1.",
            show_default=False,
        ),
    ] = None,
    max_body: Annotated[
        int, typer.Option(help="Bytes a request body may have (then 413).")
    ] = DEFAULT.max_body,
    header_timeout: Annotated[
        float, typer.Option(help="Seconds to receive a request's line and headers (then 408).")
    ] = DEFAULT.header_timeout,
    body_timeout: Annotated[
        float, typer.Option(help="Seconds to receive a request body after its headers.")
    ] = DEFAULT.body_timeout,
    keep_alive_timeout: Annotated[
        float, typer.Option(help="Seconds an idle connection stays open between requests.")
    ] = DEFAULT.keep_alive_timeout,
    send_timeout: Annotated[
        float, typer.Option(help="Seconds a client may leave a response unread.")
    ] = DEFAULT.send_timeout,
    trusted_proxies: Annotated[
        str,
        typer.Option(
            help="Proxies (addresses or networks, comma-separated) whose X-Forwarded-For names "
            "the client."
        ),
    ] = DEFAULT.trusted_proxies,
) -> None:
    """Serve pages, RDF by content negotiation and a read-only SPARQL endpoint."""
    limits = Limits(
        max_connections=max_connections,
        client_connections=client_connections,
        client_queries=client_queries,
        max_body=max_body,
        header_timeout=header_timeout,
        body_timeout=body_timeout,
        keep_alive_timeout=keep_alive_timeout,
        send_timeout=send_timeout,
        trusted_proxies=trusted_proxies,
    )
    try:
        app = api.web_app(
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            downloads=downloads,
            base_url=base_url or f"http://{host}:{port}",
            limits=limits,
        )
        typer.echo(f"cseckg: serving on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
        api.run_server(app, host=host, port=port, limits=limits)
    except CseckgError as err:
        fail(err)


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
