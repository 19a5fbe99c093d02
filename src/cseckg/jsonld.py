"""Compact, readable JSON-LD 1.1 with the published ``@context``, written without a network.

The context (shipped as ``ontology/context.jsonld``, and embedded whole in every export so that a
reader never fetches it) holds only prefix definitions (JSON-LD 1.1 section 4.4, compact IRIs):
the vocabularies of :data:`cseckg.export.PREFIXES` and the project's own namespaces
(``concept:child``, ``instrument:crc/art-1``, ``definition:crc-art-1``...). Every prefix IRI ends
with ``/`` or ``#``, so it is a prefix in JSON-LD 1.1 (Create Term Definition, step 14.2).

The document is a flat ``@graph`` of node objects (JSON-LD 1.1 section 4.9), one per subject in
canonical order. Values keep their exact lexical form: a plain string is an ``xsd:string``
literal; other literals are value objects with ``@language`` or ``@type`` (section 4.2), never
JSON numbers or booleans, so nothing is reinterpreted; IRIs are ``{"@id": ...}``; ``rdf:type``
values that are IRIs become ``@type``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

BASE = "https://w3id.org/cseckg/"
OWN_NAMESPACES: tuple[str, ...] = ("advice", "concept", "definition", "event", "instrument")
OWN_NAMESPACES += ("label", "organisation", "scheme")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
INDENT = "    "
_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per value


def context() -> dict[str, str]:
    """The ``@context`` object: prefix -> namespace IRI, sorted by prefix."""
    from cseckg.export import PREFIXES

    found = dict(PREFIXES)
    found.update({name: f"{BASE}{name}/" for name in OWN_NAMESPACES})
    return dict(sorted(found.items()))


def context_document() -> bytes:
    """The published context file: ``{"@context": {...}}``."""
    text = json.dumps({"@context": context()}, indent=2, ensure_ascii=False)
    return (text + "\n").encode()


class _Compactor:
    """IRI -> compact IRI (``prefix:suffix``) with the longest matching namespace, cached."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace = {iri: name for name, iri in prefixes.items()}
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            found = self.cache[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        end = len(iri) - 1
        while end > 0:
            end = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))
            if end < 0:
                break
            name = self.by_namespace.get(iri[: end + 1])
            suffix = iri[end + 1 :]
            if name is not None and suffix and not suffix.startswith("//"):
                return f"{name}:{suffix}"
        return iri


def write(triples: Iterable[ox.Quad | ox.Triple]) -> bytes:
    """``triples`` (grouped by subject, as the canonical order gives them) as a JSON-LD document."""
    ctx = context()
    compact = _Compactor(ctx)
    head = json.dumps(ctx, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    parts = ['{\n  "@context": ', head, ',\n  "@graph": [']
    first = True
    for subject, keys in _nodes(triples, compact):
        parts.append("\n" if first else ",\n")
        parts.append(_node_text(subject, keys))
        first = False
    parts.append("\n  ]\n}\n")
    return "".join(parts).encode()


def _nodes(triples: Iterable[ox.Quad | ox.Triple], compact: _Compactor):
    """(encoded @id, {encoded key: [encoded values]}) per subject. Every term is encoded to its
    JSON text once (a graph repeats its predicates, classes and controlled values)."""
    keys: dict[Any, str] = {}
    values: dict[Any, str] = {}
    subject = None
    node: dict[str, list[str]] = {}
    for t in triples:
        if t.subject != subject:
            if subject is not None:
                yield _encode(_id(subject, compact)), node
            subject, node = t.subject, {}
        obj = t.object
        predicate = t.predicate
        key = keys.get(predicate)
        if key is None:
            key = keys[predicate] = _encode(compact(predicate.value))
        if predicate.value == RDF_TYPE and type(obj) is ox.NamedNode:
            key = '"@type"'
            value = _encode(compact(obj.value))
        else:
            cached = values.get(obj)
            value = cached if cached is not None else _encode(_value(obj, compact))
            values[obj] = value
        found = node.get(key)
        if found is None:
            node[key] = [value]
        else:
            found.append(value)
    if subject is not None:
        yield _encode(_id(subject, compact)), node


def _id(term: Any, compact: _Compactor) -> str:
    return compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term: Any, compact: _Compactor) -> Any:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@language": term.language, "@value": term.value}
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return term.value
        return {"@type": compact(datatype), "@value": term.value}
    return {"@id": _id(term, compact)}


def _node_text(subject: str, node: dict[str, list[str]]) -> str:
    pad = INDENT + "  "
    lines = [f'{pad}"@id": {subject}']
    types = node.pop('"@type"', None)
    for key, found in ([('"@type"', types)] if types else []) + list(node.items()):
        value = found[0] if len(found) == 1 else "[" + ", ".join(found) + "]"
        lines.append(f"{pad}{key}: {value}")
    return f"{INDENT}{{\n" + ",\n".join(lines) + f"\n{INDENT}}}"
