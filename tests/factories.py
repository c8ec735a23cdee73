"""Builders of realistic test data, shared by the test modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from storybank.core.models import Story
from storybank.storage.backups import list_backups


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


def age_backups(bank: Path, minutes: float) -> None:
    """Make every backup of ``bank`` look ``minutes`` older (its time is in its name).

    The backup policy takes a routine backup only when the newest is half an
    hour old; tests move the backups back in time instead of waiting.
    """
    for backup in list_backups(bank):
        older = backup.taken - timedelta(minutes=minutes)
        stamp = f"{older:%Y%m%dT%H%M%S%f}Z"
        prefix, _, rest = backup.name.partition(f"{backup.taken:%Y%m%dT%H%M%S%f}Z")
        backup.path.rename(backup.path.with_name(f"{prefix}{stamp}{rest}"))
