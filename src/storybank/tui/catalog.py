"""What the screens read: the bank's stories with their checks, cached, and the matcher.

:class:`StoryCatalog` sits between the screens and :class:`~storybank.storage.repository.Bank`.
Reads go through it so that each story's checks run once per version (not on
every redraw) and the matcher's indexes are built once and kept in step with
the stories. Writes go to the bank, then :meth:`StoryCatalog.reload`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from storybank.checks import (
    BankCheckResult,
    CheckResult,
    StoryStats,
    check_bank,
    check_story,
    readiness,
    readiness_label,
    story_stats,
)
from storybank.core.models import CompetencyFramework, Story
from storybank.storage.repository import Bank

if TYPE_CHECKING:
    from storybank.matching import Matcher
    from storybank.matching.inputs import RatedStory

SEVERITY_ORDER = {"error": 0, "warning": 1, "hint": 2}


@dataclass(frozen=True)
class Assessment:
    """A story's checks and the numbers derived from them."""

    results: list[CheckResult]
    """Every finding, in the checks' stable order."""
    score: int
    """Readiness, 0-100."""
    label: str
    """``ready``, ``almost`` or ``draft``."""
    stats: StoryStats
    """Word counts and spoken time."""

    def for_field(self, field: str) -> list[CheckResult]:
        """The findings about one field."""
        return [r for r in self.results if r.field == field]

    def worst_first(self) -> list[CheckResult]:
        """The findings ordered by severity (stable within one severity)."""
        return sorted(self.results, key=lambda r: SEVERITY_ORDER.get(r.severity, 3))


def assess(
    story: Story, framework: CompetencyFramework, asked_in: Mapping[str, str] | None = None
) -> Assessment:
    """Run the checks on ``story`` (a saved story or an editor draft).

    ``asked_in`` says where its unanswered follow-ups were asked (see
    :func:`storybank.checks.check_story`).
    """
    results = check_story(story, framework, asked_in=asked_in)
    score = readiness(story, results)
    return Assessment(results, score, readiness_label(score), story_stats(story))


class StoryCatalog:
    """The bank's stories as the app shows them.

    Args:
        bank: The open bank (the only data service).
        clock: Returns "now" (UTC); injectable so tests are deterministic.
    """

    def __init__(self, bank: Bank, clock: Callable[[], datetime]) -> None:
        self.bank = bank
        self.clock = clock
        self._stories: list[Story] = []
        self._assessments: dict[tuple[str, datetime, str, str], Assessment] = {}
        self.follow_up_sources: Callable[[], Mapping[str, Mapping[str, str]]] | None = None
        """Where unanswered follow-ups were asked, by story (set by the app's services)."""
        self._matcher: Matcher | None = None
        self._matcher_framework: str | None = None
        self._bank_results: tuple[str, list[BankCheckResult]] | None = None
        self.reload()

    # -- stories -------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the stories after a write (cheap: the bank keeps its data in memory).

        Stories that share an id (damage the app reports when it opens, and no
        write touches) are shown once, the first: every screen keys stories by id.
        """
        seen: set[str] = set()
        self._stories = []
        for story in self.bank.stories():
            if story.id not in seen:
                seen.add(story.id)
                self._stories.append(story)
        self._bank_results = None
        current = {(s.id, s.updated) for s in self._stories}
        self._assessments = {
            key: value for key, value in self._assessments.items() if key[:2] in current
        }
        if self._matcher is not None:
            self._matcher.update_stories(self._rated())

    @property
    def stories(self) -> list[Story]:
        """Every story, oldest first."""
        return list(self._stories)

    def get(self, story_id: str) -> Story | None:
        """The story with this id, if it exists."""
        for story in self._stories:
            if story.id == story_id:
                return story
        return None

    # -- framework -----------------------------------------------------------

    @property
    def framework(self) -> CompetencyFramework:
        """The active competency framework (from the bank's settings)."""
        frameworks = self.bank.frameworks
        wanted = self.bank.settings.framework
        if wanted in frameworks:
            return frameworks.get(wanted)
        return frameworks.get(frameworks.ids[0])

    # -- checks --------------------------------------------------------------

    def assessment(self, story: Story) -> Assessment:
        """The checks of a saved story, computed once per version and framework."""
        framework = self.framework
        asked_in = self.asked_in(story)
        key = (story.id, story.updated, framework.id, repr(sorted(asked_in.items())))
        found = self._assessments.get(key)
        if found is None:
            found = assess(story, framework, asked_in)
            self._assessments[key] = found
        return found

    def asked_in(self, story: Story) -> Mapping[str, str]:
        """Where the story's unanswered follow-ups were asked (empty when all have answers)."""
        if self.follow_up_sources is None or all(f.answer.strip() for f in story.follow_ups):
            return {}
        return self.follow_up_sources().get(story.id, {})

    def bank_results(self) -> list[BankCheckResult]:
        """Bank-level findings (size, coverage gaps, duplicates), worst first."""
        framework = self.framework
        if self._bank_results is None or self._bank_results[0] != framework.id:
            found = check_bank(self._stories, framework)
            ordered = sorted(found, key=lambda r: SEVERITY_ORDER.get(r.severity, 3))
            self._bank_results = (framework.id, ordered)
        return list(self._bank_results[1])

    # -- matching ------------------------------------------------------------

    def _rated(self) -> list[RatedStory]:
        """The stories with their readiness, as the matcher ranks and shows them."""
        from storybank.matching.inputs import RatedStory

        return [RatedStory(story, self.assessment(story).score) for story in self._stories]

    @property
    def matcher(self) -> Matcher:
        """The matcher for the active framework, built on first use."""
        framework = self.framework
        if self._matcher is None or self._matcher_framework != framework.id:
            # Deferred import: the matcher's indexes are not needed for the first frame.
            from storybank.matching import Matcher

            questions = self.bank.all_questions()
            self._matcher = Matcher(framework, questions=questions, stories=self._rated())
            self._matcher_framework = framework.id
        return self._matcher
