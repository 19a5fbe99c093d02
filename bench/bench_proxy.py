"""``cseckg serve`` as the public meets it, alone and behind Debian's nginx with
``deploy/nginx`` (loopback only; every count and wait bounded):

1. **Slow clients** (the attack of issue 14): ``--slow`` connections, each from its own loopback
   address, send half a request head and stop; how many are closed, after how long (min, median,
   max), and how many are still open after ``--watch`` seconds. Then ``--flood`` such
   connections opened at once, from distinct addresses and from one address: how many the
   target holds one second later.
2. **Burst**: client A (127.0.0.2) sends heavy SPARQL queries from 16 threads for ``--seconds``
   seconds, ignoring every refusal; client B (127.0.0.3) sends one small query at a time. A's
   answers by status (429 = refused by a per-client limit), B's latency p50/p95, next to B alone.
3. **Throughput** of the concept page (Turtle and HTML) with wrk at 8 and 64 connections, the
   server alone and through nginx, interleaved, median of ``--runs``; nginx's per-client request
   and connection limits are lifted for this part only (wrk is one client), all else as shipped.

Targets: the server alone and nginx both close every slow client (the server after
``--header-timeout``, 10 s by default; nginx after ``client_header_timeout``, 10 s); the server
holds at most ``--max-connections`` (512) at once and ``--client-connections`` (32) from one
address; B is always answered 200 while A is refused. A's threads run on the same cores as the
server, so B's latency also measures A's load on the machine. ``--baseline-src DIR`` runs parts
1 and 2 against the ``cseckg`` package in ``DIR`` too (e.g. ``src`` of a checkout before issue
14), side by side. Usage: ``python bench/bench_proxy.py [--runs 3] [--seconds 5]``; writes
``bench/out/proxy.json`` and prints the tables.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import json
import os
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench_server import free_port, wrk

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
HALF_HEAD = b"GET /concept/child HTTP/1.1\r\nHost: bench\r\nAccept: text/tur"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d } # "  # ~0.5 s here
SMALL = 'ASK { ?s ?p "{n}" }'


def address(i: int, block: int = 1) -> str:
    """A distinct loopback address per ``i`` (all of 127.0.0.0/8 is loopback)."""
    return f"127.{10 + block}.{i // 250}.{i % 250 + 1}"


def start_server(port: int, src: Path | None, cache: Path, *options: str) -> subprocess.Popen:
    env = {**os.environ, "NO_PROXY": "*", "CSECKG_CACHE": str(cache)}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    command = [sys.executable, "-m", "cseckg", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen([*command, *options], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/health", process)
    return process


def wait_for(url: str, process: subprocess.Popen, within: float = 90) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited with {process.returncode}")
        try:
            host, port = url.removeprefix("http://").split("/")[0].split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=2)
            connection.request("GET", "/" + url.split("/", 3)[3])
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{url} did not answer")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def nginx_config(folder: Path, nginx_port: int, server_port: int, lifted: bool) -> Path:
    """deploy/nginx's proxy configuration in ``folder``, as tests/nginx.py makes it."""
    http = (ROOT / "deploy/nginx/cseckg-http.conf").read_text()
    http = http.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{server_port};")
    site = (ROOT / "deploy/nginx/cseckg-proxy.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{nginx_port};")
    if lifted:  # throughput: wrk is one client; the per-client limits would measure themselves
        http = http.replace("rate=20r/s", "rate=1000000r/s")
        site = site.replace("limit_conn cseckg_addr 32;", "limit_conn cseckg_addr 10000;")
    (folder / "http.conf").write_text(http)
    (folder / "site.conf").write_text(site)
    temps = "".join(f"{k}_temp_path {folder / k};\n" for k in ("client_body", "proxy", "fastcgi",
                                                               "uwsgi", "scgi"))  # fmt: skip
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = (f"{user}worker_processes auto;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} crit;\nevents {{ worker_connections 768; }}\n"
            f"http {{\naccess_log off;\ninclude /etc/nginx/mime.types;\n{temps}"
            f"include {folder / 'http.conf'};\ninclude {folder / 'site.conf'};\n}}\n")  # fmt: skip
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"


