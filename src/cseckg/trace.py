"""``cseckg trace TERM``: from what a person types to the source of every definition.

term -> concept (any label, any language, case- and accent-insensitive) -> every definition
(text, relation to the source, who states it, verification) -> provision (number, text) ->
instrument (kind, binding force, dates, official URL, links to amending or replacing acts); a
provision the definition only relates to (``cseckg:relatedProvision``) is given apart from its
source. Plus the terminology advice on the term typed (which instruments still use it, what each
advice prefers, which edition of the Guidelines it comes from and who reports it) and the
concept's links into other vocabularies (:mod:`cseckg.links`). A concept no source defines says
why (``cseckg:noDefinitionSeen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from cseckg import links as vocabulary_links
from cseckg import lookup
from cseckg.lookup import NoMatchError, select

UNVERIFIED = "https://w3id.org/cseckg/ontology#Unverified"


@dataclass(frozen=True)
class Verification:
    status: str  # official source, secondary source, unverified
    source: str
    verified_on: str
    note: str

    @property
    def verified(self) -> bool:
        return self.status != "unverified"


@dataclass(frozen=True)
class Link:
    """A link between instruments, stated on either of them: amends, amended by, replaces,
    replaced by (``eli:amends``, ``eli:amended_by``, ``eli:repeals``, ``eli:repealed_by``),
    proposes a recast of, recast proposed by (``cseckg:proposesRecastOf``)."""

    relation: str
    iri: str
    label: str


@dataclass(frozen=True)
class Instrument:
    iri: str
    label: str
    title: str
    kind: str
    binding_force: str
    adopted_by: str
    adopted: str
    opened_for_signature: str
    opened_at: str
    in_force: str
    transposition_deadline: str
    official_url: str
    links: tuple[Link, ...]
    reported_in: tuple[str, ...] = ()  # pages that report an instrument whose text was not seen


@dataclass(frozen=True)
class Provision:
    iri: str
    label: str
    text: str
    text_lang: str
    verification: Verification | None
    instrument: Instrument | None


@dataclass(frozen=True)
class Definition:
    iri: str
    text: str
    lang: str
    relation: str
    source_term: str
    stated_by: str
    preferred: bool
    verification: Verification
    provision: Provision | None  # the source: the provision the text states, quotes or derives from
    related: tuple[Provision, ...]  # provisions it relates to that are not its source


@dataclass(frozen=True)
class Advice:
    about: str
    status: str  # "" where the source gives no single status
    advised: str  # the labels advised instead, joined by "; "
    advice_of: str  # whose advice: an edition of the Guidelines, an organisation's page
    stated_by: str  # who states it
    text: str
    verification: Verification
    relation: str = ""  # extract, verbatim (the advice's own words) or paraphrase (a report)
    reported: bool = False  # stated by someone other than the body behind advice_of


@dataclass(frozen=True)
class TermInfo:
    """What the graph says about the term as typed."""

    typed: str
    matched: str
    kind: str  # pref, alt, hidden, label
    lang: str
    status: str
    used_in: tuple[str, ...]  # instruments whose provisions use the term
    advice: tuple[Advice, ...]


@dataclass(frozen=True)
class Trace:
    concept: str
    concept_label: str
    labels: tuple[tuple[str, str, str], ...]  # (lang, label, status) of preferred labels
    term: TermInfo
    definitions: tuple[Definition, ...]
    no_definition: str = ""  # why no definition is recorded (cseckg:noDefinitionSeen)
    links: tuple[vocabulary_links.Link, ...] = ()  # into other vocabularies (SSSOM)
    chain: Any = None  # cseckg.chain.Chain when a jurisdiction was asked for


DEFINITIONS = """
SELECT ?concept ?d ?text ?lang ?relation ?term ?by ?prov ?preferred WHERE {
  ?d cseckg:defines ?concept ; cseckg:text ?text . BIND(LANG(?text) AS ?lang)
  OPTIONAL { ?d cseckg:textRelation ?relation }
  OPTIONAL { ?d cseckg:sourceTerm ?term }
  OPTIONAL { ?d cseckg:statedBy ?by }
  OPTIONAL { ?d cseckg:sourceProvision ?prov }
  BIND(EXISTS { ?concept cseckg:preferredDefinition ?d } AS ?preferred)
} ORDER BY ?d ?by ?prov
"""
VERIFICATION = """
SELECT ?x ?status ?source ?on ?note WHERE {
  OPTIONAL { ?x cseckg:verificationStatus ?status }
  OPTIONAL { ?x cseckg:verificationSource ?source }
  OPTIONAL { ?x cseckg:verifiedOn ?on }
  OPTIONAL { ?x cseckg:verificationNote ?note }
} LIMIT 1
"""
PROVISION_TEXT = """
SELECT ?p ?t ?text ?lang WHERE {
  ?t cseckg:textOf ?p ; cseckg:text ?text . BIND(LANG(?text) AS ?lang)
}
"""
PROVISION_INSTRUMENT = "SELECT ?p ?i WHERE { ?p cseckg:inInstrument ?i } LIMIT 1"
RELATED = "SELECT ?d ?p WHERE { ?d cseckg:relatedProvision ?p } ORDER BY ?p"
INSTRUMENT = """
SELECT ?i ?title ?kind ?force ?by ?adopted ?opened ?openedAt ?inforce ?deadline ?url WHERE {
  OPTIONAL { ?i dcterms:title ?title FILTER(LANGMATCHES(LANG(?title), "en")) }
  OPTIONAL { ?i cseckg:instrumentKind ?kind }
  OPTIONAL { ?i cseckg:bindingForce ?force }
  OPTIONAL { ?i cseckg:adoptedBy ?by }
  OPTIONAL { ?i eli:date_document ?adopted }
  OPTIONAL { ?i cseckg:openedForSignatureOn ?opened }
  OPTIONAL { ?i cseckg:openedForSignatureAt ?openedAt FILTER(LANGMATCHES(LANG(?openedAt), "en")) }
  OPTIONAL { ?i eli:first_date_entry_in_force ?inforce }
  OPTIONAL { ?i cseckg:transpositionDeadline ?deadline }
  OPTIONAL { ?i cseckg:officialText ?url }
} LIMIT 1
"""
# Both directions, so that a link stated on either instrument is shown on both.
LINKS = """
SELECT DISTINCT ?i ?relation ?other WHERE {
  { ?i eli:amends ?other BIND("amends" AS ?relation) }
  UNION { ?other eli:amended_by ?i BIND("amends" AS ?relation) }
  UNION { ?i eli:amended_by ?other BIND("amended by" AS ?relation) }
  UNION { ?other eli:amends ?i BIND("amended by" AS ?relation) }
  UNION { ?i eli:repeals ?other BIND("replaces" AS ?relation) }
  UNION { ?other eli:repealed_by ?i BIND("replaces" AS ?relation) }
  UNION { ?i eli:repealed_by ?other BIND("replaced by" AS ?relation) }
  UNION { ?other eli:repeals ?i BIND("replaced by" AS ?relation) }
  UNION { ?i cseckg:proposesRecastOf ?other BIND("proposes a recast of" AS ?relation) }
  UNION { ?other cseckg:proposesRecastOf ?i BIND("recast proposed by" AS ?relation) }
} ORDER BY ?relation ?other
"""
PREF_LABELS = """
SELECT ?c ?lang ?text ?status WHERE {
  ?c skosxl:prefLabel ?l . ?l skosxl:literalForm ?text . BIND(LANG(?text) AS ?lang)
  OPTIONAL { ?l cseckg:labelStatus ?status }
} ORDER BY ?lang ?text
"""
LABEL_INFO = """
SELECT ?l ?text ?lang ?status WHERE {
  ?l skosxl:literalForm ?text . BIND(LANG(?text) AS ?lang)
  OPTIONAL { ?l cseckg:labelStatus ?status }
} LIMIT 1
"""
USED_IN = """
SELECT DISTINCT ?l ?i WHERE { ?l cseckg:usedIn ?p . ?p cseckg:inInstrument ?i }
"""
# Instruments whose own definitions use the term (matched on the normalised index, one key at a
# time: oxigraph then looks it up instead of joining every source term).
KEYS = "SELECT ?l ?key WHERE { GRAPH <urn:cseckg:index> { ?l idx:key ?key } }"
TERM_USED_BY = "SELECT ?key ?d WHERE { GRAPH <urn:cseckg:index> { ?d idx:term ?key } }"
STATED_BY_INSTRUMENT = "SELECT ?d ?i WHERE { ?d cseckg:statedBy ?i . ?i a cseckg:Instrument }"
ADVICE = """
SELECT ?l ?a ?status ?advised ?of ?by ?text ?relation ?reported WHERE {
  ?a cseckg:aboutLabel ?l .
  OPTIONAL { ?a cseckg:advisedStatus ?status }
  OPTIONAL { ?a cseckg:advisedLabel/skosxl:literalForm ?advised }
  OPTIONAL { ?a cseckg:adviceOf ?of }
  OPTIONAL { ?a cseckg:statedBy ?by }
  OPTIONAL { ?a cseckg:text ?text }
  OPTIONAL { ?a cseckg:textRelation ?relation }
  BIND(BOUND(?by) && BOUND(?of) && ?by != ?of
       && NOT EXISTS { ?of cseckg:adoptedBy|dcterms:publisher ?by } AS ?reported)
} ORDER BY ?of ?a ?advised
"""
NO_DEFINITION = "SELECT ?c ?note WHERE { ?c cseckg:noDefinitionSeen ?note } LIMIT 1"
REPORTED_IN = "SELECT ?i ?url WHERE { ?i cseckg:reportedIn ?url } ORDER BY ?url"


def trace(store: ox.Store, text: str, jurisdiction: str | None = None) -> Trace:
    """The whole chain for the concept whose label matches ``text``; with ``jurisdiction``, the
    chain from treaty to that State's law as well (:mod:`cseckg.chain`)."""
    if jurisdiction is not None:
        from cseckg import jurisdictions

        jurisdictions.resolve(store, jurisdiction)  # a bad code fails before the lookup
    matches = lookup.find_concepts(store, text)
    if not matches:
        raise NoMatchError(text, lookup.suggest(store, text))
    match = matches[0]
    concept = ox.NamedNode(match.resource)
    rows = {row["d"]: row for row in reversed(select(store, DEFINITIONS, concept=concept))}
    definitions = tuple(
        sorted((_definition(store, r) for r in rows.values()), key=_definition_order)
    )
    same_concept = [m for m in matches if m.resource == match.resource]
    note = select(store, NO_DEFINITION, c=concept)
    return Trace(
        concept=match.resource,
        concept_label=lookup.label(store, match.resource),
        labels=tuple(
            (r["lang"], r["text"], _name(store, r["status"]))
            for r in select(store, PREF_LABELS, c=concept)
        ),
        term=_term_info(store, text, match, same_concept),
        definitions=definitions,
        no_definition=note[0]["note"] if note else "",
        links=vocabulary_links.links(store, match.resource),
        chain=_chain(store, match.resource, jurisdiction),
    )


