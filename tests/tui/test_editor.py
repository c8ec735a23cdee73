"""The editor: live checks, autosave to the file, undo/redo, competencies, leaving."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, SelectionList, Static, TextArea

from storybank.tui.screens import editor as editor_module
from storybank.tui.screens.bank import BankScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.widgets.check_list import CheckList
from storybank.tui.widgets.competency_picker import CompetencyPicker
from storybank.tui.widgets.story_field import StoryField
from tui.support import AppFactory, reopen, screen_text, static_text


@pytest.fixture(autouse=True)
def _quick_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shorter pauses before checks and autosave, so tests wait less (same code paths)."""
    monkeypatch.setattr(editor_module, "CHECK_DELAY", 0.05)
    monkeypatch.setattr(editor_module, "SAVE_DELAY", 0.15)


def check_ids(screen: EditorScreen, field: str) -> set[str]:
    return {
        r.id for r in screen.query_one(f"#field-{field}", StoryField).query_one(CheckList).results
    }


async def test_new_story_typed_in_gets_live_checks_and_reaches_the_file(
    empty_bank: Path, make: AppFactory
) -> None:
    app = make(empty_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert "New story" in static_text(editor.query_one("#save-state", Static))
        await pilot.press(*"Hiring")
        await pilot.press("tab", "tab", "tab", "tab")  # title → headline → situation → … action
        assert app.focused is not None and app.focused.id == "input-action"
        await pilot.pause(0.1)
        assert "action-missing" in check_ids(editor, "action")
        await pilot.press(*"We ")  # real keystrokes, then a paste-sized insert
        editor.query_one("#input-action", TextArea).insert(
            "planned it and we shipped it, and our team did well."
        )
        await pilot.pause(0.1)
        found = check_ids(editor, "action")
        assert "action-missing" not in found
        assert "action-we-heavy" in found or "action-no-i" in found
        await pilot.pause(0.3)  # autosave
        assert "Saved" in static_text(editor.query_one("#save-state", Static))
        with reopen(empty_bank) as bank:
            story = bank.get_story("hiring")
            assert story.title == "Hiring"
            assert story.action == "We planned it and we shipped it, and our team did well."


async def test_escape_saves_and_goes_back(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        story_id = editor.story_id
        result = editor.query_one("#input-result", TextArea)
        result.focus()
        result.move_cursor(result.document.end)
        await pilot.press(*" Extra.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BankScreen)
    with reopen(sample_bank) as bank:
        assert bank.get_story(story_id).result.endswith(" Extra.")


async def test_undo_and_redo_restore_whole_story_states(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        title = editor.query_one("#input-title", Input)
        before = title.value
        title.focus()
        title.insert_text_at_cursor(" v2")
        await pilot.pause(0.1)
        assert title.value == before + " v2"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert title.value == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert title.value == before + " v2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        with reopen(sample_bank) as bank:
            assert bank.get_story(editor.story_id).title == before + " v2"


async def test_competency_picker_ticks_and_accepts_suggestions(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        picker = editor.query_one(CompetencyPicker)
        assert picker.suggested, "the matcher suggests something for a full story"
        before = set(picker.selected)
        picker.options.focus()
        await pilot.press("a")
        await pilot.pause(0.3)
        after = set(picker.selected)
        assert after == before | set(picker.suggested)
        await pilot.press("ctrl+s")
        await pilot.pause()
        with reopen(sample_bank) as bank:
            assert set(bank.get_story(editor.story_id).tags_in("tpm")) == after
        picker.options.highlighted = 0
        first = app.catalog.framework.competencies[0].id
        await pilot.press("space")
        await pilot.pause()
        assert (first in picker.selected) != (first in after)
        assert isinstance(picker.options, SelectionList)


async def test_spoken_time_is_shown_against_the_target(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        spoken = static_text(app.screen.query_one("#spoken", Static))
        assert "/ 2:00" in spoken and "words" in spoken


async def test_a_new_story_left_without_a_title_is_kept_as_untitled(
    empty_bank: Path, make: AppFactory
) -> None:
    app = make(empty_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n", "tab", *"Headline.", "escape")
        await pilot.pause()
        assert isinstance(app.screen, BankScreen)
    with reopen(empty_bank) as bank:
        [story] = bank.stories()
        assert story.title == editor_module.UNTITLED
        assert story.headline == "Headline."


async def test_an_untouched_new_story_is_not_saved(empty_bank: Path, make: AppFactory) -> None:
    app = make(empty_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n", "escape")
        await pilot.pause()
    with reopen(empty_bank) as bank:
        assert bank.stories() == []


REWRITTEN_ACTION = (
    "I negotiated an extension with the vendor, staffed a tiger team from three "
    "groups, rehearsed every cutover weekly and published a dashboard that "
    "leadership read each Monday, so nobody was surprised by a slip."
)


@pytest.mark.parametrize("answer", ["y", "n"], ids=["afresh", "keep-schedule"])
async def test_rewriting_a_drilled_story_asks_to_start_its_cards_afresh(
    sample_bank: Path, make: AppFactory, answer: str
) -> None:
    from fsrs import Rating

    from tui.drill_history import fixed_drills

    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        drills = fixed_drills(app)
        story_id = app.bank.stories()[0].id
        drills.ledger.review(f"recall:{story_id}", Rating.Good)
        app.open_story(story_id)
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        for name in ("situation", "complications", "action", "result", "headline"):
            field = editor.query_one(f"#input-{name}", TextArea)
            field.load_text(REWRITTEN_ACTION)
            field.focus()
            await pilot.press("end", "space")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause()
        assert "Start its drill cards afresh?" in screen_text(app)
        await pilot.press(answer)
        await pilot.pause()
        assert isinstance(app.screen, BankScreen)
        assert drills.deck.card(f"recall:{story_id}").is_new is (answer == "y")
