"""``cseckg release``: every format, gzipped dumps, VoID/DCAT, checksums and a change list.

The release folder (``dist/`` by default) holds ``cseckg.ttl``, ``.nt``, ``.nq``, ``.trig``,
``.jsonld``, ``.rdf``, ``cseckg.nt.gz`` and ``cseckg.nq.gz`` (for bulk loaders), the SSSOM
mapping set(s) the ``skos:*Match`` links derive from (``cseckg.sssom.tsv``, as committed), the
JSON-LD ``context.jsonld``, ``void.ttl`` (:mod:`cseckg.void`), ``CHANGES.md`` and
``changes.json`` (against the previous release), ``release.json`` and ``iris.txt`` (this
release's snapshot and IRIs, to be kept in ``releases/``) and ``SHA256SUMS`` (``sha256sum -c``
format).

Versions: the ontology header must say ``owl:versionInfo`` = :data:`cseckg.__version__`,
``owl:versionIRI`` = ``https://w3id.org/cseckg/ontology/<version>`` and, after a first release,
``owl:priorVersion`` = the previous release's version IRI; the release refuses to build otherwise.

All-or-nothing: the folder is built next to the target under a hidden name, then swapped in with
two renames, so a failed or interrupted release leaves the previous one as it was.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cseckg import __version__, changes, export, formats, resources, void
from cseckg.errors import InputError

ONTOLOGY = "https://w3id.org/cseckg/ontology"
OWL = "http://www.w3.org/2002/07/owl#"
GZIPPED = ("ntriples", "nquads")
STEM = "cseckg"


@dataclass(frozen=True)
class ReleaseReport:
    out: Path
    version: str
    previous: str
    files: tuple[void.FileInfo, ...]
    triples: int
    changes: changes.Changes
    recorded: bool


def release(
    out: Path,
    files: list[Path] | None = None,
    *,
    history: Path | None = None,
    record: bool = False,
    progress: export.Progress = export._quiet,
) -> ReleaseReport:
    """Build the release of the graph of ``files`` (default: the shipped graph) into ``out``."""
    history = history or resources.releases_dir()
    dataset = export.build(files, progress)
    progress("summarising")
    today = release_date()
    snap = changes.snapshot(dataset.triples(), __version__, today)
    previous = latest_snapshot(history, __version__)
    stats, header = scan(dataset)
    check_versions(header, __version__, previous.version if previous else "")
    snap.version_iri = header.get("versionIRI", "")
    diff = changes.compare(previous, snap)
    first = min([today, *(s.issued for s in snapshots(history) if s.issued)])
    prior = previous.version if previous else ""
    staging = _staging(out)
    try:
        infos = _write_data(staging, dataset, progress)
        infos += _write_mappings(staging, files)
        _write_meta(staging, dataset, snap, diff)
        examples = _examples()
        quads = void.describe(__version__, prior, (first, today), stats, infos, examples)
        vdata = export.serialize(export.from_quads(quads, void.DATASET), "turtle", void.NS)
        (staging / "void.ttl").write_bytes(vdata)
        _write_sums(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if record:
        _record(history, snap)
    return ReleaseReport(out, __version__, prior, tuple(infos), len(dataset), diff, record)


def release_date() -> str:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.split("."))


def snapshots(history: Path) -> list[changes.Snapshot]:
    found = sorted(history.glob("*.json")) if history.is_dir() else []
    return [changes.Snapshot.from_json(p.read_bytes()) for p in found]


def latest_snapshot(history: Path, before: str) -> changes.Snapshot | None:
    """The snapshot of the newest release older than ``before``."""
    older = [s for s in snapshots(history) if _version_key(s.version) < _version_key(before)]
    return max(older, key=lambda s: _version_key(s.version), default=None)


def scan(dataset: export.Dataset) -> tuple[void.Statistics, dict[str, str]]:
    """VoID statistics, and the ontology header's versionInfo, versionIRI and priorVersion."""
    subjects, predicates, classes = set(), set(), set()
    header: dict[str, str] = {}
    triples: Any = dataset.triples()
    for t in triples:
        subjects.add(t.subject)
        predicates.add(t.predicate.value)
        if t.predicate.value == changes.RDF_TYPE:
            classes.add(t.object.value)
        if t.subject.value == ONTOLOGY and t.predicate.value.startswith(OWL):
            header[t.predicate.value[len(OWL) :]] = t.object.value
    vocabularies = sorted({_namespace(i) for i in predicates | classes} - {""})
    stats = void.Statistics(
        len(dataset), len(subjects), len(predicates), len(classes), tuple(vocabularies)
    )
    return stats, header


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1].rstrip("#") if cut > 0 else ""


