"""The command palette's storybank commands (ctrl+p).

Every action has a command here: the sections, the current screen's key
bindings (read from the screen, so a new binding shows up by itself), opening
any story by title, and switching framework. Themes come from Textual's own
"Theme" command; the app remembers the choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from storybank.tui import render
from storybank.tui.sections import SECTIONS

if TYPE_CHECKING:
    from storybank.tui.app import StorybankApp


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
        app = cast("StorybankApp", self.app)
        for item in SECTIONS:
            yield PaletteCommand(
                f"Go to {item.title}",
                partial(app.run_action, f"goto('{item.name}')"),
                f"{item.key}: {item.description}",
            )
        yield PaletteCommand("New story", app.action_new_story, "n: write a new story")
        yield PaletteCommand("Help: every key", app.action_help, "?: all key bindings")
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
        extra = getattr(screen, "palette_commands", None)
        if callable(extra):
            for text, run, help_text in extra():
                yield PaletteCommand(text, run, help_text)
        framework = app.catalog.framework
        for fw in app.bank.frameworks:
            if fw.id != framework.id:
                yield PaletteCommand(
                    f"Switch framework: {fw.name}",
                    partial(app.switch_framework, fw.id),
                    "competencies used by the editor, the matrix and lookup",
                )
        for story in app.catalog.stories:
            yield PaletteCommand(
                f"Open story: {render.one_line(story.title)}",
                partial(app.open_story, story.id),
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
