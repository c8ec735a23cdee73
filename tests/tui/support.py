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
    return str(visual)


async def wait_until(
    pilot: Pilot[object], condition: Callable[[], object], tries: int = 400
) -> None:
    """Let the app run until ``condition()`` holds (a loaded machine takes more frames).

    Raises:
        AssertionError: it still does not hold after ``tries`` pauses.
    """
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    assert condition(), "the app never reached the awaited state"
