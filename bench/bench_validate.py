"""Benchmark of ``cseckg validate`` against Apache Jena's SHACL engine, as whole processes.

    python bench/bench_validate.py                      # shipped graph, 10k and 100k triples
    python bench/bench_validate.py --sizes 10000 --runs 3

For the shipped graph and for synthetic graphs from ``bench/scale.py`` it times ``cseckg --help``,
``cseckg validate --only shacl|checks|owl``, the full ``cseckg validate`` (generated graphs with
``--model-only``), and Jena's ``shacl.shacl validate`` over the same triples (N-Triples with the
SKOS-XL dumb-down applied) and the same shapes (all ``shapes/*.ttl`` merged). Each command runs N
times; the table gives the median wall time (min-max), the median CPU time, the peak resident
memory (of the process and the children it waited for, such as HermiT's JVM), the stages'
own time as cseckg reports it, and the ratio of ``--only shacl`` to Jena. The table is printed
and written to ``bench/out/validate.md`` (the folder is not committed).

Timings are only comparable on one machine under one load: the load average is recorded.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import scale  # bench/ is on sys.path when this file runs as a script

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
STAGES = ("shacl", "checks", "owl")


def _load_jena():
    """tests/jena.py, the one place that knows how to run Debian's Jena (loaded by path)."""
    spec = importlib.util.spec_from_file_location("cseckg_tests_jena", ROOT / "tests" / "jena.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


jena = _load_jena()


@dataclass
class Timing:
    label: str
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    stage_seconds: list[float] = field(default_factory=list)
    exit_codes: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def run_once(command: list[str], timing: Timing, stage: str | None = None) -> None:
    """Run ``command`` to the end; record wall and CPU time and peak memory (``wait4``)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        timing.walls.append(time.perf_counter() - started)
        proc.returncode = os.waitstatus_to_exitcode(status)
        timing.cpus.append(usage.ru_utime + usage.ru_stime)
        timing.rss_mb.append(usage.ru_maxrss / 1024)  # KiB on Linux
        timing.exit_codes.add(proc.returncode)
        if stage:
            out.seek(0)
            timing.stage_seconds.append(_stage_seconds(out.read(), stage))


def _stage_seconds(stdout: bytes, stage: str) -> float:
    """The stage's own seconds from ``--format json`` (``all``: every stage after parsing)."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return float("nan")
    wanted = STAGES if stage == "all" else (stage,)
    return sum(s["seconds"] for s in report["stages"] if s["name"] in wanted)


def measure(label: str, command: list[str], runs: int, stage: str | None = None) -> Timing:
    timing = Timing(label)
    for number in range(runs):
        run_once(command, timing, stage)
        print(f"  {label}: run {number + 1}/{runs} {timing.walls[-1]:.2f} s", file=sys.stderr)
    return timing


def cseckg() -> list[str]:
    script = Path(sys.executable).with_name("cseckg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cseckg"]


@dataclass
class Dataset:
    name: str
    extra: list[Path]  # files given to cseckg validate
    base: str  # "shipped" or "model"

    def files(self) -> list[Path]:
        from cseckg import resources

        base = resources.shipped_files() if self.base == "shipped" else [resources.model_file()]
        return base + self.extra


def datasets(sizes: list[int], folder: Path) -> list[Dataset]:
    found = [Dataset("shipped", [], "shipped")]
    for size in sizes:
        path = folder / f"synthetic-{scale.size_name(size)}.ttl"
        if not path.exists():
            scale.write(scale.generate(size), path)
        found.append(Dataset(f"synthetic {scale.size_name(size)}", [path], "model"))
    return found


def bench_dataset(
    data: Dataset, runs: int, shapes_nt: Path, work: Path, stages: list[str]
) -> list[Timing]:
    flags = [] if data.base == "shipped" else ["--model-only"]
    args = [*cseckg(), "validate", *flags, *map(str, data.extra), "--format", "json"]
    only = [s for s in STAGES if s in stages]
    timings = [measure(f"validate --only {s}", [*args, "--only", s], runs, s) for s in only]
    if "all" in stages:
        timings.append(measure("validate (all stages)", args, runs, "all"))
    command = jena.jena_command()
    if command is None:
        print(f"  Jena skipped: {jena.missing()}", file=sys.stderr)
        return timings
    data_nt = work / f"{data.name.replace(' ', '-')}.nt"
    jena.export_ntriples(data.files(), data_nt)
    jena_args = ["shacl.shacl", "validate", "--shapes", str(shapes_nt), "--data", str(data_nt)]
    timings.append(measure("Jena shacl validate", [*command, *jena_args], runs))
    return timings


def triples(data: Dataset) -> int:
    from cseckg import graph

    return len(graph.load(data.files()))


def table(results: list[tuple[Dataset, int, list[Timing]]], help_timing: Timing) -> str:
    head = (
        "| graph | triples | command | wall s median (min-max) | CPU s | peak MB "
        "| stages s | exit | shacl / Jena |"
    )
    lines = [head, "|---|---:|---|---:|---:|---:|---:|---|---:|"]
    lines.append(_row("-", "-", help_timing, ""))
    for data, count, timings in results:
        jena_t = next((t for t in timings if t.label.startswith("Jena")), None)
        for t in timings:
            ratio = ""
            if jena_t and t.label == "validate --only shacl":
                ratio = f"**{t.median / jena_t.median:.1f}x**"
            lines.append(_row(data.name, f"{count:,}", t, ratio))
    return "\n".join(lines)


def _row(graph_name: str, count: str, t: Timing, ratio: str) -> str:
    wall = f"{t.median:.2f} ({min(t.walls):.2f}-{max(t.walls):.2f})"
    stage = f"{statistics.median(t.stage_seconds):.2f}" if t.stage_seconds else ""
    exits = ",".join(map(str, sorted(t.exit_codes)))
    cpu, peak = statistics.median(t.cpus), max(t.rss_mb)
    return (
        f"| {graph_name} | {count} | `{t.label}` | {wall} | {cpu:.2f} | {peak:.0f} "
        f"| {stage} | {exits} | {ratio} |"
    )


def environment(load_before: tuple[float, ...], runs: int, large_runs: int) -> str:
    import pyshacl
    import rdflib

    load_after = os.getloadavg()
    java = shutil.which("java") or "none"
    return "\n".join(
        [
            f"- {time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} CPUs; "
            f"Python {platform.python_version()}; rdflib {rdflib.__version__}; "
            f"pyshacl {pyshacl.__version__}; java: {java}",
            f"- load average (1/5/15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
            f"after: {', '.join(f'{x:.2f}' for x in load_after)}",
            f"- runs per command: {runs} ({large_runs} at 100k triples and more); "
            "wall and CPU are medians, peak MB the largest of the runs",
            "- `stages s`: the stages' own time as cseckg reports it (`--format json`), after "
            "loading and parsing; "
            "`shacl / Jena`: whole-process `--only shacl` over whole-process Jena",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-runs", type=int, default=3, help="runs at 100k triples and up")
    parser.add_argument(
        "--stages",
        nargs="*",
        choices=[*STAGES, "all"],
        default=[*STAGES, "all"],
        help="which validate commands to time (Jena always runs)",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="cseckg-bench-") as tmp:
        work = Path(tmp)
        from cseckg import resources

        shapes_nt = work / "shapes.nt"
        jena.export_ntriples(resources.shape_files(), shapes_nt)
        help_timing = measure("cseckg --help", [*cseckg(), "--help"], args.runs)
        for data in datasets(args.sizes, args.out):
            count = triples(data)
            runs = args.large_runs if count >= 100_000 else args.runs
            print(f"{data.name}: {count} triples, {runs} runs", file=sys.stderr)
            results.append((data, count, bench_dataset(data, runs, shapes_nt, work, args.stages)))
    report = (
        "\n\n".join(
            [
                "# cseckg validate vs Apache Jena SHACL",
                environment(load_before, args.runs, args.large_runs),
                table(results, help_timing),
            ]
        )
        + "\n"
    )
    (args.out / "validate.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
