"""`cseckg query list` and `cseckg query run` through the Typer app: every option, every output
format parsed back, atomic --output, bound parameters and injection payloads, refused SERVICE /
LOAD / FROM, malformed queries, --timeout, and --endpoint against a real SPARQL endpoint (the
Oxigraph server, started on loopback by :mod:`tests.endpoint`)."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from cseckg import formats, graph, queries, resources

from . import endpoint as oxigraph
from .conftest import ROOT

CSECKG = "https://w3id.org/cseckg/"
CHILD = f"{CSECKG}concept/child"
SRX = "{http://www.w3.org/2005/sparql-results#}"
SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
LABELS = SKOS + "SELECT ?c ?v WHERE { ?c skos:prefLabel ?v } ORDER BY ?c ?v"
BY_TEXT = "SELECT ?term ?s WHERE { ?s ?p ?o FILTER(STR(?o) = ?term) }"
CONSTRUCT = "CONSTRUCT WHERE { ?s a <https://w3id.org/cseckg/ontology#Instrument> }"
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
INJECTIONS = (
    'x" } UNION { ?s ?p ?o } #',
    'x" . } UNION { ?s ?p ?o . FILTER("a" = "a") } #',
    "x> } UNION { ?s ?p ?o } #",
    'x"\n} UNION { ?s ?p ?o }\n#',
    "x' } UNION { ?s ?p ?o } #",
    'x"""} UNION { ?s ?p ?o } #',
    '"x" } UNION { ?s ?p ?o } #"@en',
    'x\\" } UNION { ?s ?p ?o } #',
    "}} UNION {{ ?s ?p ?o }}",
)
BAD_IRIS = ("<http://x/> } UNION { ?s ?p ?o } #>", "http://x/>} UNION { ?s ?p ?o }", "urn:x a")


