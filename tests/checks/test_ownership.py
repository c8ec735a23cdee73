"""Who did it: "I" versus "we", verb-first steps, who decided, escalation."""

from __future__ import annotations

import pytest

from checks.samples import MakeStory
from storybank.checks import CheckResult, check_story
from storybank.checks.sentences import step
from storybank.core.models import CompetencyFramework


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        ("I mapped the dependencies.", "i"),
        ("Mapped the dependencies on one page.", "i"),
        ("Conducted a root-cause workshop with the four leads.", "i"),
        ("Set up a weekly review with finance.", "i"),
        ("Negotiate with the vendor for a longer contract.", "i"),
        ("Recovery: Worked with the data team to restore the backups.", "i"),
        ("Then, quickly rewrote the runbook.", "i"),
        ("After a month of data, I proposed a new rotation.", "i"),
        ("When payments refused, I brought both leads together.", "i"),
        ("We mapped the dependencies.", "we"),
        ("Our team ran the migration over a weekend.", "we"),
        ("After the review, we moved the test window.", "we"),
        ("The payments lead approved the plan.", "other"),
        ("Product wanted the feature before the event.", "other"),
        ("Every dependency was mapped on one page.", "other"),
    ],
)
def test_who_leads_a_step(sentence: str, lead: str) -> None:
    assert step(sentence).lead == lead


def _ownership(make: MakeStory, tpm: CompetencyFramework, action: str) -> dict[str, CheckResult]:
    return {
        r.id: r
        for r in check_story(make(action=action), tpm)
        if r.category == "ownership" and r.severity != "hint"
    }


def test_verb_first_bullets_are_the_tellers_own_steps(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    action = (
        "- Mapped every dependency between the four teams on one page.\n"
        "- Proposed a new sequence that kept the audit date.\n"
        "- Ran a weekly risk review with the stakeholders.\n"
        "- Re-planned the test window when the backfill slipped."
    )
    assert _ownership(make, tpm, action) == {}


def test_a_short_action_is_checked_for_i_too(make: MakeStory, tpm: CompetencyFramework) -> None:
    found = _ownership(make, tpm, "We made sure the process was fair.")
    assert set(found) == {"action-we-heavy"}


def test_a_passive_action_never_says_i(make: MakeStory, tpm: CompetencyFramework) -> None:
    found = _ownership(make, tpm, "The plan was reviewed and the date was kept.")
    assert set(found) == {"action-no-i"}


def test_a_we_led_action_is_we_heavy(make: MakeStory, tpm: CompetencyFramework) -> None:
    action = (
        "I called the four leads together. We mapped the dependencies. We wrote a new plan. "
        "We ran a weekly review until the launch. I sent the notes to finance."
    )
    finding = _ownership(make, tpm, action)["action-we-heavy"]
    assert "3 of the 5 steps" in finding.message


def test_one_shared_step_among_the_tellers_own_is_fine(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    action = (
        "I mapped the dependencies. I proposed a new sequence. I ran the weekly review. "
        "We celebrated the launch together."
    )
    assert _ownership(make, tpm, action) == {}


@pytest.mark.parametrize(
    ("action", "phrase"),
    [
        ("I mapped the options. We decided to ship without the export.", "we decided"),
        ("I mapped the options. It was decided to ship without the export.", "it was decided"),
        ("I mapped the options. The team agreed to drop the export.", "the team agreed"),
        ("I mapped the options. In the end we jointly chose the weekend.", "we chose"),
    ],
)
def test_a_decision_with_no_one_deciding_is_flagged(
    make: MakeStory, tpm: CompetencyFramework, action: str, phrase: str
) -> None:
    finding = _ownership(make, tpm, action)["action-we-decided"]
    assert f"'{phrase}'" in finding.message
    assert "who decided" in finding.message


def test_we_agreed_after_the_tellers_own_call_is_advice(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    action = "I recommended the weekend window, and we agreed to move the cut-over."
    [finding] = [r for r in check_story(make(action=action), tpm) if r.id == "action-we-decided"]
    assert finding.severity == "hint"


@pytest.mark.parametrize(
    "action",
    [
        "I mapped the options, and both leads agreed to my plan.",
        "I mapped the options; the director agreed with my call.",
    ],
)
def test_a_named_party_agreeing_is_not_flagged(
    make: MakeStory, tpm: CompetencyFramework, action: str
) -> None:
    assert "action-we-decided" not in _ownership(make, tpm, action)


def test_escalating_to_management_is_a_warning_and_to_a_peer_a_hint(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    upward = "I mapped the options and escalated the decision to my director."
    assert _ownership(make, tpm, upward)["action-escalation"].severity == "warning"
    sideways = "I mapped the options and escalated the issue to the database expert."
    [finding] = [r for r in check_story(make(action=sideways), tpm) if r.id == "action-escalation"]
    assert finding.severity == "hint"
