"""Turtle, TriG and RDF/XML written straight from canonical N-Triples bytes.

The input is a graph as pyoxigraph's N-Triples serializer writes it (RDF 1.1 N-Triples,
section 2): one ``SUBJECT PREDICATE OBJECT .`` line per triple, single spaces between terms,
lines sorted bytewise, so the lines of one subject, and within it of one predicate, are
contiguous. The writers split lines and never build term objects; whatever is decided once per
IRI or datatype (prefixed name, QName, escaping) is cached.

* :func:`turtle` (RDF 1.1 Turtle, sections 2 and 6.5) and :func:`trig` (RDF 1.1 TriG, section
  2.2): IRIREF, STRING_LITERAL_QUOTE (ECHAR, UCHAR), LANGTAG and BLANK_NODE_LABEL are the same
  productions in N-Triples and Turtle, so terms are copied as they are, except IRIs shortened to
  ``prefix:local`` where the local part is plainly safe.
* :func:`rdfxml` (RDF 1.1 XML Syntax, sections 2 and 7): one ``rdf:Description`` per subject,
  property elements named by QNames, literals with their N-Triples escapes decoded and XML
  escaped.

The output depends on the input bytes and the ``prefixes`` mapping only (not on its order).
"""

from __future__ import annotations

import os
import pickle
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, NoReturn, TypeVar, cast

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = f"<{RDF}type>".encode()
_CHUNK = 1 << 18
V = TypeVar("V")
S = TypeVar("S")

