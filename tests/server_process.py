"""Start and stop a real ``cseckg serve`` process on a free loopback port, for the tests.

:func:`running_server` starts ``python -m cseckg serve`` with the given options, waits (for a
bounded time) until ``/health`` answers, yields a :class:`Server` and always stops the process:
SIGTERM first, then SIGKILL, and its worker processes go with it (they are daemonic children).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .processes import stop

START_WITHIN = 60.0  # seconds


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    process: subprocess.Popen
    log: Path

    def get(
        self,
        path: str,
        headers: Mapping[str, str] | None = None,
        method: str = "GET",
        data: bytes | None = None,
        timeout: float = 30,
    ) -> tuple[int, dict, bytes]:
        """One request; returns (status, headers with lower-case names, body) for any status."""
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers=dict(headers or {})
        )
        try:
            with _opener().open(request, timeout=timeout) as answer:
                return answer.status, _lower(answer.headers), answer.read()
        except urllib.error.HTTPError as err:
            return err.code, _lower(err.headers), err.read()

    def health(self) -> dict:
        return json.loads(self.get("/health")[2])


def _lower(headers) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def _opener():
    """No proxy, no redirects followed silently: the tests see what the server answers."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(
    workdir: Path, *options: str, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """A ``cseckg serve`` process on 127.0.0.1 with ``options``; stopped on exit."""
    port = free_port()
    log = workdir / f"server-{port}.log"
    environment = {**os.environ, "NO_PROXY": "*", "no_proxy": "*", **(env or {})}
    command = [
        sys.executable,
        "-m",
        "cseckg",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *options,
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=environment)
        server = Server(f"http://127.0.0.1:{port}", process, log)
        try:
            _wait_until_ready(server)
            yield server
        finally:
            stop(process, grace=15)


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"cseckg serve exited: {server.log.read_text()[-2000:]}")
        try:
            if server.get("/health", timeout=2)[0] == 200:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"cseckg serve did not answer within {START_WITHIN:g} s")
