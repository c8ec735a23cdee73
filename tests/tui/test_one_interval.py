"""One rating, one interval: the button, the drill header, the Stats screen, ``storybank stats``
and ``storybank due`` all say the same thing about the same card.

The real FSRS scheduler with its fuzz on (storybank's repeatable fuzz), the
real app through Pilot and the real CLI, on one bank. The CLI reads the
system clock, so the app's clock is the real time too, in a zone where it is
the middle of the drill day (far from the rollover hour).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Button, DataTable, Static

from factories import Run, make_story
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank
from tui.support import AppFactory, static_text
from tui.test_drill import open_drill
from tui.test_stats import open_stats

Cli = Callable[..., Run]


def midday_zone(now: datetime) -> str:
    """A fixed-offset zone in which ``now`` is between 11:00 and 13:00."""
    offset = (12 - now.hour + 12) % 24 - 12  # -12..11 hours east of UTC
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


async def test_the_same_card_has_one_interval_on_every_screen_and_command(
    bank_path: Path, make: AppFactory, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC)
    zone = midday_zone(now)
    monkeypatch.setenv("TZ", zone)
    with Bank.create(bank_path) as bank:
        # No competencies and no follow-ups: each story's recall card is its only card.
        for story_id in ("ledger", "payouts"):
            bank.save_story(make_story(story_id, competencies={}), touch=False)

    app = make(bank_path, clock=lambda: now)
    drills = Drills(app.bank, clock=FixedClock(now, ZoneInfo(zone)), fuzz=True)
    app.drills = drills
    words: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot)
        for story_id in ("ledger", "payouts"):
            assert screen.face is not None and screen.face.story_id == story_id
            await pilot.press("space")
            button = str(screen.query_one("#rate-4", Button).label)
            interval = button.split()[-1]
            assert re.fullmatch(r"\d+d", interval), button
            words[story_id] = "tomorrow" if interval == "1d" else f"in {interval}"
            await pilot.press("4")
            await pilot.pause()
            if story_id == "ledger":
                header = static_text(screen.query_one("#drill-status", Static))
                assert f"Easy, back {words['ledger']}" in header
        first = min(words.values(), key=lambda w: int(re.sub(r"\D", "", w) or 1))
        summary = static_text(screen.query_one("#summary", Static))
        assert f"Next card: {first} (" in summary

        stats = await open_stats(pilot)
        table = stats.query_one("#story-stats", DataTable)
        for story_id, said in words.items():
            assert table.get_cell(story_id, "Due").plain == said

    run = cli("--db", bank_path, "stats")
    assert run.code == 0
    for story_id, said in words.items():
        (row,) = [line for line in run.out.splitlines() if line.startswith(story_id)]
        assert row.endswith(f"({said})")

    run = cli("--db", bank_path, "due")
    assert run.code == 0
    assert run.out.startswith(f"0 cards due. Next: {first} (")
