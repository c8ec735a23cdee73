"""``storybank doctor``: verify a bank, list its backups, restore one, repair what it can.

Diagnosis only reads. Restoring takes the write lock, keeps a copy of the
current file (even a damaged one) in ``backups/``, checks that the chosen
backup is a valid bank, and only then replaces the bank atomically.
Repairing fixes the damage storybank can fix without guessing (a byte-order
mark at the start of the file; stories or questions sharing an id), after a
backup.

Features that keep files of their own beside the bank (the drills' review
log) pass their checks to :func:`diagnose`; this module knows only the bank.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storybank.core.text import counted
from storybank.errors import FileChangedError, StorybankError
from storybank.storage import backups
from storybank.storage.bank_file import BOM, decode_bank, read_bank, read_bank_file
from storybank.storage.files import FILE_MODE, StagedWrite, real_path
from storybank.storage.fingerprint import Fingerprint, fingerprint_file
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
    repairable: bool = False
    """Some of the problems are ones :func:`repair` fixes."""

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
            for problem in bank.problems:
                report.problem(problem)
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
    if not report.ok:
        try:
            report.repairable = bool(plan_repair(path))
        except StorybankError:
            report.repairable = False
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
    with BankLock(path) as lock:
        real = lock.target if path.exists() else path
        before = fingerprint_file(real)
        backups.take_backup(real, tag="before-restore", shown=path)
        _replace_unchanged(real, before, data, path)
    return chosen


def _replace_unchanged(real: Path, before: Fingerprint, data: bytes, shown: Path) -> None:
    """Write ``data`` over the bank, unless another program changed it since ``before``.

    Raises:
        FileChangedError: it changed (its backup was taken of what was read); nothing written.
    """
    staged = StagedWrite(real, data)
    if not fingerprint_file(real).same_content(before):
        staged.discard()
        raise FileChangedError(shown, reloaded=False, problem=None)
    staged.commit()


@dataclass
class Repair:
    """What :func:`repair` did."""

    removed_bom: bool = False
    """A byte-order mark was removed from the start of the file."""
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    """``(table, old id, new id)`` for each story or question given a fresh id."""

    @property
    def changed(self) -> bool:
        """Whether anything was repaired."""
        return self.removed_bom or bool(self.renamed)


def plan_repair(path: Path) -> list[str]:
    """What :func:`repair` would fix, one line each (nothing is changed).

    Raises:
        StorybankError: the bank cannot be read, or is damaged beyond these repairs.
    """
    real = real_path(path) if path.exists() else path
    raw = read_bank_file(real, path)
    plan: list[str] = []
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
        plan.append("remove the byte-order mark at the start of the file")
    data = decode_bank(raw, path)
    for table, kind in (("stories", "story"), ("questions", "question")):
        numbers: dict[str, list[str]] = {}
        for number, doc in data.get(table, {}).items():
            numbers.setdefault(str(doc.get("id")), []).append(number)
        for item_id, found in numbers.items():
            if len(found) > 1:
                ordered = sorted(found, key=lambda n: int(n) if n.isdigit() else 0)
                others = ", ".join(f"#{n}" for n in ordered[1:])
                plan.append(
                    f"{table} {', '.join(f'#{n}' for n in ordered)} share the id {item_id!r}: "
                    f"{kind} #{ordered[0]} keeps it, {others} get a fresh one"
                )
    return plan


def repair(path: Path) -> Repair:
    """Fix what storybank can fix without guessing, after a backup.

    * A byte-order mark at the start of the file is removed, if the file is a
      valid bank without it.
    * Stories (and questions) that share an id with an earlier one get a fresh
      id (see :meth:`Bank.repair_shared_ids`).

    Raises:
        StorybankError: the bank is locked, or damaged in a way this cannot fix.
    """
    done = Repair()
    with BankLock(path) as lock:
        real = lock.target if path.exists() else path
        raw, before = read_bank(real, path)
        if raw.startswith(BOM):
            decode_bank(raw[len(BOM) :], path)  # only a bank that is whole without it
            backups.take_backup(real, tag="repair", shown=path)
            _replace_unchanged(real, before, raw[len(BOM) :], path)
            done.removed_bom = True
        # The bank takes the lock over and releases it when it closes (releasing
        # it again as the `with` ends does nothing).
        with Bank.open(path, lock=lock) as bank:
            if bank.problems:
                done.renamed = bank.repair_shared_ids()
    return done


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
