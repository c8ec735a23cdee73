"""The process the crash tests kill: a fork server that runs one write job per child.

Started once per test with ``python crash_child.py``. It imports storybank once,
then reads one JSON job per line on stdin, forks a child that runs the job and
prints the child's pid (so the parent can ``kill -9`` it), and when the parent
says ``reap``, waits for the child and prints how it ended. Forking a warm
process keeps each kill cheap (about a millisecond instead of a fresh
interpreter and its imports), while every child is still a real process killed
by a real ``SIGKILL`` in the middle of real writes.

A job acknowledges each write only after the save returned, by appending a
line to its ``acks`` file with ``os.write`` (no buffering: what was written
before the kill is in the kernel and survives it).

Jobs:

* ``writes``: the :mod:`reliability.workload` stream from ``start`` on, forever.
* ``rotation``: backups (each one rotates) with a story write between them, forever.
* ``import``: ``storybank --db BANK import FILE`` through the CLI entry point, once.
* ``ratings``: drill ratings (and some undos) through :class:`Drills`, forever.
* ``debriefs``: one debriefed question at a time (a card, a follow-up on the
  story, a question for the bank, all in the round's one write), forever.
* ``cli``: any ``storybank`` command, once (for racing two of them).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Imported before forking so that every child starts warm.
from reliability import workload
from storybank import transfer as _transfer  # noqa: F401
from storybank.cli import admin as _cli_admin  # noqa: F401
from storybank.cli import main as cli_main
from storybank.cli import parser as _parser  # noqa: F401
from storybank.cli import stories as _cli_stories  # noqa: F401
from storybank.cli import transfer as _cli_transfer  # noqa: F401
from storybank.core.frameworks import builtin_frameworks
from storybank.io import importer as _importer  # noqa: F401
from storybank.storage.repository import Bank

# Opening a bank reads the built-in frameworks (TOML, once per process): read them
# here, so that a child's first write is not behind them.
builtin_frameworks()

try:
    # Warm what a debrief reads, so that the debrief job's children start writing at once.
    from storybank.core.questions import builtin_questions
    from storybank.scheduling import exchange as _exchange  # noqa: F401
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.debriefs import question_themes
    from storybank.scheduling.drills import Drills

    question_themes("A warm lexicon for the debrief job")
    builtin_questions()
except ImportError:  # the drills package is optional for the other jobs
    Drills = None  # type: ignore[assignment,misc]

RATED_FROM = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
"""The ratings job rates at RATED_FROM + seq minutes, so time only moves forward."""


class Acks:
    """The job's acknowledgement file: one line per finished write."""

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def __call__(self, *parts: object) -> None:
        os.write(self._fd, (" ".join(str(p) for p in parts) + "\n").encode())


def job_writes(spec: dict[str, Any], ack: Acks) -> None:
    bank = Bank.open(Path(spec["bank"]))
    state = workload.snapshot(bank)
    seq = spec["start"]
    while True:
        op = workload.next_op(seq, state)
        op.run(bank)
        state = op.applied(state)
        ack(seq)
        seq += 1


def job_rotation(spec: dict[str, Any], ack: Acks) -> None:
    bank = Bank.open(Path(spec["bank"]))
    seq = spec["start"]
    while True:
        backup = bank.backup(tag="soak")
        ack("backup", backup.name if backup else "-")
        op = workload.Op(seq, "new", (f"r{seq}",))
        op.run(bank)
        ack("story", f"r{seq}")
        seq += 1


def job_import(spec: dict[str, Any], ack: Acks) -> None:
    code = cli_main(["--db", spec["bank"], "import", spec["file"], *spec.get("args", [])])
    ack("exit", code)
    os._exit(code)


