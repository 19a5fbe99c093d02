"""Heavy libraries are imported only when validating (DESIGN, "Performance stance").

pyshacl and owlready2 cost a third of a second to import; ``cseckg --help`` and the help of every
command must not pay for them. Checked in a fresh interpreter (``python -X importtime``), since
this test process has imported them already.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pyshacl", "owlready2")


def imported_modules(*args: str) -> set[str]:
    """The modules a fresh ``python -m cseckg ARGS`` imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cseckg", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[-1].strip() for line in lines[1:]}  # the first is the header


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".", 1)[0] in HEAVY)


@pytest.mark.parametrize("args", [("--help",), ("validate", "--help"), ("fmt", "--help")])
def test_help_does_not_import_validators(args):
    modules = imported_modules(*args)
    assert "cseckg.cli" in modules, "the import trace did not cover the command line"
    assert heavy(modules) == [], f"cseckg {' '.join(args)} imports {heavy(modules)}"


# ---------------------------------------------------------------- import cycles


def import_graph() -> dict[str, set[str]]:
    """cseckg module -> the cseckg modules it imports, anywhere in it (a function's lazy import
    counts: it only hides a cycle), read from the source."""
    import ast

    from .conftest import ROOT

    package = ROOT / "src"
    modules = {
        ".".join(p.relative_to(package).with_suffix("").parts).removesuffix(".__init__"): p
        for p in (package / "cseckg").rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = here.rsplit(".", node.level - 1)[0] if node.level else ""
                module = ".".join(filter(None, [base, node.module or ""]))
                for alias in node.names:
                    child = f"{module}.{alias.name}"
                    found.add(child if child in modules else module)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for module in graph[todo.pop()] - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_the_import_graph_is_read():
    graph = import_graph()
    assert "cseckg.jsonld" in graph["cseckg.export"]  # a lazy import inside a function
    assert "cseckg.namespaces" in graph["cseckg.jsonld"]  # a module-level one


@pytest.mark.parametrize("first, second", [("cseckg.export", "cseckg.jsonld")])
def test_no_import_cycle_between(first, second):
    graph = import_graph()
    cycle = second in reachable(graph, first) and first in reachable(graph, second)
    assert not cycle, f"{first} and {second} import each other"
