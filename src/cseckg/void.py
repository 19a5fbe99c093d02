"""The dataset description of a release: VoID and DCAT 3, written as Turtle (``void.ttl``).

* The dataset ``https://w3id.org/cseckg/dataset`` and this release
  ``https://w3id.org/cseckg/release/<version>`` are both ``void:Dataset`` (VoID, W3C Interest
  Group Note 2011, section 4) and ``dcat:Dataset`` (DCAT 3, W3C Rec. 2024, section 6.6); the
  release ``dcterms:isVersionOf`` the dataset, carries ``dcat:version``, ``owl:versionInfo``,
  ``dcat:previousVersion`` / ``owl:priorVersion`` and the statistics of VoID section 4.5
  (``void:triples``, ``void:distinctSubjects``, ``void:properties``, ``void:classes``), the
  vocabularies used (``void:vocabulary``, section 4.3) and its dumps (``void:dataDump``).
* Each file is a ``dcat:Distribution`` (DCAT 3 section 6.8) with ``dcat:mediaType`` (the SSSOM
  mapping set also ``dcterms:conformsTo`` the SSSOM specification),
  ``dcat:compressFormat`` for gzip, ``dcat:byteSize`` and an ``spdx:checksum`` (SHA-256).
* How to cite the dataset: ``dcterms:bibliographicCitation`` on the dataset and on each release
  (DCMI Metadata Terms), in the words of
  ``CITATION.cff`` (authors, title, version), which a test keeps in step.
* Example queries: every named query as a SHACL ``sh:SPARQLSelectExecutable`` with its text in
  ``sh:select`` (the form of the SIB sparql-examples collections), linked with ``rdfs:seeAlso``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

BASE = "https://w3id.org/cseckg/"
DATASET = BASE + "dataset"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
SSSOM_MEDIA_TYPE = "text/tab-separated-values"
SSSOM_SPEC = "https://w3id.org/sssom/"
IANA = "https://www.iana.org/assignments/media-types/"
NS = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "spdx": "http://spdx.org/rdf/terms#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
TITLE = "cseckg: legal definitions of the commercial sexual exploitation of children"
AUTHORS = "cseckg contributors"
DESCRIPTION = (
    "An OWL/SKOS knowledge graph of the legal definitions of the commercial sexual exploitation "
    "of children (CSEC): concepts, the definitions that instruments and organisations give of "
    "them, the article or paragraph that states each definition, the instruments, and the "
    "provenance and verification status of every quoted text."
)

# Data taken from another publisher keeps its licence and attribution.
LEGILUX_SOURCE = "https://legilux.public.lu/eli/etat/leg/code/penal/20251219/fr"
ATTRIBUTION = (
    "Texts of the Luxembourg Code pénal: Ministère d'État, Service central de législation "
    "(Legilux), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); read by cseckg "
    "from the official Akoma Ntoso XML of the consolidated version applicable from 19 December "
    "2025. Everything else: cseckg contributors, CC BY 4.0."
)


@dataclass(frozen=True)
class FileInfo:
    name: str
    media_type: str
    size: int
    sha256: str
    gzip: bool = False


@dataclass(frozen=True)
class Statistics:
    triples: int
    subjects: int
    properties: int
    classes: int
    vocabularies: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    text: str


def release_iri(version: str) -> str:
    return f"{BASE}release/{version}"


def bibliographic_citation(version: str = "") -> str:
    """How to cite the dataset (or one release of it), as CITATION.cff says."""
    if version:
        return f"{AUTHORS}. {TITLE}. Version {version}. {release_iri(version)}"
    return f"{AUTHORS}. {TITLE}. {DATASET}"


def describe(
    version: str,
    previous: str,
    dates: tuple[str, str],
    stats: Statistics,
    files: Sequence[FileInfo],
    examples: Sequence[Example],
) -> list[ox.Quad]:
    """The VoID/DCAT triples of one release; ``dates`` is (first issued, this release)."""
    g = _Builder()
    release = release_iri(version)
    first, today = dates
    for node, issued in ((DATASET, first), (release, today)):
        g.add(node, "rdf:type", g.iri("void:Dataset"), g.iri("dcat:Dataset"))
        g.add(node, "dcterms:title", ox.Literal(TITLE, language="en"))
        g.add(node, "dcterms:description", ox.Literal(DESCRIPTION, language="en"))
        g.add(node, "dcterms:license", ox.NamedNode(CC_BY))
        g.add(node, "dcterms:rights", ox.Literal(ATTRIBUTION, language="en"))
        g.add(node, "dcterms:source", ox.NamedNode(LEGILUX_SOURCE))
        g.add(node, "dcterms:publisher", g.publisher())
        g.add(node, "dcterms:issued", g.typed(issued, "date"))
        g.add(node, "dcterms:modified", g.typed(today, "date"))
        g.add(node, "void:uriSpace", ox.Literal(BASE))
    g.add(DATASET, "dcterms:bibliographicCitation", ox.Literal(bibliographic_citation()))
    g.add(release, "dcterms:bibliographicCitation", ox.Literal(bibliographic_citation(version)))
    g.add(DATASET, "dcat:hasVersion", ox.NamedNode(release))
    g.add(release, "dcterms:isVersionOf", ox.NamedNode(DATASET))
    g.add(release, "dcat:version", ox.Literal(version))
    g.add(release, "owl:versionInfo", ox.Literal(version))
    if previous:
        g.add(release, "dcat:previousVersion", ox.NamedNode(release_iri(previous)))
        g.add(release, "owl:priorVersion", ox.NamedNode(release_iri(previous)))
    _statistics(g, release, stats)
    for info in files:
        _distribution(g, release, version, info)
    for example in examples:
        _example(g, release, example)
    return g.quads


def _statistics(g: _Builder, release: str, stats: Statistics) -> None:
    g.add(release, "void:triples", g.typed(str(stats.triples), "integer"))
    g.add(release, "void:distinctSubjects", g.typed(str(stats.subjects), "integer"))
    g.add(release, "void:properties", g.typed(str(stats.properties), "integer"))
    g.add(release, "void:classes", g.typed(str(stats.classes), "integer"))
    g.add(release, "void:vocabulary", *(ox.NamedNode(v) for v in stats.vocabularies))
    g.add(release, "void:rootResource", ox.NamedNode(BASE + "scheme/csec"))


def _distribution(g: _Builder, release: str, version: str, info: FileInfo) -> None:
    node = f"{release}/{info.name}"
    g.add(release, "dcat:distribution", ox.NamedNode(node))
    if info.media_type in ("application/n-triples", "application/n-quads"):
        g.add(release, "void:dataDump", ox.NamedNode(node))
    g.add(node, "rdf:type", g.iri("dcat:Distribution"))
    g.add(node, "dcterms:title", ox.Literal(f"cseckg {version}: {info.name}", language="en"))
    g.add(node, "dcterms:license", ox.NamedNode(CC_BY))
    g.add(node, "dcat:downloadURL", ox.NamedNode(node))
    g.add(node, "dcat:mediaType", ox.NamedNode(IANA + info.media_type))
    if info.gzip:
        g.add(node, "dcat:compressFormat", ox.NamedNode(IANA + "application/gzip"))
    if info.name.endswith(".sssom.tsv"):  # the mapping set the skos:*Match links derive from
        g.add(node, "dcterms:conformsTo", ox.NamedNode(SSSOM_SPEC))
    g.add(node, "dcat:byteSize", g.typed(str(info.size), "nonNegativeInteger"))
    checksum = ox.BlankNode(f"sha256-{info.name}")
    g.add(node, "spdx:checksum", checksum)
    g.add(checksum, "rdf:type", g.iri("spdx:Checksum"))
    g.add(checksum, "spdx:algorithm", g.iri("spdx:checksumAlgorithm_sha256"))
    g.add(checksum, "spdx:checksumValue", g.typed(info.sha256, "hexBinary"))


def _example(g: _Builder, release: str, example: Example) -> None:
    node = f"{BASE}query/{example.name}"
    g.add(release, "rdfs:seeAlso", ox.NamedNode(node))
    g.add(node, "rdf:type", g.iri("sh:SPARQLExecutable"), g.iri("sh:SPARQLSelectExecutable"))
    g.add(node, "rdfs:label", ox.Literal(example.title or example.name, language="en"))
    if example.description:
        g.add(node, "rdfs:comment", ox.Literal(example.description, language="en"))
    g.add(node, "sh:select", ox.Literal(example.text))
    g.add(node, "schema:target", ox.NamedNode(release))


class _Builder:
    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def iri(self, curie: str) -> ox.NamedNode:
        prefix, local = curie.split(":", 1)
        return ox.NamedNode(NS[prefix] + local)

    def typed(self, value: str, datatype: str) -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode(NS["xsd"] + datatype))

    def publisher(self) -> ox.BlankNode:
        node = ox.BlankNode("publisher")
        if not any(q.subject == node for q in self.quads):
            self.add(node, "rdf:type", self.iri("foaf:Agent"))
            self.add(node, "foaf:name", ox.Literal(AUTHORS))
        return node

    def add(self, subject: str | ox.BlankNode, predicate: str, *objects: object) -> None:
        node = ox.NamedNode(subject) if isinstance(subject, str) else subject
        for obj in objects:
            self.quads.append(ox.Quad(node, self.iri(predicate), obj))  # type: ignore[arg-type]
