"""Compact, readable JSON-LD 1.1 with the published ``@context``, written without a network.

cseckg's own writer, because pyoxigraph's JSON-LD serializer (0.5) cannot write this: it ignores
the prefixes it is given and writes expanded JSON-LD (no ``@context``, every IRI whole, every
value in an array, ``rdf:type`` as a property, all on one line); ``tests/test_serializers.py``
shows it. The other formats are the library's (:mod:`cseckg.serializers`).

The context (shipped as ``ontology/context.jsonld``, and embedded whole in every export so that a
reader never fetches it) holds only prefix definitions (JSON-LD 1.1 section 4.4, compact IRIs):
the vocabularies of :data:`cseckg.namespaces.PREFIXES` and the project's own namespaces
(``concept:child``, ``instrument:crc/art-1``, ``definition:crc-art-1``...). Every prefix IRI ends
with ``/`` or ``#``, so it is a prefix in JSON-LD 1.1 (Create Term Definition, step 14.2).

The document is a flat ``@graph`` of node objects (JSON-LD 1.1 section 4.9), one per subject in
canonical order. Values keep their exact lexical form: a plain string is an ``xsd:string``
literal; other literals are value objects with ``@language`` or ``@type`` (section 4.2), never
JSON numbers or booleans, so nothing is reinterpreted; IRIs are ``{"@id": ...}``; ``rdf:type``
values that are IRIs become ``@type``.

:func:`write_lines` works on canonical N-Triples bytes (RDF 1.1 N-Triples, one ``S P O .`` line
per triple, each subject's lines together) without making a term object per triple: each line is
split on its first two spaces, and each distinct term is turned into JSON text once, by its bytes
(a graph repeats its predicates, classes and controlled values). Escapes are decoded (section 2.4,
ECHAR and UCHAR) only in a term that holds a backslash. RDF 1.2 terms (a literal with a base
direction, a triple term) raise :class:`ValueError` rather than being written without what they
add.
"""

from __future__ import annotations

import functools
import io
import json
import re
from itertools import chain
from json.encoder import encode_basestring

from cseckg.namespaces import PREFIXES

BASE = "https://w3id.org/cseckg/"
OWN_NAMESPACES: tuple[str, ...] = ("advice", "concept", "definition", "event", "instrument")
OWN_NAMESPACES += ("label", "organisation", "scheme", "vocabulary")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
INDENT = "    "
# The JSON string of a str, as json.dumps(..., ensure_ascii=False) writes it.
_string = encode_basestring


def context() -> dict[str, str]:
    """The ``@context`` object: prefix -> namespace IRI, sorted by prefix."""
    found = dict(PREFIXES)
    found.update({name: f"{BASE}{name}/" for name in OWN_NAMESPACES})
    return dict(sorted(found.items()))


def context_document() -> bytes:
    """The published context file: ``{"@context": {...}}``."""
    text = json.dumps({"@context": context()}, indent=2, ensure_ascii=False)
    return (text + "\n").encode()


