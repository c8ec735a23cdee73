"""Themes as data: TOML files → a validated :class:`ThemeSpec` → a Textual ``Theme``.

storybank ships its themes in ``themes/`` and also reads the user's own from
the ``themes/`` folder beside the bank (see :mod:`storybank.theme_catalog`).
A theme file sets Textual's base colours plus storybank's own variables
(``sb-ready``, ``sb-gap``…) used by the app's styles.

A broken theme file never stops the app: :func:`load_themes` returns the good
themes and a list of problems, which the app shows as a toast.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
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


def _check_colour(value: str) -> str:
    try:
        Color.parse(value)
    except ColorParseError as exc:
        raise ValueError(f"{value!r} is not a colour ({exc})") from None
    return value


class ThemeSpec(BaseModel):
    """One theme file, validated.

    Colour fields take any CSS colour Textual understands (``"#1b1f26"``,
    ``"rgb(27, 31, 38)"``, ``"darkslateblue"``); those left out are derived by
    Textual from ``primary``.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    dark: bool = True
    primary: str
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
    variables: dict[str, str] = Field(default_factory=dict)

    @field_validator(
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
    @classmethod
    def _colour(cls, value: str | None) -> str | None:
        return None if value is None else _check_colour(value)

    @field_validator("variables")
    @classmethod
    def _known_variables(cls, value: dict[str, str]) -> dict[str, str]:
        for key, colour in value.items():
            if key in CUSTOM_VARIABLES:
                _check_colour(colour)
        return value

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
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML ({exc})") from None
    try:
        return ThemeSpec.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "file"
        raise ValueError(f"{where}: {error['msg']}") from None


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
