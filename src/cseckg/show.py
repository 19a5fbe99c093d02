"""``cseckg show IRI|CURIE|LABEL``: everything the graph says about one resource, with labels
instead of bare IRIs, outgoing statements first, then the statements that point at it, and its
links into other vocabularies as the SSSOM records of the mapping set describe them
(:mod:`cseckg.links`; the records themselves are not listed among the statements pointing at it)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import links, lookup


@dataclass(frozen=True)
class Statement:
    predicate: str  # CURIE
    value: str  # the literal, or the label of the resource
    iri: str  # the resource's IRI ("" for a literal)
    lang: str
    datatype: str


@dataclass(frozen=True)
class Resource:
    iri: str
    label: str
    outgoing: tuple[Statement, ...]
    incoming: tuple[Statement, ...]
    links: tuple[links.Link, ...] = ()


def show(store: ox.Store, text: str) -> Resource:
    iri = lookup.resolve(store, text)
    node = ox.NamedNode(iri)
    outgoing = [
        _statement(store, q.predicate, q.object)
        for q in store.quads_for_pattern(node, None, None, ox.DefaultGraph())
    ]
    incoming = [
        _statement(store, q.predicate, q.subject)
        for q in store.quads_for_pattern(None, None, node, ox.DefaultGraph())
        if q.predicate.value not in _RECORD_LINKS  # shown as links instead
    ]
    if not outgoing and not incoming:
        raise lookup.NoMatchError(text, lookup.suggest(store, text))
    return Resource(
        iri=iri,
        label=lookup.label(store, iri),
        outgoing=tuple(sorted(outgoing, key=_order)),
        incoming=tuple(sorted(incoming, key=_order)),
        links=links.links(store, iri),
    )


_RECORD_LINKS = frozenset(
    "http://www.w3.org/2002/07/owl#annotated" + part for part in ("Source", "Target")
)


def _statement(store: ox.Store, predicate: ox.NamedNode, term) -> Statement:
    if isinstance(term, ox.Literal):
        datatype = "" if term.language else lookup.curie(term.datatype.value)
        return Statement(
            lookup.curie(predicate.value), term.value, "", term.language or "", datatype
        )
    if isinstance(term, ox.NamedNode):
        return Statement(
            lookup.curie(predicate.value), lookup.label(store, term.value), term.value, "", ""
        )
    return Statement(lookup.curie(predicate.value), "(blank node)", "", "", "")


def _order(s: Statement) -> tuple:
    return (s.predicate, s.lang != "en", s.value.casefold(), s.iri)
