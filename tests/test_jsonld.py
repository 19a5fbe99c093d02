"""JSON-LD from N-Triples bytes: the same document, byte for byte, as the writer over pyoxigraph
terms that it replaced (kept below as the reference), and the same triples when read back."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from itertools import groupby

import pyoxigraph as ox
import pytest

from cseckg import jsonld

from .ntdata import canonical

NT = ox.RdfFormat.N_TRIPLES

# Every hard case for a literal, an IRI or a blank node, as Turtle: pyoxigraph writes it as the
# canonical N-Triples that the exporter hands to the writer.
HARD = """\
@prefix concept: <https://w3id.org/cseckg/concept/> .
@prefix ex: <https://example.org/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

concept:child a skos:Concept , ex:Thing , _:class ;
    skos:prefLabel "child"@en , "enfant"@fr , "Kind"@de-CH , "兒童"@zh-Hant-TW ;
    skos:note "say \\"hi\\"" , "back\\\\slash" , "two\\nlines" , "tab\\there" , "cr\\rhere" ,
        "bell\\u0007 unit\\u001F del\\u007F nul\\u0000 bs\\b ff\\f" , "emoji 🧒 \\U0001F600" ,
        "e\\u0301 and \\u00E9" , "not a blank node: _:b0" , "" , "'single' quotes" ,
        "line\\u2028separator" , "LONG" ;
    ex:date "2026-11-29"^^xsd:date ;
    ex:count "01"^^xsd:nonNegativeInteger ;
    ex:flag "1"^^xsd:boolean , "true"^^xsd:boolean ;
    ex:custom "x y"^^ex:type , "z"^^<urn:example:datatype> ;
    ex:explicit "explicit"^^xsd:string ;
    ex:link <https://w3id.org/cseckg/concept/> , <https://schema.org//one-slash> ,
        <https://schema.org///two-slashes> , <http://example.org/path/a#fragment> ,
        <urn:isbn:0451450523> , <https://w3id.org/cseckg/concept/a/b#c> ,
        <http://www.w3.org/2004/02/skos/core#> , <https://w3id.org/cseckg/concept/é> ;
    <http://www.w3.org/2004/02/skos/core#> "a predicate that is a namespace" ;
    ex:blank _:b1 , [ ex:p "inner" ; ex:q [ ex:p "deeper" ] ] .
