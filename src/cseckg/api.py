"""The façade every front end calls: the CLI now, the HTTP server later.

Each function takes plain Python values, returns a frozen dataclass and raises
:class:`cseckg.errors.CseckgError` (one-line message, exit code) for bad input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported for the annotations only: the read-only commands start faster
    from cseckg.fmt import FmtReport
    from cseckg.search import SearchResult
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
    """Run a named query (or SPARQL text) over the shipped graph; rows of rdflib terms, see
    :mod:`cseckg.sparql.records`."""
    from cseckg.sparql import records

    return records.run(name_or_sparql, bindings or {})


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


def trace(term: str, *, jurisdiction: str | None = None):
    """term -> concept -> definitions -> provisions -> instruments, with terminology advice; with
    ``jurisdiction`` (a code such as "LU"), also the chain from treaty to that State's law."""
    from cseckg import store

    if jurisdiction is None:  # the chain's modules are imported only when asked for
        from cseckg import trace as _trace

        return _trace.trace(store.shipped().store, term)
    from cseckg import chain

    return chain.traced(store.shipped().store, term, jurisdiction)


def compare(concept: str, *, lang: str | None = "en", jurisdiction: str | None = None):
    """A concept's definitions side by side, and for ``jurisdiction`` ("LU,DE,FR") those States'
    provisions, with the conditions each sets, read from the data."""
    from cseckg import compare as _compare
    from cseckg import store

    return _compare.compare(store.shipped().store, concept, lang, jurisdiction)


def search(
    text: str,
    *,
    lang: str | None = None,
    limit: int = 20,
    kind: str | None = None,
    instrument: str | None = None,
    jurisdiction: str | None = None,
) -> SearchResult:
    """Ranked full-text search over labels, definitions and provision texts; see
    :mod:`cseckg.search` for the query language and :mod:`cseckg.fulltext` for the engine."""
    from cseckg import search as _search

    return _search.search(
        text, lang=lang, limit=limit, kind=kind, instrument=instrument, jurisdiction=jurisdiction
    )


def cite(resource: str, *, style: str = "oscola"):
    """A citation of an instrument, a provision or a definition in one style (OSCOLA, Bluebook,
    APA, CSL-JSON, BibTeX, RIS), made from verified data; see :mod:`cseckg.citation`."""
    from cseckg import citation, store

    return citation.cite(store.shipped().store, resource, style)


def show(resource: str):
    """Everything the graph says about one resource (an IRI, a CURIE or a label)."""
    from cseckg import show as _show
    from cseckg import store

    return _show.show(store.shipped().store, resource)


def export(
    format_name: str | None = None,
    output: Path | str | None = None,
    *,
    files: Sequence[Path | str] | None = None,
    progress=None,
):
    """Export the shipped graph (or ``files``) in one RDF format; see :mod:`cseckg.export`.

    ``output`` None returns the bytes in the result; the format defaults to the suffix of
    ``output``, else Turtle. ``progress`` receives one short message per step.
    """
    from cseckg import export as _export

    paths = None if files is None else [Path(p) for p in files]
    target = None if output in (None, "-") else Path(output)
    return _export.run(format_name, target, paths, progress or _export._quiet)


def release(
    out: Path | str = "dist",
    *,
    files: Sequence[Path | str] | None = None,
    history: Path | str | None = None,
    record: bool = False,
    progress=None,
):
    """Build a release folder (every format, VoID/DCAT, SHA256SUMS, change list); see
    :mod:`cseckg.release`. ``record`` also keeps the snapshot and IRIs in ``releases/``."""
    from cseckg import export as _export
    from cseckg import release as _release

    paths = None if files is None else [Path(p) for p in files]
    return _release.release(
        Path(out),
        paths,
        history=None if history is None else Path(history),
        record=record,
        progress=progress or _export._quiet,
    )


def web_app(
    *,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int = 2,
    downloads: Path | str | None = None,
    base_url: str = "http://127.0.0.1:8000",
    limits=None,
):
    """The ASGI application of ``cseckg serve`` (needs the ``serve`` extra); see
    :mod:`cseckg.server`. Queries run ``timeout`` seconds at most, return ``max_rows`` at most;
    ``limits`` (:class:`cseckg.server.limits.Limits`) bound what each client may ask."""
    from cseckg.errors import InputError

    if timeout <= 0 or max_rows < 1 or workers < 1:
        raise InputError("--timeout, --max-rows and --workers must be positive")
    folder = None if downloads is None else Path(downloads)
    if folder is not None and not folder.is_dir():
        raise InputError(f"--downloads {folder}: no such folder")
    try:
        from cseckg.server.app import Settings, create_app
        from cseckg.server.limits import Limits
    except ImportError as err:
        raise _serve_extra_missing(err) from None
    settings = Settings(timeout, max_rows, workers=workers, downloads=folder, base_url=base_url)
    settings.limits = (limits or Limits()).for_workers(workers).check()
    return create_app(settings)


def run_server(app, *, host: str, port: int, limits=None) -> None:
    """Serve ``app`` (from :func:`web_app`) on ``host:port`` until interrupted, bounded by
    ``limits`` (connections, timeouts; see :mod:`cseckg.server.connections`)."""
    from cseckg.server.limits import Limits

    try:
        from cseckg.server.running import run
    except ImportError as err:
        raise _serve_extra_missing(err) from None
    run(app, host, port, (limits or Limits()).check())


def build_site(out: Path | str, *, base_url: str = ""):
    """Write the pages, per-resource RDF files and rewrite configurations as a static site."""
    from cseckg import store

    try:
        from cseckg.site import static_site
    except ImportError as err:
        raise _serve_extra_missing(err) from None
    return static_site.build(store.shipped().store, Path(out), base_url)


def _serve_extra_missing(err: ImportError):
    from cseckg.errors import NotSupportedError

    return NotSupportedError(f"{err.name} is not installed: pip install 'cseckg[serve]'")
