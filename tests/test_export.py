"""``cseckg export``: deterministic, lossless, strictly valid files in every RDF format."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from cseckg import api, export, formats, jsonld, rdfio, resources
from cseckg.cli import export as export_cli
from cseckg.graph import load

from . import jena
from .conftest import ROOT

NAMES = [f.name for f in formats.FORMATS]
XSD = "http://www.w3.org/2001/XMLSchema#"

# Literals that a careless writer would change: every one must come back as written.
EDGE_CASES = """\
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:count "01"^^xsd:nonNegativeInteger ;
    ex:decimal "1.50"^^xsd:decimal ;
    ex:flag "1"^^xsd:boolean ;
    ex:date "2026-11-29"^^xsd:date , "2026-11-29T10:00:00Z"^^xsd:dateTime ;
    ex:string "explicit"^^xsd:string , "" ;
    ex:custom "x y"^^ex:type ;
    ex:text "l'enfant « âgé » de moins de 18 ans"@fr , "Kind unter 18 Jahren"@de ,
        "طفل"@ar , "子ども 🧒 e\\u0301"@ja ,
        "two\\nlines\\tand \\"quotes\\" and \\\\ backslash"@en ;
    ex:long "LONG" ;
    ex:list ( ex:b "x" 3 ) ;
    ex:nested [ ex:p [ ex:q "deep" ] ] .
ex:b ex:same [ ex:p "twin" ] , [ ex:p "twin" ] .
"""


@pytest.fixture(autouse=True)
def _exact_rdflib_literals(monkeypatch):
    """rdflib rewrites lexical forms ("01" to "1") unless told not to: compare them as written."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


@pytest.fixture(scope="module")
def edge_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edge") / "edge.ttl"
    long_text = "Synthetic long text. " * 5000
    path.write_text(EDGE_CASES.replace('"LONG"', f'"{long_text}"@en'), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shipped_exports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    found = {}
    for fmt in formats.FORMATS:
        found[fmt.name] = folder / f"cseckg{fmt.suffixes[0]}"
        api.export(fmt.name, found[fmt.name])
    return found


def _source_graph(files: list[Path]) -> rdflib.Graph:
    """The triples the export must hold: the loader's parsed and derived quads, as written."""
    graph = rdflib.Graph()
    for quad in load(files).quads:
        graph.add(_rdflib(quad))
    return graph


def _rdflib(quad):
    from cseckg.graph import rdflib_term

    return (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object))


def _parsed_by_rdflib(path: Path, fmt: formats.RdfFormat) -> rdflib.Graph:
    if fmt.quads:
        dataset = rdflib.Dataset()
        dataset.parse(path, format=fmt.rdflib)
        union = rdflib.Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return rdflib.Graph().parse(path, format=fmt.rdflib)


def _parsed_by_oxigraph(path: Path, fmt: formats.RdfFormat) -> rdflib.Graph:
    graph = rdflib.Graph()
    for quad in ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt.oxigraph)):
        graph.add(_rdflib(quad))
    return graph


