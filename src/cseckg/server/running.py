"""Run the application of :func:`cseckg.server.app.create_app` with uvicorn, bounded by
:class:`.limits.Limits`: the guarded HTTP/1.1 protocol of :mod:`.connections` and uvicorn's own
keep-alive timeout and proxy headers (the addresses of ``--trusted-proxies`` may name the
client in ``X-Forwarded-For``; no one else can)."""

from __future__ import annotations

from cseckg.server.connections import protocol_for
from cseckg.server.limits import MAX_HEAD, Limits


def run(app, host: str, port: int, limits: Limits) -> None:
    """Serve ``app`` on ``host:port`` until interrupted."""
    import uvicorn

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol_for(limits),
        ws="none",
        timeout_keep_alive=limits.keep_alive_timeout,  # type: ignore[arg-type]
        h11_max_incomplete_event_size=MAX_HEAD,
        proxy_headers=True,
        forwarded_allow_ips=limits.trusted_proxies,
        log_level="warning",
        access_log=False,
    )
    uvicorn.Server(config).run()
