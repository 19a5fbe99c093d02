"""Connection-level bounds of ``cseckg serve``: uvicorn's HTTP/1.1 protocol (h11) with the
timeouts and connection counts it lacks.

uvicorn (0.55) arms one timer, keep-alive, and only after a response; a connection that never
completes a request head is never closed (its ``timeout_keep_alive`` is cancelled by every byte
received; uvicorn issue #157 lists "--timeout-request-start" as not done). So a client sending
half a header holds its connection for good. :class:`GuardedProtocol` adds, per connection:

* a **head timer**: the request line and headers must be complete ``header_timeout`` seconds
  after the connection opened or after the first byte of the next request (``408``, closed);
* a **body timer**: a declared body must be complete ``body_timeout`` seconds after its head;
* an **idle timer** where uvicorn sets none (between requests after a body was read late);
* a **send timer**: a response the client does not read for ``send_timeout`` seconds is dropped;
* a **head size** bound: a request line and headers over :data:`.limits.MAX_HEAD` bytes get
  ``431`` (h11's own bound holds only for a head that arrives in pieces);
* **counts**: past ``max_connections`` open connections a new one is answered ``503``, past
  ``client_connections`` from one address ``429`` (both with ``Retry-After``) and closed;
  trusted proxies (``--trusted-proxies``) carry many visitors and are not counted per address;
* a **lingering close** (as nginx's ``lingering_close``): a connection closed while the client
  is still sending (a refused connection, a ``413`` before the body) first shuts down its
  writing side and drops what arrives for up to :data:`.limits.LINGER` seconds, so the client
  reads the answer instead of a reset.
"""

from __future__ import annotations

import asyncio
import http
import re
from collections import Counter

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from cseckg.server.limits import (
    LINGER,
    MAX_HEAD,
    RETRY_AFTER,
    Limits,
    is_trusted,
    trusted_networks,
)


class Budget:
    """The open connections of one server, in total and per client address."""

    def __init__(self, limits: Limits) -> None:
        self.limits, self.trusted = limits, trusted_networks(limits.trusted_proxies)
        self.open, self.lingering = 0, 0
        self.by_client: Counter[str] = Counter()

    def admit(self, host: str) -> tuple[int, str] | None:
        """Count the connection in, or say why not (status, message)."""
        if self.open >= self.limits.max_connections:
            return 503, f"the server has {self.open} connections, its limit; try again later"
        counted = not is_trusted(host, self.trusted)
        if counted and self.by_client[host] >= self.limits.client_connections:
            return 429, f"at most {self.limits.client_connections} connections from one client"
        self.open += 1
        if counted:
            self.by_client[host] += 1
        return None

    def release(self, host: str) -> None:
        self.open -= 1
        if host in self.by_client:
            self.by_client[host] -= 1
            if not self.by_client[host]:
                del self.by_client[host]


