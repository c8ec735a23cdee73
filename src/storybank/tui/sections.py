"""The app's top-level sections: one line each, with the key that opens it.

A section is a full screen the user moves between with one key from any other
section (the editor and dialogs sit on top of them). The registry drives the
key bindings, the footer, the help screen and the command palette, so adding
a section is one line here and a screen module. Screens are imported on first
use, which keeps start-up fast.

A key in :data:`RESERVED_KEYS` is held for a section still to come; no screen
may bind it to anything else (a test checks this).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from storybank.tui.screens.base import StorybankScreen


@dataclass(frozen=True)
class Section:
    """One top-level section of the app."""

    name: str
    """Stable name, used by ``app.goto('name')``."""
    key: str
    """The key that opens it from any other section."""
    title: str
    """Shown in the footer, the help screen and the palette."""
    screen: str
    """``module:Class`` of its screen, imported on first use."""
    description: str
    """One line for the palette and the help screen."""

    def load(self) -> type[StorybankScreen]:
        """Import and return the section's screen class (made with the app's services)."""
        module_name, _, class_name = self.screen.partition(":")
        screen_class: type[StorybankScreen] = getattr(
            importlib.import_module(module_name), class_name
        )
        return screen_class


SECTIONS: tuple[Section, ...] = (
    Section(
        "bank",
        "b",
        "Bank",
        "storybank.tui.screens.bank:BankScreen",
        "your stories, their readiness, and what the bank is missing",
    ),
    Section(
        "matrix",
        "m",
        "Matrix",
        "storybank.tui.screens.matrix:MatrixScreen",
        "stories by competencies: what each story covers, and the gaps",
    ),
    Section(
        "lookup",
        "l",
        "Lookup",
        "storybank.tui.screens.lookup:LookupScreen",
        "type an interview question, see which story answers it",
    ),
    Section(
        "drill",
        "d",
        "Drill",
        "storybank.tui.screens.drill:DrillScreen",
        "today's cards: tell each story against the clock, reveal, rate 1-4",
    ),
    Section(
        "stats",
        "s",
        "Stats",
        "storybank.tui.screens.stats:StatsScreen",
        "reviews, due forecast, retention and streak as charts; recall per story",
    ),
    Section(
        "interviews",
        "i",
        "Interviews",
        "storybank.tui.screens.interviews:InterviewsScreen",
        "your rounds, their debriefs and outcomes, weak spots, mock interviews",
    ),
)
"""Every section, in footer order; the first is the home screen."""

RESERVED_KEYS: dict[str, str] = {}
"""Keys held for sections still to come (none now: Drill and Stats took ``d`` and ``s``)."""

HOME = SECTIONS[0].name


def section(name: str) -> Section:
    """The section called ``name``.

    Raises:
        KeyError: there is no such section.
    """
    for candidate in SECTIONS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


SECTION_KEYS = Binding.Group("Sections")
"""The footer shows the section keys side by side under one word: with five
sections their names no longer fit in 80 columns beside a screen's own keys
(help, the palette and each key's tooltip still name them)."""


def navigation_bindings(current: str) -> list[Binding]:
    """Bindings that open every other section, for a section screen's ``BINDINGS``."""
    return [
        Binding(
            s.key,
            f"app.goto('{s.name}')",
            s.title,
            tooltip=f"{s.title}: {s.description}",
            group=SECTION_KEYS,
        )
        for s in SECTIONS
        if s.name != current
    ]


def common_bindings(current: str) -> list[Binding]:
    """Navigation, help and quit: the tail of every section screen's bindings."""
    return [
        *navigation_bindings(current),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]
