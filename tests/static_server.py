"""A static site served on loopback the way the site's nginx.conf serves it: ``/PATH`` answers
``PATH.html`` when there is one (Python's ``http.server``, in a thread, for the browser tests)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        local = Path(super().translate_path(path))
        page = local.with_name(local.name + ".html")
        return str(page) if not local.exists() and page.is_file() else str(local)

    def log_message(self, format: str, *args) -> None:  # quiet tests
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The base URL of ``folder`` served on 127.0.0.1, until the block ends."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
