"""The rubric picker: score an answer 1-4 on each of the panel's six criteria.

Keys ``1``-``4`` score the highlighted criterion and move to the next; ``↑``
``↓`` (or ``k`` ``j``) move; ``enter`` posts :class:`RubricPicker.Done` once
every criterion has a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from storybank.scheduling.models import RUBRIC

SCORE_WORDS = {1: "not at all", 2: "partly", 3: "mostly", 4: "fully"}


class RubricPicker(Widget, can_focus=True):
    """Six criteria, each scored 1-4."""

    DEFAULT_CSS = """
    RubricPicker {
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "score(1)", "1 not at all", show=False),
        Binding("2", "score(2)", "2 partly", show=False),
        Binding("3", "score(3)", "3 mostly", show=False),
        Binding("4", "score(4)", "4 fully", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("enter", "done", "Save the scores"),
    ]

    @dataclass
    class Done(Message):
        """Every criterion is scored and the user pressed enter."""

        scores: dict[str, int]
        """Criterion → score, 1-4."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual convention
        super().__init__(id=id)
        self.scores: dict[str, int] = {}
        self.row = 0

    def reset(self) -> None:
        """Clear every score (a new answer)."""
        self.scores = {}
        self.row = 0
        self.refresh(layout=True)

    @property
    def complete(self) -> bool:
        """Every criterion has a score."""
        return len(self.scores) == len(RUBRIC)

    def action_score(self, score: int) -> None:
        """Score the highlighted criterion and move on."""
        name = RUBRIC[self.row][0]
        self.scores[name] = score
        missing = [i for i, (n, _) in enumerate(RUBRIC) if n not in self.scores]
        later = [i for i in missing if i > self.row]
        if later or missing:
            self.row = (later or missing)[0]
        self.refresh(layout=True)

    def action_move(self, step: int) -> None:
        """Highlight the criterion above or below."""
        self.row = max(0, min(len(RUBRIC) - 1, self.row + step))
        self.refresh()

    def action_done(self) -> None:
        """Post the scores once all six are in."""
        if self.complete:
            self.post_message(self.Done(dict(self.scores)))
        else:
            self.row = next(i for i, (n, _) in enumerate(RUBRIC) if n not in self.scores)
            self.app.bell()
            self.refresh()

    def render(self) -> Content:
        lines = []
        width = max(len(label) for _, label in RUBRIC)
        for index, (name, label) in enumerate(RUBRIC):
            score = self.scores.get(name)
            here = index == self.row and self.has_focus
            dots = Content.assemble(
                *(
                    ("● " if score is not None and n <= score else "○ ", "$accent" if score else "")
                    for n in range(1, 5)
                )
            )
            lines.append(
                Content.assemble(
                    ("▸ " if here else "  ", "bold $accent"),
                    (f"{label:<{width}}  ", "bold" if here else ""),
                    dots,
                    (
                        f" {score} {SCORE_WORDS[score]}" if score else "  press 1-4",
                        "$text-muted" if not score else "",
                    ),
                )
            )
        done = len(self.scores)
        lines.append(
            Content.styled(
                "enter saves the answer" if self.complete else f"{done} of {len(RUBRIC)} scored",
                "$text-muted",
            )
        )
        return Content("\n").join(lines)
