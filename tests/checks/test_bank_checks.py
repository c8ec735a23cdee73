"""Bank checks: size, competency gaps and thin coverage, near-duplicates."""

from __future__ import annotations

import pytest

from checks.samples import STRONG, build_story
from storybank.checks import BANK_CHECKS, BankCheckResult, check_bank
from storybank.core.models import CompetencyFramework, Story

CHECKOUT: dict[str, object] = {
    "id": "checkout-latency",
    "title": "Checkout latency before peak season",
    "headline": "I cut checkout p95 latency from 2.4 seconds to 600 milliseconds before Black "
    "Friday by getting three teams to agree on one caching plan.",
    "situation": "Two months before Black Friday, checkout p95 latency had crept up to 2.4 "
    "seconds and conversion was dropping. I was the TPM for the checkout platform, which "
    "depended on the pricing, inventory and fraud services owned by three other teams.",
    "complications": "Each team blamed another service, and nobody owned the end-to-end "
    "latency budget. The code freeze was six weeks away, and the fraud team pushed back on "
    "caching because stale fraud scores were a real risk.",
    "action": "I set up a shared trace dashboard so every team saw the same request "
    "waterfall, and it showed that pricing and fraud calls ran one after the other. I "
    "proposed a latency budget per service and got each lead to sign up to a number. For "
    "the fraud concern, I brought the fraud and checkout architects together; we agreed to "
    "cache prices for thirty seconds but never fraud scores, and to call fraud in parallel. "
    "I tracked the work against the freeze date in a twice-weekly risk review.",
    "result": "Checkout p95 fell to 600 milliseconds three weeks before the freeze, and "
    "conversion recovered by 4% over the peak weekend, worth about $2M in revenue.",
    "competencies": {"tpm": ["technical-depth", "risk-and-pressure", "customer-impact"]},
}

RESELLER: dict[str, object] = {
    "id": "reseller-dashboard",
    "title": "Saying no to the reseller dashboard",
    "headline": "I protected the mobile launch date by turning a quarter-long dashboard "
    "request into an export feature that shipped in two weeks.",
    "situation": "Our largest reseller asked for a custom analytics dashboard three months "
    "before our mobile app launch. Sales wanted it at once because the reseller's contract "
    "renewal was close. I was the TPM for the mobile launch and owned the shared roadmap.",
    "complications": "Building the dashboard would have pulled four engineers off the app "
    "and slipped the launch by a quarter. Sales and product leadership disagreed on which "
    "commitment mattered more, and the reseller's real need was unclear.",
    "action": "I interviewed the reseller's operations manager with the account lead and "
    "learned they only needed weekly data in their own reporting tool. I wrote a one-page "
    "options memo with the cost and risk of each path, and proposed a spreadsheet export "
    "that one engineer could ship in two weeks. I walked sales and product leadership "
    "through the trade-off together and got agreement to ship the export and revisit the "
    "dashboard after launch.",
    "result": "The export shipped in two weeks, the reseller renewed a $1.5M contract, and "
    "the mobile app launched on the original date to 200,000 users in its first month.",
    "competencies": {"tpm": ["prioritization", "stakeholder-communication", "customer-impact"]},
}

# The ledger story retold with a new title and a few words changed: a near-duplicate.
LEDGER_RETOLD: dict[str, object] = {
    **STRONG,
    "id": "legacy-ledger",
    "title": "Retiring the legacy ledger",
    "action": str(STRONG["action"])
    .replace("on one page", "in one diagram")
    .replace("weekly risk review", "weekly risk meeting"),
}


def _stub(number: int, tags: list[str]) -> Story:
    """A short draft story; too short to be compared by text."""
    return build_story(
        id=f"draft-{number}",
        title=f"Draft story {number}",
        situation=f"Draft {number}: a program I led.",
        complications="Two teams disagreed.",
        action="I aligned them.",
        result="It shipped 2 weeks early.",
        competencies={"tpm": tags},
    )


def _ids(results: list[BankCheckResult]) -> list[str]:
    return [result.id for result in results]


def _of(results: list[BankCheckResult], check_id: str) -> list[BankCheckResult]:
    return [result for result in results if result.id == check_id]


def test_empty_bank_reports_only_empty(tpm: CompetencyFramework) -> None:
    [result] = check_bank([], tpm)
    assert result.id == "bank-empty"
    assert result.severity == "warning"
    assert "no stories" in result.message


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "bank-too-few"), (4, "bank-too-few"), (5, None), (7, None), (8, "bank-too-many")],
)
def test_bank_size(tpm: CompetencyFramework, count: int, expected: str | None) -> None:
    stories = [_stub(n, ["ownership"]) for n in range(count)]
    results = check_bank(stories, tpm)
    size_ids = [i for i in _ids(results) if i in ("bank-too-few", "bank-too-many")]
    if expected is None:
        assert size_ids == []
        return
    assert size_ids == [expected]
    [result] = _of(results, expected)
    assert result.severity == "warning"
    noun = "story" if count == 1 else "stories"
    assert f"has {count} {noun}" in result.message
    assert "5\u20137" in result.message


