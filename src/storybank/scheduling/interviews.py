"""Interviews: rounds recorded ahead, logged afterwards, and what they teach the drills.

Recording an interview ahead of time turns on cram mode as it gets close (see
:func:`storybank.scheduling.queue.cram_target`). Logging a round afterwards
records the stories told and the questions asked: each question joins the
user's question bank, a question with a good story becomes a question card for
that story, and a question without one is a gap to write a story for. A story
already told to the same company in another round is flagged, on the log and
on its drill card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from storybank.core.models import QUESTION_MAX, Question, slugify
from storybank.errors import StorybankError
from storybank.scheduling.cards import new_record, question_card_id
from storybank.scheduling.deck import Deck
from storybank.scheduling.models import AskedQuestion, CardRecord, Interview, company_key
from storybank.scheduling.queue import next_interview
from storybank.storage.repository import Bank

if TYPE_CHECKING:
    from storybank.matching.results import CompetencyScore, MatchResult


class QuestionMatcher(Protocol):
    """What interview logging needs from :class:`storybank.matching.Matcher`."""

    def match(self, question: str, top: int = ...) -> MatchResult:
        """Rank the stories for a question."""
        ...

    def competencies_for(self, question: str, top: int | None = ...) -> list[CompetencyScore]:
        """The competencies a question asks about, best first."""
        ...


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


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class Interviews:
    """The interviews of a deck's bank.

    Args:
        deck: The cards (question cards are added to it) and their store.
    """

    def __init__(self, deck: Deck) -> None:
        self.deck = deck

    def all(self) -> list[Interview]:
        """Every interview, by date."""
        return self.deck.store.interviews()

    def get(self, interview_id: str) -> Interview:
        """One interview.

        Raises:
            StorybankError: no such interview.
        """
        for interview in self.deck.store.interviews():
            if interview.id == interview_id:
                return interview
        raise StorybankError(
            f"there is no interview with id {interview_id!r}",
            hint="`storybank interview list` shows the ids",
        )

    def add(
        self, company: str, day: date, round_name: str = "", now: datetime | None = None
    ) -> Interview:
        """Record an interview (past or upcoming)."""
        deck = self.deck
        deck.writable()
        if not company.strip():
            raise StorybankError("a company name is needed", field="company")
        taken = {i.id for i in deck.store.interviews()}
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
                created=deck.at(now),
            )
        except ValueError as exc:
            raise StorybankError(f"cannot record the interview: {exc}") from None
        deck.store.put_interview(interview)
        return interview

    def next(self, now: datetime | None = None) -> Interview | None:
        """The first interview dated today or later (local date)."""
        deck = self.deck
        return next_interview(deck.store.interviews(), deck.calendar, deck.at(now))

    def told_to(self, company: str) -> dict[str, list[Interview]]:
        """Stories already told to a company (case and spacing ignored), with the rounds."""
        key = company_key(company)
        told: dict[str, list[Interview]] = {}
        for interview in self.deck.store.interviews():
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

    def warnings_before(self, story_id: str, now: datetime | None = None) -> list[RepeatWarning]:
        """Rounds at the next interview's company in which ``story_id`` was already told."""
        upcoming = self.next(now)
        if upcoming is None:
            return []
        return self.repeat_warnings(upcoming.company, [story_id], upcoming.id)

    def log(
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
        deck = self.deck
        deck.writable()
        at = deck.at(now)
        interview = self.get(interview_id)
        wanted = [s.strip() for s in story_ids if s.strip()]
        known = {s.id: s for s in deck.bank.stories()}
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise StorybankError(
                f"there is no story with id {unknown[0]!r}",
                field="stories",
                hint="`storybank list` shows the ids of your stories",
            )
        texts = [q.strip()[:QUESTION_MAX] for q in questions if q.strip()]
        if texts and matcher is None:
            matcher = build_matcher(deck.bank)
        result = InterviewLog(
            interview, warnings=self.repeat_warnings(interview.company, wanted, interview.id)
        )
        told = list(dict.fromkeys([*interview.told, *wanted]))
        asked = list(interview.questions)
        new_cards: list[CardRecord] = []
        # Read before the writes below: saving a question changes the bank, and the
        # cards must not be brought in step with it halfway through this batch.
        cards = deck.cards()
        have = {c.id for c in cards}
        taken = {c.record.fsrs_id for c in cards}
        framework_id = deck.settings.framework
        existing = {_fold(q.text): q for q in deck.questions()}
        with deck.batch():
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
                    if card_id not in have and all(c.id != card_id for c in new_cards):
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
            deck.store.put_interview(saved)
            deck.put(*new_cards)
        result.interview = saved
        return result

    def _save_asked_question(
        self, text: str, matcher: QuestionMatcher, framework_id: str, now: datetime
    ) -> Question:
        ids = {q.id for q in self.deck.questions()}
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
        return self.deck.bank.save_question(question)

    def open_gaps(self) -> list[tuple[Interview, AskedQuestion]]:
        """Questions asked in interviews that no story answered well when logged."""
        return [(i, q) for i in self.deck.store.interviews() for q in i.questions if q.gap]
