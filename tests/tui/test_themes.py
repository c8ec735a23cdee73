"""Themes: bundled files load, user files join them, bad files fall back, choices persist."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

from storybank.theme_catalog import theme_names, user_themes_dir
from storybank.tui.themes import CUSTOM_VARIABLES, DEFAULT_THEME, load_themes
from tui.support import AppFactory, reopen


def test_bundled_themes_load_and_are_named_for_the_catalog() -> None:
    found, problems = load_themes(None)
    names = [theme.name for theme in found]
    assert problems == []
    assert {"storybank-dark", "storybank-light"} <= set(names)
    assert all(name in theme_names() for name in names)
    dark = next(t for t in found if t.name == DEFAULT_THEME)
    assert set(CUSTOM_VARIABLES) <= set(dark.variables)


def test_a_broken_user_theme_is_reported_not_fatal(empty_bank: Path) -> None:
    folder = user_themes_dir(empty_bank)
    folder.mkdir()
    (folder / "broken.toml").write_text("name = 'x'\nprimary = 'not a colour'\n")
    (folder / "garbage.toml").write_text("name = [")
    (folder / "mine.toml").write_text("name = 'mine'\nprimary = '#336699'\n")
    found, problems = load_themes(empty_bank)
    assert "mine" in [t.name for t in found]
    reasons = {p.path.name: p.reason for p in problems}
    assert "primary" in reasons["broken.toml"]
    assert "not valid TOML" in reasons["garbage.toml"]


@pytest.mark.parametrize(
    ("contents", "reason"),
    [
        ("primary = '#336699'\n", "name: every theme needs a name"),
        ("name = 'a b'\nprimary = '#336699'\n", "name: 'a b' is not a usable name"),
        ("name = 'x'\n", "primary: every theme needs a primary colour"),
        ("name = 'x'\nprimary = 12\n", "primary: expected a colour as text, found int"),
        ("name = 'x'\nprimary = 'red'\ndark = 'yes'\n", "dark: expected true or false"),
        ("name = 'x'\nprimary = 'red'\nshade = 1\n", "shade: unknown setting"),
        ("name = 'x'\nprimary = 'red'\n[variables]\nsb-gap = 'nope'\n", "variables.sb-gap:"),
    ],
)
def test_a_theme_file_error_names_the_field(empty_bank: Path, contents: str, reason: str) -> None:
    folder = user_themes_dir(empty_bank)
    folder.mkdir()
    (folder / "mine.toml").write_text(contents)
    found, problems = load_themes(empty_bank)
    [problem] = [p for p in problems if p.path.name == "mine.toml"]
    assert problem.reason.startswith(reason)
    assert {"storybank-dark", "storybank-light"} <= {t.name for t in found}


async def test_bad_theme_file_and_unknown_theme_fall_back_with_a_toast(
    empty_bank: Path, make: AppFactory
) -> None:
    folder = user_themes_dir(empty_bank)
    folder.mkdir()
    (folder / "broken.toml").write_text("name = 'broken'\nprimary = 12\n")
    app = make(empty_bank, theme="no-such-theme")
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        messages = [n.message for n in app._notifications]
        assert any("Theme file skipped" in m and "broken.toml" in m for m in messages)
        assert any("no theme called 'no-such-theme'" in m for m in messages)
    with reopen(empty_bank) as bank:
        assert bank.settings.theme == DEFAULT_THEME


async def test_switching_theme_is_remembered_in_the_bank(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "storybank-dark"
        app.theme = "storybank-light"
        await pilot.pause()
    with reopen(sample_bank) as bank:
        assert bank.settings.theme == "storybank-light"
    app.bank.close()
    again = make(sample_bank)
    async with again.run_test() as pilot:
        assert again.theme == "storybank-light"


async def test_theme_flag_is_used_and_remembered(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank, theme="nord")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        # Textual's own themes lack storybank's variables: they follow the base colours.
        assert app.theme_variables["sb-ready"] == app.theme_variables["success"]
    with reopen(sample_bank) as bank:
        assert bank.settings.theme == "nord"


async def test_theme_picker_in_the_palette_switches_and_persists(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"bank-li")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "storybank-light"
    with reopen(sample_bank) as bank:
        assert bank.settings.theme == "storybank-light"


def test_every_bundled_theme_works_with_textual() -> None:
    found, _ = load_themes(None)
    for theme in found:
        assert theme.to_color_system().generate()["primary"]
    assert "textual-dark" in BUILTIN_THEMES
