"""The facts a citation is made of, read from the graph: typed, frozen records.

Only verified data is read as a citation element: a citation reference (treaty series volume and
page, Council of Europe series number, Official Journal issue, page and date) is the data of a
``cseckg:CitationReference`` whose text was seen at its source; what the graph does not record is
read with its stated reason (``cseckg:MissingData``), so that a citation can say what it leaves out
and why, and never fills a gap with a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import lookup
from cseckg import trace as tracing
from cseckg.lookup import select

CSECKG = "https://w3id.org/cseckg/ontology#"
UNTS = CSECKG + "UnitedNationsTreatySeries"
CETS = CSECKG + "CouncilOfEuropeTreatySeries"
ETS = CSECKG + "EuropeanTreatySeries"
OJ_L = CSECKG + "OfficialJournalL"
# Jurisdiction codes that are not States (the names fixed for every branch): any other code of a
# cseckg:jurisdiction is an ISO 3166-1 country code, i.e. national law.
NOT_STATES = ("int", "coe", "eu")


@dataclass(frozen=True)
class Reference:
    """Where the instrument is published, as seen (``text``) and as data (the other fields)."""

    iri: str
    series: str  # IRI of the cseckg:PublicationSeries
    series_label: str
    volume: str
    page_start: str
    page_end: str
    issue: str
    number: str  # number in the series (CETS No. 197)
    registration: str
    issued: str  # date of the Official Journal issue
    text: str
    verification: tracing.Verification


@dataclass(frozen=True)
class Gap:
    """A fact the graph does not record, and why."""

    resource: str
    property: str  # CURIE of the missing property
    reason: str


@dataclass(frozen=True)
class Instrument:
    iri: str
    label: str
    title: str
    short_title: str
    kind: str  # local name: Convention, Directive ...
    binding_force: str  # local name: BindingTreatyLaw, EULaw ...
    adopted: str  # xsd:date or xsd:gYear lexical form
    adopted_at: str
    adopted_by: tuple[str, ...]
    opened_on: str
    opened_at: str
    in_force: str
    transposition_deadline: str
    identifiers: tuple[str, ...]  # document symbols, CELEX, ISBN as dcterms:identifier gives them
    celex: str
    eli: str
    official_url: str
    jurisdiction: str  # lower-case code of cseckg:jurisdiction, "" where none
    language: str
    references: tuple[Reference, ...]
    links: tuple[tracing.Link, ...]
    gaps: tuple[Gap, ...]

    @property
    def is_treaty(self) -> bool:
        return self.binding_force == "BindingTreatyLaw"

    @property
    def is_eu_act(self) -> bool:
        return self.binding_force == "EULaw" or self.jurisdiction == "eu"

    @property
    def is_national(self) -> bool:
        return bool(self.jurisdiction) and self.jurisdiction not in NOT_STATES

    def reference(self, *series: str) -> Reference | None:
        return next((r for r in self.references if r.series in series), None)


INSTRUMENT = """
SELECT ?i (MIN(?t) AS ?title) (MIN(?ta) AS ?anyTitle) (MIN(?s) AS ?short) (MIN(?k) AS ?kind)
       (MIN(?f) AS ?force) (MIN(?a) AS ?adopted) (MIN(?pl) AS ?place) (MIN(?o) AS ?opened)
       (MIN(?oa) AS ?openedAt) (MIN(?e) AS ?inforce) (MIN(?d) AS ?deadline) (MIN(?u) AS ?url)
       (MIN(?el) AS ?eliIri) (MIN(?c) AS ?celex) (MIN(?j) AS ?jurisdiction)
       (MIN(?lg) AS ?language) WHERE {
  OPTIONAL { ?i dcterms:title ?t FILTER(LANGMATCHES(LANG(?t), "en")) }
  OPTIONAL { ?i dcterms:title ?ta }
  OPTIONAL { ?i cseckg:shortTitle ?s FILTER(LANGMATCHES(LANG(?s), "en")) }
  OPTIONAL { ?i cseckg:instrumentKind ?k }
  OPTIONAL { ?i cseckg:bindingForce ?f }
  OPTIONAL { ?i eli:date_document ?a }
  OPTIONAL { ?i schema:locationCreated ?pl FILTER(LANGMATCHES(LANG(?pl), "en")) }
  OPTIONAL { ?i cseckg:openedForSignatureOn ?o }
  OPTIONAL { ?i cseckg:openedForSignatureAt ?oa FILTER(LANGMATCHES(LANG(?oa), "en")) }
  OPTIONAL { ?i eli:first_date_entry_in_force ?e }
  OPTIONAL { ?i cseckg:transpositionDeadline ?d }
  OPTIONAL { ?i cseckg:officialText ?u }
  OPTIONAL { ?i cseckg:eli|owl:sameAs|schema:sameAs ?el
             FILTER(isIRI(?el) && CONTAINS(STR(?el), "/eli/")) }
  OPTIONAL { ?i eli:id_local ?c }
  OPTIONAL { ?i cseckg:jurisdiction ?j }
  OPTIONAL { ?i dcterms:language ?lg }
} GROUP BY ?i
"""
ADOPTED_BY = "SELECT ?i ?by WHERE { ?i cseckg:adoptedBy ?by }"
IDENTIFIERS = "SELECT ?i ?id WHERE { ?i dcterms:identifier ?id } ORDER BY ?id"
REFERENCES = """
SELECT ?i ?r ?series ?volume ?start ?end ?issue ?number ?registration ?issued ?text WHERE {
  ?i cseckg:citationReference ?r .
  OPTIONAL { ?r cseckg:series ?series }
  OPTIONAL { ?r schema:volumeNumber ?volume }
  OPTIONAL { ?r schema:pageStart ?start }
  OPTIONAL { ?r schema:pageEnd ?end }
  OPTIONAL { ?r schema:issueNumber ?issue }
  OPTIONAL { ?r cseckg:seriesNumber ?number }
  OPTIONAL { ?r cseckg:registrationNumber ?registration }
  OPTIONAL { ?r dcterms:issued ?issued }
  OPTIONAL { ?r cseckg:text ?text }
} ORDER BY ?r
"""
GAPS = """
SELECT ?of ?gap ?property ?reason WHERE {
  ?gap cseckg:missingDataOf ?of ; cseckg:missingProperty ?property ; cseckg:reason ?reason .
  FILTER(LANGMATCHES(LANG(?reason), "en"))
} ORDER BY ?gap
"""


def instrument(store: ox.Store, iri: str) -> Instrument:
    """Everything a citation of the instrument ``iri`` may use."""
    node = ox.NamedNode(iri)
    rows = select(store, INSTRUMENT, i=node)
    row = rows[0] if rows else {}
    found = [_reference(store, r) for r in select(store, REFERENCES, i=node)]
    unverified = tuple(
        Gap(r.iri, "cseckg:citationReference", f"recorded but unverified, so not cited: {r.text}")
        for r in found
        if not r.verification.verified
    )
    return Instrument(
        iri=iri,
        label=lookup.label(store, iri),
        # English where there is one, else the title in its own language (a national code)
        title=row.get("title") or row.get("anyTitle") or lookup.label(store, iri),
        short_title=row.get("short") or "",
        kind=_local(row.get("kind")),
        binding_force=_local(row.get("force")),
        adopted=row.get("adopted") or "",
        adopted_at=row.get("place") or "",
        adopted_by=tuple(
            sorted(lookup.label(store, r["by"]) for r in select(store, ADOPTED_BY, i=node))
        ),
        opened_on=row.get("opened") or "",
        opened_at=row.get("openedAt") or "",
        in_force=row.get("inforce") or "",
        transposition_deadline=row.get("deadline") or "",
        identifiers=tuple(r["id"] for r in select(store, IDENTIFIERS, i=node)),
        celex=row.get("celex") or "",
        eli=row.get("eliIri") or "",
        official_url=row.get("url") or "",
        jurisdiction=_local(row.get("jurisdiction"), "/").lower(),
        language=row.get("language") or "en",
        references=tuple(r for r in found if r.verification.verified),
        links=tracing.links(store, iri),
        gaps=gaps(store, iri, *(r.iri for r in found)) + unverified,
    )


def _reference(store: ox.Store, row: dict) -> Reference:
    return Reference(
        iri=row["r"],
        series=row["series"] or "",
        series_label=lookup.label(store, row["series"]),
        volume=row["volume"] or "",
        page_start=row["start"] or "",
        page_end=row["end"] or "",
        issue=row["issue"] or "",
        number=row["number"] or "",
        registration=row["registration"] or "",
        issued=row["issued"] or "",
        text=row["text"] or "",
        verification=tracing.verification(store, row["r"]),
    )


def gaps(store: ox.Store, *iris: str) -> tuple[Gap, ...]:
    """The facts not recorded about ``iris`` (an instrument, its references), with their reasons."""
    return tuple(
        Gap(r["of"], lookup.curie(r["property"]), r["reason"])
        for iri in iris
        for r in select(store, GAPS, of=ox.NamedNode(iri))
    )


def _local(iri: str | None, sep: str = "#") -> str:
    return iri.rsplit(sep, 1)[-1] if iri else ""
