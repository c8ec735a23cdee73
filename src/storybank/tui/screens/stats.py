"""Stats (``s``): the drill history as charts, and how well each story is held.

Three bar charts (reviews per day over 90 days, cards due over the next 30,
true retention by week against the desired retention), the streak and
today's figures in a line above them, the next interview's outlook, and a
table of every story's stability, difficulty and predicted recall.

The figures are those ``storybank stats`` prints
(:meth:`storybank.scheduling.progress.Progress.stats`). Everything that lives
in the bank file (cards, stories, interviews, flags) is read on the main
thread, because TinyDB is not thread-safe; the rest reads the review log's
running sums. While this process keeps those sums in memory (the app works
them out in a worker as soon as the bank is open, see :func:`prepare`) that
takes milliseconds and the screen shows its figures in its first frame;
otherwise (a sidecar to parse, a log to sum again after an import) it runs in
a thread worker and the figures follow.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from storybank.core.timewords import days_away
from storybank.errors import StorybankError
from storybank.scheduling.mocks import rubric_history
from storybank.scheduling.progress import StatsJob
from storybank.scheduling.stats import DrillStats, StoryStat
from storybank.tui import render
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import common_bindings
from storybank.tui.widgets.charts import BarChart, Tick
from storybank.tui.widgets.mock_chart import MockRubricPane

if TYPE_CHECKING:
    from storybank.tui.services import BankChange, Services

RECALL_BAR = 5
"""Cells of the little recall bar in the story table."""


def percent(value: float | None) -> str:
    """``0.873`` → ``87%``; ``None`` → ``-``."""
    return "-" if value is None else f"{value * 100:.0f}%"


def whole_percent(value: float) -> str:
    """A y-axis label for a 0-1 scale."""
    return f"{value * 100:.0f}%"


# -- the screen -----------------------------------------------------------------------


class StatsScreen(StorybankScreen):
    """Charts of the drill history, the streak, and the per-story table."""

    CSS_PATH = "stats.tcss"
    WIDTH_BREAKPOINTS = ((0, "-narrow"), (100, "-wide"))
    HEIGHT_BREAKPOINTS = ((0, "-short"), (34, "-tall"))

    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload"),
        *common_bindings("stats"),
        # The page scrolls with the keys a focused scroll container takes, but
        # nothing is focused: each change of focus has the footer build its
        # keys again (at least twice more as the screen opens). No description:
        # the help screen says "scroll the page" once.
        *(
            Binding(b.key, f"page('{b.action}')", "", show=False)
            for b in VerticalScroll.BINDINGS
            if isinstance(b, Binding)
        ),
    ]

    @dataclass
    class Computed(Message):
        """The worker finished the figures."""

        stats: DrillStats
        generation: int

    @dataclass
    class Failed(Message):
        """The worker could not read the review log."""

        error: str
        generation: int

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.stats: DrillStats | None = None
        """The figures on screen (``None`` until the first computation ends)."""
        self._generation = 0
        self._fresh = False
        """Figures were just worked out on mounting: the resume that follows needs none."""
        self._ready = False
        """The widgets are mounted (from the start of ``on_mount``, where the first
        figures are drawn, before the first layout)."""
        self._drawn_for: tuple[DrillStats, int, int] | None = None
        """What the charts and the table were drawn for: figures, table and chart widths."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content.styled("Reading the review log…", "$text-muted"), id="stats-summary")
        with VerticalScroll(id="stats-body"):
            with Vertical(id="reviews-pane", classes="pane chart-pane"):
                yield BarChart(id="reviews-chart")
            with Horizontal(id="chart-row"):
                with Vertical(id="forecast-pane", classes="pane chart-pane"):
                    yield BarChart(id="forecast-chart")
                with Vertical(id="retention-pane", classes="pane chart-pane"):
                    yield BarChart(id="retention-chart")
            yield MockRubricPane(id="mock-pane", classes="pane chart-pane")
            with Vertical(id="story-stats-pane", classes="pane"):
                # A table to read, not to navigate: the page scrolls instead.
                table: DataTable[Text] = DataTable(
                    id="story-stats", cursor_type="none", zebra_stripes=False
                )
                table.can_focus = False
                yield table
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        self.query_one("#reviews-pane").border_title = "Reviews per day · last 90 days"
        self.query_one("#forecast-pane").border_title = "Due · next 30 days"
        self.query_one("#retention-pane").border_title = "True retention by week"
        self.query_one("#story-stats-pane").border_title = "Stories"
        self._refresh()
        # The ScreenResume that shows this screen is already queued, and comes
        # before this callback: it need not work the figures out again.
        self._fresh = True
        self.call_later(self._no_longer_fresh)

    def _no_longer_fresh(self) -> None:
        self._fresh = False

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_if_resized)

    def _show_if_resized(self) -> None:
        """Draw again what depends on the sizes the layout gave, if they changed."""
        stats, drawn = self.stats, self._drawn_for
        if stats is None or drawn is None or drawn[0] is not stats:
            self._show()
            return
        widths = self._widths()
        if widths == drawn[1:]:
            return
        if widths[0] != drawn[1]:
            self._show_table(stats)
        self._note_reviews(stats)
        self._drawn_for = (stats, *widths)

    # -- computing ------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Compute the figures again (after drilling, a save, a framework change)."""
        if not self.is_mounted:
            return
        if self._fresh:
            self._fresh = False
            return
        self._refresh()

    def _refresh(self) -> None:
        try:
            job = self.services.drills.progress.stats_job()
            mocks = rubric_history(self.services.drills.interviews.all())
        except StorybankError as exc:
            self._fail(str(exc))
            return
        self.query_one(MockRubricPane).show(mocks)
        self._generation += 1
        if job.at_hand():
            # Milliseconds: shown now, in the frame that is being prepared.
            try:
                stats = job.run()
            except StorybankError as exc:
                self._fail(str(exc))
                return
            self.stats = stats
            self._show()
            return
        self._compute(job, self._generation)

    def _bank_changed(self, change: BankChange) -> None:
        self._fresh = False
        super()._bank_changed(change)

    @work(thread=True, exclusive=True, group="stats")
    def _compute(self, job: StatsJob, generation: int) -> None:
        try:
            stats = job.run()
        except StorybankError as exc:
            self.post_message(self.Failed(str(exc), generation))
            return
        self.post_message(self.Computed(stats, generation))

    def on_stats_screen_computed(self, message: Computed) -> None:
        if message.generation == self._generation:
            self.stats = message.stats
            self._show()

    def on_stats_screen_failed(self, message: Failed) -> None:
        if message.generation == self._generation:
            self._fail(message.error)

    def refresh_colours(self) -> None:
        """The charts and the table are coloured from the theme: draw them again."""
        self._show()

    def _fail(self, error: str) -> None:
        self.query_one("#stats-summary", Static).update(
            Content.assemble(("Cannot read the drills: ", "$text-error"), render.literal(error))
        )

    async def action_page(self, action: str) -> None:
        """Scroll the page (``scroll_up``, ``page_down``…: a scroll container's action)."""
        await self.app.run_action(action, self.query_one("#stats-body"))

    def action_reload(self) -> None:
        """Read the review log again."""
        self.refresh_data()

    # -- showing --------------------------------------------------------------------

    def _widths(self) -> tuple[int, int]:
        """The width the story table has to fill, and the daily chart's.

        Before the first layout, the table's is what the layout gives when the
        page fits the screen: the screen's width less the pane's border and
        padding. (When the page overflows, its scrollbar takes some of that
        width and the table is built again once the layout says so.)
        """
        pane = self.query_one("#story-stats-pane")
        space = pane.content_size.width
        if not space:
            space = self.size.width - pane.styles.gutter.width
            if self.stats is not None and self._overflows(self.stats):
                space -= self.query_one("#stats-body").styles.scrollbar_size_vertical
        return max(1, space), self.query_one("#reviews-chart").size.width

    def _overflows(self, stats: DrillStats) -> bool:
        """Whether the page will be taller than the room it has (an estimate, for
        the first layout: the table is built again if it was wrong)."""
        summary_lines = 2 + (stats.interview is not None) + len(stats.notes)
        body = self.size.height - 2 - summary_lines  # less the header and the footer
        panes = [
            self.query_one(f"#{name}") for name in ("reviews-pane", "forecast-pane", "mock-pane")
        ]
        charts = sum(
            pane.styles.height.cells or 0 for pane in panes if pane.display and pane.styles.height
        )
        return charts + len(stats.stories) + 3 > body

    def _show(self) -> None:
        stats = self.stats
        if stats is None or not self._ready:
            return
        self.query_one("#stats-summary", Static).update(summary(stats))
        self._show_reviews(stats)
        self._show_forecast(stats)
        self._show_retention(stats)
        self._show_table(stats)
        self._drawn_for = (stats, *self._widths())

    def _show_reviews(self, stats: DrillStats) -> None:
        days = stats.reviews_per_day
        chart = self.query_one("#reviews-chart", BarChart)
        chart.plot(
            [d.reviews for d in days],
            month_ticks([d.day for d in days], last="today"),
            highlight=[len(days) - 1],
            empty="No reviews yet: press d to drill",
        )
        self._note_reviews(stats)

    def _note_reviews(self, stats: DrillStats) -> None:
        """The daily chart's note: its peak, and how many days a bar stands for at its size."""
        peak = max((d.reviews for d in stats.reviews_per_day), default=0)
        chart = self.query_one("#reviews-chart", BarChart)
        # Not laid out yet: the step follows once the chart has its size.
        step = chart.points_per_bar if chart.size.width else 1
        notes = [f"most {peak} a day"] if peak else []
        if step > 1:
            notes.append(f"{step} days per bar")
        self.query_one("#reviews-pane").border_subtitle = " · ".join(notes)

    def _show_forecast(self, stats: DrillStats) -> None:
        forecast = stats.forecast
        ticks = [Tick(0, "today")]
        ticks += [Tick(i, f"+{i // 7}w") for i in range(7, len(forecast), 7)]
        self.query_one("#forecast-chart", BarChart).plot(
            [f.due for f in forecast],
            ticks,
            highlight=[0],
            empty="Nothing scheduled yet",
        )
        total = sum(f.due for f in forecast)
        self.query_one("#forecast-pane").border_subtitle = (
            f"{total} in all · today counts overdue" if total else ""
        )

    def _show_retention(self, stats: DrillStats) -> None:
        points = stats.retention
        ticks = (
            [Tick(0, f"{points[0].start:%b %d}"), Tick(len(points) - 1, "now")] if points else []
        )
        self.query_one("#retention-chart", BarChart).plot(
            [p.retention for p in points],
            ticks,
            maximum=1.0,
            target=stats.desired_retention,
            combine="mean",
            y_format=whole_percent,
            empty="Needs reviews on two days",
        )
        self.query_one(
            "#retention-pane"
        ).border_subtitle = f"╌ target {percent(stats.desired_retention)}"

    def _show_table(self, stats: DrillStats) -> None:
        table = self.query_one("#story-stats", DataTable)
        colours = self.app.theme_variables
        styles: dict[str, Style] = {}

        def colour(name: str) -> Style:
            # Once per colour, not once per cell.
            if name not in styles:
                styles[name] = _style(colours, name)
            return styles[name]

        interview = stats.interview
        table.clear(columns=True)
        space = self._widths()[0]
        keys, short = table_columns(space, with_interview=interview is not None)
        headers = SHORT_HEADERS if short else FULL_HEADERS
        columns = ["Story"] + [
            (f"On {interview.day:%b %d}" if not short else f"{interview.day:%b %d}")
            if key == "on_day" and interview is not None
            else headers[key]
            for key in keys
        ]
        rows = [
            story_cells(row, stats, colour=colour, keys=keys, bars=not short)
            for row in stats.stories
        ]
        # The title takes the width the other columns leave (each cell has one
        # cell of padding either side), so the table never scrolls sideways.
        others = sum(
            max([len(name), *(cells[i].cell_len for cells in rows)]) + 2
            for i, name in enumerate(columns[1:])
        )
        title_width = max(12, space - others - 3)
        table.add_column("Story", key="Story")
        for key, name in zip(keys, columns[1:], strict=True):
            table.add_column(name, key=FULL_HEADERS[key] if key != "on_day" else name)
        for row, cells in zip(stats.stories, rows, strict=True):
            table.add_row(
                title_cell(row, title_width, colour("text-warning")),
                *cells,
                key=row.story_id,
            )
        pane = self.query_one("#story-stats-pane")
        pane.border_title = f"Stories ({len(stats.stories)})"
        flagged = sum(1 for r in stats.stories if r.flagged)
        pane.border_subtitle = f"⚑ {flagged} flagged as needing work" if flagged else ""


