"""``cseckg search TEXT``: ranked matches over labels and definition and provision texts.

Matching is case- and accent-insensitive on the normalised index (:mod:`cseckg.textindex`).
Ranking, best first: a label equal to the text, a label starting with it, a label containing it,
a label containing every word, a text containing it, a text containing every word; preferred
labels and concepts rank above other resources at the same level.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import lookup, textindex
from cseckg.errors import InputError
from cseckg.lookup import select

CANDIDATES = """
SELECT ?needle ?s ?key ?field WHERE {
  GRAPH <urn:cseckg:index> {
    { ?s idx:key ?key BIND("label" AS ?field) } UNION { ?s idx:text ?key BIND("text" AS ?field) }
  }
  FILTER(CONTAINS(?key, ?needle))
}
"""
OWNER = """
SELECT ?s ?owner ?kind WHERE {
  OPTIONAL {
    VALUES (?p ?kind) {
      (skosxl:prefLabel "pref") (skosxl:altLabel "alt") (skosxl:hiddenLabel "hidden")
    }
    ?owner ?p ?s .
  }
}
"""
LANGS = """
SELECT ?s ?lang WHERE {
  VALUES ?p { skosxl:literalForm skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label
              schema:name schema:alternateName dcterms:title dcterms:alternative cseckg:text }
  ?s ?p ?v . BIND(LANG(?v) AS ?lang)
}
"""
TYPE = "SELECT ?s ?type WHERE { ?s a ?type } ORDER BY ?type"


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str  # concept, definition, provision, instrument ...
    label: str
    matched: str  # the normalised label or text that matched
    field: str  # label or text
    score: int


RESOLVE = 100  # candidates resolved (owner, kind, label) per search, best base scores first
MAX_RESOLVE = 2000  # with a language filter, at most this many are looked at


def search(store: ox.Store, text: str, lang: str | None = None, limit: int = 20) -> list[Hit]:
    """The best ``limit`` matches for ``text``, optionally only in language ``lang``.

    Candidates are scored on the normalised key alone (cheap, whatever the graph's size); only the
    best ones, shortest keys first within a score, are resolved to their resource and re-ranked
    with the bonuses for preferred labels and concepts.
    """
    wanted = textindex.normalise(text)
    if not wanted:
        raise InputError("nothing to search for: the text is empty")
    if limit < 1:
        raise InputError("--limit must be at least 1")
    words = wanted.split()
    needle = max(words, key=len)
    scored = []
    for row in select(store, CANDIDATES, needle=ox.Literal(needle)):
        score = _score(row["key"], wanted, words, row["field"])
        if score:
            scored.append((-score, len(row["key"]), row["key"], row["s"], row["field"]))
    scored.sort()
    best: dict[str, Hit] = {}
    budget = max(RESOLVE, 5 * limit)
    for looked, (negative, _, key, iri, field) in enumerate(scored):
        if len(best) >= budget or looked >= MAX_RESOLVE:
            break
        if lang and not _in_language(store, iri, lang):
            continue
        hit = _hit(store, {"s": iri, "key": key, "field": field}, -negative)
        if hit.iri not in best or best[hit.iri].score < hit.score:
            best[hit.iri] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.label.casefold(), h.iri))[:limit]


def _score(key: str, wanted: str, words: list[str], field: str) -> int:
    if field == "label":
        if key == wanted:
            return 100
        if key.startswith(wanted):
            return 80
        if wanted in key:
            return 60
        return 50 if all(w in key.split() for w in words) else 0
    if wanted in key:
        return 40
    return 20 if all(w in key.split() for w in words) else 0


def _hit(store: ox.Store, row: dict, score: int) -> Hit:
    iri = row["s"]
    owner = select(store, OWNER, s=ox.NamedNode(iri))
    if owner and owner[0]["owner"]:  # a SKOS-XL label: report its concept
        iri, score = owner[0]["owner"], score + (5 if owner[0]["kind"] == "pref" else 0)
    kind = _kind(store, iri)
    if kind == "concept":
        score += 3
    return Hit(iri, kind, lookup.label(store, iri), row["key"], row["field"], score)


def _kind(store: ox.Store, iri: str) -> str:
    types = [r["type"] for r in select(store, TYPE, s=ox.NamedNode(iri))]
    for suffix, kind in (
        ("skos/core#Concept", "concept"),
        ("#Definition", "definition"),
        ("#ProvisionText", "provision text"),
        ("#Provision", "provision"),
        ("#Instrument", "instrument"),
        ("#TermAdvice", "terminology advice"),
        ("#Organisation", "organisation"),
        ("#OrganisationalValue", "value"),
        ("#Event", "event"),
        ("#WorldCongress", "event"),
    ):
        if any(t.endswith(suffix) for t in types):
            return kind
    return "resource"


def _in_language(store: ox.Store, iri: str, lang: str) -> bool:
    tags = {r["lang"] for r in select(store, LANGS, s=ox.NamedNode(iri))}
    return any(t == lang or t.startswith(lang + "-") for t in tags)