def one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("cseckg:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def as_json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rows_of(result) -> list[dict]:
    return as_json(result)["results"]["bindings"]


def named_queries() -> list[queries.QueryFile]:
    return [queries.read(p) for p in resources.query_files()]


def example_bindings(query: queries.QueryFile) -> list[str] | None:
    """``name=value`` from the ``e.g.`` of each ``# param:`` line; None when one has none."""
    found = []
    for param in query.get_all("param"):
        example = re.search(r"e\.g\.\s*(.+)$", param)
        if not example:
            return None
        found.append(f"{param.split()[0].lstrip('?$')}={example.group(1).strip()}")
    return found


# ----------------------------------------------------------------------------- list


def test_list_table_names_every_query(cli):
    result = cli("query", "list")
    assert result.exit_code == 0
    for query in named_queries():
        assert query.name in result.stdout
    assert "owl-imports-not-followed" not in result.stdout  # checks are not named queries


def test_list_json_has_headers(cli):
    entries = as_json(cli("query", "list", "--format", "json"))
    expected = {q.name: q for q in named_queries()}
    assert [e["name"] for e in entries] == sorted(expected)
    for entry in entries:
        query = expected[entry["name"]]
        assert entry["title"] == query.title
        assert entry["description"] == query.description
        assert entry["params"] == list(query.params)


def test_list_bad_format(cli):
    result = cli("query", "list", "-f", "csv")
    assert result.exit_code == 2
    assert "use table or json" in one_line(result)


# ----------------------------------------------------------------------------- run, formats


@pytest.mark.parametrize("query", named_queries(), ids=lambda q: q.name)
def test_every_named_query_runs(cli, query):
    bindings = example_bindings(query) or []
    args = [a for b in bindings for a in ("--bind", b)]
    document = as_json(cli("query", "run", query.name, *args, "-f", "json"))
    assert "head" in document


def test_table_is_default_on_stdout(cli):
    result = cli("query", "run", "-e", LABELS)
    assert result.exit_code == 0
    assert "┃ c" in result.stdout and CHILD in result.stdout


def test_row_count_is_printed_on_its_own_line_below_the_table(cli):
    lines = cli("query", "run", "-e", LABELS).stdout.rstrip("\n").splitlines()
    assert re.fullmatch(r"\d+ row\(s\)", lines[-1]), lines[-2:]
    assert lines[-2].startswith("└") and lines[-2].endswith("┘")


def test_row_count_stays_below_the_table_when_both_streams_share_a_pipe():
    """A real process whose stdout and stderr go to one pipe, as on a terminal."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "cseckg", "query", "run", "instruments-by-date"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
        check=True,
    )
    lines = done.stdout.decode().rstrip("\n").splitlines()
    assert re.fullmatch(r"\d+ row\(s\)", lines[-1]), lines[-3:]
    assert lines[-2].startswith("└") and lines[-2].endswith("┘")


def test_json_results(cli):
    document = as_json(cli("query", "run", "-e", LABELS, "-f", "json"))
    assert document["head"]["vars"] == ["c", "v"]
    child = [b for b in document["results"]["bindings"] if b["c"]["value"] == CHILD]
    assert child[0]["c"] == {"type": "uri", "value": CHILD}
    assert {b["v"]["xml:lang"] for b in child} >= {"en", "fr"}
    assert all(b["v"]["type"] == "literal" for b in child)


def test_csv_results(cli):
    expected = rows_of(cli("query", "run", "-e", LABELS, "-f", "json"))
    result = cli("query", "run", "-e", LABELS, "-f", "csv")
    assert result.exit_code == 0
    table = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert table[0] == ["c", "v"]
    assert table[1:] == [[b["c"]["value"], b["v"]["value"]] for b in expected]


def test_tsv_results(cli):
    expected = rows_of(cli("query", "run", "-e", LABELS, "-f", "json"))
    result = cli("query", "run", "-e", LABELS, "-f", "tsv")
    assert result.stdout.splitlines()[0] == "?c\t?v"
    parsed = list(ox.parse_query_results(result.stdout, ox.QueryResultsFormat.TSV))
    assert [(s["c"].value, s["v"].value, s["v"].language) for s in parsed] == [
        (b["c"]["value"], b["v"]["value"], b["v"]["xml:lang"]) for b in expected
    ]


def test_xml_results(cli):
    expected = rows_of(cli("query", "run", "-e", LABELS, "-f", "json"))
    result = cli("query", "run", "-e", LABELS, "-f", "xml")
    root = ET.fromstring(result.stdout)
    assert [v.get("name") for v in root.iter(f"{SRX}variable")] == ["c", "v"]
    results = list(root.iter(f"{SRX}result"))
    assert len(results) == len(expected)
    first = {b.get("name"): b[0] for b in results[0]}
    assert first["c"].tag == f"{SRX}uri" and first["c"].text == expected[0]["c"]["value"]
    lang = first["v"].get("{http://www.w3.org/XML/1998/namespace}lang")
    assert lang == expected[0]["v"]["xml:lang"]


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("table", lambda out: out.strip() == "true"),
        ("json", lambda out: json.loads(out) == {"head": {}, "boolean": True}),
        ("xml", lambda out: ET.fromstring(out).find(f"{SRX}boolean").text == "true"),
        ("csv", lambda out: out.strip() == "true"),
    ],
)
def test_ask(cli, fmt, check):
    result = cli("query", "run", "-e", f"ASK {{ <{CHILD}> ?p ?o }}", "-f", fmt)
    assert result.exit_code == 0
    assert check(result.stdout)


def test_ask_false(cli):
    document = as_json(cli("query", "run", "-e", "ASK { <urn:nothing> ?p ?o }", "-f", "json"))
    assert document["boolean"] is False


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"])
def test_construct_in_every_rdf_format(cli, fmt):
    ntriples = cli("query", "run", "-e", CONSTRUCT, "-f", "ntriples").stdout_bytes
    expected = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    }
    assert len(expected) > 5
    result = cli("query", "run", "-e", CONSTRUCT, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    rdf_format = getattr(ox.RdfFormat, formats.BY_NAME[fmt].oxigraph)
    quads = ox.parse(result.stdout_bytes, format=rdf_format)
    parsed = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    assert parsed == expected


def test_construct_defaults_to_turtle(cli):
    result = cli("query", "run", "-e", CONSTRUCT)
    assert result.exit_code == 0
    assert "@prefix cseckg:" in result.stdout
    assert len(list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE))) > 5


@pytest.mark.parametrize(
    ("query", "fmt", "message"),
    [
        (LABELS, "turtle", "a SELECT result cannot be written as turtle"),
        (CONSTRUCT, "csv", "a CONSTRUCT or DESCRIBE result cannot be written as csv"),
        (CONSTRUCT, "table", "cannot be written as table"),
        (LABELS, "yaml", "cannot be written as yaml"),
    ],
)
def test_format_that_does_not_fit(cli, query, fmt, message):
    result = cli("query", "run", "-e", query, "-f", fmt)
    assert result.exit_code == 2
    assert message in one_line(result)


# ----------------------------------------------------------------------------- --output


@pytest.mark.parametrize(
    ("name", "query", "check"),
    [
        ("out.csv", LABELS, lambda data: data.startswith(b"c,v\r\n")),
        ("out.tsv", LABELS, lambda data: data.startswith(b"?c\t?v\n")),
        ("out.srj", LABELS, lambda data: json.loads(data)["head"]["vars"] == ["c", "v"]),
        ("out.json", LABELS, lambda data: json.loads(data)["head"]["vars"] == ["c", "v"]),
        ("out.xml", LABELS, lambda data: ET.fromstring(data).tag == f"{SRX}sparql"),
        ("out.ttl", CONSTRUCT, lambda data: b"@prefix" in data),
        ("out.nt", CONSTRUCT, lambda data: data.startswith(b"<https://w3id.org/cseckg/")),
        ("out.rdf", CONSTRUCT, lambda data: b"rdf:RDF" in data),
        ("out.jsonld", CONSTRUCT, lambda data: isinstance(json.loads(data), list | dict)),
    ],
)
def test_output_format_from_suffix(cli, tmp_path, name, query, check):
    target = tmp_path / name
    result = cli("query", "run", "-e", query, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert check(target.read_bytes())
    assert os.listdir(tmp_path) == [name]  # no temporary file left behind


def test_output_dash_is_stdout(cli):
    result = cli("query", "run", "-e", LABELS, "-o", "-", "-f", "csv")
    assert result.stdout.startswith("c,v")


def test_output_replaces_existing_file_keeping_its_mode(cli, tmp_path):
    target = tmp_path / "rows.csv"
    target.write_text("old")
    target.chmod(0o640)
    assert cli("query", "run", "-e", LABELS, "-o", str(target)).exit_code == 0
    assert target.read_text().startswith("c,v")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "query",
    ["SELECT * WHERE { ?s ?p }", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"],
)
def test_failing_query_leaves_output_unchanged(cli, tmp_path, query):
    target = tmp_path / "rows.csv"
    target.write_text("precious")
    result = cli("query", "run", "-e", query, "-o", str(target))
    assert result.exit_code == 2
    one_line(result)
    assert target.read_text() == "precious"
    assert os.listdir(tmp_path) == ["rows.csv"]


def test_output_errors(cli, tmp_path):
    unknown = cli("query", "run", "-e", LABELS, "-o", str(tmp_path / "rows.txt"))
    assert "cannot tell the format from the name 'rows.txt'" in one_line(unknown)
    table = cli("query", "run", "-e", LABELS, "-f", "table", "-o", str(tmp_path / "t.csv"))
    assert "the table is for the terminal" in one_line(table)
    missing = cli("query", "run", "-e", LABELS, "-o", str(tmp_path / "no" / "rows.csv"))
    assert missing.exit_code == 2
    assert "cannot be written" in one_line(missing)


# ----------------------------------------------------------------------------- query sources


def test_query_file(cli, tmp_path):
    path = tmp_path / "labels.rq"
    path.write_text(f"# title: labels\n{LABELS}\n")
    assert rows_of(cli("query", "run", str(path), "-f", "json")) == rows_of(
        cli("query", "run", "-e", LABELS, "-f", "json")
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give either a query name or .rq file, or -e"),
        (("stats", "-e", "ASK {}"), "give either a query name or .rq file, or -e"),
        (("-e", "  "), "-e: the query text is empty"),
        (("no-such-query",), "no named query 'no-such-query'; known: "),
        (("missing.rq",), "missing.rq: no such query file"),
        (("stats", "--timeout", "0"), "--timeout 0: give a positive number of seconds"),
        (("stats", "--endpoint", "file:///etc/passwd"), "give an http:// or https:// URL"),
    ],
)
def test_bad_arguments(cli, args, message):
    result = cli("query", "run", *args)
    assert result.exit_code == 2
    assert message in one_line(result)


# ----------------------------------------------------------------------------- bindings


def test_bind_iri_plain_and_bracketed(cli):
    plain = rows_of(cli("query", "run", "concept-labels", "-b", f"concept={CHILD}", "-f", "json"))
    bracketed = cli("query", "run", "concept-labels", "-b", f"concept=<{CHILD}>", "-f", "json")
    assert plain and plain == rows_of(bracketed)
    assert {row["concept"]["value"] for row in plain} == {CHILD}


def test_bind_language_tagged_and_plain_literals(cli):
    query = SKOS + "SELECT ?c ?v WHERE { ?c skos:prefLabel ?v }"
    tagged = rows_of(cli("query", "run", "-e", query, "-b", 'v="enfant"@fr', "-f", "json"))
    assert [row["c"]["value"] for row in tagged] == [CHILD]
    assert tagged[0]["v"] == {"type": "literal", "value": "enfant", "xml:lang": "fr"}
    assert rows_of(cli("query", "run", "-e", query, "-b", "v=enfant", "-f", "json")) == []
    assert rows_of(cli("query", "run", "-e", query, "-b", 'v="enfant"', "-f", "json")) == []


def test_bind_by_text_matches_exactly(cli):
    rows = rows_of(cli("query", "run", "-e", BY_TEXT, "-b", "term=enfant", "-f", "json"))
    assert rows and {row["term"]["value"] for row in rows} == {"enfant"}


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_payloads_add_no_rows(cli, payload):
    for query in ("trace-term", BY_TEXT):
        args = ("-e", query) if " " in query else (query,)
        rows = rows_of(cli("query", "run", *args, "--bind", f"term={payload}", "-f", "json"))
        assert rows == [] or {row["term"]["value"] for row in rows} == {payload}


@pytest.mark.parametrize("payload", BAD_IRIS)
def test_malformed_iri_binding_is_refused(cli, payload):
    result = cli("query", "run", "-e", BY_TEXT, "--bind", f"term={payload}")
    assert result.exit_code == 2
    assert "is not a valid IRI" in one_line(result)


@pytest.mark.parametrize(
    ("bind", "message"),
    [
        ("term", "write it as var=value"),
        ("=x", "write it as var=value"),
        ("te rm=x", "not a variable name"),
        ("nothere=x", "the query has no ?nothere"),
    ],
)
def test_bad_bindings(cli, bind, message):
    result = cli("query", "run", "-e", BY_TEXT, "--bind", bind)
    assert result.exit_code == 2
    assert message in one_line(result)


def test_bound_variable_must_be_projected(cli):
    result = cli("query", "run", "-e", "SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?x) }", "-b", "x=1")
    assert result.exit_code == 2
    assert "--bind x: ?x must be listed in the SELECT clause" in one_line(result)


# ----------------------------------------------------------------------------- safety


@pytest.mark.parametrize(
    ("query", "keyword"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent ?g { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("ASK\nFROM<http://example.org/g>{?s ?p ?o}", "FROM"),
    ],
)
def test_network_forms_are_refused(cli, query, keyword):
    result = cli("query", "run", "-e", query)
    assert result.exit_code == 2
    assert f"uses {keyword}" in one_line(result) and "--allow-network" in one_line(result)


@pytest.mark.parametrize(
    "query",
    [
        "LOAD <http://example.org/data.ttl>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "COPY DEFAULT TO <urn:g>",
    ],
)
def test_update_forms_are_refused_even_with_network(cli, query):
    result = cli("query", "run", "-e", query, "--allow-network")
    assert result.exit_code == 2
    assert "is a SPARQL Update operation" in one_line(result)


def test_keywords_in_strings_iris_comments_and_names_are_not_refused(cli):
    query = (
        "PREFIX from: <http://example.org/from#>\n"
        "SELECT ?s WHERE { # SERVICE <http://x/> FROM <http://y/>\n"
        "  ?s ?p \"SERVICE { } LOAD\" . ?s ?p '''FROM\nNAMED''' ."
        " ?s from:service <http://example.org/LOAD#FROM> . FILTER(?s < ?s)}"
    )
    result = cli("query", "run", "-e", query, "-f", "json")
    assert rows_of(result) == []


def test_from_runs_with_allow_network(cli):
    query = "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"
    assert rows_of(cli("query", "run", "-e", query, "--allow-network", "-f", "json")) == []


# ----------------------------------------------------------------------------- malformed, timeout


def test_malformed_text_gives_line_and_column(cli):
    result = cli("query", "run", "-e", "SELECT ?s\nWHERE { ?s ?p }")
    assert result.exit_code == 2
    assert re.match(r"cseckg: query:2:\d+: malformed query: \S", one_line(result))


def test_malformed_file_names_the_file(cli, tmp_path):
    # pyoxigraph reports the furthest point its parser reached (here after the final newline)
    path = tmp_path / "bad.rq"
    path.write_text("# title: bad\nSELECT * WHERE {\n  ?s ?p ?o .\n  ?s ?q }\n")
    result = cli("query", "run", str(path))
    assert re.match(
        rf"cseckg: {re.escape(str(path))}:[45]:\d+: malformed query: ", one_line(result)
    )


@pytest.mark.slow
def test_timeout_stops_the_query(cli):
    started = time.monotonic()
    result = cli("query", "run", "-e", CROSS, "--timeout", "1.5", "-f", "csv")
    elapsed = time.monotonic() - started
    assert result.exit_code == 4
    assert "did not finish within 1.5 s; stopped" in one_line(result)
    assert elapsed < 8
    assert multiprocessing.active_children() == []  # the child was killed and reaped


@pytest.mark.slow
def test_timeout_path_returns_the_same_rows_and_errors(cli):
    fast = rows_of(cli("query", "run", "-e", LABELS, "-f", "json"))
    assert rows_of(cli("query", "run", "-e", LABELS, "--timeout", "60", "-f", "json")) == fast
    bad = cli("query", "run", "-e", "SELECT * WHERE { ?s }", "--timeout", "60")
    assert bad.exit_code == 2
    assert "query:1:" in one_line(bad)


def test_query_help_imports_no_heavy_library():
    code = (
        "import sys\n"
        "from cseckg.cli import main\n"
        "for args in (['query', '--help'], ['query', 'run', '--help'], ['query', 'run', '-e', "
        "'ASK {}', '-f', 'json']):\n"
        "    sys.argv = ['cseckg', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('pyshacl', 'owlready2', 'rdflib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


# ----------------------------------------------------------------------------- --endpoint


@pytest.fixture(scope="module")
def endpoint_url(tmp_path_factory):
    if oxigraph.oxigraph_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph command (test extra) is required in CI")
        pytest.skip("the oxigraph command is not installed (pip install -e '.[test]')")
    with oxigraph.oxigraph_endpoint(graph.shipped().store, tmp_path_factory.mktemp("ep")) as url:
        yield url


def comparable(result) -> list[str]:
    """Rows as sorted JSON strings, blank node labels blanked (each store names its own)."""
    rows = rows_of(result)
    for row in rows:
        for term in row.values():
            if term["type"] == "bnode":
                term["value"] = "_"
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


PARITY = [q for q in named_queries() if example_bindings(q) is not None]


@pytest.mark.slow
@pytest.mark.parametrize("query", PARITY, ids=lambda q: q.name)
def test_endpoint_rows_equal_local_rows(cli, endpoint_url, query):
    args = [a for b in example_bindings(query) or [] for a in ("--bind", b)]
    local = cli("query", "run", query.name, *args, "-f", "json")
    remote = cli("query", "run", query.name, *args, "-f", "json", "--endpoint", endpoint_url)
    assert comparable(remote) == comparable(local)


@pytest.mark.slow
def test_endpoint_select_ask_construct_and_formats(cli, endpoint_url):
    remote = cli("query", "run", "-e", LABELS, "-f", "csv", "--endpoint", endpoint_url)
    assert remote.stdout == cli("query", "run", "-e", LABELS, "-f", "csv").stdout
    ask = cli("query", "run", "-e", f"ASK {{ <{CHILD}> ?p ?o }}", "--endpoint", endpoint_url)
    assert ask.stdout.strip() == "true"
    triples = cli("query", "run", "-e", CONSTRUCT, "-f", "nt", "--endpoint", endpoint_url)
    assert triples.exit_code == 2  # "nt" is a suffix, not a format name
    triples = cli("query", "run", "-e", CONSTRUCT, "-f", "ntriples", "--endpoint", endpoint_url)
    local = cli("query", "run", "-e", CONSTRUCT, "-f", "ntriples")
    assert sorted(triples.stdout.splitlines()) == sorted(local.stdout.splitlines())


@pytest.mark.slow
@pytest.mark.parametrize("payload", INJECTIONS)
def test_endpoint_injection_payloads_add_no_rows(cli, endpoint_url, payload):
    for query in ("trace-term", BY_TEXT):
        args = ("-e", query) if " " in query else (query,)
        bind = f"term={payload}"
        result = cli("query", "run", *args, "-b", bind, "-f", "json", "--endpoint", endpoint_url)
        rows = rows_of(result)
        assert rows == [] or {row["term"]["value"] for row in rows} == {payload}


@pytest.mark.slow
def test_endpoint_binds_language_tagged_literal(cli, endpoint_url):
    query = SKOS + "SELECT ?c ?v WHERE { ?c skos:prefLabel ?v }"
    args = ("-e", query, "-b", 'v="enfant"@fr', "-f", "json")
    assert rows_of(cli("query", "run", *args, "--endpoint", endpoint_url)) == rows_of(
        cli("query", "run", *args)
    )


@pytest.mark.slow
def test_service_allowed_with_network_reaches_the_endpoint(cli, endpoint_url):
    inner = "?c skos:prefLabel ?v"
    query = SKOS + f"SELECT ?c ?v WHERE {{ SERVICE <{endpoint_url}> {{ {inner} }} }} ORDER BY ?c ?v"
    refused = cli("query", "run", "-e", query)
    assert refused.exit_code == 2
    allowed = cli("query", "run", "-e", query, "--allow-network", "-f", "json")
    assert rows_of(allowed) == rows_of(cli("query", "run", "-e", LABELS, "-f", "json"))


@pytest.mark.slow
def test_endpoint_http_error_is_one_line(cli, endpoint_url):
    result = cli("query", "run", "-e", "SELECT * WHERE { ?s ?p }", "--endpoint", endpoint_url)
    assert result.exit_code == 2
    assert re.match(rf"cseckg: {re.escape(endpoint_url)}: HTTP 400 \w", one_line(result))


def test_endpoint_unreachable_is_one_line(cli):
    url = f"http://127.0.0.1:{oxigraph.free_port()}/query"
    result = cli("query", "run", "stats", "--endpoint", url)
    assert result.exit_code == 2
    assert f"{url}: cannot be reached" in one_line(result)


def test_endpoint_that_never_answers_times_out(cli):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        accepted: list[socket.socket] = []
        thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        started = time.monotonic()
        result = cli("query", "run", "stats", "--endpoint", url, "--timeout", "1")
        assert time.monotonic() - started < 6
        for conn in accepted:
            conn.close()
    assert result.exit_code == 4
    assert "no answer within 1 s" in one_line(result)
