"""Reference documentation generated from the code and the data, so that it cannot drift:
the command line (from the Typer application), the SHACL shapes and the quality checks.

``tests/test_docs.py`` regenerates ``docs/cli.md`` and ``docs/rules.md`` and fails when the
committed files differ (``CSECKG_UPDATE_GOLDEN=1`` rewrites them).
"""

from __future__ import annotations

from typing import Any

SHAPES_QUERY = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?shape ?message ?severity ?comment WHERE {
  ?shape sh:message ?message .
  OPTIONAL { ?shape sh:severity ?severity }
  OPTIONAL { ?shape rdfs:comment ?comment }
} ORDER BY ?shape
"""


def cli_markdown() -> str:
    """Every command and option of the ``cseckg`` application."""
    import typer

    from cseckg.cli.application import app

    root = typer.main.get_command(app)
    lines = ["# Command line reference", "", "Generated from the Typer application.", ""]
    for path, command in _walk(root, ["cseckg"]):
        lines += [f"## `{' '.join(path)}`", "", (command.help or "").strip(), ""]
        params = [p for p in command.params if p.name not in ("help",)]
        if params:
            lines += ["| argument or option | help |", "|---|---|"]
            for param in params:
                is_option = any(o.startswith("-") for o in param.opts)
                names = ", ".join(param.opts) if is_option else param.name.upper()
                help_text = getattr(param, "help", "") or ""
                lines.append(f"| `{names}` | {help_text.replace('|', '/')} |")
            lines.append("")
    return "\n".join(lines)


def _walk(command: Any, path: list[str]):
    if getattr(command, "commands", None):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], [*path, name])
    else:
        yield path, command


def rules_markdown() -> str:
    """Every SHACL shape with a message and every check, with severity and why."""
    from cseckg import graph, queries, resources

    lines = ["# Validation rules", "", "Generated from `shapes/` and `queries/checks/`.", ""]
    lines += ["## SHACL shapes", "", "| shape | severity | message |", "|---|---|---|"]
    store = graph.load(resources.shape_files()).store
    for row in store.query(SHAPES_QUERY):  # type: ignore[union-attr]
        name = row["shape"].value.rsplit("#", 1)[-1]
        severity = row["severity"].value.rsplit("#", 1)[-1] if row["severity"] else "Violation"
        lines.append(f"| `{name}` | {severity} | {row['message'].value.replace('|', '/')} |")
    lines += ["", "## Checks", "", "| check | severity | rule | why |", "|---|---|---|---|"]
    for path in resources.check_files():
        check = queries.read(path)
        lines.append(
            f"| `{check.name}` | {check.severity} | {check.get('rule')} | {check.get('why')} |"
        )
    return "\n".join(lines) + "\n"
