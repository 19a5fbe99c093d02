"""The export cache: the canonical dataset of :mod:`cseckg.export`, kept beside the compiled store.

An entry (made by :func:`cseckg.store.publish`, keyed like the compiled store) holds
``union.nt`` (the sorted union), ``graphs.nt`` (the graphs' blocks one after the other) and
``index.json`` (the union's size and triple count, each graph's name and block size), each
written to disk before ``READY`` says the entry is whole. Its key holds pyoxigraph's version,
whose parser and N-Triples writer make the lines.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

SCHEMA = "export-2"

Graphs = Sequence[tuple[str, bytes]]


class Entry:
    """A cache entry whose index was read: its files are read when first asked for. A file
    that changed or vanished since is made again by ``remake`` (which prepares the dataset)."""

    def __init__(self, folder: Path, index: dict, remake: Callable[[], tuple[Graphs, bytes]]):
        self.folder = folder
        self.count = int(index["triples"])
        self.union_size = int(index["union"])
        self.blocks = [(str(name), int(size)) for name, size in index["graphs"]]
        self._remake = remake

    def whole(self) -> bool:
        """Whether each file has the size the index gives."""
        graphs_size = sum(size for _, size in self.blocks)
        return (
            graphs_size == (self.folder / "graphs.nt").stat().st_size
            and self.union_size == (self.folder / "union.nt").stat().st_size
        )

    def graphs(self) -> Graphs:
        try:
            with open(self.folder / "graphs.nt", "rb") as data:
                found = [(name, data.read(size)) for name, size in self.blocks]
        except OSError:
            return self._remake()[0]
        sizes = [size for _, size in self.blocks]
        if [len(block) for _, block in found] != sizes:
            return self._remake()[0]
        return found

    def union(self) -> bytes:
        try:
            data = (self.folder / "union.nt").read_bytes()
        except OSError:
            data = b""
        return data if len(data) == self.union_size else self._remake()[1]


def read(folder: Path, remake: Callable[[], tuple[Graphs, bytes]]) -> Entry | None:
    """The entry in ``folder``; None when there is none or it is not whole."""
    try:
        if not (folder / "READY").is_file():
            return None
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        entry = Entry(folder, index, remake)
        return entry if entry.whole() else None
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write(folder: Path, graphs: Graphs, union: bytes, count: int) -> None:
    """The files of an entry in ``folder``, each on disk before ``READY`` says so. The blocks are
    written as they are (no copy joins them)."""
    index = {
        "union": len(union),
        "triples": count,
        "graphs": [[name, len(block)] for name, block in graphs],
    }
    parts = [("union.nt", [union]), ("graphs.nt", [block for _, block in graphs])]
    parts.append(("index.json", [json.dumps(index).encode()]))
    for name, chunks in parts:
        with open(folder / name, "wb") as out:
            out.writelines(chunks)
            out.flush()
            os.fsync(out.fileno())
