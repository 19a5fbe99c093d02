"""A resource's links into other vocabularies, as the SSSOM records of the mapping set state them.

Each link is read from its ``owl:Axiom`` record (:mod:`cseckg.sssom`): the match type
(``skos:closeMatch`` ...), the target and its label (``sssom:object_label``), the vocabulary it
belongs to (``sssom:object_source``, a ``cseckg:Vocabulary`` with its name and ``void:uriSpace``),
the evidence URL (``rdfs:seeAlso``), the curator's confidence and comment. ``trace``, ``show``
and the pages render them as "EuroVoc 6553 child pornography: exact match".
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg.lookup import select

SKOS = "http://www.w3.org/2004/02/skos/core#"
# Match types from the strongest to the weakest, with the words shown for them.
MATCHES = {
    SKOS + "exactMatch": "exact match",
    SKOS + "closeMatch": "close match",
    SKOS + "broadMatch": "broad match",
    SKOS + "narrowMatch": "narrow match",
    SKOS + "relatedMatch": "related match",
    "https://schema.org/sameAs": "same as",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "see also",
}
ORDER = {iri: n for n, iri in enumerate(MATCHES)}

LINKS = """
PREFIX sssom: <https://w3id.org/sssom/>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?s ?r ?p ?o ?label ?vocabulary ?name ?space ?evidence ?confidence ?comment WHERE {
  ?r owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o .
  OPTIONAL { ?r sssom:object_label ?label }
  OPTIONAL { ?r sssom:object_source ?vocabulary .
             OPTIONAL { ?vocabulary rdfs:label ?name }
             OPTIONAL { ?vocabulary void:uriSpace ?space } }
  OPTIONAL { ?r rdfs:seeAlso ?evidence }
  OPTIONAL { ?r sssom:confidence ?confidence }
  OPTIONAL { ?r rdfs:comment ?comment }
}
"""


@dataclass(frozen=True)
class Link:
    """One mapping of a resource to a resource of another vocabulary."""

    predicate: str  # the mapping property's IRI (skos:closeMatch ...)
    match: str  # "close match"
    target: str  # the target's IRI
    target_label: str  # its label in its own vocabulary (SSSOM object_label)
    vocabulary: str  # the vocabulary's name ("EuroVoc")
    identifier: str  # the target's IRI after the vocabulary's namespace ("6553")
    evidence: str  # the URL where the identifier was confirmed
    confidence: str
    comment: str

    @property
    def title(self) -> str:
        """ "EuroVoc 6553 child pornography"."""
        label = self.target_label if self.target_label != self.identifier else ""
        return " ".join(part for part in (self.vocabulary, self.identifier, label) if part)


def links(store: ox.Store, iri: str) -> tuple[Link, ...]:
    """The links of ``iri``, strongest match first."""
    found: dict[tuple[str, str], Link] = {}
    for row in select(store, LINKS, s=ox.NamedNode(iri)):
        key = (row["p"], row["o"])
        if key not in found or (row["name"] or "") < (found[key].vocabulary or "~"):
            found[key] = _link(row)
    return tuple(sorted(found.values(), key=_order))


def _link(row: dict) -> Link:
    target, space = row["o"], row["space"] or ""
    identifier = target[len(space) :].lstrip("#/") if space and target.startswith(space) else ""
    return Link(
        predicate=row["p"],
        match=MATCHES.get(row["p"], row["p"]),
        target=target,
        target_label=row["label"] or "",
        vocabulary=row["name"] or "",
        identifier=identifier,
        evidence=row["evidence"] or "",
        confidence=row["confidence"] or "",
        comment=row["comment"] or "",
    )


def _order(link: Link) -> tuple:
    return (ORDER.get(link.predicate, len(ORDER)), link.vocabulary, link.identifier, link.target)
