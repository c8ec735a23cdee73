"""Drill ahead: cards the user picks outside today's queue (Anki's custom study).

Today's queue shows a story's cards at most once a day and only what is due,
so on the first days a new user sees recall cards only. Drilling ahead lets
them go on by choice:

* **question cards** of every story, of one competency of the active
  framework, or of the stories tagged in another framework (a company's own,
  such as Amazon's Leadership Principles before an Amazon loop);
* **cards due in the next N days**, reviewed early.

Nothing here changes how a card is scheduled: a rating is an ordinary FSRS
review at the moment it is given, which FSRS handles for a card seen early
(its memory grows less the less it had faded), and it is logged like any
other. A card already rated today is left out, and so is a suspended one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from storybank.core.models import CompetencyFramework, Question, Story
from storybank.scheduling.cards import DrillCard
from storybank.scheduling.deck import Deck
from storybank.scheduling.queue import DailyQueue, QueueItem, recall_at

AheadKind = Literal["questions", "competency", "framework", "days"]

AHEAD_DAYS: tuple[int, ...] = (3, 7, 30)
"""The review-ahead windows offered, in drill days."""


@dataclass(frozen=True)
class AheadScope:
    """Which cards to drill ahead.

    Attributes:
        kind: Question cards of every story, of one competency, of the stories
            tagged in a framework; or any card due within ``days``.
        ref: The competency id or framework id.
        days: The window of a ``days`` scope.
        label: What the user picked, in words (``"Question cards: Ownership"``).
    """

    kind: AheadKind
    label: str
    ref: str = ""
    days: int = 0


@dataclass(frozen=True)
class AheadChoice:
    """A scope on offer, with how many cards it holds now."""

    scope: AheadScope
    count: int


class Ahead:
    """Drill-ahead scopes and their cards over a deck.

    Args:
        deck: The cards and the bank.
    """

    def __init__(self, deck: Deck) -> None:
        self.deck = deck

    def choices(self, now: datetime | None = None) -> list[AheadChoice]:
        """Every scope worth offering, with its card count (zero counts included)."""
        deck = self.deck
        at = deck.at(now)
        bank = deck.bank
        active = bank.frameworks.get(deck.settings.framework)
        stories = bank.stories()
        scopes = [AheadScope("questions", "Question cards: every story")]
        for days in AHEAD_DAYS:
            scopes.append(AheadScope("days", f"Cards due in the next {days} days", days=days))
        for competency in active.competencies:
            if any(competency.id in s.tags_in(active.id) for s in stories):
                scopes.append(
                    AheadScope("competency", f"Question cards: {competency.name}", competency.id)
                )
        for framework in bank.frameworks:
            if framework.id != active.id and any(s.tags_in(framework.id) for s in stories):
                scopes.append(
                    AheadScope(
                        "framework",
                        f"Question cards: stories tagged for {framework.name}",
                        framework.id,
                    )
                )
        return [AheadChoice(scope, len(self.cards(scope, at))) for scope in scopes]

    def cards(
        self, scope: AheadScope, now: datetime | None = None, done: Collection[str] = ()
    ) -> list[DrillCard]:
        """The cards of ``scope`` not yet rated today (nor in ``done``), in the order to drill."""
        deck = self.deck
        at = deck.at(now)
        calendar = deck.calendar
        start = calendar.start_of(calendar.day_of(at))
        stories = {s.id: s for s in deck.bank.stories()}
        pool = [
            c
            for c in deck.cards()
            if c.active
            and c.story in stories
            and c.id not in done
            and (c.card.last_review is None or c.card.last_review < start)
        ]
        if scope.kind == "days":
            end = calendar.end_of(calendar.day_of(at) + timedelta(days=scope.days))
            chosen = [c for c in pool if not c.is_new and not c.in_steps and c.card.due < end]
            return sorted(chosen, key=lambda c: (c.card.due, c.id))
        framework = deck.bank.frameworks.get(
            scope.ref if scope.kind == "framework" else deck.settings.framework
        )
        questions = {q.id: q for q in deck.questions()}
        chosen = [
            c
            for c in pool
            if c.kind == "question"
            and _in_scope(scope, stories[c.story], questions.get(c.record.ref), framework)
        ]
        scheduler = deck.scheduler()
        order = list(stories)
        # Weakest first (a new card counts as forgotten), then in bank order.
        return sorted(
            chosen, key=lambda c: (recall_at(scheduler, c, at), order.index(c.story), c.id)
        )

    def queue(
        self, scope: AheadScope, now: datetime | None = None, done: Collection[str] = ()
    ) -> DailyQueue:
        """A queue of the scope's cards (reason ``extra``), with today's counters.

        Learning steps due now come first, as in today's queue, so a card
        rated Again while drilling ahead comes back in minutes; a step due a
        little later comes once the scope's cards are done.
        """
        deck = self.deck
        at = deck.at(now)
        today = deck.queue(at)
        scheduler = deck.scheduler()
        extra = [
            QueueItem(
                card_id=c.id,
                story_id=c.story,
                kind=c.kind,
                reason="extra",
                due=c.card.due,
                recall_now=recall_at(scheduler, c, at),
                recall_on_interview=None,
            )
            for c in self.cards(scope, at, done)
        ]
        steps = [i for i in today.items if i.reason == "learning"]
        items = [*steps, *extra] or [i for i in today.items if i.reason == "ahead"]
        queue: DailyQueue = today.replace(items=tuple(items))
        return queue


def _in_scope(
    scope: AheadScope,
    story: Story,
    question: Question | None,
    framework: CompetencyFramework,
) -> bool:
    if scope.kind == "questions":
        return True
    if scope.kind == "framework":
        return bool(story.tags_in(framework.id))
    asked = question.competencies.get(framework.id, []) if question is not None else []
    return scope.ref in story.tags_in(framework.id) or scope.ref in asked
