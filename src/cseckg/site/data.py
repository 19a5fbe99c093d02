"""What each page shows, read from the graph: typed, frozen records that the templates render.

Texts keep their verification (:class:`cseckg.trace.Verification`) so that a template can show a
verified text as a quotation and an unverified one plainly, flagged, never as a quote.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import links, lookup, show
from cseckg import trace as tracing
from cseckg.lookup import select

OWL_DEPRECATED = "http://www.w3.org/2002/07/owl#deprecated"


@dataclass(frozen=True)
class Ref:
    """A link to a resource: its IRI and its label."""

    iri: str
    label: str


@dataclass(frozen=True)
class Label:
    lang: str
    kind: str  # pref, alt, hidden
    text: str
    status: str
    iri: str


@dataclass(frozen=True)
class Deprecation:
    replaced_by: tuple[Ref, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    """A provision's text in one language, with its verification."""

    iri: str
    lang: str
    text: str
    verification: tracing.Verification


def ref(store: ox.Store, iri: str | None) -> Ref | None:
    return Ref(iri, lookup.label(store, iri)) if iri else None


def refs(store: ox.Store, rows: list[dict], key: str) -> tuple[Ref, ...]:
    found = {r[key] for r in rows if r[key]}
    return tuple(sorted((Ref(i, lookup.label(store, i)) for i in found), key=_ref_order))


def _ref_order(r: Ref) -> tuple:
    return (r.label.casefold(), r.iri)


KIND = "SELECT ?s ?t WHERE { ?s a ?t }"
DEPRECATION = """
SELECT ?s ?by ?note WHERE {
  ?s owl:deprecated ?flag . FILTER(STR(?flag) = "true")
  OPTIONAL { ?s dcterms:isReplacedBy ?by } OPTIONAL { ?s skos:changeNote ?note }
}
"""


def kind(store: ox.Store, iri: str) -> str:
    """The page template for ``iri``: concept, instrument, provision, definition, jurisdiction
    or resource."""
    types = {r["t"] for r in select(store, KIND, s=ox.NamedNode(iri))}
    for suffix, name in (
        ("skos/core#Concept", "concept"),
        ("ontology#Instrument", "instrument"),
        ("ontology#Provision", "provision"),
        ("ontology#Definition", "definition"),
        ("ontology#Jurisdiction", "jurisdiction"),
    ):
        if any(t.endswith(suffix) for t in types):
            return name
    return "resource"


def deprecation(store: ox.Store, iri: str) -> Deprecation | None:
    """``owl:deprecated true``: what replaces the resource and why (never-deleted IRIs)."""
    rows = select(store, DEPRECATION, s=ox.NamedNode(iri))
    if not rows:
        return None
    notes = tuple(sorted({r["note"] for r in rows if r["note"]}))
    return Deprecation(refs(store, rows, "by"), notes)


def statements(store: ox.Store, iri: str) -> show.Resource:
    """Everything said about ``iri``, with labels (the page's "all statements" section)."""
    return show.show(store, iri)


# ---------------------------------------------------------------- concepts

LABELS = """
SELECT ?c ?kind ?l ?text ?lang ?status WHERE {
  VALUES (?p ?kind) {
    (skosxl:prefLabel "pref") (skosxl:altLabel "alt") (skosxl:hiddenLabel "hidden")
  }
  ?c ?p ?l . ?l skosxl:literalForm ?text . BIND(LANG(?text) AS ?lang)
  OPTIONAL { ?l cseckg:labelStatus ?status }
}
"""
RELATIONS = """
SELECT ?c ?rel ?o WHERE {
  VALUES (?p ?rel) { (skos:broader "broader") (skos:narrower "narrower") (skos:related "related") }
  { ?c ?p ?o } UNION { ?o skos:broader ?c BIND("narrower" AS ?rel) FILTER(?p = skos:narrower) }
}
"""
NOTES = "SELECT ?c ?note WHERE { ?c skos:scopeNote ?note }"


@dataclass(frozen=True)
class Concept:
    iri: str
    label: str
    labels: tuple[Label, ...]
    languages: tuple[str, ...]
    broader: tuple[Ref, ...]
    narrower: tuple[Ref, ...]
    related: tuple[Ref, ...]
    notes: tuple[str, ...]
    definitions: tuple[tracing.Definition, ...]
    advice: tuple[tracing.Advice, ...]
    no_definition: str = ""
    links: tuple[links.Link, ...] = ()


def concept(store: ox.Store, iri: str) -> Concept:
    node = ox.NamedNode(iri)
    labels = tuple(
        sorted(
            (
                Label(r["lang"], r["kind"], r["text"], _name(store, r["status"]), r["l"])
                for r in select(store, LABELS, c=node)
            ),
            key=lambda x: (x.lang != "en", x.lang, ("pref", "alt", "hidden").index(x.kind), x.text),
        )
    )
    rows = select(store, RELATIONS, c=node)
    definitions = select(store, tracing.DEFINITIONS, concept=node)
    return Concept(
        iri=iri,
        label=lookup.label(store, iri),
        labels=labels,
        languages=tuple(dict.fromkeys(x.lang for x in labels if x.kind == "pref")),
        broader=refs(store, [r for r in rows if r["rel"] == "broader"], "o"),
        narrower=refs(store, [r for r in rows if r["rel"] == "narrower"], "o"),
        related=refs(store, [r for r in rows if r["rel"] == "related"], "o"),
        notes=tuple(r["note"] for r in select(store, NOTES, c=node)),
        definitions=tuple(
            sorted(
                {r["d"]: tracing._definition(store, r) for r in definitions}.values(),
                key=tracing._definition_order,
            )
        ),
        advice=tuple(a for x in labels for a in advice_on(store, x.iri, x.text)),
        no_definition=next((r["note"] for r in select(store, tracing.NO_DEFINITION, c=node)), ""),
        links=links.links(store, iri),
    )


