"""The README's two set-up commands are true: the main job runs from a fresh install, and CI runs
the test command. The installed wheel finds its data with no checkout around."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

SHIPPED = (
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "src",
    "ontology",
    "shapes",
    "queries",
    "releases",
)


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup, flags=re.S)


def test_readme_has_exactly_two_setup_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "cseckg trace" in commands[0]


def test_ci_runs_the_readme_test_command():
    test_command = readme_commands()[1]
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in lines


@pytest.mark.slow
def test_readme_main_command_on_a_fresh_copy(tmp_path):
    copy = tmp_path / "checkout"
    copy.mkdir()
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    main_command = readme_commands()[0]
    done = subprocess.run(
        main_command, shell=True, cwd=copy, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "child sexual abuse material" in done.stdout
    assert "OPSC art. 2(c)" in done.stdout

    # the installed wheel, run far from any checkout, finds its own data
    shutil.rmtree(copy / "ontology")
    cseckg = copy / ".venv" / "bin" / "cseckg"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    again = subprocess.run(
        [str(cseckg), "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "conforms" in again.stderr
    where = subprocess.run(
        [
            str(copy / ".venv" / "bin" / "python"),
            "-c",
            "from cseckg import resources; print(resources.data_root())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages" in where.stdout
    assert Path(where.stdout.strip(), "ontology", "model.ttl").is_file()
