"""Shared by the app's tests: the fixed clock, the markup title, and ways to read the screen."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from storybank.storage.repository import Bank
from storybank.tui.app import StorybankApp
from storybank.tui.widgets.hanging import HangingRows

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
"""The app's clock in every test."""

MARKUP_TITLE = "[bold]x[/] [/] [link=https://e]y[/link] [@click=app.quit]z"
"""A title that would be bold, a link and a quit button if it were parsed as markup."""

AppFactory = Callable[..., StorybankApp]
"""``make(path, **make_app_options)`` from the ``make`` fixture."""


def reopen(path: Path) -> Bank:
    """The bank file as another reader sees it now (read-only: no lock needed)."""
    return Bank.open(path, read_only=True)


_TEXT_RE = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def screen_text(app: App[object]) -> str:
    """Everything on the screen as plain text (from an SVG screenshot)."""
    svg = app.export_screenshot()
    chunks = (html.unescape(m) for m in _TEXT_RE.findall(svg))
    return "".join(chunks).replace("\xa0", " ")


def static_text(widget: Static) -> str:
    """The plain text a Static shows."""
    visual = widget.visual
    if isinstance(visual, Content):
        return visual.plain
    if isinstance(visual, HangingRows):
        return visual.plain
    return str(visual)


def burst(app: App[object], *keys: str) -> None:
    """Send keys the way a fast typist's terminal does: all at once, before any is handled.

    ``pilot.press`` waits for each key to be handled; a terminal does not, and
    a key that moves focus must do so before the next key is forwarded.
    """
    from textual import events

    driver = app._driver  # the one door a terminal's keys come in by
    assert driver is not None
    names = {" ": "space", "!": "exclamation_mark", "/": "slash", "?": "question_mark"}
    for key in keys:
        char = key if len(key) == 1 else {"space": " "}.get(key)
        event = events.Key(names.get(key, key), char)
        event.set_sender(app)
        driver.send_message(event)


async def until(pilot: Pilot[object], condition: Callable[[], bool], tries: int = 100) -> None:
    """Let the app run until ``condition`` holds (a loaded machine may need many turns)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
