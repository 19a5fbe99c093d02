"""Where each IRI of the graph lives on the web server and in the static site.

Every IRI under ``https://w3id.org/cseckg/`` maps to the path after that base
(``concept/child`` -> ``/concept/child``); the ontology's hash IRIs (``ontology#Term``) live on the
``/ontology`` page, at the anchor ``#Term``, as a browser strips the fragment before asking
(RFC 3986, section 3.5). A suffix (``.ttl``, ``.jsonld``, ``.rdf``, ``.nt``, ``.html``) asks for one
format and overrides the ``Accept`` header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cseckg import formats

BASE = "https://w3id.org/cseckg/"
ONTOLOGY = BASE + "ontology"
# Path segments are lower-case slugs (the IRI policy); anything else is not one of our IRIs.
_SEGMENT = re.compile(r"[a-z0-9][a-z0-9\-_]*")


@dataclass(frozen=True)
class Target:
    """A request path read as an IRI and, when a suffix was given, the media type it asks for."""

    iri: str
    media_type: str | None


def path_of(iri: str) -> str | None:
    """The server path of ``iri`` (``/concept/child``, ``/ontology#Term``), or None if foreign."""
    if not iri.startswith(BASE):
        return None
    return "/" + iri[len(BASE) :]


def link(iri: str) -> str:
    """A link for a page: the local path of our IRIs, the IRI itself for anyone else's."""
    return path_of(iri) or iri


def target(path: str) -> Target | None:
    """The IRI a request path names, or None when it cannot be one of ours (bad segments,
    ``..``, empty segments, upper case): such paths get 404 without touching the store."""
    media_type = None
    for suffix, kind in formats.SUFFIX_MEDIA_TYPES.items():
        if path.endswith(suffix):
            path, media_type = path[: -len(suffix)], kind
            break
    segments = path[1:].split("/")
    if not path.startswith("/") or not all(_SEGMENT.fullmatch(s) for s in segments):
        return None
    return Target(BASE + "/".join(segments), media_type)


def file_of(iri: str, suffix: str) -> str:
    """The static site's file for ``iri`` (``concept/child.ttl``), relative to the site root."""
    local = iri[len(BASE) :].split("#", 1)[0]
    return f"{local}{suffix}"
