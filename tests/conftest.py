"""Shared test helpers: the CLI runner and the checkout's paths."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cseckg.cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Compiled stores go to a temporary cache, never the user's."""
    import os

    os.environ["CSECKG_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def shipped() -> bytes:
    """The shipped graph as canonical N-Triples (the export's own)."""
    from cseckg import export

    return export.serialize(export.build(), "ntriples")


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> bytes:
    """bench/scale.py's 10k graph as canonical N-Triples."""
    from .ntdata import synthetic

    return synthetic(tmp_path_factory.mktemp("scale"))


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory):
    """The compiled store (stored answers and plans' indexes included) of the model and
    bench/scale.py's 10k graph."""
    import subprocess
    import sys

    from cseckg import resources, store

    folder = tmp_path_factory.mktemp("scale-store")
    script = ROOT / "bench" / "scale.py"
    args = [sys.executable, str(script), "--triples", "10000", "--out", str(folder)]
    subprocess.run(args, check=True, capture_output=True)
    (path,) = folder.glob("synthetic-*.ttl")
    loaded = store.open_graph([resources.model_file(), path])
    assert loaded.location is not None, "the tests' cache folder can be written"
    return loaded


@pytest.fixture
def cli():
    """Invoke the Typer app in-process: ``cli("validate", "--only", "owl")``."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


def tree_digest(*folders: Path) -> str:
    """A digest of every file under ``folders``: proves that nothing was written."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()
