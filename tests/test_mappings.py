"""The SSSOM mapping set (``ontology/mappings/cseckg.sssom.tsv``) and the links derived from it.

The set is validated by the ``sssom`` package (the reference implementation of the SSSOM
specification), whose validation must also reject a broken copy; cseckg's own reader gives one
line per error; the ``skos:*Match`` triples reach the compiled graph, the exports and ``trace``;
``cseckg validate`` runs the mapping checks over a mapping set passed to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from cseckg import api, export, resources, sssom
from cseckg.errors import InputError

from .conftest import ROOT

MAPPINGS = ROOT / "ontology" / "mappings" / "cseckg.sssom.tsv"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _sssom_reports(path: Path, fail_on_error: bool = False):
    from sssom.constants import SchemaValidationType
    from sssom.io import validate_file

    kinds = [
        SchemaValidationType.JsonSchema,
        SchemaValidationType.PrefixMapCompleteness,
        SchemaValidationType.StrictCurieFormat,
    ]
    return validate_file(str(path), validation_types=kinds, fail_on_error=fail_on_error)


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = MAPPINGS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.sssom.tsv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_mapping_set_is_valid_sssom():
    reports = _sssom_reports(MAPPINGS)
    assert {kind.name: len(r.results) for kind, r in reports.items()} == {
        "JsonSchema": 0,
        "PrefixMapCompleteness": 0,
        "StrictCurieFormat": 0,
    }


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("semapv:ManualMappingCuration", "semapv:Guesswork", "JsonSchema"),
        ("\tunbis:1000952\t", "\tunbisx:1000952\t", "PrefixMapCompleteness"),
    ],
    ids=["unknown-justification", "undeclared-prefix"],
)
def test_sssom_validation_rejects_a_broken_copy(tmp_path, old, new, kind):
    path = _broken_copy(tmp_path, old, new)
    reports = _sssom_reports(path)
    failing = {k.name for k, r in reports.items() if r.results}
    assert kind in failing
    from jsonschema import ValidationError

    with pytest.raises(ValidationError):
        _sssom_reports(path, fail_on_error=True)


def test_at_least_sixty_mappings_into_four_vocabularies_each_with_evidence():
    mapping_set = sssom.read(MAPPINGS)
    rows = mapping_set.mappings
    assert len(rows) >= 60
    vocabularies = {m.get("object_source") for m in rows}
    assert len(vocabularies) >= 4
    for m in rows:
        assert re.match(r"https?://", m.get("see_also")), m.line
        assert m.get("mapping_justification").endswith("ManualMappingCuration")
        assert m.get("author_id") == "https://w3id.org/cseckg/organisation/cseckg"
        assert 0 < float(m.get("confidence")) <= 1
        assert m.get("object_label"), m.line
    assert mapping_set.metadata["creator_id"] == ["organisation:cseckg"]


def test_rows_quote_the_identifiers_the_fact_sheet_confirms():
    rows = {(m.subject, m.predicate, m.object): m for m in sssom.read(MAPPINGS).mappings}
    csam = rows[
        (
            "https://w3id.org/cseckg/concept/child-sexual-abuse-material",
            SKOS + "closeMatch",  # legal "child pornography" vs the Guidelines' CSAM
            "http://eurovoc.europa.eu/6553",
        )
    ]
    assert csam.get("object_label") == "child pornography"
    assert csam.get("see_also").endswith("/eurovoc/en_labels.py#L5907")
    sameas = (
        "https://w3id.org/cseckg/organisation/council-of-europe",
        "https://schema.org/sameAs",
        "http://www.wikidata.org/entity/Q8908",
    )
    assert sameas in rows  # organisations are the same body, not a close concept
    assert not any(p.startswith(SKOS) and "/organisation/" in s for s, p, _ in rows)


def test_the_derived_links_reach_the_compiled_graph():
    rows = api.run_query(
        "SELECT ?t WHERE { <https://w3id.org/cseckg/concept/child-sexual-abuse-material> "
        f"<{SKOS}closeMatch> ?t }}"
    ).rows
    assert {str(r["t"]).strip("<>") for r in rows} >= {
        "http://eurovoc.europa.eu/6553",
        "http://metadata.un.org/thesaurus/1000940",
    }


def test_exports_carry_the_mapping_triples_in_the_derived_graph():
    dataset = export.build()
    turtle = export.serialize(dataset, "turtle").decode()
    assert re.search(r"skos:closeMatch\s+[^;]*<http://eurovoc\.europa\.eu/6553>", turtle)
    assert re.search(r"skos:exactMatch\s+[^;]*<http://eurovoc\.europa\.eu/5933>", turtle)
    nquads = export.serialize(dataset, "nquads").decode()
    line = (
        "<https://w3id.org/cseckg/concept/child> <http://www.w3.org/2004/02/skos/core#closeMatch>"
        " <http://www.wikidata.org/entity/Q7569> <https://w3id.org/cseckg/graph/derived> ."
    )
    assert line in nquads.splitlines()


def test_trace_and_show_name_the_vocabulary_and_link_to_the_target(cli):
    text = cli("trace", "child sexual abuse material").stdout
    assert "EuroVoc 6553 child pornography: close match  <http://eurovoc.europa.eu/6553>" in text
    data = json.loads(cli("show", "concept:child", "-f", "json").stdout)
    wikidata = next(link for link in data["links"] if link["vocabulary"] == "Wikidata")
    assert (wikidata["identifier"], wikidata["match"]) == ("Q7569", "close match")
    assert wikidata["evidence"].startswith("https://")
    assert not any(s["predicate"] == "owl:annotatedSource" for s in data["incoming"])


# ---------------------------------------------------------------- cseckg's own reader


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("#license: https://creativecommons.org/licenses/by/4.0/\n", "", "no license"),
        ("\tunbis:1000952\t", "\tunbisx:1000952\t", "prefix the curie_map does not declare"),
        ("\t0.7\t", "\t1.7\t", "between 0 and 1"),
        ("\tsemapv:ManualMappingCuration\t", "\t\t", "mapping_justification is empty"),
        ("\tchild\tskos:closeMatch", "\t“child”\tskos:closeMatch", None),
    ],
    ids=["no-licence", "undeclared-prefix", "confidence", "empty-justification", "curly-quotes"],
)
def test_the_reader_reports_the_file_and_line(tmp_path, old, new, message):
    path = _broken_copy(tmp_path, old, new)
    if message is None:  # a harmless change: still read
        assert len(sssom.read(path).mappings) == len(sssom.read(MAPPINGS).mappings)
        return
    with pytest.raises(InputError) as err:
        sssom.read(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: ", err.value.message)
    assert message in err.value.message


def test_a_leading_double_quote_is_refused(tmp_path):
    path = _broken_copy(tmp_path, "\tchild\tskos:closeMatch", '\t"child"\tskos:closeMatch')
    with pytest.raises(InputError, match="starts with a double quote"):
        sssom.read(path)


def test_the_records_carry_the_slots_under_the_sssom_schema_uris():
    store = ox.Store()
    store.extend(sssom.read_quads(MAPPINGS))
    rows = list(
        store.query(
            """PREFIX owl: <http://www.w3.org/2002/07/owl#>
            SELECT ?evidence ?label ?source ?author ?creator WHERE {
              ?r owl:annotatedSource <https://w3id.org/cseckg/concept/victim> ;
                 owl:annotatedProperty <http://www.w3.org/2004/02/skos/core#broadMatch> ;
                 owl:annotatedTarget <http://eurovoc.europa.eu/4695> ;
                 <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?evidence ;
                 <https://w3id.org/sssom/object_label> ?label ;
                 <https://w3id.org/sssom/object_source> ?source ;
                 <http://purl.org/pav/authoredBy> ?author .
              <https://w3id.org/cseckg/mappings> <https://w3id.org/sssom/mappings> ?r ;
                 <http://purl.org/dc/terms/creator> ?creator .
            }"""
        )
    )
    assert len(rows) == 1
    assert rows[0]["label"].value == "victim"
    assert rows[0]["source"].value == "https://w3id.org/cseckg/vocabulary/eurovoc"


# ---------------------------------------------------------------- checks over a mapping set

ROW = "\t".join(
    ["{s}", "{s}", "{p}", "{o}", "label", "semapv:ManualMappingCuration", "organisation:cseckg"]
    + ["0.6", "vocabulary:eurovoc", "", "{evidence}", "{comment}"]
)
BAD_ROWS = "".join(
    ROW.format(s=s, p=p, o=o, evidence=e, comment=c) + "\n"
    for s, p, o, e, c in [
        ("concept:child", "skos:exactMatch", "concept:victim", "https://example.org/e", "Inside."),
        ("concept:victim", "skos:closeMatch", "eurovoc:4695", "", "No evidence."),
        (
            "concept:prevention",
            "skos:relatedMatch",
            "unesco:concept3916",
            "https://example.org/e",
            "A UNESCO number filed under EuroVoc.",
        ),
    ]
)


def test_validate_runs_the_mapping_checks_over_a_mapping_set(tmp_path):
    header = MAPPINGS.read_text(encoding="utf-8").split("subject_id\t", 1)[0]
    columns = "subject_id\t" + MAPPINGS.read_text(encoding="utf-8").split("subject_id\t", 1)[1]
    path = tmp_path / "extra.sssom.tsv"
    path.write_text(header + columns.splitlines()[0] + "\n" + BAD_ROWS, encoding="utf-8")
    report = api.validate([path], only="checks")
    fired = {(f.rule, f.focus.rsplit("/", 1)[1]) for f in report.findings}
    assert fired == {
        ("mapping-to-own-scheme", "child"),
        ("mapping-object-outside-source", "child"),  # a cseckg IRI is not in EuroVoc either
        ("mapping-without-evidence", "victim"),
        ("mapping-object-outside-source", "prevention"),
    }
    assert report.exit_code == 1


def test_validate_answers_a_broken_mapping_set_in_one_line(cli, tmp_path):
    path = tmp_path / "broken.sssom.tsv"
    path.write_text("#mapping_set_id: https://example.org/m\n#license: x:y\nsubject_id\n")
    result = cli("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:" in result.output


def test_resources_list_the_mapping_set_with_the_graph():
    assert MAPPINGS in resources.graph_files()
    assert MAPPINGS not in resources.ontology_files()  # fmt never rewrites it
