"""A bounded in-memory cache of rendered responses: the graph is read-only while the server
runs, so a page or a serialisation made once is reused until the process ends."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    etag: str  # a strong validator (RFC 9110, section 8.8.3)


class Cache:
    """Least recently used entries are dropped past ``max_entries`` or ``max_bytes``."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 256 * 1024 * 1024) -> None:
        self.entries: OrderedDict[tuple, Rendered] = OrderedDict()
        self.max_entries, self.max_bytes, self.size = max_entries, max_bytes, 0

    def peek(self, key: tuple) -> Rendered | None:
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def get(self, key: tuple, make: Callable[[], tuple[bytes, str]]) -> Rendered:
        found = self.peek(key)
        return found if found is not None else self.put(key, *make())

    def put(self, key: tuple, body: bytes, media_type: str) -> Rendered:
        rendered = Rendered(body, media_type, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        self.entries[key] = rendered
        self.size += len(body)
        while len(self.entries) > self.max_entries or self.size > self.max_bytes:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)
        return rendered
