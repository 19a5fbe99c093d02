"""Searching the index: a parsed query as a Tantivy query, the filters, the ranked hits.

Each clause of the query (:mod:`cseckg.fulltext.syntax`) must match in at least one field: a
word is analysed by the analyser of each language field it is looked for in, a phrase by
position, a prefix is expanded (at most :data:`EXPANSIONS` of the most frequent words with that
beginning, by the ``words_<lang>`` term dictionaries) into the terms of those words. Scores are
Tantivy's BM25 (k1 1.2, b 0.75) per field, times the field's weight
(:data:`cseckg.fulltext.analysis.WEIGHTS`), summed, then times log2(2 + boost) (concepts 1.58).
Filters (kind, language, instrument, jurisdiction) restrict the documents without scoring.

When nothing matches, the closest labels are suggested and, for a query of plain words, each
word the index does not know is replaced by the closest word it knows and the search runs again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cseckg import lookup, suggest, textindex
from cseckg.errors import InputError
from cseckg.fulltext import analysis, documents, snippets, syntax

EXPANSIONS = 64
EXACT_LABEL = 30.0  # added (times BM25 of the key) when a label equals the words typed
PHRASE = 3.0  # added (times BM25 of the phrase) where the words typed stand together, in order
INSTRUMENT = "https://w3id.org/cseckg/instrument/"
JURISDICTION = "https://w3id.org/cseckg/jurisdiction/"


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    lang: str | None = None
    instrument: str | None = None  # an IRI, instrument:SLUG, a slug, a title or a short name
    jurisdiction: str | None = None  # a code (lu, eu, coe, int) or an IRI


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    score: float
    snippet: snippets.Snippet
    unverified: bool  # the text comes from no confirmed source: never shown as a quote


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int  # documents that match
    hits: tuple[Hit, ...]
    corrected: str  # the query that ran instead, when the typed one matched nothing
    suggestions: tuple[str, ...]  # closest labels, when the typed query matched nothing


class Engine:
    def __init__(self, index: Any) -> None:
        import tantivy

        self.tantivy = tantivy
        self.schema = index.schema
        self.searcher = index.searcher()

    def search(self, text: str, filters: Filters = Filters(), limit: int = 20) -> SearchResult:
        if limit < 1:
            raise InputError("--limit must be at least 1")
        query = syntax.parse(text)
        restrict = self._filters(filters)
        codes = (analysis.language(filters.lang),) if filters.lang else analysis.CODES
        hits, total = self._run(query, restrict, codes, limit)
        if total:
            return SearchResult(text, total, hits, "", ())
        typed = textindex.normalise(text)
        suggestions = suggest.labels(typed, (k for k, _ in self._terms("key", "")))
        better = self._corrected(query)
        if better is None:
            return SearchResult(text, 0, (), "", suggestions)
        hits, total = self._run(syntax.parse(better), restrict, codes, limit)
        return SearchResult(text, total, hits, better, suggestions)

    def _run(self, query: syntax.Query, restrict: list, codes: tuple, limit: int):
        occur, q = self.tantivy.Occur, self.tantivy.Query
        wanted: dict[str, set[str]] = {}
        parts = []
        for clause in query.clauses:
            compiled = self._clause(clause, codes, {} if clause.excluded else wanted)
            parts.append((occur.MustNot if clause.excluded else occur.Must, compiled))
        parts += [(occur.Must, q.const_score_query(f, 0.0)) for f in restrict]
        if query.plain:
            parts += self._closeness(query, codes)
        found = self.searcher.search(q.boolean_query(parts), limit, weight_by_field="boost")
        hits = tuple(self._hit(score, address, wanted) for score, address in found.hits)
        return hits, found.count

    def _closeness(self, query: syntax.Query, codes: tuple) -> list:
        """Optional clauses for plain words: a label equal to them, then the words together."""
        q, should = self.tantivy.Query, self.tantivy.Occur.Should
        words = tuple(c.alternatives[0].words[0] for c in query.clauses)
        exact = q.term_query(self.schema, "key", textindex.normalise(" ".join(words)))
        parts = [(should, q.boost_query(exact, EXACT_LABEL))]
        if len(words) > 1:
            phrase = self._clause(syntax.Clause((syntax.Term(words),)), codes, {})
            parts.append((should, q.boost_query(phrase, PHRASE)))
        return parts

    def _clause(self, clause: syntax.Clause, codes: tuple, wanted: dict) -> Any:
        q = self.tantivy.Query
        should = []
        for term in clause.alternatives:
            for code in codes:
                analysed = self._analyse(term, code)
                wanted.setdefault(code, set()).update(t for terms in analysed for t in terms)
                for name in analysis.text_fields((code,)):
                    for terms in analysed:
                        found = (
                            q.term_query(self.schema, name, terms[0])
                            if len(terms) == 1
                            else q.phrase_query(self.schema, name, list(terms))
                        )
                        should.append(
                            (self.tantivy.Occur.Should, q.boost_query(found, analysis.weight(name)))
                        )
        return q.boolean_query(should)

    def _analyse(self, term: syntax.Term, code: str) -> list[tuple[str, ...]]:
        """The term sequences ``term`` stands for in language ``code``."""
        if not term.prefix:
            terms = tuple(t for word in term.words for t in analysis.terms(code, word))
            return [terms] if terms else []
        folded = analysis.terms(analysis.OTHER, term.words[0])
        if not folded:
            return []
        expanded = self._terms(analysis.words_field(code), folded[0], EXPANSIONS)
        stems = {analysis.terms(code, word) for word, _ in expanded}
        return sorted(s for s in stems if s)

    def _hit(self, score: float, address: Any, wanted: dict) -> Hit:
        doc = self.searcher.doc(address)
        kind = doc.get_first("kind")
        texts = {n: doc.get_all(n) for n in analysis.TEXT_FIELDS if doc.get_first(n) is not None}
        snippet = snippets.best(kind, texts, wanted)
        label, unverified = doc.get_first("label"), bool(doc.get_first("unverified"))
        return Hit(doc.get_first("iri"), kind, label, round(score, 4), snippet, unverified)

    def _terms(self, field: str, prefix: str, limit: int | None = None) -> list[tuple[str, int]]:
        return self.searcher.terms_with_prefix(field, prefix, limit=limit)

    def _filters(self, filters: Filters) -> list:
        q, out = self.tantivy.Query, []
        if filters.kind:
            kind = filters.kind.replace("-", " ").replace("_", " ").strip().lower()
            if kind not in documents.KIND_NAMES:
                known = ", ".join(k.replace(" ", "-") for k in documents.KIND_NAMES)
                raise InputError(f"--kind {filters.kind!r}: not a kind; one of {known}")
            out.append(q.term_query(self.schema, "kind", kind))
        if filters.lang:
            if not analysis.valid_tag(filters.lang):
                raise InputError(f"--lang {filters.lang!r}: not a language tag (en, fr, de-CH)")
            tag = filters.lang.lower()
            out.append(q.regex_query(self.schema, "lang", f"{tag}(-.*)?"))
        if filters.instrument:
            iri = self._instrument(filters.instrument)
            out.append(q.term_query(self.schema, "instrument", iri))
        if filters.jurisdiction:
            iri = self._jurisdiction(filters.jurisdiction)
            out.append(q.term_query(self.schema, "jurisdiction", iri))
        return out

    def _instrument(self, typed: str) -> str:
        text = typed.strip()
        prefix, sep, local = text.partition(":")
        if text.startswith(("http://", "https://")):
            candidates = [text]
        elif sep and prefix in lookup.CURIES and " " not in text:
            candidates = [lookup.CURIES[prefix] + local]
        else:
            candidates = [INSTRUMENT + text] + self._instruments_labelled(text)
        for iri in candidates:
            if self.searcher.doc_freq("instrument", iri):
                return iri
        raise InputError(
            f"--instrument {typed!r}: no such instrument (an IRI, instrument:SLUG, a title or a "
            "short name such as OPSC)"
        )

    def _instruments_labelled(self, text: str) -> list[str]:
        q, occur = self.tantivy.Query, self.tantivy.Occur
        query = q.boolean_query(
            [
                (occur.Must, q.term_query(self.schema, "key", textindex.normalise(text))),
                (occur.Must, q.term_query(self.schema, "kind", "instrument")),
            ]
        )
        found = self.searcher.search(query, 5)
        return [self.searcher.doc(a).get_first("iri") for _, a in found.hits]

    def _jurisdiction(self, typed: str) -> str:
        text = typed.strip()
        iri = text if text.startswith(("http://", "https://")) else JURISDICTION + text.lower()
        if self.searcher.doc_freq("jurisdiction", iri):
            return iri
        known = [t.removeprefix(JURISDICTION) for t, _ in self._terms("jurisdiction", "")]
        hint = f"one of {', '.join(sorted(known))}" if known else "the graph records none"
        raise InputError(f"--jurisdiction {typed!r}: no instrument has it; {hint}")

    def _corrected(self, query: syntax.Query) -> str | None:
        """The query with each unknown word replaced by the closest known one, or None."""
        if not query.plain:
            return None
        out, changed = [], False
        for clause in query.clauses:
            word = clause.alternatives[0].words[0]
            folded = analysis.terms(analysis.OTHER, word)
            better = self._closest(folded[0]) if folded and not folded[0].isdigit() else None
            out.append(better or word)
            changed |= better is not None
        return " ".join(out) if changed else None

    def _closest(self, folded: str) -> str | None:
        fields = [analysis.words_field(code) for code in analysis.CODES]
        if any(self.searcher.doc_freq(f, folded) for f in fields):
            return None  # a known word
        counts: dict[str, int] = {}
        for f in fields:
            for word, count in self._terms(f, folded[0]):
                if not word.isdigit():
                    counts[word] = counts.get(word, 0) + count
        return suggest.word(folded, sorted(counts.items()))
