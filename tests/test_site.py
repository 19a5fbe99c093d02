"""``cseckg site``: the static copy (every link resolves, RDF per resource, rewrite rules), and
the shared pieces: content negotiation, IRI paths, the RDF description, the pictures and the
rule that an unverified text is never shown as a quotation."""

from __future__ import annotations

import html.parser
import json
import re

import pyoxigraph as ox
import pytest

from cseckg import formats, graph
from cseckg import trace as tracing
from cseckg.site import describe, paths, svg
from cseckg.site.indexes import hierarchy, instruments
from cseckg.site.pages import environment

BASE = "https://w3id.org/cseckg/"


@pytest.fixture(scope="module")
def site(tmp_path_factory, cli_runner=None):
    from typer.testing import CliRunner

    from cseckg.cli import app

    out = tmp_path_factory.mktemp("static") / "site"
    result = CliRunner().invoke(app, ["site", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "pages" in result.output
    return out


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name in ("href", "src", "action"):
            if found.get(name):
                self.links.append(found[name])


def test_every_internal_link_of_the_static_site_resolves(site):
    missing = set()
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text())
        for target in parser.links:
            if not target.startswith("/") or target.startswith("//"):
                assert not target.startswith(("http://", "https://")) or page.suffix == ".html"
                continue
            path = target.split("#")[0].split("?")[0]
            if path in ("/", "/sparql", "/search", "/.well-known/void"):  # server or rewrite rule
                continue
            candidates = [site / path.lstrip("/"), site / (path.lstrip("/") + ".html")]
            if not any(c.is_file() for c in candidates):
                missing.add(path)
    assert not missing, sorted(missing)[:20]


def test_static_site_has_rdf_per_resource_and_rewrite_rules(site):
    for suffix in formats.SUFFIX_MEDIA_TYPES:
        assert (site / f"concept/child{suffix}").is_file(), suffix
    assert "Content-Type: text/turtle" in (site / "concept/child.var").read_text()
    htaccess = (site / ".htaccess").read_text()
    assert "type-map" in htaccess and "RewriteRule" in htaccess
    assert "try_files" in (site / "nginx.conf").read_text()
    parsed = list(
        ox.parse((site / "instrument/crc/art-1.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    )
    assert parsed
    void = (site / ".well-known/void.ttl").read_bytes()
    assert b"void#Dataset" in void or b"void:Dataset" in void
    index = json.loads((site / "search-index.json").read_text())
    csam = next(d for d in index["docs"] if d["path"] == "/concept/child-sexual-abuse-material")
    assert csam["label"] == "child sexual abuse material" and "child pornography" in csam["keys"]
    assert "child pornography" in csam["texts"]["label_en"]
    assert index["forms"]["en"]["remuneration"] == "remuner"  # the server's English stem
    assert index["forms"]["de"]["kindern"] == "kind"


def test_static_pages_show_links_and_why_a_concept_has_no_definition(site):
    csam = (site / "concept/child-sexual-abuse-material.html").read_text()
    assert 'href="http://metadata.un.org/thesaurus/1000940"' in csam
    assert "UNBIS Thesaurus 1000940 CHILD PORNOGRAPHY</a>: close match" in csam
    survivor = (site / "concept/survivor.html").read_text()
    assert "No definition is recorded yet. No definition was seen." in survivor
    assert "Victims and Survivors’ Consultative Panel" in survivor
    assert "no single status given" in survivor  # the second edition's question, unanswered


def test_rebuilding_replaces_the_folder_whole(site):
    from cseckg import api

    (site / "stale.html").write_text("old")
    report = api.build_site(site)
    assert report.pages > 100 and not (site / "stale.html").exists()
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("", "text/html"),
        ("text/turtle, text/html;q=0.9", "text/turtle"),
        ("application/*", "application/ld+json"),
        ("text/*;q=0.5, text/html;q=0", "text/turtle"),
        ("image/png", None),
        ("*/*;q=0", None),
        ("nonsense", "text/html"),
        ("text/turtle;q=1.5", "text/html"),
    ],
)
def test_negotiate_follows_rfc_9110(accept, expected):
    assert formats.negotiate(accept, formats.PAGE_MEDIA_TYPES) == expected


@pytest.mark.parametrize(
    ("path", "iri", "media"),
    [
        ("/concept/child", BASE + "concept/child", None),
        ("/concept/child.ttl", BASE + "concept/child", "text/turtle"),
        (
            "/instrument/opsc/art-3/para-1/a.jsonld",
            BASE + "instrument/opsc/art-3/para-1/a",
            "application/ld+json",
        ),
        ("/ontology", BASE + "ontology", None),
    ],
)
def test_paths_map_to_iris(path, iri, media):
    found = paths.target(path)
    assert found is not None and (found.iri, found.media_type) == (iri, media)
    assert paths.path_of(iri) == path.split(".")[0] or media


@pytest.mark.parametrize(
    "path", ["/concept/../etc", "/concept/Child", "/concept/", "//x", "/a/%2e%2e"]
)
def test_paths_that_cannot_be_ours(path):
    assert paths.target(path) is None


def test_description_is_bounded_to_what_the_resource_owns():
    store = graph.shipped().store
    found = describe.describe(store, BASE + "concept/child")
    subjects = {t.subject.value for t in found if isinstance(t.subject, ox.NamedNode)}
    assert BASE + "concept/child" in subjects
    assert all(s == BASE + "concept/child" or s.startswith(BASE + "label/") for s in subjects)
    assert not describe.exists(store, BASE + "concept/no-such-thing")


def test_pictures_are_accessible_svg():
    store = graph.shipped().store
    for picture in (svg.hierarchy(hierarchy(store)), svg.timeline(instruments(store))):
        assert picture.startswith("<svg") and 'role="img"' in picture and "<title" in picture
        assert re.search(r'<a href="/(concept|instrument)/', picture)
        ox_free = re.sub(r'xmlns="[^"]+"', "", picture)
        assert "http" not in ox_free  # nothing fetched from anywhere


def test_unverified_texts_are_never_shown_as_quotes():
    template = environment().from_string(
        '{% import "macros.html" as m %}{{ m.text(body, "en", v) }}'
    )
    unverified = tracing.Verification("unverified", "", "", "")
    verified = tracing.Verification("official source", "https://example.org/", "2026-11-29", "")
    flagged = template.render(body="a text", v=unverified)
    assert "<blockquote" not in flagged and "Unverified, not a quotation" in flagged
    assert "<blockquote" in template.render(body="a text", v=verified)
    assert "<blockquote" not in template.render(body="a text", v=None)


def test_pages_cite_in_every_style(site):
    page = (site / "instrument" / "opsc" / "art-2" / "c.html").read_text(encoding="utf-8")
    styles = re.findall(r'<details(?: open)? data-style="([a-z-]+)">', page)
    assert styles == ["oscola", "bluebook", "apa", "csl-json", "bibtex", "ris"]
    blocks = re.findall(r'<pre class="citation">(.*?)</pre>', page, flags=re.S)
    import html as html_module

    oscola, _, _, csl, *_ = (html_module.unescape(b) for b in blocks)
    assert oscola.endswith("(OPSC) art 2(c)")
    assert json.loads(csl)[0]["section"] == "art. 2(c)"
    assert "schema:pageStart" in page  # what is left out is said
    definition = (site / "definition" / "crc-art-1.html").read_text(encoding="utf-8")
    assert '<section class="cite"' in definition


def test_pages_tell_a_related_provision_from_a_source(site):
    page = (
        site / "concept" / "sexual-exploitation-of-children-in-travel-and-tourism.html"
    ).read_text(encoding="utf-8")
    assert "<dt>related provision, not its source</dt>" in page
    assert "<dt>source provision</dt><dd>none: in the author's own words</dd>" in page
    assert "unwto-global-code-of-ethics/art-2/para-3" in page
    crc = (site / "concept" / "child.html").read_text(encoding="utf-8")
    assert "<dt>source provision</dt><dd><a" in crc and "related provision" not in crc


def test_instrument_page_shows_signature_and_transposition_dates(site):
    cets = (site / "instrument" / "coe-trafficking-convention.html").read_text(encoding="utf-8")
    assert '<dt>opened for signature</dt><dd>Warsaw, <time datetime="2005-05-16">' in cets
    directive = (site / "instrument" / "directive-2011-93-eu.html").read_text(encoding="utf-8")
    assert '<dt>transposition deadline</dt><dd><time datetime="2013-12-18">' in directive
