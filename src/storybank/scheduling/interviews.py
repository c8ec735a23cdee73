"""Interviews: the rounds themselves, recorded ahead, edited, deleted, and told-to history.

Recording an interview ahead of time turns on cram mode as it gets close (see
:func:`storybank.scheduling.queue.cram_target`). What happened in a round (the
questions, how each answer went, the follow-ups, the outcome) is recorded by
:mod:`storybank.scheduling.debriefs`. A story already told to the same company
in another round is flagged, on the debrief and on its drill card. Mock
interviews are saved as practice rounds: they are listed with the rest but
never turn on cram mode nor count as telling a story to a company.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from storybank.core.models import slugify
from storybank.errors import StorybankError
from storybank.scheduling.deck import Deck
from storybank.scheduling.models import AskedQuestion, Interview, Outcome, RoundKind, company_key
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


def build_matcher(bank: Bank, framework_id: str | None = None) -> QuestionMatcher:
    """The real matcher over a framework (the active one by default), questions and stories."""
    # Deferred import: only debriefs, mocks and question cards need the matcher.
    from storybank.matching import Matcher

    framework = bank.frameworks.get(framework_id or bank.settings.framework)
    return Matcher(framework, bank.all_questions(), bank.stories())


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
        found = self.deck.store.interview(interview_id)
        if found is not None:
            return found
        raise StorybankError(
            f"there is no interview with id {interview_id!r}",
            hint="`storybank interview list` shows the ids",
        )

    def add(
        self,
        company: str,
        day: date,
        round_name: str = "",
        now: datetime | None = None,
        *,
        kind: RoundKind = "interview",
        framework: str | None = None,
        save: bool = True,
    ) -> Interview:
        """Record an interview (past or upcoming), or make a practice round.

        Args:
            company: The company's name.
            day: The local date of the round.
            round_name: e.g. ``onsite`` (may be empty).
            now: When it was recorded (the clock by default).
            kind: ``interview``, or ``practice`` for a mock interview.
            framework: The framework the company interviews with, if known.
            save: Store it now; a mock builds its round first and saves it
                once the first answer is in.

        Raises:
            StorybankError: read-only bank, blank company, or a field the
                model refuses (a line break in the company name).
        """
        deck = self.deck
        deck.writable()
        if not company.strip():
            raise StorybankError("a company name is needed", field="company")
        taken = {i.id for i in deck.store.interviews()}
        base = interview_slug(company, day, round_name)
        interview_id, n = base, 2
        while interview_id in taken:
            interview_id, n = f"{base}-{n}", n + 1
        if framework is not None and framework not in deck.bank.frameworks:
            raise StorybankError(
                f"there is no framework {framework!r}",
                field="framework",
                hint="use one of: " + ", ".join(deck.bank.frameworks.ids),
            )
        try:
            interview = Interview(
                id=interview_id,
                company=company.strip(),
                date=day,
                round=(round_name or "").strip(),
                kind=kind,
                framework=framework,
                created=deck.at(now),
            )
        except ValueError as exc:
            raise StorybankError(f"cannot record the interview: {exc}") from None
        if save:
            deck.store.put_interview(interview)
        return interview

    def update(
        self,
        interview_id: str,
        *,
        company: str | None = None,
        day: date | None = None,
        round_name: str | None = None,
        outcome: Outcome | None = None,
    ) -> Interview:
        """Change a round's company, date, round name or outcome (its id stays).

        Raises:
            StorybankError: read-only bank, unknown id, or a value the model refuses.
        """
        self.deck.writable()
        interview = self.get(interview_id)
        changes: dict[str, object] = {}
        if company is not None:
            if not company.strip():
                raise StorybankError("a company name is needed", field="company")
            changes["company"] = company.strip()
        if day is not None:
            changes["date"] = day
        if round_name is not None:
            changes["round"] = round_name.strip()
        if outcome is not None:
            changes["outcome"] = outcome
        try:
            updated = Interview.model_validate({**interview.model_dump(), **changes})
        except ValueError as exc:
            raise StorybankError(f"cannot change the interview: {exc}") from None
        self.deck.store.put_interview(updated)
        return updated

    def delete(self, interview_id: str) -> Interview:
        """Delete a round and its debrief (a backup of the bank is taken first).

        The question cards and follow-ups it added stay: they belong to the
        stories now.

        Raises:
            StorybankError: read-only bank or unknown id.
        """
        self.deck.writable()
        interview = self.get(interview_id)
        self.deck.bank.backup(tag="interview-delete")
        self.deck.store.remove_interview(interview_id)
        return interview

    def next(self, now: datetime | None = None) -> Interview | None:
        """The first interview dated today or later (local date)."""
        deck = self.deck
        at = deck.at(now)
        upcoming = deck.store.upcoming(deck.calendar.local(at).date())
        return next_interview([upcoming] if upcoming else [], deck.calendar, at)

    def told_to(self, company: str) -> dict[str, list[Interview]]:
        """Stories already told to a company (case and spacing ignored), with the rounds.

        Practice rounds do not count: a mock "at Acme" tells Acme nothing.
        """
        told: dict[str, list[Interview]] = {}
        for interview in self.deck.store.interviews_with(company_key(company)):
            if not interview.is_practice:
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

    def open_gaps(self) -> list[tuple[Interview, AskedQuestion]]:
        """Questions asked in interviews that no story answered well when logged."""
        return [(i, q) for i in self.deck.store.interviews() for q in i.questions if q.gap]

    def framework_for(self, company: str) -> str | None:
        """The framework of the latest round with ``company`` that names one."""
        found = [i for i in self.deck.store.interviews_with(company_key(company)) if i.framework]
        return found[-1].framework if found else None
