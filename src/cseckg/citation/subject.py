"""What is being cited: an instrument, a provision (with its pinpoint) or a definition (with its
quoted text and verification), resolved from what a person types (an IRI, a CURIE or a label).

The pinpoint is built from data: the ``eli:number`` of each provision on the way up its
``eli:is_part_of`` chain, the top level named by the IRI policy (``art-N`` an article, ``para-N``
a paragraph; ontology/README.md), the levels below it in brackets: "art 2(c)", "art 27(1)(a)".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyoxigraph as ox

from cseckg import lookup
from cseckg import trace as tracing
from cseckg.citation import facts
from cseckg.errors import InputError
from cseckg.lookup import select

KINDS = {
    "https://w3id.org/cseckg/ontology#Instrument": "instrument",
    "https://w3id.org/cseckg/ontology#Provision": "provision",
    "https://w3id.org/cseckg/ontology#Definition": "definition",
}


@dataclass(frozen=True)
class Pinpoint:
    unit: str  # "art" or "para"
    numbers: tuple[str, ...]  # ("2", "c")

    def render(self, article: str, paragraph: str) -> str:
        """``render("art", "para")`` gives "art 2(c)"; ``("art.", "para.")`` gives "art. 2(c)"."""
        word = article if self.unit == "art" else paragraph
        first, *rest = self.numbers
        return f"{word} {first}" + "".join(f"({n})" for n in rest)


@dataclass(frozen=True)
class Quote:
    """A definition's text with its verification; only a verified text is shown as a quotation."""

    text: str
    lang: str
    relation: str  # verbatim, extract, paraphrase, own wording
    verification: tracing.Verification


@dataclass(frozen=True)
class Subject:
    resource: str
    kind: str  # instrument, provision, definition
    label: str
    instrument: facts.Instrument
    provision: str  # IRI of the cited provision, "" for an instrument
    pinpoint: Pinpoint | None
    provision_eli: str
    quote: Quote | None
    derived_from: str = ""  # source provision of a definition cited where an organisation states it
    related: tuple[str, ...] = ()  # related provisions of a definition (never its source)


CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
TYPES = "SELECT ?s ?t WHERE { ?s a ?t }"
PARENT = """
SELECT ?p ?parent ?number WHERE { ?p eli:is_part_of ?parent OPTIONAL { ?p eli:number ?number } }
"""
OWNER = "SELECT ?p ?i WHERE { ?p cseckg:inInstrument ?i } LIMIT 1"
PROVISION_ELI = """
SELECT ?p (MIN(?e) AS ?eli) WHERE {
  ?p cseckg:eli|owl:sameAs|schema:sameAs ?e FILTER(isIRI(?e) && CONTAINS(STR(?e), "/eli/"))
} GROUP BY ?p
"""
DEFINITION = """
SELECT ?d ?text ?lang ?relation ?statedBy ?statedIn ?source WHERE {
  ?d cseckg:text ?text . BIND(LANG(?text) AS ?lang)
  OPTIONAL { ?d cseckg:textRelation ?relation }
  OPTIONAL { ?d cseckg:statedBy ?statedBy }
  OPTIONAL { ?d cseckg:statedIn ?statedIn }
  OPTIONAL { ?d cseckg:sourceProvision ?source }
} LIMIT 1
"""


RELATED = "SELECT ?d ?p WHERE { ?d cseckg:relatedProvision ?p } ORDER BY ?p"


def resolve(store: ox.Store, text: str) -> tuple[str, str]:
    """(IRI, kind) of what ``text`` names; a clear error for anything that cannot be cited."""
    iri = lookup.resolve(store, text)
    types = {r["t"] for r in select(store, TYPES, s=ox.NamedNode(iri))}
    kinds = [KINDS[t] for t in KINDS if t in types]
    if not kinds:
        if not types:
            raise lookup.NoMatchError(text, lookup.suggest(store, text))
        if CONCEPT in types:
            raise InputError(
                f"{text!r} names a concept: cite one of its definitions "
                "(`cseckg trace` lists them) or the provision that states it"
            )
        raise InputError(f"{text!r} is not an instrument, a provision or a definition")
    return iri, kinds[0]


