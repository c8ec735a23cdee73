"""The Stats screen and its bar chart: the figures of a fixed history, as charts and a table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from storybank.scheduling.aggregates import forget_kept
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank
from storybank.tui.screens.stats import StatsScreen
from storybank.tui.widgets.charts import BarChart, ChartData, Tick, draw_bars, layout
from tui.drill_history import fixed_drills, with_history
from tui.support import MARKUP_TITLE, NOW, AppFactory, screen_text, static_text

SnapCompare = Callable[..., bool]


async def open_stats(pilot: Pilot[object]) -> StatsScreen:
    """Press s and wait for the worker's figures."""
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StatsScreen)
    return screen


def history_bank(path: Path) -> Path:
    return with_history(path)


# -- the screen ---------------------------------------------------------------------


async def test_stats_shows_the_history_as_charts_and_a_story_table(
    sample_bank: Path, make: AppFactory
) -> None:
    history_bank(sample_bank)
    app = make(sample_bank)
    drills = fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        expected = drills.progress.stats()
        stats = screen.stats
        assert stats is not None
        # The worker's figures are the service's (and so the CLI's).
        assert stats.reviews_per_day == expected.reviews_per_day
        assert stats.forecast == expected.forecast
        assert stats.retention == expected.retention
        assert (stats.streak, stats.total_reviews) == (3, expected.total_reviews)

        reviews = screen.query_one("#reviews-chart", BarChart).data
        assert sum(v or 0 for v in reviews.values) == sum(d.reviews for d in stats.reviews_per_day)
        assert len(reviews.values) == 90
        forecast = screen.query_one("#forecast-chart", BarChart).data
        assert [int(v or 0) for v in forecast.values] == [f.due for f in stats.forecast]
        retention = screen.query_one("#retention-chart", BarChart).data
        assert retention.target == 0.9 and retention.maximum == 1.0

        text = screen_text(app)
        for words in (
            "Reviews per day · last 90 days",
            "Due · next 30 days",
            "True retention by week",
            "Streak 3 days",
            "Next interview Acme, 2025-03-20 (onsite), in 6 days",
            "On Mar 20",
            "Stability",
            "Difficulty",
            "Recall now",
            "⚑ 1 flagged as needing work",
            "today",
        ):
            assert words in text, words
        assert "█" in text  # bars were drawn

        table = screen.query_one("#story-stats", DataTable)
        assert table.row_count == 6
        row = table.get_row("platform-capacity-conflict")
        assert str(row[0]).startswith("⚑ Settling a fight")
        assert row[1].plain == "review"
        assert row[2].plain.endswith(" d") and row[4].plain.endswith("%")


async def test_stats_are_readable_at_80x24(sample_bank: Path, make: AppFactory) -> None:
    history_bank(sample_bank)
    app = make(sample_bank)
    fixed_drills(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(pilot)
        text = screen_text(app)
        assert "Streak 3 days" in text
        assert "Reviews per day" in text and "Due · next 30 days" in text
        assert "2 days per bar" in text  # 90 days do not fit in 80 columns one per column
        for chart in screen.query(BarChart):
            region = chart.region
            assert region.width >= 20 and region.height >= 4
            assert 0 <= region.y and region.bottom <= 23
        # The story table is below the charts: the page scrolls to it.
        await pilot.press("end")
        await pilot.pause()
        assert "Stories (6)" in screen_text(app)


async def test_stats_follow_a_drill(sample_bank: Path, make: AppFactory) -> None:
    history_bank(sample_bank)
    app = make(sample_bank)
    fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        assert screen.stats is not None and screen.stats.reviews_today == 0
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("space", "3")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.stats.reviews_today == 1
        assert "Today 1 review" in static_text(screen.query_one("#stats-summary", Static))


async def test_stats_of_a_new_bank_say_what_to_do(sample_bank: Path, make: AppFactory) -> None:
    app = make(sample_bank)
    fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stats(pilot)
        text = screen_text(app)
        assert "No reviews yet: press d to drill" in text
        assert "Streak 0 days" in text


async def test_story_titles_are_literal_in_the_table(empty_bank: Path, make: AppFactory) -> None:
    from factories import make_story

    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("markup", title=MARKUP_TITLE), touch=False)
    app = make(empty_bank)
    fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(pilot)
        row = screen.query_one("#story-stats", DataTable).get_row("markup")
        assert row[0].plain.startswith("[bold]x[/] [/] [link=https://e]y[/link]")
        assert app.is_running


