"""Each story check, with a story that trips it and a near miss that does not."""

from __future__ import annotations

import pytest

from checks.samples import STRONG, MakeStory
from storybank.checks import (
    CHECK_FIELDS,
    STORY_CHECKS,
    CheckResult,
    check_field,
    check_story,
    fold_follow_up,
    story_stats,
    unexplained_acronyms,
)
from storybank.checks.rules import LENGTH_BANDS
from storybank.core.models import CompetencyFramework, FollowUp, Story

# --- Snippets -------------------------------------------------------------------

HISTORY = (
    " The ledger had been built in 2014 by a team that no longer existed, extended three "
    "times for new markets, patched after every tax change, and documented only in a wiki "
    "that nobody had updated since the original engineers left for other groups."
)
MORE_OBSTACLES = (
    " On top of that, the data platform team was short two engineers after a reorg, the "
    "security review queue was six weeks long, the vendor contract for the old ledger could "
    "not be extended, and support had no runbook for customers who saw duplicate invoices."
)
STATUS_WORK = (
    " I also wrote the weekly status note for the finance director, ran the go/no-go "
    "meeting, kept the decision log, rehearsed the cut-over twice with support, booked the "
    "war room for the weekend, checked every open ticket with the owners, and made sure the "
    "rollback plan was signed off by all four leads before the freeze."
)
MORE_ACTION = (
    STATUS_WORK + " After the switch I held a review with every team to capture what we "
    "would repeat next time."
)
MORE_RESULT = (
    " The payments team later reused the dependency map for two other programs, the audit "
    "closed with no findings on billing, support volume for invoices dropped by a third, and "
    "the finance director asked me to run the next migration for the general ledger as well."
)
TECHNICAL_ACTION = (
    "I wrote a Python script that compared every row in the old ledger table with the new "
    "schema, fixed the SQL queries that timed out, added an index on the invoice column and "
    "merged the pull request once the unit tests passed."
)
WE_ACTION = (
    "We mapped every dependency between the four teams and we showed that the rewrite added "
    "eleven weeks. We proposed a trade-off to the payments lead, and our team ran a weekly "
    "risk review with the stakeholders. I tracked each milestone against the timeline."
)
PASSIVE_ACTION = (
    "Every dependency between the four teams was mapped on one page, and the rewrite was "
    "shown to add eleven weeks to the critical path. A trade-off was proposed to the "
    "payments lead and a weekly risk review was set up with the stakeholders."
)
PEOPLE_STORY: dict[str, object] = {
    "title": "Rebuilding trust with the sales team",
    "headline": "I turned a hostile quarterly planning meeting into a shared plan that sales "
    "and engineering both signed.",
    "situation": "Sales leadership felt engineering ignored their requests, and the last "
    "planning meeting had ended with the two directors refusing to talk to each other. I "
    "was the TPM asked to run the next quarterly planning cycle for the whole group.",
    "complications": "Both directors disagreed on what the top priority was, and each had "
    "already promised dates to their own teams without asking the other side.",
    "action": "I met each director alone first and wrote down what they needed and why. I "
    "built one ranked list of requests with both of them, showed the trade-off each choice "
    "made on the timeline, and proposed that we review the list together every month. I "
    "ran the first review myself and shared the notes with every stakeholder the same day.",
    "result": "Both directors signed the plan, sales escalations to the VP fell from 9 in the "
    "previous quarter to 1, and customers got the two features they had asked for on time.",
    "competencies": {"tpm": ["conflict", "technical-depth"]},
}
LONG_HEADLINE = (
    "I got four teams that did not report to me to retire the old billing ledger three "
    "weeks before the annual audit by mapping every dependency, re-sequencing the payments "
    "rewrite, settling who owned the cut-over and cutting two reports from scope with the "
    "finance director."
)


# A Situation that names no obstacle, so that the Complications rules report
# what they would report on a story whose setup is only the scene.
PLAIN_SITUATION = (
    "At Northwind, our billing system ran on a ten-year-old ledger, and finance wanted its "
    "reports from the new one. I was the TPM for the migration, working across payments, "
    "data platform, finance engineering and support."
)
PLAIN_HEADLINE = "I moved Northwind's billing to the new ledger three weeks before the audit."


