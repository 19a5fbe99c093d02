"""``cseckg cite``: a citation of an instrument, a provision or a definition, made from data.

Every element of a citation is verified data in the graph (:mod:`cseckg.citation.facts`); an
element the graph does not record is left out and reported with its reason (``left_out``), never
guessed. Each style module names the published guide, or the public page that reproduces it,
from which its rules are taken: :mod:`~cseckg.citation.oscola`, :mod:`~cseckg.citation.bluebook`,
:mod:`~cseckg.citation.apa` (text for a brief), :mod:`~cseckg.citation.csljson`, and
:mod:`~cseckg.citation.tagged` (BibTeX and RIS, for reference managers).

A definition is cited at its source provision when the instrument itself states it, else where
it is stated (an organisation's page), with the provision it quotes or paraphrases and any related
provision given apart, each with its role; its text comes with its verification.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import lookup
from cseckg.citation import apa, bluebook, csljson, dates, oscola, tagged
from cseckg.citation.facts import Gap
from cseckg.citation.subject import Quote, Subject, subject
from cseckg.errors import InputError

STYLES = ("oscola", "bluebook", "apa", "csl-json", "bibtex", "ris")
TEXT_STYLES = {"oscola": oscola, "bluebook": bluebook, "apa": apa}
MEDIA_TYPES = {
    "oscola": "text/plain",
    "bluebook": "text/plain",
    "apa": "text/plain",
    "csl-json": csljson.MEDIA_TYPE,
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}
GUIDES = {
    "oscola": oscola.GUIDES,
    "bluebook": bluebook.GUIDES,
    "apa": apa.GUIDES,
    "csl-json": csljson.GUIDES,
    "bibtex": tagged.BIBTEX_GUIDES,
    "ris": tagged.RIS_GUIDES,
}


@dataclass(frozen=True)
class Provision:
    """A provision cited beside the main citation, with its role."""

    role: str  # "source (paraphrase)", "related provision, not a source"
    iri: str
    label: str
    citation: str  # in the same style for text styles, else ""


@dataclass(frozen=True)
class Citation:
    resource: str
    label: str
    kind: str  # instrument, provision, definition
    style: str
    media_type: str
    text: str  # what to paste: the citation, or the CSL-JSON / BibTeX / RIS record
    in_text: str  # APA's in-text form; "" for the other styles
    instrument: str
    pinpoint: str
    quote: Quote | None
    provisions: tuple[Provision, ...]
    left_out: tuple[Gap, ...]
    guides: tuple[str, ...]


def cite(store: ox.Store, text: str, style: str = "oscola") -> Citation:
    if style not in STYLES:
        raise InputError(f"--style {style}: use one of {', '.join(STYLES)}")
    return _cite(store, subject(store, text), style)


def cite_all(store: ox.Store, iri: str) -> tuple[Citation, ...]:
    """The citation of ``iri`` in every style (the "Cite" block of its page)."""
    found = subject(store, iri)
    return tuple(_cite(store, found, style) for style in STYLES)


def _cite(store: ox.Store, found: Subject, style: str) -> Citation:
    provisions = _provisions(store, found, style)
    if style in TEXT_STYLES:
        body = TEXT_STYLES[style].render(found)
    else:
        notes = _notes(found, provisions)
        if style == "bibtex":  # one line per note would be joined by spaces; say where one ends
            notes = ("; ".join(notes),) if notes else ()
        writer = {"csl-json": csljson.render, "bibtex": tagged.bibtex, "ris": tagged.ris}[style]
        body = writer(found, notes)
    return Citation(
        resource=found.resource,
        label=found.label,
        kind=found.kind,
        style=style,
        media_type=MEDIA_TYPES[style],
        text=body,
        in_text=apa.in_text(found) if style == "apa" else "",
        instrument=found.instrument.iri,
        pinpoint=found.pinpoint.render("art", "para") if found.pinpoint else "",
        quote=found.quote,
        provisions=provisions,
        left_out=found.instrument.gaps,
        guides=GUIDES[style],
    )


def _provisions(store: ox.Store, s: Subject, style: str) -> tuple[Provision, ...]:
    relation = s.quote.relation if s.quote else ""
    roles = []
    if s.derived_from:
        roles.append((f"source ({relation})" if relation else "source", s.derived_from))
    roles += [("related provision, not a source", iri) for iri in s.related]
    found = []
    for role, iri in roles:
        text = TEXT_STYLES[style].render(subject(store, iri)) if style in TEXT_STYLES else ""
        found.append(Provision(role, iri, lookup.label(store, iri), text))
    return tuple(found)


def _notes(s: Subject, provisions: tuple[Provision, ...]) -> tuple[str, ...]:
    """What a record's note says beyond its fields: dates, numbers, the quote, gaps."""
    i = s.instrument
    notes = []
    if i.opened_on:
        place = f"{i.opened_at}, " if i.opened_at else ""
        notes.append(f"Opened for signature: {place}{dates.oscola(i.opened_on)}")
    if i.in_force:
        notes.append(f"Entered into force: {dates.oscola(i.in_force)}")
    if i.transposition_deadline:
        notes.append(f"Transposition deadline: {dates.oscola(i.transposition_deadline)}")
    notes += [f"Registration no. {r.registration}" for r in i.references if r.registration]
    notes += [f"CELEX {i.celex}"] if i.celex else []
    if s.quote:
        notes += _quote_notes(s.quote)
    notes += [f"{p.role.capitalize()}: {p.label} <{p.iri}>" for p in provisions]
    notes += [f"Not recorded ({g.property}): {g.reason}" for g in i.gaps]
    return tuple(notes)


def _quote_notes(q: Quote) -> list[str]:
    v = q.verification
    if not v.verified:
        return [f"Definition, unverified (not a quotation; {q.relation}): {q.text}"]
    notes = [f"Definition ({q.relation}, {v.status}): “{q.text}”"]
    if v.source:
        notes.append(f"Checked at {v.source} on {v.verified_on}")
    return notes
