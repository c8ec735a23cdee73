"""The rating ledger: rate a card, undo, start cards afresh, and repair after a crash.

Every change to a card's FSRS state is written twice: first a line in the
review log (:mod:`~storybank.scheduling.review_log`), then the card in the
bank (through the :class:`~storybank.scheduling.deck.Deck`). Both are durable
before a method returns. A crash between the two leaves the card one step
behind its last log line; :meth:`Ledger.reconcile` (run when the drills open)
brings it forward. Undo appends a tombstone and puts back the exact FSRS
state the entry replaced.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Card, Rating, State
from fsrs.card import CardDict

from storybank.core.models import Story
from storybank.errors import StorybankError
from storybank.scheduling.cards import DrillCard, needs_reset_prompt
from storybank.scheduling.deck import Deck
from storybank.scheduling.intervals import next_state, preview
from storybank.scheduling.log_format import LogEntry, Tombstone, new_id
from storybank.scheduling.models import TYPED_MAX, CardKind, check_fsrs_dict
from storybank.scheduling.repair import applied, pending_repair


@dataclass(frozen=True)
class ReviewOutcome:
    """What one rating did.

    Attributes:
        entry_id: The review-log entry (undo names it).
        card_id: The card rated.
        story_id: Its story.
        rating: The rating given.
        reviewed_at: The instant recorded (never before the card's previous review).
        due: When the card comes back.
        interval: ``due - reviewed_at``.
        state: The card's FSRS state now.
        was_new: This was the card's first review.
        lapsed: A card in review was forgotten (rated Again).
        stability: Stability after the review, in days.
        difficulty: Difficulty after the review, 1-10.
        recall_on_interview: Predicted recall on the next interview day, if one is ahead.
    """

    entry_id: str
    card_id: str
    story_id: str
    rating: Rating
    reviewed_at: datetime
    due: datetime
    interval: timedelta
    state: State
    was_new: bool
    lapsed: bool
    stability: float | None
    difficulty: float | None
    recall_on_interview: float | None


@dataclass(frozen=True)
class UndoOutcome:
    """What an undo put back.

    Attributes:
        entry_id: The entry undone.
        card_id: The card restored.
        story_id: Its story.
        rating: The rating that was undone (``None`` for a reset).
        due: When the restored card is due.
    """

    entry_id: str
    card_id: str
    story_id: str
    rating: Rating | None
    due: datetime


class Ledger:
    """Ratings, undo and resets of a deck's cards, each logged durably.

    Args:
        deck: The cards (and their store).
    """

    def __init__(self, deck: Deck) -> None:
        self.deck = deck

    # -- rating ------------------------------------------------------------------

    def _effective(self, drill: DrillCard, now: datetime) -> datetime:
        # If the clock moved back, review "at" the card's last review rather
        # than before it: FSRS must never see time run backwards for a card.
        last = drill.card.last_review
        return max(now, last) if last is not None else now

    def preview_intervals(
        self, card_id: str, now: datetime | None = None
    ) -> dict[Rating, timedelta]:
        """The interval each rating gives, for the 1-4 buttons: exactly what rating it does."""
        deck = self.deck
        drill = deck.card(card_id)
        at = self._effective(drill, deck.at(now))
        return preview(deck.scheduler(), drill.card, at, calendar=deck.calendar, fuzz=deck.fuzz)

    def review(
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
        """Rate a card and persist it durably before returning.

        Args:
            card_id: The card.
            rating: 1-4 (Again, Hard, Good, Easy).
            now: When (the clock by default).
            duration_s: How long the review took.
            overran: The countdown ran out before the rating.
            typed: What the user typed (recall or outline), kept in the log.
            picked: For a question card, the story the user said they would tell.
            promised: The interval the rating's button showed (see
                :meth:`preview_intervals`); a card going to review keeps it.

        Raises:
            StorybankError: read-only bank, unknown or suspended card, bad
                rating, or the disk refused (nothing was changed then).
        """
        deck = self.deck
        deck.writable()
        try:
            grade = Rating(int(rating))
        except ValueError:
            raise StorybankError(
                f"{rating!r} is not a rating", hint="rate 1 (Again) to 4 (Easy)"
            ) from None
        drill = deck.card(card_id)
        if not drill.active:
            raise StorybankError(
                f"the card {card_id!r} is suspended ({drill.record.suspended})",
                hint="its story or follow-up was removed",
            )
        at = self._effective(drill, deck.at(now))
        duration_ms = None if duration_s is None else max(0, round(duration_s * 1000))
        scheduler = deck.scheduler()
        after, log = next_state(
            scheduler,
            drill.card,
            grade,
            at,
            calendar=deck.calendar,
            fuzz=deck.fuzz,
            duration_ms=duration_ms,
            promised=promised,
        )
        entry = LogEntry(
            id=new_id(),
            type="review",
            card=drill.id,
            story=drill.story,
            kind=drill.kind,
            fsrs_id=log.card_id,
            at=log.review_datetime,
            rating=int(log.rating),
            duration_ms=log.review_duration,
            overran=bool(overran),
            before=drill.record.fsrs,
            after=None,
            typed=typed[:TYPED_MAX] if typed is not None and typed.strip() else None,
            picked=picked,
        )
        deck.store.append(entry)
        introduced = drill.record.introduced or (at if drill.is_new else None)
        try:
            deck.put(
                drill.record.model_copy(update={"fsrs": after.to_dict(), "introduced": introduced})
            )
        except StorybankError:
            # The bank refused the card (disk full?): take the log line back too,
            # so the two agree; if even that fails, reconcile() replays it later.
            with contextlib.suppress(StorybankError):
                deck.store.append(Tombstone.of(entry.id, at))
            raise
        target = deck.cram_target(at)
        return ReviewOutcome(
            entry_id=entry.id,
            card_id=drill.id,
            story_id=drill.story,
            rating=grade,
            reviewed_at=at,
            due=after.due,
            interval=after.due - at,
            state=after.state,
            was_new=drill.is_new,
            lapsed=drill.card.state == State.Review and grade == Rating.Again,
            stability=after.stability,
            difficulty=after.difficulty,
            recall_on_interview=(
                None
                if target is None
                else float(scheduler.get_card_retrievability(after, target.at))
            ),
        )

    # -- undo -------------------------------------------------------------------------

    def last_entry(self) -> LogEntry | None:
        """The latest rating or reset not undone (reads only the end of the log)."""
        return next(self.deck.store.log.latest_live(limit=1), None)

    def undo_last(self, expect: str | None = None, now: datetime | None = None) -> UndoOutcome:
        """Undo the latest rating (or reset): restore the card's previous state, drop the entry.

        Args:
            expect: Only undo if the latest entry has this id (a session undoes
                only its own ratings).
            now: When (stamped on the tombstone).

        Raises:
            StorybankError: nothing to undo, or the card changed since.
        """
        deck = self.deck
        deck.writable()
        entry = self.last_entry()
        if entry is None or (expect is not None and entry.id != expect):
            raise StorybankError("there is nothing to undo")
        drill = deck.by_fsrs_id(entry.fsrs_id)
        if drill is None:
            raise StorybankError(
                "the card of the last rating no longer exists, so it cannot be undone"
            )
        if entry.before is None or not applied(entry, drill):
            raise StorybankError(
                "the card has changed since that rating, so it cannot be undone",
                hint="rate it again instead",
            )
        deck.store.append(Tombstone.of(entry.id, deck.at(now)))
        introduced = _introduced_after(entry, drill, undo=True)
        before = check_fsrs_dict(entry.before)
        [restored] = deck.put(
            drill.record.model_copy(update={"fsrs": before, "introduced": introduced})
        )
        return UndoOutcome(
            entry_id=entry.id,
            card_id=restored.id,
            story_id=restored.story,
            rating=None if entry.rating is None else Rating(entry.rating),
            due=restored.card.due,
        )

    # -- resets after a rewrite -----------------------------------------------------

    def offer_reset(self, old_story: Story, new_story: Story) -> bool:
        """Whether to ask "start this story's cards afresh?" after an edit.

        True when the edit rewrote most of the story and its cards have history.
        """
        if not needs_reset_prompt(old_story, new_story):
            return False
        return any(not c.is_new for c in self.deck.cards_of(new_story.id))

    def reset_card(self, card_id: str, now: datetime | None = None) -> None:
        """Start a card afresh (new again); its history stays in the log and can be undone."""
        deck = self.deck
        deck.writable()
        drill = deck.card(card_id)
        at = deck.at(now)
        fresh = Card(card_id=drill.record.fsrs_id, due=at).to_dict()
        entry = LogEntry(
            id=new_id(),
            type="reset",
            card=drill.id,
            story=drill.story,
            kind=drill.kind,
            fsrs_id=drill.record.fsrs_id,
            at=at,
            rating=None,
            duration_ms=None,
            overran=False,
            before=drill.record.fsrs,
            after=fresh,
            introduced_before=drill.record.introduced,
        )
        deck.store.append(entry)
        deck.put(drill.record.model_copy(update={"fsrs": fresh, "introduced": None}))

    def reset_story(
        self,
        story_id: str,
        now: datetime | None = None,
        kinds: Sequence[CardKind] = ("recall", "question"),
    ) -> list[str]:
        """Start a story's cards of ``kinds`` afresh; returns the card ids reset."""
        done = []
        for drill in self.deck.cards_of(story_id):
            if drill.kind in kinds and not drill.is_new:
                self.reset_card(drill.id, now)
                done.append(drill.id)
        return done

    # -- crash repair ------------------------------------------------------------------

    def reconcile(self) -> bool:
        """Bring a card level with the log's last line after a crash between the two writes.

        A rating appends its log line, then rewrites the card; a crash in
        between leaves the card as it was before the line. The rating is then
        applied again from the line (FSRS is deterministic, and so is the
        fuzz; only a rating that kept its button's interval across a whole-day
        mark since the card's last review can come out a day different). An
        undo tombstone whose card was not restored is finished the same way.
        Only the line right after the bank's head is ever applied (see
        :func:`~storybank.scheduling.repair.follows_head`).

        Returns whether a card was repaired (in memory on a read-only bank).
        """
        deck = self.deck
        store = deck.store
        # The cards as stored: repair comes before they are brought in step with the stories.
        repair = pending_repair(
            store.log,
            lambda fsrs_id: deck.by_fsrs_id(fsrs_id, sync=False),
            head_known=store.head_known,
            head=store.head,
        )
        if repair is None:
            return False
        entry, drill, undo = repair.entry, repair.drill, repair.undo
        state = entry.before if undo else self._replay(entry)
        assert state is not None
        introduced = _introduced_after(entry, drill, undo=undo)
        store.note_applied(repair.last_id)
        deck.put(drill.record.model_copy(update={"fsrs": state, "introduced": introduced}))
        return True

    def _replay(self, entry: LogEntry) -> CardDict:
        """The card state ``entry`` led to, computed again from its ``before``."""
        if entry.type == "reset" or entry.rating is None:
            assert entry.after is not None
            return entry.after
        deck = self.deck
        before = Card.from_dict(check_fsrs_dict(entry.before))
        after, _ = next_state(
            deck.scheduler(),
            before,
            Rating(entry.rating),
            entry.at,
            calendar=deck.calendar,
            fuzz=deck.fuzz,
            duration_ms=entry.duration_ms,
        )
        return after.to_dict()


def _introduced_after(entry: LogEntry, drill: DrillCard, *, undo: bool) -> datetime | None:
    if entry.type == "reset":
        return entry.introduced_before if undo else None
    if undo:
        return None if entry.was_new else drill.record.introduced
    return drill.record.introduced or (entry.at if entry.was_new else None)
