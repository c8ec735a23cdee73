"""A bank that cannot be read is reported clearly and never touched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storybank.errors import EXIT_BAD_INPUT, StorybankError
from storybank.storage.repository import Bank

VALID_META = {"_meta": {"1": {"schema_version": 1}}}


def _write(path: Path, data: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n", "blank"),
        (b'{"_meta": {"1": {"schema_version": 1}}, "stories": {"1": {"id": "a"', "truncated"),
        (b"not json at all", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "expected a JSON object"),
        (b'{"stories": []}', "not a table of documents"),
        (b'{"stories": {}}', "no schema_version"),
        (json.dumps({**VALID_META, "stories": {"1": {"id": "x", "title": 5}}}).encode(), "title"),
        (
            json.dumps({**VALID_META, "settings": {"1": {"drill_timer": "soon"}}}).encode(),
            "drill_timer",
        ),
        (json.dumps({"_meta": {"1": {"schema_version": 99}}}).encode(), "newer storybank"),
    ],
    ids=[
        "empty",
        "blank",
        "truncated",
        "not-json",
        "not-utf8",
        "array",
        "bad-table",
        "no-version",
        "wrong-type",
        "bad-setting",
        "newer",
    ],
)
@pytest.mark.parametrize("read_only", [False, True])
def test_unusable_bank_is_reported_and_left_byte_identical(
    bank_path: Path, content: bytes, expected: str, read_only: bool
) -> None:
    before = _write(bank_path, content)
    with pytest.raises(StorybankError) as caught:
        Bank.open(bank_path, read_only=read_only)
    error = caught.value
    assert expected in str(error)
    assert error.file == str(bank_path)
    assert error.exit_code == EXIT_BAD_INPUT
    assert (error.hint and "doctor" in error.hint) or "upgrade" in (error.hint or "")
    assert bank_path.read_bytes() == before
    assert not (bank_path.parent / "backups").exists()


def test_missing_bank_says_how_to_create_one(bank_path: Path) -> None:
    with pytest.raises(StorybankError) as caught:
        Bank.open(bank_path)
    assert "no bank here" in caught.value.message
    assert "storybank init" in (caught.value.hint or "")
    assert not bank_path.exists()


def test_directory_instead_of_file(bank_path: Path) -> None:
    bank_path.mkdir(parents=True)
    with pytest.raises(StorybankError) as caught:
        Bank.open(bank_path, read_only=True)
    assert "folder" in caught.value.message


def test_dangling_symlink(bank_path: Path) -> None:
    bank_path.parent.mkdir(parents=True)
    bank_path.symlink_to(bank_path.parent / "gone.json")
    with pytest.raises(StorybankError) as caught:
        Bank.open(bank_path, read_only=True)
    assert "symbolic link" in caught.value.message
    assert bank_path.is_symlink()


def test_writes_go_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "bank.json"
    Bank.create(real).close()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with Bank.open(link) as bank:
        bank.save_settings(bank.settings.model_copy(update={"drill_timer": 90}))
    assert link.is_symlink()
    assert json.loads(real.read_text())["settings"]["1"]["drill_timer"] == 90


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(empty_bank: Path) -> None:
    empty_bank.chmod(0)
    try:
        with pytest.raises(StorybankError) as caught:
            Bank.open(empty_bank, read_only=True)
        assert "permission denied" in caught.value.message
    finally:
        empty_bank.chmod(0o600)
