"""Stored answers: what every parameter-free named query returns, kept with the compiled store.

A named query without parameters returns the same rows for as long as the graph does not change,
so its answer is computed once, when the compiled store is built, and written inside the store's
folder (``answers/``: one file per query in the TSV format of SPARQL 1.1 Query Results CSV and
TSV Formats, section 3, which writes every RDF term in full; pyoxigraph's parser reads it back).
That folder is named by the fingerprint of the source files, so a changed graph gets a new folder
and new answers; nothing is invalidated by hand. A file is named by a hash of the query's text
and of pyoxigraph's version, so an edited query, a query added after the build, or another
query engine finds no file: the query runs on the store, and a named query's answer is then
written for the next time.

Which queries: every query in ``queries/*.rq`` (none is picked by hand) that has no parameter
bound, is a SELECT or ASK, and does not read the clock, random numbers or fresh blank nodes
(``NOW``, ``RAND``, ``UUID``, ``STRUUID``, ``BNODE``), nor reach outside the store (``SERVICE``,
``FROM``). An answer is written only when reading it back gives exactly the rows the store gave,
in the same order; anything else (a store that is not compiled, a cache folder that cannot be
written) runs the query as before.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from cseckg import queries, resources
from cseckg.errors import InputError

FOLDER = "answers"
FORMAT = "tsv-1"  # part of each file's key: a new layout never reads an old file
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE", "SERVICE", "FROM"})

Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def key(text: str) -> str:
    """The file name of the answer to ``text``."""
    digest = hashlib.sha256(f"{FORMAT}\0{ox.__version__}\0{text}".encode())
    return digest.hexdigest()[:32] + ".tsv"


def storable(text: str) -> bool:
    """Whether ``text`` always returns the same answer from the same graph."""
    from cseckg.sparql import lexer

    found = lexer.keywords(text)
    return lexer.form(text) in ("select", "ask") and not VOLATILE.intersection(found)


def named_texts() -> list[str]:
    """The texts of the named queries (``queries/*.rq``) that have no parameter."""
    texts = []
    for path in resources.query_files():
        try:
            found = queries.read(path)
        except InputError:  # unreadable: `query run` says so when the query is asked for
            continue
        if not found.params:
            texts.append(found.text)
    return texts


def build(store: ox.Store, folder: Path) -> int:
    """Write the answer of every storable named query into ``folder/answers``; their count."""
    target = folder / FOLDER
    target.mkdir(exist_ok=True)
    return sum(_write(target, text, store.query(text)) for text in named_texts() if storable(text))


def query(
    store: ox.Store, text: str, substitutions: Mapping[ox.Variable, object], folder: Path | None
) -> Answer:
    """The answer to ``text``: the stored one when there is one, else the store's."""
    if substitutions or folder is None:
        return store.query(text, substitutions=dict(substitutions))  # type: ignore[arg-type]
    path = folder / FOLDER / key(text)
    try:  # a file exists only for a text that was storable when it was written
        return _read(path)
    except (OSError, SyntaxError):  # not computed yet (an edited or a new query), or damaged
        pass
    answer = store.query(text)
    if not storable(text) or text not in named_texts():  # never any text a user sends
        return answer
    try:
        stored = _write(folder / FOLDER, text, answer)
    except OSError:  # a cache folder that cannot be written: the answer stands as it is
        return store.query(text)
    return _read(path) if stored else store.query(text)


def _write(target: Path, text: str, answer: Answer) -> bool:
    """Store ``answer`` (consumed) as the answer to ``text`` when it reads back unchanged."""
    if isinstance(answer, ox.QueryTriples):
        return False
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [tuple(solution[n] for n in names) for solution in answer]
        data = _tsv(names, rows)
        if not _same(data, names, rows):
            return False
    else:
        data = b"true" if bool(answer) else b"false"
    handle, temporary = tempfile.mkstemp(dir=target, prefix=".answer-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target / key(text))
    return True


def _tsv(names: list[str], rows: list[tuple]) -> bytes:
    """The TSV results format: a header of variables, then one line per row, each term in its
    N-Triples form (which is Turtle, as the format asks), an unbound cell left empty."""
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _same(data: bytes, names: list[str], rows: list[tuple]) -> bool:
    try:
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
    except SyntaxError:
        return False
    if [v.value for v in parsed.variables] != names:  # type: ignore[union-attr]
        return False
    return [tuple(s[n] for n in names) for s in parsed] == rows  # type: ignore[union-attr]


def _read(path: Path) -> Answer:
    return ox.parse_query_results(path=str(path), format=ox.QueryResultsFormat.TSV)
