"""``storybank doctor``: verify a bank, list its backups, restore one.

Diagnosis only reads. Restoring takes the write lock, keeps a copy of the
current file (even a damaged one) in ``backups/``, checks that the chosen
backup is a valid bank, and only then replaces the bank atomically.

Features that keep files of their own beside the bank (the drills' review
log) pass their checks to :func:`diagnose`; this module knows only the bank.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storybank.core.text import counted
from storybank.errors import StorybankError
from storybank.storage import backups
from storybank.storage.atomic_storage import decode_bank
from storybank.storage.files import FILE_MODE, atomic_write
from storybank.storage.lock import BankLock, read_owner
from storybank.storage.repository import Bank


@dataclass
class Diagnosis:
    """What doctor found out about one bank."""

    path: Path
    ok: bool = True
    facts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    backups: list[backups.Backup] = field(default_factory=list)

    def problem(self, text: str) -> None:
        """Record a problem (the bank is then not ok)."""
        self.ok = False
        self.problems.append(text)


class Findings(Protocol):
    """What one extra check found: facts to report, and problems (the bank is then not ok)."""

    facts: list[str]
    problems: list[str]


BankCheck = Callable[[Bank], Findings]
"""An extra check of an open bank (read-only), e.g. of a file a feature keeps beside it."""


def diagnose(path: Path, checks: Sequence[BankCheck] = ()) -> Diagnosis:
    """Check the bank file, then run ``checks`` on it, without changing anything."""
    report = Diagnosis(path, backups=backups.list_backups(path))
    try:
        bank = Bank.open(path, read_only=True)
    except StorybankError as exc:
        report.problem(exc.message)
    else:
        with bank:
            stories = bank.stories()
            report.facts.append(
                f"{counted(len(stories), 'story', 'stories')}, "
                f"{counted(len(bank.questions()), 'own question')}"
            )
            report.facts.append(f"active framework: {bank.settings.framework}")
            for story in stories:
                try:
                    bank.frameworks.validate_story_tags(story)
                except StorybankError as exc:
                    report.problem(exc.message)
            for check in checks:
                found = check(bank)
                report.facts.extend(found.facts)
                for problem in found.problems:
                    report.problem(problem)
    if path.is_file():
        mode = path.stat().st_mode & 0o777
        if mode & ~FILE_MODE:
            report.problem(f"the file is readable by others (mode {mode:o}); chmod 600 it")
    owner = read_owner(path)
    if owner:
        report.facts.append(f"open for writing in process {owner}")
    return report


def restore(path: Path, ref: str) -> backups.Backup:
    """Replace the bank with a backup, keeping a copy of the current file first.

    Args:
        path: The bank file.
        ref: A backup's number in the list (1 = newest) or its file name.

    Raises:
        StorybankError: no such backup, the backup is damaged, or the bank is locked.
    """
    chosen = find(path, ref)
    data = chosen.path.read_bytes()
    decode_bank(data, chosen.path)  # refuse to restore a damaged copy
    with BankLock(path):
        backups.take_backup(path, tag="before-restore")
        atomic_write(path.resolve() if path.exists() else path, data)
    return chosen


def find(path: Path, ref: str) -> backups.Backup:
    """The backup ``ref`` names (number or file name).

    Raises:
        StorybankError: there is no such backup.
    """
    chosen = backups.find_backup(path, ref)
    if chosen is None:
        raise StorybankError(
            f"there is no backup {ref!r}",
            file=path,
            hint="`storybank doctor` lists the backups with their numbers",
        )
    return chosen
