"""``Drills``: the one object the drill and stats screens (and the CLI) talk to.

It owns the FSRS scheduler, keeps the cards in step with the stories, builds
the daily queue, rates cards and persists each rating durably before
returning, undoes, flags, records interviews and computes statistics. A screen
asks it for data and shows what comes back; it never touches storage.

Every method takes an optional ``now``; without it the injected
:class:`~storybank.scheduling.clock.Clock` is asked, so tests and the app run
against a fixed clock.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from fsrs import Card, Rating, Scheduler, State

from storybank.core.models import QUESTION_MAX, Question, Settings, Story, slugify
from storybank.errors import StorybankError
from storybank.scheduling.cards import (
    DrillCard,
    needs_reset_prompt,
    new_record,
    plan_sync,
    question_card_id,
)
from storybank.scheduling.clock import Calendar, Clock, SystemClock, as_utc
from storybank.scheduling.models import (
    TYPED_MAX,
    AskedQuestion,
    CardKind,
    CardRecord,
    Flag,
    Interview,
    LogEntry,
    check_fsrs_dict,
    company_key,
)
from storybank.scheduling.queue import (
    CRAM_HORIZON_DAYS,
    CramTarget,
    DailyQueue,
    QueueItem,
    build_queue,
    recall_at,
)
from storybank.scheduling.recall import RecallGrade, facts_of_text, grade_facts, key_facts
from storybank.scheduling.stats import DrillStats, compute_stats
from storybank.storage.drill_store import DrillStore, ReviewLogFile
from storybank.storage.repository import Bank

if TYPE_CHECKING:
    from storybank.matching.results import CompetencyScore, MatchResult
    from storybank.scheduling.session import DrillSession

INTERVIEW_HOUR = 9
"""Predicted recall for an interview is computed for 9 am local time on its date."""

FOLLOW_UP_TIMER_SHARE = 0.5
"""A follow-up answer is short: it gets this share of the drill timer."""

MIN_TIMER_S = 15


class QuestionMatcher(Protocol):
    """What interview logging needs from :class:`storybank.matching.Matcher`."""

    def match(self, question: str, top: int = ...) -> MatchResult:
        """Rank the stories for a question."""
        ...

    def competencies_for(self, question: str, top: int | None = ...) -> list[CompetencyScore]:
        """The competencies a question asks about, best first."""
        ...


# -- results --------------------------------------------------------------------


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


@dataclass(frozen=True)
class Section:
    """One titled block of text on the back of a card (user text, shown literally)."""

    name: str
    text: str


@dataclass(frozen=True)
class EngineMatch:
    """The matcher's pick for a question card, shown beside the user's pick."""

    story_id: str
    title: str
    score: int
    reasons: list[str]


@dataclass(frozen=True)
class CardFace:
    """Everything the drill screen shows for one card.

    Attributes:
        card_id: The card.
        kind: Recall, question or follow-up.
        story_id: The story that answers it.
        story_title: That story's title.
        prompt: The front: the story title (recall), the question, or the follow-up.
        instruction: What to do, in one line.
        competencies: Names of the story's competencies in the active framework.
        timer_s: Countdown length in seconds.
        back: Headline and SCAR fields (recall, question) or the answer (follow-up).
        key_facts: Facts a typed recall is graded on.
        predicted_recall: Predicted recall now.
        recall_on_interview: Predicted recall on the next interview day, if one is ahead.
        flagged: The story is marked "needs work".
        told_to: Companies the story was already told to, for the next interview's company.
        engine: The matcher's best stories for a question card (when a matcher was given).
        is_new: The card has never been reviewed.
    """

    card_id: str
    kind: CardKind
    story_id: str
    story_title: str
    prompt: str
    instruction: str
    competencies: list[str]
    timer_s: int
    back: list[Section]
    key_facts: list[str]
    predicted_recall: float
    recall_on_interview: float | None
    flagged: bool
    told_to: list[str]
    engine: list[EngineMatch]
    is_new: bool


@dataclass(frozen=True)
class FlaggedStory:
    """A story marked "needs work", for the bank screen."""

    story_id: str
    title: str
    note: str
    flagged: datetime
    card_id: str | None


@dataclass(frozen=True)
class RepeatWarning:
    """A story already told to the same company."""

    story_id: str
    company: str
    interviews: list[str]

    @property
    def message(self) -> str:
        """One line for the user."""
        where = "; ".join(self.interviews)
        return f"{self.story_id} was already told to {self.company} ({where})"


@dataclass
class InterviewLog:
    """What logging an interview round did.

    Attributes:
        interview: The interview as saved.
        warnings: Stories told to this company in another round too.
        cards_added: Question cards made from the questions asked.
        answered: Questions with a good story, as ``(question, story id)``.
        gaps: Questions no story answers well: write a story for them.
    """

    interview: Interview
    warnings: list[RepeatWarning] = field(default_factory=list)
    cards_added: list[str] = field(default_factory=list)
    answered: list[tuple[str, str]] = field(default_factory=list)
    gaps: list[AskedQuestion] = field(default_factory=list)


# -- helpers ----------------------------------------------------------------------


def make_scheduler(settings: Settings, *, fuzz: bool = True) -> Scheduler:
    """The FSRS scheduler for a bank's settings (fuzz off only in tests)."""
    return Scheduler(
        desired_retention=settings.desired_retention,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=fuzz,
    )


