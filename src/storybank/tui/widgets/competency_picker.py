"""Tick the competencies a story shows, with the matcher's suggestions marked.

Each competency is one line with a box, ``☑`` ticked or ``☐`` not, so the
two read apart without colour (``NO_COLOR``) as well as with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storybank.checks import CheckResult
from storybank.core.models import CompetencyFramework
from storybank.tui import render
from storybank.tui.messages import CompetenciesChanged
from storybank.tui.widgets.check_list import CheckList

SUGGESTED_MARK = "★"
TICKED, UNTICKED = "☑", "☐"


class TickList(OptionList):
    """A checklist: space (or enter, or a click) ticks or unticks the highlighted line.

    The owner keeps what is ticked; this list posts :class:`Toggled`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick / untick", show=False),
    ]

    class Toggled(OptionList.OptionMessage):
        """The user ticked or unticked the option."""

    def action_tick(self) -> None:
        """Tick or untick the highlighted line."""
        if self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            self.post_message(self.Toggled(self, option, self.highlighted))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Toggled(self, event.option, event.option_index))


class CompetencyPicker(Vertical):
    """The active framework's competencies as a checklist.

    Suggestions (competencies the matcher reads in the story's text but the
    user has not ticked) carry a ★ in the suggestion colour until accepted.
    Posts :class:`~storybank.tui.messages.CompetenciesChanged` when the user
    ticks or unticks one.
    """

    DEFAULT_CSS = """
    CompetencyPicker {
        height: auto;
    }
    CompetencyPicker TickList {
        height: auto;
        max-height: 18;
        border: none;
        padding: 0;
        background: $background;
    }
    CompetencyPicker TickList:focus {
        border: none;
        background: $background;
    }
    CompetencyPicker .hint {
        margin-top: 0;
    }
    """

    def __init__(self, framework: CompetencyFramework, selected: Sequence[str]) -> None:
        super().__init__(id="picker")
        self.framework = framework
        self.selected: list[str] = list(selected)
        self.suggested: dict[str, float] = {}

    def compose(self) -> ComposeResult:
        yield TickList(*self._options(), id="competency-list")
        yield CheckList(classes="field-checks")
        yield Static(
            Content.assemble(
                ("space", "bold"),
                " ticks · ",
                ("a", "bold"),
                " accepts ",
                (SUGGESTED_MARK, "$sb-suggested"),
                " suggestions",
            ),
            classes="hint",
        )

    @property
    def options(self) -> TickList:
        """The checklist inside."""
        return self.query_one(TickList)

    def _options(self) -> list[Option]:
        items: list[Option] = []
        for comp in self.framework.competencies:
            ticked = comp.id in self.selected
            box = (f"{TICKED} ", "bold $text-success") if ticked else (f"{UNTICKED} ", "")
            if comp.id in self.suggested and not ticked:
                prompt = Content.assemble(
                    box,
                    render.literal(comp.name, "$sb-suggested"),
                    (f" {SUGGESTED_MARK}", "$sb-suggested"),
                )
            else:
                prompt = Content.assemble(box, render.literal(comp.name))
            items.append(Option(prompt, id=comp.id))
        return items

    def _rebuild(self) -> None:
        options = self.options
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        if highlighted is not None and options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)

    def show(
        self,
        framework: CompetencyFramework,
        selected: Sequence[str],
        suggested: Mapping[str, float],
    ) -> None:
        """Set what is ticked and what is suggested (rebuilds only if something changed)."""
        selected = [c for c in framework.ids if c in selected]
        suggested = dict(suggested)
        if (
            framework.id == self.framework.id
            and selected == self.selected
            and suggested.keys() == self.suggested.keys()
        ):
            return
        self.framework, self.selected, self.suggested = framework, selected, suggested
        self._rebuild()

    def show_results(self, results: Sequence[CheckResult]) -> None:
        """Show the checks about the story's competencies."""
        self.query_one(CheckList).show(results)

    @on(TickList.Toggled, "#competency-list")
    def _toggled(self, event: TickList.Toggled) -> None:
        event.stop()
        toggled = event.option.id
        if toggled is None:
            return
        ticked = set(self.selected) ^ {toggled}
        self.selected = [c for c in self.framework.ids if c in ticked]
        self._rebuild()
        self.post_message(CompetenciesChanged(self.framework.id, list(self.selected)))

    def accept_suggestions(self) -> None:
        """Tick every suggested competency."""
        wanted = [c for c in self.framework.ids if c in self.selected or c in self.suggested]
        if wanted == self.selected:
            self.notify("No suggestions to accept.", markup=False)
            return
        self.selected = wanted
        self._rebuild()
        self.post_message(CompetenciesChanged(self.framework.id, wanted))
