"""The Tantivy index: its schema, writing it beside the compiled store, opening it.

The index is written into the compiled store's cache entry (``store-<key>/fulltext``) while the
store is built (:func:`cseckg.store.open_graph`), so it shares the store's fingerprint, its
atomic publication (``READY`` is written after both) and its pruning: it is rebuilt exactly when
the store is. Where the cache cannot be written, the store is loaded in memory and so is the
index (:func:`in_memory`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cseckg.fulltext import analysis, documents

HEAP = 64_000_000  # bytes of indexing buffer: the 1M-triple graph fits in a few segments
RAW = ("iri", "kind", "lang", "instrument", "jurisdiction", "key")


def schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    for name in RAW:
        builder.add_text_field(name, stored=name in ("iri", "kind"), tokenizer_name="raw")
    builder.add_text_field("label", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_boolean_field("unverified", stored=True)
    builder.add_float_field("boost", fast=True)
    for name in analysis.TEXT_FIELDS:
        code = analysis.code_of(name)
        builder.add_text_field(name, stored=True, tokenizer_name=analysis.tokenizer_name(code))
    for code in analysis.CODES:
        builder.add_text_field(
            analysis.words_field(code),
            tokenizer_name=analysis.tokenizer_name(analysis.OTHER),
            index_option="basic",
        )
    return builder.build()


BOOST = {"concept": 1.0}  # weight_by_field multiplies scores by log2(2 + boost): 1.58


def write(store: ox.Store, folder: Path | None) -> Any:
    """Index the documents of ``store`` into ``folder`` (in memory when None); the index."""
    import tantivy

    index = tantivy.Index(schema(), path=None if folder is None else str(folder))
    analysis.register(index)
    writer = index.writer(heap_size=HEAP, num_threads=1)
    for doc in documents.collect(store):
        writer.add_document(_tantivy_document(doc))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def _tantivy_document(doc: documents.Document) -> Any:
    import tantivy

    out = tantivy.Document(iri=doc.iri, kind=doc.kind, label=doc.label)
    for name, values in (
        ("lang", doc.langs),
        ("instrument", doc.instruments),
        ("jurisdiction", doc.jurisdictions),
        ("key", doc.keys),
    ):
        for value in sorted(values):
            out.add_text(name, value)
    out.add_boolean("unverified", doc.unverified)
    out.add_float("boost", BOOST.get(doc.kind, 0.0))
    for name, texts in sorted(doc.texts.items()):
        for text in texts:
            out.add_text(name, text)
            out.add_text(analysis.words_field(analysis.code_of(name)), text)
    return out


def open_folder(folder: Path) -> Any:
    import tantivy

    index = tantivy.Index.open(str(folder))
    analysis.register(index)
    return index


def in_memory(store: ox.Store) -> Any:
    return write(store, None)


def texts_of(doc: Any, names: Iterable[str]) -> dict[str, list[str]]:
    """The stored texts of a hit, by field, for the fields it has."""
    return {name: doc.get_all(name) for name in names if doc.get_first(name) is not None}
