"""The documents of the full-text index, gathered from the compiled store in a few queries.

One document per resource a person looks for: a concept (its preferred, alternative and hidden
labels in every language), a definition (its text, the term its source uses), a provision (its
label, heading and its texts in every language: a provision text is part of its provision's
document, so an article is one hit), an instrument (title, short names, identifiers), terminology
advice, an organisation, a value, an event. Labels of SKOS-XL label resources belong to their
concept; the ontology's own terms are not documents.

Each document also carries what the filters need: its kind, its languages, the instruments it
belongs to (a concept: the instruments of its definitions) and their ``cseckg:jurisdiction``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from cseckg import lookup, textindex
from cseckg.fulltext import analysis

ONTOLOGY = "https://w3id.org/cseckg/ontology"
KINDS = (  # rdf:type suffix -> kind, first match wins
    ("skos/core#Concept", "concept"),
    ("#Definition", "definition"),
    ("#ProvisionText", "provision text"),
    ("#Provision", "provision"),
    ("#Instrument", "instrument"),
    ("#TermAdvice", "terminology advice"),
    ("#Organisation", "organisation"),
    ("#OrganisationalValue", "value"),
    ("#Event", "event"),
    ("#WorldCongress", "event"),
    ("#Jurisdiction", "jurisdiction"),
    ("skos-xl#Label", "label"),
    ("skos/core#ConceptScheme", "scheme"),
)
MERGED = {"label", "provision text"}  # indexed as part of another resource's document
# Data about a provision, shown with it (conditions, how it uses a concept, links between levels,
# what binds a State): the provision or instrument is the hit, these are never documents.
NOT_DOCUMENTS = tuple(
    "https://w3id.org/cseckg/ontology#" + name
    for name in (
        "Condition",
        "AgeLimit",
        "CloseInAgeException",
        "MajorityException",
        "PermittedLowerAge",
        "MeansCondition",
        "RemunerationCondition",
        "ConceptUse",
        "LevelLink",
        "BindingStatement",
    )
)
KIND_NAMES = tuple(dict.fromkeys(k for _, k in KINDS if k not in MERGED)) + ("resource",)

TYPES = "SELECT ?s ?t WHERE { ?s a ?t }"
# (predicate, rank): the display label is the best ranked, English first; the term a source
# uses (rank 10) is searched as a label, but neither names the definition nor is a key
LABELS = """
SELECT ?s ?v ?rank WHERE {
  VALUES (?p ?rank) { (skos:prefLabel 1) (rdfs:label 2) (schema:name 3) (dcterms:title 5)
    (skos:altLabel 6) (skos:hiddenLabel 7) (schema:alternateName 8) (dcterms:alternative 8)
    (dcterms:identifier 9) (cseckg:sourceTerm 10) }
  ?s ?p ?v . FILTER(isLiteral(?v))
}
"""
TEXTS = """
SELECT ?s ?v ?of ?status WHERE {
  ?s cseckg:text ?v .
  OPTIONAL { ?s cseckg:textOf ?of }
  OPTIONAL { ?s cseckg:verificationStatus ?status }
}
"""
NOTES = """
SELECT ?s ?v WHERE {
  VALUES ?p { skos:scopeNote rdfs:comment cseckg:mission schema:description
              dcterms:description }
  ?s ?p ?v . FILTER(isLiteral(?v))
}
"""
INSTRUMENTS = """
SELECT ?s ?i WHERE {
  { ?s cseckg:inInstrument ?i } UNION { ?s cseckg:statedIn ?i }
  UNION { ?s cseckg:sourceProvision/cseckg:inInstrument ?i } UNION { ?s cseckg:adviceOf ?i }
  UNION { ?d cseckg:defines ?s . ?d cseckg:statedIn|cseckg:sourceProvision/cseckg:inInstrument ?i }
  UNION { ?s a cseckg:Instrument BIND(?s AS ?i) }
}
"""
JURISDICTIONS = "SELECT ?i ?j WHERE { ?i cseckg:jurisdiction ?j }"
UNVERIFIED = "https://w3id.org/cseckg/ontology#Unverified"


@dataclass
class Document:
    iri: str
    kind: str = "resource"
    label: str = ""
    label_rank: tuple = (99,)
    texts: dict[str, list[str]] = field(default_factory=dict)  # field -> values
    langs: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)  # normalised labels
    instruments: set[str] = field(default_factory=set)
    jurisdictions: set[str] = field(default_factory=set)
    unverified: bool = False

    def add(self, kind: str, literal: ox.Literal) -> None:
        tag = literal.language or ""
        values = self.texts.setdefault(analysis.field(kind, tag), [])
        text = analysis.prepared(literal.value)
        if text not in values:
            values.append(text)
        if tag:
            self.langs.add(tag.lower())


def collect(store: ox.Store) -> list[Document]:
    """Every document of ``store``, in IRI order (so that equal scores keep one order)."""
    kinds = _kinds(store)
    docs: dict[str, Document] = {}

    def doc(iri: str) -> Document | None:
        kind = kinds.get(iri, "resource")
        if iri.startswith(ONTOLOGY) or kind in MERGED or kind == "not a document":
            return None
        if iri not in docs:
            docs[iri] = Document(iri, kind)
        return docs[iri]

    for s, v, rank in _rows(store, LABELS):
        found = doc(s.value) if isinstance(s, ox.NamedNode) else None
        if found is not None:
            _label(found, v, int(rank.value))
    _texts(store, kinds, doc)
    for s, v in _rows(store, NOTES):
        found = doc(s.value) if isinstance(s, ox.NamedNode) else None
        if found is not None:
            found.add("note", v)
    _links(store, docs)
    for d in docs.values():
        d.label = d.label or lookup.curie(d.iri)
    return [docs[iri] for iri in sorted(docs) if docs[iri].texts]


def _kinds(store: ox.Store) -> dict[str, str]:
    types: dict[str, list[str]] = {}
    for s, t in _rows(store, TYPES):
        types.setdefault(s.value, []).append(t.value)
    kinds = {}
    for iri, found in types.items():
        if any(t in NOT_DOCUMENTS for t in found):
            kinds[iri] = "not a document"
            continue
        kind = next((k for suffix, k in KINDS if any(t.endswith(suffix) for t in found)), None)
        kinds[iri] = kind or "resource"
    return kinds


SOURCE_TERM = 10


def _label(doc: Document, literal: ox.Literal, rank: int) -> None:
    doc.add("label", literal)
    if rank == SOURCE_TERM:
        return
    doc.keys.add(textindex.normalise(literal.value))
    tag = (literal.language or "").lower()
    order = (rank, tag != "en", not tag.startswith("en"), literal.value)
    if order < doc.label_rank:
        doc.label, doc.label_rank = literal.value, order


def _texts(store: ox.Store, kinds: dict[str, str], doc) -> None:
    for s, v, of, status in _rows(store, TEXTS):
        kind = kinds.get(s.value)
        owner = doc(of.value if kind == "provision text" and of is not None else s.value)
        if owner is None:
            continue
        owner.add({"definition": "definition", "provision": "provision"}.get(owner.kind, "note"), v)
        if status is not None and status.value == UNVERIFIED:
            owner.unverified = True


def _links(store: ox.Store, docs: dict[str, Document]) -> None:
    for s, i in _rows(store, INSTRUMENTS):
        if s.value in docs:
            docs[s.value].instruments.add(i.value)
    held: dict[str, set[str]] = {}
    for i, j in _rows(store, JURISDICTIONS):
        held.setdefault(i.value, set()).add(j.value)
    for d in docs.values():
        for instrument in d.instruments:
            d.jurisdictions |= held.get(instrument, set())


def _rows(store: ox.Store, query: str) -> Iterator[tuple]:
    solutions = store.query(lookup.PREFIXES + query)
    width = len(solutions.variables)  # type: ignore[union-attr]
    for row in solutions:  # type: ignore[union-attr]
        yield tuple(row[n] for n in range(width))
