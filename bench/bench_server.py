"""Load on ``cseckg serve`` (loopback only, bounded in count and time): requests per second,
p50/p99 latency and errors for a concept page (HTML and Turtle) and a named query through
``/sparql``, at 1, 8 and 64 connections, with wrk (Debian package ``wrk``); then the server's
resident memory before and after 100,000 requests.

Targets (2 cores): >= 1,000 requests/s for the concept page in Turtle, p99 < 50 ms at 8
connections, zero errors, memory growth < 10 %. Usage: ``python bench/bench_server.py
[--seconds 5] [--requests 100000]``; writes ``bench/out/server.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
QUERY = (Path(__file__).resolve().parents[1] / "queries" / "definitions-of-child.rq").read_text()
SCENARIOS = (
    ("concept page, HTML", "/concept/child", "text/html"),
    ("concept page, Turtle", "/concept/child", "text/turtle"),
    (
        "named query via /sparql",
        "/sparql?" + urllib.parse.urlencode({"query": QUERY}),
        "application/sparql-results+json",
    ),
)
CONNECTIONS = (1, 8, 64)
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    # wrk is one client: the per-client query limit (429) is lifted so the endpoint is measured
    command = [sys.executable, "-m", "cseckg", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--client-queries", "1000"]  # fmt: skip
    env = {**os.environ, "NO_PROXY": "*"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk(url: str, accept: str, connections: int, seconds: int) -> dict:
    threads = min(connections, 2)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "-H", f"Accept: {accept}", url]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    return parse(output)


def parse(output: str) -> dict:
    """Requests/s, p50/p99 (ms), request count and errors (socket errors and non-2xx/3xx)."""
    found = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
        found[f"p{pct}_ms"] = float(value) * _UNITS[unit]
    found["requests"] = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["errors"] = errors + (int(non_2xx.group(1)) if non_2xx else 0)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    results: dict = {"cores": os.cpu_count(), "runs": []}
    try:
        for _name, path, accept in SCENARIOS:  # warm the caches
            request = urllib.request.Request(base + path, headers={"Accept": accept})
            urllib.request.urlopen(request, timeout=30).read()
        for name, path, accept in SCENARIOS:
            for connections in CONNECTIONS:
                run = {"scenario": name, "connections": connections,
                       **wrk(base + path, accept, connections, args.seconds)}  # fmt: skip
                results["runs"].append(run)
                print(f"{name:26} c={connections:<3} {run['rps']:9.0f} req/s"
                      f"  p50 {run['p50_ms']:6.2f} ms  p99 {run['p99_ms']:7.2f} ms"
                      f"  errors {run['errors']}")  # fmt: skip
        before, done = rss_mb(server.pid), 0
        while done < args.requests:
            done += wrk(base + "/concept/child", "text/turtle", 8, 10)["requests"]
        after = rss_mb(server.pid)
        results["memory"] = {"requests": done, "rss_before_mb": before, "rss_after_mb": after,
                             "growth_pct": 100 * (after - before) / before}  # fmt: skip
        print(f"memory: {before:.1f} MB before, {after:.1f} MB after {done} requests "
              f"({results['memory']['growth_pct']:+.1f} %)")  # fmt: skip
    finally:
        server.terminate()
        server.wait(15)
    OUT.mkdir(exist_ok=True)
    (OUT / "server.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