def _chain(store: ox.Store, concept: str, jurisdiction: str | None):
    if jurisdiction is None:
        return None
    from cseckg import chain

    return chain.chain(store, concept, jurisdiction)


def _definition_order(d: Definition) -> tuple:
    instrument = d.provision.instrument if d.provision else None
    return (not d.preferred, instrument.adopted if instrument else "9999", d.lang != "en", d.iri)


def _definition(store: ox.Store, row: dict) -> Definition:
    return Definition(
        iri=row["d"],
        text=row["text"],
        lang=row["lang"],
        relation=_name(store, row["relation"]),
        source_term=row["term"] or "",
        stated_by=lookup.label(store, row["by"]),
        preferred=row["preferred"] == "true",
        verification=verification(store, row["d"]),
        provision=provision(store, row["prov"]) if row["prov"] else None,
        related=tuple(
            provision(store, r["p"]) for r in select(store, RELATED, d=ox.NamedNode(row["d"]))
        ),
    )


def verification(store: ox.Store, iri: str) -> Verification:
    rows = select(store, VERIFICATION, x=ox.NamedNode(iri))
    row = rows[0] if rows else {}
    status = row.get("status")
    return Verification(
        status=_name(store, status) if status else "unverified",
        source=row.get("source") or "",
        verified_on=row.get("on") or "",
        note=row.get("note") or "",
    )


