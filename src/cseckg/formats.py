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


# ---------------------------------------------------------------- HTTP content negotiation

HTML = "text/html"
# What a resource can be served as, in the server's order of preference on a tie (HTML first, so
# that a browser's ``*/*`` gets a page); each RDF type maps to its registry entry.
PAGE_MEDIA_TYPES: tuple[str, ...] = (
    HTML,
    "text/turtle",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-triples",
)
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
SUFFIX_MEDIA_TYPES = {
    ".html": HTML,
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".nt": "application/n-triples",
}
_MAX_RANGES = 64  # an Accept header with more ranges than this is read up to here


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header (RFC 9110, section 12.5.1)."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``,
        -1 no match (the most specific matching range decides, section 12.5.1)."""
        offered_type, _, offered_sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != offered_type:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == offered_sub else -1


def parse_accept(header: str | None) -> tuple[MediaRange, ...]:
    """The media ranges of an ``Accept`` header; malformed elements are skipped (a server may
    ignore what it cannot parse, RFC 9110 section 12.5.1), an absent header means ``*/*``."""
    if not header or not header.strip():
        return (MediaRange("*", "*", 1.0),)
    ranges = []
    for element in header.split(",")[:_MAX_RANGES]:
        parsed = _media_range(element)
        if parsed is not None:
            ranges.append(parsed)
    return tuple(ranges)


def _media_range(element: str) -> MediaRange | None:
    media, *params = (part.strip() for part in element.split(";"))
    kind, sep, sub = media.lower().partition("/")
    if not sep or not kind or not sub or (kind == "*" and sub != "*"):
        return None
    q = 1.0
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            if not 0.0 <= q <= 1.0:
                return None
    return MediaRange(kind, sub, q)


def negotiate(header: str | None, offers: tuple[str, ...]) -> str | None:
    """The offer the client prefers (RFC 9110, section 12.5.1): each offer gets the q of the
    most specific range that matches it; the highest q wins, ties go to the earlier offer;
    ``None`` when every offer is unacceptable (q=0 or unmatched: answer 406)."""
    ranges = parse_accept(header)
    if not ranges:  # nothing parseable: as if the header were absent
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(ranges, offer)
        if q > best_q:
            best, best_q = offer, q
    return best


def _quality(ranges: tuple[MediaRange, ...], offer: str) -> float:
    specificity, q = -1, 0.0
    for media_range in ranges:
        found = media_range.matches(offer)
        if found > specificity or (found == specificity and media_range.q > q):
            specificity, q = found, media_range.q
    return q if specificity >= 0 else 0.0
