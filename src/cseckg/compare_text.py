"""English text patterns for the conditions of a definition, kept only as a consistency check.

``cseckg compare`` reads every condition it reports from the data (:mod:`cseckg.conditions`).
These patterns read the same conditions off an English definition's text (age threshold, the
majority exception, a lower age a State may set, the means of trafficking, remuneration); a test
runs them over the English definitions and fails where they find a condition that the curated
data lacks or contradicts. They cannot read other languages ("mineur de moins de seize ans",
"Person unter vierzehn Jahren"), which is why they are not what compare shows.
"""

from __future__ import annotations

import re

NUMBERS = {
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "fifteen": 15,
    "fourteen": 14,
    "twelve": 12,
    "thirteen": 13,
}
_AGE = re.compile(
    r"\b(?:under|below|(?<!not )less than)\s+(?:the\s+age\s+of\s+)?(\d+|"
    + "|".join(NUMBERS)
    + r")\b",
    re.IGNORECASE,
)
_LOWER = re.compile(r"lower age.limit.*?not less than (\d+|\w+)", re.IGNORECASE | re.S)
MEANS = (
    ("threat", r"\bthreat"),
    ("force", r"\bforce\b"),
    ("coercion", r"\bcoercion"),
    ("abduction", r"\babduction"),
    ("fraud", r"\bfraud"),
    ("deception", r"\bdeception"),
    ("abuse of power", r"abuse of power"),
    ("position of vulnerability", r"vulnerab"),
    ("payments or benefits", r"payments or benefits"),
)


def age_threshold(text: str) -> str:
    ages = {_number(m.group(1)) for m in _AGE.finditer(text)}
    ages.discard(None)
    return ", ".join(f"under {a}" for a in sorted(ages))  # type: ignore[type-var]


def majority_exception(text: str) -> str:
    lowered = text.lower()
    if "majority" in lowered and ("unless" in lowered or "earlier" in lowered):
        return "unless majority is attained earlier under the applicable law"
    return ""


def lower_age(text: str) -> str:
    found = _LOWER.search(text)
    return f"a State may set a lower age, not less than {found.group(1)}" if found else ""


def means(text: str) -> str:
    lowered = text.lower()
    if re.search(r"even if (?:this does not involve any|none) of the means", lowered):
        return "none required where the victim is a child"
    return ", ".join(name for name, pattern in MEANS if re.search(pattern, lowered))


def remuneration(text: str) -> str:
    lowered = text.lower()
    found = [w for w in ("remuneration", "consideration", "cash or kind") if w in lowered]
    return ", ".join(found)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBERS.get(word.lower())


RULES = (
    ("age limit", age_threshold),
    ("majority exception", majority_exception),
    ("lower age permitted", lower_age),
    ("means", means),
    ("remuneration", remuneration),
)
