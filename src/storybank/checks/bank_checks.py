"""Checks of the story bank as a whole: size, competency coverage, duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from storybank.checks import rules
from storybank.checks.rules import Category, Severity
from storybank.core.models import SCAR_FIELDS, CompetencyFramework, Story
from storybank.core.text import word_count


@dataclass(frozen=True)
class BankCheckResult:
    """One finding about the bank.

    Attributes:
        id: Stable kebab-case id prefixed ``bank-``, e.g. ``bank-gap``.
        severity: ``error``, ``warning`` or ``hint``.
        message: What is wrong, naming the competency or stories concerned.
        suggestion: A concrete way to fix it.
        story_ids: The stories concerned, if any (both stories of a duplicate,
            the one story of a thin competency).
        competency_id: The competency concerned by a gap or thin coverage.
    """

    id: str
    severity: Severity
    message: str
    suggestion: str
    story_ids: tuple[str, ...] = ()
    competency_id: str | None = None

    @property
    def category(self) -> Category:
        """Always ``"bank"``: the finding is about the bank as a whole."""
        return rules.BANK_CHECKS[self.id].category

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of the finding."""
        return {
            "id": self.id,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
            "story_ids": list(self.story_ids),
            "competency_id": self.competency_id,
        }


def _result(
    check_id: str,
    message: str,
    suggestion: str,
    story_ids: tuple[str, ...] = (),
    competency_id: str | None = None,
) -> BankCheckResult:
    severity = rules.BANK_CHECKS[check_id].severity
    return BankCheckResult(check_id, severity, message, suggestion, story_ids, competency_id)


def _size(stories: list[Story]) -> list[BankCheckResult]:
    count = len(stories)
    span = f"{rules.BANK_MIN_STORIES}\u2013{rules.BANK_MAX_STORIES}"
    if count < rules.BANK_MIN_STORIES:
        noun = "story" if count == 1 else "stories"
        return [
            _result(
                "bank-too-few",
                f"The bank has {count} {noun}; a loop needs {span}.",
                "Add stories for the competencies with gaps below; most questions can be "
                f"answered from {span} strong stories.",
            )
        ]
    if count > rules.BANK_MAX_STORIES:
        return [
            _result(
                "bank-too-many",
                f"The bank has {count} stories; {span} are easier to keep fresh.",
                "Keep the strongest ones and merge or retire the rest; you can tell "
                f"{span} stories well, not {count}.",
            )
        ]
    return []


def _coverage(stories: list[Story], framework: CompetencyFramework) -> list[BankCheckResult]:
    covering: dict[str, list[Story]] = {competency.id: [] for competency in framework.competencies}
    for story in stories:
        for tag in story.tags_in(framework.id):
            if tag in covering:
                covering[tag].append(story)
    gaps: list[BankCheckResult] = []
    thin: list[BankCheckResult] = []
    for competency in framework.competencies:
        found = covering[competency.id]
        if not found:
            gaps.append(
                _result(
                    "bank-gap",
                    f"No story covers {competency.name}.",
                    f"Tag a story that shows {competency.name}, or write one: "
                    f"{competency.description}",
                    competency_id=competency.id,
                )
            )
        elif len(found) < rules.BANK_IDEAL_COVERAGE:
            thin.append(
                _result(
                    "bank-thin",
                    f"Only '{found[0].title}' covers {competency.name}; ideally "
                    f"{rules.BANK_IDEAL_COVERAGE} stories do.",
                    f"Tag a second story with {competency.name}, so you have a fallback "
                    "when the first is already used in the loop.",
                    story_ids=(found[0].id,),
                    competency_id=competency.id,
                )
            )
    return gaps + thin


def _title_key(story: Story) -> str:
    return " ".join(story.title.casefold().split())


def _duplicates(stories: list[Story]) -> list[BankCheckResult]:
    texts: list[str | None] = []
    for story in stories:
        body = "\n".join(getattr(story, field) for field in SCAR_FIELDS)
        # A stub shares its few words with almost any story; compare it by title only.
        texts.append(
            default_process(body) if word_count(body) >= rules.DUPLICATE_MIN_WORDS else None
        )
    found: list[BankCheckResult] = []
    for (i, first), (j, second) in combinations(enumerate(stories), 2):
        if _title_key(first) == _title_key(second):
            reason = "have the same title"
        else:
            text_a, text_b = texts[i], texts[j]
            if text_a is None or text_b is None:
                continue
            score = fuzz.token_set_ratio(
                text_a, text_b, processor=None, score_cutoff=rules.DUPLICATE_SIMILARITY
            )
            if not score:
                continue
            reason = f"are {score:.0f}% alike"
        found.append(
            _result(
                "bank-duplicate",
                f"'{first.title}' and '{second.title}' {reason}.",
                "Merge them into the stronger story, or rework one so each answers "
                "different questions.",
                story_ids=(first.id, second.id),
            )
        )
    return found


def check_bank(stories: list[Story], framework: CompetencyFramework) -> list[BankCheckResult]:
    """Run every bank check against the active framework.

    Returns:
        The findings in the order of :data:`rules.BANK_CHECKS`: size, gaps (in
        framework order), thin coverage, then duplicates. An empty bank gives
        only ``bank-empty``.
    """
    if not stories:
        return [
            _result(
                "bank-empty",
                "The bank has no stories.",
                f"Start with the story you are proudest of, then aim for "
                f"{rules.BANK_MIN_STORIES}\u2013{rules.BANK_MAX_STORIES} that together cover "
                f"every {framework.name} competency.",
            )
        ]
    return [*_size(stories), *_coverage(stories, framework), *_duplicates(stories)]
