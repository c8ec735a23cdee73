"""The findings of the checks about one field, under that field."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static

from storybank.checks import CheckResult
from storybank.tui import render


class CheckList(Static):
    """Shows check findings (glyph, message, suggestion); hidden when there are none."""

    DEFAULT_CSS = """
    CheckList {
        height: auto;
        padding: 0 0 0 1;
    }
    CheckList.-empty {
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual convention
        super().__init__(id=id, classes=classes)
        self.results: tuple[CheckResult, ...] = ()
        self.add_class("-empty")

    def show(self, results: Sequence[CheckResult], *, suggestions: bool = True) -> None:
        """Replace the findings shown (no redraw when nothing changed)."""
        results = tuple(results)
        if results == self.results:
            return
        self.results = results
        self.set_class(not results, "-empty")
        self.update(
            render.findings(
                [(r.severity, r.message, r.suggestion if suggestions else "") for r in results]
            )
        )
