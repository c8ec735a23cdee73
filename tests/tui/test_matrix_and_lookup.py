"""The competency matrix and lookup: open a story from each; tag from the matrix."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.lookup import LookupScreen
from storybank.tui.screens.matrix import MatrixScreen, MatrixTable, column_label
from tui.support import AppFactory, reopen


async def test_matrix_marks_covered_cells_and_counts_each_column(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        table = screen.query_one(MatrixTable)
        framework = app.catalog.framework
        assert table.row_count == 6
        assert len(table.columns) == 1 + len(framework.competencies)
        for row, story in enumerate(sorted(app.catalog.stories, key=lambda s: s.title.casefold())):
            cells = table.get_row_at(row)
            for column, comp in enumerate(framework.competencies, start=1):
                mark = cells[column].plain.strip()
                if comp.id in story.tags_in(framework.id):
                    assert mark == "●"
                else:
                    assert mark in ("○", "·")


async def test_enter_in_the_matrix_opens_the_story(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        expected = sorted(app.catalog.stories, key=lambda s: s.title.casefold())[2].id
        assert app.screen.story_id == expected
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)


async def test_space_tags_a_story_and_f_shows_another_framework_here_only(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        table = screen.query_one(MatrixTable)
        story = sorted(app.catalog.stories, key=lambda s: s.title.casefold())[0]
        comp = app.catalog.framework.competencies[0]
        table.move_cursor(row=0, column=1)
        was_tagged = comp.id in story.tags_in("tpm")
        await pilot.press("space")
        await pilot.pause()
        with reopen(sample_bank) as bank:
            assert (comp.id in bank.get_story(story.id).tags_in("tpm")) != was_tagged
        await pilot.press("f")
        await pilot.pause()
        amazon = app.bank.frameworks.get("amazon-lp")
        assert len(table.columns) == 1 + len(amazon.competencies)
        assert "(view only)" in str(screen.query_one("#matrix-pane").border_title)
        # A view, not a switch: everything else keeps the active framework.
        assert app.catalog.framework.id == "tpm"
        first = amazon.competencies[0].id
        was_tagged = first in story.tags_in("amazon-lp")
        table.move_cursor(row=0, column=1)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert len(table.columns) == 1 + len(app.catalog.framework.competencies)
    with reopen(sample_bank) as bank:
        assert bank.settings.framework == "tpm"
        assert (first in bank.get_story(story.id).tags_in("amazon-lp")) != was_tagged


async def test_every_competency_column_is_on_screen_at_200_100_and_60_columns(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        table = app.screen.query_one(MatrixTable)
        for size in ((200, 50), (100, 32), (60, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert table.virtual_size.width <= table.size.width, size
            assert table.max_scroll_x == 0
            if size[0] == 200:
                # A wide screen is used, not left blank: names and titles get the room.
                assert table.virtual_size.width >= table.size.width - 12
                header = " ".join(str(column.label) for column in table.columns.values())
                assert "Stakeholder" in header and "Ownership" in header


def test_column_labels_fit_their_cells() -> None:
    assert column_label("Cross-functional leadership", 2) == ("Cross-", "funct…", "2")
    assert column_label("Have Backbone; Disagree and Commit", 0)[2] == "gap"
    assert column_label("Ownership", 1) == ("Owner…", "", "1")


async def test_lookup_ranks_stories_as_you_type_and_enter_opens_the_best(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        results = screen.query_one("#results", OptionList)
        assert results.option_count > 0  # example questions while empty
        await pilot.press(*"a conflict")
        await pilot.pause(0.3)
        assert screen.result is not None
        assert screen.result.stories
        best = screen.result.stories[0].id
        assert results.get_option_at_index(0).id == f"story-{best}"
        assert best == "platform-capacity-conflict"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == best
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)


async def test_lookup_results_open_with_arrow_keys_and_enter(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l", *"missed deadline")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, LookupScreen) and screen.result is not None
        second = screen.result.stories[1].id
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == second
