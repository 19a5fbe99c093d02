"""The index pages' data: the concept hierarchy, the instruments in time, the terminology guide
and the ontology's documentation (every class, property and value, from its annotations, as
pyLODE or Widoco would give it)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import lookup
from cseckg import trace as tracing
from cseckg.lookup import select
from cseckg.site.data import Ref, advice_on, natural
from cseckg.site.paths import ONTOLOGY


@dataclass(frozen=True)
class Node:
    """A concept in the hierarchy and the concepts under it."""

    ref: Ref
    children: tuple[Node, ...]


CONCEPTS = "SELECT ?c WHERE { ?c a skos:Concept }"
BROADER = "SELECT ?c ?b WHERE { ?c a skos:Concept ; skos:broader ?b }"


def hierarchy(store: ox.Store) -> tuple[Node, ...]:
    """The concepts as a forest: roots are the concepts without a broader concept."""
    concepts = [r["c"] for r in select(store, CONCEPTS)]
    under: dict[str, list[str]] = {c: [] for c in concepts}
    has_parent = set()
    for row in select(store, BROADER):
        if row["b"] in under:
            under[row["b"]].append(row["c"])
            has_parent.add(row["c"])

    def node(iri: str, path: frozenset) -> Node:
        kids = [k for k in under[iri] if k not in path]  # a cycle is cut, not followed
        built = (node(k, path | {k}) for k in kids)
        return Node(Ref(iri, lookup.label(store, iri)), _sorted(built))

    return _sorted(node(c, frozenset({c})) for c in concepts if c not in has_parent)


def _sorted(nodes) -> tuple[Node, ...]:
    return tuple(sorted(nodes, key=lambda n: n.ref.label.casefold()))


INSTRUMENTS = "SELECT ?i WHERE { ?i a cseckg:Instrument }"


def instruments(store: ox.Store) -> tuple[tracing.Instrument, ...]:
    """Every instrument, oldest first (undated ones last)."""
    found = [tracing.instrument(store, r["i"]) for r in select(store, INSTRUMENTS)]
    return tuple(sorted(found, key=lambda i: (i.adopted or "9999", i.label)))


ADVISED_LABELS = """
SELECT DISTINCT ?l ?text WHERE {
  ?a a cseckg:TermAdvice ; cseckg:aboutLabel ?l . ?l skosxl:literalForm ?text
}
"""
LABEL_OWNER = """
SELECT ?l ?c WHERE { VALUES ?p { skosxl:prefLabel skosxl:altLabel skosxl:hiddenLabel } ?c ?p ?l }
"""


@dataclass(frozen=True)
class TermEntry:
    term: str
    concept: Ref | None
    advice: tuple[tracing.Advice, ...]


def terminology(store: ox.Store) -> tuple[TermEntry, ...]:
    """Every term the graph has advice on, with the advice and the concept it names."""
    entries = []
    for row in select(store, ADVISED_LABELS):
        owner = select(store, LABEL_OWNER, l=ox.NamedNode(row["l"]))
        concept = Ref(owner[0]["c"], lookup.label(store, owner[0]["c"])) if owner else None
        entries.append(
            TermEntry(row["text"], concept, tuple(advice_on(store, row["l"], row["text"])))
        )
    return tuple(sorted(entries, key=lambda e: e.term.casefold()))


# ---------------------------------------------------------------- the ontology page

TERMS = """
SELECT ?t ?type WHERE {
  ?t a ?type . FILTER(isIRI(?t) && STRSTARTS(STR(?t), "https://w3id.org/cseckg/ontology#"))
}
"""
ANNOTATIONS = """
SELECT ?t ?p ?o WHERE {
  VALUES ?p { rdfs:label rdfs:comment skos:definition skos:scopeNote skos:editorialNote
              rdfs:subClassOf rdfs:subPropertyOf rdfs:domain rdfs:range owl:inverseOf
              owl:equivalentClass owl:equivalentProperty rdfs:seeAlso }
  ?t ?p ?o .
}
"""
ONTOLOGY_META = """
SELECT ?p ?o WHERE { ?o0 a owl:Ontology . ?o0 ?p ?o . FILTER(?o0 = ?ont) }
"""
SECTIONS = (
    (
        "Classes",
        ("http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2000/01/rdf-schema#Class"),
    ),
    ("Object properties", ("http://www.w3.org/2002/07/owl#ObjectProperty",)),
    ("Datatype properties", ("http://www.w3.org/2002/07/owl#DatatypeProperty",)),
    ("Annotation properties", ("http://www.w3.org/2002/07/owl#AnnotationProperty",)),
)


@dataclass(frozen=True)
class Term:
    iri: str
    name: str  # the local name: the page's anchor
    label: str
    types: tuple[Ref, ...]
    annotations: tuple[tuple[str, tuple[str | Ref, ...]], ...]  # (property label, values)


@dataclass(frozen=True)
class Ontology:
    iri: str
    metadata: tuple[tuple[str, str | Ref], ...]
    sections: tuple[tuple[str, tuple[Term, ...]], ...]


def ontology(store: ox.Store) -> Ontology:
    types: dict[str, set[str]] = {}
    for row in select(store, TERMS):
        types.setdefault(row["t"], set()).add(row["type"])
    notes: dict[str, dict[str, list]] = {}
    for quad in store.query(lookup.PREFIXES + ANNOTATIONS):  # type: ignore[union-attr]
        subject = quad["t"]
        if isinstance(subject, ox.NamedNode) and subject.value in types:
            by_property = notes.setdefault(subject.value, {})
            by_property.setdefault(quad["p"].value, []).append(_value(store, quad["o"]))
    terms = {iri: _term(store, iri, kinds, notes.get(iri, {})) for iri, kinds in types.items()}
    return Ontology(ONTOLOGY, _metadata(store), _sections(terms, types))


def _term(store: ox.Store, iri: str, kinds: set[str], notes: dict[str, list]) -> Term:
    annotations = tuple(
        (lookup.label(store, p), tuple(sorted(v, key=str))) for p, v in sorted(notes.items())
    )
    return Term(
        iri=iri,
        name=iri.rsplit("#", 1)[1],
        label=lookup.label(store, iri),
        types=tuple(Ref(t, lookup.label(store, t)) for t in sorted(kinds)),
        annotations=annotations,
    )


def _value(store: ox.Store, term) -> str | Ref:
    if isinstance(term, ox.NamedNode):
        return Ref(term.value, lookup.label(store, term.value))
    if isinstance(term, ox.BlankNode):
        return "(an OWL class expression; see the Turtle)"
    return term.value


def _sections(terms: dict[str, Term], types: dict[str, set[str]]):
    placed: set[str] = set()
    sections = []
    for title, wanted in SECTIONS:
        chosen = [t for iri, t in terms.items() if types[iri] & set(wanted) and iri not in placed]
        placed.update(t.iri for t in chosen)
        sections.append((title, tuple(sorted(chosen, key=lambda t: t.name.casefold()))))
    rest = [t for iri, t in terms.items() if iri not in placed and iri != ONTOLOGY]
    sections.append(
        (
            "Values (named individuals)",
            tuple(sorted(rest, key=lambda t: (t.types[0].label if t.types else "", t.name))),
        )
    )
    return tuple((title, found) for title, found in sections if found)


def _metadata(store: ox.Store) -> tuple[tuple[str, str | Ref], ...]:
    rows = store.quads_for_pattern(ox.NamedNode(ONTOLOGY), None, None, ox.DefaultGraph())
    found = [(lookup.label(store, q.predicate.value), _value(store, q.object)) for q in rows]
    return tuple(sorted(found, key=lambda x: (x[0], str(x[1]))))


def provisions_sorted(items: list[Ref]) -> list[Ref]:
    return sorted(items, key=lambda r: natural(r.iri))
