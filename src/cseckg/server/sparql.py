"""``/sparql``: the read-only query operation of the SPARQL 1.1 Protocol (W3C Rec. 2013, 2.1).

* GET with ``query`` in the URL (2.1.1); POST with a URL-encoded form (2.1.2) or with the query as
  the ``application/sparql-query`` body (2.1.3). Exactly one ``query``; none, two, or an
  ``update`` is 400 (2.1.5: "more than one query string" and "no query string" are errors). The
  update operation (2.2) is not offered: ``update=`` and ``application/sparql-update`` get 400,
  other methods 405.
* ``default-graph-uri`` / ``named-graph-uri`` (2.1.4): this service holds one dataset and fetches
  nothing, so a request naming graphs is refused with 400, as is ``FROM`` in the query.
* Refused before it runs (400, by :func:`cseckg.sparql.lexer.check`): SPARQL Update operations,
  ``LOAD``, ``SERVICE`` and ``FROM``. Malformed queries: 400 with ``query:LINE:COLUMN``.
* Answers by ``Accept`` (RFC 9110, section 12.5.1): SELECT/ASK as SPARQL JSON, XML, CSV or TSV;
  CONSTRUCT/DESCRIBE in any RDF format of :mod:`cseckg.formats`. Bounds: see :mod:`.workers`.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from cseckg import formats
from cseckg.errors import InputError
from cseckg.server.workers import Answer, Job
from cseckg.sparql import lexer
from cseckg.sparql.results import RESULT_FORMATS

RESULT_TYPES = tuple(f.media_type for f in RESULT_FORMATS) + ("application/json",)
GRAPH_TYPES = tuple(f.media_type for f in formats.FORMATS)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
DRAIN_LIMIT = 8 * 1024 * 1024  # bytes of an oversized body read (and dropped) before answering


class ProtocolError(Exception):
    """A request this service answers with ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


@dataclass(frozen=True)
class QueryRequest:
    text: str
    accept: str | None
    format_override: str | None


async def read_request(request: Request, max_bytes: int) -> QueryRequest | None:
    """The query of a protocol request; None for a GET without one (the query page)."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        params += await _body_params(request, max_bytes)
    _refuse_updates_and_datasets(params)
    queries = [v for k, v in params if k == "query"]
    if not queries:
        if request.method in ("GET", "HEAD") and not params:
            return None
        raise ProtocolError(400, "no query: give exactly one query parameter")
    if len(queries) > 1:
        raise ProtocolError(400, f"{len(queries)} queries given: give exactly one query parameter")
    text = queries[0]
    if len(text.encode()) > max_bytes:
        raise ProtocolError(413, f"the query is longer than {max_bytes} bytes")
    override = next((v for k, v in params if k == "format"), None)
    return QueryRequest(text, request.headers.get("accept"), override)


async def _body_params(request: Request, max_bytes: int) -> list[tuple[str, str]]:
    media, charset = _content_type(request.headers.get("content-type", ""))
    if media == "application/sparql-update":
        raise ProtocolError(400, "updates are not accepted: this endpoint is read-only")
    if media not in (FORM, DIRECT):
        raise ProtocolError(
            415, f"POST a {FORM} form or an {DIRECT} body, not {media or 'nothing'}"
        )
    if charset not in ("", "utf-8"):
        raise ProtocolError(415, f"the body must be UTF-8, not {charset}")
    body = await _read_bounded(request, max_bytes)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the body is not valid UTF-8") from None
    if media == DIRECT:
        return [("query", text)]
    return urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=100)


def _content_type(header: str) -> tuple[str, str]:
    media, *params = (p.strip() for p in header.split(";"))
    charset = next(
        (
            p.partition("=")[2].strip('"').lower()
            for p in params
            if p.lower().startswith("charset=")
        ),
        "",
    )
    return media.lower(), charset


async def _read_bounded(request: Request, max_bytes: int) -> bytes:
    """The body, at most ``3 * max_bytes`` (a form is at most ~3x its query). A larger body is
    read on, unkept, up to :data:`DRAIN_LIMIT` so that the client can read the 413 answer; past
    that the connection is closed."""
    limit = max_bytes * 3
    declared = request.headers.get("content-length", "")
    too_large = ProtocolError(413, f"the request body is larger than {limit} bytes")
    if declared.isdigit() and int(declared) > DRAIN_LIMIT:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > DRAIN_LIMIT:
            break
        if size <= limit:
            chunks.append(chunk)
    if size > limit:
        raise too_large
    return b"".join(chunks)


def _refuse_updates_and_datasets(params: list[tuple[str, str]]) -> None:
    names = {k for k, _ in params}
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(400, "updates are not accepted: this endpoint is read-only")
    graphs = [v for k, v in params if k in ("default-graph-uri", "named-graph-uri")]
    if graphs:
        raise ProtocolError(
            400,
            f"this endpoint serves one dataset and fetches nothing: {len(graphs)} graph IRI(s) "
            f"given ({', '.join(graphs[:5])}) cannot be used",
        )


def job_for(query: QueryRequest, max_rows: int) -> Job:
    """Check the query (refusals before it runs) and choose its result format from Accept."""
    try:
        lexer.check(query.text, allow_network=False, source="query")
    except InputError as err:
        raise ProtocolError(400, err.message) from None
    graph = lexer.form(query.text) in ("construct", "describe")
    offers = GRAPH_TYPES if graph else RESULT_TYPES
    chosen = query.format_override if query.format_override in offers else None
    chosen = chosen or formats.negotiate(query.accept, offers)
    if chosen is None:
        raise ProtocolError(
            406, f"cannot answer in the types accepted; available: {', '.join(offers)}"
        )
    name = _format_name(chosen, graph)
    return Job(query.text, {}, name, chosen, max_rows)


def _format_name(media_type: str, graph: bool) -> str:
    if graph:
        return formats.BY_MEDIA_TYPE[media_type].name
    return next((f.name for f in RESULT_FORMATS if f.media_type == media_type), "json")


def answer_response(answer: Answer, retry_after: int) -> Response:
    """The HTTP response for a worker's answer (the documented statuses)."""
    if answer.status == "ok":
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})
    if answer.status in ("syntax", "error"):
        raise ProtocolError(400, answer.message)
    if answer.status == "too-large":
        raise ProtocolError(413, f"{answer.message}; narrow the query or add a LIMIT")
    why = {
        "timeout": "the query did not finish in time and was stopped",
        "busy": "every query worker is busy",
        "died": "the query worker ended (out of memory?) and was replaced",
    }[answer.status]
    raise ProtocolError(503, f"{why}; try again later", {"Retry-After": str(retry_after)})
