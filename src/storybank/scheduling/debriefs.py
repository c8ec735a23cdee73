"""Debriefs: what happened in a round, and what it changes in the bank.

A debrief records, for each question asked, the story told (or none), how
it went (``strong``, ``ok``, ``shaky``, ``blank``), the follow-ups asked (each
answered or not) and a note; for the round as a whole, where you felt
confident, where you struggled, whether an interviewer seemed disengaged,
the outcome and the feedback received, word for word.

Saving one changes the bank, in the same atomic write:

* every question joins the user's question bank (tagged with the
  competencies the matcher is sure of, and only those: a guess saved as a
  label would teach the matcher its own guess);
* a question a story answers becomes a question card for that story; a
  ``shaky`` or ``blank`` answer makes that card due the next drill day (an
  existing card is brought forward to then);
* a question no story answers well (nothing at all, or only a weak fit) is a
  gap, reported with the competency it asked about;
* a follow-up you could not answer is added to the told story's Follow-ups
  with an empty answer, which a check flags until you write the answer (then
  it becomes a follow-up card);
* the stories told join the round's told-to history, which the repeat
  warnings read.

Only questions that are new or changed since the last save have effects, so
saving a debrief twice does nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from storybank.checks import fold_follow_up
from storybank.core.models import QUESTION_MAX, FollowUp, Question, Story, slugify
from storybank.errors import StorybankError
from storybank.scheduling.cards import DrillCard, new_record, question_card_id
from storybank.scheduling.deck import Deck
from storybank.scheduling.interviews import (
    Interviews,
    QuestionMatcher,
    RepeatWarning,
    build_matcher,
)
from storybank.scheduling.models import (
    AskedFollowUp,
    AskedQuestion,
    CardRecord,
    Interview,
    Outcome,
    Rubric,
    Went,
)

if TYPE_CHECKING:
    from storybank.matching.results import MatchResult

FIT_SCORE = 60
"""A story answers a logged question when the matcher calls it a good match
and scores it at least this: above the matcher's own bar for showing "the
closest is…", so a story that only shares a tag with a vague question is a
gap to write for, not an answer."""

FIT_MARGIN = 10
"""Stories within this many points of the best one answer the question too."""

TAG_MIN = 40
"""A competency the matcher reads in a question at least this strongly is
saved as the question's tag when it joins the user's question bank."""

TAGS_SAVED = 2
"""At most this many competencies are saved as a new question's tags."""

WEAK_WENT: frozenset[Went] = frozenset({"shaky", "blank"})
"""Answers that bring their question card forward to the next day."""


