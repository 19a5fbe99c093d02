"""The README's two set-up commands are true, in either order, on a fresh copy of the checkout:
the main job runs from a fresh install, the test command installs what the tests need, and CI runs
the test command. The installed wheel finds its data with no checkout around."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT


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


# `make test` in a copy runs a few quick tests of the copy's suite (not the whole suite again, and
# not this test inside itself): what is checked is that the command installs what they need,
# pytest and the test extras, among them cffconvert (installed without its jsonschema < 4 pin) and
# sssom (whose linkml needs jsonschema 4), which must work side by side.
INNER_TESTS = (
    "tests/test_readme.py::test_readme_has_exactly_two_setup_commands",
    "tests/test_citation_cff.py::test_citation_cff_is_valid_cff_1_2_0",
    "tests/test_mappings.py::test_the_mapping_set_is_valid_sssom",
)
INNER_OPTIONS = " ".join((*INNER_TESTS, "-p no:cacheprovider", "-W ignore"))
# Each command gets at most this long (pip may fetch from the package registry).
BOUND = 600


def tracked_files() -> list[str]:
    """The checkout's files as a clone would have them: what git tracks, with the working tree's
    changes (new files not yet ignored included, deleted ones left out)."""
    done = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    names = done.stdout.decode().split("\0")
    return sorted(name for name in names if name and (ROOT / name).is_file())


def fresh_copy(folder: Path) -> Path:
    """A copy of the checkout as a fresh clone holds it: no venv, caches or build leftovers."""
    copy = folder / "checkout"
    for name in tracked_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return copy


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """``command`` in a shell as a newcomer types it: no venv active, no make or pytest of ours
    around it (their variables would reach the inner ones)."""
    outer = ("VIRTUAL_ENV", "PYTHONPATH", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_ADDOPTS")
    env = {k: v for k, v in os.environ.items() if k not in outer}
    if command.startswith("make"):
        env["PYTEST_ADDOPTS"] = INNER_OPTIONS
    done = subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=BOUND
    )
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done


def check_trace(done: subprocess.CompletedProcess) -> None:
    assert "child sexual abuse material" in done.stdout
    assert "OPSC art. 2(c)" in done.stdout


def check_tests_ran(done: subprocess.CompletedProcess) -> None:
    assert f"{len(INNER_TESTS)} passed" in done.stdout, done.stdout[-2000:]
    assert "skipped" not in done.stdout and "failed" not in done.stdout, done.stdout[-2000:]


def installed_from(copy: Path) -> Path:
    """Where the copy's venv imports cseckg from."""
    done = subprocess.run(
        [str(copy / ".venv" / "bin" / "python"), "-c", "import cseckg; print(cseckg.__file__)"],
        cwd=copy.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(done.stdout.strip()).parent


@pytest.mark.slow
def test_readme_commands_in_order_on_a_fresh_copy(tmp_path):
    """The main command, then the test command (which used to fail: the Makefile saw the main
    command's .venv/bin/cseckg and installed no pytest)."""
    copy = fresh_copy(tmp_path)
    main_command, test_command = readme_commands()
    check_trace(run(main_command, copy))

    # the installed wheel, run far from any checkout, finds its own data
    (copy / "ontology").rename(copy / "ontology-elsewhere")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
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
    assert "site-packages" in str(installed_from(copy))  # a copy of src/, not the checkout's
    (copy / "ontology-elsewhere").rename(copy / "ontology")

    check_tests_ran(run(test_command, copy))
    assert installed_from(copy) == copy / "src" / "cseckg"  # the tests test the checkout


@pytest.mark.slow
def test_readme_commands_in_reverse_order_on_a_fresh_copy(tmp_path):
    """The test command first (what CI does), then the main command, then the tests again: they
    test the checkout's code, not the copy the main command installed."""
    copy = fresh_copy(tmp_path)
    main_command, test_command = readme_commands()
    check_tests_ran(run(test_command, copy))
    check_trace(run(main_command, copy))
    assert "site-packages" in str(installed_from(copy))
    check_tests_ran(run(test_command, copy))
    assert installed_from(copy) == copy / "src" / "cseckg"
