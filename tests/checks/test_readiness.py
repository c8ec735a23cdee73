"""The readiness score and its badge label."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checks.samples import STRONG, MakeStory
from storybank.checks import CheckResult, check_story, readiness, readiness_label
from storybank.checks.readiness import specific_details
from storybank.checks.rules import (
    ALMOST_MIN_SCORE,
    READINESS_FIELD_CAP,
    READINESS_WEIGHTS,
    READY_MIN_SCORE,
    SEVERITIES,
    SPECIFIC_DETAIL_BONUS,
    SPECIFIC_DETAIL_MAX,
)
from storybank.core.models import CompetencyFramework, Story

# A story with nothing specific in it: no names, dates or figures to earn points back.
BARE = Story(id="bare", title="Bare", situation="We had a project.")


def _finding(severity: str, field: str = "story", category: str = "structure") -> CheckResult:
    return CheckResult(f"{field}-{severity}", field, severity, "m", "s", category)  # type: ignore[arg-type]


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


def test_weights_per_severity() -> None:
    assert specific_details(BARE) == 0
    assert readiness(BARE, []) == 100
    assert readiness(BARE, [_finding("hint")]) == 100 - READINESS_WEIGHTS["hint"]
    assert readiness(BARE, [_finding("warning")]) == 100 - READINESS_WEIGHTS["warning"]
    assert readiness(BARE, [_finding("error")]) == 100 - READINESS_WEIGHTS["error"]
    assert READINESS_WEIGHTS["error"] > READINESS_WEIGHTS["warning"] > READINESS_WEIGHTS["hint"]


def test_one_field_costs_at_most_the_cap() -> None:
    many = [_finding("error", field="result")] * 5
    assert readiness(BARE, many) == 100 - READINESS_FIELD_CAP
    # Two weak fields cost more than one field with the same findings.
    spread = [_finding("error", field="result")] * 2 + [_finding("error", field="action")] * 2
    assert readiness(BARE, spread) < readiness(BARE, many[:4])


def test_whole_story_weaknesses_are_capped_one_by_one() -> None:
    same = [_finding("warning", category="jargon")] * 4
    different = [
        _finding("warning", category=category)
        for category in ("jargon", "hedging", "generic", "length")
    ]
    assert readiness(BARE, same) == 100 - READINESS_FIELD_CAP
    assert readiness(BARE, different) == 100 - 4 * READINESS_WEIGHTS["warning"]


def test_specific_detail_earns_points_back(strong: Story) -> None:
    assert specific_details(strong) >= SPECIFIC_DETAIL_MAX // SPECIFIC_DETAIL_BONUS
    findings = [_finding("warning", field="action"), *[_finding("hint", field="result")] * 3]
    bare = readiness(BARE, findings)
    assert readiness(strong, findings) == bare + SPECIFIC_DETAIL_MAX


def test_any_error_keeps_a_story_from_ready(strong: Story) -> None:
    assert readiness_label(readiness(strong, [_finding("error")])) != "ready"


def test_two_warnings_keep_a_story_from_ready_whatever_its_detail(strong: Story) -> None:
    one = readiness(strong, [_finding("warning")])
    assert readiness_label(one) == "ready"
    two = readiness(strong, [_finding("warning"), _finding("warning", field="action")])
    assert readiness_label(two) == "almost"


def test_only_a_story_without_findings_scores_100(strong: Story) -> None:
    assert readiness(strong, [_finding("hint")]) == 99


def test_score_is_clamped_at_zero() -> None:
    findings = [_finding("error", field=field) for field in ("situation", "action", "result")]
    findings += [_finding("error", category=c) for c in ("thin", "length", "jargon", "generic")]
    assert readiness(BARE, findings) == 0


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


def test_a_specific_candid_story_outranks_a_generic_polished_one(
    tpm: CompetencyFramework,
) -> None:
    generic = Story(
        id="generic",
        title="Aligning stakeholders",
        headline="I aligned several stakeholders on a shared plan for an important project.",
        situation="I was leading an important cross-functional project with many "
        "stakeholders who all had their own priorities and expectations.",
        complications="Different stakeholders had different opinions about what mattered "
        "most, and there was some tension between the teams.",
        action="I set up regular meetings with each stakeholder and facilitated open "
        "discussions. I listened to every concern, kept everyone informed with updates and "
        "made sure that all voices were heard before moving forward.",
        result="Everyone was aligned in the end, the project was delivered successfully and "
        "the stakeholders were happy with the outcome.",
        competencies={"tpm": ["stakeholder-communication"]},
    )
    candid = Story(
        id="candid",
        title="The on-call change I rushed",
        headline="I rushed an on-call change at Fernhill that burned out two engineers, "
        "owned it, and rebuilt the rotation with the team.",
        situation="At Fernhill in Q2 I managed the nine engineers who ran the payments API, "
        "and I moved us from weekly to daily on-call handovers to cut response times.",
        complications="I made the change without asking the team; two senior engineers were "
        "already covering for a vacancy, and within a month both were close to leaving.",
        action="When Ana told me in a one-to-one that she was exhausted, I paused the new "
        "rotation the same day. I met each engineer, admitted the mistake in our retro, and "
        "asked the team to redesign the rotation with me. We compared three options against "
        "page volume from the last quarter and chose a follow-the-sun split with the Lisbon team.",
        result="Both engineers stayed. Pages per person fell from 11 to 4 a week, and median "
        "response time held at 6 minutes.",
        lessons="I now trial any change to how people work with the people it affects first, "
        "and I look at the load data before I decide.",
        competencies={"tpm": ["failure-and-learning", "ownership"]},
    )
    assert readiness(generic, check_story(generic, tpm)) < readiness(
        candid, check_story(candid, tpm)
    )


@given(st.lists(st.sampled_from(SEVERITIES), max_size=30), st.data())
def test_score_is_bounded_and_monotonic(severities: list[str], data: st.DataObject) -> None:
    story = Story(id="any", title="Any story")
    fields = ("story", "action", "result")
    findings = [
        _finding(severity, field=data.draw(st.sampled_from(fields))) for severity in severities
    ]
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
