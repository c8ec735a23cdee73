"""Interviews (``i``): your rounds, their debriefs and outcomes, weak spots, mock interviews.

The list shows every round, past and upcoming, real and practice (mock
interviews), with its company, round, date, outcome and the stories told.
Beside it, the highlighted round's debrief, or (``w``) the weak spots of all
rounds with their plan: enter on a plan item acts on it (opens the story to
rework, starts a new story, or starts a mock interview). ``a`` adds a round, ``e``
edits one, ``x`` deletes one, enter debriefs it, ``p`` starts a mock interview.

Rounds are read and written through ``services.drills`` on the main thread
(TinyDB is not thread-safe); reading every round is a few milliseconds even
with fifty of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from storybank.errors import StorybankError
from storybank.tui import render
from storybank.tui.messages import OpenStoryRequested, RoundsChanged
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import common_bindings
from storybank.tui.widgets.hanging import HangingRows, stacked

if TYPE_CHECKING:
    from storybank.scheduling.models import AskedQuestion, Interview
    from storybank.scheduling.weak_spots import PlanItem, WeakSpots
    from storybank.tui.screens.interview_form import RoundDetails
    from storybank.tui.services import Services

OUTCOME_STYLES = {
    "pending": "$text-muted",
    "advanced": "$text-accent",
    "offer": "$text-success",
    "rejected": "$text-error",
}
WENT_MARKS = {
    "strong": ("✔", "$text-success"),
    "ok": ("•", "$text-accent"),
    "shaky": ("▲", "$text-warning"),
    "blank": ("✖", "$text-error"),
}

EMPTY = Content.assemble(
    ("No interviews yet.\n\n", "bold $text-primary"),
    ("  a  ", "bold $accent"),
    "record a round (upcoming ones turn on cram mode)\n",
    ("  p  ", "bold $accent"),
    "practise now: a mock interview on your weak spots\n\n",
    "After each round, debrief it while you remember: the questions, how each answer "
    "went, the follow-ups you could not answer. storybank turns that into cards, "
    "follow-ups to prepare and a plan.",
)


ROUND_COLUMNS = ("Date", "Company", "Round", "Outcome", "Told")
DATE_WIDTH = 12
"""``→ 2026-11-30``: the arrow marks an upcoming round."""
OUTCOME_WIDTH = 8
"""The longest outcome (``advanced``, ``rejected``)."""


def round_columns(width: int, rounds: Sequence[Interview]) -> dict[str, int]:
    """The width of each column of the rounds list, to fit ``width`` cells with no sideways scroll.

    Date and outcome keep their size. Company, round and the stories told take
    what their longest entry needs when it fits; when it does not, each gets an
    even share and what is left goes to them in that order: the told stories,
    which the debrief beside the list shows in full, are the first cut short.
    """
    padding = 2 * len(ROUND_COLUMNS)  # a cell's padding on each side
    rest = max(width - padding - DATE_WIDTH - OUTCOME_WIDTH, 3 * 6)
    natural = {
        "Company": max([len("Company"), *(len(i.company) for i in rounds)]),
        "Round": max([len("Round"), *(len(i.round or "-") for i in rounds)]),
        "Told": max([len("Told"), *(len(", ".join(i.told) or "-") for i in rounds)]),
    }
    share = rest // 3
    widths = {name: min(need, share) for name, need in natural.items()}
    spare = rest - sum(widths.values())
    for name in ("Company", "Round", "Told"):
        grow = min(spare, natural[name] - widths[name])
        widths[name] += grow
        spare -= grow
    widths["Told"] += spare  # the last column runs to the edge
    return {"Date": DATE_WIDTH, **widths, "Outcome": OUTCOME_WIDTH}


class RoundsTable(DataTable[Text]):
    """The rounds list; it says when its width changed, so its columns can be fitted again."""

    class Resized(Message):
        """The list's width is not the one its columns were fitted to."""

    fitted_width = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.fitted_width:
            self.post_message(self.Resized())


