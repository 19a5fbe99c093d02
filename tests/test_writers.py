"""Turtle, TriG and RDF/XML from canonical N-Triples bytes (:mod:`cseckg.writers`): read back by
pyoxigraph, rdflib and Jena as the same triples, in one layout, the same bytes on every run."""

from __future__ import annotations

import hashlib
import os
import random
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox
import pytest
import rdflib

from cseckg import canon, export, writers

from .conftest import ROOT
from .ntdata import canonical
from .test_export import riot_command

NT = ox.RdfFormat.N_TRIPLES
EX = "https://example.org/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {**export.PREFIXES, "ex": EX, "other": "https://example.org/other/"}
WRITERS = ["turtle", "trig", "rdfxml"]
G1, G2 = "https://example.org/graph/one", "https://example.org/graph/two"

# Every hard case for a literal, an IRI or a blank node, as Turtle: pyoxigraph writes it as the
# canonical N-Triples that the writers are given.
HARD = """\
@prefix ex: <https://example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:literals ex:text "say \\"hi\\"" , "back\\\\slash \\\\\\\\ two" , "two\\nlines" , "tab\\there" ,
        "cr\\rhere" , "cr-lf\\r\\n" , "emoji 🧒 \\U0001F600 and e\\u0301" ,
        "not a blank node: _:b0" ,
        "triple \\"\\"\\" quotes" , "<tag> & amp; ]]> end" , "" , " " , "'single'" ,
        "line\\u2028separator" , "LONG" ;
    ex:label "Kind"@de-CH , "兒童"@zh-Hant-TW , "child"@en , "<b>&</b>"@en ;
    ex:date "2026-11-29"^^xsd:date ;
    ex:count "01"^^xsd:nonNegativeInteger ;
    ex:flag "true"^^xsd:boolean , "0"^^xsd:boolean ;
    ex:custom "x y"^^<https://example.org/types#my-type> , "z"^^<urn:example:datatype> ,
        "a&b"^^<https://example.org/types?a=1&b=2> ;
    ex:explicit "explicit"^^xsd:string ;
    ex:link <https://example.org/ns#trailing.> , <https://example.org/ns#a%20b> ,
        <https://example.org/ns#f(x)> , <https://example.org/ns#~tilde> ,
        <https://example.org/ns#1digit> , <https://example.org/ns#-dash> ,
        <https://example.org/ns#> , <https://example.org/ns#a.b> , <https://example.org/ns#ok_1-x> ,
        <https://example.org/other/deep/er> , <https://example.org/q?a=1&b=2> ,
        <https://w3id.org/cseckg/concept/é> .
_:b1 a ex:Thing , _:class , "a literal as a type" ;
    ex:next _:b2 , [ ex:p "inner" ; ex:q [ ex:p "deeper" ] ] .
_:b2 ex:p "blank subject" .
_:class ex:label "a class that is a blank node"@en .
ex:single ex:only "one triple" .
<https://example.org/ns#trailing.> ex:p ex:o .
<https://example.org/vocab/1> <https://example.org/vocab/has.dot.> "a predicate ending in '.'" ;
    <http://purl.example/v/weird-name> "a predicate without a prefix" .
"""

# Valid N-Triples that pyoxigraph would not write: escapes it does not use, raw characters, an
# upper-case tag, an explicit xsd:string, UCHARs in IRIs, blank node labels that are not XML
# names, an IRI that looks like a prefixed name.
S, P = "<https://example.org/raw>", "<https://example.org/p>"
RAW_LINES = [
    f'{S} {P} "caf\\u00E9 \\U0001F600 it\\\'s \\t \\"q\\" \\\\ \\r"@EN-gb .',
    f'{S} {P} "raw\ttab and raw \x7f delete" .',
    f'{S} {P} "s"^^<http://www.w3.org/2001/XMLSchema#string> .',
    f"{S} <https://example.org/p\\u0041> <https://example.org/caf\\u00E9> .",
    f'{S} <rdf:type> "an IRI with the scheme rdf" .',
    f"{S} {P} _:0abc .",
    f"{S} {P} _:xylo .",
    f"{S} {P} _:ké.y .",
    f'_:0abc {P} "a label that starts with a digit" .',
    f'_:xylo {P} "a label that starts with x" .',
    f'_:ké.y {P} "x"^^<https://example.org/dt\\u0041> .',
]
RAW = "".join(line + "\n" for line in sorted(RAW_LINES)).encode()
# Literals that XML 1.0 cannot hold, escaped or raw: fine in Turtle, refused by RDF/XML.
CONTROLS = [
    '"bell\\u0007"',
    '"backspace \\b"',
    '"form feed \\f"',
    '"nul \\u0000"',
    '"raw \x01 control"',
    '"not a character \\uFFFF"',
    '"not a character \\uFFFE"@en',
    '"unit separator \\u001F"^^<https://example.org/type>',
]

