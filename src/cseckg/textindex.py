"""A normalised label index kept beside the graph, for fast, forgiving look-ups.

``trace`` and ``show`` match what a person types against labels in any language, case- and
accent-insensitively. Normalising every label per command would cost time that grows with the
graph, so the compiled store holds the normalised forms once, in a named graph of its own
(:data:`INDEX_GRAPH`, never part of exports): ``?resource idx:key "child pornography"`` for
labels, ``?definition idx:term "..."`` for the term a source uses. Full-text search has an index
of its own (:mod:`cseckg.fulltext`).
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox

INDEX_GRAPH = ox.NamedNode("urn:cseckg:index")
KEY = ox.NamedNode("urn:cseckg:index#key")
TERM = ox.NamedNode("urn:cseckg:index#term")

LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?s ?v WHERE {
  VALUES ?p { skosxl:literalForm skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label
              schema:name schema:alternateName dcterms:title dcterms:alternative }
  ?s ?p ?v . FILTER(isLiteral(?v))
}
"""
TERMS = """
PREFIX cseckg: <https://w3id.org/cseckg/ontology#>
SELECT ?s ?v WHERE { ?s cseckg:sourceTerm ?v }
"""

QUERIES = (LABELS, TERMS)  # part of the compiled store's fingerprint

_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Lower-case, accents removed, punctuation to spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


def build(store: ox.Store) -> None:
    """Add the index graph to ``store`` (idempotent: the graph is replaced)."""
    store.clear_graph(INDEX_GRAPH)
    quads = [
        ox.Quad(row["s"], KEY, ox.Literal(normalise(row["v"].value)), INDEX_GRAPH)
        for row in store.query(LABELS)  # type: ignore[union-attr]
    ]
    quads += [
        ox.Quad(row["s"], TERM, ox.Literal(normalise(row["v"].value)), INDEX_GRAPH)
        for row in store.query(TERMS)  # type: ignore[union-attr]
    ]
    store.bulk_extend(quads)
