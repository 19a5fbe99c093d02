"""The dataset description (VoID, W3C Interest Group Note 2011, section 3 and section 6.3 for
``/.well-known/void``): the release's own ``void.ttl`` when a release directory has one, else a
minimal description made from the graph: triple count, vocabularies, URI space, how to cite the
dataset (``dcterms:bibliographicCitation``), the attribution of data taken from other publishers,
SPARQL endpoint and the data dumps found in the release
directory."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from cseckg.void import ATTRIBUTION, LEGILUX_SOURCE, bibliographic_citation

DATASET = "https://w3id.org/cseckg/dataset"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DUMP_SUFFIXES = (".ttl", ".nt", ".nq", ".jsonld", ".rdf", ".trig", ".gz", ".zip")


def released(downloads: Path | None) -> list[ox.Triple] | None:
    """The triples of the release's VoID file, if the release directory has one."""
    if downloads is None:
        return None
    for name in ("void.ttl", "void.nt"):
        path = downloads / name
        if path.is_file():
            kind = ox.RdfFormat.TURTLE if name.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
            quads = ox.parse(path.read_bytes(), format=kind, base_iri=DATASET)
            return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return None


def minimal(
    store: ox.Store, sparql_endpoint: str, downloads: Path | None, base_url: str
) -> list[ox.Triple]:
    """A VoID description generated from ``store``."""
    dataset = ox.NamedNode(DATASET)
    default = ox.DefaultGraph()
    triples = [
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        ox.Triple(
            dataset,
            ox.NamedNode(DCTERMS + "title"),
            ox.Literal(
                "cseckg: legal definitions of the commercial sexual exploitation of children",
                language="en",
            ),
        ),
        ox.Triple(dataset, ox.NamedNode(VOID + "uriSpace"), ox.Literal("https://w3id.org/cseckg/")),
        ox.Triple(
            dataset,
            ox.NamedNode(DCTERMS + "bibliographicCitation"),
            ox.Literal(bibliographic_citation()),
        ),
        ox.Triple(
            dataset, ox.NamedNode(DCTERMS + "rights"), ox.Literal(ATTRIBUTION, language="en")
        ),
        ox.Triple(dataset, ox.NamedNode(DCTERMS + "source"), ox.NamedNode(LEGILUX_SOURCE)),
        ox.Triple(dataset, ox.NamedNode(VOID + "sparqlEndpoint"), ox.NamedNode(sparql_endpoint)),
        ox.Triple(
            dataset,
            ox.NamedNode(VOID + "triples"),
            ox.Literal(
                str(len(list(store.quads_for_pattern(None, None, None, default)))),
                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"),
            ),
        ),
    ]
    for vocabulary in vocabularies(store):
        triples.append(
            ox.Triple(dataset, ox.NamedNode(VOID + "vocabulary"), ox.NamedNode(vocabulary))
        )
    if downloads is not None and downloads.is_dir():
        for path in sorted(downloads.iterdir()):
            if (
                path.is_file()
                and path.name.endswith(DUMP_SUFFIXES)
                and not path.name.startswith("void.")
            ):
                url = f"{base_url.rstrip('/')}/download/{path.name}"
                triples.append(
                    ox.Triple(dataset, ox.NamedNode(VOID + "dataDump"), ox.NamedNode(url))
                )
    return triples


def vocabularies(store: ox.Store) -> list[str]:
    """The namespaces of the predicates and classes used (cut at the last ``#`` or ``/``)."""
    query = "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }"
    found = set()
    for row in store.query(query):  # type: ignore[union-attr]
        term = row["t"]
        if isinstance(term, ox.NamedNode) and not term.value.startswith("urn:"):
            value = term.value
            cut = max(value.rfind("#"), value.rfind("/"))
            found.add(value[: cut + 1])
    return sorted(found)
