"""Apache Jena as an independent engine for tests and benchmarks (Debian's libapache-jena-java 4.5).

Debian ships Jena's jars without launcher scripts, so :func:`jena_command` builds the Java command
line itself: the jars of the package and of its dependencies (``apt-cache depends``, ``dpkg -L``),
without the slf4j bridges and bindings that would clash (one API, one no-op binding instead).
It also mends a packaging fault: Debian's ``jena-core.jar`` relocates Xerces to the package
``xerces.*`` but keeps its message bundles under ``org/apache/jena/ext/xerces/``, so the first
XSD datatype check dies with "RuntimeException: internal error". The bundles are copied to
``xerces/...`` in a temporary folder placed first on the classpath. Built once per process.

:func:`shacl_report` runs Jena's SHACL engine (``shacl.shacl validate``) and reads its report;
:func:`shacl_reports` validates many small graphs in one JVM (about 1.5 s saved per graph).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "libapache-jena-java"
JAVA_DIR = "/usr/share/java/"
JENA_CORE = Path(JAVA_DIR) / "jena-core.jar"
BUNDLES = "org/apache/jena/ext/xerces/"
# slf4j bindings and bridges: several on one classpath make slf4j warn or loop.
CLASHING = ("slf4j-", "log4j-over-slf4j", "jcl-over-slf4j", "jul-to-slf4j", "maven3-slf4j")
LOGGING = (Path(JAVA_DIR) / "slf4j-api.jar", Path(JAVA_DIR) / "slf4j-nop.jar")
HEAP = "-Xmx4g"
# Short runs: the C1 compiler alone starts faster and costs about 40% less CPU per run.
QUICK = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")

SH = "http://www.w3.org/ns/shacl#"


@functools.lru_cache(maxsize=1)
def missing() -> str:
    """Why Jena cannot run here, or an empty string when it can."""
    if shutil.which("java") is None:
        return "java was not found on PATH (install a Java runtime, e.g. openjdk-17-jre-headless)"
    if not _installed(PACKAGE):
        return f"Debian's Apache Jena is not installed (apt-get install {PACKAGE})"
    if not JENA_CORE.is_file():
        return f"{JENA_CORE} was not found"
    return ""


def jena_command(quick: bool = False) -> list[str] | None:
    """``java ... -cp CLASSPATH``; append a main class and its arguments. None without Jena.

    ``quick`` trades peak speed for start-up time: for tests over small graphs, not benchmarks.
    """
    if missing():
        return None
    return ["java", HEAP, *(QUICK if quick else ()), "-cp", _classpath()]


@functools.lru_cache(maxsize=1)
def _classpath() -> str:
    jars = [j for j in _jars(_packages()) if not j.name.startswith(CLASHING)]
    return os.pathsep.join([str(_xerces_fix()), *map(str, _unique(jars)), *map(str, LOGGING)])


def _installed(package: str) -> bool:
    query = ["dpkg-query", "-W", "-f=${Status}", package]
    try:
        done = subprocess.run(query, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return False
    return done.returncode == 0 and done.stdout.endswith("installed")


def _packages() -> list[str]:
    """The package and everything it needs (Depends and PreDepends, recursively)."""
    done = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--important", PACKAGE],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {line.strip() for line in done.stdout.splitlines() if line and not line[0].isspace()}
    return sorted(n for n in names if not n.startswith("<"))  # <virtual> packages hold no files


def _jars(packages: list[str]) -> list[Path]:
    done = subprocess.run(["dpkg", "-L", *packages], capture_output=True, text=True, check=False)
    return [
        Path(line)
        for line in done.stdout.splitlines()
        if line.startswith(JAVA_DIR) and line.endswith(".jar") and "/" not in line[len(JAVA_DIR) :]
    ]


def _unique(jars: list[Path]) -> list[Path]:
    """One entry per real file: Debian installs ``x.jar`` as a link to ``x-1.2.jar``."""
    seen: dict[str, Path] = {}
    for jar in sorted(jars, key=lambda j: (len(j.name), j.name)):  # the short name wins
        seen.setdefault(os.path.realpath(jar), jar)
    return sorted(seen.values())


@functools.lru_cache(maxsize=1)
def _xerces_fix() -> Path:
    """A folder holding Xerces' message bundles where the relocated classes look for them."""
    folder = Path(tempfile.mkdtemp(prefix="cseckg-jena-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with zipfile.ZipFile(JENA_CORE) as jar:
        for name in jar.namelist():
            if name.startswith(BUNDLES) and name.endswith(".properties"):
                target = folder / "xerces" / name[len(BUNDLES) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return folder


# ---------------------------------------------------------------- SHACL


@dataclass(frozen=True)
class JenaResult:
    """One sh:ValidationResult of Jena's report: IRIs as strings, blank nodes as ``_:id``."""

    severity: str  # "Violation", "Warning" or "Info"
    shape: str
    focus: str
    path: str


@dataclass(frozen=True)
class JenaReport:
    conforms: bool  # sh:conforms: false on warnings too
    results: tuple[JenaResult, ...]

    def violations(self) -> tuple[JenaResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")


class JenaError(RuntimeError):
    """Jena did not run, or did not produce a report."""


def shacl_report(shapes: Path, data: Path, timeout: float = 900, quick: bool = False) -> JenaReport:
    """Validate ``data`` against ``shapes`` with Jena's SHACL engine (``shacl.shacl validate``)."""
    command = jena_command(quick)
    if command is None:
        raise JenaError(missing())
    args = ["shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data)]
    done = subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0 or "ValidationReport" not in done.stdout:
        raise JenaError(f"Jena SHACL failed ({done.returncode}): {done.stderr.strip()[:2000]}")
    return parse_report(done.stdout)


def shacl_conforms(shapes: Path, data: Path) -> bool:
    """Jena's sh:conforms (false when there is any result, warnings included)."""
    return shacl_report(shapes, data).conforms


# Many small graphs against one set of shapes in one JVM: the calls ``shacl.shacl validate`` makes.
BATCH_SOURCE = """\
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

public class ShaclBatch {
    public static void main(String[] args) throws Exception {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        for (int i = 1; i + 1 < args.length; i += 2) {
            Graph data = RDFDataMgr.loadGraph(args[i]);
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            try (OutputStream out = Files.newOutputStream(Paths.get(args[i + 1]))) {
                RDFDataMgr.write(out, report.getModel(), Lang.TURTLE);
            }
        }
    }
}
"""


def shacl_reports(shapes: Path, datas: list[Path], timeout: float = 900) -> list[JenaReport]:
    """Validate each of ``datas`` against ``shapes``: in one JVM when Java can compile the
    small batch program above (a JDK), else one ``shacl.shacl validate`` per file, two at a time.
    """
    command = jena_command(quick=True)
    if command is None:
        raise JenaError(missing())
    if not datas:
        return []
    if not _can_compile():
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(lambda d: shacl_report(shapes, d, timeout, quick=True), datas))
    with tempfile.TemporaryDirectory(prefix="cseckg-jena-batch-") as tmp:
        source = Path(tmp) / "ShaclBatch.java"
        source.write_text(BATCH_SOURCE)
        outs = [Path(tmp) / f"report-{i}.ttl" for i in range(len(datas))]
        pairs = [str(p) for d, o in zip(datas, outs, strict=True) for p in (d, o)]
        done = subprocess.run(
            [*command, str(source), str(shapes), *pairs],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise JenaError(f"Jena SHACL failed ({done.returncode}): {done.stderr.strip()[:2000]}")
        return [parse_report(o.read_text()) for o in outs]


@functools.lru_cache(maxsize=1)
def _can_compile() -> bool:
    """Java runs a single source file only where the compiler module is there (a JDK)."""
    done = subprocess.run(["java", "--list-modules"], capture_output=True, text=True, check=False)
    return "jdk.compiler" in done.stdout


def parse_report(turtle: str) -> JenaReport:
    import pyoxigraph as ox

    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    by_subject: dict[object, dict[str, object]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, {})[t.predicate.value] = t.object
    conforms = any(
        props.get(SH + "conforms") is not None and props[SH + "conforms"].value == "true"
        for props in by_subject.values()
    )
    results = tuple(
        JenaResult(
            severity=_local(props.get(SH + "resultSeverity")),
            shape=_iri(props.get(SH + "sourceShape")),
            focus=_node(props.get(SH + "focusNode")),
            path=_iri(props.get(SH + "resultPath")),
        )
        for props in by_subject.values()
        if SH + "resultSeverity" in props
    )
    return JenaReport(conforms, results)


def _iri(term) -> str:
    import pyoxigraph as ox

    return term.value if isinstance(term, ox.NamedNode) else ""


def _node(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return "" if term is None else term.value


def _local(term) -> str:
    return _iri(term).rsplit("#", 1)[-1]


def export_ntriples(files: list[Path], out: Path) -> int:
    """Load ``files`` as cseckg does (SKOS-XL dumb-down included) and write them as N-Triples.

    Both engines then read exactly the triples that pyshacl sees. Returns the triple count.
    """
    import pyoxigraph as ox

    from cseckg import graph

    loaded = graph.load(files)
    loaded.store.dump(output=str(out), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return len(loaded)
