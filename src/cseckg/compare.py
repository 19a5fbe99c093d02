"""``cseckg compare CONCEPT [--jurisdiction LU,DE,FR]``: a concept's provisions side by side, and
the conditions each sets.

Columns are the definitions of the concept (in ``lang``) and, for each jurisdiction asked for,
the provisions of that State that define, criminalise or use the notion, or set a condition about
it (in their own language). Every condition shown (age limit, close-in-age exception, majority
exception, lower age permitted, means, remuneration) is read from the data
(:mod:`cseckg.conditions`), never from the texts: a comparison works as well for « mineur de
moins de seize ans » as for "below the age of eighteen years". A jurisdiction asked for that has
no provision stored for the concept is named as such, not left out silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import conditions, jurisdictions, lookup
from cseckg import trace as tracing
from cseckg.lookup import select
from cseckg.wording import STRENGTH, best_text, natural, version

NATIONAL = """
SELECT ?k ?p ?kind ?strength WHERE {
  ?u cseckg:concept ?k ; cseckg:inProvision ?p ;
     cseckg:useKind ?kind ; cseckg:matchStrength ?strength
} ORDER BY ?p
"""


@dataclass(frozen=True)
class Column:
    definition: str  # the definition's IRI; "" for a national provision
    provision: str
    source: str  # the source provision's label, or who states the definition where there is none
    related: tuple[str, ...]  # labels of provisions it relates to that are not its source
    stated_by: str
    relation: str  # verbatim, extract ... or how a national provision uses the notion
    status: str  # the text's verification status
    lang: str
    text: str
    jurisdiction: str  # the instrument's jurisdiction code (INT, COE, EU, LU ...)
    level: str  # international, regional, EU, national
    version: str  # how current the text is, where recorded
    conditions: tuple[conditions.Condition, ...]


@dataclass(frozen=True)
class Feature:
    name: str
    values: tuple[str, ...]  # one per column, "" where the data records nothing

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class Comparison:
    concept: str
    concept_label: str
    jurisdictions: tuple[str, ...]  # the codes asked for
    columns: tuple[Column, ...]
    features: tuple[Feature, ...]
    without_provisions: tuple[str, ...]  # codes asked for with nothing stored for the concept


def compare(
    store: ox.Store, text: str, lang: str | None = "en", codes: str | None = None
) -> Comparison:
    """The columns for the concept matching ``text``; national ones for ``codes`` ("LU,DE")."""
    states = jurisdictions.resolve(store, codes) if codes else ()
    found = tracing.trace(store, text)
    about = conditions.about(store, found.concept)
    columns = [
        _definition_column(store, d, about)
        for d in found.definitions
        if lang in (None, d.lang) and not _national_elsewhere(store, d, states)
    ]
    shown = {c.provision for c in columns}
    national = _provision_columns(store, found.concept, states, about, shown)
    columns += national
    features = tuple(
        f
        for f in (_feature(store, name, columns) for name, _ in conditions.FEATURES)
        if any(f.values)
    )
    present = {c.jurisdiction for c in national if c.level == "national"}
    return Comparison(
        concept=found.concept,
        concept_label=found.concept_label,
        jurisdictions=tuple(s.code for s in states),
        columns=tuple(columns),
        features=features,
        without_provisions=tuple(s.code for s in states if s.code not in present),
    )


def _definition_column(store: ox.Store, d: tracing.Definition, about) -> Column:
    provision = d.provision.iri if d.provision else ""
    place = _place(store, d.provision)
    return Column(
        definition=d.iri,
        provision=provision,
        source=d.provision.label if d.provision else d.stated_by,
        related=tuple(p.label for p in d.related),
        stated_by=d.stated_by,
        relation=d.relation,
        status=d.verification.status,
        lang=d.lang,
        text=d.text,
        jurisdiction=place.code if place else "",
        level=place.level if place else "",
        version=version(store, d.iri),
        conditions=_within(store, provision, about),
    )


PARTS = "SELECT ?p ?part WHERE { ?part eli:is_part_of+ ?p }"


def _within(store, provision: str, about) -> tuple[conditions.Condition, ...]:
    """The conditions set by ``provision`` or by one of its parts (points of an article)."""
    if not provision:
        return ()
    parts = [r["part"] for r in select(store, PARTS, p=ox.NamedNode(provision))]
    return tuple(c for p in [provision, *sorted(parts)] for c in about.get(p, ()))


def _national_elsewhere(store, d: tracing.Definition, states) -> bool:
    """A national definition of a State that was not asked for (or any, when none was)."""
    place = _place(store, d.provision)
    return bool(place and place.national and place.code not in {s.code for s in states})


def _provision_columns(store, concept: str, states, about, shown: set[str]) -> list[Column]:
    """National provisions of the chosen States that use the concept or set a condition about it,
    and the other provisions that set a condition about it without defining it."""
    roles: dict[str, str] = {}
    for row in select(store, NATIONAL, k=ox.NamedNode(concept)):
        strength = STRENGTH[row["strength"]]
        roles.setdefault(row["p"], f"{lookup.label(store, row['kind'])} ({strength})")
    for provision in about:
        roles.setdefault(provision, "sets a condition")
    codes = [s.code for s in states]
    columns = []
    for provision, role in roles.items():
        place = _place_of(store, provision)
        if place is None or provision in shown:
            continue
        if place.national and place.code not in codes:
            continue
        text_iri, text, lang = best_text(store, provision)
        verification = tracing.verification(store, text_iri) if text_iri else None
        columns.append(
            Column(
                definition="",
                provision=provision,
                source=lookup.label(store, provision),
                related=(),
                stated_by=lookup.label(store, _owner(store, provision)),
                relation=role,
                status=verification.status if verification else "no text stored",
                lang=lang,
                text=text,
                jurisdiction=place.code,
                level=place.level,
                version=version(store, text_iri) if text_iri else "",
                conditions=_within(store, provision, about),
            )
        )
    return sorted(columns, key=lambda c: _column_order(c, codes))


def _column_order(column: Column, codes: list[str]) -> tuple:
    place = codes.index(column.jurisdiction) if column.jurisdiction in codes else -1
    return (column.level == "national", place, natural(column.provision))


def _feature(store, name: str, columns: list[Column]) -> Feature:
    values = []
    for column in columns:
        said = [_said(store, c, column) for c in column.conditions if c.feature == name]
        values.append("; ".join(dict.fromkeys(said)))
    return Feature(name, tuple(values))


def _said(store, condition: conditions.Condition, column: Column) -> str:
    """The condition's summary, naming the part of the provision that sets it."""
    if condition.provision == column.provision:
        return condition.summary
    return f"{condition.summary} ({lookup.label(store, condition.provision)})"


def _place(store, provision) -> jurisdictions.Jurisdiction | None:
    return _place_of(store, provision.iri) if provision is not None else None


def _place_of(store, provision: str) -> jurisdictions.Jurisdiction | None:
    """The jurisdiction of the provision's instrument, each provision's and instrument's looked
    up once."""
    if not _KNOWN or _KNOWN[0][0] is not store:  # another store: forget the last one's
        _KNOWN[:] = [(store, {}, {})]
    _, owners, places = _KNOWN[0]
    if provision not in owners:
        owners[provision] = _owner(store, provision)
    owner = owners[provision]
    if owner not in places:
        places[owner] = jurisdictions.of_instrument(store, owner)
    return places[owner]


# The instrument of each provision and the jurisdiction of each instrument of the last store
# asked about (a comparison asks about the same few for every column and definition); the store
# is compared by identity, as for :func:`cseckg.lookup.label`.
_KNOWN: list[tuple[ox.Store, dict[str, str | None], dict]] = []


def _owner(store, provision: str) -> str | None:
    rows = select(store, tracing.PROVISION_INSTRUMENT, p=ox.NamedNode(provision))
    return rows[0]["i"] if rows else None
