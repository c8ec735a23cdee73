"""The deck: every drill card of a bank, kept in step with its stories, and the daily queue.

Cards follow stories without anyone asking: the deck remembers the bank
:attr:`~storybank.storage.repository.Bank.revision` it last synced from, and
syncs again (:func:`~storybank.scheduling.cards.plan_sync`) the next time it
is asked for a card or the queue after stories, questions or settings were
written. Opening the deck reads the cards only.

The ledger, the card faces, interviews, flags and statistics are built on top
of the deck (see :class:`storybank.scheduling.drills.Drills`); the deck knows
none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from fsrs import Scheduler

from storybank.core.models import Question, Settings
from storybank.errors import StorybankError
from storybank.paths import frameworks_dir
from storybank.scheduling import question_choice
from storybank.scheduling.cards import DrillCard, plan_sync
from storybank.scheduling.clock import Calendar, Clock, SystemClock, as_utc
from storybank.scheduling.models import CardRecord
from storybank.scheduling.queue import CramTarget, DailyQueue, QueueItem, build_queue, cram_target
from storybank.scheduling.store import DrillStore
from storybank.storage.repository import QUESTIONS, STORIES, Bank


def make_scheduler(settings: Settings) -> Scheduler:
    """The FSRS scheduler for a bank's settings.

    FSRS's own fuzz is random, so a rating could not keep the interval its
    button showed; the deck leaves it off and spreads intervals itself,
    repeatably (see :mod:`storybank.scheduling.intervals`).
    """
    return Scheduler(
        desired_retention=settings.desired_retention,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )


class Deck:
    """The cards of an open bank, in step with its stories, and the queue over them.

    Every method that takes ``now`` asks the injected clock when it is not
    given, so tests and the app run against a fixed clock.

    Args:
        bank: The open bank (read-only banks can be queried; syncs then stay in memory).
        clock: Where "now" comes from (the system clock by default).
        fuzz: Let FSRS fuzz intervals; tests turn it off for exact numbers.
        questions: Called for the questions a question card may use (built-in
            plus the user's by default).

    Attributes:
        bank: The bank.
        clock: The clock.
        store: The drill tables and the review log.
    """

    def __init__(
        self,
        bank: Bank,
        *,
        clock: Clock | None = None,
        fuzz: bool = True,
        questions: Callable[[], Sequence[Question]] | None = None,
    ) -> None:
        self.bank = bank
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.store = DrillStore(bank)
        self.fuzz = fuzz
        """Whether review intervals are spread (off in tests that pin exact numbers)."""
        self._questions = questions if questions is not None else bank.all_questions
        self._own_questions = questions is None
        """The bank's own questions (not some given in their place), as ``due`` reads them."""
        self._scheduler: tuple[tuple[float, int], Scheduler] | None = None
        self._cards: dict[str, DrillCard] = {}
        self._synced: int | None = None
        self._generation = bank.generation
        self.priority: Callable[[Sequence[DrillCard]], Collection[str]] | None = None
        """Gives the ids of cards the queue shows first (the drills set it to weak spots)."""
        self._load()

    def _load(self) -> None:
        self._cards = {cid: DrillCard.of(r) for cid, r in self.store.cards().items()}
        self._synced = None

    def close(self) -> None:
        """Release the log file handle (the bank stays open)."""
        self.store.close()

    # -- time, settings, scheduler ---------------------------------------------------

    def now(self) -> datetime:
        """The clock's current instant (UTC)."""
        return as_utc(self.clock.now())

    def at(self, now: datetime | None) -> datetime:
        """``now`` in UTC, or the clock's current instant when it is ``None``."""
        return self.now() if now is None else as_utc(now)

    @property
    def settings(self) -> Settings:
        """The bank's settings."""
        return self.bank.settings

    @property
    def calendar(self) -> Calendar:
        """Drill days in the clock's zone with the bank's rollover hour."""
        return Calendar(self.clock.tz, self.settings.rollover_hour)

    def scheduler(self) -> Scheduler:
        """The FSRS scheduler for the current settings (without FSRS's random fuzz)."""
        settings = self.settings
        key = (settings.desired_retention, settings.maximum_interval)
        if self._scheduler is None or self._scheduler[0] != key:
            self._scheduler = (key, make_scheduler(settings))
        return self._scheduler[1]

    def questions(self) -> Sequence[Question]:
        """The questions a question card may use."""
        return self._questions()

    def writable(self) -> None:
        """Refuse to go on when the bank is open read-only.

        Raises:
            StorybankError: the bank is read-only.
        """
        if self.bank.read_only:
            raise StorybankError(
                "the bank is open read-only, so drills cannot be saved",
                file=self.bank.path,
                hint="close the other storybank that has it open, then try again",
            )

    # -- the cards ------------------------------------------------------------------

    def _fresh(self) -> dict[str, DrillCard]:
        if self._generation != self.bank.generation:
            # The bank was read again from its file (another program changed it):
            # the cards held here may be that file's no longer.
            self._generation = self.bank.generation
            self.store.refresh()
            self._load()
        if self._synced != self.bank.revision:
            self.sync()
        return self._cards

    def cards(self) -> list[DrillCard]:
        """Every card (suspended ones included)."""
        return list(self._fresh().values())

    def card(self, card_id: str) -> DrillCard:
        """One card.

        Raises:
            StorybankError: no such card.
        """
        drill = self._fresh().get(card_id)
        if drill is None:
            raise StorybankError(
                f"there is no drill card {card_id!r}",
                hint="the story may have been deleted or renamed; start the drill again",
            )
        return drill

    def has(self, card_id: str) -> bool:
        """Whether a card with this id exists."""
        return card_id in self._fresh()

    def cards_of(self, story_id: str) -> list[DrillCard]:
        """A story's cards."""
        return [c for c in self._fresh().values() if c.story == story_id]

    def by_fsrs_id(self, fsrs_id: int, *, sync: bool = True) -> DrillCard | None:
        """The card with this FSRS id.

        Args:
            fsrs_id: The id the review log names cards by.
            sync: Bring the cards in step with the stories first; crash repair
                on open looks at the cards as stored instead.
        """
        cards = self._fresh() if sync else self._cards
        return next((c for c in cards.values() if c.record.fsrs_id == fsrs_id), None)

    def put(self, *records: CardRecord) -> list[DrillCard]:
        """Store cards (insert or replace by id) in one write; in memory only when read-only."""
        if not self.bank.read_only:
            self.store.put_cards(records)
        drills = [DrillCard.of(record) for record in records]
        self._cards.update((drill.id, drill) for drill in drills)
        return drills

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group card writes with other bank writes in one atomic write.

        If anything in the batch fails, nothing is written and the cards are
        read again from the bank, so the deck never holds a card that is not stored.
        """
        try:
            with self.bank.batch():
                yield
        except BaseException:
            self._load()
            raise

    # -- keeping in step with the stories ---------------------------------------------

    def sync(self) -> list[str]:
        """Make and suspend cards to match the stories now; returns the ids of new cards.

        The deck calls this itself when the bank changed since its last sync.
        On a read-only bank the changes are made in memory only. A sync whose
        write fails raises, and is tried again after the bank next changes.
        """
        self._synced = self.bank.revision
        keys: list[str] = []

        def bank_key() -> str:
            # Made once per sync: writing cards does not change it.
            if not keys:
                keys.append(self._bank_key())
            return keys[0]

        def recorded() -> question_choice.Unquestioned | None:
            # The record speaks of the bank's own questions only.
            if not self._own_questions:
                return None
            return question_choice.read_record(
                question_choice.record_path(self.bank.path), bank_key()
            )

        plan = plan_sync(
            self.bank.stories(),
            {cid: c.record for cid, c in self._cards.items()},
            self.now(),
            framework_id=self.settings.framework,
            questions=self._questions,
            answers=self._answers,
            recorded=recorded,
        )
        # Only of cards as stored: a plan made in memory on a read-only bank
        # leaves the stored cards out of step, and the record would not hold.
        noted = plan.unquestioned and self._own_questions
        if plan.is_empty:
            if noted:
                self._note_unquestioned(bank_key(), plan.unquestioned)
            return []
        if not self.bank.read_only:
            self.store.put_cards(plan.upsert, remove=plan.remove)
            if noted:
                self._note_unquestioned(bank_key(), plan.unquestioned)
        for card_id in plan.remove:
            self._cards.pop(card_id, None)
        for record in plan.upsert:
            self._cards[record.id] = DrillCard.of(record)
        return plan.added

    def _bank_key(self) -> str:
        """What the record of unfitted stories is made for: the bank as the matcher reads it."""
        bank = self.bank
        return question_choice.bank_key(
            bank.table(STORIES).all(),
            bank.table(QUESTIONS).all(),
            self.settings.framework,
            frameworks_dir(bank.path),
        )

    def _note_unquestioned(self, key: str, stories: dict[str, list[str]]) -> None:
        """Write down the tagged stories no question fitted, for ``storybank due``
        and the next sync."""
        path = question_choice.record_path(self.bank.path)
        question_choice.write_record(path, key, stories)

    def _answers(self) -> Callable[[Question], Collection[str]]:
        """Which stories the matcher accepts as answers to a question, over the
        bank as it is now (built only when some story needs a question card)."""
        # Deferred import: most syncs make no question card and need no matcher.
        from storybank.matching import Matcher

        frameworks, wanted = self.bank.frameworks, self.settings.framework
        framework = frameworks.get(wanted if wanted in frameworks else frameworks.ids[0])
        matcher = Matcher(framework, self._questions(), self.bank.stories())

        def answered_by(question: Question) -> list[str]:
            return matcher.acceptable_stories(question.text)

        return answered_by

    # -- the queue --------------------------------------------------------------------

    def cram_target(self, now: datetime | None = None) -> CramTarget | None:
        """The next interview, if it is close enough for cram mode."""
        at = self.at(now)
        upcoming = self.store.upcoming(self.calendar.local(at).date())
        return cram_target([upcoming] if upcoming else [], self.calendar, at)

    def queue(self, now: datetime | None = None) -> DailyQueue:
        """The cards to drill now, in order, with the day's counters."""
        at = self.at(now)
        cards = self.cards()
        return build_queue(
            cards,
            now=at,
            calendar=self.calendar,
            scheduler=self.scheduler(),
            new_limit=self.settings.new_cards_per_day,
            story_order=[s.id for s in self.bank.stories()],
            cram=self.cram_target(at),
            priority=self.priority(cards) if self.priority is not None else frozenset(),
        )

    def next_item(self, now: datetime | None = None) -> QueueItem | None:
        """The card to show next, or ``None`` when the day's drill is done."""
        return self.queue(now).first