def _action(extra: str) -> str:
    return str(STRONG["action"]) + extra


def _ids(results: list[CheckResult]) -> list[str]:
    return [result.id for result in results]


# --- Failing examples: (check id, severity, changes to the strong story, words the
# message must name) ---------------------------------------------------------------

FAILING: list[tuple[str, str, dict[str, object], list[str]]] = [
    (
        "title-too-long",
        "hint",
        {
            "title": "How I got four teams to retire the old billing ledger three weeks before "
            "the annual audit"
        },
        ["17 words"],
    ),
    ("headline-missing", "warning", {"headline": ""}, ["No headline"]),
    ("headline-too-short", "hint", {"headline": "Ledger migration done early."}, ["4 words"]),
    (
        "headline-too-long",
        "warning",
        {
            "headline": "I retired the old ledger early. Four teams were involved. The audit "
            "passed with no billing findings."
        },
        ["3 sentences"],
    ),
    ("headline-too-long", "warning", {"headline": LONG_HEADLINE}, ["45 words"]),
    ("situation-missing", "error", {"situation": ""}, ["Situation is empty"]),
    (
        "situation-too-short",
        "hint",
        {"situation": "I was the TPM for the billing ledger migration."},
        ["9 words"],
    ),
    (
        "situation-too-long",
        "hint",
        {"situation": str(STRONG["situation"]) + HISTORY},
        ["Situation is 89 words"],
    ),
    (
        "complications-missing",
        "error",
        {"complications": "   ", "situation": PLAIN_SITUATION, "headline": PLAIN_HEADLINE},
        ["Complications is empty", "nothing else"],
    ),
    (
        "complications-too-short",
        "hint",
        {"complications": "Two teams disagreed about ownership."},
        ["5 words"],
    ),
    (
        "complications-too-long",
        "hint",
        {"complications": str(STRONG["complications"]) + MORE_OBSTACLES},
        ["91 words"],
    ),
    (
        "complications-no-obstacle",
        "warning",
        {
            "situation": PLAIN_SITUATION,
            "headline": PLAIN_HEADLINE,
            "complications": "The migration covered four teams and a new reporting dashboard "
            "for finance, and the work was planned in two phases over the year.",
        },
        ["obstacle, ambiguity, conflict or risk"],
    ),
    ("action-missing", "error", {"action": ""}, ["Action is empty"]),
    (
        "action-too-short",
        "warning",
        {
            "action": "I mapped the dependencies between the four teams, proposed a new "
            "sequence for the rewrite and ran a weekly risk review."
        },
        ["21 words"],
    ),
    (
        "action-too-long",
        "hint",
        {
            "action": _action(
                MORE_ACTION + " On launch night I stayed on the bridge call with "
                "support until the last batch of invoices reconciled."
            )
        },
        ["Action is 194 words"],
    ),
    ("action-we-heavy", "warning", {"action": WE_ACTION}, ["2 of the 3 steps", "1 as yours"]),
    ("action-no-i", "warning", {"action": PASSIVE_ACTION}, ["never says 'I'"]),
    (
        "action-we-decided",
        "warning",
        {
            "action": "I mapped every dependency between the four teams on one page and ran a "
            "weekly risk review with the stakeholders. After the review we decided to move the "
            "test window and keep the launch date."
        },
        ["'we decided'", "who decided"],
    ),
    (
        "action-escalation",
        "warning",
        {
            "action": _action(
                " When payments refused, I escalated to my manager and waited for "
                "leadership to decide."
            )
        },
        ["'escalated to my manager'", "'waited for leadership'"],
    ),
    (
        "action-too-technical",
        "warning",
        {"action": TECHNICAL_ACTION},
        ["'python'", "'script'", "'table'", "no program words"],
    ),
    (
        "action-no-why",
        "warning",
        {
            "situation": PLAIN_SITUATION,
            "complications": "Four teams owned parts of the migration, and payments and "
            "finance disagreed about who owned the cut-over.",
            "action": "I mapped every dependency between the four teams on one page. I decided "
            "to move the cut-over to a weekend and proposed that finance own it. I sent a weekly "
            "status note to the four leads and tracked each milestone against the plan.",
        },
        ["'decide', 'propose'", "never says why"],
    ),
    ("result-missing", "error", {"result": ""}, ["Result is empty"]),
    (
        "result-too-short",
        "hint",
        {"result": "Customers got the new ledger three weeks early."},
        ["8 words"],
    ),
    (
        "result-too-long",
        "hint",
        {"result": str(STRONG["result"]) + MORE_RESULT},
        ["Result is 78 words"],
    ),
    (
        "result-not-quantified",
        "error",
        {
            "result": "We switched off the old ledger in Q3 before the audit, customers saw no "
            "billing errors, and finance was much happier with the close."
        },
        ["no measured change"],
    ),
    (
        "result-no-impact",
        "warning",
        {
            "result": "The old ledger was switched off and the team moved on to the next phase "
            "of the program with two fewer services to run and 30% less code to maintain."
        },
        ["customers, revenue, cost, risk or time to market"],
    ),
    (
        "lessons-missing-for-failure",
        "error",
        {"competencies": {"tpm": ["failure-and-learning", "program-execution"]}},
        ["'failure-and-learning'", "Lessons is empty"],
    ),
    (
        "lessons-missing-for-setback",
        "warning",
        {
            "result": "We missed the launch by six weeks and lost 2 pilot customers to a "
            "competitor, though the ledger itself worked."
        },
        ["Result says 'missed the launch'"],
    ),
    ("lessons-too-short", "hint", {"lessons": "Plan earlier."}, ["2 words"]),
    (
        "lessons-too-long",
        "hint",
        {
            "lessons": "I learned to put the dependency map in front of every team in the first "
            "week." + MORE_ACTION + HISTORY
        },
        ["Lessons is 133 words"],
    ),
    (
        "competencies-none",
        "warning",
        {"competencies": {}},
        ["No Technical Program Manager competencies"],
    ),
    (
        "competencies-too-many",
        "hint",
        {
            "competencies": {
                "tpm": ["conflict", "ambiguity", "ownership", "prioritization", "program-execution"]
            }
        },
        ["5 Technical Program Manager competencies"],
    ),
    (
        "competencies-technical-without-content",
        "warning",
        PEOPLE_STORY,
        ["Tagged Technical depth", "0 technical terms"],
    ),
    (
        "story-unanswered-follow-ups",
        "warning",
        {"follow_ups": [FollowUp(question="How did you measure the savings?", answer=" ")]},
        ["How did you measure the savings?", "no answer"],
    ),
    (
        "story-too-short",
        "warning",
        {
            "headline": "I retired the old ledger three weeks before the audit.",
            "situation": "Our billing system ran on a ten-year-old ledger that finance could "
            "no longer audit, and I was the TPM.",
            "complications": "Four teams owned parts of it and two disagreed about who owned "
            "the cut-over.",
            "action": "I mapped every dependency, proposed a trade-off on the rewrite, settled "
            "ownership with three written options and ran a weekly risk review with the "
            "stakeholders.",
            "result": "We switched off the ledger three weeks early with zero customer-facing "
            "errors.",
        },
        ["0:32", "80 words", "under 0:45", "target is 2:00"],
    ),
    (
        "story-too-long",
        "hint",
        {
            "action": _action(STATUS_WORK),
            "situation": str(STRONG["situation"]) + HISTORY,
        },
        ["2:", "target is 2:00"],
    ),
    (
        "story-rambling",
        "error",
        {
            "situation": str(STRONG["situation"]) + HISTORY,
            "complications": str(STRONG["complications"]) + MORE_OBSTACLES,
            "action": _action(MORE_ACTION),
            "result": str(STRONG["result"]) + MORE_RESULT,
        },
        ["3:", "past 3:00"],
    ),
    (
        "story-hedging",
        "warning",
        {
            "situation": "Basically, our billing system still ran on a ten-year-old ledger "
            "that finance could no longer audit, and I was the TPM for the migration across "
            "payments, data platform and support.",
            "action": _action(
                " I kind of pushed the leads to commit and I guess it sort of worked, kind of."
            ),
        },
        ["'basically'", "'kind of' \u00d72", "'i guess'", "'sort of'"],
    ),
    (
        "story-acronyms",
        "warning",
        {
            "situation": str(STRONG["situation"]) + " The GTM team owned the SLO for the RCA "
            "process, and every service level objective (SLO) was tracked."
        },
        ["GTM, RCA"],
    ),
    (
        "story-jargon",
        "warning",
        {
            "action": _action(
                " I moved reconciliation behind a strangler fig so that SecEng could review "
                "one slice at a time."
            )
        },
        ["'strangler fig'", "'SecEng'"],
    ),
    (
        "story-generic",
        "warning",
        {
            "situation": "Our team ran an old system that the business wanted replaced, and I "
            "was the TPM asked to lead the work across several groups.",
        },
        ["names no company, product, team or person and no date"],
    ),
    (
        "story-generic",
        "warning",
        {"situation": str(STRONG["situation"]) + " The client was XYZ Corp."},
        ["placeholder", "'XYZ'"],
    ),
]


