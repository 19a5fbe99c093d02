"""Heavy libraries are imported only when validating (DESIGN, "Performance stance").

pyshacl and owlready2 cost a third of a second to import; ``cseckg --help`` and the help of every
command must not pay for them. Checked in a fresh interpreter (``python -X importtime``), since
this test process has imported them already.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import cseckg

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


def imports_of(path: Path, package: str) -> set[str]:
    """The ``cseckg`` modules a source file imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("cseckg")}


def module_graph(folder: Path, package: str) -> dict[str, set[str]]:
    """Each module of ``package`` (the files of ``folder``) -> the package's modules it imports."""
    modules = {f"{package}.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    return {
        name: {m for m in imports_of(path, package) if m in modules and m != name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each as the path that closes it (depth-first search)."""
    found, done = [], set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            found.append(path[path.index(node) :] + [node])
            return
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, path + [node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return found


def test_server_modules_import_no_cycle():
    """``server.app`` builds the application from its route modules; they never import it back
    (function-level imports count: they are cycles that only wait for a call)."""
    folder = Path(cseckg.__file__).parent / "server"
    graph = module_graph(folder, "cseckg.server")
    assert "cseckg.server.pages" in graph["cseckg.server.app"], "the graph missed an import"
    assert cycles(graph) == []


def test_cycle_finder_finds_a_function_level_cycle(tmp_path):
    (tmp_path / "a.py").write_text("import cseckg.pkg.b\n")
    (tmp_path / "b.py").write_text("def f():\n    from cseckg.pkg.a import x\n")
    graph = module_graph(tmp_path, "cseckg.pkg")
    assert cycles(graph) == [["cseckg.pkg.a", "cseckg.pkg.b", "cseckg.pkg.a"]]


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for module in graph[todo.pop()] - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_export_and_jsonld_import_no_cycle():
    """The exporter calls the JSON-LD writer; both take the prefixes from ``cseckg.namespaces``
    and the writer never imports the exporter back, directly or through another module."""
    graph = module_graph(Path(cseckg.__file__).parent, "cseckg")
    assert "cseckg.jsonld" in graph["cseckg.export"], "the graph missed a function-level import"
    assert "cseckg.namespaces" in graph["cseckg.jsonld"], "the graph missed an import"
    assert "cseckg.export" not in reachable(graph, "cseckg.jsonld")
