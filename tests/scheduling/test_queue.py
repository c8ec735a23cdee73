"""The daily queue with the real FSRS scheduler, a real bank and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from scheduling.drill_helpers import NEW_YORK, local, story, with_follow_ups
from storybank.core.models import Settings
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def reasons(drills: Drills, now: datetime | None = None) -> list[tuple[str, str]]:
    return [(i.card_id, i.reason) for i in drills.deck.queue(now).items]


def plain_scheduler() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def test_new_cards_come_recall_first_one_per_story(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(with_follow_ups("a", "Why?"), story("b")))
    assert reasons(drills) == [("recall:a", "new"), ("recall:b", "new")]


def test_first_review_intervals_match_fsrs(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a")))
    card_id = "recall:a"
    fsrs_id = drills.deck.card(card_id).record.fsrs_id
    expected = {}
    for rating in Rating:
        after, _ = plain_scheduler().review_card(
            Card(card_id=fsrs_id, due=clock.now()), rating, clock.now()
        )
        expected[rating] = after.due - clock.now()
    # The learning steps of the default scheduler, as Anki shows them.
    assert expected[Rating.Again] == timedelta(minutes=1)
    assert expected[Rating.Good] == timedelta(minutes=10)
    assert expected[Rating.Easy] == timedelta(days=8)
    # A review interval ends at the same wall time: eight days on from 1 March
    # crosses New York's change to summer time, so it is an hour short of eight whole days.
    shown = drills.ledger.preview_intervals(card_id)
    assert shown == {**expected, Rating.Easy: timedelta(days=8) - timedelta(hours=1)}
    calendar = drills.deck.calendar
    assert calendar.days_between(clock.now(), clock.now() + shown[Rating.Easy]) == 8

    outcome = drills.ledger.review(card_id, Rating.Good, duration_s=95)
    assert outcome.was_new and not outcome.lapsed
    assert outcome.state == State.Learning
    assert outcome.interval == timedelta(minutes=10)
    assert outcome.reviewed_at == clock.now()


def test_learning_card_comes_back_when_due_then_graduates(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    drills.ledger.review("recall:a", Rating.Good)
    assert reasons(drills) == [("recall:b", "new")]
    drills.ledger.review("recall:b", Rating.Easy)
    # Nothing else is left, so the step due in ten minutes may come early.
    assert reasons(drills) == [("recall:a", "ahead")]
    clock.advance(minutes=10)
    assert reasons(drills) == [("recall:a", "learning")]
    outcome = drills.ledger.review("recall:a", Rating.Good)
    assert outcome.state == State.Review
    assert outcome.interval >= timedelta(days=1)


def test_lapse_sends_a_review_card_to_relearning(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a")))
    first = drills.ledger.review("recall:a", Rating.Easy)
    assert first.state == State.Review
    clock.set(first.due)
    assert reasons(drills) == [("recall:a", "due")]
    lapse = drills.ledger.review("recall:a", Rating.Again)
    assert lapse.lapsed and lapse.state == State.Relearning
    assert lapse.interval == timedelta(minutes=10)
    assert lapse.stability is not None and first.stability is not None
    assert lapse.stability < first.stability
    clock.advance(minutes=10)
    assert reasons(drills) == [("recall:a", "learning")]
    assert drills.progress.stats().stories[0].lapses == 1


def test_due_review_cards_come_most_overdue_first(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b"), story("c")))
    start = clock.now()
    drills.ledger.review("recall:b", Rating.Easy)
    clock.advance(hours=1)
    drills.ledger.review("recall:a", Rating.Easy)
    clock.advance(hours=1)
    drills.ledger.review("recall:c", Rating.Easy)
    clock.set(start + timedelta(days=60))
    items = drills.deck.queue().items
    assert [i.card_id for i in items[:3]] == ["recall:b", "recall:a", "recall:c"]
    assert all(i.reason == "due" for i in items[:3])
    assert items[0].recall_now < 0.9


def test_review_card_is_due_from_the_start_of_its_drill_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    clock.set(local(2025, 3, 3, 15, 0))
    drills = open_drills(make_bank(story("a", competencies={})))  # one card only
    due = drills.ledger.review("recall:a", Rating.Easy).due
    due_day = drills.deck.calendar.day_of(due)
    day_start = drills.deck.calendar.start_of(due_day)
    assert day_start.astimezone(NEW_YORK).hour == 4
    clock.set(day_start - timedelta(minutes=1))
    assert reasons(drills) == []
    assert drills.deck.queue().next_due == day_start
    clock.set(day_start)
    assert reasons(drills) == [("recall:a", "due")]


def test_rollover_hour_decides_which_day_a_late_review_counts_for(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    settings = Settings(new_cards_per_day=1, rollover_hour=4)
    drills = open_drills(make_bank(story("a"), story("b"), settings=settings))
    clock.set(local(2025, 3, 5, 3, 30))  # 3:30 am: still the drill day of 4 March
    assert drills.deck.queue().day == date(2025, 3, 4)
    drills.ledger.review("recall:a", Rating.Easy)
    clock.set(local(2025, 3, 5, 3, 59))
    assert reasons(drills) == []  # the one new card of 4 March is used
    clock.set(local(2025, 3, 5, 4, 0))
    assert reasons(drills) == [("recall:b", "new")]


def test_a_different_rollover_hour_moves_the_boundary(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    settings = Settings(new_cards_per_day=1, rollover_hour=0)
    drills = open_drills(make_bank(story("a"), story("b"), settings=settings))
    clock.set(local(2025, 3, 4, 23, 50))
    drills.ledger.review("recall:a", Rating.Easy)
    clock.set(local(2025, 3, 5, 0, 5))
    assert reasons(drills) == [("recall:b", "new")]


def test_daylight_saving_change_moves_the_day_start_with_the_wall_clock(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    settings = Settings(new_cards_per_day=1)
    drills = open_drills(make_bank(story("a"), story("b"), settings=settings))
    clock.set(local(2025, 3, 8, 20, 0))  # Saturday evening, EST
    drills.ledger.review("recall:a", Rating.Easy)
    # Clocks spring forward that night; the new drill day starts at 04:00 EDT,
    # which is 08:00 UTC, an hour earlier in UTC than the day before.
    clock.set(datetime(2025, 3, 9, 7, 59, tzinfo=UTC))
    assert drills.deck.queue().day == date(2025, 3, 8)
    assert reasons(drills) == []
    clock.set(datetime(2025, 3, 9, 8, 0, tzinfo=UTC))
    assert drills.deck.queue().day == date(2025, 3, 9)
    assert reasons(drills) == [("recall:b", "new")]


def test_daylight_saving_fall_back_keeps_one_drill_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    settings = Settings(new_cards_per_day=1, rollover_hour=1)
    drills = open_drills(make_bank(story("a"), story("b"), settings=settings))
    clock.set(datetime(2025, 11, 2, 5, 10, tzinfo=UTC))  # 01:10 EDT, first pass
    drills.ledger.review("recall:a", Rating.Easy)
    clock.set(datetime(2025, 11, 2, 6, 10, tzinfo=UTC))  # 01:10 EST, second pass
    assert drills.deck.queue().day == date(2025, 11, 2)
    assert reasons(drills) == []  # still the same day: the limit holds


def test_new_card_limit_counts_cards_introduced_today(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    stories = [story(s) for s in "abcd"]
    drills = open_drills(make_bank(*stories, settings=Settings(new_cards_per_day=2)))
    queue = drills.deck.queue()
    assert [i.card_id for i in queue.items] == ["recall:a", "recall:b"]
    assert queue.new_left == 2
    drills.ledger.review("recall:a", Rating.Easy)
    queue = drills.deck.queue()
    assert queue.new_today == 1 and queue.new_left == 1
    assert [i.card_id for i in queue.items] == ["recall:b"]
    drills.ledger.review("recall:b", Rating.Easy)
    queue = drills.deck.queue()
    assert queue.items == () and queue.new_left == 0
    assert queue.next_due == drills.deck.calendar.end_of(queue.day)
    clock.set(drills.deck.calendar.end_of(queue.day))
    assert [i.card_id for i in drills.deck.queue().items] == ["recall:c", "recall:d"]


def test_zero_new_cards_per_day_shows_none(make_bank: MakeBank, open_drills: OpenDrills) -> None:
    drills = open_drills(make_bank(story("a"), settings=Settings(new_cards_per_day=0)))
    assert reasons(drills) == []


def test_siblings_are_buried_for_the_rest_of_the_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(with_follow_ups("a", "Why did it slip?")))
    assert reasons(drills) == [("recall:a", "new")]
    drills.ledger.review("recall:a", Rating.Easy)
    queue = drills.deck.queue()
    assert queue.items == () and queue.buried == ("a",)
    clock.set(drills.deck.calendar.end_of(queue.day))
    # The next day the story's next new card comes, still one per day.
    assert reasons(drills) == [("question:a:q-deadline", "new")]


def test_due_and_new_siblings_do_not_share_a_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a")))
    first = drills.ledger.review("recall:a", Rating.Easy)
    clock.set(first.due)
    # recall:a is due; the story's new question card waits.
    assert reasons(drills) == [("recall:a", "due")]


def test_clock_moving_backwards_keeps_limits_and_card_history_sane(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    settings = Settings(new_cards_per_day=1)
    drills = open_drills(make_bank(story("a"), story("b"), settings=settings))
    reviewed = clock.now()
    drills.ledger.review("recall:a", Rating.Good)  # learning step, due in 10 minutes
    clock.set(reviewed - timedelta(hours=10))  # back into the previous drill day
    queue = drills.deck.queue()
    assert queue.day == date(2025, 2, 28)
    # The review "in the future" still counts: the new-card limit and burial hold.
    assert queue.items == ()
    assert queue.new_today == 1
    assert queue.clock_behind == timedelta(hours=10)
    # Rating the card again now is recorded at its last review, never before it.
    again = drills.ledger.review("recall:a", Rating.Good)
    assert again.reviewed_at == reviewed
    card = drills.deck.card("recall:a").card
    assert card.last_review == reviewed
    assert drills.progress.stats().reviews_today == 2


def test_cram_mode_brings_forward_stories_weak_on_the_interview_day(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    settings = Settings(new_cards_per_day=0)
    bank = make_bank(story("a"), story("b"), settings=settings)
    drills = open_drills(bank)
    first = drills.ledger.review("recall:a", Rating.Easy)
    clock.advance(days=1)
    assert reasons(drills) == []  # a is not due yet and no new cards are allowed
    interview_day = drills.deck.calendar.local(first.due).date() + timedelta(days=2)
    drills.interviews.add("Acme", interview_day, "onsite")
    queue = drills.deck.queue()
    assert queue.cram is not None and queue.cram.day == interview_day
    by_card = {i.card_id: i for i in queue.items}
    assert by_card["recall:a"].reason == "cram"
    assert by_card["recall:a"].recall_on_interview is not None
    assert by_card["recall:a"].recall_on_interview < 0.9
    # A story never drilled is predicted at 0 and comes too, despite the limit.
    assert by_card["recall:b"].reason == "cram"
    assert [i.card_id for i in queue.items] == ["recall:b", "recall:a"]  # weakest first
    drills.ledger.review("recall:a", Rating.Easy)
    assert all(i.story_id != "a" for i in drills.deck.queue().items)


def test_no_cram_for_an_interview_far_ahead_or_past(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), settings=Settings(new_cards_per_day=0)))
    today = drills.deck.calendar.local(clock.now()).date()
    drills.interviews.add("Far", today + timedelta(days=40))
    drills.interviews.add("Past", today - timedelta(days=1))
    queue = drills.deck.queue()
    assert queue.cram is None and queue.items == ()


def test_item_predictions_and_next_due_when_nothing_is_left(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a")))
    outcome = drills.ledger.review("recall:a", Rating.Easy)
    queue = drills.deck.queue()
    assert queue.items == ()
    assert queue.next_due is not None
    assert queue.next_due <= drills.deck.calendar.start_of(drills.deck.calendar.day_of(outcome.due))


def test_suspended_cards_never_show(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: object
) -> None:
    bank = make_bank(story("a"), story("b"))
    drills = open_drills(bank)
    assert drills.deck.card("recall:a").active
    bank.delete_story("a")  # the deck follows without being told
    assert reasons(drills) == [("recall:b", "new")]
    assert drills.deck.card("recall:a").record.suspended == "story-deleted"