@pytest.mark.parametrize(
    ("check_id", "severity", "changes", "names"),
    FAILING,
    ids=[f"{case[0]}-{n}" for n, case in enumerate(FAILING)],
)
def test_check_fires_and_names_the_problem(
    make: MakeStory,
    tpm: CompetencyFramework,
    check_id: str,
    severity: str,
    changes: dict[str, object],
    names: list[str],
) -> None:
    results = check_story(make(**changes), tpm)
    matching = [result for result in results if result.id == check_id]
    assert len(matching) == 1, _ids(results)
    result = matching[0]
    assert result.severity == severity
    assert result.field == STORY_CHECKS[check_id].field
    assert result.suggestion
    for name in names:
        assert name in result.message


def test_every_story_check_has_a_failing_example() -> None:
    assert {case[0] for case in FAILING} == set(STORY_CHECKS)


def test_catalogue_severities_match_the_examples() -> None:
    for check_id, severity, _changes, _names in FAILING:
        assert STORY_CHECKS[check_id].severity == severity


# --- Passing examples: near misses that must not trip the check -----------------------

PASSING: list[tuple[str, dict[str, object]]] = [
    ("title-too-long", {"title": "Ledger migration: four teams, one audit date"}),
    ("headline-missing", {}),
    ("headline-too-short", {"headline": "I retired the old ledger three weeks early."}),
    (
        "headline-too-long",
        {
            "headline": "I cut licensing cost 3.5% vs. plan, e.g. by retiring the old ledger "
            "three weeks early."
        },
    ),
    ("situation-missing", {}),
    ("situation-too-short", {}),
    ("situation-too-long", {}),
    ("complications-missing", {}),
    ("complications-too-short", {}),
    ("complications-too-long", {}),
    (
        "complications-no-obstacle",
        {
            "complications": "Nobody owned the cut-over, and the payments team pushed back on "
            "any plan that delayed their rewrite."
        },
    ),
    ("action-missing", {}),
    ("action-too-short", {}),
    ("action-too-long", {}),
    (
        "action-we-heavy",
        {
            "action": _action(
                " We celebrated together after the switch, and we wrote a joint review."
            )
        },
    ),
    ("action-no-i", {"action": "Mapped the dependencies."}),
    (
        "action-we-decided",
        {"action": _action(" I recommended the weekend window and both leads agreed to it.")},
    ),
    (
        "action-escalation",
        {
            "action": _action(
                " I kept my manager informed with a weekly status note and made "
                "the call on the test window myself."
            )
        },
    ),
    (
        "action-too-technical",
        {"action": TECHNICAL_ACTION + " That removed the last risk to the audit timeline."},
    ),
    ("action-no-why", {}),
    ("result-missing", {}),
    ("result-too-short", {}),
    ("result-too-long", {}),
    (
        "result-not-quantified",
        {"result": "We cut checkout latency in half before the launch, and customers noticed."},
    ),
    ("result-no-impact", {}),
    (
        "lessons-missing-for-failure",
        {
            "competencies": {"tpm": ["failure-and-learning"]},
            "lessons": "I learned to put the dependency map in front of every team in week "
            "one, and I now do it at the start of every program.",
        },
    ),
    (
        "lessons-missing-for-setback",
        {
            "complications": str(STRONG["complications"]) + " Then the backfill failed twice "
            "and we missed the first test window."
        },
    ),
    ("lessons-too-short", {}),
    ("lessons-too-long", {}),
    ("competencies-none", {"competencies": {"tpm": ["ambiguity"], "amazon-lp": ["ownership"]}}),
    ("competencies-too-many", {}),
    (
        "competencies-technical-without-content",
        {"competencies": {"tpm": ["technical-depth"]}},
    ),
    (
        "story-unanswered-follow-ups",
        {"follow_ups": [FollowUp(question="How did you measure it?", answer="From the bills.")]},
    ),
    ("story-too-short", {"action": "I mapped the dependencies."}),
    ("story-too-long", {}),
    ("story-rambling", {"action": _action(STATUS_WORK)}),
    (
        "story-hedging",
        {
            "action": _action(
                " I sorted out the ownership question and thought through every "
                "option before I decided."
            )
        },
    ),
    (
        "story-acronyms",
        {
            "situation": str(STRONG["situation"]) + " A service level objective (SLO) and the "
            "GTM (go-to-market) plan for the US APIs in Q3 and H1, with P0 and SEV2 bugs."
        },
    ),
    (
        "story-jargon",
        {
            "action": _action(
                " I exported the ledger to CSV for the CFO, and the API team used a circuit "
                "breaker (it stops calls to a failing service) during the switch."
            )
        },
    ),
    ("story-generic", {}),
]