def start_nginx(config: Path, port: int) -> subprocess.Popen:
    command = ["nginx", "-p", str(config.parent), "-c", str(config), "-e",
               str(config.parent / "error.log")]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/health", process)
    return process


def open_half_heads(port: int, sources: list[str]) -> list[tuple[socket.socket, float]]:
    """One connection per source address, each sends half a head; (socket, time opened)."""
    opened = []
    for source in sources:
        sock = socket.socket()
        sock.settimeout(5)
        try:
            sock.bind((source, 0))
            sock.connect(("127.0.0.1", port))
            sock.sendall(HALF_HEAD)
        except OSError:
            sock.close()
            continue
        sock.setblocking(False)
        opened.append((sock, time.monotonic()))
    return opened


def watch(opened: list[tuple[socket.socket, float]], seconds: float) -> list[float | None]:
    """For each connection, seconds from opening to the server's close (None: still open)."""
    selector = selectors.DefaultSelector()
    for index, (sock, _) in enumerate(opened):
        selector.register(sock, selectors.EVENT_READ, index)
    closed: list[float | None] = [None] * len(opened)
    deadline = time.monotonic() + seconds
    while selector.get_map() and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=max(0.0, deadline - time.monotonic())):
            sock, started = opened[key.data]
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, BlockingIOError) as err:
                data = b"" if isinstance(err, ConnectionResetError) else b"x"
            if not data:
                closed[key.data] = time.monotonic() - started
                selector.unregister(sock)
    for sock, _ in opened:
        sock.close()
    return closed


def slow_clients(port: int, count: int, seconds: float) -> dict:
    times = watch(open_half_heads(port, [address(i) for i in range(count)]), seconds)
    done = sorted(t for t in times if t is not None)
    return {"connections": count, "opened": len(times), "closed": len(done),
            "open_after_s": seconds, "still_open": len(times) - len(done),
            "closed_after_min_s": done[0] if done else None,
            "closed_after_median_s": statistics.median(done) if done else None,
            "closed_after_max_s": done[-1] if done else None}  # fmt: skip


def held_at_once(port: int, count: int, one_address: bool) -> dict:
    sources = ["127.0.0.9"] * count if one_address else [address(i, 2) for i in range(count)]
    opened = open_half_heads(port, sources)
    closed = watch(opened, 1.0)
    held = sum(t is None for t in closed)
    return {"tried": count, "from": "one address" if one_address else "distinct addresses",
            "connected": len(opened), "held_after_1s": held}  # fmt: skip


def _query(connection: http.client.HTTPConnection, text: str) -> int:
    connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                       headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    answer = connection.getresponse()
    answer.read()
    return answer.status


def _client_a(port: int, stop_at: float, counter: dict, lock: threading.Lock, thread: int):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60,
                                            source_address=("127.0.0.2", 0))  # fmt: skip
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        try:
            status = _query(connection, HEAVY + f"{thread}-{n}")
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
        with lock:
            counter[status] = counter.get(status, 0) + 1


