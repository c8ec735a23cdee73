"""The packages import each other only downwards, in the order the layout promises.

From the top: the interfaces (``tui``, ``cli``), then ``transfer`` (moving a
bank's content to and from files), then ``scheduling`` (the drills and their
storage), then the plain libraries (``storage``, ``io``, ``checks``,
``matching``, which never import each other), then ``core``, then the leaves
(``errors``, ``paths``, ``resources``). Every import counts: deferred ones
inside functions and ``TYPE_CHECKING`` ones too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "storybank"

LAYERS: list[tuple[set[str], bool]] = [
    # (packages, whether they must not import each other)
    ({"tui", "cli"}, False),  # the CLI opens the app; the app borrows the CLI's terminal helpers
    ({"transfer"}, True),
    ({"scheduling"}, True),
    ({"storage", "io", "checks", "matching"}, True),
    ({"core"}, True),
    ({"errors", "paths", "resources"}, True),
]


def _unit(module: str) -> str:
    """The top-level package or module of ``storybank.<unit>...``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> set[str]:
    """Every ``storybank`` module a source file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            if node.module and node.module.startswith("storybank"):
                found.add(node.module)
                # ``from storybank import transfer`` imports the module ``transfer``.
                if node.module == "storybank":
                    found.update(
                        f"storybank.{alias.name}"
                        for alias in node.names
                        if (SOURCE / alias.name).is_dir() or (SOURCE / f"{alias.name}.py").exists()
                    )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("storybank"))
    return found


def _layer_of(unit: str) -> int | None:
    return next((i for i, (units, _) in enumerate(LAYERS) if unit in units), None)


def _graph() -> dict[str, set[str]]:
    """Every module of the package with the ``storybank`` modules it imports."""
    return {
        ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts): _imports(path)
        for path in sorted(SOURCE.rglob("*.py"))
    }


def _violations(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, imports in graph.items():
        here = _unit(module)
        layer = _layer_of(here)
        if layer is None:
            continue
        for target in sorted(imports):
            there = _unit(target)
            if there in ("", here):
                continue  # the version, or the package itself
            other = _layer_of(there)
            if other is None:
                if layer > 0:
                    problems.append(f"{module} imports {target}, which is in no layer")
                continue
            if other < layer or (other == layer and LAYERS[layer][1]):
                problems.append(f"{module} imports {target}")
    return problems


def test_every_import_points_down_the_layers() -> None:
    assert _violations(_graph()) == []


def test_every_package_is_in_a_layer() -> None:
    packages = {p.name for p in SOURCE.iterdir() if (p / "__init__.py").exists()}
    placed = set().union(*(units for units, _ in LAYERS))
    assert packages <= placed


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("storybank.storage.repository", "storybank.scheduling.models"),
        ("storybank.io.importer", "storybank.storage.files"),
        ("storybank.scheduling.deck", "storybank.transfer"),
        ("storybank.core.models", "storybank.io.markdown"),
        ("storybank.checks.rules", "storybank.matching.text"),
    ],
)
def test_an_import_against_the_layers_is_caught(source: str, target: str) -> None:
    graph = _graph()
    assert _violations({**graph, source: graph[source] | {target}}) != []
