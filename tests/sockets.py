"""Raw loopback sockets for the tests of connection limits: a client at its own loopback address
(127.0.0.2, 127.0.0.3 ...: all of 127.0.0.0/8 is loopback on Linux, so each test client is a
distinct address, as visitors are), and small HTTP/1.1 exchanges whose every byte the test
chooses."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass


def connect(url: str, source: str = "127.0.0.2", timeout: float = 30) -> socket.socket:
    """A TCP connection to ``url``'s host and port, from ``source``."""
    host, port = url.removeprefix("http://").split("/")[0].split(":")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((source, 0))
    sock.connect((host, int(port)))
    return sock


def request(path: str, headers: dict | None = None, method: str = "GET", body: bytes = b""):
    """The bytes of one request (``Host`` added; ``Content-Length`` when there is a body)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: test"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict
    body: bytes


def read_answer(sock: socket.socket) -> Answer:
    """One response read to its end (``Content-Length``) or to the connection's end."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response head: {data[:200]!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for name, _, value in (line.partition(":") for line in lines[1:]):
        key = name.strip().lower()  # repeated fields combine (RFC 9110, section 5.3)
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    status = int(lines[0].split()[1])
    if status == 304 or headers.get("content-length") == "0":
        return Answer(status, headers, b"")
    if headers.get("transfer-encoding") == "chunked":
        return Answer(status, headers, _dechunk(sock, body))
    length = int(headers.get("content-length", -1))
    while length < 0 or len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return Answer(status, headers, body)


def _dechunk(sock: socket.socket, data: bytes) -> bytes:
    """A chunked body (RFC 9112, section 7.1) read to its last chunk; trailers are dropped."""
    body = b""
    while True:
        while b"\r\n" not in data:
            data += _more(sock)
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        while len(data) < size + 2:
            data += _more(sock)
        if size == 0:
            return body
        body, data = body + data[:size], data[size + 2 :]


def _more(sock: socket.socket) -> bytes:
    chunk = sock.recv(65536)
    if not chunk:
        raise ConnectionError("closed inside a chunked body")
    return chunk


def ask(url: str, path: str, source: str = "127.0.0.2", **kwargs) -> Answer:
    """One request on a fresh connection from ``source``."""
    with connect(url, source) as sock:
        sock.sendall(request(path, **kwargs))
        return read_answer(sock)


def closed_after(sock: socket.socket, started: float, within: float) -> tuple[float, bytes]:
    """Read until the server closes ``sock`` (at most ``within`` seconds from ``started``);
    return when it closed, counted from ``started``, and what it sent before."""
    sock.settimeout(max(0.1, started + within - time.monotonic()))
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    except TimeoutError:
        return float("inf"), received
    return time.monotonic() - started, received