def prepare(app: App[Any], services: Services) -> None:
    """Get the Stats screen ready while the app is idle, once the bank is open.

    Its stylesheet is parsed now, so that showing the screen neither parses
    every stylesheet of the app again nor restyles every widget on the home
    screen (the stylesheet names only the Stats screen's own widgets). And
    the review log's sums are brought into memory in a thread worker, so that
    the screen works its figures out in milliseconds (see
    :meth:`~storybank.scheduling.progress.StatsJob.at_hand`). The figures it
    shows are always worked out when it is shown, from the bank and the log as
    they are then.
    """
    path = str(Path(__file__).with_name(str(StatsScreen.CSS_PATH)))
    if not app.stylesheet.has_source(path):
        app.stylesheet.read(path)
        app.stylesheet.parse()
    try:
        job = services.drills.progress.stats_job()
    except StorybankError:
        return  # the screen says why when it is shown

    def sums() -> None:
        with contextlib.suppress(StorybankError):
            job.run()

    app.run_worker(sums, thread=True, group="stats-ahead", exclusive=True, exit_on_error=False)


def _style(colours: dict[str, str], name: str) -> Style:
    # DataTable cells are Rich Text, which can neither resolve theme variables
    # nor draw a translucent colour: blend it onto the background here.
    try:
        colour = Color.parse(colours.get(name, ""))
        background = Color.parse(colours.get("background", "black"))
    except ColorParseError:
        return Style()
    return Style(color=(background + colour).rich_color)


