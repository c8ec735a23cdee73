"""Opening the full-screen app (the only place the CLI imports the TUI)."""

from __future__ import annotations

import argparse
from pathlib import Path

from storybank.cli.context import bank_path
from storybank.errors import StorybankError
from storybank.paths import default_data_dir
from storybank.theme_catalog import theme_names


def _launch(args: argparse.Namespace, path: Path) -> int:
    theme: str | None = getattr(args, "theme", None)
    if theme is not None:
        names = theme_names(path)
        if theme not in names:
            raise StorybankError(
                f"there is no theme called {theme!r}",
                field="--theme",
                hint=f"use one of: {', '.join(names)}",
            )
    # Deferred import: Textual is only loaded when the app really opens.
    from storybank.tui.app import run

    return run(path, theme=theme)


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the user's bank, creating an empty bank on first use."""
    path = bank_path(args)
    if not path.exists() and not path.is_symlink():
        # Deferred import: creating a bank needs the models, which the app
        # otherwise imports only after its first frame.
        from storybank.cli.admin import create_bank

        create_bank(path, sample=False, force=False)
    return _launch(args, path)


def run_demo(args: argparse.Namespace) -> int:
    """Open the app on a fresh copy of the sample bank, apart from the user's own."""
    from storybank.cli.admin import create_bank

    path = default_data_dir() / "demo" / "bank.json"
    create_bank(path, sample=True, force=True)
    return _launch(args, path)
