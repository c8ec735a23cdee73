"""The drills in a JSON export, and merging them back in on import."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating

from scheduling.drill_helpers import QUESTIONS, story
from storybank.errors import StorybankError
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.exchange import (
    REVIEW_LOGS,
    export_tables,
    plan_drill_import,
    stage_review_log,
    write_drill_tables,
)
from storybank.scheduling.store import CARDS, DrillStore
from storybank.storage.repository import Bank


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 1, 15, tzinfo=UTC))


@pytest.fixture
def bank_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data" / "bank.json"
    with Bank.create(path) as bank:
        for item in (story("a"), story("b"), story("c")):
            bank.save_story(item, touch=False)
    yield path


def drills_for(bank: Bank, clock: FixedClock) -> Drills:
    return Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)


def rate(bank_file: Path, clock: FixedClock, *cards: str) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        for card in cards:
            drills.ledger.review(card, Rating.Good)
            clock.advance(minutes=1)
        drills.close()


def test_export_carries_cards_and_live_entries_only(bank_file: Path, clock: FixedClock) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        drills.ledger.review("recall:a", Rating.Good)
        drills.ledger.review("recall:b", Rating.Good)
        drills.ledger.undo_last()
        drills.close()
        tables = export_tables(bank)
    assert [row["card"] for row in tables[REVIEW_LOGS]] == ["recall:a"]
    assert {row["id"] for row in tables[CARDS]} >= {"recall:a", "recall:b", "recall:c"}


def test_import_merges_newest_card_state_and_log_entries(
    bank_file: Path, clock: FixedClock, tmp_path: Path
) -> None:
    rate(bank_file, clock, "recall:a")
    with Bank.open(bank_file, read_only=True) as bank:
        exported = export_tables(bank)
        drilled = DrillStore(bank).cards()["recall:a"]
    target = tmp_path / "other" / "bank.json"
    with Bank.create(target) as bank:
        for item in (story("a"), story("b")):
            bank.save_story(item, touch=False)
        drills = drills_for(bank, clock)
        clock.advance(days=1)
        drills.ledger.review("recall:b", Rating.Easy)  # the target's own history stays
        drills.close()
        plan = plan_drill_import(bank, exported, {"a", "b"})
        assert [c.id for c in plan.cards] == ["recall:a"]  # only the newer state
        assert len(plan.reviews) == 1
        with bank.batch():
            write_drill_tables(bank, plan)
            staged = stage_review_log(bank, plan)
        assert staged is not None
        staged.commit()
        store = DrillStore(bank)
        assert store.cards()["recall:a"].fsrs == drilled.fsrs
        assert [e.card for e in store.scan().entries] == ["recall:a", "recall:b"]
        # Importing the same file again changes nothing.
        assert plan_drill_import(bank, exported, {"a", "b"}).is_empty


def test_import_rejects_a_bad_row_before_writing(bank_file: Path) -> None:
    with Bank.open(bank_file) as bank:
        with pytest.raises(StorybankError, match="cards #1"):
            plan_drill_import(bank, {CARDS: [{"id": "recall:a"}]}, {"a"})
        with pytest.raises(StorybankError, match="review_logs #1"):
            plan_drill_import(bank, {REVIEW_LOGS: [{"type": "review"}]}, {"a"})
