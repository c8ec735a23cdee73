"""A story's readiness score (0-100) and the badge label for it.

The score orders stories the way a hiring manager would:

* it starts at 100 and each finding takes off :data:`rules.READINESS_WEIGHTS`
  points by severity;
* what one part of the story can cost is capped at
  :data:`rules.READINESS_FIELD_CAP` (a field, or one whole-story weakness such
  as length or jargon), so a story with one bad part still ranks above a story
  weak everywhere;
* specific detail earns points back: each name, date or figure the story gives
  adds :data:`rules.SPECIFIC_DETAIL_BONUS`, up to :data:`rules.SPECIFIC_DETAIL_MAX`;
* a story with an error, or with more than :data:`rules.READY_MAX_WARNINGS`
  warning, stays below the "ready" threshold, and only a story with no finding
  at all scores 100.

Fixing any finding can only raise the score.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from storybank.checks import rules, specifics
from storybank.checks.draft import Draft
from storybank.checks.findings import CheckResult
from storybank.checks.story_checks import check_story
from storybank.core.records import StoryData

_NUMBER_WORDS = frozenset(word for word in rules.NUMBER_WORDS if " " not in word)


def _part(result: CheckResult) -> str:
    """What a finding's cost is capped by: its field, or for whole-story findings its
    category (length, jargon and hedging are separate weaknesses)."""
    return result.category if result.field == "story" else result.field


def specific_details(story: StoryData, limit: int | None = None) -> int:
    """How many distinct names, dates and figures (in digits or words) the story gives.

    With ``limit``, counting stops once that many are found.
    """
    draft = Draft(story, None)
    figures = {
        word
        for field in rules.TELLING_FIELDS
        for word in draft.marked_words(field)
        if word[:1].isdigit()
    }
    for field in rules.TELLING_FIELDS:
        figures.update(_NUMBER_WORDS.intersection(draft.tokens(field)))
    found = len(figures) + len(specifics.dates(draft))
    if limit is not None and found >= limit:
        return found
    return found + len(specifics.names(draft, limit))


def readiness(story: StoryData, results: list[CheckResult] | None = None) -> int:
    """How close ``story`` is to offer-ready, from 0 to 100.

    Args:
        story: The story to score.
        results: Its findings, when the caller already has them (pass the
            results of :func:`check_story` run with the active framework);
            otherwise the story is checked against the default framework.
    """
    if results is None:
        results = check_story(story)
    cost: defaultdict[str, int] = defaultdict(int)
    for result in results:
        cost[_part(result)] += rules.READINESS_WEIGHTS[result.severity]
    penalty = sum(min(rules.READINESS_FIELD_CAP, points) for points in cost.values())
    bonus = 0
    if penalty:  # a perfect story needs no bonus: the score is capped at 100
        enough = -(-rules.SPECIFIC_DETAIL_MAX // rules.SPECIFIC_DETAIL_BONUS)
        details = specific_details(story, enough)
        bonus = min(rules.SPECIFIC_DETAIL_MAX, rules.SPECIFIC_DETAIL_BONUS * details)
    score = max(0, min(100, 100 - penalty + bonus))
    severities = Counter(result.severity for result in results)
    if severities["error"] or severities["warning"] > rules.READY_MAX_WARNINGS:
        score = min(score, rules.READY_MIN_SCORE - 1)
    elif results:
        score = min(score, 99)  # 100 is for a story with nothing left to say
    return score


def readiness_label(score: int) -> str:
    """The badge for a score: ``"ready"``, ``"almost"`` or ``"draft"``."""
    if score >= rules.READY_MIN_SCORE:
        return "ready"
    if score >= rules.ALMOST_MIN_SCORE:
        return "almost"
    return "draft"
