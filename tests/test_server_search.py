"""``/search`` on a real ``cseckg serve`` process: the engine of ``cseckg search`` (ranking,
snippets with ``<mark>``, filters, typo correction) and 400 for a bad query."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from .server_process import running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("search-server")) as running:
        yield running


def _page(server, **params):
    status, _, body = server.get("/search?" + urllib.parse.urlencode(params))
    return status, body.decode()


def _links(html: str) -> list[str]:
    """The links of the hits, in order."""
    hits = re.search(r'<ol class="hits">(.*?)</ol>', html, re.S)
    return re.findall(r'<li><a href="([^"]+)">', hits.group(1)) if hits else []


def test_search_ranks_and_marks_the_matched_words(server):
    status, html = _page(server, q="remunerated")
    assert status == 200
    assert "/definition/opsc-art-2-b" in _links(html)[:3]
    assert "for <mark>remuneration</mark>" in html
    assert re.search(r"<p role=\"status\">\d+ results for “remunerated”", html)


def test_search_filters_and_languages(server):
    _, html = _page(server, q="enfant", lang="fr", kind="definition")
    links = _links(html)
    assert links and all(link.startswith("/definition/") for link in links)
    assert all(link.endswith("-fr") for link in links)
    _, html = _page(server, q="child", instrument="OPSC", kind="provision")
    assert _links(html) and all(link.startswith("/instrument/opsc/") for link in _links(html))


def test_search_corrects_typos_and_suggests_labels(server):
    _, html = _page(server, q="chlid")
    assert "No match for “chlid”; showing results for “child”" in html
    assert _links(html)[0] == "/concept/child"
    assert 'Did you mean: <a href="/search?q=child">child</a>' in html


def test_bad_query_is_400_with_the_message(server):
    status, html = _page(server, q='"sale of')
    assert status == 400
    assert "bad query: a quotation mark is not closed" in html
    status, html = _page(server, q="child", kind="treaty")
    assert status == 400 and "--kind &#39;treaty&#39;: not a kind" in html
