"""Full-text search (`cseckg search`, :mod:`cseckg.fulltext`): analysis per language, phrases,
prefixes, field weights, filters, snippets, the query language's errors, typos, and the index's
life with the compiled store."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from cseckg import search, store
from cseckg.fulltext import analysis, syntax

from .conftest import ROOT

BASE = "https://w3id.org/cseckg/"
FIXTURE = ROOT / "tests" / "data" / "jurisdictions.ttl"


def iris(text: str, **options) -> list[str]:
    return [h.iri.removeprefix(BASE) for h in search.search(text, **options).hits]


def marked_words(hit) -> list[str]:
    return [hit.snippet.text[a:b] for a, b in hit.snippet.highlights]


@pytest.mark.parametrize(
    ("typed", "lang", "found"),
    [
        ("remunerated", "en", "remuneration"),
        ("enfants", "fr", "enfant"),
        ("Kinder", "de", "Kind"),
        ("minori", "it", "minore"),
        ("REMUNERATION", "en", "remuneration"),
        ("materiel", "fr", "matériel"),
    ],
)
def test_words_are_stemmed_and_folded_by_the_language_of_each_text(typed, lang, found):
    hits = search.search(typed, lang=lang, limit=50).hits
    assert hits
    words = {w.casefold() for h in hits for w in marked_words(h)}
    assert found.casefold() in words, words
    assert all(h.snippet.lang == lang for h in hits if h.snippet.highlights)


def test_stemming_follows_the_literal_language_not_the_query():
    # "Kinder" is analysed as German in German fields only: no English text matches "kinder"
    hits = search.search("Kinder", limit=50).hits
    assert {h.snippet.lang for h in hits if h.snippet.highlights} == {"de"}


def test_a_phrase_needs_its_words_together_and_in_order():
    assert iris('"sale of children"')[0] == "concept/sale-of-children"
    together = set(iris('"sale of children"', limit=50))
    apart = set(iris("children sale", limit=50))
    assert together < apart  # every phrase hit has the words; some word hits are not phrases
    assert iris('"children of sale"') == []


def test_a_prefix_matches_every_word_that_begins_so():
    hits = search.search("exploit*", limit=100).hits
    words = {w.lower() for h in hits for w in marked_words(h)}
    assert {"exploitation", "exploiting"} <= words
    assert all(w.startswith("exploit") for w in words)


def test_labels_weigh_more_than_definitions_and_definitions_more_than_provisions():
    hits = search.search("grooming", limit=50).hits
    assert hits[0].kind == "concept" and hits[0].snippet.field == "label"
    result = search.search("remuneration", limit=50)
    kinds = [h.kind for h in result.hits]
    assert kinds.index("definition") < kinds.index("provision")
    weights = analysis.WEIGHTS
    assert weights["label"] > weights["definition"] > weights["provision"]


def test_scores_are_ranked_and_bm25_prefers_the_rarer_word():
    result = search.search("child OR remuneration", limit=100)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    rare = search.search("remuneration", kind="definition", limit=1).hits[0].score
    common = search.search("child", kind="definition", limit=1).hits[0].score
    assert rare > 0 and common > 0
    assert search.search("remuneration").total < search.search("child").total


def test_or_and_exclusion():
    either = set(iris("grooming OR CSAM", limit=50))
    assert {"concept/grooming"} <= either
    assert "concept/child-sexual-abuse-material" in either
    without = iris("child -pornography", kind="concept", limit=50)
    assert "concept/child" in without and "concept/child-sexual-abuse-material" not in without


def test_filters_by_kind_language_and_instrument():
    assert {h.kind for h in search.search("child", kind="definition", limit=50).hits} == {
        "definition"
    }
    with pytest.raises(Exception, match="not a kind"):  # texts are part of their provision
        search.search("child", kind="provision-text")
    french = search.search("enfant", lang="fr", limit=50).hits
    assert french and {h.snippet.lang for h in french if h.snippet.highlights} == {"fr"}
    opsc = iris("child", instrument="OPSC", limit=50)
    provisions = [iri for iri in opsc if iri.startswith("instrument/")]
    assert provisions and all(iri.startswith("instrument/opsc") for iri in provisions)
    assert {"definition/opsc-art-2-c", "concept/child-sexual-abuse-material"} <= set(opsc)
    assert "definition/crc-art-1" not in opsc  # a definition of "child", in the CRC
    assert iris("child", instrument="instrument:opsc", limit=50) == opsc
    assert iris("child", instrument=BASE + "instrument/opsc", limit=50) == opsc


def test_jurisdiction_filter_on_a_graph_that_records_jurisdictions(monkeypatch):
    monkeypatch.setenv("CSECKG_GRAPH", str(FIXTURE))
    everywhere = iris("placeholder")
    assert set(everywhere) == {
        "instrument/test-national-code/art-1",
        "instrument/test-union-act/art-1",
    }
    assert iris("placeholder", jurisdiction="lu") == ["instrument/test-national-code/art-1"]
    assert iris("placeholder", jurisdiction="EU") == ["instrument/test-union-act/art-1"]
    assert iris("test", jurisdiction="lu", kind="instrument") == ["instrument/test-national-code"]
    with pytest.raises(
        Exception, match=r"--jurisdiction 'de': no instrument has it; one of eu, lu"
    ):
        search.search("placeholder", jurisdiction="de")


def test_jurisdiction_filter_with_a_code_no_instrument_has_says_so(cli):
    result = cli("search", "child", "--jurisdiction", "zz")
    assert result.exit_code == 2
    assert result.stderr.startswith("cseckg: --jurisdiction 'zz': no instrument has it")


def test_jurisdiction_filter_on_the_shipped_graph_finds_national_law():
    found = iris("vente d'enfants", jurisdiction="lu", limit=5)
    assert found and all(iri.startswith("instrument/lu-code-penal") for iri in found)
    assert "instrument/lu-code-penal/art-382-1/para-4" in found


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (['"sale of'], 'bad query: a quotation mark is not closed: write "sale of children"'),
        (['"sale of"*'], 'bad query: "*" ends a word, not a phrase: write exploit*'),
        (["ex*ploit"], "bad query: \"*\" must end a word: 'ex*ploit'; write exploit*"),
        (["e*"], "bad query: a prefix is one word of at least 2 letters: not 'e*'"),
        (["OR child"], "bad query: OR needs a term on each side: a OR b"),
        (["child OR"], "bad query: OR needs a term on each side: a OR b"),
        (["--", "-child"], "bad query: it only excludes words (-word); add a word to look for"),
        (['""'], 'bad query: an empty phrase ""'),
        (["  "], "nothing to search for: the text is empty"),
        (["child", "--kind", "treaty"], "--kind 'treaty': not a kind; one of concept,"),
        (["child", "--lang", "en_GB!"], "--lang 'en_GB!': not a language tag"),
        (["child", "--instrument", "nothing"], "--instrument 'nothing': no such instrument"),
        (["child", "--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_bad_queries_get_one_line_and_exit_2(cli, args, message):
    result = cli("search", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cseckg: {message}"), result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_the_parser_reads_words_phrases_prefixes_or_and_exclusions():
    parsed = syntax.parse('sale "of children" exploit* a OR b -tourism d\'enfants')
    shapes = [([(t.words, t.prefix) for t in c.alternatives], c.excluded) for c in parsed.clauses]
    assert shapes == [
        ([(("sale",), False)], False),
        ([(("of", "children"), False)], False),
        ([(("exploit",), True)], False),
        ([(("a",), False), (("b",), False)], False),
        ([(("tourism",), False)], True),
        ([(("d", "enfants"), False)], False),
    ]
    assert syntax.parse("child pornography").plain and not parsed.plain


def test_each_hit_has_a_highlighted_snippet_in_text_and_json(cli):
    result = json.loads(cli("search", "remunerated", "-f", "json").stdout)
    assert set(result) == {"query", "total", "hits", "corrected", "suggestions"}
    first = result["hits"][0]
    assert set(first) == {"iri", "kind", "label", "score", "snippet", "unverified"}
    snippet = first["snippet"]
    assert [snippet["text"][a:b] for a, b in snippet["highlights"]] == ["remuneration"]
    assert (snippet["field"], snippet["lang"]) == ("definition", "en")
    text = cli("search", "remunerated", "--limit", "2").stdout
    assert "**remuneration**" in text
    assert re.match(r"\d+ results, the best 2 shown\n 1\. ", text)


def test_a_long_text_is_cut_around_the_matches():
    hits = search.search('"harbouring or receipt"', kind="provision", limit=5).hits
    long = [h for h in hits if h.snippet.text.startswith("…") or h.snippet.text.endswith("…")]
    assert long
    for hit in long:
        assert len(hit.snippet.text) <= 260
        assert {w.lower() for w in marked_words(hit)} >= {"harbouring", "receipt"}


def test_typos_are_corrected_and_closest_labels_suggested(cli):
    result = json.loads(cli("search", "chlid", "-f", "json").stdout)
    assert result["corrected"] == "child" and result["total"] > 0
    assert result["hits"][0]["iri"] == BASE + "concept/child"
    assert result["suggestions"][0] == "child"
    text = cli("search", "chlid").stdout
    assert text.startswith("no match for “chlid”; showing results for “child”")
    assert "did you mean: child" in text
    nothing = cli("search", "zzzqqq", "-f", "json")
    assert nothing.exit_code == 1
    assert json.loads(nothing.stdout)["hits"] == []


def test_trace_suggests_the_closest_labels_with_rapidfuzz(cli):
    result = cli("trace", "child prostitue")
    assert result.exit_code == 1
    assert "did you mean: child prostitute" in result.stderr


def test_unverified_texts_are_flagged_not_quoted(cli, monkeypatch):
    monkeypatch.setenv("CSECKG_GRAPH", str(ROOT / "tests" / "data" / "unverified-definition.ttl"))
    hit = search.search("placeholder wording").hits[0]
    assert hit.unverified and hit.kind == "definition"
    assert (
        "[UNVERIFIED, not a quote] **Placeholder** **wording**"
        in cli("search", "placeholder wording").stdout
    )


def test_the_index_is_built_with_the_compiled_store_and_rebuilt_with_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CSECKG_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data.ttl"
    data.write_text(FIXTURE.read_text())
    files = [ROOT / "ontology" / "model.ttl", data]
    store.open_graph(files)
    folder = store.fulltext_folder(files)
    assert folder is not None and (folder / "meta.json").is_file()
    assert folder.parent.name.startswith("store-") and (folder.parent / "READY").is_file()
    assert iris("placeholder", files=files)
    data.write_text(FIXTURE.read_text().replace("placeholder", "stand-in"))
    assert store.fulltext_folder(files) is None  # a source changed: store and index are stale
    assert iris("stand", files=files) and not iris("placeholder", files=files)
    assert store.fulltext_folder(files) not in (None, folder)


def test_without_a_writable_cache_the_index_is_built_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("CSECKG_CACHE", str(blocker / "cache"))
    files = [ROOT / "ontology" / "model.ttl", FIXTURE]
    assert store.fulltext_folder(files) is None
    assert iris("placeholder", files=files)


def test_search_imports_neither_rdflib_nor_typer_nor_rich():
    code = (
        "import sys; from cseckg.cli import fast; code = fast.run(['search', 'child', '-f', "
        "'json']); heavy = sorted(m for m in ('rdflib', 'typer', 'rich', 'pyshacl') "
        "if m in sys.modules); print(code, heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "0 []"
