"""No lost update, whatever the path, the copy or the way out.

Each test performs an attack on the paths around the bank as a user, a script
or a sync client would: a second name for the bank (a real symlink), a real
``cp`` over it or beside it, a real FIFO, a hand-merged file with two stories
under one id, two failed edits in one second, a byte-order mark, a full disk.
Every acknowledged change must survive, or the command must refuse with exit
2 and a message that says what to do. Real processes run where a second
process is the point; every one of them has a timeout, so nothing can hang.
(The app's side, quitting and a file changed under it, is in
``tests/tui/test_quit_and_reload.py``.)
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating

from factories import Run, age_backups, make_story
from storybank.errors import EXIT_BAD_INPUT, BankLockedError, StorybankError
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.review_log import log_path
from storybank.scheduling.store import DrillStore
from storybank.storage.backups import list_backups
from storybank.storage.repository import Bank
from storybank.transfer import export_json

Cli = Callable[..., Run]
TIMEOUT = 60
"""Seconds any process of these tests may take; a hang fails the test instead."""

WAITING_EDITOR = textwrap.dedent(
    """\
    import os, sys, time
    from pathlib import Path
    draft = Path(sys.argv[1])
    Path(os.environ["SB_READY"]).write_text("editing")
    while not Path(os.environ["SB_RELEASE"]).exists():
        time.sleep(0.01)
    draft.write_text(draft.read_text().replace("## Result\\n", "## Result\\nEdited in A. ", 1))
    """
)


def storybank(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storybank", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{proc.args} hung")
    return proc.returncode, out, err


def cp(source: Path, target: Path) -> None:
    """The real ``cp``: it rewrites an existing target in place (same inode)."""
    subprocess.run(["cp", str(source), str(target)], check=True, timeout=TIMEOUT)


def wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the editor never started"
        time.sleep(0.01)


def editor_env(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    editor = tmp_path / "editor.py"
    editor.write_text(WAITING_EDITOR)
    ready, release = tmp_path / "ready", tmp_path / "release"
    env = {
        **os.environ,
        "EDITOR": f"{sys.executable} {editor}",
        "SB_READY": str(ready),
        "SB_RELEASE": str(release),
    }
    return env, ready, release


# -- 1. a second name for the bank, and a file replaced underneath -------------------


def test_an_edit_open_through_a_symlink_locks_out_writers_of_the_target(
    sample_bank: Path, tmp_path: Path
) -> None:
    """`edit` through link.json used to let `rm` and `config` through bank.json succeed,
    and then put the deleted story back and the timer back to 120 when it saved."""
    link = tmp_path / "link.json"
    link.symlink_to(sample_bank)
    env, ready, release = editor_env(tmp_path)
    editing = storybank("--db", link, "edit", "flash-sale-incident", env=env)
    try:
        wait_for(ready, editing)
        for argv in (["rm", "image-delivery-cost", "--yes"], ["config", "drill-timer", "300"]):
            code, out, err = finish(storybank("--db", sample_bank, *argv))
            assert code == EXIT_BAD_INPUT, (argv, err)
            assert f"{sample_bank}: the bank is open for writing in process {editing.pid}" in err
            assert out == "" and "Traceback" not in err
    finally:
        release.write_text("go")
    code, out, err = finish(editing)
    assert code == 0, err
    with Bank.open(sample_bank, read_only=True) as bank:
        assert bank.get_story("flash-sale-incident").result.startswith("Edited in A. ")
        assert bank.has_story("image-delivery-cost")
        assert bank.settings.drill_timer == 120
    # Both refused commands work once the edit is done, through either name.
    assert finish(storybank("--db", sample_bank, "config", "drill-timer", "300"))[0] == 0
    assert finish(storybank("--db", link, "rm", "image-delivery-cost", "--yes"))[0] == 0


def test_ratings_through_two_names_of_one_bank_never_end_in_a_side_log(
    sample_bank: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(sample_bank)
    clock = FixedClock(datetime(2025, 3, 14, 9, tzinfo=UTC))
    with Bank.open(link) as bank, Drills(bank, clock=clock, fuzz=False) as drills:
        card = drills.deck.queue().first
        assert card is not None
        rated = drills.ledger.review(card.card_id, Rating.Good)
        with pytest.raises(BankLockedError):
            Bank.open(sample_bank)  # the second writer, through the other name
    with Bank.open(sample_bank) as bank:
        entries = DrillStore(bank).scan().entries
        assert [e.id for e in entries] == [rated.entry_id]
    assert [p.name for p in sample_bank.parent.glob("*.reviews*.jsonl")] == [
        "bank.json.reviews.jsonl"
    ]


def test_a_cp_over_the_bank_while_an_edit_is_open_is_never_overwritten(
    sample_bank: Path, tmp_path: Path
) -> None:
    """A sync client or a manual `cp` replaces the file while `edit` holds the bank."""
    other = tmp_path / "other" / "bank.json"
    other.parent.mkdir()
    shutil.copyfile(sample_bank, other)
    with Bank.open(other) as bank:
        bank.save_story(make_story("synced-in"))
    env, ready, release = editor_env(tmp_path)
    editing = storybank("--db", sample_bank, "edit", "flash-sale-incident", env=env)
    try:
        wait_for(ready, editing)
        cp(other, sample_bank)
        synced = sample_bank.read_bytes()
    finally:
        release.write_text("go")
    code, _, err = finish(editing)
    assert code == EXIT_BAD_INPUT
    assert f"{sample_bank}: the bank file was changed on disk by another program" in err
    assert "nothing was saved, so that change is kept" in err
    assert sample_bank.read_bytes() == synced
    (draft,) = (sample_bank.parent / "drafts").glob("flash-sale-incident-*.md")
    assert f"your story is kept in {draft}" in err and "storybank import --replace" in err
    assert "Edited in A. " in draft.read_text()
    # The kept edit goes in on top of the synced file, losing neither.
    assert finish(storybank("--db", sample_bank, "import", "--replace", draft))[0] == 0
    with Bank.open(sample_bank, read_only=True) as bank:
        assert bank.has_story("synced-in")
        assert bank.get_story("flash-sale-incident").result.startswith("Edited in A. ")


# -- 2. banks sharing a stem, and copies, never share a review log ---------------------


def _rate(bank_path: Path, *picks: int) -> list[str]:
    """Rate the queue's cards number ``picks`` (in queue order) Good; their entry ids."""
    clock = FixedClock(datetime(2025, 3, 14, 9, tzinfo=UTC))
    rated: list[str] = []
    with Bank.open(bank_path) as bank, Drills(bank, clock=clock, fuzz=False) as drills:
        items = drills.deck.queue().items
        for pick in picks:
            rated.append(drills.ledger.review(items[pick].card_id, Rating.Good).entry_id)
            clock.advance(minutes=1)
    return rated


