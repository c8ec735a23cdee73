"""Checks of the story bank as a whole: size, competency coverage, duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from storybank.checks import alike, rules
from storybank.checks.rules import Category, Severity
from storybank.core.records import SCAR_FIELDS, FrameworkData, StoryData
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


def _size(stories: Sequence[StoryData]) -> list[BankCheckResult]:
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


def _coverage(stories: Sequence[StoryData], framework: FrameworkData) -> list[BankCheckResult]:
    covering: dict[str, list[StoryData]] = {
        competency.id: [] for competency in framework.competencies
    }
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


def _title_key(story: StoryData) -> str:
    return " ".join(story.title.casefold().split())


def _duplicates(stories: Sequence[StoryData]) -> list[BankCheckResult]:
    """Pairs with the same title, or with bodies :data:`rules.DUPLICATE_SIMILARITY`% alike.

    Only the pairs :func:`alike.pairs_sharing` keeps are compared in full; the
    findings are those of comparing every pair (see :mod:`storybank.checks.alike`).
    """
    # Deferred import: only the duplicates check needs rapidfuzz, and `list` needs none.
    from rapidfuzz import fuzz
    from rapidfuzz.utils import default_process

    texts: list[str | None] = []
    for story in stories:
        body = "\n".join(getattr(story, field) for field in SCAR_FIELDS)
        # A stub shares its few words with almost any story; compare it by title only.
        texts.append(
            default_process(body) if word_count(body) >= rules.DUPLICATE_MIN_WORDS else None
        )
    reasons: dict[tuple[int, int], str] = {}
    by_title: dict[str, list[int]] = {}
    for index, story in enumerate(stories):
        by_title.setdefault(_title_key(story), []).append(index)
    for same in by_title.values():
        for pair in combinations(same, 2):
            reasons[pair] = "have the same title"
    words = [None if text is None else alike.Words(text) for text in texts]
    for i, j, shared in alike.pairs_sharing(words):
        words_a, words_b, text_a, text_b = words[i], words[j], texts[i], texts[j]
        assert words_a is not None and words_b is not None and text_a and text_b
        if (i, j) in reasons or not alike.may_reach(
            words_a, words_b, shared, rules.DUPLICATE_SIMILARITY
        ):
            continue
        score = fuzz.token_set_ratio(
            text_a, text_b, processor=None, score_cutoff=rules.DUPLICATE_SIMILARITY
        )
        if score:
            reasons[i, j] = f"are {score:.0f}% alike"
    found: list[BankCheckResult] = []
    for (i, j), reason in sorted(reasons.items()):
        first, second = stories[i], stories[j]
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


def check_bank(stories: Sequence[StoryData], framework: FrameworkData) -> list[BankCheckResult]:
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
