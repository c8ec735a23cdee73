"""Drill ahead (``a`` on the Drill screen): pick cards to drill beyond today's queue.

A dialog that lists the scopes of :mod:`storybank.scheduling.ahead` with how
many cards each holds now, and dismisses with the one picked (or ``None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storybank.scheduling.ahead import AheadChoice, AheadScope
from storybank.tui import render

INTRO = (
    "Today's queue shows a story's cards once a day, and only what is due. "
    "Drill ahead by choice: each rating is an ordinary review, and FSRS counts "
    "an early one for what it is."
)


class AheadScreen(ModalScreen[AheadScope | None]):
    """The drill-ahead scopes on offer; enter picks one, esc closes.

    Args:
        choices: The scopes with their card counts (empty ones are shown, disabled).
    """

    CSS_PATH = "ahead.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, choices: Sequence[AheadChoice]) -> None:
        super().__init__()
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="ahead-dialog"):
            yield Static(Content.styled(INTRO, "$text-muted"), id="ahead-intro")
            options = []
            for index, choice in enumerate(self.choices):
                count = choice.count
                prompt = Content.assemble(
                    render.line(choice.scope.label),
                    (f"  {count} card{'s' * (count != 1)}", "$text-muted"),
                )
                options.append(Option(prompt, id=str(index), disabled=count == 0))
            yield OptionList(*options, id="ahead-choices")

    def on_mount(self) -> None:
        dialog = self.query_one("#ahead-dialog")
        dialog.border_title = "Drill ahead"
        dialog.border_subtitle = "enter drills · esc closes"
        options = self.query_one(OptionList)
        options.focus()
        first = next((i for i, c in enumerate(self.choices) if c.count), None)
        options.highlighted = first

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.choices[int(event.option.id)].scope)

    def action_close(self) -> None:
        """Close without drilling ahead."""
        self.dismiss(None)
