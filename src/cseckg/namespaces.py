"""The vocabularies' prefixes that cseckg writes with, in one place for every writer.

:data:`PREFIXES` are the prefixes of the Turtle, TriG and RDF/XML exports (the vocabularies, never
the data's own slash IRIs, which stay whole there as in the committed Turtle) and the core of the
JSON-LD context (:func:`cseckg.jsonld.context`, which adds the project's own namespaces). A module
of its own so that the exporter and the JSON-LD writer share them without importing each other.
"""

from __future__ import annotations

PREFIXES = {
    "cseckg": "https://w3id.org/cseckg/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pav": "http://purl.org/pav/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "skosxl": "http://www.w3.org/2008/05/skos-xl#",
    "sssom": "https://w3id.org/sssom/",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
