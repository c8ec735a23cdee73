"""The editor: live checks, autosave to the file, undo/redo, competencies, leaving."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from storybank.tui.screens import editor as editor_module
from storybank.tui.screens.bank import BankScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.widgets.check_list import CheckList
from storybank.tui.widgets.competency_picker import CompetencyPicker, TickList
from storybank.tui.widgets.story_field import StoryField
from tui.support import AppFactory, burst, reopen, screen_text, static_text, until


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
        assert isinstance(picker.options, TickList)


async def test_keys_follow_the_page_focus_shows_without_colour_and_a_works_outside_text(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        title = editor.query_one("#input-title", Input).value
        picker = editor.query_one(CompetencyPicker)
        before = set(picker.selected)
        # The focused field has a bar and its pane a heavy border; ticks are ☑ / ☐.
        await pilot.press("tab")
        await pilot.pause()
        bars = {field.spec.name: field.styles.border_left[0] for field in editor.query(StoryField)}
        assert bars.pop("headline") == "thick"
        assert set(bars.values()) == {"blank"}
        assert editor.query_one("#fields").styles.border_top[0] == "heavy"
        assert editor.query_one("#sidebar").styles.border_top[0] == "round"
        text = screen_text(app)
        for comp in app.catalog.framework.competencies:
            box = "☑" if comp.id in before else "☐"
            assert f"{box} {comp.name}" in text
        # A fast typist: Tab and the next words arrive before the first is handled.
        editor.query_one("#input-title", Input).focus()
        await pilot.pause()
        burst(app, "tab", *"XYZ", "tab", *"QRS")
        situation = editor.query_one("#input-situation", TextArea)
        await until(pilot, lambda: situation.text.startswith("QRS"))
        assert editor.query_one("#input-title", Input).value == title
        assert editor.query_one("#input-headline", TextArea).text.startswith("XYZ")
        # Tab follows the page: tags, then the competencies (no pane in between).
        editor.query_one("#input-tags", Input).focus()
        await pilot.press("tab")
        assert app.focused is editor.query_one("#competency-list")
        await pilot.press("shift+tab")
        assert app.focused is editor.query_one("#input-tags")
        # In a text field a is a letter; anywhere else it accepts the suggestions.
        await pilot.press("end", "a")
        assert editor.query_one("#input-tags", Input).value.endswith("a")
        assert set(picker.selected) == before
        editor.set_focus(None)
        await pilot.press("a")
        await pilot.pause()
        assert set(picker.selected) == before | set(picker.suggested)


async def test_a_save_error_shows_on_its_field_and_the_headline_stays_one_line(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        tags_field = editor.query_one("#field-tags", StoryField)
        error = tags_field.query_one(".field-error", Static)
        tags = editor.query_one("#input-tags", Input)
        tags.value = "x" * 63
        await until(pilot, lambda: error.display)  # autosave tries, and cannot
        assert static_text(error) == (
            "✖ Not saved: the first tag is 63 characters; a tag has at most 50"
        )
        state = static_text(editor.query_one("#save-state", Static))
        assert "a tag has at most 50 (under Tags)" in state
        tags.value = "payments"
        await until(pilot, lambda: not error.display)

        headline = editor.query_one("#input-headline", TextArea)
        headline.focus()
        await pilot.press("end", "enter")
        assert "\n" not in headline.text
        assert app.focused is editor.query_one("#input-situation")
        headline.insert(" and\nmore", headline.document.end)  # a paste with a line break
        await pilot.pause()
        assert "\n" not in headline.text and headline.text.endswith(" and more")
        count = static_text(
            editor.query_one("#field-title", StoryField).query_one(".field-count", Static)
        )
        assert "aim up to 12" in count


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
