"""``cseckg compare CONCEPT``: the definitions of one concept side by side, and what differs.

The differences are read off each definition's text by the patterns below (age threshold, the
majority exception, a lower age a State may set, the means of trafficking, the scope of material,
remuneration). They point a reader at what to compare; they are not a legal interpretation, and
the texts themselves are always shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from cseckg import trace as tracing

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
SCOPE = (
    ("any representation, by whatever means", r"by whatever means"),
    ("visual material only", r"visually depict"),
    ("real or simulated", r"real or simulated"),
    ("sexual parts or organs", r"sexual (?:parts|organs)"),
    ("for primarily sexual purposes", r"primarily sexual purpose"),
    ("persons appearing to be minors", r"appearing to be a minor"),
    ("realistic images", r"realistic images"),
)


@dataclass(frozen=True)
class Column:
    definition: str
    source: str  # the source provision's label, or who states it where there is none
    related: tuple[str, ...]  # labels of provisions it relates to that are not its source
    stated_by: str
    relation: str
    status: str
    lang: str
    text: str


@dataclass(frozen=True)
class Feature:
    name: str
    values: tuple[str, ...]  # one per column, "" where the text says nothing

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


@dataclass(frozen=True)
class Comparison:
    concept: str
    concept_label: str
    columns: tuple[Column, ...]
    features: tuple[Feature, ...]


def compare(store: ox.Store, text: str, lang: str | None = "en") -> Comparison:
    """Definitions of the concept matching ``text`` (in ``lang``; None for all languages)."""
    found = tracing.trace(store, text)
    chosen = [d for d in found.definitions if lang in (None, d.lang)]
    columns = tuple(_column(d) for d in chosen)
    features = tuple(
        f for f in (_feature(name, rule, columns) for name, rule in RULES) if any(f.values)
    )
    return Comparison(found.concept, found.concept_label, columns, features)


def _column(d: tracing.Definition) -> Column:
    source = d.provision.label if d.provision else d.stated_by
    return Column(
        definition=d.iri,
        source=source,
        related=tuple(p.label for p in d.related),
        stated_by=d.stated_by,
        relation=d.relation,
        status=d.verification.status,
        lang=d.lang,
        text=d.text,
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


def scope(text: str) -> str:
    lowered = text.lower()
    return "; ".join(name for name, pattern in SCOPE if re.search(pattern, lowered))


def remuneration(text: str) -> str:
    lowered = text.lower()
    found = [w for w in ("remuneration", "consideration", "cash or kind") if w in lowered]
    return ", ".join(found)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBERS.get(word.lower())


RULES = (
    ("age threshold", age_threshold),
    ("exception", majority_exception),
    ("lower age permitted", lower_age),
    ("means", means),
    ("scope", scope),
    ("remuneration", remuneration),
)


def _feature(name: str, rule, columns: tuple[Column, ...]) -> Feature:
    return Feature(name, tuple(rule(c.text) for c in columns))
