"""The headers and small responses every route of ``cseckg serve`` shares.

Kept apart from :mod:`.app` so that the route modules (:mod:`.pages`, :mod:`.queries`) and the
middleware (:mod:`.middleware`) import them without importing the application that imports them
(no import cycle between ``server.app`` and its routes)."""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response

from cseckg import formats

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Allow-Origin": "*",
    "Referrer-Policy": "no-referrer",
}
HTML_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def respond(rendered, status: int = 200, headers: dict | None = None) -> Response:
    """A cached rendering (:class:`.cache.Rendered`) with its validator and caching headers."""
    base = {**SECURITY_HEADERS, "ETag": rendered.etag, "Cache-Control": "public, max-age=300"}
    if rendered.media_type == formats.HTML:
        base["Content-Security-Policy"] = HTML_POLICY
    media = rendered.media_type + (
        "; charset=utf-8" if rendered.media_type.startswith("text/") else ""
    )
    return Response(rendered.body, status, {**base, **(headers or {})}, media_type=media)


def text_error(status: int, message: str, headers: dict | None = None) -> Response:
    """A one-line plain-text answer for an error ``status``."""
    return PlainTextResponse(message + "\n", status, {**SECURITY_HEADERS, **(headers or {})})


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """``If-None-Match`` by weak comparison (RFC 9110, section 13.1.2): a proxy that compresses
    a response (nginx's gzip) weakens its tag to ``W/"..."``, and that tag still matches."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag.removeprefix("W/") in tags
