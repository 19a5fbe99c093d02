"""Stored answers (:mod:`cseckg.answers`): kept with the compiled store, exactly what the store
itself answers, used only where nothing can differ."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cseckg import answers, graph, queries, resources, store
from cseckg.sparql import lexer, local, results

PARAMETER_FREE = [p for p in resources.query_files() if "# param:" not in p.read_text()]


@pytest.fixture(scope="module")
def compiled():
    loaded = store.shipped()
    assert loaded.location is not None, "the tests' cache folder can be written"
    return loaded


def live(loaded, text: str, terms: dict | None = None) -> results.QueryResult:
    return results.from_oxigraph(loaded.store.query(text, substitutions=terms or {}))


def test_every_parameter_free_named_query_is_stored_when_the_store_is_built(compiled):
    stored = {p.name for p in (compiled.location / answers.FOLDER).glob("*.tsv")}
    expected = {answers.key(p.read_text(encoding="utf-8")) for p in PARAMETER_FREE}
    assert len(PARAMETER_FREE) >= 15
    assert expected <= stored


@pytest.mark.parametrize("path", PARAMETER_FREE, ids=lambda p: p.stem)
def test_a_stored_answer_is_what_the_store_answers(compiled, path):
    text = path.read_text(encoding="utf-8")
    found = local.execute(compiled, text, {}, path.name)
    assert found == live(compiled, text)
    assert found.variables


def test_the_stored_file_is_what_is_read(compiled):
    """Planting another answer under a query's key changes what the query returns: the file,
    not the store, answers (here on purpose; the key changes with the text and the graph)."""
    text = PARAMETER_FREE[0].read_text(encoding="utf-8")
    path = compiled.location / answers.FOLDER / answers.key(text)
    original = path.read_bytes()
    try:
        path.write_bytes(b"?planted\n<https://example.org/planted>\n")
        found = local.execute(compiled, text, {}, "planted")
        assert found.variables == ("planted",)
        assert found.rows == ((ox.NamedNode("https://example.org/planted"),),)
    finally:
        path.write_bytes(original)


def test_a_damaged_file_is_replaced_by_the_store_answer(compiled):
    text = PARAMETER_FREE[1].read_text(encoding="utf-8")
    path = compiled.location / answers.FOLDER / answers.key(text)
    path.write_bytes(b"\x00 not a results file \x00\n\t\t")
    assert local.execute(compiled, text, {}, "damaged") == live(compiled, text)
    assert answers._same(path.read_bytes(), *_columns(live(compiled, text)))


def _columns(result: results.QueryResult) -> tuple[list[str], list[tuple]]:
    return list(result.variables), list(result.rows)


def test_a_query_added_after_the_build_is_stored_on_first_use(compiled, tmp_path, monkeypatch):
    added = tmp_path / "added-later.rq"
    text = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + (
        "SELECT ?c (COUNT(?l) AS ?n) WHERE { ?c skos:prefLabel ?l } GROUP BY ?c ORDER BY ?c\n"
    )
    added.write_text(text, encoding="utf-8")
    monkeypatch.setattr(resources, "query_files", lambda: [added])
    path = compiled.location / answers.FOLDER / answers.key(text)
    assert not path.exists()
    first = local.execute(compiled, text, {}, "added-later")
    assert path.is_file()
    assert first == local.execute(compiled, text, {}, "added-later") == live(compiled, text)


def test_a_text_that_is_no_named_query_runs_on_the_store_and_is_not_kept(compiled):
    text = "SELECT ?s WHERE { ?s a <https://w3id.org/cseckg/ontology#Instrument> } ORDER BY ?s"
    assert local.execute(compiled, text, {}, "text") == live(compiled, text)
    assert not (compiled.location / answers.FOLDER / answers.key(text)).exists()


def test_bound_parameters_never_read_a_stored_answer(compiled):
    text = "SELECT ?x WHERE { BIND(?x AS ?y) }"
    path = compiled.location / answers.FOLDER / answers.key(text)
    path.write_bytes(b"?x\n<https://example.org/stored>\n")
    try:
        terms = {"x": ox.Literal("bound")}
        assert local.execute(compiled, text, terms, "bound").rows == ((ox.Literal("bound"),),)
    finally:
        path.unlink()


@pytest.mark.parametrize(
    "text",
    [
        "SELECT (NOW() AS ?t) {}",
        "SELECT (RAND() AS ?r) {}",
        "SELECT (UUID() AS ?u) {}",
        "SELECT (STRUUID() AS ?u) {}",
        "SELECT (BNODE() AS ?b) {}",
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_what_can_change_between_runs_is_never_stored(text):
    assert not answers.storable(text)


def test_ask_answers_are_stored_too(compiled, tmp_path, monkeypatch):
    added = tmp_path / "ask.rq"
    text = "ASK { ?s a <https://w3id.org/cseckg/ontology#Instrument> }"
    added.write_text(text, encoding="utf-8")
    monkeypatch.setattr(resources, "query_files", lambda: [added])
    assert answers.storable(text)
    assert local.execute(compiled, text, {}, "ask").boolean is True
    assert (compiled.location / answers.FOLDER / answers.key(text)).read_bytes() == b"true"
    assert local.execute(compiled, text, {}, "ask").boolean is True


def test_a_graph_loaded_in_memory_has_no_stored_answers():
    loaded = graph.load(resources.ontology_files())
    assert loaded.location is None
    text = PARAMETER_FREE[0].read_text(encoding="utf-8")
    assert local.execute(loaded, text, {}, "memory") == live(loaded, text)


def test_the_key_changes_with_the_text_and_the_engine(monkeypatch):
    first = answers.key("SELECT * {}")
    assert answers.key("SELECT * { }") != first
    monkeypatch.setattr(ox, "__version__", "0.0.0-other")
    assert answers.key("SELECT * {}") != first


LANGUAGE_QUERIES = [
    q for q in answers.named_queries() if q.params and answers._stored_bindings(q, ["x"])
]


def tags(loaded) -> list:
    return [row["tag"] for row in loaded.store.query(answers.LANGUAGES)]


def test_queries_with_language_tag_parameters_are_found_by_their_header():
    assert {q.name for q in LANGUAGE_QUERIES} >= {
        "definitions-in-language",
        "concepts-missing-language",
    }
    other = queries.named("compare-definitions")
    assert answers._stored_bindings(other, ["en"]) == []


@pytest.mark.parametrize("query", LANGUAGE_QUERIES, ids=lambda q: q.name)
def test_each_language_of_the_graph_is_stored_and_answers_as_the_store(compiled, query):
    (name,) = query.params
    found = tags(compiled)
    assert {t.value for t in found} >= {"en", "fr"}
    for tag in [*found, ox.Literal("it"), ox.Literal("FR")]:
        terms = {name: tag}
        bound = {ox.Variable(name): tag}
        path = compiled.location / answers.FOLDER / answers.key(query.text, bound)
        assert path.is_file() == (tag in found), tag
        assert local.execute(compiled, query.text, terms, query.name) == live(
            compiled, query.text, bound
        )


PER_VALUE = [q for q in answers.named_queries() if q.get("answers") == answers.PER_VALUE]


def test_queries_answered_per_value_have_one_iri_parameter():
    assert {q.name for q in PER_VALUE} >= {
        "treaties-binding-state",
        "organisation-profile",
        "provisions-of-instrument",
    }
    for query in PER_VALUE:
        (line,) = query.get_all("param")
        assert "IRI of" in line and " e.g. https://" in line, query.name
        assert lexer.form(query.text) == "select", query.name


def _of_kind(loaded, query: queries.QueryFile) -> list:
    """Every resource under the ``https://w3id.org/cseckg/KIND/`` of the parameter's example,
    and one IRI there that names nothing."""
    (line,) = query.get_all("param")
    prefix = line.split("e.g. ", 1)[1].strip().rsplit("/", 1)[0] + "/"
    found = {
        row["s"]
        for row in loaded.store.query("SELECT DISTINCT ?s { ?s a ?type }")
        if isinstance(row["s"], ox.NamedNode) and row["s"].value.startswith(prefix)
    }
    return [*sorted(found, key=str), ox.NamedNode(prefix + "no-such-resource")]


@pytest.mark.parametrize("graph_name", ["shipped", "synthetic"])
@pytest.mark.parametrize("query", PER_VALUE, ids=lambda q: q.name)
def test_each_value_with_rows_is_stored_and_answers_as_the_store(
    compiled, synthetic_store, graph_name, query
):
    loaded = compiled if graph_name == "shipped" else synthetic_store
    (name,) = query.params
    stored = 0
    for value in _of_kind(loaded, query):
        bound = {ox.Variable(name): value}
        expected = live(loaded, query.text, bound)
        path = loaded.location / answers.FOLDER / answers.key(query.text, bound)
        assert path.is_file() == bool(expected.rows), value  # stored exactly where rows are
        assert local.execute(loaded, query.text, {name: value}, query.name) == expected, value
        stored += path.is_file()
    assert stored >= 1, f"{query.name}: no value of the {graph_name} graph has rows"
