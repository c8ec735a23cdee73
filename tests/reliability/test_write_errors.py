"""Disk full and I/O errors: the previous bank survives, the user is told, the next save works.

Faults are injected by making the operating-system calls of a save fail
(``write``, ``fsync``, ``rename``, creating the temporary file) with ENOSPC,
EIO or EROFS, inside this process. Everything else is real: real bank files,
the real repository and the real CLI.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factories import Run, age_backups, make_story
from storybank.errors import EXIT_BAD_INPUT, StorybankError
from storybank.storage.backups import list_backups
from storybank.storage.repository import Bank

Cli = Callable[..., Run]


class Fault:
    """Makes one system call fail with an errno for the next ``times`` calls, then work again.

    Attributes:
        calls: How many times the call was made while installed.
        failed: How many of them failed.
    """

    def __init__(self, code: int, *, skip: int = 0, times: int = 1_000_000) -> None:
        self.code = code
        self.skip = skip
        self.times = times
        self.calls = 0
        self.failed = 0

    def hit(self) -> bool:
        """Count a call; whether this one must fail."""
        self.calls += 1
        if self.calls > self.skip and self.failed < self.times:
            self.failed += 1
            return True
        return False

    def error(self) -> OSError:
        return OSError(self.code, os.strerror(self.code))


def fail_write(monkeypatch: pytest.MonkeyPatch, fault: Fault) -> None:
    """``write()`` of a file being saved stores half the data, then fails (the disk filled up)."""
    real_fdopen = os.fdopen

    class FillingFile(io.FileIO):
        def write(self, data: Any) -> int:
            if fault.hit():
                super().write(bytes(data)[: len(data) // 2])
                raise fault.error()
            return super().write(data)

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and "b" in mode:
            return FillingFile(fd, "wb")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)


def fail_fsync(monkeypatch: pytest.MonkeyPatch, fault: Fault) -> None:
    """``fsync()`` fails (the data could not reach the disk)."""
    real = os.fsync

    def fsync(fd: int) -> None:
        if fault.hit():
            raise fault.error()
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def fail_replace(monkeypatch: pytest.MonkeyPatch, fault: Fault) -> None:
    """The rename over the bank fails."""
    real = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if fault.hit():
            raise fault.error()
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def fail_create(monkeypatch: pytest.MonkeyPatch, fault: Fault) -> None:
    """The temporary file cannot be created (no inodes left, read-only file system)."""
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if fault.hit():
            raise fault.error()
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


STAGES: dict[str, Callable[[pytest.MonkeyPatch, Fault], None]] = {
    "create-temp": fail_create,
    "write": fail_write,
    "fsync-file": fail_fsync,
    "rename": fail_replace,
}
CODES = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO, "EROFS": errno.EROFS}


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp"))


@pytest.fixture
def bank_in_session(empty_bank: Path) -> Path:
    """A bank with one story and its backup taken, so a session's saves are plain saves."""
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    return empty_bank


@pytest.mark.parametrize("code", CODES.values(), ids=CODES.keys())
@pytest.mark.parametrize("stage", STAGES)
def test_failed_save_keeps_the_bank_and_the_session_in_step(
    bank_in_session: Path, monkeypatch: pytest.MonkeyPatch, stage: str, code: int
) -> None:
    with Bank.open(bank_in_session) as bank:
        bank.save_story(make_story("warm-up"))  # the session's backup is taken
        before = bank_in_session.read_bytes()
        fault = Fault(code, times=1)
        with monkeypatch.context() as patch:
            STAGES[stage](patch, fault)
            with pytest.raises(StorybankError) as caught:
                bank.save_story(make_story(title="Lost to a full disk"))
        assert fault.failed == 1
        assert os.strerror(code) in caught.value.message
        assert "previous version of the file is intact" in caught.value.message
        assert caught.value.file == str(bank_in_session)
        assert caught.value.hint and "try again" in caught.value.hint
        assert bank_in_session.read_bytes() == before
        assert _temps(bank_in_session.parent) == []
        # What the session shows is what is on disk, not the change that failed.
        assert bank.get_story("billing-ledger").title == "Migrating billing to the new ledger"
        # The disk has room again: the next save works and holds everything.
        bank.save_story(make_story(title="Saved once there was room"))
    with Bank.open(bank_in_session, read_only=True) as bank:
        assert bank.get_story("billing-ledger").title == "Saved once there was room"
        assert bank.has_story("warm-up")


