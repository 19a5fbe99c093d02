"""A small SPARQL 1.1 tokenizer: what a query does, read without running it.

It follows the terminals of the SPARQL 1.1 Query grammar (section 19.8): comments, the four
string forms (``STRING_LITERAL1`` .. ``STRING_LITERAL_LONG2``), ``IRIREF`` (no spaces, quotes,
braces or ``<`` inside, so ``?a < ?b`` stays an operator), variables, language tags and words.
Keywords are the words without a colon (a colon makes a prefixed name or a blank node label), so a
keyword inside a string, an IRI, a comment or a prefixed name (``ex:service``) is never taken for
one. Used to refuse network and update forms before a query runs, to tell its form, and to find
where the remote VALUES block goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cseckg.errors import InputError

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)
             | \"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
             | '(?:[^'\\\n]|\\.)*'?
             | "(?:[^"\\\n]|\\.)*"?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[^\W\d][\w.\-]*(?::[\w.\-:%\\]*)?|:[\w.\-:%\\]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
# SPARQL 1.1 Update operations (SPARQL 1.1 Update, section 3): never run by `query`.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
# What makes a local query reach outside the store: SERVICE (Federated Query, section 2) and a
# dataset clause (Query, section 13.2: FROM / FROM NAMED).
NETWORK_KEYWORDS = frozenset({"SERVICE", "FROM"})


@dataclass(frozen=True)
class Token:
    kind: str  # space, comment, string, iri, var, lang, word, other
    text: str
    start: int

    @property
    def keyword(self) -> str:
        """The upper-cased keyword, or an empty string for a prefixed name or anything else."""
        if self.kind != "word" or ":" in self.text:
            return ""
        return self.text.rstrip(".").upper()


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (white space and comments are skipped)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def keywords(text: str) -> list[str]:
    return [t.keyword for t in tokens(text) if t.keyword]


def form(text: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe``; an empty string when there is none."""
    return next((k.lower() for k in keywords(text) if k in FORMS), "")


def variables(text: str) -> frozenset[str]:
    """The names of the variables the query mentions (``?x`` and ``$x`` alike)."""
    return frozenset(t.text[1:] for t in tokens(text) if t.kind == "var")


def check(text: str, *, allow_network: bool, source: str) -> None:
    """Refuse update forms always, and SERVICE / FROM unless ``allow_network``."""
    found = keywords(text)
    update = next((k for k in found if k in UPDATE_KEYWORDS), None)
    if update:
        raise InputError(f"{source}: {update} is a SPARQL Update operation; only queries run here")
    network = next((k for k in found if k in NETWORK_KEYWORDS), None)
    if network and not allow_network:
        raise InputError(
            f"{source}: the query uses {network}, which reads outside the local graph; "
            "refused without --allow-network"
        )


def where_brace(text: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group.

    For CONSTRUCT with a template, the template's braces are skipped first (Query, section 16.2).
    """
    depth, skip_template = 0, form(text) == "construct"
    seen_construct = False
    for token in tokens(text):
        if token.keyword == "CONSTRUCT":
            seen_construct = True
        elif token.keyword == "WHERE" and seen_construct:
            skip_template = False
        elif token.text == "{":
            if not skip_template and depth == 0:
                return token.start + 1
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
    raise InputError("the query has no WHERE group to bind parameters in")
