"""The full-screen app shows hostile text literally, keeps running, and never rewrites it.

Drives the real app (``storybank.tui.app.make_app``) with Pilot against a bank
whose story carries every hostile snippet: markup that would be a link or a
quit button, escape sequences, control characters, NUL, right-to-left text,
emoji, combining marks, and a field at the size limit. Opening it everywhere
and leaving must not change a byte of what is stored.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reliability import hostile
from storybank.core.models import BODY_MAX, Story
from storybank.storage.repository import Bank

tui_app = pytest.importorskip("storybank.tui.app")

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
_TEXT_RE = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def _screen_text(app: object) -> str:
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    return "".join(html.unescape(m) for m in _TEXT_RE.findall(svg)).replace("\xa0", " ")


def _close(app: object) -> None:
    close = getattr(app, "close_bank", None)
    if close is not None:
        close()
    else:
        app.bank.close()  # type: ignore[attr-defined]


def _story() -> Story:
    story = hostile.all_hostile_story("hostile")
    pattern = "".join(hostile.SNIPPETS) + "".join(hostile.CONTROLS) + "\n"
    big = (pattern * (BODY_MAX // len(pattern) + 1))[:BODY_MAX]
    return story.model_copy(update={"complications": big})


async def _shows(app: object, pilot: object, text: str) -> None:
    """Let the app run until ``text`` is on the screen (a loaded machine takes more turns)."""
    for _ in range(100):
        if text in _screen_text(app):
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def _open_everywhere(app: object, pilot: object, story: Story) -> None:
    """Bank list, editor, matrix and lookup, checking the text on the way."""
    from textual.widgets import Input, TextArea

    await _shows(app, pilot, "[@click=app.quit]")
    shown = _screen_text(app)
    assert "[bold]x[/]" in shown and "[@click=app.quit]" in shown
    assert "\x1b" not in shown and "\x9b" not in shown
    await pilot.press("enter")  # type: ignore[attr-defined]  # open the story in the editor
    for _ in range(100):
        if app.screen.query("#input-title"):  # type: ignore[attr-defined]
            break
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert screen.query_one("#input-title", Input).value == story.title
    for name in ("headline", "situation", "complications", "action", "result", "lessons"):
        area = screen.query_one(f"#input-{name}", TextArea)
        # A text area lays text out in lines, so the characters Python counts as line
        # breaks (\r, \x0b, \x0c, \x1c-\x1e, \x85, \u2028, \u2029) show as breaks;
        # everything else, escape sequences and NUL included, is shown as it is.
        assert area.text.splitlines() == getattr(story, name).splitlines(), name
    assert "[bold]x[/]" in _screen_text(app)


async def test_hostile_story_is_shown_literally_and_never_rewritten(bank_path: Path) -> None:
    from textual.widgets import Input

    story = _story()
    with Bank.create(bank_path) as bank:
        bank.save_story(story, touch=False)
    before = bank_path.read_bytes()
    app = tui_app.make_app(bank_path, clock=lambda: NOW, cursor_blink=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _open_everywhere(app, pilot, story)
            await pilot.press("escape", "m")  # the competency matrix
            await _shows(app, pilot, "[bold]x[/]")
            assert "[bold]x[/]" in _screen_text(app)
            await pilot.press("l")  # lookup, with a question full of markup
            await pilot.pause()
            app.screen.query_one(Input).value = "[bold]conflict[/] [@click=app.quit] \x1b[2J"
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running  # [@click=app.quit] was never a button
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running
    finally:
        _close(app)
    # Opening the app may add drill cards; the stories must be exactly as they were.
    assert json.loads(bank_path.read_bytes())["stories"] == json.loads(before)["stories"]
    with Bank.open(bank_path, read_only=True) as bank:
        assert bank.get_story("hostile") == story


async def test_editing_one_field_keeps_every_other_field_byte_exact(bank_path: Path) -> None:
    from textual.widgets import Input

    story = _story()
    with Bank.create(bank_path) as bank:
        bank.save_story(story, touch=False)
    app = tui_app.make_app(bank_path, clock=lambda: NOW, cursor_blink=False)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _open_everywhere(app, pilot, story)
            app.screen.query_one("#input-title", Input).focus()
            await pilot.press("end", "backspace", "ctrl+s")
            await pilot.pause()
            assert app.is_running
    finally:
        _close(app)
    with Bank.open(bank_path, read_only=True) as bank:
        saved = bank.get_story("hostile")
    assert saved.title == story.title[:-1]
    assert saved.model_copy(update={"title": story.title, "updated": story.updated}) == story
