"""The home screen: every story with its readiness, a preview, and the bank's gaps."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.fuzzy import FuzzySearch
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from storybank.core.models import Story
from storybank.core.text import format_duration
from storybank.tui import render
from storybank.tui.catalog import Assessment
from storybank.tui.sections import common_bindings
from storybank.tui.widgets.story_table import StoryRow, StoryTable

if TYPE_CHECKING:
    from storybank.tui.app import StorybankApp

SortKey = Literal["score", "title", "updated"]
SORTS: tuple[SortKey, ...] = ("score", "title", "updated")
SORT_NAMES: dict[SortKey, str] = {
    "score": "readiness ↓",
    "title": "title A→Z",
    "updated": "last changed",
}

PREVIEW_FIELDS = (
    ("situation", "Situation"),
    ("complications", "Complications"),
    ("action", "Action"),
    ("result", "Result"),
    ("lessons", "Lessons"),
)

WELCOME = Content.assemble(
    ("Welcome to storybank\n\n", "bold $text-primary"),
    "Your bank is empty. Interview panels want 5 to 7 polished stories, each told "
    "in the SCAR shape: Situation, Complications, Action, Result.\n\n",
    ("  n       ", "bold $accent"),
    "write your first story\n",
    ("  ctrl+p  ", "bold $accent"),
    "every command\n",
    ("  ?       ", "bold $accent"),
    "every key\n\n",
    "Stories in Markdown already? Quit (q) and run ",
    ("storybank import stories.md", "$text-secondary"),
    ", or look around the sample bank first with ",
    ("storybank demo", "$text-secondary"),
    ".",
)


class BankScreen(Screen[None]):
    """Stories with readiness badges, a preview of the highlighted one, bank-level checks."""

    CSS_PATH = "bank.tcss"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("n", "app.new_story", "New"),
        Binding("e", "edit", "Edit"),
        Binding("o", "sort", "Sort"),
        Binding("c", "duplicate", "Duplicate", show=False),
        Binding("x,delete", "delete", "Delete", show=False),
        *common_bindings("bank"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort: SortKey = "score"
        self._query = ""

    @property
    def sb(self) -> StorybankApp:
        """The app, typed."""
        return cast("StorybankApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="bank-body"):
            with Vertical(id="stories-pane", classes="pane"):
                yield Input(
                    placeholder="/ filter by title or tag",
                    id="filter",
                    compact=True,
                    select_on_focus=False,
                )
                yield StoryTable(id="stories")
                yield Static(WELCOME, id="welcome")
            with VerticalScroll(id="preview-pane", classes="pane"):
                yield Static(id="preview")
        with VerticalScroll(id="bank-checks-pane", classes="pane"):
            yield Static(id="bank-checks")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stories-pane").border_title = "Stories"
        self.query_one("#preview-pane").border_title = "Preview"
        self.query_one("#bank-checks-pane").border_title = "Bank checks"
        self.query_one("#preview-pane").can_focus = False
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_data())
        self.refresh_data()
        self.query_one(StoryTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        # The title column takes the width that is left: redraw once the new
        # layout is known, and only if the table's width really changed.
        self.call_after_refresh(self._fit_table)

    def _fit_table(self) -> None:
        table = self.query_one(StoryTable)
        if table.size.width and table.size.width != table.fitted_width:
            self.refresh_data()

    # -- data ------------------------------------------------------------------

    def _rows(self) -> list[StoryRow]:
        catalog = self.sb.catalog
        rows: list[StoryRow] = []
        search = FuzzySearch()
        query = self._query.strip()
        for story in catalog.stories:
            highlights: tuple[int, ...] = ()
            if query:
                title = render.one_line(story.title)
                score, offsets = search.match(query, title)
                in_tags = any(query.lower() in tag.lower() for tag in story.tags)
                if not score and not in_tags and query.lower() not in story.id:
                    continue
                highlights = tuple(offsets) if score else ()
            rows.append(StoryRow(story, catalog.assessment(story), highlights))
        if self.sort == "score":
            rows.sort(key=lambda r: (-r.assessment.score, r.story.title.casefold()))
        elif self.sort == "title":
            rows.sort(key=lambda r: r.story.title.casefold())
        else:
            rows.sort(key=lambda r: r.story.updated, reverse=True)
        return rows

    def refresh_data(self) -> None:
        """Redraw from the catalog (after a save, a delete, a theme or framework change)."""
        if not self.is_mounted:
            return
        table = self.query_one(StoryTable)
        catalog = self.sb.catalog
        empty = not catalog.stories
        self.set_class(empty, "-empty")
        table.display = not empty
        self.query_one("#filter").display = not empty
        self.query_one("#welcome").display = empty
        self.query_one("#preview-pane").display = not empty
        rows = self._rows()
        table.show(
            rows,
            now=self.sb.clock(),
            colours=self.app.theme_variables,
            keep=table.highlighted_id,
        )
        total = len(catalog.stories)
        shown = f"{len(rows)} of {total}" if self._query.strip() else str(total)
        pane = self.query_one("#stories-pane")
        pane.border_title = f"Stories ({shown})"
        pane.border_subtitle = "" if empty else f"o sort: {SORT_NAMES[self.sort]}"
        self.refresh_bindings()
        self._show_preview()
        self._show_bank_checks()

    def _show_bank_checks(self) -> None:
        results = self.sb.catalog.bank_results()
        pane = self.query_one("#bank-checks-pane")
        framework = self.sb.catalog.framework
        pane.border_subtitle = framework.name
        items = [(r.severity, r.message, r.suggestion) for r in results]
        self.query_one("#bank-checks", Static).update(
            render.findings(
                [(s, m, "") for s, m, _ in items],
                empty="✔ The bank covers every competency of the framework.",
            )
        )
        pane.border_title = f"Bank checks ({len(results)})" if results else "Bank checks"

    def _show_preview(self) -> None:
        table = self.query_one(StoryTable)
        story_id = table.highlighted_id
        story = self.sb.catalog.get(story_id) if story_id else None
        preview = self.query_one("#preview", Static)
        if story is None:
            message = "No story matches the filter." if self._query.strip() else ""
            preview.update(Content.styled(message, "$text-muted"))
            return
        assessment = self.sb.catalog.assessment(story)
        preview.update(self._preview_content(story, assessment))
        self.query_one("#preview-pane", VerticalScroll).scroll_home(animate=False)

    def _preview_content(self, story: Story, assessment: Assessment) -> Content:
        framework = self.sb.catalog.framework
        names = [c.name for c in framework.competencies if c.id in story.tags_in(framework.id)]
        stats = assessment.stats
        spoken_style = (
            "$text-error"
            if stats.rambling
            else ("$text-warning" if stats.over_target else "$text-success")
        )
        parts: list[Content | str | tuple[str, str]] = [
            render.literal(story.title, "bold"),
            "\n",
            render.badge(assessment.score, assessment.label),
            ("  ·  ", "$text-muted"),
            (f"{stats.spoken_time} spoken", spoken_style),
            (f" / {format_duration(120)}", "$text-muted"),
            "\n",
        ]
        if names:
            parts.extend([render.literal(", ".join(names), "$text-secondary"), "\n"])
        else:
            parts.append(("no competencies tagged yet\n", "$text-muted"))
        if story.tags:
            parts.extend([("tags: ", "$text-muted"), render.literal(", ".join(story.tags)), "\n"])
        if story.headline.strip():
            parts.extend(["\n", render.literal(f"“{story.headline.strip()}”", "italic"), "\n"])
        worst = [r for r in assessment.worst_first() if r.severity != "hint"][:3]
        if worst:
            parts.extend(
                [
                    "\n",
                    render.heading("To fix"),
                    "\n",
                    render.findings([(r.severity, r.message, "") for r in worst]),
                    "\n",
                ]
            )
        parts.extend(["\n", render.story_body(story, PREVIEW_FIELDS)])
        return Content.assemble(*parts)

    # -- events ----------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#stories")
    def _highlighted(self) -> None:
        self._show_preview()

    @on(DataTable.RowSelected, "#stories")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.sb.open_story(str(event.row_key.value))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self.refresh_data()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        table = self.query_one(StoryTable)
        table.focus()
        story_id = table.highlighted_id
        if story_id:
            self.sb.open_story(story_id)

    def on_key(self, event: Key) -> None:
        filter_input = self.query_one("#filter", Input)
        table = self.query_one(StoryTable)
        if self.focused is not filter_input:
            return
        if event.key == "escape":
            filter_input.value = ""
            table.focus()
            event.stop()
        elif event.key in ("down", "up"):
            if event.key == "down":
                table.action_cursor_down()
            else:
                table.action_cursor_up()
            event.stop()

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys that need a story while the bank is empty."""
        if action in ("filter", "edit", "sort", "duplicate", "delete"):
            return bool(self.sb.catalog.stories)
        return True

    def action_filter(self) -> None:
        """Focus the filter box."""
        self.query_one("#filter", Input).focus()

    def action_sort(self) -> None:
        """Cycle the sort: readiness, title, last changed."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refresh_data()

    def _current(self) -> str | None:
        story_id = self.query_one(StoryTable).highlighted_id
        if story_id is None:
            self.notify("No story is selected.", markup=False)
        return story_id

    def action_edit(self) -> None:
        """Open the highlighted story in the editor."""
        if story_id := self._current():
            self.sb.open_story(story_id)

    def action_duplicate(self) -> None:
        """Copy the highlighted story and open the copy."""
        if story_id := self._current():
            self.sb.duplicate_story(story_id)

    def action_delete(self) -> None:
        """Delete the highlighted story (asks first; a backup is taken)."""
        if story_id := self._current():
            self.sb.delete_story(story_id)