def advice_on(store: ox.Store, label_iri: str, text: str) -> list[tracing.Advice]:
    return tracing.advice_on(store, label_iri, text)


def _name(store: ox.Store, iri: str | None) -> str:
    return lookup.label(store, iri) if iri else ""


# ---------------------------------------------------------------- instruments and provisions

PROVISIONS = """
SELECT ?i ?p ?parent ?number WHERE {
  ?p cseckg:inInstrument ?i .
  OPTIONAL { ?p eli:is_part_of ?parent } OPTIONAL { ?p eli:number ?number }
}
"""
DEFINED_IN = """
SELECT ?i ?d ?c WHERE {
  { ?d cseckg:statedIn ?i } UNION { ?d cseckg:sourceProvision/cseckg:inInstrument ?i }
  ?d a cseckg:Definition ; cseckg:defines ?c .
}
"""
PARENT = "SELECT ?p ?parent WHERE { ?p eli:is_part_of ?parent }"
CHILDREN = "SELECT ?p ?child WHERE { ?child eli:is_part_of ?p }"
TEXTS = """
SELECT ?p ?t ?text ?lang WHERE {
  ?t cseckg:textOf ?p ; cseckg:text ?text . BIND(LANG(?text) AS ?lang)
}
"""
DEFINITIONS_AT = "SELECT ?p ?d WHERE { ?d cseckg:sourceProvision ?p }"


@dataclass(frozen=True)
class Defined:
    definition: Ref
    concept: Ref


@dataclass(frozen=True)
class Instrument:
    meta: tracing.Instrument
    provisions: tuple[Ref, ...]
    defines: tuple[Defined, ...]


@dataclass(frozen=True)
class Provision:
    iri: str
    label: str
    instrument: Ref | None
    parent: Ref | None
    children: tuple[Ref, ...]
    texts: tuple[Text, ...]
    definitions: tuple[Defined, ...]


def instrument(store: ox.Store, iri: str) -> Instrument:
    node = ox.NamedNode(iri)
    provisions = [
        Ref(r["p"], lookup.label(store, r["p"])) for r in select(store, PROVISIONS, i=node)
    ]
    return Instrument(
        meta=tracing.instrument(store, iri),
        provisions=tuple(sorted(provisions, key=lambda r: natural(r.iri))),
        defines=_defined(store, select(store, DEFINED_IN, i=node)),
    )


def _defined(store: ox.Store, rows: list[dict]) -> tuple[Defined, ...]:
    pairs = {(r["d"], r["c"]) for r in rows}
    found = [
        Defined(Ref(d, lookup.label(store, d)), Ref(c, lookup.label(store, c))) for d, c in pairs
    ]
    return tuple(
        sorted(found, key=lambda x: (x.concept.label.casefold(), natural(x.definition.iri)))
    )


def natural(text: str) -> tuple:
    """Sort key that puts ``art-2`` before ``art-10``."""
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def provision(store: ox.Store, iri: str) -> Provision:
    node = ox.NamedNode(iri)
    parent = select(store, PARENT, p=node)
    owner = select(store, tracing.PROVISION_INSTRUMENT, p=node)
    texts = [
        Text(r["t"], r["lang"], r["text"], tracing.verification(store, r["t"]))
        for r in select(store, TEXTS, p=node)
    ]
    children = [
        Ref(r["child"], lookup.label(store, r["child"])) for r in select(store, CHILDREN, p=node)
    ]
    definitions = select(store, DEFINITIONS_AT, p=node)
    return Provision(
        iri=iri,
        label=lookup.label(store, iri),
        instrument=ref(store, owner[0]["i"]) if owner else None,
        parent=ref(store, parent[0]["parent"]) if parent else None,
        children=tuple(sorted(children, key=lambda r: natural(r.iri))),
        texts=tuple(sorted(texts, key=lambda t: (t.lang != "en", t.lang))),
        definitions=_defined(
            store,
            [
                {"d": r["d"], "c": c["c"]}
                for r in definitions
                for c in select(
                    store, "SELECT ?d ?c WHERE { ?d cseckg:defines ?c }", d=ox.NamedNode(r["d"])
                )
            ],
        ),
    )


# ---------------------------------------------------------------- definitions

# trace's definitions query, for one definition (?d bound) rather than one concept
DEFINITION = tracing.DEFINITIONS.replace("ORDER BY ?d ?by ?prov", "ORDER BY ?by ?prov LIMIT 1")


@dataclass(frozen=True)
class DefinitionPage:
    definition: tracing.Definition
    concept: Ref


def definition(store: ox.Store, iri: str) -> DefinitionPage | None:
    rows = select(store, DEFINITION, d=ox.NamedNode(iri))
    if not rows:
        return None
    return DefinitionPage(
        tracing._definition(store, rows[0]),
        Ref(rows[0]["concept"], lookup.label(store, rows[0]["concept"])),
    )


# ---------------------------------------------------------------- citations


def citations(store: ox.Store, iri: str) -> tuple:
    """The page's "Cite" block: ``iri`` cited in every style, from verified data only."""
    from cseckg import citation
    from cseckg.errors import CseckgError

    try:
        return citation.cite_all(store, iri)
    except CseckgError:  # e.g. a provision that belongs to no instrument: no citation to offer
        return ()
