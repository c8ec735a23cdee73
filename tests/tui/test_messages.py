"""Screens ask the app with messages; the bank-changed signal keeps the other screens in step.

Each test runs the real app with a message hook that records every message
as it arrives, and checks both the message a screen posted and what the app
did with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.command import CommandPalette
from textual.message import Message
from textual.widgets import Input

from factories import make_story
from storybank.tui.messages import (
    DeleteRequested,
    DuplicateRequested,
    FrameworkSwitchRequested,
    OpenStoryRequested,
    StorySaved,
)
from storybank.tui.screens.bank import BankScreen
from storybank.tui.screens.confirm import ConfirmScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.matrix import MatrixScreen, MatrixTable
from storybank.tui.services import BankChange
from storybank.tui.widgets.story_table import StoryTable
from tui.support import AppFactory, reopen, until

M = TypeVar("M", bound=Message)


def posted(messages: list[Message], kind: type[M]) -> list[M]:
    """The messages of one kind, each once (a bubbling message arrives at every pump it passes)."""
    unique: dict[int, M] = {}
    for message in messages:
        if isinstance(message, kind):
            unique.setdefault(id(message), message)
    return list(unique.values())


def row_ids(table: StoryTable) -> list[str]:
    return [str(key.value) for key in table.rows]


# -- messages up -----------------------------------------------------------------


async def test_enter_on_the_bank_asks_the_app_to_open_the_story(
    sample_bank: Path, make: AppFactory
) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        story_id = app.screen.query_one(StoryTable).highlighted_id
        assert story_id is not None
        await pilot.press("enter")
        await pilot.pause()
        assert posted(seen, OpenStoryRequested) == [OpenStoryRequested(story_id)]
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == story_id


async def test_the_palette_asks_the_app_to_open_a_story(
    sample_bank: Path, make: AppFactory
) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"settling")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        expected = OpenStoryRequested("platform-capacity-conflict")
        assert posted(seen, OpenStoryRequested) == [expected]
        assert isinstance(app.screen, EditorScreen)


async def test_a_save_in_the_editor_is_reported_to_the_app(
    sample_bank: Path, make: AppFactory
) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        title = editor.query_one("#input-title", Input)
        title.focus()
        title.value = "Renamed in the editor"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert posted(seen, StorySaved) == [StorySaved(editor.story_id)]
    with reopen(sample_bank) as bank:
        assert bank.get_story(editor.story_id).title == "Renamed in the editor"


async def test_tagging_in_the_matrix_is_reported_to_the_app(
    sample_bank: Path, make: AppFactory
) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        screen.query_one(MatrixTable).move_cursor(row=0, column=1)
        first = sorted(app.catalog.stories, key=lambda s: s.title.casefold())[0]
        await pilot.press("space")
        await pilot.pause()
        assert posted(seen, StorySaved) == [StorySaved(first.id)]


async def test_x_asks_the_app_to_delete_and_the_app_asks_the_user(
    sample_bank: Path, make: AppFactory
) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        doomed = app.screen.query_one(StoryTable).highlighted_id
        assert doomed is not None
        await pilot.press("x")
        await pilot.pause()
        assert posted(seen, DeleteRequested) == [DeleteRequested(doomed)]
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    with reopen(sample_bank) as bank:
        assert not bank.has_story(doomed)


async def test_c_asks_the_app_to_duplicate(sample_bank: Path, make: AppFactory) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        original = app.screen.query_one(StoryTable).highlighted_id
        assert original is not None
        await pilot.press("c")
        await pilot.pause()
        assert posted(seen, DuplicateRequested) == [DuplicateRequested(original)]
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == f"{original}-2"


async def test_f_in_the_matrix_changes_the_view_and_asks_the_app_nothing(
    sample_bank: Path, make: AppFactory
) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        await pilot.press("m", "f")
        await pilot.pause()
        assert posted(seen, FrameworkSwitchRequested) == []
        assert "Amazon" in str(app.screen.query_one("#matrix-pane").border_title)
        assert app.catalog.framework.id == "tpm"
    with reopen(sample_bank) as bank:
        assert bank.settings.framework == "tpm"


async def test_the_palette_asks_for_a_named_framework(sample_bank: Path, make: AppFactory) -> None:
    seen: list[Message] = []
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"amazon")
        await pilot.pause(0.4)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await pilot.pause()
        expected = FrameworkSwitchRequested("amazon-lp")
        assert posted(seen, FrameworkSwitchRequested) == [expected]
        assert app.catalog.framework.id == "amazon-lp"


# -- the bank-changed signal -------------------------------------------------------


async def test_a_save_in_the_editor_redraws_the_matrix_beneath_it(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        matrix = app.screen_stack[-2]
        assert isinstance(matrix, MatrixScreen)
        table = matrix.query_one(MatrixTable)
        title = editor.query_one("#input-title", Input)
        title.focus()
        title.value = "Renamed under the matrix"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        # The editor is still on top: the matrix was redrawn by the signal, not by a resume.
        assert app.screen is editor
        assert table.get_row(editor.story_id)[0].plain.startswith("Renamed under the")


async def test_bank_changed_redraws_the_screens_on_the_stack(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        # The bank opens after the first frame and redraws the list once: let that pass.
        await until(pilot, lambda: app.bank_is_open)
        await pilot.pause()
        table = app.screen.query_one(StoryTable)
        # Written through the services alone: nothing tells the screens yet.
        app.services.save_story(make_story("fresh-story", title="Freshly written"))
        await pilot.pause()
        assert "fresh-story" not in row_ids(table)
        app.services.bank_changed.publish(BankChange("saved", "fresh-story"))
        await pilot.pause()
        assert "fresh-story" in row_ids(table)


async def test_a_screen_off_the_stack_redraws_when_it_is_shown_again(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen)
        table = matrix.query_one(MatrixTable)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BankScreen)
        app.services.save_story(make_story("fresh-story", title="Freshly written"))
        app.services.bank_changed.publish(BankChange("saved", "fresh-story"))
        await pilot.pause()
        assert table.row_count == 6  # installed, but not on the stack: left alone
        assert "fresh-story" in row_ids(app.screen.query_one(StoryTable))
        await pilot.press("m")
        await pilot.pause()
        assert app.screen_stack[-1] is matrix
        assert table.row_count == 7
