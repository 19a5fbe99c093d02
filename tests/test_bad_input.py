"""Bad input: one clear line, the documented exit code, no traceback, nothing written."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from .conftest import ROOT, tree_digest

DATA_DIRS = (ROOT / "ontology", ROOT / "shapes", ROOT / "queries")
PREFIXES = """\
@prefix cseckg: <https://w3id.org/cseckg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture
def untouched():
    before = tree_digest(*DATA_DIRS)
    yield
    assert tree_digest(*DATA_DIRS) == before, "a data file was written"


def _one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("cseckg:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def test_missing_file(cli, tmp_path, untouched):
    result = cli("validate", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert _one_line(result) == f"cseckg: {tmp_path / 'nope.ttl'}: no such file"


def test_empty_file(cli, tmp_path, untouched):
    empty = tmp_path / "empty.ttl"
    empty.write_text("\n  \n")
    result = cli("validate", str(empty))
    assert result.exit_code == 2
    assert _one_line(result) == f"cseckg: {empty}: the file is empty"


def test_malformed_turtle_reports_file_line_col(cli, tmp_path, untouched):
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + '<https://w3id.org/cseckg/x> cseckg:text "unclosed .\n\n')
    result = cli("validate", str(bad))
    assert result.exit_code == 2
    line = _one_line(result)
    assert line.startswith(f"cseckg: {bad}:3:")
    assert line.count(":") >= 4  # file:line:col: reason


def test_malformed_turtle_other_error(cli, tmp_path, untouched):
    bad = tmp_path / "bad2.ttl"
    bad.write_text(PREFIXES + "<https://w3id.org/cseckg/x> cseckg:text .\n")
    result = cli("validate", str(bad))
    assert result.exit_code == 2
    assert _one_line(result).startswith(f"cseckg: {bad}:3:")


def test_every_bad_file_is_reported(cli, tmp_path, untouched):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    result = cli("validate", str(empty), str(tmp_path / "missing.ttl"))
    assert result.exit_code == 2
    assert result.stderr.count("cseckg:") == 2


@pytest.mark.parametrize(
    "decl", ["<!DOCTYPE rdf:RDF [", "<!ENTITY xxe SYSTEM 'file:///etc/passwd'>"]
)
def test_rdfxml_with_doctype_or_entity_is_refused(cli, tmp_path, untouched, decl):
    xml = tmp_path / "evil.rdf"
    xml.write_text(
        '<?xml version="1.0"?>\n'
        f"{decl}\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
    )
    result = cli("validate", str(xml))
    assert result.exit_code == 2
    assert "refused: RDF/XML with a DOCTYPE or ENTITY declaration" in _one_line(result)


def test_jsonld_remote_context_is_refused(cli, tmp_path, untouched):
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "x"}))
    result = cli("validate", str(doc))
    assert result.exit_code == 2
    assert "remote JSON-LD @context" in _one_line(result)


def test_unknown_suffix(cli, tmp_path, untouched):
    doc = tmp_path / "data.csv"
    doc.write_text("a,b\n")
    result = cli("validate", str(doc))
    assert result.exit_code == 2
    assert "unknown RDF format" in _one_line(result)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<http://e/a> <http://e/b> <http://e/c> .\n")

    def log_message(self, *args):
        pass


def test_owl_imports_is_not_fetched(cli, tmp_path, untouched):
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/remote.ttl"
        data = tmp_path / "imports.ttl"
        data.write_text(
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            f"<https://w3id.org/cseckg/ontology/ext> a owl:Ontology ; owl:imports <{url}> .\n"
        )
        result = cli("validate", str(data), "--only", "checks", "-f", "json")
    finally:
        server.shutdown()
        server.server_close()
    assert _CountingHandler.hits == 0, "the import was fetched"
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert rules == {"owl-imports-not-followed"}
    assert result.exit_code == 0


def test_unknown_stage_is_a_usage_error(cli, untouched):
    result = cli("validate", "--only", "everything")
    assert result.exit_code == 2


CONTRIBUTION = """\
@prefix cseckg: <https://w3id.org/cseckg/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (  # a definition whose source provision is an instrument, not a provision
            "<https://w3id.org/cseckg/definition/opsc-art-2-b-copy> a cseckg:Definition ;\n"
            '  cseckg:text "x"@en ; cseckg:defines <https://w3id.org/cseckg/concept/child> ;\n'
            "  cseckg:sourceProvision <https://w3id.org/cseckg/instrument/opsc> ;\n"
            "  cseckg:statedBy <https://w3id.org/cseckg/instrument/opsc> ;\n"
            "  cseckg:statedIn <https://w3id.org/cseckg/instrument/opsc> ;\n"
            '  cseckg:sourceTerm "x"@en ; cseckg:textRelation cseckg:Paraphrase ;\n'
            "  cseckg:verificationStatus cseckg:SecondarySource ;\n"
            "  cseckg:verificationSource <https://example.org/x> ;\n"
            '  cseckg:verifiedOn "2026-11-29"^^xsd:date .\n',
            "DefinitionHasSourceProvision",
        ),
        (  # a date that is not a date
            '<https://w3id.org/cseckg/instrument/crc> eli:date_document "1989-13-45"^^xsd:date .\n',
            "InstrumentAdoptionDateIsDate",
        ),
        (  # a label without a language tag
            '<https://w3id.org/cseckg/label/en/child> skosxl:literalForm "kid" .\n',
            "LabelHasOneLiteralForm",
        ),
    ],
    ids=["source-not-a-provision", "date-not-a-date", "label-without-language"],
)
def test_contribution_errors_name_their_rule(cli, tmp_path, untouched, body, rule):
    extra = tmp_path / "contribution.ttl"
    extra.write_text(CONTRIBUTION + body)
    result = cli("validate", str(extra), "--only", "shacl", "-f", "json")
    assert result.exit_code == 1
    violations = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "Violation"]
    assert rule in {f["rule"] for f in violations}
    assert "Traceback" not in result.stdout + result.stderr
