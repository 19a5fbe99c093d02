"""Canonical N-Triples for the writer tests: what :mod:`cseckg.export` caches and writes from."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]


def canonical(quads: Iterable[ox.Quad]) -> bytes:
    """Sorted, distinct N-Triples lines as pyoxigraph writes them: what the exporter caches."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b""
    lines = set(data.split(b"\n"))
    lines.discard(b"")
    return b"".join(line + b"\n" for line in sorted(lines))


def synthetic(folder: Path, triples: int = 10_000) -> bytes:
    """bench/scale.py's graph of about ``triples`` triples (deterministic), made canonical."""
    script = ROOT / "bench" / "scale.py"
    args = [sys.executable, str(script), "--triples", str(triples), "--out", str(folder)]
    subprocess.run(args, check=True, capture_output=True)
    (path,) = folder.glob("synthetic-*.ttl")
    return canonical(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