def parse_interview_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date.

    Raises:
        StorybankError: anything else.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise StorybankError(
            f"{text!r} is not a date", field="date", hint="write it as YYYY-MM-DD, e.g. 2025-03-14"
        ) from None


def format_interval(delta: timedelta) -> str:
    """A short interval label as on Anki's buttons: ``<1m``, ``10m``, ``3h``, ``4d``, ``2.1mo``."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def interview_slug(company: str, day: date, round_name: str = "") -> str:
    """An interview id such as ``acme-2025-03-14-onsite`` (at most 56 characters)."""

    def part(text: str, length: int) -> str:
        slug = slugify(text, length)
        # slugify falls back to "story" for text with no Latin letters or digits.
        return "interview" if slug == "story" and "story" not in text.lower() else slug

    pieces = [part(company, 24), day.isoformat()]
    if round_name.strip():
        pieces.append(part(round_name, 20))
    return "-".join(pieces)


def build_matcher(bank: Bank) -> QuestionMatcher:
    """The real matcher over the bank's framework, questions and stories."""
    # Deferred import: only interview logging and question cards need the matcher.
    from storybank.matching import Matcher

    framework = bank.frameworks.get(bank.settings.framework)
    return Matcher(framework, bank.all_questions(), bank.stories())


# -- the service ------------------------------------------------------------------


