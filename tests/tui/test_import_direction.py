"""Imports in the app point down: no other module under ``tui/`` imports the app module.

Screens, widgets and the palette get the services from the app and talk back
with messages; an import of :mod:`storybank.tui.app` from any of them (even
one only for type checking) would close the circle again. Read statically
from the source, so a deferred import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import storybank.tui

TUI = Path(storybank.tui.__file__).parent
APP_MODULE = "storybank.tui.app"


def module_name(path: Path) -> str:
    parts = path.relative_to(TUI.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports (relative ones resolved; ``from a import b`` adds ``a.b``).

    Args:
        source: The text of the module.
        module: Its dotted name (relative imports are resolved against it).
        is_package: It is a package's ``__init__``.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


BELOW_THE_APP = sorted(path for path in TUI.rglob("*.py") if path != TUI / "app.py")


def test_every_screen_widget_and_the_palette_is_checked() -> None:
    names = {module_name(path) for path in BELOW_THE_APP}
    screens = {p.stem for p in (TUI / "screens").glob("*.py")} - {"__init__"}
    widgets = {p.stem for p in (TUI / "widgets").glob("*.py")} - {"__init__"}
    assert {"bank", "base", "editor", "matrix", "lookup", "drill", "stats"} <= screens
    assert {f"storybank.tui.screens.{name}" for name in screens} <= names
    assert {f"storybank.tui.widgets.{name}" for name in widgets} <= names
    assert {"storybank.tui.commands", "storybank.tui.services"} <= names
    assert APP_MODULE not in names


@pytest.mark.parametrize("path", BELOW_THE_APP, ids=module_name)
def test_module_does_not_import_the_app(path: Path) -> None:
    imports = imported_modules(
        path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py"
    )
    assert APP_MODULE not in imports


@pytest.mark.parametrize(
    "source",
    [
        "from storybank.tui.app import StorybankApp",
        "import storybank.tui.app",
        "from storybank.tui import app",
        "from ..app import StorybankApp",
        "from .. import app",
        "if TYPE_CHECKING:\n    from storybank.tui.app import StorybankApp",
        "def f():\n    from storybank.tui.app import StorybankApp",
    ],
)
def test_the_check_sees_every_way_of_writing_the_import(source: str) -> None:
    assert APP_MODULE in imported_modules(source, "storybank.tui.screens.bank")
    assert APP_MODULE not in imported_modules(
        "from storybank.tui.services import Services", "storybank.tui.screens.bank"
    )