def job_ratings(spec: dict[str, Any], ack: Acks) -> None:
    import random

    assert Drills is not None
    bank = Bank.open(Path(spec["bank"]))
    drills = Drills(bank, clock=FixedClock(RATED_FROM), fuzz=False)
    seq = spec["start"]
    while True:
        rng = random.Random(workload.SEED + seq)
        at = RATED_FROM + timedelta(minutes=seq)
        if seq % 5 == 4 and drills.ledger.last_entry() is not None:
            outcome = drills.ledger.undo_last(now=at)
            ack("undo", outcome.entry_id)
        else:
            active = sorted(c.id for c in drills.deck.cards() if c.active)
            card_id = active[rng.randrange(len(active))]
            result = drills.ledger.review(card_id, rng.randint(1, 4), now=at, duration_s=30.0)
            ack("review", result.entry_id)
        seq += 1


DEBRIEF_STORY = "platform-capacity-conflict"
"""The sample story every debriefed question of the ``debriefs`` job is told with."""


class _AnsweredBy:
    """A matcher for which every question is answered well by one story."""

    def __init__(self, story_id: str) -> None:
        self.story_id = story_id

    def match(self, question: str, top: int = 5) -> Any:
        from storybank.matching.results import MatchResult, StoryMatch

        return MatchResult(question, "tpm", [], [StoryMatch(self.story_id, "t", 90)], [], True)

    def competencies_for(self, question: str, top: int | None = None) -> list[Any]:
        from storybank.matching.results import CompetencyScore

        return [CompetencyScore("conflict", "Conflict and disagreement", 80)]


def debrief_question(seq: int) -> tuple[str, str]:
    """The question and the unanswered follow-up that write ``seq`` of the job logs."""
    return f"Question number {seq}?", f"Follow-up number {seq}?"


def job_debriefs(spec: dict[str, Any], ack: Acks) -> None:
    from storybank.scheduling.debriefs import QuestionEntry
    from storybank.scheduling.models import AskedFollowUp

    assert Drills is not None
    bank = Bank.open(Path(spec["bank"]))
    drills = Drills(bank, clock=FixedClock(RATED_FROM), fuzz=False)
    matcher = _AnsweredBy(DEBRIEF_STORY)
    seq = spec["start"]
    while True:
        question, follow_up = debrief_question(seq)
        entry = QuestionEntry(
            question,
            story=DEBRIEF_STORY,
            went="shaky",
            follow_ups=[AskedFollowUp(text=follow_up, answered=False)],
        )
        drills.debriefs.log(spec["round"], [entry], matcher=matcher, allow_future=True)
        ack(seq)
        seq += 1


def job_cli(spec: dict[str, Any], ack: Acks) -> None:
    """Run one ``storybank`` command; its stderr goes to the ``stderr`` file of the spec."""
    err = os.open(spec["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(err, 2)
    sys.stderr = open(2, "w", closefd=False)
    code = cli_main(spec["argv"])
    sys.stderr.flush()
    ack("exit", code)
    os._exit(code)


JOBS = {
    "cli": job_cli,
    "writes": job_writes,
    "rotation": job_rotation,
    "import": job_import,
    "ratings": job_ratings,
    "debriefs": job_debriefs,
}


def run_child(spec: dict[str, Any]) -> None:
    """The forked child: run the job, never return into the server loop."""
    # The server's stdout is its channel to the parent; the job's own output goes nowhere.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(1, "w", closefd=False)
    try:
        JOBS[spec["job"]](spec, Acks(spec["acks"]))
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(70)
    os._exit(0)


def serve() -> None:
    # Everything imported and warmed so far is shared with every child: keep it out
    # of the collector, whose first full pass in a child would otherwise walk (and
    # copy, page by page) the whole warm heap before the job's first write.
    gc.freeze()
    for line in sys.stdin:
        spec = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_child(spec)
        print(json.dumps({"pid": pid}), flush=True)
        # Reap only when the parent says so: until then the pid cannot be reused, so
        # the parent's kill can only ever reach this child (alive, or a zombie).
        sys.stdin.readline()
        _, status = os.waitpid(pid, 0)
        ended = {
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        }
        print(json.dumps(ended), flush=True)


if __name__ == "__main__":
    serve()