def summary(stats: DrillStats) -> Content:
    """The lines above the charts: streak, today, retention, cards, interview, notes."""
    streak = stats.streak
    days = "day" if streak == 1 else "days"
    target = stats.desired_retention
    retention = stats.true_retention
    retention_style = (
        "$text-muted"
        if retention is None
        else ("$text-success" if retention >= target else "$text-warning")
    )
    spent = stats.seconds_today
    spent_text = f"{spent} s" if spent < 60 else f"{round(spent / 60)} min"
    parts: list[Content | str | tuple[str, str]] = [
        ("Streak ", "bold"),
        (f"{streak} {days}", "bold $text-accent"),
        (f" (best {stats.longest_streak})", "$text-muted"),
        ("  ·  ", "$text-muted"),
        ("Today ", "bold"),
        f"{stats.reviews_today} review{'s' * (stats.reviews_today != 1)}",
        (f" in {spent_text}" if stats.reviews_today else "", "$text-muted"),
        ("  ·  ", "$text-muted"),
        ("Retention ", "bold"),
        (percent(retention), f"bold {retention_style}"),
        (f" (target {percent(target)})", "$text-muted"),
        "\n",
        ("Cards ", "bold"),
        ", ".join(f"{n} {state}" for state, n in stats.card_states.items() if n) or "none yet",
        (
            f"  ·  {stats.total_reviews} review{'s' * (stats.total_reviews != 1)} in all",
            "$text-muted",
        ),
    ]
    outlook = stats.interview
    if outlook is not None:
        when = days_away(outlook.days_away)
        parts += [
            "\n",
            ("Next interview ", "bold"),
            render.line(outlook.label, "$text-secondary"),
            f", {when}",
            ("  ·  ", "$text-muted"),
            f"recall then {percent(outlook.mean_recall)} on average",
        ]
        if outlook.below_target:
            parts += [
                ("  ·  ", "$text-muted"),
                (f"{len(outlook.below_target)} below {percent(target)}", "$text-warning"),
                (" (crammed first)", "$text-muted"),
            ]
    for note in stats.notes:
        parts += ["\n", ("▲ ", "$text-warning"), render.literal(note, "$text-muted")]
    return Content.assemble(*parts)