# One small graph and what each writer makes of it, byte for byte.
TINY = f"""\
<{EX}a> <{RDF}type> <{EX}Thing> .
<{EX}a> <{EX}p> "x" .
<{EX}a> <{EX}p> "y"@en .
<{EX}b> <{EX}q> "2026-11-29"^^<{XSD}date> .
""".encode()
TINY_PREFIXES = {"xsd": XSD, "unused": "https://unused.example/", "ex": EX}
TINY_TURTLE = f"""\
@prefix ex: <{EX}> .
@prefix xsd: <{XSD}> .

ex:a
    a ex:Thing ;
    ex:p "x" , "y"@en .

ex:b
    ex:q "2026-11-29"^^xsd:date .
"""
TINY_TRIG = f"""\
@prefix ex: <{EX}> .
@prefix xsd: <{XSD}> .

<{G1}> {{
    ex:a
        a ex:Thing ;
        ex:p "x" , "y"@en .

    ex:b
        ex:q "2026-11-29"^^xsd:date .
}}

{{
    ex:a
        a ex:Thing ;
        ex:p "x" , "y"@en .

    ex:b
        ex:q "2026-11-29"^^xsd:date .
}}
"""
TINY_RDFXML = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF
    xmlns:ex="{EX}"
    xmlns:rdf="{RDF}">
  <rdf:Description rdf:about="{EX}a">
    <rdf:type rdf:resource="{EX}Thing"/>
    <ex:p>x</ex:p>
    <ex:p xml:lang="en">y</ex:p>
  </rdf:Description>
  <rdf:Description rdf:about="{EX}b">
    <ex:q rdf:datatype="{XSD}date">2026-11-29</ex:q>
  </rdf:Description>
</rdf:RDF>
"""


@pytest.fixture(autouse=True)
def _exact_rdflib_literals(monkeypatch):
    """rdflib rewrites lexical forms ("01" to "1") unless told not to: compare them as written."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


# ---------------------------------------------------------------- inputs


def hard_graph() -> bytes:
    long_text = 'Synthetic long text with \\"quotes\\", <tags> & \\nnewlines. ' * 4000
    turtle = HARD.replace('"LONG"', f'"{long_text}"@en')
    return canonical(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def hard() -> bytes:
    return hard_graph()


def source(name: str, request) -> bytes:
    return RAW if name == "raw" else request.getfixturevalue(name)


def write(name: str, nt: bytes, prefixes: dict[str, str] = PREFIXES) -> bytes:
    if name == "trig":
        return writers.trig([(G1, nt)], prefixes)
    return getattr(writers, name)(nt, prefixes)


# ---------------------------------------------------------------- read back


def same_triples(quads: Iterable[ox.Quad]) -> bytes:
    """Canonical N-Triples with blank nodes named after what is said about them, so that two
    readings of one graph compare equal whatever labels their parsers chose."""
    triples = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    return canonical(canon.relabel(triples, "test"))


def expected(nt: bytes) -> bytes:
    return same_triples(ox.parse(nt, format=NT))


def read_with_pyoxigraph(document: bytes, name: str) -> bytes:
    fmt = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML}
    quads = list(ox.parse(document, format=fmt[name]))
    if name == "trig":
        assert {q.graph_name for q in quads} <= {ox.NamedNode(G1)}
    return same_triples(quads)


def read_with_rdflib(document: bytes, name: str) -> bytes:
    graph = rdflib.Graph().parse(data=document, format={"turtle": "turtle", "rdfxml": "xml"}[name])
    return same_triples(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=NT))


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard", "raw"])
def test_pyoxigraph_reads_the_same_triples_back(name, graph, request):
    nt = source(graph, request)
    assert read_with_pyoxigraph(write(name, nt), name) == expected(nt)


