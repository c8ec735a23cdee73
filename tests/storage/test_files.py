"""Atomic writes: the old file survives any failure, new files are owner-only."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from storybank.errors import StorybankError
from storybank.storage.files import atomic_write


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
