"""Every Luxembourg Code pénal text in ``ontology/national/`` against the Legilux XML it names.

Each stored French text of a Code pénal provision names the consolidated version it was read in
(``cseckg:consolidatedVersion``, a Legilux ELI) and, in its verification note, the byte-verbatim
copy of that version's Akoma Ntoso file (a commit of ``SFHAJJI/lex-corpus-lu-legilux``) and its
SHA-256. Where a git mirror of that repository is on this machine, the file is read at that
commit, its checksum checked against the note and the repository's ``meta.json``, and each stored
text compared character for character with the text :mod:`cseckg.legilux` extracts for the
article, alinea or paragraph named by the provision's IRI; its ELI, article version, date of
applicability and the laws it names are compared with the file's metadata too. A second
comparison does not go through the extractor: the characters of every stored line, white space
and the list marker aside, must be a run of the article's characters in the XML itself.

The mirror is not part of the checkout and nothing is copied from it into the repository: without
it (``CSECKG_LEGILUX_MIRROR``, by default the path where the ``fetch`` tool puts it) the tests skip
and say why.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import RDFS, Graph, Namespace, URIRef

from cseckg import legilux

from .conftest import ROOT

MIRROR = Path(
    os.environ.get("CSECKG_LEGILUX_MIRROR", "/work/.mirror/SFHAJJI+lex-corpus-lu-legilux/repo")
)
CSECKG = Namespace("https://w3id.org/cseckg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CODE = "https://w3id.org/cseckg/instrument/lu-code-penal"
COPY = re.compile(r"github\.com/SFHAJJI/lex-corpus-lu-legilux/blob/([0-9a-f]{40})/(\S+?\.xml)")
CHECKSUM = re.compile(r"SHA-256 ([0-9a-f]{64})")
PART = re.compile(r"^art-([0-9a-z-]+?)(?:/(al|para)-([0-9]+))?$")
LIST_MARKER = re.compile(r"^(?:\d+°|\d+\)|[a-z]\)) ")

if not (MIRROR / "HEAD").is_file():
    pytest.skip(
        f"no git mirror of SFHAJJI/lex-corpus-lu-legilux at {MIRROR} (set CSECKG_LEGILUX_MIRROR"
        " to one): the Legilux texts cannot be compared with their source here",
        allow_module_level=True,
    )
if shutil.which("git") is None:
    pytest.skip("git is not installed: the Legilux mirror cannot be read", allow_module_level=True)


def _git_show(commit: str, path: str) -> bytes:
    done = subprocess.run(
        ["git", f"--git-dir={MIRROR}", "show", f"{commit}:{path}"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, f"the mirror has no {path} at {commit}: {done.stderr.decode()}"
    return done.stdout


@cache
def _national() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology" / "national").glob("*.ttl")):
        graph.parse(path)
    return graph


@cache
def _version(commit: str, path: str) -> tuple[bytes, dict]:
    """The XML at ``commit`` and the ``meta.json`` beside it."""
    return _git_show(commit, path), json.loads(
        _git_show(commit, str(Path(path).parent / "meta.json"))
    )


@cache
def _read(commit: str, path: str) -> legilux.Consolidation:
    return legilux.read(_version(commit, path)[0])


def _lu_texts() -> list[URIRef]:
    graph = _national()
    return sorted(
        text
        for text, provision in graph.subject_objects(CSECKG.textOf)
        if str(provision).startswith(CODE + "/")
    )


def _source(text: URIRef) -> tuple[str, str, str]:
    """The commit and path of the copy the text's note names, and the checksum it states."""
    note = str(_national().value(text, CSECKG.verificationNote))
    copy, checksum = COPY.search(note), CHECKSUM.search(note)
    assert copy and checksum, f"{text}: the note names no copy of the XML or no checksum"
    return copy.group(1), copy.group(2), checksum.group(1)


def _extracted(text: URIRef) -> tuple[legilux.Article, str]:
    """The article and the text the extractor gives for the part the provision's IRI names."""
    commit, path, _ = _source(text)
    provision = str(_national().value(text, CSECKG.textOf))
    found = PART.match(provision.removeprefix(CODE + "/"))
    assert found, f"unexpected provision IRI {provision}"
    number, kind, n = found.groups()
    article = _read(commit, path).article(number)
    if kind == "al":
        return article, article.alinea(int(n))
    if kind == "para":
        return article, article.paragraph(n)
    return article, article.text()


