"""``cseckg validate``: the one quality gate (DESIGN, "Quality gate").

Stages, in order: parse (every file, strictly), SHACL (pyshacl against ``shapes/``), checks
(``queries/checks/*.rq``, each must return no rows) and OWL (owlready2 with HermiT). Exit codes:
0 conforms, 1 violations, 2 input or load error, 3 not supported here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cseckg import graph, lookup, queries, resources
from cseckg.errors import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_UNSUPPORTED,
    EXIT_VIOLATIONS,
    CseckgError,
    InputError,
    NotSupportedError,
)
from cseckg.findings import Finding

STAGES = ("shacl", "checks", "owl")
FAIL_ON = {"violation": ("Violation",), "warning": ("Violation", "Warning")}


@dataclass(frozen=True)
class StageResult:
    name: str
    status: str  # "passed", "failed", "skipped", "error"
    seconds: float
    detail: str = ""


@dataclass(frozen=True)
class ValidationReport:
    files: tuple[str, ...]
    triples: int
    stages: tuple[StageResult, ...]
    findings: tuple[Finding, ...]
    fail_on: str = "violation"
    summary: tuple[str, ...] = field(default=())

    @property
    def load_failed(self) -> bool:
        return any(s.status == "error" for s in self.stages)

    @property
    def unsupported(self) -> bool:
        return any(s.status == "unsupported" for s in self.stages)

    @property
    def conforms(self) -> bool:
        failing = FAIL_ON[self.fail_on]
        return not self.load_failed and not any(f.severity in failing for f in self.findings)

    @property
    def exit_code(self) -> int:
        if self.load_failed:
            return EXIT_INPUT
        if self.unsupported:
            return EXIT_UNSUPPORTED
        return EXIT_OK if self.conforms else EXIT_VIOLATIONS

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for finding in self.findings:
            out[finding.severity] = out.get(finding.severity, 0) + 1
        return out


def validate(
    extra: Sequence[Path] = (),
    *,
    only: str | None = None,
    base: str = "shipped",
    fail_on: str = "violation",
) -> ValidationReport:
    """Validate the base graph plus ``extra`` files; ``only`` runs a single stage."""
    if only is not None and only not in STAGES:
        raise InputError(f"unknown stage {only!r}; choose one of {', '.join(STAGES)}")
    if fail_on not in FAIL_ON:
        raise InputError(f"unknown --fail-on {fail_on!r}; choose violation or warning")
    files = [*graph.base_files(base), *extra]
    started = time.perf_counter()
    try:
        loaded = graph.load(files)
    except graph.LoadError as err:
        parse = StageResult("parse", "error", time.perf_counter() - started, err.message)
        errors = tuple(Finding("parse", "Error", "parse", m) for m in err.messages)
        return ValidationReport(tuple(map(str, files)), 0, (parse,), errors, fail_on)
    parse = StageResult("parse", "passed", time.perf_counter() - started, f"{len(loaded)} triples")
    stages, findings = [parse], []
    for result, found in _run_stages(STAGES if only is None else (only,), loaded, only is not None):
        stages.append(result)
        findings.extend(found)
    return ValidationReport(
        tuple(map(str, files)), len(loaded), tuple(stages), tuple(findings), fail_on
    )


def _run_stages(names: Sequence[str], loaded: graph.LoadedGraph, explicit: bool) -> list:
    """Each stage's (result, findings), in the order of ``names``.

    The OWL stage spends its time waiting for HermiT's Java process, so HermiT is started first
    and the other stages run while the JVM works on the other core."""
    done: dict[str, tuple[StageResult, list[Finding]]] = {}
    reasoner = None
    owl_started = time.perf_counter()
    if "owl" in names:
        from cseckg import reasoning

        try:
            reasoner = reasoning.start(loaded)
        except CseckgError as err:  # it could not start: that is the stage's result
            done["owl"] = _not_run("owl", err, explicit, owl_started)
    try:
        for name in names:
            if name != "owl":
                done[name] = _run_stage(name, loaded, explicit, RUNNERS[name])
    except BaseException:  # interrupted: stop the JVM and remove its files before going
        if reasoner is not None:
            reasoner.abort()
        raise
    if reasoner is not None:
        finish = reasoner.finish
        done["owl"] = _run_stage("owl", loaded, explicit, lambda _: finish(), owl_started)
    return [done[name] for name in names]


def _run_stage(name: str, loaded: graph.LoadedGraph, explicit: bool, runner, started=None):
    """``runner(loaded)``'s findings as the stage's result, timed from ``started`` (now by
    default)."""
    started = time.perf_counter() if started is None else started
    try:
        found, detail = runner(loaded)
    except CseckgError as err:
        return _not_run(name, err, explicit, started)
    status = "failed" if any(f.severity == "Violation" for f in found) else "passed"
    return StageResult(name, status, time.perf_counter() - started, detail), found


def _not_run(name: str, err: CseckgError, explicit: bool, started: float):
    """The result of a stage that could not run: unsupported here (skipped unless asked for
    alone), or an error."""
    if isinstance(err, NotSupportedError):
        status = "unsupported" if explicit else "skipped"
    else:
        status = "error"
    return StageResult(name, status, time.perf_counter() - started, err.message), []


# ---------------------------------------------------------------- SHACL


def shapes_graph():
    """The shapes of ``shapes/`` as one rdflib graph."""
    return graph.to_rdflib(graph.load(resources.shape_files()))


def run_shacl(loaded: graph.LoadedGraph) -> tuple[list[Finding], str]:
    """SHACL Core validation with pyshacl: no inference, shapes from ``shapes/``."""
    import pyshacl
    from rdflib import RDF, SH

    _hash_constraint_parameters()
    data = graph.to_rdflib(loaded)
    shapes = shapes_graph()
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        value = results.value
        focus = str(value(result, SH.focusNode) or "")
        shape = value(result, SH.sourceShape)
        findings.append(
            Finding(
                stage="shacl",
                severity=_local(value(result, SH.resultSeverity)) or "Violation",
                rule=_local(shape) if shape is not None else "anonymous-shape",
                message=str(value(result, SH.resultMessage) or ""),
                focus=focus,
                focus_label=lookup.label_or_blank(loaded.store, focus),
                path=_local_or_str(value(result, SH.resultPath)),
                value=str(value(result, SH.value) or ""),
            )
        )
    return sorted(findings, key=_order), f"{len(set(shapes.subjects(SH.message, None)))} shapes"


def _hash_constraint_parameters() -> None:
    """Let pyshacl look up constraint parameters in a set, not a list.

    For every shape it validates (once per value node inside ``sh:or``), pyshacl 0.40 filters the
    shape's predicates with ``p in CONSTRAINT_PARAMETERS``, a list of about 40 IRIs, so most of its
    time goes to comparing IRIs. It caches that list on its ``shape`` module; a frozenset with the
    same members answers the same, by hash (30 % less SHACL time at 10k triples). Only valid with
    SHACL-AF and SHACL-JS off, as here (they extend the list in place).
    """
    try:
        import pyshacl.shape as shape_module
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:  # a pyshacl without that layout: leave it as it is
        return
    params = frozenset(ALL_CONSTRAINT_PARAMETERS)
    shape_module.CONSTRAINT_PARAMS = (params, CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]


def _local(term) -> str:
    if term is None:
        return ""
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _local_or_str(term) -> str:
    from rdflib import BNode

    if term is None or isinstance(term, BNode):
        return "" if term is None else "(complex path)"
    return _curie(str(term))


_CURIES = {
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/2008/05/skos-xl#": "skosxl:",
    "https://w3id.org/cseckg/ontology#": "cseckg:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://data.europa.eu/eli/ontology#": "eli:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "https://schema.org/": "schema:",
}


def _curie(iri: str) -> str:
    for namespace, prefix in _CURIES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def _order(finding: Finding) -> tuple[str, str, str, str]:
    return (finding.rule, finding.focus, finding.path, finding.value)


# ---------------------------------------------------------------- checks


def run_checks(loaded: graph.LoadedGraph) -> tuple[list[Finding], str]:
    """Run every ``queries/checks/*.rq``; each row it returns is a finding."""
    import pyoxigraph as ox

    files = [queries.read(p) for p in resources.check_files()]
    findings = []
    for check in files:
        try:
            rows = loaded.store.query(check.text)
        except SyntaxError as err:
            raise InputError(f"{check.path}: {err}") from None
        if not isinstance(rows, ox.QuerySolutions):
            raise InputError(f"{check.path}: a check must be a SELECT query")
        for row in rows:
            findings.append(_check_finding(check, row, loaded))
    return sorted(findings, key=_order), f"{len(files)} checks"


def _check_finding(check: queries.QueryFile, row, loaded: graph.LoadedGraph) -> Finding:
    def text(name: str) -> str:
        try:
            term = row[name]
        except (KeyError, IndexError):
            return ""
        return "" if term is None else term.value

    focus = text("focus")
    return Finding(
        stage="checks",
        severity=check.severity,
        rule=check.name,
        message=text("message") or check.get("rule"),
        focus=focus,
        focus_label=lookup.label_or_blank(loaded.store, focus),
        path=_curie(text("path")),
        value=text("value"),
    )


RUNNERS: dict[str, Callable[[graph.LoadedGraph], tuple[list[Finding], str]]] = {
    "shacl": run_shacl,
    "checks": run_checks,
}  # the OWL stage is started first and finished last: see _run_stages
