"""A story's readiness score (0-100) and the badge label for it.

The score starts at 100 and loses :data:`rules.READINESS_WEIGHTS` points per
finding, by severity. Because an error costs more than the gap between 100 and
the "ready" threshold, a story with any error is never labelled ready, and
fixing any finding can only raise the score.
"""

from __future__ import annotations

from storybank.checks import rules
from storybank.checks.story_checks import CheckResult, check_story
from storybank.core.models import Story


def readiness(story: Story, results: list[CheckResult] | None = None) -> int:
    """How close ``story`` is to offer-ready, from 0 to 100.

    Args:
        story: The story to score.
        results: Its findings, when the caller already has them (pass the
            results of :func:`check_story` run with the active framework);
            otherwise the story is checked against the default framework.
    """
    if results is None:
        results = check_story(story)
    penalty = sum(rules.READINESS_WEIGHTS[result.severity] for result in results)
    return max(0, min(100, 100 - penalty))


def readiness_label(score: int) -> str:
    """The badge for a score: ``"ready"``, ``"almost"`` or ``"draft"``."""
    if score >= rules.READY_MIN_SCORE:
        return "ready"
    if score >= rules.ALMOST_MIN_SCORE:
        return "almost"
    return "draft"
