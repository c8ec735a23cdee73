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


def _co_occurrences_by_scan(keys: frozenset[str], positions: dict[str, list[int]]) -> int:
    """Every place of the rarest key against every place of the others: the plain reading."""
    from storybank.matching.index import WINDOW

    ordered = sorted(keys, key=lambda k: len(positions[k]))
    anchor, others = ordered[0], ordered[1:]
    if not others:
        return len(positions[anchor])
    return sum(
        all(any(abs(p - q) <= WINDOW for q in positions[k]) for k in others)
        for p in positions[anchor]
    )


def test_co_occurrences_found_by_bisection_are_those_a_scan_finds() -> None:
    import random

    from storybank.matching.index import _co_occurrences

    rng = random.Random(7)
    for _ in range(300):
        length = rng.randint(1, 400)
        names = ["a", "b", "c", "d"][: rng.randint(1, 4)]
        positions: dict[str, list[int]] = {name: [] for name in names}
        for place in range(length):
            if rng.random() < 0.3:
                positions[rng.choice(names)].append(place)
        if not all(positions.values()):
            continue
        keys = frozenset(names)
        assert _co_occurrences(keys, positions) == _co_occurrences_by_scan(keys, positions)


def test_a_story_analysed_again_after_an_edit_weighs_as_one_analysed_fresh(
    tpm_matcher: Matcher,
) -> None:
    from storybank.matching.stories import FIELD_WEIGHTS, _field_texts, analyse_story, story_senses
    from storybank.matching.text import analyze

    def fresh_weights(story: Story) -> dict[str, float]:
        weights: dict[str, float] = {}
        for name, text in _field_texts(story):
            for sense in {s for t in analyze(text) for s in story_senses(t)}:
                weights[sense] = weights.get(sense, 0.0) + FIELD_WEIGHTS[name]
        return weights

    before = tpm_matcher.suggest_competencies(LAUNCH_INCIDENT)
    edited = LAUNCH_INCIDENT.model_copy(
        update={"action": f"{LAUNCH_INCIDENT.action} I negotiated a deadline with the vendor."}
    )
    for story in (LAUNCH_INCIDENT, edited, LAUNCH_INCIDENT):
        entry = analyse_story(story)
        assert entry.weights == pytest.approx(fresh_weights(story))
    assert tpm_matcher.suggest_competencies(LAUNCH_INCIDENT) == before
