"""The mock-interview rubric over time: one bar per mock, its mean score on the 1-4 rubric.

Shown on the Stats screen once there is a mock with scored answers; hidden
before, so a bank that never ran a mock sees the Stats screen as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import Vertical

from storybank.scheduling.mocks import RubricPoint
from storybank.scheduling.models import RUBRIC
from storybank.tui.widgets.charts import BarChart, Tick

GOOD = 3.0
"""The dashed line: answers that mostly meet every criterion."""


def one_decimal(value: float) -> str:
    """A y-axis label on the rubric's scale."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


class MockRubricPane(Vertical):
    """A bordered pane with the chart; :meth:`show` fills (or hides) it.

    The chart itself is made with the first mock to show: until then the
    Stats screen holds no chart it does not draw.
    """

    def on_mount(self) -> None:
        self.border_title = "Mock interviews · rubric, 1-4"
        self.display = False

    def show(self, points: Sequence[RubricPoint]) -> None:
        """Chart these mocks, oldest first; hide the pane when there are none."""
        self.display = bool(points)
        if not points:
            return
        charts = self.query(BarChart)
        chart = charts.first() if charts else BarChart(id="mock-chart")
        if not chart.is_attached:
            self.mount(chart)
        ticks = [Tick(0, f"{points[0].day:%b %d}")]
        if len(points) > 1:
            ticks.append(Tick(len(points) - 1, "latest"))
        chart.plot(
            [p.mean for p in points],
            ticks,
            highlight=[len(points) - 1],
            maximum=4.0,
            target=GOOD,
            combine="mean",
            y_format=one_decimal,
        )
        latest = points[-1]
        labels = dict(RUBRIC)
        weakest = min(latest.criteria, key=lambda name: latest.criteria[name])
        self.border_subtitle = (
            f"{len(points)} mock{'s' * (len(points) != 1)} · latest {latest.mean:.1f}, "
            f"weakest: {labels[weakest]} · ╌ {GOOD:.0f}"
        )
