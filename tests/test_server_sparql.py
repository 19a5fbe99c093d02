"""``/sparql`` against the SPARQL 1.1 Protocol: a third-party client (SPARQLWrapper) gets the
same rows as ``cseckg query``, and the query-side tests of the W3C protocol test suite
(https://w3c.github.io/rdf-tests/sparql/sparql11/protocol/) that apply to a read-only
endpoint, named after the suite's entries."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

import pyoxigraph as ox
import pytest

from cseckg import api
from cseckg.sparql import remote, results

from .server_process import running_server

SELECT = "SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> } ORDER BY ?c"
ASK = "ASK { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }"
CONSTRUCT = (
    "CONSTRUCT { ?c a <urn:x:C> } WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }"
)
DESCRIBE = "DESCRIBE <https://w3id.org/cseckg/concept/child>"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("sparql")) as running:
        yield running


def get(server, query: str, **headers):
    return server.get("/sparql?" + urllib.parse.urlencode({"query": query}), headers)


def _canonical(bindings: list[dict]) -> list[str]:
    return sorted(json.dumps(b, sort_keys=True) for b in bindings)


def _named_without_params():
    return [q.name for q in api.list_queries() if not q.params]


@pytest.mark.parametrize("name", _named_without_params())
def test_sparqlwrapper_gets_the_same_rows_as_the_cli(server, name):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    expected = api.query(name)
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(_text(name))
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    answer = client.queryAndConvert()
    assert answer["head"]["vars"] == list(expected.variables)
    assert _canonical(answer["results"]["bindings"]) == _canonical(
        results.to_json(expected)["results"]["bindings"]
    )


def _text(name: str) -> str:
    from cseckg import sparql

    return sparql.resolve(name).text


def test_sparqlwrapper_with_a_bound_parameter(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    from cseckg import sparql

    source = sparql.resolve("definitions-in-language")
    expected = api.query("definitions-in-language", bindings={"lang": "fr"})
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(remote.with_values(source.text, {"lang": ox.Literal("fr")}))
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert bindings and _canonical(bindings) == _canonical(
        results.to_json(expected)["results"]["bindings"]
    )


# ---------------------------------------------------------------- W3C protocol tests (query side)


def test_query_get(server):
    status, headers, body = get(server, SELECT, Accept="application/sparql-results+json")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"]


def test_query_post_form(server):
    data = urllib.parse.urlencode({"query": ASK}).encode()
    status, _, body = server.get("/sparql", FORM, "POST", data)
    assert status == 200 and json.loads(body)["boolean"] is True


def test_query_post_direct(server):
    status, _, body = server.get(
        "/sparql", {**DIRECT, "Accept": "application/sparql-results+json"}, "POST", ASK.encode()
    )
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_query_content_type_select(server, accept, media):
    status, headers, body = get(server, SELECT, Accept=accept)
    assert status == 200 and headers["content-type"].startswith(media)
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == ["c"] and len(rows) > 10
    if media.endswith("xml"):
        assert b"<sparql" in body


def test_query_content_type_ask(server):
    status, headers, body = get(server, ASK, Accept="application/sparql-results+xml")
    assert status == 200 and b"<boolean>true</boolean>" in body


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
@pytest.mark.parametrize(
    "accept", ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"]
)
def test_query_content_type_construct_and_describe(server, query, accept):
    status, headers, body = get(server, query, Accept=accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    fmt = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "application/ld+json": ox.RdfFormat.JSON_LD,
    }[accept]
    assert list(ox.parse(body, format=fmt))


@pytest.mark.parametrize(
    "params",
    [
        [("default-graph-uri", "http://example.org/g1")],
        [
            ("default-graph-uri", "http://example.org/g1"),
            ("default-graph-uri", "http://example.org/g2"),
        ],
        [
            ("named-graph-uri", "http://example.org/g1"),
            ("named-graph-uri", "http://example.org/g2"),
        ],
        [
            ("default-graph-uri", "http://example.org/g1"),
            ("named-graph-uri", "http://example.org/g2"),
        ],
    ],
)
def test_query_dataset_parameters_are_refused_not_fetched(server, params):
    """query_dataset_default_graphs_get/post, query_dataset_named_graphs_get/post,
    query_multiple_dataset: this endpoint serves one dataset, so it answers 400 naming every
    graph, and fetches nothing."""
    query = urllib.parse.urlencode([("query", SELECT), *params])
    status, _, body = server.get("/sparql?" + query)
    assert status == 400 and f"{len(params)} graph IRI".encode() in body
    status, _, _ = server.get("/sparql", FORM, "POST", query.encode())
    assert status == 400


def test_bad_query_method(server):
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, _ = server.get(
            "/sparql?" + urllib.parse.urlencode({"query": ASK}), method=method
        )
        assert status == 405, method
        assert "GET" in headers["allow"] and "POST" in headers["allow"]


def test_bad_multiple_queries(server):
    status, _, _ = server.get(
        "/sparql?" + urllib.parse.urlencode([("query", ASK), ("query", SELECT)])
    )
    assert status == 400
    data = urllib.parse.urlencode([("query", ASK), ("query", ASK)]).encode()
    assert server.get("/sparql", FORM, "POST", data)[0] == 400


def test_bad_query_missing(server):
    assert server.get("/sparql", {"Accept": "application/sparql-results+json"})[0] == 400
    assert server.get("/sparql", FORM, "POST", b"")[0] == 400
    assert server.get("/sparql?default-graph-uri=urn:x")[0] == 400


def test_bad_query_wrong_media_type(server):
    assert server.get("/sparql", {"Content-Type": "text/plain"}, "POST", ASK.encode())[0] == 415


def test_bad_query_missing_form_type(server):
    data = urllib.parse.urlencode({"query": ASK}).encode()
    assert server.get("/sparql", {"Content-Type": ""}, "POST", data)[0] == 415


def test_bad_query_non_utf8(server):
    body = 'ASK { ?s ?p "é" }'.encode("latin-1")
    assert server.get("/sparql", DIRECT, "POST", body)[0] == 400
    headers = {"Content-Type": "application/sparql-query; charset=ISO-8859-1"}
    assert server.get("/sparql", headers, "POST", body)[0] == 415


def test_bad_query_syntax_gives_line_and_column(server):
    status, _, body = get(server, "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}")
    assert status == 400 and body.startswith(b"query:4:")


def test_bad_update_get(server):
    status, _, _ = server.get("/sparql?" + urllib.parse.urlencode({"update": "CLEAR ALL"}))
    assert status == 400


def test_bad_update_via_the_query_endpoint(server):
    for body, headers in (
        (urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(), FORM),
        (b"CLEAR ALL", {"Content-Type": "application/sparql-update"}),
        (urllib.parse.urlencode([("update", "CLEAR ALL"), ("update", "DROP ALL")]).encode(), FORM),
    ):
        assert server.get("/sparql", headers, "POST", body)[0] == 400


def test_unacceptable_result_type(server):
    assert get(server, SELECT, Accept="image/png")[0] == 406
    assert get(server, CONSTRUCT, Accept="text/csv")[0] == 406


def test_result_size_is_bounded_with_413(tmp_path):
    with running_server(tmp_path, "--workers", "1", "--max-rows", "50") as small:
        status, _, body = get(small, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 413 and b"more than 50 rows" in body
        assert get(small, "SELECT * WHERE { ?s ?p ?o } LIMIT 50")[0] == 200
