"""``cseckg site --out DIR``: the server's pages as static files, for any static host.

Each resource gets ``PATH.html`` and its RDF description as ``PATH.ttl``, ``.jsonld``, ``.rdf``
and ``.nt``; the index pages, the stylesheet and script, a search index for in-browser search
and the VoID description are written beside them, with two rewrite configurations that do the
content negotiation on the host (:data:`HTACCESS` for Apache httpd, :data:`NGINX` for nginx).
The site is built in a temporary folder next to ``DIR`` and moved into place at the end, so a
failed build leaves ``DIR`` as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cseckg import formats, lookup
from cseckg.errors import InputError
from cseckg.site import describe, paths
from cseckg.site.pages import STATIC, Pages

RDF_SUFFIXES = {s: m for s, m in formats.SUFFIX_MEDIA_TYPES.items() if m != formats.HTML}
SUBJECTS = """
SELECT DISTINCT ?s WHERE { ?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "https://w3id.org/cseckg/")
  && !STRSTARTS(STR(?s), "https://w3id.org/cseckg/ontology")) }
"""
INDEX_PAGES = (
    "index",
    "concepts",
    "instruments",
    "jurisdictions",
    "terminology",
    "search",
    "downloads",
)

# Apache httpd: each resource has a type map (PATH.var, mod_negotiation) listing its files with
# their media types and source qualities; Apache picks one by the Accept header's q-values
# (HTML first on a tie). Extensionless requests are rewritten to the type map.
HTACCESS = """\
# cseckg static site: content negotiation for Apache httpd
# (needs mod_rewrite, mod_negotiation and mod_headers)
Options -Indexes -MultiViews
AddHandler type-map .var
AddType "text/turtle; charset=utf-8" .ttl
AddType application/ld+json .jsonld
AddType application/rdf+xml .rdf
AddType application/n-triples .nt
DirectoryIndex index.html
Header always append Vary Accept
Header always set Access-Control-Allow-Origin "*"
Header always set X-Content-Type-Options "nosniff"
RewriteEngine On
RewriteRule ^\\.well-known/void$ .well-known/void.ttl [L,T=text/turtle]
RewriteCond %{REQUEST_FILENAME}.var -f
RewriteRule ^(.+)$ $1.var [L]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [L]
"""
TYPE_QUALITY = {".html": "1.0", ".ttl": "0.9", ".jsonld": "0.8", ".rdf": "0.7", ".nt": "0.7"}


def type_map(iri: str) -> str:
    """An Apache type map for one resource (mod_negotiation, "Type Map" files)."""
    name = paths.file_of(iri, "").rsplit("/", 1)[-1]
    entries = [f"URI: {name}\n"]
    for suffix, media in formats.SUFFIX_MEDIA_TYPES.items():
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        entries.append(
            f"URI: {name}{suffix}\nContent-Type: {media}{charset}; qs={TYPE_QUALITY[suffix]}\n"
        )
    return "\n".join(entries)


# nginx has no content negotiation of its own: the rewrite module reads Accept (without
# q-values) into a suffix and try_files picks the file. Written with `set` and `if`, which a
# server block may hold (a `map` may not), so the file is included as it is
# (deploy/nginx/cseckg-static.conf does; tests/test_deploy_nginx.py serves it with nginx).
NGINX = """\
# cseckg static site: include inside a server { } block whose root is this folder.
# Approximate negotiation: nginx does not weigh q-values; a client naming an RDF type and not
# text/html gets that type, everyone else gets HTML. Suffixes (.ttl ...) always work.
set $cseckg_suffix .html;
if ($http_accept ~* "application/n-triples") { set $cseckg_suffix .nt; }
if ($http_accept ~* "application/rdf\\+xml") { set $cseckg_suffix .rdf; }
if ($http_accept ~* "application/ld\\+json") { set $cseckg_suffix .jsonld; }
if ($http_accept ~* "text/turtle") { set $cseckg_suffix .ttl; }
if ($http_accept ~* "text/html") { set $cseckg_suffix .html; }
types {
    text/html html; text/turtle ttl; application/ld+json jsonld;
    application/rdf+xml rdf; application/n-triples nt; application/json json;
    text/css css; text/javascript js; image/svg+xml svg;
}
charset utf-8;
charset_types text/turtle text/css text/javascript application/json;
location / {
    add_header Vary Accept always;
    add_header Access-Control-Allow-Origin * always;
    add_header X-Content-Type-Options nosniff always;
    try_files $uri $uri$cseckg_suffix $uri.html $uri/index.html =404;
}
location = /.well-known/void {
    add_header Vary Accept always;
    add_header Access-Control-Allow-Origin * always;
    default_type text/turtle;
    try_files /.well-known/void.ttl =404;
}
# the Apache files and this one are configuration, not content
location ~ (\\.var|/\\.htaccess|/nginx\\.conf)$ { return 404; }
"""


@dataclass(frozen=True)
class SiteReport:
    out: Path
    pages: int
    files: int


def build(store: ox.Store, out: Path, base_url: str = "") -> SiteReport:
    """Write the static site to ``out`` (replaced whole, atomically at the end)."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        pages, files = _write_all(store, staging, base_url)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteReport(out, pages, files)


def _write_all(store: ox.Store, root: Path, base_url: str) -> tuple[int, int]:
    renderer = Pages(store, server=False)
    count = {"pages": 0, "files": 0}

    def write(relative: str, body: bytes | str, page: bool = False) -> None:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body.encode() if isinstance(body, str) else body)
        count["files"] += 1
        count["pages"] += page

    subjects = [r["s"] for r in lookup.select(store, SUBJECTS)] + [paths.ONTOLOGY]
    for iri in subjects + describe.version_iris(store):
        shown = describe.canonical(store, iri)
        write(paths.file_of(iri, ".html"), renderer.resource(shown), page=True)
        write(paths.file_of(iri, ".var"), type_map(iri))
        triples = describe.describe(store, shown)
        for suffix, media in RDF_SUFFIXES.items():
            write(paths.file_of(iri, suffix), describe.serialize(triples, media))
    for name in INDEX_PAGES:
        write(f"{name}.html", _index_page(renderer, name), page=True)
    for asset in STATIC.iterdir():
        write(f"static/{asset.name}", asset.read_bytes())
    write("search-index.json", search_index(store))
    write(".htaccess", HTACCESS)
    write("nginx.conf", NGINX)
    from cseckg.site import void

    triples = (
        void.minimal(store, base_url.rstrip("/") + "/sparql", None, base_url)
        if base_url
        else void.minimal(store, "https://w3id.org/cseckg/sparql", None, "https://w3id.org/cseckg")
    )
    write(".well-known/void.ttl", describe.serialize(triples, "text/turtle"))
    return count["pages"], count["files"]


def _index_page(renderer: Pages, name: str) -> str:
    if name == "search":
        return renderer.search("")
    if name == "downloads":
        return renderer.downloads([])
    return getattr(renderer, name)()


def _swap(staging: Path, out: Path) -> None:
    os.chmod(staging, 0o755)
    if not out.exists():
        staging.rename(out)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def search_index(store: ox.Store) -> bytes:
    """The prebuilt full-text index for in-browser search (:mod:`cseckg.fulltext.static`)."""
    from cseckg.fulltext import static

    return static.index_json(store)
