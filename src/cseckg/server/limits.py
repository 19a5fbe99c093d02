"""What ``cseckg serve`` allows one client and all clients together, before a request reaches a
route: the bounds an operator sets with ``cseckg serve --max-connections ...``.

Each bound has one documented answer (RFC 9110, RFC 6585):

* more than ``max_connections`` open connections: the new one gets ``503`` with ``Retry-After``
  and is closed (:mod:`.connections`);
* more than ``client_connections`` from one address: ``429`` with ``Retry-After``, closed;
* more than ``client_queries`` requests to ``/sparql`` or ``/query/NAME`` from one client at
  once (by default half the query workers, at least one): ``429`` with ``Retry-After``
  (:mod:`.middleware`); the client is the address behind a trusted proxy's ``X-Forwarded-For``;
* a body larger than ``max_body`` bytes: ``413``; a request line and headers larger than
  :data:`MAX_HEAD` bytes: ``431``;
* a request head (request line and headers) not complete ``header_timeout`` seconds after the
  connection opened or the request's first byte: ``408`` and closed; a body not complete
  ``body_timeout`` seconds after its head: closed; nothing sent between requests for
  ``keep_alive_timeout`` seconds: closed; a response the client does not read for
  ``send_timeout`` seconds: closed.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from dataclasses import dataclass

from cseckg.errors import InputError

RETRY_AFTER = 2  # seconds, in the Retry-After header of a 429 or of a refused connection
LINGER = 5.0  # seconds a refused connection is read (and dropped) so the client reads the answer
MAX_HEAD = 16 * 1024  # bytes of request line and headers (then 431), as nginx's buffers in deploy/


@dataclass(frozen=True)
class Limits:
    max_connections: int = 512
    client_connections: int = 32
    client_queries: int | None = None  # None: half the query workers, at least one
    max_body: int = 1024 * 1024  # bytes
    header_timeout: float = 10.0  # seconds
    body_timeout: float = 30.0
    keep_alive_timeout: float = 5.0
    send_timeout: float = 30.0
    trusted_proxies: str = "127.0.0.1,::1"  # whose X-Forwarded-For names the client

    def for_workers(self, workers: int) -> Limits:
        """These limits with ``client_queries`` chosen for ``workers`` query workers when unset:
        half of them, so that one client never holds every worker."""
        if self.client_queries is not None:
            return self
        return dataclasses.replace(self, client_queries=max(1, workers // 2))

    def check(self) -> Limits:
        """The limits, or :class:`InputError` naming the first option out of range."""
        for option, value in (
            ("--max-connections", self.max_connections),
            ("--client-connections", self.client_connections),
            ("--client-queries", 1 if self.client_queries is None else self.client_queries),
            ("--max-body", self.max_body),
            ("--header-timeout", self.header_timeout),
            ("--body-timeout", self.body_timeout),
            ("--keep-alive-timeout", self.keep_alive_timeout),
            ("--send-timeout", self.send_timeout),
        ):
            if not value > 0:
                raise InputError(f"{option} must be positive, not {value}")
        trusted_networks(self.trusted_proxies)
        return self


def trusted_networks(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``127.0.0.1,::1`` or networks (``10.0.0.0/8``); ``*`` trusts every address."""
    if text.strip() == "*":
        return (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
    try:
        return tuple(
            ipaddress.ip_network(item.strip(), strict=False) for item in text.split(",") if item
        )
    except ValueError as err:
        raise InputError(f"--trusted-proxies: {err}") from None


def is_trusted(host: str, networks) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a Unix socket or an unknown peer is an ordinary client
    return any(address in network for network in networks)
