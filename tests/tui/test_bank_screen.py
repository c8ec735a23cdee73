"""The bank (home) screen: list, filter, sort, new, duplicate, delete."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from storybank.paths import backups_dir
from storybank.tui.screens.bank import BankScreen
from storybank.tui.screens.confirm import ConfirmScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.widgets.story_table import StoryTable
from tui.support import AppFactory, burst, reopen, static_text, until


def row_ids(table: StoryTable) -> list[str]:
    return [str(key.value) for key in table.rows]


async def test_lists_every_story_with_its_readiness_and_the_bank_checks(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(StoryTable)
        assert len(row_ids(table)) == 6
        badge = table.get_row_at(0)[0].plain
        assert badge.startswith("●") and any(w in badge for w in ("Ready", "Almost", "Draft"))
        checks = app.screen.query_one("#bank-checks", Static)
        # The first frame lists the stories; the bank checks come once the bank is open.
        await until(pilot, lambda: "Failure and learning" in static_text(checks), tries=200)
        preview = static_text(app.screen.query_one("#preview", Static))
        story = app.catalog.get(table.highlighted_id or "")
        assert story is not None and story.title in preview


async def test_typing_a_filter_narrows_the_list_and_esc_clears_it(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(StoryTable)
        # Typed in a burst, as a terminal sends it: no letter reaches the list
        # (where n, e or c would open an editor), all of them the filter.
        burst(app, "slash", *"fight")
        await until(pilot, lambda: row_ids(table) == ["platform-capacity-conflict"])
        assert app.screen.query_one("#filter", Input).value == "fight"
        assert app.screen.query_one("#stories-pane").border_title == "Stories (1 of 6)"
        await pilot.press("escape")
        await pilot.pause()
        assert len(row_ids(table)) == 6
        assert app.screen.query_one("#filter", Input).value == ""
        # a tag matches too, and enter opens the highlighted match
        await pilot.press("slash", *"hard-dead", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == "payouts-processor-cutover"


async def test_o_cycles_the_sort(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(StoryTable)
        scores = [app.catalog.assessment(app.catalog.get(i)).score for i in row_ids(table)]  # type: ignore[arg-type]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("o")
        titles = [app.catalog.get(i).title.casefold() for i in row_ids(table)]  # type: ignore[union-attr]
        assert titles == sorted(titles)
        await pilot.press("o")
        updated = [app.catalog.get(i).updated for i in row_ids(table)]  # type: ignore[union-attr]
        assert updated == sorted(updated, reverse=True)
        assert "last changed" in str(app.screen.query_one("#stories-pane").border_subtitle)


async def test_delete_asks_then_removes_the_story_and_keeps_a_backup(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(StoryTable)
        doomed = table.highlighted_id
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, BankScreen)
        assert doomed in row_ids(table)
        await pilot.press("x", "y")
        await pilot.pause()
        assert doomed not in row_ids(table)
    with reopen(sample_bank) as bank:
        assert not bank.has_story(doomed or "")
    backups = list(backups_dir(sample_bank).iterdir())
    assert any("delete" in b.name for b in backups)


async def test_duplicate_saves_a_copy_and_opens_it(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        original = app.screen.query_one(StoryTable).highlighted_id
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == f"{original}-2"
    with reopen(sample_bank) as bank:
        copy = bank.get_story(f"{original}-2")
        assert copy.title.endswith("(copy)")


async def test_flags_show_in_the_list_and_new_stories_and_copies_are_selected_on_return(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await until(pilot, lambda: len(screen.query(StoryTable)) == 1)
        table = screen.query_one(StoryTable)
        await until(pilot, lambda: app.services.drills_are_open and table.row_count == 6)
        story_id = table.highlighted_id or ""
        await pilot.press("exclamation_mark")
        await until(pilot, lambda: table.get_row(story_id)[1].plain.startswith("⚑ "))
        notes = " ".join(str(n.message) for n in app._notifications)
        assert "as needing work" in notes and "in a drill" not in notes
        assert "in a drill" not in static_text(screen.query_one("#bank-checks", Static))
        # A new story is the one selected when the editor closes.
        await pilot.press("n", *"Zebra crossing", "escape")
        await until(pilot, lambda: table.highlighted_id == "zebra-crossing")
        # A copy, retitled, takes its id from the new title and is selected.
        original = table.highlighted_id
        await pilot.press("c")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.query_one("#input-title", Input).value = "Saying no to the sales VP"
        await pilot.press("escape")
        await until(pilot, lambda: table.highlighted_id == "saying-no-to-the-sales-vp")
    with reopen(sample_bank) as bank:
        assert bank.has_story("saying-no-to-the-sales-vp")
        assert not bank.has_story(f"{original}-2") and bank.has_story(original or "")
