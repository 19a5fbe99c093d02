"""``cseckg serve`` as a real process on loopback: dereferenceable IRIs, content negotiation
(RFC 9110, section 12.5.1), pages, deprecated IRIs, downloads, VoID, CORS and named queries."""

from __future__ import annotations

import json
import re
import textwrap

import pyoxigraph as ox
import pytest

from .server_process import running_server

BASE = "https://w3id.org/cseckg/"
RDF = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
DEPRECATED = textwrap.dedent("""\
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX owl: <http://www.w3.org/2002/07/owl#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
    <https://w3id.org/cseckg/concept/old-term> a skos:Concept ;
        skosxl:prefLabel <https://w3id.org/cseckg/label/en/old-term> ;
        owl:deprecated true ;
        dcterms:isReplacedBy <https://w3id.org/cseckg/concept/new-term> ;
        skos:changeNote "Merged into new term."@en .
    <https://w3id.org/cseckg/label/en/old-term> a skosxl:Label ; skosxl:literalForm "old term"@en .
    <https://w3id.org/cseckg/concept/new-term> a skos:Concept ;
        skosxl:prefLabel <https://w3id.org/cseckg/label/en/new-term> .
    <https://w3id.org/cseckg/label/en/new-term> a skosxl:Label ; skosxl:literalForm "new term"@en .
""")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("server")
    downloads = workdir / "release"
    downloads.mkdir()
    (downloads / "cseckg.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    (workdir / "secret.txt").write_text("do not serve")
    with running_server(workdir, "--downloads", str(downloads)) as running:
        yield running


def triples(body: bytes, media: str) -> set:
    return {
        (q.subject, q.predicate, q.object) for q in ox.parse(body, format=RDF[media], base_iri=BASE)
    }


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/n-triples", "application/n-triples"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("text/*;q=0.3, text/turtle;q=0.8, text/html;q=0.1", "text/turtle"),
        ("*/*", "text/html"),
        ("", "text/html"),
    ],
)
def test_accept_header_chooses_the_representation(server, accept, expected):
    status, headers, _ = server.get("/concept/child", {"Accept": accept} if accept else {})
    assert status == 200
    assert headers["content-type"].split(";")[0] == expected
    assert "Accept" in headers["vary"]
    suffix = {
        v: k
        for k, v in {
            ".html": "text/html",
            ".ttl": "text/turtle",
            ".jsonld": "application/ld+json",
            ".rdf": "application/rdf+xml",
            ".nt": "application/n-triples",
        }.items()
    }[expected]
    assert headers["content-location"] == "/concept/child" + suffix


def test_every_rdf_format_carries_the_same_triples(server):
    found = {}
    for media in RDF:
        status, headers, body = server.get("/concept/child", {"Accept": media})
        assert status == 200, media
        found[media] = triples(body, media)
    first = found["text/turtle"]
    assert all(value == first for value in found.values())
    child = ox.NamedNode(BASE + "concept/child")
    label = ox.NamedNode(BASE + "label/fr/enfant")
    assert (child, ox.NamedNode("http://www.w3.org/2008/05/skos-xl#prefLabel"), label) in first
    # the description includes the SKOS-XL label resources the concept owns
    assert any(s == label for s, _, _ in first)


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld", ".rdf", ".nt", ".html"])
def test_a_suffix_overrides_accept(server, suffix):
    status, headers, _ = server.get("/instrument/crc/art-1" + suffix, {"Accept": "text/html"})
    assert status == 200
    expected = {
        ".ttl": "text/turtle",
        ".jsonld": "application/ld+json",
        ".rdf": "application/rdf+xml",
        ".nt": "application/n-triples",
        ".html": "text/html",
    }[suffix]
    assert headers["content-type"].split(";")[0] == expected


def test_provision_description_includes_its_texts(server):
    _, _, body = server.get("/instrument/crc/art-1.ttl")
    found = triples(body, "text/turtle")
    text_of = ox.NamedNode(BASE + "ontology#textOf")
    texts = {s for s, p, _ in found if p == text_of}
    assert ox.NamedNode(BASE + "instrument/crc/art-1/text/en") in texts
    assert any(
        s == ox.NamedNode(BASE + "instrument/crc/art-1/text/fr") and p.value.endswith("#text")
        for s, p, _ in found
    )