def _literals(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    # Language tags are case-insensitive (RDF 1.1 Concepts 3.3): compared in lower case.
    return {
        (str(o), (o.language or "").lower(), str(o.datatype or ""))
        for o in graph.objects()
        if isinstance(o, rdflib.Literal)
    }


@pytest.mark.parametrize("name", NAMES)
def test_shipped_export_is_lossless(name, shipped_exports):
    fmt = formats.BY_NAME[name]
    source = _source_graph(resources.shipped_files())  # the Turtle and the mapping set
    for parsed in (_parsed_by_rdflib, _parsed_by_oxigraph):
        graph = parsed(shipped_exports[name], fmt)
        assert len(graph) == len(source), parsed.__name__
        assert isomorphic(graph, source), parsed.__name__
        assert _literals(graph) == _literals(source), parsed.__name__


@pytest.mark.parametrize("name", NAMES)
def test_edge_case_literals_come_back_unchanged(name, edge_file, tmp_path):
    fmt = formats.BY_NAME[name]
    out = tmp_path / f"edge{fmt.suffixes[0]}"
    api.export(name, out, files=[edge_file])
    source = _source_graph([edge_file])
    assert ("01", "", XSD + "nonNegativeInteger") in _literals(source)
    for parsed in (_parsed_by_rdflib, _parsed_by_oxigraph):
        graph = parsed(out, fmt)
        assert _literals(graph) == _literals(source), parsed.__name__
        assert isomorphic(graph, source), parsed.__name__


def test_one_named_graph_per_source_document(shipped_exports):
    by_graph: dict[str, set] = defaultdict(set)
    for quad in ox.parse(path=str(shipped_exports["nquads"]), format=ox.RdfFormat.N_QUADS):
        by_graph[quad.graph_name.value].add(
            str(ox.Triple(quad.subject, quad.predicate, quad.object))
        )
    files = resources.ontology_files()  # a mapping set's triples go to the derived graph
    expected = {export.graph_name(p) for p in files} | {export.DERIVED_GRAPH}
    assert set(by_graph) == expected
    assert export.GRAPH_BASE + "model" in by_graph
    assert export.GRAPH_BASE + "instruments/crc" in by_graph
    crc = ROOT / "ontology" / "instruments" / "crc.ttl"
    assert len(by_graph[export.graph_name(crc)]) == len(set(map(str, rdfio.read_quads(crc))))
    assert not any("urn:cseckg" in name for name in by_graph)
    derived = by_graph[export.DERIVED_GRAPH]
    assert any("skos/core#prefLabel" in t for t in derived)
    assert any("skos/core#closeMatch> <http://eurovoc.europa.eu/6553>" in t for t in derived)


def test_same_bytes_whatever_the_hash_seed_and_file_order(tmp_path):
    script = (
        "import sys; from pathlib import Path; from cseckg import api, formats, resources\n"
        "files = resources.ontology_files()\n"
        "files = files[::-1] if sys.argv[2] == 'reversed' else files\n"
        "for f in formats.FORMATS:\n"
        "    api.export(f.name, Path(sys.argv[1]) / f.name, files=files)\n"
    )
    runs = []
    for seed, order in (("1", "sorted"), ("4242", "reversed")):
        out = tmp_path / seed
        out.mkdir()
        cache = str(tmp_path / f"cache-{seed}")  # each run prepares the dataset itself
        env = {**os.environ, "PYTHONHASHSEED": seed, "CSECKG_CACHE": cache}
        subprocess.run([sys.executable, "-c", script, str(out), order], check=True, env=env)
        runs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert set(runs[0]) == set(NAMES)
    for name in NAMES:
        assert runs[0][name] == runs[1][name], name


def test_blank_node_labels_do_not_depend_on_parser_ids(edge_file):
    first = export.prepare([edge_file]).ntriples()
    second = export.prepare([edge_file]).ntriples()
    assert first == second
    assert b"_:b" in first


def _cached_exports(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("export-*") if (p / "READY").is_file())


def test_the_prepared_dataset_is_cached_until_a_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("CSECKG_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "data.ttl"
    source.write_text(EDGE_CASES.replace('"LONG"', '"short"'), encoding="utf-8")
    first = export.build([source])
    assert len(_cached_exports(tmp_path / "cache")) == 1
    prepared = []
    real = export.prepare
    monkeypatch.setattr(export, "prepare", lambda *a, **k: prepared.append(1) or real(*a, **k))
    again = export.build([source])
    assert prepared == []  # read from the cache
    assert again.ntriples() == first.ntriples() and again.nquads() == first.nquads()
    assert [name for name, _ in again.graphs] == [name for name, _ in first.graphs]
    source.write_text(EDGE_CASES.replace('"LONG"', '"changed"'), encoding="utf-8")
    changed = export.build([source])
    assert prepared == [1]
    assert b'"changed"' in changed.ntriples() and b'"short"' not in changed.ntriples()


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSECKG_CACHE", str(cache))
    source = tmp_path / "data.ttl"
    source.write_text(EDGE_CASES.replace('"LONG"', '"short"'), encoding="utf-8")
    expected = export.prepare([source]).ntriples()
    export.build([source])
    (folder,) = _cached_exports(cache)
    (folder / "graphs.nt").write_bytes((folder / "graphs.nt").read_bytes()[:-10])
    assert export.build([source]).nquads() == export.prepare([source]).nquads()
    (folder / "index.json").write_text("not json", encoding="utf-8")
    assert export.build([source]).ntriples() == expected
    (folder,) = _cached_exports(cache)
    (folder / "union.nt").write_bytes((folder / "union.nt").read_bytes()[:-10])
    assert export.build([source]).ntriples() == expected
    prepared = []
    real = export.prepare
    monkeypatch.setattr(export, "prepare", lambda *a, **k: prepared.append(1) or real(*a, **k))
    lazy = export.build([source])  # the damaged cache was replaced: read, files when needed
    assert prepared == []
    (folder / "union.nt").unlink()
    (folder / "graphs.nt").unlink()
    assert lazy.ntriples() == expected
    assert lazy.nquads() == real([source]).nquads()
    assert prepared == [1, 1]  # each vanished file made again
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("CSECKG_CACHE", str(blocked / "cache"))
    assert export.build([source]).ntriples() == expected
    assert not list(tmp_path.glob("**/.building-*"))


def test_jsonld_is_compact_with_the_published_context(shipped_exports):
    doc = json.loads(shipped_exports["jsonld"].read_bytes())
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_bytes())
    assert doc["@context"] == shipped["@context"] == jsonld.context()
    child = next(n for n in doc["@graph"] if n["@id"] == "concept:child")
    assert "skos:Concept" in child["@type"]
    assert {"@language": "en", "@value": "child"} in child["skos:prefLabel"]
    rdfio.read_quads(shipped_exports["jsonld"])  # no remote context: cseckg reads it back


def test_turtle_uses_prefixes_and_includes_derived_labels(shipped_exports):
    text = shipped_exports["turtle"].read_text(encoding="utf-8")
    assert "\n@prefix cseckg: <https://w3id.org/cseckg/ontology#> .\n" in text
    assert re.search(r'skos:prefLabel [^;]*"child"@en', text)


# ---------------------------------------------------------------- the command


def test_cli_infers_the_format_from_the_suffix(cli, tmp_path):
    out = tmp_path / "graph.nt"
    result = cli("export", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == export.serialize(export.build(), "ntriples")
    assert "ntriples" in result.stderr


def test_cli_writes_stdout_and_gzip(cli, tmp_path):
    result = cli("export", "--format", "ntriples", "-o", "-", "--quiet")
    assert result.exit_code == 0
    assert result.stdout_bytes == export.serialize(export.build(), "ntriples")
    assert result.stderr == ""
    packed = tmp_path / "graph.nq.gz"
    assert cli("export", "-o", str(packed), "-q").exit_code == 0
    assert gzip.decompress(packed.read_bytes()) == export.serialize(export.build(), "nquads")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "n3"], "unknown format"),
        (["--output", "graph.txt"], "cannot tell the format"),
        (["--output", "/nonexistent-dir/graph.ttl"], "cannot be written"),
    ],
)
def test_cli_refuses_bad_input_in_one_line(cli, args, message):
    result = cli("export", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_failed_export_leaves_the_old_file(cli, tmp_path, monkeypatch):
    out = tmp_path / "graph.ttl"
    out.write_text("old")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cseckg.sparql.results.os.replace", broken)
    result = cli("export", "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_progress_only_on_a_terminal_after_a_second(monkeypatch, capsys):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(export_cli, "SHOW_AFTER", 0.0)
    progress = export_cli.Progress(quiet=False)
    progress("writing turtle")
    progress.done()
    assert "writing turtle..." in capsys.readouterr().err
    quiet = export_cli.Progress(quiet=True)
    quiet("writing turtle")
    monkeypatch.setattr(export_cli, "SHOW_AFTER", 3600.0)
    export_cli.Progress(quiet=False)("writing turtle")
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- a strict parser


def riot_command() -> list[str]:
    """Jena's command line with a logging binding that prints riot's warnings to stderr (the
    no-op binding of tests/jena.py would hide them)."""
    command = jena.jena_command(quick=True)
    if command is None:
        if os.environ.get("CI"):
            pytest.fail(f"Apache Jena is required in CI: {jena.missing()}")
        pytest.skip(f"Apache Jena is not available: {jena.missing()}")
    at = command.index("-cp") + 1
    command[at] = command[at].replace("slf4j-nop.jar", "slf4j-simple.jar")
    return command


@pytest.mark.jena
@pytest.mark.parametrize("name", NAMES)
def test_riot_strict_validates_every_format_without_warnings(name, shipped_exports):
    # Debian's Jena reads JSON-LD 1.1 with Titanium, which needs a Jakarta JSON provider that the
    # package does not pull in; its JSON-LD 1.0 reader (jsonld-java) reads our files as they are.
    syntax = ["--syntax=jsonld10"] if name == "jsonld" else []
    args = ["riotcmd.riot", "--validate", "--strict", *syntax, str(shipped_exports[name])]
    done = subprocess.run(
        [*riot_command(), *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "WARN" not in done.stderr and "ERROR" not in done.stderr, done.stderr


@pytest.mark.jena
def test_riot_sees_the_warning_it_must_report(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text(f'<https://example.org/a> <https://example.org/p> "x"^^<{XSD}integer> .\n')
    done = subprocess.run(
        [*riot_command(), "riotcmd.riot", "--validate", "--strict", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "WARN" in done.stderr or "ERROR" in done.stderr


def test_what_rdfxml_cannot_say_is_one_line_and_no_file(cli, tmp_path, monkeypatch):
    data = tmp_path / "data.ttl"
    data.write_text("<https://example.org/a> <https://example.org/p/1> 'x' .\n", encoding="utf-8")
    monkeypatch.setenv("CSECKG_GRAPH", str(data))
    out = tmp_path / "graph.rdf"
    result = cli("export", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("cseckg: cannot write rdfxml: ")
    assert "https://example.org/p/1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert cli("export", "-o", str(tmp_path / "graph.ttl"), "-q").exit_code == 0


def test_a_file_name_an_iri_cannot_hold_is_percent_encoded_in_its_graph(tmp_path):
    source = tmp_path / "my data.ttl"
    source.write_text("<https://example.org/a> <https://example.org/p> 'x' .\n", encoding="utf-8")
    assert export.graph_name(source) == export.GRAPH_BASE + "my%20data"
    dataset = export.build([source])
    for name in ("nquads", "trig"):
        quads = list(
            ox.parse(
                export.serialize(dataset, name),
                format=getattr(ox.RdfFormat, formats.BY_NAME[name].oxigraph),
            )
        )
        assert {q.graph_name.value for q in quads} == {export.GRAPH_BASE + "my%20data"}


def test_a_staging_folder_left_by_a_killed_process_is_removed(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSECKG_CACHE", str(cache))
    cache.mkdir()
    old = cache / ".building-export-0123-999999"
    fresh = cache / ".building-export-4567-999998"  # maybe another process, still at work
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "union.nt").write_bytes(b"half")
    os.utime(old, (0, 0))
    source = tmp_path / "data.ttl"
    source.write_text("<https://example.org/a> <https://example.org/p> 'x' .\n", encoding="utf-8")
    export.build([source])
    assert not old.exists() and fresh.exists()


def test_a_triple_in_two_source_files_is_in_both_graphs_and_once_in_the_union(tmp_path):
    shared = "<https://example.org/a> <https://example.org/p> 'shared' .\n"
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    first.write_text(shared + "<https://example.org/z> <https://example.org/p> 'one' .\n")
    second.write_text("<https://example.org/b> <https://example.org/p> 'two' .\n" + shared)
    dataset = export.prepare([first, second])
    union = dataset.ntriples().decode()
    assert union.count('"shared"') == 1 and len(dataset) == 3
    assert union.splitlines() == sorted(union.splitlines()) and "\n\n" not in "\n" + union
    assert dataset.nquads().decode().count('"shared"') == 2
    blocks = dict(dataset.graphs)
    assert all(block.endswith(b".\n") and b"\n\n" not in block for block in blocks.values())
