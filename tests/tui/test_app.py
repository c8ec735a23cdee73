"""The app as a whole: opening banks, themes, user text shown literally, navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from factories import make_story
from storybank.cli import main
from storybank.storage.repository import Bank
from storybank.tui.screens.bank import BankScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.lookup import LookupScreen
from storybank.tui.screens.matrix import MatrixScreen
from storybank.tui.widgets.story_table import StoryTable
from tui.support import MARKUP_TITLE, AppFactory, screen_text, static_text, until

# -- opening the bank ------------------------------------------------------------


def test_run_on_a_locked_bank_prints_the_message_and_returns_2(
    empty_bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Bank.open(empty_bank):
        code = main(["--db", str(empty_bank)])
    err = capsys.readouterr().err
    assert code == 2
    assert "the bank is open for writing in process" in err
    assert "hint: close the other storybank first" in err
    assert "Traceback" not in err


def test_run_on_a_damaged_bank_prints_the_message_and_returns_2(
    bank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank_path.parent.mkdir(parents=True)
    bank_path.write_text('{"stories": {"1": ', encoding="utf-8")
    code = main(["--db", str(bank_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot open the bank" in err
    assert "storybank doctor" in err
    assert bank_path.read_text(encoding="utf-8") == '{"stories": {"1": '


async def test_empty_bank_shows_a_welcome_with_what_to_do(
    empty_bank: Path, make: AppFactory
) -> None:
    app = make(empty_bank)
    async with app.run_test(size=(80, 24)) as pilot:
        # The bank is checked after the first frame; the welcome follows.
        await until(pilot, lambda: "Welcome to storybank" in screen_text(app), tries=200)
        text = screen_text(app)
        assert "Welcome to storybank" in text
        assert "write your first story" in text
        assert "storybank import stories.md" in static_text(
            app.screen.query_one("#welcome", Static)
        )
        assert "Filter" not in text  # keys that need a story are hidden
        await pilot.press("n")
        assert isinstance(app.screen, EditorScreen)


async def test_the_app_releases_the_lock_when_it_exits(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test() as pilot:
        await pilot.press("q")
    app.bank.close()
    with Bank.open(sample_bank):  # would raise BankLockedError if still held
        pass


# -- user text is content, never markup ------------------------------------------


async def test_markup_in_a_title_is_shown_literally_everywhere(
    empty_bank: Path, make: AppFactory
) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("markup", title=MARKUP_TITLE, tags=["[red]tag[/red]"]))
        bank.save_story(
            make_story("plain", title="Emoji 🚀 and a " + "very-long-word" * 12, action="x" * 3000)
        )
    app = make(empty_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.screen.query(StoryTable)) == 1, tries=200)
        table = app.screen.query_one(StoryTable)
        await until(pilot, lambda: table.row_count == 2)
        titles = {table.get_row(key)[1].plain for key in table.rows}
        assert MARKUP_TITLE in titles
        table.move_cursor(row=[str(k.value) for k in table.rows].index("markup"))
        await pilot.pause()
        preview = static_text(app.screen.query_one("#preview", Static))
        assert MARKUP_TITLE in preview
        assert "[red]tag[/red]" in preview

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one("#input-title", Input).value == MARKUP_TITLE
        assert MARKUP_TITLE in screen_text(app)  # the header, literally

        await pilot.press("escape", "m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        assert "[bold]x[/]" in screen_text(app)
        assert app.is_running  # [@click=app.quit] did nothing


# -- navigation --------------------------------------------------------------------


async def test_section_keys_move_between_screens(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BankScreen)
        await pilot.press("m")
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("l")
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BankScreen)
        assert len(app.screen_stack) == 1  # the home screen only


async def test_80x24_shows_the_essentials(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await until(pilot, lambda: len(screen.query(StoryTable)) == 1)
        # The first drill sync (it makes the question cards) runs after the first
        # frame; the footer is read once it is done and the screen redrawn.
        await until(pilot, lambda: "due" in (screen.sub_title or ""), tries=200)
        table = screen.query_one(StoryTable)
        await until(pilot, lambda: table.row_count == 6 and table.region.height >= 7)
        assert table.region.height >= 1 + 6  # header + every sample story
        for name in ("#stories-pane", "#preview-pane", "#bank-checks-pane"):
            region = screen.query_one(name).region
            assert region.width > 20 and region.height >= 3, name
            assert region.right <= 80 and region.bottom <= 23, name
        # The footer redraws its keys once the drills have opened, just after the list.
        await until(pilot, lambda: "Filter" in screen_text(app))
        text = screen_text(app)
        # The section keys share one footer entry: their names do not fit in 80 columns.
        for key_hint in ("Filter", "New", "Edit", "Sections", "Help"):
            assert key_hint in text
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        for name in ("#field-title", "#sidebar", "#readiness", "#spoken"):
            region = editor.query_one(name).region
            assert region.width > 0 and region.height > 0 and region.right <= 80, name
        assert "Spoken" in screen_text(app)
