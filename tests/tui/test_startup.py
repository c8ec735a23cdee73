"""Start-up: a first frame without the core, then the bank; a bad bank still fails cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storybank.cli import main
from storybank.storage.lock import BankLock
from storybank.tui.app import StorybankApp
from storybank.tui.widgets.story_table import StoryTable
from tui.support import AppFactory, screen_text, until

HEAVY_MODULES = (
    "pydantic",
    "storybank.core.models",
    "storybank.checks",
    "storybank.storage.repository",
    "rapidfuzz",
)
"""What the first frame must not wait for (pydantic and the models alone take ~60 ms)."""


def _with_an_invalid_story(bank: Path) -> None:
    """Give the bank a story whose title is a number: well-formed JSON, not a valid Story."""
    data = json.loads(bank.read_text(encoding="utf-8"))
    data["stories"] = {"1": {"id": "broken", "title": 5}}
    bank.write_text(json.dumps(data), encoding="utf-8")


def test_claiming_the_bank_and_importing_the_first_screen_need_no_models(
    sample_bank: Path,
) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from storybank.tui.app import make_app
        import storybank.tui.screens.bank

        make_app(Path(r"{sample_bank}")).close_bank()
        print("\\n".join(sorted(sys.modules)))
        """
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    heavy = [m for m in loaded if m.startswith(HEAVY_MODULES)]
    assert heavy == []


async def test_the_first_frame_lists_the_stories_while_the_bank_opens(
    sample_bank: Path, make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(StorybankApp, "_open_after_first_frame", lambda self: None)
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.bank_is_open
        text = screen_text(app)
        for part in ("storybank", "Stories (6)", "Preview", "Bank checks"):
            assert part in text
        assert "Opening the bank…" not in text
        assert app.screen.has_class("-wide")  # its breakpoint, before the first resize
        table = app.screen.query_one(StoryTable)
        first_look = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert not app.bank_is_open
        # Read without the models, the rows are those the validated bank gives.
        app.open_bank()
        app.screen.refresh_data()
        await pilot.pause()
        opened = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert first_look == opened and len(opened) == 6


async def test_a_bank_the_first_look_cannot_vouch_for_waits_for_the_models(
    empty_bank: Path, make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_an_invalid_story(empty_bank)
    monkeypatch.setattr(StorybankApp, "_open_after_first_frame", lambda self: None)
    app = make(empty_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.bank_is_open
        assert "Opening the bank…" in screen_text(app)
    app.close_bank()


async def test_the_list_is_filled_once_the_bank_is_open(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        # The bank opens once the first frame is drawn, which a loaded machine delays.
        await until(pilot, lambda: app.bank_is_open)
        await pilot.pause()
        assert app.bank_is_open
        text = screen_text(app)
        assert "Opening the bank…" not in text
        assert "Stories (6)" in text


async def test_a_story_that_fails_validation_closes_the_app_with_the_message(
    empty_bank: Path, make: AppFactory
) -> None:
    _with_an_invalid_story(empty_bank)
    app = make(empty_bank)  # the claim only reads the JSON: it succeeds
    async with app.run_test() as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert app.open_error is not None
    assert "story #1, field title" in str(app.open_error)
    app.close_bank()
    with BankLock(empty_bank):  # would raise BankLockedError if still held
        pass


def test_run_on_a_bank_with_an_invalid_story_prints_the_message_and_returns_2(
    empty_bank: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_an_invalid_story(empty_bank)
    run_app = StorybankApp.run
    monkeypatch.setattr(
        StorybankApp, "run", lambda self: run_app(self, headless=True, size=(80, 24))
    )
    code = main(["--db", str(empty_bank)])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot open the bank: story #1, field title" in err
    assert "storybank doctor" in err
    assert "Traceback" not in err
