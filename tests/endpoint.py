"""A real SPARQL 1.1 endpoint on loopback for tests: the Oxigraph server (PyPI ``oxigraph``).

:func:`oxigraph_endpoint` exports the shipped graph as N-Triples from the compiled store, loads it
with ``oxigraph load``, starts ``oxigraph serve-read-only`` on a free loopback port, waits (for a
bounded time) until it answers ``ASK {}``, yields the query URL, and always stops the server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from .processes import stop

START_WITHIN = 30.0  # seconds


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command of this environment (the test extra installs it), or None."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def oxigraph_endpoint(store: ox.Store, workdir: Path) -> Iterator[str]:
    """Serve the triples of ``store`` read-only on loopback; yields the SPARQL query URL."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph command is not installed (pip install oxigraph)")
    data, location = workdir / "graph.nt", workdir / "db"
    store.dump(str(data), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(data)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/query"
        _wait_until_ready(url, server)
        yield url
    finally:
        stop(server)
        log.close()


def _wait_until_ready(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_WITHIN
    probe = f"{url}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the oxigraph server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"the oxigraph server did not answer within {START_WITHIN:g} s")