class _Compactor:
    """IRI -> compact IRI (``prefix:suffix``) with the longest matching namespace whose suffix is
    not empty and does not start with ``//`` (JSON-LD 1.1 section 4.1.5: that would read as an
    absolute IRI)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace = {iri: name for name, iri in prefixes.items()}
        self.names = frozenset(prefixes)
        namespaces = sorted((iri for iri in self.by_namespace if iri[-1:] in "/#"), key=len)
        namespaces.reverse()  # the alternatives are tried in order: the longest match first
        self.longest = re.compile("|".join(map(re.escape, namespaces)))
        # The same on the bytes of an N-Triples IRI, and the start of its JSON string.
        escaped = b"|".join(re.escape(iri.encode()) for iri in namespaces)
        self.longest_in_iriref = re.compile(b"<(" + escaped + b")")
        self.json_start = {
            iri.encode(): _string(f"{name}:")[:-1].encode() for name, iri in prefixes.items()
        }

    def __call__(self, iri: str) -> str:
        found = self.longest.match(iri)
        if found is None:
            return self._whole(iri)
        suffix = iri[found.end() :]
        if suffix and not suffix.startswith("//"):
            return f"{self.by_namespace[found.group()]}:{suffix}"
        return self._shorter(iri)

    def _whole(self, iri: str) -> str:
        """``iri`` as it is, unless a reader would take it for a compact IRI: an IRI whose scheme
        is one of the prefixes (``<schema:Thing>``) would come back expanded (JSON-LD 1.1, IRI
        Compaction, "IRI confused with prefix"), so it cannot be written."""
        scheme, colon, rest = iri.partition(":")
        if colon and scheme in self.names and not rest.startswith("//"):
            raise ValueError(
                f"JSON-LD cannot hold the IRI <{iri}>: it reads as the compact IRI {iri} of the "
                f"prefix {scheme!r} of the context"
            )
        return iri

    def _shorter(self, iri: str) -> str:
        """The slow way, namespace by namespace, for when the longest one does not fit."""
        end = len(iri) - 1
        while end > 0:
            end = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))
            if end < 0:
                break
            name = self.by_namespace.get(iri[: end + 1])
            suffix = iri[end + 1 :]
            if name is not None and suffix and not suffix.startswith("//"):
                return f"{name}:{suffix}"
        return self._whole(iri)


@functools.lru_cache(maxsize=4)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> _Compactor:
    return _Compactor(dict(prefixes))


def write_lines(nt: bytes) -> bytes:
    """The JSON-LD document of N-Triples ``nt``, as pyoxigraph writes them (single spaces between
    terms, each line ending in " .\\n") with the lines of a subject together, as in the canonical
    order; a line that does not fit raises :class:`ValueError`."""
    ctx = context()
    terms = _Terms(_compactor(tuple(ctx.items())))
    head = json.dumps(ctx, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    out = [b'{\n  "@context": ', head.encode(), b',\n  "@graph": [']
    key_of, value_of, type_of, rdf_type = terms.keys, terms.values, terms.types, terms.rdf_type
    subject = None
    node: dict[bytes, bytes] = {}  # key -> its first value, in the order of the lines
    more: dict[bytes, list[bytes]] = {}  # key -> its values, for a key with several
    for line in io.BytesIO(nt):  # one line at a time: faster than a list of them all
        s, p, o = line.split(b" ", 2)  # an IRI or blank node label holds no space
        if s != subject:
            if subject is not None:
                _node_text(out, terms.node_id(subject), node, more)
            subject, node, more = s, {}, {}
        key = key_of.get(p) or terms.key(p)
        if key is rdf_type and o[:1] == b"<":  # an IRI: a value of @type
            key = _TYPE_KEY
            value = type_of.get(o) or terms.type_value(o)
        else:
            value = value_of.get(o) or terms.value(o)
        if key not in node:
            node[key] = value
        elif key in more:
            more[key].append(value)
        else:
            more[key] = [node[key], value]
    if subject is not None:
        _node_text(out, terms.node_id(subject), node, more)
    if len(out) > 3:
        out[3] = out[3][1:]  # the first node follows "[" without a comma
    out.append(b"\n  ]\n}\n")
    return b"".join(out)


_TYPE_KEY = b',\n      "@type": '
_NODE_START = b',\n    {\n      "@id": '
_NODE_END = b"\n    }"


def _node_text(
    out: list[bytes], node_id: bytes, node: dict[bytes, bytes], more: dict[bytes, list[bytes]]
) -> None:
    """Append one node object: ``@id``, then ``@type``, then the other keys in their order."""
    for key, values in more.items():
        node[key] = b"[" + b", ".join(values) + b"]"
    types = node.pop(_TYPE_KEY, None)
    out += (_NODE_START, node_id)
    if types is not None:
        out += (_TYPE_KEY, types)
    out += chain.from_iterable(node.items())
    out.append(_NODE_END)


class _Terms:
    """The JSON text of N-Triples terms, cached by their bytes. An object keeps the line's
    trailing " .\\n" so that the line needs no further slicing."""

    def __init__(self, compact: _Compactor) -> None:
        self.compact = compact
        self.keys: dict[bytes, bytes] = {}  # <predicate> -> ',\n      "key": '
        self.values: dict[bytes, bytes] = {}  # 'object .\n' -> JSON value
        self.types: dict[bytes, bytes] = {}  # '<class> .\n' -> JSON string
        self.ids: dict[bytes, bytes] = {}  # <IRI> or _:label -> JSON string
        self.around: dict[bytes, tuple[bytes, bytes]] = {}  # '@tag' or '^^<datatype>' -> ...
        self.rdf_type = self.key(f"<{RDF_TYPE}>".encode())

    def key(self, predicate: bytes) -> bytes:
        text = _string(self.compact(_iri(predicate)))
        found = self.keys[predicate] = f",\n      {text}: ".encode()
        return found

    def type_value(self, obj: bytes) -> bytes:
        found = self.types[obj] = self.node_id(_term(obj))
        return found

    def value(self, obj: bytes) -> bytes:
        """A node reference ``{"@id": ...}``, or a literal: a string or a value object."""
        term = _term(obj)
        is_node = term[:1] != b'"'
        found = b'{"@id": ' + self.node_id(term) + b"}" if is_node else self._literal(term)
        self.values[obj] = found
        return found

    def node_id(self, term: bytes) -> bytes:
        """The JSON string of an IRI (compacted) or a blank node ``_:label``."""
        found = self.ids.get(term)
        if found is not None:
            return found
        # The common case, on the bytes: a plain IRI in a namespace, with a suffix that
        # _Compactor would accept. Anything else takes the way of the str.
        short = self.compact.longest_in_iriref.match(term)
        suffix = term[short.end() : -1] if short else b""
        if (
            suffix[:2] not in (b"", b"//")
            and term[-1:] == b">"
            and _plain(suffix, _ESCAPED_IN_IRIREF)
        ):
            found = self.compact.json_start[short[1]] + suffix + b'"'  # type: ignore[index]
        elif term[:1] == b"<":
            found = _string(self.compact(_iri(term))).encode()
        elif term[:2] == b"_:" and len(term) > 2:
            found = _string(term.decode()).encode()
        else:
            raise ValueError(f"N-Triples: not an IRI or blank node: {term[:80]!r}")
        self.ids[term] = found
        return found

    def _literal(self, term: bytes) -> bytes:
        end = term.rindex(b'"')  # the closing quote: a tag or datatype IRI holds none
        if end == 0:
            raise ValueError(f"N-Triples: not a literal: {term[:80]!r}")
        suffix = term[end + 1 :]
        before, after = self.around.get(suffix) or self._around(suffix)
        lexical = term[1:end]
        if _plain(lexical, _ESCAPED_IN_LITERAL):
            return before + term[: end + 1] + after
        text = lexical.decode()
        if not _STRING_LITERAL_QUOTE.fullmatch(text):
            raise ValueError(f"N-Triples: not a literal: {term[:80]!r}")
        return before + _string(_unescape(text)).encode() + after

    def _around(self, suffix: bytes) -> tuple[bytes, bytes]:
        """What comes before and after the JSON string of a literal with this language tag or
        datatype: nothing for an ``xsd:string``, else the start and end of a value object."""
        if suffix[:1] == b"@":  # pyoxigraph keeps language tags in lower case
            if b"--" in suffix:
                raise ValueError(
                    f"N-Triples: a base direction (RDF 1.2) is not written: {suffix!r}"
                )
            tag = _string(suffix[1:].decode("ascii").lower())
            found = (f'{{"@language": {tag}, "@value": '.encode(), b"}")
        elif not suffix:
            found = (b"", b"")
        elif suffix[:2] == b"^^":
            datatype = _iri(suffix[2:])
            if datatype == XSD_STRING:
                found = (b"", b"")
            else:
                found = (f'{{"@type": {_string(self.compact(datatype))}, "@value": '.encode(), b"}")
        else:
            raise ValueError(f"N-Triples: not a literal: {suffix[:80]!r}")
        self.around[suffix] = found
        return found


def _term(obj: bytes) -> bytes:
    """The object term of ``obj``, the rest of a line after the predicate."""
    if not obj.endswith(b" .\n"):
        raise ValueError(f"N-Triples: a line does not end with ' .' and a newline: {obj[-80:]!r}")
    return obj[:-3]


# The bytes that RDF 1.1 N-Triples does not allow in an IRIREF (production [8]), where "\" starts
# a UCHAR; those that it writes escaped in a literal (section 2.4), as JSON must (RFC 8259, 7).
_NOT_IN_IRIREF = bytes(range(0x21)) + b'<>"{}|^`'
_ESCAPED_IN_IRIREF = _NOT_IN_IRIREF + b"\\"
_ESCAPED_IN_LITERAL = bytes(range(0x20)) + b'"\\'


def _plain(data: bytes, special: bytes) -> bool:
    """Whether ``data`` holds none of the bytes ``special``, checking that it is UTF-8."""
    if len(data.translate(None, special)) != len(data):  # faster than a regular expression
        return False
    if not data.isascii():
        data.decode()
    return True


def _iri(term: bytes) -> str:
    if term[:1] != b"<" or term[-1:] != b">" or not _plain(term[1:-1], _NOT_IN_IRIREF):
        raise ValueError(f"N-Triples: not an IRI: {term[:80]!r}")
    text = term[1:-1].decode()
    if "\\" not in text:
        return text
    if _NOT_UCHAR.search(text):
        raise ValueError(
            f"N-Triples: only \\u and \\U escapes are allowed in an IRI: {term[:80]!r}"
        )
    return _unescape(text)


# Between the quotes of STRING_LITERAL_QUOTE (production [9]); _unescape checks the escapes.
_STRING_LITERAL_QUOTE = re.compile(r'(?:[^"\\\n\r]|\\.)*', re.DOTALL)  # one way to match
_NOT_UCHAR = re.compile(r"\\(?![uU])")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.?)", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    """``text`` with N-Triples escapes decoded: ECHAR and UCHAR (RDF 1.1 N-Triples, section 2.4
    and productions [153s] and [10])."""
    return _ESCAPE.sub(_unescaped, text)


def _unescaped(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        point = int(code[1:], 16)
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            raise ValueError(f"N-Triples: \\{code} is not a Unicode scalar value")
        return chr(point)
    found = _ECHAR.get(code)
    if found is None:
        raise ValueError(f"N-Triples: unknown escape \\{code}")
    return found
