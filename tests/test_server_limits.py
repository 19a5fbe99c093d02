"""The limits of ``cseckg serve`` (:mod:`cseckg.server.limits`) on a real server process, with
real sockets on loopback: slow and idle clients are closed in the configured time, connection
counts in all and per address, per-client query concurrency (429 while another client is
served), the body cap (413, read by the client), and a trusted proxy's ``X-Forwarded-For``.
Each test opens a bounded number of connections and waits a bounded time."""

from __future__ import annotations

import concurrent.futures
import time
import urllib.parse

import pytest

from .server_process import running_server
from .sockets import Answer, ask, closed_after, connect, read_answer, request

HEADER, BODY, KEEP_ALIVE, SEND = 1.5, 1.5, 1.0, 2.0
SLACK = 2.0  # seconds of scheduling a busy 2-core machine may add to a timer
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BIG_FILE = 64 * 1024 * 1024  # bytes: more than loopback's socket buffers hold


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("limits")
    downloads = workdir / "release"
    downloads.mkdir()
    with (downloads / "big.bin").open("wb") as big:
        big.truncate(BIG_FILE)
    options = (
        *("--header-timeout", str(HEADER), "--body-timeout", str(BODY)),
        *("--keep-alive-timeout", str(KEEP_ALIVE), "--send-timeout", str(SEND)),
        *("--max-connections", "60", "--client-connections", "8", "--max-body", "4096"),
        *("--timeout", "3", "--downloads", str(downloads)),
    )
    with running_server(workdir, *options) as running:
        yield running


def test_half_a_header_is_answered_408_and_closed_in_time(server):
    clients = [connect(server.url, f"127.0.1.{n}") for n in range(1, 41)]
    started = time.monotonic()
    for sock in clients:
        sock.sendall(b"GET /concept/child HTTP/1.1\r\nHost: test\r\nAccept: text/tur")
    assert ask(server.url, "/health", "127.0.0.3").status == 200  # others are served meanwhile
    results = [closed_after(sock, started, HEADER + SLACK) for sock in clients]
    for sock in clients:
        sock.close()
    assert all(HEADER - 0.2 <= when <= HEADER + SLACK for when, _ in results), results
    assert all(sent.startswith(b"HTTP/1.1 408 ") for _, sent in results)


def test_a_header_sent_byte_by_byte_does_not_extend_the_deadline(server):
    with connect(server.url, "127.0.0.4") as sock:
        started = time.monotonic()
        for byte in b"GET / HTTP/1.1\r\nHost: test\r\nX-Slow: ":
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.1)
            if time.monotonic() - started > HEADER + SLACK:
                break
        when, sent = closed_after(sock, started, HEADER + SLACK)
    assert HEADER - 0.2 <= when <= HEADER + SLACK and sent.startswith(b"HTTP/1.1 408 ")


def test_a_connection_that_sends_nothing_is_closed(server):
    with connect(server.url, "127.0.0.5") as sock:
        when, sent = closed_after(sock, time.monotonic(), HEADER + SLACK)
    assert HEADER - 0.2 <= when <= HEADER + SLACK and sent == b""


def test_an_idle_keep_alive_connection_is_closed(server):
    with connect(server.url, "127.0.0.6") as sock:
        sock.sendall(request("/health"))
        assert read_answer(sock).status == 200
        when, _ = closed_after(sock, time.monotonic(), KEEP_ALIVE + SLACK)
    assert KEEP_ALIVE - 0.2 <= when <= KEEP_ALIVE + SLACK


def test_a_body_that_stops_coming_is_closed(server):
    with connect(server.url, "127.0.0.7") as sock:
        headers = {"Content-Type": "application/sparql-query", "Content-Length": "200"}
        sock.sendall(request("/sparql", headers, "POST") + b"ASK")
        when, sent = closed_after(sock, time.monotonic(), BODY + SLACK)
    assert BODY - 0.2 <= when <= BODY + SLACK and sent == b""
    assert ask(server.url, "/health", "127.0.0.7").status == 200


def test_a_client_that_reads_nothing_is_dropped(server):
    with connect(server.url, "127.0.0.8") as sock:
        sock.sendall(request("/download/big.bin"))
        started = time.monotonic()
        time.sleep(SEND + SLACK + 1)  # the server's buffers fill; it waits, then drops us
        when, received = closed_after(sock, started, 30)
    assert when < 30 and len(received) < BIG_FILE / 2, (when, len(received))


