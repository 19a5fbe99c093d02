"""HTML pages from the graph (Jinja2 templates, autoescaped), shared by ``cseckg serve`` and
``cseckg site``. Each resource page embeds the resource's RDF description as JSON-LD
(JSON-LD 1.1, section 7: embedding in HTML) and links its other formats as ``rel=alternate``."""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox

from cseckg import formats, jurisdictions, lookup
from cseckg.site import data, describe, indexes, national, svg
from cseckg.site.paths import ONTOLOGY, link, path_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
ALTERNATES = tuple((s, m) for s, m in formats.SUFFIX_MEDIA_TYPES.items() if m != formats.HTML)
STYLE_NAMES = {
    "oscola": "OSCOLA",
    "bluebook": "Bluebook",
    "apa": "APA",
    "csl-json": "CSL-JSON",
    "bibtex": "BibTeX",
    "ris": "RIS",
}
LANGUAGES = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "it": "Italiano",
    "es": "Español",
    "nl": "Nederlands",
    "pt": "Português",
    "ar": "العربية",
    "ru": "Русский",
    "zh": "中文",
}


@functools.lru_cache(maxsize=1)
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["link"] = link
    env.filters["langname"] = lambda tag: LANGUAGES.get(tag, tag)
    env.filters["shorten"] = lambda url: url if len(url) <= 60 else url[:57] + "…"
    env.globals["style_names"] = STYLE_NAMES
    env.filters["marked"] = marked
    return env


def marked(snippet) -> str:
    """A search snippet as HTML: its text escaped, the matched words in ``<mark>``."""
    from markupsafe import Markup, escape

    out, last = [], 0
    for start, end in snippet.highlights:
        out += [escape(snippet.text[last:start]), Markup("<mark>"), escape(snippet.text[start:end])]
        out.append(Markup("</mark>"))
        last = end
    return Markup("").join([*out, escape(snippet.text[last:])])


def embed(json_ld: bytes) -> str:
    """JSON-LD made safe inside ``<script>``: ``<`` written as ``\\u003c`` (still the same JSON)."""
    return json_ld.decode().replace("<", "\\u003c")


EXAMPLE = """\
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?label WHERE {
  ?concept a skos:Concept ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "en")
} ORDER BY ?label"""


class Pages:
    """Renders every page of the site from one read-only store."""

    def __init__(self, store: ox.Store, *, server: bool) -> None:
        self.store = store
        self.server = server

    def render(self, template: str, **context) -> str:
        base = {
            "iri": None,
            "jsonld": None,
            "deprecation": None,
            "query": None,
            "alternates": ALTERNATES,
            "self_path": "",
            "server": self.server,
        }
        return environment().get_template(template).render(**{**base, **context})

    def resource(self, iri: str) -> str:
        """The page of one resource (the caller has checked that it exists)."""
        if iri == ONTOLOGY:
            return self.ontology()
        store = self.store
        kind = data.kind(store, iri)
        context = {
            "iri": iri,
            "self_path": path_of(iri),
            "title": lookup.label(store, iri),
            "jsonld": embed(
                describe.serialize(describe.describe(store, iri), "application/ld+json")
            ),
            "deprecation": data.deprecation(store, iri),
            "all": data.statements(store, iri),
            "cites": (),
        }
        if kind == "concept":
            return self.render("concept.html", c=data.concept(store, iri), **context)
        context["cites"] = data.citations(store, iri) if kind != "resource" else ()
        if kind == "instrument":
            return self.render("instrument.html", ins=data.instrument(store, iri), **context)
        if kind == "provision":
            extras = national.provision_extras(store, iri)
            return self.render(
                "provision.html", p=data.provision(store, iri), extras=extras, **context
            )
        if kind == "jurisdiction":
            place = national.jurisdiction(store, iri)
            if place is not None:
                return self.render("jurisdiction.html", page=place, **context)
        found = data.definition(store, iri) if kind == "definition" else None
        if found is not None:
            return self.render("definition.html", d=found, **context)
        kind_label = lookup.label(store, _first_type(store, iri)) or "Resource"
        return self.render("resource.html", kind_label=kind_label, **context)

    def index(self) -> str:
        counts = {
            "concepts": len(lookup.select(self.store, indexes.CONCEPTS)),
            "instruments": len(lookup.select(self.store, indexes.INSTRUMENTS)),
        }
        return self.render(
            "index.html", title="Home", counts=counts, roots=indexes.hierarchy(self.store)
        )

    def concepts(self) -> str:
        roots = indexes.hierarchy(self.store)
        return self.render("concepts.html", title="Concepts", roots=roots, svg=svg.hierarchy(roots))

    def instruments(self) -> str:
        items = indexes.instruments(self.store)
        return self.render(
            "instruments.html", title="Instruments", items=items, svg=svg.timeline(items)
        )

    def jurisdictions(self) -> str:
        counts: dict[str, int] = {}
        for row in lookup.select(self.store, national.INSTRUMENTS):
            counts[row["j"]] = counts.get(row["j"], 0) + 1
        items = [(j, counts.get(j.iri, 0)) for j in jurisdictions.every(self.store)]
        return self.render("jurisdictions.html", title="Jurisdictions", items=items)

    def terminology(self) -> str:
        return self.render(
            "terminology.html", title="Terminology guide", entries=indexes.terminology(self.store)
        )

    def ontology(self) -> str:
        jsonld = embed(
            describe.serialize(describe.describe(self.store, ONTOLOGY), "application/ld+json")
        )
        return self.render(
            "ontology.html",
            title="Ontology",
            o=indexes.ontology(self.store),
            iri=ONTOLOGY,
            self_path="/ontology",
            jsonld=jsonld,
        )

    def search(self, text: str, result=None, error: str = "") -> str:
        """The search page: ``result`` (a :class:`cseckg.search.SearchResult`) on the server;
        none on the static site, where the browser fills the page (``static/search.js``)."""
        return self.render("search.html", title="Search", query=text, result=result, error=error)

    def sparql(self, queries, timeout: float, max_rows: int) -> str:
        example = EXAMPLE
        return self.render(
            "sparql.html",
            title="SPARQL",
            queries=queries,
            timeout=f"{timeout:g}",
            max_rows=max_rows,
            example=example,
        )

    def downloads(self, files: list[tuple[str, str]]) -> str:
        return self.render("downloads.html", title="Downloads", files=files)

    def error(self, title: str, message: str) -> str:
        return self.render("error.html", title=title, message=message)


def _first_type(store: ox.Store, iri: str) -> str | None:
    rows = lookup.select(
        store, "SELECT ?s ?t WHERE { ?s a ?t } ORDER BY ?t LIMIT 1", s=ox.NamedNode(iri)
    )
    return rows[0]["t"] if rows else None
