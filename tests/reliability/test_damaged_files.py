"""A damaged bank is reported by the real CLI with a specific message and exit 2, never touched.

``tests/storage/test_bank_file_errors.py`` checks the same kinds of damage at
the repository level; here every kind goes through ``storybank`` commands that
read and that write, plus truncation at many offsets of a real bank, and
doctor lists the backups and restores one.
"""

from __future__ import annotations

import errno
import json
import os
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import Run, age_backups, make_story
from reliability import hostile
from storybank.core.models import Story
from storybank.errors import EXIT_BAD_INPUT, DamagedBankError
from storybank.storage import migrations
from storybank.storage.backups import list_backups
from storybank.storage.repository import Bank

Cli = Callable[..., Run]

META = {"_meta": {"1": {"schema_version": 1}}}
STORY = make_story().model_dump(mode="json")


def _bank(**tables: object) -> bytes:
    return json.dumps({**META, **tables}).encode()


def _story(**changes: object) -> bytes:
    return _bank(stories={"1": {**STORY, **changes}})


# Damage → a phrase the message must contain.
DAMAGE: dict[str, tuple[bytes, str]] = {
    "zero-bytes": (b"", "the file is empty"),
    "blank": (b" \n\t\n", "the file is blank"),
    "not-json": (b"Dear diary, today I", "it is not valid JSON at line 1, column 1"),
    "not-utf8": (b'{"_meta": "\xff\xfe"}', "it is not UTF-8 text (bad byte at offset 11)"),
    "json-array": (b"[]", "expected a JSON object of tables, found list"),
    "json-string": (b'"bank"', "expected a JSON object of tables, found str"),
    "table-is-list": (_bank(stories=[STORY]), "table 'stories' is not a table of documents"),
    "document-is-list": (_bank(stories={"1": ["x"]}), "table 'stories' is not a table"),
    "no-schema-version": (b'{"stories": {}}', "it has no schema_version"),
    "schema-version-string": (
        b'{"_meta": {"1": {"schema_version": "1"}}}',
        "it has no schema_version",
    ),
    "newer-schema": (
        b'{"_meta": {"1": {"schema_version": 7}}}',
        "written by a newer storybank (schema 7; this version reads up to "
        f"{migrations.SCHEMA_VERSION})",
    ),
    "title-number": (_story(title=42), "story #1, field title: the title must be text"),
    "tags-string": (_story(tags="a, b"), "story #1, field tags: the tags must be a list"),
    "competencies-list": (
        _story(competencies=["ambiguity"]),
        "story #1, field competencies: the competencies must be a table of names and values",
    ),
    "created-not-a-date": (_story(created="last tuesday"), "story #1, field created:"),
    "follow-up-number": (
        _story(follow_ups=[{"question": 5}]),
        "story #1, field follow_ups.0.question: the question of the first follow-up must be text",
    ),
    "unknown-field": (_story(mood="great"), "story #1, field mood: unknown field"),
    "bad-id": (_story(id="Not A Slug"), "story #1, field id:"),
    "title-too-long": (_story(title="x" * 201), "at most 200 characters"),
    "settings-wrong-type": (
        _bank(settings={"1": {"desired_retention": "high"}}),
        "settings, field desired_retention: the desired retention must be a number",
    ),
    "settings-out-of-range": (
        _bank(settings={"1": {"drill_timer": 5}}),
        "settings, field drill_timer: the drill timer must be at least 15",
    ),
    "question-null-text": (
        _bank(questions={"1": {"id": "q", "text": None}}),
        "question #1, field text: the question's text must be text",
    ),
}

READ_COMMANDS = [
    ["list"],
    ["match", "a conflict with a peer"],
    ["show", "billing-ledger"],
    ["check"],
    ["export"],
    ["config"],
]
WRITE_COMMANDS = [
    ["config", "drill-timer", "90"],
    ["rm", "billing-ledger", "--yes"],
    ["import", "stories.md"],
]
COMMANDS = READ_COMMANDS + WRITE_COMMANDS

