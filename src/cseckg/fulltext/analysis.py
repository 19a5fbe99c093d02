"""Fields, weights and the per-language analysers of the full-text index.

Every text goes to one field per kind of text and language: ``label_en``, ``definition_fr``,
``provision_de``, ``note_it``; ``*_xx`` hold literals in any other language and untagged ones.
Kinds weigh differently (:data:`WEIGHTS`): labels above definition texts above provision texts.

Each language has its own analyser, chosen by the literal's language tag: Tantivy's simple
tokenizer (runs of letters and digits), lower case, the Snowball stemmer of the language
(English, French, German, Italian), then ASCII folding. Folding comes after stemming so that the
stemmer sees words as written ("exploités" -> "exploit"). ``xx`` is folded, not stemmed. A query
word is analysed by the analyser of each field it is looked for in, so "remunerated" finds
"remuneration" in English texts, "enfants" finds "enfant" in French ones and "Kinder" finds
"Kind" in German ones, whatever language the query is in.

``words_<lang>`` fields hold the words as written (folded, not stemmed, frequencies only): their
term dictionaries expand prefix queries and correct typos.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

LANGUAGES = {"en": "english", "fr": "french", "de": "german", "it": "italian"}
OTHER = "xx"
CODES = (*LANGUAGES, OTHER)
WEIGHTS = {"label": 4.0, "definition": 2.0, "provision": 1.0, "note": 0.8}
TEXT_FIELDS = tuple(f"{kind}_{code}" for kind in WEIGHTS for code in CODES)
LONGEST = 60  # bytes; longer tokens (a URL without separators ...) are not indexed

_WORD = re.compile(r"[^\W_]+")  # letters and digits, as Tantivy's simple tokenizer splits
_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def language(tag: str) -> str:
    """The analyser code for a language tag: ``en-GB`` -> ``en``; others and none -> ``xx``."""
    primary = tag.split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else OTHER


def valid_tag(tag: str) -> bool:
    return bool(_TAG.fullmatch(tag))


def field(kind: str, tag: str) -> str:
    return f"{kind}_{language(tag)}"


def words_field(code: str) -> str:
    return f"words_{code}"


def text_fields(codes: tuple[str, ...] = CODES) -> list[str]:
    return [f"{kind}_{code}" for kind in WEIGHTS for code in codes]


def weight(field_name: str) -> float:
    return WEIGHTS[field_name.rsplit("_", 1)[0]]


def code_of(field_name: str) -> str:
    return field_name.rsplit("_", 1)[1]


def tokenizer_name(code: str) -> str:
    return f"cseckg_{code}"


@functools.cache
def analyser(code: str) -> Any:
    """The Tantivy analyser of one language code (``xx``: no stemming)."""
    import tantivy

    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    builder = builder.filter(tantivy.Filter.remove_long(LONGEST))
    builder = builder.filter(tantivy.Filter.lowercase())
    if code in LANGUAGES:
        builder = builder.filter(tantivy.Filter.stemmer(LANGUAGES[code]))
    return builder.filter(tantivy.Filter.ascii_fold()).build()


def register(index: Any) -> None:
    """Tantivy keeps analysers' names, not the analysers: register them on every open."""
    for code in CODES:
        index.register_tokenizer(tokenizer_name(code), analyser(code))


@functools.cache
def terms(code: str, word: str) -> tuple[str, ...]:
    """The indexed terms of ``word`` in language ``code`` (usually one)."""
    return tuple(analyser(code).analyze(word))


def prepared(text: str) -> str:
    """Texts are indexed in NFC, so that an accent is part of its letter, never a separator."""
    return unicodedata.normalize("NFC", text)


def spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character offsets of the words of ``text``."""
    return [m.span() for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)
