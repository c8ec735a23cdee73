"""The command palette's storybank commands (ctrl+p).

Every action has a command here: the sections, the current screen's key
bindings (read from the screen, so a new binding shows up by itself), opening
any story by title, and switching framework. Themes come from Textual's own
"Theme" command; the app remembers the choice.

Like the screens, the palette never imports the app: it reads the bank
through the app's :class:`~storybank.tui.services.Services` and asks for
stories and frameworks with messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Protocol, runtime_checkable

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from storybank.tui import render
from storybank.tui.messages import FrameworkSwitchRequested, OpenStoryRequested
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import SECTIONS
from storybank.tui.services import Services


@runtime_checkable
class HasServices(Protocol):
    """The app as the palette sees it: something that holds the bank's services."""

    services: Services


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry."""

    text: str
    """What the user searches and sees (may contain user text: shown literally)."""
    run: Callable[[], object]
    """What it does."""
    help: str = ""
    """A line of explanation under it."""
    discover: bool = True
    """Listed before the user types anything."""


class StorybankCommands(Provider):
    """Sections, the current screen's actions, stories and frameworks."""

    def _commands(self) -> Iterator[PaletteCommand]:
        app = self.app
        for item in SECTIONS:
            yield PaletteCommand(
                f"Go to {item.title}",
                partial(app.run_action, f"goto('{item.name}')"),
                f"{item.key}: {item.description}",
            )
        yield PaletteCommand(
            "New story", partial(app.run_action, "new_story"), "n: write a new story"
        )
        yield PaletteCommand(
            "Help: every key", partial(app.run_action, "help"), "?: all key bindings"
        )
        screen = self.screen
        seen: set[str] = set()
        for binding in _screen_bindings(screen):
            if binding.action.startswith("app.goto") or binding.action in seen:
                continue
            seen.add(binding.action)
            if not binding.description or binding.action in ("app.help", "app.quit"):
                continue
            yield PaletteCommand(
                binding.description,
                partial(screen.run_action, binding.action),
                f"{app.get_key_display(binding)}: on this screen",
            )
        if isinstance(screen, StorybankScreen):
            for text, run, help_text in screen.palette_commands():
                yield PaletteCommand(text, run, help_text)
        if not isinstance(app, HasServices):
            return
        catalog = app.services.catalog
        framework = catalog.framework
        for fw in app.services.bank.frameworks:
            if fw.id != framework.id:
                yield PaletteCommand(
                    f"Switch framework: {fw.name}",
                    partial(app.post_message, FrameworkSwitchRequested(fw.id)),
                    "competencies used by the editor, the matrix and lookup",
                )
        for story in catalog.stories:
            yield PaletteCommand(
                f"Open story: {render.one_line(story.title)}",
                partial(app.post_message, OpenStoryRequested(story.id)),
                story.id,
                discover=False,
            )

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discover:
                yield DiscoveryHit(
                    Content(command.text), command.run, text=command.text, help=command.help
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score, offsets = matcher.fuzzy_search.match(query, command.text)
            if score > 0:
                yield Hit(
                    score,
                    render.highlight(command.text, offsets),
                    command.run,
                    text=command.text,
                    help=command.help,
                )


def _screen_bindings(screen: object) -> Iterator[Binding]:
    for item in getattr(type(screen), "BINDINGS", []):
        if isinstance(item, Binding):
            yield item
