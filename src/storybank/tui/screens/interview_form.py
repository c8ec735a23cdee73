"""A dialog to record or edit a round: company, date, round and outcome.

Dates are checked where they are typed: a date that is not ``YYYY-MM-DD`` or
more than two years away is an error; a date in the past asks for a second
press of Save ("record a past round?"), so a typo in the year is caught; a
final outcome (advanced, offer, rejected) for a round still ahead is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from storybank.tui import render

if TYPE_CHECKING:
    from storybank.scheduling.models import Interview, Outcome

OUTCOMES = ("pending", "advanced", "offer", "rejected")
FAR_DAYS = 730
"""A round more than two years away is a typo in the year."""


@dataclass(frozen=True)
class RoundDetails:
    """What the dialog returns."""

    company: str
    """The company's name."""
    day: date
    """The round's date."""
    round_name: str
    """e.g. ``onsite`` (may be empty)."""
    outcome: Outcome
    """Where it left you."""


def check_date(text: str, today: date) -> tuple[date | None, str]:
    """The date typed, or ``None`` with the reason it cannot be used."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None, "Write the date as YYYY-MM-DD, e.g. 2025-03-14."
    if abs((day - today).days) > FAR_DAYS:
        return None, f"{day.isoformat()} is more than two years from today: check the year."
    return day, ""


class InterviewForm(ModalScreen["RoundDetails | None"]):
    """Record a new round, or edit one (``interview`` given).

    Args:
        interview: The round to edit; ``None`` for a new one.
        today: Today's local date (for the date checks).
    """

    CSS_PATH = "interview_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, interview: Interview | None = None, *, today: date) -> None:
        super().__init__()
        self.interview = interview
        self.today = today
        self._past_confirmed: date | None = None

    def compose(self) -> ComposeResult:
        interview = self.interview
        with Vertical(id="form"):
            yield Static(
                Content.styled("Edit the round" if interview else "Record a round", "bold"),
                id="form-title",
            )
            yield Label("Company")
            yield Input(interview.company if interview else "", id="company", compact=True)
            yield Label("Date (YYYY-MM-DD)")
            yield Input(
                interview.date.isoformat() if interview else self.today.isoformat(),
                id="date",
                compact=True,
            )
            yield Label("Round (phone screen, onsite, bar raiser…)")
            yield Input(interview.round if interview else "", id="round", compact=True)
            yield Label("Outcome")
            yield Select(
                [(name, name) for name in OUTCOMES],
                value=interview.outcome if interview else "pending",
                allow_blank=False,
                id="outcome",
                compact=True,
            )
            yield Static(id="form-problem")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#company").focus()

    def _problem(self, text: str, style: str = "$text-error") -> None:
        self.query_one("#form-problem", Static).update(render.literal(text, style))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Check the fields; close with them when they are fine."""
        company = self.query_one("#company", Input).value.strip()
        if not company or "\n" in company:
            self._problem("A round needs the company's name.")
            self.query_one("#company").focus()
            return
        day, problem = check_date(self.query_one("#date", Input).value, self.today)
        if day is None:
            self._problem(problem)
            self.query_one("#date").focus()
            return
        outcome = cast("Outcome", self.query_one("#outcome", Select).value)
        if day > self.today and outcome != "pending":
            self._problem(
                f"The round on {day.isoformat()} has not happened yet: leave the outcome pending."
            )
            return
        unchanged = self.interview is not None and self.interview.date == day
        if day < self.today and not unchanged and self._past_confirmed != day:
            self._past_confirmed = day
            days = (self.today - day).days
            self._problem(
                f"{day.isoformat()} was {days} day{'s' * (days != 1)} ago. Save again to record "
                "a past round (you can debrief it right away).",
                "$text-warning",
            )
            return
        round_name = " ".join(self.query_one("#round", Input).value.split())
        self.dismiss(RoundDetails(company, day, round_name, outcome))
