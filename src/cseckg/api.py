"""The façade every front end calls: the CLI now, the HTTP server later.

Each function takes plain Python values, returns a frozen dataclass and raises
:class:`cseckg.errors.CseckgError` (one-line message, exit code) for bad input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cseckg.fmt import FmtReport
from cseckg.validate import ValidationReport


def validate(
    extra: Sequence[Path | str] = (),
    *,
    only: str | None = None,
    base: str = "shipped",
    fail_on: str = "violation",
) -> ValidationReport:
    """Validate the shipped graph (or the model alone) plus ``extra`` files."""
    from cseckg import validate as _validate

    paths = [Path(p) for p in extra]
    return _validate.validate(paths, only=only, base=base, fail_on=fail_on)


def fmt(paths: Sequence[Path | str] = (), *, check: bool = False) -> FmtReport:
    """Canonicalise the given Turtle files, by default every committed one."""
    from cseckg import fmt as _fmt
    from cseckg import resources

    files = [Path(p) for p in paths] or resources.committed_turtle()
    return _fmt.fmt(files, check=check)


def run_query(name_or_sparql: str, bindings: Mapping[str, str] | None = None):
    """Run a named query (or SPARQL text) over the shipped graph; see :mod:`cseckg.queries`."""
    from cseckg import queries

    return queries.run(name_or_sparql, bindings or {})


def list_queries():
    """The named queries of ``queries/`` with their documentation headers."""
    from cseckg import sparql

    return sparql.list_queries()


def query(
    name_or_file_or_text: str,
    *,
    bindings: Mapping[str, str] | None = None,
    endpoint: str | None = None,
    allow_network: bool = False,
    timeout: float | None = None,
):
    """Run a named query, a ``.rq`` file or SPARQL text locally or against ``endpoint``."""
    from cseckg import sparql

    return sparql.run(
        name_or_file_or_text,
        bindings=bindings or {},
        endpoint=endpoint,
        allow_network=allow_network,
        timeout=timeout,
    )


def trace(term: str):
    """term -> concept -> definitions -> provisions -> instruments, with terminology advice."""
    from cseckg import graph
    from cseckg import trace as _trace

    return _trace.trace(graph.shipped().store, term)


def compare(concept: str, *, lang: str | None = "en"):
    """The definitions of one concept side by side, with what differs."""
    from cseckg import compare as _compare
    from cseckg import graph

    return _compare.compare(graph.shipped().store, concept, lang)


def search(text: str, *, lang: str | None = None, limit: int = 20):
    """Ranked matches over labels and texts."""
    from cseckg import graph
    from cseckg import search as _search

    return _search.search(graph.shipped().store, text, lang, limit)


def show(resource: str):
    """Everything the graph says about one resource (an IRI, a CURIE or a label)."""
    from cseckg import graph
    from cseckg import show as _show

    return _show.show(graph.shipped().store, resource)
