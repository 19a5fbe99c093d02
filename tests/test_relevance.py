"""Relevance judgements (``tests/data/relevance.tsv``): for each query, a result a lawyer expects
is among the first 3 hits. One test per judgement; ``bench/bench_search.py`` reports MRR and
recall@3 over the same file."""

from __future__ import annotations

import pytest

from cseckg import search

from . import relevance

JUDGEMENTS = relevance.load()


def test_the_file_has_enough_judgements_of_every_kind():
    kinds = [j.kind for j in JUDGEMENTS]
    assert len(JUDGEMENTS) >= 30
    assert {"en", "fr", "de", "typo", "phrase", "prefix"} <= set(kinds)


@pytest.mark.parametrize("judgement", JUDGEMENTS, ids=[j.id for j in JUDGEMENTS])
def test_expected_result_in_the_top_3(judgement):
    hits = search.search(judgement.query, limit=relevance.TOP, **judgement.filters).hits
    found = [h.iri for h in hits]
    assert relevance.rank(found, judgement), (
        f"{judgement.why}: expected one of {judgement.expected}, got {found}"
    )
