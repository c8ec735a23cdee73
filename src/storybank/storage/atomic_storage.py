"""A TinyDB storage that validates on read and writes atomically.

TinyDB's own ``JSONStorage`` rewrites the file in place, so a crash mid-write
leaves half a bank. This storage replaces the file atomically on every write
(see :func:`storybank.storage.files.atomic_write`), refuses to read anything
that is not a storybank bank of a schema it understands, and never writes to a
file it could not read.

It keeps the parsed data in memory: the bank is held under an exclusive lock
while it is open for writing, so no other storybank changes the file
underneath. Other programs can (a sync client, a ``cp`` over the bank, an
editor), so before every write the storage checks that the file is still the
one it read (:mod:`~storybank.storage.fingerprint`) and refuses to overwrite
a file that changed: the write raises :class:`~storybank.errors.FileChangedError`
and every later write is refused until the bank is read again (:meth:`AtomicStorage.adopt`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storybank.errors import FileChangedError, StorybankError
from storybank.storage import migrations
from storybank.storage.bank_file import (
    BOM,
    compact_json,
    decode_bank,
    encode_bank,
    read_bank,
    read_bank_file,
)
from storybank.storage.files import StagedWrite
from storybank.storage.fingerprint import ABSENT, Fingerprint, fingerprint_file
from storybank.storage.migrations import RawData

__all__ = ["BOM", "AtomicStorage", "decode_bank", "encode_bank", "read_bank", "read_bank_file"]


class AtomicStorage(Storage):
    """TinyDB storage over one bank file.

    Args:
        path: The bank file (already resolved through symlinks).
        shown: How messages name the bank (the name the user gave); ``path`` if not given.
        read_only: Refuse every write.
        before_write: Called before every write reaches disk (the repository
            takes a backup there when one is due).
        on_changed: Called when a write found the file changed on disk, before
            :class:`~storybank.errors.FileChangedError` is raised; the repository
            reads the bank again there. It returns ``None`` once the bank was
            read again, or what is wrong with the file now.
    """

    def __init__(
        self,
        path: Path,
        *,
        shown: Path | None = None,
        read_only: bool = False,
        before_write: Callable[[], None] | None = None,
        on_changed: Callable[[], str | None] | None = None,
    ) -> None:
        self.path = path
        self.shown = path if shown is None else shown
        self.read_only = read_only
        self._before_write = before_write
        self._on_changed = on_changed
        self._cache: RawData | None = None
        self._deferred = 0
        self._dirty = False
        self._seen: Fingerprint | None = None
        """The file as this storage last knew it: first read, own writes, :meth:`adopt`."""
        self._known: bytes | None = None
        """The bytes behind ``_seen`` (``None`` when there were none to keep)."""
        self._stale: str | None = None
        """Why writes are refused: the file changed underneath (``None``: they are not)."""
        self.migrated = False
        self._encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        """Each table as last written: the table's dict and its JSON (see :meth:`_encode`)."""

    def _load(self) -> tuple[RawData, Fingerprint, bytes] | None:
        """The file's data (migrated), fingerprint and bytes, or ``None`` if there is no file."""
        if not self.path.exists() and not self.path.is_symlink():
            return None
        raw, seen = read_bank(self.path, self.shown)
        data, self.migrated = migrations.migrate(decode_bank(raw, self.shown))
        return data, seen, raw

    def read(self) -> RawData | None:
        if self._cache is None:
            loaded = self._load()
            if loaded is None:
                if self._seen is None:
                    self._seen = ABSENT
                elif self._seen.exists:
                    self._stale = "the file was removed"
                return None
            self._cache, seen, raw = loaded
            if self._seen is None:
                self._seen, self._known = seen, raw
            elif not seen.same_content(self._seen):
                # Read again after a failed write or a rollback: the file is not
                # what this storage wrote or last read, so it must not overwrite it.
                self._stale = "the file changed"
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise StorybankError(
                "the bank is open read-only", file=self.shown, hint="close other storybank windows"
            )
        self._cache = data
        if self._deferred:
            self._dirty = True
            return
        self._flush()

    def adopt_current(self) -> None:
        """Take the file as it is now as the one this storage last saw (a bank replacing it)."""
        self._seen = fingerprint_file(self.path)
        self._known = None
        self._stale = None

    def check_unchanged(self) -> None:
        """Refuse to go on when the file is not the one this storage last read or wrote.

        Cheap enough to call before any write: one read of the file and a compare.

        Raises:
            FileChangedError: it changed; ``on_changed`` was called first.
        """
        if self._stale is None:
            try:
                now: Fingerprint | None = fingerprint_file(self.path)
            except (OSError, StorybankError):
                now = None  # unreadable, or no longer a regular file
            if now is None or self._seen is None or not now.same_content(self._seen):
                self._stale = "the file changed"
        if self._stale is not None:
            problem = self._on_changed() if self._on_changed is not None else "not read again"
            raise FileChangedError(self.shown, reloaded=problem is None, problem=problem)

    def read_fresh(self) -> tuple[RawData, Fingerprint, bytes]:
        """Read the file as it is now, without taking it (see :meth:`adopt`).

        Raises:
            StorybankError: the file is missing, unreadable, damaged or newer.
        """
        loaded = self._load()
        if loaded is None:
            raise StorybankError(
                "there is no bank here any more",
                file=self.shown,
                hint="`storybank doctor` lists the backups; `--restore 1` puts the newest back",
            )
        return loaded

    def adopt(self, fresh: tuple[RawData, Fingerprint, bytes]) -> None:
        """Work on data :meth:`read_fresh` returned from now on: writes are allowed again."""
        self._cache, self._seen, self._known = fresh
        self._stale = None
        self._deferred = 0
        self._dirty = False

    def _last_known(self) -> RawData | None:
        """The data as last read or written, for reading on while writes are refused."""
        if self._known is None:
            return None
        data, _ = migrations.migrate(decode_bank(self._known, self.shown))
        return data

    def _flush(self) -> None:
        assert self._cache is not None
        staged: StagedWrite | None = None
        try:
            if self._stale is not None:
                self.check_unchanged()
            if self._before_write is not None:
                self._before_write()
            migrations.set_schema_version(self._cache, migrations.SCHEMA_VERSION)
            data = self._encode(self._cache)
            staged = StagedWrite(self.path, data)
            # Checked as late as possible, with the new file ready to be renamed into
            # place: the window in which another program's change could be lost is
            # the rename itself.
            self.check_unchanged()
            try:
                staged.commit()
            finally:
                if staged.renamed:  # in place, even if the folder sync failed after
                    self._seen, self._known = Fingerprint(data), data
        except FileChangedError as exc:
            if staged is not None:
                staged.discard()
            self._dirty = False
            if not exc.reloaded:
                # The new file cannot be used: keep showing what was last saved
                # (without the change just refused) while every write is refused.
                self._cache = self._last_known()
            raise
        except BaseException as exc:
            if staged is not None:
                staged.discard()
            # What is in memory may never have reached disk (the hook, the encoding or
            # the write failed, or the user interrupted): forget it so that the next
            # read is what the file holds.
            self._cache = None
            self._dirty = False
            if isinstance(exc, StorybankError) and exc.file == str(self.path):
                exc.file = str(self.shown)  # the bank as the user named it, as everywhere
            raise
        self._dirty = False

    def _encode(self, data: RawData) -> bytes:
        """The bytes of ``data``, exactly as :func:`encode_bank` writes them.

        TinyDB never changes a table in place: every change builds the table's
        dict anew and writes all tables. A table whose dict is the very object
        written last time is therefore unchanged, and its JSON from then is
        reused; a rating, which changes only the cards, does not encode every
        interview round again. The storage's own metadata table, which it
        changes in place, is always encoded.
        """
        encoded: dict[str, tuple[dict[str, Any], bytes]] = {}
        parts: list[bytes] = []
        for name, table in data.items():
            kept = self._encoded.get(name)
            if kept is not None and kept[0] is table and name != migrations.META_TABLE:
                body = kept[1]
            else:
                body = compact_json(table)
            encoded[name] = (table, body)
            parts.append(compact_json(name) + b":" + body)
        self._encoded = encoded
        return b"{" + b",".join(parts) + b"}"

    def begin(self) -> None:
        """Hold writes in memory until :meth:`commit` (nestable)."""
        self._deferred += 1

    def commit(self) -> None:
        """Write everything held since the outermost :meth:`begin` in one atomic write."""
        self._deferred -= 1
        if self._deferred == 0 and self._dirty:
            self._flush()

    def rollback(self) -> None:
        """Drop everything held since :meth:`begin`; the file was never touched."""
        self._deferred = 0
        self._dirty = False
        self._cache = None

    def close(self) -> None:
        self._cache = None
