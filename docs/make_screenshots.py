"""Regenerate the README screenshots (``docs/screenshots/*.svg``) from the sample bank.

Run from the repository root: ``python docs/make_screenshots.py``. The app runs
headless at 120x40 on a fresh sample bank with pinned timestamps and no cursor
blink, so the pictures only change when the app does.

The drill and stats pictures need months of review history, and the
interview pictures a debriefed round; they are the reviewed snapshot
baselines of ``tests/tui/test_drill.py``, ``tests/tui/test_stats.py`` (60 days
of drills on a fixed clock) and ``tests/tui/test_interviews.py`` (80x24),
copied here.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Input

from storybank.cli.admin import create_bank
from storybank.storage.repository import Bank
from storybank.tui.app import StorybankApp, make_app

OUT = Path(__file__).resolve().parent / "screenshots"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
SIZE = (120, 40)


def _sample_bank(folder: Path) -> Path:
    path = folder / "storybank" / "bank.json"
    create_bank(path, sample=True, force=False)
    with Bank.open(path) as bank:
        stories = sorted(bank.stories(), key=lambda s: s.id)
        bank.save_stories(
            [
                s.model_copy(
                    update={
                        "created": NOW - timedelta(days=40 - i),
                        "updated": NOW - timedelta(days=i + 1, hours=i),
                    }
                )
                for i, s in enumerate(stories)
            ],
            touch=False,
        )
    return path


async def _shoot(path: Path, name: str, keys: tuple[str, ...] = (), question: str = "") -> None:
    app: StorybankApp = make_app(path, clock=lambda: NOW, cursor_blink=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            if question:
                app.screen.query_one("#question", Input).value = question
                await pilot.pause(0.3)
            await pilot.pause()
            app.save_screenshot(f"{name}.svg", path=str(OUT))
    finally:
        app.close_bank()


async def main() -> None:
    """Write one SVG per screen."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = _sample_bank(Path(folder))
        await _shoot(path, "bank")
        await _shoot(path, "editor", ("e",))
        await _shoot(path, "matrix", ("m",))
        await _shoot(path, "lookup", ("l",), "Tell me about a time you disagreed with a peer")
        await _shoot(path, "help", ("question_mark",))
    snapshots = Path(__file__).resolve().parent.parent / "tests" / "tui" / "__snapshots__"
    for source, name in (
        ("test_drill/test_drill_revealed_snapshot.svg", "drill.svg"),
        ("test_stats/test_stats_snapshot.svg", "stats.svg"),
        ("test_interviews/test_interviews_snapshot[80x24].svg", "interviews.svg"),
        ("test_interviews/test_debrief_snapshot[80x24].svg", "debrief.svg"),
        ("test_interviews/test_mock_question_snapshot[80x24].svg", "mock.svg"),
    ):
        (OUT / name).write_bytes((snapshots / source).read_bytes())
    for svg in sorted(OUT.glob("*.svg")):
        print(svg.relative_to(OUT.parent.parent))


if __name__ == "__main__":
    asyncio.run(main())