class FutureRound(StorybankError):
    """A round dated after today was about to be debriefed: the caller asks first."""

    def __init__(self, interview: Interview, today: date) -> None:
        days = (interview.date - today).days
        when = "tomorrow" if days == 1 else f"in {days} days"
        super().__init__(
            f"{interview.label} is {when}, not yet held",
            field="date",
            hint="debrief it after the round, or confirm to record it now "
            "(--yes on the command line)",
        )
        self.interview = interview


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Text folded for comparison: case and runs of spaces ignored.

    Cached by text: a debrief folds the whole question bank to find a question,
    and the shipped questions are the same strings every time.
    """
    return fold_follow_up(text)


def follow_up_sources(interviews: Iterable[Interview]) -> dict[str, dict[str, str]]:
    """Where each unanswered follow-up was asked: story id → folded question → ``Acme, onsite``.

    What :func:`storybank.checks.check_story` takes as ``asked_in``, so that its
    finding names the round.
    """
    found: dict[str, dict[str, str]] = {}
    for interview in interviews:
        for asked in interview.questions:
            # The story told, else the one the question card drills (see Debriefs).
            owner = asked.story or (asked.card.split(":")[1] if asked.card else None)
            for item in asked.follow_ups:
                if not item.answered and owner:
                    found.setdefault(owner, {}).setdefault(fold(item.text), interview.short_label)
    return found


@dataclass
class QuestionEntry:
    """One question of a debrief, as the user gives it.

    Attributes:
        text: The question as asked.
        story: The id of the story told; ``None`` for none.
        went: How it went, if you said.
        follow_ups: The follow-ups asked after it.
        note: A free note.
        rubric: A self-assessment on the panel's rubric (mock interviews).
        seconds: How long the answer took (mock interviews).
    """

    text: str
    story: str | None = None
    went: Went | None = None
    follow_ups: list[AskedFollowUp] = field(default_factory=list)
    note: str = ""
    rubric: Rubric | None = None
    seconds: float | None = None

    @classmethod
    def of(cls, asked: AskedQuestion) -> QuestionEntry:
        """What the user gave for a question already saved."""
        return cls(
            text=asked.text,
            story=asked.story,
            went=asked.went,
            follow_ups=list(asked.follow_ups),
            note=asked.note,
            rubric=asked.rubric,
            seconds=asked.seconds,
        )


@dataclass
class RoundNotes:
    """A debrief's notes on the round as a whole.

    Attributes:
        confident: Where you felt confident.
        struggled: Where you struggled.
        disengaged: Whether (and when) an interviewer seemed disengaged.
        outcome: Where the round left you.
        feedback: Feedback received, word for word.
    """

    confident: str = ""
    struggled: str = ""
    disengaged: str = ""
    outcome: Outcome = "pending"
    feedback: str = ""

    @classmethod
    def of(cls, interview: Interview) -> RoundNotes:
        """The notes a round holds now."""
        return cls(
            interview.confident,
            interview.struggled,
            interview.disengaged,
            interview.outcome,
            interview.feedback,
        )


@dataclass(frozen=True)
class Gap:
    """A question no story answers well.

    Attributes:
        question: The question.
        competency: The competency it asked about (id), if the matcher read one.
        competency_name: Its name.
        closest: The matcher's closest story, if any.
    """

    question: str
    competency: str | None
    competency_name: str | None
    closest: str | None


@dataclass(frozen=True)
class AddedFollowUp:
    """An unanswered follow-up added to a story's Follow-ups."""

    story: str
    question: str


@dataclass
class DebriefResult:
    """What saving a debrief (or logging questions) did.

    Attributes:
        interview: The round as saved.
        warnings: Stories told to this company in another round too.
        answered: Questions a story answers, as ``(question, story id)``.
        gaps: Questions no story answers well.
        cards_added: Question cards made.
        cards_due_tomorrow: Question cards due the next drill day (shaky or blank answers).
        follow_ups_added: Unanswered follow-ups added to stories.
        follow_ups_unattached: Unanswered follow-ups with no story to add them to.
        better_story: Questions where another story fits better than the one
            told, as ``(question, told, better)``.
    """

    interview: Interview
    warnings: list[RepeatWarning] = field(default_factory=list)
    answered: list[tuple[str, str]] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    cards_added: list[str] = field(default_factory=list)
    cards_due_tomorrow: list[str] = field(default_factory=list)
    follow_ups_added: list[AddedFollowUp] = field(default_factory=list)
    follow_ups_unattached: list[str] = field(default_factory=list)
    better_story: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Fit:
    """The matcher's reading of one question.

    Attributes:
        best: The best story, however weak.
        score: Its score.
        fitting: Stories that answer the question, best first (empty: a gap).
        competency: The competency the question asks about most.
        competency_name: Its name.
        tags: The competencies sure enough to save as the question's tags.
    """

    best: str | None
    score: float | None
    fitting: tuple[str, ...]
    competency: str | None
    competency_name: str | None
    tags: tuple[str, ...]


