"""`trace`, `compare`, `search` and `show` through the Typer app and the fast path."""

from __future__ import annotations

import json
import os

import pytest

from cseckg import graph
from cseckg.cli import fast

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("CSECKG_UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; CSECKG_UPDATE_GOLDEN=1 rewrites it (review the diff)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["trace", "child"], "trace-child.txt"),
        (["trace", "child", "--format", "json"], "trace-child.json"),
        (["trace", "child pornography"], "trace-child-pornography.txt"),
        (["trace", "child pornography", "-f", "json"], "trace-child-pornography.json"),
        (["compare", "child"], "compare-child.txt"),
        (["compare", "child", "--format", "json"], "compare-child.json"),
    ],
)
def test_golden_outputs(cli, args, name):
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


def test_trace_child_pornography_gives_the_advice_and_the_treaty_term(cli):
    data = json.loads(cli("trace", "child pornography", "-f", "json").stdout)
    assert data["concept"].endswith("/concept/child-sexual-abuse-material")
    assert data["term"]["status"] == "avoid"
    advice = data["term"]["advice"]
    advised = {a["advised"] for a in advice}
    # every replacement named is CSAM or CSEM; INTERPOL, INHOPE and the 2025 reports name none
    assert advised == {
        "child sexual abuse material",
        "child sexual abuse material; child sexual exploitation material",
        "",
    }
    editions = {a["advice_of"] for a in advice if a["reported"]}
    assert {
        "Luxembourg Guidelines (2016)",
        "Terminology Guidelines, second edition (2025)",
    } <= editions
    assert all(a["verification"]["status"] != "official source" for a in advice if a["reported"])
    assert any("Optional Protocol" in i for i in data["term"]["used_in"])
    opsc = next(d for d in data["definitions"] if d["iri"].endswith("/opsc-art-2-c"))
    assert opsc["source_term"] == "child pornography"
    assert opsc["provision"]["instrument"]["adopted"] == "2000-05-25"
    assert opsc["relation"] == "verbatim"


def test_trace_chain_reaches_the_instrument(cli):
    data = json.loads(cli("trace", "child", "-f", "json").stdout)
    first = data["definitions"][0]
    assert first["preferred"] and first["iri"].endswith("/definition/crc-art-1")
    assert "eighteen" in first["text"]
    instrument = first["provision"]["instrument"]
    assert instrument["binding_force"] == "binding treaty law"
    assert (instrument["adopted"], instrument["in_force"]) == ("1989-11-20", "1990-09-02")


@pytest.mark.parametrize(
    "typed", ["ENFANT", "Enfant ", "kind", "Matériel d’abus sexuels sur enfants"]
)
def test_trace_is_case_accent_and_language_insensitive(cli, typed):
    result = cli("trace", typed, "-f", "json")
    assert result.exit_code == 0, result.stderr
    concept = json.loads(result.stdout)["concept"]
    assert concept.rsplit("/", 1)[1] in ("child", "child-sexual-abuse-material")


def test_trace_hidden_label(cli):
    result = cli("trace", "child sex tourism", "-f", "json")
    data = json.loads(result.stdout)
    assert data["concept"].endswith("sexual-exploitation-of-children-in-travel-and-tourism")
    assert data["term"]["status"] == "avoid"


def test_own_wording_definition_has_a_related_provision_not_a_source(cli):
    """ECPAT Luxembourg's own words on travel and tourism: UNWTO art. 2(3) is only related."""
    data = json.loads(cli("trace", "child sex tourism", "-f", "json").stdout)
    (ecpat,) = [d for d in data["definitions"] if d["relation"] == "own wording"]
    assert ecpat["provision"] is None
    assert [p["iri"] for p in ecpat["related"]] == [
        "https://w3id.org/cseckg/instrument/unwto-global-code-of-ethics/art-2/para-3"
    ]
    text = cli("trace", "child sex tourism").stdout
    assert "provision: UNWTO" not in text.replace("related provision, not its source: UNWTO", "")
    assert "related provision, not its source: UNWTO Global Code of Ethics art. 2(3)" in text
    assert "source provision: none (in the author's own words)" in text
    compared = json.loads(cli("compare", "child sex tourism", "-f", "json").stdout)
    (column,) = compared["columns"]
    assert column["source"] == "ECPAT Luxembourg"
    assert column["related"] == ["UNWTO Global Code of Ethics art. 2(3)"]
    assert "related, not its source: UNWTO" in cli("compare", "child sex tourism").stdout


def test_trace_shows_the_new_instrument_facts(cli):
    text = cli("trace", "trafficking in persons").stdout
    assert "opened for signature: Warsaw, 2005-05-16" in text
    directive = json.loads(cli("trace", "child pornography", "-f", "json").stdout)
    instruments = [d["provision"]["instrument"] for d in directive["definitions"] if d["provision"]]
    eu = [i for i in instruments if i["iri"].endswith("directive-2011-93-eu")]
    assert eu and eu[0]["transposition_deadline"] == "2013-12-18"


