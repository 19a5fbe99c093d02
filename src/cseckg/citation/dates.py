"""Dates as each style writes them, from ``xsd:date`` ("1989-11-20") or ``xsd:gYear`` ("1996").

* OSCOLA: day month year, no comma ("adopted 28 July 1951" in OSCOLA's treaty example).
* Bluebook: abbreviated month, day, year ("Oct. 25, 2004", "May 23, 1969", "Apr. 4, 1949" in the
  treaty examples seen). Table T12 itself was not seen; the months it does not show are
  abbreviated as the U.S. GPO Style Manual (2008) rule 9.44 lists them (Jan. Feb. Mar. Apr. Aug.
  Sept. Oct. Nov. Dec.; May, June and July spelled out), which agrees with every example seen.
  https://en.wikisource.org/wiki/Page:U.S._Government_Printing_Office_Style_Manual_2008.djvu/249
* APA: month day, year ("November 20, 1989", QUT's APA 7 treaty example).
* BibTeX: the three-letter month macros (jan ... dec) every standard style predefines.
"""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
BLUEBOOK_MONTHS = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parts(value: str) -> tuple[int, ...]:
    """(year,) or (year, month, day) of an ``xsd:gYear`` or ``xsd:date`` lexical form."""
    return tuple(int(p) for p in value.split("-")) if value else ()


def oscola(value: str) -> str:
    found = parts(value)
    if len(found) == 3:
        return f"{found[2]} {MONTHS[found[1] - 1]} {found[0]}"
    return value


def bluebook(value: str) -> str:
    found = parts(value)
    if len(found) == 3:
        return f"{BLUEBOOK_MONTHS[found[1] - 1]} {found[2]}, {found[0]}"
    return value


def apa(value: str) -> str:
    found = parts(value)
    if len(found) == 3:
        return f"{MONTHS[found[1] - 1]} {found[2]}, {found[0]}"
    return value


def year(value: str) -> str:
    return value[:4]