def read_fit(matcher: QuestionMatcher, text: str) -> Fit:
    """What the matcher makes of a question: its competency and the stories that answer it.

    A story answers it when the matcher calls the best story a good match, the
    story scores at least :data:`FIT_SCORE`, and it is within
    :data:`FIT_MARGIN` points of the best. Anything weaker is a gap: a weak
    fit is reported as a gap, never as an answer.
    """
    match: MatchResult = matcher.match(text, top=5)
    competencies = matcher.competencies_for(text, 3)
    best = match.stories[0] if match.stories else None
    fitting: tuple[str, ...] = ()
    if best is not None and match.good_match and best.score >= FIT_SCORE:
        floor = max(FIT_SCORE, best.score - FIT_MARGIN)
        fitting = tuple(s.id for s in match.stories if s.score >= floor)
    top = competencies[0] if competencies else None
    tags = tuple(c.id for c in competencies[:TAGS_SAVED] if c.score >= TAG_MIN)
    return Fit(
        best=best.id if best else None,
        score=float(best.score) if best else None,
        fitting=fitting,
        competency=top.id if top else None,
        competency_name=top.name if top else None,
        tags=tags,
    )


def question_themes(text: str) -> dict[str, str]:
    """What a question is about, as the matcher reads it: concept → the words that said it."""
    # Deferred import: the text analysis is needed only when a question is saved.
    from storybank.matching.text import analyze

    themes: dict[str, str] = {}
    for term in analyze(text[:QUESTION_MAX]):
        if term.concept and not term.negation and term.key not in themes:
            themes[term.key] = term.surface
    return dict(list(themes.items())[:20])


