"""Conditions as data: what a provision sets, read from the graph and never from its text.

An age limit (with its comparison: under, at most, at least, over; and whose age it is), a
close-in-age exception (its ages and the largest age difference, where stated), a majority
exception, a lower age a State may set, the means an offence requires, remuneration. Each points
at the provision that states it (``cseckg:setBy``) and quotes its words (``cseckg:words``); the
check ``words-not-in-provision-text`` holds the words to the provision's stored text. See
``ontology/README.md``, "Conditions as data".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import lookup
from cseckg.lookup import select

# The features compare shows, in order: (name, condition class).
FEATURES = (
    ("age limit", "AgeLimit"),
    ("close-in-age exception", "CloseInAgeException"),
    ("majority exception", "MajorityException"),
    ("lower age permitted", "PermittedLowerAge"),
    ("means", "MeansCondition"),
    ("remuneration", "RemunerationCondition"),
)
ONT = "https://w3id.org/cseckg/ontology#"

# The conditions set by the provisions of a VALUES block (``{provisions}``), and their concepts
# and means: three queries for any number of provisions.
CONDITIONS = """
SELECT ?c ?kind ?p ?words ?lang ?age ?comparison ?role ?from ?below ?difference ?required ?note
WHERE {{
  VALUES ?p {{ {provisions} }}
  ?c cseckg:setBy ?p ; a ?kind ; cseckg:words ?words . BIND(LANG(?words) AS ?lang)
  ?kind rdfs:subClassOf cseckg:Condition .
  OPTIONAL {{ ?c cseckg:age ?age }} OPTIONAL {{ ?c cseckg:comparison ?comparison }}
  OPTIONAL {{ ?c cseckg:ageOf ?role }} OPTIONAL {{ ?c cseckg:minimumAge ?from }}
  OPTIONAL {{ ?c cseckg:ageBelow ?below }} OPTIONAL {{ ?c cseckg:ageDifferenceAtMost ?difference }}
  OPTIONAL {{ ?c cseckg:meansRequired ?required }} OPTIONAL {{ ?c skos:editorialNote ?note }}
}} ORDER BY ?c
"""
ABOUT = """
SELECT ?c ?concept WHERE {{
  VALUES ?p {{ {provisions} }} ?c cseckg:setBy ?p ; cseckg:aboutConcept ?concept
}} ORDER BY ?concept
"""
MEANS = """
SELECT ?c ?m WHERE {{
  VALUES ?p {{ {provisions} }} ?c cseckg:setBy ?p ; cseckg:means ?m
}} ORDER BY ?m
"""


@dataclass(frozen=True)
class Condition:
    iri: str
    kind: str  # the class's local name: AgeLimit, CloseInAgeException ...
    provision: str
    words: str
    lang: str
    concepts: tuple[str, ...]
    age: int | None = None
    comparison: str = ""  # under, at most, at least, over
    role: str = ""  # protected person, perpetrator
    minimum_age: int | None = None
    age_below: int | None = None
    age_difference_at_most: int | None = None
    means_required: bool | None = None
    means: tuple[str, ...] = ()
    note: str = ""

    @property
    def feature(self) -> str:
        return next(name for name, kind in FEATURES if kind == self.kind)

    @property
    def summary(self) -> str:
        """The condition in a few English words, built from the data alone."""
        return _SUMMARIES[self.kind](self)


def of_provisions(store: ox.Store, provisions: Iterable[str]) -> dict[str, tuple[Condition, ...]]:
    """The conditions each provision sets, keyed by provision IRI."""
    wanted = " ".join(str(ox.NamedNode(p)) for p in dict.fromkeys(provisions))
    if not wanted:
        return {}
    concepts: dict[str, list[str]] = {}
    for row in select(store, ABOUT.format(provisions=wanted)):
        concepts.setdefault(row["c"], []).append(row["concept"])
    means: dict[str, list[str]] = {}
    for row in select(store, MEANS.format(provisions=wanted)):
        means.setdefault(row["c"], []).append(lookup.label(store, row["m"]))
    found: dict[str, list[Condition]] = {}
    for row in select(store, CONDITIONS.format(provisions=wanted)):
        condition = _condition(store, row, concepts.get(row["c"], ()), means.get(row["c"], ()))
        found.setdefault(row["p"], []).append(condition)
    return {p: tuple(cs) for p, cs in sorted(found.items())}


def about(store: ox.Store, concept: str) -> dict[str, tuple[Condition, ...]]:
    """The conditions about ``concept``, keyed by the provision that sets them."""
    rows = select(
        store,
        "SELECT ?k ?c ?p WHERE { ?c cseckg:aboutConcept ?k ; cseckg:setBy ?p }",
        k=ox.NamedNode(concept),
    )
    by_provision = of_provisions(store, sorted({r["p"] for r in rows}))
    return {
        p: tuple(c for c in cs if concept in c.concepts)
        for p, cs in by_provision.items()
        if any(concept in c.concepts for c in cs)
    }


def _condition(store: ox.Store, row: dict, concepts, means) -> Condition:
    return Condition(
        iri=row["c"],
        kind=row["kind"].removeprefix(ONT),
        provision=row["p"],
        words=row["words"],
        lang=row["lang"] or "",
        concepts=tuple(sorted(set(concepts))),
        age=_int(row["age"]),
        comparison=lookup.label(store, row["comparison"]),
        role=lookup.label(store, row["role"]),
        minimum_age=_int(row["from"]),
        age_below=_int(row["below"]),
        age_difference_at_most=_int(row["difference"]),
        means_required=None if row["required"] is None else row["required"] == "true",
        means=tuple(means),
        note=row["note"] or "",
    )


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


def _age_limit(c: Condition) -> str:
    whose = " (perpetrator)" if c.role == "perpetrator" else ""
    return f"{c.comparison} {c.age}{whose}"


def _close_in_age(c: Condition) -> str:
    parts = []
    if c.minimum_age is not None or c.age_below is not None:
        parts.append(
            f"ages {c.minimum_age if c.minimum_age is not None else '?'} "
            f"to under {c.age_below if c.age_below is not None else '?'}"
        )
    if c.age_difference_at_most is not None:
        parts.append(f"age difference at most {c.age_difference_at_most} years")
    return ", ".join(parts) or "no ages or age difference stated"


def _means(c: Condition) -> str:
    if c.means_required is False:
        return "none required" + (f" where the person is under {c.age}" if c.age else "")
    return "required: " + (", ".join(c.means) or "(not listed)")


_SUMMARIES = {
    "AgeLimit": _age_limit,
    "CloseInAgeException": _close_in_age,
    "MajorityException": lambda c: "unless majority is attained earlier under the applicable law",
    "PermittedLowerAge": lambda c: f"a State may set a lower age, not less than {c.age}",
    "MeansCondition": _means,
    "RemunerationCondition": lambda c: f"“{c.words}”",
}
