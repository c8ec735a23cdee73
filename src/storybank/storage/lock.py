"""An advisory write lock beside the bank, so two writers never overwrite each other.

The lock is ``<bank>.lock`` beside the *real* bank file: every name of one
file (a symbolic link, a relative or absolute path, a linked folder) leads to
the same lock, so a second writer cannot get past it by naming the bank
differently. It is held with ``flock`` for as long as a bank is open for
writing. The kernel releases it when the process dies, even on ``kill -9``,
so a crash never leaves a stale lock. The file holds the owner's pid so that
a second writer can say who has the bank open.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from storybank.errors import BankLockedError, StorybankError
from storybank.storage.files import FILE_MODE, ensure_dir, real_path, refuse_folder, refuse_special

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]  # no advisory locks here: the claim file still guards


def lock_path(bank: Path) -> Path:
    """The lock file of a bank: beside the file its name resolves to, whatever the name."""
    real = real_path(bank)
    return real.with_name(real.name + ".lock")


def read_owner(bank: Path) -> int | None:
    """The pid written in the bank's lock file, if any."""
    try:
        text = lock_path(bank).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


class BankLock:
    """Exclusive write lock on one bank; use as a context manager or call release()."""

    def __init__(self, bank: Path) -> None:
        # A lock beside a folder (``--db /tmp``) would leave a stray /tmp.lock, and
        # one beside a device (``--db /dev/null``) a stray /dev/null.lock.
        refuse_folder(bank)
        refuse_special(bank)
        self.bank = bank
        self.target = real_path(bank)
        """The file the lock guards, resolved once: writers write here, even if a
        symbolic link on the way is pointed elsewhere while the lock is held."""
        self.path = self.target.with_name(self.target.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock without waiting.

        Raises:
            BankLockedError: another process holds it (names its pid).
        """
        ensure_dir(self.path.parent)
        try:
            # Never through a symlink: in a shared folder, someone could plant one
            # at the lock's name to have storybank truncate a file of theirs choosing.
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.path, flags | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        except OSError as exc:
            raise StorybankError(
                f"cannot create the lock file: {exc.strerror}",
                file=self.path,
                hint="check the folder's permissions",
            ) from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise BankLockedError(self.bank, read_owner(self.bank)) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        """Give the lock up (idempotent)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)  # closing the descriptor drops the flock
        self._fd = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def __enter__(self) -> BankLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
