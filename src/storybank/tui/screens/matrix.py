"""The competency matrix: stories by competencies of a framework.

A cell is ● where the story is tagged with the competency, ○ where the matcher
suggests it from the story's text (space accepts it), and · where neither.
Columns no story covers are gaps: their header is in the gap colour and says
"gap". The panel below names the competency under the cursor and its stories.

The matrix opens on the active framework; ``f`` shows the next one here
only (to see how the stories stand for an Amazon loop, say) and changes
nothing else: the checks, lookup and the editor keep the active framework
(ctrl+p → framework makes another one active). Columns share the width, so
every competency is on screen from 60 columns up.
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
from storybank.matching import Matcher
from storybank.tui import render
from storybank.tui.messages import OpenStoryRequested
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import common_bindings

if TYPE_CHECKING:
    from storybank.tui.services import Services

STORY_COLUMN_WIDTH = 44
"""The story column at its widest; it gives way to the competencies on a narrow screen."""
STORY_COLUMN_MIN = 12
STORY_COLUMN_WANTED = 20
"""What the story column keeps before the competency columns widen past :data:`CELL_WIDTH`."""
CELL_WIDTH = 7
"""A competency column wide enough for its name's first letters."""
CELL_MAX = 12
"""Wide enough for most competency names' first word whole."""
STORY_COLUMN_ROOMY = 72
"""The story column on a wide screen, once every competency column is at its widest."""
CELL_MIN = 3
COVERED, SUGGESTED, EMPTY = "●", "○", "·"
_STOP_WORDS = frozenset({"and", "the", "of", "to", "a", "an", "be", "on", "for", "is", "are"})


