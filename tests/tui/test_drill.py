"""The Drill screen: a whole session against a real bank, the countdown, question cards, flags.

Every test drives the real app with drills on a fixed clock (NOW, UTC) and
FSRS fuzz off, so intervals and queues are exact; the countdown gets a clock
that moves only when the test says so.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

from fsrs import Rating
from textual.pilot import Pilot
from textual.widgets import Button, OptionList, Static, TextArea

from factories import make_story
from storybank.core.timewords import format_interval
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.queue import DailyQueue
from storybank.storage.repository import Bank
from storybank.tui.screens.bank import BankScreen
from storybank.tui.screens.drill import DrillScreen, marked_text, queue_counts
from storybank.tui.widgets.countdown import DrillCountdown
from tui.drill_history import fixed_drills, with_history
from tui.support import (
    MARKUP_TITLE,
    NOW,
    AppFactory,
    burst,
    reopen,
    screen_text,
    static_text,
    until,
)

SnapCompare = Callable[..., bool]


class Ticker:
    """A monotonic clock for the countdown that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def two_story_bank(path: Path) -> Path:
    """A bank with two stories and no follow-ups: today's queue is their two recall cards."""
    with Bank.create(path) as bank:
        bank.save_story(make_story("alpha", title="Alpha launch"), touch=False)
        bank.save_story(
            make_story(
                "beta",
                title="Beta migration",
                headline="I cut checkout errors from 18% to 0.3% in 40 minutes.",
                competencies={"tpm": ["risk-and-pressure"]},
            ),
            touch=False,
        )
    return path


async def open_drill(pilot: Pilot[object], ticker: Ticker | None = None) -> DrillScreen:
    """Press d (with the countdown on ``ticker``) and wait for the first card."""
    app = pilot.app
    await pilot.pause()
    if ticker is not None:
        app.install_screen(DrillScreen(app.services, monotonic=ticker), "drill")
    await pilot.press("d")
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DrillScreen)
    return screen


def back_text(screen: DrillScreen) -> str:
    return static_text(screen.query_one("#back", Static))


def front_text(screen: DrillScreen) -> str:
    return static_text(screen.query_one("#prompt", Static)) + static_text(
        screen.query_one("#front-info", Static)
    )


def summary_text(screen: DrillScreen) -> str:
    return static_text(screen.query_one("#summary", Static))


def logged(path: Path) -> list[tuple[str, Rating | None]]:
    """The live review log of the bank file, as another reader sees it."""
    with reopen(path) as bank:
        drills = Drills(bank, clock=FixedClock(NOW, UTC), fuzz=False)
        try:
            return [(e.card, e.rating) for e in drills.deck.store.scan().entries]
        finally:
            drills.close()


# -- a whole session ---------------------------------------------------------------


