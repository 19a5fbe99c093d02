"""The passage shown with a hit, with the words that matched the query marked.

A word is marked when its analysed form (by the analyser of its text's language) is one of the
query's terms in that language, so "remunerated" marks "remuneration" and ``exploit*`` marks
"exploitation". The passage is the stored text with the most distinct marked terms: for texts
(definitions, provisions, advice, values) their text before their label, for the rest their
label first. A long text is cut to a window of about :data:`WIDTH` characters around the
densest marks, at word boundaries, with "…" where it was cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cseckg.fulltext import analysis

WIDTH = 240
BEFORE = 60  # characters of context kept before the first mark of the window
TEXTS_FIRST = ("definition", "provision", "note", "label")
LABELS_FIRST = ("label", "definition", "provision", "note")
TEXT_KINDS = {"definition", "provision", "terminology advice", "value"}


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]  # (start, end) character offsets into ``text``
    field: str  # label, definition, provision or note
    lang: str  # the analyser's language code (xx: other or untagged)


def best(kind: str, texts: Mapping[str, list[str]], wanted: Mapping[str, set[str]]) -> Snippet:
    """The passage of ``texts`` (field -> stored values) that shows ``wanted`` (language code
    -> analysed query terms) best."""
    order = TEXTS_FIRST if kind in TEXT_KINDS else LABELS_FIRST
    chosen: tuple | None = None
    for rank, field_kind in enumerate(order):
        for code in analysis.CODES:
            for stored in texts.get(f"{field_kind}_{code}", []):
                text = " ".join(stored.split())  # one line, so offsets match what is shown
                marks = _marks(text, code, wanted.get(code, set()))
                distinct = len({text[a:b].casefold() for a, b in marks})
                key = (-distinct, rank)
                if chosen is None or key < chosen[0]:
                    chosen = (key, text, marks, field_kind, code)
    if chosen is None:
        return Snippet("", (), "", "")
    _, text, marks, field_kind, code = chosen
    shown, shifted = window(text, marks)
    return Snippet(shown, shifted, field_kind, code)


def _marks(text: str, code: str, wanted: set[str]) -> list[tuple[int, int]]:
    if not wanted:
        return []
    return [
        (a, b) for a, b in analysis.spans(text) if set(analysis.terms(code, text[a:b])) & wanted
    ]


def window(text: str, marks: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``text`` cut around the densest marks, and the marks' offsets in the cut text."""
    if len(text) <= WIDTH:
        return text, tuple(marks)
    anchor = _densest(marks)
    start = 0 if anchor <= BEFORE else _word_start(text, anchor - BEFORE)
    end = _word_end(text, min(len(text), start + WIDTH))
    head = "…" if start else ""
    tail = "…" if end < len(text) else ""
    offset = len(head) - start
    inside = tuple((a + offset, b + offset) for a, b in marks if a >= start and b <= end)
    return head + text[start:end] + tail, inside


def _densest(marks: list[tuple[int, int]]) -> int:
    """The start of the mark that begins the window holding the most marks (0 when none)."""
    best_start, best_count = 0, 0
    for a, _ in marks:
        count = sum(1 for x, y in marks if x >= a and y <= a + WIDTH - BEFORE)
        if count > best_count:
            best_start, best_count = a, count
    return best_start


def _word_start(text: str, at: int) -> int:
    space = text.find(" ", at)
    return at if space == -1 else space + 1


def _word_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", 0, at)
    return at if space <= 0 else space
