"""Two checkouts of cseckg side by side: is any command slower than in the baseline?

    python bench/bench_versions.py --baseline ../baseline [--sizes shipped,1m] [--runs 5]

Each checkout must have its own ``.venv`` (``make install`` in it). For every size, the same
whole-process commands are run with each checkout's interpreter, alternately (baseline, current,
baseline, current ...) so that both see the same load, and the table gives the median of
``--runs`` runs of each and the ratio current / baseline. A command is "slower" when that ratio
exceeds 1.10 (the query and validate issues allow no command more than 10 % slower).

The commands: ``--help``, ``trace``, ``search``, ``compare``, ``export`` (Turtle, to
``/dev/null``), ``validate`` (at most up to ``--validate-max``), and ``query run NAME`` for every
named query the two checkouts share, each with the ``e.g.`` values of its own header bound. The
shipped size runs each checkout on its own shipped graph (the current one is larger: the ratio is
what a user sees); a synthetic size runs both on the same file from ``bench/scale.py`` (made by
the current checkout) through ``$CSECKG_GRAPH``. Each checkout has its own empty cache per size,
filled by one untimed run of every command before timing (the compiled store, the search index
and the export cache are paid once per source change; ``bench_query`` and ``bench_export``
measure them). Writes ``bench/out/versions.md`` and prints it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
ORDER = ["shipped", "10k", "100k", "1m"]
WORDS = {
    "shipped": ("child pornography", "tourism", "child prostitution"),
    "synthetic": ("synthetic concept 1", "synthetic", "synthetic concept 1"),
}
LIMIT = 900.0  # seconds: a process still running then is killed and reported


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds, exit code) of one whole process, output discarded."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timer = threading.Timer(LIMIT, proc.kill)  # os.wait4 returns at exit; Popen.wait polls
    timer.start()
    _, status, _ = os.wait4(proc.pid, 0)
    timer.cancel()
    return time.perf_counter() - started, os.waitstatus_to_exitcode(status)


def named_queries(checkout: Path) -> dict[str, list[str]]:
    """Each named query of a checkout: its name and ``--bind`` arguments from its header."""
    out = {}
    for path in sorted((checkout / "queries").glob("*.rq")):
        binds = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# param:") and "e.g." in line:
                name = line.removeprefix("# param:").split()[0].lstrip("?")
                binds += ["--bind", f"{name}={line.partition('e.g.')[2].strip()}"]
        out[path.stem] = binds
    return out


def commands(
    size: str, baseline: Path, current: Path, validate_max: str, graph: Path | None = None
) -> list[tuple]:
    """(label, baseline argv tail, current argv tail) for every command compared at a size;
    ``graph``, the synthetic file of that size (validate reads it with the model alone: it does
    not follow ``$CSECKG_GRAPH``, which would leave it validating the shipped graph)."""
    term, word, concept = WORDS["shipped" if size == "shipped" else "synthetic"]
    same = [
        ("--help", ["--help"]),
        ("trace", ["trace", term]),
        ("search", ["search", word]),
        ("compare", ["compare", concept]),
        ("export turtle", ["export", "--format", "turtle", "--output", "/dev/null", "--quiet"]),
    ]
    if ORDER.index(size) <= ORDER.index(validate_max):
        extra = [] if graph is None else ["--model-only", str(graph)]
        same.append(("validate", ["validate", *extra]))
    rows = [(label, tail, tail) for label, tail in same]
    old, new = named_queries(baseline), named_queries(current)
    for name in sorted(old.keys() & new.keys()):
        head = ["query", "run", name, "--format", "csv"]
        rows.append((f"query run {name}", head + old[name], head + new[name]))
    return rows


def environment(size: str, cache: str, graph: Path | None) -> dict[str, str]:
    env = {**os.environ, "CSECKG_CACHE": cache}
    env.pop("CSECKG_GRAPH", None)
    if graph is not None:
        env["CSECKG_GRAPH"] = str(graph)
    return env


def synthetic(size: str) -> Path:
    path = OUT / f"synthetic-{size}.ttl"
    if not path.is_file():
        scale = [sys.executable, str(ROOT / "bench" / "scale.py"), "--triples", str(SIZES[size])]
        subprocess.run([*scale, "--out", str(OUT)], check=True)
    return path


def compare_size(size: str, checkouts: dict[str, Path], args: argparse.Namespace) -> list:
    graph = None if size == "shipped" else synthetic(size)
    envs = {
        side: environment(size, tempfile.mkdtemp(prefix=f"cseckg-versions-{side}-"), graph)
        for side in checkouts
    }
    cli = {side: [str(path / ".venv" / "bin" / "cseckg")] for side, path in checkouts.items()}
    lines = []
    rows = commands(size, checkouts["baseline"], checkouts["current"], args.validate_max, graph)
    for label, old_tail, new_tail in (row for row in rows if args.only in row[0]):
        argv = {"baseline": cli["baseline"] + old_tail, "current": cli["current"] + new_tail}
        samples: dict[str, list[float]] = {"baseline": [], "current": []}
        codes: dict[str, set[int]] = {"baseline": set(), "current": set()}
        for side in ("baseline", "current"):  # untimed: fills each side's caches
            codes[side].add(run(argv[side], envs[side])[1])
        for _ in range(args.runs):
            for side in ("baseline", "current"):
                seconds, code = run(argv[side], envs[side])
                samples[side].append(seconds)
                codes[side].add(code)
        old, new = (statistics.median(samples[s]) for s in ("baseline", "current"))
        verdict = "slower" if new / old > 1.10 else ""
        exits = "/".join(",".join(str(c) for c in sorted(codes[s])) for s in codes)
        lines.append(f"| {label} | {old:.3f} | {new:.3f} | {new / old:.2f} | {exits} | {verdict} |")
        print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout with a .venv")
    parser.add_argument("--current", type=Path, default=ROOT)
    parser.add_argument("--sizes", default="shipped,1m")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--validate-max", default="100k", choices=ORDER)
    parser.add_argument("--only", default="", help="only the commands whose label has this text")
    args = parser.parse_args()
    checkouts = {"baseline": args.baseline.resolve(), "current": args.current.resolve()}
    for side, path in checkouts.items():
        if not (path / ".venv" / "bin" / "cseckg").is_file():
            raise SystemExit(f"{side} checkout {path} has no .venv/bin/cseckg: run make install")
    revisions = {
        side: subprocess.run(
            ["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        for side, path in checkouts.items()
    }
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# Versions side by side ({args.runs} runs, medians; {time.strftime('%Y-%m-%d %H:%M')})",
        "",
        f"baseline {revisions['baseline']}, current {revisions['current']}; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start.",
    ]
    for size in args.sizes.split(","):
        lines += ["", f"## {size}", ""]
        lines += [
            "| command | baseline s | current s | ratio | exit codes (baseline/current) | |",
            "|---|---|---|---|---|---|",
        ]
        print("\n".join(lines[-5:]), flush=True)
        lines += compare_size(size, checkouts, args)
    lines += ["", f"Load average {os.getloadavg()[0]:.2f} at the end."]
    (OUT / "versions.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(lines[-1])


if __name__ == "__main__":
    main()
