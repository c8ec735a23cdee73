"""Memos that let one-off commands skip validating a bank they have seen before.

``storybank list`` and ``storybank match`` are run from the shell, often many
times against the same bank. Most of their start-up goes to importing and
building the pydantic models that validate the bank. What they compute
depends only on the bank file's bytes, the framework files (the user's and the
built-in ones) and the storybank version, so each command keeps its result,
or the validated data it needs, in the user cache folder under a digest of
exactly those inputs.

A memo is used only when every input is byte-for-byte what it was when the
memo was written; anything else (an edit, a damaged or missing bank, an
upgrade, a garbled memo) takes the full path, which reports problems as
usual. ``STORYBANK_NO_CACHE=1`` turns memos off.

A digest proves only that a memo is the one written for these inputs by
whoever could read them; it says nothing of a memo someone rewrote with a
digest to match. So a memo is also checked against the bank itself before it
is served: each kind says how its value must agree with the bank's tables
(the same stories, titles, tags and settings), and a bank that has damage
the full path reports (stories sharing an id) is never served from a memo.
What is served is printed through the same escaping as everything else.

This module knows how a memo is keyed, checked, written, refreshed and
pruned, never what it holds: each command that keeps a memo registers a
:class:`Kind` saying how to build its value from an open bank and how to read
that value back (:mod:`storybank.cli.listing`, :mod:`storybank.cli.match`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from storybank.storage import cache_files
from storybank.storage.cache_files import cache_file, disabled

if TYPE_CHECKING:
    from storybank.storage.repository import Bank

MEMO_FORMAT = 4
"""Bumped whenever the memo file itself (its header and body lines) changes shape."""
STALE_AFTER_DAYS = 60
"""Memos nobody has rewritten for this long (a bank moved or deleted) are removed."""

Memo = dict[str, Any]
"""A memo's value as read back: a JSON table."""
RawBank = dict[str, Any]
"""The bank file's tables as plain JSON (``{table: {document id: document}}``), unvalidated."""
T = TypeVar("T")

_MEMO_NAME = r"[a-z]+-[0-9a-f]{20}\.json"
"""How :func:`memo_path` names a memo file, whatever its kind (compiled only to prune)."""


class Kind(Generic[T]):
    """One kind of memo, registered by the command that keeps it (see :func:`register`).

    A plain class rather than a dataclass: ``dataclasses`` imports ``inspect``,
    which would add about a fifth to a ``storybank list`` served from its memo.
    """

    __slots__ = ("agrees", "build", "eager", "name", "read", "version")

    def __init__(
        self,
        name: str,
        *,
        version: int,
        build: Callable[[Bank], Mapping[str, Any]],
        read: Callable[[Memo], T],
        agrees: Callable[[T, RawBank], bool],
        eager: bool = False,
    ) -> None:
        """Describe a memo kind.

        Args:
            name: Names its files (``<name>-<bank digest>.json``); lowercase letters.
            version: Bump it whenever what ``build`` writes or ``read`` expects
                changes, so that memos written before are not reused.
            build: The memo's value from an open, validated bank: plain JSON data.
            read: What the command uses, from a memo's value. It raises
                ``LookupError``, ``TypeError`` or ``ValueError`` on a value that
                is not what ``build`` writes (a memo altered by hand), and the
                memo is then ignored.
            agrees: Whether what ``read`` returned agrees with the bank's raw
                tables (the ids, titles, tags and settings it shows are the
                bank's own). A memo that does not is never served.
            eager: Bring it up to date after every change to the bank, so that
                even the first use after a change is fast. Otherwise a memo is
                only kept up to date once it exists (once the command was used
                on this bank).
        """
        self.name = name
        self.version = version
        self.build = build
        self.read = read
        self.agrees = agrees
        self.eager = eager

    def __repr__(self) -> str:
        return f"<memo kind {self.name} v{self.version}>"


_KINDS: dict[str, Kind[Any]] = {}


def register(kind: Kind[T]) -> Kind[T]:
    """Make ``kind`` known: only registered kinds are kept, served and refreshed.

    Raises:
        ValueError: the name is not lowercase letters, or another kind has it.
    """
    if not (kind.name.isascii() and kind.name.isalpha() and kind.name.islower()):
        raise ValueError(f"a memo kind is named in lowercase letters, not {kind.name!r}")
    if _KINDS.setdefault(kind.name, kind) is not kind:
        raise ValueError(f"another memo kind is already named {kind.name!r}")
    return kind


def registered() -> tuple[Kind[Any], ...]:
    """Every registered memo kind, in the order they were registered."""
    return tuple(_KINDS.values())


def read_bank_bytes(bank: Path) -> bytes | None:
    """The bank file's bytes, or ``None`` (the full path then says what is wrong).

    Read without waiting: a FIFO (or a device) given as the bank is not read
    here, and the full path refuses it.
    """
    from storybank.errors import StorybankError
    from storybank.storage.files import read_regular

    try:
        return read_regular(bank)[0]
    except (OSError, StorybankError):
        return None


def inputs_digest(bank: Path, data: bytes) -> str | None:
    """A digest of everything a memo of a bank depends on (:func:`cache_files.inputs_digest`)."""
    return cache_files.inputs_digest(bank, data, MEMO_FORMAT)


def memo_path(kind: str, bank: Path) -> Path:
    """Where the memo of kind ``kind`` (a kind's name) of this bank lives."""
    return cache_file(kind, bank)


def encode(inputs: str, value: Mapping[str, Any]) -> bytes:
    """A memo file (see :func:`cache_files.encode_kept`); ``inputs`` is :meth:`Inputs.key`."""
    return cache_files.encode_kept(inputs, value, MEMO_FORMAT)


