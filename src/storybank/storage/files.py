"""Low-level file operations that never leave a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from storybank.errors import StorybankError

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_dir(path: Path) -> None:
    """Create ``path`` (owner-only) and its parents if they do not exist."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
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


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    The data goes to a temporary file in the same folder (mode 0600), is flushed
    and fsynced, renamed over ``path``, and the folder is fsynced so the rename
    survives a power cut.

    Raises:
        StorybankError: the write failed (disk full, I/O error…); ``path`` is untouched.
    """
    folder = path.parent
    ensure_dir(folder)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, FILE_MODE)
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StorybankError(
            f"could not save: {reason}; the previous version of the file is intact",
            file=path,
            hint="free some disk space or fix the problem, then try again",
        ) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def write_private(path: Path, data: bytes) -> None:
    """Write a user-facing file (an export) atomically and owner-only."""
    atomic_write(path, data)
