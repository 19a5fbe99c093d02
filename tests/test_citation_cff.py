"""The dataset's own citation: ``CITATION.cff`` is valid CFF 1.2.0 (checked by cffconvert, from the
package registry) and says what the VoID description's ``dcterms:bibliographicCitation`` says."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from cseckg import __version__, void

from .conftest import ROOT

CFF = ROOT / "CITATION.cff"


def test_citation_cff_is_valid_cff_1_2_0():
    from cffconvert import Citation

    Citation(CFF.read_text(encoding="utf-8")).validate()


def test_an_invalid_citation_cff_is_refused():
    from cffconvert import Citation

    broken = CFF.read_text(encoding="utf-8").replace("authors:", "writers:")
    with pytest.raises(Exception, match="authors"):
        Citation(broken).validate()


def test_citation_cff_agrees_with_the_package_and_the_void_description():
    cff = YAML(typ="safe").load(CFF.read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == __version__
    assert cff["title"] == void.TITLE
    assert [a["name"] for a in cff["authors"]] == [void.AUTHORS]
    assert void.bibliographic_citation(__version__) == (
        f"{void.AUTHORS}. {void.TITLE}. Version {__version__}. {void.release_iri(__version__)}"
    )
