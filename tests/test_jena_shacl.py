"""Cross-check of pyshacl against an independent SHACL engine, Apache Jena.

Both engines read the same triples (the graph as cseckg loads it, SKOS-XL dumb-down included,
written as N-Triples) and the same shapes (every ``shapes/*.ttl`` merged). They must agree on the
verdict, counted on Violation-severity results only (Jena's sh:conforms is false on warnings
too), and on which shape fails on which focus node. Jena validates every selected data graph in
one JVM (see :func:`tests.jena.shacl_reports`), the first time a test needs a report.

Without Java or Debian's Apache Jena these tests are skipped, and fail when ``CI`` is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cseckg import api, graph, resources

from . import jena
from .conftest import ROOT

pytestmark = pytest.mark.jena

FIXTURES = sorted((ROOT / "tests" / "shapes").glob("*.ttl"))
SHIPPED = "shipped"


@pytest.fixture(scope="session")
def jena_ready() -> None:
    why = jena.missing()
    if why and os.environ.get("CI"):
        pytest.fail(f"Apache Jena is required in CI for the SHACL cross-check: {why}")
    if why:
        pytest.skip(f"Apache Jena is not available: {why}")


@pytest.fixture(scope="session")
def merged_shapes(tmp_path_factory, jena_ready) -> Path:
    out = tmp_path_factory.mktemp("jena") / "shapes.nt"
    jena.export_ntriples(resources.shape_files(), out)
    return out


@pytest.fixture(scope="session")
def jena_reports(request, tmp_path_factory, merged_shapes) -> dict[object, object]:
    """Jena's report (or the load error) per data graph, for every case this session selected."""
    folder = tmp_path_factory.mktemp("jena-data")
    cases = [SHIPPED, *_selected_fixtures(request.session)]
    outcome: dict[object, object] = {}
    datas: dict[object, Path] = {}
    for number, case in enumerate(cases):
        datas[case] = folder / f"{number:03d}.nt"
        try:
            jena.export_ntriples(_data_files(case), datas[case])
        except graph.LoadError as err:
            outcome[case] = err
            del datas[case]
    reports = jena.shacl_reports(merged_shapes, list(datas.values()))
    outcome.update(zip(datas, reports, strict=True))
    return outcome


def _selected_fixtures(session) -> list[Path]:
    """The fixtures of the parametrized test below that this session will run."""
    test = test_fixture_same_verdict_as_jena  # defined below; looked up when the session runs
    items = [i for i in session.items if getattr(i, "function", None) is test]
    return sorted({i.callspec.params["fixture"] for i in items})


def _data_files(case) -> list[Path]:
    if case == SHIPPED:
        return resources.ontology_files()
    return [resources.model_file(), case]


def _pyshacl_violations(case) -> set[tuple[str, str]]:
    if case == SHIPPED:
        report = api.validate(only="shacl")
    else:
        report = api.validate([case], only="shacl", base="model")
    assert not report.load_failed, report.stages[0].detail
    return {(f.rule, _named(f.focus)) for f in report.findings if f.severity == "Violation"}


def _jena_violations(report: jena.JenaReport) -> set[tuple[str, str]]:
    return {(r.shape.rsplit("#", 1)[-1], _named(r.focus)) for r in report.violations()}


def _named(focus: str) -> str:
    """Blank node labels differ between engines: compare them as one "a blank node"."""
    return focus if focus.startswith(("http://", "https://", "urn:")) else "_:"


def _compare(case, jena_reports) -> None:
    report = jena_reports[case]
    if isinstance(report, graph.LoadError):
        pytest.skip(f"the fixture does not load, nothing to cross-check: {report.message}")
    ours, theirs = _pyshacl_violations(case), _jena_violations(report)
    verdict = "conforms" if not ours else f"{len(ours)} violation(s)"
    differences = f"only pyshacl: {sorted(ours - theirs)}\nonly Jena: {sorted(theirs - ours)}"
    assert (not ours) == (not theirs), (
        f"pyshacl: {verdict}; Jena: {len(theirs)} violation(s)\n{differences}"
    )
    assert ours == theirs, differences


def test_shipped_graph_same_verdict_as_jena(jena_reports):
    _compare(SHIPPED, jena_reports)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_same_verdict_as_jena(fixture, jena_reports):
    _compare(fixture, jena_reports)


def test_jena_checks_xsd_datatypes(tmp_path, jena_ready):
    """The Xerces mend works: Jena reports an ill-typed date instead of an internal error."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<urn:x:DateShape> a sh:NodeShape ; sh:targetSubjectsOf <urn:x:on> ;\n"
        "  sh:property [ sh:path <urn:x:on> ; sh:datatype xsd:date ] .\n"
    )
    data = tmp_path / "data.nt"
    data.write_text(
        '<urn:x:good> <urn:x:on> "2026-11-29"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
        '<urn:x:bad> <urn:x:on> "2026-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
    )
    report = jena.shacl_report(shapes, data)
    assert not report.conforms
    assert {r.focus for r in report.violations()} == {"urn:x:bad"}
