"""Exports per format: cseckg's own writer against pyoxigraph's serializer, side by side.

    python bench/bench_export.py                                  # 10k and 100k, 3 runs each
    python bench/bench_export.py --sizes 1m --runs 5 --riot       # 1M, with Jena riot --strict
    python bench/bench_export.py --sizes 1m --baseline main~1     # own writers of that commit
    python bench/bench_export.py --sizes 1m --before ../baseline  # and that checkout's exports

Input: ``bench/out/synthetic-<size>.ttl`` (``bench/scale.py``) with ``ontology/model.ttl``. For
each format, two ways of writing the canonical dataset (the export cache, filled first):

* ``ours``: cseckg's own writer. JSON-LD: :func:`cseckg.jsonld.write_lines`; N-Triples and
  N-Quads: the canonical lines as they are (plus each graph's name); Turtle, TriG and RDF/XML:
  ``cseckg/writers.py`` of the ``--baseline`` commit (deleted since: the library writes these),
  loaded from git;
* ``library``: pyoxigraph's serializer over the parsed canonical lines (for RDF/XML, with the
  checks of :mod:`cseckg.serializers`); JSON-LD: pyoxigraph's expanded JSON-LD, without the
  context, which is why cseckg does not ship it.

``shipped`` says which of the two ``cseckg export`` runs. All measurements of a format are taken
round-robin, ``--runs`` rounds, so that each ratio compares samples taken under the same load. Each
time is the median over the rounds; a writer's time is that of a fresh process timing
:func:`cseckg.export.build` (from the cache) and the writing, once cseckg is imported; the rounds
alternate ``PYTHONHASHSEED`` (1, 2, 3...), and ``same bytes`` says whether every round wrote the
same SHA-256. ``round-trip``: pyoxigraph reads the output back to the same quads
(:func:`round_trips`). ``riot``: Debian's Jena ``riot --validate --strict`` on the output (clean:
exit 0, no WARN or ERROR). Baselines, as in issue 12: ``pyoxigraph p+s``, pyoxigraph parsing the
source files and serializing the format (no sorting, no determinism), and the ratio of the shipped
export to it, warm (cache filled) and ``cold``: the shipped way in a fresh process with an empty
cache (parse, derive, canonical blank nodes, sort, write the cache, write the format: what the
first export after a source change pays). ``process``: a whole ``cseckg export --format F --output
FILE`` process with the cache filled. ``--before CHECKOUT`` (a checkout of the baseline commit with
its own ``.venv``): that checkout's whole ``cseckg export`` process, with its own cache filled
(``before``) and empty (``before cold``), in the same rounds, and whether every round wrote the
same bytes.
Writes ``bench/out/export.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")
SHIPPED = {"jsonld": "ours", "ntriples": "ours", "nquads": "ours"}  # else "library"


def timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---------------------------------------------------------------- one export, in a child


def child(name: str, way: str, out: str, baseline: str, files: list[str]) -> None:
    """Write ``name`` the ``way`` asked; print seconds and the SHA-256 of the bytes."""
    from cseckg import export

    writer = _writer(name, way, baseline)
    started = time.perf_counter()
    data = writer(export.build([Path(f) for f in files]))
    took = time.perf_counter() - started
    print(took, hashlib.sha256(data).hexdigest())
    if out != "-":
        Path(out).write_bytes(data)


def _writer(name: str, way: str, baseline: str):
    import pyoxigraph as ox

    from cseckg import export
    from cseckg.namespaces import PREFIXES

    if way == SHIPPED.get(name, "library"):
        return lambda dataset: export.serialize(dataset, name)
    if way == "ours":  # Turtle, TriG, RDF/XML: the writers the library replaced
        old = _load(baseline)
        if name == "trig":
            return lambda dataset: old.trig(dataset.graphs, PREFIXES)
        return lambda dataset: getattr(old, name)(dataset.ntriples(), PREFIXES)
    quads = name == "nquads"
    source = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
    target = getattr(ox.RdfFormat, formats_key(name))

    def library(dataset):
        lines = dataset.nquads() if quads else dataset.ntriples()
        parsed = ox.parse(lines, format=source, lenient=True)
        return ox.serialize(parsed, format=target, prefixes=PREFIXES)

    return library


def formats_key(name: str) -> str:
    from cseckg import formats

    return formats.BY_NAME[name].oxigraph


def _load(path: str):
    spec = importlib.util.spec_from_file_location("cseckg_baseline_writers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def in_child(files, name, way, baseline, seed: int, out="-", cache="") -> tuple[float, str]:
    """A child's (seconds, SHA-256); ``cache``: an export cache of its own (empty: cold)."""
    argv = [sys.executable, __file__, "--child", name, way, out, baseline, *map(str, files)]
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    if cache:
        env["CSECKG_CACHE"] = cache
    done = subprocess.run(argv, check=True, capture_output=True, text=True, env=env)
    seconds, digest = done.stdout.split()
    return float(seconds), digest


# ---------------------------------------------------------------- the table