def test_cite_command(cli):
    result = cli("cite", "instrument:palermo-protocol/art-3/a")
    assert result.exit_code == 0
    assert result.stdout.startswith("Protocol to Prevent, Suppress and Punish Trafficking")
    assert "2237 UNTS 319 (Palermo Protocol) art 3(a)\n" in result.stdout
    data = json.loads(cli("cite", "OPSC art. 2(c)", "-s", "bluebook", "-f", "json").stdout)
    assert data["pinpoint"] == "art 2(c)" and data["kind"] == "provision"
    assert [g["property"] for g in data["left_out"]] == ["schema:pageStart"]
    definition = cli("cite", "definition:crc-art-1", "-s", "apa").stdout
    assert "in text: (Convention on the Rights of the Child, 1989, art 1)" in definition
    assert (
        "verbatim (en, official source): “For the purposes of the present Convention" in definition
    )
    record = cli("cite", "instrument:crc", "--style", "csl-json").stdout
    assert json.loads(record)[0]["type"] == "treaty"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["cite", "instrument:crc", "-s", "mla"], 2, "--style mla: use one of oscola"),
        (["cite", "concept:child"], 2, "names a concept: cite one of its definitions"),
        (["cite", "convension on the rihgts"], 1, "no match for"),
    ],
)
def test_cite_refuses_with_one_line(cli, args, code, message):
    result = cli(*args)
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_trace_no_match_suggests_and_exits_1(cli):
    result = cli("trace", "chld pornografy")
    assert result.exit_code == 1
    assert "did you mean: child pornography" in result.stderr


def test_trace_empty_term_is_input_error(cli):
    result = cli("trace", "  ")
    assert result.exit_code == 2
    assert result.stderr.startswith("cseckg: nothing to look up")


def test_unverified_text_is_never_shown_as_a_quote(cli, monkeypatch):
    monkeypatch.setenv("CSECKG_GRAPH", str(ROOT / "tests" / "data" / "unverified-definition.ttl"))
    graph.shipped.cache_clear()
    try:
        result = cli("trace", "test term")
    finally:
        graph.shipped.cache_clear()
    assert result.exit_code == 0, result.stderr
    assert "[UNVERIFIED, not a quote] Placeholder wording" in result.stdout
    assert "“Placeholder wording" not in result.stdout


def test_compare_reports_what_differs(cli):
    data = json.loads(cli("compare", "child", "-f", "json").stdout)
    features = {f["name"]: f["values"] for f in data["features"]}
    sources = [c["source"] for c in data["columns"]]
    budapest = sources.index("Budapest Convention art. 9(3)")
    crc = sources.index("CRC art. 1")
    assert features["lower age permitted"][budapest].endswith("not less than 16")
    assert features["majority exception"][crc].startswith("unless majority")
    assert set(features["age limit"]) == {"under 18"}
    trafficking = json.loads(cli("compare", "trafficking in persons", "-f", "json").stdout)
    means = next(f for f in trafficking["features"] if f["name"] == "means")
    columns = [c["source"] for c in trafficking["columns"]]
    assert means["values"][columns.index("Palermo Protocol art. 3(c)")] == "none required"
    assert "abduction" in means["values"][columns.index("Palermo Protocol art. 3(a)")]


def test_compare_all_languages(cli):
    english = json.loads(cli("compare", "child", "-f", "json").stdout)["columns"]
    every = json.loads(cli("compare", "child", "--lang", "all", "-f", "json").stdout)["columns"]
    assert len(every) > len(english)
    assert {c["lang"] for c in every} >= {"en", "fr", "de"}


def test_search_ranks_labels_first_and_filters_language(cli):
    hits = json.loads(cli("search", "pornography", "-f", "json").stdout)["hits"]
    assert hits[0]["iri"].endswith("/concept/child-sexual-abuse-material")
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    french = json.loads(cli("search", "enfants", "--lang", "fr", "-f", "json").stdout)["hits"]
    assert french and all(h["snippet"]["lang"] == "fr" for h in french)
    assert cli("search", "enfants", "--lang", "xx").exit_code == 1
    result = json.loads(cli("search", "child", "--limit", "3", "-f", "json").stdout)
    assert len(result["hits"]) == 3 < result["total"]


def test_search_no_hit_exits_1(cli):
    result = cli("search", "zzzqqq")
    assert result.exit_code == 1
    assert "no match" in result.stdout


def test_show_by_label_curie_and_iri(cli):
    by_label = json.loads(cli("show", "OPSC", "-f", "json").stdout)
    by_curie = json.loads(cli("show", "concept:child", "-f", "json").stdout)
    by_iri = json.loads(cli("show", "https://w3id.org/cseckg/instrument/opsc", "-f", "json").stdout)
    assert by_label["iri"] == by_iri["iri"] == "https://w3id.org/cseckg/instrument/opsc"
    assert by_curie["iri"] == "https://w3id.org/cseckg/concept/child"
    values = {(s["predicate"], s["value"]) for s in by_iri["outgoing"]}
    assert ("cseckg:bindingForce", "binding treaty law") in values  # labels, not bare IRIs
    assert any(s["predicate"] == "cseckg:supplements" for s in by_iri["outgoing"])
    text = cli("show", "OPSC").stdout
    assert "statements" in text and "pointed at by" in text


