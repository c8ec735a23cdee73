"""The competency matrix: stories by competencies of the active framework.

A cell is ● where the story is tagged with the competency, ○ where the matcher
suggests it from the story's text (space accepts it), and · where neither.
Columns no story covers are gaps: their header is in the gap colour and says
"gap". The panel below names the competency under the cursor and its stories.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from storybank.core.models import Competency, CompetencyFramework, Story
from storybank.core.text import counted
from storybank.tui import render
from storybank.tui.messages import FrameworkSwitchRequested, OpenStoryRequested
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import common_bindings

if TYPE_CHECKING:
    from storybank.tui.services import Services

STORY_COLUMN_WIDTH = 24
CELL_WIDTH = 7
COVERED, SUGGESTED, EMPTY = "●", "○", "·"
_STOP_WORDS = frozenset({"and", "the", "of", "to", "a", "an", "be", "on", "for", "is", "are"})


def column_label(name: str, count: int, width: int = CELL_WIDTH - 1) -> tuple[str, str, str]:
    """Three header lines for a competency column: two of name, one of count.

    Long names keep their first two significant words, each cut to the width
    (the detail panel shows the full name).
    """
    words = [w for w in name.replace("-", "- ").split() if w.lower() not in _STOP_WORDS]
    words = words or name.split()

    def fit(word: str) -> str:
        return word if len(word) <= width else word[: width - 1] + "…"

    first = fit(words[0]) if words else ""
    second = fit(" ".join(words[1:])) if len(words) > 1 else ""
    return first, second, ("gap" if count == 0 else str(count))


class MatrixTable(DataTable[Text]):
    """The matrix grid; j/k move between stories (h/l are not bound: l opens Lookup)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class MatrixScreen(StorybankScreen):
    """Which story covers which competency, and where the bank has gaps."""

    CSS_PATH = "matrix.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open story"),
        Binding("space", "toggle_tag", "Tag/untag"),
        Binding("f", "switch_framework", "Framework"),
        Binding("escape", "app.goto('bank')", "Back", show=False),
        *common_bindings("matrix"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._stories: list[Story] = []
        self._framework: CompetencyFramework | None = None
        self._suggested: dict[str, set[str]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="matrix-pane", classes="pane"):
            yield MatrixTable(
                id="matrix",
                cursor_type="cell",
                header_height=3,
                cell_padding=0,
                fixed_columns=1,
            )
        yield Static(id="matrix-detail", classes="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#matrix-detail").border_title = "Competency"
        self.refresh_data()
        self.query_one(MatrixTable).focus()

    # -- data --------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Rebuild the grid from the catalog, keeping the cursor where it was."""
        if not self.is_mounted:
            return
        catalog = self.services.catalog
        framework = catalog.framework
        self._framework = framework
        self._stories = sorted(catalog.stories, key=lambda s: s.title.casefold())
        self._suggested = {}
        matcher = catalog.matcher
        for story in self._stories:
            tagged = set(story.tags_in(framework.id))
            found = {c.id for c in matcher.suggest_competencies(story, top=3)}
            self._suggested[story.id] = found - tagged
        table = self.query_one(MatrixTable)
        cursor = table.cursor_coordinate
        colours = self.app.theme_variables
        table.clear(columns=True)
        table.add_column(
            Text.assemble(
                ("Story", "bold"), "\n\n", (counted(len(self._stories), "story", "stories"), "dim")
            ),
            width=STORY_COLUMN_WIDTH,
            key="story",
        )
        for comp in framework.competencies:
            count = sum(comp.id in s.tags_in(framework.id) for s in self._stories)
            table.add_column(self._header(comp, count, colours), width=CELL_WIDTH, key=comp.id)
        for story in self._stories:
            table.add_row(*self._cells(story, framework, colours), key=story.id)
        pane = self.query_one("#matrix-pane")
        pane.border_title = f"Competency matrix · {render.one_line(framework.name)}"
        pane.border_subtitle = "f switches framework"
        if self._stories:
            row = min(cursor.row, len(self._stories) - 1)
            column = min(max(cursor.column, 1), len(framework.competencies))
            table.move_cursor(row=row, column=column, animate=False)
        self._show_detail()

    def refresh_colours(self) -> None:
        """The grid's cells are Rich text coloured from the theme: draw them again."""
        self.refresh_data()

    def _header(self, comp: Competency, count: int, colours: Mapping[str, str]) -> Text:
        first, second, third = (f"{part:^{CELL_WIDTH}}" for part in column_label(comp.name, count))
        if count == 0:
            gap = Style.parse(colours.get("sb-gap", "red")) + Style(bold=True)
            return Text.assemble(
                (first, gap), "\n", (second, gap), "\n", (third, gap + Style(reverse=True))
            )
        return Text.assemble(first, "\n", second, "\n", (third, "bold"))

    def _cells(
        self, story: Story, framework: CompetencyFramework, colours: Mapping[str, str]
    ) -> list[Text]:
        tagged = set(story.tags_in(framework.id))
        covered = Style.parse(colours.get("sb-ready", "green")) + Style(bold=True)
        suggested = Style.parse(colours.get("sb-suggested", "magenta"))
        gap_bg = Style(bgcolor=_tint(colours.get("sb-gap", "red"), colours.get("background")))
        empty = Style(dim=True)
        counts = {
            c.id: sum(c.id in s.tags_in(framework.id) for s in self._stories)
            for c in framework.competencies
        }
        cells = [render.cell(render.clip(story.title, STORY_COLUMN_WIDTH - 1))]
        for comp in framework.competencies:
            if comp.id in tagged:
                mark, style = COVERED, covered
            elif comp.id in self._suggested.get(story.id, set()):
                mark, style = SUGGESTED, suggested
            else:
                mark, style = EMPTY, empty
            if counts[comp.id] == 0:
                style = style + gap_bg
            cells.append(Text(f"{mark:^{CELL_WIDTH}}", style=style, end=""))
        return cells

    # -- the detail panel ----------------------------------------------------------

    def _current(self) -> tuple[Story | None, Competency | None]:
        table = self.query_one(MatrixTable)
        if not self._stories or self._framework is None:
            return None, None
        row, column = table.cursor_coordinate.row, table.cursor_coordinate.column
        story = self._stories[row] if 0 <= row < len(self._stories) else None
        comps = self._framework.competencies
        comp = comps[column - 1] if 1 <= column <= len(comps) else None
        return story, comp

    def _show_detail(self) -> None:
        detail = self.query_one("#matrix-detail", Static)
        framework = self._framework
        story, comp = self._current()
        legend = Content.assemble(
            (COVERED, "$sb-ready"),
            " tagged  ",
            (SUGGESTED, "$sb-suggested"),
            " suggested by its text  ",
            (EMPTY, "$text-muted"),
            " none  ",
            ("gap", "reverse $sb-gap"),
            " no story covers it",
        )
        if framework is None or comp is None:
            message = (
                "No stories yet: write some on the bank screen (b, then n)."
                if not self._stories
                else "Move onto a competency column to see who covers it."
            )
            detail.update(Content.assemble(Content.styled(message, "$text-muted"), "\n", legend))
            return
        covering = [s for s in self._stories if comp.id in s.tags_in(framework.id)]
        titles = ", ".join(render.clip(s.title, 40) for s in covering) or "none: this is a gap"
        cell = ""
        if story is not None:
            if comp.id in story.tags_in(framework.id):
                cell = "tagged: space removes the tag"
            elif comp.id in self._suggested.get(story.id, set()):
                cell = "suggested: space accepts it"
            else:
                cell = "not tagged: space tags it"
        detail.update(
            Content.assemble(
                render.literal(comp.name, "bold"),
                ("  ", ""),
                render.literal(comp.description, "$text-muted"),
                "\n",
                ("Covered by: ", "bold"),
                render.literal(titles),
                "\n",
                ("This cell: ", "bold"),
                (cell, "$text-secondary"),
                "   ",
                legend,
            )
        )

    @on(DataTable.CellHighlighted, "#matrix")
    def _cell_highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.CellSelected, "#matrix")
    def _cell_selected(self) -> None:
        self.action_open()

    # -- actions -----------------------------------------------------------------

    def action_open(self) -> None:
        """Open the story of the current row in the editor."""
        story, _comp = self._current()
        if story is not None:
            self.post_message(OpenStoryRequested(story.id))

    def action_toggle_tag(self) -> None:
        """Tag the current story with the current competency, or remove the tag."""
        story, comp = self._current()
        framework = self._framework
        if story is None or comp is None or framework is None:
            return
        tags = list(story.tags_in(framework.id))
        if comp.id in tags:
            tags.remove(comp.id)
        else:
            tags.append(comp.id)
        competencies = dict(story.competencies)
        competencies[framework.id] = [c for c in framework.ids if c in tags]
        if self.save_story(story.model_copy(update={"competencies": competencies})):
            self.refresh_data()

    def action_switch_framework(self) -> None:
        """Show the next competency framework (and make it the active one)."""
        self.post_message(FrameworkSwitchRequested())


def _tint(colour: str, background: str | None) -> str:
    """``colour`` blended 20% over ``background``, as a hex string for Rich."""
    from textual.color import Color

    try:
        base = Color.parse(background or "#000000")
        return base.blend(Color.parse(colour), 0.2).hex
    except Exception:
        return "default"
