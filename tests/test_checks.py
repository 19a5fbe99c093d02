"""QC checks (``queries/checks/<rule-id>.rq``), tested by example.

For every check, ``tests/checks/<rule-id>.fires.ttl`` must make exactly that check fire and
``tests/checks/<rule-id>.passes.ttl`` (a near miss) must make no check fire. Fixtures are found by
glob and validated with the model alone (``base="model"``) through ``cseckg.api.validate``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cseckg import api

from .conftest import ROOT

CHECKS = sorted((ROOT / "queries" / "checks").glob("*.rq"))
FIXTURES = sorted((ROOT / "tests" / "checks").glob("*.ttl"))
FIXTURE_NAME = re.compile(r"^(?P<rule>[a-z0-9-]+)\.(?P<kind>fires|passes)\.ttl$")
HEADER = (
    re.compile(r"^# rule: \S.*"),
    re.compile(r"^# why: \S.*"),
    re.compile(r"^# severity: (Violation|Warning|Info)\s*$"),
)


def _expected(fixture: Path) -> set[str]:
    match = FIXTURE_NAME.match(fixture.name)
    assert match, f"unexpected fixture name {fixture.name}"
    return {match["rule"]} if match["kind"] == "fires" else set()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixture_fires_exactly_its_check(fixture: Path) -> None:
    report = api.validate(extra=[fixture], base="model", only="checks")
    assert not report.load_failed, report.stages
    fired = {f.rule for f in report.findings}
    assert fired == _expected(fixture), [(f.rule, f.focus, f.message) for f in report.findings]
    assert all(f.focus for f in report.findings), "every row names its ?focus"


def test_every_check_has_both_fixtures() -> None:
    have = {f.name for f in FIXTURES}
    for check in CHECKS:
        for kind in ("fires", "passes"):
            assert f"{check.stem}.{kind}.ttl" in have, f"{check.stem} has no {kind} fixture"
    rules = {c.stem for c in CHECKS}
    for fixture in FIXTURES:
        match = FIXTURE_NAME.match(fixture.name)
        assert match and match["rule"] in rules, f"{fixture.name} names no check"


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_header_and_variables(check: Path) -> None:
    lines = check.read_text(encoding="utf-8").splitlines()
    headers = [line for line in lines if re.match(r"^# (rule|why|severity):", line)]
    assert len(headers) == 3, f"{check.name}: expected # rule:, # why:, # severity:"
    for pattern, line in zip(HEADER, headers, strict=True):
        assert pattern.match(line), f"{check.name}: bad header line {line!r}"
    assert lines[0].startswith("# rule: "), f"{check.name} must open with # rule:"
    text = check.read_text(encoding="utf-8")
    assert re.search(r"\bSELECT\b[^{]*\?focus\b", text), f"{check.name} must SELECT ?focus"
    assert not re.search(r"\b(SERVICE|LOAD)\b|\bFROM\s*<", text), "checks never reach out"


def test_check_ids_are_kebab_case() -> None:
    for check in CHECKS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check.stem), check.name