@pytest.mark.parametrize(
    ("check_id", "changes"), PASSING, ids=[f"{case[0]}-{n}" for n, case in enumerate(PASSING)]
)
def test_check_does_not_fire_on_near_miss(
    make: MakeStory, tpm: CompetencyFramework, check_id: str, changes: dict[str, object]
) -> None:
    assert check_id not in _ids(check_story(make(**changes), tpm))


def test_every_story_check_has_a_passing_example() -> None:
    assert {case[0] for case in PASSING} == set(STORY_CHECKS)


def test_strong_story_passes_every_check(strong: Story, tpm: CompetencyFramework) -> None:
    assert check_story(strong, tpm) == []


# --- Details of individual rules -----------------------------------------------------------


def test_missing_field_reports_missing_not_too_short(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    ids = _ids(check_story(make(result=""), tpm))
    assert "result-missing" in ids
    assert "result-too-short" not in ids
    assert "result-not-quantified" not in ids
    assert "result-no-impact" not in ids


def test_title_only_story_reports_each_missing_part(tpm: CompetencyFramework) -> None:
    story = Story(id="draft", title="Vendor outage")
    assert _ids(check_story(story, tpm)) == [
        "headline-missing",
        "situation-missing",
        "complications-missing",
        "action-missing",
        "result-missing",
        "competencies-none",
    ]


def test_rambling_replaces_too_long(make: MakeStory, tpm: CompetencyFramework) -> None:
    ids = _ids(check_story(make(action=_action(MORE_ACTION * 3)), tpm))
    assert "story-rambling" in ids
    assert "story-too-long" not in ids


def test_we_heavy_action_is_not_also_reported_as_no_i(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    action = WE_ACTION.replace("I tracked", "The team tracked")
    ids = _ids(check_story(make(action=action), tpm))
    assert "action-we-heavy" in ids
    assert "action-no-i" not in ids


def test_long_headline_is_reported_once(make: MakeStory, tpm: CompetencyFramework) -> None:
    headline = LONG_HEADLINE + " It was hard. It worked."
    ids = _ids(check_story(make(headline=headline), tpm))
    assert ids.count("headline-too-long") == 1


def test_tagged_failure_is_an_error_not_also_a_setback(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    story = make(
        result="We missed the launch by 6 weeks and lost two pilot customers.",
        competencies={"tpm": ["failure-and-learning"]},
    )
    ids = _ids(check_story(story, tpm))
    assert "lessons-missing-for-failure" in ids
    assert "lessons-missing-for-setback" not in ids


def test_competencies_use_the_active_framework(
    make: MakeStory, amazon: CompetencyFramework
) -> None:
    results = check_story(make(), amazon)
    [none] = [result for result in results if result.id == "competencies-none"]
    assert "Amazon Leadership Principles" in none.message
    tagged = make(competencies={"amazon-lp": ["ownership", "deliver-results"]})
    assert "competencies-none" not in _ids(check_story(tagged, amazon))


def test_default_framework_is_tpm(make: MakeStory) -> None:
    ids = _ids(check_story(make(competencies={"amazon-lp": ["ownership"]})))
    assert "competencies-none" in ids


def test_technical_content_counts_distinct_terms(make: MakeStory, tpm: CompetencyFramework) -> None:
    one_term = {**PEOPLE_STORY, "situation": str(PEOPLE_STORY["situation"]) + " The API was fine."}
    [result] = [
        r
        for r in check_story(make(**one_term), tpm)
        if r.id == "competencies-technical-without-content"
    ]
    assert "1 technical term ('api')" in result.message


def test_result_figures(make: MakeStory, tpm: CompetencyFramework) -> None:
    quantified = [
        "Support tickets fell 40% for customers.",
        "We saved \u20ac1.2M in cost for the year.",
        "Customers got the launch 3 weeks early.",
        "Customers saw latency halved within a month.",
    ]
    for result in quantified:
        assert "result-not-quantified" not in _ids(check_field(make(result=result), "result"))
    for result in ["Customers were happy after the P0 fix.", "Customers launched in H1."]:
        assert "result-not-quantified" in _ids(check_field(make(result=result), "result"))


# --- Acronyms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The GTM plan slipped.", ["GTM"]),
        ("We missed the SLO twice; SLOs matter.", ["SLO"]),
        ("Service level objectives (SLOs) were red.", []),
        ("The SLO (service level objective) was red.", []),
        ("The goal (SLO: 99.9% of requests under 300 ms) was red.", []),
        ("The GTM (go-to-market) plan and the RCA.", ["RCA"]),
        ("I, a TPM at a US company, fixed the API in Q3 of H1 with P0 and SEV2 bugs.", []),
        ("We did NOT ship, OK?", []),
        ("iOS, SaaS, GraphQL and PhD are mixed case.", []),
        ("ABCDEFGH is too long to be an acronym.", []),
        ("MTTR went down, then MTTR went up.", ["MTTR"]),
    ],
)
def test_unexplained_acronyms(text: str, expected: list[str]) -> None:
    assert unexplained_acronyms(text) == expected


# --- check_field, order and stats ------------------------------------------------------


def test_results_come_in_catalogue_order(make: MakeStory, tpm: CompetencyFramework) -> None:
    story = make(
        headline="",
        action=WE_ACTION + " Basically I escalated to my manager when the payments lead "
        "refused to move the rewrite.",
        result="The team was happy with how the new ledger worked for everyone involved in "
        "the end.",
        competencies={},
    )
    ids = _ids(check_story(story, tpm))
    order = list(STORY_CHECKS)
    assert ids == sorted(ids, key=order.index)
    assert ids == [
        "headline-missing",
        "action-we-heavy",
        "action-escalation",
        "result-not-quantified",
        "result-no-impact",
        "competencies-none",
        "story-hedging",
    ]


@pytest.mark.parametrize("field", CHECK_FIELDS)
def test_check_field_is_the_field_slice_of_check_story(
    make: MakeStory, tpm: CompetencyFramework, field: str
) -> None:
    story = make(
        title="How I got four teams to retire the old billing ledger three weeks before audit",
        headline="",
        complications="Payments wanted a rewrite first.",
        action=WE_ACTION + " I escalated to my manager.",
        result="The team was happy with the new ledger.",
        lessons="Plan earlier.",
        competencies={"tpm": ["technical-depth"]},
    )
    expected = [result for result in check_story(story, tpm) if result.field == field]
    assert check_field(story, field, tpm) == expected
    assert all(result.field == field for result in expected)


def test_check_field_rejects_unknown_field(strong: Story) -> None:
    with pytest.raises(ValueError, match="unknown field 'follow_ups'"):
        check_field(strong, "follow_ups")


def test_every_field_in_the_catalogue_is_a_check_field() -> None:
    assert {spec.field for spec in STORY_CHECKS.values()} == set(CHECK_FIELDS)
    for check_id, spec in STORY_CHECKS.items():
        assert check_id.startswith(f"{spec.field}-")


def test_result_to_dict(make: MakeStory, tpm: CompetencyFramework) -> None:
    [result] = check_field(make(headline=""), "headline", tpm)
    assert result.to_dict() == {
        "id": "headline-missing",
        "field": "headline",
        "category": "headline",
        "severity": "warning",
        "message": result.message,
        "suggestion": result.suggestion,
    }


def test_story_stats(make: MakeStory) -> None:
    story = make(
        headline="I retired the ledger early.",
        situation="Billing ran on a ten-year-old ledger.",
        complications="Four teams, one trade-off.",
        action="I mapped every dependency.",
        result="We saved $400K a year.",
        lessons="",
    )
    stats = story_stats(story)
    assert dict(stats.words) == {
        "title": 4,
        "headline": 5,
        "situation": 6,
        "complications": 4,
        "action": 4,
        "result": 5,
        "lessons": 0,
    }
    assert stats.total_words == 24
    assert stats.spoken_seconds == 10
    assert stats.spoken_time == "0:10"
    assert not stats.over_target
    assert not stats.rambling


def test_story_stats_of_a_long_story(make: MakeStory) -> None:
    stats = story_stats(make(action=_action(MORE_ACTION * 4)))
    assert stats.spoken_seconds > 180
    assert stats.over_target
    assert stats.rambling


def test_bands_are_ordered() -> None:
    for band in LENGTH_BANDS.values():
        assert 0 <= band.min_words < band.max_words


def test_an_unanswered_follow_up_names_the_round_it_was_asked_in(
    make: MakeStory, tpm: CompetencyFramework
) -> None:
    story = make(
        follow_ups=[
            FollowUp(question="What would the search team say?", answer=""),
            FollowUp(question="How did you  measure it?", answer=""),
            FollowUp(question="Who decided?", answer="I did."),
        ]
    )
    plain = [r for r in check_story(story, tpm) if r.id == "story-unanswered-follow-ups"]
    asked = {fold_follow_up("What would the search team say?"): "Acme, onsite"}
    named = [
        r for r in check_story(story, tpm, asked_in=asked) if r.id == "story-unanswered-follow-ups"
    ]
    assert plain[0].message == (
        "2 follow-ups have no answer: 'What would the search team say?', 'How did you  measure it?'"
    )
    assert named[0].message == (
        "2 follow-ups have no answer: 'What would the search team say?' (from Acme, onsite), "
        "'How did you  measure it?'"
    )
    alone = make(follow_ups=[FollowUp(question="What would the search team say?", answer="")])
    [finding] = [
        r for r in check_story(alone, tpm, asked_in=asked) if r.id == "story-unanswered-follow-ups"
    ]
    assert finding.message == (
        "Unanswered follow-up from Acme, onsite: 'What would the search team say?'"
    )
    # Where it was asked changes the words, never the severity (so readiness is the same).
    assert finding.severity == plain[0].severity == "warning"
