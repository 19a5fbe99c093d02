"""Heavy libraries are imported only when validating (DESIGN, "Performance stance"), and the
modules of cseckg import each other without cycles (a cycle makes import order matter and keeps
two modules from being understood, tested or changed one at a time).

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


def test_trace_without_a_jurisdiction_leaves_the_chain_out():
    plain = imported_modules("trace", "child pornography")
    assert "cseckg.trace" in plain, "the import trace did not cover trace"
    assert "cseckg.chain" not in plain and "cseckg.conditions" not in plain
    assert "cseckg.chain" in imported_modules("trace", "child pornography", "--jurisdiction", "LU")


def test_compare_leaves_the_chain_out():
    modules = imported_modules("compare", "child", "--jurisdiction", "LU,DE")
    assert "cseckg.compare" in modules and "cseckg.wording" in modules
    assert "cseckg.chain" not in modules


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


# ----------------------------------------------------------------------------- import cycles

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cseckg"


def module_imports(package: Path) -> dict[str, set[str]]:
    """Each module of ``package`` -> the modules of the package it imports, at the top of the
    file or inside a function alike (a deferred import is still a dependency). The implicit
    import of a parent package (``cseckg.sparql`` before ``cseckg.sparql.lexer``) is not one."""
    modules = {_module_name(package, path): path for path in sorted(package.rglob("*.py"))}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _imported(node, here, modules):
                if target != name:
                    edges[name].add(target)
    return edges


def _module_name(package: Path, path: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.AST, here: str, modules: dict) -> set[str]:
    """The package's modules that the statement ``node`` imports (none for other nodes)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parent = here.split(".")[: len(here.split(".")) - node.level + 1]
            base = ".".join([*parent, base] if base else parent)
        # ``from a import b``: the module a.b when there is one, else a name defined in a
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
    else:
        return set()
    return {found for found in (_known(n, modules) for n in names) if found}


def _known(target: str, modules: dict) -> str | None:
    """``target`` if it is a module of the package, else the package module that holds it."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def cycle_groups(edges: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = {stack.pop()}
            while node not in component:
                component.add(stack.pop())
            if len(component) > 1:
                found.add(frozenset(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _named(cycle: frozenset[str]) -> str:
    return " <-> ".join(sorted(cycle))


def test_no_import_cycle():
    found = sorted(_named(c) for c in cycle_groups(module_imports(PACKAGE)))
    assert not found, f"import cycles among cseckg modules: {found}"


@pytest.mark.parametrize(
    "pair", [("cseckg.graph", "cseckg.store"), ("cseckg.validate", "cseckg.reasoning")]
)
def test_pairs_that_were_cycles_are_one_way(pair):
    edges = module_imports(PACKAGE)
    first, second = pair
    assert not (second in edges[first] and first in edges[second]), pair
    assert all(not {first, second} <= cycle for cycle in cycle_groups(edges)), pair


def test_the_cycle_finder_finds_deferred_and_relative_imports(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from pkg import b\n")
    (package / "b.py").write_text("from .sub import c\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "c.py").write_text("from ..a import f\nimport pkg.d\n")
    (package / "d.py").write_text("import os\n")
    edges = module_imports(package)
    assert edges["pkg.sub.c"] == {"pkg.a", "pkg.d"}
    assert cycle_groups(edges) == {frozenset({"pkg.a", "pkg.b", "pkg.sub.c"})}


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
