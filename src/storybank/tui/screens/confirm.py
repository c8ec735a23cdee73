"""A yes/no question in a dialog: ``ConfirmScreen`` dismisses with ``True`` or ``False``."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from storybank.tui import render


class ConfirmScreen(ModalScreen[bool]):
    """Asks before something destructive; Enter/y confirms, Esc/n cancels.

    Args:
        question: The question, e.g. "Delete “Billing ledger”?" (may hold user text).
        detail: A line on what happens and how to undo it.
        confirm: The label of the confirming button.
    """

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", *, confirm: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.confirm_label = confirm

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(render.literal(self.question, "bold"), id="question")
            if self.detail:
                yield Static(render.literal(self.detail, "$text-muted"), id="detail")
            with Horizontal(id="buttons"):
                yield Button("Cancel (n)", id="cancel", compact=True)
                yield Button(
                    f"{self.confirm_label} (y)", id="confirm", variant="error", compact=True
                )

    def on_mount(self) -> None:
        self.query_one("#cancel").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with ``answer``."""
        self.dismiss(answer)
