"""Story -> suggested competencies, as the editor and the matrix use them."""

from __future__ import annotations

import pytest

from matching.story_samples import (
    LAUNCH_INCIDENT,
    ROADMAP_DISPUTE,
    UNTAGGED_MENTORING,
    VENDOR_MIGRATION,
)
from storybank.core.models import Story
from storybank.matching import Matcher


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (LAUNCH_INCIDENT, "risk-and-pressure"),
        (VENDOR_MIGRATION, "program-execution"),
        (ROADMAP_DISPUTE, "conflict"),
        (UNTAGGED_MENTORING, "cross-functional-leadership"),
    ],
)
def test_tpm_suggestions_include_the_story_s_main_competency(
    tpm_matcher: Matcher, story: Story, expected: str
) -> None:
    untagged = story.model_copy(update={"competencies": {}})
    assert expected in [c.id for c in tpm_matcher.suggest_competencies(untagged)]


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (LAUNCH_INCIDENT, "bias-for-action"),
        (ROADMAP_DISPUTE, "have-backbone-disagree-and-commit"),
        (UNTAGGED_MENTORING, "hire-and-develop-the-best"),
    ],
)
def test_lp_suggestions_include_the_story_s_main_principle(
    lp_matcher: Matcher, story: Story, expected: str
) -> None:
    untagged = story.model_copy(update={"competencies": {}})
    assert expected in [c.id for c in lp_matcher.suggest_competencies(untagged)]


def test_suggestions_come_with_the_words_that_led_to_them(tpm_matcher: Matcher) -> None:
    suggestions = tpm_matcher.suggest_competencies(LAUNCH_INCIDENT)
    risk = next(c for c in suggestions if c.id == "risk-and-pressure")
    assert risk.reasons
    assert risk.reasons[0].startswith("mentions ")
    assert "'outage'" in risk.reasons[0]


def test_suggestions_ignore_the_story_s_current_tags(tpm_matcher: Matcher) -> None:
    retagged = ROADMAP_DISPUTE.model_copy(update={"competencies": {"tpm": ["technical-depth"]}})
    assert tpm_matcher.suggest_competencies(retagged) == tpm_matcher.suggest_competencies(
        ROADMAP_DISPUTE
    )


def test_suggestions_are_ranked_percentages(tpm_matcher: Matcher) -> None:
    suggestions = tpm_matcher.suggest_competencies(VENDOR_MIGRATION, top=5)
    assert len(suggestions) == 5
    scores = [c.score for c in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)
    assert tpm_matcher.suggest_competencies(VENDOR_MIGRATION, top=1) == suggestions[:1]


def test_a_story_with_no_content_gets_no_suggestions(tpm_matcher: Matcher) -> None:
    assert tpm_matcher.suggest_competencies(Story(id="notes", title="Notes")) == []


def test_suggestions_for_an_indexed_story_match_a_fresh_analysis(story_matcher: Matcher) -> None:
    fresh = Matcher(story_matcher.framework)
    assert story_matcher.suggest_competencies(VENDOR_MIGRATION) == fresh.suggest_competencies(
        VENDOR_MIGRATION
    )
