"""OWL reasoning: consistency and classification of the domain classes with owlready2 and HermiT.

The reasoner gets a copy of the graph cut to what it needs: the class and property axioms, and
one representative individual per combination of types and object properties found in the data
(see :func:`reasoner_copy`). Literals stay out (HermiT rejects ``xsd:date``, which is not in the
OWL 2 datatype map). HermiT runs on Java: where
Java is missing, the stage says so in one line and is skipped (or exit code 3 when asked for).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from cseckg import graph, lookup
from cseckg.errors import NotSupportedError

# The class and property axioms, and the types of the schema's own resources.
TBOX = (
    graph.PREFIXES
    + """
CONSTRUCT { ?s ?p ?o } WHERE {
  {
    ?s ?p ?o .
    VALUES ?p { rdfs:subClassOf owl:equivalentClass owl:disjointWith rdfs:subPropertyOf
                owl:inverseOf owl:members owl:unionOf owl:intersectionOf owl:oneOf owl:onProperty
                owl:someValuesFrom owl:allValuesFrom owl:hasValue owl:complementOf
                rdf:first rdf:rest }
  } UNION {
    ?s a ?o . BIND(rdf:type AS ?p)
    VALUES ?o { owl:Class owl:ObjectProperty owl:AllDisjointClasses owl:Restriction }
  } UNION {
    ?s a ?o . BIND(rdf:type AS ?p)
    FILTER(isIRI(?s) && STRSTARTS(STR(?s), "https://w3id.org/cseckg/ontology#") && isIRI(?o)
           && !STRSTARTS(STR(?o), STR(rdfs:)) && !STRSTARTS(STR(?o), STR(owl:)))
  } UNION {
    ?s ?p ?o . ?s a owl:ObjectProperty . VALUES ?p { rdfs:domain rdfs:range }
  }
}
"""
)
# The data: class assertions of individuals (never of punned classes: owlready2 mistakes a
# punned class for an individual) and object property assertions between named resources.
TYPES = (
    graph.PREFIXES
    + """
SELECT ?x ?t WHERE {
  ?x a ?t . FILTER(isIRI(?x) && isIRI(?t))
  FILTER(!STRSTARTS(STR(?t), STR(rdfs:)) && !STRSTARTS(STR(?t), STR(owl:))
         && !STRSTARTS(STR(?t), STR(rdf:)))
  FILTER NOT EXISTS { ?x a owl:Class }
}
"""
)
LINKS = (
    graph.PREFIXES
    + """
SELECT ?x ?p ?y WHERE { ?p a owl:ObjectProperty . ?x ?p ?y . FILTER(isIRI(?x) && isIRI(?y)) }
"""
)
SCHEMA_NS = "https://w3id.org/cseckg/ontology#"
REPRESENTATIVE = "urn:cseckg:reasoner:"


# Classes whose instances are asserted or implied (by domain and range) to belong to two disjoint
# classes: the explanation given when the reasoner finds the graph inconsistent.
DISJOINT_CLASHES = (
    graph.PREFIXES
    + """
SELECT DISTINCT ?x ?a ?b WHERE {
  { ?a owl:disjointWith ?b } UNION {
    ?d owl:members ?list . ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b .
  }
  FILTER(STR(?a) < STR(?b))
  { ?x a ?t1 } UNION { ?x ?p1 [] . ?p1 rdfs:domain ?t1 } UNION { [] ?p1 ?x . ?p1 rdfs:range ?t1 }
  ?t1 rdfs:subClassOf* ?a .
  { ?x a ?t2 } UNION { ?x ?p2 [] . ?p2 rdfs:domain ?t2 } UNION { [] ?p2 ?x . ?p2 rdfs:range ?t2 }
  ?t2 rdfs:subClassOf* ?b .
}
ORDER BY ?x ?a ?b
"""
)

DOMAIN_CLASSES = (
    graph.PREFIXES
    + """
