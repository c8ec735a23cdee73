"""A vertical bar chart drawn with block characters, with axes, ticks and a target line.

Why not textual-plotext: at 80x24 its bars run into each other, days with no
reviews still draw a bar, and the y axis gets ticks like ``1.3``; it also adds
~15 ms of imports. Days are discrete and counts are whole, so this draws what
the stats need directly:
one column per day (or per few days when the chart is narrower than the
data), bar heights in eighths of a cell (``▁▂▃▄▅▆▇█``), a y axis labelled at
the top, the middle and zero, date ticks under the x axis, an optional
dashed target line (the desired retention), and highlighted bars (today).

:func:`draw_bars` is a pure function of the data and the size, so it is
tested without an app; :class:`BarChart` redraws it at its own size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from textual.content import Content
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
MAX_COLUMN = 5
"""A bar and its gap never take more than this many cells, however wide the chart."""

Combine = Literal["sum", "mean"]


def plain(value: float) -> str:
    """A y-axis label: ``12``, ``2.5``."""
    return f"{value:g}"


@dataclass(frozen=True)
class Tick:
    """A label under the x axis at one data point."""

    index: int
    """Index into the values."""
    label: str
    """A short label, e.g. ``Mar 01`` or ``today``."""


@dataclass(frozen=True)
class ChartData:
    """What a bar chart shows.

    Attributes:
        values: One value per data point (``None``: no data, drawn as a dot).
        ticks: Labels under the x axis.
        highlight: Indices of data points drawn in the highlight colour.
        maximum: The top of the y axis (the largest value, rounded up, if ``None``).
        target: A value to mark with a dashed line; bars below it take the warning colour.
        combine: How points are merged when the chart is narrower than the data.
        y_format: Formats a y-axis label.
        empty: Shown in the middle when there is nothing to draw.
    """

    values: Sequence[float | None] = ()
    ticks: Sequence[Tick] = ()
    highlight: frozenset[int] = frozenset()
    maximum: float | None = None
    target: float | None = None
    combine: Combine = "sum"
    y_format: Callable[[float], str] = field(default=plain)
    empty: str = ""


@dataclass(frozen=True)
class Layout:
    """How data points map to columns.

    Attributes:
        step: Data points per bar.
        bars: How many bars.
        column: Cells per bar, gap included.
        bar: Cells of the bar itself.
    """

    step: int
    bars: int
    column: int
    bar: int

    def bar_of(self, index: int, count: int) -> int:
        """The bar a data point falls in (bars are aligned on the last point)."""
        return self.bars - 1 - (count - 1 - index) // self.step


def layout(count: int, width: int) -> Layout:
    """Fit ``count`` data points into ``width`` cells: merge points only when they do not fit."""
    if count <= 0 or width <= 0:
        return Layout(1, 0, 1, 1)
    step = max(1, math.ceil(count / width))
    bars = math.ceil(count / step)
    column = max(1, min(width // bars, MAX_COLUMN))
    return Layout(step, bars, column, column - 1 if column >= 2 else 1)


def _merge(values: Sequence[float | None], grid: Layout, combine: Combine) -> list[float | None]:
    groups: list[list[float]] = [[] for _ in range(grid.bars)]
    seen = [False] * grid.bars
    for index, value in enumerate(values):
        bar = grid.bar_of(index, len(values))
        seen[bar] = True
        if value is not None:
            groups[bar].append(value)
    merged: list[float | None] = []
    for bar, group in enumerate(groups):
        if not group:
            merged.append(None if seen[bar] else 0.0)
        elif combine == "mean":
            merged.append(sum(group) / len(group))
        else:
            merged.append(sum(group))
    return merged


def _top(values: Sequence[float | None], maximum: float | None) -> float:
    if maximum is not None:
        return maximum
    largest = max((v for v in values if v is not None), default=0.0)
    # Counts: round up to an even whole number, so the middle label is whole too.
    return float(max(2, math.ceil(largest / 2) * 2))


class _Row:
    """One line of the chart, built from runs of styled text."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, str]] = []

    def add(self, text: str, style: str = "") -> None:
        if self.parts and self.parts[-1][1] == style:
            self.parts[-1] = (self.parts[-1][0] + text, style)
        else:
            self.parts.append((text, style))

    def content(self) -> Content:
        return Content.assemble(*self.parts)


@dataclass(frozen=True)
class Frame:
    """Where things go in a chart of a given size (see :func:`frame`)."""

    plot_rows: int
    top: float
    labels: dict[int, str]
    target_row: int | None
    gutter: int
    grid: Layout


