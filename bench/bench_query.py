"""Benchmark of the read-only commands: trace, search and the named queries, at every size.

    python bench/bench_query.py [--sizes shipped,10k,100k,1m] [--runs 5] [--rdflib-max 1m]

For each size (the shipped graph, or the model plus a synthetic graph from ``bench/scale.py``)
it measures, as whole processes and medians of ``--runs`` runs, with each process's own peak
memory (``os.wait4``):

* ``cseckg trace TERM`` and ``cseckg search TERM`` against the baseline ``python -c "import
  rdflib"`` (the ratio is the target of the query issue: 1.5x on the shipped graph, 2x at 1M);
* ``cseckg query run NAME`` for every named query without parameters;
* the same queries in plain rdflib (``Graph().parse(...)`` then ``query``: one process, parse
  time plus each query's time) and in pyoxigraph on an in-memory store loaded from the same files
  (query time only), and in pyoxigraph on its own on-disk store built the plain way
  (``Store(path).bulk_load`` of the same files, the derivation rules applied, then reopened: what
  the query issue measured as "a prebuilt pyoxigraph store opened and queried"), next to
  cseckg's own query time on its compiled store (in process);
* the peak memory of a process that holds the pyoxigraph in-memory store and runs every named
  query (the query issue bounds a query command at 1M triples to 500 MB).

The compiled store is built once per size before timing (its build time is reported). Writes a
Markdown report to ``bench/out/query.md`` and prints it.
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

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
CSECKG = [sys.executable, "-m", "cseckg"]
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
TERMS = {"shipped": ("child pornography", "tourism")}
SYNTHETIC_TERMS = ("synthetic concept 1", "synthetic")


RDFLIB_LIMIT = 20  # seconds per query in rdflib: beyond it the ratio is only a lower bound
LIMIT = 300.0  # seconds: a process still running then is killed and reported (exit code -9)


def run_process(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, exit code) of one whole process."""
    import threading

    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(LIMIT, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def measure(argv: list[str], env: dict[str, str], runs: int) -> dict:
    samples = [run_process(argv, env) for _ in range(runs)]
    codes = {code for _, _, code in samples}
    return {
        "median": statistics.median(s for s, _, _ in samples),
        "min": min(s for s, _, _ in samples),
        "max": max(s for s, _, _ in samples),
        "rss": max(m for _, m, _ in samples),
        "codes": codes,
    }


def graph_files(size: str) -> list[Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from cseckg import resources

    if size == "shipped":
        return resources.shipped_files()  # the Turtle and the SSSOM mapping set
    path = OUT / f"synthetic-{size}.ttl"
    if not path.is_file():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "scale.py"),
                "--triples",
                str(SIZES[size]),
                "--out",
                str(OUT),
            ],
            check=True,
        )
    return [resources.model_file(), path]


def environment(size: str, cache: str) -> dict[str, str]:
    env = {**os.environ, "CSECKG_CACHE": cache or os.environ.get("CSECKG_CACHE", "")}
    env.pop("CSECKG_GRAPH", None)
    if size != "shipped":
        env["CSECKG_GRAPH"] = str(OUT / f"synthetic-{size}.ttl")
    return env


def named_queries() -> list[tuple[str, str, dict[str, str]]]:
    """Every named query, with its parameters bound to the ``e.g.`` values of its header."""
    from cseckg import queries, resources

    out = []
    for query in (queries.read(p) for p in resources.query_files()):
        bindings = {}
        for line in query.get_all("param"):
            name, _, example = line.partition("e.g.")
            bindings[name.split()[0].lstrip("?")] = example.strip()
        out.append((query.name, query.text, bindings))
    return out


def oxigraph_bindings(bindings: dict[str, str]) -> dict:
    """The parameters as pyoxigraph terms, as ``cseckg query run --bind`` binds them."""
    import pyoxigraph as ox

    return {
        ox.Variable(k): ox.NamedNode(v) if v.startswith("http") else ox.Literal(v)
        for k, v in bindings.items()
    }


