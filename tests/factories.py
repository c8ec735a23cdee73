"""Builders of realistic test data, shared by the test modules."""

from __future__ import annotations

from dataclasses import dataclass

from storybank.core.models import Story


@dataclass
class Run:
    """The outcome of one CLI invocation."""

    code: int
    out: str
    err: str


def make_story(story_id: str = "billing-ledger", **fields: object) -> Story:
    """A complete, realistic story, with any field overridden."""
    base: dict[str, object] = {
        "id": story_id,
        "title": "Migrating billing to the new ledger",
        "headline": "I moved 4 million invoices to the new ledger two weeks early with no outage.",
        "situation": "Our billing ran on a ledger that could not handle multi-currency invoices.",
        "complications": "Three teams owned parts of the data and the finance deadline was fixed.",
        "action": "I mapped every dependency, set weekly milestones and ran a parallel ledger.",
        "result": "We cut reconciliation time by 60% and launched two weeks before the deadline.",
        "competencies": {"tpm": ["program-execution", "ambiguity"]},
    }
    base.update(fields)
    return Story.model_validate(base)