def subject(store: ox.Store, text: str) -> Subject:
    iri, kind = resolve(store, text)
    if kind == "instrument":
        found = facts.instrument(store, iri)
        return Subject(iri, kind, lookup.label(store, iri), found, "", None, "", None)
    if kind == "provision":
        return _provision_subject(store, iri, iri, kind, None)
    return _definition_subject(store, iri)


def _provision_subject(
    store: ox.Store, resource: str, provision: str, kind: str, quote: Quote | None
) -> Subject:
    owner = select(store, OWNER, p=ox.NamedNode(provision))
    if not owner:
        raise InputError(f"<{provision}> belongs to no instrument (cseckg:inInstrument)")
    return Subject(
        resource=resource,
        kind=kind,
        label=lookup.label(store, resource),
        instrument=facts.instrument(store, owner[0]["i"]),
        provision=provision,
        pinpoint=pinpoint(store, provision, owner[0]["i"]),
        provision_eli=_nearest_eli(store, provision, owner[0]["i"]),
        quote=quote,
    )


def _nearest_eli(store: ox.Store, provision: str, instrument: str) -> str:
    """The provision's ELI, else that of the nearest provision above it: Legilux mints an ELI
    per article, not per paragraph, so art. 382-1(4) is cited with the ELI of art. 382-1."""
    current, seen = provision, set()
    while current and current != instrument and current not in seen:
        seen.add(current)
        eli = select(store, PROVISION_ELI, p=ox.NamedNode(current))
        if eli and eli[0]["eli"]:
            return eli[0]["eli"]
        parent = select(store, PARENT, p=ox.NamedNode(current))
        current = parent[0]["parent"] if parent else ""
    return ""


def _definition_subject(store: ox.Store, iri: str) -> Subject:
    row = select(store, DEFINITION, d=ox.NamedNode(iri))[0]
    quote = Quote(
        text=row["text"],
        lang=row["lang"],
        relation=lookup.label(store, row["relation"]) if row["relation"] else "",
        verification=tracing.verification(store, iri),
    )
    # An instrument's own definition is cited at its provision; one that an organisation states
    # is cited where it is stated (its page), never at a provision it only restates or relates to.
    related = tuple(r["p"] for r in select(store, RELATED, d=ox.NamedNode(iri)))
    stated_by_instrument = bool(row["statedBy"]) and row["statedBy"] == row["statedIn"]
    if row["source"] and stated_by_instrument:
        found = _provision_subject(store, iri, row["source"], "definition", quote)
        return replace(found, related=related)
    document = row["statedIn"] or row["statedBy"]
    if not document:
        raise InputError(f"<{iri}> says neither where nor by whom it is stated")
    return Subject(
        resource=iri,
        kind="definition",
        label=lookup.label(store, iri),
        instrument=facts.instrument(store, document),
        provision="",
        pinpoint=None,
        provision_eli="",
        quote=quote,
        derived_from=row["source"] or "",
        related=related,
    )


def pinpoint(store: ox.Store, provision: str, instrument: str) -> Pinpoint | None:
    """The pinpoint of ``provision`` within ``instrument`` ("art 2(c)"), from its parts' numbers."""
    numbers: list[str] = []
    node, top = provision, provision
    for _ in range(8):  # provisions nest a few levels deep; a cycle must not loop forever
        rows = select(store, PARENT, p=ox.NamedNode(node))
        if not rows:
            break
        numbers.insert(0, rows[0]["number"] or node.rsplit("/", 1)[-1])
        top, node = node, rows[0]["parent"]
        if node == instrument:
            break
    if not numbers:
        return None
    segment = top.rsplit("/", 1)[-1]
    unit = "para" if segment.startswith("para-") else "art"
    return Pinpoint(unit, tuple(numbers))
