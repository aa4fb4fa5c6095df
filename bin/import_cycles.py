"""Fail when modules of the project import each other in a loop.

Every import counts, at module level or inside a function (a function-level import is
still a dependency, only deferred); imports under ``if TYPE_CHECKING:`` do not. The
import graph is read by grimp, the library import-linter stands on.
"""

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = config["tool"]["importlinter"]["root_packages"]
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    found = cycles(graph)
    for component in found:
        print("Import cycle:", " -> ".join(component))
        for module in component:
            inside = sorted(graph.find_modules_directly_imported_by(module) & set(component))
            print(f"  {module} imports {', '.join(inside)}")
    if not found:
        print(f"No import cycles among {len(graph.modules)} modules.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