@cache
def _raw_articles(commit: str, path: str) -> dict[str, str]:
    """Each article's characters in the XML, its metadata and all white space left out."""
    root = ElementTree.fromstring(_version(commit, path)[0])
    raw = {}
    for article in root.iter(f"{legilux.AKN}article"):
        body = [child for child in article if not child.tag.endswith("}JOLUXWork")]
        raw[article.get("id", "")] = re.sub(
            r"\s+", "", "".join("".join(c.itertext()) for c in body)
        )
    return raw


TEXTS = _lu_texts()


def test_every_luxembourg_text_names_a_legilux_version():
    assert len(TEXTS) >= 30  # 16 articles and 14 of their alineas or paragraphs
    graph = _national()
    for text in TEXTS:
        version = str(graph.value(text, CSECKG.consolidatedVersion))
        assert version.startswith("http://data.legilux.public.lu/eli/etat/leg/code/penal/"), text
        _source(text)


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: str(t).split("lu-code-penal/")[1])
def test_stored_text_equals_the_text_extracted_from_the_xml(text):
    graph = _national()
    commit, path, checksum = _source(text)
    data, meta = _version(commit, path)
    assert hashlib.sha256(data).hexdigest() == checksum  # the file the note names, byte for byte
    [expression] = [e for e in meta["expressions"] if e["language"] == "fr"]
    assert {o["sha256"] for o in expression["observations"]} == {checksum}
    assert str(graph.value(text, CSECKG.verificationSource)) == expression["source_uri"]
    consolidation = _read(commit, path)
    assert str(graph.value(text, CSECKG.consolidatedVersion)) == consolidation.version_eli
    article, expected = _extracted(text)
    stored = str(graph.value(text, CSECKG.text))
    assert graph.value(text, CSECKG.text).language == "fr"
    assert stored == expected  # character for character
    assert str(graph.value(text, ELI.date_applicability)) == article.applicable_from


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: str(t).split("lu-code-penal/")[1])
def test_stored_characters_are_those_of_the_xml_itself(text):
    """Without the extractor: each line, white space and list marker aside, is in the XML."""
    commit, path, _ = _source(text)
    article, _ = _extracted(text)
    raw = _raw_articles(commit, path)[article.eid]
    for line in str(_national().value(text, CSECKG.text)).split("\n"):
        squeezed = re.sub(r"\s+", "", LIST_MARKER.sub("", line))
        assert squeezed and squeezed in raw, f"not in the XML of art. {article.number}: {line!r}"


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: str(t).split("lu-code-penal/")[1])
def test_identifiers_and_named_laws_are_those_of_the_xml(text):
    graph = _national()
    article, _ = _extracted(text)
    provision = graph.value(text, CSECKG.textOf)
    whole = str(provision).rsplit("/", 1)[1].startswith("art-")
    if not whole:  # an alinea or paragraph: the article carries the identifiers
        provision = graph.value(provision, ELI.is_part_of)
        assert graph.value(text, CSECKG.versionEli) is None
        assert set(graph.objects(text, ELI.amended_by)) == set()
        return
    assert str(graph.value(provision, CSECKG.eli)) == article.eli
    assert str(graph.value(text, CSECKG.versionEli)) == article.version_eli
    named = {str(law) for law in graph.objects(text, ELI.amended_by)}
    laws = (*article.laws, *article.division_laws)  # its own text's, then its chapter's
    assert named == {law.eli for law in laws}
    for law in laws:
        assert str(graph.value(URIRef(law.eli), RDFS.label)) == law.name


def test_the_code_is_described_as_the_xml_describes_it():
    graph = _national()
    commit, path, _ = _source(TEXTS[0])
    consolidation = _read(commit, path)
    code = URIRef(CODE)
    assert str(graph.value(code, CSECKG.eli)) == consolidation.work_eli
    assert str(graph.value(code, ELI.is_member_of)) == consolidation.member_of
    assert str(graph.value(code, URIRef("http://purl.org/dc/terms/license"))) == (
        consolidation.license
    )