@pytest.mark.parametrize("name", ["turtle", "rdfxml"])
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard", "raw"])
def test_rdflib_reads_the_same_triples_back(name, graph, request):
    nt = source(graph, request)
    assert read_with_rdflib(write(name, nt), name) == expected(nt)


@pytest.mark.parametrize("name", WRITERS)
def test_lexical_forms_come_back_as_written(name, hard):
    back = read_with_pyoxigraph(write(name, hard), name)
    assert f'"01"^^<{XSD}nonNegativeInteger>'.encode() in back
    assert f'"0"^^<{XSD}boolean>'.encode() in back
    if name != "trig":
        assert f'"01"^^<{XSD}nonNegativeInteger>'.encode() in read_with_rdflib(
            write(name, hard), name
        )


def test_trig_keeps_each_graph_apart(hard, synthetic):
    document = writers.trig([(G2, hard), ("", TINY), (G1, synthetic)], PREFIXES)
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in ox.parse(document, format=ox.RdfFormat.TRIG):
        graphs["" if q.graph_name == ox.DefaultGraph() else q.graph_name.value].append(q)
    assert {g: same_triples(quads) for g, quads in graphs.items()} == {
        G2: expected(hard),
        "": expected(TINY),
        G1: expected(synthetic),
    }
    assert document.index(f"<{G2}> {{".encode()) < document.index(f"<{G1}> {{".encode())
    assert document.count(b"@prefix ex: ") == 1


def test_trig_leaves_out_a_graph_without_triples():
    assert writers.trig([(G1, b""), (G2, TINY)], TINY_PREFIXES) == writers.trig(
        [(G2, TINY)], TINY_PREFIXES
    )
    assert writers.trig([], TINY_PREFIXES) == writers.turtle(b"", TINY_PREFIXES) == b""


# ---------------------------------------------------------------- layout


def test_turtle_layout():
    assert writers.turtle(TINY, TINY_PREFIXES).decode() == TINY_TURTLE


def test_trig_layout():
    assert writers.trig([(G1, TINY), ("", TINY)], TINY_PREFIXES).decode() == TINY_TRIG


def test_rdfxml_layout():
    assert writers.rdfxml(TINY, TINY_PREFIXES).decode() == TINY_RDFXML


@pytest.mark.parametrize(
    "local",
    ["trailing.", "a%20b", "f(x)", "~tilde", "1digit", "-dash", "", "a.b", "caf\\u00E9"],
)
def test_turtle_keeps_an_unsafe_local_name_whole(local):
    nt = f'<{EX}s> <{EX}p> <{EX}{local}> .\n<{EX}s> <{EX}q> "x"^^<{EX}{local}> .\n'.encode()
    document = writers.turtle(nt, {"ex": EX})
    body = document[document.index(b"\n\n") :]
    assert body.count(f"<{EX}{local}>".encode()) == 2
    assert read_with_pyoxigraph(document, "turtle") == expected(nt)


@pytest.mark.parametrize("local", ["ok", "ok_1-x", "_under", "Trailing-", "A"])
def test_turtle_compacts_a_safe_local_name(local):
    nt = f'<{EX}{local}> <{EX}p> "x"^^<{EX}{local}> .\n'.encode()
    assert writers.turtle(nt, {"ex": EX}).count(f"ex:{local}".encode()) == 2


def test_the_longest_namespace_wins():
    nt = f"<{EX}s> <{EX}p> <https://example.org/ns#deep> .\n".encode()
    document = writers.turtle(nt, {"short": "https://example.org/", "ex": EX})
    assert b"ex:deep" in document and b"@prefix short:" not in document


def test_rdf_type_is_a_whatever_its_object():
    nt = f'_:b <{RDF}type> "literal" .\n_:b <{RDF}type> _:c .\n_:c <{EX}p> <{RDF}type> .\n'
    document = writers.turtle(nt.encode(), {"rdf": RDF})
    assert b'    a "literal" , _:c .' in document
    assert b"    <https://example.org/ns#p> rdf:type ." in document  # an object stays a name
    assert read_with_pyoxigraph(document, "turtle") == expected(nt.encode())