class Debriefs:
    """Debriefs of a deck's interview rounds, and logging questions one at a time.

    Args:
        deck: The cards (question cards are added) and their store.
        interviews: The rounds.
    """

    def __init__(self, deck: Deck, interviews: Interviews) -> None:
        self.deck = deck
        self.interviews = interviews

    # -- checks -------------------------------------------------------------------

    def today(self, now: datetime | None = None) -> date:
        """Today's local date."""
        return self.deck.calendar.local(self.deck.at(now)).date()

    def check_held(
        self, interview: Interview, *, allow_future: bool, now: datetime | None = None
    ) -> None:
        """Refuse to debrief a round dated after today unless the caller confirmed.

        Raises:
            FutureRound: the round is in the future and ``allow_future`` is false.
        """
        today = self.today(now)
        if interview.date > today and not allow_future:
            raise FutureRound(interview, today)

    # -- saving ---------------------------------------------------------------------

    def debrief(
        self,
        interview_id: str,
        questions: Sequence[QuestionEntry],
        notes: RoundNotes | None = None,
        *,
        told: Sequence[str] | None = None,
        matcher: QuestionMatcher | None = None,
        allow_future: bool = False,
        now: datetime | None = None,
        interview: Interview | None = None,
    ) -> DebriefResult:
        """Save a round's whole debrief (its questions replace the ones saved), in one write.

        Args:
            interview_id: The round.
            questions: Every question asked, in order.
            notes: The round as a whole (kept as saved when ``None``).
            told: Every story told in the round, replacing the told-to
                history saved (the stories named in ``questions`` are added);
                ``None`` keeps the saved history and adds to it.
            matcher: The matcher (built over the round's framework when needed).
            allow_future: The user confirmed debriefing a round dated after today.
            now: When (the clock by default).
            interview: The round itself, when it is not stored yet (a mock
                interview's practice round is stored with its first answer).

        Raises:
            FutureRound: the round is after today and ``allow_future`` is false.
            StorybankError: read-only bank, unknown round or story, or bad text.
        """
        current = interview if interview is not None else self.interviews.get(interview_id)
        if told is not None:
            current = current.model_copy(update={"told": []})
        return self._save(
            current,
            list(questions),
            notes,
            append=False,
            told=list(told or ()),
            matcher=matcher,
            allow_future=allow_future,
            now=now,
        )

    def log(
        self,
        interview_id: str,
        questions: Sequence[QuestionEntry] = (),
        told: Sequence[str] = (),
        *,
        matcher: QuestionMatcher | None = None,
        allow_future: bool = False,
        now: datetime | None = None,
    ) -> DebriefResult:
        """Add questions (and stories told) to a round's debrief, in one write.

        A question already in the debrief (same text, case and spacing
        ignored) is updated rather than added twice.

        Raises:
            FutureRound: the round is after today and ``allow_future`` is false.
            StorybankError: read-only bank, unknown round or story, or nothing to log.
        """
        current = self.interviews.get(interview_id)
        wanted = [s.strip() for s in told if s.strip()]
        entries = [q for q in questions if q.text.strip()]
        if not wanted and not entries:
            raise StorybankError(
                "nothing to log",
                hint='pass --question "what they asked" (repeatable) and/or --stories A,B',
            )
        return self._save(
            current,
            entries,
            None,
            append=True,
            told=wanted,
            matcher=matcher,
            allow_future=allow_future,
            now=now,
        )

    def outcome(
        self,
        interview_id: str,
        outcome: Outcome,
        feedback: str | None = None,
        *,
        allow_future: bool = False,
        now: datetime | None = None,
    ) -> Interview:
        """Record how a round ended, and the feedback received (kept word for word).

        Raises:
            FutureRound: a final outcome for a round after today, not confirmed.
            StorybankError: read-only bank or unknown round.
        """
        deck = self.deck
        deck.writable()
        interview = self.interviews.get(interview_id)
        if outcome != "pending":
            self.check_held(interview, allow_future=allow_future, now=now)
        update: dict[str, object] = {"outcome": outcome, "logged": deck.at(now)}
        if feedback is not None:
            update["feedback"] = feedback
        try:
            saved = Interview.model_validate({**interview.model_dump(), **update})
        except ValueError as exc:
            raise StorybankError(f"cannot record the outcome: {exc}", field="feedback") from None
        deck.store.put_interview(saved)
        return saved

    # -- the work -------------------------------------------------------------------

    def _save(
        self,
        interview: Interview,
        entries: list[QuestionEntry],
        notes: RoundNotes | None,
        *,
        append: bool,
        told: Sequence[str],
        matcher: QuestionMatcher | None,
        allow_future: bool,
        now: datetime | None,
    ) -> DebriefResult:
        deck = self.deck
        deck.writable()
        self.check_held(interview, allow_future=allow_future, now=now)
        at = deck.at(now)
        stories = {s.id: s for s in deck.bank.stories()}
        named = [*told, *(e.story for e in entries if e.story)]
        unknown = [s for s in named if s not in stories]
        if unknown:
            raise StorybankError(
                f"there is no story with id {unknown[0]!r}",
                field="story",
                hint="`storybank list` shows the ids of your stories; say none for no story",
            )
        entries = [_clean(e) for e in entries]
        previous = {fold(q.text): q for q in interview.questions}
        if append:
            # Logging one question again adds to what was said about it.
            entries = [_merged(previous.get(fold(e.text)), e) for e in entries]
            order = [fold(e.text) for e in entries]
            keys = [*previous, *(k for k in dict.fromkeys(order) if k not in previous)]
        else:
            keys = list(dict.fromkeys(fold(e.text) for e in entries))
        by_key = {fold(e.text): e for e in entries}
        framework_id = interview.framework or deck.settings.framework
        changed = [by_key[k] for k in keys if k in by_key and _changed(previous.get(k), by_key[k])]
        if changed and matcher is None:
            matcher = build_matcher(deck.bank, framework_id)
        result = DebriefResult(interview)
        work = _Work(deck, stories, at)
        # Read before the writes below: saving a question changes the bank, and the
        # cards must not be brought in step with it halfway through this batch.
        work.load_cards()
        with deck.batch():
            saved_questions: list[AskedQuestion] = []
            for key in keys:
                entry = by_key.get(key)
                if entry is None:
                    saved_questions.append(previous[key])
                    continue
                before = previous.get(key)
                if before is not None and not _changed(before, entry):
                    saved_questions.append(_with_entry(before, entry))
                    continue
                assert matcher is not None
                saved_questions.append(self._apply(entry, matcher, framework_id, work, result))
            told_now = [*told, *(by_key[k].story or "" for k in keys if k in by_key)]
            told_now = [s for s in told_now if s]
            all_told = list(dict.fromkeys([*interview.told, *told_now]))
            result.warnings = (
                []
                if interview.is_practice
                else self.interviews.repeat_warnings(interview.company, told_now, interview.id)
            )
            update: dict[str, object] = {
                "told": all_told,
                "questions": saved_questions,
                "logged": at,
            }
            if notes is not None:
                update.update(
                    confident=notes.confident,
                    struggled=notes.struggled,
                    disengaged=notes.disengaged,
                    outcome=notes.outcome,
                    feedback=notes.feedback,
                )
            try:
                saved = Interview.model_validate({**interview.model_dump(), **update})
            except ValueError as exc:
                raise StorybankError(f"cannot save the debrief: {exc}") from None
            deck.store.put_interview(saved)
            work.commit()
        result.interview = saved
        return result

    def _apply(
        self,
        entry: QuestionEntry,
        matcher: QuestionMatcher,
        framework_id: str,
        work: _Work,
        result: DebriefResult,
    ) -> AskedQuestion:
        """One new or changed question: read it, save it, and make what it makes.

        The matcher must read questions in ``framework_id``.
        """
        fit = read_fit(matcher, entry.text)
        question = work.question(entry.text, fit.tags, framework_id)
        told = entry.story
        went = entry.went
        told_fits = told is not None and told in fit.fitting
        held_up = told is not None and went in ("strong", "ok")
        # The story the question card drills: the one told if it answers the
        # question; else, unless the told one held up, the one that would have.
        # A question card is only ever made for a story that answers its question.
        card_story: str | None = None
        if told_fits:
            card_story = told
        elif fit.fitting and not held_up:
            card_story = fit.fitting[0]
        # Only the matcher's reading decides a gap: a story that felt fine but
        # does not answer the question (a weak fit) leaves the competency
        # uncovered, and is never shown as its answer.
        gap = not fit.fitting
        if told is not None and not told_fits and fit.fitting:
            result.better_story.append((entry.text, told, fit.fitting[0]))
        card_id: str | None = None
        if card_story is not None:
            card_id = question_card_id(card_story, question.id)
            weak = went in WEAK_WENT
            made, due_tomorrow = work.question_card(card_id, card_story, question, weak=weak)
            if made:
                result.cards_added.append(card_id)
            if due_tomorrow:
                result.cards_due_tomorrow.append(card_id)
        if card_story is not None and went not in WEAK_WENT:
            result.answered.append((entry.text, card_story))
        if gap:
            result.gaps.append(Gap(entry.text, fit.competency, fit.competency_name, fit.best))
        owner = told or card_story
        for text in (f.text for f in entry.follow_ups if not f.answered):
            if owner is None:
                result.follow_ups_unattached.append(text)
            elif work.add_follow_up(owner, text):
                result.follow_ups_added.append(AddedFollowUp(owner, text))
        return AskedQuestion(
            text=entry.text,
            question_id=question.id,
            story=told,
            best=fit.best,
            score=fit.score,
            gap=gap,
            card=card_id,
            went=went,
            follow_ups=entry.follow_ups,
            note=entry.note,
            framework=framework_id,
            competency=fit.competency,
            themes=question_themes(entry.text),
            rubric=entry.rubric,
            seconds=entry.seconds,
        )


