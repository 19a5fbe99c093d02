"""`cseckg validate` through the Typer app: stages, formats, exit codes."""

from __future__ import annotations

import json

import pytest

from cseckg import reasoning

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "checks" / "owl-imports-not-followed.fires.ttl"
INCONSISTENT = """\
@prefix cseckg: <https://w3id.org/cseckg/ontology#> .
<https://w3id.org/cseckg/definition/x> a cseckg:Definition ;
    cseckg:sourceProvision <https://w3id.org/cseckg/organisation/y> .
<https://w3id.org/cseckg/organisation/y> a cseckg:Organisation .
"""
UNSATISFIABLE = """\
@prefix cseckg: <https://w3id.org/cseckg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/cseckg/concept/both> a skos:Concept, owl:Class ;
    rdfs:subClassOf cseckg:Act, cseckg:Material .
"""


def test_shipped_graph_conforms(cli):
    result = cli("validate", "--format", "json")
    report = json.loads(result.stdout)
    assert report["findings"] == [f for f in report["findings"] if f["severity"] != "Violation"]
    assert result.exit_code == 0, result.stdout
    assert [s["name"] for s in report["stages"]] == ["parse", "shacl", "checks", "owl"]
    assert report["triples"] > 1000


def test_json_report_names_rule_focus_path_value(cli):
    result = cli("validate", "--model-only", str(FIXTURE), "--only", "checks", "-f", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "owl-imports-not-followed"
    assert finding["severity"] == "Warning"
    assert finding["focus"] == "https://w3id.org/cseckg/test/ontology"
    assert finding["path"] == "owl:imports"
    assert finding["value"] == "https://example.org/other-ontology"
    assert result.exit_code == 0  # a warning alone does not fail ...


def test_fail_on_warning_makes_warnings_fail(cli):
    result = cli(
        "validate", "--model-only", str(FIXTURE), "--only", "checks", "--fail-on", "warning"
    )
    assert result.exit_code == 1  # ... unless asked for
    assert "owl-imports-not-followed" in result.stdout


def test_table_output_has_the_columns(cli):
    result = cli("validate", "--model-only", str(FIXTURE), "--only", "checks")
    header = result.stdout.splitlines()[1]
    for column in ("severity", "rule", "focus", "path", "value", "message"):
        assert column in header


def test_only_runs_one_stage(cli):
    report = json.loads(cli("validate", "--only", "checks", "-f", "json").stdout)
    assert [s["name"] for s in report["stages"]] == ["parse", "checks"]


@pytest.mark.skipif(not reasoning.java_available(), reason="HermiT needs Java")
def test_owl_reports_inconsistency_with_the_classes_involved(cli, tmp_path):
    data = tmp_path / "inconsistent.ttl"
    data.write_text(INCONSISTENT)
    result = cli("validate", "--model-only", str(data), "--only", "owl", "-f", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "owl-inconsistent"
    assert finding["focus"] == "https://w3id.org/cseckg/organisation/y"
    assert "Organisation" in finding["message"] and "Provision" in finding["message"]


@pytest.mark.skipif(not reasoning.java_available(), reason="HermiT needs Java")
def test_owl_reports_unsatisfiable_domain_class(cli, tmp_path):
    data = tmp_path / "unsatisfiable.ttl"
    data.write_text(UNSATISFIABLE)
    result = cli("validate", "--model-only", str(data), "--only", "owl", "-f", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "owl-unsatisfiable-class"
    assert finding["focus"] == "https://w3id.org/cseckg/concept/both"


def test_without_java_owl_is_skipped_or_unsupported(cli, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no java on the PATH: a real absence, not a mock
    result = cli("validate", "--only", "owl")
    assert result.exit_code == 3
    assert "Java was not found" in result.stderr
    full = cli("validate", "--only", "checks")
    assert full.exit_code == 0


def test_full_run_without_java_skips_owl_and_conforms(cli, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    result = cli("validate", "-f", "json")
    stages = {s["name"]: s["status"] for s in json.loads(result.stdout)["stages"]}
    assert stages["owl"] == "skipped"
    assert result.exit_code == 0


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("cseckg ")
    help_text = cli("--help").stdout
    assert "validate" in help_text and "fmt" in help_text


def test_signatures_contained_in_another_are_left_out_of_the_reasoner_copy():
    small = (frozenset({"T"}), frozenset(), frozenset())
    large = (frozenset({"T"}), frozenset({("p", "")}), frozenset())
    apart = (frozenset({"U"}), frozenset(), frozenset({"q"}))
    assert sorted(reasoning._maximal({small, large, apart}), key=repr) == sorted(
        [large, apart], key=repr
    )


@pytest.mark.skipif(not reasoning.java_available(), reason="HermiT needs Java")
def test_a_clash_is_found_beside_individuals_of_smaller_signatures(cli, tmp_path):
    data = tmp_path / "inconsistent.ttl"
    smaller = "<https://w3id.org/cseckg/organisation/z> a cseckg:Organisation .\n"
    data.write_text(INCONSISTENT + smaller)
    result = cli("validate", "--model-only", str(data), "--only", "owl", "-f", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "owl-inconsistent"
    assert finding["focus"] == "https://w3id.org/cseckg/organisation/y"