def test_the_worker_half_reads_only_the_log(
    sample_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history_bank(sample_bank)
    with Bank.open(sample_bank) as bank:
        drills = Drills(bank, clock=FixedClock(NOW, UTC), fuzz=False)
        job = drills.progress.stats_job()

        def no_tinydb(*args: object, **kwargs: object) -> object:
            raise AssertionError("the stats worker touched TinyDB")

        monkeypatch.setattr(bank, "table", no_tinydb)
        monkeypatch.setattr(bank, "stories", no_tinydb)
        stats = job.run()
        monkeypatch.undo()
        assert stats == drills.progress.stats()
        drills.close()


async def test_figures_worked_out_in_the_first_frame_are_the_workers(
    sample_bank: Path, make: AppFactory
) -> None:
    history_bank(sample_bank)
    app = make(sample_bank)
    drills = fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        # Made ready once the bank opened: the stylesheet is read, the sums at hand.
        job = drills.progress.stats_job()
        assert job.at_hand()
        for css in StatsScreen(app.services).css_path:
            assert app.stylesheet.has_source(str(css))
        forget_kept()  # as if the app had just started: the worker reads the sidecar
        assert not job.at_hand()
        slow = (await open_stats(pilot)).stats
        await pilot.press("b")
        await pilot.pause()
        assert drills.progress.stats_job().at_hand()
        await pilot.press("s")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.stats is not slow
        assert screen.stats == slow == drills.progress.stats()


def test_stats_snapshot(sample_bank: Path, make: AppFactory, snap_compare: SnapCompare) -> None:
    history_bank(sample_bank)
    app = make(sample_bank)
    fixed_drills(app)

    async def settle(pilot: Pilot[object]) -> None:
        await open_stats(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


# -- the bar chart ------------------------------------------------------------------


def plain(data: ChartData, width: int, height: int) -> list[str]:
    return [line.plain.rstrip() for line in draw_bars(data, width, height)]


def test_layout_merges_points_only_when_they_do_not_fit() -> None:
    assert layout(90, 116) == layout(90, 116)  # deterministic
    wide = layout(90, 116)
    assert (wide.step, wide.bars, wide.column, wide.bar) == (1, 90, 1, 1)
    narrow = layout(90, 72)
    assert (narrow.step, narrow.bars) == (2, 45)
    roomy = layout(13, 60)
    assert (roomy.step, roomy.column, roomy.bar) == (1, 4, 3)
    # Bars are aligned on the last point, so today is always its own bar's end.
    assert narrow.bar_of(89, 90) == 44 and narrow.bar_of(88, 90) == 44 and narrow.bar_of(0, 90) == 0


def test_bars_scale_to_eighths_with_an_axis_and_ticks() -> None:
    data = ChartData([0, 1, 2, 4], [Tick(0, "Mon"), Tick(3, "Thu")])
    lines = plain(data, 20, 6)
    # Four points in 16 columns: a bar of 3 cells and a gap each; 1 of 4 is one full row.
    assert lines == [
        "4 ┤            ███",
        "  │            ███",
        "2 ┤        ███ ███",
        "  │    ███ ███ ███",
        "0 └┬───────────┬───",
        "   Mon         Thu",
    ]


def test_missing_points_are_dots_and_a_target_line_is_dashed() -> None:
    data = ChartData(
        [None, 0.5, 1.0],
        maximum=1.0,
        target=0.9,
        y_format=lambda v: f"{v * 100:.0f}%",
    )
    assert plain(data, 20, 6) == [
        "100% ┤╌╌╌╌╌╌╌╌███╌",
        "     │        ███",
        " 50% ┤    ███ ███",
        "     │··· ███ ███",
        "  0% └────────────",
        "",
    ]


def test_empty_data_shows_the_message_and_labels_never_overlap() -> None:
    data = ChartData([0] * 30, [Tick(0, "today"), Tick(1, "tomorrow")], empty="nothing yet")
    lines = plain(data, 40, 7)
    assert any("nothing yet" in line for line in lines)
    assert lines[-1].strip() == "today"  # "tomorrow" would touch it, so it is dropped


def test_a_chart_too_small_to_draw_is_blank() -> None:
    assert plain(ChartData([1, 2]), 5, 2) == ["", ""]
