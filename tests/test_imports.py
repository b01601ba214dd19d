"""The pipeline's modules import each other in one direction: no cycle, even
through imports made inside functions (made there to keep start-up cheap,
never to hide a cycle). A package (ocr, layout, review) counts as one module."""

from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"


def node(path: Path) -> str:
    """`pipeline/ocr/page.py` -> `ocr`; `pipeline/emit.py` -> `emit`."""
    parts = path.relative_to(PIPELINE).with_suffix("").parts
    return parts[0]


def imported(path: Path) -> set[str]:
    """The pipeline modules `path` imports, anywhere in it."""
    package = path.relative_to(PIPELINE).parts[:-1]
    found = set()
    for item in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(item, ast.ImportFrom) and item.level:
            base = list(package[: len(package) - item.level + 1])
            names = [*base, *item.module.split(".")] if item.module else None
            if names:
                found.add(names[0])
            else:
                found |= {
                    alias.name
                    for alias in item.names
                    if (PIPELINE / alias.name).exists() or (PIPELINE / f"{alias.name}.py").exists()
                }
        elif isinstance(item, ast.ImportFrom) and (item.module or "").startswith("pipeline."):
            found.add(item.module.split(".")[1])
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in PIPELINE.rglob("*.py"):
        edges.setdefault(node(path), set()).update(imported(path) - {node(path)})
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as a path, or []."""
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> list[str]:
        state[name] = 1
        for other in sorted(edges.get(name, ())):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other] if other in path else [name, other]
            if other not in state and (found := visit(other, [*path, other])):
                return found
        state[name] = 2
        return []

    for name in sorted(edges):
        if name not in state and (found := visit(name, [name])):
            return found
    return []


def test_the_import_graph_finds_a_cycle_when_there_is_one() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_pipelines_modules_import_each_other_in_one_direction() -> None:
    edges = graph()
    assert {"extract", "runner", "ocr", "emit", "series", "database"} <= set(edges)
    assert "ocr" in edges["extract"]  # a function-level import is seen
    assert cycle(edges) == [], " -> ".join(cycle(edges))
