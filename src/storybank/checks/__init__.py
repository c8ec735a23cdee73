"""Checks that tell a user what keeps a story, or the bank, from being offer-ready.

Each check has a stable id, the field it concerns, a category (the kind of
weakness a hiring panel would name), a severity, a message that names the
problem and a concrete suggestion. The thresholds and word lists are data in
:mod:`storybank.checks.rules`; the shared vocabulary behind them is
:mod:`storybank.core.vocabulary`.

Typical use, with the bank's active framework::

    results = check_story(story, framework)
    badge = readiness_label(readiness(story, results))
"""

from __future__ import annotations

from storybank.checks.bank_checks import BankCheckResult, check_bank
from storybank.checks.findings import CheckResult
from storybank.checks.readiness import readiness, readiness_label
from storybank.checks.rules import (
    BANK_CHECKS,
    CATEGORIES,
    CHECK_FIELDS,
    STORY_CHECKS,
    Category,
    CheckSpec,
    Severity,
)
from storybank.checks.story_checks import (
    StoryStats,
    check_field,
    check_story,
    fold_follow_up,
    story_stats,
    unexplained_acronyms,
)

__all__ = [
    "BANK_CHECKS",
    "CATEGORIES",
    "CHECK_FIELDS",
    "STORY_CHECKS",
    "BankCheckResult",
    "Category",
    "CheckResult",
    "CheckSpec",
    "Severity",
    "StoryStats",
    "check_bank",
    "check_field",
    "check_story",
    "fold_follow_up",
    "readiness",
    "readiness_label",
    "story_stats",
    "unexplained_acronyms",
]