def month_ticks(days: list[date], last: str = "") -> list[Tick]:
    """A tick on the first of each month, plus ``last`` at the end.

    The first day is labelled too when the first month starts well into the
    range, so the left end of the axis is never unnamed.
    """
    ticks = [Tick(i, f"{d:%b %d}") for i, d in enumerate(days) if d.day == 1]
    if days and (not ticks or ticks[0].index > 10):
        ticks.insert(0, Tick(0, f"{days[0]:%b %d}"))
    if last and days:
        ticks.append(Tick(len(days) - 1, last))
    return ticks


def recall_style(value: float, target: float, colour: Callable[[str], Style]) -> Style:
    """The colour of a predicted recall against the target."""
    name = (
        "text-success"
        if value >= target
        else ("text-warning" if value >= target - 0.15 else "text-error")
    )
    return colour(name)


def recall_cell(value: float, target: float, colour: Callable[[str], Style]) -> Text:
    """Predicted recall as a small bar and a percentage, coloured against the target."""
    style = recall_style(value, target, colour)
    filled = round(RECALL_BAR * max(0.0, min(value, 1.0)))
    return Text.assemble(
        ("█" * filled, style),
        ("░" * (RECALL_BAR - filled), colour("foreground-muted")),
        (f" {percent(value):>4}", style),
        end="",
    )


