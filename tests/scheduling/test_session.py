"""A drill session: next card, rate, undo, summary; the countdown and stopwatch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fsrs import Rating

from scheduling.drill_helpers import QUESTIONS, story
from storybank.errors import StorybankError
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.session import Countdown, Stopwatch
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def test_a_whole_session_rate_undo_summary_and_restart(
    make_bank: MakeBank, clock: FixedClock, bank_file: Path
) -> None:
    bank = make_bank(story("a"), story("b"), story("c"))
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
    session = drills.start_session()
    seen = []
    while (item := session.current()) is not None:
        face = session.face(item.card_id)
        seen.append(face.prompt)
        rating = Rating.Again if item.story_id == "b" and item.reason == "new" else Rating.Easy
        session.rate(item.card_id, rating, duration_s=30, overran=item.story_id == "c")
        clock.advance(minutes=1)
    # b's learning step, due a minute after the Again, comes before the new c.
    assert seen == ["Story a", "Story b", "Story b", "Story c"]
    undone = session.undo()
    assert undone.card_id == "recall:c"
    summary = session.summary()
    assert summary.cards_done == 3
    assert summary.seconds == 90
    assert summary.ratings == {Rating.Again: 1, Rating.Hard: 0, Rating.Good: 0, Rating.Easy: 2}
    assert summary.new_cards == 2
    assert summary.lapses == 0
    assert summary.overran == 0  # c overran, but that rating was undone
    assert summary.stories == ["a", "b"]
    assert summary.due_left == 1  # c is new again
    drills.close()
    bank.close()

    with Bank.open(bank_file) as reopened:
        again = Drills(reopened, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
        entries = again.deck.store.scan().entries
        assert [(e.card, e.rating) for e in entries] == [
            ("recall:a", Rating.Easy),
            ("recall:b", Rating.Again),
            ("recall:b", Rating.Easy),
        ]
        assert again.deck.card("recall:c").is_new
        again.close()


def test_a_session_undoes_only_its_own_ratings(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    drills.ledger.review("recall:a", Rating.Good)  # rated outside the session
    session = drills.start_session()
    assert not session.can_undo
    with pytest.raises(StorybankError, match="nothing to undo"):
        session.undo()
    session.rate("recall:b", Rating.Good)
    drills.ledger.review("recall:a", Rating.Good)  # someone else rated after it
    with pytest.raises(StorybankError, match="nothing to undo"):
        session.undo()


def test_summary_says_when_the_next_card_is_due(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a", competencies={})))
    session = drills.start_session()
    outcome = session.rate("recall:a", Rating.Easy)
    summary = session.summary()
    assert summary.due_left == 0
    assert summary.next_due == drills.deck.calendar.start_of(
        drills.deck.calendar.day_of(outcome.due)
    )


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_stopwatch_pauses_and_resumes() -> None:
    ticks = Ticks()
    watch = Stopwatch(ticks)
    watch.start()
    ticks.now += 30
    watch.pause()
    assert watch.paused
    ticks.now += 100
    assert watch.elapsed == 30
    watch.resume()
    ticks.now += 15
    assert watch.elapsed == 45
    assert watch.countdown(120).label == "1:15"


@pytest.mark.parametrize(
    ("elapsed", "label", "warning", "overran"),
    [
        (0, "2:00", False, False),
        (95, "0:25", False, False),
        (96, "0:24", True, False),
        (120, "0:00", True, False),
        (132, "+0:12", True, True),
    ],
)
def test_countdown(elapsed: float, label: str, warning: bool, overran: bool) -> None:
    countdown = Countdown(120, elapsed)
    assert (countdown.label, countdown.warning, countdown.overran) == (label, warning, overran)


def test_short_timer_warns_for_the_last_ten_seconds() -> None:
    assert not Countdown(30, 19).warning
    assert Countdown(30, 20).warning
    assert Countdown(30, 45).fraction == 1.0
