"""Benchmark of full-text search: relevance, index build, cold ``cseckg search`` latency.

    python bench/bench_search.py [--sizes shipped,100k,1m] [--runs 7]

* Relevance over ``tests/data/relevance.tsv`` on the shipped graph: MRR (mean of 1/rank of the
  first expected hit, 0 when it is not among the first 10) and recall@3, overall and per kind
  of query.
* Per size (the shipped graph, or the model plus ``bench/scale.py``'s synthetic graph): the
  compiled store with its index built from scratch by a whole ``cseckg search`` process (wall
  time and peak memory), then the index alone rebuilt in process from the compiled store
  (median of 3), its size on disk and its number of documents.
* Cold latency: whole ``cseckg search QUERY`` processes against ``python -c "import rdflib"``,
  run alternately in the same loop (``--runs`` each; medians, min, max and the ratio of the
  medians). The issue's target: within 2x of ``import rdflib`` at 1M triples.

Processes run with the bytecode cache allowed (``PYTHONDONTWRITEBYTECODE`` removed), as an
installed package runs; one warm-up run of each precedes the timed ones. Writes
``bench/out/search.md`` and prints it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_query import graph_files, run_process  # noqa: E402

QUERIES = {
    "shipped": ("remunerated", "child pornography", '"sale of children"', "exploit*", "chlid"),
    "synthetic": ("synthetic", "synthetic concept 1", '"alpha bravo"', "quebe*", "synthetc"),
}


def environment(size: str, cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CSECKG_CACHE"] = cache
    env.pop("CSECKG_GRAPH", None)
    if size != "shipped":
        env["CSECKG_GRAPH"] = str(OUT / f"synthetic-{size}.ttl")
    return env


def relevance_lines() -> list[str]:
    from tests import relevance

    from cseckg import search

    by_kind: dict[str, list[tuple[float, bool]]] = {}
    for judgement in relevance.load():
        hits = search.search(judgement.query, limit=10, **judgement.filters).hits
        rank = relevance.rank([h.iri for h in hits], judgement)
        score = (1 / rank if rank else 0.0, bool(rank and rank <= relevance.TOP))
        by_kind.setdefault(judgement.kind, []).append(score)
        by_kind.setdefault("all", []).append(score)
    lines = ["| queries | n | MRR | recall@3 |", "|---|---|---|---|"]
    for kind, scores in sorted(by_kind.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        mrr = statistics.mean(s for s, _ in scores)
        recall = sum(hit for _, hit in scores) / len(scores)
        lines.append(f"| {kind} | {len(scores)} | {mrr:.3f} | {recall:.3f} |")
    return lines


def build(size: str, cache: str) -> dict:
    """The compiled store and its index built by one whole process, then the index alone."""
    shutil.rmtree(cache, ignore_errors=True)
    env = environment(size, cache)
    seconds, rss, _ = run_process([sys.executable, "-m", "cseckg", "search", "x"], env)
    os.environ.update({k: v for k, v in env.items() if k.startswith("CSECKG_")})
    if size == "shipped":
        os.environ.pop("CSECKG_GRAPH", None)
    from cseckg import graph, resources, store
    from cseckg.fulltext import index

    graph.shipped.cache_clear()
    compiled = graph.shipped().store
    folder = store.fulltext_folder(resources.graph_files())
    assert folder is not None
    size_mb = sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6
    times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            built = index.write(compiled, Path(scratch))
            times.append(time.perf_counter() - started)
            documents = built.searcher().num_docs
    return {
        "store_and_index": seconds,
        "rss": rss,
        "index": statistics.median(times),
        "size_mb": size_mb,
        "documents": documents,
    }


def latency(size: str, cache: str, runs: int) -> list[str]:
    env = environment(size, cache)
    queries = QUERIES["shipped" if size == "shipped" else "synthetic"]
    commands = {"import rdflib": [sys.executable, "-c", "import rdflib"]}
    for query in queries:
        commands[f"search {query}"] = [sys.executable, "-m", "cseckg", "search", query]
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm-up: bytecode, page cache
        run_process(argv, env)
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(run_process(argv, env)[0])
    base = statistics.median(samples["import rdflib"])
    lines = [
        f"| {size}: command | median s | min | max | x import rdflib |",
        "|---|---|---|---|---|",
    ]
    for name, values in samples.items():
        median = statistics.median(values)
        lines.append(
            f"| `{name}` | {median:.3f} | {min(values):.3f} | {max(values):.3f} "
            f"| {median / base:.2f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,100k,1m")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    report = [
        "# Full-text search benchmark",
        "",
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        f"at the start; {args.runs} runs per command.",
        "",
        "## Relevance (tests/data/relevance.tsv, shipped graph)",
        "",
    ]
    cache = tempfile.mkdtemp(prefix="cseckg-bench-search-")
    os.environ["CSECKG_CACHE"] = cache + "/shipped"
    os.environ.pop("CSECKG_GRAPH", None)
    report += relevance_lines()
    builds = [
        "",
        "## Index build",
        "",
        "| size | documents | store + index, whole process s "
        "| peak MB | index alone s (median of 3) | index MB |",
        "|---|---|---|---|---|---|",
    ]
    latencies = ["", '## Cold `cseckg search` against `python -c "import rdflib"`', ""]
    for size in args.sizes.split(","):
        if size != "shipped":
            graph_files(size)  # writes the synthetic graph when missing
        folder = f"{cache}/{size}"
        b = build(size, folder)
        builds.append(
            f"| {size} | {b['documents']} | {b['store_and_index']:.2f} | {b['rss']} "
            f"| {b['index']:.2f} | {b['size_mb']:.1f} |"
        )
        latencies += latency(size, folder, args.runs) + [""]
    shutil.rmtree(cache, ignore_errors=True)
    report += builds + latencies
    text = "\n".join(report) + "\n"
    (OUT / "search.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
