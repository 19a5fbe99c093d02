"""Turtle, TriG and RDF/XML by pyoxigraph's serializers (:mod:`cseckg.serializers`): read back by
pyoxigraph, rdflib and Jena as the same triples, the same bytes on every run; and, shown here,
what the library does not do right (RDF/XML) or at all (JSON-LD with a context), which cseckg
adds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import xml.parsers.expat
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
import pytest
import rdflib

from cseckg import canon, export, jsonld, serializers
from cseckg.namespaces import PREFIXES as SHIPPED_PREFIXES

from .conftest import ROOT
from .ntdata import canonical
from .test_export import riot_command

NT, NQ = ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS
EX = "https://example.org/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {**SHIPPED_PREFIXES, "ex": EX, "other": "https://example.org/other/"}
LIBRARY = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML}
SUFFIX = {"turtle": ".ttl", "trig": ".trig", "rdfxml": ".rdf"}
G1, G2 = "https://example.org/graph/one", "https://example.org/graph/two"

# Every hard case for a literal, an IRI or a blank node, as Turtle; made canonical as the
# exporter makes its lines.
HARD = """\
@prefix ex: <https://example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:literals ex:text "say \\"hi\\"" , "back\\\\slash \\\\\\\\ two" , "two\\nlines" , "tab\\there" ,
        "cr\\rhere" , "cr-lf\\r\\n" , "emoji 🧒 \\U0001F600 and e\\u0301" ,
        "not a blank node: _:b0" , "not a tag: <a> &amp; </a>" ,
        "triple \\"\\"\\" quotes" , "<tag> & amp; ]]> end" , "" , " " , "'single'" ,
        "line\\u2028separator" , "LONG" ;
    ex:label "Kind"@de-CH , "兒童"@zh-Hant-TW , "child"@en , "<b>&</b>"@en ;
    ex:date "2026-11-29"^^xsd:date ;
    ex:count "01"^^xsd:nonNegativeInteger , "3"^^xsd:integer , "1.50"^^xsd:decimal ;
    ex:flag "true"^^xsd:boolean , "0"^^xsd:boolean ;
    ex:custom "x y"^^<https://example.org/types#my-type> , "z"^^<urn:example:datatype> ,
        "a&b"^^<https://example.org/types?a=1&b=2> ;
    ex:explicit "explicit"^^xsd:string ;
    ex:link <https://example.org/ns#trailing.> , <https://example.org/ns#a%20b> ,
        <https://example.org/ns#f(x)> , <https://example.org/ns#~tilde> ,
        <https://example.org/ns#1digit> , <https://example.org/ns#-dash> ,
        <https://example.org/ns#> , <https://example.org/ns#a.b> , <https://example.org/ns#ok_1-x> ,
        <https://example.org/other/deep/er> , <https://example.org/q?a=1&b=2> ,
        <https://w3id.org/cseckg/concept/é> , <https://example.org/.well-known/x> ,
        <https://example.org/a/.b/..c> .
_:b1 a ex:Thing , _:class , "a literal as a type" ;
    ex:next _:b2 , [ ex:p "inner" ; ex:q [ ex:p "deeper" ] ] .
_:b2 ex:p "blank subject" .
_:class ex:label "a class that is a blank node"@en .
ex:single ex:only "one triple" .
<https://example.org/ns#trailing.> ex:p ex:o .
<https://example.org/vocab/1> <https://example.org/vocab/has.dot.> "a predicate ending in '.'" ;
    <http://purl.example/v/weird-name> "a predicate without a prefix" .
