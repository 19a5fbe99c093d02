"""The curated conditions agree with the English text patterns of :mod:`cseckg.compare_text`.

compare reads every condition from the data; the old English regexes survive only here, as a
cross-check: on every English definition that quotes its provision (verbatim or an extract, stated
by the instrument itself), what a pattern finds must be in the data, and what the data says must
be found by the pattern. A disagreement means a condition was mis-curated or forgotten.
"""

from __future__ import annotations

import pyoxigraph as ox

from cseckg import compare, compare_text, graph, lookup

CONCEPTS = """
SELECT ?c ?label WHERE { ?c a skos:Concept ; skos:prefLabel ?label FILTER(LANG(?label) = "en") }
ORDER BY ?c
"""
OWNER = "SELECT ?p ?i WHERE { ?p cseckg:inInstrument ?i }"


def _quoting_columns() -> list:
    """English columns that quote their provision as the instrument itself states it."""
    store = graph.shipped().store
    columns = []
    for row in lookup.select(store, CONCEPTS):
        for column in compare.compare(store, row["label"], "en").columns:
            owner = lookup.select(store, OWNER, p=ox.NamedNode(column.provision or "urn:x:none"))
            by_itself = bool(owner) and column.stated_by == lookup.label(store, owner[0]["i"])
            if column.relation in ("verbatim", "extract") and column.lang == "en" and by_itself:
                columns.append(column)
    return columns


def _disagreements(column) -> list[str]:
    text, kinds = column.text, {}
    for condition in column.conditions:
        kinds.setdefault(condition.kind, []).append(condition)
    problems = []
    ages = {f"under {c.age}" for c in kinds.get("AgeLimit", []) if c.comparison == "under"}
    found = set(filter(None, compare_text.age_threshold(text).split(", ")))
    if found != ages:
        problems.append(f"age: text {found}, data {ages}")
    if bool(compare_text.majority_exception(text)) != ("MajorityException" in kinds):
        problems.append("majority exception")
    lower = compare_text.lower_age(text)
    if ([lower] if lower else []) != [c.summary for c in kinds.get("PermittedLowerAge", [])]:
        problems.append("lower age permitted")
    means = compare_text.means(text)
    required = [c.means_required for c in kinds.get("MeansCondition", [])]
    expected = [False] if means.startswith("none required") else [True] if means else []
    if required != expected:
        problems.append(f"means: text {means!r}, data {required}")
    if bool(compare_text.remuneration(text)) != ("RemunerationCondition" in kinds):
        problems.append("remuneration")
    return problems


def test_patterns_and_data_agree_on_every_quoting_english_column():
    columns = _quoting_columns()
    assert len(columns) >= 15  # there is something to check
    found = {f"{c.source} ({c.definition})": _disagreements(c) for c in columns}
    assert {k: v for k, v in found.items() if v} == {}
