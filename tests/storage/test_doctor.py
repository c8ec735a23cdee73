"""doctor: diagnosis, backup listing, restore that loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import age_backups, make_story
from storybank.errors import StorybankError
from storybank.storage import doctor
from storybank.storage.backups import KEEP, list_backups, take_backup
from storybank.storage.repository import Bank


def test_healthy_bank(empty_bank: Path) -> None:
    report = doctor.diagnose(empty_bank)
    assert report.ok
    assert "0 stories, 0 own questions" in report.facts


def test_damaged_bank_is_diagnosed_without_change(empty_bank: Path) -> None:
    empty_bank.write_bytes(b'{"_meta": {"1": {"sch')
    report = doctor.diagnose(empty_bank)
    assert not report.ok
    assert "not valid JSON" in report.problems[0]
    assert empty_bank.read_bytes() == b'{"_meta": {"1": {"sch'


def test_restore_brings_back_a_story_and_keeps_the_damaged_file(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    age_backups(empty_bank, 31)  # the next write takes a routine backup
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("second"))  # backup 1 now holds billing-ledger only
    empty_bank.write_bytes(b"garbage")
    restored = doctor.restore(empty_bank, "1")
    assert restored.name.startswith("bank.json-")
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.story_ids() == {"billing-ledger"}
    kept = [b for b in list_backups(empty_bank) if b.name.endswith("-before-restore.json")]
    assert kept[0].path.read_bytes() == b"garbage"


def test_restore_refuses_a_damaged_backup_and_unknown_numbers(empty_bank: Path) -> None:
    take_backup(empty_bank)
    backup = list_backups(empty_bank)[0]
    backup.path.write_bytes(b"{")
    before = empty_bank.read_bytes()
    with pytest.raises(StorybankError, match="not valid JSON"):
        doctor.restore(empty_bank, "1")
    with pytest.raises(StorybankError, match="no backup '7'"):
        doctor.restore(empty_bank, "7")
    assert empty_bank.read_bytes() == before


def test_rotation_keeps_the_newest(empty_bank: Path) -> None:
    for _ in range(KEEP + 5):
        take_backup(empty_bank)
    assert len(list_backups(empty_bank)) == KEEP
    assert KEEP >= 10


class Finding:
    """What an extra check reports."""

    def __init__(self, facts: list[str], problems: list[str]) -> None:
        self.facts = facts
        self.problems = problems


def test_extra_checks_add_their_facts_and_problems(empty_bank: Path) -> None:
    seen: list[bool] = []

    def fine(bank: Bank) -> Finding:
        seen.append(bank.read_only)
        return Finding(["side file: 3 lines"], [])

    def broken(bank: Bank) -> Finding:
        return Finding([], ["side file is damaged"])

    report = doctor.diagnose(empty_bank, checks=[fine])
    assert report.ok and "side file: 3 lines" in report.facts
    assert seen == [True]  # the checks see the bank open read-only
    report = doctor.diagnose(empty_bank, checks=[fine, broken])
    assert not report.ok and report.problems == ["side file is damaged"]
