"""ASGI middleware of ``cseckg serve``: per-client query concurrency (429) and the body size cap
(413), the bounds of :mod:`.limits` that need the parsed request.

The client is ``scope["client"]``: uvicorn's proxy-headers middleware, which runs first, has
already replaced a trusted proxy's address with the address its ``X-Forwarded-For`` names, so
behind nginx each visitor has a count of their own (RFC 6585, section 4: 429 Too Many Requests,
with ``Retry-After`` as RFC 9110, section 10.2.3 defines it)."""

from __future__ import annotations

from collections import Counter

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from cseckg.server.limits import RETRY_AFTER, Limits
from cseckg.server.responses import text_error

QUERY_PATHS = ("/sparql", "/query/")  # the routes that occupy a query worker


def _is_query(path: str) -> bool:
    return path == QUERY_PATHS[0] or path.startswith(QUERY_PATHS[1])


class ClientQueries:
    """At most ``limits.client_queries`` requests per client in flight on the query routes."""

    def __init__(self, app, limits: Limits) -> None:
        self.app, self.most = app, limits.client_queries or 1
        self.running: Counter[str] = Counter()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not _is_query(scope["path"]):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("",))[0]
        if self.running[client] >= self.most:
            response = text_error(
                429,
                f"too many queries at once from one client (at most {self.most}); "
                "wait for your running queries to finish",
                {"Retry-After": str(RETRY_AFTER)},
            )
            await response(scope, receive, send)
            return
        self.running[client] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running[client] -= 1
            if not self.running[client]:
                del self.running[client]


class BodyCap:
    """A body over ``limits.max_body`` bytes is refused with 413: at once when its
    ``Content-Length`` says so, else as soon as the bytes read pass the cap. A client that
    went away while sending is not an error of ours: nothing is answered or logged."""

    def __init__(self, app, limits: Limits) -> None:
        self.app, self.most = app, limits.max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.most:
            await self._too_large()(scope, receive, send)
            return
        try:
            await self.app(scope, self._counting(receive), send)
        except ClientDisconnect:
            return

    def _counting(self, receive):
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.most:  # raised into the route; Starlette answers it (pages.HANDLERS)
                raise HTTPException(413, self._message(), {"Connection": "close"})
            return message

        return counted

    def _too_large(self):
        return text_error(413, self._message(), {"Connection": "close"})

    def _message(self) -> str:
        return f"the request body is larger than {self.most} bytes"
