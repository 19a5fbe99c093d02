"""Loading the graph: the shipped Turtle (or the model alone) plus extra files, and derivations.

Files are parsed strictly by :mod:`cseckg.rdfio` into one in-memory pyoxigraph store, then the
derivation rules below are applied in the store:

* SKOS-XL dumb-down (SKOS Reference, appendix B.5, S55-S57): a concept's ``skosxl:prefLabel`` /
  ``altLabel`` / ``hiddenLabel`` label resources give the plain ``skos:`` labels, so the Turtle
  states each label once;
* ``skos:definition`` on a concept is a convenience copy of the text of its
  ``cseckg:preferredDefinition`` (never of an unverified one);
* a link between levels (``cseckg:LevelLink``, an RDF reified statement with its source) asserts
  the triple it states (``?provision cseckg:givesEffectTo ?treatyProvision``), so that queries can
  follow it; the triple is only ever derived from a sourced statement.

:func:`to_rdflib` gives the same triples as an rdflib graph for pyshacl and owlready2.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cseckg import rdfio, resources
from cseckg.errors import InputError

PREFIXES = """\
PREFIX cseckg: <https://w3id.org/cseckg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

DERIVATION_RULES = (
    PREFIXES
    + """
CONSTRUCT {
  ?c skos:prefLabel ?pref . ?c skos:altLabel ?alt . ?c skos:hiddenLabel ?hidden .
  ?c skos:definition ?text .
  ?from ?relation ?to .
} WHERE {
  { ?c skosxl:prefLabel/skosxl:literalForm ?pref }
  UNION { ?c skosxl:altLabel/skosxl:literalForm ?alt }
  UNION { ?c skosxl:hiddenLabel/skosxl:literalForm ?hidden }
  UNION {
    ?c cseckg:preferredDefinition ?d . ?d cseckg:text ?text .
    FILTER NOT EXISTS { ?d cseckg:verificationStatus cseckg:Unverified }
  }
  UNION {
    ?link rdf:subject ?from ; rdf:predicate ?relation ; rdf:object ?to .
    VALUES ?relation { cseckg:givesEffectTo cseckg:buildsOn eli:transposes }
    FILTER NOT EXISTS { ?link cseckg:verificationStatus cseckg:Unverified }
  }
}
"""
)


class LoadError(InputError):
    """One or more files did not load; ``messages`` has one line per file."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(
            messages[0] if len(messages) == 1 else f"{len(messages)} files did not load"
        )
        self.messages = tuple(messages)


@dataclass(frozen=True)
class LoadedGraph:
    """The parsed and enriched graph, and the files it came from."""

    store: ox.Store
    files: tuple[Path, ...]
    # The parsed and derived quads as written: the store normalises some literals (for example
    # xsd:nonNegativeInteger to xsd:integer), so validation reads these instead. Empty for a
    # compiled store reopened from disk.
    quads: tuple[ox.Quad, ...] = ()

    def __len__(self) -> int:
        return len(self.store)


def base_files(base: str) -> list[Path]:
    """``shipped``: every file of the shipped graph (Turtle and mapping sets); ``model``: the
    ontology model alone."""
    if base == "shipped":
        return resources.shipped_files()
    if base == "model":
        return [resources.model_file()]
    raise ValueError(f"unknown base {base!r}")


def load(files: Iterable[Path]) -> LoadedGraph:
    """Parse ``files`` into one store and apply the derivation rules.

    Every file is parsed even after one fails, so that :class:`LoadError` lists every bad file.
    """
    paths = tuple(files)
    quads: list[ox.Quad] = []
    errors = []
    for path in paths:
        try:
            quads.extend(rdfio.read_quads(path))
        except InputError as err:
            errors.append(err.message)
    if errors:
        raise LoadError(errors)
    store = ox.Store()
    store.extend(quads)
    derived = derive(store)
    store.extend(derived)
    return LoadedGraph(store, paths, tuple(quads + derived))


def derive(store: ox.Store) -> list[ox.Quad]:
    """The triples the derivation rules add to what ``store`` holds."""
    triples = store.query(DERIVATION_RULES)
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]  # type: ignore[union-attr]


@functools.lru_cache(maxsize=1)
def shipped() -> LoadedGraph:
    """The graph that read-only commands use: the compiled store of the graph files."""
    from cseckg import store

    return store.open_graph(resources.graph_files())


def to_rdflib(loaded: LoadedGraph):  # -> rdflib.Graph (imported lazily)
    """The same triples as an rdflib graph.

    Terms are converted once each (a graph repeats its IRIs and literals many times, and building
    an rdflib term validates it), and the triples go in with one ``addN`` call.
    """
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    quads = loaded.quads or loaded.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    memo: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        converted = memo.get(t)
        if converted is None:
            converted = memo[t] = rdflib_term(t)
        return converted

    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in quads)
    return graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def rdflib_term(term: Any) -> Any:
    """A pyoxigraph term as the equal rdflib term (``None`` stays ``None``)."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))
