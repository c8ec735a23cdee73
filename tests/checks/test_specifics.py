"""Jargon, decisions without a why, and stories that could be anyone's."""

from __future__ import annotations

import pytest

from checks.samples import MakeStory
from storybank.checks import CheckResult, check_story
from storybank.checks.draft import Draft
from storybank.checks.jargon import insider_terms, unexplained_acronyms
from storybank.checks.specifics import dates, names, placeholders
from storybank.core.models import CompetencyFramework, Story

# --- Jargon -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We hid the old service behind a strangler fig.", ["strangler fig"]),
        ("The fix removed a race condition in the payment worker.", ["race condition"]),
        ("SecEng reviewed the design twice.", ["SecEng"]),
        ("We moved the data to DynamoDB.", ["DynamoDB"]),
        ("The p99 dropped and EC2 costs fell.", ["p99", "EC2"]),
        ("We switched to the 'Two Pizza Review' format.", ["Two Pizza Review"]),
    ],
)
def test_insider_terms_are_found_by_list_and_by_shape(text: str, expected: list[str]) -> None:
    assert insider_terms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We exported the ledger to CSV and sent the PDF to the CFO.",
        "I joined FoodWise as a TPM in Q3 to work on the API with the VP.",
        "The launch moved to H2 after a P1 bug in our iOS and GitHub setup.",
        "We added a circuit breaker (it stops calls to a failing service).",
        "DynamoDB, a managed database, stored the ids.",
        "FoodMesh's investors asked for a plan.",
        "She said 'no' and meant it.",
        "I asked the team to keep the review 'small and boring'.",
    ],
)
def test_known_and_explained_terms_are_not_jargon(text: str) -> None:
    assert insider_terms(text) == [] and unexplained_acronyms(text) == []


def test_jargon_is_one_category_with_acronyms(make: MakeStory, tpm: CompetencyFramework) -> None:
    story = make(action=str(make().action) + " I asked SecEng for an RCA on the strangler fig.")
    found = {r.id: r for r in check_story(story, tpm) if r.category == "jargon"}
    assert set(found) == {"story-acronyms", "story-jargon"}
    assert found["story-jargon"].severity == "warning"
    assert "'strangler fig'" in found["story-jargon"].message


# --- Why --------------------------------------------------------------------------------

DECIDING = {
    "situation": "At Quillon I ran the payments platform program across four teams.",
    "complications": "Two of the teams disagreed about whether to migrate the old ledger.",
    "action": "I met each lead. I decided to freeze the old ledger and proposed a two-step "
    "migration. I ran the weekly status meeting until the cut-over.",
    "result": "We moved every merchant to the new ledger by the end of Q3, and payout "
    "complaints fell by a third.",
}


def _why(make: MakeStory, tpm: CompetencyFramework, **changes: object) -> list[CheckResult]:
    story = make(**{**DECIDING, **changes})
    return [r for r in check_story(story, tpm) if r.category == "why"]


def test_a_decision_with_no_reason_anywhere_is_flagged(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    [finding] = _why(make, tpm)
    assert finding.id == "action-no-why"
    assert "'decide', 'propose'" in finding.message


@pytest.mark.parametrize(
    "reason",
    [
        " I froze it because two audits had failed on it.",
        " The pilot showed that a two-step move halved the risk.",
        " We weighed a single cut-over against two smaller ones.",
        " I did it after talking to the four leads and finance.",
        " A big-bang move would have risked every payout that week.",
    ],
)
def test_a_reason_data_trade_off_or_consultation_answers_the_why(
    make: MakeStory, tpm: CompetencyFramework, reason: str
) -> None:
    assert _why(make, tpm, action=str(DECIDING["action"]) + reason) == []


def test_a_design_choice_is_a_decision_and_letting_someone_go_is_one_too(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    design = "I implemented a tenant-routing pattern in the data layer and ran the cut-over."
    [finding] = _why(make, tpm, action=design)
    assert "'pattern'" in finding.message
    people = "After three missed deadlines we let the contractor go and I took over the work."
    [finding] = _why(make, tpm, action=people)
    assert "'let go'" in finding.message


def test_a_story_without_decisions_needs_no_why(make: MakeStory, tpm: CompetencyFramework) -> None:
    plain = "I mapped the dependencies and ran the weekly status meeting until the cut-over."
    assert _why(make, tpm, action=plain) == []


# --- Specifics ---------------------------------------------------------------------------


def _draft(**fields: str) -> Draft:
    return Draft(Story(id="s", title="t", **fields), None)


def test_names_are_capitalised_words_inside_sentences() -> None:
    draft = _draft(
        situation="At Quillon, Priya Raman ran the Atlas program. Larkvale's COO asked me. "
        "Head of Marketing and the Security team joined. We used Datadog for alerts."
    )
    assert names(draft) == ["Quillon", "Priya", "Raman", "Atlas", "Larkvale's"]


def test_labels_quotes_headings_and_weekdays_are_not_names() -> None:
    draft = _draft(
        action="What I Did:\n- Recovery: Restored the backups on Friday.\n"
        "- I called it 'Operation Clean Slate' in the notes."
    )
    assert names(draft) == []


def test_dates_are_months_quarters_and_years() -> None:
    draft = _draft(situation="In March 2023 we planned Q3; the FY24 budget came in May.")
    assert dates(draft) == ["2023", "Q3", "FY24", "March", "May"]


def test_placeholders_read_as_a_template() -> None:
    assert placeholders("I was a PM at XYZ Company working for Client A.") == ["XYZ", "Client A"]
    assert placeholders("I was a PM at Quillon.") == []


def _generic(make: MakeStory, tpm: CompetencyFramework, **changes: object) -> list[CheckResult]:
    return [r for r in check_story(make(**changes), tpm) if r.id == "story-generic"]


ANONYMOUS = {
    "headline": "I got the teams to agree on one plan and delivered it early.",
    "situation": "I was the program manager for a large platform project that several "
    "teams depended on, and leadership wanted it done quickly.",
}


def test_an_anonymous_story_is_generic_even_with_figures(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    [finding] = _generic(make, tpm, **ANONYMOUS)
    assert finding.severity == "warning" and finding.category == "generic"


@pytest.mark.parametrize(
    "detail",
    [
        " It was at Quillon.",
        " It started in September.",
        " Our finance lead, Priya, owned the numbers.",
        " Priya Raman from finance owned the numbers.",
    ],
)
def test_one_name_or_date_makes_it_the_tellers_own(
    make: MakeStory, tpm: CompetencyFramework, detail: str
) -> None:
    situation = str(ANONYMOUS["situation"]) + detail
    assert _generic(make, tpm, **{**ANONYMOUS, "situation": situation}) == []


def test_a_placeholder_makes_a_story_generic_despite_names(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    [finding] = _generic(make, tpm, situation="At ABC Corp in March, I led the migration.")
    assert "'ABC'" in finding.message
