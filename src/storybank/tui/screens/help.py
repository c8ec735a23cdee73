"""Help (``?``): every key binding, read from the screens themselves so it never goes stale."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
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
    ("ctrl+x", "cut"),
    ("ctrl+c", "copy"),
    ("ctrl+v", "paste"),
    ("shift+arrows", "select"),
    ("f7", "select all (in a text box)"),
    ("ctrl+shift+a", "select all (in a one-line field)"),
)

KEY_NAMES: dict[str, str] = {
    "escape": "esc",
    "question_mark": "?",
    "exclamation_mark": "!",
    "slash": "/",
}
"""One name per key, as the footer shows it (never both ``esc`` and ``escape``)."""

KEY_WIDTH_MAX = 20
"""A key longer than this goes on a line of its own, above what it does."""


def key_name(key: str) -> str:
    """A key as help names it: ``escape`` → ``esc``, ``question_mark`` → ``?``."""
    key = key.strip()
    return KEY_NAMES.get(key, key)


def _key(binding: Binding) -> str:
    names = [key_name(k) for k in binding.key.split(",")]
    return " / ".join(dict.fromkeys(names))


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


def merged(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """One row per key: a key bound twice says both things on its one row."""
    by_key: dict[str, list[str]] = {}
    for key, description in rows:
        said = by_key.setdefault(key, [])
        if description not in said:
            said.append(description)
    return [(key, "; ".join(said)) for key, said in by_key.items()]


def _block(title: str, rows: Sequence[tuple[str, str]], key_width: int, width: int) -> Content:
    lines = [Content.styled(title, "bold $text-primary")]
    text_width = max(20, width - key_width)
    for key, description in merged(rows):
        # Wrap by hand so continuation lines stay in the description column.
        wrapped = textwrap.wrap(description, text_width) or [""]
        if len(key) + 2 >= key_width:
            lines.append(Content.styled(f"  {key}", "bold $accent"))
            lines.extend(Content(" " * key_width + more) for more in wrapped)
            continue
        lines.append(Content.assemble((f"  {key:<{key_width - 2}}", "bold $accent"), wrapped[0]))
        lines.extend(Content(" " * key_width + more) for more in wrapped[1:])
    return Content("\n").join(lines)


def help_blocks() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every key, grouped by where it works: ``(title, [(keys, what they do)])``."""
    from storybank.tui.screens.debrief import DebriefScreen
    from storybank.tui.screens.editor import EditorScreen
    from storybank.tui.screens.lookup import LookupScreen
    from storybank.tui.screens.matrix import MatrixScreen
    from storybank.tui.screens.mock import MockScreen
    from storybank.tui.widgets.competency_picker import TickList

    screens = {s.name: s.load() for s in SECTIONS}
    sections = [(s.key, f"{s.title}: {s.description}") for s in SECTIONS]
    return [
        ("Everywhere", list(EVERYWHERE)),
        ("Sections (from any section screen)", [*sections, ("q", "quit")]),
        (
            "Bank",
            [
                ("j / k / ↑ / ↓", "move"),
                ("enter", "open the story"),
                *_rows(screens["bank"].BINDINGS),
            ],
        ),
        (
            "Editor",
            [
                *_rows(EditorScreen.BINDINGS),
                *[(key, f"in the competencies: {what}") for key, what in _rows(TickList.BINDINGS)],
            ],
        ),
        (
            "Matrix",
            # The grid's own j / k are the "move" row.
            [("arrows / j / k", "move"), *_rows(MatrixScreen.BINDINGS)],
        ),
        (
            "Lookup",
            [("↓ / ↑", "between the question and the results"), *_rows(LookupScreen.BINDINGS)],
        ),
        (
            "Drill",
            [
                *_rows(screens["drill"].BINDINGS),
                ("↑ / ↓ / enter", "on a question card: pick the story you would tell"),
            ],
        ),
        (
            "Stats",
            [("↑ / ↓ / pgup / pgdn", "scroll the page"), *_rows(screens["stats"].BINDINGS)],
        ),
        (
            "Interviews",
            [
                ("j / k / ↑ / ↓", "move"),
                ("enter", "debrief the round (on a plan item: act on it)"),
                *_rows(screens["interviews"].BINDINGS),
            ],
        ),
        (
            "Debrief",
            [
                *_rows(DebriefScreen.BINDINGS),
                ("space", "on a follow-up: you could answer it, or not"),
                ("delete", "on a follow-up: remove it"),
            ],
        ),
        (
            "Mock interview",
            [
                ("↑ / ↓ / enter", "pick the story you tell, once you have told it"),
                *_rows(MockScreen.BINDINGS),
                ("1 2 3 4", "score the highlighted criterion of the rubric"),
                ("enter", "save the scores (on the summary: back)"),
            ],
        ),
        ("In text fields", list(TEXT_KEYS)),
    ]


def help_content(width: int = 92) -> Content:
    """Every key, grouped by where it works, laid out for ``width`` columns."""
    blocks = help_blocks()
    longest = max(len(key) for _, rows in blocks for key, _ in merged(rows))
    # Keys get at most a third of a narrow screen; a longer key takes a line of its own.
    key_width = min(longest, KEY_WIDTH_MAX, max(10, width // 3)) + 4
    return Content("\n\n").join(_block(title, rows, key_width, width) for title, rows in blocks)


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
            yield Static(id="help-text")

    def on_resize(self) -> None:
        # The descriptions wrap to the room the pane leaves beside the keys.
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        width = self.query_one("#help-pane").content_size.width
        if width:
            # Room for the scrollbar, so no line wraps a second time.
            self.query_one("#help-text", Static).update(help_content(width - 3))

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
