"""``deploy/``: Debian's nginx with the shipped configurations, on loopback, in front of a real
``cseckg serve`` and serving a real ``cseckg site`` folder; and the systemd unit's command line
run as it is written . Asserted: content negotiation through the proxy gives the server's bytes
(and compresses them, with revalidation still answered 304); clients that send half a header
are closed by nginx's ``client_header_timeout``; a burst from one client gets 429 with
``Retry-After`` while a second client is served; the static site answers ``Accept:
text/turtle`` with Turtle. Client addresses are distinct loopback addresses (127.0.0.x)."""

from __future__ import annotations

import concurrent.futures
import gzip
import re
import time
import urllib.parse

import pyoxigraph as ox
import pytest

from cseckg import api

from .nginx import DEPLOY, check, config_from_deploy, main_config, require_nginx, running_nginx
from .server_process import free_port, running_server
from .sockets import ask, closed_after, connect

SITE_ROOT = "/srv/cseckg/site"
FUSEKI = "127.0.0.1:3030/cseckg/sparql"
UPSTREAM = "server 127.0.0.1:8000;"
ACCEPTS = ("text/turtle", "text/html", "application/ld+json", "application/rdf+xml", "")
SLACK = 3.0  # seconds a busy machine may add to nginx's timer
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_nginx()
    with running_server(tmp_path_factory.mktemp("upstream"), "--timeout", "3") as running:
        yield running


