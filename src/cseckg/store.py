"""The compiled graph: a pyoxigraph store on disk, built once and reopened in milliseconds.

Commands that only read (trace, compare, search, show, query) never re-parse Turtle once the
store is built: :func:`open_graph` fingerprints the source files (path, size, modification time,
inode; like ``make``, no content read) and reopens the matching store read-only, or builds it
(parse strictly, derive, write to a temporary folder, rename into place) when a source changed.
The cache lives in ``$CSECKG_CACHE``, else ``$XDG_CACHE_HOME/cseckg``, else ``~/.cache/cseckg``;
where it cannot be written the graph is loaded in memory instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox

from cseckg import __version__, fulltext, graph, rdfio, textindex

KEEP = 4  # compiled stores kept in the cache; older ones are removed
ABANDONED = 3600  # seconds after which a staging folder is taken as left by a killed process
READY = "READY"


def cache_dir() -> Path:
    explicit = os.environ.get("CSECKG_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cseckg"


def fingerprint(files: Sequence[Path], *schema: str) -> str:
    """A key for what is compiled from ``files``: their path, size, modification time and inode,
    the version, the derivation rules and ``schema`` (what the compiled form is made of)."""
    schema = (
        __version__,
        graph.DERIVATION_RULES,
        *textindex.QUERIES,
        fulltext.SCHEMA,
        "optimized",
        *schema,
    )
    digest = hashlib.sha256("\n".join(schema).encode())
    for path in files:
        stat = path.stat()
        digest.update(
            f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\n".encode()
        )
    return digest.hexdigest()[:20]


def open_graph(files: Sequence[Path]) -> graph.LoadedGraph:
    """The compiled store for ``files``: reopened when it exists, built when it does not."""
    paths = tuple(files)
    try:
        key = fingerprint(paths)
    except OSError:
        return _in_memory(paths)  # a missing file: load() reports it in one line
    target = cache_dir() / f"store-{key}"
    if not (target / READY).is_file():
        try:
            _build(paths, target)
        except OSError:
            return _in_memory(paths)
    return graph.LoadedGraph(ox.Store.read_only(str(target)), paths)


def fulltext_folder(files: Sequence[Path]) -> Path | None:
    """The full-text index built with the compiled store of ``files``, when it is built."""
    try:
        target = cache_dir() / f"store-{fingerprint(tuple(files))}"
    except OSError:
        return None
    return target / fulltext.FOLDER if (target / READY).is_file() else None


def _in_memory(files: tuple[Path, ...]) -> graph.LoadedGraph:
    loaded = graph.load(files)
    textindex.build(loaded.store)
    return loaded


def _build(files: tuple[Path, ...], target: Path) -> None:
    def fill(staging: Path) -> None:
        store = ox.Store(str(staging))
        errors = []
        for path in files:
            try:
                rdfio.bulk_load(store, path)
            except graph.InputError as err:
                errors.append(err.message)
        if errors:
            raise graph.LoadError(errors)
        store.bulk_extend(graph.derive(store))
        textindex.build(store)
        store.flush()
        store.optimize()  # compacts the bulk-loaded files: scans run about twice as fast
        from cseckg.fulltext import index

        (staging / fulltext.FOLDER).mkdir()
        index.write(store, staging / fulltext.FOLDER)  # published with the store, or not at all
        del store  # closes the database before it is moved

    publish(target, fill)


def publish(target: Path, fill: Callable[[Path], None]) -> None:
    """Make the cache entry ``target`` (``<kind>-<key>``): ``fill`` writes into a staging folder
    of this process, ``READY`` is written last, and the folder is renamed into place (when
    another process was first, its entry stands). The staging folder never outlives the call;
    the entries of the same kind beyond the newest :data:`KEEP` are removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".building-{target.name}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        fill(staging)
        (staging / READY).write_text(__version__)
        try:
            staging.rename(target)
        except OSError:  # another process built it first
            if not (target / READY).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    prune(target, target.name.rsplit("-", 1)[0] + "-")


def prune(keep: Path, prefix: str) -> None:
    """Remove all but the :data:`KEEP` newest entries named ``prefix...`` beside ``keep``."""
    found = []
    for path in keep.parent.glob(prefix + "*"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:  # removed by another process meanwhile
            continue
    found.sort(reverse=True)
    for _, old in [item for item in found if item[1] != keep][KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    import time

    for staging in keep.parent.glob(f".building-{prefix}*"):
        try:
            abandoned = time.time() - staging.stat().st_mtime > ABANDONED
        except OSError:  # finished or removed meanwhile
            continue
        if abandoned:  # left by a process that was killed while it built
            shutil.rmtree(staging, ignore_errors=True)
