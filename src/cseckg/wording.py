"""Which text of a provision to show and how current it is, and other small helpers that
``trace --jurisdiction``, ``compare`` and the site share (kept apart from :mod:`cseckg.chain` so
that ``compare`` does not load the chain's machinery).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from cseckg import lookup
from cseckg.lookup import select

ONT = "https://w3id.org/cseckg/ontology#"
TEXTS = """
SELECT ?p ?t ?text ?lang ?status WHERE {
  ?t cseckg:textOf ?p ; cseckg:text ?text . BIND(LANG(?text) AS ?lang)
  OPTIONAL { ?t cseckg:versionStatus ?status }
} ORDER BY ?t
"""
VERSION = """
SELECT ?t ?status ?from ?until WHERE {
  OPTIONAL { ?t cseckg:versionStatus ?status } OPTIONAL { ?t eli:date_applicability ?from }
  OPTIONAL { ?t eli:date_no_longer_in_force ?until }
} LIMIT 1
"""
STRENGTH = {
    "http://www.w3.org/2004/02/skos/core#exactMatch": "exact match",
    "http://www.w3.org/2004/02/skos/core#closeMatch": "close match",
    "http://www.w3.org/2004/02/skos/core#broadMatch": "the provision's notion is broader",
    "http://www.w3.org/2004/02/skos/core#narrowMatch": "the provision's notion is narrower",
    "http://www.w3.org/2004/02/skos/core#relatedMatch": "related",
}


def best_text(store: ox.Store, provision: str) -> tuple[str, str, str]:
    """The text to show: a current wording before a former one, English before other languages."""
    rows = select(store, TEXTS, p=ox.NamedNode(provision))
    if not rows:
        return "", "", ""
    best = min(
        rows, key=lambda r: (r["status"] == ONT + "FormerVersion", r["lang"] != "en", r["t"])
    )
    return best["t"], best["text"], best["lang"]


def version(store: ox.Store, text: str) -> str:
    """How current a text is, in words: "in force when checked (applies from 2017-09-05)"."""
    rows = select(store, VERSION, t=ox.NamedNode(text))
    row = rows[0] if rows else {}
    if not row.get("status"):
        return ""
    said = lookup.label(store, row["status"])
    if row["status"] == ONT + "FormerVersion":
        span = f"{row.get('from') or '?'} to {row.get('until') or '?'}"
        return f"{said} ({span}); the current wording was not seen"
    return said + (f" (applies from {row['from']})" if row.get("from") else "")


def natural(text: str) -> tuple:
    """Sort key that puts ``art-2`` before ``art-10``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))
