"""A finding about a story, and the helpers every rule uses to word one.

The rules themselves live in :mod:`.story_checks` (length, headline,
Complications, competencies, the story as a whole), :mod:`.action_rules` and
:mod:`.result_rules`; each builds its findings with :func:`finding`, which
takes the field, category and severity from the catalogue in :mod:`.rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from storybank.checks import rules
from storybank.checks.draft import Draft, ExactList
from storybank.checks.rules import Category, Severity
from storybank.core.morphology import stem
from storybank.core.records import StoryData
from storybank.core.text import PhraseIndex


@dataclass(frozen=True)
class CheckResult:
    """One finding about a story.

    Attributes:
        id: Stable kebab-case id prefixed by its field, e.g. ``action-we-heavy``.
        field: The field concerned: a SCAR field, ``title``, ``headline``,
            ``lessons``, ``competencies``, or ``story`` for the whole story.
        severity: ``error``, ``warning`` or ``hint``.
        message: What is wrong, naming the offending words or figures.
        suggestion: A concrete way to fix it.
        category: The kind of weakness (see :data:`rules.CATEGORIES`).
    """

    id: str
    field: str
    severity: Severity
    message: str
    suggestion: str
    category: Category

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready dict of the finding."""
        return {
            "id": self.id,
            "field": self.field,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }


FAILURE_PHRASES = ExactList(rules.FAILURE_PHRASES)
""":data:`rules.FAILURE_PHRASES`, matched as written."""


@cache
def by_form(name: str) -> PhraseIndex:
    """A list from :mod:`rules`, matched by word form (built on first use)."""
    phrases: tuple[str, ...] = getattr(rules, name)
    return PhraseIndex(phrases, forms=stem)


def finding(
    check_id: str, message: str, suggestion: str, severity: Severity | None = None
) -> CheckResult:
    """A finding of ``check_id``, with the field, category and (unless given) the
    severity its catalogue entry declares."""
    spec = rules.STORY_CHECKS[check_id]
    return CheckResult(
        check_id, spec.field, severity or spec.severity, message, suggestion, spec.category
    )


def quote(items: list[str] | tuple[str, ...], limit: int = 5) -> str:
    """``'a', 'b', 'c'`` — at most ``limit`` items, then ``…``."""
    shown = ", ".join(f"'{item}'" for item in items[:limit])
    return shown + (", \u2026" if len(items) > limit else "")


def label(field: str) -> str:
    """A field's name as a message shows it: ``"Result"``."""
    return field.capitalize()


def tagged(story: StoryData, tags: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The story's tags that are among ``tags`` (per framework id)."""
    return [
        tag
        for framework_id, wanted in tags.items()
        for tag in story.tags_in(framework_id)
        if tag in wanted
    ]


def failure_story(draft: Draft) -> bool:
    """Tagged as a failure, or told as one in the headline or Result."""
    if tagged(draft.story, rules.FAILURE_TAGS):
        return True
    return any(draft.find(FAILURE_PHRASES, field) for field in rules.FAILURE_TEXT_FIELDS)
