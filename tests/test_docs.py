"""Generated reference docs match the code, and the README names every command."""

from __future__ import annotations

import os

import typer

from cseckg import reference
from cseckg.cli.application import app

from .conftest import ROOT

UPDATE = os.environ.get("CSECKG_UPDATE_GOLDEN") == "1"


def _same(name: str, text: str) -> None:
    path = ROOT / "docs" / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path} is stale: regenerate it"


def test_cli_reference_is_current():
    _same("cli.md", reference.cli_markdown())


def test_rules_reference_is_current():
    text = reference.rules_markdown()
    assert "`DefinitionHasSourceProvision`" in text
    assert "`concept-without-definition`" in text
    _same("rules.md", text)


def test_citation_examples_are_current():
    text = reference.citations_markdown()
    for style in ("oscola", "bluebook", "apa", "csl-json", "bibtex", "ris"):
        assert f"## `--style {style}`" in text
    assert "2011 O.J. (L 335) 1." in text  # the Bluebook example of the directive's article
    _same("citations.md", text)


def test_readme_names_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    names = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names += [f"cseckg {name} {s}" for s in sub] if sub else [f"cseckg {name}"]
    missing = [n for n in names if f"`{n}" not in readme]
    assert not missing, f"README does not document {missing}"
