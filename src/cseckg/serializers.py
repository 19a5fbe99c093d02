"""Turtle, TriG and RDF/XML written by pyoxigraph's serializers, with what they lack added here.

The input is the canonical dataset of :mod:`cseckg.export`: N-Triples (N-Quads for TriG) lines
made by pyoxigraph's own N-Triples writer, sorted. pyoxigraph's serializers write the triples in
the order they are given, with the prefixes they are given, and group consecutive triples of one
subject (and, in TriG, of one graph): sorted input gives one subject block after another, and
the same bytes on every run, whatever ``PYTHONHASHSEED``.

* Turtle (RDF 1.1 Turtle, section 2) and TriG (RDF 1.1 TriG, section 2.2): prefixed names where
  a local name allows one (with the escapes of section 6.3, ``PN_LOCAL_ESC``), ``a`` for
  ``rdf:type``, numbers and booleans in their short form when that keeps the lexical form.
* RDF/XML (RDF 1.1 XML Syntax, sections 2 and 7): one node element per subject, typed (section
  2.13) when the subject's first triple is an ``rdf:type``.

The lines are parsed back with ``lenient=True``, which skips validating IRIs and language tags
again (a third of the time): they are what pyoxigraph's writer made of what its parser had
validated, and give the same output either way (tested).

What pyoxigraph 0.5's RDF/XML serializer does not do right, each shown by a test
(``tests/test_serializers.py``), and what is done here: a CR in a literal is written raw, which
an XML reader reads as a line feed (XML 1.0 section 2.11), so it is written as ``&#13;``; a
character that XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) is written
raw, a name with no NCName after its namespace becomes an element ``prefix:`` (no QName), and an
IRI with ``.``/``..`` segments is written as it is (a reader that resolves it, as Jena does,
reads another IRI): each of these raises :class:`ValueError` naming what cannot be written.
They are found in the written document, by C-speed searches, because a raw ``<`` there only
ever opens a tag (text and attribute values have it escaped). JSON-LD, which the library writes
expanded and without a context, is :mod:`cseckg.jsonld`'s.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMLNS = "http://www.w3.org/2000/xmlns/"
# RDF 1.1 XML Syntax 7.2.5 (coreSyntaxTerms), 7.2.3, 7.2.4 (oldTerms): never a property element.
RESERVED = tuple(
    RDF + name
    for name in (
        *("RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "Description"),
        *("aboutEach", "aboutEachPrefix", "bagID", "li"),
    )
)
# XML 1.0 section 2.2 Char excludes C0 controls but tab, LF and CR (found by bytes.translate,
# ten times faster than a regular expression), and U+FFFE, U+FFFF (as UTF-8).
_CONTROLS = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_NOT_CHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")
# A tag whose name ends in ":", a prefix without a local part: no QName (Namespaces in XML 1.0
# section 4). An element named with the reserved prefix xmlns is looked for apart (faster).
_NO_QNAME = re.compile(rb'<[^\s<>/?!":]*:(?=[\s/>])')
# A "." or ".." path segment (RFC 3986 section 3.3), at the end of an attribute value or not.
_DOT_SEGMENT = re.compile(rb'/\.\.?(?=[/?#"])')


def turtle(nt: bytes, prefixes: dict[str, str]) -> bytes:
    """Sorted N-Triples ``nt`` as Turtle."""
    return _library(nt, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, prefixes)


def trig(nq: bytes, prefixes: dict[str, str]) -> bytes:
    """N-Quads ``nq`` (each graph's lines together, sorted) as TriG, one block per graph."""
    return _library(nq, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, prefixes)


def rdfxml(nt: bytes, prefixes: dict[str, str]) -> bytes:
    """Sorted N-Triples ``nt`` as RDF/XML; :class:`ValueError` for what it cannot hold."""
    try:
        document = _library(nt, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, prefixes)
    except OSError:  # pyoxigraph's answer to a reserved term as a predicate
        used = [iri for iri in RESERVED if f"> <{iri}> ".encode() in nt]
        raise ValueError(
            f"RDF/XML cannot use <{used[0] if used else RDF}> as a property (RDF 1.1 XML Syntax "
            "7.2)"
        ) from None
    _check_xml(document)
    return document.replace(b"\r", b"&#13;")  # only a literal holds a CR (IRIs cannot)


def _library(data: bytes, source: ox.RdfFormat, target: ox.RdfFormat, prefixes) -> bytes:
    parsed = ox.parse(data, format=source, lenient=True)
    return ox.serialize(parsed, format=target, prefixes=prefixes) or b""


def _check_xml(document: bytes) -> None:
    """Raise :class:`ValueError` for the first thing in ``document`` that is not XML 1.0 with
    namespaces, or that a reader would read as another graph."""
    if len(document.translate(None, _CONTROLS)) != len(document) or _NOT_CHARACTER.search(document):
        found = _NOT_XML.search(document)
        raise ValueError(
            f"a literal of {_subject_at(document, found.start() if found else 0)} holds a "
            "character that XML 1.0 does not allow (a control character other than tab, LF and "
            "CR, or U+FFFE, U+FFFF): RDF/XML cannot hold it"
        )
    found = _NO_QNAME.search(document)
    if found is None and b"<xmlns:" in document:
        found = re.search(rb"<xmlns:[^\s/>]*", document)
    if found is not None:
        raise ValueError(
            f"RDF/XML cannot write <{_element_iri(document, found)}> as a property or a class: its "
            "IRI does not end in an XML name (NCName), so it has no QName"
        )
    for found in _DOT_SEGMENT.finditer(document):
        if document.rfind(b"<", 0, found.start()) > document.rfind(b">", 0, found.start()):
            raise ValueError(
                f"RDF/XML cannot hold the IRI <{_attribute_at(document, found.start())}>: a reader "
                "would resolve its '.' or '..' segments into another IRI"
            )


def _subject_at(document: bytes, at: int) -> str:
    """The subject of the node element around ``at`` (node elements open a line with one tab)."""
    start = document.rfind(b"\n\t<", 0, at)
    tag = document[start : document.find(b">", start)]
    found = re.search(rb'rdf:(about|nodeID)="([^"]*)"', tag)
    if found is None:
        return "a resource"
    value = _unescaped(found[2])
    return f"<{value}>" if found[1] == b"about" else f"_:{value}"


def _element_iri(document: bytes, found: re.Match[bytes]) -> str:
    """The IRI named by the element ``found`` opens: its prefix's namespace plus its name."""
    name = found[0][1:].decode()
    prefix, _, local = name.partition(":")
    if prefix == "xmlns":  # pyoxigraph's name for an IRI in the namespace of xmlns itself
        return XMLNS + local
    tag = document[found.start() : document.find(b">", found.start())].decode()
    declared = re.search(f' xmlns:{re.escape(prefix)}="([^"]*)"', tag)
    if declared is None:  # declared on the root element
        root = document[: document.find(b">", document.find(b"<rdf:RDF"))].decode()
        declared = re.search(f' xmlns:{re.escape(prefix)}="([^"]*)"', root)
    return _unescaped(declared[1].encode()) + local if declared else name


def _attribute_at(document: bytes, at: int) -> str:
    start = document.rfind(b'"', 0, at) + 1
    return _unescaped(document[start : document.find(b'"', at)])


def _unescaped(value: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(value.decode(), {"&quot;": '"', "&apos;": "'"})