def outcome_text(outcome: str) -> Content:
    """An outcome word in its colour."""
    return Content.styled(outcome, OUTCOME_STYLES.get(outcome, ""))


QUESTION_INDENT = 9
"""Cells before a question's text (its mark and judgement): what it says wraps under itself."""


def question_rows(asked: AskedQuestion) -> list[tuple[Content, Content]]:
    """One question of a debrief, as hanging rows: the question, the story, follow-ups, the note."""
    mark, style = WENT_MARKS.get(asked.went or "", ("·", "$text-muted"))
    indent = Content(" " * QUESTION_INDENT)
    lead = Content.styled(f"{mark} {asked.went or '—':<6} ", f"bold {style}")
    rows = [(lead, render.literal(" ".join(asked.text.split())))]
    told: list[Content | str | tuple[str, str]] = (
        [("told ", "$text-muted"), (asked.story, "$text-secondary")]
        if asked.story
        else [("no story told", "$text-muted")]
    )
    if asked.gap:
        told += [("  ·  ", "$text-muted"), ("gap: no story answers it", "$text-warning")]
    rows.append((indent, Content.assemble(*told)))
    for item in asked.follow_ups:
        tick = ("✔ ", "$text-success") if item.answered else ("✖ ", "$text-error")
        rows.append((indent + Content.styled(*tick), render.literal(item.text, "$text-muted")))
    if asked.note.strip():
        rows.append((indent, render.literal(asked.note.strip(), "italic $text-muted")))
    return rows


def round_detail(interview: Interview, today: date) -> HangingRows:
    """The highlighted round: when, the outcome, feedback, signals, the questions."""
    days = (interview.date - today).days
    when = (
        "today"
        if days == 0
        else (f"in {days} days" if days > 0 else f"{-days} day{'s' * (days != -1)} ago")
    )
    kind = "mock interview" if interview.is_practice else "interview"
    parts: list[Content | str | tuple[str, str]] = [
        render.line(interview.label, "bold"),
        (f"\n{kind}, {when}  ·  outcome ", "$text-muted"),
        outcome_text(interview.outcome),
    ]
    if interview.told:
        parts += [("\ntold ", "$text-muted"), ", ".join(interview.told)]
    blocks: list[Content | HangingRows] = [Content.assemble(*parts)]
    if interview.feedback.strip():
        blocks.append(
            Content.assemble(
                render.heading("Feedback, word for word"),
                "\n",
                render.literal(interview.feedback.strip()),
            )
        )
    for name, title in (
        ("confident", "Confident"),
        ("struggled", "Struggled"),
        ("disengaged", "Disengaged"),
    ):
        value: str = getattr(interview, name)
        if value.strip():
            blocks.append(
                Content.assemble(render.heading(title), "\n", render.literal(value.strip()))
            )
    if interview.questions:
        heading = (Content(""), render.heading(f"Questions ({len(interview.questions)})"))
        rows = [heading]
        for asked in interview.questions:
            rows += question_rows(asked)
        blocks.append(HangingRows(rows))
    elif days > 0:
        blocks.append(
            Content.assemble(
                ("Not yet held. ", "bold"),
                "Within two weeks of it the drill crams the stories you might forget; "
                "after it, enter debriefs it.",
            )
        )
    else:
        blocks.append(Content.assemble(("Not debriefed yet: ", "bold"), "enter opens the debrief."))
    return stacked(blocks)


