"""The interval on a rating button is a promise: the rating gives exactly it, in drill days.

Real FSRS scheduler, real bank, fuzz on where the promise is at stake.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from fsrs import Rating, State

from scheduling.drill_helpers import NEW_YORK, QUESTIONS, local, story
from storybank.core.timewords import format_interval
from storybank.scheduling.clock import Calendar, FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.intervals import fuzzed_days
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]


def fuzzing_drills(bank: Bank, clock: FixedClock) -> Drills:
    return Drills(bank, clock=clock, fuzz=True, questions=lambda: QUESTIONS)


@pytest.mark.parametrize("days", [3, 8, 20, 100, 300])
def test_fuzz_stays_within_its_spread_and_is_repeatable(days: int) -> None:
    spread = max(1, round(days * 0.05))
    seen = {fuzzed_days(days, draw / 100, 36_500) for draw in range(100)}
    assert min(seen) == days - spread and max(seen) == days + spread
    assert fuzzed_days(days, 0.37, 36_500) == fuzzed_days(days, 0.37, 36_500)
    assert fuzzed_days(days, 0.5, 36_500) == days


def test_short_intervals_and_the_maximum_are_never_fuzzed_past() -> None:
    assert {fuzzed_days(2, draw / 10, 365) for draw in range(10)} == {2}
    assert max(fuzzed_days(365, draw / 10, 365) for draw in range(10)) == 365


def test_every_button_interval_is_the_interval_the_rating_gives(
    make_bank: MakeBank, clock: FixedClock
) -> None:
    stories = [story(f"s{n}") for n in range(6)]
    bank = make_bank(*stories)
    drills = fuzzing_drills(bank, clock)
    try:
        # New cards and, a week later, cards in review: every rating of every card.
        for round_ in range(2):
            for item in drills.deck.queue().items:
                shown = drills.ledger.preview_intervals(item.card_id)
                rating = Rating((hash(item.card_id) + round_) % 4 + 1)
                outcome = drills.ledger.review(item.card_id, rating)
                assert outcome.interval == shown[rating], item.card_id
                if outcome.state == State.Review:
                    days = drills.deck.calendar.days_between(outcome.reviewed_at, outcome.due)
                    assert format_interval(shown[rating]) == f"{days}d" or days >= 30
                drills.ledger.undo_last()
                drills.ledger.review(item.card_id, Rating.Easy)
            clock.advance(days=9)
    finally:
        drills.close()


def test_a_rating_keeps_the_interval_its_button_showed_though_given_a_day_later(
    make_bank: MakeBank, clock: FixedClock
) -> None:
    bank = make_bank(story("a"))
    drills = fuzzing_drills(bank, clock)
    try:
        drills.ledger.review("recall:a", Rating.Easy)
        clock.advance(days=8)
        shown = drills.ledger.preview_intervals("recall:a")
        # The user leaves the card revealed overnight: FSRS alone would now count one
        # more elapsed day; the button's number is kept.
        clock.advance(days=1, hours=2)
        assert drills.ledger.preview_intervals("recall:a")[Rating.Good] != shown[Rating.Good]
        outcome = drills.ledger.review("recall:a", Rating.Good, promised=shown[Rating.Good])
        days = drills.deck.calendar.days_between(outcome.reviewed_at, outcome.due)
        assert timedelta(days=days) == shown[Rating.Good]
    finally:
        drills.close()


def test_a_review_interval_ends_at_the_same_wall_time_across_daylight_saving() -> None:
    calendar = Calendar(NEW_YORK, 4)
    rated = local(2025, 3, 8, 23, 30)  # the night before clocks go forward
    due = calendar.days_later(rated, 1)
    assert due.astimezone(NEW_YORK).hour == 23
    assert due - rated == timedelta(hours=23)
    assert calendar.days_between(rated, due) == 1


def test_days_between_counts_drill_days_from_the_rollover_hour() -> None:
    calendar = Calendar(NEW_YORK, 4)
    late = local(2025, 3, 14, 2, 0)  # still Thursday's drill day
    assert calendar.days_between(late, local(2025, 3, 14, 5, 0)) == 1
    assert calendar.days_between(local(2025, 3, 14, 9, 0), local(2025, 3, 15, 3, 59)) == 0


def test_a_card_due_tomorrow_morning_is_due_tomorrow_everywhere(
    make_bank: MakeBank, clock: FixedClock
) -> None:
    """The stats once said "today" for a card the queue held back until 04:00 tomorrow."""
    bank = make_bank(story("a", competencies={}))  # its recall card is its only card
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
    try:
        drills.ledger.review("recall:a", Rating.Good)
        clock.advance(minutes=10)
        graduated = drills.ledger.review("recall:a", Rating.Good)
        assert graduated.state == State.Review
        days = drills.deck.calendar.days_between(graduated.reviewed_at, graduated.due)
        # Later the same day, less than 24 hours before the due instant of a short interval.
        clock.advance(hours=13)
        stats = drills.progress.stats()
        (row,) = stats.stories
        queue = drills.deck.queue()
        calendar = drills.deck.calendar
        words = "tomorrow" if days == 1 else f"in {days}d"
        assert row.due_in == words
        assert calendar.next_words(queue.next_due, queue.now).startswith(words)  # type: ignore[arg-type]
        assert "04:00" in calendar.next_words(queue.next_due, queue.now)  # type: ignore[arg-type]
    finally:
        drills.close()