class Drills:
    """Drills over an open bank.

    Args:
        bank: The open bank (read-only banks can be queried, not rated).
        clock: Where "now" comes from (the system clock by default).
        fuzz: Let FSRS fuzz intervals; tests turn it off for exact numbers.
        questions: Called for the questions a question card may use (built-in
            plus the user's by default).
        sync: Bring the cards in step with the stories now (persisted unless read-only).
    """

    def __init__(
        self,
        bank: Bank,
        *,
        clock: Clock | None = None,
        fuzz: bool = True,
        questions: Callable[[], Sequence[Question]] | None = None,
        sync: bool = True,
    ) -> None:
        self.bank = bank
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.store = DrillStore(bank)
        self._fuzz = fuzz
        self._questions = questions if questions is not None else bank.all_questions
        self._scheduler: tuple[tuple[float, int], Scheduler] | None = None
        self._cards: dict[str, DrillCard] = {
            cid: DrillCard.of(r) for cid, r in self.store.cards().items()
        }
        self.reconcile()
        if sync:
            self.sync()

    def close(self) -> None:
        """Release the log file handle (the bank stays open)."""
        self.store.close()

    # -- basics -----------------------------------------------------------------

    def now(self) -> datetime:
        """The clock's current instant (UTC)."""
        return as_utc(self.clock.now())

    def _at(self, now: datetime | None) -> datetime:
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
        """The FSRS scheduler for the current settings."""
        settings = self.settings
        key = (settings.desired_retention, settings.maximum_interval)
        if self._scheduler is None or self._scheduler[0] != key:
            self._scheduler = (key, make_scheduler(settings, fuzz=self._fuzz))
        return self._scheduler[1]

    def _writable(self) -> None:
        if self.bank.read_only:
            raise StorybankError(
                "the bank is open read-only, so drills cannot be saved",
                file=self.bank.path,
                hint="close the other storybank that has it open, then try again",
            )

    def cards(self) -> list[DrillCard]:
        """Every card (suspended ones included)."""
        return list(self._cards.values())

    def card(self, card_id: str) -> DrillCard:
        """One card.

        Raises:
            StorybankError: no such card.
        """
        drill = self._cards.get(card_id)
        if drill is None:
            raise StorybankError(
                f"there is no drill card {card_id!r}",
                hint="the story may have been deleted or renamed; start the drill again",
            )
        return drill

    def cards_of(self, story_id: str) -> list[DrillCard]:
        """A story's cards."""
        return [c for c in self._cards.values() if c.story == story_id]

    def _store(self, record: CardRecord) -> DrillCard:
        self.store.put_card(record)
        drill = DrillCard.of(record)
        self._cards[record.id] = drill
        return drill

    # -- keeping in step with the stories ---------------------------------------------

    def sync(self, now: datetime | None = None) -> list[str]:
        """Make and suspend cards to match the stories; returns the ids of new cards.

        Call after stories change (the app does after each save). On a
        read-only bank the changes are made in memory only.
        """
        stories = self.bank.stories()
        plan = plan_sync(
            stories,
            {cid: c.record for cid, c in self._cards.items()},
            self._at(now),
            framework_id=self.settings.framework,
            questions=self._questions,
        )
        if plan.is_empty:
            return []
        if not self.bank.read_only:
            self.store.put_cards(plan.upsert, remove=plan.remove)
        for card_id in plan.remove:
            self._cards.pop(card_id, None)
        for record in plan.upsert:
            self._cards[record.id] = DrillCard.of(record)
        return plan.added

    def reconcile(self) -> bool:
        """Bring a card level with the log's last line after a crash between the two writes.

        A rating appends its log line, then rewrites the card; a crash in
        between leaves the card as it was before the line. The rating is then
        applied again from the line (FSRS is deterministic apart from fuzz, so
        only the fuzz draw can differ). An undo tombstone whose card was not
        restored is finished the same way.

        Returns whether a card was repaired (in memory on a read-only bank).
        """
        record = self.store.log.last_record()
        if record is None:
            return False
        undo = record.get("type") == "undo"
        if undo:
            target = record.get("target")
            entry = next((e for e in self._entries_back(limit=200) if e.id == target), None)
        else:
            try:
                entry = LogEntry.from_json(record)
            except (KeyError, TypeError, ValueError):
                return False
        drill = None if entry is None else self._by_fsrs(entry.fsrs_id)
        if entry is None or drill is None or entry.before is None:
            return False
        if undo:
            if not self._applied(entry, drill):
                return False
            state = entry.before
        else:
            if drill.record.fsrs != entry.before:
                return False
            state = self._replay(entry)
        introduced = self._introduced_after(entry, drill, undo=undo)
        repaired = drill.record.model_copy(update={"fsrs": state, "introduced": introduced})
        if self.bank.read_only:
            self._cards[repaired.id] = DrillCard.of(repaired)
        else:
            self._store(repaired)
        return True

    @staticmethod
    def _applied(entry: LogEntry, drill: DrillCard) -> bool:
        """Whether the card shows the effect of ``entry`` (and can be taken back to before)."""
        if entry.type == "reset":
            return drill.record.fsrs == entry.after
        return drill.record.fsrs != entry.before and drill.card.last_review == entry.at

    def _replay(self, entry: LogEntry) -> dict[str, Any]:
        """The card state ``entry`` led to, computed again from its ``before``."""
        if entry.type == "reset" or entry.rating is None:
            assert entry.after is not None
            return entry.after
        before = Card.from_dict(check_fsrs_dict(entry.before))  # type: ignore[arg-type]
        after, _ = self.scheduler().review_card(
            before, Rating(entry.rating), entry.at, entry.duration_ms
        )
        return dict(after.to_dict())

    def _entries_back(self, limit: int) -> list[LogEntry]:
        """Entries from the end of the log, tombstoned ones included."""
        found: list[LogEntry] = []
        for record in self.store.log.reverse_records():
            if record.get("type") in ("review", "reset"):
                try:
                    found.append(LogEntry.from_json(record))
                except (KeyError, TypeError, ValueError):
                    continue
                if len(found) >= limit:
                    break
        return found

    def _by_fsrs(self, fsrs_id: int) -> DrillCard | None:
        return next((c for c in self._cards.values() if c.record.fsrs_id == fsrs_id), None)

    @staticmethod
    def _introduced_after(entry: LogEntry, drill: DrillCard, *, undo: bool) -> datetime | None:
        if entry.type == "reset":
            return entry.introduced_before if undo else None
        if undo:
            return None if entry.was_new else drill.record.introduced
        return drill.record.introduced or (entry.at if entry.was_new else None)

    # -- the queue ----------------------------------------------------------------

    def cram_target(self, now: datetime | None = None) -> CramTarget | None:
        """The next interview, if it is close enough for cram mode."""
        at = self._at(now)
        interview = self.next_interview(at)
        if interview is None:
            return None
        today = self.calendar.local(at).date()
        if (interview.date - today).days > CRAM_HORIZON_DAYS:
            return None
        return self._target(interview, at)

    def _target(self, interview: Interview, now: datetime) -> CramTarget:
        moment = self.calendar.at_local(interview.date, INTERVIEW_HOUR)
        return CramTarget(interview.id, interview.label, interview.date, max(moment, now))

    def queue(self, now: datetime | None = None) -> DailyQueue:
        """The cards to drill now, in order, with the day's counters."""
        at = self._at(now)
        settings = self.settings
        return build_queue(
            list(self._cards.values()),
            now=at,
            calendar=self.calendar,
            scheduler=self.scheduler(),
            new_limit=settings.new_cards_per_day,
            story_order=[s.id for s in self.bank.stories()],
            cram=self.cram_target(at),
        )

    def next_item(self, now: datetime | None = None) -> QueueItem | None:
        """The card to show next, or ``None`` when the day's drill is done."""
        return self.queue(now).first

    # -- showing a card -------------------------------------------------------------

    def face(
        self, card_id: str, now: datetime | None = None, matcher: QuestionMatcher | None = None
    ) -> CardFace:
        """What to show for a card: front, back, timer, facts and predictions."""
        at = self._at(now)
        drill = self.card(card_id)
        story = self.bank.get_story(drill.story)
        framework = self.bank.frameworks.get(self.settings.framework)
        names = [c.name for cid in story.tags_in(framework.id) if (c := framework.get(cid))]
        timer = self.settings.drill_timer
        scar = [
            Section("Headline", story.headline),
            Section("Situation", story.situation),
            Section("Complications", story.complications),
            Section("Action", story.action),
            Section("Result", story.result),
        ]
        if story.lessons.strip():
            scar.append(Section("Lessons", story.lessons))
        scar = [s for s in scar if s.text.strip()]
        engine: list[EngineMatch] = []
        if drill.kind == "recall":
            prompt = story.title
            instruction = "Tell this story aloud, hitting the SCAR beats. Space reveals it."
            back, facts = scar, key_facts(story)
        elif drill.kind == "question":
            prompt = drill.record.prompt
            instruction = "Which story would you tell? Outline it before the time runs out."
            back, facts = scar, key_facts(story)
            if matcher is not None:
                result = matcher.match(prompt, top=3)
                engine = [
                    EngineMatch(m.id, m.title, m.score, list(m.reasons)) for m in result.stories
                ]
        else:
            follow = next(
                (f for f in story.follow_ups if f.question == drill.record.prompt),
                None,
            )
            prompt = drill.record.prompt
            instruction = f"A follow-up on “{story.title}”: answer it in a few sentences."
            answer = follow.answer if follow is not None else ""
            back = [Section("Answer", answer)] if answer.strip() else []
            facts = facts_of_text([answer])
            timer = max(MIN_TIMER_S, round(timer * FOLLOW_UP_TIMER_SHARE))
        target = self.cram_target(at)
        scheduler = self.scheduler()
        upcoming = self.next_interview(at)
        told = (
            [w.message for w in self.repeat_warnings(upcoming.company, [story.id], upcoming.id)]
            if upcoming is not None
            else []
        )
        return CardFace(
            card_id=drill.id,
            kind=drill.kind,
            story_id=story.id,
            story_title=story.title,
            prompt=prompt,
            instruction=instruction,
            competencies=names,
            timer_s=timer,
            back=back,
            key_facts=facts,
            predicted_recall=recall_at(scheduler, drill, at),
            recall_on_interview=None if target is None else recall_at(scheduler, drill, target.at),
            flagged=any(f.story == story.id for f in self.store.flags()),
            told_to=told,
            engine=engine,
            is_new=drill.is_new,
        )

    def grade(self, card_id: str, typed: str | None) -> RecallGrade:
        """Mark which key facts a typed recall contains and propose a rating."""
        return grade_facts(self.face(card_id).key_facts, typed)

    def _effective(self, drill: DrillCard, now: datetime) -> datetime:
        # If the clock moved back, review "at" the card's last review rather
        # than before it: FSRS must never see time run backwards for a card.
        last = drill.card.last_review
        return max(now, last) if last is not None else now

    def preview_intervals(
        self, card_id: str, now: datetime | None = None
    ) -> dict[Rating, timedelta]:
        """The interval each rating would give, for the 1-4 buttons (before fuzz)."""
        drill = self.card(card_id)
        at = self._effective(drill, self._at(now))
        settings = self.settings
        plain = Scheduler(
            desired_retention=settings.desired_retention,
            maximum_interval=settings.maximum_interval,
            enable_fuzzing=False,
        )
        result: dict[Rating, timedelta] = {}
        for rating in Rating:
            after, _ = plain.review_card(drill.card, rating, at)
            result[rating] = after.due - at
        return result

    # -- rating ------------------------------------------------------------------

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

        Raises:
            StorybankError: read-only bank, unknown or suspended card, bad
                rating, or the disk refused (nothing was changed then).
        """
        self._writable()
        try:
            grade = Rating(int(rating))
        except ValueError:
            raise StorybankError(
                f"{rating!r} is not a rating", hint="rate 1 (Again) to 4 (Easy)"
            ) from None
        drill = self.card(card_id)
        if not drill.active:
            raise StorybankError(
                f"the card {card_id!r} is suspended ({drill.record.suspended})",
                hint="its story or follow-up was removed",
            )
        at = self._effective(drill, self._at(now))
        duration_ms = None if duration_s is None else max(0, round(duration_s * 1000))
        after, log = self.scheduler().review_card(drill.card, grade, at, duration_ms)
        before_dict = drill.record.fsrs
        after_dict = dict(after.to_dict())
        entry: dict[str, Any] = {
            "id": secrets.token_hex(8),
            "type": "review",
            "card": drill.id,
            "story": drill.story,
            "kind": drill.kind,
            "log": dict(log.to_dict()),
            "before": before_dict,
            "overran": bool(overran),
        }
        if typed is not None and typed.strip():
            entry["typed"] = typed[:TYPED_MAX]
        if picked is not None:
            entry["picked"] = picked
        self.store.append(entry)
        introduced = drill.record.introduced or (at if drill.is_new else None)
        try:
            self._store(
                drill.record.model_copy(update={"fsrs": after_dict, "introduced": introduced})
            )
        except StorybankError:
            # The bank refused the card (disk full?): take the log line back too,
            # so the two agree; if even that fails, reconcile() replays it later.
            with contextlib.suppress(StorybankError):
                self.store.append(self._tombstone(entry["id"], at))
            raise
        target = self.cram_target(at)
        return ReviewOutcome(
            entry_id=entry["id"],
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
                else float(self.scheduler().get_card_retrievability(after, target.at))
            ),
        )

    @staticmethod
    def _tombstone(entry_id: str, at: datetime) -> dict[str, Any]:
        return {
            "id": secrets.token_hex(8),
            "type": "undo",
            "target": entry_id,
            "at": at.isoformat(),
        }

    def last_entry(self) -> LogEntry | None:
        """The latest rating or reset not undone (reads only the end of the log)."""
        return next(self.store.log.latest_live(limit=1), None)

    def undo_last(self, expect: str | None = None, now: datetime | None = None) -> UndoOutcome:
        """Undo the latest rating (or reset): restore the card's previous dict, drop the entry.

        Args:
            expect: Only undo if the latest entry has this id (a session undoes
                only its own ratings).
            now: When (stamped on the tombstone).

        Raises:
            StorybankError: nothing to undo, or the card changed since.
        """
        self._writable()
        entry = self.last_entry()
        if entry is None or (expect is not None and entry.id != expect):
            raise StorybankError("there is nothing to undo")
        drill = self._by_fsrs(entry.fsrs_id)
        if drill is None:
            raise StorybankError(
                "the card of the last rating no longer exists, so it cannot be undone"
            )
        if entry.before is None or not self._applied(entry, drill):
            raise StorybankError(
                "the card has changed since that rating, so it cannot be undone",
                hint="rate it again instead",
            )
        self.store.append(self._tombstone(entry.id, self._at(now)))
        introduced = self._introduced_after(entry, drill, undo=True)
        before = check_fsrs_dict(entry.before)
        restored = self._store(
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
        return any(not c.is_new for c in self.cards_of(new_story.id))

    def reset_card(self, card_id: str, now: datetime | None = None) -> None:
        """Start a card afresh (new again); its history stays in the log and can be undone."""
        self._writable()
        drill = self.card(card_id)
        at = self._at(now)
        fresh = dict(Card(card_id=drill.record.fsrs_id, due=at).to_dict())
        entry: dict[str, Any] = {
            "id": secrets.token_hex(8),
            "type": "reset",
            "card": drill.id,
            "story": drill.story,
            "kind": drill.kind,
            "fsrs_id": drill.record.fsrs_id,
            "at": at.isoformat(),
            "before": drill.record.fsrs,
            "after": fresh,
            "introduced_before": (
                None if drill.record.introduced is None else drill.record.introduced.isoformat()
            ),
        }
        self.store.append(entry)
        self._store(drill.record.model_copy(update={"fsrs": fresh, "introduced": None}))

    def reset_story(
        self,
        story_id: str,
        now: datetime | None = None,
        kinds: Sequence[CardKind] = ("recall", "question"),
    ) -> list[str]:
        """Start a story's cards of ``kinds`` afresh; returns the card ids reset."""
        done = []
        for drill in self.cards_of(story_id):
            if drill.kind in kinds and not drill.is_new:
                self.reset_card(drill.id, now)
                done.append(drill.id)
        return done

    # -- flags ----------------------------------------------------------------------

    def flag(self, target: str, note: str = "", now: datetime | None = None) -> Flag:
        """Mark a story "needs work", by card id (during a drill) or story id."""
        self._writable()
        if target in self._cards:
            story_id, card_id = self._cards[target].story, target
        else:
            story_id, card_id = self.bank.get_story(target).id, None
        flag = Flag(story=story_id, card=card_id, note=note, flagged=self._at(now))
        self.store.put_flag(flag)
        return flag

    def unflag(self, story_id: str) -> bool:
        """Clear a story's flag; whether it was flagged."""
        self._writable()
        return self.store.remove_flag(story_id)

    def flagged_stories(self) -> list[FlaggedStory]:
        """Stories marked "needs work" (of stories that still exist), oldest first."""
        titles = {s.id: s.title for s in self.bank.stories()}
        return [
            FlaggedStory(f.story, titles[f.story], f.note, f.flagged, f.card)
            for f in self.store.flags()
            if f.story in titles
        ]

    # -- interviews -------------------------------------------------------------------

    def interviews(self) -> list[Interview]:
        """Every interview, by date."""
        return self.store.interviews()

    def interview(self, interview_id: str) -> Interview:
        """One interview.

        Raises:
            StorybankError: no such interview.
        """
        for interview in self.store.interviews():
            if interview.id == interview_id:
                return interview
        raise StorybankError(
            f"there is no interview with id {interview_id!r}",
            hint="`storybank interview list` shows the ids",
        )

    def add_interview(
        self, company: str, day: date, round_name: str = "", now: datetime | None = None
    ) -> Interview:
        """Record an interview (past or upcoming)."""
        self._writable()
        if not company.strip():
            raise StorybankError("a company name is needed", field="company")
        taken = {i.id for i in self.store.interviews()}
        base = interview_slug(company, day, round_name)
        interview_id, n = base, 2
        while interview_id in taken:
            interview_id, n = f"{base}-{n}", n + 1
        try:
            interview = Interview(
                id=interview_id,
                company=company.strip(),
                date=day,
                round=(round_name or "").strip(),
                created=self._at(now),
            )
        except ValueError as exc:
            raise StorybankError(f"cannot record the interview: {exc}") from None
        self.store.put_interview(interview)
        return interview

    def next_interview(self, now: datetime | None = None) -> Interview | None:
        """The first interview dated today or later (local date)."""
        today = self.calendar.local(self._at(now)).date()
        ahead = [i for i in self.store.interviews() if i.date >= today]
        return ahead[0] if ahead else None

    def told_to(self, company: str) -> dict[str, list[Interview]]:
        """Stories already told to a company (case and spacing ignored), with the rounds."""
        key = company_key(company)
        told: dict[str, list[Interview]] = {}
        for interview in self.store.interviews():
            if interview.company_key == key:
                for story_id in interview.told:
                    told.setdefault(story_id, []).append(interview)
        return told

    def repeat_warnings(
        self, company: str, story_ids: Sequence[str], exclude: str | None = None
    ) -> list[RepeatWarning]:
        """Warnings for stories already told to ``company`` in another round."""
        told = self.told_to(company)
        warnings = []
        for story_id in dict.fromkeys(story_ids):
            rounds = [i for i in told.get(story_id, []) if i.id != exclude]
            if rounds:
                warnings.append(
                    RepeatWarning(
                        story_id, rounds[0].company, [i.round or i.date.isoformat() for i in rounds]
                    )
                )
        return warnings

    def log_interview(
        self,
        interview_id: str,
        story_ids: Sequence[str],
        questions: Sequence[str] = (),
        matcher: QuestionMatcher | None = None,
        now: datetime | None = None,
    ) -> InterviewLog:
        """Log the stories told and questions asked in one round, in one atomic write.

        Each question joins the user's question bank; one with a good story
        becomes a question card for that story, one without is a gap.

        Raises:
            StorybankError: unknown interview or story id.
        """
        self._writable()
        at = self._at(now)
        interview = self.interview(interview_id)
        wanted = [s.strip() for s in story_ids if s.strip()]
        known = {s.id: s for s in self.bank.stories()}
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise StorybankError(
                f"there is no story with id {unknown[0]!r}",
                field="stories",
                hint="`storybank list` shows the ids of your stories",
            )
        texts = [q.strip()[:QUESTION_MAX] for q in questions if q.strip()]
        if texts and matcher is None:
            matcher = build_matcher(self.bank)
        result = InterviewLog(
            interview, warnings=self.repeat_warnings(interview.company, wanted, interview.id)
        )
        told = list(dict.fromkeys([*interview.told, *wanted]))
        asked = list(interview.questions)
        new_cards: list[CardRecord] = []
        taken = {c.record.fsrs_id for c in self._cards.values()}
        framework_id = self.settings.framework
        existing = {_fold(q.text): q for q in self._questions()}
        with self.bank.batch():
            for text in texts:
                assert matcher is not None
                question = existing.get(_fold(text))
                if question is None:
                    question = self._save_asked_question(text, matcher, framework_id, at)
                    existing[_fold(text)] = question
                match = matcher.match(text, top=1)
                best = match.stories[0] if match.stories else None
                entry = AskedQuestion(
                    text=text,
                    question_id=question.id,
                    story=best.id if best else None,
                    score=float(best.score) if best else None,
                    gap=not (match.good_match and best is not None),
                )
                if not entry.gap and best is not None and best.id in known:
                    card_id = question_card_id(best.id, question.id)
                    entry = entry.model_copy(update={"card": card_id})
                    result.answered.append((text, best.id))
                    if card_id not in self._cards and all(c.id != card_id for c in new_cards):
                        new_cards.append(
                            new_record(
                                card_id,
                                "question",
                                known[best.id],
                                at,
                                taken=taken,
                                ref=question.id,
                                prompt=text,
                                origin="interview",
                            )
                        )
                        result.cards_added.append(card_id)
                else:
                    result.gaps.append(entry)
                asked.append(entry)
            saved = interview.model_copy(update={"told": told, "questions": asked, "logged": at})
            self.store.put_interview(saved)
            self.store.put_cards(new_cards)
        for record in new_cards:
            self._cards[record.id] = DrillCard.of(record)
        result.interview = saved
        return result

    def _save_asked_question(
        self, text: str, matcher: QuestionMatcher, framework_id: str, now: datetime
    ) -> Question:
        ids = {q.id for q in self._questions()}
        base = slugify(text, 40)
        qid, n = base, 2
        while qid in ids:
            qid, n = f"{base}-{n}", n + 1
        competencies = [c.id for c in matcher.competencies_for(text, 2)]
        question = Question(
            id=qid,
            text=text,
            competencies={framework_id: competencies} if competencies else {},
            source="user",
            created=now,
        )
        return self.bank.save_question(question)

    def open_gaps(self) -> list[tuple[Interview, AskedQuestion]]:
        """Questions asked in interviews that no story answered well when logged."""
        return [(i, q) for i in self.store.interviews() for q in i.questions if q.gap]

    # -- stats and sessions -------------------------------------------------------------

    def stats(self, now: datetime | None = None) -> DrillStats:
        """Every figure of the stats screen (reads the whole review log)."""
        return self.stats_job(now).run()

    def stats_job(self, now: datetime | None = None) -> StatsJob:
        """The bank's side of :meth:`stats`, gathered now; ``run()`` reads the log.

        Gather on the thread that owns the bank; the job's ``run()`` touches
        only the review-log file, so an app can run it in a worker thread.
        """
        at = self._at(now)
        interview = self.next_interview(at)
        return StatsJob(
            log=self.store.log,
            cards=list(self._cards.values()),
            stories=self.bank.stories(),
            now=at,
            calendar=self.calendar,
            scheduler=self.scheduler(),
            interview=None if interview is None else self._target(interview, at),
            flagged=[f.story for f in self.store.flags()],
        )

    def start_session(self, now: datetime | None = None) -> DrillSession:
        """A drill session: next card, rate, undo, summary."""
        from storybank.scheduling.session import DrillSession

        return DrillSession(self, self._at(now))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class StatsJob:
    """Everything :func:`compute_stats` needs, gathered by :meth:`Drills.stats_job`.

    :meth:`run` reads the review log file and computes; it never touches the
    bank file, so it is safe in a thread while the bank stays in use elsewhere.
    """

    log: ReviewLogFile
    cards: list[DrillCard]
    stories: list[Story]
    now: datetime
    calendar: Calendar
    scheduler: Scheduler
    interview: CramTarget | None
    flagged: list[str]

    def run(self) -> DrillStats:
        """Read the log and compute every figure (any thread).

        Raises:
            StorybankError: the log cannot be read.
        """
        scan = self.log.scan()
        stats = compute_stats(
            scan.entries,
            self.cards,
            self.stories,
            now=self.now,
            calendar=self.calendar,
            scheduler=self.scheduler,
            interview=self.interview,
            flagged=self.flagged,
            damaged_log_lines=scan.bad_lines,
        )
        if scan.torn_tail:
            stats.notes.append("the last review-log line was cut off by a crash and is ignored")
        if scan.bad_lines:
            stats.notes.append(f"{scan.bad_lines} damaged review-log line(s) are ignored")
        return stats
