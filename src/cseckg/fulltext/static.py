"""The prebuilt index of the static site (``search-index.json``), read by ``static/search.js``.

It holds the same documents as the Tantivy index (:mod:`cseckg.fulltext.documents`), the same
field weights, boosts and BM25 parameters, and, for every word of the graph in every language,
the term the server's analyser gives it (``forms``): the browser analyses a query word by
looking it up there, so for words of the graph it finds and ranks what the server finds. Words
the graph does not contain cannot be stemmed without Snowball in the browser; the script takes
the longest known term that begins the word instead. There is no typo correction in the browser.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from cseckg.fulltext import analysis, documents, engine, index
from cseckg.site import paths

VERSION = 1


def index_json(store: ox.Store) -> bytes:
    docs = documents.collect(store)
    forms: dict[str, dict[str, str]] = {code: {} for code in analysis.CODES}
    out = []
    for doc in docs:
        for name, values in doc.texts.items():
            code = analysis.code_of(name)
            for value in values:
                for word in analysis.words(value):
                    lower = word.lower()
                    if lower not in forms[code]:
                        terms = analysis.terms(code, word)
                        forms[code][lower] = terms[0] if terms else ""
        out.append(_doc(doc))
    body = {
        "version": VERSION,
        "weights": analysis.WEIGHTS,
        "languages": list(analysis.CODES),
        "boost": index.BOOST,
        "exactLabel": engine.EXACT_LABEL,
        "phrase": engine.PHRASE,
        "expansions": engine.EXPANSIONS,
        "bm25": {"k1": 1.2, "b": 0.75},
        "docs": out,
        "forms": {code: dict(sorted(f.items())) for code, f in forms.items()},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _doc(doc: documents.Document) -> dict:
    return {
        "iri": doc.iri,
        "path": paths.path_of(doc.iri) or doc.iri,
        "kind": doc.kind,
        "label": doc.label,
        "unverified": doc.unverified,
        "langs": sorted(doc.langs),
        "keys": sorted(doc.keys),
        "texts": {name: values for name, values in sorted(doc.texts.items())},
    }
