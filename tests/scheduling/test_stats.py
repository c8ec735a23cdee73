"""Drill statistics from real reviews with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fsrs import Rating

from scheduling.drill_helpers import local, story
from storybank.core.models import Settings
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.stats import FORECAST_DAYS, HISTORY_DAYS, RETENTION_WEEKS
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def test_empty_bank_has_zeroed_stats(make_bank: MakeBank, open_drills: OpenDrills) -> None:
    stats = open_drills(make_bank()).progress.stats()
    assert len(stats.reviews_per_day) == HISTORY_DAYS
    assert len(stats.forecast) == FORECAST_DAYS
    assert len(stats.retention) == RETENTION_WEEKS
    assert stats.total_reviews == 0 and stats.streak == 0
    assert stats.true_retention is None
    assert stats.stories == [] and stats.interview is None


def test_reviews_per_day_counts_by_local_drill_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b"), story("c")))
    clock.set(local(2025, 3, 3, 23, 0))
    drills.ledger.review("recall:a", Rating.Good, duration_s=60)
    clock.set(local(2025, 3, 4, 3, 0))  # before the 4 am rollover: still 3 March
    drills.ledger.review("recall:b", Rating.Good, duration_s=30)
    clock.set(local(2025, 3, 4, 9, 0))
    drills.ledger.review("recall:c", Rating.Good)
    stats = drills.progress.stats()
    assert stats.today == date(2025, 3, 4)
    last_two = stats.reviews_per_day[-2:]
    assert [(d.day, d.reviews, d.seconds) for d in last_two] == [
        (date(2025, 3, 3), 2, 90),
        (date(2025, 3, 4), 1, 0),
    ]
    assert stats.reviews_today == 1 and stats.total_reviews == 3


def test_streak_counts_consecutive_days_and_waits_for_today(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(*(story(s) for s in "abcdef")))
    for day, card in ((1, "a"), (3, "b"), (4, "c"), (5, "d")):
        clock.set(local(2025, 3, day, 10))
        drills.ledger.review(f"recall:{card}", Rating.Easy)
    clock.set(local(2025, 3, 6, 10))  # not drilled yet today: the streak still stands
    stats = drills.progress.stats()
    assert (stats.streak, stats.longest_streak) == (3, 3)
    clock.set(local(2025, 3, 7, 10))  # a whole day missed
    assert drills.progress.stats().streak == 0


def test_forecast_counts_cards_on_their_due_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    due = drills.ledger.review("recall:a", Rating.Easy).due
    drills.ledger.review("recall:b", Rating.Good)  # a learning step due today
    stats = drills.progress.stats()
    offset = (drills.deck.calendar.day_of(due) - stats.today).days
    assert stats.forecast[offset].due == 1
    assert stats.forecast[0].due == 1
    assert sum(f.due for f in stats.forecast) == 2


def test_overdue_cards_are_forecast_for_today(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a")))
    due = drills.ledger.review("recall:a", Rating.Easy).due
    clock.set(due + timedelta(days=5))
    assert drills.progress.stats().forecast[0].due == 1


def test_true_retention_counts_reviews_of_cards_seen_on_an_earlier_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    drills.ledger.review("recall:a", Rating.Again)  # new: not counted
    clock.advance(minutes=1)
    drills.ledger.review("recall:a", Rating.Good)  # same-day learning step: not counted
    first_b = drills.ledger.review("recall:b", Rating.Easy)
    clock.set(first_b.due)
    drills.ledger.review("recall:b", Rating.Good)  # counted, passed
    due_a = drills.deck.card("recall:a").card.due
    clock.set(max(due_a, clock.now()) + timedelta(days=1))
    drills.ledger.review("recall:a", Rating.Again)  # counted, failed
    stats = drills.progress.stats()
    assert sum(p.reviews for p in stats.retention) == 2
    assert sum(p.passed for p in stats.retention) == 1
    assert stats.true_retention == 0.5
    assert stats.retention[-1].end == stats.today


def test_per_story_rows_use_the_recall_card(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    outcome = drills.ledger.review("recall:a", Rating.Easy)
    drills.flags.flag("b")
    clock.advance(days=2)
    rows = {r.story_id: r for r in drills.progress.stats().stories}
    a, b = rows["a"], rows["b"]
    assert a.state == "review"
    assert a.stability == pytest.approx(outcome.stability)
    assert a.difficulty == pytest.approx(outcome.difficulty)
    assert 0.9 < a.recall_now < 1.0
    assert a.reviews == 1 and a.lapses == 0
    assert a.due == outcome.due
    assert a.cards == 2  # recall and question
    assert (b.state, b.stability, b.recall_now, b.flagged) == ("new", None, 0.0, True)


def test_interview_outlook_predicts_recall_on_the_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b"), settings=Settings()))
    outcome = drills.ledger.review("recall:a", Rating.Easy)
    day = drills.deck.calendar.local(outcome.due).date() + timedelta(days=30)
    drills.interviews.add("Acme", day, "final")
    stats = drills.progress.stats()
    assert stats.interview is not None
    assert stats.interview.label == f"Acme, {day.isoformat()} (final)"
    assert stats.interview.days_away == (day - date(2025, 3, 1)).days
    rows = {r.story_id: r for r in stats.stories}
    assert rows["a"].recall_on_interview is not None
    assert rows["a"].recall_on_interview < rows["a"].recall_now
    assert stats.interview.below_target == ["b", "a"]  # weakest first


def test_card_states_count_every_card(make_bank: MakeBank, open_drills: OpenDrills) -> None:
    bank = make_bank(story("a"), story("b"))
    drills = open_drills(bank)
    drills.ledger.review("recall:a", Rating.Good)
    drills.ledger.review("recall:b", Rating.Easy)
    bank.delete_story("b")
    assert drills.progress.stats().card_states == {
        "new": 1,
        "learning": 1,
        "review": 0,
        "suspended": 2,
    }