def provision(store: ox.Store, iri: str) -> Provision:
    node = ox.NamedNode(iri)
    texts = select(store, PROVISION_TEXT, p=node)
    best = min(texts, key=lambda r: (r["lang"] != "en", r["t"])) if texts else None
    owner = select(store, PROVISION_INSTRUMENT, p=node)
    return Provision(
        iri=iri,
        label=lookup.label(store, iri),
        text=best["text"] if best else "",
        text_lang=best["lang"] if best else "",
        verification=verification(store, best["t"]) if best else None,
        instrument=instrument(store, owner[0]["i"]) if owner else None,
    )


def instrument(store: ox.Store, iri: str) -> Instrument:
    rows = select(store, INSTRUMENT, i=ox.NamedNode(iri))
    row = rows[0] if rows else {}
    return Instrument(
        iri=iri,
        label=lookup.label(store, iri),
        title=row.get("title") or "",
        kind=_name(store, row.get("kind")),
        binding_force=_name(store, row.get("force")),
        adopted_by=lookup.label(store, row.get("by")),
        adopted=row.get("adopted") or "",
        opened_for_signature=row.get("opened") or "",
        opened_at=row.get("openedAt") or "",
        in_force=row.get("inforce") or "",
        transposition_deadline=row.get("deadline") or "",
        official_url=row.get("url") or "",
        links=links(store, iri),
        reported_in=tuple(r["url"] for r in select(store, REPORTED_IN, i=ox.NamedNode(iri))),
    )


