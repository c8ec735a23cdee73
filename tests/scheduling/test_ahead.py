"""Drilling ahead: question cards on day 1, by competency or framework, and cards due soon.

Real bank, real FSRS scheduler, fixed clock.
"""

from __future__ import annotations

from collections.abc import Callable

from fsrs import Rating, State

from scheduling.drill_helpers import story
from storybank.scheduling.ahead import AheadScope
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.intervals import next_state
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]

EVERY_QUESTION = AheadScope("questions", "Question cards: every story")


def first_day(drills: Drills) -> None:
    """A new user's first session: every card today's queue offers, rated Good twice."""
    while (item := drills.deck.next_item()) is not None:
        drills.ledger.review(item.card_id, Rating.Good)
        drills.deck.clock.advance(minutes=10)  # type: ignore[attr-defined]


def two_stories(make_bank: MakeBank) -> Bank:
    return make_bank(
        story("a", competencies={"tpm": ["conflict"]}),
        story("b", competencies={"tpm": ["ambiguity"], "amazon-lp": ["ownership"]}),
    )


def test_on_day_one_question_cards_wait_but_can_be_drilled_ahead(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(two_stories(make_bank))
    first_day(drills)
    kinds = {c.kind for c in drills.deck.cards() if not c.is_new}
    assert kinds == {"recall"}  # the day's queue never showed a question card

    offers = {c.scope.label: c.count for c in drills.ahead.choices()}
    assert offers["Question cards: every story"] == 2
    assert offers["Question cards: Conflict and disagreement"] == 1
    assert offers["Question cards: stories tagged for Amazon Leadership Principles"] == 1

    queue = drills.ahead.queue(EVERY_QUESTION)
    assert [(i.kind, i.reason) for i in queue.items] == [("question", "extra")] * 2
    rated = set()
    for item in queue.items:
        drills.ledger.review(item.card_id, Rating.Easy)
        rated.add(item.card_id)
    assert drills.ahead.queue(EVERY_QUESTION, done=rated).items == ()
    # Rated today, they are not offered again today.
    assert drills.ahead.choices()[0].count == 0


def test_a_competency_or_a_framework_narrows_the_question_cards(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(two_stories(make_bank))
    conflict = AheadScope("competency", "Conflict", "conflict")
    amazon = AheadScope("framework", "Amazon", "amazon-lp")
    assert [c.story for c in drills.ahead.cards(conflict)] == ["a"]
    assert [c.story for c in drills.ahead.cards(amazon)] == ["b"]


def test_reviewing_ahead_is_an_ordinary_review_that_fsrs_discounts(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a", competencies={})))
    drills.ledger.review("recall:a", Rating.Easy)
    card = drills.deck.card("recall:a").card
    due, stability = card.due, card.stability
    assert stability is not None
    clock.advance(days=3)
    week = AheadScope("days", "Cards due in the next 7 days", days=7)
    (item,) = drills.ahead.queue(week).items
    assert item.card_id == "recall:a" and item.reason == "extra"
    assert drills.deck.queue().items == ()  # today's own queue is untouched

    early = drills.ledger.review("recall:a", Rating.Good)
    assert early.state == State.Review and not early.lapsed
    assert early.due > due  # seen early and remembered: it goes further out, never back
    # FSRS grows the memory, but less than a review on the day it was due would have.
    deck = drills.deck
    on_time, _ = next_state(
        deck.scheduler(), card, Rating.Good, due, calendar=deck.calendar, fuzz=False
    )
    assert early.stability is not None and on_time.stability is not None
    assert stability < early.stability < on_time.stability
    entries = deck.store.scan().entries
    assert [(e.card, e.rating) for e in entries][-1] == ("recall:a", Rating.Good)
