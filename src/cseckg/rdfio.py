"""Safe reading of RDF files: strict parsing with one-line ``file:line:col: reason`` errors.

Reading never reaches the network or other files by itself (see DESIGN, reliability contract):
RDF/XML with a DOCTYPE or ENTITY declaration is refused, JSON-LD that names a remote ``@context``
is refused, and ``owl:imports`` is never followed (the parser does not know about it). Parsing is
done by pyoxigraph, which reports the line and column of a syntax error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from cseckg import formats, sssom
from cseckg.errors import InputError

_XML_DECLS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def read_quads(path: Path, graph: ox.NamedNode | None = None) -> list[ox.Quad]:
    """Parse one file into quads (in ``graph`` when given), or raise :class:`InputError`.

    Blank node labels are scoped to their file (RDF 1.1 Concepts, 3.4): ``_:x`` in two files are
    two nodes, so each file's blank nodes get fresh identities. An SSSOM mapping set
    (``*.sssom.tsv``) is read as the RDF derived from it (:mod:`cseckg.sssom`).
    """
    if sssom.is_sssom(path):
        return sssom.read_quads(path, graph)
    fmt, data = _checked_bytes(path)
    try:
        quads = list(ox.parse(data, format=getattr(ox.RdfFormat, fmt.oxigraph)))
    except SyntaxError as err:
        raise InputError(f"{path}:{_position(err)}: {_reason(err)}") from None
    if not quads:
        raise InputError(f"{path}: no triples: the file holds no RDF statements")
    if graph is not None or any(_has_blank(q) for q in quads):
        fresh: dict[str, ox.BlankNode] = {}

        def own(term):
            if isinstance(term, ox.BlankNode):
                return fresh.setdefault(term.value, ox.BlankNode())
            return term

        target = graph
        quads = [
            ox.Quad(own(q.subject), q.predicate, own(q.object), target or q.graph_name)
            for q in quads
        ]
    return quads


def bulk_load(store: ox.Store, path: Path) -> None:
    """Load one file into an on-disk ``store`` without holding its triples in Python.

    The same checks as :func:`read_quads` run first. Turtle and N-Triples without blank node
    labels (``_:x``, which pyoxigraph's loader would not scope to the file) stream straight from
    pyoxigraph's parser into the store; anything else goes through :func:`read_quads`.
    """
    if sssom.is_sssom(path):
        store.bulk_extend(read_quads(path))
        return
    fmt, data = _checked_bytes(path)
    if fmt.name not in ("turtle", "ntriples") or b"_:" in data:
        store.bulk_extend(read_quads(path))
        return
    try:
        store.bulk_load(data, format=getattr(ox.RdfFormat, fmt.oxigraph))
    except SyntaxError as err:
        raise InputError(f"{path}:{_position(err)}: {_reason(err)}") from None


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _checked_bytes(path: Path) -> tuple[formats.RdfFormat, bytes]:
    fmt = formats.for_suffix(path)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format; use one of {formats.suffix_list()}")
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror}") from None
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    if fmt.name == "rdfxml" and _XML_DECLS.search(data):
        raise InputError(f"{path}: refused: RDF/XML with a DOCTYPE or ENTITY declaration")
    if fmt.name == "jsonld":
        _refuse_remote_context(path, data)
    return fmt, data


def _refuse_remote_context(path: Path, data: bytes) -> None:
    try:
        doc = json.loads(data)
    except ValueError as err:
        raise InputError(f"{path}:{err}") from None
    for value in _contexts(doc):
        if isinstance(value, str):
            raise InputError(f"{path}: refused: remote JSON-LD @context {value!r} is not fetched")


def _contexts(node: object) -> Iterator[object]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                yield from value if isinstance(value, list) else [value]
            else:
                yield from _contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _contexts(item)


def _position(err: SyntaxError) -> str:
    line = err.lineno if err.lineno is not None else 1
    col = err.offset if err.offset is not None else 1
    return f"{line}:{col}"


def _reason(err: SyntaxError) -> str:
    text = str(err.msg if hasattr(err, "msg") else err)
    # pyoxigraph prefixes "Parser error at line L between columns A and B: reason"
    reason = text.split(": ", 1)[1] if text.startswith("Parser error") and ": " in text else text
    return " ".join(reason.split())
