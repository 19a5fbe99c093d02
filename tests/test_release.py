"""``cseckg release``: the folder, its description, its checksums, the change list, versions,
all-or-nothing replacement, and the never-deleted-IRI rule."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from cseckg import __version__, api, changes, export, release, resources

from .conftest import ROOT, tree_digest

DATA_FILES = [
    "cseckg.jsonld",
    "cseckg.nq",
    "cseckg.nq.gz",
    "cseckg.nt",
    "cseckg.nt.gz",
    "cseckg.rdf",
    "cseckg.sssom.tsv",
    "cseckg.trig",
    "cseckg.ttl",
]
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
VOID = "http://rdfs.org/ns/void#"

HEADER = """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://w3id.org/cseckg/ontology> a owl:Ontology ;
    owl:versionInfo "{version}" ;
    owl:versionIRI <https://w3id.org/cseckg/ontology/{version}> {prior}.
"""
BODY = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .
@prefix cseckg: <https://w3id.org/cseckg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/cseckg/concept/a> a skos:Concept ;
    skosxl:prefLabel <https://w3id.org/cseckg/label/en/a> .
<https://w3id.org/cseckg/label/en/a> a skosxl:Label ; skosxl:literalForm "{label}"@en .
<https://w3id.org/cseckg/definition/x-art-1> a cseckg:Definition ; cseckg:text "{text}"@en .
"""


def fixture_files(folder: Path, *, label="a", text="one", extra="", prior="", version=None):
    folder.mkdir(parents=True, exist_ok=True)
    version = version or __version__
    prior_line = f"; owl:priorVersion <https://w3id.org/cseckg/ontology/{prior}> " if prior else ""
    header = folder / "model.ttl"
    header.write_text(HEADER.format(version=version, prior=prior_line), encoding="utf-8")
    body = folder / "data.ttl"
    body.write_text(BODY.format(label=label, text=text) + extra, encoding="utf-8")
    return [header, body]


@pytest.fixture(scope="module")
def shipped_release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "dist"
    api.release(out, history=tmp_path_factory.mktemp("history"))
    return out


def test_release_holds_every_format_and_its_description(shipped_release):
    names = sorted(p.name for p in shipped_release.iterdir())
    for name in [*DATA_FILES, "SHA256SUMS", "void.ttl", "CHANGES.md", "context.jsonld"]:
        assert name in names
    nt = (shipped_release / "cseckg.nt").read_bytes()
    assert gzip.decompress((shipped_release / "cseckg.nt.gz").read_bytes()) == nt
    assert nt == export.serialize(export.build(), "ntriples")
    shipped = resources.mapping_files()
    assert [p.name for p in shipped] == ["cseckg.sssom.tsv"]
    assert (shipped_release / "cseckg.sssom.tsv").read_bytes() == shipped[0].read_bytes()


