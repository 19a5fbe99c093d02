"""Export and release times per format, next to plain rdflib ``serialize`` and pyoxigraph's.

    python bench/bench_export.py                       # 10k and 100k triples, 3 runs each
    python bench/bench_export.py --sizes 1m --runs 1   # 1M (rdflib: turtle and ntriples, once)

Input: ``bench/out/synthetic-<size>.ttl`` (``bench/scale.py``) with ``ontology/model.ttl``.
Columns, medians of ``--runs`` runs in one process:

* ``prepare``: :func:`cseckg.export.prepare` (parse, derive, canonical blank nodes, sort), paid
  by the first export or release after a source file changed: its result is cached beside the
  compiled store (in ``$CSECKG_CACHE``, here a temporary folder);
* ``export``: :func:`cseckg.export.build` reading that cache (lazily: a format reads the files
  it needs) and :func:`cseckg.export.serialize` writing the format (deterministic output), timed
  inside a fresh process once cseckg is imported: the time of every export after the first;
  ``cold``: prepare + export. Turtle, TriG and
  RDF/XML of more than 16 MB of N-Triples are written by two processes (:mod:`cseckg.writers`);
  ``one process``: the same with that switched off;
* ``process``: a whole ``python -m cseckg export --format F --output FILE`` process with the
  cache filled (interpreter start, imports, writing the file included);
* ``pyoxigraph``: ``pyoxigraph.serialize`` of the parsed quads as they come (not deterministic:
  no sorting, parser blank node ids), the same prefixes; the ratios are over this;
* ``rdflib``: ``Graph.serialize`` (``Dataset`` for the quad formats) of the same triples;
* ``pyoxigraph parse+serialize``: the same job done by pyoxigraph alone, from the files to the
  format (parse, then serialize, no determinism).

Writes ``bench/out/export.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from cseckg import api, export, formats, graph, rdfio, resources

OUT = Path(__file__).resolve().parent / "out"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
RDFLIB_AT_1M = ("turtle", "ntriples")


def timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


CHILD = """
import sys, time
from pathlib import Path
from cseckg import export, writers
if sys.argv[2] == "one":
    writers.PARALLEL_MIN = 1 << 62
files = [Path(p) for p in sys.argv[3:]]
started = time.perf_counter()
export.serialize(export.build(files), sys.argv[1])
print(time.perf_counter() - started)
"""


def in_child(files: list[Path], name: str, parallel: bool) -> float:
    """Seconds of :func:`cseckg.export.build` + :func:`cseckg.export.serialize` in a fresh
    process with cseckg imported (the bench process holds every baseline's graph: a fork of it
    would cost what an export process never pays)."""
    argv = [sys.executable, "-c", CHILD, name, "two" if parallel else "one", *map(str, files)]
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    return float(done.stdout)


def source_quads(files: list[Path]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(triples in the default graph, quads in one graph per file) as parsed."""
    triples, quads = [], []
    for path in files:
        name = ox.NamedNode(export.graph_name(path))
        for q in rdfio.read_quads(path):
            triples.append(q)
            quads.append(ox.Quad(q.subject, q.predicate, q.object, name))
    return triples, quads


def rdflib_graphs(triples: list[ox.Quad], quads: list[ox.Quad]):
    import rdflib

    g = rdflib.Graph()
    for q in triples:
        g.add(tuple(graph.rdflib_term(t) for t in (q.subject, q.predicate, q.object)))
    d = rdflib.Dataset()
    for q in quads:
        d.add(tuple(graph.rdflib_term(t) for t in (q.subject, q.predicate, q.object, q.graph_name)))
    return g, d


def bench_size(size: str, runs: int, with_rdflib: bool) -> list[str]:
    files = [resources.model_file(), OUT / f"synthetic-{size}.ttl"]
    if not files[1].is_file():
        sys.exit(
            f"{files[1]} is missing: python bench/scale.py --triples {SIZES[size]} --out bench/out"
        )
    prepare = timed(lambda: export.prepare(files), runs)
    dataset = export.build(files)  # fills the cache
    triples, quads = source_quads(files)
    rdf_graph, rdf_dataset = rdflib_graphs(triples, quads) if with_rdflib else (None, None)
    rows = []
    for fmt in formats.FORMATS:
        ours = statistics.median(in_child(files, fmt.name, True) for _ in range(runs))
        alone = statistics.median(in_child(files, fmt.name, False) for _ in range(runs))
        items = quads if fmt.quads else triples
        target = getattr(ox.RdfFormat, fmt.oxigraph)
        theirs = timed(
            lambda i=items, t=target: ox.serialize(i, format=t, prefixes=export.PREFIXES), runs
        )

        def end_to_end(fmt=fmt, target=target):
            parsed = [
                q for path in files for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            ]
            if fmt.quads:
                named = [
                    ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("urn:g")) for q in parsed
                ]
                return ox.serialize(named, format=target, prefixes=export.PREFIXES)
            return ox.serialize(parsed, format=target, prefixes=export.PREFIXES)

        whole = timed(end_to_end, runs)
        with tempfile.TemporaryDirectory() as tmp:
            argv = [sys.executable, "-m", "cseckg", "export", "--format", fmt.name, "--output"]
            argv += [str(Path(tmp) / "out"), "--quiet"]
            env = {**os.environ, "CSECKG_GRAPH": os.pathsep.join(map(str, files))}
            process = timed(lambda a=argv, e=env: subprocess.run(a, check=True, env=e), runs)
        plain = "-"
        if with_rdflib and (size != "1m" or fmt.name in RDFLIB_AT_1M):
            source = rdf_dataset if fmt.quads else rdf_graph
            once = 1 if size == "1m" else runs
            plain = f"{timed(lambda s=source, f=fmt: s.serialize(format=f.rdflib), once):.2f}"
        rows.append(
            f"| {size} ({len(dataset):,} triples) | {fmt.name} | {prepare:.2f} | {ours:.2f} | "
            f"{alone:.2f} | {process:.2f} | {theirs:.2f} | **{ours / theirs:.1f}x** | "
            f"{alone / theirs:.1f}x | {process / theirs:.1f}x | "
            f"{(prepare + ours) / theirs:.1f}x | {plain} | {whole:.2f} |"
        )
    with tempfile.TemporaryDirectory() as tmp:
        took = timed(lambda: api.release(Path(tmp) / "dist", files=files, history=Path(tmp)), 1)
    rows.append(
        f"| {size} | **release** (all formats, gz, VoID, sums) | | {took:.2f} | | | | | | | | |"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib (slow at 1M)")
    parser.add_argument("--append", action="store_true", help="append to bench/out/export.md")
    args = parser.parse_args()
    head = [
        "# Export benchmark",
        "",
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start (shared machine); "
        f"median of {args.runs} run(s), seconds.",
        "",
        "| size | format | prepare | export | one process | process | pyoxigraph "
        "| export / pyoxigraph | one process / pyoxigraph | process / pyoxigraph "
        "| cold / pyoxigraph | rdflib | pyoxigraph parse+serialize |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    os.environ["CSECKG_CACHE"] = tempfile.mkdtemp(prefix="cseckg-bench-export-")
    rows = []
    for size in args.sizes.split(","):
        rows += bench_size(size.strip(), args.runs, not args.no_rdflib)
        print("\n".join(rows[-7:]), flush=True)
    target = OUT / "export.md"
    text = "\n".join(rows if args.append else head + rows) + "\n"
    with target.open("a" if args.append else "w", encoding="utf-8") as out:
        out.write(text)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