def in_process_times(files: list[Path], queries: list[tuple[str, str]], env: dict) -> dict:
    """cseckg's compiled store vs pyoxigraph in memory: median query seconds, in process."""
    import pyoxigraph as ox

    os.environ.update({k: v for k, v in env.items() if k.startswith("CSECKG_")})
    from cseckg import graph

    graph.shipped.cache_clear()
    compiled = graph.shipped().store
    memory = ox.Store()
    for path in files:
        memory.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    memory.update(graph.DERIVATION_RULES.replace("CONSTRUCT", "INSERT", 1))
    folder = tempfile.mkdtemp(prefix="pyoxigraph-store-")
    built = ox.Store(folder)
    for path in files:
        built.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    built.update(graph.DERIVATION_RULES.replace("CONSTRUCT", "INSERT", 1))
    built.flush()
    del built
    disk = ox.Store(folder)
    out = {}
    for name, text, bindings in queries:
        terms = oxigraph_bindings(bindings)
        out[name] = tuple(_median_query(s, text, terms) for s in (compiled, memory, disk))
    del disk
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return out


def memory_store_peak(files: list[Path], queries: list[tuple[str, str, dict]]) -> None:
    """In a child: load ``files`` into a pyoxigraph in-memory store, run every query once."""
    import pyoxigraph as ox

    from cseckg import graph

    memory = ox.Store()
    for path in files:
        memory.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    memory.update(graph.DERIVATION_RULES.replace("CONSTRUCT", "INSERT", 1))
    for _, text, bindings in queries:
        for _row in memory.query(text, substitutions=oxigraph_bindings(bindings)):
            pass