class _Work:
    """The writes one debrief makes besides the round itself, collected then written."""

    def __init__(self, deck: Deck, stories: dict[str, Story], at: datetime) -> None:
        self.deck = deck
        self.stories = stories
        self.at = at
        self.cards: dict[str, DrillCard] = {}
        self.taken: set[int] = set()
        self.records: dict[str, CardRecord] = {}
        self.changed_stories: dict[str, Story] = {}
        self._questions: dict[str, Question] | None = None
        calendar = deck.calendar
        self.tomorrow = calendar.start_of(calendar.day_of(at) + timedelta(days=1))

    def load_cards(self) -> None:
        cards = self.deck.cards()
        self.cards = {c.id: c for c in cards}
        self.taken = {c.record.fsrs_id for c in cards}

    @property
    def questions(self) -> dict[str, Question]:
        """The question bank by folded text (read only when a question needs it)."""
        if self._questions is None:
            self._questions = {fold(q.text): q for q in self.deck.questions()}
        return self._questions

    def question(self, text: str, tags: Iterable[str], framework_id: str) -> Question:
        """The user's question with this text, saved now if it is new."""
        found = self.questions.get(fold(text))
        if found is not None:
            return found
        base = slugify(text, 40)
        taken = {q.id for q in self.questions.values()}
        qid, n = base, 2
        while qid in taken:
            qid, n = f"{base}-{n}", n + 1
        wanted = list(tags)
        question = Question(
            id=qid,
            text=text,
            competencies={framework_id: wanted} if wanted else {},
            source="user",
            created=self.at,
        )
        saved = self.deck.bank.save_question(question)
        self.questions[fold(text)] = saved
        return saved

    def question_card(
        self, card_id: str, story_id: str, question: Question, *, weak: bool
    ) -> tuple[bool, bool]:
        """Make the question card, or bring it forward; returns (made, due tomorrow)."""
        record = self.records.get(card_id)
        if record is None and card_id in self.cards:
            record = self.cards[card_id].record
        if record is None:
            record = new_record(
                card_id,
                "question",
                self.stories[story_id],
                self.tomorrow if weak else self.at,
                taken=self.taken,
                ref=question.id,
                prompt=question.text,
                origin="interview",
            )
            record = record.model_copy(update={"created": self.at})
            self.records[card_id] = record
            return True, weak
        if not weak:
            return False, False
        due = DrillCard.of(record).card.due
        if due <= self.tomorrow:
            return False, due > self.at
        # A shaky answer is a reason to see the card tomorrow, whatever its
        # interval; its stability and history stay as they are.
        fsrs = {**record.fsrs, "due": self.tomorrow.isoformat()}
        self.records[card_id] = record.model_copy(update={"fsrs": fsrs, "suspended": None})
        return False, True

    def add_follow_up(self, story_id: str, text: str) -> bool:
        """Add an unanswered follow-up to a story unless it already has it."""
        story = self.changed_stories.get(story_id) or self.stories[story_id]
        if any(fold(f.question) == fold(text) for f in story.follow_ups):
            return False
        updated = story.model_copy(
            update={"follow_ups": [*story.follow_ups, FollowUp(question=text, answer="")]}
        )
        self.changed_stories[story_id] = updated
        return True

    def commit(self) -> None:
        """Write the stories and cards (inside the debrief's batch)."""
        for story in self.changed_stories.values():
            self.deck.bank.save_story(story)
        if self.records:
            self.deck.put(*self.records.values())


