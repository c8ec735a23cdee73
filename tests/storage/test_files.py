"""Atomic writes: the old file survives any failure, new files are owner-only."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from storybank.errors import StorybankError
from storybank.storage.files import (
    NotRegularFileError,
    atomic_write,
    create_unique,
    read_regular,
    refuse_special,
)


def test_atomic_write_creates_owner_only_file_and_parent(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "bank.json"
    atomic_write(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "bank.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.json"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_failed_fsync_keeps_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = tmp_path / "bank.json"
    atomic_write(target, b"precious")

    def failing_fsync(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(StorybankError) as caught:
        atomic_write(target, b"new data")
    assert os.strerror(code) in caught.value.message
    assert "previous version" in caught.value.message
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.json"]


def test_create_unique_never_replaces_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    first = create_unique(folder, "story-20250314T093000Z", ".md", b"first")
    second = create_unique(folder, "story-20250314T093000Z", ".md", b"second")
    third = create_unique(folder, "story-20250314T093000Z", ".md", b"third")
    assert [p.name for p in (first, second, third)] == [
        "story-20250314T093000Z.md",
        "story-20250314T093000Z-2.md",
        "story-20250314T093000Z-3.md",
    ]
    assert [p.read_bytes() for p in (first, second, third)] == [b"first", b"second", b"third"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in (first, second, third)} == {0o600}


def test_a_failed_write_of_a_new_file_says_nothing_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No "previous version is intact" about a file that never existed."""
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StorybankError) as new:
        atomic_write(tmp_path / "new.json", b"x")
    monkeypatch.setattr(os, "fsync", real_fsync)
    (tmp_path / "old.json").write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StorybankError) as old:
        atomic_write(tmp_path / "old.json", b"x")
    assert new.value.message.endswith("; nothing was written")
    assert old.value.message.endswith("; the previous version of the file is intact")
    assert not (tmp_path / "new.json").exists()
    assert (tmp_path / "old.json").read_bytes() == b"old"


def test_only_regular_files_are_read_and_nothing_waits_on_a_fifo(
    tmp_path: Path, special_files: dict[str, Path]
) -> None:
    for kind, path in special_files.items():
        with pytest.raises(NotRegularFileError) as caught:
            read_regular(path)  # opened without waiting: a FIFO would block forever
        assert "not a bank file" in caught.value.message, kind
        with pytest.raises(NotRegularFileError):
            refuse_special(path)
        name = {"fifo": "named pipe (FIFO)", "socket": "socket", "device": "character device"}
        assert name[kind.removeprefix("link to ")] in caught.value.message
        if kind.startswith("link"):
            assert "a symbolic link to" in caught.value.message
    refuse_special(tmp_path / "missing.json")  # whoever reads or creates it reports it
