"""OSCOLA (Oxford University Standard for the Citation of Legal Authorities, 4th edition).

The rules below are taken from what was seen of the guide; the guide itself
(https://www.law.ox.ac.uk/oscola, the 4th edition PDF) could not be read here, so each rule names
the public page that reproduces it:

* Treaties (OSCOLA 4th ed., international treaties), as quoted by the Graduate Institute Geneva's
  library guide, https://libguides.graduateinstitute.ch/treaties/citation : "If the treaty is open
  to accession, give the full date on which it was opened for signature. Otherwise, give the full
  date on which it was signed or adopted. If available, then give the date of entry into force
  [...] an informal/abbreviated title may be given in parentheses before the pinpoint reference",
  with the example "Convention Relating to the Status of Refugees (adopted 28 July 1951, entered
  into force 22 April 1954) 189 UNTS 137 (Refugee Convention) art 33". The example labels the
  date "adopted"; where a treaty was opened for signature on another day than it was adopted
  (Palermo, Budapest, CETS No. 197) the rule's date is printed as "opened for signature DATE"
  (that label is ours: no OSCOLA example with it was seen).
* EU legislation, as OSCOLA's examples are reproduced by Swansea University,
  https://libguides.swansea.ac.uk/oscola/eurolegislation ("Legislation type | number | title |
  [year] | OJ L issue/first page": "Council Directive 2002/60/EC of 27 June 2002 [...] [2002] OJ
  L192/27"), and the pinpoint after a comma as Solent University shows it,
  https://libguides.solent.ac.uk/c.php?g=709292&p=5124007 ("[2008] OJ C115/13, art 4 para 2").
  An Official Journal reference without an issue number (the L series since October 2023) was not
  seen in any OSCOLA source: such an act is cited by its title only, and the gap is reported.
* Legislation from other jurisdictions, as Robert Gordon University reproduces OSCOLA,
  https://library.rgu.ac.uk/oscola/legislation-other : "Cite legislation from other jurisdictions
  as it is cited in its own jurisdiction, but without any full stops in abbreviations. Give the
  jurisdiction if necessary" ("Accident Compensation Act 1972 (NZ)"). How Luxembourg, Germany or
  France cite their codes was not seen: the title, the jurisdiction and the pinpoint are given,
  followed by the publisher's ELI.
* Council of Europe treaties: no OSCOLA rule for the CETS/ETS number was seen; the number is
  printed in the treaty-series slot in the Council of Europe's own form ("CETS No. 197").
* Declarations, codes and guidelines: the treaty form without a treaty series, as in OSCOLA's
  "Universal Declaration of Human Rights (adopted 10 December 1948 UNGA Res 217 A(III)) (UDHR)
  art 5" (University of Portsmouth, https://library.port.ac.uk/ref/page686.html).
* Web pages: no OSCOLA rule was researched; publisher and title only.
"""

from __future__ import annotations

from cseckg.citation import dates
from cseckg.citation.facts import CETS, ETS, OJ_L, UNTS, Instrument
from cseckg.citation.subject import Subject

NAME = "oscola"
GUIDES = (
    "https://libguides.graduateinstitute.ch/treaties/citation",
    "https://libguides.swansea.ac.uk/oscola/eurolegislation",
    "https://libguides.solent.ac.uk/c.php?g=709292&p=5124007",
    "https://library.rgu.ac.uk/oscola/legislation-other",
    "https://library.port.ac.uk/ref/page686.html",
)


def render(s: Subject) -> str:
    i = s.instrument
    pin = s.pinpoint.render("art", "para") if s.pinpoint else ""
    if i.is_eu_act:
        return _join(_eu(i), pin, ", ")
    if i.is_national:
        text = _join(f"{i.title} ({i.jurisdiction.upper()})", pin, ", ")
        return _join(text, s.provision_eli or i.eli, ", ")
    if i.kind == "WebPage":
        return ", ".join(p for p in (", ".join(i.adopted_by), i.title) if p)
    short = f"({i.short_title})" if i.short_title and i.is_treaty else ""
    return " ".join(p for p in (i.title, _dates(i), series(i), short, pin) if p)


def _dates(i: Instrument) -> str:
    opened_later = i.opened_on and i.opened_on != i.adopted
    if i.is_treaty and opened_later:
        first = f"opened for signature {dates.oscola(i.opened_on)}"
    elif i.adopted and i.kind != "WebPage":
        first = f"adopted {dates.oscola(i.adopted)}"
    else:
        first = f"opened for signature {dates.oscola(i.opened_on)}" if i.opened_on else ""
    force = f"entered into force {dates.oscola(i.in_force)}" if i.in_force else ""
    inner = ", ".join(p for p in (first, force) if p)
    return f"({inner})" if inner else ""


def series(i: Instrument) -> str:
    """The treaty-series element, only when every part the form needs is recorded."""
    unts = i.reference(UNTS)
    if unts and unts.volume and unts.page_start:
        return f"{unts.volume} UNTS {unts.page_start}"
    coe = i.reference(CETS, ETS)
    if coe and coe.number:
        return f"{'CETS' if coe.series == CETS else 'ETS'} No. {coe.number}"
    return ""


def _eu(i: Instrument) -> str:
    oj = i.reference(OJ_L)
    if oj and oj.issue and oj.page_start and oj.issued:
        return f"{i.title} [{dates.year(oj.issued)}] OJ L{oj.issue}/{oj.page_start}"
    return i.title


def _join(text: str, extra: str, sep: str) -> str:
    return f"{text}{sep}{extra}" if extra else text