def links(store: ox.Store, iri: str) -> tuple[Link, ...]:
    """Amendment, replacement and recast links of the instrument ``iri``, in both directions."""
    return tuple(
        Link(r["relation"], r["other"], lookup.label(store, r["other"]))
        for r in select(store, LINKS, i=ox.NamedNode(iri))
    )


def _term_info(
    store: ox.Store, typed: str, match: lookup.Match, same: list[lookup.Match] | None = None
) -> TermInfo:
    """The label matched, and the advice on it and on the concept's other labels that read the
    same (\"sextortion\"@en and \"Sextortion\"@de)."""
    node = ox.NamedNode(match.label_resource)
    info = select(store, LABEL_INFO, l=node)
    row = info[0] if info else {}
    advice: list[Advice] = []
    for other in same or [match]:
        text = select(store, LABEL_INFO, l=ox.NamedNode(other.label_resource))
        about = text[0]["text"] if text else ""
        advice += advice_on(store, other.label_resource, about)
    return TermInfo(
        typed=typed,
        matched=row.get("text") or lookup.label(store, match.label_resource),
        kind=match.kind,
        lang=row.get("lang") or "",
        status=_name(store, row.get("status")),
        used_in=_used_in(store, node),
        advice=tuple(advice),
    )


def advice_on(store: ox.Store, label_iri: str, about: str) -> list[Advice]:
    """The advice on one label, one entry per advice (its advised labels joined)."""
    grouped: dict[str, list[dict]] = {}
    for row in select(store, ADVICE, l=ox.NamedNode(label_iri)):
        grouped.setdefault(row["a"], []).append(row)
    return [_advice(store, rows, about) for rows in grouped.values()]


def _advice(store: ox.Store, rows: list[dict], about: str) -> Advice:
    first = rows[0]
    advised = sorted({r["advised"] for r in rows if r["advised"]})
    return Advice(
        about=about,
        status=_name(store, first["status"]),
        advised="; ".join(advised),
        advice_of=lookup.label(store, first["of"]),
        stated_by=lookup.label(store, first["by"]),
        text=first["text"] or "",
        verification=verification(store, first["a"]),
        relation=_name(store, first["relation"]),
        reported=first["reported"] == "true",
    )


def _used_in(store: ox.Store, label: ox.NamedNode) -> tuple[str, ...]:
    """Instruments whose provisions or definitions use the term of ``label``."""
    found = {r["i"] for r in select(store, USED_IN, l=label)}
    for key in {r["key"] for r in select(store, KEYS, l=label)}:
        for row in select(store, TERM_USED_BY, key=ox.Literal(key)):
            by = select(store, STATED_BY_INSTRUMENT, d=ox.NamedNode(row["d"]))
            found |= {r["i"] for r in by}
    return tuple(sorted(lookup.label(store, i) for i in found))


def _name(store: ox.Store, iri: str | None) -> str:
    return lookup.label(store, iri) if iri else ""