@pytest.mark.parametrize("stage", STAGES)
def test_failed_batch_writes_nothing_and_forgets_it(
    bank_in_session: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    with Bank.open(bank_in_session) as bank:
        bank.save_story(make_story("warm-up"))
        before = bank_in_session.read_bytes()
        with monkeypatch.context() as patch:
            STAGES[stage](patch, Fault(errno.ENOSPC, times=1))
            with pytest.raises(StorybankError):
                bank.save_stories([make_story(f"batch-{n}") for n in range(3)])
        assert bank_in_session.read_bytes() == before
        assert not any(bank.has_story(f"batch-{n}") for n in range(3))
        bank.save_stories([make_story(f"batch-{n}") for n in range(3)])
    with Bank.open(bank_in_session, read_only=True) as bank:
        assert all(bank.has_story(f"batch-{n}") for n in range(3))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_failed_backup_before_the_first_write_changes_nothing(
    bank_in_session: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A save copies the bank into backups/ first when the last copy is half an hour old;
    that copy can fail too, and the message says what happened (no file was "intact")."""
    age_backups(bank_in_session, 31)
    before = bank_in_session.read_bytes()
    backups_before = [b.name for b in list_backups(bank_in_session)]
    with Bank.open(bank_in_session) as bank:
        with monkeypatch.context() as patch:
            fault = Fault(code, times=1)  # the first fsync is the backup's
            fail_fsync(patch, fault)
            with pytest.raises(StorybankError) as caught:
                bank.save_story(make_story(title="Not saved: no backup"))
        message = caught.value.message
        assert f"could not take a backup in {bank_in_session.parent / 'backups'}" in message
        assert os.strerror(code) in message
        assert "the change was not made and the bank is as it was" in message
        assert "intact" not in message and caught.value.file == str(bank_in_session)
        assert bank_in_session.read_bytes() == before
        assert [b.name for b in list_backups(bank_in_session)] == backups_before
        assert bank.get_story("billing-ledger").title == "Migrating billing to the new ledger"
        bank.save_story(make_story(title="Saved after the backup worked"))
        # The backup that failed is taken now, before the bank changes.
        backups = list_backups(bank_in_session)
        assert len(backups) == len(backups_before) + 1
        assert backups[0].path.read_bytes() == before
    with Bank.open(bank_in_session, read_only=True) as bank:
        assert bank.get_story("billing-ledger").title == "Saved after the backup worked"


def test_failed_folder_sync_after_the_rename_says_what_happened(
    bank_in_session: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new file is in place but the folder entry may not be durable: say so, stay in step."""
    with Bank.open(bank_in_session) as bank:
        bank.save_story(make_story("warm-up"))
        with monkeypatch.context() as patch:
            fault = Fault(errno.EIO, skip=1, times=1)  # the file's fsync works, the folder's fails
            fail_fsync(patch, fault)
            with pytest.raises(StorybankError) as caught:
                bank.save_story(make_story(title="On disk, maybe not durable"))
        assert fault.failed == 1
        assert "previous version" not in caught.value.message
        assert "power" in caught.value.message and os.strerror(errno.EIO) in caught.value.message
        with Bank.open(bank_in_session, read_only=True) as reader:
            on_disk = reader.get_story("billing-ledger").title
        assert bank.get_story("billing-ledger").title == on_disk
        bank.save_story(make_story(title="Durable"))
    with Bank.open(bank_in_session, read_only=True) as bank:
        assert bank.get_story("billing-ledger").title == "Durable"


@pytest.mark.parametrize("code", CODES.values(), ids=CODES.keys())
@pytest.mark.parametrize("stage", STAGES)
def test_cli_reports_a_failed_save_with_exit_2(
    bank_in_session: Path, cli: Cli, stage: str, code: int
) -> None:
    before = bank_in_session.read_bytes()
    fault = Fault(code)
    # Its own patcher, so that lifting the fault keeps the test's isolated home.
    with pytest.MonkeyPatch.context() as faulty:
        STAGES[stage](faulty, fault)
        run = cli("--db", bank_in_session, "config", "drill-timer", "90")
    assert fault.failed >= 1
    assert run.code == EXIT_BAD_INPUT
    assert f"could not save: {os.strerror(code)}" in run.err
    assert "hint: free some disk space" in run.err
    assert "Traceback" not in run.err and run.out == ""
    assert bank_in_session.read_bytes() == before
    assert cli("--db", bank_in_session, "config", "drill-timer", "90").code == 0
    assert cli("--db", bank_in_session, "config", "drill-timer").out.strip() == "90"


def test_export_to_a_full_disk_leaves_no_partial_file(
    bank_in_session: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "export.md"
    fail_write(monkeypatch, Fault(errno.ENOSPC))
    run = cli("--db", bank_in_session, "export", "-o", target)
    assert run.code == EXIT_BAD_INPUT and os.strerror(errno.ENOSPC) in run.err
    assert not target.exists() and _temps(tmp_path) == []


# -- drill ratings ----------------------------------------------------------------------


def _drills(bank: Bank) -> Any:
    from datetime import UTC, datetime

    service = pytest.importorskip("storybank.scheduling.drills")
    from storybank.scheduling.clock import FixedClock

    return service.Drills(bank, clock=FixedClock(datetime(2025, 1, 1, tzinfo=UTC)), fuzz=False)


def fail_log_append(monkeypatch: pytest.MonkeyPatch, fault: Fault) -> None:
    """The append of a review line stores half of it, then fails (``os.write`` is only
    used by the log while rating)."""
    real = os.write

    def write(fd: int, data: Any) -> int:
        if fault.hit():
            real(fd, bytes(data)[: len(data) // 2])
            raise fault.error()
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


def fail_log_sync(monkeypatch: pytest.MonkeyPatch, fault: Fault) -> None:
    """The review line is written but cannot be synced to disk."""
    real = getattr(os, "fdatasync", os.fsync)

    def sync(fd: int) -> None:
        if fault.hit():
            raise fault.error()
        real(fd)

    monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", sync)


RATING_STAGES: dict[str, Callable[[pytest.MonkeyPatch, Fault], None]] = {
    "log-write": fail_log_append,
    "log-sync": fail_log_sync,
    "card-write": fail_write,
    "card-fsync": fail_fsync,
    "card-rename": fail_replace,
}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize(
    "stage",
    [name for name in RATING_STAGES],
)
def test_a_rating_that_cannot_be_saved_is_not_counted(
    bank_in_session: Path, monkeypatch: pytest.MonkeyPatch, stage: str, code: int
) -> None:
    from datetime import timedelta

    with Bank.open(bank_in_session) as bank:
        drills = _drills(bank)
        card = sorted(c.id for c in drills.deck.cards() if c.active)[0]
        first = drills.ledger.review(card, 3)
        state = drills.deck.card(card).record.fsrs
        with monkeypatch.context() as patch:
            RATING_STAGES[stage](patch, Fault(code, times=1))
            with pytest.raises(StorybankError) as caught:
                drills.ledger.review(card, 4, now=drills.deck.now() + timedelta(days=3))
        assert os.strerror(code) in caught.value.message
        assert drills.deck.card(card).record.fsrs == state
        assert drills.ledger.last_entry().id == first.entry_id
        second = drills.ledger.review(card, 2, now=drills.deck.now() + timedelta(days=4))
        drills.close()
    with Bank.open(bank_in_session) as bank:
        drills = _drills(bank)
        scan = drills.deck.store.scan()
        entries = scan.entries
        assert (scan.bad_lines, scan.torn_tail) == (0, False)
        assert [e.id for e in entries] == [first.entry_id, second.entry_id]
        assert [e.rating for e in entries] == [3, 2]
        assert drills.deck.card(card).card.last_review == entries[-1].at
        drills.close()


def test_import_whose_review_log_cannot_be_written_imports_nothing(
    bank_in_session: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with Bank.open(bank_in_session) as bank:
        drills = _drills(bank)
        drills.ledger.review(sorted(c.id for c in drills.deck.cards() if c.active)[0], 3)
        drills.close()
    export = tmp_path / "export.json"
    assert cli("--db", bank_in_session, "export", "--format", "json", "-o", export).code == 0
    fresh = tmp_path / "fresh" / "bank.json"
    Bank.create(fresh).close()
    before = fresh.read_bytes()
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if ".reviews." in str(kwargs.get("prefix", "")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    run = cli("--db", fresh, "import", export)
    assert run.code == EXIT_BAD_INPUT and os.strerror(errno.ENOSPC) in run.err
    assert fresh.read_bytes() == before


def test_a_staged_review_log_left_by_a_kill_is_cleaned_up(empty_bank: Path) -> None:
    leftover = empty_bank.with_name(".bank.json.reviews.jsonl.k1ll3d.tmp")
    leftover.write_bytes(b"half of a merged log")
    older = empty_bank.with_name(".bank.reviews.jsonl.k1ll3d.tmp")  # the log's former name
    older.write_bytes(b"half of a merged log")
    unrelated = empty_bank.with_name("notes.tmp")
    unrelated.write_bytes(b"mine")
    Bank.open(empty_bank).close()
    assert not leftover.exists() and not older.exists()
    assert unrelated.read_bytes() == b"mine"