def decode(raw: bytes, inputs: str) -> Memo | None:
    """The value of a memo file written for ``inputs``; ``None`` if it is not exactly that."""
    return cache_files.decode_kept(raw, inputs)


def _prune(folder: Path) -> None:
    """Remove memos of banks that have not been used for :data:`STALE_AFTER_DAYS`."""
    import time

    oldest = time.time() - STALE_AFTER_DAYS * 86_400
    for path in folder.iterdir():
        # Only files named exactly as memo_path() names them: the folder could
        # be shared with anything (even the data folder, if so configured).
        if re.fullmatch(_MEMO_NAME, path.name) is None:
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < oldest:
                path.unlink()


class Inputs:
    """The inputs of one run against a bank: read once, compared again at the end."""

    def __init__(self, bank: Path) -> None:
        self.bank = bank
        self.data = read_bank_bytes(bank)
        self.digest = (
            inputs_digest(bank, self.data) if self.data is not None and not disabled() else None
        )
        self._tables: RawBank | None = None

    def tables(self) -> RawBank | None:
        """The bank's tables as plain JSON (parsed once); ``None`` if they are not tables."""
        if self._tables is None and self.data is not None:
            try:
                value = json.loads(self.data)
            except (ValueError, RecursionError):
                return None
            if type(value) is dict and all(type(t) is dict for t in value.values()):
                self._tables = value
        return self._tables

    def key(self, kind: Kind[Any]) -> str | None:
        """What a ``kind`` memo written for exactly these inputs is stamped with.

        ``None`` when memos are off or an input cannot be read.
        """
        if self.digest is None:
            return None
        return f"{self.digest}:{kind.name}.{kind.version}"

    def recall(self, kind: Kind[T]) -> T | None:
        """What the ``kind`` memo written for exactly these inputs holds, if there is one.

        ``None`` also for a kind that is not registered, and for a memo whose
        value ``kind.read`` refuses.
        """
        key = self.key(kind)
        if key is None or _KINDS.get(kind.name) is not kind:
            return None
        try:
            path = memo_path(kind.name, self.bank)
            raw = path.read_bytes()
        except (OSError, ValueError):
            return None
        value = decode(raw, key)
        if value is None:
            return None
        try:
            read = kind.read(value)
        except (LookupError, TypeError, ValueError, AttributeError):
            return None  # the right stamp and the wrong shape: edited by hand
        tables = self.tables()
        try:
            if tables is None or shares_ids(tables) or not kind.agrees(read, tables):
                return None  # not this bank's, or damage the full path must report
        except (LookupError, TypeError, ValueError, AttributeError):
            return None
        # In use: keep it from being pruned as a memo of a forgotten bank.
        with contextlib.suppress(OSError):
            os.utime(path)
        return read

    def unchanged(self) -> bool:
        """Whether the bank and framework files are still what they were at the start."""
        data = read_bank_bytes(self.bank)
        return data is not None and inputs_digest(self.bank, data) == self.digest

    def keep(self, kind: Kind[Any], value: Mapping[str, Any]) -> None:
        """Remember ``value``, unless an input changed while it was being computed.

        Only registered kinds are kept. Best effort: a memo never fails a command.
        """
        from storybank.storage.files import atomic_write

        key = self.key(kind)
        if key is None or _KINDS.get(kind.name) is not kind or not self.unchanged():
            return
        with contextlib.suppress(Exception):
            path = memo_path(kind.name, self.bank)
            atomic_write(path, encode(key, value))
            _prune(path.parent)


def shares_ids(tables: RawBank) -> bool:
    """Whether two stories (or two questions) of the bank's tables share an id."""
    for name in ("stories", "questions"):
        ids = [doc.get("id") for doc in tables.get(name, {}).values() if type(doc) is dict]
        if len(set(map(str, ids))) != len(ids):
            return True
    return False


def stored_framework(tables: RawBank) -> str | None:
    """The active framework id as the bank stores it (``None`` when not stored as text)."""
    settings = tables.get("settings", {}).get("1")
    framework = settings.get("framework") if type(settings) is dict else None
    return framework if type(framework) is str else None


def stored_by_id(tables: RawBank, name: str) -> dict[str, dict[str, Any]]:
    """A table's documents by their ``id`` field (documents without a text id left out)."""
    return {
        doc["id"]: doc
        for doc in tables.get(name, {}).values()
        if type(doc) is dict and type(doc.get("id")) is str
    }


def refresh(bank: Path) -> None:
    """Bring the memos of every registered kind up to date after a command changed the bank.

    Called while the models are already loaded, so that the next command from
    the shell that reads a memo starts fast instead of paying for validation:
    an eager kind is rebuilt whatever happens, any other kind only once a memo
    of it exists for this bank.
    Best effort: whatever goes wrong, the command that changed the bank has
    already succeeded, and the next command that reads a memo takes the full path.
    """
    # Ctrl-C here must not turn a change that was made into a reported failure.
    with contextlib.suppress(Exception, KeyboardInterrupt):
        _refresh(bank)


def _refresh(bank: Path) -> None:
    from storybank.storage.repository import Bank

    inputs = Inputs(bank)
    if inputs.digest is None:
        return
    kinds = [k for k in registered() if k.eager or memo_path(k.name, bank).exists()]
    if not kinds:
        return
    with Bank.open(bank, read_only=True) as opened:
        for kind in kinds:
            # One kind that cannot be built leaves the others up to date.
            with contextlib.suppress(Exception):
                inputs.keep(kind, kind.build(opened))