def test_pyoxigraph_escapes_only_what_turtle_can_read():
    """Each escape pyoxigraph writes is an ECHAR or UCHAR of Turtle (RDF 1.1 Turtle 6.4)."""
    text = "".join(map(chr, range(0x80))) + "\x85\u2028\ufeff\ufffe\uffff\U0001f600"
    triple = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal(text))
    nt = ox.serialize([triple], format=NT)
    escapes = set(re.findall(rb"\\(?:u[0-9A-F]{4}|U[0-9A-F]{8}|.)", nt))
    assert escapes and all(re.fullmatch(rb'\\[tbnrf"\'\\]|\\u.{4}|\\U.{8}', e) for e in escapes)
    document = writers.turtle(nt, {})
    assert read_with_pyoxigraph(document, "turtle") == expected(nt)
    assert read_with_rdflib(document, "turtle") == expected(nt)


@pytest.mark.parametrize("literal", CONTROLS)
def test_turtle_and_trig_carry_what_xml_cannot(literal):
    nt = f"<{EX}s> <{EX}p> {literal} .\n".encode()
    assert read_with_pyoxigraph(writers.turtle(nt, {}), "turtle") == expected(nt)
    assert read_with_pyoxigraph(writers.trig([(G1, nt)], {}), "trig") == expected(nt)


def test_rdfxml_declares_a_namespace_for_each_predicate_without_one():
    nt = (
        f'<{EX}s> <http://purl.example/v/weird-name> "1" .\n'
        f'<{EX}s> <https://example.org/vocab/has.dot.> "2" .\n'
        f'<{EX}s> <https://example.org/vocab/x> "3" .\n'
    ).encode()
    document = writers.rdfxml(nt, {"ns1": "https://ns1.example/"}).decode()
    assert '    xmlns:ns2="http://purl.example/v/"' in document
    assert '    xmlns:ns3="https://example.org/vocab/">' in document
    assert "<ns3:has.dot.>2</ns3:has.dot.>" in document and "ns1" not in document
    assert read_with_pyoxigraph(document.encode(), "rdfxml") == expected(nt)


def test_rdfxml_names_blank_nodes_apart():
    """Labels that are not XML names get another name, and no two labels share one."""
    labels = ["0abc", "xylo", "x30616263", "b1", "ké.y"]
    nt = "".join(
        f'<{EX}s> <{EX}p> _:{label} .\n_:{label} <{EX}p> "{label}" .\n' for label in labels
    )
    nt = "".join(sorted(nt.splitlines(True))).encode()
    document = writers.rdfxml(nt, {"ex": EX})
    assert document.count(b'rdf:nodeID="x30616263"') == 2  # "0abc" would clash without the "x"
    assert read_with_pyoxigraph(document, "rdfxml") == expected(nt)


# ---------------------------------------------------------------- refused


@pytest.mark.parametrize(
    "predicate",
    [f"{EX}1", "https://example.org/", f"{EX}", "urn:isbn:0451450523", f"{RDF}li", f"{RDF}about"],
)
def test_rdfxml_refuses_a_predicate_without_a_qname(predicate):
    nt = f'<{EX}s> <{predicate}> "x" .\n'.encode()
    with pytest.raises(ValueError, match=re.escape(f"<{predicate}>")):
        writers.rdfxml(nt, PREFIXES)


@pytest.mark.parametrize("literal", CONTROLS)
def test_rdfxml_refuses_a_character_xml_cannot_hold(literal):
    nt = f"<{EX}subject> <{EX}p> {literal} .\n".encode()
    with pytest.raises(ValueError, match=f"<{EX}subject>.*XML 1.0"):
        writers.rdfxml(nt, PREFIXES)


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize(
    "nt",
    [
        TINY[:-1],  # no final line break
        TINY.replace(b" .\n", b"\n", 1),  # a line without " ."
        b"\n".join(reversed(TINY.splitlines())) + b"\n",  # not sorted
        b"<https://example.org/s> .\n",  # not a triple
        b'<https://example.org/s> _:p "x" .\n',  # a blank node as predicate
    ],
)
def test_what_is_not_canonical_n_triples_is_refused(name, nt):
    with pytest.raises(ValueError):
        write(name, nt)


