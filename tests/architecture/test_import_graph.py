"""The import graph of kh06_desktop: no circles, and the layers point one way.

Read with the standard library's `ast`, without importing anything. Every import statement counts,
those inside functions too (a deferred import still ties two modules together), except the ones
under `if TYPE_CHECKING:`, which never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kh06_desktop"

# Which top-level parts of the package each part may import (DESIGN 3: domain <- store <- services
# <- ui / cli / reports / exchange; `paths` is the app's folders, usable anywhere). `parts` (importing
# a page, menu extension or command group by name; imports nothing of the app) and `diagnostics`
# (the whole-install check behind `kh06 doctor` and Trợ giúp → Thông tin hỗ trợ, which looks at
# every layer) sit beside the entry points: ui and cli may use them.
ALLOWED = {
    "domain": {"domain"},
    "store": {"domain", "store", "paths"},
    "exchange": {"domain", "store", "exchange", "paths"},
    "services": {"domain", "store", "services", "exchange", "paths"},
    "reports": {"domain", "services", "reports", "paths"},
    "cli": {"domain", "store", "services", "exchange", "reports", "cli", "paths", "parts", "diagnostics"},
    "ui": {"domain", "store", "services", "exchange", "reports", "ui", "paths", "parts", "diagnostics"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if candidate in known else source)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", known)
            for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
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
            connect(node)
    return found


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "kh06_desktop.services.members.members" in graph
    assert "kh06_desktop.store.database" in graph["kh06_desktop.services.members.members"]


def test_no_import_circles() -> None:
    assert _cycles(import_graph()) == []


def test_layers_point_one_way() -> None:
    wrong = []
    for module, targets in import_graph().items():
        parts = module.split(".")
        if len(parts) < 3 or parts[1] not in ALLOWED:
            continue
        for target in targets:
            layer = target.split(".")[1] if target.count(".") else ""
            if layer and layer not in ALLOWED[parts[1]]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
