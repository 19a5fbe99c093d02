"""A SPARQL 1.1 Protocol client (W3C Rec. 2013, section 2.1) on the standard library's urllib.

The query goes by GET (section 2.1.1) or, when the URL would be long, by URL-encoded POST
(section 2.1.2), asking for SPARQL 1.1 Query Results JSON or N-Triples/Turtle (section 2.1.4,
content negotiation); the answer is read according to the media type the endpoint chose.

Bound parameters: this is the one place where terms are written into query text. A remote
endpoint has no substitution interface, so each value goes in as a VALUES block (SPARQL 1.1 Query,
section 10.2) placed first in the query's WHERE group, every term written as an RDF term in
N-Triples syntax by pyoxigraph (IRIs checked, literals escaped), never pasted raw. A trailing
VALUES clause is not used: it joins after the WHERE pattern (section 18.2.4.3), so a FILTER on the
parameter would see it unbound, unlike a local substitution.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

import pyoxigraph as ox

from cseckg import __version__
from cseckg.errors import InputError
from cseckg.sparql import lexer
from cseckg.sparql.local import QueryTimeout
from cseckg.sparql.results import QueryResult, Term, from_oxigraph

DEFAULT_TIMEOUT = 60.0  # seconds without an answer when --timeout is not given
MAX_GET_URL = 2000
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples, text/turtle;q=0.9"
)
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


def run(
    endpoint: str,
    text: str,
    substitutions: Mapping[str, Term],
    *,
    timeout: float | None = None,
) -> QueryResult:
    """Send ``text`` (with ``substitutions`` as a VALUES block) to ``endpoint``; read the answer."""
    _check_url(endpoint)
    if substitutions:
        text = with_values(text, substitutions)
    media_type, data = _fetch(_request(endpoint, text), endpoint, timeout or DEFAULT_TIMEOUT)
    return _parse(media_type, data, endpoint)


def with_values(text: str, substitutions: Mapping[str, Term]) -> str:
    """``text`` with ``VALUES (?a ?b) { (term term) }`` first in its WHERE group."""
    names = sorted(substitutions)
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(str(substitutions[name]) for name in names)  # N-Triples syntax, escaped
    at = lexer.where_brace(text)
    return f"{text[:at]} VALUES ({variables}) {{ ({terms}) }} {text[at:]}"


def _check_url(endpoint: str) -> None:
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--endpoint {endpoint!r}: give an http:// or https:// URL")


def _request(endpoint: str, text: str) -> urllib.request.Request:
    headers = {"Accept": ACCEPT, "User-Agent": f"cseckg/{__version__}"}
    encoded = urllib.parse.urlencode({"query": text})
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if len(endpoint) + len(encoded) < MAX_GET_URL:
        return urllib.request.Request(f"{endpoint}{separator}{encoded}", headers=headers)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return urllib.request.Request(endpoint, data=encoded.encode(), headers=headers, method="POST")


def _fetch(request: urllib.request.Request, endpoint: str, timeout: float) -> tuple[str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as err:
        raise InputError(f"{endpoint}: HTTP {err.code} {err.reason}: {_first_line(err)}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise _timeout(endpoint, timeout) from None
        raise InputError(f"{endpoint}: cannot be reached: {err.reason}") from None
    except TimeoutError:
        raise _timeout(endpoint, timeout) from None
    except OSError as err:
        raise InputError(f"{endpoint}: the connection failed: {err}") from None


def _timeout(endpoint: str, timeout: float) -> QueryTimeout:
    return QueryTimeout(f"{endpoint}: no answer within {timeout:g} s; gave up")


def _first_line(err: urllib.error.HTTPError) -> str:
    try:
        body = err.read(4096).decode("utf-8", "replace").strip()
    except OSError:
        body = ""
    return body.splitlines()[0] if body else "(no message)"


def _parse(media_type: str, data: bytes, endpoint: str) -> QueryResult:
    try:
        if media_type in RESULT_TYPES:
            return from_oxigraph(ox.parse_query_results(data, RESULT_TYPES[media_type]))
        if media_type in GRAPH_TYPES:
            quads = ox.parse(data, format=GRAPH_TYPES[media_type])
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            return QueryResult("graph", triples=tuple(triples))
    except (SyntaxError, ValueError) as err:
        raise InputError(f"{endpoint}: the answer is not valid {media_type}: {err}") from None
    raise InputError(f"{endpoint}: answered with {media_type}, which cseckg cannot read")
