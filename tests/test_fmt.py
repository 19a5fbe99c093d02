"""`cseckg fmt`: canonical, deterministic, idempotent Turtle; refuses what does not parse."""

from __future__ import annotations

import os
import subprocess
import sys

from cseckg import resources

from .conftest import ROOT

MESSY = """\
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:b rdfs:label "b"@en .   ex:a rdfs:label "a"@en ;
  rdfs:comment "é ünïcode"@fr .
"""


def test_every_committed_turtle_file_is_canonical(cli):
    result = cli("fmt", "--check")
    assert result.exit_code == 0, result.stdout
    assert len(resources.committed_turtle()) > 3


def test_fmt_check_reports_and_changes_nothing(cli, tmp_path):
    messy = tmp_path / "messy.ttl"
    messy.write_text(MESSY)
    result = cli("fmt", "--check", str(messy))
    assert result.exit_code == 1
    assert f"would reformat {messy}" in result.stdout
    assert messy.read_text() == MESSY


def test_fmt_rewrites_idempotently(cli, tmp_path):
    messy = tmp_path / "messy.ttl"
    messy.write_text(MESSY)
    assert cli("fmt", str(messy)).exit_code == 0
    once = messy.read_text()
    assert once.index("ex:a") < once.index("ex:b")
    assert cli("fmt", "--check", str(messy)).exit_code == 0
    assert cli("fmt", str(messy)).exit_code == 0
    assert messy.read_text() == once


def test_fmt_is_deterministic_across_hash_seeds(tmp_path):
    outputs = set()
    for seed in ("1", "2", "3"):
        target = tmp_path / f"model-{seed}.ttl"
        target.write_bytes((ROOT / "ontology" / "model.ttl").read_bytes())
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "cseckg", "fmt", str(target)],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.add(target.read_bytes())
    assert len(outputs) == 1


def test_fmt_refuses_malformed_and_writes_nothing(cli, tmp_path):
    good = tmp_path / "a-good.ttl"
    good.write_text(MESSY)
    bad = tmp_path / "b-bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b\n")
    result = cli("fmt", str(good), str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cseckg: {bad}:")
    assert good.read_text() == MESSY  # nothing rewritten when one file fails


def test_fmt_refuses_other_formats(cli, tmp_path):
    nt = tmp_path / "x.nt"
    nt.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    result = cli("fmt", str(nt))
    assert result.exit_code == 2
    assert "Turtle (.ttl) files only" in result.stderr
