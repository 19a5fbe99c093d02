"""``cseckg trace TERM --jurisdiction LU``: the chain from treaty to national law for one concept.

The concept's provisions level by level: international and regional treaty provisions and EU
provisions that define it (as the instrument itself states) or use the notion (OPSC art. 3(1)(a),
"in the context of sale of children as defined in article 2"), then the provisions of the chosen
State that define, criminalise or use the notion (:mod:`cseckg.conditions` gives their
conditions), and the provisions of that State that a source links to any of those or to one of
their parts (each link names the part it goes to). A link between levels is shown only where a
source states it (``cseckg:LevelLink``), with the source's words, who states it and where it was
checked; provisions no source links are shown side by side and said to be unlinked. The
instruments of the chain that bind the State are listed with what a source states about it
(approving act, ratification, entry into force), and "not stated" where no source was seen.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import conditions, jurisdictions, lookup
from cseckg import trace as tracing
from cseckg.errors import InputError
from cseckg.lookup import select
from cseckg.wording import STRENGTH, best_text, natural, version

USES = """
SELECT ?k ?u ?p ?kind ?strength ?words ?note WHERE {
  ?u cseckg:concept ?k ; cseckg:inProvision ?p ; cseckg:useKind ?kind ;
     cseckg:matchStrength ?strength ; cseckg:words ?words .
  OPTIONAL { ?u skos:editorialNote ?note }
} ORDER BY ?p ?u
"""
LINKS_FROM = """
SELECT ?s ?l ?relation ?o WHERE {
  ?l a cseckg:LevelLink ; rdf:subject ?s ; rdf:predicate ?relation ; rdf:object ?o
} ORDER BY ?o ?l
"""
# Links to the provision or to one of its parts: a State that names the offence of OPSC art.
# 3(1)(a)(i)(a) belongs in the chain of art. 3(1)(a), which uses the notion of sale of children.
LINKS_TO = """
SELECT ?o ?l ?s WHERE {
  ?l a cseckg:LevelLink ; rdf:subject ?s ; rdf:object ?t . ?t eli:is_part_of* ?o
} ORDER BY ?s ?l
"""
LINK_QUOTE = (
    "SELECT ?l ?text ?by WHERE { ?l cseckg:text ?text OPTIONAL { ?l cseckg:statedBy ?by } }"
)
BOUND = """
SELECT ?j ?i ?b ?act ?actDate ?ratified ?inForce ?by WHERE {
  ?b cseckg:boundParty ?j ; cseckg:boundBy ?i .
  OPTIONAL { ?b cseckg:approvalAct ?act } OPTIONAL { ?b cseckg:approvalActDate ?actDate }
  OPTIONAL { ?b cseckg:ratified ?ratified } OPTIONAL { ?b cseckg:inForceForParty ?inForce }
  OPTIONAL { ?b cseckg:statedBy ?by }
} ORDER BY ?b
"""
# The provision's ELI, or its article's (Legilux mints ELIs for articles, not for alineas).
ELI = """
SELECT ?p ?eli WHERE { ?p eli:is_part_of* ?a . ?a a cseckg:Provision ; cseckg:eli ?eli } LIMIT 1
"""


@dataclass(frozen=True)
class Link:
    relation: str  # "gives effect to"
    target: str
    target_label: str
    stated_by: str
    quote: str  # the source's words
    verification: tracing.Verification


@dataclass(frozen=True)
class Step:
    """One provision of the chain and how it relates to the concept."""

    provision: str
    label: str
    instrument: str
    instrument_label: str
    binding_force: str
    jurisdiction: str  # code
    role: str  # "defines (verbatim)", "criminalises (close match)", "linked"
    words: str  # the provision's own words for the notion, where recorded
    text: str
    text_lang: str
    verification: tracing.Verification | None
    version: str
    eli: str
    official_url: str
    conditions: tuple[conditions.Condition, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Level:
    name: str  # international, regional, EU, national
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Bound:
    instrument: str
    instrument_label: str
    approval_act: str
    approval_act_date: str
    ratified: str
    in_force: str
    stated_by: str
    verification: tracing.Verification


@dataclass(frozen=True)
class Chain:
    jurisdiction: str  # code
    jurisdiction_label: str
    levels: tuple[Level, ...]
    bound: tuple[Bound, ...]


DEFINED_BY_ITSELF = """
SELECT ?k ?d ?p ?i ?relation WHERE {
  ?d cseckg:defines ?k ; cseckg:sourceProvision ?p ; cseckg:statedBy ?i ; cseckg:text ?text .
  ?p cseckg:inInstrument ?i .
  OPTIONAL { ?d cseckg:textRelation ?relation }
  FILTER NOT EXISTS { ?d cseckg:verificationStatus cseckg:Unverified }
} ORDER BY ?p ?d
"""
ONT = "https://w3id.org/cseckg/ontology#"


def traced(store: ox.Store, text: str, code: str) -> tracing.Trace:
    """:func:`cseckg.trace.trace` of ``text`` with the chain of its concept to the law of the
    jurisdiction ``code``; a bad code, or more than one, fails before the term is looked up."""
    if len(jurisdictions.resolve(store, code)) != 1:
        raise InputError(f"--jurisdiction {code!r}: trace follows one jurisdiction; give one code")
    found = tracing.trace(store, text)
    return dataclasses.replace(found, chain=chain(store, found.concept, code))


def chain(store: ox.Store, concept: str, code: str) -> Chain:
    """The chain for ``concept`` down to the State (or other jurisdiction) ``code``."""
    (state,) = jurisdictions.resolve(store, code)
    roles: dict[str, list[str]] = {}
    words: dict[str, str] = {}
    node = ox.NamedNode(concept)
    for row in select(store, DEFINED_BY_ITSELF, k=node):
        relation = lookup.label(store, row["relation"]) if row["relation"] else "stated"
        _add(roles, row["p"], f"defines ({relation})")
    for row in select(store, USES, k=node):
        _add(roles, row["p"], f"{lookup.label(store, row['kind'])} ({STRENGTH[row['strength']]})")
        words.setdefault(row["p"], row["words"])
    about = conditions.about(store, concept)
    for provision in about:
        _add(roles, provision, "sets a condition")
    places = {p: _place(store, p) for p in roles}
    kept = {p for p, j in places.items() if j and (not j.national or j.code == state.code)}
    for provision in sorted(p for p in kept if not places[p].national):  # type: ignore[union-attr]
        for row in select(store, LINKS_TO, o=ox.NamedNode(provision)):
            place = _place(store, row["s"])
            if place and place.code == state.code and row["s"] not in kept:
                kept.add(row["s"])
                places[row["s"]] = place
                _add(roles, row["s"], "linked by a source")
    steps = [_step(store, p, places[p], roles[p], words.get(p, ""), about) for p in kept]
    return Chain(
        jurisdiction=state.code,
        jurisdiction_label=state.label,
        levels=_levels(steps, places),
        bound=_bound(store, state, steps),
    )


def _add(roles: dict[str, list[str]], provision: str, role: str) -> None:
    found = roles.setdefault(provision, [])
    if role not in found:
        found.append(role)


def _place(store: ox.Store, provision: str) -> jurisdictions.Jurisdiction | None:
    owner = select(store, tracing.PROVISION_INSTRUMENT, p=ox.NamedNode(provision))
    return jurisdictions.of_instrument(store, owner[0]["i"]) if owner else None


def _step(store, provision: str, place, roles: list[str], words: str, about) -> Step:
    meta = tracing.provision(store, provision).instrument
    text_iri, text, lang = best_text(store, provision)
    eli = select(store, ELI, p=ox.NamedNode(provision))
    return Step(
        provision=provision,
        label=lookup.label(store, provision),
        instrument=meta.iri if meta else "",
        instrument_label=meta.label if meta else "",
        binding_force=meta.binding_force if meta else "",
        jurisdiction=place.code,
        role="; ".join(roles),
        words=words,
        text=text,
        text_lang=lang,
        verification=tracing.verification(store, text_iri) if text_iri else None,
        version=version(store, text_iri) if text_iri else "",
        eli=eli[0]["eli"] if eli else "",
        official_url=meta.official_url if meta else "",
        conditions=about.get(provision, ()),
        links=links(store, provision),
    )


def links(store: ox.Store, provision: str) -> tuple[Link, ...]:
    found = []
    for row in select(store, LINKS_FROM, s=ox.NamedNode(provision)):
        quote = select(store, LINK_QUOTE, l=ox.NamedNode(row["l"]))
        found.append(
            Link(
                relation=lookup.label(store, row["relation"]),
                target=row["o"],
                target_label=lookup.label(store, row["o"]),
                stated_by=lookup.label(store, quote[0]["by"]) if quote else "",
                quote=quote[0]["text"] if quote else "",
                verification=tracing.verification(store, row["l"]),
            )
        )
    return tuple(found)


def _levels(steps: list[Step], places) -> tuple[Level, ...]:
    order = sorted(
        steps, key=lambda s: (places[s.provision].rank, s.instrument_label, natural(s.provision))
    )
    names: dict[str, list[Step]] = {}
    for step in order:
        names.setdefault(places[step.provision].level, []).append(step)
    return tuple(Level(name, tuple(found)) for name, found in names.items())


def _bound(store: ox.Store, state, steps: list[Step]) -> tuple[Bound, ...]:
    instruments = sorted(
        {s.instrument for s in steps if s.jurisdiction != state.code and s.instrument}
    )
    found = []
    for instrument in instruments:
        for row in select(store, BOUND, j=ox.NamedNode(state.iri), i=ox.NamedNode(instrument)):
            found.append(
                Bound(
                    instrument=instrument,
                    instrument_label=lookup.label(store, instrument),
                    approval_act=row["act"] or "",
                    approval_act_date=row["actDate"] or "",
                    ratified=row["ratified"] or "",
                    in_force=row["inForce"] or "",
                    stated_by=lookup.label(store, row["by"]),
                    verification=tracing.verification(store, row["b"]),
                )
            )
    return tuple(found)
