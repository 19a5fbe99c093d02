"""One result of ``cseckg validate``: the record every stage reports (DESIGN, "Quality gate").

A stage (SHACL, the checks of ``queries/checks/``, OWL reasoning, parsing) turns what it found
into :class:`Finding` values; :mod:`cseckg.validate` gathers them into the report. The record
lives here, below both, so that a stage module such as :mod:`cseckg.reasoning` makes findings
without importing the module that runs it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One result: a SHACL validation result, a row of a check, a reasoner or parse error."""

    stage: str
    severity: str
    rule: str
    message: str
    focus: str = ""
    focus_label: str = ""
    path: str = ""
    value: str = ""
