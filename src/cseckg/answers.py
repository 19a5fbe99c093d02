"""Stored answers: what the named queries return, computed once when the compiled store is built
and kept in it.

A named query returns the same rows for as long as the graph does not change, so its answer is
computed when the compiled store is built and written inside the store's folder (``answers/``:
one file per answer in the TSV format of SPARQL 1.1 Query Results CSV and TSV Formats, section 3,
which writes every RDF term in full; pyoxigraph's parser reads it back). That folder is named by
the fingerprint of the source files, so a changed graph gets a new folder and new answers;
nothing is invalidated by hand. A file is named by a hash of the query's text, of the values
bound to its parameters and of pyoxigraph's version, so an edited query, a query added after
the build or another query engine finds no file and the query runs on the store.

What is stored, for every query in ``queries/*.rq`` (none is picked by hand):

* a query without parameters: its answer (and a query added after the build, on first use);
* a query whose every parameter is ``a language tag`` (as its ``# param:`` line says): its answer
  for each language tag of the graph's labels; any other value runs on the store;
* a query with one IRI parameter whose header says ``# answers: per value``: its answer for
  each value of that parameter that the query's unbound answer holds (the values that have
  rows), each the store's answer to the query with that value bound; any other value runs on
  the store. The header is for point queries that read a few hundred single values for one
  resource, which cost 2-4 times more on the compiled store (RocksDB) than in memory
  (``bench/README.md``); a query answered fast enough from the store needs none.

Only a SELECT or ASK that does not read the clock, random numbers or fresh blank nodes (``NOW``,
``RAND``, ``UUID``, ``STRUUID``, ``BNODE``) nor reach outside the store (``SERVICE``, ``FROM``),
and only when reading the file back gives exactly the rows the store gave, in the same order.
Where nothing is stored (another text, a graph loaded in memory, a cache folder that cannot be
written) the store answers, through a plan of our own where there is one (:mod:`cseckg.plans`).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from cseckg import plans, queries, resources
from cseckg.errors import InputError

FOLDER = "answers"
FORMAT = "tsv-2"  # part of each key and of the store's fingerprint: a new layout reads no old file
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE", "SERVICE", "FROM"})
LANGUAGE_TAG = "a language tag"  # how a `# param:` line describes a language tag parameter
PER_VALUE = "per value"  # `# answers: per value`: store the answer for each value with rows
LANGUAGES = """
SELECT DISTINCT (LANG(?form) AS ?tag)
WHERE { ?label <http://www.w3.org/2008/05/skos-xl#literalForm> ?form FILTER(LANG(?form) != "") }
"""

Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Bindings = Mapping[ox.Variable, object]


def key(text: str, bindings: Bindings | None = None) -> str:
    """The file name of the answer to ``text`` with ``bindings``."""
    bound = sorted(f"{name.value}={term}" for name, term in (bindings or {}).items())
    digest = hashlib.sha256("\0".join([FORMAT, ox.__version__, text, *bound]).encode())
    return digest.hexdigest()[:32] + ".tsv"


def storable(text: str) -> bool:
    """Whether ``text`` always returns the same answer from the same graph."""
    from cseckg.sparql import lexer

    found = lexer.keywords(text)
    return lexer.form(text) in ("select", "ask") and not VOLATILE.intersection(found)


def named_queries() -> list[queries.QueryFile]:
    """The named queries (``queries/*.rq``) that can be read and always answer the same."""
    found = []
    for path in resources.query_files():
        try:
            query = queries.read(path)
        except InputError:  # unreadable: `query run` says so when the query is asked for
            continue
        if storable(query.text):
            found.append(query)
    return found


def build(store: ox.Store, folder: Path) -> int:
    """Write the stored answers of the named queries into ``folder/answers``; their count."""
    target = folder / FOLDER
    target.mkdir(exist_ok=True)
    tags = [row["tag"] for row in store.query(LANGUAGES)]  # type: ignore[union-attr]
    written = 0
    for query in named_queries():
        live = plans.text_for(query.text)
        if query.get("answers") == PER_VALUE:
            chosen = _values_with_rows(store, query)
        else:
            chosen = _stored_bindings(query, tags)
        for bindings in chosen:
            answer = store.query(live, substitutions=bindings)  # type: ignore[arg-type]
            written += _write(target / key(query.text, bindings), answer)
    return written


def _stored_bindings(query: queries.QueryFile, tags: list) -> list[dict]:
    """The bindings whose answers are stored: none for a query without parameters, each
    language tag for language tag parameters; nothing for a query with other parameters (but
    see :func:`_values_with_rows`)."""
    described = [line.split(None, 1) for line in query.get_all("param")]
    if not all(len(d) == 2 and d[1].lower().startswith(LANGUAGE_TAG) for d in described):
        return []
    names = [ox.Variable(name) for name in query.params]
    return [
        dict(zip(names, chosen, strict=True))
        for chosen in itertools.product(tags, repeat=len(names))
    ]


def _values_with_rows(store: ox.Store, query: queries.QueryFile) -> list[dict]:
    """``{?param: value}`` for each IRI the query's one parameter takes in its unbound answer
    (nothing for a query with another number of parameters, or not a SELECT: a test says so)."""
    if len(query.params) != 1:
        return []
    variable = ox.Variable(query.params[0])
    answer = store.query(plans.text_for(query.text))
    if not isinstance(answer, ox.QuerySolutions):
        return []
    values = {row[variable] for row in answer}
    iris = sorted((v for v in values if isinstance(v, ox.NamedNode)), key=lambda v: v.value)
    return [{variable: value} for value in iris]


def query(store: ox.Store, text: str, bindings: Bindings, folder: Path | None) -> Answer:
    """The answer to ``text`` with ``bindings``: the stored one when there is one, else the
    store's (through a plan of our own, :mod:`cseckg.plans`, when ``store`` is a compiled one)."""
    if folder is None:
        return store.query(text, substitutions=dict(bindings))  # type: ignore[arg-type]
    path = folder / FOLDER / key(text, bindings)
    if path.name in _stored(folder):  # only for a text that was storable when it was written
        try:
            return _read(path)
        except (OSError, SyntaxError):  # removed or damaged meanwhile: the store answers
            pass
    live = plans.text_for(text)
    if bindings or not storable(text) or text not in {q.text for q in named_queries()}:
        return store.query(live, substitutions=dict(bindings))  # type: ignore[arg-type]
    try:  # a named query added after the build: stored for the next time
        stored = _write(path, store.query(live))
    except OSError:  # a cache folder that cannot be written: the answer stands as it is
        return store.query(live)
    if not stored:
        return store.query(live)
    _stored(folder).add(path.name)
    return _read(path)


@functools.lru_cache(maxsize=4)
def _stored(folder: Path) -> set[str]:
    """The names of the answers stored in ``folder`` (listed once per process: a miss costs no
    file system call; an answer another process stores meanwhile is read by the next one)."""
    try:
        return set(os.listdir(folder / FOLDER))
    except OSError:
        return set()


def _write(path: Path, answer: Answer) -> bool:
    """Store ``answer`` (consumed) at ``path`` when it reads back unchanged."""
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
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".answer-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise
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