def title_cell(row: StoryStat, width: int, flag_style: Style) -> Text:
    """A title cut to ``width`` cells (user text: literal, one line), flagged ones marked."""
    name = Text(end="", no_wrap=True, overflow="ellipsis")
    if row.flagged:
        name.append("⚑ ", flag_style)
    name.append(render.clip(row.title, width - 2 * row.flagged))
    return name


FULL_HEADERS: dict[str, str] = {
    "state": "State",
    "stability": "Stability",
    "difficulty": "Difficulty",
    "recall": "Recall now",
    "on_day": "On the day",
    "reviews": "Reviews",
    "lapses": "Lapses",
    "due": "Due",
}
"""Column headers of the story table, with room for them (the keys name the columns)."""

SHORT_HEADERS: dict[str, str] = {
    "state": "State",
    "stability": "Stab",
    "difficulty": "Diff",
    "recall": "Recall",
    "on_day": "Day",
    "reviews": "Revs",
    "lapses": "Laps",
    "due": "Due",
}

WIDE_TABLE = 96
"""From this width the story table has full headers and recall bars."""
NARROW_TABLE = 70
"""Below this width it keeps the columns a drill plan needs (recall, reviews, due)."""


def table_columns(width: int, *, with_interview: bool) -> tuple[list[str], bool]:
    """The story table's columns after the title for ``width`` cells, and whether short.

    Wide: every column, full headers, recall as bars. Narrower: short headers
    and plain percentages. Narrowest: state, difficulty and lapses go (the
    Stats command prints them all).
    """
    keys = ["state", "stability", "difficulty", "recall"]
    keys += ["on_day"] if with_interview else []
    keys += ["reviews", "lapses", "due"]
    if width >= WIDE_TABLE:
        return keys, False
    if width >= NARROW_TABLE:
        return keys, True
    return [k for k in keys if k not in ("state", "difficulty", "lapses")], True


def story_cells(
    row: StoryStat,
    stats: DrillStats,
    *,
    colour: Callable[[str], Style],
    keys: Sequence[str] = tuple(FULL_HEADERS),
    bars: bool = True,
) -> list[Text]:
    """One row of the story table after its title, one cell per column in ``keys``."""
    muted = colour("foreground-muted")
    new = row.state == "new"

    def recall(value: float | None) -> Text:
        if new or value is None:
            return Text("new", muted, end="")
        if bars:
            return recall_cell(value, stats.desired_retention, colour)
        return Text(percent(value), recall_style(value, stats.desired_retention, colour), end="")

    cells = {
        "state": lambda: Text(
            row.state, muted if new or row.state == "suspended" else Style(), end=""
        ),
        "stability": lambda: Text(
            "-" if row.stability is None else f"{row.stability:.1f} d", end=""
        ),
        "difficulty": lambda: Text(
            "-" if row.difficulty is None else f"{row.difficulty:.1f}", end=""
        ),
        "recall": lambda: recall(row.recall_now),
        "on_day": lambda: recall(row.recall_on_interview),
        "reviews": lambda: Text(str(row.reviews), end=""),
        "lapses": lambda: Text(
            str(row.lapses), colour("text-warning") if row.lapses else Style(), end=""
        ),
        "due": lambda: Text(row.due_in, muted if row.due_in == "-" else Style(), end=""),
    }
    return [cells[key]() for key in keys if key != "on_day" or stats.interview is not None]
