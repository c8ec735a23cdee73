"""Help (``?``): every key binding, read from the screens themselves so it never goes stale."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from storybank.tui.sections import SECTIONS

EVERYWHERE: tuple[tuple[str, str], ...] = (
    ("ctrl+p", "command palette: every action, every story, themes, frameworks"),
    ("? / f1", "this help"),
    ("tab / shift+tab", "next / previous field or panel"),
    ("ctrl+q", "quit (open stories are saved first)"),
)

TEXT_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+a / ctrl+e", "start / end of line"),
    ("ctrl+w / ctrl+k", "delete word left / to end of line"),
    ("ctrl+x / ctrl+c / ctrl+v", "cut / copy / paste"),
    ("shift+arrows", "select"),
)


def _key(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(k.strip() for k in binding.key.split(","))


def _rows(
    bindings: Iterable[BindingType], widget_bindings: Iterable[BindingType] = ()
) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for item in [*bindings, *widget_bindings]:
        if (
            isinstance(item, Binding)
            and item.description
            and not item.action.startswith("app.goto")
        ):
            if item.action in ("app.help", "app.quit"):
                continue
            rows.append((_key(item), item.description))
    return rows


KEY_WIDTH = 26
TEXT_WIDTH = 58


def _block(title: str, rows: Iterable[tuple[str, str]]) -> Content:
    lines = [Content.styled(title, "bold $text-primary")]
    for key, description in rows:
        # Wrap by hand so continuation lines stay in the description column.
        wrapped = textwrap.wrap(description, TEXT_WIDTH) or [""]
        lines.append(Content.assemble((f"  {key:<{KEY_WIDTH - 2}}", "bold $accent"), wrapped[0]))
        lines.extend(Content(" " * KEY_WIDTH + more) for more in wrapped[1:])
    return Content("\n").join(lines)


def help_content() -> Content:
    """Every key, grouped by where it works."""
    from storybank.tui.screens.debrief import DebriefScreen
    from storybank.tui.screens.editor import EditorScreen
    from storybank.tui.screens.lookup import LookupScreen
    from storybank.tui.screens.matrix import MatrixScreen, MatrixTable
    from storybank.tui.screens.mock import MockScreen
    from storybank.tui.widgets.competency_picker import CompetencyPicker

    screens = {s.name: s.load() for s in SECTIONS}
    sections = [(s.key, f"{s.title}: {s.description}") for s in SECTIONS]
    blocks = [
        _block("Everywhere", EVERYWHERE),
        _block("Sections (from any section screen)", [*sections, ("q", "quit")]),
        _block(
            "Bank",
            [
                ("j / k / ↑ / ↓", "move"),
                ("enter", "open the story"),
                *_rows(screens["bank"].BINDINGS),
                ("esc", "in the filter: clear it"),
            ],
        ),
        _block(
            "Editor",
            [
                *_rows(EditorScreen.BINDINGS),
                *_rows(CompetencyPicker.BINDINGS),
                ("space", "in the competencies: tick / untick"),
            ],
        ),
        _block(
            "Matrix",
            [("arrows / j / k", "move"), *_rows(MatrixScreen.BINDINGS, MatrixTable.BINDINGS)],
        ),
        _block(
            "Lookup",
            [("↓ / ↑", "between the question and the results"), *_rows(LookupScreen.BINDINGS)],
        ),
        _block(
            "Drill",
            [
                *_rows(screens["drill"].BINDINGS),
                ("!", "Flag, as f does"),
                ("↑ / ↓ / enter", "on a question card: pick the story you would tell"),
            ],
        ),
        _block(
            "Stats",
            [("↑ / ↓ / pgup / pgdn", "scroll the page"), *_rows(screens["stats"].BINDINGS)],
        ),
        _block(
            "Interviews",
            [
                ("j / k / ↑ / ↓", "move"),
                ("enter", "debrief the round (on a plan item: act on it)"),
                *_rows(screens["interviews"].BINDINGS),
            ],
        ),
        _block(
            "Debrief",
            [
                *_rows(DebriefScreen.BINDINGS),
                ("space", "on a follow-up: you could answer it, or not"),
                ("delete", "on a follow-up: remove it"),
            ],
        ),
        _block(
            "Mock interview",
            [
                ("↑ / ↓ / enter", "pick the story you tell, once you have told it"),
                *_rows(MockScreen.BINDINGS),
                ("1 2 3 4", "score the highlighted criterion of the rubric"),
                ("enter", "save the scores (on the summary: back)"),
            ],
        ),
        _block("In text fields", TEXT_KEYS),
    ]
    return Content("\n\n").join(blocks)


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every key binding; any of esc, q, ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-pane", classes="pane"):
            yield Static(help_content(), id="help-text")

    def on_mount(self) -> None:
        pane = self.query_one("#help-pane")
        pane.border_title = "Keys"
        pane.border_subtitle = "esc closes · ctrl+p lists every command"
        pane.focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss()

    def action_scroll(self, lines: int) -> None:
        """Scroll the help text."""
        self.query_one("#help-pane", VerticalScroll).scroll_relative(y=lines, animate=False)
