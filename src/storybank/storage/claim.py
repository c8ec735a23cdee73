"""Claiming a bank: the write lock and a cheap check that the file is a bank.

The full-screen app must tell the user that a bank is locked, missing or
damaged before Textual takes over the terminal, but opening a :class:`Bank`
means importing the models and validating every document, which would delay
the first frame. :func:`claim_bank` does the part that can fail for reasons
outside storybank's data (lock, read, JSON shape, schema version) with no model
imports; :meth:`storybank.storage.repository.Bank.open` then takes the claim's
lock over and validates the documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storybank.storage.bank_file import decode_bank, read_bank_file
from storybank.storage.lock import BankLock

_SETTINGS_TABLE = "settings"
_SETTINGS_ID = "1"


@dataclass
class BankClaim:
    """A bank file locked for writing whose raw contents read as a storybank bank.

    Nothing in it has been validated against the models yet.
    """

    path: Path
    """The bank file as the user named it."""
    lock: BankLock
    """The held write lock; :meth:`Bank.open` takes it over, or :meth:`release` drops it."""
    settings: dict[str, Any]
    """The stored settings document as raw JSON (empty when none is stored)."""

    def raw_setting(self, name: str) -> str | None:
        """A text setting as stored, unvalidated (``None`` if absent or not text)."""
        value = self.settings.get(name)
        return value if isinstance(value, str) else None

    def release(self) -> None:
        """Drop the lock (idempotent); for when the bank is never opened."""
        self.lock.release()


def claim_bank(path: Path) -> BankClaim:
    """Lock the bank at ``path`` for writing and check that its file reads as a bank.

    Raises:
        BankLockedError: another process has it open for writing.
        StorybankError: the file is missing, unreadable, not a bank (e.g.
            truncated JSON) or written by a newer storybank.
    """
    lock = BankLock(path)
    lock.acquire()
    try:
        # Read where Bank reads: a symlink's target (a dangling link reports itself);
        # messages name the bank as the user named it, as every other message does.
        real = lock.target if path.exists() else path
        data = decode_bank(read_bank_file(real, path), path)
    except BaseException:
        lock.release()
        raise
    settings = data.get(_SETTINGS_TABLE, {}).get(_SETTINGS_ID, {})
    return BankClaim(path, lock, dict(settings))
