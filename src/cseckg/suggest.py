"""Closest labels and words for what a person mistyped, with RapidFuzz.

:func:`labels` ranks whole labels by RapidFuzz's weighted ratio (``WRatio``: the better of the
plain and partial Indel similarities, so a typo in a word of a longer label is found too), among
the :data:`SHORTLIST` labels closest by the plain ratio (cheaper: a graph of 1M triples has
about 67,000 labels);
:func:`word` corrects one word against a vocabulary by the plain Indel ratio, the more frequent
word first among equals. Both compare normalised text (lower case, no accents).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SHORTLIST = 300
LABEL_CUTOFF = 70.0  # WRatio below this is not a plausible typo of the label
WORD_CUTOFF = 70.0  # Indel ratio: "chlid" -> "child" is 80, "prostitue" -> "prostitute" 95


def labels(typed: str, keys: Iterable[str], n: int = 5) -> tuple[str, ...]:
    """The ``n`` labels of ``keys`` closest to ``typed`` (both normalised), best first."""
    from rapidfuzz import fuzz, process

    if not typed:
        return ()
    choices = list(dict.fromkeys(keys))
    shortlist = [
        c for c, _, _ in process.extract(typed, choices, scorer=fuzz.ratio, limit=SHORTLIST)
    ]
    found = process.extract(
        typed, shortlist, scorer=fuzz.WRatio, limit=max(4 * n, 20), score_cutoff=LABEL_CUTOFF
    )
    ranked = sorted(found, key=lambda f: (-round(f[1], 1), len(f[0]), f[0]))
    return tuple(choice for choice, _, _ in ranked[:n])


def word(typed: str, vocabulary: Sequence[tuple[str, int]]) -> str | None:
    """The word of ``vocabulary`` ((word, frequency) pairs) closest to ``typed``, or None."""
    from rapidfuzz import fuzz, process

    words = [w for w, _ in vocabulary]
    found = process.extract(typed, words, scorer=fuzz.ratio, limit=10, score_cutoff=WORD_CUTOFF)
    if not found:
        return None
    frequency = dict(vocabulary)
    best = max(found, key=lambda f: (round(f[1], 1), frequency.get(f[0], 0), -len(f[0])))
    return best[0]
