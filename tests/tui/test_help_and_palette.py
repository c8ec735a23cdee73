"""Help lists every key; the palette reaches every action; keys held for later sections."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Static

from storybank.tui.app import StorybankApp
from storybank.tui.screens.confirm import ConfirmScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.help import HelpScreen, help_blocks, help_content, merged
from storybank.tui.screens.lookup import LookupScreen
from storybank.tui.screens.matrix import MatrixScreen, MatrixTable
from storybank.tui.sections import RESERVED_KEYS, SECTIONS
from storybank.tui.widgets.competency_picker import CompetencyPicker
from storybank.tui.widgets.story_table import StoryTable
from tui.support import MARKUP_TITLE, AppFactory, static_text

ALL_BINDING_HOLDERS = [
    StorybankApp,
    *(s.load() for s in SECTIONS),
    EditorScreen,
    MatrixTable,
    StoryTable,
    CompetencyPicker,
    HelpScreen,
    ConfirmScreen,
]


def bindings_of(holder: type) -> list[Binding]:
    return [b for b in getattr(holder, "BINDINGS", []) if isinstance(b, Binding)]


def test_keys_held_for_drill_and_stats_are_not_used() -> None:
    for holder in ALL_BINDING_HOLDERS:
        for binding in bindings_of(holder):
            keys = {k.strip() for k in binding.key.split(",")}
            assert not keys & set(RESERVED_KEYS), (holder.__name__, binding)


def test_section_keys_do_not_collide() -> None:
    keys = [s.key for s in SECTIONS] + list(RESERVED_KEYS)
    assert len(keys) == len(set(keys))


async def test_help_lists_every_described_binding(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = static_text(app.screen.query_one("#help-text", Static))
        for holder in (*(s.load() for s in SECTIONS), EditorScreen, MatrixScreen, LookupScreen):
            for binding in bindings_of(holder):
                if binding.description and not binding.action.startswith("app."):
                    assert binding.description in text, (holder.__name__, binding.description)
        for item in SECTIONS:
            assert item.title in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_opens_a_story_by_title(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"settling")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == "platform-capacity-conflict"


async def test_palette_runs_screen_actions(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"go matrix")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("ctrl+p", *"amazon")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert app.catalog.framework.id == "amazon-lp"


async def test_palette_shows_markup_titles_literally(empty_bank: Path, make: AppFactory) -> None:
    from factories import make_story
    from storybank.storage.repository import Bank

    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("markup", title=MARKUP_TITLE))
    app = make(empty_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"open story")
        await pilot.pause(0.4)
        assert app.is_running
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == "markup"


@pytest.mark.parametrize("width", [52, 76, 92])
def test_help_has_one_row_per_key_one_name_per_key_and_fits(width: int) -> None:
    text = help_content(width).plain
    assert all(len(line) <= width for line in text.splitlines())
    assert "escape" not in text and "question_mark" not in text
    assert "select all" in text and "f7" in text
    for title, rows in help_blocks():
        keys = [key for key, _ in merged(rows)]
        assert len(keys) == len(set(keys)), title
    drill = dict(merged(dict(help_blocks())["Drill"]))
    assert drill["f / !"] == "Flag" and "!" not in drill
