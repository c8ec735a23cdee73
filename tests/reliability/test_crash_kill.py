"""``kill -9`` in the middle of writes never costs an acknowledged write or the bank.

A child process writes (new stories, batches, edits, settings, deletions with
their backups; backups that rotate; a big import through the CLI; drill ratings
and undos; interview debriefs) and acknowledges each write only after the save returned. The parent
kills it with SIGKILL at a random moment, then checks that the bank opens for
writing (the lock died with the child), validates, and holds every acknowledged
write: exactly the state after the last acknowledged write, or after the one
write that was in flight when the kill came. The loops live in
:mod:`reliability.crash_loops`; how many kills each makes is in
:mod:`reliability.depth` (more with ``--slow``); ``bench/soak.py`` runs them for longer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability import crash_loops, workload
from reliability.depth import FULL, Depth
from reliability.killer import ForkServer


def test_kill_9_during_writes_keeps_every_acknowledged_write(
    sample_bank: Path, fork_server: ForkServer, kill_depth: Depth
) -> None:
    kills = kill_depth.writes
    counts = crash_loops.write_kills(sample_bank, fork_server, kills, seed=workload.SEED)
    assert counts["kills"] == kills
    # Some kills landed among the writes, not only before the first one.
    assert counts["writes acknowledged"] > 0 and counts["before any ack"] < kills
    print(f"\nwrite stream: {counts}")


def test_kill_9_during_backup_rotation_leaves_only_whole_backups(
    sample_bank: Path, fork_server: ForkServer, kill_depth: Depth
) -> None:
    counts = crash_loops.rotation_kills(
        sample_bank, fork_server, kill_depth.rotation, seed=workload.SEED + 2
    )
    print(f"\nbackup rotation: {counts}")


def test_kill_9_during_markdown_import_is_all_or_nothing(
    sample_bank: Path, fork_server: ForkServer, tmp_path: Path, kill_depth: Depth
) -> None:
    counts = crash_loops.markdown_import_kills(
        sample_bank, fork_server, tmp_path, kill_depth.imports, seed=workload.SEED + 3
    )
    print(f"\nmarkdown import: {counts}")


def test_kill_9_during_json_import_with_replace_is_all_or_nothing(
    sample_bank: Path, fork_server: ForkServer, tmp_path: Path, kill_depth: Depth
) -> None:
    counts = crash_loops.json_import_kills(
        sample_bank, fork_server, tmp_path, kill_depth.imports, seed=workload.SEED + 3
    )
    print(f"\njson import --replace: {counts}")


def test_kill_9_during_drill_ratings_keeps_every_acknowledged_rating(
    sample_bank: Path, fork_server: ForkServer, kill_depth: Depth
) -> None:
    pytest.importorskip("storybank.scheduling.drills")
    counts = crash_loops.rating_kills(
        sample_bank, fork_server, kill_depth.ratings, seed=workload.SEED + 4
    )
    print(f"\ndrill ratings: {counts}")


def test_kill_9_during_debriefs_keeps_round_story_and_cards_together(
    sample_bank: Path, fork_server: ForkServer, kill_depth: Depth
) -> None:
    pytest.importorskip("storybank.scheduling.debriefs")
    counts = crash_loops.debrief_kills(
        sample_bank, fork_server, kill_depth.debriefs, seed=workload.SEED + 5
    )
    print(f"\ndebriefs: {counts}")


@pytest.mark.slow
def test_soak_every_kill_loop_ten_times_longer(
    sample_bank: Path, fork_server: ForkServer, tmp_path: Path
) -> None:
    seed = workload.SEED + 100
    crash_loops.write_kills(sample_bank, fork_server, FULL.writes * 10, seed)
    crash_loops.rotation_kills(sample_bank, fork_server, FULL.rotation * 10, seed)
    crash_loops.markdown_import_kills(sample_bank, fork_server, tmp_path, FULL.imports * 10, seed)
    crash_loops.json_import_kills(sample_bank, fork_server, tmp_path, FULL.imports * 10, seed)
    crash_loops.rating_kills(sample_bank, fork_server, FULL.ratings * 10, seed)
    crash_loops.debrief_kills(sample_bank, fork_server, FULL.debriefs * 10, seed)