def _port(server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def _nginx(folder, server_file: str, replacements: dict, upstream_port: int):
    port = free_port()
    http = config_from_deploy(
        folder, "cseckg-http.conf", {UPSTREAM: f"server 127.0.0.1:{upstream_port};"}
    )
    site = config_from_deploy(
        folder, server_file, {"listen 80;": f"listen 127.0.0.1:{port};", **replacements}
    )
    return main_config(folder, [http, site]), port  # fmt: skip


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, server):
    config, port = _nginx(tmp_path_factory.mktemp("proxy"), "cseckg-proxy.conf", {}, _port(server))
    with running_nginx(config, port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site") / "site"
    api.build_site(folder)
    folder.chmod(0o755)
    return folder


@pytest.fixture(scope="module")
def static(tmp_path_factory, site_folder, server):
    folder = tmp_path_factory.mktemp("static")
    replacements = {SITE_ROOT: str(site_folder)}
    config, port = _nginx(folder, "cseckg-static.conf", replacements, _port(server))
    with running_nginx(config, port):
        yield f"http://127.0.0.1:{port}"


def _headers(accept: str, **more: str) -> dict:
    return {**({"Accept": accept} if accept else {}), **more}


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize(
    "path",
    ["/concept/child", "/instrument/crc", "/.well-known/void", "/", "/concept/child.nt"],
)
def test_negotiation_through_the_proxy_gives_the_servers_bytes(server, proxy, path, accept):
    if path == "/.well-known/void" and accept in ("text/html", ""):
        accept = "text/turtle"  # VoID is RDF only
    direct = ask(server.url, path, "127.0.0.1", headers=_headers(accept))
    proxied = ask(proxy, path, "127.0.0.1", headers=_headers(accept))
    assert proxied.status == direct.status == 200
    assert proxied.body == direct.body
    for name in ("content-type", "etag", "cache-control", "content-location", "link"):
        assert proxied.headers.get(name) == direct.headers.get(name), name
    assert "Accept" in proxied.headers.get("vary", "")


def test_sparql_through_the_proxy_gives_the_servers_bytes(server, proxy):
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    for accept in ("application/sparql-results+json", "text/csv"):
        direct = ask(server.url, path, "127.0.0.1", headers={"Accept": accept})
        proxied = ask(proxy, path, "127.0.0.1", headers={"Accept": accept})
        assert proxied.status == direct.status == 200 and proxied.body == direct.body


def test_the_proxy_compresses_and_still_revalidates(server, proxy):
    headers = {"Accept": "text/turtle", "Accept-Encoding": "gzip"}
    direct = ask(server.url, "/concept/child", "127.0.0.1", headers={"Accept": "text/turtle"})
    zipped = ask(proxy, "/concept/child", "127.0.0.1", headers=headers)
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == direct.body
    assert "Accept-Encoding" in zipped.headers["vary"]
    tag = zipped.headers["etag"]  # weakened by the compression: W/"..."
    again = ask(proxy, "/concept/child", "127.0.0.1", headers={**headers, "If-None-Match": tag})
    assert again.status == 304 and again.body == b""


def _header_timeout() -> float:
    text = (DEPLOY / "cseckg-http.conf").read_text()
    return float(re.search(r"^client_header_timeout (\d+)s;", text, re.M).group(1))  # type: ignore[union-attr]


def test_half_a_header_is_closed_by_the_proxy(proxy):
    timeout = _header_timeout()
    clients = [connect(proxy, f"127.0.3.{n}") for n in range(1, 31)]
    started = time.monotonic()
    for sock in clients:
        sock.sendall(b"GET /concept/child HTTP/1.1\r\nHost: test\r\nAccept: text/tur")
    assert ask(proxy, "/concept/child", "127.0.0.3").status == 200  # others are served
    results = [closed_after(sock, started, timeout + SLACK) for sock in clients]
    for sock in clients:
        sock.close()
    assert all(timeout - 0.5 <= when <= timeout + SLACK for when, _ in results), results


def test_a_burst_from_one_client_gets_429_while_another_is_served(proxy):
    def query(source: str, n: int):
        text = f"ASK {{ ?s ?p {n} }}"  # distinct queries: none answered from the cache
        return ask(proxy, "/sparql?" + urllib.parse.urlencode({"query": text}), source)

    with concurrent.futures.ThreadPoolExecutor(30) as pool:
        burst = [pool.submit(query, "127.0.0.2", n) for n in range(30)]
        other = query("127.0.0.4", 100)
        page = ask(proxy, "/concept/child", "127.0.0.2")
        answers = [f.result() for f in burst]
    assert other.status == 200 and page.status == 200
    refused = [a for a in answers if a.status == 429]
    assert len(refused) >= 30 - 12, [a.status for a in answers]  # 5/s, burst 10, 1 s at most
    assert all(a.headers.get("retry-after", "").isdigit() for a in refused)
    assert {a.status for a in answers} <= {200, 429}


def test_behind_the_proxy_the_server_counts_each_visitor(proxy):
    """nginx sets X-Forwarded-For; the server trusts it from 127.0.0.1 only, so visitors do not
    share one count (A's second query is refused by the server, B's is not)."""
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

    def query(source: str, text: str):
        return ask(proxy, "/sparql?" + urllib.parse.urlencode({"query": text}), source)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        running = pool.submit(query, "127.0.0.5", endless)  # runs to the 3 s limit
        time.sleep(0.5)
        second = query("127.0.0.5", "ASK { ?s ?p 1 }")
        other = query("127.0.0.6", "ASK { ?s ?p 2 }")
        first = running.result()
    assert first.status == 503 and other.status == 200
    assert second.status == 429 and b"too many queries at once" in second.body


def test_the_static_site_answers_turtle(static, site_folder, server):
    turtle = ask(static, "/concept/child", "127.0.0.1", headers={"Accept": "text/turtle"})
    assert turtle.status == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.body == (site_folder / "concept" / "child.ttl").read_bytes()
    parsed = list(ox.parse(turtle.body, format=ox.RdfFormat.TURTLE))
    assert any(q.subject.value == "https://w3id.org/cseckg/concept/child" for q in parsed)
    assert "Accept" in turtle.headers["vary"]
    served = ask(server.url, "/concept/child", "127.0.0.1", headers={"Accept": "text/turtle"})
    assert turtle.body == served.body  # the same description as the live server's


@pytest.mark.parametrize(
    ("path", "accept", "media"),
    [
        ("/concept/child", "text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
        ("/concept/child", "", "text/html"),
        ("/concept/child", "application/ld+json", "application/ld+json"),
        ("/concept/child", "application/rdf+xml", "application/rdf+xml"),
        ("/concept/child", "application/n-triples", "application/n-triples"),
        ("/concept/child.ttl", "text/html", "text/turtle"),
        ("/.well-known/void", "", "text/turtle"),
        ("/", "", "text/html"),
    ],
)
def test_the_static_site_negotiates(static, path, accept, media):
    answer = ask(static, path, "127.0.0.1", headers=_headers(accept))
    assert answer.status == 200 and answer.headers["content-type"].startswith(media)


@pytest.mark.parametrize("path", ["/nginx.conf", "/.htaccess", "/concept/child.var"])
def test_the_static_site_hides_its_configuration(static, path):
    assert ask(static, path, "127.0.0.1").status == 404


def test_the_fuseki_configuration_proxies_only_queries(tmp_path, site_folder, server):
    """Fuseki is not packaged by Debian: ``cseckg serve``'s /sparql (the same SPARQL 1.1
    Protocol) stands where Fuseki's query service would, to test nginx's side of it."""
    endpoint = f"127.0.0.1:{_port(server)}/sparql"
    replacements = {SITE_ROOT: str(site_folder), FUSEKI: endpoint}
    config, port = _nginx(tmp_path, "cseckg-fuseki.conf", replacements, _port(server))
    with running_nginx(config, port):
        url = f"http://127.0.0.1:{port}"
        path = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
        answer = ask(url, path, "127.0.0.1", headers={"Accept": "text/csv"})
        assert answer.status == 200 and answer.body.startswith(b"n\r\n")
        assert ask(url, "/sparql", "127.0.0.1", method="PUT", body=b"x").status == 403
        turtle = ask(url, "/concept/child", "127.0.0.1", headers={"Accept": "text/turtle"})
        assert turtle.headers["content-type"].startswith("text/turtle")


def test_every_deploy_file_passes_nginx_t(tmp_path):
    require_nginx()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "nginx.conf").write_text(_site_fragment())
    for name in ("cseckg-proxy.conf", "cseckg-static.conf", "cseckg-fuseki.conf"):
        folder = tmp_path / name.removesuffix(".conf")
        folder.mkdir()
        site = {SITE_ROOT: str(tmp_path / "site")} if name != "cseckg-proxy.conf" else {}
        config, _ = _nginx(folder, name, site, 8000)
        checked = check(config)
        assert checked.returncode == 0, checked.stderr


def _site_fragment() -> str:
    from cseckg.site.static_site import NGINX

    return NGINX
