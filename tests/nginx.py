"""Debian's nginx on loopback for the tests, with a configuration made from ``deploy/nginx``.

:func:`config_from_deploy` copies the deploy files into a temporary folder, replacing the few
values a publisher sets (listen port, upstream port, site folder): each replacement must find
its text, so a change to ``deploy/`` cannot leave a test running some other configuration.
:func:`running_nginx` writes a main ``nginx.conf`` around them (pid, logs and temporary files
in that folder, an unprivileged port on 127.0.0.1), checks it with ``nginx -t``, runs nginx in
the foreground and always stops it. Without nginx the tests skip, and fail when ``CI`` is set.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from .conftest import ROOT
from .processes import stop

DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_WITHIN = 20.0  # seconds


def require_nginx() -> None:
    if not Path(NGINX).is_file():
        message = "the deployment tests need Debian's nginx (apt-get install nginx)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def config_from_deploy(folder: Path, name: str, replacements: Mapping[str, str]) -> Path:
    """``deploy/nginx/NAME`` in ``folder`` with each ``old -> new`` of ``replacements`` made."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx/{name} no longer contains {old!r}"
        text = text.replace(old, new)
    target = folder / name
    target.write_text(text, encoding="utf-8")
    return target


def main_config(folder: Path, includes: list[Path]) -> Path:
    """The main configuration: what Debian's /etc/nginx/nginx.conf sets, kept in ``folder``."""
    temp = {k: folder / "temp" / k for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    user = pwd.getpwuid(os.geteuid()).pw_name  # as root, workers would otherwise be 'nobody'
    lines = [
        f"user {user};" if os.geteuid() == 0 else "",
        "worker_processes 1;",
        "daemon off;",
        f"pid {folder / 'nginx.pid'};",
        f"error_log {folder / 'error.log'} warn;",
        "events { worker_connections 1024; }",
        "http {",
        "    access_log off;",
        "    include /etc/nginx/mime.types;",
        "    default_type application/octet-stream;",
        *(f"    {k}_temp_path {path};" for k, path in temp.items()),
        *(f"    include {path};" for path in includes),
        "}",
    ]
    target = folder / "nginx.conf"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def check(config: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on ``config``."""
    folder = str(config.parent)
    command = [NGINX, "-t", "-p", folder, "-c", str(config), "-e", str(config.parent / "t.log")]
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


@contextlib.contextmanager
def running_nginx(config: Path, port: int) -> Iterator[subprocess.Popen]:
    """nginx with ``config``, listening on 127.0.0.1:``port``; stopped (SIGTERM) on exit."""
    checked = check(config)
    assert checked.returncode == 0, checked.stderr
    folder = config.parent
    command = [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")]
    with (folder / "stderr.log").open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, folder)
        yield process
    finally:
        stop(process, grace=10)


def _wait_for(port: int, process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {(folder / 'error.log').read_text()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nginx did not listen on {port} within {START_WITHIN:g} s")