ex:typed a ex:Thing ; ex:p "a typed node element" .
"""
# rdflib 7 cannot read a prefixed name that ends in an escaped dot (``ex:trailing\\.``), valid
# Turtle (RDF 1.1 Turtle 6.3, PN_LOCAL_ESC) that pyoxigraph and Jena read (rdflib issue #933).
RDFLIB_CANNOT_READ = b"trailing."

# One small graph and what each serializer makes of it, byte for byte: what the exports rely on.
TINY = f"""\
<{EX}a> <{RDF}type> <{EX}Thing> .
<{EX}a> <{EX}p> "x" .
<{EX}a> <{EX}p> "y"@en .
<{EX}b> <{EX}q> "2026-11-29"^^<{XSD}date> .
""".encode()
TINY_PREFIXES = {"xsd": XSD, "unused": "https://unused.example/", "ex": EX}
# Prefixes: longest namespace first (pyoxigraph tries them in that order), every one declared.
TINY_TURTLE = f"""\
@prefix xsd: <{XSD}> .
@prefix ex: <{EX}> .
@prefix unused: <https://unused.example/> .
ex:a a ex:Thing ;
\tex:p "x" , "y"@en .
ex:b ex:q "2026-11-29"^^xsd:date .
"""
TINY_TRIG = f"""\
@prefix xsd: <{XSD}> .
@prefix ex: <{EX}> .
@prefix unused: <https://unused.example/> .
<{G1}> {{
\tex:a a ex:Thing ;
\t\tex:p "x" , "y"@en .
\tex:b ex:q "2026-11-29"^^xsd:date .
}}
<{G2}> {{
\tex:a a ex:Thing ;
\t\tex:p "x" , "y"@en .
\tex:b ex:q "2026-11-29"^^xsd:date .
}}
"""
# A typed node element for a subject whose first triple is its rdf:type (RDF 1.1 XML Syntax 2.13).
TINY_RDFXML = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="{RDF}" xmlns:xsd="{XSD}" xmlns:its="http://www.w3.org/2005/11/its" \
xmlns:ex="{EX}" xmlns:unused="https://unused.example/">
\t<ex:Thing rdf:about="{EX}a">
\t\t<ex:p>x</ex:p>
\t\t<ex:p xml:lang="en">y</ex:p>
\t</ex:Thing>
\t<rdf:Description rdf:about="{EX}b">
\t\t<ex:q rdf:datatype="{XSD}date">2026-11-29</ex:q>
\t</rdf:Description>
</rdf:RDF>"""


