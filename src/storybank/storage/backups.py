"""Backups of the bank in ``backups/`` beside it, and the policy that decides when to take one.

A backup is a byte-for-byte copy of the bank file. The policy:

* before anything destructive (deleting a story, ``import --replace``,
  ``doctor --restore``, ``doctor --repair``, ``init --force``) a backup is
  always taken (:func:`take_backup`);
* before any other write, one is taken only when the newest backup is more
  than :data:`ROUTINE_INTERVAL` old (:func:`routine_backup`), so a burst of
  small changes (eleven ``config`` commands, an afternoon of editing) costs
  one copy rather than one each;
* after each backup the oldest are pruned: at most :data:`KEEP` are kept, and
  no more than :data:`MAX_TOTAL_BYTES` in all, though the newest
  :data:`MIN_KEEP` are kept whatever their size.

Backups are named after the bank's whole file name
(``bank.json-20250314T093000123456Z-delete.json``), so two banks in one folder
whose names differ only after the first dot (``bank.json``, ``bank.old``)
never see, rotate or restore each other's backups.
"""

from __future__ import annotations

import contextlib
import glob
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storybank.errors import StorybankError
from storybank.paths import backups_dir
from storybank.storage.files import NotSavedError, atomic_write, read_regular, remove_leftover_temps

KEEP = 20
"""How many backups rotation keeps at most."""
MAX_TOTAL_BYTES = 50 * 1024 * 1024
"""How many bytes of backups rotation keeps at most (the newest :data:`MIN_KEEP` excepted)."""
MIN_KEEP = 2
"""How many of the newest backups are kept even when they alone exceed :data:`MAX_TOTAL_BYTES`."""
ROUTINE_INTERVAL = timedelta(minutes=30)
"""A write that destroys nothing takes a backup only if the newest is older than this."""

_NAME_RE = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}(?:\d{6})?Z)(?P<tag>-[a-z][a-z-]*)?\.json$"
)


@dataclass(frozen=True)
class Backup:
    """One backup file."""

    path: Path
    taken: datetime
    size: int

    @property
    def name(self) -> str:
        """The file name, which ``doctor --restore`` accepts."""
        return self.path.name

    def describe(self) -> str:
        """A short summary: story count, or why the file is not a usable bank."""
        try:
            data = json.loads(self.path.read_bytes())
            stories = data.get("stories", {})
            if not isinstance(stories, dict):
                return "unreadable"
            return "1 story" if len(stories) == 1 else f"{len(stories)} stories"
        except FileNotFoundError:
            # Rotated away by a writer in another process since it was listed.
            return "just rotated away"
        except (OSError, ValueError, AttributeError):
            return "damaged copy"


def _prefixes(bank: Path) -> set[str]:
    """The name prefixes of this bank's backups: its whole name, and the older stem naming.

    Backups used to be named after the bank's stem only. Those belong to the
    bank named ``<stem>.json`` when there is one beside it (the usual name),
    else to whichever bank of that stem asks.
    """
    prefixes = {bank.name}
    owner = bank.with_name(f"{bank.stem}.json")
    if bank.name == owner.name or not owner.exists():
        prefixes.add(bank.stem)
    return prefixes


def list_backups(bank: Path) -> list[Backup]:
    """The bank's backups, newest first."""
    folder = backups_dir(bank)
    if not folder.is_dir():
        return []
    prefixes = _prefixes(bank)
    found: list[Backup] = []
    for path in folder.iterdir():
        match = _NAME_RE.match(path.name)
        if not match or match["stem"] not in prefixes or not path.is_file():
            continue
        stamp = match["stamp"]
        fmt = "%Y%m%dT%H%M%S%fZ" if len(stamp) > 16 else "%Y%m%dT%H%M%SZ"
        taken = datetime.strptime(stamp, fmt).replace(tzinfo=UTC)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            continue  # rotated away by a writer in another process meanwhile
        found.append(Backup(path, taken, size))
    found.sort(key=lambda b: (b.taken, b.name), reverse=True)
    return found


def take_backup(
    bank: Path,
    *,
    tag: str = "",
    keep: int = KEEP,
    now: datetime | None = None,
    shown: Path | None = None,
) -> Backup | None:
    """Copy the bank into ``backups/`` and prune; ``None`` if there is no bank (or it is empty).

    Args:
        bank: The bank file.
        tag: A lowercase word added to the name (e.g. ``"delete"``).
        keep: How many backups to keep after pruning.
        now: When the backup is taken (the clock by default).
        shown: How messages name the bank (the name the user gave).

    Raises:
        StorybankError: the bank could not be read, or the copy could not be
            written; the message says that the change it was to protect was
            not made.
    """
    shown = bank if shown is None else shown
    try:
        data, _ = read_regular(bank)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _not_backed_up(shown, exc.strerror or str(exc)) from None
    if not data:
        return None
    now = datetime.now(UTC) if now is None else now
    suffix = f"-{tag}" if tag else ""
    target = backups_dir(bank) / f"{bank.name}-{now:%Y%m%dT%H%M%S%f}Z{suffix}.json"
    try:
        atomic_write(target, data)
    except NotSavedError as exc:
        raise _not_backed_up(shown, exc.reason, folder=target.parent) from None
    rotate(bank, keep)
    return Backup(target, now, len(data))


def _not_backed_up(bank: Path, reason: str, folder: Path | None = None) -> StorybankError:
    where = f" in {folder}" if folder is not None else ""
    return StorybankError(
        f"could not take a backup{where} before changing the bank ({reason}); "
        "the change was not made and the bank is as it was",
        file=bank,
        hint="free some disk space (old backups can go: `storybank doctor` lists them), "
        "then try again",
    )


def routine_backup(
    bank: Path, *, now: datetime | None = None, shown: Path | None = None
) -> datetime:
    """Take a backup before a write that destroys nothing, if one is due.

    One is due when there is no backup yet, or the newest is older than
    :data:`ROUTINE_INTERVAL` (or dated in the future: the clock moved back).

    Returns:
        When the newest backup was taken (now, if one was taken now; ``now``
        too when there is no bank to back up yet).
    """
    now = datetime.now(UTC) if now is None else now
    newest = next(iter(list_backups(bank)), None)
    if newest is not None and timedelta(0) <= now - newest.taken < ROUTINE_INTERVAL:
        return newest.taken
    take_backup(bank, now=now, shown=shown)
    return now


def rotate(bank: Path, keep: int = KEEP, max_bytes: int | None = None) -> None:
    """Delete the oldest backups beyond ``keep``, or beyond ``max_bytes`` in all
    (:data:`MAX_TOTAL_BYTES` by default); the newest :data:`MIN_KEEP` always stay."""
    max_bytes = MAX_TOTAL_BYTES if max_bytes is None else max_bytes
    total = 0
    for index, backup in enumerate(list_backups(bank)):
        total += backup.size
        if index < MIN_KEEP:
            continue
        if index >= keep or total > max_bytes:
            with contextlib.suppress(OSError):
                backup.path.unlink()


def find_backup(bank: Path, ref: str) -> Backup | None:
    """A backup by its position in :func:`list_backups` (1 = newest) or by file name."""
    backups = list_backups(bank)
    if ref.isdigit():
        index = int(ref) - 1
        return backups[index] if 0 <= index < len(backups) else None
    return next((b for b in backups if b.name == ref), None)


def remove_leftovers(bank: Path) -> None:
    """Delete temporary backup files a killed writer left (call only under the write lock)."""
    folder = backups_dir(bank)
    if folder.is_dir():
        for prefix in _prefixes(bank):
            remove_leftover_temps(folder, f"{glob.escape(prefix)}-*.json")
