"""The Interviews section: rounds, a full debrief, weak spots, a full mock, and their snapshots.

The app runs on the sample bank with drills on a fixed clock (NOW, 14 March
2025); the countdowns get a clock that moves only when told, and a mock's
questions are drawn with a seeded random source where a snapshot needs them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, SelectionList, Static, TextArea

from storybank.scheduling.debriefs import QuestionEntry, RoundNotes
from storybank.scheduling.models import AskedFollowUp
from storybank.tui.app import StorybankApp
from storybank.tui.screens.confirm import ConfirmScreen
from storybank.tui.screens.debrief import DebriefScreen
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.interview_form import InterviewForm
from storybank.tui.screens.interviews import InterviewsScreen
from storybank.tui.screens.mock import MockScreen, MockSettings
from storybank.tui.screens.stats import StatsScreen
from storybank.tui.widgets.mock_chart import MockRubricPane
from tui.drill_history import fixed_drills
from tui.support import MARKUP_TITLE, NOW, AppFactory, reopen, screen_text, static_text

SnapCompare = Callable[..., bool]
PUSH_BACK = "Tell me about a time you pushed back on a senior stakeholder"
WEIGHT = "How do you handle a team member who is not pulling their weight?"
TODAY = NOW.date()


class Ticker:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def debriefed_app(path: Path, make: AppFactory) -> StorybankApp:
    """The sample bank with a debriefed onsite, an upcoming round, and fixed drills."""
    app = make(path)
    drills = fixed_drills(app)
    onsite = drills.interviews.add("Acme", TODAY - timedelta(days=4), "onsite").id
    drills.debriefs.debrief(
        onsite,
        [
            QuestionEntry(
                PUSH_BACK,
                story="platform-capacity-conflict",
                went="shaky",
                follow_ups=[AskedFollowUp(text="What would search say?", answered=False)],
            ),
            QuestionEntry(WEIGHT, went="blank"),
        ],
        RoundNotes(outcome="rejected", feedback=MARKUP_TITLE),
    )
    drills.interviews.add("Globex", TODAY + timedelta(days=6), "phone screen")
    return app


async def open_interviews(pilot: Pilot[object]) -> InterviewsScreen:
    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InterviewsScreen)
    return screen


async def test_rounds_are_listed_with_their_debrief_and_feedback_shown_literally(
    sample_bank: Path, make: AppFactory
) -> None:
    app = debriefed_app(sample_bank, make)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_interviews(pilot)
        table = screen.query_one("#rounds", DataTable)
        assert table.row_count == 2
        assert screen.highlighted_id == "globex-2025-03-20-phone-screen"  # newest first
        assert "in 6 days" in static_text(screen.query_one("#round-detail", Static))
        await pilot.press("down")
        detail = static_text(screen.query_one("#round-detail", Static))
        assert MARKUP_TITLE in detail  # feedback, word for word and never markup
        assert "✖ What would search say?" in detail and "gap: no story answers it" in detail
        await pilot.press("w")
        await pilot.pause()
        plan = screen.query_one("#plan", OptionList)
        assert plan.has_focus and plan.option_count >= 2
        # Enter on the rework item opens the story.
        items = app.drills.weak_spots.compute().plan
        rework = next(i for i, item in enumerate(items) if item.title.startswith("Rework"))
        assert items[rework].story == "platform-capacity-conflict"
        assert plan.get_option_at_index(rework).id == f"plan-{rework}"
        plan.highlighted = rework
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.story_id == "platform-capacity-conflict"


async def test_the_rounds_list_fits_its_pane_at_any_width(
    sample_bank: Path, make: AppFactory
) -> None:
    app = debriefed_app(sample_bank, make)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_interviews(pilot)
        table = screen.query_one("#rounds", DataTable)
        # Every column is on screen: nothing to scroll sideways to.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert [str(c.label) for c in table.columns.values()] == [
            "Date",
            "Company",
            "Round",
            "Outcome",
            "Told",
        ]
        await pilot.resize_terminal(130, 30)
        await pilot.pause()
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width
        # With room to spare, the round and the stories told are whole.
        assert table.get_cell_at((1, 2)).plain == "onsite"
        assert "platform-capacity-conflict" in table.get_cell_at((1, 4)).plain
        assert screen.query_one("#round-detail", Static).size.width > 0


async def test_debriefing_a_round_still_ahead_asks_first(
    sample_bank: Path, make: AppFactory
) -> None:
    app = debriefed_app(sample_bank, make)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_interviews(pilot)
        assert screen.highlighted_id == "globex-2025-03-20-phone-screen"  # in 6 days
        await pilot.press("enter")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.question == "Globex, 2025-03-20 (phone screen) is in 6 days. Debrief it now?"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen) and debrief.allow_future


async def test_add_edit_and_delete_a_round(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    fixed_drills(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_interviews(pilot)
        assert "No interviews yet." in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InterviewForm)
        form.query_one("#company", Input).value = MARKUP_TITLE
        form.query_one("#date", Input).value = "2025-03-10"
        form.query_one("#round", Input).value = "onsite"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A past date needs a second save.
        assert "Save again to record a past round" in static_text(
            form.query_one("#form-problem", Static)
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        [round_id] = [i.id for i in app.drills.interviews.all()]
        assert app.drills.interviews.get(round_id).company == MARKUP_TITLE

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InterviewForm)
        form.query_one("#date", Input).value = "2025-04-10"
        form.query_one("#outcome", Select).value = "rejected"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "has not happened yet" in static_text(form.query_one("#form-problem", Static))
        form.query_one("#outcome", Select).value = "pending"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.drills.interviews.get(round_id).date == date(2025, 4, 10)

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.drills.interviews.all() == []
    with reopen(sample_bank) as bank:
        assert bank.raw_table("interviews") == []


async def test_a_full_debrief_in_the_app(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    drills = fixed_drills(app)
    round_id = drills.interviews.add("Acme", TODAY - timedelta(days=1), "onsite").id
    async with app.run_test(size=(100, 30)) as pilot:
        await open_interviews(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        # The list offers to add a question: enter on it, type it, enter ranks the stories.
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#q-text", Input).has_focus
        await pilot.press(*"Pushing back on a director", "enter")
        await pilot.pause()
        picker = screen.query_one("#q-story", Select)
        assert picker.has_focus
        await pilot.press("enter", "down", "enter")  # open, the best match, choose it
        await pilot.pause()
        assert picker.value == "platform-capacity-conflict"
        await pilot.press("tab", "enter", "down", "down", "down", "enter")  # how it went: shaky
        await pilot.pause()
        assert screen.query_one("#q-went", Select).value == "shaky"
        screen.query_one("#q-new-follow-up", Input).focus()
        await pilot.press(*"Why then?", "enter")
        await pilot.pause()
        follow_ups = screen.query_one("#q-follow-ups", SelectionList)
        follow_ups.focus()
        await pilot.press("space")  # could not answer it
        await pilot.pause()
        assert follow_ups.selected == []
        screen.query_one("#q-note", TextArea).focus()
        await pilot.press(*"Rushed it.")
        # A second question, with no story.
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen.query_one("#q-text", Input).value = WEIGHT
        await pilot.press("ctrl+t")
        await pilot.pause()
        outcome = screen.query_one("#outcome", Select)
        assert outcome.has_focus
        outcome.value = "rejected"
        screen.query_one("#feedback", TextArea).focus()
        await pilot.press(*"[b]I[/]")
        await pilot.press("escape")  # saves and goes back
        await pilot.pause()
        assert isinstance(app.screen, InterviewsScreen)
        assert screen.result is not None
        assert [(g.question) for g in screen.result.gaps] == [WEIGHT]

    with reopen(sample_bank) as bank:
        [saved] = [i for i in bank.raw_table("interviews") if i["id"] == round_id]
        first, second = saved["questions"]
        assert (first["story"], first["went"], first["note"]) == (
            "platform-capacity-conflict",
            "shaky",
            "Rushed it.",
        )
        assert first["follow_ups"] == [{"text": "Why then?", "answered": False}]
        assert second["text"] == WEIGHT and second["gap"] is True
        assert (saved["outcome"], saved["feedback"]) == ("rejected", "[b]I[/]")
        story = bank.get_story("platform-capacity-conflict")
        assert story.follow_ups[-1].question == "Why then?"
        [card] = [c for c in bank.raw_table("cards") if c["id"] == first["card"]]
        assert card["fsrs"]["due"].startswith("2025-03-15T04:00")  # the next drill day


async def test_a_full_mock_in_the_app(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    fixed_drills(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_interviews(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("backspace", "2", "enter")  # two questions
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MockScreen) and screen.session is not None
        for scores in ("323123", "444444"):
            assert screen.phase == "answer"
            await pilot.press("enter")  # told the first suggestion
            await pilot.pause()
            assert screen.phase == "follow"
            await pilot.press("n")
            await pilot.pause()
            assert screen.phase == "rubric"
            await pilot.press(*scores, "enter")
            await pilot.pause()
        assert screen.phase == "summary"
        summary = static_text(screen.query_one("#summary-text", Static))
        assert "Mock saved" in summary and "Weakest: result quantified (2.5 of 4)" in summary
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewsScreen)
        [practice] = app.drills.interviews.all()
        assert practice.is_practice and [q.went for q in practice.questions] == ["shaky", "strong"]
        await pilot.press("s")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert stats.query_one(MockRubricPane).display


# -- snapshots at 80x24 ------------------------------------------------------------------


SIZES = [(80, 24), (60, 20)]
"""The new screens are read at the sizes every screen is."""


async def _settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_interviews_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("i")
        await _settle(pilot)
        await pilot.press("down")
        await _settle(pilot)

    app = debriefed_app(sample_bank, make)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_debrief_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("i")
        await _settle(pilot)
        await pilot.press("down", "enter")
        await _settle(pilot)

    app = debriefed_app(sample_bank, make)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_weak_spots_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("i")
        await _settle(pilot)
        await pilot.press("w")
        await _settle(pilot)

    app = debriefed_app(sample_bank, make)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_round_form_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("i")
        await _settle(pilot)
        await pilot.press("down", "e")
        await _settle(pilot)

    app = debriefed_app(sample_bank, make)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_mock_setup_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        # The rounds behind the dialog are drawn first, so the dimmed
        # background is the same on a loaded machine.
        await pilot.press("i")
        await _settle(pilot)
        await pilot.press("p")
        await _settle(pilot)

    app = debriefed_app(sample_bank, make)
    assert snap_compare(app, terminal_size=size, run_before=run)


def _mock(app: StorybankApp) -> MockScreen:
    return MockScreen(
        app.services,
        MockSettings(3, "Acme", None),
        monotonic=Ticker(),
        rng=random.Random(11),
    )


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_mock_question_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("i")
        await pilot.app.push_screen(_mock(app))
        await _settle(pilot)

    app = debriefed_app(sample_bank, make)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_mock_summary_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("i")
        await pilot.app.push_screen(_mock(app))
        await _settle(pilot)
        for scores in ("332233", "223122", "344343"):
            await pilot.press("enter", "y", *scores, "enter")
            await pilot.pause()
        await _settle(pilot)

    app = debriefed_app(sample_bank, make)
    assert snap_compare(app, terminal_size=size, run_before=run)


def test_a_long_question_follow_up_and_note_wrap_under_their_own_first_words() -> None:
    from storybank.scheduling.models import AskedQuestion, Interview
    from storybank.tui.screens.interviews import QUESTION_INDENT, round_detail

    asked = AskedQuestion.model_validate(
        {
            "text": "You realise you will break a promise you made to a partner team. "
            "How do you handle it, and who do you tell first?",
            "story": "platform-capacity-conflict",
            "went": "shaky",
            "follow_ups": [
                {"text": "What would you have said to their director had they escalated?"}
            ],
            "note": "Rambled through the middle part; lead with the decision next time.",
        }
    )
    interview = Interview(
        id="acme-onsite",
        company="Acme",
        date=date(2025, 2, 10),
        round="onsite",
        created=NOW,
        questions=[asked],
    )
    lines = [line.plain for line in round_detail(interview, date(2025, 3, 1)).lines(44)]
    first = next(n for n, line in enumerate(lines) if line.startswith("▲ shaky"))
    below = lines[first + 1 :]
    assert len(below) >= 6  # the question, follow-up and note each took two lines or more
    assert all(line.startswith(" " * QUESTION_INDENT) and line.strip() for line in below)
    # Each wrapped part reads as written, words whole.
    text = " ".join(line.strip() for line in [lines[first][QUESTION_INDENT:], *below])
    assert "who do you tell first?" in text and "lead with the decision next time." in text
