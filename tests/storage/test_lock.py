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
