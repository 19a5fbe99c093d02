"""Named queries answered as records of rdflib terms: the API of :func:`cseckg.api.run_query`.

A named query (or SPARQL text) runs over the shipped graph with its parameters bound as RDF terms
(SEP-0007 substitution, never pasted into the text); a stored answer is used where the compiled
store keeps one (:mod:`cseckg.answers`). Each row is a dictionary of rdflib terms, the form the
competency tests and Python callers read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cseckg.errors import InputError


@dataclass(frozen=True)
class QueryResult:
    """A SELECT result: variable names and rows of rdflib terms (None where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[dict, ...]

    def column(self, name: str) -> list[str]:
        return [str(row[name]) for row in self.rows if row.get(name) is not None]


def run(name_or_sparql: str, bindings: Mapping[str, str], loaded: Any = None) -> QueryResult:
    """Run a named query or SPARQL text over the shipped graph, parameters bound as RDF terms."""
    import pyoxigraph as ox

    from cseckg import answers, graph, queries, store

    is_text = any(ch.isspace() for ch in name_or_sparql.strip())
    text = name_or_sparql if is_text else queries.named(name_or_sparql).text
    loaded = loaded or store.shipped()
    substitutions = {ox.Variable(k.lstrip("?$")): bound_term(v) for k, v in bindings.items()}
    try:
        solutions = answers.query(loaded.store, text, substitutions, loaded.location)
    except SyntaxError as err:
        raise InputError(f"malformed query: {err}") from None
    except RuntimeError as err:  # for example a bound variable missing from the projection
        raise InputError(f"query cannot run: {err}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise InputError("only SELECT queries return rows")
    variables = tuple(v.value for v in solutions.variables)
    rows = tuple({name: graph.rdflib_term(row[name]) for name in variables} for row in solutions)
    return QueryResult(variables, rows)


def bound_term(value: str):
    """A parameter value as an RDF term: ``<iri>`` or an http(s)/urn IRI, else a plain literal."""
    import pyoxigraph as ox

    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    return ox.Literal(value)
