"""``cseckg search TEXT`` and ``/search``: ranked, multilingual full-text search.

The engine is :mod:`cseckg.fulltext` (Tantivy, BM25, per-language analysis, phrases, prefixes,
weighted fields, filters, snippets); this module finds the index built with the compiled store
of the graph's files and keeps it open for the process. A search needs neither rdflib nor the
store itself once the index is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cseckg.fulltext.engine import Filters, Hit, SearchResult
from cseckg.fulltext.snippets import Snippet

__all__ = ["Filters", "Hit", "SearchResult", "Snippet", "engine", "search"]

_OPEN: dict[tuple, Any] = {}  # (files, index folder) -> engine, for a long-running server


def search(
    text: str,
    *,
    lang: str | None = None,
    limit: int = 20,
    kind: str | None = None,
    instrument: str | None = None,
    jurisdiction: str | None = None,
    files: Sequence[Path] | None = None,
) -> SearchResult:
    """The best ``limit`` documents for ``text`` in the graph of ``files`` (by default the
    shipped graph, or ``$CSECKG_GRAPH``)."""
    filters = Filters(kind=kind, lang=lang, instrument=instrument, jurisdiction=jurisdiction)
    return engine(files).search(text, filters, limit)


def engine(files: Sequence[Path] | None = None):
    """The search engine of the compiled store of ``files``, built with it when missing."""
    from cseckg import resources, store
    from cseckg.fulltext import index
    from cseckg.fulltext.engine import Engine

    paths = tuple(files or resources.graph_files())
    key: tuple[tuple[Path, ...], Path | None]
    folder = store.fulltext_folder(paths)
    if folder is None:
        loaded = store.open_graph(paths)  # builds the store and its index, or loads in memory
        folder = store.fulltext_folder(paths)
        if folder is None:  # the cache cannot be written: an index in memory, kept like a folder
            key = (paths, None)
            if key not in _OPEN:
                _OPEN.clear()
                _OPEN[key] = Engine(index.in_memory(loaded.store))
            return _OPEN[key]
    key = (paths, folder)
    if key not in _OPEN:
        _OPEN.clear()
        _OPEN[key] = Engine(index.open_folder(folder))
    return _OPEN[key]
