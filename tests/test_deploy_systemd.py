"""``deploy/systemd/cseckg.service``: its ``ExecStart`` command line starts a real server (only
the port and the release folder changed), and ``systemd-analyze verify`` finds nothing wrong in
the unit (with the path of this checkout's ``cseckg``). Without systemd-analyze the second
part skips, and fails when ``CI`` is set."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .server_process import running_server

UNIT = ROOT / "deploy" / "systemd" / "cseckg.service"


def _exec_start() -> list[str]:
    text = UNIT.read_text().replace("\\\n", " ")
    line = next(x for x in text.splitlines() if x.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def test_the_systemd_unit_runs_as_written(tmp_path):
    command = _exec_start()
    assert command[:2] == ["/opt/cseckg/bin/cseckg", "serve"]
    options = command[2:]
    for name in ("--host", "--port"):  # running_server chooses a free port on loopback
        at = options.index(name)
        assert name != "--host" or options[at + 1] == "127.0.0.1"  # loopback only: nginx faces out
        del options[at : at + 2]
    at = options.index("--downloads")
    options[at + 1] = str(tmp_path)  # the release folder the unit names
    with running_server(tmp_path, *options) as running:
        assert running.health()["status"] == "ok"
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze is required in CI (apt-get install systemd)")
        pytest.skip("systemd-analyze is not installed")
    unit = tmp_path / "cseckg.service"
    cseckg = str(Path(sys.executable).parent / "cseckg")
    unit.write_text(UNIT.read_text().replace("/opt/cseckg/bin/cseckg", cseckg))
    verified = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60, check=False
    )
    assert verified.returncode == 0 and verified.stderr.strip() == "", verified.stderr
