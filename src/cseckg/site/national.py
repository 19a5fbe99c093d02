"""What the jurisdiction pages and the national parts of provision pages show, read from the graph.

A jurisdiction page lists its level, its identifiers, its instruments with their provisions, what
binds it (as sources state it, "not stated" otherwise) and the links between levels its provisions
take part in, each with its source. A provision page gains the provision's ELI and official text,
the version of each text and the laws it names, how it uses concepts, the conditions it sets and
its links to other levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import chain, conditions, jurisdictions, lookup, wording
from cseckg import trace as tracing
from cseckg.lookup import select
from cseckg.site.data import Ref, natural

INSTRUMENTS = """
SELECT ?j ?i WHERE { ?i cseckg:jurisdiction ?j } ORDER BY ?i
"""
PROVISIONS = "SELECT ?i ?p WHERE { ?p cseckg:inInstrument ?i }"
BOUND = """
SELECT ?j ?b ?i WHERE { ?b cseckg:boundParty ?j ; cseckg:boundBy ?i } ORDER BY ?i
"""
USES_IN = """
SELECT ?p ?u ?k ?kind ?strength ?words WHERE {
  ?u cseckg:inProvision ?p ; cseckg:concept ?k ; cseckg:useKind ?kind ;
     cseckg:matchStrength ?strength ; cseckg:words ?words
} ORDER BY ?k
"""
LINKS_INTO = """
SELECT ?o ?l ?s ?relation WHERE {
  ?l a cseckg:LevelLink ; rdf:subject ?s ; rdf:predicate ?relation ; rdf:object ?o
} ORDER BY ?s
"""
AMENDED = """
SELECT ?t ?law WHERE { ?t eli:amended_by ?law } ORDER BY ?law
"""
OFFICIAL = "SELECT ?p ?url WHERE { ?p rdfs:seeAlso ?url } ORDER BY ?url"


@dataclass(frozen=True)
class Instrument:
    ref: Ref
    meta: tracing.Instrument
    provisions: tuple[Ref, ...]


@dataclass(frozen=True)
class JurisdictionPage:
    meta: jurisdictions.Jurisdiction
    instruments: tuple[Instrument, ...]
    bound: tuple[chain.Bound, ...]
    links: tuple[tuple[Ref, chain.Link], ...]  # (provision of this jurisdiction, its link)


@dataclass(frozen=True)
class Use:
    concept: Ref
    kind: str
    strength: str
    words: str


@dataclass(frozen=True)
class ProvisionExtras:
    jurisdiction: jurisdictions.Jurisdiction | None
    eli: str
    official: tuple[str, ...]  # links to the official text (the instrument's, then the article's)
    versions: tuple[tuple[str, str], ...]  # (text IRI, how current it is)
    laws: tuple[Ref, ...]  # the laws the text names (amended by)
    uses: tuple[Use, ...]
    conditions: tuple[conditions.Condition, ...]
    links_out: tuple[chain.Link, ...]
    links_in: tuple[tuple[Ref, chain.Link], ...]  # provisions that a source links to this one


def jurisdiction(store: ox.Store, iri: str) -> JurisdictionPage | None:
    meta = next((j for j in jurisdictions.every(store) if j.iri == iri), None)
    if meta is None:
        return None
    node = ox.NamedNode(iri)
    instruments = []
    for row in select(store, INSTRUMENTS, j=node):
        provisions = [
            Ref(r["p"], lookup.label(store, r["p"]))
            for r in select(store, PROVISIONS, i=ox.NamedNode(row["i"]))
        ]
        instruments.append(
            Instrument(
                Ref(row["i"], lookup.label(store, row["i"])),
                tracing.instrument(store, row["i"]),
                tuple(sorted(provisions, key=lambda r: natural(r.iri))),
            )
        )
    links = [
        (Ref(p.iri, p.label), link)
        for instrument in instruments
        for p in instrument.provisions
        for link in chain.links(store, p.iri)
    ]
    return JurisdictionPage(
        meta=meta,
        instruments=tuple(sorted(instruments, key=lambda i: i.ref.label.casefold())),
        bound=_bound(store, meta),
        links=tuple(links),
    )


def _bound(store: ox.Store, meta: jurisdictions.Jurisdiction) -> tuple[chain.Bound, ...]:
    found = []
    for row in select(store, BOUND, j=ox.NamedNode(meta.iri)):
        rows = select(store, chain.BOUND, j=ox.NamedNode(meta.iri), i=ox.NamedNode(row["i"]))
        found += [
            chain.Bound(
                instrument=row["i"],
                instrument_label=lookup.label(store, row["i"]),
                approval_act=r["act"] or "",
                approval_act_date=r["actDate"] or "",
                ratified=r["ratified"] or "",
                in_force=r["inForce"] or "",
                stated_by=lookup.label(store, r["by"]),
                verification=tracing.verification(store, r["b"]),
            )
            for r in rows
            if r["b"] == row["b"]
        ]
    return tuple(sorted(found, key=lambda b: b.instrument_label.casefold()))


def provision_extras(store: ox.Store, iri: str) -> ProvisionExtras:
    node = ox.NamedNode(iri)
    meta = tracing.provision(store, iri).instrument
    texts = [r["t"] for r in select(store, wording.TEXTS, p=node)]
    eli = select(store, chain.ELI, p=node)
    official = [meta.official_url] if meta and meta.official_url else []
    official += [r["url"] for r in select(store, OFFICIAL, p=node)]
    laws = {r["law"] for t in texts for r in select(store, AMENDED, t=ox.NamedNode(t))}
    return ProvisionExtras(
        jurisdiction=jurisdictions.of_instrument(store, meta.iri if meta else None),
        eli=eli[0]["eli"] if eli else "",
        official=tuple(dict.fromkeys(official)),
        versions=tuple((t, v) for t in texts if (v := wording.version(store, t))),
        laws=tuple(sorted((Ref(law, lookup.label(store, law)) for law in laws), key=_by_iri)),
        uses=tuple(
            Use(
                Ref(r["k"], lookup.label(store, r["k"])),
                lookup.label(store, r["kind"]),
                wording.STRENGTH[r["strength"]],
                r["words"],
            )
            for r in select(store, USES_IN, p=node)
        ),
        conditions=conditions.of_provisions(store, [iri]).get(iri, ()),
        links_out=chain.links(store, iri),
        links_in=tuple(
            (Ref(r["s"], lookup.label(store, r["s"])), link)
            for r in select(store, LINKS_INTO, o=node)
            for link in chain.links(store, r["s"])
            if link.target == iri
        ),
    )


def _by_iri(ref: Ref) -> str:
    return ref.iri