STORY_MD = """\
# Untangling the on-call rotation
id: oncall-rotation
tpm: ownership

## Situation
Six teams shared one pager.
## Complications
Two leads disagreed.
## Action
I mapped every alert to an owner.
## Result
Pages per shift fell by 45%.
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "stories.md").write_text(STORY_MD)
    monkeypatch.chdir(tmp_path)


def _assert_refused(run: Run, bank: Path, phrase: str) -> None:
    assert run.code == EXIT_BAD_INPUT, run
    assert f"storybank: {bank}: " in run.err
    assert phrase in run.err, run.err
    assert "hint: " in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_bank_is_refused_with_a_specific_message(
    bank_path: Path, cli: Cli, damage: str, command: list[str]
) -> None:
    content, phrase = DAMAGE[damage]
    bank_path.parent.mkdir(parents=True)
    bank_path.write_bytes(content)
    run = cli("--db", bank_path, *command)
    _assert_refused(run, bank_path, phrase)
    if "newer" not in phrase:
        assert "storybank doctor" in run.err
    assert bank_path.read_bytes() == content
    assert not (bank_path.parent / "backups").exists()
    assert sorted(p.name for p in bank_path.parent.iterdir()) in (
        ["bank.json"],
        ["bank.json", "bank.json.lock"],
    )


def _sample_bytes(cli: Cli, bank_path: Path) -> bytes:
    assert cli("--db", bank_path, "init", "--sample").code == 0
    assert cli("--db", bank_path, "config", "drill-timer", "90").code == 0
    return bank_path.read_bytes()


def test_bank_truncated_anywhere_is_reported_as_truncated(bank_path: Path, cli: Cli) -> None:
    whole = _sample_bytes(cli, bank_path)
    rng = random.Random(6)
    offsets = sorted({1, 2, 3, len(whole) - 2, len(whole) - 1, *rng.sample(range(len(whole)), 150)})
    for offset in offsets:
        damaged = whole[:offset]
        bank_path.write_bytes(damaged)
        command = ["list"] if offset % 2 else ["config", "drill-timer", "60"]
        run = cli("--db", bank_path, *command)
        _assert_refused(run, bank_path, "it looks truncated")
        assert bank_path.read_bytes() == damaged, offset
    bank_path.write_bytes(b"")
    _assert_refused(cli("--db", bank_path, "list"), bank_path, "the file is empty")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(hostile.stories(), min_size=1, max_size=3).map(
        lambda found: [s.model_copy(update={"id": f"s{n}"}) for n, s in enumerate(found)]
    ),
    st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_any_bank_cut_anywhere_is_refused_as_truncated(stories: list[Story], cut: float) -> None:
    """Hostile text (escapes, NUL, surrogate-free Unicode) makes no cut point look whole."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.json"
        with Bank.create(path) as bank:
            bank.save_stories(stories)
        whole = path.read_bytes()
        damaged = whole[: max(1, int(cut * len(whole)))]
        path.write_bytes(damaged)
        with pytest.raises(DamagedBankError) as caught:
            Bank.open(path)
        assert "truncated" in caught.value.message
        assert path.read_bytes() == damaged