def test_sha256sums_match_every_file(shipped_release):
    lines = (shipped_release / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    files = sorted(p.name for p in shipped_release.iterdir() if p.name != "SHA256SUMS")
    assert sorted(listed) == files
    for name, digest in listed.items():
        assert hashlib.sha256((shipped_release / name).read_bytes()).hexdigest() == digest


def test_void_dcat_describes_each_distribution(shipped_release):
    store = ox.Store()
    store.load(path=str(shipped_release / "void.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        f"""SELECT ?file ?size ?sum ?type WHERE {{
          ?d <{DCAT}distribution> ?file . ?file <{DCAT}byteSize> ?size ;
             <{DCAT}mediaType> ?type ; <{SPDX}checksum>/<{SPDX}checksumValue> ?sum }}"""
    )
    found = {r["file"].value.rsplit("/", 1)[1]: r for r in rows}
    assert sorted(found) == DATA_FILES
    for name, row in found.items():
        data = (shipped_release / name).read_bytes()
        assert int(row["size"].value) == len(data)
        assert row["sum"].value == hashlib.sha256(data).hexdigest()
    facts = {
        q.predicate.value: q.object
        for q in store.quads_for_pattern(
            ox.NamedNode(release.void.release_iri(__version__)), None, None
        )
    }
    assert facts["http://www.w3.org/2002/07/owl#versionInfo"].value == __version__
    assert int(facts[VOID + "triples"].value) == len(export.build())
    assert facts["http://purl.org/dc/terms/license"].value.endswith("/by/4.0/")
    cite_as = facts["http://purl.org/dc/terms/bibliographicCitation"].value
    assert cite_as.startswith("cseckg contributors. ") and f"Version {__version__}." in cite_as
    assert store.query(f"ASK {{ ?r <{VOID}vocabulary> <http://www.w3.org/2004/02/skos/core> }}")
    assert store.query("ASK { ?q <http://www.w3.org/ns/shacl#select> ?text }")
    mapping = ox.NamedNode(release.void.release_iri(__version__) + "/cseckg.sssom.tsv")
    conforms = ox.NamedNode("http://purl.org/dc/terms/conformsTo")
    assert [q.object.value for q in store.quads_for_pattern(mapping, conforms, None)] == [
        "https://w3id.org/sssom/"
    ]


def test_a_release_is_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795910400")
    api.release(tmp_path / "one", history=tmp_path)
    api.release(tmp_path / "two", history=tmp_path)
    assert (tmp_path / "one" / "SHA256SUMS").read_bytes() == (
        tmp_path / "two" / "SHA256SUMS"
    ).read_bytes()


def test_change_list_against_the_previous_release(tmp_path):
    history = tmp_path / "releases"
    old = export.build(fixture_files(tmp_path / "v1", version="0.0.1"))
    history.mkdir()
    (history / "0.0.1.json").write_bytes(changes.snapshot(old.triples(), "0.0.1").to_json())
    deprecated = """
<https://w3id.org/cseckg/concept/b> a skos:Concept ;
    skosxl:prefLabel <https://w3id.org/cseckg/label/en/a> .
"""
    files = fixture_files(
        tmp_path / "v2", label="renamed", text="two", extra=deprecated, prior="0.0.1"
    )
    report = api.release(tmp_path / "dist", files=files, history=history)
    assert report.previous == "0.0.1"
    assert report.changes.concepts["relabelled"] == ("https://w3id.org/cseckg/concept/a",)
    assert report.changes.concepts["added"] == ("https://w3id.org/cseckg/concept/b",)
    assert report.changes.definitions["text changed"] == (
        "https://w3id.org/cseckg/definition/x-art-1",
    )
    text = (tmp_path / "dist" / "CHANGES.md").read_text()
    assert "since 0.0.1" in text and "relabelled: 1" in text
    void = (tmp_path / "dist" / "void.ttl").read_text()
    assert "owl:priorVersion <https://w3id.org/cseckg/release/0.0.1>" in void


def test_release_refuses_a_wrong_version_header(cli, tmp_path, monkeypatch):
    files = fixture_files(tmp_path, version="9.9.9")
    with pytest.raises(release.InputError, match="owl:versionInfo 9.9.9"):
        api.release(tmp_path / "dist", files=files, history=tmp_path / "none")
    assert not (tmp_path / "dist").exists()
    files = fixture_files(tmp_path / "p")
    old = tmp_path / "h"
    old.mkdir()
    (old / "0.0.1.json").write_text('{"version": "0.0.1"}')
    with pytest.raises(release.InputError, match="owl:priorVersion"):
        api.release(tmp_path / "dist", files=files, history=old)


def test_a_failed_release_leaves_the_previous_one_intact(cli, tmp_path, monkeypatch):
    out = tmp_path / "dist"
    api.release(out, files=fixture_files(tmp_path / "src"), history=tmp_path / "none")
    before = tree_digest(out)
    real = export.serialize

    def failing(dataset, name, *args):
        if name == "rdfxml":
            raise OSError(28, "No space left on device")
        return real(dataset, name, *args)

    monkeypatch.setattr(export, "serialize", failing)
    with pytest.raises(OSError):
        api.release(out, files=fixture_files(tmp_path / "src", label="new"), history=tmp_path)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "src"]


def test_cli_release_and_record(cli, tmp_path, monkeypatch):
    history = tmp_path / "releases"
    monkeypatch.setattr(resources, "releases_dir", lambda: history)
    result = cli("release", "--out", str(tmp_path / "dist"), "--record")
    assert result.exit_code == 0, result.output
    assert "first release" in result.stderr
    listed = (history / "iris.txt").read_text().split()
    assert "https://w3id.org/cseckg/concept/child" in listed
    assert listed == sorted(listed)
    assert (history / f"{__version__}.json").is_file()
    assert cli("release", "--out", str(tmp_path / "dist"), "-q").stderr == ""


# ---------------------------------------------------------------- never-deleted IRIs


def _snapshot(files: list[Path]) -> changes.Snapshot:
    return changes.snapshot(export.build(files).triples())


def test_no_released_iri_has_disappeared():
    """Every IRI in releases/iris.txt is still described; a withdrawn one is deprecated with a
    live replacement and a change note (DESIGN, IRI policy)."""
    released = (ROOT / "releases" / "iris.txt").read_text(encoding="utf-8").split()
    assert released == sorted(set(released))
    assert changes.iri_problems(released, _snapshot(release.resources.ontology_files())) == []


def test_a_deleted_iri_fails_the_rule(tmp_path):
    released = ["https://w3id.org/cseckg/concept/a", "https://w3id.org/cseckg/concept/gone"]
    problems = changes.iri_problems(released, _snapshot(fixture_files(tmp_path)))
    assert problems == [
        "https://w3id.org/cseckg/concept/gone: released, now gone; deprecate it instead of "
        "deleting it"
    ]


def test_a_properly_deprecated_iri_passes_the_rule(tmp_path):
    old = """
<https://w3id.org/cseckg/concept/old> a skos:Concept ; owl:deprecated true ;
    dcterms:isReplacedBy <https://w3id.org/cseckg/concept/a> ;
    skos:changeNote "Merged into concept a."@en .
"""
    snap = _snapshot(fixture_files(tmp_path, extra=old))
    assert changes.iri_problems(["https://w3id.org/cseckg/concept/old"], snap) == []


def test_a_half_deprecated_iri_fails_the_rule(tmp_path):
    old = """
<https://w3id.org/cseckg/concept/old> a skos:Concept ; owl:deprecated true ;
    dcterms:isReplacedBy <https://w3id.org/cseckg/concept/nowhere> .
"""
    snap = _snapshot(fixture_files(tmp_path, extra=old))
    problems = changes.iri_problems(["https://w3id.org/cseckg/concept/old"], snap)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "deprecated without dcterms:isReplacedBy a live IRI",
        "deprecated without a skos:changeNote",
    ]
