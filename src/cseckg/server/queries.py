"""``/sparql`` (the protocol endpoint, :mod:`.sparql`) and ``/query/NAME``: the named queries of
``queries/*.rq`` as a JSON API, parameters from the URL bound as RDF terms (SEP-0007
substitution, as ``cseckg query run NAME --bind``), run in the same bounded workers."""

from __future__ import annotations

import json
import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cseckg import formats
from cseckg.errors import CseckgError
from cseckg.server import sparql as protocol
from cseckg.server.workers import Job

QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]*")
RETRY_AFTER = 5
MAX_CACHED = (
    1024 * 1024
)  # bytes: larger answers are not kept  # seconds, in the Retry-After header of a 503


def _site(request: Request):
    return request.app.state.site


def _error(err: protocol.ProtocolError) -> Response:
    from cseckg.server.responses import text_error

    return text_error(err.status, err.message, err.headers)


async def sparql(request: Request) -> Response:
    site = _site(request)
    settings = site.settings
    try:
        query = await protocol.read_request(request, settings.max_query_bytes)
        if query is None:
            return _query_page(request, site)
        # The graph is read-only, so an answer stays right; only answers to requests that passed
        # every check are kept, so a hit may skip them.
        key = ("sparql", query.text, query.accept, query.format_override)
        cached = site.cache.peek(key)
        if cached is not None:
            return _cached(cached)
        job = protocol.job_for(query, settings.max_rows)
        answer = await site.pool.run(job, settings.timeout)
        response = protocol.answer_response(answer, RETRY_AFTER)
        if len(answer.body) <= MAX_CACHED:
            site.cache.put(key, answer.body, answer.media_type)
    except protocol.ProtocolError as err:
        return _error(err)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _cached(rendered) -> Response:
    headers = {
        "Vary": "Accept",
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(rendered.body, media_type=rendered.media_type, headers=headers)


def _query_page(request: Request, site) -> Response:
    if (
        formats.negotiate(request.headers.get("accept"), (formats.HTML, "text/plain"))
        != formats.HTML
    ):
        return _error(protocol.ProtocolError(400, "no query: give exactly one query parameter"))
    from cseckg import sparql as sparql_lib

    settings = site.settings
    return site.rendered(
        ("sparql-page",),
        lambda: (
            site.pages.sparql(
                sparql_lib.list_queries(), settings.timeout, settings.max_rows
            ).encode(),
            formats.HTML,
        ),
    )


async def list_named(request: Request) -> Response:
    from cseckg import sparql as sparql_lib

    return JSONResponse(
        [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "params": list(q.params),
                "url": f"/query/{q.name}",
            }
            for q in sparql_lib.list_queries()
        ],
        headers={"Access-Control-Allow-Origin": "*"},
    )


async def named(request: Request) -> Response:
    """``/query/NAME?param=value``: the rows of a named query as JSON."""
    from cseckg import queries
    from cseckg import sparql as sparql_lib

    site = _site(request)
    name = request.path_params["name"]
    try:
        if not QUERY_NAME.fullmatch(name):  # no dots or slashes: never a file path
            raise protocol.ProtocolError(404, f"no named query {name[:80]!r}")
        found = queries.named(name)
        source = sparql_lib.Source(f"queries/{found.path.name}", found.text)
        bindings = {k: v for k, v in request.query_params.items() if not k.startswith("_")}
        terms = sparql_lib.substitutions(source, bindings)
    except CseckgError as err:
        status = 404 if err.message.startswith("no named query") else 400
        return _error(protocol.ProtocolError(status, err.message))
    except protocol.ProtocolError as err:
        return _error(err)
    job = Job(source.text, terms, "json", "application/sparql-results+json", site.settings.max_rows)
    answer = await site.pool.run(job, site.settings.timeout)
    try:
        protocol.answer_response(answer, RETRY_AFTER)  # raises for every failure
    except protocol.ProtocolError as err:
        return _error(err)
    return JSONResponse(
        _rows(name, source, bindings, answer.body), headers={"Access-Control-Allow-Origin": "*"}
    )


def _rows(name: str, source, bindings: dict, body: bytes) -> dict:
    """SPARQL JSON results as ``{"variables": [...], "rows": [{var: value}]}`` (plain values)."""
    results = json.loads(body)
    variables = results.get("head", {}).get("vars", [])
    rows = [
        {v: (row[v]["value"] if v in row else None) for v in variables}
        for row in results.get("results", {}).get("bindings", [])
    ]
    return {
        "query": name,
        "params": bindings,
        "variables": variables,
        "rows": rows,
        "sparql_results": results,
    }


def routes() -> list[Route]:
    return [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", list_named),
        Route("/query/{name}", named),
    ]