def spots_summary(spots: WeakSpots) -> Content:
    """Weak spots in a few lines: competencies, themes, outcomes, the rubric."""
    if not spots.rounds and not spots.practice:
        return Content.styled(
            "No debriefs yet. Debrief a round (enter) or practise (p): the weak spots "
            "and a plan appear here.",
            "$text-muted",
        )
    parts: list[Content | str | tuple[str, str]] = [render.heading("Competencies")]
    shown = spots.competencies[:5]
    width = max((len(spot.name) for spot in shown), default=0)
    for spot in shown:
        counts = " ".join(
            f"{n} {name}"
            for name, n in (
                ("strong", spot.strong),
                ("ok", spot.ok),
                ("shaky", spot.shaky),
                ("blank", spot.blank),
            )
            if n
        )
        style = "$text-warning" if spot.is_weak else ""
        parts += [
            "\n  ",
            (spot.name.ljust(width), f"bold {style}".strip()),
            (f"  asked {spot.asked}", "$text-muted"),
            f"  {counts}" if counts else "",
        ]
        if spot.gaps:
            parts.append(("  no story", "$text-warning"))
    if spots.themes:
        themes = ", ".join(f"{t.theme} ({t.asked})" for t in spots.themes[:4])
        parts += ["\n", render.heading("Themes"), " ", render.literal(themes)]
    if spots.companies:
        parts += ["\n", render.heading("Outcomes"), " "]
        for index, company in enumerate(spots.companies[:4]):
            if index:
                parts.append(("  ·  ", "$text-muted"))
            parts += [render.line(company.company), " ", outcome_text(company.outcome)]
    return Content.assemble(*parts)


def plan_option(number: int, item: PlanItem) -> HangingRows:
    """One plan item: what, why, and the key that acts on it (the why wraps under the what)."""
    lead = Content.styled(f"{number}. ", "$text-muted")
    what = Content.assemble(
        render.line(item.title, "bold"), (f"  [enter: {_act_word(item)}]", "$text-muted")
    )
    why = render.literal(item.why, "$text-muted")
    return HangingRows([(lead, what), (Content(" " * lead.cell_length), why)])


def _act_word(item: PlanItem) -> str:
    return {"rework": "open it", "write": "new story", "drill": "mock interview"}[item.kind]