async def test_a_whole_session_reveal_rate_undo_summary_and_restart(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    app = make(bank_path)
    drills = fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        assert screen.face is not None and screen.face.card_id == "recall:alpha"
        status = static_text(screen.query_one("#drill-status", Static))
        assert "Story recall" in status and "new card" in status
        assert "2 left today: 2 new" in status
        assert "Alpha launch" in front_text(screen)

        # 1-4 do nothing before the answer is revealed.
        await pilot.press("3")
        assert logged(bank_path) == []

        intervals = drills.ledger.preview_intervals("recall:alpha")
        await pilot.press("space")
        assert screen.revealed
        assert "4 million invoices" in back_text(screen)
        good = screen.query_one("#rate-3", Button)
        assert good.display
        assert f"3 Good  {format_interval(intervals[Rating.Good])}" in str(good.label)
        await pilot.press("3")
        await pilot.pause()
        # Saved before the next card shows.
        assert logged(bank_path) == [("recall:alpha", Rating.Good)]
        assert screen.face is not None and screen.face.card_id == "recall:beta"

        await pilot.press("space", "4")
        await pilot.pause()
        # Alpha's ten-minute learning step comes back early rather than making the user wait.
        assert screen.face is not None and screen.face.card_id == "recall:alpha"
        assert "learning step, a little early" in static_text(
            screen.query_one("#drill-status", Static)
        )
        await pilot.press("space", "3")
        await pilot.pause()
        assert screen.mode == "summary"
        summary = summary_text(screen)
        assert "Session done" in summary and "3 cards" in summary
        assert "Nothing left for today. Next card:" in summary

        # Undo takes back the last rating and shows that card again.
        await pilot.press("u")
        await pilot.pause()
        assert screen.mode == "card"
        assert screen.face is not None and screen.face.card_id == "recall:alpha"
        assert not screen.revealed
        assert logged(bank_path) == [("recall:alpha", Rating.Good), ("recall:beta", Rating.Easy)]

        await pilot.press("space", "4")
        await pilot.pause()
        assert screen.mode == "summary"
        summary = summary_text(screen)
        assert "3 cards" in summary
        assert "Good    1" in summary and "Easy    2" in summary
    app.close_bank()

    # After a restart the ratings are in the bank, the undone one is not.
    assert logged(bank_path) == [
        ("recall:alpha", Rating.Good),
        ("recall:beta", Rating.Easy),
        ("recall:alpha", Rating.Easy),
    ]
    again = make(bank_path)
    fixed_drills(again)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        assert screen.mode == "summary"
        assert "Nothing is due right now." in summary_text(screen)
        assert "Next card:" in summary_text(screen)


async def test_leaving_mid_session_keeps_what_was_rated_and_the_session(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    app = make(bank_path)
    fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        await pilot.press("space", "3")
        await pilot.pause()
        await pilot.press("space")  # revealed, not rated
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BankScreen)
        assert "1 drill due" in str(app.screen.sub_title)
        assert logged(bank_path) == [("recall:alpha", Rating.Good)]
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session is not None and screen.session.can_undo
        assert screen.face is not None and screen.face.card_id == "recall:beta"


async def test_after_again_the_day_count_never_jumps_and_the_step_shows_no_false_recall(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    app = make(bank_path)
    clock = FixedClock(NOW, UTC)
    fixed_drills(app, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())

        def status() -> str:
            return static_text(screen.query_one("#drill-status", Static))

        assert "2 left today: 2 new" in status()
        await pilot.press("t", *"4 million", "escape", "space")
        # What was typed stays beside the story once revealed.
        back = back_text(screen)
        assert "What you remembered\n4 million" in back
        await pilot.press("3")
        await pilot.pause()
        assert "1 left today: 1 new" in status()
        # The title and the rating are two words, not one.
        assert "“Alpha launch” Good, back in 10m" in status()
        await pilot.press("space", "1")
        await pilot.pause()
        # Both cards are learning steps coming back early: the day's count stays 0.
        assert "0 left today · 2 learning steps to repeat, a little early" in status()
        assert screen.face is not None and screen.face.in_steps
        front = front_text(screen)
        assert "Recall now" not in front and "Learning step: last rated just now" in front


# -- the countdown -------------------------------------------------------------------


async def test_countdown_pauses_warns_and_records_an_overrun(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    app = make(bank_path)
    fixed_drills(app)
    ticker = Ticker()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, ticker)
        countdown = screen.query_one(DrillCountdown)
        assert countdown.limit_s == 120
        assert countdown.render().plain.startswith("2:00")

        ticker.now += 50
        await pilot.press("p")
        assert countdown.paused and countdown.has_class("-paused")
        ticker.now += 300  # paused time does not count
        assert countdown.reading.label == "1:10"
        await pilot.press("p")
        assert not countdown.paused

        ticker.now += 55
        await pilot.pause(0.3)
        assert countdown.has_class("-warning") and not countdown.has_class("-over")
        assert countdown.render().plain.startswith("0:15")

        ticker.now += 27
        await pilot.pause(0.3)
        assert countdown.has_class("-over")
        assert countdown.render().plain.startswith("+0:12 over")

        await pilot.press("space")
        assert countdown.has_class("-frozen")
        ticker.now += 8  # reading the answer counts as time spent, not as telling
        await pilot.press("3")
        await pilot.pause()
    app.close_bank()
    with reopen(bank_path) as bank:
        drills = Drills(bank, clock=FixedClock(NOW, UTC), fuzz=False)
        (entry,) = drills.deck.store.scan().entries
        drills.close()
    assert entry.overran is True
    assert entry.duration_ms == 140_000


# -- typed recall, question cards, flags -------------------------------------------------


async def test_typed_recall_marks_key_facts_and_proposes_a_rating(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    app = make(bank_path)
    drills = fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        facts = screen.face.key_facts if screen.face else []
        assert "60%" in facts
        await pilot.press("t", *"we cut reconciliation by 60% ", "escape")
        assert screen.focused is not screen.query_one("#typed", TextArea)
        await pilot.press("space")
        grade = screen.grade
        assert grade is not None and "60%" in grade.found and grade.missed
        assert grade.proposed is not None
        text = back_text(screen)
        assert "Key facts" in text and f"{len(grade.found)} of {len(facts)} found" in text
        proposed = screen.query_one(f"#rate-{int(grade.proposed)}", Button)
        assert proposed.has_class("-proposed") and "★" in str(proposed.label)
        await pilot.press("3")
        await pilot.pause()
    with reopen(bank_path) as bank:
        (entry,) = Drills(bank, fuzz=False).deck.store.scan().entries
    assert entry.raw["typed"] == "we cut reconciliation by 60%"
    assert drills.deck.card("recall:alpha").card.last_review == NOW


async def test_keys_typed_in_the_text_box_stay_in_it(bank_path: Path, make: AppFactory) -> None:
    two_story_bank(bank_path)
    app = make(bank_path)
    fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        await pilot.press("t", *"1 2 3 4 u f p e b s t")
        assert screen.query_one("#typed", TextArea).text == "1 2 3 4 u f p e b s t"
        assert not screen.revealed and isinstance(app.screen, DrillScreen)
        assert logged(bank_path) == []
        # A burst right after t and after esc: each key lands where focus went.
        screen.query_one("#typed", TextArea).load_text("")
        await pilot.press("escape")
        burst(app, "t", *"4 u", "escape", "space")
        await until(pilot, lambda: screen.revealed)
        assert screen.query_one("#typed", TextArea).text == "4 u"
        assert screen.revealed and logged(bank_path) == []


def answered_yesterday(path: Path, *, told_to_acme: bool = False) -> None:
    """Review both recall cards a day before NOW, so today brings their question cards.

    With ``told_to_acme``, both stories were told to Acme before and are
    flagged, and Acme's next round is ahead.
    """
    clock = FixedClock(NOW - timedelta(days=1), UTC)
    with Bank.open(path) as bank:
        drills = Drills(bank, clock=clock, fuzz=False)
        for card_id in ("recall:alpha", "recall:beta"):
            drills.ledger.review(card_id, Rating.Easy)
        if told_to_acme:
            earlier = drills.interviews.add("Acme", (NOW - timedelta(days=3)).date(), "screen")
            drills.debriefs.log(earlier.id, told=["alpha", "beta"])
            drills.interviews.add("Acme", (NOW + timedelta(days=5)).date(), "onsite")
            drills.flags.flag("alpha")
            drills.flags.flag("beta")
        drills.close()


async def test_question_card_pick_outline_reveal_and_the_pick_is_logged(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    answered_yesterday(bank_path, told_to_acme=True)
    app = make(bank_path)
    fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        face = screen.face
        assert face is not None and face.kind == "question"
        picker = screen.query_one("#picker", OptionList)
        assert picker.display and screen.focused is picker
        front = front_text(screen)
        assert "none yet" in front
        # Nothing on the front gives the hidden story away.
        for give_away in ("flagged", "Already told", "Recall now", "on Mar"):
            assert give_away not in front
        # Pick the story this card drills.
        index = [picker.get_option_at_index(i).id for i in range(picker.option_count)].index(
            face.story_id
        )
        await pilot.press(*["down"] * (index + 1), "enter")
        assert screen.pick == face.story_id
        assert face.story_title in front_text(screen).split("Your pick:")[1]
        await pilot.press("t", *"headline first then the 60% cut", "escape", "space")
        await pilot.pause()
        text = back_text(screen)
        assert "Your pick" in text and "✔ this card's story" in text
        assert "The matcher's best stories" in text
        assert "Your outline" in text and "headline first" in text
        # Revealed, the story's own notes follow its title.
        assert "flagged as needing work" in text and "Already told to Acme" in text
        await pilot.press("4")
        await pilot.pause()
    with reopen(bank_path) as bank:
        entries = Drills(bank, fuzz=False).deck.store.scan().entries
    last = entries[-1]
    assert last.kind == "question"
    assert last.raw["picked"] == face.story_id
    assert last.raw["typed"] == "headline first then the 60% cut"


async def test_with_nothing_due_the_drill_offers_to_drill_question_cards_ahead(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    with Bank.open(bank_path) as bank:
        drills = Drills(bank, clock=FixedClock(NOW - timedelta(days=1), UTC), fuzz=False)
        for card in drills.deck.cards():
            drills.ledger.review(card.id, Rating.Easy)
        drills.interviews.add("Acme", (NOW + timedelta(days=20)).date(), "onsite")
        drills.close()
    app = make(bank_path)
    fixed_drills(app)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_drill(pilot, Ticker())
        summary = summary_text(screen)
        # Before any session: no "Session done", and a way to go on.
        assert "Session" not in summary
        assert "Nothing is due right now. Next card: in 7d" in summary
        assert "Next interview: Acme, 2025-04-03 (onsite), in 20 days" in summary
        assert "a drills ahead" in summary
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # the first offer: every story's question card
        await pilot.pause()
        assert screen.face is not None and screen.face.kind == "question"
        status = static_text(screen.query_one("#drill-status", Static))
        assert "Question cards: every story" in status and "2 left to drill ahead" in status
        for _ in range(2):
            await pilot.press("space", "4")
            await pilot.pause()
        assert screen.mode == "summary"
        assert "Drill ahead done" in summary_text(screen)
    with reopen(bank_path) as bank:
        entries = Drills(bank, fuzz=False).deck.store.scan().entries
    assert [e.kind for e in entries[-2:]] == ["question", "question"]


async def test_flag_marks_the_story_and_the_bank_screen_lists_it(
    bank_path: Path, make: AppFactory
) -> None:
    two_story_bank(bank_path)
    app = make(bank_path)
    drills = fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        await pilot.press("f")
        assert [f.story_id for f in drills.flags.flagged_stories()] == ["alpha"]
        assert "flagged as needing work" in front_text(screen)
        await pilot.press("b")
        await pilot.pause()
        bank_screen = app.screen
        assert isinstance(bank_screen, BankScreen)
        checks = static_text(bank_screen.query_one("#bank-checks", Static))
        assert "⚑ Alpha launch is flagged as needing work" in checks
        assert "1 flagged" in str(bank_screen.query_one("#bank-checks-pane").border_title)
        # ! on the bank screen clears the highlighted story's flag.
        table = bank_screen.query_one("#stories")
        while bank_screen.query_one("#stories").highlighted_id != "alpha":  # type: ignore[attr-defined]
            await pilot.press("down")
        assert table is bank_screen.focused
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert drills.flags.flagged_stories() == []
        assert "flagged" not in static_text(bank_screen.query_one("#bank-checks", Static))


# -- empty queues, user text, small terminals -------------------------------------------


async def test_an_empty_bank_says_there_are_no_cards(empty_bank: Path, make: AppFactory) -> None:
    app = make(empty_bank)
    fixed_drills(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_drill(pilot, Ticker())
        assert screen.mode == "summary"
        assert "no drill cards yet" in summary_text(screen)


async def test_user_text_is_shown_literally(bank_path: Path, make: AppFactory) -> None:
    with Bank.create(bank_path) as bank:
        bank.save_story(
            make_story("markup", title=MARKUP_TITLE, headline=f"{MARKUP_TITLE} headline"),
            touch=False,
        )
    app = make(bank_path)
    fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        assert MARKUP_TITLE in static_text(screen.query_one("#prompt", Static))
        await pilot.press("space")
        assert f"{MARKUP_TITLE} headline" in back_text(screen)
        assert app.is_running
        assert "[@click=app.quit]z" in screen_text(app)


async def test_drill_is_usable_at_80x24(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    fixed_drills(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_drill(pilot, Ticker())
        text = screen_text(app)
        assert "Story recall" in text and "space Reveal" in text and "2:00" in text
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        for name in ("1 Again", "2 Hard", "3 Good", "4 Easy"):
            assert name in text
        assert "Headline" in text
        buttons = screen.query_one("#rating-bar").region
        assert buttons.bottom <= 23  # above the footer
        await pilot.press("3")
        await pilot.pause()
        assert screen.face is not None and screen.last is not None


def test_queue_counts_and_fact_marks() -> None:
    content = marked_text("Cut errors 60% in Q3, then 60% again", ["60%"], ["Q3"])
    styled = {(s.start, s.end) for s in content.spans}
    assert {(11, 14), (27, 30), (18, 20)} <= styled
    assert marked_text("[bold]x[/]", [], []).plain == "[bold]x[/]"
    queue = DailyQueue(NOW, NOW.date(), (), 10, 0, (), None, None, None)
    assert queue_counts(queue) == "0 left today"


# -- snapshots ----------------------------------------------------------------------------


def _history_app(sample_bank: Path, make: AppFactory) -> object:
    app = make(with_history(sample_bank))
    fixed_drills(app)
    return app


def test_drill_front_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare
) -> None:
    async def front(pilot: Pilot[object]) -> None:
        await open_drill(pilot, Ticker())
        await pilot.pause()

    app = _history_app(sample_bank, make)
    assert snap_compare(app, terminal_size=(120, 40), run_before=front)


def test_drill_revealed_snapshot(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare
) -> None:
    async def revealed(pilot: Pilot[object]) -> None:
        ticker = Ticker()
        screen = await open_drill(pilot, ticker)
        # Past the first card (a follow-up) to the cram card of a story told to Acme before.
        await pilot.press("space", "3")
        await pilot.pause()
        assert screen.face is not None
        ticker.now += 75
        await pilot.press("t", *"four teams cut 90 day churn from 38% to 27%", "escape")
        await pilot.press("space")
        await pilot.pause()

    app = _history_app(sample_bank, make)
    assert snap_compare(app, terminal_size=(120, 40), run_before=revealed)


def test_the_app_and_its_home_screen_do_not_import_the_scheduler() -> None:
    # The drills load after the first frame; importing them is ~50 ms of start-up.
    script = (
        "import sys, storybank.tui.app, storybank.tui.screens.bank; "
        "print(sorted(m for m in sys.modules if m == 'fsrs' or m.startswith('storybank.sched')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
