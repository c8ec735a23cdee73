"""Locate the data shipped with storybank, in a wheel or in a source checkout.

``themes/`` and ``sample_data/`` sit at the top of the repository and are copied
into the wheel as ``storybank/themes`` and ``storybank/sample_data``. An
editable install only sees ``src/``, so fall back to the checkout's top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"storybank's bundled {name}/ folder is missing from this install")


def data_dir() -> Path:
    """Built-in frameworks and the question bank (package data)."""
    return _PACKAGE / "core" / "data"


def themes_dir() -> Path:
    """Bundled Textual themes."""
    return _shipped("themes")


def sample_data_dir() -> Path:
    """The bundled sample bank."""
    return _shipped("sample_data")
