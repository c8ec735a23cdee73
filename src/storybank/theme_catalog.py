"""The names of the themes a user can choose, without importing Textual.

Themes are TOML files: the bundled ones in ``themes/`` and the user's own in a
``themes/`` folder beside the bank. Textual's built-in themes are listed here
by name so that ``storybank config theme`` can validate a choice quickly; a
test keeps the list in step with the installed Textual.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from storybank.resources import themes_dir

TEXTUAL_THEMES: tuple[str, ...] = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)


def user_themes_dir(bank: Path) -> Path:
    """The folder beside the bank where a user keeps theme files."""
    return bank.parent / "themes"


def theme_files(bank: Path | None = None) -> list[Path]:
    """Bundled theme files, then the user's (a user file may override a bundled name)."""
    files = sorted(themes_dir().glob("*.toml"))
    if bank is not None and user_themes_dir(bank).is_dir():
        files.extend(sorted(user_themes_dir(bank).glob("*.toml")))
    return files


def theme_names(bank: Path | None = None) -> list[str]:
    """Every theme name a user can pick: storybank's and their own first, then Textual's."""
    names: list[str] = []
    for path in theme_files(bank):
        if not path.is_file():
            continue  # a FIFO would wait forever; the app reports it
        try:
            name = tomllib.loads(path.read_text(encoding="utf-8")).get("name")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # the app reports broken theme files; here they are simply not offered
        if isinstance(name, str) and name not in names:
            names.append(name)
    names.extend(n for n in TEXTUAL_THEMES if n not in names)
    return names
