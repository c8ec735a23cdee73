"""Rotating backups of the bank in ``backups/`` beside it.

A backup is a byte-for-byte copy of the bank file taken before the first write
of each session and before anything destructive (delete, import with
``--replace``, restore). The newest :data:`KEEP` are kept.
"""

from __future__ import annotations

import contextlib
import glob
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storybank.paths import backups_dir
from storybank.storage.files import atomic_write, remove_leftover_temps

KEEP = 20
"""How many backups rotation keeps (the brief asks for at least 10)."""

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


def list_backups(bank: Path) -> list[Backup]:
    """The bank's backups, newest first."""
    folder = backups_dir(bank)
    if not folder.is_dir():
        return []
    found: list[Backup] = []
    for path in folder.iterdir():
        match = _NAME_RE.match(path.name)
        if not match or match["stem"] != bank.stem or not path.is_file():
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


def take_backup(bank: Path, *, tag: str = "", keep: int = KEEP) -> Backup | None:
    """Copy the bank into ``backups/`` and rotate; ``None`` if there is no bank yet.

    Args:
        bank: The bank file.
        tag: A lowercase word added to the name (e.g. ``"damaged"``).
        keep: How many backups to keep after rotation.
    """
    try:
        data = bank.read_bytes()
    except FileNotFoundError:
        return None
    if not data:
        return None
    now = datetime.now(UTC)
    suffix = f"-{tag}" if tag else ""
    target = backups_dir(bank) / f"{bank.stem}-{now:%Y%m%dT%H%M%S%f}Z{suffix}.json"
    atomic_write(target, data)
    rotate(bank, keep)
    return Backup(target, now, len(data))


def rotate(bank: Path, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` backups."""
    for old in list_backups(bank)[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()


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
        remove_leftover_temps(folder, f"{glob.escape(bank.stem)}-*.json")
