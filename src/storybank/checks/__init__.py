"""Checks that tell a user what keeps a story, or the bank, from being offer-ready.

Each check has a stable id, the field it concerns, a severity, a message that
names the problem and a concrete suggestion. The thresholds and word lists are
data in :mod:`storybank.checks.rules`.

Typical use, with the bank's active framework::

    results = check_story(story, framework)
    badge = readiness_label(readiness(story, results))
"""

from __future__ import annotations

from storybank.checks.bank_checks import BankCheckResult, check_bank
from storybank.checks.readiness import readiness, readiness_label
from storybank.checks.rules import BANK_CHECKS, CHECK_FIELDS, STORY_CHECKS, CheckSpec, Severity
from storybank.checks.story_checks import (
    CheckResult,
    StoryStats,
    check_field,
    check_story,
    story_stats,
    unexplained_acronyms,
)

__all__ = [
    "BANK_CHECKS",
    "CHECK_FIELDS",
    "STORY_CHECKS",
    "BankCheckResult",
    "CheckResult",
    "CheckSpec",
    "Severity",
    "StoryStats",
    "check_bank",
    "check_field",
    "check_story",
    "readiness",
    "readiness_label",
    "story_stats",
    "unexplained_acronyms",
]
