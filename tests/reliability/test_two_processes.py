"""Two processes on one bank: a second writer is refused with a clear message, never merged away.

Real processes throughout: ``python -m storybank`` for the editing scenario,
and forked children of a warm server for the races, where two ``storybank``
commands start at the same instant many times over.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from factories import make_story
from reliability import workload
from reliability.depth import Depth
from reliability.killer import ForkServer
from storybank.errors import EXIT_BAD_INPUT
from storybank.storage.repository import Bank

LOCKED = re.compile(r"the bank is open for writing in (process (\d+)|another process)")

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


def _storybank(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storybank", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the editor never started"
        time.sleep(0.01)


def test_a_second_writer_is_refused_while_an_edit_is_open(
    sample_bank: Path, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(WAITING_EDITOR)
    ready, release = tmp_path / "ready", tmp_path / "release"
    env = {
        **os.environ,
        "EDITOR": f"{sys.executable} {editor}",
        "SB_READY": str(ready),
        "SB_RELEASE": str(release),
    }
    writer = _storybank("--db", sample_bank, "edit", "flash-sale-incident", env=env)
    try:
        _wait_for(ready, writer)
        second = _storybank("--db", sample_bank, "config", "drill-timer", "90")
        out, err = second.communicate(timeout=60)
        assert second.returncode == EXIT_BAD_INPUT
        assert out == ""
        assert f"{sample_bank}: the bank is open for writing in process {writer.pid}" in err
        assert "close the other storybank first" in err and "Traceback" not in err
        # Readers are not blocked by the writer.
        reader = _storybank("--db", sample_bank, "show", "flash-sale-incident")
        shown, _ = reader.communicate(timeout=60)
        assert reader.returncode == 0 and "Edited in A." not in shown
    finally:
        release.write_text("done")
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    with Bank.open(sample_bank, read_only=True) as bank:
        assert bank.get_story("flash-sale-incident").result.startswith("Edited in A.")
        assert bank.settings.drill_timer == 120  # the refused change was never half-applied
    retry = _storybank("--db", sample_bank, "config", "drill-timer", "90")
    assert retry.wait(timeout=60) == 0
    with Bank.open(sample_bank, read_only=True) as bank:
        assert bank.settings.drill_timer == 90
        assert bank.get_story("flash-sale-incident").result.startswith("Edited in A.")


@pytest.fixture
def servers(tmp_path: Path) -> list[ForkServer]:
    started = [ForkServer(tmp_path / "server-a"), ForkServer(tmp_path / "server-b")]
    yield started  # type: ignore[misc]
    for server in started:
        server.close()


def _race(servers: list[ForkServer], argvs: list[list[str]]) -> list[tuple[int, str, int]]:
    """Start one command per server at once; returns (exit code, stderr, pid) of each."""
    specs = [
        {"job": "cli", "argv": argv, "stderr": str(server.workdir / "stderr.txt")}
        for server, argv in zip(servers, argvs, strict=True)
    ]
    pids = [server.start(spec) for server, spec in zip(servers, specs, strict=True)]
    results = []
    for server, spec, pid in zip(servers, specs, pids, strict=True):
        ending = server.finish(pid, kill=False)
        assert ending.exit_code is not None
        results.append((ending.exit_code, Path(spec["stderr"]).read_text(), pid))
    return results


def _check_refusal(code: int, err: str, other_pid: int) -> None:
    assert code == EXIT_BAD_INPUT, err
    found = LOCKED.search(err)
    assert found, err
    if found.group(2):
        assert int(found.group(2)) == other_pid
    assert "Traceback" not in err


def test_racing_config_writers_never_lose_an_update(
    sample_bank: Path, servers: list[ForkServer], kill_depth: Depth
) -> None:
    db = ["--db", str(sample_bank)]
    timer, per_day = 120, 10
    outcomes = {"both": 0, "one refused": 0}
    for round_ in range(kill_depth.race_rounds):
        want_timer, want_per_day = 200 + round_, round_ % 150 + 20
        (code_a, err_a, pid_a), (code_b, err_b, pid_b) = _race(
            servers,
            [
                [*db, "config", "drill-timer", str(want_timer)],
                [*db, "config", "new-cards-per-day", str(want_per_day)],
            ],
        )
        if code_a == 0:
            timer = want_timer
        else:
            _check_refusal(code_a, err_a, pid_b)
        if code_b == 0:
            per_day = want_per_day
        else:
            _check_refusal(code_b, err_b, pid_a)
        assert 0 in (code_a, code_b), "both writers were refused"
        outcomes["both" if code_a == code_b == 0 else "one refused"] += 1
        with Bank.open(sample_bank, read_only=True) as bank:
            assert (bank.settings.drill_timer, bank.settings.new_cards_per_day) == (timer, per_day)
    print(f"\nconfig races: {outcomes}")


def test_racing_deletions_never_resurrect_or_lose_a_story(
    sample_bank: Path, servers: list[ForkServer], kill_depth: Depth
) -> None:
    db = ["--db", str(sample_bank)]
    rounds = kill_depth.race_rounds // 3
    with Bank.open(sample_bank) as bank:
        bank.save_stories([make_story(f"story-{n}") for n in range(2 * rounds)])
        present = bank.story_ids()
    for round_ in range(rounds):
        same = round_ % 2 == 1
        first = f"story-{2 * round_}"
        second = first if same else f"story-{2 * round_ + 1}"
        (code_a, err_a, pid_a), (code_b, err_b, pid_b) = _race(
            servers, [[*db, "rm", first, "--yes"], [*db, "rm", second, "--yes"]]
        )
        for code, err, story, other in (
            (code_a, err_a, first, pid_b),
            (code_b, err_b, second, pid_a),
        ):
            if code == 0:
                present.discard(story)
            elif same and "there is no story with id" in err:
                assert code == EXIT_BAD_INPUT  # the other one deleted it first
            else:
                _check_refusal(code, err, other)
        if same:
            assert [code_a, code_b].count(0) <= 1, "one story was deleted twice"
        with Bank.open(sample_bank, read_only=True) as bank:
            assert bank.story_ids() == present


def test_readers_never_see_a_half_written_bank(sample_bank: Path, fork_server: ForkServer) -> None:
    """While another process writes as fast as it can, every read-only open succeeds."""
    pid = fork_server.start({"job": "writes", "bank": str(sample_bank), "start": 1})
    reads = 0
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            with Bank.open(sample_bank, read_only=True) as bank:
                workload.snapshot(bank)
            reads += 1
    finally:
        ending = fork_server.finish(pid, kill=True)
    assert ending.killed and len(ending.acks) > 0 and reads > 0


async def test_a_second_app_or_writer_is_refused_while_the_app_is_open(
    sample_bank: Path,
) -> None:
    """The app holds the bank; another app and a CLI writer (real processes) are refused."""
    tui_app = pytest.importorskip("storybank.tui.app")
    from datetime import UTC, datetime

    app = tui_app.make_app(
        sample_bank, clock=lambda: datetime(2025, 3, 14, tzinfo=UTC), cursor_blink=False
    )
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for argv in (["config", "drill-timer", "90"], []):  # [] opens the app
                other = _storybank("--db", sample_bank, *argv)
                out, err = other.communicate(timeout=60)
                assert other.returncode == EXIT_BAD_INPUT, (argv, err)
                assert f"the bank is open for writing in process {os.getpid()}" in err
                assert "\x1b[" not in out  # the second app never took over the terminal
            reader = _storybank("--db", sample_bank, "list")
            listed, _ = reader.communicate(timeout=60)
            assert reader.returncode == 0 and "flash-sale-incident" in listed
            assert app.is_running
    finally:
        close = getattr(app, "close_bank", None)
        close() if close is not None else app.bank.close()
    with Bank.open(sample_bank, read_only=True) as bank:
        assert bank.settings.drill_timer == 120


def test_doctor_while_another_process_rotates_backups(
    sample_bank: Path, fork_server: ForkServer
) -> None:
    """Diagnosis needs no lock, so it runs while a writer takes and rotates backups."""
    from storybank.storage import doctor

    pid = fork_server.start({"job": "rotation", "bank": str(sample_bank), "start": 1})
    seen: set[str] = set()
    diagnoses = 0
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            report = doctor.diagnose(sample_bank)
            assert report.ok, report.problems
            seen |= {backup.describe() for backup in report.backups}
            diagnoses += 1
    finally:
        ending = fork_server.finish(pid, kill=True)
    assert ending.killed and diagnoses > 0
    # Every backup is whole when listed; one rotated away meanwhile is not "damaged".
    assert "damaged copy" not in seen
