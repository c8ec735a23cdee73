"""One screenshot per screen on the sample bank, compared with the reviewed SVGs.

After a deliberate change to the look of a screen, regenerate with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and review every
changed SVG by eye before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from storybank.tui.screens.lookup import LookupScreen
from tui.support import AppFactory

SnapCompare = Callable[..., bool]


async def _settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_bank_screen(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    assert snap_compare(make(sample_bank), terminal_size=(120, 40), run_before=_settle)


def test_bank_screen_80x24(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    assert snap_compare(make(sample_bank), terminal_size=(80, 24), run_before=_settle)


def test_empty_bank_welcome(empty_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    assert snap_compare(make(empty_bank), terminal_size=(80, 24), run_before=_settle)


def test_editor_screen(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    async def open_editor(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("e")
        await _settle(pilot)

    assert snap_compare(make(sample_bank), terminal_size=(120, 40), run_before=open_editor)


def test_matrix_screen(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    assert snap_compare(make(sample_bank), press=["m"], terminal_size=(120, 40), run_before=_settle)


def test_lookup_screen(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    async def ask(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        await pilot.press("l")
        screen = pilot.app.screen
        assert isinstance(screen, LookupScreen)
        screen.query_one(
            "#question", Input
        ).value = "Tell me about a time you disagreed with a peer"
        await pilot.pause(0.3)
        await _settle(pilot)

    assert snap_compare(make(sample_bank), terminal_size=(120, 40), run_before=ask)


def test_help_screen(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    assert snap_compare(
        make(sample_bank), press=["question_mark"], terminal_size=(120, 40), run_before=_settle
    )
