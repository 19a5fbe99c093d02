"""The RDF description of one resource, served when its IRI is dereferenced.

Shape (like a Concise Bounded Description, https://www.w3.org/submission/CBD/, cut to what the
resource owns): every triple whose subject is the resource, in the default graph (the stored
triples and the derived plain ``skos:`` labels, :mod:`cseckg.graph`); then, recursively, the
description of each blank node among the objects; of each SKOS-XL label the resource has
(``skosxl:prefLabel`` / ``altLabel`` / ``hiddenLabel``, SKOS Reference appendix B); and of each
provision text that states the resource (``?text cseckg:textOf <resource>``). Triples that
merely point at the resource are not part of it (they belong to their subjects' descriptions).

The ontology (``https://w3id.org/cseckg/ontology``) is described by every triple about a term of
its namespace. The text index graph (``urn:cseckg:index``) is never served.
"""

from __future__ import annotations

import pyoxigraph as ox

from cseckg import formats
from cseckg.site.paths import ONTOLOGY

SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
OWNED_BY_LINK = frozenset(SKOSXL + p for p in ("prefLabel", "altLabel", "hiddenLabel"))
TEXT_OF = ox.NamedNode("https://w3id.org/cseckg/ontology#textOf")
DEFAULT = ox.DefaultGraph()


VERSION_IRI = ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")


def canonical(store: ox.Store, iri: str) -> str:
    """The ontology's IRI for its version IRI (``ontology/0.1.0``), else ``iri`` itself."""
    if iri.startswith(ONTOLOGY + "/"):
        node = ox.NamedNode(iri)
        if any(True for _ in store.quads_for_pattern(ox.NamedNode(ONTOLOGY), VERSION_IRI, node)):
            return ONTOLOGY
    return iri


def version_iris(store: ox.Store) -> list[str]:
    quads = store.quads_for_pattern(ox.NamedNode(ONTOLOGY), VERSION_IRI, None, DEFAULT)
    return [q.object.value for q in quads if isinstance(q.object, ox.NamedNode)]


def exists(store: ox.Store, iri: str) -> bool:
    """Whether the graph says anything about ``iri`` (it is the subject of a triple)."""
    if iri == ONTOLOGY:
        return True
    node = ox.NamedNode(iri)
    return next(iter(store.quads_for_pattern(node, None, None, DEFAULT)), None) is not None


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The triples of the description of ``iri`` (see the module docstring), in a stable order."""
    if iri == ONTOLOGY:
        return _ontology(store)
    found: list[ox.Triple] = []
    seen: set = set()
    _add(store, ox.NamedNode(iri), found, seen, owner=True)
    return sorted(found, key=str)


def _add(store: ox.Store, node, found: list, seen: set, owner: bool) -> None:
    if node in seen:
        return
    seen.add(node)
    for quad in store.quads_for_pattern(node, None, None, DEFAULT):
        found.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        target = quad.object
        if isinstance(target, ox.BlankNode) or (
            owner and quad.predicate.value in OWNED_BY_LINK and isinstance(target, ox.NamedNode)
        ):
            _add(store, target, found, seen, owner=False)
    if owner:
        for quad in store.quads_for_pattern(None, TEXT_OF, node, DEFAULT):
            _add(store, quad.subject, found, seen, owner=False)


def _ontology(store: ox.Store) -> list[ox.Triple]:
    found: list[ox.Triple] = []
    seen: set = set()
    for quad in store.quads_for_pattern(None, None, None, DEFAULT):
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(ONTOLOGY):
            _add(store, subject, found, seen, owner=False)
    return sorted(found, key=str)


def serialize(triples: list[ox.Triple], media_type: str) -> bytes:
    """``triples`` in the RDF format of ``media_type`` (one of :data:`formats.FORMATS`)."""
    from cseckg.sparql.results import prefixes

    fmt = formats.BY_MEDIA_TYPE[media_type]
    target = getattr(ox.RdfFormat, fmt.oxigraph)
    chosen = prefixes() if fmt.name in ("turtle", "rdfxml", "jsonld") else None
    data = ox.serialize(triples, format=target, prefixes=chosen) if chosen else None
    if data is None:
        data = ox.serialize(triples, format=target)
    return data or b""
