"""``cseckg query``: named queries, SPARQL files and texts run locally or on a SPARQL endpoint.

* :func:`list_queries`: the named queries of ``queries/*.rq`` and their headers.
* :func:`run`: resolve the query, refuse what it must not do (:mod:`.lexer`), bind the parameters
  as RDF terms, then run it on the compiled store (:mod:`.local`) or send it to an endpoint
  (:mod:`.remote`); the answer is a :class:`QueryResult`, written by :func:`serialize`.

Safety (DESIGN, reliability and security contract): a local query never reaches the network or
the file system by itself: SERVICE and FROM / FROM NAMED are refused unless ``allow_network``;
SPARQL Update operations (LOAD, INSERT, ...) are refused always, and the store is read-only.
A remote query may use FROM and SERVICE: the endpoint, not this machine, evaluates them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cseckg.errors import InputError
from cseckg.queries import QueryFile
from cseckg.sparql import lexer
from cseckg.sparql.local import EXIT_TIMEOUT, QueryTimeout
from cseckg.sparql.results import (
    RESULT_FORMATS,
    QueryResult,
    Term,
    choose_format,
    display,
    serialize,
    write_atomically,
)

__all__ = [
    "EXIT_TIMEOUT",
    "RESULT_FORMATS",
    "QueryResult",
    "QueryTimeout",
    "Source",
    "bound_term",
    "choose_format",
    "display",
    "list_queries",
    "resolve",
    "run",
    "serialize",
    "write_atomically",
]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_VARIABLE = re.compile(r"[?$]?([A-Za-z_][A-Za-z0-9_]*)")
_LANG_LITERAL = re.compile(r'"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)', re.DOTALL)


@dataclass(frozen=True)
class Source:
    """A query's text and how messages name it (a file path, or ``query`` for a text)."""

    label: str
    text: str


def list_queries() -> tuple[QueryFile, ...]:
    """The named queries (``queries/*.rq``, not the checks), sorted by name."""
    from cseckg import queries, resources

    return tuple(queries.read(path) for path in resources.query_files())


def resolve(name_or_file_or_text: str) -> Source:
    """A ``.rq`` / ``.sparql`` file, a named query (``queries/<name>.rq``), or else SPARQL text.

    Text is whatever has a brace or a line break, or is neither a file name nor a query name.
    """
    from cseckg import queries

    given = name_or_file_or_text
    text_like = "{" in given or "\n" in given
    if given.endswith((".rq", ".sparql")) and not text_like:
        path = Path(given)
        if not path.is_file():
            raise InputError(f"{given}: no such query file")
        return Source(str(path), queries.read(path).text)
    if _NAME.fullmatch(given):
        found = queries.named(given)
        return Source(f"queries/{found.path.name}", found.text)
    return Source("query", given)


def bound_term(name: str, value: str) -> Term:
    """``--bind name=value`` as an RDF term: an IRI (``<...>``, ``http(s)://``, ``urn:``), a
    language-tagged literal (``"text"@lang``), a plain literal (``"text"`` or anything else)."""
    try:
        if value.startswith("<") and value.endswith(">"):
            return ox.NamedNode(value[1:-1])
        if value.startswith(("http://", "https://", "urn:")):
            return ox.NamedNode(value)
        tagged = _LANG_LITERAL.fullmatch(value)
        if tagged:
            return ox.Literal(tagged.group(1), language=tagged.group(2))
    except ValueError as err:
        raise InputError(f"--bind {name}: {value!r} is not a valid IRI or tag: {err}") from None
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return ox.Literal(value[1:-1])
    return ox.Literal(value)


def substitutions(source: Source, bindings: Mapping[str, str]) -> dict[str, Term]:
    """The bindings as terms keyed by variable name; each must be a variable of the query."""
    found: dict[str, Term] = {}
    mentioned = lexer.variables(source.text)
    for raw_name, value in bindings.items():
        match = _VARIABLE.fullmatch(raw_name.strip())
        if not match:
            raise InputError(f"--bind {raw_name!r}: not a variable name")
        name = match.group(1)
        if name not in mentioned:
            known = ", ".join(sorted(mentioned)) or "none"
            raise InputError(f"{source.label}: --bind {name}: the query has no ?{name} ({known})")
        found[name] = bound_term(name, value)
    return found


def run(
    name_or_file_or_text: str,
    *,
    bindings: Mapping[str, str] | None = None,
    endpoint: str | None = None,
    allow_network: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run a named query, a ``.rq`` file or a SPARQL text; see the module docstring."""
    if timeout is not None and timeout <= 0:
        raise InputError(f"--timeout {timeout:g}: give a positive number of seconds")
    source = resolve(name_or_file_or_text)
    lexer.check(source.text, allow_network=allow_network or bool(endpoint), source=source.label)
    terms = substitutions(source, bindings or {})
    if endpoint:
        from cseckg.sparql import remote

        return remote.run(endpoint, source.text, terms, timeout=timeout)
    from cseckg.sparql import local

    return local.run(source.text, terms, source=source.label, timeout=timeout)