_:b1 a _:class , skos:Concept ; ex:p "blank subject" , "another" .
_:class skos:prefLabel "a class that is a blank node"@en .
"""

# Valid N-Triples that pyoxigraph would not write: escapes it does not use, raw control
# characters, upper-case tags, an explicit xsd:string, a UCHAR in an IRI, rdf:type with a literal,
# keys that come back after another key, a subject in two runs, an IRI that reads as a compact
# IRI ("rdf:type", whose key is that of rdf:type), blank node labels pyoxigraph would not pick.
S, P, TYPE = "<https://example.org/raw>", "<https://example.org/p>", f"<{jsonld.RDF_TYPE}>"
RAW_LINES = [
    f'{S} {P} "caf\\u00E9 \\U0001F600 it\\\'s \\t \\b \\f \\"q\\""@EN-gb .',
    f'{S} {P} "raw\ttab, raw \x01 and raw \x7f" .',
    f'{S} {P} "raw\ttab alone" .',
    f'{S} {P} "raw \x1f alone" .',
    f'{S} {P} "s"^^<http://www.w3.org/2001/XMLSchema#string> .',
    f"{S} <https://example.org/p\\u0041> <https://w3id.org/cseckg/concept/caf\\u00E9> .",
    f"{S} {P} <https://w3id.org/cseckg/concept/ünï> .",
    f'{S} {TYPE} "a literal" .',
    f"{S} {TYPE} <https://example.org/T1> .",
    f'{S} <https://example.org/q> "x" .',
    f"{S} {TYPE} <https://example.org/T2> .",
    f'{S} {P} "later" .',
    f"{S} {TYPE} _:ké.y .",
    f'_:ké.y {P} "x"^^<https://example.org/dt\\u0041> .',
    f'{S} {P} "again: a second node for this subject" .',
]
RAW = "".join(line + "\n" for line in RAW_LINES).encode()


# ---------------------------------------------------------------- the reference


def reference(triples: Iterable[ox.Quad | ox.Triple]) -> bytes:
    """The writer over pyoxigraph terms that :func:`cseckg.jsonld.write_lines` replaced, as it
    was (commit 015a255): the document each input must give, byte for byte."""
    ctx = jsonld.context()
    compact = _ReferenceCompactor(ctx)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head = json.dumps(ctx, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    nodes = []
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node: dict[str, list[str]] = {}
        for t in group:
            if t.predicate.value == jsonld.RDF_TYPE and type(t.object) is ox.NamedNode:
                key, value = '"@type"', encode(compact(t.object.value))
            else:
                key, value = encode(compact(t.predicate.value)), encode(_value(t.object, compact))
            node.setdefault(key, []).append(value)
        nodes.append(_node_text(encode(_id(subject, compact)), node))
    graph = "\n" + ",\n".join(nodes) if nodes else ""
    return f'{{\n  "@context": {head},\n  "@graph": [{graph}\n  ]\n}}\n'.encode()


class _ReferenceCompactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace = {iri: name for name, iri in prefixes.items()}

    def __call__(self, iri: str) -> str:
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


def _id(term, compact) -> str:
    return compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term, compact):
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@language": term.language, "@value": term.value}
        if term.datatype.value == jsonld.XSD_STRING:
            return term.value
        return {"@type": compact(term.datatype.value), "@value": term.value}
    return {"@id": _id(term, compact)}


def _node_text(subject: str, node: dict[str, list[str]]) -> str:
    pad = jsonld.INDENT + "  "
    lines = [f'{pad}"@id": {subject}']
    types = node.pop('"@type"', None)
    for key, found in ([('"@type"', types)] if types else []) + list(node.items()):
        value = found[0] if len(found) == 1 else "[" + ", ".join(found) + "]"
        lines.append(f"{pad}{key}: {value}")
    return f"{jsonld.INDENT}{{\n" + ",\n".join(lines) + f"\n{jsonld.INDENT}}}"


# ---------------------------------------------------------------- inputs


def hard_graph() -> bytes:
    long_text = 'Synthetic long text with \\"quotes\\" and\\nnewlines. ' * 4000
    turtle = HARD.replace('"LONG"', f'"{long_text}"@en')
    return canonical(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))


def shuffled_within_subjects(nt: bytes, seed: int) -> bytes:
    """The same triples, grouped by subject but in no sorted order."""
    rng = random.Random(seed)
    groups = [
        list(lines) for _, lines in groupby(nt.splitlines(True), lambda line: line.split(b" ")[0])
    ]
    for lines in groups:
        rng.shuffle(lines)
    rng.shuffle(groups)
    return b"".join(line for lines in groups for line in lines)


# ---------------------------------------------------------------- byte for byte


def assert_same_as_reference(nt: bytes) -> bytes:
    written = jsonld.write_lines(nt)
    expected = reference(ox.parse(nt, format=NT))
    assert written == expected, _first_difference(written, expected)
    return written


def _first_difference(written: bytes, expected: bytes) -> str:
    at = next((i for i, (a, b) in enumerate(zip(written, expected, strict=False)) if a != b), None)
    at = min(len(written), len(expected)) if at is None else at
    return f"first difference at byte {at}: {written[at - 80 : at + 80]!r}"


def test_the_shipped_graph(shipped):
    written = assert_same_as_reference(shipped)
    assert written.count(b'\n      "@id": ') == len(
        {line.split(b" ")[0] for line in shipped.splitlines()}
    )


def test_the_synthetic_10k_graph(synthetic):
    assert synthetic.count(b"\n") > 10_000
    assert_same_as_reference(synthetic)


def test_hard_literals_iris_and_blank_nodes():
    nt = hard_graph()
    assert b"\\u0007" in nt and b"\\t" in nt and b"\\r" in nt and b"\\u007F" in nt  # escaped
    assert "🧒".encode() in nt and "兒童".encode() in nt  # as they are
    written = assert_same_as_reference(nt)
    assert b"langString" not in written  # a tagged literal has @language, not @type
    assert b'"@language": "de-ch"' in written and b'"@language": "zh-hant-tw"' in written
    assert b'"@type": "xsd:nonNegativeInteger", "@value": "01"' in written
    assert b'"https://w3id.org/cseckg/concept/"' in written  # an empty suffix: not compacted
    assert b'"https://schema.org///two-slashes"' in written  # a suffix with "//": not compacted
    assert b'"schema:/one-slash"' in written


def test_valid_n_triples_that_pyoxigraph_would_write_otherwise():
    written = assert_same_as_reference(RAW)
    assert b'"@language": "en-gb"' in written  # pyoxigraph keeps tags in lower case
    assert written.count(b'"@id": "https://example.org/raw"') == 2  # two runs, two nodes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_triples_grouped_by_subject_in_any_order(seed):
    assert_same_as_reference(shuffled_within_subjects(hard_graph(), seed))


def test_an_empty_graph():
    assert_same_as_reference(b"")
    assert json.loads(jsonld.write_lines(b""))["@graph"] == []


NESTED = {  # namespaces inside namespaces, which the published context does not have (yet)
    "a": "https://example.org/",
    "ab": "https://example.org/b/",
    "abc": "https://example.org/b/c#",
    "odd": "https://example.org/b/c#d/",
}


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/x",
        "https://example.org/b/x",
        "https://example.org/b/c#x",
        "https://example.org/b/c#d/x/y#z",
        "https://example.org/b/",  # a namespace: the next shorter one
        "https://example.org/b/c#",
        "https://example.org/b///x",  # "//" after the longest: a shorter one
        "https://example.org//x",  # "//" after the only one: as it is
        "https://example.org/",
        "https://example.org/b/é",
        "https://example.net/b/x",
        "urn:x",
    ],
)
def test_compaction_takes_the_longest_namespace_that_fits(iri):
    expected = _ReferenceCompactor(NESTED)(iri)
    assert jsonld._Compactor(NESTED)(iri) == expected
    term = f"<{iri}>".encode()
    assert (
        jsonld._Terms(jsonld._Compactor(NESTED)).node_id(term)
        == json.dumps(expected, ensure_ascii=False).encode()
    )


# ---------------------------------------------------------------- read back


def read_back(document: bytes) -> bytes:
    return canonical(ox.parse(document, format=ox.RdfFormat.JSON_LD))


@pytest.mark.parametrize("source", ["shipped", "synthetic", "hard"])
def test_pyoxigraph_reads_the_same_triples_back(source, request):
    nt = hard_graph() if source == "hard" else request.getfixturevalue(source)
    assert read_back(jsonld.write_lines(nt)) == nt


@pytest.mark.parametrize(
    "line",
    [
        b'<https://example.org/s> <rdf:type> "x" .\n',  # a predicate
        b"<schema:Thing> <https://example.org/p> <https://example.org/o> .\n",  # a subject
        b"<https://example.org/s> <https://example.org/p> <skos:Concept> .\n",  # an object
        b"<https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <xsd:x> .\n",
        b'<https://example.org/s> <https://example.org/p> "1"^^<xsd:y> .\n',  # a datatype
    ],
)
def test_an_iri_that_would_read_as_a_compact_iri_is_refused(line):
    """An IRI whose scheme is a prefix of the context would be read back expanded (JSON-LD 1.1,
    IRI Compaction: "IRI confused with prefix"): the writer refuses it instead of changing it."""
    with pytest.raises(ValueError, match="reads as the compact IRI"):
        jsonld.write_lines(line)


def test_an_iri_with_a_scheme_that_is_no_prefix_stays_whole():
    nt = b"<urn:isbn:0451450523> <https://example.org/p> <mailto:someone@example.org> .\n"
    assert read_back(jsonld.write_lines(nt)) == canonical(ox.parse(nt, format=NT))


# ---------------------------------------------------------------- refused


@pytest.mark.parametrize(
    "line",
    [
        b'<https://example.org/s> <https://example.org/p> "no newline" .',
        b'<https://example.org/s> <https://example.org/p> "bad \\x escape" .\n',
        b'<https://example.org/s> <https://example.org/p> "\\uD83D\\uDE00 surrogates" .\n',
        b'<https://example.org/s> <https://example.org/p>  "two spaces" .\n',
        b'<https://example.org/s> <https://example.org/p> "x" "y" .\n',
        b'"literal" <https://example.org/p> "subject" .\n',
        b"<https://example.org/s> <https://example.org/p> <not an iri> .\n",
        b"<https://example.org/s> <https://example.org/p> <https://example.org/a\\nb> .\n",
    ],
)
def test_lines_that_are_not_n_triples_are_refused(line):
    with pytest.raises(ValueError):
        jsonld.write_lines(line)


def test_a_base_direction_is_refused_rather_than_dropped():
    """RDF 1.2 directional literals: the reference wrote the language and lost the direction."""
    line = b'<https://example.org/s> <https://example.org/p> "x"@en--ltr .\n'
    assert list(ox.parse(line, format=NT))  # valid RDF 1.2 for pyoxigraph
    with pytest.raises(ValueError, match="direction"):
        jsonld.write_lines(line)


def test_a_triple_term_is_refused():
    s = "<https://example.org/s> <https://example.org/p>"
    line = f"{s} <<( {s} <https://example.org/o> )>> .\n".encode()
    assert list(ox.parse(line, format=NT))  # valid RDF 1.2 for pyoxigraph
    with pytest.raises(ValueError, match="not an IRI"):
        jsonld.write_lines(line)