@pytest.fixture(autouse=True)
def _exact_rdflib_literals(monkeypatch):
    """rdflib rewrites lexical forms ("01" to "1") unless told not to: compare them as written."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


def hard_graph() -> bytes:
    long_text = 'Synthetic long text with \\"quotes\\", <tags> & \\nnewlines. ' * 4000
    turtle = HARD.replace('"LONG"', f'"{long_text}"@en')
    return canonical(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def hard() -> bytes:
    return hard_graph()


def source(name: str, request) -> bytes:
    return request.getfixturevalue(name)


def in_graph(nt: bytes, graph: str = G1) -> bytes:
    return nt.replace(b" .\n", f" <{graph}> .\n".encode())


def write(name: str, nt: bytes, prefixes: dict[str, str] = PREFIXES) -> bytes:
    if name == "trig":
        return serializers.trig(in_graph(nt), prefixes)
    return getattr(serializers, name)(nt, prefixes)


# ---------------------------------------------------------------- read back


def same_triples(quads: Iterable[ox.Quad]) -> bytes:
    """Canonical N-Triples with blank nodes named after what is said about them, so that two
    readings of one graph compare equal whatever labels their parsers chose."""
    triples = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    return canonical(canon.relabel(triples, "test"))


def expected(nt: bytes) -> bytes:
    return same_triples(ox.parse(nt, format=NT))


def read_with_pyoxigraph(document: bytes, name: str) -> bytes:
    quads = list(ox.parse(document, format=LIBRARY[name]))
    if name == "trig":
        assert {q.graph_name for q in quads} <= {ox.NamedNode(G1)}
    return same_triples(quads)


def read_with_rdflib(document: bytes, name: str) -> bytes:
    if name == "trig":
        dataset = rdflib.Dataset()
        dataset.parse(data=document, format="trig")
        nq = dataset.serialize(format="nquads", encoding="utf-8")
        return same_triples(ox.parse(nq, format=NQ))
    graph = rdflib.Graph().parse(data=document, format={"turtle": "turtle", "rdfxml": "xml"}[name])
    return same_triples(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=NT))


def without(nt: bytes, marker: bytes) -> bytes:
    return b"".join(line for line in nt.splitlines(True) if marker not in line)


@pytest.mark.parametrize("name", list(LIBRARY))
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard"])
def test_pyoxigraph_reads_the_same_triples_back(name, graph, request):
    nt = source(graph, request)
    assert read_with_pyoxigraph(write(name, nt), name) == expected(nt)


@pytest.mark.parametrize("name", list(LIBRARY))
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard"])
def test_rdflib_reads_the_same_triples_back(name, graph, request):
    nt = source(graph, request)
    if name != "rdfxml":
        nt = without(nt, RDFLIB_CANNOT_READ)
    assert read_with_rdflib(write(name, nt), name) == expected(nt)


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_what_rdflib_cannot_read_is_valid_turtle(name, hard):
    """The one form rdflib fails on: pyoxigraph reads it back (above), and so does Jena (below)."""
    assert b"ex:trailing\\. " in write(name, hard)


@pytest.mark.parametrize("name", list(LIBRARY))
def test_lexical_forms_come_back_as_written(name, hard):
    back = read_with_pyoxigraph(write(name, hard), name)
    for literal in ("01", "nonNegativeInteger"), ("1.50", "decimal"), ("true", "boolean"):
        assert f'"{literal[0]}"^^<{XSD}{literal[1]}>'.encode() in back
    readable = without(hard, RDFLIB_CANNOT_READ)
    assert f'"0"^^<{XSD}boolean>'.encode() in read_with_rdflib(write(name, readable), name)


def test_trig_keeps_each_graph_apart(hard, synthetic):
    nq = in_graph(hard, G1) + in_graph(TINY, G2)
    document = serializers.trig(nq, PREFIXES)
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in ox.parse(document, format=ox.RdfFormat.TRIG):
        graphs[q.graph_name.value].append(q)
    assert {g: same_triples(quads) for g, quads in graphs.items()} == {
        G1: expected(hard),
        G2: expected(TINY),
    }
    assert document.index(f"<{G1}> {{".encode()) < document.index(f"<{G2}> {{".encode())
    assert document.count(f"<{G1}> {{".encode()) == 1 and document.count(b"@prefix ex: ") == 1


def test_n_triples_and_n_quads_are_the_library_s_bytes(shipped, hard):
    """The N-Triples and N-Quads exports are the canonical lines as they are: the bytes
    pyoxigraph's serializers write from them, without parsing them again."""
    for nt in (shipped, hard):
        assert ox.serialize(ox.parse(nt, format=NT), format=NT) == nt
    dataset = export.build()
    nq = export.serialize(dataset, "nquads")
    assert ox.serialize(ox.parse(nq, format=NQ), format=NQ) == nq
    assert export.serialize(dataset, "ntriples") == dataset.ntriples()


# ---------------------------------------------------------------- layout and the same bytes


def test_turtle_layout():
    assert serializers.turtle(TINY, TINY_PREFIXES).decode() == TINY_TURTLE


def test_trig_layout():
    nq = in_graph(TINY, G1) + in_graph(TINY, G2)
    assert serializers.trig(nq, TINY_PREFIXES).decode() == TINY_TRIG


def test_rdfxml_layout():
    assert serializers.rdfxml(TINY, TINY_PREFIXES).decode() == TINY_RDFXML


@pytest.mark.parametrize("name", list(LIBRARY))
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard"])
def test_the_same_input_gives_the_same_bytes(name, graph, request):
    nt = source(graph, request)
    first = write(name, nt)
    assert write(name, nt) == first
    assert write(name, nt, dict(reversed(PREFIXES.items()))) == first


@pytest.mark.parametrize("name", list(LIBRARY))
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard"])
def test_lenient_parsing_gives_what_strict_parsing_gives(name, graph, request):
    nt = source(graph, request)
    data = in_graph(nt) if name == "trig" else nt
    strict = ox.parse(data, format=NQ if name == "trig" else NT)
    library = ox.serialize(strict, format=LIBRARY[name], prefixes=PREFIXES)
    assert write(name, nt).replace(b"&#13;", b"\r") == library


def test_the_same_bytes_under_another_hash_seed(tmp_path, hard):
    """Nothing depends on the order of a set or a dict of strings (hash randomisation)."""
    (tmp_path / "hard.nt").write_bytes(hard)
    script = (
        "import hashlib, sys\n"
        "from tests.test_serializers import LIBRARY, write\n"
        "nt = open(sys.argv[1], 'rb').read()\n"
        "print(*(hashlib.sha256(write(n, nt)).hexdigest() for n in LIBRARY))\n"
    )
    digests = {" ".join(hashlib.sha256(write(n, hard)).hexdigest() for n in LIBRARY)}
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "hard.nt")],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