def frame(data: ChartData, width: int, height: int) -> Frame:
    """The y scale, axis labels and bar layout of ``data`` in ``width`` by ``height`` cells."""
    plot_rows = max(0, height - 2)
    top = _top(data.values, data.maximum)
    labels: dict[int, str] = {0: data.y_format(top)}
    if plot_rows >= 4 and plot_rows % 2 == 0:
        labels[plot_rows // 2] = data.y_format(top / 2)
    # The dashed target line runs through the row the target value falls in.
    target_row: int | None = None
    if data.target is not None and 0 < data.target <= top and plot_rows:
        target_row = max(0, plot_rows - 1 - math.floor(data.target / top * plot_rows - 1e-9))
    gutter = max(len(text) for text in [*labels.values(), data.y_format(0)]) + 1
    grid = layout(len(data.values), width - gutter - 1)
    return Frame(plot_rows, top, labels, target_row, gutter, grid)


def draw_bars(
    data: ChartData,
    width: int,
    height: int,
    *,
    bar_style: str = "$primary",
    highlight_style: str = "$accent",
    target_style: str = "$text-muted",
    below_style: str = "$warning",
    axis_style: str = "$text-muted",
) -> list[Content]:
    """The chart as ``height`` lines of at most ``width`` cells.

    The last two lines are the x axis and its tick labels; the lines above
    are the plot, each bar's height in eighths of a line. The dashed target
    line is as exact as a line of cells allows, so bars below the target are
    also drawn in ``below_style``.
    """
    if height - 2 < 1 or width < 8:
        return [Content("")] * max(height, 0)
    values = list(data.values)
    shape = frame(data, width, height)
    plot_rows, top, labels = shape.plot_rows, shape.top, shape.labels
    target_row, gutter, grid = shape.target_row, shape.gutter, shape.grid
    zero = data.y_format(0)
    bars = _merge(values, grid, data.combine)
    marked = {grid.bar_of(i, len(values)) for i in data.highlight if 0 <= i < len(values)}
    eighths = [
        0 if v is None or v <= 0 else max(1, min(plot_rows * 8, round(v / top * plot_rows * 8)))
        for v in bars
    ]
    plot_width = grid.bars * grid.column
    nothing = all(v is None or v <= 0 for v in values)

    lines: list[Content] = []
    for row in range(plot_rows):
        line = _Row()
        label = labels.get(row)
        edge = f"{label:>{gutter - 1}} ┤" if label is not None else " " * gutter + "│"
        line.add(edge, axis_style)
        floor = (plot_rows - 1 - row) * 8
        for bar, height_8 in enumerate(eighths):
            level = max(0, min(8, height_8 - floor))
            if bar in marked:
                style = highlight_style
            elif data.target is not None and (bars[bar] or 0.0) < data.target:
                style = below_style
            else:
                style = bar_style
            if level:
                line.add(BLOCKS[level] * grid.bar, style)
            elif row == target_row:
                line.add("╌" * grid.bar, target_style)
            elif bars[bar] is None and row == plot_rows - 1:
                line.add("·" * grid.bar, axis_style)
            else:
                line.add(" " * grid.bar)
            if grid.column > grid.bar:
                gap = "╌" if row == target_row else " "
                line.add(gap * (grid.column - grid.bar), target_style if gap != " " else "")
        lines.append(line.content())
    if nothing and data.empty and plot_width:
        middle = (plot_rows - 1) // 2
        message = data.empty[: max(0, width - gutter - 2)]
        pad = max(0, (max(plot_width, len(message)) - len(message)) // 2)
        lines[middle] = Content.assemble(
            (" " * gutter + "│", axis_style), " " * pad, (message, "$text-muted")
        )

    # Tick labels, left-aligned on their bar; a label that would touch the
    # previous one is dropped, one that would run off the end is pulled back.
    wanted: dict[int, str] = {}
    for tick in data.ticks:
        if 0 <= tick.index < len(values):
            wanted.setdefault(grid.bar_of(tick.index, len(values)) * grid.column, tick.label)
    text = [" "] * (gutter + 1 + plot_width)
    placed: list[int] = []
    end = 0
    for column, label in sorted(wanted.items()):
        start = min(gutter + 1 + column, max(0, width - len(label)))
        if end and start < end + 1:
            continue
        if start + len(label) > len(text):
            text.extend(" " * (start + len(label) - len(text)))
        text[start : start + len(label)] = label
        end = start + len(label)
        placed.append(column)

    # The x axis, with a tick mark under each labelled bar.
    axis = [*("─" * plot_width)]
    for column in placed:
        if column < len(axis):
            axis[column] = "┬"
    lines.append(Content.styled(f"{zero:>{gutter - 1}} └" + "".join(axis), axis_style))
    lines.append(Content.styled("".join(text).rstrip()[:width], axis_style))
    return lines


class BarChart(Widget):
    """A bar chart that fills its box; give it data with :meth:`plot`."""

    DEFAULT_CSS = """
    BarChart {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(
        self,
        *,
        id: str | None = None,  # noqa: A002 - Textual convention
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.data = ChartData()

    def plot(
        self,
        values: Sequence[float | None],
        ticks: Iterable[Tick] = (),
        *,
        highlight: Iterable[int] = (),
        maximum: float | None = None,
        target: float | None = None,
        combine: Combine = "sum",
        y_format: Callable[[float], str] | None = None,
        empty: str = "",
    ) -> None:
        """Show these values (and redraw)."""
        self.data = ChartData(
            values=list(values),
            ticks=list(ticks),
            highlight=frozenset(highlight),
            maximum=maximum,
            target=target,
            combine=combine,
            y_format=y_format or plain,
            empty=empty,
        )
        self.refresh()

    @property
    def points_per_bar(self) -> int:
        """How many data points each bar stands for at the current size."""
        size = self.content_size
        return frame(self.data, size.width, size.height).grid.step

    def render(self) -> Content:
        size = self.content_size
        return Content("\n").join(draw_bars(self.data, size.width, size.height))
