"""The query language of ``cseckg search`` and ``/search``.

* ``sale children``: every word must match (in any field and language), best matches first;
* ``"sale of children"``: the words next to each other, in this order;
* ``exploit*``: any word starting with ``exploit`` (at least 2 letters before the ``*``);
* ``prostitution OR prostitué``: either (``OR`` in capitals binds the terms on each side);
* ``-tourism``: no document with that word (or ``-"a phrase"``).

Words are runs of letters and digits; other characters separate them, and a run of words joined
by punctuation (``d'enfants``, ``2(a)``) is a phrase. Anything the grammar cannot read raises
:class:`QuerySyntaxError` with one line saying what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cseckg.errors import InputError
from cseckg.fulltext import analysis

MAX_CLAUSES = 32
_CHUNK = re.compile(r'(-?)"([^"]*)("?)(\*?)|(\S+)')


class QuerySyntaxError(InputError):
    def __init__(self, problem: str) -> None:
        super().__init__(f"bad query: {problem}")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
    prefix: bool = False  # the (single) word is a prefix


@dataclass(frozen=True)
class Clause:
    alternatives: tuple[Term, ...]  # any of them matches
    excluded: bool = False


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]

    @property
    def plain(self) -> bool:
        """Single words only: no phrase, prefix, OR or exclusion (typos can be corrected)."""
        return all(
            not c.excluded and len(c.alternatives) == 1 and _plain(c.alternatives[0])
            for c in self.clauses
        )


def _plain(term: Term) -> bool:
    return len(term.words) == 1 and not term.prefix


def parse(text: str) -> Query:
    """The query ``text`` as clauses that must all match (excluded ones must not)."""
    items: list[Clause | str] = []
    for match in _CHUNK.finditer(text):
        minus, phrase, closed, star, chunk = match.groups()
        if chunk is None:
            items.append(_phrase(phrase, closed, star, bool(minus)))
        elif chunk == "OR":
            items.append("OR")
        else:
            clause = _chunk(chunk)
            if clause is not None:
                items.append(clause)
    clauses = _combine(items)
    if not clauses:
        raise InputError("nothing to search for: the text is empty")
    if all(c.excluded for c in clauses):
        raise QuerySyntaxError("it only excludes words (-word); add a word to look for")
    if len(clauses) > MAX_CLAUSES:
        raise QuerySyntaxError(f"more than {MAX_CLAUSES} terms")
    return Query(tuple(clauses))


def _phrase(text: str, closed: str, star: str, excluded: bool) -> Clause:
    if not closed:
        raise QuerySyntaxError('a quotation mark is not closed: write "sale of children"')
    if star:
        raise QuerySyntaxError('"*" ends a word, not a phrase: write exploit*')
    words = tuple(analysis.words(text))
    if not words:
        raise QuerySyntaxError('an empty phrase ""')
    return Clause((Term(words),), excluded)


def _chunk(chunk: str) -> Clause | None:
    excluded = chunk.startswith("-") and len(chunk) > 1
    body = chunk[1:] if excluded else chunk
    if body.startswith('"'):
        raise QuerySyntaxError('a quotation mark is not closed: write "sale of children"')
    prefix = body.endswith("*")
    if "*" in body.rstrip("*") or body.endswith("**"):
        raise QuerySyntaxError(f'"*" must end a word: {chunk!r}; write exploit*')
    words = tuple(analysis.words(body))
    if not words:
        if prefix:
            raise QuerySyntaxError('"*" must follow at least 2 letters: write exploit*')
        return None  # punctuation alone: a separator
    if prefix and (len(words) > 1 or len(words[0]) < 2):
        raise QuerySyntaxError(f"a prefix is one word of at least 2 letters: not {chunk!r}")
    return Clause((Term(words, prefix),), excluded)


def _combine(items: list[Clause | str]) -> list[Clause]:
    clauses: list[Clause] = []
    joining = False
    for n, item in enumerate(items):
        if item == "OR":
            previous = items[n - 1] if n else None
            following = items[n + 1] if n + 1 < len(items) else None
            for side in (previous, following):
                if not isinstance(side, Clause) or side.excluded:
                    raise QuerySyntaxError("OR needs a term on each side: a OR b")
            joining = True
        elif isinstance(item, Clause):
            if joining:
                clauses[-1] = Clause(clauses[-1].alternatives + item.alternatives)
                joining = False
            else:
                clauses.append(item)
    return clauses
