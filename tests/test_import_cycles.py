"""No import cycles inside a package: every `import` a module runs, at module level or inside a
function, read from the source (AST), resolved to the package's own modules.

Imports under `if TYPE_CHECKING:` are left out: they never run. A cycle is reported as the
modules of one strongly connected component of the import graph, with one import of each edge.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "codegen": ROOT / "codegen",
    "kis_runtime": ROOT / "src" / "kis_runtime",
    "kis_sim": ROOT / "src" / "kis_sim",
}
Graph = dict[str, dict[str, int]]  # module -> imported module -> line of one such import


def _modules(package: str, folder: Path) -> dict[str, Path]:
    found = {}
    for file in sorted(folder.rglob("*.py")):
        parts = list(file.relative_to(folder).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([package, *parts])] = file
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:` (never executed)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, modules: set[str]
) -> Iterator[str]:
    """The package's modules one import statement runs (its parent packages aside)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    base = node.module or ""
    if node.level:
        parts = module.split(".")
        anchor = parts if is_package else parts[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    for alias in node.names:
        # `from pkg import submodule` runs pkg.submodule; `from pkg import name`, pkg itself.
        sub = f"{base}.{alias.name}"
        yield sub if sub in modules else base


def import_graph(package: str, folder: Path) -> Graph:
    modules = _modules(package, folder)
    graph: Graph = {name: {} for name in modules}
    for name, file in modules.items():
        tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or id(node) in skipped:
                continue
            for target in _targets(node, name, file.name == "__init__.py", set(modules)):
                if target in modules and target != name:
                    graph[name].setdefault(target, node.lineno)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(graph: Graph, component: list[str]) -> str:
    members = set(component)
    edges = [
        f"  {a} imports {b} (line {line})"
        for a in component
        for b, line in sorted(graph[a].items())
        if b in members
    ]
    return "\n".join([" <-> ".join(component), *edges])


@pytest.mark.parametrize(
    "package",
    ["codegen", "kis_runtime", "kis_sim"],
)
def test_no_import_cycle_inside_the_package(package: str) -> None:
    graph = import_graph(package, PACKAGES[package])
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(_describe(graph, c) for c in found)


def test_the_check_finds_function_level_and_relative_cycles(tmp_path: Path) -> None:
    """The checker itself: a cycle closed by an import inside a function is one."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n    return a\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n"
    )
    (pkg / "d.py").write_text("import pkg.c\nfrom pkg import VERSION\n")
    graph = import_graph("pkg", pkg)
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
    assert graph["pkg.c"] == {}  # TYPE_CHECKING imports never run
    assert graph["pkg.d"] == {"pkg.c": 1, "pkg": 2}
