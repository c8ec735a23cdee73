"""The readiness score and its badge label."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checks.samples import STRONG, MakeStory
from storybank.checks import CheckResult, check_story, readiness, readiness_label
from storybank.checks.rules import (
    ALMOST_MIN_SCORE,
    READINESS_WEIGHTS,
    READY_MIN_SCORE,
    SEVERITIES,
)
from storybank.core.models import CompetencyFramework, Story


def _finding(severity: str) -> CheckResult:
    return CheckResult(f"story-{severity}", "story", severity, "m", "s")  # type: ignore[arg-type]


def test_strong_story_is_ready(strong: Story, tpm: CompetencyFramework) -> None:
    score = readiness(strong, check_story(strong, tpm))
    assert score == 100
    assert readiness_label(score) == "ready"


def test_title_only_story_scores_low(tpm: CompetencyFramework) -> None:
    story = Story(id="draft", title="Vendor outage")
    score = readiness(story, check_story(story, tpm))
    assert 0 <= score < ALMOST_MIN_SCORE
    assert readiness_label(score) == "draft"


def test_without_results_the_story_is_checked(make: MakeStory) -> None:
    story = make(headline="", result="Finance was much happier with the close afterwards.")
    assert readiness(story) == readiness(story, check_story(story))
    assert readiness(story) < 100


def test_weights_per_severity(strong: Story) -> None:
    assert readiness(strong, []) == 100
    assert readiness(strong, [_finding("hint")]) == 100 - READINESS_WEIGHTS["hint"]
    assert readiness(strong, [_finding("warning")]) == 100 - READINESS_WEIGHTS["warning"]
    assert readiness(strong, [_finding("error")]) == 100 - READINESS_WEIGHTS["error"]
    assert READINESS_WEIGHTS["error"] > READINESS_WEIGHTS["warning"] > READINESS_WEIGHTS["hint"]


def test_any_error_keeps_a_story_from_ready(strong: Story) -> None:
    assert readiness_label(readiness(strong, [_finding("error")])) != "ready"


def test_score_is_clamped_at_zero(strong: Story) -> None:
    assert readiness(strong, [_finding("error")] * 12) == 0


def test_fixing_each_problem_raises_the_score(make: MakeStory, tpm: CompetencyFramework) -> None:
    weak: dict[str, object] = {
        "headline": "",
        "action": "We mapped the dependencies and we basically showed the rewrite added eleven "
        "weeks. We proposed a trade-off to the payments lead and our team ran a weekly risk "
        "review. When payments refused, I escalated to my manager.",
        "result": "Finance was much happier with the close and the team moved on.",
        "competencies": {},
    }
    fixes: list[dict[str, object]] = [
        {"headline": STRONG["headline"]},
        {"competencies": STRONG["competencies"]},
        {"result": STRONG["result"]},
        {"action": STRONG["action"]},
    ]
    scores = [readiness(make(**weak), check_story(make(**weak), tpm))]
    for fix in fixes:
        weak.update(fix)
        story = make(**weak)
        scores.append(readiness(story, check_story(story, tpm)))
    assert scores == sorted(scores)
    assert len(set(scores)) == len(scores), scores
    assert scores[0] < ALMOST_MIN_SCORE
    assert scores[-1] == 100


@given(st.lists(st.sampled_from(SEVERITIES), max_size=30), st.data())
def test_score_is_bounded_and_monotonic(severities: list[str], data: st.DataObject) -> None:
    story = Story(id="any", title="Any story")
    findings = [_finding(severity) for severity in severities]
    score = readiness(story, findings)
    assert 0 <= score <= 100
    if findings:
        dropped = data.draw(st.integers(0, len(findings) - 1))
        fewer = findings[:dropped] + findings[dropped + 1 :]
        assert readiness(story, fewer) >= score


def test_labels_at_the_thresholds() -> None:
    assert readiness_label(100) == "ready"
    assert readiness_label(READY_MIN_SCORE) == "ready"
    assert readiness_label(READY_MIN_SCORE - 1) == "almost"
    assert readiness_label(ALMOST_MIN_SCORE) == "almost"
    assert readiness_label(ALMOST_MIN_SCORE - 1) == "draft"
    assert readiness_label(0) == "draft"
