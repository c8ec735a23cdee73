"""The drills never load Textual, and commands that do not need the review log never read it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fsrs import Rating

from factories import Run, make_story
from storybank.scheduling.drills import Drills
from storybank.scheduling.review_log import ReviewLogFile
from storybank.storage.repository import Bank


@pytest.mark.parametrize(
    "module",
    [
        "storybank.scheduling.drills",
        "storybank.scheduling.session",
        "storybank.scheduling.stats",
        "storybank.scheduling.exchange",
        "storybank.core.timewords",
        "storybank.cli.drills",
    ],
)
def test_drill_modules_do_not_import_textual(module: str) -> None:
    script = f"import {module}, sys; print('\\n'.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_due_and_interview_list_never_read_the_whole_log(
    empty_bank: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("a"))
        drills = Drills(bank)
        drills.ledger.review("recall:a", Rating.Good)
        drills.close()

    def refuse(self: ReviewLogFile) -> None:
        raise AssertionError("the whole review log was read")

    monkeypatch.setattr(ReviewLogFile, "scan", refuse)
    assert cli("--db", empty_bank, "due").code == 0
    assert cli("--db", empty_bank, "interview", "list").code == 0
    assert cli("--db", empty_bank, "interview", "add", "Acme", "2030-01-01").code == 0
