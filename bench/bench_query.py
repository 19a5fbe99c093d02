"""Benchmark of the read-only commands: trace, search and the named queries, at every size.

    python bench/bench_query.py [--sizes shipped,10k,100k,1m] [--runs 5] [--rdflib-max 1m]
                                [--no-processes]

For each size (the shipped graph, or the model plus a synthetic graph from ``bench/scale.py``)
it measures, as whole processes and medians of ``--runs`` runs, with each process's own peak
memory (``os.wait4``):

* ``cseckg trace TERM`` and ``cseckg search TERM`` against the baseline ``python -c "import
  rdflib"`` (the ratio is the target of the query issue: 1.5x on the shipped graph, 2x at 1M);
* ``cseckg query run NAME`` for every named query, its parameters bound (see
  :func:`named_queries`: at a synthetic size a query with parameters also runs with values that
  the synthetic graph holds, labelled ``NAME @ VALUE``).

Then, in one process (a child, so that this one stays small), each named query's median time,
the runs of one query alternating between the stores, every answer consumed alike (each row
iterated, no term read; see :func:`in_process_times`):

* ``cseckg s``: cseckg's engine, what ``cseckg query run`` gets after reading the file: the
  answer stored with the compiled store (:mod:`cseckg.answers`), a plan of our own
  (:mod:`cseckg.plans`) or the query on the compiled store;
* ``pyoxigraph in memory s``: the same text and bindings on a pyoxigraph in-memory store loaded
  from the same files, the derivation rules applied: the baseline of the ratio (the query issue
  asks for 2x at most); ``CPU ratio`` is the same ratio of this thread's CPU time, less moved by
  other work on the machine;
* ``compiled store, live SPARQL s``: the same text run directly on cseckg's compiled store (no
  stored answer, no plan): what the store itself costs;
* ``pyoxigraph on-disk store s``: pyoxigraph's own store built the plain way (``Store(path)``,
  ``bulk_load`` of the same files, the derivation rules applied, reopened);
* plain rdflib (``Graph().parse(...)`` then ``query``: parse time plus the query's time, in a
  process of its own) against the whole ``cseckg query run`` process;
* ``same rows``: cseckg's answer equals the compiled store's own, and the in-memory store's as
  a multiset (GROUP_CONCAT cells as sorted lists: the order of their values is the engine's).

Also the peak memory of a process that holds the pyoxigraph in-memory store and runs every named
query (the query issue bounds a query command at 1M triples to 500 MB), and the machine's CPU
count, load average and versions. The compiled store is built once per size before timing (its
build time, stored answers included, is reported). ``--no-processes`` leaves out the whole
processes and rdflib. Writes a Markdown report to ``bench/out/query.md`` and prints it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
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


def named_queries(size: str = "shipped") -> list[tuple[str, str, dict[str, str]]]:
    """(label, text, bindings) for every named query, its parameters bound to the ``e.g.``
    values of its header (the label is the query's name). At a synthetic size a query with
    parameters comes twice: the header's values find nothing there, so it is also run with
    values of the same kind from the synthetic graph (:func:`synthetic_value`), labelled
    ``NAME @ VALUE``, which finds the resource and measures the query doing its work."""
    from cseckg import queries, resources

    out = []
    for query in (queries.read(p) for p in resources.query_files()):
        bindings = {}
        for line in query.get_all("param"):
            name, _, example = line.partition("e.g.")
            bindings[name.split()[0].lstrip("?")] = example.strip()
        out.append((query.name, query.text, bindings))
        synthetic = {k: synthetic_value(v, size) for k, v in bindings.items()}
        if size != "shipped" and synthetic != bindings:
            shown = ", ".join(v.rsplit("/", 1)[-1] for v in synthetic.values())
            out.append((f"{query.name} @ {shown}", query.text, synthetic))
    return out


def query_name(label: str) -> str:
    return label.split(" @ ")[0]


def synthetic_value(example: str, size: str) -> str:
    """An IRI ``.../KIND/name`` stays when the synthetic graph has it (jurisdictions keep their
    codes there), else becomes the first ``.../KIND/synthetic-...`` IRI of the synthetic graph;
    a language tag stays; a term becomes the first synthetic concept's English label."""
    import re

    if not example.startswith("https://w3id.org/cseckg/"):
        return example if re.fullmatch(r"[a-z]{2,3}", example) else SYNTHETIC_TERMS[0]
    kind = example.split("/")[4]
    pattern = re.compile(rf"<(https://w3id\.org/cseckg/{kind}/synthetic-[^/>]+)>")
    found = None
    with open(OUT / f"synthetic-{size}.ttl", encoding="utf-8") as lines:
        for line in lines:
            if f"<{example}>" in line:
                return example
            match = found or pattern.search(line)
            found = found or (match.group(1) if match else None)
    return found or example


def oxigraph_bindings(bindings: dict[str, str]) -> dict:
    """The parameters as pyoxigraph terms, as ``cseckg query run --bind`` binds them."""
    import pyoxigraph as ox

    return {
        ox.Variable(k): ox.NamedNode(v) if v.startswith("http") else ox.Literal(v)
        for k, v in bindings.items()
    }


def in_process_times(
    files: list[Path], queries: list[tuple[str, str, dict]], env: dict, runs: int
) -> dict:
    """Median seconds per named query, in process: cseckg (its engine's answer, as ``cseckg
    query run`` gets it after reading the file: a stored answer, a plan of our own or the query
    on the compiled store), the compiled store queried directly with the same text (the live
    SPARQL path), a pyoxigraph in-memory store and pyoxigraph's own on-disk store. All four get
    the same text and bindings and are consumed alike (every row iterated, no term read), and
    the runs of one query alternate between them, so that a change of load on the machine
    touches them alike."""
    import pyoxigraph as ox

    os.environ.update({k: v for k, v in env.items() if k.startswith("CSECKG_")})
    from cseckg import answers, store
    from cseckg.sparql import local

    store.shipped.cache_clear()
    loaded = store.shipped()
    memory = _pyoxigraph_store(ox.Store(), files)
    folder = tempfile.mkdtemp(prefix="pyoxigraph-store-")
    built = _pyoxigraph_store(ox.Store(folder), files)
    built.flush()
    del built
    disk = ox.Store(folder)
    out = {}
    for name, text, bindings in queries:
        terms = oxigraph_bindings(bindings)

        def ours(text=text, terms=terms):
            return sum(1 for _row in answers.query(loaded.store, text, terms, loaded.location))

        timed = (
            ours,
            _runner(loaded.store, text, terms),
            _runner(memory, text, terms),
            _runner(disk, text, terms),
        )
        result = local.execute(loaded, text, {k.value: v for k, v in terms.items()}, name)
        concat = _concat_columns(text)
        same = result == local.from_oxigraph(
            loaded.store.query(text, substitutions=terms)
        ) and _comparable(result, concat) == _comparable(
            memory.query(text, substitutions=terms), concat
        )
        rows = len(result.rows) if result.kind == "select" else 1
        out[name] = {"times": _alternating_medians(timed, runs), "rows": rows, "same": same}
    del disk
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _pyoxigraph_store(store, files: list[Path]):
    """``store`` loaded the plain way: bulk-load the files, apply the derivation rules."""
    import pyoxigraph as ox

    from cseckg import graph

    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    store.update(graph.DERIVATION_RULES.replace("CONSTRUCT", "INSERT", 1))
    return store


def _concat_columns(text: str) -> dict[str, str]:
    """Variables bound by GROUP_CONCAT, with their separator: the order of the values joined is
    left to the engine (SPARQL 1.1, section 18.5.1.7), so two stores may join them differently."""
    import re

    found = {}
    for inner, name in re.findall(r"GROUP_CONCAT\((.*?)\)\s+AS\s+\?(\w+)", text, re.I | re.S):
        separator = re.search(r'separator\s*=\s*"([^"]*)"', inner, re.I)
        found[name] = separator.group(1) if separator else " "
    return found


def _comparable(answer, concat: dict[str, str]) -> Counter:
    """A cseckg result or a pyoxigraph answer as a multiset of rows of cells, blank nodes made
    alike (each store labels its own), GROUP_CONCAT cells as sorted lists; an ASK answer as its
    one boolean."""
    import pyoxigraph as ox

    from cseckg.sparql.results import from_oxigraph

    result = answer if hasattr(answer, "kind") else from_oxigraph(answer)
    if result.kind != "select":
        return Counter([(result.boolean, result.triples)])

    def cell(name, term):
        if isinstance(term, ox.BlankNode):
            return "_:"
        if name in concat and term is not None:
            return tuple(sorted(term.value.split(concat[name])))
        return str(term)

    names = result.variables
    return Counter(
        tuple(cell(n, t) for n, t in zip(names, row, strict=True)) for row in result.rows
    )


def _runner(store, text: str, terms: dict):
    def run():
        return sum(1 for _row in store.query(text, substitutions=terms))

    return run


def _alternating_medians(runners, runs: int) -> list[list[float]]:
    """[median wall seconds, median CPU seconds of this thread] per runner; one warm-up each.
    Each round starts with the next runner, so that none always runs first (after another
    store's work, which may have pushed its pages out of the caches)."""
    for run in runners:
        run()
    wall: list[list[float]] = [[] for _ in runners]
    cpu: list[list[float]] = [[] for _ in runners]
    for round_ in range(runs):
        for step in range(len(runners)):
            i = (round_ + step) % len(runners)
            started, cpu_started = time.perf_counter(), time.thread_time()
            runners[i]()
            cpu[i].append(time.thread_time() - cpu_started)
            wall[i].append(time.perf_counter() - started)
    return [[statistics.median(w), statistics.median(c)] for w, c in zip(wall, cpu, strict=True)]


def memory_store_peak(files: list[Path], queries: list[tuple[str, str, dict]]) -> None:
    """In a child: load ``files`` into a pyoxigraph in-memory store, run every query once."""
    import pyoxigraph as ox

    memory = _pyoxigraph_store(ox.Store(), files)
    for _, text, bindings in queries:
        for _row in memory.query(text, substitutions=oxigraph_bindings(bindings)):
            pass


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


def in_process_json(size: str, env: dict[str, str], runs: int) -> dict:
    """:func:`in_process_times` in a child process, so that this process stays small (a child
    forked from a large parent would report the parent's memory as its own peak)."""
    import json

    argv = [sys.executable, __file__, "--in-process", size, "--runs", str(runs)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


QUERY_TABLE_HEAD = [
    "| query | rows | same rows | cseckg s | pyoxigraph in memory s | ratio | CPU ratio "
    "| compiled store, live SPARQL s | ratio | pyoxigraph on-disk store s | ratio "
    "| rdflib parse+query s | rdflib / cseckg process |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
]


def query_row(name: str, found: dict, whole: float | None, rdf: dict | None) -> str:
    """One line of the in-process table (see the module docstring for the columns)."""
    (ours, ours_cpu), (live, _), (memory, memory_cpu), (disk, _) = found["times"]
    cells = [
        name,
        str(found["rows"]),
        "yes" if found["same"] else "NO",
        f"{ours:.4f}",
        f"{memory:.4f}",
        f"{ours / memory:.2f}",
        f"{ours_cpu / memory_cpu:.2f}" if memory_cpu else "n/a",
        f"{live:.4f}",
        f"{live / memory:.2f}",
        f"{disk:.4f}",
        f"{ours / disk:.2f}",
    ]
    rdf_query = rdf["queries"][name] if rdf else None
    if rdf is None or whole is None:
        cells += ["not run", ""]
    elif rdf_query is None:
        cells += ["rdflib error", ""]
    elif rdf_query < 0:
        total = rdf["parse"] + RDFLIB_LIMIT
        cells += [f"> {total:.2f}", f"> {total / whole:.1f}"]
    else:
        total = rdf["parse"] + rdf_query
        cells += [f"{total:.2f}", f"{total / whole:.1f}"]
    return "| " + " | ".join(cells) + " |"


def conditions() -> str:
    """What the numbers depend on: the machine's CPUs and load, the versions."""
    import platform

    import pyoxigraph as ox

    one, five, fifteen = os.getloadavg()
    return (
        f"{os.cpu_count()} CPUs, load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1, 5, 15 "
        f"min) after the whole-process runs; Python {platform.python_version()}, pyoxigraph "
        f"{ox.__version__}."
    )


def binds(bindings: dict[str, str]) -> list[str]:
    return [arg for k, v in bindings.items() for arg in ("--bind", f"{k}={v}")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,10k,100k,1m")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-max", default="1m", help="largest size also run in rdflib")
    parser.add_argument(
        "--no-processes",
        action="store_true",
        help="only the in-process table (no whole commands, no rdflib)",
    )
    parser.add_argument("--in-process", help=argparse.SUPPRESS)
    parser.add_argument("--memory-store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_store:
        memory_store_peak(graph_files(args.memory_store), named_queries(args.memory_store))
        return
    if args.in_process:
        import json

        size = args.in_process
        env = environment(size, "")
        times = in_process_times(graph_files(size), named_queries(size), env, args.runs)
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
        stored = len(list(Path(cache).glob("store-*/answers/*.tsv")))
        term, word = TERMS.get(size, SYNTHETIC_TERMS)
        lines += [
            "",
            f"## {size}",
            "",
            f"Compiled store built in {build[0]:.2f} s (once), with {stored} stored answers.",
            "",
        ]
        queries = named_queries(size)
        rows = [("trace", [*CSECKG, "trace", term]), ("search", [*CSECKG, "search", word])]
        rows += [
            (f"query run {n}", [*CSECKG, "query", "run", query_name(n), "-f", "csv", *binds(b)])
            for n, _, b in queries
        ]
        if args.no_processes:
            rows = []
        else:
            lines += [
                "| command | median s | min | max | peak MB | ratio to import rdflib |",
                "|---|---|---|---|---|---|",
            ]
        process: dict[str, float] = {}
        for label, argv in rows:
            m = measure(argv, env, args.runs)
            process[label] = m["median"]
            lines.append(
                f"| {label} | {m['median']:.3f} | {m['min']:.3f} | {m['max']:.3f} | {m['rss']} | "
                f"{m['median'] / baseline['median']:.2f} |"
            )
        inproc = in_process_json(size, env, args.runs)
        held = run_process([sys.executable, __file__, "--memory-store", size], env)
        if held[2] != 0:
            raise SystemExit(f"the in-memory pyoxigraph run failed at {size} (exit {held[2]})")
        run_rdflib = not args.no_processes and order.index(size) <= rdflib_limit
        rdf = rdflib_times(files, queries) if run_rdflib else None
        lines += ["", conditions(), "", *QUERY_TABLE_HEAD]
        for name, _, _ in queries:
            lines.append(query_row(name, inproc[name], process.get(f"query run {name}"), rdf))
        lines.append(
            f"\npyoxigraph in memory: loading and running every named query took "
            f"{held[0]:.2f} s, peak {held[1]} MB."
        )
        if rdf:
            lines.append(f"\nrdflib parse {rdf['parse']:.2f} s, peak {rdf['rss']} MB.")
        shutil.rmtree(cache, ignore_errors=True)
    report = "\n".join(lines) + "\n"
    (OUT / "query.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
