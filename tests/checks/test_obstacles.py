"""Complications: obstacles found as classes of language, and unsure findings as hints."""

from __future__ import annotations

import pytest

from checks.samples import MakeStory
from storybank.checks import CheckResult, check_story
from storybank.core.models import CompetencyFramework

# A scene with no trouble in it, so that only the Complications are judged.
SCENE = {
    "headline": "I moved Quillon's invoicing to the new billing platform in October.",
    "situation": "At Quillon I was the TPM for invoicing, which four teams built together. "
    "The company was moving every product to one billing platform over the year.",
}


def _obstacle_findings(
    make: MakeStory, tpm: CompetencyFramework, **changes: object
) -> list[CheckResult]:
    story = make(**{**SCENE, **changes})
    return [r for r in check_story(story, tpm) if r.id.startswith("complications-")]


@pytest.mark.parametrize(
    "complications",
    [
        # Word forms of one obstacle word: resist, resisted, resistant, resistance.
        "The warehouse team was resistant to a third tool in a year.",
        "The warehouse team resisted a third tool in a year.",
        "We met strong resistance from the warehouse team.",
        # Opposition: two parties wanting different things, with no obstacle word.
        "Sales wanted the new invoices live for the spring catalogue. Legal wanted every "
        "template reviewed first.",
        "Each lead insisted that the other team should change its schema, and the director "
        "wanted the date kept.",
        # Contrast and negation.
        "The billing API was ready, but the warehouse feed was not.",
        "Nobody owned the mapping between the two customer ids.",
        "We could not test against real invoices before the switch.",
        "The work had to happen without any downtime for the finance close.",
        # Trouble-making prefixes.
        "The hand-off between the teams was unclear and undocumented.",
        "We had underestimated how many invoices used custom tax rules.",
        "Two teams were misaligned on what a finished invoice meant.",
        # A metric getting worse, and a system failing while time ran out.
        "Invoice errors climbed from 0.4% to 2.1% in a month.",
        "The nightly export was failing silently while the quarter-end close came closer.",
        # Hard constraints: deadline, regulation, budget, headcount, a time limit.
        "The tax regulator's new e-invoicing format applied from the first of October.",
        "Finance had frozen hiring, so the two open roles stayed empty.",
        "We had six weeks until the close and no extra budget.",
    ],
)
def test_obstacles_in_their_many_forms_are_recognised(
    make: MakeStory, tpm: CompetencyFramework, complications: str
) -> None:
    found = _obstacle_findings(make, tpm, complications=complications)
    assert not [r for r in found if r.id == "complications-no-obstacle"], found


@pytest.mark.parametrize(
    "complications",
    [
        "The program covered four teams and a shared dashboard, planned in two phases.",
        "The teams were excited about the new platform, and the roadmap was set for the year.",
    ],
)
def test_a_calm_complications_field_is_a_warning(
    make: MakeStory, tpm: CompetencyFramework, complications: str
) -> None:
    [finding] = [
        r
        for r in _obstacle_findings(make, tpm, complications=complications)
        if r.id == "complications-no-obstacle"
    ]
    assert finding.severity == "warning"
    assert finding.category == "complications"


def test_an_obstacle_told_only_in_the_situation_makes_it_a_hint(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    situation = str(SCENE["situation"]) + " Two of the teams disagreed about the tax rules."
    [finding] = [
        r
        for r in _obstacle_findings(
            make,
            tpm,
            situation=situation,
            complications="The program covered four teams and a shared dashboard.",
        )
        if r.id == "complications-no-obstacle"
    ]
    assert finding.severity == "hint"
    assert "Situation" in finding.message and "'disagree" in finding.message


def test_empty_complications_with_no_obstacle_anywhere_is_an_error(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    [finding] = _obstacle_findings(make, tpm, complications="")
    assert (finding.id, finding.severity) == ("complications-missing", "error")


def test_empty_complications_with_the_obstacle_in_the_situation_is_a_hint(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    situation = str(SCENE["situation"]) + " The regulator's deadline could not move."
    [finding] = _obstacle_findings(make, tpm, situation=situation, complications="")
    assert (finding.id, finding.severity) == ("complications-missing", "hint")
    assert "deadline" in finding.message


def test_in_a_failure_story_mistakes_told_in_the_action_count(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    failure = {
        "complications": "",
        "competencies": {"tpm": ["failure-and-learning"]},
        "lessons": "I now test every export against last month's real invoices first.",
        "action": "I traced my mistake to an untested rounding rule, rolled the export back "
        "within the hour, and rebuilt it with the finance analysts over two weeks.",
    }
    [finding] = _obstacle_findings(make, tpm, **failure)
    assert finding.severity == "hint"
    # The same Action in a story that is not about a failure does not count.
    success = {**failure, "competencies": {"tpm": ["ownership"]}, "lessons": ""}
    [finding] = _obstacle_findings(make, tpm, **success)
    assert finding.severity == "error"


def test_a_failure_outcome_is_not_an_obstacle(make: MakeStory, tpm: CompetencyFramework) -> None:
    situation = str(SCENE["situation"]) + " The project failed to meet the client's goals."
    [finding] = _obstacle_findings(make, tpm, situation=situation, complications="")
    assert finding.severity == "error"


@pytest.mark.parametrize(
    "word", ["understand", "united", "unique", "universal", "overview", "oversaw", "mission"]
)
def test_words_that_only_start_like_trouble_are_not_obstacles(
    make: MakeStory, tpm: CompetencyFramework, word: str
) -> None:
    complications = f"The program covered four teams, and the {word} page was shared."
    found = _obstacle_findings(make, tpm, complications=complications)
    assert [r.id for r in found if r.severity == "warning"] == ["complications-no-obstacle"]
