"""Query plans of our own (:mod:`cseckg.plans`): each plan answers exactly what the named query it
restates answers, and is used for nothing else."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pyoxigraph as ox
import pytest

from cseckg import plans, queries, resources, store
from cseckg.sparql import results

from .conftest import ROOT

PLANS = plans.plan_files()


def restated(plan: queries.QueryFile) -> queries.QueryFile:
    return queries.named(plan.get("restates"))


def test_there_are_plans_and_each_names_its_query():
    assert PLANS
    for path in PLANS:
        plan = queries.read(path)
        assert restated(plan).name == path.stem
        assert plan.get("why"), f"{path.name}: say why the plan exists"


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_a_plan_is_for_the_current_text_of_its_query(path):
    plan = queries.read(path)
    assert plan.get("sha256") == plans.digest(restated(plan).text), (
        f"queries/{path.stem}.rq changed: check queries/plans/{path.name} against it, restate "
        "it and write the new SHA-256 in its header"
    )


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_a_plan_only_adds_to_its_query(path):
    """Every line of the query's body is in the plan, in the same order: the plan keeps every
    pattern and filter and can only narrow what they already allow."""
    plan = queries.read(path)
    body = restated(plan).text[restated(plan).text.index("PREFIX") :].splitlines()
    lines = iter(plan.text.splitlines())
    missing = [line for line in body if not any(line == other for other in lines)]
    assert missing == []


def test_a_plan_is_used_for_its_text_only():
    plan = queries.read(PLANS[0])
    original = restated(plan).text
    assert plans.text_for(original) == plan.text
    assert plans.text_for(original + " ") == original + " "


def test_the_index_has_an_entry_for_every_literal_form():
    loaded = store.shipped()
    forms = {
        (row["s"], row["key"])
        for row in loaded.store.query(plans.INDEXES["literal-form-lower-case"])
    }
    predicate = ox.NamedNode(plans.BASE + "literal-form-lower-case")
    indexed = {
        (q.subject, q.object)
        for q in loaded.store.quads_for_pattern(None, predicate, None, plans.GRAPH)
    }
    assert forms and indexed == forms


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    script = ROOT / "bench" / "scale.py"
    args = [sys.executable, str(script), "--triples", "10000", "--out", str(folder)]
    subprocess.run(args, check=True, capture_output=True)
    (path,) = folder.glob("synthetic-*.ttl")
    return store.open_graph([resources.model_file(), path])


def _terms(loaded) -> list:
    """Values to bind: literal forms (at most 60, spread over them in a fixed order) as they
    are, in upper and in title case, as a term in another language, and values that match
    nothing."""
    forms = [
        row["f"]
        for row in loaded.store.query(  # type: ignore[union-attr]
            "SELECT DISTINCT ?f { ?l <http://www.w3.org/2008/05/skos-xl#literalForm> ?f }"
        )
    ]
    assert len(forms) > 60
    values = {ox.Literal("no such term"), ox.Literal(""), ox.NamedNode("https://example.org/x")}
    for form in sorted(forms, key=str)[:: len(forms) // 60]:
        values |= {ox.Literal(form.value), ox.Literal(form.value.upper())}
        values |= {ox.Literal(form.value.title(), language="en"), form}
    return sorted(values, key=str)


def _rows(answer) -> Counter:
    found = results.from_oxigraph(answer)
    return Counter(found.rows)


@pytest.mark.parametrize("graph", ["shipped", "synthetic"])
@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_a_plan_answers_what_its_query_answers(path, graph, synthetic_store):
    loaded = store.shipped() if graph == "shipped" else synthetic_store
    plan = queries.read(path)
    query = restated(plan)
    (name,) = query.params
    matched = 0
    for term in _terms(loaded):
        bound = {ox.Variable(name): term}
        expected = _rows(loaded.store.query(query.text, substitutions=bound))
        assert _rows(loaded.store.query(plan.text, substitutions=bound)) == expected, term
        matched += bool(expected)
    assert matched > 30, "too few values matched anything: the comparison proves little"
