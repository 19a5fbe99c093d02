"""The index pages (home, concepts, instruments, terminology, search, downloads), the VoID
description and the error pages of the server; each page is rendered once and cached."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cseckg import formats
from cseckg.errors import CseckgError


def _site(request: Request):
    return request.app.state.site


def _page(name: str, render):
    async def endpoint(request: Request) -> Response:
        site = _site(request)
        return site.rendered((name,), lambda: (render(site.pages).encode(), formats.HTML))

    return endpoint


FILTERS = ("kind", "lang", "instrument", "jurisdiction")


async def search(request: Request) -> Response:
    """``/search?q=&kind=&lang=&instrument=&jurisdiction=``: the engine of ``cseckg search``
    (:func:`cseckg.search.search`); a bad query or filter answers 400 with the same message."""
    from cseckg import search as searching

    site = _site(request)
    params = request.query_params
    text = params.get("q", "")[:200]
    result, error = None, ""
    if text.strip():
        chosen = {k: params[k][:200] for k in FILTERS if params.get(k)}
        try:
            result = searching.search(text, limit=50, files=site.settings.files, **chosen)
        except CseckgError as err:
            error = err.message
    html = site.pages.search(text, result, error)
    from cseckg.server.responses import HTML_POLICY, SECURITY_HEADERS

    headers = {**SECURITY_HEADERS, "Content-Security-Policy": HTML_POLICY}
    status = 400 if error else 200
    return Response(html, status, headers, media_type="text/html; charset=utf-8")


async def downloads(request: Request) -> Response:
    site = _site(request)
    folder = site.settings.downloads
    files = []
    if folder is not None and folder.is_dir():
        files = [(p.name, _size(p.stat().st_size)) for p in sorted(folder.iterdir()) if p.is_file()]
    return site.rendered(
        ("downloads",), lambda: (site.pages.downloads(files).encode(), formats.HTML)
    )


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


VOID_TYPES = tuple(m for m in formats.PAGE_MEDIA_TYPES if m != formats.HTML)


async def void(request: Request) -> Response:
    """``/.well-known/void`` (VoID, section 6.3): Turtle unless ``Accept`` asks for another type."""
    from cseckg.server.responses import text_error
    from cseckg.site import describe
    from cseckg.site import void as voiding

    site = _site(request)
    media = formats.negotiate(request.headers.get("accept"), VOID_TYPES)
    if media is None:
        return text_error(
            406, f"not acceptable; available as {', '.join(VOID_TYPES)}", {"Vary": "Accept"}
        )

    def make():
        settings = site.settings
        triples = voiding.released(settings.downloads) or voiding.minimal(
            site.store,
            settings.base_url.rstrip("/") + "/sparql",
            settings.downloads,
            settings.base_url,
        )
        return describe.serialize(triples, media), media

    response = site.rendered(("void", media), make)
    response.headers["Vary"] = "Accept"
    return response


async def search_index(request: Request) -> Response:
    from cseckg.site import static_site

    site = _site(request)
    return site.rendered(
        ("search-index",), lambda: (static_site.search_index(site.store), "application/json")
    )


def not_found(request: Request) -> Response:
    from cseckg.server.responses import text_error

    site = _site(request)
    accept = request.headers.get("accept")
    if formats.negotiate(accept, (formats.HTML, "text/plain")) == formats.HTML:
        html = site.pages.error("Not found", f"Nothing is published at {request.url.path[:200]}.")
        return Response(
            html,
            404,
            {"Vary": "Accept", "X-Content-Type-Options": "nosniff"},
            media_type="text/html; charset=utf-8",
        )
    return text_error(404, f"not found: {request.url.path[:200]}", {"Vary": "Accept"})


async def _http_error(request: Request, exc: Exception) -> Response:
    from cseckg.server.responses import text_error

    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return not_found(request)
    return text_error(exc.status_code, exc.detail, dict(exc.headers or {}))


HANDLERS = {HTTPException: _http_error}


def routes() -> list[Route]:
    return [
        Route("/", _page("index", lambda p: p.index())),
        Route("/concepts", _page("concepts", lambda p: p.concepts())),
        Route("/instruments", _page("instruments", lambda p: p.instruments())),
        Route("/jurisdictions", _page("jurisdictions", lambda p: p.jurisdictions())),
        Route("/terminology", _page("terminology", lambda p: p.terminology())),
        Route("/search", search),
        Route("/downloads", downloads),
        Route("/search-index.json", search_index),
        Route("/.well-known/void", void),
    ]