class InterviewsScreen(StorybankScreen):
    """Rounds, their debriefs, weak spots with a plan, and mock interviews."""

    CSS_PATH = "interviews.tcss"
    WIDTH_BREAKPOINTS = ((0, "-narrow"), (110, "-wide"))
    AUTO_FOCUS = "#rounds"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "debrief", "Debrief", priority=False),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("x,delete", "delete", "Delete", show=False),
        Binding("w", "toggle_spots", "Weak spots"),
        Binding("p", "mock", "Mock interview"),
        *common_bindings("interviews"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._rounds: list[Interview] = []
        self._spots: WeakSpots | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="interviews-body"):
            with Vertical(id="rounds-pane", classes="pane"):
                yield RoundsTable(id="rounds", cursor_type="row")
                yield Static(EMPTY, id="rounds-empty")
            with ContentSwitcher(initial="round-view", id="side"):
                with VerticalScroll(id="round-view", classes="pane"):
                    yield Static(id="round-detail")
                with Vertical(id="spots-view", classes="pane"):
                    with VerticalScroll(id="spots-scroll"):
                        yield Static(id="spots-summary")
                    yield OptionList(id="plan")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#rounds-pane").border_title = "Interviews"
        self.query_one("#round-view").border_title = "Debrief"
        self.query_one("#spots-view").border_title = "Weak spots"
        self.query_one("#round-view").can_focus = False
        self.refresh_data()

    # -- data ------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Read the rounds and the weak spots again, keeping the highlighted round."""
        if not self.is_mounted:
            return
        try:
            drills = self.services.drills
            self._rounds = list(reversed(drills.interviews.all()))
            self._spots = drills.weak_spots.compute()
        except StorybankError as exc:
            self.notify(
                str(exc), title="Cannot read the interviews", severity="error", markup=False
            )
            return
        self._fill_table()
        empty = not self._rounds
        self.set_class(empty, "-empty")
        table = self.query_one(RoundsTable)
        table.display = not empty
        self.query_one("#rounds-empty").display = empty
        self.query_one("#rounds-pane").border_title = f"Interviews ({len(self._rounds)})"
        self._show_detail()
        self._show_spots()

    def _fill_table(self) -> None:
        """List the rounds, with columns fitted to the list's width, keeping the highlight."""
        table = self.query_one(RoundsTable)
        keep = self.highlighted_id
        table.clear(columns=True)
        # Before the first layout the list has no width yet: the terminal's is near it.
        table.fitted_width = table.size.width or self.app.size.width - 4
        # One cell for the list's vertical scrollbar, should it need one.
        widths = round_columns(table.fitted_width - 1, self._rounds)
        for name in ROUND_COLUMNS:
            table.add_column(name, key=name, width=widths[name])
        today = self._today()
        colours = self.app.theme_variables
        for interview in self._rounds:
            upcoming = interview.date >= today and not interview.is_practice
            date_style = colours.get("text-accent", "") if upcoming else ""
            table.add_row(
                Text(("→ " if upcoming else "  ") + interview.date.isoformat(), style=date_style),
                render.cell(interview.company),
                render.cell(interview.round or "-"),
                Text(interview.outcome),
                render.cell(", ".join(interview.told) or "-"),
                key=interview.id,
            )
        if keep is not None and any(i.id == keep for i in self._rounds):
            table.move_cursor(row=table.get_row_index(keep))

    @on(RoundsTable.Resized)
    def _refit(self) -> None:
        self._fill_table()

    def _today(self) -> date:
        return self.services.drills.debriefs.today()

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted round."""
        table = self.query_one(RoundsTable)
        if not self._rounds or table.row_count == 0:
            return None
        row = min(max(table.cursor_row, 0), table.row_count - 1)
        return str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value)

    def highlighted(self) -> Interview | None:
        """The highlighted round."""
        wanted = self.highlighted_id
        return next((i for i in self._rounds if i.id == wanted), None)

    @on(DataTable.RowHighlighted, "#rounds")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#rounds")
    def _selected(self) -> None:
        self.action_debrief()

    def _show_detail(self) -> None:
        interview = self.highlighted()
        detail = self.query_one("#round-detail", Static)
        if interview is None:
            detail.update(Content.styled("Add a round with a, or practise with p.", "$text-muted"))
            return
        detail.update(round_detail(interview, self._today()))
        self.query_one("#round-view").border_title = (
            "Mock interview" if interview.is_practice else "Debrief"
        )

    def _show_spots(self) -> None:
        spots = self._spots
        if spots is None:
            return
        self.query_one("#spots-summary", Static).update(spots_summary(spots))
        plan = self.query_one("#plan", OptionList)
        plan.clear_options()
        if spots.plan:
            plan.add_options(
                Option(plan_option(n, item), id=f"plan-{n - 1}")
                for n, item in enumerate(spots.plan, start=1)
            )
        else:
            plan.add_option(
                Option(Content.styled("Nothing to act on yet.", "$text-muted"), disabled=True)
            )
        self.query_one("#spots-view").border_subtitle = (
            f"{spots.rounds} {'round' if spots.rounds == 1 else 'rounds'} · "
            f"{spots.practice} {'mock' if spots.practice == 1 else 'mocks'}"
            if spots.rounds or spots.practice
            else ""
        )

    # -- actions ---------------------------------------------------------------

    def action_toggle_spots(self) -> None:
        """Show the weak spots and their plan, or the highlighted round's debrief."""
        switcher = self.query_one("#side", ContentSwitcher)
        if switcher.current == "round-view":
            switcher.current = "spots-view"
            self.query_one("#plan").focus()
        else:
            switcher.current = "round-view"
            self.query_one("#rounds").focus()

    @on(OptionList.OptionSelected, "#plan")
    async def _act(self, event: OptionList.OptionSelected) -> None:
        spots = self._spots
        if spots is None or event.option_id is None:
            return
        item = spots.plan[int(event.option_id.removeprefix("plan-"))]
        if item.kind == "rework" and item.story is not None:
            self.post_message(OpenStoryRequested(item.story))
        elif item.kind == "write":
            await self.run_action("app.new_story")
        else:
            self.action_mock()

    def action_add(self) -> None:
        """Record a round (its date may be in the past or ahead)."""
        from storybank.tui.screens.interview_form import InterviewForm

        def added(details: RoundDetails | None) -> None:
            if details is None:
                return
            try:
                interview = self.services.drills.interviews.add(
                    details.company, details.day, details.round_name
                )
                if details.outcome != "pending":
                    self.services.drills.interviews.update(interview.id, outcome=details.outcome)
            except StorybankError as exc:
                self.notify(str(exc), title="Not recorded", severity="error", markup=False)
                return
            self._changed(interview.id)
            table = self.query_one(RoundsTable)
            table.move_cursor(row=table.get_row_index(interview.id))
            self.notify(f"Recorded {interview.label}.", markup=False)

        self.app.push_screen(InterviewForm(today=self._today()), added)

    def action_edit(self) -> None:
        """Change the highlighted round's company, date, round or outcome."""
        from storybank.tui.screens.interview_form import InterviewForm

        interview = self.highlighted()
        if interview is None:
            return

        def edited(details: RoundDetails | None) -> None:
            if details is None:
                return
            try:
                self.services.drills.interviews.update(
                    interview.id,
                    company=details.company,
                    day=details.day,
                    round_name=details.round_name,
                    outcome=details.outcome,
                )
            except StorybankError as exc:
                self.notify(str(exc), title="Not saved", severity="error", markup=False)
                return
            self._changed(interview.id)

        self.app.push_screen(InterviewForm(interview, today=self._today()), edited)

    def action_delete(self) -> None:
        """Ask, then delete the highlighted round and its debrief (a backup is taken)."""
        from storybank.tui.screens.confirm import ConfirmScreen

        interview = self.highlighted()
        if interview is None:
            return

        def decided(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.services.drills.interviews.delete(interview.id)
            except StorybankError as exc:
                self.notify(str(exc), title="Not deleted", severity="error", markup=False)
                return
            self._changed(None)
            self.notify(f"Deleted {interview.label}.", markup=False)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {interview.label} and its debrief?",
                "The question cards and follow-ups it added stay with your stories. A backup "
                "of the bank is taken first: `storybank doctor --restore N` brings it back.",
                confirm="Delete",
            ),
            decided,
        )

    def action_debrief(self) -> None:
        """Open the highlighted round's debrief (asking first if it is still ahead)."""
        from storybank.tui.screens.confirm import ConfirmScreen
        from storybank.tui.screens.debrief import DebriefScreen

        interview = self.highlighted()
        if interview is None:
            return
        days = (interview.date - self._today()).days
        if days <= 0:
            self.app.push_screen(DebriefScreen(self.services, interview))
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self.app.push_screen(DebriefScreen(self.services, interview, allow_future=True))

        when = "tomorrow" if days == 1 else f"in {days} days"
        self.app.push_screen(
            ConfirmScreen(
                f"{interview.label} is {when}. Debrief it now?",
                "A debrief records what happened in a round; this one has not happened yet.",
                confirm="Debrief now",
            ),
            decided,
        )

    def action_mock(self) -> None:
        """Start a mock interview (choose how many questions and for which company)."""
        from storybank.tui.screens.mock import MockScreen, MockSettings, MockSetup

        upcoming = next(
            (i for i in reversed(self._rounds) if i.date >= self._today() and not i.is_practice),
            None,
        )

        def chosen(settings: MockSettings | None) -> None:
            if settings is not None:
                self.app.push_screen(MockScreen(self.services, settings))

        self.app.push_screen(
            MockSetup(
                company=upcoming.company if upcoming else "",
                frameworks=self.services.bank.frameworks.ids,
                framework=self.services.bank.settings.framework,
            ),
            chosen,
        )

    def _changed(self, interview_id: str | None) -> None:
        self.post_message(RoundsChanged(interview_id))
        self.refresh_data()
