"""What a rating does to a card: one computation for the 1-4 buttons and the rating itself.

The interval a rating button shows is a promise: the card comes back exactly
that many drill days later. Three things make that hold:

* **Whole drill days.** FSRS gives a card in review an interval of whole
  days; the card is then due at the same local wall time that many days on
  (:meth:`~storybank.scheduling.clock.Calendar.days_later`), so it falls in
  the drill day that many days after today, whatever daylight saving does.
* **Repeatable fuzz.** Like Anki, storybank spreads review intervals a
  little so that cards learned together do not stay together. The spread is
  drawn from the card and its last review, not from a random generator, so
  the button and the rating compute the same number.
* **The number shown is the number kept.** The drill screen passes the
  interval it showed for the rating; a rating given minutes later keeps it.

Learning steps (minutes) are FSRS's own and are not changed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from fsrs import Card, Rating, ReviewLog, Scheduler, State

from storybank.scheduling.clock import Calendar

FUZZ_FROM_DAYS = 3
"""Intervals shorter than this many days are never spread."""

FUZZ_SHARE = 0.05
"""The spread either side of an interval: this share of it, and at least one day."""

DAY = timedelta(days=1)


def fuzz_draw(card: Card) -> float:
    """A number in [0, 1) fixed by the card's id and its last review (repeatable)."""
    last = card.last_review.isoformat() if card.last_review is not None else "new"
    digest = hashlib.blake2b(f"{card.card_id}|{last}".encode(), digest_size=8).digest()
    return int.from_bytes(digest) / 2**64


def fuzzed_days(days: int, draw: float, maximum: int) -> int:
    """``days`` moved by up to its spread, as ``draw`` (0-1) says; never past ``maximum``.

    The spread is :data:`FUZZ_SHARE` of the interval, at least one day; a
    draw of 0.5 keeps the interval as it is.
    """
    if days < FUZZ_FROM_DAYS:
        return days
    spread = max(1, round(days * FUZZ_SHARE))
    moved = days + round((2 * draw - 1) * spread)
    return max(1, min(moved, maximum))


def next_state(
    scheduler: Scheduler,
    card: Card,
    rating: Rating,
    at: datetime,
    *,
    calendar: Calendar,
    fuzz: bool,
    duration_ms: int | None = None,
    promised: timedelta | None = None,
) -> tuple[Card, ReviewLog]:
    """The card after ``rating`` at ``at``, and FSRS's log of it.

    Args:
        scheduler: An FSRS scheduler that does not fuzz (fuzz is applied here).
        card: The card before the rating (not changed).
        rating: Again, Hard, Good or Easy.
        at: When (UTC).
        calendar: The user's drill days: a review interval ends at the same wall time.
        fuzz: Spread review intervals (off in tests that pin exact numbers).
        duration_ms: How long the review took.
        promised: The interval the rating button showed; a card that goes to
            review keeps it when it is a whole number of days.
    """
    after, log = scheduler.review_card(card, rating, at, duration_ms)
    if after.state == State.Review:
        days = round((after.due - at) / DAY)
        if promised is not None and promised >= DAY:
            days = round(promised / DAY)
        elif fuzz:
            days = fuzzed_days(days, fuzz_draw(card), scheduler.maximum_interval)
        after.due = calendar.days_later(at, days)
    return after, log


def preview(
    scheduler: Scheduler, card: Card, at: datetime, *, calendar: Calendar, fuzz: bool
) -> dict[Rating, timedelta]:
    """The interval each rating would give at ``at``: what the 1-4 buttons show."""
    result: dict[Rating, timedelta] = {}
    for rating in Rating:
        after, _ = next_state(scheduler, card, rating, at, calendar=calendar, fuzz=fuzz)
        result[rating] = after.due - at
    return result
