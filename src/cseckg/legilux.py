"""Reading Legilux's Akoma Ntoso XML: the articles of a consolidated Luxembourg code, by number.

The Service central de législation publishes each consolidated version of a code as Akoma Ntoso
3.0 XML with metadata of its own (the ``scl`` namespace, ``scl:jolux`` elements): the ELI of the
consolidated version and of each article (work and version), the date from which each article
version applies, the licence and the rights holder. This module reads what cseckg quotes: each
article's number, identifiers, the laws its text names (``<ref href="/eli/etat/leg/loi/...">``),
and its text, paragraph by paragraph and alinea by alinea, list items numbered from the list's
``symbol`` and ``start`` attributes (``1°``, ``1)``, ``a)``).

The files are pretty-printed: a line break and indentation were inserted around every inline
element. A run of white space that contains a line break is therefore layout, not text: it is
dropped at the edges of a block, before ``, . ; : )``, after ``(`` and between an article number
and its italic suffix (``372<i>bis</i>`` reads "372bis", as in Legilux's own article titles), and
read as one space elsewhere. Every other character is kept as it is, typography included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

from cseckg.errors import InputError

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0/CSD13}"
SCL = "{http://www.scl.lu}"
DATA_HOST = "http://data.legilux.public.lu"
SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
_LAYOUT = "\x00"
_LAYOUT_RUN = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")
_LAW = re.compile(r"^/eli/etat/leg/loi/\d{4}/\d{2}/\d{2}/[a-z0-9]+/jo$")


@dataclass(frozen=True)
class Law:
    """A law the text names: its ELI and the words that name it ("L. 7 août 2023")."""

    eli: str
    name: str


@dataclass(frozen=True)
class Block:
    """A paragraph ("(4)") or an alinea of an article: its number, if any, and its lines."""

    number: str
    alineas: tuple[tuple[str, ...], ...]  # each alinea as its lines (text, then list items)


@dataclass(frozen=True)
class Article:
    eid: str  # "art_383ter"
    number: str  # "383ter"
    eli: str  # the work: .../code/penal/art_383ter
    version_eli: str  # the version: .../code/penal/art_383ter/20170905
    applicable_from: str  # the version's dateApplicability, YYYY-MM-DD
    laws: tuple[Law, ...]  # the laws named in the heading and the text, in order
    blocks: tuple[Block, ...]
    division_laws: tuple[Law, ...] = ()  # named in the headings of its chapter, section ...

    def text(self) -> str:
        """The whole article, one line per alinea or list item, paragraphs numbered."""
        lines = []
        for block in self.blocks:
            block_lines = [line for alinea in block.alineas for line in alinea]
            if block.number and block_lines:
                block_lines[0] = f"{block.number} {block_lines[0]}"
            lines += block_lines
        return "\n".join(lines)

    def paragraph(self, number: str) -> str:
        """The text of paragraph ``number`` ("4" for "(4)"), without its number."""
        for block in self.blocks:
            if block.number == f"({number})":
                return "\n".join(line for alinea in block.alineas for line in alinea)
        raise InputError(f"article {self.number} has no paragraph ({number})")

    def alinea(self, number: int) -> str:
        """The text of the ``number``-th alinea (1-based) of an article without paragraphs."""
        alineas = [a for block in self.blocks if not block.number for a in block.alineas]
        if not 0 < number <= len(alineas):
            raise InputError(f"article {self.number} has no alinea {number}")
        return "\n".join(alineas[number - 1])


@dataclass(frozen=True)
class Consolidation:
    """One consolidated version of a code, as its metadata states it."""

    version_eli: str  # .../code/penal/20251219
    work_eli: str  # .../code/penal
    member_of: str  # .../loi/1879/06/18/n1
    applicable_from: str
    license: str
    rights_holder: str  # the personInCharge the metadata names
    country: str  # the EU Publications Office country IRI
    articles: dict[str, Article]

    def article(self, number: str) -> Article:
        try:
            return self.articles[number]
        except KeyError:
            raise InputError(f"no article {number} in {self.version_eli}") from None


def read(data: bytes) -> Consolidation:
    """Parse one consolidated version; entity declarations are refused, never expanded."""
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        raise InputError("Akoma Ntoso input with a DOCTYPE or ENTITY declaration is refused")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        raise InputError(f"not well-formed XML: {err}") from None
    act = root.find(f"{AKN}act")
    if act is None:
        raise InputError("not an Akoma Ntoso act: no <act> element")
    meta_element = act.find(f"{AKN}meta")
    meta = _jolux(meta_element)
    version = (
        _jolux(meta_element.find(f".//{SCL}JOLUXLegalResource")) if meta_element is not None else {}
    )
    articles = [_article(a, laws) for a, laws in _articles(act, ())]
    return Consolidation(
        version_eli=version.get("uriThis", ""),
        work_eli=_work_eli(act),
        member_of=version.get("isMemberOf", ""),
        applicable_from=version.get("dateApplicability", ""),
        license=meta.get("license", ""),
        rights_holder=meta.get("personInCharge", ""),
        country=_country(act),
        articles={a.number: a for a in articles},
    )


def _jolux(element) -> dict[str, str]:
    """The first value of each ``scl:jolux`` name below ``element`` (outside articles)."""
    found: dict[str, str] = {}
    if element is None:
        return found
    for item in element.iter(f"{SCL}jolux"):
        name = item.get(f"{SCL}name")
        if name and name not in found and (item.text or "").strip():
            found[name] = (item.text or "").strip()
    return found


def _work_eli(act) -> str:
    complex_work = act.find(f".//{SCL}JOLUXComplexWork")
    return _jolux(complex_work).get("uriThis", "") if complex_work is not None else ""


def _country(act) -> str:
    node = act.find(f".//{AKN}FRBRcountry")
    return node.get("value", "") if node is not None else ""


def _articles(element, laws: tuple[Law, ...]):
    """Each article below ``element``, with the laws named in the headings of its divisions."""
    for child in element:
        if _local(child.tag) == "article":
            yield child, laws
        else:
            heading = child.find(f"{AKN}heading")
            named = _laws(heading) if heading is not None else ()
            yield from _articles(child, laws + tuple(law for law in named if law not in laws))


def _article(element, division_laws: tuple[Law, ...] = ()) -> Article:
    eid = element.get("id", "")
    work = _jolux(element.find(f".//{SCL}JOLUXComplexWork"))
    version = _jolux(element.find(f".//{SCL}JOLUXLegalResource"))
    return Article(
        eid=eid,
        number=eid.removeprefix("art_"),
        eli=work.get("uriThis", ""),
        version_eli=version.get("uriThis", ""),
        applicable_from=version.get("dateApplicability", ""),
        laws=_laws(element),
        blocks=_blocks(element),
        division_laws=division_laws,
    )


def _laws(article) -> tuple[Law, ...]:
    seen: dict[str, Law] = {}
    for ref in article.iter(f"{AKN}ref"):
        href = ref.get("href", "")
        if _LAW.match(href) and href not in seen:
            name = " ".join("".join(ref.itertext()).split()).strip("() ")
            seen[href] = Law(DATA_HOST + href, name)
    return tuple(seen.values())


def _blocks(article) -> tuple[Block, ...]:
    blocks = []
    for child in article:
        tag = _local(child.tag)
        if tag == "alinea":
            blocks.append(Block("", (_alinea(child),)))
        elif tag == "paragraph":
            number = _inline(child.find(f"{AKN}num"))
            blocks.append(Block(number, tuple(_alinea(a) for a in child.iter(f"{AKN}alinea"))))
    return tuple(blocks)


def _alinea(alinea) -> tuple[str, ...]:
    lines: list[str] = []
    for content in alinea.iter(f"{AKN}content"):
        for part in content:
            tag = _local(part.tag)
            if tag == "p":
                lines.append(_inline(part))
            elif tag == "ol":
                lines += _list(part)
    return tuple(line for line in lines if line)


def _list(ol) -> list[str]:
    symbol = _attribute(ol, "symbol") or "1)"
    start = int(_attribute(ol, "start") or "1")
    items = [li for li in ol if _local(li.tag) == "li"]
    return [f"{_marker(symbol, start + n)} {_inline(li)}" for n, li in enumerate(items)]


def _marker(symbol: str, n: int) -> str:
    """The n-th marker of a list whose first marker is ``symbol`` ("1°", "1)", "a)")."""
    if symbol[0].isdigit():
        return f"{n}{symbol.lstrip('0123456789')}"
    if symbol[0].isalpha():
        return f"{chr(ord(symbol[0]) + n - 1)}{symbol[1:]}"
    return symbol


def _attribute(element, name: str) -> str | None:
    """An attribute by local name, whatever namespace prefix the file gives it."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _inline(element) -> str:
    """The text of a block element with its inline elements, layout white space resolved."""
    if element is None:
        return ""
    pieces: list[tuple[str, bool]] = []  # (text, is an italic suffix)
    _collect(element, pieces)
    return _resolve(pieces)


def _collect(element, pieces: list[tuple[str, bool]]) -> None:
    pieces.append((_mark(element.text or ""), False))
    for child in element:
        tag = _local(child.tag)
        if tag == "i" and "".join(child.itertext()).strip() in SUFFIXES:
            pieces.append(("".join(child.itertext()).strip(), True))
        else:  # inline markup (ref, b, sup ...): its text is part of the line
            _collect(child, pieces)
        pieces.append((_mark(child.tail or ""), False))


def _mark(text: str) -> str:
    return _LAYOUT_RUN.sub(_LAYOUT, text)


def _resolve(pieces: list[tuple[str, bool]]) -> str:
    text = ""
    for piece, suffix in pieces:
        if suffix and text.rstrip(_LAYOUT)[-1:].isdigit():
            text = text.rstrip(_LAYOUT)  # 372<i>bis</i>: the suffix joins its number
        text += piece
    text = text.strip(_LAYOUT)
    text = re.sub(_LAYOUT + r"+(?=[,.;:)])", "", text)
    text = re.sub(r"(?<=\()" + _LAYOUT + "+", "", text)
    return re.sub(_LAYOUT + "+", " ", text)
