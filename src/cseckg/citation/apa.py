"""APA Style, 7th edition: legal references (Publication Manual, chapter 11).

APA follows the Bluebook for legal references and shows only U.S. and UN examples (HKUST's guide,
https://libguides.hkust.edu.hk/sosc1270/cite-apa). The treaty rule is taken from Queensland
University of Technology's APA 7 guide
(https://www.citewrite.qut.edu.au/cite/examples/apa/apa_repts_treaty.html): reference list
"Name of Treaty or Convention, Signing/Adoption Month Day, Year, URL if available", e.g. "United
Nations Convention on the Rights of the Child, November 20, 1989, https://www.ohchr.org/[...]";
"For major international agreements, use the date on which the treaty was opened for signature,
adopted or approved"; in text "(United Nations Convention on the Rights of the Child, 1989)".
Federation University's APA 7 guide
(https://federation.edu.au/library/study/fedcite/content/apa-7th-ed./legal-material/treaties)
adds the article in text: "(United Nations Declaration on the Rights of Indigenous Peoples, 2007,
art 6(2))". No rule for EU acts, declarations or national law was seen: the treaty form is used
for them (the nearest documented one), with the ELI as URL where the publisher mints one.
"""

from __future__ import annotations

from cseckg.citation import dates
from cseckg.citation.facts import Instrument
from cseckg.citation.subject import Subject

NAME = "apa"
GUIDES = (
    "https://www.citewrite.qut.edu.au/cite/examples/apa/apa_repts_treaty.html",
    "https://federation.edu.au/library/study/fedcite/content/apa-7th-ed./legal-material/treaties",
    "https://libguides.hkust.edu.hk/sosc1270/cite-apa",
)


def render(s: Subject) -> str:
    """The reference-list entry (the guide's examples end with the URL, no full stop)."""
    i = s.instrument
    return ", ".join(p for p in (i.title, dates.apa(date(i)), url(s)) if p)


def in_text(s: Subject) -> str:
    i = s.instrument
    pin = s.pinpoint.render("art", "para") if s.pinpoint else ""
    return "(" + ", ".join(p for p in (i.title, dates.year(date(i)), pin) if p) + ")"


def date(i: Instrument) -> str:
    """Opened for signature, else adopted; a web page's recorded date is not a publication date."""
    if i.kind == "WebPage":
        return ""
    return i.opened_on or i.adopted


def url(s: Subject) -> str:
    return s.provision_eli or s.instrument.eli or s.instrument.official_url