def test_connections_per_address_are_bounded(server):
    held = [connect(server.url, "127.0.0.9") for _ in range(8)]
    for sock in held:
        sock.sendall(b"GET / HTTP/1.1\r\n")
    try:
        refused = ask(server.url, "/health", "127.0.0.9")
        assert refused.status == 429 and refused.headers["retry-after"].isdigit()
        assert ask(server.url, "/health", "127.0.0.10").status == 200  # another address
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert ask(server.url, "/health", "127.0.0.9").status == 200  # counted out on close


def test_connections_in_all_are_bounded(server):
    held = []
    try:
        for n in range(1, 200):
            sock = connect(server.url, f"127.0.2.{n}")
            held.append(sock)
            sock.sendall(b"GET / HTTP/1.1\r\n")
            if len(held) >= 60:
                break
        time.sleep(0.3)
        refused = ask(server.url, "/health", "127.0.0.11")
        assert refused.status == 503 and refused.headers["retry-after"].isdigit()
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert ask(server.url, "/health", "127.0.0.11").status == 200


def _query(server, source: str, query: str) -> Answer:
    return ask(server.url, "/sparql?" + urllib.parse.urlencode({"query": query}), source)


def test_a_query_burst_gets_429_while_another_client_is_served(server):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        burst = [pool.submit(_query, server, "127.0.0.12", ENDLESS) for _ in range(6)]
        time.sleep(0.5)
        other = _query(server, "127.0.0.13", "ASK { ?s ?p ?o }")
        page = ask(server.url, "/concept/child", "127.0.0.12")
        answers = [f.result() for f in burst]
    assert other.status == 200 and page.status == 200
    statuses = sorted(a.status for a in answers)
    assert statuses == [429] * 5 + [503], statuses  # one ran to the time limit
    assert all(a.headers["retry-after"].isdigit() for a in answers)


def test_a_trusted_proxy_names_the_client_and_others_cannot(server):
    def forwarded(source: str, client: str) -> concurrent.futures.Future:
        path = "/sparql?" + urllib.parse.urlencode({"query": ENDLESS + f" # {client}"})
        return pool.submit(ask, server.url, path, source, headers={"X-Forwarded-For": client})

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        # through the proxy (127.0.0.1, trusted): two visitors, one query each
        proxied = [forwarded("127.0.0.1", "192.0.2.1"), forwarded("127.0.0.1", "192.0.2.2")]
        time.sleep(0.5)
        # not a proxy: its X-Forwarded-For is ignored, so a second query is its own second
        direct = [forwarded("127.0.0.14", "192.0.2.3")]
        time.sleep(0.3)
        direct.append(forwarded("127.0.0.14", "192.0.2.4"))
        statuses = [f.result().status for f in proxied + direct]
    assert statuses[:2] == [503, 503]  # both ran (or waited) to the time limit: none refused
    assert statuses[2:] == [503, 429]


def test_a_body_over_the_cap_gets_413_and_the_client_reads_it(server):
    body = b"x" * 16_000_000  # sent whole before reading: the server drops it, then closes
    with connect(server.url, "127.0.0.15") as sock:
        sock.sendall(request("/sparql", {"Content-Type": "application/sparql-query"}, "POST", body))
        answer = read_answer(sock)
    assert answer.status == 413 and b"4096" in answer.body


def test_a_chunked_body_over_the_cap_gets_413(server):
    chunk = b"x" * 1000
    encoded = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(10)) + b"0\r\n\r\n"
    headers = {"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"}
    with connect(server.url, "127.0.0.16") as sock:
        sock.sendall(request("/sparql", headers, "POST") + encoded)
        answer = read_answer(sock)
    assert answer.status == 413


@pytest.mark.parametrize("size", [20_000, 200_000])
def test_a_head_over_16_kib_gets_431(server, size):
    """Sent at once, as h11 alone would parse at any size."""
    answer = ask(server.url, "/concept/child", "127.0.0.17", headers={"X-Big": "x" * size})
    assert answer.status == 431
    assert (
        ask(server.url, "/concept/child", "127.0.0.17", headers={"X-Ok": "x" * 8000}).status == 200
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [("--header-timeout", "0"), ("--max-connections", "-1"), ("--trusted-proxies", "a.b")],
)
def test_a_bad_limit_is_one_line_and_exit_2(cli, option, value):
    result = cli("serve", option, value)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and option in result.output