# Turtle 6.5 PN_PREFIX and PN_LOCAL narrowed to ASCII letters, digits, "_" and "-": such a name
# never needs an escape and never ends in a "." that a parser would read as the end of a triple.
_PREFIX_NAME = re.compile(r"(?:[A-Za-z][A-Za-z0-9_-]*)?")
_SAFE_LOCAL = re.compile(rb"[A-Za-z_][A-Za-z0-9_-]*")
# Characters N-Triples 2.4 IRIREF forbids in an IRI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# XML 1.0 section 2.3 NameStartChar and NameChar, without ":" (Namespaces in XML, NCName).
_NAME_START = (
    "A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_MORE = "\\-.0-9\xb7\u0300-\u036f\u203f-\u2040"
_NCNAME = re.compile(f"[{_NAME_START}][{_NAME_START}{_NAME_MORE}]*")
_NCNAME_TAIL = re.compile(f"[{_NAME_START}][{_NAME_START}{_NAME_MORE}]*\\Z")
# XML 1.0 section 2.2 Char excludes these (as UTF-8: C0 controls but tab, LF, CR; U+FFFE/FFFF).
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
# What literal text may need decoded, escaped or refused (\xef leads U+FFFE, U+FFFF in UTF-8),
# and what an IRI may need decoded or escaped in an attribute value.
_TEXT_SPECIAL = re.compile(rb"[\\&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\xef]")
_IRI_SPECIAL = re.compile(rb'[\\&<>"\xef]')
# A "." or ".." path segment: an RDF/XML reader resolves it (RFC 3986 section 5.2.4) against the
# document's base, and reads another IRI (Jena does; pyoxigraph and rdflib keep it).
_DOT_SEGMENT = re.compile(r"/\.\.?(?=[/?#]|$)")
# RDF 1.1 XML Syntax 7.2.5 (coreSyntaxTerms), 7.2.3 (rdf:Description), 7.2.4 (oldTerms) may not
# name a property element; rdf:li would be read back as rdf:_1, rdf:_2... (section 7.4).
_NOT_PROPERTIES = frozenset(
    RDF + name
    for name in (
        *("RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype", "Description"),
        *("aboutEach", "aboutEachPrefix", "bagID", "li"),
    )
)
# N-Triples 2.4 ECHAR and UCHAR.
_ESCAPE = re.compile(rb"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHARS = {b"t": b"\t", b"b": b"\b", b"n": b"\n", b"r": b"\r", b"f": b"\f"}
_ECHARS.update({c: c for c in (b'"', b"'", b"\\")})


class _Memo(dict[bytes, V], Generic[V]):
    """A dict that computes a missing value once, with ``compute(key)``."""

    def __init__(self, compute: Callable[[bytes], V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: bytes) -> V:
        value = self[key] = self.compute(key)
        return value


def _line_chunks(nt: bytes) -> Iterator[list[bytes]]:
    """The lines of ``nt`` without their final `` .``, a list per chunk of about 256 KiB (which
    stays in the CPU cache while it is read). A line break ends each triple, and only there may
    N-Triples have one (literals escape theirs)."""
    start = 0
    while start < len(nt):
        end = nt.find(b"\n", start + _CHUNK) + 1 or len(nt)
        chunk = nt[start:end]
        lines = chunk.split(b" .\n")
        if lines.pop() or len(lines) != chunk.count(b"\n"):
            raise ValueError("not N-Triples: every line must end with ' .' and a line break")
        yield lines
        start = end


def _unsorted(line: bytes) -> ValueError:
    return ValueError(f"N-Triples lines are not sorted, at: {line.decode(errors='replace')}")


def _malformed(line: bytes) -> ValueError:
    return ValueError(f"not an N-Triples triple: {line.decode(errors='replace')}")


# ---------------------------------------------------------------- two processes

# From this many bytes of input, :func:`_in_two` has a forked process write the second half (a
# writer spends about a microsecond per triple in Python; pyoxigraph's serializers, in Rust, a
# third of that).
PARALLEL_MIN = 16 << 20


def _in_two(nt: bytes, work: Callable[[bytes], tuple[bytes, S]]) -> list[tuple[bytes, S]] | None:
    """``work`` on the two halves of ``nt`` (cut between two subjects), the second half in a
    forked child, the first in this process; None when ``nt`` is small, or when forking is
    unsafe or impossible here (no ``os.fork``, one CPU, other threads running), for the caller
    to do the work in one piece. The halves give the same bytes as the whole: each is sorted
    N-Triples, and the caller joins them as it joins two subjects."""
    if len(nt) < PARALLEL_MIN or not _can_fork():
        return None
    cut = _cut(nt)
    if cut is None:
        return None
    import tempfile

    with tempfile.TemporaryFile() as spool:  # the child's reply: faster than a pipe
        child = os.fork()
        if child == 0:  # pragma: no cover (the child's coverage is not collected)
            _child(spool.fileno(), work, nt[cut:])
        try:
            first = work(nt[:cut])
        except BaseException:
            os.kill(child, signal.SIGKILL)  # its half is of no use now
            raise
        finally:
            os.waitpid(child, 0)
        spool.seek(0)
        size = int.from_bytes(spool.read(8), "big")
        head = spool.read(size)
        failed, state, length = pickle.loads(head) if size and len(head) == size else (0, 0, -1)
        if failed:
            raise cast(BaseException, state)
        body = spool.read()
    if len(body) != length:  # the child died: do its half here
        return [first, work(nt[cut:])]
    return [first, (body, cast(S, state))]


def _can_fork() -> bool:
    """A fork is safe with this process's one thread (counting native ones, such as a store's,
    where Linux lists them) and pays with a second CPU to run on."""
    import threading

    if not hasattr(os, "fork"):
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        threads = threading.active_count()
    return cpus > 1 and threads == 1


def _cut(nt: bytes) -> int | None:
    """A line start near the middle of ``nt`` where a new subject begins, or None."""
    cut = nt.find(b"\n", len(nt) // 2) + 1
    if cut <= 0 or cut >= len(nt):
        return None
    before = nt[nt.rfind(b"\n", 0, cut - 1) + 1 : cut]
    subject = before[: before.find(b" ") + 1]
    while subject and nt.startswith(subject, cut):
        cut = nt.find(b"\n", cut) + 1
        if cut <= 0 or cut >= len(nt):
            return None
    if nt[cut : nt.find(b"\n", cut)] < before[:-1]:
        raise _unsorted(nt[cut : nt.find(b"\n", cut)])
    return cut


def _child(spool: int, work: Callable[[bytes], tuple[bytes, Any]], part: bytes) -> NoReturn:
    """Run ``work`` on ``part``; write (failed, state or error, body length), then the body, to
    the file ``spool``, and exit."""
    code = 0
    try:
        try:
            body, state = work(part)
            head = pickle.dumps((False, state, len(body)))
        except Exception as err:  # noqa: BLE001 (handed to the parent, which raises it)
            body, head = b"", pickle.dumps((True, err, 0))
        with open(spool, "wb", closefd=False) as out:
            out.write(len(head).to_bytes(8, "big") + head)
            out.write(body)
    except BaseException:  # noqa: BLE001 (a child never returns into the caller's code)
        code = 1
    finally:
        os._exit(code)


# ---------------------------------------------------------------- Turtle and TriG


def turtle(nt: bytes, prefixes: dict[str, str]) -> bytes:
    """``nt`` (sorted N-Triples) as RDF 1.1 Turtle: an ``@prefix`` line for each prefix used, by
    name, then one block per subject, in the order of ``nt``."""
    names = _TurtleNames(prefixes)
    body = _turtle_body(nt, names, b"")
    return b"".join([names.declarations(), *body])


def _turtle_body(nt: bytes, names: _TurtleNames, indent: bytes) -> list[bytes]:
    """The blocks of ``nt``; a large input is written in two halves by two processes."""

    def work(part: bytes) -> tuple[bytes, set[str]]:
        mine = _TurtleNames(names.prefixes)
        return b"".join(_blocks(part, mine, indent)), mine.used

    parts = _in_two(nt, work)
    if parts is None:
        return list(_blocks(nt, names, indent))
    (first, used_first), (second, used_second) = parts
    names.used |= used_first | used_second
    return [first, b"\n", second]  # the blank line between two blocks


def trig(graphs: Sequence[tuple[str, bytes]], prefixes: dict[str, str]) -> bytes:
    """``graphs`` (graph IRI, its sorted N-Triples) as RDF 1.1 TriG: the ``@prefix`` lines, then
    each graph in the given order as ``<graph> { ... }``; an empty IRI stands for the default
    graph (a bare ``{ ... }``), a graph without triples is left out."""
    names = _TurtleNames(prefixes)
    out = [b""]  # for the @prefix lines, as in turtle()
    for graph, nt in graphs:
        if _NOT_IN_IRI.search(graph):
            raise ValueError(f"not an IRI, cannot name a graph: {graph!r}")
        if nt:
            label = f"<{graph}> {{\n" if graph else "{\n"
            out.append(b"\n" + label.encode() if len(out) > 1 else label.encode())
            out.extend(_turtle_body(nt, names, b"    "))
            out.append(b"}\n")
    out[0] = names.declarations()
    return b"".join(out)


class _TurtleNames:
    """The Turtle form of IRIs and typed literals, and the prefixes that were needed."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        for name, namespace in prefixes.items():
            if not _PREFIX_NAME.fullmatch(name) or _NOT_IN_IRI.search(namespace) or not namespace:
                raise ValueError(f"cannot declare the prefix {name!r}: <{namespace}>")
        self.prefixes = prefixes
        self.name_of: dict[bytes, str] = {}
        for name, namespace in sorted(prefixes.items()):
            self.name_of.setdefault(namespace.encode(), name)
        # One regex for all namespaces, the longest first: the longest one whose rest is a safe
        # local name wins.
        longest_first = sorted(self.name_of, key=len, reverse=True)
        alternatives = b"|".join(map(re.escape, longest_first))
        self.prefixed = re.compile(b"<(" + alternatives + b")(" + _SAFE_LOCAL.pattern + b")>")
        # What an IRI that may be shortened starts with: most IRIs of the data are in no
        # namespace, and this test (in C) spares them the regex and the cache.
        self.starts = tuple(b"<" + namespace for namespace in self.name_of)
        self.used: set[str] = set()
        self.terms = _Memo(self._term)
        self.verbs = _Memo(lambda p: b"a" if p == RDF_TYPE else self.terms[p])

    def declarations(self) -> bytes:
        lines = [f"@prefix {name}: <{self.prefixes[name]}> .\n" for name in sorted(self.used)]
        return "".join(lines).encode() + b"\n" if lines else b""

    def _term(self, term: bytes) -> bytes:
        """An IRI ``<...>`` or a typed literal ``"..."^^<...>``, in Turtle."""
        if term.startswith(b'"'):
            lexical, _, datatype = term.rpartition(b"^^")
            return lexical + b"^^" + self.terms[datatype]
        if not term.startswith(b"<") or term.startswith(b"<<"):
            raise ValueError(f"not an N-Triples IRI or literal: {term.decode(errors='replace')}")
        found = self.prefixed.fullmatch(term) if self.name_of else None
        if found is None:
            return term
        name = self.name_of[found[1]]
        self.used.add(name)
        return name.encode() + b":" + found[2]


def _blocks(nt: bytes, names: _TurtleNames, indent: bytes) -> Iterator[bytes]:
    """One block per subject: the subject, then its predicates on indented lines separated by
    `` ;``, each with its objects separated by `` , ``, the last ending with `` .``; the text
    comes a chunk of ``nt`` at a time."""
    terms, verbs, starts = names.terms, names.verbs, names.starts
    pad = indent + b"    "
    heads = _Memo(lambda p: b" ;\n" + pad + verbs[p] + b" ")
    subject = predicate = b""
    for lines in _line_chunks(nt):
        out: list[bytes] = []
        add = out.append
        for line in lines:
            try:
                s, p, o = line.split(b" ", 2)
                if o[-1] == 62 and (o[0] == 34 or o.startswith(starts)):  # typed literal or IRI
                    o = terms[o]
            except (ValueError, IndexError):  # too few terms, an empty one
                raise _malformed(line) from None
            if s != subject:
                if subject:
                    if s < subject:
                        raise _unsorted(line)
                    add(b" .\n\n")
                add(indent + (terms[s] if s.startswith(starts) else s) + heads[p][2:])
                subject, predicate = s, p
            elif p != predicate:
                add(heads[p])
                predicate = p
            else:
                add(b" , ")
            add(o)
        yield b"".join(out)
    if subject:
        yield b" .\n"


# ---------------------------------------------------------------- RDF/XML


def rdfxml(nt: bytes, prefixes: dict[str, str]) -> bytes:
    """``nt`` (sorted N-Triples) as RDF 1.1 XML Syntax: one ``rdf:Description`` per subject, in
    the order of ``nt``. Raises ValueError for a predicate that has no QName and for a literal
    holding a character that XML 1.0 does not allow."""
    names = _XmlNames(prefixes)

    def work(part: bytes) -> tuple[bytes, tuple[dict[str, str], dict[str, str]]]:
        mine = _XmlNames(prefixes)
        return b"".join(_descriptions(part, mine)), (mine.used, mine.generated)

    parts = _in_two(nt, work)
    if parts is None or any(generated for _, (_, generated) in parts):
        # generated prefixes are numbered in the order of the whole input: one process
        body = list(_descriptions(nt, names))
    else:
        (first, (used_first, _)), (second, (used_second, _)) = parts
        names.used.update(used_first)
        names.used.update(used_second)
        body = [first, second]
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF' + names.declarations() + b">\n"
    return b"".join([head, *body, b"</rdf:RDF>\n"])


class _XmlNames:
    """QNames of predicates and the namespaces they need (given prefixes, else ``ns1``... in
    the order the namespaces are first met)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefix_of = {RDF: "rdf"}
        for name, namespace in sorted(prefixes.items()):
            usable = _NCNAME.fullmatch(name) and not name.lower().startswith("xml")
            if usable and namespace and not _NOT_IN_IRI.search(namespace):
                self.prefix_of.setdefault(namespace, name)
        self.namespaces = sorted(self.prefix_of.items(), key=lambda i: (-len(i[0]), i[1]))
        self.taken = set(prefixes) | {"rdf"}
        self.used = {"rdf": RDF}
        self.generated: dict[str, str] = {}  # namespace: name
        # A predicate's property element: the start of its start tag, and its end tag.
        self.elements = _Memo(self._element)
        self.attributes = _Memo(_attributes)

    def declarations(self) -> bytes:
        pairs = [*sorted(self.used.items()), *((n, ns) for ns, n in self.generated.items())]
        return b"".join(b"\n    xmlns:" + n.encode() + b'="' + _value(ns) + b'"' for n, ns in pairs)

    def _element(self, predicate: bytes) -> tuple[bytes, bytes]:
        tag = self._tag(predicate)
        return b"    <" + tag, b"</" + tag + b">\n"

    def _tag(self, predicate: bytes) -> bytes:
        """The QName of a predicate: a given namespace when the rest is an NCName, else the
        longest NCName that ends the IRI, under a generated prefix."""
        iri = _iri(predicate)
        if iri in _NOT_PROPERTIES:
            raise ValueError(f"RDF/XML cannot use <{iri}> as a property (RDF 1.1 XML Syntax 7.2)")
        for namespace, name in self.namespaces:
            if iri.startswith(namespace) and _NCNAME.fullmatch(iri, len(namespace)):
                self.used[name] = namespace
                return f"{name}:{iri[len(namespace) :]}".encode()
        tail = _NCNAME_TAIL.search(iri)
        if tail is None:
            raise ValueError(
                f"RDF/XML cannot write the predicate <{iri}>: its IRI does not end in an XML "
                "name (NCName), so it has no QName"
            )
        namespace = iri[: tail.start()]
        if namespace not in self.generated:
            number = len(self.generated) + 1
            while f"ns{number}" in self.taken:
                number += 1
            self.taken.add(f"ns{number}")
            self.generated[namespace] = f"ns{number}"
        return f"{self.generated[namespace]}:{tail[0]}".encode()


def _descriptions(nt: bytes, names: _XmlNames) -> Iterator[bytes]:
    """An ``rdf:Description`` per subject with a property element per triple, a chunk of ``nt``
    at a time."""
    elements, attributes = names.elements, names.attributes
    special = _TEXT_SPECIAL.search
    subject = b""
    for lines in _line_chunks(nt):
        out: list[bytes] = []
        add = out.append
        for line in lines:
            try:
                s, p, o = line.split(b" ", 2)
                first = o[0]
            except (ValueError, IndexError):  # too few terms, an empty one
                raise _malformed(line) from None
            if s != subject:
                if subject:
                    if s < subject:
                        raise _unsorted(line)
                    add(b"  </rdf:Description>\n")
                add(_description(s))
                subject = s
            if first == 34:  # '"': a literal, then nothing, @lang or ^^<datatype>
                quoted, _, suffix = o.rpartition(b'"')
                text = quoted[1:]
                if special(text):
                    text = _text(text, s)
                start, end = elements[p]
                add(start + attributes[suffix] + text + end)
            else:
                add(elements[p][0] + attributes[o])
        yield b"".join(out)
    if subject:
        yield b"  </rdf:Description>\n"


def _description(term: bytes) -> bytes:
    if term[0] == 60 and b"/." not in term and not _IRI_SPECIAL.search(term, 1, len(term) - 1):
        return b'  <rdf:Description rdf:about="' + term[1:-1] + b'">\n'  # the common case
    if term.startswith(b"_:"):
        return b'  <rdf:Description rdf:nodeID="' + _node_id(term) + b'">\n'
    return b'  <rdf:Description rdf:about="' + _iri_value(term) + b'">\n'


def _attributes(term: bytes) -> bytes:
    """What follows the name of a property element: for a literal, the attributes its suffix
    (``@lang``, ``^^<datatype>``) asks for; for an IRI or a blank node, the whole empty element."""
    if not term:
        return b">"
    if term.startswith(b"@"):
        return b' xml:lang="' + term[1:] + b'">'
    if term.startswith(b"^^"):
        return b' rdf:datatype="' + _iri_value(term[2:]) + b'">'
    if term.startswith(b"_:"):
        return b' rdf:nodeID="' + _node_id(term) + b'"/>\n'
    return b' rdf:resource="' + _iri_value(term) + b'"/>\n'


def _node_id(term: bytes) -> bytes:
    """An NCName for a blank node (RDF 1.1 XML Syntax 2.10): its label when that is one and
    does not start with "x", else "x" and the label in hex; no two labels share a name."""
    label = term[2:]
    if _NCNAME.fullmatch(label.decode()) and not label.startswith(b"x"):
        return label
    return b"x" + label.hex().encode()


def _iri(term: bytes) -> str:
    """The IRI of an N-Triples ``<...>`` term, its UCHAR escapes decoded."""
    if not term.startswith(b"<") or term.startswith(b"<<") or not term.endswith(b">"):
        raise ValueError(f"not an N-Triples IRI: {term.decode(errors='replace')}")
    iri = term[1:-1]
    return (_ESCAPE.sub(_unescape, iri) if b"\\" in iri else iri).decode()


def _iri_value(term: bytes) -> bytes:
    """An N-Triples IRI term as an XML attribute value."""
    plain = b"/." not in term and not _IRI_SPECIAL.search(term, 1, len(term) - 1)
    if plain and term[:1] == b"<" and term[-1:] == b">":
        return term[1:-1]  # the common case: nothing to decode, escape or refuse
    return _value(_iri(term))


def _value(iri: str) -> bytes:
    """An IRI as an XML attribute value."""
    data = iri.encode()
    if _NOT_XML.search(data):
        raise ValueError(f"XML 1.0 cannot hold the IRI <{iri}>")
    if _DOT_SEGMENT.search(iri):
        raise ValueError(
            f"RDF/XML cannot hold the IRI <{iri}>: a reader would resolve its '.' or '..' "
            "segments into another IRI"
        )
    return _escaped(data).replace(b'"', b"&quot;")


def _text(text: bytes, subject: bytes) -> bytes:
    """A literal's text, its ECHAR and UCHAR escapes decoded, as XML character data; raises
    ValueError when XML 1.0 cannot hold it."""
    where = subject.decode(errors="replace")
    try:
        text = _ESCAPE.sub(_unescape, text) if b"\\" in text else text
    except (KeyError, ValueError) as error:  # an unknown ECHAR, a surrogate, out of range
        raise ValueError(f"a literal of {where} has an invalid N-Triples escape") from error
    if _NOT_XML.search(text):
        raise ValueError(
            f"a literal of {where} holds a character that XML 1.0 does not allow (a control "
            "character other than tab, LF and CR, or U+FFFE, U+FFFF): RDF/XML cannot hold it"
        )
    return _escaped(text)


def _unescape(match: re.Match[bytes]) -> bytes:
    if match[3] is not None:
        return _ECHARS[match[3]]
    return chr(int(match[1] or match[2], 16)).encode()


def _escaped(text: bytes) -> bytes:
    """``&``, ``<``, ``>`` as entities; a CR as a character reference, as XML would otherwise
    read it as a line feed (XML 1.0 section 2.11)."""
    text = text.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    return text.replace(b"\r", b"&#13;")
