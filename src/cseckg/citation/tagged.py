"""BibTeX and RIS records: the tagged formats reference managers import.

* BibTeX, as Oren Patashnik's "BibTeXing" (btxdoc, CTAN biblio/bibtex/base) describes it, seen
  at https://www.w3.org/Addressing/url_test/bibtex/bibtexin.tex: no standard entry type fits a
  treaty or a directive, so ``@misc`` ("Use this type when nothing else fits"; optional fields
  author, title, howpublished, month, year, note); "BibTeX ignores any field that is not required
  or optional, so you can include any fields you want": ``url`` is added. Months are the
  predefined three-letter abbreviations ("These always include the usual 3 letter abbreviations
  for the month: jan, feb, mar etc.", https://www.uibk.ac.at/th-physik/howto/bibtex/bibtx-25.html).
  The title is braced twice so that styles keep its capitals.
* RIS, as the Reference Manager "RIS Format Specifications" describe it
  (http://www.risinc.com/support/risformat_tags_01.asp, http://www.adeptscience.co.uk/kb/article/A626):
  six-character tags "XX  - ", one per line, lines ended by carriage return and line feed, ``TY``
  first and ``ER`` last. Reference types: ``GEN`` (generic) for treaties and declarations, ``ELEC``
  (electronic citation) for web pages, ``BOOK`` (refdb's list of the specification's types,
  https://refdb.sourceforge.net/manual-0.9.6/sect1-ris-format.html); ``STAT`` (statute) for EU
  and national legislation, as named in rispy 0.10's table of the specification's types (the
  specification's own table of types was not seen). Tags: TI title, ST short title, T2 series,
  VL volume, IS issue or number, SP/EP pages, PY year, DA date (YYYY/MM/DD), SE section (the
  pinpoint), UR, LA, N1 notes.
"""

from __future__ import annotations

import re

from cseckg.citation import csljson, dates
from cseckg.citation.facts import CETS, ETS, OJ_L, UNTS
from cseckg.citation.subject import Subject

BIBTEX_GUIDES = (
    "https://www.w3.org/Addressing/url_test/bibtex/bibtexin.tex",
    "https://www.uibk.ac.at/th-physik/howto/bibtex/bibtx-25.html",
)
RIS_GUIDES = (
    "http://www.risinc.com/support/risformat_tags_01.asp",
    "http://www.adeptscience.co.uk/kb/article/A626",
    "https://refdb.sourceforge.net/manual-0.9.6/sect1-ris-format.html",
)
BASE = "https://w3id.org/cseckg/"
LATEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
RIS_TYPES = {"treaty": "GEN", "legislation": "STAT", "book": "BOOK", "webpage": "ELEC"}


def key(iri: str) -> str:
    """A citation key from the IRI: instrument/opsc/art-2/c -> instrument-opsc-art-2-c."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", iri.removeprefix(BASE)).strip("-")


def bibtex(s: Subject, notes: tuple[str, ...]) -> str:
    i = s.instrument
    date = "" if i.kind == "WebPage" else i.adopted
    found = dates.parts(date)
    fields = [  # (name, value, braced)
        ("title", "{" + _latex(i.title) + "}", True),
        ("howpublished", _latex(_published(s)), True),
        ("year", dates.year(date), True),
        ("month", dates.BIBTEX_MONTHS[found[1] - 1] if len(found) == 3 else "", False),
        ("note", _latex("\n".join(notes)), True),
        ("url", s.provision_eli or i.eli or i.official_url, True),
    ]
    lines = [f"@misc{{{key(s.resource)},"]
    lines += [
        f"  {name} = {{{value}}}," if braced else f"  {name} = {value},"
        for name, value, braced in fields
        if value
    ]
    return "\n".join(lines) + "\n}\n"


def ris(s: Subject, notes: tuple[str, ...]) -> str:
    i = s.instrument
    ref = i.reference(UNTS, CETS, ETS, OJ_L)
    date = "" if i.kind == "WebPage" else i.adopted
    tags = [
        ("TY", RIS_TYPES.get(csljson.csl_type(i), "GEN")),
        ("TI", i.title),
        ("ST", i.short_title),
        ("T2", ref.series_label if ref else ""),
        ("VL", ref.volume if ref else ""),
        ("IS", (ref.issue or ref.number) if ref else ""),
        ("SP", ref.page_start if ref else ""),
        ("EP", ref.page_end if ref else ""),
        ("PY", dates.year(date)),
        ("DA", date.replace("-", "/") if len(dates.parts(date)) == 3 else ""),
        ("SE", s.pinpoint.render("art.", "para.") if s.pinpoint else ""),
        ("UR", s.provision_eli or i.eli or i.official_url),
        ("LA", i.language),
    ]
    tags += [("N1", note) for note in notes]
    lines = [f"{tag}  - {value}" for tag, value in tags if value] + ["ER  - "]
    return "\r\n".join(lines) + "\r\n"


def _published(s: Subject) -> str:
    ref = s.instrument.reference(UNTS, CETS, ETS, OJ_L)
    if ref is None:
        return ""
    parts = [ref.series_label]
    parts += [f"vol. {ref.volume}"] if ref.volume else []
    parts += [f"No. {ref.number}"] if ref.number else []
    parts += [f"issue {ref.issue}"] if ref.issue else []
    if ref.page_start:
        pages = f"{ref.page_start}--{ref.page_end}" if ref.page_end else ref.page_start
        parts.append(f"p. {pages}")
    return ", ".join(parts)


def _latex(text: str) -> str:
    return LATEX_SPECIAL.sub(r"\\\1", text).replace("\n", " ")