def _cards(bank_path: Path) -> dict[str, object]:
    with Bank.open(bank_path, read_only=True) as bank:
        return {cid: card.fsrs for cid, card in DrillStore(bank).cards().items()}


def test_a_copy_in_the_same_folder_gets_a_review_log_of_its_own(sample_bank: Path) -> None:
    original = _rate(sample_bank, 0)
    copy = sample_bank.with_name("bank.old")
    cp(sample_bank, copy)  # the same log token inside
    cards_before = _cards(sample_bank)
    in_copy = _rate(copy, 1, 2)
    assert log_path(copy).name == "bank.old.reviews.jsonl" and log_path(copy).exists()
    with Bank.open(sample_bank, read_only=True) as bank:
        assert [e.id for e in DrillStore(bank).scan().entries] == original  # stats read this
        exported = json.loads(export_json(bank))
    assert [row["id"] for row in exported["review_logs"]] == original
    # The next writable open repairs nothing from the copy's ratings.
    with Bank.open(sample_bank) as bank, Drills(bank, fuzz=False):
        pass
    assert _cards(sample_bank) == cards_before
    with Bank.open(copy, read_only=True) as bank:
        assert [e.id for e in DrillStore(bank).scan().entries] == in_copy


def test_a_copy_put_back_over_the_original_never_gets_its_ratings_replayed(
    sample_bank: Path, tmp_path: Path
) -> None:
    """Both went on after the copy was made; then the copy is put back (a sync client's
    version, a `cp` of an old copy). The original's log stays at the name; its last
    ratings must not be applied to the copy's cards, even where they would fit."""
    _rate(sample_bank, 0)
    copy = tmp_path / "copy.json"
    cp(sample_bank, copy)
    _rate(sample_bank, 1, 2)  # the original goes on: cards 1 and 2
    _rate(copy, 3)  # the copy goes on: card 3 (its card 2 is as the original's was before)
    copy_cards = _cards(copy)
    cp(copy, sample_bank)
    with Bank.open(sample_bank) as bank, Drills(bank, fuzz=False) as drills:
        assert not drills.ledger.reconcile()
    assert _cards(sample_bank) == copy_cards