def check_versions(header: dict[str, str], version: str, previous: str) -> None:
    expected = {"versionInfo": version, "versionIRI": f"{ONTOLOGY}/{version}"}
    if previous:
        expected["priorVersion"] = f"{ONTOLOGY}/{previous}"
    for key, value in expected.items():
        if header.get(key) != value:
            found = header.get(key, "nothing")
            raise InputError(
                f"the ontology header says owl:{key} {found}; release {version} needs {value} "
                "(edit ontology/model.ttl)"
            )


def _staging(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    except OSError as err:
        raise InputError(f"{out}: cannot be written: {err.strerror or err}") from None
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a release folder is not
    return staging


def _write_data(folder: Path, dataset: export.Dataset, progress) -> list[void.FileInfo]:
    infos = []
    for fmt in formats.FORMATS:
        progress(f"writing {fmt.name}")
        data = export.serialize(dataset, fmt.name)
        infos.append(_write(folder / f"{STEM}{fmt.suffixes[0]}", data, fmt.media_type))
        if fmt.name in GZIPPED:
            packed = gzip.compress(data, compresslevel=6, mtime=0)
            name = folder / f"{STEM}{fmt.suffixes[0]}.gz"
            infos.append(_write(name, packed, fmt.media_type, gzipped=True))
    return infos


def _write_mappings(folder: Path, files: list[Path] | None) -> list[void.FileInfo]:
    """Copy each SSSOM mapping set of the release's input, byte for byte, under its own name."""
    from cseckg import sssom

    sources = resources.graph_files() if files is None else files
    return [
        _write(folder / path.name, path.read_bytes(), void.SSSOM_MEDIA_TYPE)
        for path in sources
        if sssom.is_sssom(path)
    ]


def _write(path: Path, data: bytes, media_type: str, gzipped: bool = False) -> void.FileInfo:
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    return void.FileInfo(path.name, media_type, len(data), digest, gzipped)


def _write_meta(folder: Path, dataset, snap: changes.Snapshot, diff: changes.Changes) -> None:
    from cseckg import jsonld

    (folder / "context.jsonld").write_bytes(jsonld.context_document())
    (folder / "CHANGES.md").write_text(diff.markdown(), encoding="utf-8")
    (folder / "changes.json").write_bytes(diff.to_json())
    (folder / "release.json").write_bytes(snap.to_json())
    iris = changes.released_iris(snap)
    (folder / "iris.txt").write_text("".join(i + "\n" for i in iris), encoding="utf-8")


def _examples() -> list[void.Example]:
    from cseckg import sparql

    return [void.Example(q.name, q.title, q.description, q.text) for q in sparql.list_queries()]


def _write_sums(folder: Path) -> None:
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
        for p in sorted(folder.iterdir())
        if p.is_file()
    ]
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out``: the old folder is moved aside first and removed last."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _record(history: Path, snap: changes.Snapshot) -> None:
    """Keep this release in ``history``: its snapshot, and its IRIs added to ``iris.txt``."""
    from cseckg.sparql import write_atomically

    history.mkdir(parents=True, exist_ok=True)
    write_atomically(history / f"{snap.version}.json", snap.to_json())
    listed = history / "iris.txt"
    known = set(listed.read_text(encoding="utf-8").split()) if listed.is_file() else set()
    merged = sorted(known | set(changes.released_iris(snap)))
    write_atomically(listed, "".join(i + "\n" for i in merged).encode())
