"""Fixtures for the drill tests: a real bank in tmp_path, a fixed clock, fuzz off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scheduling.drill_helpers import NEW_YORK, QUESTIONS, local
from storybank.core.models import Settings, Story
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank


@pytest.fixture
def clock() -> FixedClock:
    """Saturday 1 March 2025, 10:00 in New York."""
    return FixedClock(local(2025, 3, 1, 10, 0), NEW_YORK)


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    """Where the test bank lives."""
    return tmp_path / "data" / "bank.json"


@pytest.fixture
def make_bank(bank_file: Path) -> Iterator[Callable[..., Bank]]:
    """Create the bank with the given stories (and settings), open for writing."""
    opened: list[Bank] = []

    def create(*stories: Story, settings: Settings | None = None) -> Bank:
        bank = Bank.create(bank_file)
        opened.append(bank)
        if settings is not None:
            bank.save_settings(settings)
        for item in stories:
            bank.save_story(item, touch=False)
        return bank

    yield create
    for bank in opened:
        bank.close()


@pytest.fixture
def open_drills(clock: FixedClock) -> Iterator[Callable[[Bank], Drills]]:
    """Drills over a bank with the fixed clock, fuzz off and the test questions."""
    made: list[Drills] = []

    def build(bank: Bank) -> Drills:
        drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
        made.append(drills)
        return drills

    yield build
    for drills in made:
        drills.close()
