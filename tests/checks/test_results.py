"""The Result: measured change, business impact, people outcomes, lessons told in it."""

from __future__ import annotations

import pytest

from checks.samples import MakeStory
from storybank.checks import CheckResult, check_story
from storybank.checks.figures import measured
from storybank.core.models import CompetencyFramework


@pytest.mark.parametrize(
    "text",
    [
        "Refund requests fell 35% in the first month.",
        "We saved $240K a year in hosting.",
        "Build times dropped from 40 minutes to 9.",
        "Onboarding now takes 2 days instead of 3 weeks.",
        "We went live one week early.",
        "The rollout finished 4 days before the deadline.",
        "We missed the date by two weeks.",
        "The new checks prevented 5 bad deploys that quarter.",
        "We signed 12 new merchants in the pilot.",
        "Response times are 3x faster.",
        "Disputes were cut by half.",
        "Zero customer-facing errors during the switch.",
        "The defect backlog went down to 30 items.",
    ],
)
def test_a_change_or_comparison_is_measured(text: str) -> None:
    assert measured(text)


@pytest.mark.parametrize(
    "text",
    [
        "We kept two teams aligned through the launch.",
        "I coordinated work across 3 teams and 14 engineers.",
        "Performance improved significantly within 60 days.",
        "We shipped on time.",
        "Two weeks later the second phase went out.",
        "The incident was resolved in under two hours.",
        "We restored every record within 4 hours.",
        "Customers were happy after the P0 fix in Q3.",
        "I set up 3 dashboards for the leads.",
    ],
)
def test_counts_durations_and_dates_are_not_measured(text: str) -> None:
    assert not measured(text)


def _result_findings(
    make: MakeStory, tpm: CompetencyFramework, **changes: object
) -> dict[str, CheckResult]:
    return {
        r.id: r for r in check_story(make(**changes), tpm) if r.id.startswith(("result", "lessons"))
    }


def test_a_claimed_change_without_a_figure_is_named(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    found = _result_findings(
        make, tpm, result="Checkout performance improved significantly and customers noticed."
    )
    finding = found["result-not-quantified"]
    assert finding.severity == "error"
    assert "'improve'" in finding.message and "by how much" in finding.message


def test_a_count_of_people_is_named_as_not_a_result(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    found = _result_findings(make, tpm, result="The customers kept 2 teams and 9 engineers busy.")
    assert "count people or time" in found["result-not-quantified"].message


def test_a_people_outcome_without_a_number_is_a_hint(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    people = {
        "competencies": {"tpm": ["conflict"]},
        "result": "The engineer stayed, recovered and became one of the strongest reviewers "
        "on the team. He now mentors the two newest hires.",
    }
    found = _result_findings(make, tpm, **people)
    assert found["result-not-quantified"].severity == "hint"
    assert found["result-no-impact"].severity == "hint"


def test_a_people_outcome_that_claims_a_change_still_needs_the_figure(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    found = _result_findings(
        make, tpm, result="The engineer stayed, and her review speed improved significantly."
    )
    assert found["result-not-quantified"].severity == "error"


def test_a_result_about_the_work_needs_a_number_in_any_story(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    found = _result_findings(
        make,
        tpm,
        competencies={"tpm": ["conflict"]},
        result="Reviews became calmer and the two engineers worked well together again.",
    )
    assert found["result-not-quantified"].severity == "error"


@pytest.mark.parametrize(
    "result",
    [
        "Merchants saw payouts a day sooner, and 30% fewer of them called support.",
        "Annual hosting cost fell by $90K.",
        "The audit closed with no findings, removing the risk of a fine of 2% of revenue.",
        "Conversion on the new checkout rose 4% in the first month.",
        "The change prevented 3 outages in the next quarter.",
        "We reached market 6 weeks ahead of the competitor's launch.",
    ],
)
def test_business_impact_is_recognised(
    make: MakeStory, tpm: CompetencyFramework, result: str
) -> None:
    assert "result-no-impact" not in _result_findings(make, tpm, result=result)


@pytest.mark.parametrize(
    "result",
    [
        "Performance improved by 40% across the platform.",
        "The team shipped the release 3 weeks early.",
        "Productivity went up 20% and morale improved.",
        "We adopted the new review process, and bug counts fell 40%.",
    ],
)
def test_performance_schedule_and_process_alone_are_not_impact(
    make: MakeStory, tpm: CompetencyFramework, result: str
) -> None:
    scene = {
        "situation": "At Quillon I was the TPM for the release tooling that nine teams used "
        "to ship the mobile app every two weeks.",
        "complications": "The tooling was slow and flaky, and the teams disagreed about "
        "whether to fix it or replace it.",
    }
    assert "result-no-impact" in _result_findings(make, tpm, result=result, **scene)


def test_meeting_a_date_whose_stakes_were_named_is_impact(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    stakes = {
        "complications": "The regulator's deadline was fixed, and missing it meant fines.",
        "result": "We went live on time, with all twelve invoice formats switched over.",
    }
    assert "result-no-impact" not in _result_findings(make, tpm, **stakes)


def test_lessons_told_in_the_result_satisfy_a_failure_story_as_a_hint(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    failure = {
        "competencies": {"tpm": ["failure-and-learning"]},
        "lessons": "",
        "result": "We missed the launch by 3 weeks and lost one pilot customer. I learned to "
        "test the vendor's sandbox in week one, and I now do it on every integration.",
    }
    finding = _result_findings(make, tpm, **failure)["lessons-missing-for-failure"]
    assert finding.severity == "hint"
    assert "I learned" in finding.message or "i learned" in finding.message


def test_a_failure_story_with_no_lesson_anywhere_is_an_error(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    failure = {
        "competencies": {"tpm": ["failure-and-learning"]},
        "lessons": "",
        "result": "We missed the launch by 3 weeks and lost one pilot customer.",
    }
    finding = _result_findings(make, tpm, **failure)["lessons-missing-for-failure"]
    assert finding.severity == "error"
