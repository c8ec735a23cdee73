"""Tick the competencies a story shows, with the matcher's suggestions marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from storybank.checks import CheckResult
from storybank.core.models import CompetencyFramework
from storybank.tui import render
from storybank.tui.messages import CompetenciesChanged
from storybank.tui.widgets.check_list import CheckList

SUGGESTED_MARK = "★"


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
    CompetencyPicker SelectionList {
        height: auto;
        max-height: 18;
        border: none;
        padding: 0;
        background: $background;
    }
    CompetencyPicker SelectionList:focus {
        border: none;
        background: $background;
    }
    CompetencyPicker .hint {
        margin-top: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept_suggestions", "Accept ★"),
    ]

    def __init__(self, framework: CompetencyFramework, selected: Sequence[str]) -> None:
        super().__init__(id="picker")
        self.framework = framework
        self.selected: list[str] = list(selected)
        self.suggested: dict[str, float] = {}

    def compose(self) -> ComposeResult:
        yield SelectionList[str](*self._selections(), id="competency-list")
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
    def options(self) -> SelectionList[str]:
        """The checklist inside."""
        return self.query_one(SelectionList)

    def _selections(self) -> list[Selection[str]]:
        items: list[Selection[str]] = []
        for comp in self.framework.competencies:
            ticked = comp.id in self.selected
            prompt = render.literal(comp.name)
            if comp.id in self.suggested and not ticked:
                prompt = Content.assemble(
                    render.literal(comp.name, "$sb-suggested"),
                    (f" {SUGGESTED_MARK}", "$sb-suggested"),
                )
            items.append(Selection(prompt, comp.id, ticked))
        return items

    def _rebuild(self) -> None:
        options = self.options
        highlighted = options.highlighted
        with self.prevent(SelectionList.SelectedChanged):
            options.clear_options()
            options.add_options(self._selections())
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

    @on(SelectionList.SelectedChanged, "#competency-list")
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        ticked = set(self.options.selected)
        selected = [c for c in self.framework.ids if c in ticked]
        if selected == self.selected:
            return
        self.selected = selected
        # A newly ticked suggestion is no longer "suggested": redraw its prompt.
        if any(c in self.suggested for c in selected):
            self._rebuild()
        self.post_message(CompetenciesChanged(self.framework.id, selected))

    def action_accept_suggestions(self) -> None:
        """Tick every suggested competency."""
        wanted = [c for c in self.framework.ids if c in self.selected or c in self.suggested]
        if wanted == self.selected:
            self.notify("No suggestions to accept.", markup=False)
            return
        self.selected = wanted
        self._rebuild()
        self.post_message(CompetenciesChanged(self.framework.id, wanted))
