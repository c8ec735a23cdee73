"""A TinyDB storage that validates on read and writes atomically.

TinyDB's own ``JSONStorage`` rewrites the file in place, so a crash mid-write
leaves half a bank. This storage replaces the file atomically on every write
(see :func:`storybank.storage.files.atomic_write`), refuses to read anything
that is not a storybank bank of a schema it understands, and never writes to a
file it could not read.

It keeps the parsed data in memory: the bank is held under an exclusive lock
while it is open for writing, so nobody else changes the file underneath.
"""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storybank.errors import DamagedBankError, StorybankError
from storybank.storage import migrations
from storybank.storage.files import atomic_write, refuse_folder
from storybank.storage.migrations import RawData

# What can follow the point where the JSON parser gave up when a file was cut short:
# nothing, a string still open (perhaps mid-escape), or half a number or literal.
_CUT_SHORT = re.compile(
    r"""\s*(?:
        "(?:[^"\\]|\\.)*(?:\\u[0-9a-fA-F]{0,3}|\\)?   # an open string
        | u[0-9a-fA-F]{0,4}                           # inside a \\u escape
        | -?[0-9]*\.?[0-9]*(?:[eE][-+]?[0-9]*)?        # a number
        | t|tr|tru|f|fa|fal|fals|n|nu|nul             # a literal
    )""",
    re.VERBOSE,
)


def _cut_short(text: str, position: int) -> bool:
    """Whether the JSON error at ``position`` is only the end of the text coming too early."""
    return _CUT_SHORT.fullmatch(text, position) is not None


def decode_bank(raw: bytes, path: Path) -> RawData:
    """Parse and shape-check the bytes of a bank file.

    Raises:
        DamagedBankError: empty, not UTF-8, not JSON (e.g. truncated), wrong
            shape, or written by a newer storybank.
    """
    if not raw.strip():
        raise DamagedBankError(path, "the file is empty" if not raw else "the file is blank")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise DamagedBankError(
                path, "it ends in the middle of a character (it looks truncated)"
            ) from None
        raise DamagedBankError(
            path, f"it is not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (it looks truncated)" if _cut_short(text, exc.pos) else ""
        raise DamagedBankError(
            path, f"it is not valid JSON at line {exc.lineno}, column {exc.colno}{hint}"
        ) from None
    except RecursionError:
        raise DamagedBankError(path, "its JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise DamagedBankError(
            path, f"expected a JSON object of tables, found {type(data).__name__}"
        )
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise DamagedBankError(path, f"table {name!r} is not a table of documents")
    version = migrations.schema_version_of(data)
    if version is None:
        raise DamagedBankError(path, "it has no schema_version, so it is not a storybank bank")
    if version > migrations.SCHEMA_VERSION:
        raise StorybankError(
            f"the bank was written by a newer storybank (schema {version}; this version "
            f"reads up to {migrations.SCHEMA_VERSION}); the file was left as it is",
            file=path,
            hint="upgrade storybank (pip install -U storybank), or run `storybank doctor` "
            "to restore an older backup",
        )
    return data


def encode_bank(data: RawData) -> bytes:
    """Serialise bank data as compact UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_bank_file(path: Path) -> bytes:
    """The raw bytes of a bank file, with a specific error for each way it can be unreadable.

    Raises:
        StorybankError: missing, a directory, a dangling symlink, unreadable.
    """
    if path.is_symlink() and not path.exists():
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise DamagedBankError(
                    path, "it is a symbolic link that points back to itself (a loop)"
                ) from None
        raise DamagedBankError(
            path, f"it is a symbolic link to {path.readlink()}, which is missing"
        )
    refuse_folder(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StorybankError(
            "there is no bank here yet",
            file=path,
            hint="run `storybank init` to create it (or `storybank init --sample`)",
        ) from None
    except PermissionError:
        raise StorybankError(
            "cannot read the bank: permission denied",
            file=path,
            hint="make it readable by you (chmod 600 FILE) or run storybank as its owner",
        ) from None
    except OSError as exc:
        raise StorybankError(f"cannot read the bank: {exc.strerror}", file=path) from None


class AtomicStorage(Storage):
    """TinyDB storage over one bank file.

    Args:
        path: The bank file (already resolved through symlinks).
        read_only: Refuse every write.
        before_write: Called once, before the first write reaches disk (the
            repository takes a backup there).
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        before_write: Callable[[], None] | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._before_write = before_write
        self._cache: RawData | None = None
        self._deferred = 0
        self._dirty = False
        self.migrated = False

    def read(self) -> RawData | None:
        if self._cache is None:
            if not self.path.exists() and not self.path.is_symlink():
                return None
            data = decode_bank(read_bank_file(self.path), self.path)
            self._cache, self.migrated = migrations.migrate(data)
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise StorybankError(
                "the bank is open read-only", file=self.path, hint="close other storybank windows"
            )
        self._cache = data
        if self._deferred:
            self._dirty = True
            return
        self._flush()

    def _flush(self) -> None:
        assert self._cache is not None
        try:
            if self._before_write is not None:
                self._before_write()
                # Only once it worked: a hook that failed runs again before the next write.
                self._before_write = None
            migrations.set_schema_version(self._cache, migrations.SCHEMA_VERSION)
            atomic_write(self.path, encode_bank(self._cache))
        except BaseException:
            # What is in memory may never have reached disk (the hook, the encoding or
            # the write failed, or the user interrupted): forget it so that the next
            # read is what the file holds.
            self._cache = None
            self._dirty = False
            raise
        self._dirty = False

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
