"""SHACL shapes (``shapes/*.ttl``), tested by example.

Each ``tests/shapes/NN-invalid-<Shape>.ttl`` must trip exactly ``shapes:<Shape>`` and nothing else;
each ``tests/shapes/NN-valid-*.ttl`` must trip nothing (warnings included). Fixtures are found by
glob, so a new file is tested as soon as it exists. Every fixture is self-contained: it is validated
with the model alone (``base="model"``), through the same ``cseckg.api.validate`` as the CLI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SH, Graph, URIRef

from cseckg import api

from .conftest import ROOT

SHAPES_DIR = ROOT / "shapes"
FIXTURES = sorted((ROOT / "tests" / "shapes").glob("*.ttl"))
INVALID = re.compile(r"^\d+-invalid-(?P<shape>[A-Za-z0-9]+)\.ttl$")
VALID = re.compile(r"^\d+-valid-[a-z0-9-]+\.ttl$")
NS = "https://w3id.org/cseckg/shapes#"


def _expected(fixture: Path) -> set[str]:
    match = INVALID.match(fixture.name)
    return {match["shape"]} if match else set()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _all_shapes(graph: Graph) -> set:
    kinds = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    return kinds | set(graph.objects(None, SH.property)) | set(graph.subjects(SH.path, None))


def _rule_shapes(graph: Graph) -> set[str]:
    """Shapes that report findings: targeted node shapes and the property shapes they carry."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    targeted = {s for t in targets for s in graph.subjects(t, None)}
    rules = set(targeted)
    for node in targeted:
        rules |= set(graph.objects(node, SH.property))
    return {str(s).removeprefix(NS) for s in rules}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixture_trips_exactly_its_shape(fixture: Path) -> None:
    report = api.validate(extra=[fixture], base="model", only="shacl")
    assert not report.load_failed, report.stages
    fired = {f.rule for f in report.findings}
    assert fired == _expected(fixture), [(f.rule, f.focus, f.message) for f in report.findings]


def test_fixture_names_are_understood() -> None:
    for fixture in FIXTURES:
        assert INVALID.match(fixture.name) or VALID.match(fixture.name), fixture.name
    assert (ROOT / "tests" / "shapes" / "00-valid-complete.ttl") in FIXTURES


def test_every_rule_shape_has_an_invalid_fixture(shapes: Graph) -> None:
    tested = {m["shape"] for f in FIXTURES if (m := INVALID.match(f.name))}
    assert _rule_shapes(shapes) - tested == set()
    assert tested - _rule_shapes(shapes) == set(), "fixture named after an unknown shape"


def test_every_shape_is_named_with_message_and_comment(shapes: Graph) -> None:
    for shape in _all_shapes(shapes):
        assert isinstance(shape, URIRef) and str(shape).startswith(NS), f"anonymous shape {shape}"
        assert shapes.value(shape, SH.message) is not None, f"{shape} has no sh:message"
        assert shapes.value(shape, RDFS.comment) is not None, f"{shape} has no rdfs:comment"


def test_property_shapes_hang_on_node_shapes_or_helpers(shapes: Graph) -> None:
    used = set(shapes.objects(None, SH.property))
    for lst in shapes.objects(None, SH["or"]):
        used |= set(shapes.items(lst))
    used |= set(shapes.objects(None, SH.qualifiedValueShape)) | set(shapes.objects(None, SH.node))
    targeted = set(shapes.subjects(SH.targetClass, None))  # a property shape with its own target
    for shape in shapes.subjects(SH.path, None):
        assert shape in used | targeted, f"{shape} is not attached, targeted or used as a helper"


def test_shapes_are_shacl_core_only(shapes: Graph) -> None:
    assert not set(shapes.subjects(SH.sparql, None)), "SHACL-SPARQL belongs in queries/checks"
    assert not set(shapes.subjects(SH.rule, None))


def test_shapes_graph_passes_meta_shacl(shapes: Graph) -> None:
    import pyshacl

    model = Graph().parse(ROOT / "ontology" / "model.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(
        model, shacl_graph=shapes, inference="none", advanced=False, meta_shacl=True
    )
    assert conforms, text
