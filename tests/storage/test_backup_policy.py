"""The backup policy: destructive changes always back up; other writes at most every half
hour; pruning by count and by total size; backups belong to one bank file."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from factories import age_backups, make_story
from storybank.core.models import Settings
from storybank.storage import backups
from storybank.storage.backups import list_backups, routine_backup, take_backup
from storybank.storage.repository import Bank

T0 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def test_eleven_settings_changes_take_one_backup(empty_bank: Path) -> None:
    """Eleven `config` changes of a 22 KB bank once filled a 300 KB disk with backups."""
    with Bank.open(empty_bank) as bank:
        bank.save_stories([make_story(f"s{n}", action="I " + "drove it. " * 200) for n in range(8)])
    assert empty_bank.stat().st_size > 20_000
    start = len(list_backups(empty_bank))
    for timer in range(100, 111):
        with Bank.open(empty_bank) as bank:  # each its own session, as each command is
            bank.save_settings(Settings(drill_timer=timer))
    assert len(list_backups(empty_bank)) == start


def test_destructive_changes_always_back_up_first(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_stories([make_story("a"), make_story("b")])
    before = len(list_backups(empty_bank))
    with Bank.open(empty_bank) as bank:
        bank.delete_story("a")
        bank.delete_story("b")
    tags = [b.name.rsplit("Z", 1)[1] for b in list_backups(empty_bank)]
    assert len(tags) == before + 2 and tags[:2] == ["-delete.json", "-delete.json"]


def test_a_routine_backup_is_due_half_an_hour_after_the_last(empty_bank: Path) -> None:
    assert routine_backup(empty_bank, now=T0) == T0
    assert len(list_backups(empty_bank)) == 1
    assert routine_backup(empty_bank, now=T0 + timedelta(minutes=29)) == T0
    assert len(list_backups(empty_bank)) == 1
    later = T0 + timedelta(minutes=30)
    assert routine_backup(empty_bank, now=later) == later
    assert len(list_backups(empty_bank)) == 2
    # A clock that moved back: the newest backup is "in the future"; take one.
    earlier = T0 - timedelta(days=1)
    assert routine_backup(empty_bank, now=earlier) == earlier
    assert len(list_backups(empty_bank)) == 3


def test_a_long_session_backs_up_again_after_half_an_hour(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("one"))
        count = len(list_backups(empty_bank))
        age_backups(empty_bank, 31)
        bank._backup_checked_until = 0.0  # as if the half hour had passed for this session too
        bank.save_story(make_story("two"))
        assert len(list_backups(empty_bank)) == count + 1
        bank.save_story(make_story("three"))
        assert len(list_backups(empty_bank)) == count + 1


def test_pruning_keeps_at_most_the_newest_twenty(empty_bank: Path) -> None:
    for minute in range(25):
        take_backup(empty_bank, now=T0 + timedelta(minutes=minute))
    kept = list_backups(empty_bank)
    assert len(kept) == backups.KEEP
    assert kept[-1].taken == T0 + timedelta(minutes=5)


def test_pruning_keeps_the_total_size_under_its_limit(
    empty_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = len(empty_bank.read_bytes())
    monkeypatch.setattr(backups, "MAX_TOTAL_BYTES", size * 5)
    for minute in range(12):
        take_backup(empty_bank, now=T0 + timedelta(minutes=minute))
    kept = list_backups(empty_bank)
    assert len(kept) == 5 and sum(b.size for b in kept) <= size * 5
    assert kept[0].taken == T0 + timedelta(minutes=11)
    # The newest two are kept even when they alone are over the limit.
    monkeypatch.setattr(backups, "MAX_TOTAL_BYTES", 1)
    take_backup(empty_bank, now=T0 + timedelta(minutes=12))
    assert [b.taken for b in list_backups(empty_bank)] == [
        T0 + timedelta(minutes=12),
        T0 + timedelta(minutes=11),
    ]


def test_backups_belong_to_one_bank_file(empty_bank: Path) -> None:
    """bank.json and a copy bank.old share a stem; they never share backups."""
    copy = empty_bank.with_name("bank.old")
    shutil.copyfile(empty_bank, copy)
    for minute in range(3):
        take_backup(empty_bank, now=T0 + timedelta(minutes=minute))
    for minute in range(30):
        take_backup(copy, now=T0 + timedelta(hours=1, minutes=minute))
    assert len(list_backups(empty_bank)) == 3  # the copy's rotation left them alone
    assert {b.name.split("-2025")[0] for b in list_backups(copy)} == {"bank.old"}
    assert len(list_backups(copy)) == backups.KEEP


def test_backups_named_after_the_stem_still_belong_to_the_json_bank(empty_bank: Path) -> None:
    """Older storybanks named backups after the stem: bank.json keeps them, a copy does not."""
    folder = empty_bank.parent / "backups"
    folder.mkdir(exist_ok=True)
    old = folder / "bank-20250101T000000123456Z-delete.json"
    old.write_bytes(empty_bank.read_bytes())
    copy = empty_bank.with_name("bank.old")
    shutil.copyfile(empty_bank, copy)
    assert [b.path for b in list_backups(empty_bank)] == [old]
    assert list_backups(copy) == []
