"""A drill session: one sitting of cards, its countdown, undo and summary.

Every rating is saved by :meth:`Ledger.review` before it returns, so leaving
mid-session loses nothing that was rated; the session itself only remembers
what happened in this sitting, for its undo and its summary.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from fsrs import Rating

from storybank.core.timewords import format_duration
from storybank.errors import StorybankError
from storybank.scheduling.clock import as_utc
from storybank.scheduling.queue import QueueItem

if TYPE_CHECKING:
    from storybank.scheduling.deck import Deck
    from storybank.scheduling.faces import CardFace, Faces
    from storybank.scheduling.interviews import QuestionMatcher
    from storybank.scheduling.ledger import Ledger, ReviewOutcome, UndoOutcome

WARNING_SHARE = 0.2
"""The countdown turns to its warning colour for the last fifth of the time…"""
WARNING_MIN_S = 10
"""…or the last ten seconds, whichever is longer."""


@dataclass(frozen=True)
class Countdown:
    """The drill timer at one moment.

    Attributes:
        limit_s: The timer's length.
        elapsed_s: Time used so far (pauses excluded).
    """

    limit_s: int
    elapsed_s: float

    @property
    def remaining_s(self) -> float:
        """Seconds left (0 once over)."""
        return max(0.0, self.limit_s - self.elapsed_s)

    @property
    def overran(self) -> bool:
        """The time is up."""
        return self.elapsed_s > self.limit_s

    @property
    def warning(self) -> bool:
        """Close to the end (or past it)."""
        return self.remaining_s <= max(WARNING_MIN_S, self.limit_s * WARNING_SHARE)

    @property
    def fraction(self) -> float:
        """Share of the time used, 0-1 (capped)."""
        return min(1.0, self.elapsed_s / self.limit_s) if self.limit_s > 0 else 1.0

    @property
    def label(self) -> str:
        """``1:52`` while running, ``+0:12`` once past the limit."""
        if self.overran:
            return "+" + format_duration(self.elapsed_s - self.limit_s)
        return format_duration(self.remaining_s)


class Stopwatch:
    """Elapsed time that can be paused (the countdown's source).

    Args:
        clock: Monotonic seconds (``time.monotonic`` by default; tests inject one).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started: float | None = None
        self._banked = 0.0

    def start(self) -> None:
        """Start from zero."""
        self._banked = 0.0
        self._started = self._clock()

    def pause(self) -> None:
        """Stop counting (idempotent)."""
        if self._started is not None:
            self._banked += self._clock() - self._started
            self._started = None

    def resume(self) -> None:
        """Count again (idempotent)."""
        if self._started is None:
            self._started = self._clock()

    @property
    def paused(self) -> bool:
        """Not counting."""
        return self._started is None

    @property
    def elapsed(self) -> float:
        """Seconds counted so far."""
        running = self._clock() - self._started if self._started is not None else 0.0
        return self._banked + running

    def countdown(self, limit_s: int) -> Countdown:
        """The countdown for a timer of ``limit_s`` seconds."""
        return Countdown(limit_s, self.elapsed)


@dataclass(frozen=True)
class SessionSummary:
    """The end-of-session screen.

    Attributes:
        started: When the session started.
        ended: When the summary was made.
        cards_done: Ratings kept (undone ones are not counted).
        seconds: Time spent on the cards (recorded durations).
        ratings: How many of each rating.
        new_cards: Cards seen for the first time.
        lapses: Review cards forgotten.
        overran: Cards that ran past the timer.
        stories: Stories drilled, in order.
        due_left: Cards still in today's queue, learning steps apart.
        steps_left: Learning steps to repeat now (cards rated minutes ago).
        next_due: When the next card is available, if the queue is empty.
    """

    started: datetime
    ended: datetime
    cards_done: int
    seconds: float
    ratings: dict[Rating, int]
    new_cards: int
    lapses: int
    overran: int
    stories: list[str]
    due_left: int
    next_due: datetime | None
    steps_left: int = 0


@dataclass
class _Done:
    outcome: ReviewOutcome
    seconds: float
    overran: bool


@dataclass
class DrillSession:
    """One sitting of drills (made by :meth:`storybank.scheduling.drills.Drills.start_session`).

    Attributes:
        deck: The cards and the queue.
        faces: What to show for a card.
        ledger: Where ratings are saved and undone.
        started: When the session started.
    """

    deck: Deck
    faces: Faces
    ledger: Ledger
    started: datetime
    _done: list[_Done] = field(default_factory=list)

    def current(self, now: datetime | None = None) -> QueueItem | None:
        """The card to show now, or ``None`` when the queue is empty."""
        return self.deck.next_item(now)

    def face(
        self, card_id: str, now: datetime | None = None, matcher: QuestionMatcher | None = None
    ) -> CardFace:
        """What to show for a card (with the matcher's picks for a question card, if given)."""
        return self.faces.face(card_id, now, matcher)

    def rate(
        self,
        card_id: str,
        rating: Rating | int,
        now: datetime | None = None,
        duration_s: float | None = None,
        overran: bool = False,
        typed: str | None = None,
        *,
        picked: str | None = None,
        promised: timedelta | None = None,
    ) -> ReviewOutcome:
        """Rate and save a card (see :meth:`Ledger.review`)."""
        outcome = self.ledger.review(
            card_id, rating, now, duration_s, overran, typed, picked=picked, promised=promised
        )
        self._done.append(_Done(outcome, duration_s or 0.0, overran))
        return outcome

    @property
    def rated(self) -> set[str]:
        """Ids of the cards rated in this session (undone ratings excluded)."""
        return {d.outcome.card_id for d in self._done}

    @property
    def can_undo(self) -> bool:
        """Whether this session has a rating left to undo."""
        return bool(self._done)

    def undo(self, now: datetime | None = None) -> UndoOutcome:
        """Undo this session's latest rating (never one from another session)."""
        if not self._done:
            raise StorybankError("there is nothing to undo in this session")
        result = self.ledger.undo_last(expect=self._done[-1].outcome.entry_id, now=now)
        self._done.pop()
        return result

    def summary(self, now: datetime | None = None) -> SessionSummary:
        """Cards done, time spent, ratings, and what is due next."""
        ended = as_utc(now) if now is not None else self.deck.now()
        queue = self.deck.queue(ended)
        ratings: Counter[Rating] = Counter(d.outcome.rating for d in self._done)
        return SessionSummary(
            started=self.started,
            ended=ended,
            cards_done=len(self._done),
            seconds=sum(d.seconds for d in self._done),
            ratings={r: ratings[r] for r in Rating},
            new_cards=sum(1 for d in self._done if d.outcome.was_new),
            lapses=sum(1 for d in self._done if d.outcome.lapsed),
            overran=sum(1 for d in self._done if d.overran),
            stories=list(dict.fromkeys(d.outcome.story_id for d in self._done)),
            due_left=queue.count("due", "cram", "new"),
            next_due=queue.next_due,
            steps_left=queue.count("learning", "ahead"),
        )
