"""Heavy libraries are imported only when validating (DESIGN, "Performance stance").

pyshacl and owlready2 cost a third of a second to import; ``cseckg --help`` and the help of every
command must not pay for them. Checked in a fresh interpreter (``python -X importtime``), since
this test process has imported them already.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pyshacl", "owlready2")


def imported_modules(*args: str) -> set[str]:
    """The modules a fresh ``python -m cseckg ARGS`` imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cseckg", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[-1].strip() for line in lines[1:]}  # the first is the header


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".", 1)[0] in HEAVY)


@pytest.mark.parametrize("args", [("--help",), ("validate", "--help"), ("fmt", "--help")])
def test_help_does_not_import_validators(args):
    modules = imported_modules(*args)
    assert "cseckg.cli" in modules, "the import trace did not cover the command line"
    assert heavy(modules) == [], f"cseckg {' '.join(args)} imports {heavy(modules)}"