def test_unacceptable_types_get_406_and_unknown_iris_404(server):
    status, headers, body = server.get("/concept/child", {"Accept": "image/png"})
    assert status == 406 and b"text/turtle" in body and "Accept" in headers["vary"]
    assert (
        server.get("/concept/child", {"Accept": "text/turtle;q=0, text/html;q=0, */*;q=0"})[0]
        == 406
    )
    assert server.get("/concept/no-such-thing")[0] == 404
    assert server.get("/concept/no-such-thing.ttl")[0] == 404
    assert server.get("/concept/Child")[0] == 404


def test_etag_gives_304(server):
    _, headers, _ = server.get("/concept/child.ttl")
    status, _, body = server.get("/concept/child.ttl", {"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""


@pytest.mark.parametrize(
    ("template", "status"),
    [("W/{tag}", 304), ('"other", {tag}', 304), ("*", 304), ('"other"', 200), ("", 200)],
)
def test_if_none_match_compares_weakly(server, template, status):
    """RFC 9110, 13.1.2: a tag a gzip proxy weakened (W/) still matches; lists and * work."""
    tag = server.get("/concept/child.ttl")[1]["etag"]
    header = template.replace("{tag}", tag)
    assert (
        server.get("/concept/child.ttl", {"If-None-Match": header} if header else {})[0] == status
    )


def test_head_answers_without_a_body(server):
    status, headers, body = server.get("/concept/child", {"Accept": "text/turtle"}, method="HEAD")
    assert status == 200 and body == b"" and headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/concept/child", "Definitions"),
        ("/instrument/crc", "Provisions cited"),
        ("/instrument/crc/art-1", "Definitions stated here"),
        ("/definition/crc-art-1", "CRC art. 1"),
        ("/label/en/child-pornography", "Statements about this resource"),
        ("/advice/luxembourg-guidelines-child-pornography", "Statements about this resource"),
        ("/ontology", "Object properties"),
        ("/", "Legal definitions"),
        ("/concepts", "Concept hierarchy"),
        ("/instruments", "Instruments on a time line"),
        ("/terminology", "Terminology guide"),
        ("/jurisdictions", "Jurisdictions, in the order of the chain"),
        ("/jurisdiction/lu", "What binds Luxembourg, as sources state it"),
        (
            "/instrument/lu-code-penal/art-383ter",
            "http://data.legilux.public.lu/eli/etat/leg/code/penal/art_383ter",
        ),
        ("/sparql", "Named queries"),
        ("/downloads", "cseckg.ttl"),
        ("/search?q=child+pornography", "child sexual abuse material"),
    ],
)
def test_pages_render_with_landmarks_and_embedded_json_ld(server, path, expected):
    status, headers, body = server.get(path, {"Accept": "text/html"})
    html = body.decode()
    assert status == 200, html[:500]
    assert expected in html
    for landmark in (
        "<header",
        "<main",
        "<footer",
        '<nav aria-label="Main"',
        'role="search"',
        'lang="en"',
    ):
        assert landmark in html, landmark
    assert "default-src 'none'" in headers["content-security-policy"]
    fetched = re.sub(r'<link rel="canonical"[^>]*>', "", html)  # canonical is a name, not fetched
    assert not re.search(r'<(?:link|script|img)[^>]+(?:src|href)="https?://', fetched), "external"
    if path.startswith(
        ("/concept/", "/instrument/", "/definition/", "/label/", "/advice/", "/ontology")
    ):
        embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert embedded is not None
        assert ox.parse(embedded.group(1).encode(), format=ox.RdfFormat.JSON_LD)


def test_concept_page_shows_labels_per_language_and_advice(server):
    html = server.get("/concept/child-sexual-abuse-material")[2].decode()
    assert 'data-set-lang="fr"' in html and "Terminology advice" in html
    assert "<blockquote" in html  # verified definitions are quotations
    link = (
        '<a href="http://eurovoc.europa.eu/6553" rel="external">EuroVoc 6553 child pornography</a>'
    )
    assert link + ": close match" in html
    assert (
        "(as reported by INTERPOL)" in html  # an edition's advice names its reporter
        and "ECPAT International, Terminology and acronyms" in html  # its own advice, its own page
        and "Terminology Guidelines, second edition (2025)" in html
    )


