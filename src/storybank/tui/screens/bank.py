"""The home screen: every story with its readiness, a preview, and the bank's gaps."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.fuzzy import FuzzySearch
from textual.widgets import DataTable, Footer, Header, Input, Static

from storybank.errors import StorybankError
from storybank.tui import render
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import common_bindings
from storybank.tui.widgets.story_table import StoryRow, StoryTable

if TYPE_CHECKING:
    from storybank.core.models import Story
    from storybank.scheduling.flags import FlaggedStory
    from storybank.tui.catalog import Assessment
    from storybank.tui.services import BankChange, Services

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

LOADING = Content.styled("Opening the bank…", "$text-muted")
"""Where the stories will be, in the first frame (the bank opens right after it)."""

CHECKING = Content.styled("Checking the bank…", "$text-muted")
"""In the bank checks pane until the bank is open."""

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


class BankScreen(StorybankScreen):
    """Stories with readiness badges, a preview of the highlighted one, bank-level checks.

    It is the first screen drawn, before the bank is open. Its first frame
    lists the stories from :meth:`Services.first_look` (the file read without
    the models) when it can vouch for the bank, else "Opening the bank…";
    :meth:`refresh_data` fills the list from the catalog once the app has
    opened the bank.
    """

    CSS_PATH = "bank.tcss"
    AUTO_FOCUS = "#stories"
    """Only the list takes focus by itself (it is built with the first fill)."""
    WIDTH_BREAKPOINTS = ((0, "-tiny"), (76, "-narrow"), (100, "-wide"))
    HEIGHT_BREAKPOINTS = ((0, "-short"), (30, "-tall"))

    BINDINGS: ClassVar[list[BindingType]] = [
        # Focus moves before the next key is forwarded (priority), so a burst
        # typed after / or esc lands in the filter, or leaves it, as meant.
        Binding("slash", "filter", "Filter", key_display="/", priority=True),
        Binding("escape", "clear_filter", "In the filter: clear it", show=False, priority=True),
        Binding("n", "app.new_story", "New"),
        Binding("e", "edit", "Edit"),
        Binding("o", "sort", "Sort"),
        Binding("c", "duplicate", "Duplicate", show=False),
        Binding("x,delete", "delete", "Delete", show=False),
        Binding(
            "exclamation_mark",
            "toggle_flag",
            "Flag as needing work / clear",
            key_display="!",
            show=False,
        ),
        *common_bindings("bank"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.sort: SortKey = "score"
        self._query = ""
        self._empty: bool | None = None
        """Whether the bank was empty when last drawn (``None`` until the bank is open)."""
        self._list: StoryTable | None = None
        """The story list, built with the first fill (the first frame has no use for it)."""
        self._building_list = False
        self._flagged: list[FlaggedStory] = []
        self._drills_state: Literal["idle", "opening", "failed"] = "idle"
        self._first_look = None if services.bank_is_open else services.first_look()
        """The rows of the first frame, until the bank is open (``None``: it waits)."""
        self._select: str | None = None
        """A story just saved elsewhere (a new one, a copy): the list moves onto it."""

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
                if self._first_look:
                    self._list = StoryTable(id="stories")
                    yield self._list
                    yield Static(WELCOME, id="welcome")
                else:
                    # Until the first fill puts the list here (see _build_list).
                    yield Static(LOADING, id="loading")
            with VerticalScroll(id="preview-pane", classes="pane"):
                yield Static(id="preview")
        with VerticalScroll(id="bank-checks-pane", classes="pane"):
            yield Static(CHECKING, id="bank-checks")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stories-pane").border_title = "Stories"
        self.query_one("#preview-pane").border_title = "Preview"
        self.query_one("#bank-checks-pane").border_title = "Bank checks"
        self.query_one("#preview-pane").can_focus = False
        self.query("#welcome").set(display=False)
        self._show_first_look()
        self.refresh_data()

    def _show_first_look(self) -> None:
        """Before the bank opens: list the stories of :meth:`Services.first_look`."""
        rows, table = self._first_look, self._list
        if not rows or table is None or self.services.bank_is_open:
            return
        rows = sorted(rows, key=lambda r: (-r.assessment.score, r.story.title.casefold()))
        # Laid out only after this: the space the list will fill, from the screen's.
        width = self.app.size.width
        pane = width * 3 // 5 if width >= 100 else 52
        table.show(
            rows,
            now=self.services.clock(),
            colours=self.app.theme_variables,
            keep=table.highlighted_id,
            width=table.size.width or pane - 4,
        )
        self.query_one("#stories-pane").border_title = f"Stories ({len(rows)})"

    def on_resize(self) -> None:
        # The title column takes the width that is left: redraw once the new
        # layout is known, and only if the table's width really changed.
        self.call_after_refresh(self._fit_table)

    def _fit_table(self) -> None:
        table = self._list
        if table is not None and table.size.width and table.size.width != table.fitted_width:
            if self.services.bank_is_open:
                self.refresh_data()
            else:
                self._show_first_look()

    # -- data ------------------------------------------------------------------

    def _rows(self) -> list[StoryRow]:
        catalog = self.services.catalog
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
        """Redraw from the catalog (once the bank is open; after a save, a delete, a theme…)."""
        if not self.is_mounted or not self.services.bank_is_open:
            return
        self._first_look = None
        table = self._list
        if table is None:
            if not self._building_list:
                self._building_list = True
                self.call_next(self._build_list)
            return
        catalog = self.services.catalog
        empty = not catalog.stories
        self.set_class(empty, "-empty")
        table.display = not empty
        self.query_one("#filter").display = not empty
        self.query_one("#welcome").display = empty
        # The drills first: the flagged stories are marked in the list.
        self._update_drills()
        rows = self._rows()
        keep = self._select or table.highlighted_id
        self._select = None
        table.show(
            rows,
            now=self.services.clock(),
            colours=self.app.theme_variables,
            keep=keep,
            flagged={item.story_id for item in self._flagged},
            # A new table has no size until the next layout; it fills its pane.
            width=table.size.width or self.query_one("#stories-pane").content_size.width,
        )
        total = len(catalog.stories)
        shown = f"{len(rows)} of {total}" if self._query.strip() else str(total)
        pane = self.query_one("#stories-pane")
        pane.border_title = f"Stories ({shown})"
        pane.border_subtitle = "" if empty else f"o sort: {SORT_NAMES[self.sort]}"
        if bool(self._empty) != empty:
            # The keys that need a story come or go (the footer rebuilds every key: only then).
            self.refresh_bindings()
        self._empty = empty
        self._show_preview()
        self._show_bank_checks()

    def refresh_colours(self) -> None:
        """The list's cells are Rich text coloured from the theme: draw them again."""
        self.refresh_data()

    async def _build_list(self) -> None:
        """Put the list (or, for an empty bank, the welcome) where "Opening the bank…" was."""
        empty = not self.services.catalog.stories
        table = StoryTable(id="stories")
        table.display = not empty
        welcome = Static(WELCOME, id="welcome")
        welcome.display = empty
        pane = self.query_one("#stories-pane")
        await self.query_one("#loading").remove()
        if not pane.is_attached:
            return  # the app is closing
        await pane.mount(table, welcome)
        self._list = table
        # The list has focus even while hidden in an empty bank: its pane is the lit one.
        table.focus()
        self.refresh_data()

    def _show_bank_checks(self) -> None:
        results = self.services.catalog.bank_results()
        pane = self.query_one("#bank-checks-pane")
        framework = self.services.catalog.framework
        pane.border_subtitle = framework.name
        items = [(r.severity, r.message, r.suggestion) for r in results]
        checks = render.findings(
            [(s, m, "") for s, m, _ in items],
            empty="✔ The bank covers every competency of the framework.",
        )
        flagged = [
            Content.assemble(
                ("⚑ ", "$text-warning"),
                render.line(item.title, "bold"),
                (" is flagged as needing work", "$text-muted"),
                render.line(f": {item.note}", "$text-muted") if item.note.strip() else "",
            )
            for item in self._flagged
        ]
        self.query_one("#bank-checks", Static).update(Content("\n").join([*flagged, checks]))
        title = f"Bank checks ({len(results)})" if results else "Bank checks"
        pane.border_title = f"{title} · ⚑ {len(flagged)} flagged" if flagged else title

    def _show_preview(self) -> None:
        if not self.services.bank_is_open:
            return  # the first frame's list: the preview waits for the bank
        story_id = self._list.highlighted_id if self._list is not None else None
        story = self.services.catalog.get(story_id) if story_id else None
        preview = self.query_one("#preview", Static)
        if story is None:
            message = "No story matches the filter." if self._query.strip() else ""
            preview.update(Content.styled(message, "$text-muted"))
            return
        assessment = self.services.catalog.assessment(story)
        preview.update(self._preview_content(story, assessment))
        self.query_one("#preview-pane", VerticalScroll).scroll_home(animate=False)

    def _preview_content(self, story: Story, assessment: Assessment) -> Content:
        # Deferred import: the first frame, drawn before the bank is open, needs none of the core.
        from storybank.core.timewords import format_duration

        framework = self.services.catalog.framework
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
        if any(item.story_id == story.id for item in self._flagged):
            parts.append(("⚑ flagged as needing work (! clears it)\n", "$text-warning"))
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

    # -- drills ----------------------------------------------------------------

    def _update_drills(self) -> None:
        """Put the number of drills due in the header and read the flagged stories."""
        if self._drills_state == "failed":
            return
        if not self.services.drills_are_open:
            if self._drills_state == "idle":
                self._drills_state = "opening"
                # Deferred: importing the scheduler waits until the list is drawn.
                self.call_after_refresh(self._open_drills)
            return
        drills = self.services.drills
        try:
            queue = drills.deck.queue()
            self._flagged = drills.flags.flagged_stories()
        except StorybankError as exc:
            self._drills_failed(exc)
            return
        due = queue.total - queue.count("ahead")
        count = f"{due} drill{'s' * (due != 1)} due (d)" if due else "no drills due"
        self.sub_title = f"{self.app.sub_title} · {count}"

    def _open_drills(self) -> None:
        try:
            self.services.drills  # noqa: B018 - opens the drills service
        except StorybankError as exc:
            self._drills_failed(exc)
            return
        self._drills_state = "idle"
        self.refresh_data()

    def _drills_failed(self, error: StorybankError) -> None:
        self._drills_state = "failed"
        self.notify(str(error), title="Drills unavailable", severity="error", markup=False)

    def _bank_changed(self, change: BankChange) -> None:
        # Back from writing a new story (or a copy), the list is on it.
        if change.kind == "saved" and change.story_id is not None:
            self._select = change.story_id
        super()._bank_changed(change)

    # -- events ----------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#stories")
    def _highlighted(self) -> None:
        self._show_preview()

    @on(DataTable.RowSelected, "#stories")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self._request("open", str(event.row_key.value))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self.refresh_data()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        table = self._list
        if table is None:
            return
        table.focus()
        story_id = table.highlighted_id
        if story_id:
            self._request("open", story_id)

    def on_key(self, event: Key) -> None:
        filter_input = self.query_one("#filter", Input)
        table = self._list
        if self.focused is not filter_input or table is None:
            return
        if event.key in ("down", "up"):
            if event.key == "down":
                table.action_cursor_down()
            else:
                table.action_cursor_up()
            event.stop()

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys that need a story while the bank is empty."""
        in_filter = self.focused is not None and self.focused.id == "filter"
        if action == "filter" and in_filter:
            return False  # in the filter, / is a character
        if action == "clear_filter":
            return in_filter
        needs_story = ("filter", "edit", "sort", "duplicate", "delete", "toggle_flag")
        if action in needs_story:
            return not self._empty  # shown while the bank is still opening
        return True

    def action_filter(self) -> None:
        """Focus the filter box (at once, so the keys typed next land in it)."""
        self.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        """Clear the filter and go back to the list."""
        self.query_one("#filter", Input).value = ""
        if self._list is not None:
            self.set_focus(self._list)

    def action_sort(self) -> None:
        """Cycle the sort: readiness, title, last changed."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refresh_data()

    def _current(self) -> str | None:
        story_id = self._list.highlighted_id if self._list is not None else None
        if story_id is None:
            self.notify("No story is selected.", markup=False)
        return story_id

    def action_edit(self) -> None:
        """Open the highlighted story in the editor."""
        if story_id := self._current():
            self._request("open", story_id)

    def action_duplicate(self) -> None:
        """Copy the highlighted story and open the copy."""
        if story_id := self._current():
            self._request("duplicate", story_id)

    def action_delete(self) -> None:
        """Delete the highlighted story (asks first; a backup is taken)."""
        if story_id := self._current():
            self._request("delete", story_id)

    def _request(self, what: Literal["open", "duplicate", "delete"], story_id: str) -> None:
        """Ask the app to open, copy or delete a story."""
        # Deferred import: the messages are not needed for the first frame.
        from storybank.tui import messages

        request = {
            "open": messages.OpenStoryRequested,
            "duplicate": messages.DuplicateRequested,
            "delete": messages.DeleteRequested,
        }[what]
        self.post_message(request(story_id))

    def action_toggle_flag(self) -> None:
        """Flag the highlighted story as needing work, or clear its flag."""
        story_id = self._current()
        if story_id is None or not self.services.drills_are_open:
            return
        drills = self.services.drills
        story = self.services.catalog.get(story_id)
        title = render.one_line(story.title) if story is not None else story_id
        try:
            if any(item.story_id == story_id for item in self._flagged):
                drills.flags.unflag(story_id)
                message = f"“{title}” is no longer flagged."
            else:
                drills.flags.flag(story_id)
                message = f"Flagged “{title}” as needing work (! clears it)."
        except StorybankError as exc:
            self.notify(str(exc), title="Not changed", severity="error", markup=False)
            return
        self.notify(message, markup=False)
        self.refresh_data()
