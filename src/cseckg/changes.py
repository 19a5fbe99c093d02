"""Release snapshots, the change list between two releases, and the never-deleted-IRI rule.

A :class:`Snapshot` summarises one release: every IRI under ``https://w3id.org/cseckg/`` that the
graph describes (is the subject of a triple), and for each concept and definition a digest of its
description, its SKOS labels and whether it is deprecated. Snapshots are small JSON files
(``releases/<version>.json``); the IRIs of every release are also kept, sorted, one per line, in
``releases/iris.txt``.

The IRI policy (DESIGN, IRI policy) says a published IRI is never deleted: it stays described,
and when withdrawn it is deprecated with ``owl:deprecated true``, ``dcterms:isReplacedBy`` a live
IRI and a ``skos:changeNote`` (the OWL 2 ``owl:deprecated`` annotation; SKOS Reference section 6.5
change notes). :func:`iri_problems` lists every breach.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

BASE = "https://w3id.org/cseckg/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
DEFINITION = "https://w3id.org/cseckg/ontology#Definition"
DEPRECATED = "http://www.w3.org/2002/07/owl#deprecated"
REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"
CHANGE_NOTE = "http://www.w3.org/2004/02/skos/core#changeNote"
TEXT = "https://w3id.org/cseckg/ontology#text"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABELS = {SKOS + "prefLabel": "pref", SKOS + "altLabel": "alt", SKOS + "hiddenLabel": "hidden"}


@dataclass
class Entry:
    """What the change list compares for one concept or definition."""

    digest: str = ""
    text: str = ""  # digest of the cseckg:text values (definitions)
    labels: list[str] = field(default_factory=list)
    deprecated: bool = False


@dataclass
class Subject:
    """One described IRI, for the never-deleted rule."""

    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)
    change_note: bool = False


@dataclass
class Snapshot:
    version: str = ""
    version_iri: str = ""
    issued: str = ""
    triples: int = 0
    concepts: dict[str, Entry] = field(default_factory=dict)
    definitions: dict[str, Entry] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)

    def to_json(self) -> bytes:
        """The committed form: concepts and definitions (the IRIs go to ``iris.txt``)."""
        data = asdict(self)
        del data["subjects"]
        return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes) -> Snapshot:
        raw = json.loads(data)
        raw.pop("subjects", None)
        snap = cls(**{k: v for k, v in raw.items() if k not in ("concepts", "definitions")})
        snap.concepts = {k: Entry(**v) for k, v in raw.get("concepts", {}).items()}
        snap.definitions = {k: Entry(**v) for k, v in raw.get("definitions", {}).items()}
        return snap


def snapshot(triples: Iterable[ox.Quad], version: str = "", issued: str = "") -> Snapshot:
    """Summarise ``triples``, which must come grouped by subject (the canonical order does)."""
    snap = Snapshot(version=version, issued=issued)
    for subject, group in _by_subject(triples):
        snap.triples += len(group)
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(BASE):
            continue
        _describe(snap, subject.value, group)
    return snap


def _by_subject(triples: Iterable[ox.Quad]):
    subject, group = None, []  # type: ignore[var-annotated]
    for t in triples:
        if t.subject != subject:
            if group:
                yield subject, group
            subject, group = t.subject, []
        group.append(t)
    if group:
        yield subject, group


def _describe(snap: Snapshot, iri: str, group: list[ox.Quad]) -> None:
    values: dict[str, list[Any]] = {}
    for t in group:
        values.setdefault(t.predicate.value, []).append(t.object)
    deprecated = any(getattr(v, "value", "") == "true" for v in values.get(DEPRECATED, []))
    snap.subjects[iri] = Subject(
        deprecated=deprecated,
        replaced_by=sorted(str(v.value) for v in values.get(REPLACED_BY, [])),
        change_note=bool(values.get(CHANGE_NOTE)),
    )
    types = {str(getattr(v, "value", "")) for v in values.get(RDF_TYPE, [])}
    if not types & {CONCEPT, DEFINITION}:
        return
    entry = Entry(
        digest=_digest(f"{t.predicate} {t.object}" for t in group),
        text=_digest(str(v) for v in values.get(TEXT, [])),
        labels=sorted(f"{kind} {v}" for p, kind in LABELS.items() for v in values.get(p, [])),
        deprecated=deprecated,
    )
    (snap.concepts if CONCEPT in types else snap.definitions)[iri] = entry


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- changes


@dataclass(frozen=True)
class Changes:
    """Concepts and definitions added, changed, deprecated, relabelled (and removed: never
    allowed, listed so that a release shows it)."""

    previous: str
    current: str
    concepts: dict[str, tuple[str, ...]]
    definitions: dict[str, tuple[str, ...]]

    def markdown(self) -> str:
        since = f"since {self.previous}" if self.previous else "(first release)"
        lines = [f"# Changes in cseckg {self.current} {since}", ""]
        for title, groups in (("Concepts", self.concepts), ("Definitions", self.definitions)):
            lines.append(f"## {title}")
            lines.append("")
            for kind, iris in groups.items():
                lines.append(f"- {kind}: {len(iris)}")
                lines.extend(f"  - <{iri}>" for iri in iris)
            lines.append("")
        return "\n".join(lines)

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), indent=1, sort_keys=True) + "\n").encode()


def compare(old: Snapshot | None, new: Snapshot) -> Changes:
    """The change list from ``old`` (None for a first release) to ``new``."""
    before = old or Snapshot()
    return Changes(
        previous=before.version,
        current=new.version,
        concepts=_diff(before.concepts, new.concepts, "labels"),
        definitions=_diff(before.definitions, new.definitions, "text"),
    )


def _diff(old: dict[str, Entry], new: dict[str, Entry], special: str) -> dict[str, tuple]:
    kept = sorted(set(old) & set(new))
    name = "relabelled" if special == "labels" else "text changed"
    return {
        "added": tuple(sorted(set(new) - set(old))),
        "removed": tuple(sorted(set(old) - set(new))),
        "deprecated": tuple(i for i in kept if new[i].deprecated and not old[i].deprecated),
        name: tuple(i for i in kept if getattr(new[i], special) != getattr(old[i], special)),
        "changed": tuple(i for i in kept if new[i].digest != old[i].digest),
    }


# ---------------------------------------------------------------- never-deleted IRIs


def released_iris(snap: Snapshot) -> list[str]:
    """The IRIs a release publishes: every IRI under the base that the graph describes."""
    return sorted(snap.subjects)


def iri_problems(released: Iterable[str], current: Snapshot) -> list[str]:
    """One line per released IRI that disappeared, or was deprecated without a live
    replacement and a change note."""
    problems = []
    for iri in sorted(set(released)):
        found = current.subjects.get(iri)
        if found is None:
            problems.append(f"{iri}: released, now gone; deprecate it instead of deleting it")
        elif found.deprecated:
            problems.extend(_deprecation_problems(iri, found, current))
    return problems


def _deprecation_problems(iri: str, found: Subject, current: Snapshot) -> list[str]:
    problems = []
    live = [r for r in found.replaced_by if _is_live(r, current)]
    if not live:
        problems.append(f"{iri}: deprecated without dcterms:isReplacedBy a live IRI")
    if not found.change_note:
        problems.append(f"{iri}: deprecated without a skos:changeNote")
    return problems


def _is_live(iri: str, current: Snapshot) -> bool:
    found = current.subjects.get(iri)
    if found is not None:
        return not found.deprecated
    return not iri.startswith(BASE)  # an IRI outside the project is not ours to check
