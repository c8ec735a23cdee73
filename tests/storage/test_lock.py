"""A second writer is refused with the first one's pid; readers still work."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factories import make_story
from storybank.errors import BankLockedError
from storybank.storage.lock import lock_path
from storybank.storage.repository import Bank

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from storybank.storage.repository import Bank
    bank = Bank.open(Path(sys.argv[1]))
    print("locked", flush=True)
    sys.stdin.readline()
    bank.close()
    """
)


def test_second_writer_in_another_process_is_refused(empty_bank: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(empty_bank)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(BankLockedError) as caught:
            Bank.open(empty_bank)
        assert caught.value.pid == holder.pid
        assert f"process {holder.pid}" in str(caught.value)
        with Bank.open(empty_bank, read_only=True) as reader:
            assert reader.stories() == []
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())


def test_lock_is_released_when_the_holder_is_killed(empty_bank: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(empty_bank)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait(timeout=10)
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    assert os.stat(empty_bank.with_name("bank.json.lock")).st_mode & 0o077 == 0


def _names_of(bank: Path, tmp_path: Path) -> list[Path]:
    """Every other name of one bank file: a symlink, a relative path, a linked folder."""
    link = tmp_path / "link.json"
    link.symlink_to(bank)
    folder = tmp_path / "linked-folder"
    folder.symlink_to(bank.parent, target_is_directory=True)
    relative = Path(os.path.relpath(bank))
    return [link, folder / bank.name, relative, bank.parent / "." / bank.name]


def test_every_name_of_a_bank_file_takes_the_same_lock(empty_bank: Path, tmp_path: Path) -> None:
    with Bank.open(empty_bank):
        for name in _names_of(empty_bank, tmp_path):
            assert lock_path(name) == lock_path(empty_bank)
            with pytest.raises(BankLockedError) as caught:
                Bank.open(name)
            # The refusal names the bank as the user named it this time.
            assert str(caught.value).startswith(f"{name}: the bank is open for writing")
    with Bank.open(tmp_path / "link.json") as bank:  # released: any name works again
        bank.save_story(make_story())
    assert (tmp_path / "link.json").is_symlink()
    assert not (tmp_path / "link.json.lock").exists()


def test_a_writer_holding_a_symlink_locks_out_a_writer_of_the_target_in_another_process(
    empty_bank: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(empty_bank)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(link)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(BankLockedError) as caught:
            Bank.open(empty_bank)
        assert caught.value.pid == holder.pid
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
