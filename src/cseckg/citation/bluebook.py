"""The Bluebook: A Uniform System of Citation (21st ed.), as public guides summarise it.

The Bluebook is not openly published and Cornell LII's "Introduction to Basic Legal Citation" was
not found in the sources reachable here; the rules come from these public summaries:

* Rule 21.4 (treaties): Georgetown Law's handout "Citations to International Agreements [...]
  under Bluebook Rule 21" (https://www.law.georgetown.edu/wp-content/uploads/2018/07/
  Citations-to-International-Agreements-Bluebook-Rule-21.pdf, seen as a copy at
  https://docslib.org/doc/3345911/citations-to-international-agreements-cases-and-arbitration-under):
  name of the agreement, parties (bilateral only), subdivision, date of signing, source; Brooklyn
  Law School's guide (https://guides.brooklaw.edu/c.php?g=330897&p=2222359): the date of signing,
  or for treaties signed on different dates the date it was opened for signature; the examples
  "Treaty [...] Investment art. 6, Oct. 25, 2004, 44 I.L.M. 268." (Graduate Institute guide,
  https://libguides.graduateinstitute.ch/treaties/citation) and "Vienna Convention on the Law of
  Treaties art. 32, opened for signature May 23, 1969, 1155 U.N.T.S. 331." Where no opening for
  signature is recorded, the adoption date is printed as "adopted DATE", as in the example "[...]
  Celestial Bodies art. 6, adopted December 5, 1979, [...]". Where the United States is a party,
  rule 21.4.5(a) also asks for a U.S. treaty source (U.S.T., T.I.A.S.): the graph holds none, so
  only the international one is given. No example carried an entry-into-force date, so none is
  printed. The Bluebook's abbreviation for the Council of Europe series (table T4) was not seen:
  the number is printed in the Council of Europe's own form ("CETS No. 201").
* Rule 21.9 (EU legislation): Seton Hall's guide (https://shlawlibrary.libguides.com/
  EUBusinessLaw/citation-format): "Council Directive 90/476, art. 5, 1990 O.J. (L 266) 1, 2.";
  Creighton's (https://culibraries.creighton.edu/c.php?g=163415&p=1074082): "2009 O.J. (L 311)
  35" is year, series and issue, first page. No example for an act of the Parliament and the
  Council was seen; the act's full title is given as its name.
* Foreign national legislation (rule 20) was not researched: title, jurisdiction code, pinpoint
  and the publisher's ELI are given.
"""

from __future__ import annotations

from cseckg.citation import dates
from cseckg.citation.facts import CETS, ETS, OJ_L, UNTS, Instrument
from cseckg.citation.subject import Subject

NAME = "bluebook"
GUIDES = (
    "https://docslib.org/doc/3345911/citations-to-international-agreements-cases-and-arbitration-under",
    "https://guides.brooklaw.edu/c.php?g=330897&p=2222359",
    "https://libguides.graduateinstitute.ch/treaties/citation",
    "https://shlawlibrary.libguides.com/EUBusinessLaw/citation-format",
    "https://culibraries.creighton.edu/c.php?g=163415&p=1074082",
)


def render(s: Subject) -> str:
    i = s.instrument
    pin = s.pinpoint.render("art.", "para.") if s.pinpoint else ""
    if i.is_eu_act:
        return _eu(i, pin)
    if i.is_national:
        name = " ".join(p for p in (i.title, pin, f"({i.jurisdiction.upper()})") if p)
        return _sentence(name, s.provision_eli or i.eli)
    if i.kind == "WebPage":
        return _sentence(", ".join(i.adopted_by), i.title)
    name = " ".join(p for p in (i.title, pin) if p)
    return _sentence(name, _date(i), series(i))


def _date(i: Instrument) -> str:
    if i.opened_on:
        return f"opened for signature {dates.bluebook(i.opened_on)}"
    return f"adopted {dates.bluebook(i.adopted)}" if i.adopted else ""


def series(i: Instrument) -> str:
    unts = i.reference(UNTS)
    if unts and unts.volume and unts.page_start:
        return f"{unts.volume} U.N.T.S. {unts.page_start}"
    coe = i.reference(CETS, ETS)
    if coe and coe.number:
        return f"{'CETS' if coe.series == CETS else 'ETS'} No. {coe.number}"
    return ""


def _eu(i: Instrument, pin: str) -> str:
    oj = i.reference(OJ_L)
    journal = ""
    if oj and oj.issue and oj.page_start and oj.issued:
        journal = f"{dates.year(oj.issued)} O.J. (L {oj.issue}) {oj.page_start}"
    return _sentence(i.title, pin, journal)


def _sentence(*parts: str) -> str:
    return ", ".join(p for p in parts if p) + "."
