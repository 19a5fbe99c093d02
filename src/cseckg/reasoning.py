"""OWL reasoning: consistency and classification of the domain classes with owlready2 and HermiT.

The reasoner gets a copy of the graph cut to what it needs: the class and property axioms, and
one representative individual per combination of types and object properties found in the data
(see :func:`reasoner_copy`). Literals stay out (HermiT rejects ``xsd:date``, which is not in the
OWL 2 datatype map). HermiT runs on Java: where
Java is missing, the stage says so in one line and is skipped (or exit code 3 when asked for).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from cseckg import graph, lookup
from cseckg.errors import NotSupportedError
from cseckg.findings import Finding

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
    return start(loaded).finish()


def start(loaded: graph.LoadedGraph) -> Reasoning:
    """Write the reasoner copy and start HermiT on it; :meth:`Reasoning.finish` waits for it.

    HermiT is a Java process, so the caller can do other work (SHACL, the checks) on the other
    core meanwhile instead of waiting for the JVM."""
    if not java_available():
        raise NotSupportedError("Java was not found: OWL reasoning (HermiT) is skipped")
    tmp = tempfile.TemporaryDirectory(prefix="cseckg-owl-")
    try:
        path = Path(tmp.name) / "reasoner-copy.nt"
        path.write_text(reasoner_copy(loaded.store), encoding="utf-8")
        try:
            process = subprocess.Popen(
                hermit_command(path), stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as err:
            raise NotSupportedError(f"HermiT could not run: {err}") from None
    except BaseException:
        tmp.cleanup()
        raise
    return Reasoning(loaded, tmp, path, process)


class Reasoning:
    """HermiT running on a reasoner copy; :meth:`finish` turns its answer into findings."""

    def __init__(self, loaded, tmp, path: Path, process: subprocess.Popen) -> None:
        self.loaded, self._tmp, self._path, self._process = loaded, tmp, path, process

    def abort(self) -> None:
        """Stop HermiT if it still runs and remove the copy."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()
        self._tmp.cleanup()

    def finish(self) -> tuple[list[Finding], str]:
        try:
            outcome = _outcome(self._path, self._process)
        finally:
            self.abort()
        loaded = self.loaded
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
        classified = f"{total} classes classified, {inferred} inferred subsumptions"
        return findings, f"HermiT: consistent; {classified}"


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


# HermiT's command line as owlready2 ships it (its own build of the CLI sits in front of the jar).
# ``-c`` classifies the classes, which first checks that the ontology is consistent: all this stage
# reports. owlready2's ``sync_reasoner_hermit`` also classifies properties and individuals, which
# nothing here reads (shipped graph: 1.9 s of Java for its flags, 0.8 s for ``-c``).
# HermiT's run is short and its input bounded (one representative per signature), so the JVM is
# told to start fast rather than optimise long: C1 compiler only, serial GC.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
_AXIOM = re.compile(r"^(SubClassOf|EquivalentClasses)\( ((?:<[^>]+>\s*)+) \)$", re.MULTILINE)
NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
THING = "http://www.w3.org/2002/07/owl#Thing"


def hermit_command(path: Path) -> list[str]:
    """The java command that classifies ``path`` (N-Triples) with owlready2's HermiT."""
    import owlready2
    import owlready2.reasoning as owl_reasoning

    home = Path(owlready2.__file__).parent / "hermit"
    classpath = os.pathsep.join([str(home), str(home / "HermiT.jar")])
    memory = f"-Xmx{owl_reasoning.JAVA_MEMORY}M"
    cli = "org.semanticweb.HermiT.cli.CommandLine"
    return [owlready2.JAVA_EXE, memory, *JVM_FLAGS, "-cp", classpath, cli, "-c", path.as_uri()]


def _outcome(path: Path, process: subprocess.Popen):
    """HermiT's answer: "inconsistent", or (unsatisfiable classes, inferred subsumptions, classes).

    owlready2 reads the copy for the classes and their asserted superclasses."""
    import owlready2

    world = owlready2.World()
    world.get_ontology(path.as_uri()).load(format="ntriples")
    asserted = {c.iri: set(_named(c.is_a)) for c in world.classes()}
    out, err = process.communicate()
    output = out.decode("utf-8", "replace")
    if process.returncode != 0:
        errors = err.decode("utf-8", "replace")
        if "InconsistentOntologyException" in errors or "Inconsistent ontology" in errors:
            return "inconsistent"
        first = errors.strip() or output.strip() or f"exit status {process.returncode}"
        raise NotSupportedError(f"HermiT could not run: {first.splitlines()[0]}")
    unsatisfiable: set[str] = set()
    inferred = 0
    for relation, names in _AXIOM.findall(output):
        iris = names.strip()[1:-1].split("> <")
        if relation == "EquivalentClasses" and NOTHING in iris:
            unsatisfiable.update(iri for iri in iris if iri != NOTHING)
        elif relation == "SubClassOf" and iris[1] not in (THING, NOTHING):
            inferred += iris[1] not in asserted.get(iris[0], set())
    return sorted(unsatisfiable), inferred, len(asserted)


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
