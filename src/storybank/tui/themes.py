"""Themes as data: TOML files → a validated :class:`ThemeSpec` → a Textual ``Theme``.

storybank ships its themes in ``themes/`` and also reads the user's own from
the ``themes/`` folder beside the bank (see :mod:`storybank.theme_catalog`).
A theme file sets Textual's base colours plus storybank's own variables
(``sb-ready``, ``sb-gap``…) used by the app's styles.

A broken theme file never stops the app: :func:`load_themes` returns the good
themes and a list of problems, which the app shows as a toast.

Theme files are read before the first frame, so they are validated here by
hand rather than with a pydantic model: importing pydantic alone costs ~40 ms
of start-up.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from storybank.theme_catalog import theme_files

DEFAULT_THEME = "storybank-dark"
"""The theme used when the settings name none, or one that cannot be found."""

CUSTOM_VARIABLES: Mapping[str, str] = {
    "sb-ready": "success",
    "sb-almost": "warning",
    "sb-draft": "error",
    "sb-suggested": "secondary",
    "sb-gap": "error",
}
"""storybank's own theme variables, each with the base colour it follows when a
theme leaves it out (so Textual's built-in themes look right too)."""

COLOUR_FIELDS: tuple[str, ...] = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "success",
    "warning",
    "error",
)
"""The base colours a theme file may set (only ``primary`` is required)."""

NAME_MAX = 100
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_KNOWN_KEYS = ("name", "dark", *COLOUR_FIELDS, "variables")


class ThemeFileError(ValueError):
    """One field of a theme file is wrong; ``str()`` reads ``"field: what is wrong"``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")


def _check_colour(where: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(where, f"expected a colour as text, found {type(value).__name__}")
    try:
        Color.parse(value)
    except ColorParseError as exc:
        raise ThemeFileError(where, f"{value!r} is not a colour ({exc})") from None
    return value


@dataclass(frozen=True)
class ThemeSpec:
    """One theme file, validated.

    Colour fields take any CSS colour Textual understands (``"#1b1f26"``,
    ``"rgb(27, 31, 38)"``, ``"darkslateblue"``); those left out are derived by
    Textual from ``primary``.
    """

    name: str
    primary: str
    dark: bool = True
    secondary: str | None = None
    accent: str | None = None
    foreground: str | None = None
    background: str | None = None
    surface: str | None = None
    panel: str | None = None
    boost: str | None = None
    success: str | None = None
    warning: str | None = None
    error: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    """Extra theme variables; storybank's own (``sb-*``) must be colours."""

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> ThemeSpec:
        """Validate the contents of a theme file.

        Raises:
            ThemeFileError: naming the first field at fault.
        """
        for key in raw:
            if key not in _KNOWN_KEYS:
                raise ThemeFileError(key, f"unknown setting; a theme sets {', '.join(_KNOWN_KEYS)}")
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise ThemeFileError("name", "every theme needs a name, as text")
        if len(name) > NAME_MAX or not _NAME_RE.fullmatch(name):
            raise ThemeFileError(
                "name",
                f"{name!r} is not a usable name: up to {NAME_MAX} letters, digits, '_', '.' "
                "or '-', starting with a letter or a digit",
            )
        dark = raw.get("dark", True)
        if not isinstance(dark, bool):
            raise ThemeFileError("dark", "expected true or false")
        if "primary" not in raw:
            raise ThemeFileError("primary", "every theme needs a primary colour")
        colours = {key: _check_colour(key, raw[key]) for key in COLOUR_FIELDS if key in raw}
        variables = raw.get("variables", {})
        if not isinstance(variables, Mapping):
            raise ThemeFileError("variables", "expected a table of variable = value")
        checked: dict[str, str] = {}
        for key, value in variables.items():
            where = f"variables.{key}"
            if key in CUSTOM_VARIABLES:
                checked[key] = _check_colour(where, value)
            elif isinstance(value, str):
                checked[key] = value
            else:
                raise ThemeFileError(where, f"expected text, found {type(value).__name__}")
        return cls(
            name=name,
            primary=colours["primary"],
            dark=dark,
            secondary=colours.get("secondary"),
            accent=colours.get("accent"),
            foreground=colours.get("foreground"),
            background=colours.get("background"),
            surface=colours.get("surface"),
            panel=colours.get("panel"),
            boost=colours.get("boost"),
            success=colours.get("success"),
            warning=colours.get("warning"),
            error=colours.get("error"),
            variables=checked,
        )

    def to_theme(self) -> Theme:
        """The Textual theme this spec describes."""
        return Theme(
            name=self.name,
            primary=self.primary,
            secondary=self.secondary,
            accent=self.accent,
            foreground=self.foreground,
            background=self.background,
            surface=self.surface,
            panel=self.panel,
            boost=self.boost,
            success=self.success,
            warning=self.warning,
            error=self.error,
            dark=self.dark,
            variables=dict(self.variables),
        )


@dataclass(frozen=True)
class ThemeProblem:
    """A theme file that could not be used, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def load_theme_file(path: Path) -> ThemeSpec:
    """Read and validate one theme file.

    Raises:
        ValueError: the file is unreadable, not TOML, or not a valid theme
            (the message says which field is wrong).
    """
    if not path.is_file():  # a FIFO would keep the app from ever starting
        raise ValueError("it is not a regular file, so it was not read")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML ({exc})") from None
    return ThemeSpec.from_dict(raw)


def load_themes(bank_path: Path | None) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every usable theme file (bundled first, then the user's), and the broken ones.

    A user file whose ``name`` matches a bundled theme replaces it.
    """
    themes: dict[str, Theme] = {}
    problems: list[ThemeProblem] = []
    for path in theme_files(bank_path):
        try:
            spec = load_theme_file(path)
        except ValueError as exc:
            problems.append(ThemeProblem(path, str(exc)))
            continue
        themes[spec.name] = spec.to_theme()
    return list(themes.values()), problems


def with_custom_defaults(variables: dict[str, str]) -> dict[str, str]:
    """``variables`` with every storybank variable filled in from its base colour."""
    filled = dict(variables)
    for name, base in CUSTOM_VARIABLES.items():
        if name not in filled:
            filled[name] = variables.get(base, "ansi_default")
    return filled
