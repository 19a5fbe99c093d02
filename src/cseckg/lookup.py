"""Small read helpers over the compiled store: SELECT rows as plain strings, labels, resolution
of what a person types (an IRI, a CURIE or a label) to a resource.

Parameters reach SPARQL as bound terms (pyoxigraph substitutions), never pasted into query text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from cseckg import graph, textindex
from cseckg.errors import CseckgError, InputError

PREFIXES = graph.PREFIXES + "PREFIX idx: <urn:cseckg:index#>\n"

CURIES = {
    "cseckg": "https://w3id.org/cseckg/ontology#",
    "concept": "https://w3id.org/cseckg/concept/",
    "instrument": "https://w3id.org/cseckg/instrument/",
    "definition": "https://w3id.org/cseckg/definition/",
    "label": "https://w3id.org/cseckg/label/",
    "advice": "https://w3id.org/cseckg/advice/",
    "organisation": "https://w3id.org/cseckg/organisation/",
    "event": "https://w3id.org/cseckg/event/",
    "scheme": "https://w3id.org/cseckg/scheme/",
    "vocabulary": "https://w3id.org/cseckg/vocabulary/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "skosxl": "http://www.w3.org/2008/05/skos-xl#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class NoMatchError(CseckgError):
    """Nothing matched what was typed; ``suggestions`` are the closest labels."""

    exit_code = 1

    def __init__(self, text: str, suggestions: tuple[str, ...]) -> None:
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no match for {text!r}{hint}")
        self.suggestions = suggestions


def select(store: ox.Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict]:
    """Rows of a SELECT as dicts of plain strings (None where unbound)."""
    substitutions: dict[ox.Variable, Any] = {ox.Variable(k): v for k, v in bindings.items()}
    solutions = store.query(PREFIXES + query, substitutions=substitutions)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [
        {n: (None if row[n] is None else row[n].value) for n in names}
        for row in solutions  # type: ignore[union-attr]
    ]


def curie(iri: str) -> str:
    for prefix, namespace in CURIES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


LABEL = """
SELECT ?s ?label ?lang ?rank WHERE {
  VALUES (?p ?rank) { (skos:prefLabel 1) (rdfs:label 2) (schema:name 3) (skosxl:literalForm 4)
                      (dcterms:title 5) }
  ?s ?p ?label . BIND(LANG(?label) AS ?lang)
}
"""


# Labels of the last store asked about. The store itself is kept, and compared by identity, so
# that a new store (even one at a reused address) never gets another store's labels.
_LABELS: dict[tuple[str, str], str] = {}
_LABELLED: list[ox.Store] = []


def label(store: ox.Store, iri: str | None, lang: str = "en") -> str:
    """The best label of ``iri`` (``lang`` first, then English, then any), else its CURIE."""
    if not iri:
        return ""
    if not _LABELLED or _LABELLED[0] is not store:
        _LABELS.clear()
        _LABELLED[:] = [store]
    key = (iri, lang)
    if key not in _LABELS:
        _LABELS[key] = _label(store, iri, lang)
    return _LABELS[key]


def label_or_blank(store: ox.Store, iri: str) -> str:
    """The label of ``iri``, or "" where it has none (so that a report does not repeat the IRI)."""
    text = label(store, iri)
    return "" if text in (iri, curie(iri)) else text


def _label(store: ox.Store, iri: str, lang: str) -> str:
    if not iri.startswith(("http://", "https://", "urn:")):
        return iri
    rows = select(store, LABEL, s=ox.NamedNode(iri))
    if not rows:
        base, sep, tag = iri.rpartition("/text/")
        return f"{label(store, base)} ({tag} text)" if sep else curie(iri)

    def rank(row: dict) -> tuple:
        tag = row["lang"] or ""
        return (int(row["rank"]), tag != lang, not tag.startswith("en"), row["label"])

    return min(rows, key=rank)["label"]


@dataclass(frozen=True)
class Match:
    resource: str
    label_resource: str  # the skosxl:Label matched, or the resource itself
    kind: str  # pref, alt, hidden, label


FIND_CONCEPT = """
SELECT ?key ?s ?l ?kind WHERE {
  GRAPH <urn:cseckg:index> { ?l idx:key ?key }
  {
    VALUES (?p ?kind) {
      (skosxl:prefLabel "pref") (skosxl:altLabel "alt") (skosxl:hiddenLabel "hidden")
    }
    ?s ?p ?l . ?s a skos:Concept .
  } UNION { ?l a skos:Concept . BIND(?l AS ?s) BIND("label" AS ?kind) }
}
"""
FIND_ANY = """
SELECT ?key ?s ?l ?kind WHERE {
  GRAPH <urn:cseckg:index> { ?l idx:key ?key }
  OPTIONAL { ?owner ?p ?l . VALUES ?p { skosxl:prefLabel skosxl:altLabel skosxl:hiddenLabel } }
  BIND(COALESCE(?owner, ?l) AS ?s) BIND("label" AS ?kind)
}
"""
ALL_KEYS = """
SELECT DISTINCT ?key WHERE { GRAPH <urn:cseckg:index> { ?l idx:key ?key } }
"""
ORDER = {"pref": 0, "alt": 1, "hidden": 2, "label": 3}


def find_concepts(store: ox.Store, text: str) -> list[Match]:
    """Concepts with a label equal to ``text`` (case- and accent-insensitive), best first."""
    return _find(store, FIND_CONCEPT, text)


def resolve(store: ox.Store, text: str) -> str:
    """An IRI, a CURIE or a label of any resource, as the resource's IRI."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in CURIES and " " not in text:
        return CURIES[prefix] + local
    matches = _find(store, FIND_CONCEPT, text) or _find(store, FIND_ANY, text)
    if not matches:
        raise NoMatchError(text, suggest(store, text))
    return matches[0].resource


def _find(store: ox.Store, query: str, text: str) -> list[Match]:
    key = textindex.normalise(text)
    if not key:
        raise InputError("nothing to look up: the term is empty")
    rows = select(store, query, key=ox.Literal(key))
    matches = {Match(r["s"], r["l"], r["kind"]) for r in rows}
    # English labels first among equals ("sextortion"@en before "Sextortion"@de), then by IRI,
    # so that the label reported is the same on every run
    return sorted(
        matches,
        key=lambda m: (
            ORDER[m.kind],
            m.resource,
            "/label/en/" not in m.label_resource,
            m.label_resource,
        ),
    )


def suggest(store: ox.Store, text: str, n: int = 5) -> tuple[str, ...]:
    """The labels closest to ``text``, for a helpful "no match" message (RapidFuzz)."""
    from cseckg import suggest as suggesting

    keys = [row["key"] for row in select(store, ALL_KEYS)]
    return suggesting.labels(textindex.normalise(text), keys, n)
