"""The Legilux Akoma Ntoso reader and the Turtle it writes, on a small file of our own.

``tests/data/legilux/mini-code.xml`` is shaped like Legilux's consolidated codes (pretty-printed
mixed content, ``scl:jolux`` metadata, lists with symbols, a namespace prefix of its own on some
list attributes) with invented text. The real Code pénal is read the same way by
``python -m cseckg.legilux_import`` (see ``ontology/national/lu-code-penal.ttl``).
"""

from __future__ import annotations

import json

import pytest
from rdflib import Namespace, URIRef

from cseckg import api, legilux, legilux_import
from cseckg.errors import InputError

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "legilux"
CSECKG = Namespace("https://w3id.org/cseckg/ontology#")


@pytest.fixture(scope="module")
def code() -> legilux.Consolidation:
    return legilux.read((DATA / "mini-code.xml").read_bytes())


def test_metadata_of_the_consolidation(code):
    assert code.version_eli == "http://example.org/eli/etat/leg/code/test/20250101"
    assert code.work_eli == "http://example.org/eli/etat/leg/code/test"
    assert code.member_of == "http://example.org/eli/etat/leg/loi/1900/01/01/n1"
    assert code.applicable_from == "2025-01-01"
    assert code.license == "http://creativecommons.org/licenses/by/4.0/"
    assert code.rights_holder == "Service fictif de législation"
    assert code.country == "http://publications.europa.eu/resource/authority/country/LUX"
    assert sorted(code.articles) == ["1bis", "2"]


def test_article_identifiers_and_the_laws_its_text_names(code):
    article = code.article("1bis")
    assert article.eli == "http://example.org/eli/etat/leg/code/test/art_1bis"
    assert article.version_eli.endswith("/art_1bis/20200101")
    assert article.applicable_from == "2020-01-01"
    assert [(law.eli, law.name) for law in article.laws] == [
        ("http://data.legilux.public.lu/eli/etat/leg/loi/2020/01/01/a1/jo", "L. 1er janvier 2020"),
        ("http://data.legilux.public.lu/eli/etat/leg/loi/2019/06/30/n2/jo", "L. 30 juin 2019"),
    ]  # the reference to other articles of the code is not a law
    assert article.division_laws == ()


def test_laws_named_by_the_heading_of_a_chapter_are_read_apart(code):
    """Legilux names the law that inserted a chapter in its heading, not in its articles."""
    article = code.article("2")
    assert article.laws == ()
    assert [(law.eli, law.name) for law in article.division_laws] == [
        ("http://data.legilux.public.lu/eli/etat/leg/loi/2021/01/01/a2/jo", "L. 1er janvier 2021")
    ]
    meta = json.loads((DATA / "mini-code.meta.json").read_text(encoding="utf-8"))
    graph = legilux_import.graph(code, meta, "https://example.org/copy", "2026-12-04", {"2": ()})
    text = URIRef("https://w3id.org/cseckg/instrument/lu-code-penal/art-2/text/fr")
    named = set(graph.objects(text, URIRef("http://data.europa.eu/eli/ontology#amended_by")))
    assert named == {URIRef(article.division_laws[0].eli)}


def test_layout_white_space_is_resolved_and_nothing_else_changes(code):
    first = code.article("1bis").alinea(1)
    assert first == (
        "(L. 30 juin 2019) Dans les cas des articles 2bis et 3ter, un texte fictif s’applique "
        "au sens des articles 4 à 6; ou non."
    )


def test_lists_are_numbered_from_their_symbol_and_start(code):
    assert code.article("1bis").alinea(2) == "Sera puni:\n1° premier point;\n2° deuxième point."
    assert code.article("2").paragraph("2") == (
        "Est fictif celui ou celle\nc) qui lit;\nd) qui écrit.\nSeconde phrase du paragraphe."
    )
    assert code.article("2").text().splitlines()[:2] == [
        "(1) Un paragraphe fictif, en vue:",
        "1) d’un premier but;",
    ]


def test_missing_parts_are_input_errors(code):
    with pytest.raises(InputError, match="no paragraph"):
        code.article("2").paragraph("9")
    with pytest.raises(InputError, match="no alinea 3"):
        code.article("1bis").alinea(3)
    with pytest.raises(InputError, match="no article 99"):
        code.article("99")


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><akomaNtoso/>',
        b"<akomaNtoso><act>",
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0/CSD13"/>',
    ],
    ids=["entity", "not-well-formed", "no-act"],
)
def test_bad_input_is_refused(data):
    with pytest.raises(InputError):
        legilux.read(data)


def test_generated_turtle_conforms_to_the_model(code, tmp_path):
    meta = json.loads((DATA / "mini-code.meta.json").read_text(encoding="utf-8"))
    graph = legilux_import.graph(
        code, meta, "https://example.org/copy", "2026-12-04", {"1bis": (("al", "2"),)}
    )
    out = tmp_path / "mini.ttl"
    out.write_text(graph.serialize(format="longturtle"), encoding="utf-8")
    report = api.validate(extra=[out], base="model", only="shacl")
    assert not report.load_failed and report.findings == (), report.findings
    checks = api.validate(extra=[out], base="model", only="checks")
    assert [f.rule for f in checks.findings] == []
    texts = {str(s): str(o) for s, o in graph.subject_objects(CSECKG.text)}
    alinea = "https://w3id.org/cseckg/instrument/lu-code-penal/art-1bis/al-2/text/fr"
    assert texts[alinea] == "Sera puni:\n1° premier point;\n2° deuxième point."
    version = graph.value(URIRef(alinea.replace("/al-2", "")), CSECKG.versionEli)
    assert str(version).endswith("/art_1bis/20200101")


def test_the_checksum_must_match_the_metadata(code, tmp_path, capsys):
    meta = json.loads((DATA / "mini-code.meta.json").read_text(encoding="utf-8"))
    legilux_import.verify((DATA / "mini-code.xml").read_bytes(), meta)
    meta["expressions"][0]["observations"][0]["sha256"] = "0" * 64
    bad = tmp_path / "meta.json"
    bad.write_text(json.dumps(meta), encoding="utf-8")
    code_ = legilux_import.main(
        [
            "--xml",
            str(DATA / "mini-code.xml"),
            "--meta",
            str(bad),
            "--copy",
            "x",
            "--verified-on",
            "2026-12-04",
        ]
    )
    assert code_ == 2
    assert "does not match the SHA-256" in capsys.readouterr().err
