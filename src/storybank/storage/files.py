"""Low-level file operations that never leave a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from storybank.errors import StorybankError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"
"""Temporary files of :func:`atomic_write` are ``.<target name>.<random><TEMP_SUFFIX>``."""


def ensure_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each owner-only (existing folders are left)."""
    missing: list[Path] = []
    folder = path
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    try:
        # Parents too: ``mkdir(parents=True)`` would give them the umask's mode, which
        # can let other users rename the bank's folder away.
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise StorybankError(
            f"cannot create the folder: {exc.strerror}", file=path, hint="check its permissions"
        ) from None


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems refuse fsync on a directory; the rename itself already happened.
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def refuse_folder(path: Path) -> None:
    """Refuse a folder given where a bank file belongs, before anything is created beside it.

    Raises:
        StorybankError: ``path`` is a folder (or names none, like ``.`` or ``/``).
    """
    if path.is_dir() or not path.name:
        raise StorybankError(
            "this path is a folder, not a bank file",
            file=path,
            hint="pass the path of a .json bank file with --db, e.g. --db ~/bank.json",
        )


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    The data goes to a temporary file in the same folder (mode 0600), is flushed
    and fsynced, renamed over ``path``, and the folder is fsynced so the rename
    survives a power cut.

    Raises:
        StorybankError: the write failed (disk full, I/O error…) and ``path`` is
            untouched; or, when only the final folder sync failed, the new data is
            in place but may not survive a power cut (the message says which).
    """
    StagedWrite(path, data).commit()


class StagedWrite:
    """New contents for ``path``, durable in a temporary file until :meth:`commit`.

    Staging lets a caller write a second file completely before it commits a
    first one, and put the second in place only afterwards: a failure while
    staging leaves both files untouched.

    Raises:
        StorybankError: the temporary file could not be written; ``path`` is untouched.
    """

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        folder = path.parent
        ensure_dir(folder)
        tmp_name: str | None = None
        # Deferred import: tempfile loads random and shutil, which commands that
        # only read never need.
        import tempfile

        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp_name, FILE_MODE)
        except OSError as exc:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
            raise _not_saved(path, exc) from None
        self._tmp: str | None = tmp_name

    def commit(self) -> None:
        """Rename the staged file over the target and sync the folder."""
        assert self._tmp is not None, "a staged write commits once"
        try:
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.discard()
            raise _not_saved(self.path, exc) from None
        self._tmp = None
        try:
            fsync_dir(self.path.parent)
        except OSError as exc:
            # The new file is already in place; only its durability is in doubt.
            raise StorybankError(
                f"saved, but the folder could not be synced to disk ({exc.strerror or exc}); "
                "the change may not survive a power cut",
                file=self.path,
                hint="check the disk; saving again retries the sync",
            ) from None

    def discard(self) -> None:
        """Drop the staged file; the target stays as it was (idempotent)."""
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None


def _not_saved(path: Path, exc: OSError) -> StorybankError:
    return StorybankError(
        f"could not save: {exc.strerror or exc}; the previous version of the file is intact",
        file=path,
        hint="free some disk space or fix the problem, then try again",
    )


def remove_leftover_temps(folder: Path, target_glob: str) -> int:
    """Delete the temporary files that writers killed mid-save left in ``folder``.

    A process killed between creating its temporary file and renaming it
    leaves the file behind, as big as the data it was writing; without this,
    every crash would leak one. Only the holder of the bank's write lock may
    call it, since nobody else writes these files.

    Args:
        folder: Where the targets live.
        target_glob: A glob of the targets' names, already escaped (e.g. ``"bank.json"``).

    Returns:
        How many files were removed.
    """
    removed = 0
    for leftover in folder.glob(f".{target_glob}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed


def write_private(path: Path, data: bytes) -> None:
    """Write a user-facing file (an export) atomically and owner-only."""
    atomic_write(path, data)
