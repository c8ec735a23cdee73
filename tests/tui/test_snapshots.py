"""Every screen at 80x24 and 60x20 (and the bank at 120x40), compared with the reviewed SVGs.

After a deliberate change to the look of a screen, regenerate with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and review every
changed SVG by eye before committing it. The drill and stats screens at
120x40 are in their own test modules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from storybank.tui.screens.drill import DrillScreen
from storybank.tui.screens.lookup import LookupScreen
from tui.drill_history import fixed_drills, with_history
from tui.support import AppFactory

SnapCompare = Callable[..., bool]
Steps = Callable[[Pilot[object]], Awaitable[None]]

SMALL = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]


async def _settle(pilot: Pilot[object]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _then(*keys: str) -> Steps:
    """Wait for the bank, press ``keys``, wait again."""

    async def steps(pilot: Pilot[object]) -> None:
        await _settle(pilot)
        if keys:
            await pilot.press(*keys)
        await _settle(pilot)

    return steps


def test_bank_screen_wide(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    assert snap_compare(make(sample_bank), terminal_size=(120, 40), run_before=_settle)


@pytest.mark.parametrize("size", SMALL)
def test_bank_screen(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(make(sample_bank), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SMALL)
def test_empty_bank_welcome(
    empty_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(make(empty_bank), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SMALL)
def test_editor_screen(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    # Tab once: the focused field's bar and label show.
    assert snap_compare(make(sample_bank), terminal_size=size, run_before=_then("e", "tab"))


@pytest.mark.parametrize("size", SMALL)
def test_matrix_screen(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(make(sample_bank), terminal_size=size, run_before=_then("m"))


@pytest.mark.parametrize("size", SMALL)
def test_lookup_screen(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
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

    assert snap_compare(make(sample_bank), terminal_size=size, run_before=ask)


@pytest.mark.parametrize("size", SMALL)
def test_help_screen(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(make(sample_bank), terminal_size=size, run_before=_then("question_mark"))


@pytest.mark.parametrize("size", SMALL)
def test_delete_dialog(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(make(sample_bank), terminal_size=size, run_before=_then("x"))


def _drill_app(sample_bank: Path, make: AppFactory) -> object:
    app = make(sample_bank)
    fixed_drills(app)
    return app


class _StillClock:
    """The countdown's clock, stopped, so the snapshot shows a fixed reading."""

    def __call__(self) -> float:
        return 1000.0


async def _open_drill(pilot: Pilot[object]) -> None:
    await _settle(pilot)
    app = pilot.app
    app.install_screen(DrillScreen(app.services, monotonic=_StillClock()), "drill")  # type: ignore[attr-defined]
    await pilot.press("d")
    await _settle(pilot)


@pytest.mark.parametrize("size", SMALL)
def test_drill_front(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(_drill_app(sample_bank, make), terminal_size=size, run_before=_open_drill)


@pytest.mark.parametrize("size", SMALL)
def test_drill_revealed(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def revealed(pilot: Pilot[object]) -> None:
        await _open_drill(pilot)
        await pilot.press("space")
        await _settle(pilot)

    assert snap_compare(_drill_app(sample_bank, make), terminal_size=size, run_before=revealed)


@pytest.mark.parametrize("size", SMALL)
def test_drill_ahead_dialog(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    async def ahead(pilot: Pilot[object]) -> None:
        await _open_drill(pilot)
        await pilot.press("e", "a")  # end the session, then drill ahead
        await _settle(pilot)

    assert snap_compare(_drill_app(sample_bank, make), terminal_size=size, run_before=ahead)


@pytest.mark.parametrize("size", SMALL)
def test_stats_screen(
    sample_bank: Path, make: AppFactory, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    with_history(sample_bank, days=20)
    assert snap_compare(_drill_app(sample_bank, make), terminal_size=size, run_before=_then("s"))