@pytest.mark.parametrize("name", ["turtle", "trig"])
@pytest.mark.parametrize("prefix", ["1x", "a.b", "a b", "é"])
def test_a_prefix_turtle_cannot_declare_is_refused(name, prefix):
    with pytest.raises(ValueError, match="prefix"):
        write(name, TINY, {prefix: EX})


def test_a_prefix_xml_cannot_declare_is_not_used():
    document = writers.rdfxml(TINY, {"xmlns": EX, "": EX}).decode()
    assert "xmlns:ns1" in document and "xmlns:xmlns" not in document


# ---------------------------------------------------------------- the same bytes


def resorted(nt: bytes, seed: int) -> bytes:
    lines = nt.splitlines(True)
    random.Random(seed).shuffle(lines)
    return b"".join(sorted(lines))


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard"])
def test_the_same_input_gives_the_same_bytes(name, graph, request):
    nt = source(graph, request)
    first = write(name, nt)
    assert write(name, nt) == first
    assert write(name, resorted(nt, 7)) == first
    assert write(name, nt, dict(reversed(PREFIXES.items()))) == first


def test_the_same_bytes_under_another_hash_seed(tmp_path, hard):
    """Nothing depends on the order of a set or a dict of strings (hash randomisation)."""
    (tmp_path / "hard.nt").write_bytes(hard)
    script = (
        "import hashlib, sys\n"
        "from tests.test_writers import WRITERS, write\n"
        "nt = open(sys.argv[1], 'rb').read()\n"
        "print(*(hashlib.sha256(write(n, nt)).hexdigest() for n in WRITERS))\n"
    )
    digests = {" ".join(hashlib.sha256(write(n, hard)).hexdigest() for n in WRITERS)}
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
@pytest.mark.parametrize("name", WRITERS)
def test_riot_strict_reads_without_warnings(name, shipped, hard, tmp_path):
    suffix = {"turtle": ".ttl", "trig": ".trig", "rdfxml": ".rdf"}[name]
    # Jena's RDF/XML reader warns of a literal not in Unicode NFC (W131): not the writer's doing.
    hard = b"".join(line for line in hard.splitlines(True) if b"e\xcc\x81" not in line)
    files = []
    for label, nt in (("shipped", shipped), ("hard", hard)):
        path = tmp_path / f"{label}{suffix}"
        path.write_bytes(write(name, nt, export.PREFIXES if label == "shipped" else PREFIXES))
        files.append(str(path))
    args = ["riotcmd.riot", "--validate", "--strict", *files]
    done = subprocess.run(
        [*riot_command(), *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "WARN" not in done.stderr and "ERROR" not in done.stderr, done.stderr


# ---------------------------------------------------------------- two processes


@pytest.fixture
def forkable(monkeypatch):
    """The two-process path, whatever threads earlier tests left in this process (a store's
    native threads make :func:`writers._can_fork` say no; that is tested in a fresh process)."""
    monkeypatch.setattr(writers, "_can_fork", lambda: True)
    monkeypatch.setattr(writers, "PARALLEL_MIN", 1)


def one_process(monkeypatch, name: str, nt: bytes, prefixes: dict[str, str] = PREFIXES) -> bytes:
    monkeypatch.setattr(writers, "PARALLEL_MIN", 1 << 62)
    try:
        return write(name, nt, prefixes)
    finally:
        monkeypatch.setattr(writers, "PARALLEL_MIN", 1)


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("graph", ["shipped", "synthetic", "hard"])
def test_two_processes_write_the_same_bytes_as_one(name, graph, request, monkeypatch, forkable):
    nt = source(graph, request)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    monkeypatch.setattr(writers, "PARALLEL_MIN", 1)
    both = write(name, nt)
    assert forks == [1]  # the second half was written by a child
    assert both == one_process(monkeypatch, name, nt)


def test_a_namespace_numbered_by_the_whole_input_is_written_by_one_process(monkeypatch, forkable):
    lines = [f'<{EX}s{i:03}> <https://example.org/vocab{i % 2}/p> "{i}" .\n' for i in range(40)]
    nt = "".join(sorted(lines)).encode()
    monkeypatch.setattr(writers, "PARALLEL_MIN", 1)
    document = writers.rdfxml(nt, {})
    assert document == one_process(monkeypatch, "rdfxml", nt, {})
    assert b'xmlns:ns1="https://example.org/vocab0/"' in document


def test_an_error_in_the_second_half_reaches_the_caller(monkeypatch, forkable):
    lines = [f'<{EX}s{i:03}> <{EX}p> "{i}" .\n' for i in range(40)]
    lines[-1] = f'<{EX}s039> <{EX}p> "bell \\u0007" .\n'
    monkeypatch.setattr(writers, "PARALLEL_MIN", 1)
    with pytest.raises(ValueError, match=f"<{EX}s039>.*XML 1.0"):
        writers.rdfxml("".join(lines).encode(), PREFIXES)


def test_the_cut_between_halves_is_checked_for_order(monkeypatch, forkable):
    lines = [f'<{EX}s{i:03}> <{EX}p> "{i}" .\n' for i in range(40)]
    at = writers._cut("".join(lines).encode()) // len(lines[0])  # lines of one length
    lines[at - 1], lines[at] = lines[at], lines[at - 1]  # each half stays sorted
    monkeypatch.setattr(writers, "PARALLEL_MIN", 1)
    with pytest.raises(ValueError, match="not sorted"):
        writers.turtle("".join(lines).encode(), PREFIXES)


def test_a_failure_in_the_first_half_stops_the_child(monkeypatch, forkable):
    lines = [f'<{EX}s{i:03}> <{EX}p> "{i}" .\n' for i in range(40)]
    lines[0] = f'<{EX}s000> <{EX}p> "bell \\u0007" .\n'
    reaped = []
    real_waitpid = os.waitpid
    monkeypatch.setattr(os, "waitpid", lambda pid, opts: reaped.append(pid) or real_waitpid(pid, 0))
    monkeypatch.setattr(writers, "PARALLEL_MIN", 1)
    with pytest.raises(ValueError, match=f"<{EX}s000>.*XML 1.0"):
        writers.rdfxml("".join(lines).encode(), PREFIXES)
    assert len(reaped) == 1  # no zombie left


@pytest.mark.parametrize("name", WRITERS)
def test_an_empty_object_is_one_error(name):
    with pytest.raises(ValueError, match="not an N-Triples triple"):
        write(name, f"<{EX}s> <{EX}p>  .\n".encode())


def test_no_fork_while_other_threads_run(monkeypatch, hard):
    import threading

    monkeypatch.setattr(writers, "PARALLEL_MIN", 1)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked with threads running"))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert writers.turtle(hard, PREFIXES) == one_process(monkeypatch, "turtle", hard)
    finally:
        stop.set()
        thread.join()


def test_no_fork_beside_a_store_s_native_threads():
    """In a fresh process: a second CPU and one thread allow the fork; an open on-disk store
    (RocksDB's threads, which Python's threading module does not see) forbids it."""
    script = (
        "import os, tempfile, threading, pyoxigraph as ox\n"
        "from cseckg import writers\n"
        "before = writers._can_fork()\n"
        "store = ox.Store(tempfile.mkdtemp())\n"
        "store.add(ox.Quad(ox.NamedNode('urn:a'), ox.NamedNode('urn:b'), ox.Literal('c')))\n"
        "cpus = len(os.sched_getaffinity(0))\n"
        "print(before, writers._can_fork(), threading.active_count(), cpus)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    before, after, python_threads, cpus = done.stdout.split()
    assert python_threads == "1"
    assert before == str(int(cpus) > 1)
    assert after == "False"


@pytest.mark.parametrize(
    "line",
    [
        f'<{EX}a/../b> <{EX}p> "subject" .\n',
        f"<{EX}s> <{EX}p> <https://example.org/a/./b> .\n",
        f'<{EX}s> <{EX}p> "x"^^<https://example.org/dt/..> .\n',
    ],
)
def test_rdfxml_refuses_an_iri_a_reader_would_resolve(line):
    with pytest.raises(ValueError, match="'.' or '..' segments"):
        writers.rdfxml(line.encode(), PREFIXES)


def test_rdfxml_keeps_a_dot_that_is_not_a_segment():
    nt = (
        f"<https://example.org/.well-known/x> <{EX}p> <https://example.org/a/.b/..c> .\n"
    ).encode()
    assert read_with_pyoxigraph(writers.rdfxml(nt, PREFIXES), "rdfxml") == expected(nt)