def test_show_unknown_resource(cli):
    result = cli("show", "https://w3id.org/cseckg/concept/nothing-here")
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["trace", "child"],
        ["trace", "child pornography", "--format", "json"],
        ["trace", "chld pornografy"],
        ["compare", "child", "--lang=all", "-f", "json"],
        ["compare", "age of sexual consent", "-j", "LU,DE,FR", "-f", "json"],
        ["trace", "grooming", "--jurisdiction", "LU"],
        ["trace", "grooming", "--jurisdiction", "XX"],
        ["search", "tourism", "--limit", "5", "-f", "json"],
        ["search", "enfant", "--lang", "fr", "--kind", "definition"],
        ["search", "child", "--instrument", "OPSC", "--limit", "3"],
        ["search", "chlid"],
        ["search", '"open'],
        ["show", "concept:child", "-f", "json"],
        ["trace", "--", "child"],
    ],
)
def test_fast_path_equals_typer(cli, capsys, argv):
    assert fast.parse(argv) is not None
    code = fast.run(argv)
    fast_out = capsys.readouterr()
    typer_result = cli(*[a for a in argv if a != "--"])
    assert code == typer_result.exit_code
    assert fast_out.out == typer_result.stdout
    assert fast_out.err == typer_result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["trace"],
        ["trace", "--help"],
        ["trace", "child", "--format", "yaml"],
        ["trace", "a", "b"],
        ["search", "x", "--limit", "many"],
        ["validate"],
        [],
    ],
)
def test_fast_path_leaves_the_rest_to_typer(argv):
    assert fast.parse(argv) is None


def test_trace_sextortion_gives_the_advice_and_who_gives_it(cli):
    data = json.loads(cli("trace", "sextortion", "-f", "json").stdout)
    assert data["concept"].endswith("/concept/online-sexual-coercion-and-extortion-of-children")
    assert (data["term"]["matched"], data["term"]["status"]) == ("sextortion", "avoid")
    by = {a["stated_by"]: a for a in data["term"]["advice"]}
    assert by["Europol"]["status"] == "avoid"
    assert by["Europol"]["advised"] == "online sexual coercion and extortion of children"
    assert by["Europol"]["verification"]["source"].startswith("http://www.boaxx.com/")  # a mirror
    assert by["NSPCC"]["status"] == ""  # asks to rethink the term, gives no single status
    assert by["Internet Matters"]["about"] == "Sextortion"  # the German label, same spelling
    assert any(link["identifier"] == "Sextortion" for link in data["links"])  # CAC Ontology


def test_trace_computer_generated_csam_gives_the_definition_and_its_source(cli):
    data = json.loads(
        cli("trace", "computer-generated child sexual abuse material", "-f", "json").stdout
    )
    assert data["term"]["advice"] == []  # no advice on this wording was seen
    definition = data["definitions"][0]
    assert definition["stated_by"] == "WeProtect Global Alliance"
    assert "wholly or partly artificially or digitally created" in definition["text"]
    assert (
        definition["verification"]["source"]
        == "https://www.weprotect.org/glossary/computer-generated-imagery/"
    )


def test_trace_survivor_gives_the_advice_and_why_there_is_no_definition(cli):
    data = json.loads(cli("trace", "survivor", "-f", "json").stdout)
    assert data["definitions"] == [] and data["no_definition"].startswith("No definition was seen.")
    by = {a["stated_by"]: a for a in data["term"]["advice"]}
    assert by["Victims and Survivors’ Consultative Panel"]["status"] == "use with caution"
    nota = by["NOTA"]
    assert nota["advice_of"] == "Terminology Guidelines, second edition (2025)"
    assert nota["reported"] and nota["status"] == ""
    text = cli("trace", "survivor").stdout
    assert "definition: none recorded; No definition was seen." in text


def test_settled_statuses_rest_on_their_sources(cli):
    data = json.loads(cli("show", "label:en/age-of-sexual-consent", "-f", "json").stdout)
    facts = {s["predicate"]: s for s in data["outgoing"]}
    assert facts["cseckg:labelStatus"]["iri"].endswith("#UseWithCaution")
    assert facts["cseckg:statusSource"]["iri"].endswith(
        "/luxembourg-guidelines-age-of-sexual-consent-inhope"
    )
    assert "INHOPE reports" in facts["skos:changeNote"]["value"]
    german = json.loads(cli("show", "label:de/kinderpornografie", "-f", "json").stdout)
    status = next(s for s in german["outgoing"] if s["predicate"] == "cseckg:labelStatus")
    assert status["iri"].endswith("#Avoid")
