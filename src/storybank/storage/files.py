"""Low-level file operations that never leave a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
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


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced or rewritten (``None`` if it cannot be read)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


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


def real_path(path: Path) -> Path:
    """``path`` with every symbolic link resolved, absolute: the file a name stands for.

    Two names of one file (a symbolic link and its target, ``./bank.json`` and
    ``bank.json``) give the same result. A link loop cannot be resolved and is
    returned as an absolute path, so that reading it can report the loop.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return path.absolute()


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def special_kind(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file (``None`` when it is one)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


class NotRegularFileError(StorybankError):
    """A bank path names a FIFO, a device, a socket (or a symbolic link to one)."""

    def __init__(self, path: Path, kind: str) -> None:
        target = ""
        if path.is_symlink():
            with contextlib.suppress(OSError):
                target = f"a symbolic link to {os.readlink(path)}, which is "
        super().__init__(
            f"this path is {target}{kind}, not a bank file; storybank reads and writes "
            "only regular files, and left it as it is",
            file=path,
            hint="pass the path of a .json bank file with --db, e.g. --db ~/bank.json",
        )


def refuse_special(path: Path) -> None:
    """Refuse a path that exists and is not a regular file (a symbolic link is followed).

    Reading a FIFO would wait forever, and replacing a device or a socket with
    a bank would break whatever uses it. A missing path passes: whoever reads
    or creates it reports that.

    Raises:
        NotRegularFileError: it is a FIFO, a device, a socket or a folder.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    kind = special_kind(mode)
    if kind is not None:
        raise NotRegularFileError(path, kind)


def read_regular(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and its status, read from one open descriptor.

    The file is opened without waiting (a FIFO would otherwise block until
    something writes to it) and checked to be a regular file before a byte is
    read, so a name swapped for a FIFO or a device between a check and the
    read cannot hang or mislead the reader.

    Raises:
        NotRegularFileError: the path is not a regular file.
        OSError: it cannot be opened or read (missing, permission denied...).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        # A socket cannot be opened at all (ENXIO): say what it is, not the errno.
        refuse_special(path)
        raise
    try:
        status = os.fstat(fd)
        kind = special_kind(status.st_mode)
        if kind is not None:
            raise NotRegularFileError(path, kind)
        chunks: list[bytes] = []
        while chunk := os.read(fd, max(status.st_size, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks), status
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
        # Deferred import: tempfile costs a one-off command that only reads the bank
        # (through read_regular) a few milliseconds.
        import tempfile

        self.path = path
        folder = path.parent
        ensure_dir(folder)
        tmp_name: str | None = None
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
        self.renamed = False
        """Whether :meth:`commit` put the file in place (even if the folder sync then failed)."""

    def commit(self) -> None:
        """Rename the staged file over the target and sync the folder."""
        assert self._tmp is not None, "a staged write commits once"
        try:
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.discard()
            raise _not_saved(self.path, exc) from None
        self._tmp = None
        self.renamed = True
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


class NotSavedError(StorybankError):
    """A file could not be written; it is as it was (or still absent).

    Attributes:
        reason: What the operating system said (e.g. "No space left on device").
    """

    def __init__(self, path: Path, reason: str) -> None:
        # Only a file that exists has a previous version to speak of.
        outcome = (
            "the previous version of the file is intact"
            if os.path.lexists(path)
            else "nothing was written"
        )
        super().__init__(
            f"could not save: {reason}; {outcome}",
            file=path,
            hint="free some disk space or fix the problem, then try again",
        )
        self.reason = reason


def _not_saved(path: Path, exc: OSError) -> NotSavedError:
    return NotSavedError(path, exc.strerror or str(exc))


def create_unique(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` to a new file ``<stem><suffix>`` in ``folder`` that replaces nothing.

    When the name is taken (a draft of the same story made in the same
    second, say), ``<stem>-2<suffix>``, ``<stem>-3<suffix>``… are tried. The
    name is claimed with an exclusive create, so two processes never get the
    same one, and the file is owner-only and fsynced before the path is returned.

    Raises:
        StorybankError: the folder or the file could not be written.
    """
    ensure_dir(folder)
    number = 1
    while True:
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        path = folder / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            number += 1
            continue
        except OSError as exc:
            raise _not_saved(path, exc) from None
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        fsync_dir(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise _not_saved(path, exc) from None
    return path


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