def _clean(entry: QuestionEntry) -> QuestionEntry:
    text = entry.text.strip()[:QUESTION_MAX]
    if not text:
        raise StorybankError("a question needs its text", field="question")
    story = entry.story.strip() if entry.story else None
    return replace(entry, text=text, story=story or None, note=entry.note.strip())


def _merged(before: AskedQuestion | None, entry: QuestionEntry) -> QuestionEntry:
    """A logged question with what an earlier log said about it where this one says nothing."""
    if before is None:
        return entry
    known = {fold(f.text) for f in entry.follow_ups}
    return replace(
        entry,
        story=entry.story if entry.story is not None else before.story,
        went=entry.went if entry.went is not None else before.went,
        follow_ups=[
            *(f for f in before.follow_ups if fold(f.text) not in known),
            *entry.follow_ups,
        ],
        note=entry.note or before.note,
        rubric=entry.rubric if entry.rubric is not None else before.rubric,
        seconds=entry.seconds if entry.seconds is not None else before.seconds,
    )


def _changed(before: AskedQuestion | None, entry: QuestionEntry) -> bool:
    """Whether a question needs its effects (new, or told, judged or followed up differently)."""
    if before is None or before.question_id is None:
        return True
    return (
        before.story != entry.story
        or before.went != entry.went
        or [f.model_dump() for f in before.follow_ups] != [f.model_dump() for f in entry.follow_ups]
    )


def _with_entry(before: AskedQuestion, entry: QuestionEntry) -> AskedQuestion:
    """A saved question with the entry's note, rubric and time (which change nothing else)."""
    return before.model_copy(
        update={
            "text": entry.text,
            "note": entry.note,
            "rubric": entry.rubric,
            "seconds": entry.seconds,
        }
    )
