"""Query plans of our own: indexes kept in the compiled store, and named queries restated to use
them, for the few questions pyoxigraph cannot answer well from the graph alone.

pyoxigraph plans a query before it knows the values bound to its parameters (SEP-0007
substitution happens when the plan runs), so a filter on a parameter, such as trace-term's
``LCASE(STR(?literal)) = LCASE(STR(?term))``, is evaluated on every label, reading each label's
text from disk. An index of our own answers such a filter by a lookup instead:

* :data:`INDEXES` are computed by pyoxigraph itself when the compiled store is built (so a key is
  exactly what the query's own expression gives) and kept in the named graph :data:`GRAPH`,
  which is never part of an export.
* ``queries/plans/<name>.rq`` restates the named query ``<name>`` with one of them. Its header
  says which query it restates (``# plan-for: <name>``) and the SHA-256 of that query's text
  (``# sha256: ...``): a plan is used only for that exact text, so an edited named query runs as
  written until its plan is checked and restated again. A plan keeps every pattern and filter of
  the query it restates and adds the index, so it can only leave out rows that the query's own
  filter would remove; tests run both on the shipped and on synthetic graphs and compare rows.

Plans run only on the compiled store (:func:`text_for` with a store that holds the indexes); a
named query sent to an endpoint or loaded into another store is always the portable text.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import pyoxigraph as ox

from cseckg import queries, resources

GRAPH = ox.NamedNode("urn:cseckg:plans")
BASE = "urn:cseckg:plans#"
INDEXES = {  # name -> SELECT ?s ?key: the quads <s> <BASE name> <key> in GRAPH
    "literal-form-lower-case": """
        SELECT ?s (LCASE(STR(?form)) AS ?key)
        WHERE { ?s <http://www.w3.org/2008/05/skos-xl#literalForm> ?form }
    """,
}


def build(store: ox.Store) -> int:
    """Replace the index graph of ``store``; the number of index entries."""
    store.clear_graph(GRAPH)
    quads = []
    for name, query in INDEXES.items():
        predicate = ox.NamedNode(BASE + name)
        for row in store.query(query):  # type: ignore[union-attr]
            if row["key"] is not None:
                quads.append(ox.Quad(row["s"], predicate, row["key"], GRAPH))
    store.bulk_extend(quads)
    return len(quads)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def text_for(text: str) -> str:
    """The plan that restates ``text`` when there is one, else ``text`` itself."""
    return _plans().get(digest(text), text)


def plan_files() -> list[Path]:
    return sorted((resources.queries_dir() / "plans").glob("*.rq"))


@functools.lru_cache(maxsize=1)
def _plans() -> dict[str, str]:
    """SHA-256 of a named query's text -> the text of its plan."""
    found = {}
    for path in plan_files():
        plan = queries.read(path)
        found[plan.get("sha256")] = plan.text
    return found
