"""The daily queue: what to drill now, in what order, and when the next card is.

The rules, in order:

1. **Learning** cards (in their minute-long learning or relearning steps) that
   are due now come back whatever else happened today.
2. **Due** review cards: a review card is due for the whole drill day its due
   instant falls in (as in Anki), most overdue first.
3. **Cram**: while an interview is at most :data:`CRAM_HORIZON_DAYS` ahead,
   each story whose predicted recall *on the interview day* is below the
   desired retention is brought forward (lowest predicted recall first),
   even if its card is new.
4. **New** cards, up to the daily limit minus the cards introduced today;
   a story's recall card before its question and follow-up cards. A new card
   made for a later day (a question answered shakily in an interview is due
   the next day) waits for it, then comes first.
5. When nothing else is left, learning cards due within :data:`LEARN_AHEAD`
   are shown early rather than making the user wait a few minutes.

**Weak spots first**: among due cards and among new ones, the cards in
``priority`` (question cards of the competencies interviews and mocks show
to be weak) come before the others.

**Sibling burial**: a story's cards are shown at most once per drill day —
once any card of a story has been reviewed today, and once one of its cards
is in the queue, its other cards wait for another day (its own learning steps
excepted).

A clock that moved backwards: any review stamped after the start of today,
even one in the "future", counts as today's, so burial and the new-card limit
still hold; :attr:`DailyQueue.clock_behind` says how far behind the clock is.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from fsrs import Card, Scheduler, State

from storybank.core.value import Value
from storybank.scheduling.clock import Calendar, as_utc
from storybank.scheduling.fields import kind_order

if TYPE_CHECKING:
    from storybank.scheduling.fields import CardKind

CRAM_HORIZON_DAYS = 14
"""An interview at most this many days ahead turns cram mode on."""

INTERVIEW_HOUR = 9
"""Predicted recall for an interview is computed for 9 am local time on its date."""

LEARN_AHEAD = timedelta(minutes=20)
"""How early a learning card may be shown when nothing else is left."""

CLOCK_TOLERANCE = timedelta(minutes=1)
"""A review stamped this far in the future is noise, not a clock problem."""

Reason = Literal["learning", "due", "cram", "new", "ahead", "extra"]
"""Why a card is in the queue: a learning step due now, a review due today, cram
for an interview, a new card, a learning step shown a little early, or a card
the user chose to drill ahead (:mod:`storybank.scheduling.ahead`)."""


class QueueCard(Protocol):
    """A card as the queue reads it.

    :class:`~storybank.scheduling.cards.DrillCard` is one; so is the card
    ``storybank due`` reads without the models
    (:class:`~storybank.scheduling.glance.GlanceCard`).
    """

    @property
    def id(self) -> str: ...
    @property
    def story(self) -> str: ...
    @property
    def kind(self) -> CardKind: ...
    @property
    def card(self) -> Card: ...
    @property
    def is_new(self) -> bool: ...
    @property
    def in_steps(self) -> bool: ...
    @property
    def active(self) -> bool: ...
    @property
    def introduced(self) -> datetime | None: ...
    @property
    def created(self) -> datetime: ...


class InterviewDate(Protocol):
    """An interview as cram mode reads it."""

    @property
    def id(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def label(self) -> str: ...
    @property
    def is_practice(self) -> bool: ...


class CramTarget(Value):
    """The interview that cram mode aims at.

    Attributes:
        interview_id: Its id.
        label: ``Company, date (round)``.
        day: Its local date.
        at: The instant predicted recall is computed for (morning of the day).
    """

    __slots__ = ("at", "day", "interview_id", "label")
    interview_id: str
    label: str
    day: date
    at: datetime

    def __init__(self, interview_id: str, label: str, day: date, at: datetime) -> None:
        self._set(interview_id=interview_id, label=label, day=day, at=at)


class QueueItem(Value):
    """One card in the queue.

    Attributes:
        card_id: The card's id.
        story_id: Its story.
        kind: Recall, question or follow-up.
        reason: Why it is in the queue now.
        due: When FSRS scheduled it (its creation time for a new card).
        recall_now: Predicted recall now (0 for a new card).
        recall_on_interview: Predicted recall on the interview day, when one is ahead.
    """

    __slots__ = (
        "card_id",
        "due",
        "kind",
        "reason",
        "recall_now",
        "recall_on_interview",
        "story_id",
    )
    card_id: str
    story_id: str
    kind: CardKind
    reason: Reason
    due: datetime
    recall_now: float
    recall_on_interview: float | None

    def __init__(
        self,
        card_id: str,
        story_id: str,
        kind: CardKind,
        reason: Reason,
        due: datetime,
        recall_now: float,
        recall_on_interview: float | None,
    ) -> None:
        self._set(
            card_id=card_id,
            story_id=story_id,
            kind=kind,
            reason=reason,
            due=due,
            recall_now=recall_now,
            recall_on_interview=recall_on_interview,
        )


class DailyQueue(Value):
    """The cards to drill now, with the day's counters.

    Attributes:
        now: When it was built.
        day: The drill day.
        items: The cards, in the order to show them.
        new_limit: New cards allowed per day.
        new_today: New cards already introduced today.
        buried: Stories whose cards wait until tomorrow (reviewed today).
        next_due: The next instant a card not in ``items`` becomes available
            (``None`` when there are no cards at all).
        cram: The interview cram mode aims at, if any.
        clock_behind: How far the clock is behind the latest review, if it is.
    """

    __slots__ = (
        "buried",
        "clock_behind",
        "cram",
        "day",
        "items",
        "new_limit",
        "new_today",
        "next_due",
        "now",
    )
    now: datetime
    day: date
    items: tuple[QueueItem, ...]
    new_limit: int
    new_today: int
    buried: tuple[str, ...]
    next_due: datetime | None
    cram: CramTarget | None
    clock_behind: timedelta | None

    def __init__(
        self,
        now: datetime,
        day: date,
        items: tuple[QueueItem, ...],
        new_limit: int,
        new_today: int,
        buried: tuple[str, ...],
        next_due: datetime | None,
        cram: CramTarget | None,
        clock_behind: timedelta | None,
    ) -> None:
        self._set(
            now=now,
            day=day,
            items=items,
            new_limit=new_limit,
            new_today=new_today,
            buried=buried,
            next_due=next_due,
            cram=cram,
            clock_behind=clock_behind,
        )

    def count(self, *reasons: Reason) -> int:
        """How many items have one of ``reasons``."""
        return sum(1 for item in self.items if item.reason in reasons)

    @property
    def total(self) -> int:
        """How many cards are in the queue."""
        return len(self.items)

    @property
    def new_left(self) -> int:
        """New cards the daily limit still allows today."""
        return max(0, self.new_limit - self.new_today)

    @property
    def first(self) -> QueueItem | None:
        """The card to show next."""
        return self.items[0] if self.items else None


InterviewT = TypeVar("InterviewT", bound=InterviewDate)


def next_interview(
    interviews: Sequence[InterviewT], calendar: Calendar, now: datetime
) -> InterviewT | None:
    """The first real round of ``interviews`` (sorted by date) dated today or later (local date).

    Practice rounds (mock interviews) are not interviews to cram for.
    """
    today = calendar.local(now).date()
    return next((i for i in interviews if i.date >= today and not i.is_practice), None)


def interview_target(interview: InterviewDate, calendar: Calendar, now: datetime) -> CramTarget:
    """What predictions for ``interview`` aim at: the morning of its day (never before now)."""
    moment = calendar.at_local(interview.date, INTERVIEW_HOUR)
    return CramTarget(interview.id, interview.label, interview.date, max(moment, as_utc(now)))


def cram_target(
    interviews: Sequence[InterviewDate], calendar: Calendar, now: datetime
) -> CramTarget | None:
    """The next interview, if it is close enough (:data:`CRAM_HORIZON_DAYS`) for cram mode."""
    interview = next_interview(interviews, calendar, now)
    if interview is None:
        return None
    today = calendar.local(now).date()
    if (interview.date - today).days > CRAM_HORIZON_DAYS:
        return None
    return interview_target(interview, calendar, now)


def recall_at(scheduler: Scheduler, drill: QueueCard, at: datetime) -> float:
    """Predicted recall of a card at ``at`` (0 for a card never reviewed)."""
    if drill.is_new:
        return 0.0
    return float(scheduler.get_card_retrievability(drill.card, as_utc(at)))


def build_queue(
    cards: Sequence[QueueCard],
    *,
    now: datetime,
    calendar: Calendar,
    scheduler: Scheduler,
    new_limit: int,
    story_order: Sequence[str],
    cram: CramTarget | None = None,
    learn_ahead: timedelta = LEARN_AHEAD,
    priority: Collection[str] = frozenset(),
) -> DailyQueue:
    """Build the queue for ``now``.

    Args:
        cards: Every card (suspended ones and cards of unknown stories are skipped).
        now: The current instant.
        calendar: The user's drill days.
        scheduler: For predicted recall (its desired retention is the cram target).
        new_limit: New cards per day.
        story_order: Story ids in bank order (new cards follow it).
        cram: The interview to cram for, if one is within the horizon.
        learn_ahead: How early learning cards may come when nothing else is left.
        priority: Ids of cards that come first among due and among new cards.
    """
    now = as_utc(now)
    day = calendar.day_of(now)
    start, end = calendar.bounds(day)
    rank = {story_id: i for i, story_id in enumerate(story_order)}
    active = [c for c in cards if c.active and c.story in rank]

    def reviewed_today(c: QueueCard) -> bool:
        # A review after now (the clock went back) still belongs to today.
        return c.card.last_review is not None and c.card.last_review >= start

    buried = {c.story for c in active if reviewed_today(c)}
    new_today = sum(1 for c in active if c.introduced is not None and c.introduced >= start)
    latest = max((c.card.last_review for c in active if c.card.last_review), default=None)
    clock_behind = latest - now if latest is not None and latest - now > CLOCK_TOLERANCE else None

    def item(c: QueueCard, reason: Reason) -> QueueItem:
        return QueueItem(
            card_id=c.id,
            story_id=c.story,
            kind=c.kind,
            reason=reason,
            due=c.card.due,
            recall_now=recall_at(scheduler, c, now),
            recall_on_interview=None if cram is None else recall_at(scheduler, c, cram.at),
        )

    chosen: dict[str, QueueItem] = {}
    claimed: set[str] = set()  # stories with a card in the queue (besides learning steps)

    learning = sorted((c for c in active if c.in_steps and c.card.due <= now), key=_due_key)
    for c in learning:
        chosen[c.id] = item(c, "learning")

    reviews = sorted(
        (c for c in active if c.card.state == State.Review and not c.is_new and c.card.due < end),
        key=lambda c: (c.id not in priority, *_due_key(c)),
    )
    due_items: list[QueueItem] = []
    for c in reviews:
        if c.story in buried or c.story in claimed:
            continue
        claimed.add(c.story)
        due_items.append(item(c, "due"))
    ordered = sorted(
        [*chosen.values(), *due_items],
        key=lambda i: (i.card_id not in priority, i.due, i.card_id),
    )
    claimed |= {i.story_id for i in chosen.values()}

    cram_items: list[QueueItem] = []
    if cram is not None:
        retention = scheduler.desired_retention
        for c in active:
            if c.kind != "recall" or c.story in buried or c.story in claimed or c.in_steps:
                continue
            if recall_at(scheduler, c, cram.at) < retention:
                cram_items.append(item(c, "cram"))
        cram_items.sort(key=lambda i: (i.recall_on_interview or 0.0, rank[i.story_id]))
        claimed |= {i.story_id for i in cram_items}

    new_items: list[QueueItem] = []
    allowance = max(0, new_limit - new_today)
    fresh = sorted(
        (c for c in active if c.is_new and c.card.due < end),
        key=lambda c: (
            # A card made for a given day (a shaky answer's) comes first on that day.
            c.card.due <= c.created,
            c.id not in priority,
            kind_order(c.kind),
            rank[c.story],
            c.created,
            c.id,
        ),
    )
    for c in fresh:
        if len(new_items) >= allowance:
            break
        if c.story in buried or c.story in claimed:
            continue
        claimed.add(c.story)
        new_items.append(item(c, "new"))

    items = [*ordered, *cram_items, *new_items]
    if not items:
        early = sorted(
            (c for c in active if c.in_steps and c.card.due <= now + learn_ahead), key=_due_key
        )
        items = [item(c, "ahead") for c in early]

    in_queue = {i.card_id for i in items}
    next_due = _next_available(
        [c for c in active if c.id not in in_queue], calendar, now, end, buried | claimed
    )
    return DailyQueue(
        now=now,
        day=day,
        items=tuple(items),
        new_limit=new_limit,
        new_today=new_today,
        buried=tuple(sorted(buried, key=lambda s: rank[s])),
        next_due=next_due,
        cram=cram,
        clock_behind=clock_behind,
    )


def _due_key(c: QueueCard) -> tuple[datetime, str]:
    return c.card.due, c.id


def _next_available(
    waiting: Sequence[QueueCard],
    calendar: Calendar,
    now: datetime,
    end_of_today: datetime,
    held: set[str],
) -> datetime | None:
    """The earliest instant one of ``waiting`` can be shown."""
    best: datetime | None = None
    for c in waiting:
        if c.in_steps:
            moment = max(c.card.due, now)
        elif c.is_new or c.card.due < end_of_today or c.story in held:
            # Held back by burial or the daily limit, or due today: tomorrow.
            moment = max(end_of_today, calendar.start_of(calendar.day_of(c.card.due)))
            if c.is_new:
                moment = max(end_of_today, c.card.due)
        else:
            moment = calendar.start_of(calendar.day_of(c.card.due))
        if best is None or moment < best:
            best = moment
    return best