def _fail_reads_of(bank: Path, error: OSError, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make opening ``bank`` for reading fail with ``error`` (writes and other files work)."""
    real_open = os.open

    def failing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(bank) and flags & os.O_ACCMODE == os.O_RDONLY:
            raise type(error)(error.errno, error.strerror, str(bank))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)


def test_unreadable_bank_says_permission_denied(
    sample_bank: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, which reads any file: the EACCES comes from opening it to read."""
    before = sample_bank.read_bytes()
    _fail_reads_of(sample_bank, PermissionError(errno.EACCES, "Permission denied"), monkeypatch)
    for command in (["list"], ["config", "drill-timer", "90"]):
        run = cli("--db", sample_bank, *command)
        _assert_refused(run, sample_bank, "cannot read the bank: permission denied")
        assert "chmod 600" in run.err
    monkeypatch.undo()
    assert sample_bank.read_bytes() == before


def test_read_error_names_the_cause(
    sample_bank: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_reads_of(sample_bank, OSError(errno.EIO, "Input/output error"), monkeypatch)
    run = cli("--db", sample_bank, "list")
    assert run.code == EXIT_BAD_INPUT and "cannot read the bank: Input/output error" in run.err


def test_folder_without_write_permission_refuses_writes_but_reads(
    sample_bank: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    before = sample_bank.read_bytes()
    lock = str(sample_bank) + ".lock"
    real_open = os.open

    def guarded_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path) == lock:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)
    run = cli("--db", sample_bank, "config", "drill-timer", "90")
    assert run.code == EXIT_BAD_INPUT
    assert f"{lock}: cannot create the lock file: Permission denied" in run.err
    assert cli("--db", sample_bank, "list").code == 0
    assert sample_bank.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_folder_where_the_bank_should_be(bank_path: Path, cli: Cli, command: list[str]) -> None:
    bank_path.mkdir(parents=True)
    (bank_path / "keep.txt").write_text("mine")
    run = cli("--db", bank_path, *command)
    _assert_refused(run, bank_path, "this path is a folder, not a bank file")
    assert [p.name for p in bank_path.iterdir()] == ["keep.txt"]
    assert [p.name for p in bank_path.parent.iterdir()] == ["bank.json"]  # no stray lock


@pytest.mark.parametrize("folder", [".", "./", "..", "/"])
@pytest.mark.parametrize("command", [["config", "drill-timer", "90"], ["init"], ["list"]])
def test_the_current_folder_or_root_as_the_bank(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, folder: str, command: list[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    run = cli("--db", folder, *command)
    assert run.code == EXIT_BAD_INPUT, run
    assert "this path is a folder, not a bank file" in run.err and "--db" in run.err
    assert "Traceback" not in run.err
    assert list(work.iterdir()) == [] and not (tmp_path / "work.lock").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_dangling_symlink(bank_path: Path, cli: Cli, command: list[str]) -> None:
    bank_path.parent.mkdir(parents=True)
    target = bank_path.parent / "unmounted" / "bank.json"
    bank_path.symlink_to(target)
    run = cli("--db", bank_path, *command)
    _assert_refused(run, bank_path, f"it is a symbolic link to {target}, which is missing")
    assert bank_path.is_symlink() and bank_path.readlink() == target
    assert not target.exists()


def test_a_symlink_loop(bank_path: Path, cli: Cli) -> None:
    bank_path.parent.mkdir(parents=True)
    bank_path.symlink_to(bank_path)
    run = cli("--db", bank_path, "list")
    _assert_refused(run, bank_path, "it is a symbolic link that points back to itself")
    assert bank_path.is_symlink()


@pytest.mark.parametrize(
    "damage", ["zero-bytes", "not-json", "title-number", "newer-schema", "table-is-list"]
)
def test_doctor_lists_backups_and_restores_one(bank_path: Path, cli: Cli, damage: str) -> None:
    assert cli("--db", bank_path, "init", "--sample").code == 0
    with Bank.open(bank_path) as bank:
        bank.save_story(make_story("kept-in-backup"))  # backup 1: the six sample stories
    age_backups(bank_path, 31)  # the next write takes a routine backup
    with Bank.open(bank_path) as bank:
        bank.save_story(make_story("newest"))  # backup 1 now also holds kept-in-backup
    content, phrase = DAMAGE[damage]
    bank_path.write_bytes(content)
    report = cli("--db", bank_path, "doctor")
    assert report.code == EXIT_BAD_INPUT
    assert phrase in report.out
    assert "Backups in" in report.out and "doctor --restore N" in report.out
    listed = [line for line in report.out.splitlines() if "bank.json-" in line]
    assert len(listed) == len(list_backups(bank_path)) == 2
    assert "7 stories" in listed[0] and "6 stories" in listed[1]
    assert bank_path.read_bytes() == content  # diagnosis changes nothing
    refused = cli("--db", bank_path, "doctor", "--restore", "1")
    assert refused.code == EXIT_BAD_INPUT and "--yes" in refused.err
    assert bank_path.read_bytes() == content
    restored = cli("--db", bank_path, "doctor", "--restore", "1", "--yes")
    assert restored.code == 0, restored.err
    with Bank.open(bank_path, read_only=True) as bank:
        assert bank.has_story("kept-in-backup") and not bank.has_story("newest")
    if content:
        kept = [b for b in list_backups(bank_path) if b.name.endswith("-before-restore.json")]
        assert [b.path.read_bytes() for b in kept] == [content]
    assert cli("--db", bank_path, "doctor").code == 0
