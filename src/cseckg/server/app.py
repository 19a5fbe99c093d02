"""The ASGI application of ``cseckg serve``: dereferenceable IRIs, HTML pages, a read-only
SPARQL endpoint, named queries as a JSON API, release downloads and the VoID description.

Every IRI ``https://w3id.org/cseckg/PATH`` is served at ``/PATH``: the representation is chosen
from ``Accept`` by q-values (RFC 9110, section 12.5.1) among HTML, Turtle, JSON-LD, RDF/XML and
N-Triples, or forced by a suffix (``.ttl`` ...); responses carry ``Vary: Accept`` (section
12.5.5) and ``Content-Location``; an unacceptable request gets 406, an unknown IRI 404. A
deprecated IRI still answers 200, with its replacement on the page, in the data and as a
``Link: rel="successor-version"`` header (RFC 5829).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cseckg import formats
from cseckg.server import pages as page_routes
from cseckg.server import queries as query_routes
from cseckg.server.cache import Cache
from cseckg.server.limits import Limits
from cseckg.server.middleware import BodyCap, ClientQueries
from cseckg.server.responses import not_modified, respond, text_error
from cseckg.site import describe, paths
from cseckg.site.pages import STATIC, Pages


@dataclass
class Settings:
    """What ``cseckg serve`` lets an operator choose."""

    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # rows or triples a query may return
    max_query_bytes: int = 100_000
    workers: int = 2
    worker_memory_mb: int = 2048
    downloads: Path | None = None
    base_url: str = "http://127.0.0.1:8000"
    files: tuple[Path, ...] = field(default_factory=tuple)
    limits: Limits = field(default_factory=Limits)


class Site:
    """The state the routes share: the store, the page renderer, the cache and the query pool."""

    def __init__(self, settings: Settings) -> None:
        from cseckg import resources, store

        self.settings = settings
        if not settings.files:
            settings.files = tuple(resources.graph_files())
        self.store = store.open_graph(settings.files).store
        self.pages = Pages(self.store, server=True)
        self.cache = Cache()
        self.pool = None  # started by the lifespan

    def rendered(self, key: tuple, make) -> Response:
        return respond(self.cache.get(key, make))


async def resource(request: Request) -> Response:
    """Any IRI of the graph, by its path: negotiated representation, or 404 / 406."""
    site: Site = request.app.state.site
    found = paths.target(request.url.path)
    if found is None:
        return page_routes.not_found(request)
    iri = describe.canonical(site.store, found.iri)
    if not describe.exists(site.store, iri):
        return page_routes.not_found(request)
    media = found.media_type or formats.negotiate(
        request.headers.get("accept"), formats.PAGE_MEDIA_TYPES
    )
    headers = {"Vary": "Accept", **_successor(site, iri)}
    if media is None:
        available = ", ".join(formats.PAGE_MEDIA_TYPES)
        return text_error(
            406, f"not acceptable; this resource is available as {available}", headers
        )
    if found.media_type is None:
        suffix = next(s for s, m in formats.SUFFIX_MEDIA_TYPES.items() if m == media)
        headers["Content-Location"] = (paths.path_of(found.iri) or "") + suffix
    rendered = site.cache.get((iri, media), lambda: _make(site, iri, media))
    if not_modified(request.headers.get("if-none-match"), rendered.etag):
        return Response(status_code=304, headers={"ETag": rendered.etag, **headers})
    return respond(rendered, headers=headers)


def _make(site: Site, iri: str, media: str) -> tuple[bytes, str]:
    if media == formats.HTML:
        return site.pages.resource(iri).encode(), media
    return describe.serialize(describe.describe(site.store, iri), media), media


def _successor(site: Site, iri: str) -> dict:
    deprecation = site.cache.get(("deprecation", iri), lambda: (_replacements(site, iri), ""))
    return {"Link": deprecation.body.decode()} if deprecation.body else {}


def _replacements(site: Site, iri: str) -> bytes:
    from cseckg.site import data

    found = data.deprecation(site.store, iri) if iri != paths.ONTOLOGY else None
    if not found:
        return b""
    links = [f'<{paths.link(r.iri)}>; rel="successor-version"' for r in found.replaced_by]
    return ", ".join(links).encode()


async def health(request: Request) -> Response:
    site: Site = request.app.state.site
    replaced = site.pool.replaced if site.pool else 0
    return JSONResponse({"status": "ok", "triples": len(site.store), "workers_replaced": replaced})


def create_app(settings: Settings | None = None) -> Starlette:
    """The application; the query workers start with the ASGI lifespan."""
    settings = settings or Settings()
    site = Site(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        from cseckg.server.workers import Pool

        site.pool = Pool(settings.files, settings.workers, settings.worker_memory_mb)
        await site.pool.start()
        try:
            yield
        finally:
            await site.pool.close()

    routes = [
        *page_routes.routes(),
        *query_routes.routes(),
        Route("/health", health),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    if settings.downloads is not None:
        routes.append(
            Mount("/download", StaticFiles(directory=str(settings.downloads)), name="download")
        )
    routes.append(Route("/{path:path}", resource, methods=["GET", "HEAD"]))
    middleware = [
        Middleware(BodyCap, limits=settings.limits),
        Middleware(ClientQueries, limits=settings.limits),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=middleware,
        exception_handlers=page_routes.HANDLERS,
    )
    app.state.site = site
    return app