SELECT ?c WHERE { ?c a skos:Concept, owl:Class } ORDER BY ?c
"""
)


def java_available() -> bool:
    return shutil.which("java") is not None


def check(loaded: graph.LoadedGraph):
    """Run HermiT; return (findings, one-line summary)."""
    from cseckg.validate import Finding

    if not java_available():
        raise NotSupportedError("Java was not found: OWL reasoning (HermiT) is skipped")
    with tempfile.TemporaryDirectory(prefix="cseckg-owl-") as tmp:
        path = Path(tmp) / "reasoner-copy.nt"
        path.write_text(reasoner_copy(loaded.store), encoding="utf-8")
        outcome = _reason(path)
    if outcome == "inconsistent":
        return _explain_inconsistency(loaded, Finding), "HermiT: the graph is inconsistent"
    unsatisfiable, inferred, total = outcome
    findings = [
        Finding(
            stage="owl",
            severity="Violation",
            rule="owl-unsatisfiable-class",
            message="the class can have no instance: it sits under disjoint classes",
            focus=iri,
            focus_label=lookup.label_or_blank(loaded.store, iri),
        )
        for iri in unsatisfiable
    ]
    summary = f"HermiT: consistent; {total} classes classified, {inferred} inferred subsumptions"
    return findings, summary


def reasoner_copy(store: Any) -> str:
    """What HermiT gets, as N-Triples: the axioms, and one representative per kind of individual.

    Individuals that have the same types and take part in the same object properties (in the same
    direction, towards the same controlled values) are interchangeable for consistency: with the
    model's axioms (domains, ranges, disjointness, closed value lists) what holds of one holds of
    all. So each such signature is reasoned about once, which keeps the copy small however large
    the graph grows; :data:`DISJOINT_CLASHES` names the real resources when a clash is found.
    A signature contained in another (fewer types, fewer links, in each part) is left out too: a
    model of the copy with the larger one gives the smaller one a model by cloning its element
    (the copy holds no cardinality, key or inverse-functional axiom that a clone could break), and
    the fewer individuals HermiT gets, the less it branches (shipped graph: 166 signatures, 90
    kept; HermiT's time about halved).
    """
    import pyoxigraph as ox

    types: dict[str, set[str]] = {}
    outgoing: dict[str, set[tuple[str, str]]] = {}
    incoming: dict[str, set[str]] = {}
    for row in store.query(TYPES):
        types.setdefault(row["x"].value, set()).add(row["t"].value)
    for row in store.query(LINKS):
        x, p, y = row["x"].value, row["p"].value, row["y"].value
        outgoing.setdefault(x, set()).add((p, y if y.startswith(SCHEMA_NS) else ""))
        incoming.setdefault(y, set()).add(p)
    lines = [str(t) + " ." for t in store.query(TBOX)]
    signatures: set[tuple] = set()
    for x in types.keys() | outgoing.keys() | incoming.keys():
        if x.startswith(SCHEMA_NS):
            continue  # controlled values keep their identity (owl:oneOf); the TBox has them
        signatures.add(
            (
                frozenset(types.get(x, ())),
                frozenset(outgoing.get(x, ())),
                frozenset(incoming.get(x, ())),
            )
        )
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    for n, (kinds, out, into) in enumerate(sorted(_maximal(signatures), key=repr)):
        me = f"<{REPRESENTATIVE}{n}>"
        lines += [f"{me} {rdf_type} {ox.NamedNode(t)} ." for t in sorted(kinds)]
        for k, (p, target) in enumerate(sorted(out)):
            other = f"<{target}>" if target else f"<{REPRESENTATIVE}{n}/out/{k}>"
            lines.append(f"{me} <{p}> {other} .")
        for k, p in enumerate(sorted(into)):
            lines.append(f"<{REPRESENTATIVE}{n}/in/{k}> <{p}> {me} .")
    return "\n".join(lines) + "\n"


def _maximal(signatures: set[tuple]) -> list[tuple]:
    """The signatures not contained, part by part, in another one."""
    kept: list[tuple] = []
    for sig in sorted(signatures, key=lambda s: -sum(map(len, s))):  # larger ones first
        if not any(_within(sig, big) for big in kept):
            kept.append(sig)
    return kept


def _within(small: tuple, big: tuple) -> bool:
    return all(part <= other for part, other in zip(small, big, strict=True))


def _reason(path: Path):
    """Load the copy into a fresh owlready2 world and classify it with HermiT."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="ntriples")
    before = {c.iri: set(_named(c.is_a)) for c in world.classes()}
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return "inconsistent"
    except owlready2.OwlReadyJavaError as err:
        raise NotSupportedError(f"HermiT could not run: {str(err).splitlines()[0]}") from None
    nothing = owlready2.Nothing
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c is not nothing)
    inferred = sum(len(set(_named(c.is_a)) - before.get(c.iri, set())) for c in world.classes())
    return unsatisfiable, inferred, len(before)


def _named(classes) -> list[str]:
    return [c.iri for c in classes if hasattr(c, "iri")]


def _explain_inconsistency(loaded: graph.LoadedGraph, finding):
    rows: list[Any] = list(loaded.store.query(DISJOINT_CLASHES))  # type: ignore[arg-type]
    if not rows:
        return [
            finding(
                stage="owl",
                severity="Violation",
                rule="owl-inconsistent",
                message="HermiT found the graph inconsistent",
            )
        ]
    return [
        finding(
            stage="owl",
            severity="Violation",
            rule="owl-inconsistent",
            message=(
                f"belongs to disjoint classes {_short(row['a'].value)} and {_short(row['b'].value)}"
            ),
            focus=row["x"].value,
            focus_label=lookup.label_or_blank(loaded.store, row["x"].value),
        )
        for row in rows
        if hasattr(row["x"], "value")
    ]


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