def test_logs_named_after_the_stem_are_moved_to_their_bank(sample_bank: Path) -> None:
    """A migration: `bank.reviews.jsonl` (and the logs moved aside with it) become
    `bank.json.reviews…`; a copy `bank.old` of the same stem does not take them."""
    rated = _rate(sample_bank, 0, 1)
    log = log_path(sample_bank)
    legacy = sample_bank.with_name("bank.reviews.jsonl")
    log.rename(legacy)
    # A log of a bank this one replaced once, moved aside under the old naming.
    token = json.loads(legacy.read_text().split("\n")[0])["bank"]
    aside = sample_bank.with_name("bank.reviews.0123456789abcdef.jsonl")
    aside.write_text(legacy.read_text().replace(token, "0123456789abcdef"))
    copy = sample_bank.with_name("bank.old")
    cp(sample_bank, copy)
    with Bank.open(copy, read_only=True) as bank:
        assert DrillStore(bank).scan().entries == []  # the copy does not read it
    with Bank.open(sample_bank, read_only=True) as bank:
        assert [e.id for e in DrillStore(bank).scan().entries] == rated  # read where it is
    with Bank.open(sample_bank) as bank:
        DrillStore(bank)  # the first writer moves them
    assert not legacy.exists() and not aside.exists()
    assert log.exists()
    assert sample_bank.with_name("bank.json.reviews.0123456789abcdef.jsonl").exists()
    with Bank.open(sample_bank, read_only=True) as bank:
        assert [e.id for e in DrillStore(bank).scan().entries] == rated


# -- 4. only regular files are banks ----------------------------------------------------

READERS = [["list"], ["show", "x"], ["check"], ["export"], ["match", "a conflict"], ["doctor"]]
READERS += [["config"], ["due"], ["stats"]]
WRITERS = [["config", "drill-timer", "90"], ["rm", "x", "--yes"], ["import", "stories.md"]]
WRITERS += [["init", "--force"], ["init", "--sample", "--force"], []]  # [] opens the app


def _refused(kind: str, name: Path, argv: list[str], code: int, out: str, err: str) -> None:
    assert code == EXIT_BAD_INPUT, (kind, argv, out, err)
    assert str(name) in out + err and "not a bank file" in out + err, (kind, argv, out, err)
    assert "Traceback" not in err and "\x1b[" not in out


def test_a_fifo_given_as_the_bank_is_refused_by_every_command_without_hanging(
    special_files: dict[str, Path], tmp_path: Path
) -> None:
    """`--db fifo.json` made `list`, `doctor`, `config` and `match` wait forever.

    Real processes, a few at a time, each with a timeout: a hang fails the test.
    """
    (tmp_path / "stories.md").write_text("# A story\n\n## Situation\nS.\n")
    jobs = [(kind, argv) for kind in ("fifo", "link to fifo") for argv in READERS + WRITERS]
    while jobs:
        batch, jobs = jobs[:6], jobs[6:]
        running = [(k, a, storybank("--db", special_files[k], *a)) for k, a in batch]
        for kind, argv, proc in running:
            _refused(kind, special_files[kind], argv, *finish(proc))
    assert stat.S_ISFIFO(os.stat(special_files["fifo"]).st_mode)
    assert special_files["link to fifo"].is_symlink()


def test_a_device_or_socket_given_as_the_bank_is_refused_and_left_alone(
    special_files: dict[str, Path], tmp_path: Path, cli: Cli
) -> None:
    """`init --force` used to replace them with a regular file, taking no backup."""
    (tmp_path / "stories.md").write_text("# A story\n\n## Situation\nS.\n")
    kinds = [k for k in special_files if "fifo" not in k]
    before = {kind: os.stat(special_files[kind]) for kind in kinds}
    for kind in kinds:
        for argv in READERS + WRITERS[:-1]:  # not the app: it would take the terminal
            run = cli("--db", special_files[kind], *argv)
            _refused(kind, special_files[kind], argv, run.code, run.out, run.err)
    for kind in kinds:
        after = os.stat(special_files[kind])
        assert (after.st_ino, after.st_mode) == (before[kind].st_ino, before[kind].st_mode)
    # Nothing was created beside them: no lock, no backup, no memo of a device.
    made = {p.name for p in tmp_path.iterdir()} - {p.name for p in special_files.values()}
    assert made <= {"stories.md", "xdg-data", "xdg-cache", "home"}


