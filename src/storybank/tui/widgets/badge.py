"""A story's readiness at a glance: ``● 86 Ready``, coloured by band."""

from __future__ import annotations

from textual.widgets import Static

from storybank.tui import render


class ReadinessBadge(Static):
    """The readiness score and its label (``ready`` / ``almost`` / ``draft``)."""

    DEFAULT_CSS = """
    ReadinessBadge {
        width: auto;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual convention
        super().__init__(id=id)
        self.score = -1
        self.label = ""

    def show(self, score: int, label: str) -> None:
        """Display a score; no redraw when it has not changed."""
        if (score, label) == (self.score, self.label):
            return
        self.score, self.label = score, label
        self.update(render.badge(score, label))