def _median_query(store, text: str, terms: dict, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = store.query(text, substitutions=terms)
        for _row in result:
            pass
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


RDFLIB_SCRIPT = """
import json, sys, time
started = time.perf_counter()
import rdflib
graph = rdflib.Graph()
for path in sys.argv[3:]:
    graph.parse(path, format="turtle")
parse = time.perf_counter() - started
times = {}
import signal
def give_up(signum, frame):
    raise TimeoutError("over the limit")
signal.signal(signal.SIGALRM, give_up)
for name, text, bindings in json.load(open(sys.argv[1])):
    init = {
        rdflib.Variable(k): rdflib.URIRef(v) if v.startswith("http") else rdflib.Literal(v)
        for k, v in bindings.items()
    }
    t = time.perf_counter()
    signal.alarm(int(sys.argv[2]))
    try:
        list(graph.query(text, initBindings=init))
        signal.alarm(0)
    except TimeoutError:
        times[name] = -1.0  # still running at the limit
        continue
    except Exception as err:  # rdflib cannot run every SPARQL 1.1 query
        times[name] = None
        print(f"rdflib failed on {name}: {type(err).__name__}", file=sys.stderr)
        continue
    times[name] = time.perf_counter() - t
print(json.dumps({"parse": parse, "queries": times}))
"""


def rdflib_times(files: list[Path], queries: list[tuple[str, str]]) -> dict:
    import json

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(queries, handle)
    argv = [sys.executable, "-c", RDFLIB_SCRIPT, handle.name, str(RDFLIB_LIMIT), *map(str, files)]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, _, usage = os.wait4(proc.pid, 0)
    result = json.loads(out)
    result["wall"] = time.perf_counter() - started
    result["rss"] = usage.ru_maxrss // 1024
    return result


def in_process_json(size: str, env: dict[str, str]) -> dict:
    """:func:`in_process_times` in a child process, so that this process stays small (a child
    forked from a large parent would report the parent's memory as its own peak)."""
    import json

    argv = [sys.executable, __file__, "--in-process", size]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    return {name: tuple(pair) for name, pair in json.loads(done.stdout).items()}


def binds(bindings: dict[str, str]) -> list[str]:
    return [arg for k, v in bindings.items() for arg in ("--bind", f"{k}={v}")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,10k,100k,1m")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-max", default="1m", help="largest size also run in rdflib")
    parser.add_argument("--in-process", help=argparse.SUPPRESS)
    parser.add_argument("--memory-store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_store:
        memory_store_peak(graph_files(args.memory_store), named_queries())
        return
    if args.in_process:
        import json

        size = args.in_process
        times = in_process_times(graph_files(size), named_queries(), environment(size, ""))
        print(json.dumps(times))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    order = ["shipped", "10k", "100k", "1m"]
    rdflib_limit = order.index(args.rdflib_max)
    lines = [
        f"# Query benchmark ({args.runs} runs, medians; {time.strftime('%Y-%m-%d %H:%M')})",
        "",
    ]
    baseline = measure([sys.executable, "-c", "import rdflib"], dict(os.environ), args.runs)
    lines.append(f"Baseline `python -c 'import rdflib'`: {baseline['median']:.3f} s median.")
    for size in args.sizes.split(","):
        cache = tempfile.mkdtemp(prefix=f"cseckg-bench-{size}-")
        env = environment(size, cache)
        files = graph_files(size)
        build = run_process([*CSECKG, "trace", "x"], env)  # builds the compiled store
        term, word = TERMS.get(size, SYNTHETIC_TERMS)
        lines += ["", f"## {size}", "", f"Compiled store built in {build[0]:.2f} s (once).", ""]
        lines += [
            "| command | median s | min | max | peak MB | ratio to import rdflib |",
            "|---|---|---|---|---|---|",
        ]
        rows = [("trace", [*CSECKG, "trace", term]), ("search", [*CSECKG, "search", word])]
        queries = named_queries()
        rows += [
            (f"query run {n}", [*CSECKG, "query", "run", n, "--format", "csv", *binds(b)])
            for n, _, b in queries
        ]
        process: dict[str, float] = {}
        for label, argv in rows:
            m = measure(argv, env, args.runs)
            process[label] = m["median"]
            lines.append(
                f"| {label} | {m['median']:.3f} | {m['min']:.3f} | {m['max']:.3f} | {m['rss']} | "
                f"{m['median'] / baseline['median']:.2f} |"
            )
        inproc = in_process_json(size, env)
        held = run_process([sys.executable, __file__, "--memory-store", size], env)
        if held[2] != 0:
            raise SystemExit(f"the in-memory pyoxigraph run failed at {size} (exit {held[2]})")
        rdf = rdflib_times(files, queries) if order.index(size) <= rdflib_limit else None
        lines += [
            "",
            "| query | cseckg query s | pyoxigraph in memory s | ratio "
            "| pyoxigraph on-disk store s | ratio "
            "| rdflib parse+query s | rdflib / cseckg process |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, _, _ in queries:
            ours, oxi, disk = inproc[name]
            whole = process[f"query run {name}"]
            rdf_query = rdf["queries"][name] if rdf else None
            ratio = f"{ours / oxi:.2f} | {disk:.4f} | {ours / disk:.2f}" if oxi and disk else "n/a"
            if rdf is None:
                tail = "not run | |"
            elif rdf_query is None:
                tail = "rdflib error | |"
            elif rdf_query < 0:
                total = rdf["parse"] + RDFLIB_LIMIT
                tail = f"> {total:.2f} | > {total / whole:.1f} |"
            else:
                total = rdf["parse"] + rdf_query
                tail = f"{total:.2f} | {total / whole:.1f} |"
            lines.append(f"| {name} | {ours:.4f} | {oxi:.4f} | {ratio} | " + tail)
        lines.append(
            f"\npyoxigraph in memory: loading and running every named query took "
            f"{held[0]:.2f} s, peak {held[1]} MB."
        )
        if rdf:
            lines.append(f"\nrdflib parse {rdf['parse']:.2f} s, peak {rdf['rss']} MB.")
    report = "\n".join(lines) + "\n"
    (OUT / "query.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