def _client_b(port: int, seconds: float) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60,
                                            source_address=("127.0.0.3", 0))  # fmt: skip
    latencies, statuses, n = [], {}, 0
    stop_at = time.monotonic() + seconds
    while time.monotonic() < stop_at:
        n += 1
        started = time.monotonic()
        try:
            status = _query(connection, SMALL.replace("{n}", f"{time.time_ns()}-{n}"))
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
        latencies.append((time.monotonic() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        time.sleep(0.25)  # 4 a second: within nginx's 5 a second per client
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) > 1 else max(latencies)
    return {"requests": n, "statuses": statuses, "p50_ms": statistics.median(latencies),
            "p95_ms": p95, "max_ms": max(latencies)}  # fmt: skip


def burst(port: int, seconds: float) -> dict:
    alone = _client_b(port, seconds)
    counter: dict = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    with concurrent.futures.ThreadPoolExecutor(17) as pool:
        for thread in range(16):
            pool.submit(_client_a, port, stop_at, counter, lock, thread)
        during = pool.submit(_client_b, port, seconds).result()
    return {"b_alone": alone, "a_statuses": dict(sorted(counter.items())), "b_during": during,
            "b_p95_ratio": during["p95_ms"] / alone["p95_ms"]}  # fmt: skip


def attack(name: str, port: int, args) -> dict:
    print(f"-- {name}: {args.slow} slow clients, watched {args.watch:g} s", flush=True)
    result = {"target": name, "slow": slow_clients(port, args.slow, args.watch)}
    print(json.dumps(result["slow"]), flush=True)
    result["held"] = [held_at_once(port, args.flood, one) for one in (False, True)]
    for held in result["held"]:
        print(json.dumps(held), flush=True)
        time.sleep(1)  # the connections were closed by us: let the target count them out
    result["burst"] = burst(port, args.seconds * 2)
    print(json.dumps(result["burst"]), flush=True)
    return result


def throughput(direct: int, proxied: int, runs: int, seconds: int) -> list[dict]:
    rows = []
    for accept in ("text/turtle", "text/html"):
        for connections in (8, 64):
            samples: dict[str, list] = {"server": [], "nginx": []}
            for _ in range(runs):  # interleaved: both see the same machine load
                for name, port in (("server", direct), ("nginx", proxied)):
                    url = f"http://127.0.0.1:{port}/concept/child"
                    samples[name].append(wrk(url, accept, connections, seconds))
            row = {"accept": accept, "connections": connections}
            for name, runs_ in samples.items():
                for key in ("rps", "p50_ms", "p99_ms"):
                    row[f"{name}_{key}"] = statistics.median(r[key] for r in runs_)
                row[f"{name}_errors"] = sum(r["errors"] for r in runs_)
            row["rps_ratio"] = row["nginx_rps"] / row["server_rps"]
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--slow", type=int, default=300)
    parser.add_argument("--flood", type=int, default=1100)
    parser.add_argument("--watch", type=float, default=30.0)
    parser.add_argument("--baseline-src", type=Path)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (apt-get install {tool})")
    results: dict = {"cores": os.cpu_count(), "load": os.getloadavg(), "attacks": []}
    with tempfile.TemporaryDirectory(prefix="bench-proxy-") as temp:
        folder = Path(temp)
        cache = folder / "cache"
        if args.baseline_src:
            port = free_port()
            baseline = start_server(port, args.baseline_src, folder / "cache-baseline")
            try:
                results["attacks"].append(attack("baseline server", port, args))
            finally:
                stop(baseline)
        port, nginx_port = free_port(), free_port()
        server = start_server(port, None, cache)
        try:
            results["attacks"].append(attack("server", port, args))
            shielded = nginx_config(folder, nginx_port, port, lifted=False)
            nginx = start_nginx(shielded, nginx_port)
            try:
                results["attacks"].append(attack("nginx + server", nginx_port, args))
            finally:
                stop(nginx)
            lifted_folder = folder / "lifted"
            lifted_folder.mkdir()
            nginx = start_nginx(nginx_config(lifted_folder, nginx_port, port, True), nginx_port)
            try:
                results["throughput"] = throughput(port, nginx_port, args.runs, args.seconds)
            finally:
                stop(nginx)
        finally:
            stop(server)
    OUT.mkdir(exist_ok=True)
    (OUT / "proxy.json").write_text(json.dumps(results, indent=2))
    print(f"written: {OUT / 'proxy.json'}")


if __name__ == "__main__":
    main()