def test_organisation_page_shows_its_wikidata_link(server):
    html = server.get("/organisation/council-of-europe")[2].decode()
    link = '<a href="http://www.wikidata.org/entity/Q8908" rel="external">'
    assert link + "Wikidata Q8908 Council of Europe</a>: same as" in html


def test_deprecated_iris_resolve_and_show_their_replacement(tmp_path):
    extra = tmp_path / "deprecated.ttl"
    extra.write_text(DEPRECATED)
    with running_server(tmp_path, "--workers", "1", env={"CSECKG_GRAPH": str(extra)}) as server:
        status, headers, body = server.get("/concept/old-term")
        assert status == 200
        assert "Deprecated" in body.decode() and "/concept/new-term" in body.decode()
        assert headers["link"] == '</concept/new-term>; rel="successor-version"'
        status, _, body = server.get("/concept/old-term.ttl")
        assert b"isReplacedBy" in body and b"deprecated" in body


def test_downloads_are_served_without_path_traversal(server):
    status, _, body = server.get("/download/cseckg.ttl")
    assert status == 200 and body.startswith(b"<urn:a>")
    for path in (
        "/download/../secret.txt",
        "/download/%2e%2e/secret.txt",
        "/download/..%2fsecret.txt",
        "/download/%2e%2e%2fsecret.txt",
        "/download//etc/passwd",
        "/download/nothing.ttl",
    ):
        status, _, body = server.get(path)
        assert status == 404 and b"do not serve" not in body, path


def test_void_is_served_and_names_the_sparql_endpoint(server):
    status, headers, body = server.get("/.well-known/void", {"Accept": "text/turtle"})
    assert status == 200
    found = triples(body, "text/turtle")
    predicates = {p.value for _, p, _ in found}
    assert "http://rdfs.org/ns/void#sparqlEndpoint" in predicates
    assert "http://rdfs.org/ns/void#triples" in predicates
    assert any(o == ox.NamedNode(server.url + "/download/cseckg.ttl") for _, _, o in found)
    assert server.get("/.well-known/void", {"Accept": "application/ld+json"})[0] == 200


def test_release_void_is_preferred_when_present(tmp_path):
    release = tmp_path / "release"
    release.mkdir()
    (release / "void.ttl").write_text(
        "<https://w3id.org/cseckg/dataset> a <http://rdfs.org/ns/void#Dataset> ; "
        '<http://purl.org/dc/terms/title> "from the release" .\n'
    )
    with running_server(tmp_path, "--workers", "1", "--downloads", str(release)) as server:
        assert b"from the release" in server.get("/.well-known/void")[2]


def test_cors_on_get(server):
    for path in (
        "/concept/child.ttl",
        "/sparql?query=ASK%7B%7D",
        "/query/stats",
        "/.well-known/void",
    ):
        assert server.get(path)[1].get("access-control-allow-origin") == "*", path


def test_named_queries_as_json_api(server):
    status, _, body = server.get("/query")
    listed = json.loads(body)
    assert status == 200 and {"name", "title", "params", "url"} <= set(listed[0])
    status, _, body = server.get("/query/definitions-in-language?lang=fr")
    assert status == 200, body
    answer = json.loads(body)
    assert answer["rows"] and all(row["lang"] == "fr" for row in answer["rows"] if "lang" in row)
    assert server.get("/query/no-such-query")[0] == 404
    assert server.get("/query/stats.rq")[0] == 404
    assert server.get("/query/stats?nosuchparam=1")[0] == 400


def test_pages_offer_a_cite_block_in_every_style(server):
    html = server.get("/instrument/palermo-protocol/art-3/a")[2].decode()
    styles = re.findall(r'<details(?: open)? data-style="([a-z-]+)">', html)
    assert styles == ["oscola", "bluebook", "apa", "csl-json", "bibtex", "ris"]
    assert "2237 UNTS 319 (Palermo Protocol) art 3(a)</pre>" in html
