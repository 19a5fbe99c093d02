"""Jurisdictions and levels: which legal order an instrument belongs to, and where that order sits
in the chain from treaty to national law (international, regional, EU, national).

A jurisdiction is named by its code (``dcterms:identifier``: INT, COE, AU, EU, or a State's ISO
3166-1 alpha-2 code), which is what ``--jurisdiction LU,DE,FR`` takes, case-insensitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import lookup
from cseckg.errors import InputError
from cseckg.lookup import select

ONT = "https://w3id.org/cseckg/ontology#"
LEVELS = ("InternationalLevel", "RegionalLevel", "EULevel", "NationalLevel")

ALL = """
SELECT ?j ?code ?level WHERE {
  ?j a cseckg:Jurisdiction ; dcterms:identifier ?code ; cseckg:level ?level
}
"""
SAME_AS = "SELECT ?j ?x WHERE { ?j schema:sameAs ?x } ORDER BY ?x"
OF_INSTRUMENT = """
SELECT ?i ?j ?code ?level WHERE {
  ?i cseckg:jurisdiction ?j . ?j dcterms:identifier ?code ; cseckg:level ?level
} LIMIT 1
"""


@dataclass(frozen=True)
class Jurisdiction:
    iri: str
    code: str  # LU, EU, INT ...
    label: str
    level: str  # international, regional, EU, national
    rank: int  # the level's place in the chain, 0 (international) to 3 (national)
    same_as: tuple[str, ...]  # e.g. the EU Publications Office country authority IRI

    @property
    def national(self) -> bool:
        return self.rank == 3


def every(store: ox.Store) -> tuple[Jurisdiction, ...]:
    """Every jurisdiction, in the order of the chain, then by code."""
    found = [_jurisdiction(store, r) for r in select(store, ALL)]
    return tuple(sorted(found, key=lambda j: (j.rank, j.code)))


def resolve(store: ox.Store, codes: str | Sequence[str]) -> tuple[Jurisdiction, ...]:
    """``"LU,DE"`` (or a list of codes) as jurisdictions, in the order given; unknown codes are an
    input error that names the known ones."""
    wanted = codes.split(",") if isinstance(codes, str) else list(codes)
    wanted = [c.strip().upper() for c in wanted if c.strip()]
    if not wanted:
        raise InputError("--jurisdiction: no jurisdiction code given")
    known = {j.code: j for j in every(store)}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise InputError(f"unknown jurisdiction {', '.join(unknown)}; known: {', '.join(known)}")
    return tuple(known[c] for c in dict.fromkeys(wanted))


def of_instrument(store: ox.Store, iri: str | None) -> Jurisdiction | None:
    """The jurisdiction of the instrument ``iri``, if it states one."""
    if not iri:
        return None
    rows = select(store, OF_INSTRUMENT, i=ox.NamedNode(iri))
    return _jurisdiction(store, rows[0]) if rows else None


def _jurisdiction(store: ox.Store, row: dict) -> Jurisdiction:
    local = row["level"].removeprefix(ONT)
    return Jurisdiction(
        iri=row["j"],
        code=row["code"],
        label=lookup.label(store, row["j"]),
        level=lookup.label(store, row["level"]),
        rank=LEVELS.index(local) if local in LEVELS else len(LEVELS),
        same_as=tuple(r["x"] for r in select(store, SAME_AS, j=ox.NamedNode(row["j"]))),
    )
