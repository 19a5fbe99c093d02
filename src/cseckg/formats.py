"""The one registry of RDF formats: name, media type, file suffixes and the parser/serializer keys.

It feeds input parsing by suffix, ``--format`` options and (later) HTTP content negotiation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RdfFormat:
    name: str
    media_type: str
    suffixes: tuple[str, ...]
    oxigraph: str  # attribute name on pyoxigraph.RdfFormat
    rdflib: str  # rdflib parser/serializer plugin name
    quads: bool = False


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", "text/turtle", (".ttl",), "TURTLE", "turtle"),
    RdfFormat("ntriples", "application/n-triples", (".nt",), "N_TRIPLES", "nt"),
    RdfFormat("nquads", "application/n-quads", (".nq",), "N_QUADS", "nquads", quads=True),
    RdfFormat("trig", "application/trig", (".trig",), "TRIG", "trig", quads=True),
    RdfFormat("jsonld", "application/ld+json", (".jsonld", ".json"), "JSON_LD", "json-ld"),
    RdfFormat("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), "RDF_XML", "xml"),
)

BY_NAME = {f.name: f for f in FORMATS}


def for_suffix(path: Path) -> RdfFormat | None:
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def suffix_list() -> str:
    return ", ".join(s for f in FORMATS for s in f.suffixes)
