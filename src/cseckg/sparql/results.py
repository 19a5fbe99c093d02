"""Typed query results and their serialisations.

* SELECT and ASK results: SPARQL 1.1 Query Results JSON Format (W3C Rec. 2013, sections 3.1-3.2)
  is written here; CSV and TSV (SPARQL 1.1 Query Results CSV and TSV Formats, sections 2-3) and
  XML (SPARQL Query Results XML Format, 2nd ed., section 2) are written by pyoxigraph's
  serialisers from that JSON, so every format follows its specification to the letter.
* CONSTRUCT and DESCRIBE results: any RDF format of :mod:`cseckg.formats`.

:func:`write_atomically` puts the bytes in place with a temporary file in the same folder and
``os.replace``, so a failed command never leaves a half-written or emptied output file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

import pyoxigraph as ox

from cseckg import formats
from cseckg.errors import InputError

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]  # noqa: UP007 (runtime alias)
Kind = Literal["select", "ask", "graph"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    suffixes: tuple[str, ...]
    oxigraph: str  # attribute of pyoxigraph.QueryResultsFormat


RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", (".srj", ".json"), "JSON"),
    ResultFormat("xml", "application/sparql-results+xml", (".srx", ".xml"), "XML"),
    ResultFormat("csv", "text/csv", (".csv",), "CSV"),
    ResultFormat("tsv", "text/tab-separated-values", (".tsv",), "TSV"),
)
RESULT_BY_NAME = {f.name: f for f in RESULT_FORMATS}
TABLE = "table"


@dataclass(frozen=True)
class QueryResult:
    """A query's answer: ``kind`` select (``variables``, ``rows``), ask (``boolean``) or graph
    (``triples``). Row cells are pyoxigraph terms, ``None`` where a variable is unbound."""

    kind: Kind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()

    def records(self) -> list[dict[str, Term | None]]:
        """The rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def from_oxigraph(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """Materialise a pyoxigraph answer (this is where a lazy query does its work)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[n] for n in names) for solution in answer)
        return QueryResult("select", names, rows)
    return QueryResult("graph", triples=tuple(answer))


def choose_format(kind: Kind, name: str | None, output: Path | None) -> str:
    """The format to write: ``name`` when given (checked against ``kind``), else the one the
    ``output`` suffix implies, else ``table`` (SELECT, ASK) or ``turtle`` (CONSTRUCT, DESCRIBE)."""
    graph = kind == "graph"
    allowed = [f.name for f in formats.FORMATS] if graph else [TABLE, *RESULT_BY_NAME]
    if name is None and output is not None:
        name = _format_for_suffix(graph, output)
    name = name or ("turtle" if graph else TABLE)
    what = {"select": "a SELECT", "ask": "an ASK", "graph": "a CONSTRUCT or DESCRIBE"}[kind]
    if name not in allowed:
        raise InputError(
            f"{what} result cannot be written as {name}; use one of {', '.join(allowed)}"
        )
    if name == TABLE and output is not None:
        raise InputError("the table is for the terminal; with --output use csv, tsv, json or xml")
    return name


def _format_for_suffix(graph: bool, output: Path) -> str:
    suffix = output.suffix.lower()
    if graph:
        found = formats.for_suffix(output)
        if found:
            return found.name
    else:
        for fmt in RESULT_FORMATS:
            if suffix in fmt.suffixes:
                return fmt.name
    raise InputError(f"cannot tell the format from the name {output.name!r}; use --format")


def serialize(result: QueryResult, format_name: str) -> bytes:
    """``result`` in the named format (a result format for SELECT/ASK, an RDF one for graphs)."""
    if result.kind == "graph":
        return _serialize_graph(result.triples, formats.BY_NAME[format_name])
    data = json.dumps(to_json(result), ensure_ascii=False).encode()
    if format_name == "json":
        return data
    target = getattr(ox.QueryResultsFormat, RESULT_BY_NAME[format_name].oxigraph)
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=target) or b""


def to_json(result: QueryResult) -> dict:
    """SPARQL 1.1 Query Results JSON (section 3): ``head``, then ``results`` or ``boolean``."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {
            name: term_json(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def term_json(term: Term) -> dict:
    """One RDF term as in section 3.2.2 (and the ``triple`` form of SPARQL 1.2 results)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: term_json(v) for k, v in parts.items()}}
    found: dict = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        found["datatype"] = term.datatype.value
    return found


def _serialize_graph(triples: tuple[ox.Triple, ...], fmt: formats.RdfFormat) -> bytes:
    target = getattr(ox.RdfFormat, fmt.oxigraph)
    if fmt.quads:
        items: list = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    else:
        items = list(triples)
    return ox.serialize(items, format=target, prefixes=prefixes()) or b""


def prefixes() -> dict[str, str]:
    """The project's usual prefixes (those of :data:`cseckg.graph.PREFIXES`)."""
    from cseckg.graph import PREFIXES

    return dict(re.findall(r"PREFIX (\w*): <([^>]*)>", PREFIXES))


def display(term: Term | None) -> str:
    """A cell for people: the IRI, the literal's text (and ``@lang``), ``_:id``, or empty."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    except OSError as err:
        raise InputError(f"{path}: cannot be written: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot be written: {err.strerror or err}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else the usual ones for a new file under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