def column_widths(width: int, columns: int) -> tuple[int, int]:
    """``(story column, competency column)`` widths that fit ``columns`` in ``width`` cells.

    The competencies come first (between :data:`CELL_MIN` and :data:`CELL_WIDTH`
    each, leaving the story column :data:`STORY_COLUMN_WANTED`); the story
    column gets the rest, up to :data:`STORY_COLUMN_WIDTH`, and what is still
    left widens the competencies to :data:`CELL_MAX`, then the story column to
    :data:`STORY_COLUMN_ROOMY`. Only when even the narrowest grid is too wide
    does it scroll.
    """
    if columns <= 0:
        return STORY_COLUMN_WIDTH, CELL_WIDTH
    cell = max(CELL_MIN, min(CELL_WIDTH, (width - STORY_COLUMN_WANTED) // columns))
    story = max(STORY_COLUMN_MIN, min(STORY_COLUMN_WIDTH, width - cell * columns))
    if story == STORY_COLUMN_WIDTH:
        # Room to spare on a wide screen: the competency names get more of it.
        cell = max(cell, min(CELL_MAX, (width - STORY_COLUMN_WIDTH) // columns))
        story = max(story, min(STORY_COLUMN_ROOMY, width - cell * columns))
    return story, cell


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
        Binding(
            "f",
            "next_framework",
            "Next framework (this view)",
            tooltip="Show the next framework here; the active one stays as it is",
        ),
        Binding("escape", "app.goto('bank')", "Back", show=False),
        *common_bindings("matrix"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._stories: list[Story] = []
        self._framework: CompetencyFramework | None = None
        self._suggested: dict[str, set[str]] = {}
        self._view: str | None = None
        """The framework shown, when it is not the active one (``f`` cycles)."""
        self._matchers: dict[str, Matcher] = {}
        """Matchers for frameworks shown that are not the active one (its is the catalog's)."""
        self._fitted_width = 0
        self._story_width, self._cell_width = STORY_COLUMN_WIDTH, CELL_WIDTH

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

    def on_resize(self) -> None:
        # The columns share the width: lay them out again once the new size is known.
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self._width() != self._fitted_width:
            self.refresh_data()

    def _width(self) -> int:
        # One cell for the grid's vertical scrollbar, should it need one.
        return (self.query_one("#matrix-pane").content_size.width or self.size.width - 4) - 1

    def _shown_framework(self) -> CompetencyFramework:
        catalog = self.services.catalog
        active = catalog.framework
        if self._view is None or self._view == active.id:
            return active
        frameworks = self.services.bank.frameworks
        return frameworks.get(self._view) if self._view in frameworks else active

    def _matcher_for(self, framework: CompetencyFramework) -> Matcher:
        catalog = self.services.catalog
        if framework.id == catalog.framework.id:
            return catalog.matcher
        matcher = self._matchers.get(framework.id)
        if matcher is None:
            matcher = Matcher(
                framework, questions=self.services.bank.all_questions(), stories=catalog.stories
            )
            self._matchers[framework.id] = matcher
        return matcher

    # -- data --------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Rebuild the grid from the catalog, keeping the cursor where it was."""
        if not self.is_mounted:
            return
        catalog = self.services.catalog
        framework = self._shown_framework()
        self._framework = framework
        self._stories = sorted(catalog.stories, key=lambda s: s.title.casefold())
        self._suggested = {}
        self._matchers = {k: m for k, m in self._matchers.items() if k == framework.id}
        matcher = self._matcher_for(framework)
        if framework.id != catalog.framework.id:
            matcher.update_stories(catalog.stories)
        for story in self._stories:
            tagged = set(story.tags_in(framework.id))
            found = {c.id for c in matcher.suggest_competencies(story, top=3)}
            self._suggested[story.id] = found - tagged
        table = self.query_one(MatrixTable)
        cursor = table.cursor_coordinate
        colours = self.app.theme_variables
        width = self._width()
        self._fitted_width = width
        self._story_width, self._cell_width = column_widths(width, len(framework.competencies))
        table.clear(columns=True)
        table.add_column(
            Text.assemble(
                ("Story", "bold"), "\n\n", (counted(len(self._stories), "story", "stories"), "dim")
            ),
            width=self._story_width,
            key="story",
        )
        for comp in framework.competencies:
            count = sum(comp.id in s.tags_in(framework.id) for s in self._stories)
            table.add_column(
                self._header(comp, count, colours), width=self._cell_width, key=comp.id
            )
        for story in self._stories:
            table.add_row(*self._cells(story, framework, colours), key=story.id)
        pane = self.query_one("#matrix-pane")
        name = render.one_line(framework.name)
        active = catalog.framework
        if framework.id == active.id:
            pane.border_title = f"Competency matrix · {name}"
            pane.border_subtitle = "f shows the next framework"
        else:
            pane.border_title = f"Competency matrix · {name} (view only)"
            pane.border_subtitle = f"active: {render.one_line(active.name)} · f next"
        if self._stories:
            row = min(cursor.row, len(self._stories) - 1)
            column = min(max(cursor.column, 1), len(framework.competencies))
            table.move_cursor(row=row, column=column, animate=False)
        self._show_detail()

    def refresh_colours(self) -> None:
        """The grid's cells are Rich text coloured from the theme: draw them again."""
        self.refresh_data()

    def _header(self, comp: Competency, count: int, colours: Mapping[str, str]) -> Text:
        cell = self._cell_width
        labels = column_label(comp.name, count, max(cell - 1, 2))
        first, second, third = (f"{part:^{cell}}" for part in labels)
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
        cells = [render.cell(render.clip(story.title, self._story_width - 1))]
        for comp in framework.competencies:
            if comp.id in tagged:
                mark, style = COVERED, covered
            elif comp.id in self._suggested.get(story.id, set()):
                mark, style = SUGGESTED, suggested
            else:
                mark, style = EMPTY, empty
            if counts[comp.id] == 0:
                style = style + gap_bg
            cells.append(Text(f"{mark:^{self._cell_width}}", style=style, end=""))
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
            if framework.id != self.services.catalog.framework.id:
                cell += f" (in {framework.name})"
        # What matters most first: on a short screen the description is what is cut.
        detail.update(
            Content.assemble(
                render.literal(comp.name, "bold"),
                ("  ·  ", "$text-muted"),
                (cell, "$text-secondary"),
                "\n",
                ("Covered by: ", "bold"),
                render.literal(titles),
                "\n",
                legend,
                "\n",
                render.literal(comp.description, "$text-muted"),
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

    def action_next_framework(self) -> None:
        """Show the next framework here; the active one (checks, lookup, editor) stays."""
        ids = self.services.bank.frameworks.ids
        shown = self._shown_framework().id
        following = ids[(ids.index(shown) + 1) % len(ids)] if shown in ids else ids[0]
        self._view = None if following == self.services.catalog.framework.id else following
        self.refresh_data()
        framework = self._shown_framework()
        if self._view is None:
            note = f"Showing {framework.name}, the active framework."
        else:
            note = (
                f"Showing {framework.name} here only; the checks, lookup and the editor "
                f"still use {self.services.catalog.framework.name} (ctrl+p → framework "
                "changes that)."
            )
        self.notify(note, markup=False, timeout=4)


def _tint(colour: str, background: str | None) -> str:
    """``colour`` blended 20% over ``background``, as a hex string for Rich."""
    from textual.color import Color

    try:
        base = Color.parse(background or "#000000")
        return base.blend(Color.parse(colour), 0.2).hex
    except Exception:
        return "default"
