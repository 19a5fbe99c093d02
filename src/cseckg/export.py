"""Deterministic, lossless exports of the graph in every RDF format of :mod:`cseckg.formats`.

The exports are built from the quads as the parser read them, never dumped from the store (the
store normalises literals, e.g. ``"01"^^xsd:nonNegativeInteger`` to ``"1"^^xsd:integer``).

* **Named graphs** (N-Quads, RDF 1.1 N-Quads section 2; TriG, RDF 1.1 TriG section 2): one graph
  per source document, ``https://w3id.org/cseckg/graph/<path under ontology/ without .ttl>``
  (``graph/model``, ``graph/instruments/crc``; a file outside ``ontology/`` is named by its stem),
  and one graph ``graph/derived`` for the triples the loader derives (:mod:`cseckg.graph`: the
  SKOS-XL dumb-down of SKOS Reference appendix B.5 and the ``skos:definition`` copies; and
  :mod:`cseckg.sssom`: the ``skos:*Match`` links of the SSSOM mapping sets with their records), so
  that a plain-SKOS consumer finds ``skos:prefLabel`` and ``skos:closeMatch`` and one that wants
  the hand-written sources alone drops a graph.
* **Triple formats** (Turtle, N-Triples, JSON-LD, RDF/XML): the union of those graphs, each triple
  once, derived triples included. The internal ``urn:cseckg:index`` graph is never exported.
* **Canonical order**: blank nodes get labels computed from their content (:mod:`.canon`), each
  graph's triples are sorted as canonical N-Triples lines (RDF 1.1 N-Triples section 4, written
  by pyoxigraph), which are the N-Triples export; the N-Quads export adds each graph's name to
  its lines. pyoxigraph's serializers write Turtle, TriG and RDF/XML from those lines
  (:mod:`cseckg.serializers`), :mod:`cseckg.jsonld` writes JSON-LD (compact, with the published
  context, which the library cannot write), so an export is byte-identical whatever
  ``PYTHONHASHSEED`` or the order of the input.
* **Cached** (:mod:`.export_cache`): the prepared dataset is kept beside the compiled store, so
  only the first export after a source file changed pays for parsing and sorting.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cseckg import canon, formats, graph, rdfio, resources, sssom
from cseckg.errors import InputError
from cseckg.namespaces import PREFIXES

GRAPH_BASE = "https://w3id.org/cseckg/graph/"
DERIVED_GRAPH = GRAPH_BASE + "derived"

# The predicates the derivation rules of cseckg.graph read: only these go into its small store.
_RULE_PREDICATES = frozenset(
    [
        "http://www.w3.org/2008/05/skos-xl#prefLabel",
        "http://www.w3.org/2008/05/skos-xl#altLabel",
        "http://www.w3.org/2008/05/skos-xl#hiddenLabel",
        "http://www.w3.org/2008/05/skos-xl#literalForm",
        "https://w3id.org/cseckg/ontology#preferredDefinition",
        "https://w3id.org/cseckg/ontology#text",
        "https://w3id.org/cseckg/ontology#verificationStatus",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
    ]
)

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


class Dataset:
    """The graph ready to write: per named graph (in IRI order), its canonical N-Triples lines,
    sorted bytewise, as one ``bytes`` block; and their union, each triple once, sorted."""

    def __init__(
        self,
        graphs: Sequence[tuple[str, bytes]] | Callable[[], Sequence[tuple[str, bytes]]],
        files: Sequence[Path] = (),
        union: bytes | Callable[[], bytes] | None = None,
        count: int | None = None,
    ) -> None:
        """``graphs`` and ``union`` may be functions that read them when first asked for (the
        cache: a Turtle export never reads the graphs, a TriG export never reads the union);
        ``count``, the number of triples of the union, when it is known."""
        self._graphs = graphs if callable(graphs) else tuple(graphs)
        self.files = tuple(files)
        self._union = union
        self._count = count

    @property
    def graphs(self) -> tuple[tuple[str, bytes], ...]:
        if callable(self._graphs):
            self._graphs = tuple(self._graphs())
        return self._graphs

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.ntriples().count(b"\n")
        return self._count

    def ntriples(self) -> bytes:
        """Canonical N-Triples (RDF 1.1 N-Triples section 4) of the union, lines sorted."""
        if callable(self._union):
            self._union = self._union()
        if self._union is None:
            self._union = _joined(_union([_split(block) for _, block in self.graphs]))
        return self._union

    def nquads(self) -> bytes:
        """N-Quads: the graphs in IRI order, each graph's triples sorted. A line ends in
        ``" .\\n"`` and a literal never holds a raw newline, so the graph term goes in with one
        ``replace`` per graph."""
        return b"".join(
            block.replace(b" .\n", b" <" + name.encode() + b"> .\n") for name, block in self.graphs
        )

    def triples(self) -> Iterable[ox.Quad]:
        """The union as pyoxigraph quads (default graph), in canonical order."""
        return ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)

    def quads(self) -> Iterable[ox.Quad]:
        return ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS)


def graph_name(path: Path, root: Path | None = None) -> str:
    """The named graph of one source document (see the module docstring)."""
    root = root or resources.ontology_dir()
    try:
        relative = path.resolve().relative_to(root.resolve()).with_suffix("")
    except ValueError:
        relative = Path(path.stem)
    from urllib.parse import quote

    # RFC 3986 percent-encoding of what an IRI cannot hold as it is (a space in a file name)
    return GRAPH_BASE + quote(relative.as_posix(), safe="/")


def build(files: Sequence[Path] | None = None, progress: Progress = _quiet) -> Dataset:
    """The canonical dataset of ``files`` (default: :func:`cseckg.resources.graph_files`): read
    from the cache (:mod:`cseckg.export_cache`, keyed like the compiled store) when these files
    were prepared before, else prepared by :func:`prepare` and cached for the next export."""
    from cseckg import export_cache, store

    paths = tuple(files) if files is not None else tuple(resources.graph_files())
    try:
        key = store.fingerprint(paths, export_cache.SCHEMA, ox.__version__)
    except OSError:
        return prepare(paths, progress)  # a missing file: prepare() reports it in one line

    def remake() -> tuple[export_cache.Graphs, bytes]:
        again = prepare(paths)
        return again.graphs, again.ntriples()

    folder = store.cache_dir() / f"export-{key}"
    entry = export_cache.read(folder, remake)
    if entry is not None:
        return Dataset(entry.graphs, paths, entry.union, entry.count)
    dataset = prepare(paths, progress)
    try:
        if folder.exists():  # damaged: replaced whole
            import shutil

            shutil.rmtree(folder)
        fill = functools.partial(
            export_cache.write, graphs=dataset.graphs, union=dataset.ntriples(), count=len(dataset)
        )
        store.publish(folder, fill)
    except OSError:
        pass  # an unwritable cache costs time, never the export
    return dataset


def prepare(paths: Sequence[Path], progress: Progress = _quiet) -> Dataset:
    """Parse ``paths``, derive, canonicalise and sort.

    The work is done on N-Triples lines (bytes) rather than Python term objects, which cost
    microseconds each, and on whole lists at a time: only the lines that mention a blank node or
    a predicate of the derivation rules are parsed again into terms, each graph is sorted once,
    and the union merges the sorted graphs.
    """
    paths = tuple(paths)
    progress(f"reading {len(paths)} file(s)")
    per_graph, rule_lines, blank = _read(paths)
    progress("deriving SKOS labels and definitions")
    derived = _derive(rule_lines)
    if derived:
        per_graph.setdefault(DERIVED_GRAPH, []).extend(_split(derived))
        if b"_:" in derived:
            blank.add(DERIVED_GRAPH)
    progress("sorting triples")
    names = sorted(per_graph)
    graphs = [(name, _canonical(per_graph[name], name, name in blank)) for name in names]
    union = _union([lines for _, lines in graphs])
    blocks = [(name, _joined(lines)) for name, lines in graphs]
    return Dataset(blocks, paths, _joined(union), len(union))


def from_quads(quads: list[ox.Quad], name: str = DERIVED_GRAPH) -> Dataset:
    """A one-graph dataset of ``quads`` (for small documents such as the VoID description)."""
    return Dataset(((name, _joined(_canonical(_split(_ntriples(quads)), name))),))


# A graph's lines, as read (one graph may come from several files, so a line may repeat).
Lines = list[bytes]


def _read(paths: tuple[Path, ...]) -> tuple[dict[str, Lines], Lines, set[str]]:
    """Each graph's lines, the lines the derivation rules read (:data:`_RULE_MARKER`), and the
    graphs that may hold a blank node (one search through a file's text in C, not one per
    line)."""
    per_graph: dict[str, Lines] = {}
    rule_lines: Lines = []
    blank = set()
    errors = []
    for path in paths:
        fmt = formats.for_suffix(path)
        if fmt is not None and fmt.quads:
            errors.append(f"{path}: a source document holds triples; {fmt.name} is not read here")
            continue
        # A mapping set is not RDF: the triples derived from it belong to the derived graph.
        name = DERIVED_GRAPH if sssom.is_sssom(path) else graph_name(path)
        try:
            data = _file_ntriples(path, fmt)
        except InputError as err:
            errors.append(err.message)
            continue
        lines = _split(data)
        per_graph.setdefault(name, []).extend(lines)
        rule_lines.extend(filter(_RULE_MARKER.search, lines))  # a superset: literals may hold it
        if b"_:" in data:
            blank.add(name)
    if errors:
        raise graph.LoadError(errors)
    return per_graph, rule_lines, blank


def _file_ntriples(path: Path, fmt: formats.RdfFormat | None) -> bytes:
    """The N-Triples of one file. Turtle and N-Triples go straight from pyoxigraph's parser to
    its writer; anything else, and any file that fails, goes through
    :func:`cseckg.rdfio.read_quads` for its safety checks and one-line errors."""
    if fmt is not None and fmt.name in ("turtle", "ntriples"):
        try:
            parsed = ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt.oxigraph))
            data = _ntriples(parsed)
            if data:
                return data
        except (SyntaxError, OSError, ValueError):
            pass
    return _ntriples(rdfio.read_quads(path))


def _ntriples(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b""


def _split(data: bytes) -> Lines:
    """The lines of N-Triples ``data`` (each ends with a line break: the last piece is empty)."""
    return data.split(b"\n")[:-1]


_RULE_MARKER = re.compile(
    b"> <(?:" + b"|".join(re.escape(p.encode()) for p in _RULE_PREDICATES) + b")> "
)


def _derive(rule_lines: Lines) -> bytes:
    """The N-Triples of the triples :func:`cseckg.graph.derive` adds: the same rules over the
    triples they read, written by pyoxigraph straight from the query's answer. The lines are
    read leniently (no second validation of IRIs and language tags): pyoxigraph's writer made
    them from what its parser had validated."""
    store = ox.Store()
    if rule_lines:
        store.load(b"\n".join(rule_lines), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    answer = store.query(graph.DERIVATION_RULES)
    assert isinstance(answer, ox.QueryTriples)  # a CONSTRUCT query
    return answer.serialize(format=ox.RdfFormat.N_TRIPLES) or b""


def _canonical(lines: Lines, name: str, maybe_blank: bool = True) -> Lines:
    """``lines`` with blank nodes relabelled by :mod:`cseckg.canon`, distinct, sorted;
    ``maybe_blank`` False when no line holds ``_:``."""
    blank = [line for line in lines if b"_:" in line] if maybe_blank else []  # literals may too
    if blank:
        quads = list(ox.parse(b"\n".join(dict.fromkeys(blank)), format=ox.RdfFormat.N_TRIPLES))
        lines = [line for line in lines if b"_:" not in line]
        lines.extend(_split(_ntriples(canon.relabel(quads, name))))
    lines.sort()
    return _distinct(lines)


def _union(graphs: Sequence[Lines]) -> Lines:
    """The distinct lines of sorted ``graphs``, sorted: sorting them one after the other merges
    sorted runs (Timsort), and equal lines end up side by side."""
    if len(graphs) == 1:
        return graphs[0]
    lines = [line for lines in graphs for line in lines]
    lines.sort()
    return _distinct(lines)


def _distinct(ordered: Lines) -> Lines:
    """Sorted ``ordered`` without repeats: a line is kept when the next one differs (compared in
    C, with no Python code per line)."""
    following = itertools.chain(itertools.islice(ordered, 1, None), (None,))
    return list(itertools.compress(ordered, map(operator.ne, ordered, following)))


def _joined(lines: Lines) -> bytes:
    """``lines``, each ending with a line break (an empty last line, not a copy of the text)."""
    lines.append(b"")
    joined = b"\n".join(lines)
    lines.pop()
    return joined


# ---------------------------------------------------------------- writing


def serialize(dataset: Dataset, format_name: str, prefixes: dict[str, str] = PREFIXES) -> bytes:
    """``dataset`` in one format of :data:`cseckg.formats.FORMATS`."""
    fmt = formats.BY_NAME.get(format_name)
    if fmt is None:
        raise InputError(f"unknown format {format_name!r}; use one of {', '.join(formats.BY_NAME)}")
    if fmt.name == "ntriples":
        return dataset.ntriples()
    if fmt.name == "nquads":
        return dataset.nquads()
    try:
        return _write(dataset, fmt.name, prefixes)
    except ValueError as err:  # what a format cannot say, e.g. a predicate RDF/XML cannot name
        raise InputError(f"cannot write {fmt.name}: {err}") from None


def _write(dataset: Dataset, name: str, prefixes: dict[str, str]) -> bytes:
    from cseckg import jsonld, serializers

    if name == "jsonld":
        return jsonld.write_lines(dataset.ntriples())
    if name == "turtle":
        return serializers.turtle(dataset.ntriples(), prefixes)
    if name == "trig":
        return serializers.trig(dataset.nquads(), prefixes)
    if name == "rdfxml":
        return serializers.rdfxml(dataset.ntriples(), prefixes)
    raise InputError(f"no writer for {name}")  # a format added to the registry only


def format_for(name: str | None, output: Path | None) -> str:
    """The format to write: ``name`` when given, else the one the suffix of ``output`` implies
    (a trailing ``.gz`` is looked through), else Turtle."""
    if name is not None:
        if name not in formats.BY_NAME:
            known = ", ".join(formats.BY_NAME)
            raise InputError(f"--format {name}: unknown format; use one of {known}")
        return name
    if output is None:
        return "turtle"
    inner = output.with_suffix("") if output.suffix == ".gz" else output
    found = formats.for_suffix(inner)
    if found is None:
        raise InputError(
            f"cannot tell the format from the name {output.name!r}; use --format "
            f"(suffixes: {formats.suffix_list()})"
        )
    return found.name


@dataclass(frozen=True)
class ExportResult:
    """What :func:`run` wrote: the format, the file (None for ``data`` on stdout), the triple
    count and the bytes (``data`` is empty when written to a file)."""

    format: str
    path: Path | None
    triples: int
    size: int
    data: bytes = b""


def run(
    format_name: str | None,
    output: Path | None,
    files: Sequence[Path] | None = None,
    progress: Progress = _quiet,
) -> ExportResult:
    """Export the graph of ``files`` in one format to ``output`` (atomically; gzipped when the
    name ends in ``.gz``), or return the bytes when ``output`` is None."""
    from cseckg.sparql import write_atomically

    chosen = format_for(format_name, output)
    dataset = build(files, progress)
    progress(f"writing {chosen}")
    data = serialize(dataset, chosen)
    if output is None:
        return ExportResult(chosen, None, len(dataset), len(data), data)
    if output.suffix == ".gz":
        import gzip

        data = gzip.compress(data, compresslevel=6, mtime=0)
    write_atomically(output, data)
    return ExportResult(chosen, output, len(dataset), len(data))