def baseline_writers(rev: str, folder: Path) -> str:
    """``src/cseckg/writers.py`` of commit ``rev``, as a file to load; empty if it has none."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:src/cseckg/writers.py"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        return ""
    path = folder / "baseline_writers.py"
    path.write_bytes(done.stdout)
    return str(path)


def _jena():
    """tests/jena.py (the one place that knows how to run Debian's Jena), as bench_validate.py
    beside this script loads it."""
    import bench_validate

    return bench_validate.jena


def riot_clean(path: Path, name: str) -> str:
    command = _jena().jena_command()
    if command is None:
        return "-"
    at = command.index("-cp") + 1  # a logging binding that prints riot's warnings
    command[at] = command[at].replace("slf4j-nop.jar", "slf4j-simple.jar")
    syntax = ["--syntax=jsonld10"] if name == "jsonld" else []
    args = [*command, "riotcmd.riot", "--validate", "--strict", *syntax, str(path)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    clean = done.returncode == 0 and "WARN" not in done.stderr and "ERROR" not in done.stderr
    return "yes" if clean else "**no**"


def exported_by(cseckg: Path, files, name: str, cache: str, seed: int) -> tuple[float, str]:
    """A whole ``cseckg export`` process of the checkout whose ``cseckg`` script this is, with
    the cache ``cache``: (seconds, SHA-256 of what it wrote)."""
    env = {**os.environ, "CSECKG_GRAPH": os.pathsep.join(map(str, files))}
    env.update(CSECKG_CACHE=cache, PYTHONHASHSEED=str(seed))
    env.pop("VIRTUAL_ENV", None)
    argv = [str(cseckg), "export", "--format", name, "--quiet", "--output", "-"]
    started = time.perf_counter()
    done = subprocess.run(argv, check=True, capture_output=True, env=env)
    return time.perf_counter() - started, hashlib.sha256(done.stdout).hexdigest()


def bench_before(before: Path, files, name: str, seed: int, found: dict, tmp: Path) -> None:
    """One round of the baseline checkout's exports: warm (its own cache, filled by the first
    round's first export) and cold (an empty cache)."""
    cseckg = before / ".venv" / "bin" / "cseckg"
    warm = str(tmp / "before-cache")
    if seed == 1:
        exported_by(cseckg, files, name, warm, seed)  # fills its cache
    found["before"].append(exported_by(cseckg, files, name, warm, seed))
    with tempfile.TemporaryDirectory() as empty:
        found["before cold"].append(exported_by(cseckg, files, name, empty, seed)[0])


def round_trips(path: Path, name: str, dataset) -> str:
    """Whether pyoxigraph reads ``path`` back to the dataset's quads: the same canonical lines
    when the blank node labels survive, else the same lines once both sides are relabelled by
    :func:`cseckg.canon.relabel` (a labelling computed from content: equal for isomorphic
    graphs)."""
    import pyoxigraph as ox

    from cseckg import canon, formats

    fmt = formats.BY_NAME[name]
    lines_format = ox.RdfFormat.N_QUADS if fmt.quads else ox.RdfFormat.N_TRIPLES
    expected = dataset.nquads() if fmt.quads else dataset.ntriples()
    source = getattr(ox.RdfFormat, fmt.oxigraph)
    read = ox.serialize(ox.parse(path=str(path), format=source), format=lines_format) or b""
    if sorted(read.splitlines()) == expected.splitlines():
        return "yes"

    def relabelled(nt: bytes) -> list[bytes]:
        quads = canon.relabel(list(ox.parse(nt, format=lines_format)), "round-trip")
        return sorted((ox.serialize(quads, format=lines_format) or b"").splitlines())

    return "yes" if relabelled(read) == relabelled(expected) else "**no**"


def bench_format(
    files, name: str, baseline: str, runs: int, tmp: Path, before: Path | None = None
) -> dict[str, list]:
    """Every measurement of one format, taken round-robin so that each ratio compares samples
    taken under the same load: per round, our writer and the library's (each a fresh process
    with that round's PYTHONHASHSEED), pyoxigraph parsing the sources and serializing, the
    shipped way in a fresh process with an empty cache (cold), and a whole ``cseckg export``."""
    import pyoxigraph as ox

    from cseckg import formats
    from cseckg.namespaces import PREFIXES

    fmt = formats.BY_NAME[name]
    target = getattr(ox.RdfFormat, fmt.oxigraph)

    def parse_and_serialize():
        parsed = [q for path in files for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        if fmt.quads:
            graph = ox.NamedNode("urn:g")
            parsed = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]
        return ox.serialize(parsed, format=target, prefixes=PREFIXES)

    argv = [sys.executable, "-m", "cseckg", "export", "--format", name, "--quiet"]
    argv += ["--output", str(tmp / "process.out")]
    env = {**os.environ, "CSECKG_GRAPH": os.pathsep.join(map(str, files))}
    ways = ["library"] if name in ("turtle", "trig", "rdfxml") and not baseline else WAYS
    keys = (*WAYS, "p+s", "cold", "process", "before", "before cold")
    found: dict[str, list] = {key: [] for key in keys}
    shipped = SHIPPED.get(name, "library")
    for seed in range(1, runs + 1):
        for way in ways:
            out = str(tmp / f"{way}{fmt.suffixes[0]}") if seed == 1 else "-"  # for riot
            found[way].append(in_child(files, name, way, baseline, seed, out))
        found["p+s"].append(timed(parse_and_serialize, 1))
        with tempfile.TemporaryDirectory() as empty:
            found["cold"].append(in_child(files, name, shipped, baseline, seed, cache=empty)[0])
        found["process"].append(timed(lambda: subprocess.run(argv, check=True, env=env), 1))
        if before is not None:
            bench_before(before, files, name, seed, found, tmp)
    return found


WAYS = ("ours", "library")


def before_cells(found: dict[str, list], whole: float) -> str:
    """The baseline checkout's columns: warm process, same bytes, cold process, cold / p+s."""
    if not found["before"]:
        return "- | - | - | - |"
    warm = statistics.median(t for t, _ in found["before"])
    same = "yes" if len({d for _, d in found["before"]}) == 1 else "**no**"
    cold = statistics.median(found["before cold"])
    return f"{warm:.2f} | {same} | {cold:.2f} | {cold / whole:.2f}x |"


def bench_size(
    size: str,
    runs: int,
    baseline: str,
    riot: bool,
    tmp: Path,
    before: Path | None = None,
    names: str = ",".join(FORMATS),
) -> list[str]:
    from cseckg import export, formats, resources

    files = [resources.model_file(), OUT / f"synthetic-{size}.ttl"]
    if not files[1].is_file():
        sys.exit(
            f"{files[1]} is missing: python bench/scale.py --triples {SIZES[size]} --out bench/out"
        )
    dataset = export.build(files)  # fills the cache
    triples = len(dataset)
    rows = []
    for name in names.split(","):
        found = bench_format(files, name, baseline, runs, tmp, before)
        cells = []
        for way in WAYS:
            results = found[way]
            out = tmp / f"{way}{formats.BY_NAME[name].suffixes[0]}"
            seconds = statistics.median(t for t, _ in results) if results else float("nan")
            same = "-" if not results else "yes" if len({d for _, d in results}) == 1 else "**no**"
            clean = riot_clean(out, name) if riot and results else "-"
            back = round_trips(out, name, dataset) if results else "-"
            out.unlink(missing_ok=True)
            cells.append((seconds, same, clean, back))
        (ours, library), shipped = cells, SHIPPED.get(name, "library")
        took = ours[0] if shipped == "ours" else library[0]
        whole, cold, process = (statistics.median(found[k]) for k in ("p+s", "cold", "process"))
        rows.append(
            f"| {size} ({triples:,}) | {name} | {ours[0]:.2f} | {library[0]:.2f} | {shipped} | "
            f"{ours[1]} | {library[1]} | {ours[3]} | {library[3]} | {ours[2]} | {library[2]} | "
            f"{whole:.2f} | "
            f"**{took / whole:.2f}x** | {cold:.2f} | **{cold / whole:.2f}x** | "
            f"{process:.2f} | {before_cells(found, whole)}"
        )
        print(rows[-1], flush=True)
    with tempfile.TemporaryDirectory() as folder:
        from cseckg import api

        took = timed(
            lambda: api.release(Path(folder) / "dist", files=files, history=Path(folder)), 1
        )
    rows.append(f"| {size} | **release** (all formats, gz, VoID, sums): {took:.2f} s |" + " |" * 18)
    return rows


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        name, way, out, baseline, *files = sys.argv[2:]
        child(name, way, out, baseline, files)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default="938cc6d", help="commit whose writers.py is 'ours'")
    parser.add_argument("--riot", action="store_true", help="validate each output with Jena")
    parser.add_argument("--before", type=Path, help="a checkout of the baseline with its .venv")
    parser.add_argument("--append", action="store_true", help="append to bench/out/export.md")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats")
    args = parser.parse_args()
    head = [
        "# Export benchmark",
        "",
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start (shared machine); "
        f"median of {args.runs} run(s), seconds; own writers of {args.baseline}.",
        "",
        "| size (triples) | format | ours | library | shipped | ours: same bytes "
        "| library: same bytes | ours: round-trip | library: round-trip | ours: riot "
        "| library: riot | pyoxigraph p+s "
        "| shipped / p+s | cold | cold / p+s | process | before: process "
        "| before: same bytes | before: cold | before: cold / p+s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    os.environ["CSECKG_CACHE"] = tempfile.mkdtemp(prefix="cseckg-bench-export-")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        baseline = baseline_writers(args.baseline, tmp)
        for size in args.sizes.split(","):
            rows += bench_size(
                size.strip(), args.runs, baseline, args.riot, tmp, args.before, args.formats
            )
    target = OUT / "export.md"
    text = "\n".join(rows if args.append else head + rows) + "\n"
    with target.open("a" if args.append else "w", encoding="utf-8") as out:
        out.write(text)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