def test_each_gap_is_named_in_framework_order(tpm: CompetencyFramework) -> None:
    covered = ["cross-functional-leadership", "program-execution", "conflict"]
    stories = [_stub(n, covered) for n in range(5)]
    gaps = _of(check_bank(stories, tpm), "bank-gap")
    missing = [c for c in tpm.competencies if c.id not in covered]
    assert [gap.competency_id for gap in gaps] == [c.id for c in missing]
    for gap, competency in zip(gaps, missing, strict=True):
        assert gap.severity == "warning"
        assert gap.message == f"No story covers {competency.name}."
        assert competency.name in gap.suggestion


def test_thin_coverage_names_the_competency_and_story(tpm: CompetencyFramework) -> None:
    stories = [
        build_story(),
        build_story(**CHECKOUT),
        build_story(**RESELLER),
    ]
    results = check_bank(stories, tpm)
    thin = {result.competency_id: result for result in _of(results, "bank-thin")}
    # customer-impact is covered twice (checkout and reseller), so it is not thin.
    assert "customer-impact" not in thin
    assert "customer-impact" not in {r.competency_id for r in _of(results, "bank-gap")}
    prioritization = thin["prioritization"]
    assert prioritization.severity == "hint"
    assert prioritization.message == (
        "Only 'Saying no to the reseller dashboard' covers Prioritization; ideally 2 stories do."
    )
    assert prioritization.story_ids == ("reseller-dashboard",)


def test_every_competency_covered_twice_has_no_gap_or_thin(tpm: CompetencyFramework) -> None:
    ids = tpm.ids
    stories = [_stub(n, ids[n::3]) for n in range(3)] + [_stub(n + 3, ids) for n in range(2)]
    results = check_bank(stories, tpm)
    assert _of(results, "bank-gap") == []
    assert _of(results, "bank-thin") == []


def test_tags_in_another_framework_do_not_cover(tpm: CompetencyFramework) -> None:
    story = build_story(competencies={"amazon-lp": ["ownership"]})
    gaps = _of(check_bank([story], tpm), "bank-gap")
    assert "ownership" in [gap.competency_id for gap in gaps]


def test_gaps_follow_the_active_framework(amazon: CompetencyFramework) -> None:
    story = build_story(competencies={"amazon-lp": ["ownership", "deliver-results"]})
    gaps = _of(check_bank([story], amazon), "bank-gap")
    assert len(gaps) == len(amazon.competencies) - 2
    assert "No story covers Have Backbone; Disagree and Commit." in [g.message for g in gaps]


def test_same_title_is_a_duplicate(tpm: CompetencyFramework) -> None:
    first = build_story(**CHECKOUT)
    second = _stub(1, ["ownership"]).model_copy(
        update={"title": "  checkout LATENCY before peak   season"}
    )
    [duplicate] = _of(check_bank([first, second], tpm), "bank-duplicate")
    assert duplicate.severity == "warning"
    assert duplicate.story_ids == ("checkout-latency", "draft-1")
    assert "have the same title" in duplicate.message


def test_retold_story_is_a_near_duplicate(tpm: CompetencyFramework) -> None:
    stories = [build_story(), build_story(**CHECKOUT), build_story(**LEDGER_RETOLD)]
    [duplicate] = _of(check_bank(stories, tpm), "bank-duplicate")
    assert duplicate.story_ids == ("ledger-migration", "legacy-ledger")
    assert duplicate.message.startswith(
        "'Unblocking the ledger migration' and 'Retiring the legacy ledger' are "
    )
    assert "% alike" in duplicate.message


def test_distinct_stories_are_not_duplicates(tpm: CompetencyFramework) -> None:
    stories = [build_story(), build_story(**CHECKOUT), build_story(**RESELLER)]
    assert _of(check_bank(stories, tpm), "bank-duplicate") == []


def test_short_drafts_are_not_compared_by_text(tpm: CompetencyFramework) -> None:
    # Identical bodies, different titles: too short to call duplicates.
    stories = [_stub(n, ["ownership"]) for n in range(2)]
    assert _of(check_bank(stories, tpm), "bank-duplicate") == []


def test_results_come_in_catalogue_order(tpm: CompetencyFramework) -> None:
    stories = [build_story(), build_story(**LEDGER_RETOLD), build_story(**CHECKOUT)]
    ids = _ids(check_bank(stories, tpm))
    order = list(BANK_CHECKS)
    assert ids == sorted(ids, key=order.index)
    assert ids[0] == "bank-too-few"
    assert ids[-1] == "bank-duplicate"
    assert {"bank-gap", "bank-thin"} <= set(ids)


def test_bank_result_to_dict(tpm: CompetencyFramework) -> None:
    [result] = check_bank([], tpm)
    assert result.to_dict() == {
        "id": "bank-empty",
        "category": "bank",
        "severity": "warning",
        "message": result.message,
        "suggestion": result.suggestion,
        "story_ids": [],
        "competency_id": None,
    }