# ---------------------------------------------------------------- a strict parser


@pytest.mark.jena
@pytest.mark.parametrize("name", list(LIBRARY))
def test_jena_reads_the_same_triples_back_without_warnings(name, hard, tmp_path):
    # Jena's RDF/XML reader warns of a literal not in Unicode NFC (W131): not the writer's doing.
    hard = without(hard, "e\u0301".encode())
    path = tmp_path / f"hard{SUFFIX[name]}"
    path.write_bytes(write(name, hard))
    args = ["riotcmd.riot", "--strict", "--output=nquads", str(path)]
    done = subprocess.run([*riot_command(), *args], capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert b"WARN" not in done.stderr and b"ERROR" not in done.stderr, done.stderr
    assert same_triples(ox.parse(done.stdout, format=NQ)) == expected(hard)


# ---------------------------------------------------------------- what the library lacks


def library_rdfxml(nt: bytes) -> bytes:
    return ox.serialize(ox.parse(nt, format=NT), format=ox.RdfFormat.RDF_XML, prefixes=PREFIXES)


def xml_text(document: bytes) -> str:
    """The character data of ``document`` as a conforming XML parser (expat) reads it."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    text: list[str] = []
    parser.CharacterDataHandler = text.append
    parser.Parse(document, True)
    return "".join(text)


def test_the_library_writes_a_carriage_return_that_xml_reads_as_a_line_feed():
    nt = f'<{EX}s> <{EX}p> "cr\\rhere" .\n'.encode()
    assert "cr\nhere" in xml_text(library_rdfxml(nt))  # XML 1.0 section 2.11: the CR is gone
    ours = serializers.rdfxml(nt, PREFIXES)
    assert b"cr&#13;here" in ours and "cr\rhere" in xml_text(ours)
    assert read_with_rdflib(ours, "rdfxml") == read_with_pyoxigraph(ours, "rdfxml") == expected(nt)


CONTROLS = [
    '"bell\\u0007"',
    '"backspace \\b"',
    '"form feed \\f"',
    '"nul \\u0000"',
    '"not a character \\uFFFF"',
    '"not a character \\uFFFE"@en',
    '"unit separator \\u001F"^^<https://example.org/type>',
]


@pytest.mark.parametrize("literal", CONTROLS)
def test_a_character_xml_cannot_hold_is_refused_where_the_library_writes_no_xml(literal):
    nt = f"<{EX}subject> <{EX}p> {literal} .\n".encode()
    with pytest.raises(xml.parsers.expat.ExpatError):
        xml_text(library_rdfxml(nt))
    with pytest.raises(ValueError, match=f"<{EX}subject>.*XML 1.0"):
        serializers.rdfxml(nt, PREFIXES)
    blank = f"_:b0 <{EX}p> {literal} .\n".encode()
    with pytest.raises(ValueError, match="_:b0 .*XML 1.0"):
        serializers.rdfxml(blank, PREFIXES)


@pytest.mark.parametrize("literal", CONTROLS)
def test_turtle_and_trig_carry_what_xml_cannot(literal):
    nt = f"<{EX}s> <{EX}p> {literal} .\n".encode()
    assert read_with_pyoxigraph(serializers.turtle(nt, {}), "turtle") == expected(nt)
    assert read_with_pyoxigraph(serializers.trig(in_graph(nt), {}), "trig") == expected(nt)


NO_QNAME = [f"{EX}1", "https://example.org/", EX, "urn:isbn:0451450523", "https://example.org/p/1"]
NO_QNAME.append("http://www.w3.org/2000/xmlns/p")  # a QName, but its prefix xmlns is reserved


@pytest.mark.parametrize("iri", NO_QNAME)
@pytest.mark.parametrize("role", ["predicate", "class"])
def test_a_name_without_a_qname_is_refused_where_the_library_writes_no_xml(iri, role):
    line = f'<{EX}s> <{iri}> "x" .\n' if role == "predicate" else f"<{EX}s> <{RDF}type> <{iri}> .\n"
    with pytest.raises(xml.parsers.expat.ExpatError):
        xml_text(library_rdfxml(line.encode()))
    with pytest.raises(ValueError, match=f"<{iri}> as a property or a class"):
        serializers.rdfxml(line.encode(), PREFIXES)


def test_names_that_end_in_an_xml_name_get_a_namespace(hard):
    document = serializers.rdfxml(hard, PREFIXES)
    assert b'<has.dot. xmlns="https://example.org/vocab/">' in document
    assert b'<weird-name xmlns="http://purl.example/v/">' in document
    assert b'<ex:Thing rdf:about="https://example.org/ns#typed">' in document  # a typed node


@pytest.mark.parametrize(
    "line",
    [
        f'<{EX}a/../b> <{EX}p> "subject" .\n',
        f"<{EX}s> <{EX}p> <https://example.org/a/./b> .\n",
        f'<{EX}s> <{EX}p> "x"^^<https://example.org/dt/..> .\n',
        f'<{EX}s> <https://example.org/./p> "x" .\n',
    ],
)
def test_an_iri_a_reader_would_resolve_is_refused_where_the_library_writes_it(line):
    assert b"/." in library_rdfxml(line.encode())
    with pytest.raises(ValueError, match="'.' or '..' segments"):
        serializers.rdfxml(line.encode(), PREFIXES)


def test_dots_that_are_no_segment_and_dots_in_text_are_written(hard):
    nt = f'<https://example.org/.well-known/x> <{EX}p> "a/./b and ../c/" .\n'.encode()
    assert read_with_pyoxigraph(serializers.rdfxml(nt, PREFIXES), "rdfxml") == expected(nt)
    assert b"https://example.org/a/.b/..c" in serializers.rdfxml(hard, PREFIXES)


@pytest.mark.parametrize("name", ["li", "about", "Description", "nodeID"])
def test_a_reserved_rdf_term_as_a_property_is_one_error(name):
    nt = f'<{EX}s> <{RDF}{name}> "x" .\n'.encode()
    with pytest.raises(ValueError, match=f"<{RDF}{name}> as a property"):
        serializers.rdfxml(nt, PREFIXES)


def test_blank_node_labels_of_the_exports_are_xml_names(tmp_path):
    """pyoxigraph writes a blank node's label as its ``rdf:nodeID`` (an XML name, RDF 1.1 XML
    Syntax 2.10) whatever it is; the exporter's canonical labels always are names."""
    source = tmp_path / "blank.nt"
    source.write_text(
        f'<{EX}s> <{EX}p> _:0abc .\n_:0abc <{EX}p> _:ké.y .\n_:ké.y <{EX}p> "x" .\n',
        encoding="utf-8",
    )
    with pytest.raises(SyntaxError, match="0abc"):
        ox.parse(library_rdfxml(source.read_bytes()), format=ox.RdfFormat.RDF_XML).__next__()
    dataset = export.build([source])
    document = export.serialize(dataset, "rdfxml")
    assert read_with_pyoxigraph(document, "rdfxml") == expected(source.read_bytes())
    assert b"0abc" not in document


def test_the_library_writes_json_ld_without_a_context_or_compact_iris(shipped):
    """What :mod:`cseckg.jsonld` is kept for: pyoxigraph ignores the prefixes it is given."""
    theirs = json.loads(
        ox.serialize(ox.parse(shipped, format=NT), format=ox.RdfFormat.JSON_LD, prefixes=PREFIXES)
    )
    assert isinstance(theirs, list)  # no {"@context": ..., "@graph": [...]}
    child = next(n for n in theirs if n["@id"] == "https://w3id.org/cseckg/concept/child")
    assert "@type" not in child and RDF + "type" in child  # full IRIs as keys
    ours = json.loads(jsonld.write_lines(shipped))
    assert ours["@context"] == jsonld.context()
    child = next(n for n in ours["@graph"] if n["@id"] == "concept:child")
    assert "skos:Concept" in child["@type"]
    assert canonical(ox.parse(json.dumps(theirs).encode(), format=ox.RdfFormat.JSON_LD)) == (
        canonical(ox.parse(json.dumps(ours).encode(), format=ox.RdfFormat.JSON_LD))
    )