def test_init_force_backs_up_the_bank_it_replaces(sample_bank: Path, cli: Cli) -> None:
    before = sample_bank.read_bytes()
    run = cli("--db", sample_bank, "init", "--force")
    assert run.code == 0
    (replaced,) = [b for b in list_backups(sample_bank) if b.name.endswith("-replaced.json")]
    assert replaced.path.read_bytes() == before


def test_reading_dev_null_as_the_bank_is_refused(cli: Cli, tmp_path: Path) -> None:
    link = tmp_path / "null.json"
    link.symlink_to(os.devnull)
    for target in (Path(os.devnull), link):
        run = cli("--db", target, "list")
        assert run.code == EXIT_BAD_INPUT and "a character device" in run.err
    assert not Path(os.devnull + ".lock").exists()


# -- 5. stories that share an id -------------------------------------------------------


def _merge_in_a_second(bank: Path, story_id: str) -> None:
    data = json.loads(bank.read_text())
    stories = data["stories"]
    first = next(doc for doc in stories.values() if doc["id"] == story_id)
    stories[str(max(map(int, stories)) + 1)] = {**first, "title": "The merged-in second"}
    bank.write_text(json.dumps(data))


def test_shared_ids_are_reported_everywhere_and_never_acted_on(
    sample_bank: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _merge_in_a_second(sample_bank, "flash-sale-incident")
    damaged = sample_bank.read_bytes()
    ids = "2 stories share the id 'flash-sale-incident' (#"
    report = cli("--db", sample_bank, "doctor")
    assert report.code == EXIT_BAD_INPUT and ids in report.out
    assert "doctor --repair" in report.out
    for argv in (["list"], ["check"], ["match", "a conflict"], ["export"]):
        run = cli("--db", sample_bank, *argv)
        assert f"storybank: warning: {sample_bank}: {ids}" in run.err, argv
    monkeypatch.setenv("EDITOR", "false")  # never reached: the edit is refused first
    for argv in (["edit", "flash-sale-incident"], ["rm", "flash-sale-incident", "--yes"]):
        run = cli("--db", sample_bank, *argv)
        assert run.code == EXIT_BAD_INPUT and ids in run.err, argv
        assert "changes none of them" in run.err
    assert cli("--db", sample_bank, "show", "flash-sale-incident").code == EXIT_BAD_INPUT
    assert sample_bank.read_bytes() == damaged
    repaired = cli("--db", sample_bank, "doctor", "--repair", "--yes")
    assert repaired.code == 0, repaired.err
    assert "now has the id 'flash-sale-incident-2'" in repaired.out
    assert cli("--db", sample_bank, "doctor").code == 0
    with Bank.open(sample_bank, read_only=True) as bank:
        assert bank.get_story("flash-sale-incident-2").title == "The merged-in second"
        assert bank.get_story("flash-sale-incident").title != "The merged-in second"


# -- 6. everything printed is inert, whatever its source ---------------------------------

HOSTILE_FRAMEWORK = """\
id = "evil"
name = "Evil\\u001b]0;owned\\u0007 framework"
description = "x"

[[competencies]]
id = "craft"
name = "Craft\\u001b[2J\\u001b[31m"
description = "Cares about the details."
cues = ["attention to detail"]
"""


def test_text_from_framework_files_and_paths_is_printed_inert(
    sample_bank: Path, cli: Cli, tmp_path: Path
) -> None:
    (sample_bank.parent / "frameworks").mkdir()
    (sample_bank.parent / "frameworks" / "evil.toml").write_text(HOSTILE_FRAMEWORK)
    with Bank.open(sample_bank) as bank:
        story = bank.get_story("flash-sale-incident")
        bank.save_story(story.model_copy(update={"competencies": {"evil": ["craft"]}}))
    hostile_name = tmp_path / "stories\x1b[2J.md"
    runs = [
        cli("--db", sample_bank, *argv)
        for argv in (
            ["show", "flash-sale-incident"],
            ["check", "--framework", "evil"],
            ["match", "attention to detail", "--framework", "evil"],
            ["config", "framework", "evil"],
            ["list"],
            ["list"],  # from its memo
            ["import", hostile_name],
        )
    ]
    for run in runs:
        assert "\x1b" not in run.out + run.err and "\x07" not in run.out + run.err
    assert "\\x1b[2J" in runs[0].out  # shown, as text


# -- 7. drafts never replace each other --------------------------------------------------

BREAKING_EDITOR = textwrap.dedent(
    """\
    import sys
    from pathlib import Path
    draft = Path(sys.argv[1])
    text = draft.read_text()
    draft.write_text(text.replace("# ", "", 1) + "\\nwhat I typed " + str(len(text)))
    """
)


def test_two_failed_edits_in_one_second_keep_two_drafts(
    sample_bank: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user was told each draft was kept: the second must not replace the first."""
    editor = tmp_path / "editor.py"
    editor.write_text(BREAKING_EDITOR)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")

    class OneSecond(datetime):
        @classmethod
        def now(cls, tz: object = None) -> OneSecond:  # type: ignore[override]  # a frozen clock
            return cls(2025, 3, 14, 9, 30, 0, tzinfo=UTC)

    monkeypatch.setattr("storybank.transfer.datetime", OneSecond)
    drafts = sample_bank.parent / "drafts"
    errors = []
    for _ in range(2):
        run = cli("--db", sample_bank, "edit", "flash-sale-incident")
        assert run.code == EXIT_BAD_INPUT and "your draft is kept" in run.err
        errors.append(run.err)
    first, second = (drafts / f"flash-sale-incident-20250314T093000Z{n}.md" for n in ("", "-2"))
    assert sorted(drafts.iterdir()) == sorted([first, second])
    assert str(first) in errors[0] and str(second) in errors[1]
    assert "what I typed" in first.read_text() and "what I typed" in second.read_text()


# -- 8. messages and backups --------------------------------------------------------------


def test_a_bank_with_a_byte_order_mark_says_so_and_doctor_removes_it(
    sample_bank: Path, cli: Cli
) -> None:
    original = sample_bank.read_bytes()
    sample_bank.write_bytes(b"\xef\xbb\xbf" + original)
    run = cli("--db", sample_bank, "list")
    assert run.code == EXIT_BAD_INPUT
    assert f"{sample_bank}: cannot open the bank: it starts with a byte-order mark" in run.err
    assert "storybank can remove it: run `storybank doctor --repair`" in run.err
    report = cli("--db", sample_bank, "doctor")
    assert report.code == EXIT_BAD_INPUT and "doctor --repair" in report.out
    repaired = cli("--db", sample_bank, "doctor", "--repair", "--yes")
    assert repaired.code == 0 and "Removed the byte-order mark." in repaired.out
    assert sample_bank.read_bytes() == original
    assert cli("--db", sample_bank, "list").code == 0


def test_eleven_config_changes_take_one_backup(sample_bank: Path, cli: Cli) -> None:
    """Every CLI write used to take a whole backup: 11 of a 22 KB bank filled a 300 KB disk."""
    assert sample_bank.stat().st_size > 20_000
    assert cli("--db", sample_bank, "config", "drill-timer", "100").code == 0
    first = len(list_backups(sample_bank))
    for timer in range(101, 111):
        assert cli("--db", sample_bank, "config", "drill-timer", str(timer)).code == 0
    assert len(list_backups(sample_bank)) == first
    age_backups(sample_bank, 31)
    assert cli("--db", sample_bank, "config", "drill-timer", "90").code == 0
    assert len(list_backups(sample_bank)) == first + 1
    assert cli("--db", sample_bank, "rm", "flash-sale-incident", "--yes").code == 0
    assert len(list_backups(sample_bank)) == first + 2  # destructive: always


def _add_a_byte_order_mark(bank: Path) -> None:
    bank.write_bytes(b"\xef\xbb\xbf" + bank.read_bytes())


def test_every_destructive_command_backs_up_even_right_after_a_backup(
    sample_bank: Path, cli: Cli, tmp_path: Path
) -> None:
    """A routine backup a minute old never stands in for the copy a destructive change takes."""
    assert cli("--db", sample_bank, "config", "drill-timer", "100").code == 0
    added = cli("--db", sample_bank, "questions", "add", "What did you cut?", "--id", "cut")
    assert added.code == 0, added.err
    edited = tmp_path / "edited.md"
    shown = cli("--db", sample_bank, "show", "flash-sale-incident", "--format", "md").out
    edited.write_text(shown.replace("## Result\n", "## Result\nReplaced. ", 1))
    commands: list[tuple[str, list[str | Path], Callable[[Path], None] | None]] = [
        ("delete", ["rm", "image-delivery-cost", "--yes"], None),
        ("delete", ["questions", "rm", "cut"], None),
        ("import", ["import", "--replace", edited], None),
        ("before-restore", ["doctor", "--restore", "1", "--yes"], None),
        ("repair", ["doctor", "--repair", "--yes"], _add_a_byte_order_mark),
        ("replaced", ["init", "--force"], None),
    ]
    for tag, argv, prepare in commands:
        if prepare is not None:
            prepare(sample_bank)
        before = len(list_backups(sample_bank))
        run = cli("--db", sample_bank, *argv)
        assert run.code == 0, (argv, run.err)
        kept = list_backups(sample_bank)
        assert len(kept) == before + 1, argv  # far from the 20 kept: none pruned
        assert kept[0].name.endswith(f"-{tag}.json"), (argv, kept[0].name)


def test_messages_name_the_bank_as_the_user_named_it(
    sample_bank: Path, cli: Cli, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(sample_bank)
    sample_bank.write_bytes(sample_bank.read_bytes()[:-10])  # truncated
    for argv in (["list"], ["config", "drill-timer", "90"], ["show", "x"], ["doctor"]):
        run = cli("--db", link, *argv)
        assert run.code == EXIT_BAD_INPUT, argv
        where = run.out if argv == ["doctor"] else run.err
        assert str(link) in where and str(sample_bank) not in where, (argv, where)


# -- around the bank: exports, framework files, the lock and log names -------------------


def test_an_export_never_replaces_the_bank_its_files_or_a_device(
    sample_bank: Path, cli: Cli, special_files: dict[str, Path]
) -> None:
    _rate(sample_bank, 0)
    own = [sample_bank, log_path(sample_bank), sample_bank.with_name("bank.json.lock")]
    kept = {path: path.read_bytes() for path in own[:2]}
    for target in [*own, *special_files.values()]:
        run = cli("--db", sample_bank, "export", "--format", "json", "-o", target, "--force")
        assert run.code == EXIT_BAD_INPUT, target
        assert "would replace it" in run.err or "not a file to export to" in run.err
    assert {path: path.read_bytes() for path in own[:2]} == kept
    for kind, path in special_files.items():
        assert not path.is_file(), kind


def test_a_fifo_among_the_framework_and_theme_files_never_hangs_a_command(
    sample_bank: Path,
) -> None:
    for folder in ("frameworks", "themes"):
        (sample_bank.parent / folder).mkdir(exist_ok=True)
        os.mkfifo(sample_bank.parent / folder / "stuck.toml")
    procs = [
        storybank("--db", sample_bank, *argv)
        for argv in (["list"], ["match", "a conflict"], ["config", "theme", "x"], ["show", "x"])
    ]
    for proc in procs:
        code, _, err = finish(proc)
        assert code == EXIT_BAD_INPUT and "stuck.toml: this is not a regular file" in err


def test_a_symlink_planted_at_the_lock_or_log_name_is_never_followed(
    sample_bank: Path, tmp_path: Path
) -> None:
    """In a shared folder another user could point bank.json.lock at a file of yours."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock = sample_bank.with_name("bank.json.lock")
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    with pytest.raises(StorybankError, match="cannot create the lock file"):
        Bank.open(sample_bank)
    assert victim.read_text() == "precious"
    lock.unlink()
    log_path(sample_bank).symlink_to(victim)
    _rate(sample_bank, 0)  # the stranger at the log's name is moved aside, not written to
    assert victim.read_text() == "precious"
    assert log_path(sample_bank).is_file() and not log_path(sample_bank).is_symlink()


def test_a_symlink_pointed_elsewhere_while_the_bank_is_open_changes_nothing(
    sample_bank: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(sample_bank)
    other = tmp_path / "other.json"
    shutil.copyfile(sample_bank, other)
    untouched = other.read_bytes()
    with Bank.open(link) as bank:
        link.unlink()
        link.symlink_to(other)  # the link now names another bank, whose lock is free
        bank.save_story(make_story("written-to-the-locked-file"))
    assert other.read_bytes() == untouched
    with Bank.open(sample_bank, read_only=True) as bank:
        assert bank.has_story("written-to-the-locked-file")
