"""Query plans of our own (:mod:`cseckg.plans`): each plan answers exactly what the named query it
restates answers, and is used for nothing else."""

from __future__ import annotations

import itertools
from collections import Counter

import pyoxigraph as ox
import pytest

from cseckg import plans, queries, store
from cseckg.sparql import results

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


def _iris(loaded, query: queries.QueryFile, name: str) -> list:
    """Values for an IRI parameter: every resource of the kind its ``e.g.`` names (the IRIs
    under the same ``https://w3id.org/cseckg/KIND/``), and one IRI that names nothing."""
    (line,) = [p for p in query.get_all("param") if p.split()[0] == f"?{name}"]
    prefix = line.split("e.g. ", 1)[1].strip().rsplit("/", 1)[0] + "/"
    found = {
        row["s"]
        for row in loaded.store.query("SELECT DISTINCT ?s { ?s a ?type }")  # type: ignore[union-attr]
        if isinstance(row["s"], ox.NamedNode)
        and row["s"].value.startswith(prefix)
        and "/" not in row["s"].value[len(prefix) :]
    }
    return [*sorted(found, key=str), ox.NamedNode(prefix + "no-such-resource")]


def _bindings(loaded, query: queries.QueryFile) -> list[dict]:
    """Every combination of values for the query's parameters: terms for a term parameter
    (:func:`_terms`), resources of their kind for IRI parameters (:func:`_iris`)."""
    choices = []
    for name in query.params:
        values = _terms(loaded) if name == "term" else _iris(loaded, query, name)
        choices.append([(name, term) for term in values])
    return [{ox.Variable(n): t for n, t in chosen} for chosen in itertools.product(*choices)]


@pytest.mark.parametrize("graph", ["shipped", "synthetic"])
@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_a_plan_answers_what_its_query_answers(path, graph, synthetic_store):
    loaded = store.shipped() if graph == "shipped" else synthetic_store
    plan = queries.read(path)
    query = restated(plan)
    unbound = _rows(loaded.store.query(query.text))
    assert _rows(loaded.store.query(plan.text)) == unbound
    matched, seen = 0, Counter()
    for bound in _bindings(loaded, query):
        expected = _rows(loaded.store.query(query.text, substitutions=bound))
        assert _rows(loaded.store.query(plan.text, substitutions=bound)) == expected, bound
        matched += bool(expected)
        seen |= expected
    # the values reach every row the query has unbound, or (a term, which matches nothing
    # unbound) many of them find something: either way the comparison covers real rows
    covered = bool(unbound) and not unbound - seen
    assert matched > 30 or covered, f"{matched} values matched: the comparison proves little"
