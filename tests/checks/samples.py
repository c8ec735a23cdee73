"""Sample stories shared by the checks tests (imported as ``checks.samples``)."""

from __future__ import annotations

from collections.abc import Callable

from storybank.core.models import Story

# A complete story that passes every check: about 1:40 when spoken, first
# person, quantified, with program words and named complications.
STRONG: dict[str, object] = {
    "id": "ledger-migration",
    "title": "Unblocking the ledger migration",
    "headline": "I got four teams to retire the old billing ledger three weeks before the audit "
    "by re-sequencing dependencies and cutting scope.",
    "situation": "Our billing system still ran on a ten-year-old ledger that finance could no "
    "longer audit. Leadership set a hard date: switch it off before the March audit, nine "
    "months out. I was the TPM for the migration, working across payments, data platform, "
    "finance engineering and support.",
    "complications": "Four teams owned parts of the migration and none reported to me. "
    "Payments wanted to rewrite the reconciliation service first, which put the data "
    "platform work on the critical path and the audit date at risk. Finance and payments "
    "also disagreed about who owned the cut-over.",
    "action": "I mapped every dependency between the four teams on one page and showed that "
    "the rewrite added eleven weeks to the critical path. I proposed a trade-off to the "
    "payments lead: keep the current reconciliation service for launch and schedule the "
    "rewrite afterwards. To settle the ownership conflict, I brought both leads together "
    "with three written options and their risks, and both leads agreed that finance owns "
    "the cut-over decision. I ran a weekly risk review with the stakeholders and tracked each "
    "milestone against the timeline. When the backfill slipped a week, I re-planned the "
    "test window so the launch date held.",
    "result": "We switched off the old ledger three weeks before the audit with zero "
    "customer-facing billing errors. Finance now closes the quarter two days faster, and we "
    "save $400K a year in licensing cost.",
    "competencies": {"tpm": ["cross-functional-leadership", "program-execution", "conflict"]},
}

MakeStory = Callable[..., Story]


def build_story(**changes: object) -> Story:
    """The strong story with some fields replaced (validated like user input)."""
    return Story.model_validate({**STRONG, **changes})