def refusal(status: int, message: str) -> bytes:
    """A whole HTTP/1.1 response that closes the connection."""
    body = (message + "\n").encode()
    head = (
        f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: {RETRY_AFTER}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


REQUEST_TIMEOUT = refusal(408, "the request head did not arrive in time")
HEAD_TOO_LARGE = refusal(431, f"the request line and headers are larger than {MAX_HEAD} bytes")
HEAD_END = re.compile(rb"\r?\n\r?\n")


class LingeringTransport:
    """The transport uvicorn writes to; its ``close`` lingers while the client still sends."""

    def __init__(self, real, protocol: GuardedProtocol) -> None:
        self.real, self.protocol = real, protocol

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def write(self, data: bytes) -> None:
        if not self.protocol.lingering:
            self.real.write(data)

    def close(self) -> None:
        if not self.real.is_closing() and self.protocol.conn.their_state is h11.SEND_BODY:
            self.protocol.linger(self.real)
        elif not self.protocol.lingering:
            self.real.close()

    def is_closing(self) -> bool:
        return self.protocol.lingering or self.real.is_closing()


class GuardedProtocol(H11Protocol):
    """uvicorn's h11 protocol with the bounds of :mod:`.limits`; see the module docstring.
    :func:`protocol_for` makes a subclass bound to one server's limits and budget."""

    limits: Limits
    budget: Budget

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.real, self.host, self.refused, self.lingering = transport, "", False, False
        self.read_timer: asyncio.TimerHandle | None = None
        self.send_timer: asyncio.TimerHandle | None = None
        self.linger_timer: asyncio.TimerHandle | None = None
        self.phase: str | None = None
        peer = transport.get_extra_info("peername")
        self.host = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        refused = self.budget.admit(self.host)
        if refused is not None:
            self.refused = True
            transport.write(refusal(*refused))
            self.linger(transport)
            return
        super().connection_made(LingeringTransport(transport, self))  # type: ignore[arg-type]
        self._arm("head", self.limits.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self.read_timer, self.send_timer, self.linger_timer):
            if timer is not None:
                timer.cancel()
        if self.lingering:
            self.budget.lingering -= 1
        if self.refused:
            return
        self.budget.release(self.host)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.lingering or self.refused:
            return  # read and dropped: the client is told already
        if self.conn.their_state is h11.IDLE and self._head_too_large(data):
            self.real.write(HEAD_TOO_LARGE)
            self.linger(self.real)
            return
        super().data_received(data)
        self._follow_request()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.lingering:
            self._follow_request()

    def shutdown(self) -> None:
        if self.lingering:
            self.real.abort()
            return
        super().shutdown()

    def pause_writing(self) -> None:
        if self.refused:
            return
        super().pause_writing()
        self.send_timer = self.loop.call_later(self.limits.send_timeout, self.real.abort)

    def resume_writing(self) -> None:
        if self.refused:
            return
        super().resume_writing()
        if self.send_timer is not None:
            self.send_timer.cancel()
            self.send_timer = None

    def linger(self, transport) -> None:
        """Stop writing, drop what the client still sends, close within :data:`LINGER` s."""
        if self.lingering:
            return
        if self.budget.lingering >= self.limits.max_connections:
            transport.abort()  # too many already: no courtesy under a flood
            return
        self.lingering = True
        self.budget.lingering += 1
        if self.read_timer is not None:
            self.read_timer.cancel()
        if transport.can_write_eof():
            transport.write_eof()  # sent after what is buffered: the client reads the answer
        transport.resume_reading()
        self.linger_timer = self.loop.call_later(LINGER, transport.abort)

    def _head_too_large(self, data: bytes) -> bool:
        """h11 bounds only a head that arrives in pieces (``max_incomplete_event_size``); a
        whole head read at once is parsed at any size. So the head is measured here."""
        pending = self.conn.trailing_data[0] + data
        end = HEAD_END.search(pending, 0, MAX_HEAD + 4)
        return (end.start() if end else len(pending)) > MAX_HEAD

    def _follow_request(self) -> None:
        """Arm the timer that fits where the request is: head, body, idle, or none while the
        application works (its own bound is the query timeout) and writes."""
        state = self.conn.their_state
        if state is h11.IDLE and self.conn.trailing_data[0]:
            self._arm("head", self.limits.header_timeout)
        elif state is h11.IDLE and self.timeout_keep_alive_task is None:
            self._arm("idle", self.limits.keep_alive_timeout)  # uvicorn armed none here
        elif state is h11.SEND_BODY:
            self._arm("body", self.limits.body_timeout)
        else:  # the application works (bounded by the query timeout), or keep-alive runs
            self._disarm()

    def _arm(self, phase: str, seconds: float) -> None:
        if self.phase == phase:
            return  # a deadline, not an inactivity timer: new bytes do not move it
        self._disarm()
        self.phase = phase
        self.read_timer = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self.read_timer is not None:
            self.read_timer.cancel()
        self.read_timer, self.phase = None, None

    def _expired(self) -> None:
        if self.real.is_closing():
            return
        if self.phase == "head" and self.conn.trailing_data[0]:
            self.real.write(REQUEST_TIMEOUT)  # RFC 9110, 15.5.9: the server closes, and says so
        self.real.close()


def protocol_for(limits: Limits) -> type[GuardedProtocol]:
    """A protocol class for uvicorn's ``http=`` setting, counting into one fresh budget."""
    return type("CseckgProtocol", (GuardedProtocol,), {"limits": limits, "budget": Budget(limits)})
