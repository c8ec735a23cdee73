"""Asked on quitting while a story cannot be saved: keep it as a draft, go back, or drop it.

``QuitScreen`` dismisses with what the user chose (:data:`QuitChoice`).
Keeping a draft is the default: Enter, ``d`` and ctrl+q again choose it, so
quitting twice never loses what was typed. Dropping the text takes its own key.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from storybank.tui import render

QuitChoice = Literal["draft", "back", "drop"]
"""Keep the unsaved stories as drafts and quit; go back to them; quit without them."""


class QuitScreen(ModalScreen[QuitChoice]):
    """Says which stories cannot be saved and why, and where a draft would go.

    Args:
        problems: ``(title, why it cannot be saved)`` for each unsaved story (user text).
        drafts: The folder drafts are kept in.
    """

    CSS_PATH = "quit.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "choose('draft')", "Keep a draft and quit"),
        Binding("escape,b", "choose('back')", "Back"),
        Binding("x", "choose('drop')", "Quit without it"),
    ]

    def __init__(self, problems: list[tuple[str, str]], drafts: str) -> None:
        super().__init__()
        self.problems = problems
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        several = len(self.problems) > 1
        with Vertical(id="dialog"):
            yield Static(
                render.literal(
                    f"{len(self.problems)} stories cannot be saved"
                    if several
                    else "This story cannot be saved",
                    "bold",
                ),
                id="question",
            )
            for title, problem in self.problems:
                yield Static(
                    render.literal(f"“{render.one_line(title) or 'Untitled'}”: {problem}"),
                    classes="problem",
                )
            yield Static(
                render.literal(
                    f"Keep {'them' if several else 'it'} as a draft in {self.drafts} and quit? "
                    "`storybank import FILE` brings a draft back once it is fixed.",
                    "$text-muted",
                ),
                id="detail",
            )
            with Horizontal(id="buttons"):
                yield Button("Back (esc)", id="back", compact=True)
                yield Button("Quit without it (x)", id="drop", variant="error", compact=True)
                yield Button(
                    "Keep a draft and quit (d)", id="draft", variant="primary", compact=True
                )

    def on_mount(self) -> None:
        self.query_one("#draft").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        if choice in ("draft", "back", "drop"):
            self.action_choose(choice)

    def action_choose(self, choice: str) -> None:
        """Close the dialog with ``choice`` (``draft``, ``back`` or ``drop``)."""
        if choice == "draft":
            self.dismiss("draft")
        elif choice == "drop":
            self.dismiss("drop")
        else:
            self.dismiss("back")
