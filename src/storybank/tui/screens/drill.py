"""Drill (``d``): today's cards one at a time: tell, reveal, rate, with a countdown.

A card's front says what to do: tell a story aloud from its title (recall),
choose the story for an interview question and outline it (question), or
answer a probing follow-up. The countdown runs while the user tells; it can
be paused, turns the warning colour near the end and counts on past the limit
(``+0:12``), which is recorded with the rating. Space reveals the back: the
story's headline and SCAR fields, the key facts a typed recall found and
missed with a proposed rating, or the matcher's best stories beside the
user's pick. Keys 1-4 rate; each button shows the interval it would give.

Every rating is saved by :class:`~storybank.scheduling.session.DrillSession`
before the next card shows, so leaving mid-session loses nothing that was
rated; ``u`` undoes this session's last rating. When the queue runs out (or
``e`` ends the session) a summary shows what was done and when the next card
is due.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, Literal

from fsrs import Rating, State
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from storybank.core.timewords import days_away, format_duration, format_interval, time_ago
from storybank.errors import StorybankError
from storybank.scheduling.faces import CardFace, Section
from storybank.scheduling.ledger import ReviewOutcome
from storybank.scheduling.queue import CRAM_HORIZON_DAYS, INTERVIEW_HOUR, recall_at
from storybank.tui import render
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import common_bindings
from storybank.tui.widgets.countdown import DrillCountdown
from storybank.tui.widgets.hanging import HangingRows, stacked

if TYPE_CHECKING:
    from storybank.scheduling.ahead import AheadScope
    from storybank.scheduling.clock import Calendar
    from storybank.scheduling.drills import Drills
    from storybank.scheduling.faces import EngineMatch
    from storybank.scheduling.queue import DailyQueue, QueueItem, Reason
    from storybank.scheduling.recall import RecallGrade
    from storybank.scheduling.session import DrillSession, SessionSummary
    from storybank.tui.services import Services

Mode = Literal["loading", "card", "summary"]

KIND_NAMES = {"recall": "Story recall", "question": "Question drill", "followup": "Follow-up"}
TYPED_TITLES = {
    "recall": "What you remember (optional)",
    "question": "Your outline (optional)",
    "followup": "Your answer (optional)",
}
RATING_NAMES = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}
RATING_VARIANTS: dict[Rating, Literal["error", "warning", "success", "primary"]] = {
    Rating.Again: "error",
    Rating.Hard: "warning",
    Rating.Good: "success",
    Rating.Easy: "primary",
}
SUMMARY_BAR = 30
"""The longest bar in the summary's ratings breakdown (one cell per card up to this)."""
SCAR_GUIDE = (
    ("Headline", "the result in one sentence, first"),
    ("Situation", "where, when, what was at stake"),
    ("Complications", "what made it hard"),
    ("Action", "what you did: I, not we"),
    ("Result", "the numbers, and who they mattered to"),
)


def back_guide(kind: str) -> Content:
    """The back pane before reveal: the shape of a good answer, and the keys."""
    if kind == "followup":
        lines: list[Content | str | tuple[str, str]] = [
            ("Answer the follow-up in two or three sentences:\n", "bold $text-muted"),
            ("the direct answer first, then one fact that backs it.\n", "$text-muted"),
        ]
    else:
        first = "Pick the story, then outline it" if kind == "question" else "Tell it aloud"
        lines = [(f"{first}, answer first:\n\n", "bold $text-muted")]
        for name, hint in SCAR_GUIDE:
            lines += [(f"  {name:<15}", "$text-secondary"), (f"{hint}\n", "$text-muted")]
    typed_hint = "types your outline" if kind == "question" else "types what you remember"
    lines += [
        "\n",
        ("space", "bold $accent"),
        (" reveals the answer · ", "$text-muted"),
        ("t", "bold $accent"),
        (f" {typed_hint} · ", "$text-muted"),
        ("p", "bold $accent"),
        (" pauses the clock", "$text-muted"),
    ]
    return Content.assemble(*lines)


def percent(value: float | None) -> str:
    """``0.873`` → ``87%``."""
    return "-" if value is None else f"{value * 100:.0f}%"


def reason_text(item: QueueItem, now: datetime, calendar: Calendar) -> str:
    """Why a card is in the queue now, in a few words."""
    if item.reason == "new":
        return "new card"
    if item.reason == "learning":
        return "learning step"
    if item.reason == "ahead":
        return "learning step, a little early"
    if item.reason == "extra":
        if item.recall_now == 0:
            return "new card"
        return f"due {calendar.due_in(item.due, now)}"
    if item.reason == "cram":
        return f"cram: {percent(item.recall_on_interview)} predicted for the interview"
    overdue = calendar.days_between(item.due, now)
    if overdue > 0:
        return f"due, {overdue} day{'s' * (overdue != 1)} overdue"
    return "due today"


def queue_counts(queue: DailyQueue) -> str:
    """``5 left today: 1 due, 4 new · 2 learning steps to repeat``.

    Cards "left today" only ever go down as the user rates: a learning step
    (a card rated minutes ago, coming back) is counted apart, so rating Again
    never makes the day's count jump.
    """
    reasons: tuple[Reason, ...] = ("due", "cram", "new")
    left = sum(queue.count(reason) for reason in reasons)
    parts = [f"{queue.count(reason)} {reason}" for reason in reasons if queue.count(reason)]
    text = f"{left} left today" + (f": {', '.join(parts)}" if parts else "")
    extra = queue.count("extra")
    if extra:
        text = f"{extra} left to drill ahead"
    steps = queue.count("learning", "ahead")
    if steps:
        early = ", a little early" if queue.count("ahead") == steps else ""
        text += f" · {steps} learning step{'s' * (steps != 1)} to repeat{early}"
    return text


def marked_text(
    text: str, found: Sequence[str], missed: Sequence[str], plain: Sequence[str] = ()
) -> Content:
    """User text with key facts styled: found green, missed red, ungraded in the accent."""
    content = render.literal(text)
    folded = content.plain.casefold()
    spans: list[tuple[int, int, str]] = []
    styles = (
        (plain, "bold $text-accent"),
        (found, "bold $text-success"),
        (missed, "bold underline $text-error"),
    )
    for facts, style in styles:
        for fact in facts:
            needle = fact.casefold()
            start = folded.find(needle) if needle else -1
            while start >= 0:
                spans.append((start, start + len(needle), style))
                start = folded.find(needle, start + len(needle))
    for start, end, style in spans:
        content = content.stylize(style, start, end)
    return content


def sections_content(
    sections: Sequence[Section],
    found: Sequence[str] = (),
    missed: Sequence[str] = (),
    plain: Sequence[str] = (),
) -> Content:
    """The back of a card: each section under its heading, key facts marked."""
    blocks = []
    for section in sections:
        body = marked_text(section.text.strip(), found, missed, plain)
        if section.name == "Headline":
            body = Content.assemble("“", body, "”").stylize("italic")
        blocks.append(Content.assemble(render.heading(section.name), "\n", body))
    return Content("\n\n").join(blocks)


def grade_content(grade: RecallGrade) -> Content:
    """Which key facts a typed recall contains, and the rating that suggests."""
    total = len(grade.found) + len(grade.missed)
    parts: list[Content | str | tuple[str, str]] = [
        render.heading("Key facts"),
        f"  {len(grade.found)} of {total} found",
    ]
    if grade.proposed is not None:
        name = RATING_NAMES[grade.proposed]
        parts += [("  ·  proposed ", "$text-muted"), (f"{name} ({int(grade.proposed)})", "bold")]
    for mark, label, facts, style in (
        ("✔", "found", grade.found, "$text-success"),
        ("✖", "missed", grade.missed, "$text-error"),
    ):
        if facts:
            listed = Content(" · ").join(render.line(fact, style) for fact in facts)
            parts += ["\n", (f"{mark} {label}: ", f"bold {style}"), listed]
    return Content.assemble(*parts)


def engine_content(engine: Sequence[EngineMatch], pick: str | None, answer: str) -> HangingRows:
    """The matcher's best stories for the question, the user's pick marked.

    Every reason is shown in full, wrapped under its own bullet as on the
    Lookup screen: a reason cut short can say the opposite of what it means.
    """
    rows: list[tuple[Content, Content]] = [
        (Content(""), render.heading("The matcher's best stories"))
    ]
    if not engine:
        rows.append(
            (Content(""), Content.styled("(no story matches this question well)", "$text-muted"))
        )
    bullet = Content.assemble("    ", ("• ", "$text-muted"))
    for rank, match in enumerate(engine, start=1):
        lead = Content.assemble(
            (f"{rank}. ", "$text-muted"), (f"{match.score:>3} ", "bold $accent")
        )
        rows.append((lead, render.line(match.title, "bold")))
        # The marks get a line of their own, so a long title never splits them.
        marks: list[Content | str | tuple[str, str]] = []
        if match.story_id == pick:
            marks.append(("✔ your pick", "bold $text-success"))
        if match.story_id == answer:
            marks += ["  " if marks else "", ("← this card's story", "$text-muted")]
        if marks:
            rows.append((Content(" " * lead.cell_length), Content.assemble(*marks)))
        rows.extend((bullet, render.line(reason, "$text-muted")) for reason in match.reasons)
    return HangingRows(rows)


AHEAD_HINT = " drills ahead: question cards, one competency, a framework, or the next days' cards."


def summary_content(
    summary: SessionSummary,
    *,
    finished: bool,
    calendar: Calendar,
    titles: dict[str, str],
    ahead: str | None = None,
    notes: Sequence[Content] = (),
) -> Content:
    """The end of a session (or the start of one with nothing due): what was done, what is next.

    Args:
        summary: The session's figures.
        finished: The queue ran out (rather than ``e`` ending the session).
        calendar: The user's drill days, for when the next card is.
        titles: Story titles by id.
        ahead: The drill-ahead scope that just ran out, if one did.
        notes: Lines about what is coming (the next interview).
    """
    done = summary.cards_done
    parts: list[Content | str | tuple[str, str]] = []
    if done:
        if ahead is not None and finished:
            title = "Drill ahead done"
        else:
            title = "Session done" if finished else "Session so far"
        parts += [(title, "bold $text-primary"), "\n\n"]
    if done:
        parts += [
            (f"{done} card{'s' * (done != 1)}", "bold"),
            f" in {format_duration(summary.seconds)}",
            "\n\n",
        ]
        most = max(summary.ratings.values(), default=0)
        for rating in Rating:
            count = summary.ratings.get(rating, 0)
            bar = round(count / most * SUMMARY_BAR) if most > SUMMARY_BAR else count
            parts += [
                (f"{RATING_NAMES[rating]:<6}", f"bold $text-{RATING_VARIANTS[rating]}"),
                (f"{count:>3} ", "bold" if count else "$text-muted"),
                ("█" * bar, f"$text-{RATING_VARIANTS[rating]}"),
                "\n",
            ]
        extras = [
            f"{summary.new_cards} new",
            f"{summary.lapses} lapse{'s' * (summary.lapses != 1)}",
            f"{summary.overran} over the timer",
        ]
        parts += ["\n", (" · ".join(extras), "$text-muted"), "\n"]
        stories = [render.one_line(titles.get(s, s)) for s in summary.stories]
        if stories:
            parts += [("Stories: ", "$text-muted"), render.literal(", ".join(stories)), "\n"]
        parts.append("\n")
    elif ahead is not None:
        parts += [("Nothing left to drill ahead in ", "$text-muted"), render.line(ahead), "\n\n"]
    if summary.due_left or summary.steps_left:
        left, steps = summary.due_left, summary.steps_left
        said = f"{left} card{'s' * (left != 1)} left today" if left else ""
        if steps:
            repeat = f"{steps} learning step{'s' * (steps != 1)} to repeat"
            said = f"{said}, and {repeat}" if said else repeat[0].upper() + repeat[1:]
        parts += [(f"{said}. ", "bold"), ("space", "bold $accent"), " drills on."]
    elif summary.next_due is not None:
        nothing = "Nothing left for today" if done else "Nothing is due right now"
        parts += [
            f"{nothing}. Next card: ",
            (calendar.next_words(summary.next_due, summary.ended), "bold"),
            ".",
        ]
    else:
        parts.append("There are no drill cards yet: write a story on the bank screen (n).")
    for note in notes:
        parts += ["\n", note]
    if summary.next_due is not None or summary.due_left or summary.steps_left or done:
        parts += ["\n\n", ("a", "bold $accent"), AHEAD_HINT]
    if done:
        parts += ["\n", ("u", "bold $accent"), " undoes the last rating."]
    return Content.assemble(*parts)


class DrillScreen(StorybankScreen):
    """One card at a time from today's queue, with a countdown, reveal, rating and undo.

    Args:
        services: The bank's services, from the app.
        monotonic: The countdown's clock (tests pass one that moves only when told).
    """

    CSS_PATH = "drill.tcss"
    AUTO_FOCUS = None
    WIDTH_BREAKPOINTS = ((0, "-narrow"), (110, "-wide"))
    HEIGHT_BREAKPOINTS = ((0, "-short"), (30, "-tall"))

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Reveal"),
        Binding("space", "drill_on", "Drill on", tooltip="From the summary: the cards still due"),
        Binding("1", "rate(1)", "Rate Again", show=False),
        Binding("2", "rate(2)", "Rate Hard", show=False),
        Binding("3", "rate(3)", "Rate Good", show=False),
        Binding("4", "rate(4)", "Rate Easy", show=False),
        Binding("u", "undo", "Undo", tooltip="Undo this session's last rating"),
        Binding("p", "pause", "Pause"),
        Binding("f,exclamation_mark", "flag", "Flag", key_display="f"),
        # Keys that move focus are priority bindings: they move it before the
        # app forwards the next key, so a burst of typing lands where focus went.
        Binding("t", "type", "Type what you remember", show=False, priority=True),
        Binding("e", "end", "End the session", show=False),
        Binding("a", "ahead", "Drill ahead", tooltip="Question cards, or cards due soon"),
        Binding(
            "escape",
            "leave_box",
            "Leave the text box (then space reveals)",
            show=False,
            priority=True,
        ),
        *common_bindings("drill"),
    ]

    def __init__(self, services: Services, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(services)
        self._monotonic = monotonic
        self.mode: Mode = "loading"
        self.session: DrillSession | None = None
        """This sitting's session (made when the screen first opens)."""
        self.face: CardFace | None = None
        """The card on screen."""
        self.item: QueueItem | None = None
        self.revealed = False
        self.pick: str | None = None
        """The story the user chose for a question card."""
        self.grade: RecallGrade | None = None
        self.told_overran = False
        """Whether the countdown had run out when the card was revealed."""
        self.last: ReviewOutcome | None = None
        self._engine: list[EngineMatch] = []
        self._intervals: dict[Rating, timedelta] = {}
        self._auto_paused = False
        self.ahead: AheadScope | None = None
        """What the user chose to drill ahead, while that runs."""
        self._summary: SessionSummary | None = None

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content.styled("Opening the drills…", "$text-muted"), id="drill-status")
        yield DrillCountdown(self._monotonic, id="countdown")
        with Horizontal(id="drill-body"):
            with VerticalScroll(id="front-pane", classes="pane"):
                yield Static(id="prompt")
                yield Static(id="front-info")
                yield OptionList(id="picker")
                yield TextArea(id="typed", soft_wrap=True, show_line_numbers=False)
            with VerticalScroll(id="back-pane", classes="pane"):
                yield Static(id="back")
        with VerticalScroll(id="summary-pane", classes="pane"):
            yield Static(id="summary")
        with Horizontal(id="rating-bar"):
            yield Button(
                Content.assemble(("space ", "bold"), "Reveal"),
                id="reveal",
                compact=True,
                variant="primary",
            )
            for rating in Rating:
                yield Button(
                    RATING_NAMES[rating],
                    id=f"rate-{int(rating)}",
                    compact=True,
                    variant=RATING_VARIANTS[rating],
                    classes="rate",
                )
        yield Footer()

    def on_mount(self) -> None:
        for button in self.query(Button):
            # The keys drive the drill; focusable buttons would swallow space and enter.
            button.can_focus = False
        self.query_one("#back-pane").border_title = "Answer"
        self.query_one("#summary-pane").border_title = "Summary"
        self._set_mode("loading")
        # Bringing the cards in step with the stories may write the bank: after the first frame.
        self.call_after_refresh(self._open)

    def _set_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.set_class(mode == "card", "-card")
        self.set_class(mode == "summary", "-summary")
        self.set_class(mode == "card" and self.revealed, "-revealed")
        self.refresh_bindings()

    # -- the session ------------------------------------------------------------------

    @property
    def drills(self) -> Drills:
        """The drills service, from the services."""
        return self.services.drills

    def _open(self) -> None:
        try:
            self.session = self.drills.start_session()
            # The first queue brings the cards in step with the stories (may write).
            self._next()
        except StorybankError as exc:
            self._show_problem(str(exc))

    def _show_problem(self, message: str) -> None:
        self.query_one("#countdown", DrillCountdown).stop()
        self.query_one("#summary", Static).update(
            Content.assemble(("Cannot drill: ", "bold $text-error"), render.literal(message))
        )
        self.query_one("#drill-status", Static).update("")
        self._set_mode("summary")

    def _queue(self) -> DailyQueue:
        if self.ahead is not None and self.session is not None:
            return self.drills.ahead.queue(self.ahead, done=self.session.rated)
        return self.drills.deck.queue()

    def _next(self, prefer: str | None = None) -> None:
        """Show the next card of the queue (``prefer`` if it is in the queue)."""
        queue = self._queue()
        item = next((i for i in queue.items if i.card_id == prefer), queue.first)
        if item is None:
            self._show_summary(finished=True)
            return
        self._show_card(item, queue)

    def _show_card(self, item: QueueItem, queue: DailyQueue) -> None:
        assert self.session is not None
        try:
            face = self.session.face(item.card_id)
        except StorybankError as exc:
            self._show_problem(str(exc))
            return
        self.item, self.face = item, face
        self.revealed = False
        self.pick = None
        self.grade = None
        self.told_overran = False
        self._engine = []
        self._intervals = {}
        self._auto_paused = False
        typed = self.query_one("#typed", TextArea)
        typed.read_only = False
        typed.load_text("")
        typed.border_title = TYPED_TITLES[face.kind]
        typed.border_subtitle = "t types · esc leaves"
        self.query_one("#front-pane").border_title = KIND_NAMES[face.kind]
        self._fill_picker(face)
        self._show_front()
        self.query_one("#back", Static).update(back_guide(face.kind))
        self.query_one("#back-pane", VerticalScroll).scroll_home(animate=False)
        self.query_one("#front-pane", VerticalScroll).scroll_home(animate=False)
        self._show_status(queue)
        self._show_buttons()
        self.query_one("#countdown", DrillCountdown).start(face.timer_s)
        self._set_mode("card")
        if face.kind == "question":
            self.query_one("#picker", OptionList).focus()
        else:
            self.query_one("#front-pane").focus()

    def _fill_picker(self, face: CardFace) -> None:
        picker = self.query_one("#picker", OptionList)
        picker.clear_options()
        picker.display = face.kind == "question"
        if face.kind != "question":
            return
        picker.add_options(
            Option(Content.assemble("  ", render.line(story.title)), id=story.id)
            for story in self.services.catalog.stories
        )
        picker.border_title = "Which story would you tell? (enter picks)"
        picker.highlighted = None

    def _show_summary(self, *, finished: bool) -> None:
        self.item = self.face = None
        self.revealed = False
        self.query_one("#countdown", DrillCountdown).stop()
        if self.session is None:
            return
        summary = self.session.summary()
        self._summary = summary
        titles = {s.id: s.title for s in self.services.catalog.stories}
        ahead = self.ahead.label if self.ahead is not None and finished else None
        if finished:
            self.ahead = None
        self.query_one("#summary", Static).update(
            summary_content(
                summary,
                finished=finished,
                calendar=self.drills.deck.calendar,
                titles=titles,
                ahead=ahead,
                notes=self._interview_notes(),
            )
        )
        done = summary.cards_done
        self.query_one("#summary-pane").border_title = "Summary" if done else "Drill"
        self.query_one("#drill-status", Static).update("")
        self.sub_title = self._sub_title(summary.due_left)
        self._set_mode("summary")

    def _interview_notes(self) -> list[Content]:
        """The next interview and when its cram cards start (summary only)."""
        deck = self.drills.deck
        upcoming = self.drills.interviews.next()
        if upcoming is None:
            return []
        today = deck.calendar.local(deck.now()).date()
        days = (upcoming.date - today).days
        when = days_away(days)
        cram = (
            "cram cards are in today's queue"
            if days <= CRAM_HORIZON_DAYS
            else f"cram cards start {CRAM_HORIZON_DAYS} days before"
        )
        return [
            Content.assemble(
                ("Next interview: ", "bold"),
                render.line(upcoming.label),
                f", {when}; {cram}.",
            )
        ]

    def _sub_title(self, left: int) -> str:
        return f"{self.app.sub_title} · {left} drill{'s' * (left != 1)} left today"

    @staticmethod
    def _left(queue: DailyQueue) -> int:
        """Cards left today, learning steps apart (see :func:`queue_counts`)."""
        return queue.count("due", "cram", "new", "extra")

    # -- showing a card -------------------------------------------------------------------

    def _show_status(self, queue: DailyQueue) -> None:
        face, item = self.face, self.item
        if face is None or item is None:
            return
        calendar = self.drills.deck.calendar
        parts: list[Content | str | tuple[str, str]] = [
            (KIND_NAMES[face.kind], "bold $text-primary"),
            ("  ·  ", "$text-muted"),
            reason_text(item, queue.now, calendar),
        ]
        if queue.cram is not None and item.reason == "cram":
            parts += [" with ", render.line(queue.cram.label, "$text-accent")]
        if item.reason == "extra" and self.ahead is not None:
            parts += [("  ·  ", "$text-muted"), render.line(self.ahead.label, "$text-accent")]
        parts += [("  ·  ", "$text-muted"), (queue_counts(queue), "$text-muted")]
        last = self.last
        if last is not None:
            story = self.services.catalog.get(last.story_id)
            title = render.clip(story.title, 40) if story is not None else last.story_id
            back = calendar.due_in(last.due, last.reviewed_at, exact=last.state != State.Review)
            parts += [
                "\n",
                ("Last: ", "$text-muted"),
                render.line(f"“{title}”", "$text-muted"),
                " ",
                (RATING_NAMES[last.rating], f"bold $text-{RATING_VARIANTS[last.rating]}"),
                (f", back {back}", "$text-muted"),
                ("  (u undoes)", "$text-muted"),
            ]
        self.query_one("#drill-status", Static).update(Content.assemble(*parts))
        left = self._left(queue)
        if self.ahead is not None:
            self.sub_title = f"{self.app.sub_title} · {left} to drill ahead"
        else:
            self.sub_title = self._sub_title(left)

    def _show_front(self) -> None:
        face = self.face
        if face is None:
            return
        self.query_one("#prompt", Static).update(render.literal(face.prompt.strip(), "bold"))
        parts: list[Content | str | tuple[str, str]] = []
        if face.competencies and face.kind == "recall":
            parts += [render.literal(" · ".join(face.competencies), "$text-secondary"), "\n"]
        parts += ["\n", (face.instruction, "$text-muted"), "\n"]
        if face.kind != "question":
            # On a question card all of this belongs to the hidden answer: it
            # shows once the card is revealed (see _story_notes).
            parts += self._story_notes(face)
        if face.kind == "question":
            chosen = self.services.catalog.get(self.pick) if self.pick else None
            parts += ["\n\n", ("Your pick: ", "bold")]
            parts.append(
                render.line(chosen.title, "$accent")
                if chosen is not None
                else ("none yet (↑↓ then enter)", "$text-muted")
            )
        self.query_one("#front-info", Static).update(Content.assemble(*parts))

    def _story_notes(self, face: CardFace) -> list[Content | str | tuple[str, str]]:
        """What the drills know about the card's story: recall, interview, flag."""
        parts: list[Content | str | tuple[str, str]] = []
        if face.in_steps and face.last_review is not None:
            # Minutes after a rating FSRS predicts ~100%: a number that says nothing.
            ago = time_ago(face.last_review, self.drills.deck.now())
            parts += ["\n", (f"Learning step: last rated {ago}", "$text-muted")]
        elif not face.is_new:
            # A new card has no prediction yet; the status line already says it is new.
            parts += [
                "\n",
                ("Recall now ", "$text-muted"),
                (percent(face.predicted_recall), "bold"),
            ]
        parts += self._interview_lines(face)
        if face.flagged:
            parts += [
                "\n",
                ("⚑ flagged as needing work", "$text-warning"),
                (" (f clears)", "$text-muted"),
            ]
        return parts

    def _interview_lines(self, face: CardFace) -> list[Content | str | tuple[str, str]]:
        """Predicted recall on the next interview's day, and a story already told there."""
        drills = self.drills
        deck = drills.deck
        upcoming = drills.interviews.next()
        if upcoming is None:
            return []
        parts: list[Content | str | tuple[str, str]] = []
        if not face.is_new and not face.in_steps:
            # Cram mode only looks 14 days ahead; the prediction is worth showing for any date.
            morning = deck.calendar.at_local(upcoming.date, INTERVIEW_HOUR)
            on_day = recall_at(deck.scheduler(), deck.card(face.card_id), morning)
            parts += [
                ("  ·  on ", "$text-muted"),
                (f"{upcoming.date:%b %d}", "$text-muted"),
                (" (", "$text-muted"),
                render.line(upcoming.company, "$text-muted"),
                (") ", "$text-muted"),
                (percent(on_day), "bold"),
            ]
        for warning in drills.interviews.repeat_warnings(
            upcoming.company, [face.story_id], upcoming.id
        ):
            parts += [
                "\n",
                ("▲ Already told to ", "$text-warning"),
                render.line(
                    f"{warning.company} ({'; '.join(warning.interviews)})", "$text-warning"
                ),
                (": tell them another story if you can.", "$text-warning"),
            ]
        return parts

    def _show_back(self) -> None:
        face = self.face
        if face is None:
            return
        blocks: list[Content | HangingRows] = []
        grade = self.grade
        found = grade.found if grade is not None else []
        missed = grade.missed if grade is not None else []
        if face.kind == "question":
            chosen = self.services.catalog.get(self.pick) if self.pick else None
            verdict: list[Content | str | tuple[str, str]] = [render.heading("Your pick"), "\n"]
            if chosen is None:
                verdict.append(("You did not pick a story.", "$text-muted"))
            else:
                verdict.append(render.line(chosen.title, "bold"))
                verdict.extend(self._pick_verdict(face.card_id, chosen.id))
            blocks.append(Content.assemble(*verdict))
            blocks.append(engine_content(self._engine, self.pick, face.story_id))
            outline = self._typed()
            if outline:
                blocks.append(
                    Content.assemble(render.heading("Your outline"), "\n", render.literal(outline))
                )
            story_line: list[Content | str | tuple[str, str]] = [
                render.heading("This card's story: "),
                render.line(face.story_title, "bold"),
                *self._story_notes(face),
            ]
            blocks.append(Content.assemble(*story_line))
        else:
            typed = self._typed()
            if typed:
                # What the user told stays beside the story, its facts marked.
                heading = "Your answer" if face.kind == "followup" else "What you remembered"
                blocks.append(
                    Content.assemble(
                        render.heading(heading), "\n", marked_text(typed, found, [], ())
                    )
                )
            if grade is not None and (found or missed):
                blocks.append(grade_content(grade))
            elif grade is not None:
                blocks.append(
                    Content.styled(
                        "No names or numbers to check here: compare by eye.", "$text-muted"
                    )
                )
        if face.back:
            # Ungraded (nothing typed): the key facts still stand out, neutrally.
            ungraded = face.key_facts if grade is None else []
            blocks.append(sections_content(face.back, found, missed, ungraded))
        else:
            blocks.append(
                Content.styled("(no answer written for this follow-up yet)", "$text-muted")
            )
        self.query_one("#back", Static).update(stacked(blocks))
        self.query_one("#back-pane", VerticalScroll).scroll_home(animate=False)

    def _pick_verdict(self, card_id: str, pick: str) -> list[Content | str | tuple[str, str]]:
        """The grade of a question card's pick: a mark, why, and the card's own story."""
        try:
            graded = self.drills.faces.grade_pick(card_id, pick, self.services.catalog.matcher)
        except StorybankError:
            return []
        mark = "✖" if graded.verdict == "wrong" else "✔"
        style = "$text-warning" if graded.verdict == "wrong" else "$text-success"
        parts: list[Content | str | tuple[str, str]] = [(f"  {mark} {graded.label}", style)]
        if graded.reason:
            parts += ["\n", render.literal(graded.reason, "$text-muted")]
        if graded.made_from:
            parts += ["\n", render.literal(graded.made_from, "$text-muted")]
        return parts

    def _show_buttons(self) -> None:
        proposed = self.grade.proposed if self.grade is not None else None
        for rating in Rating:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            interval = self._intervals.get(rating)
            label = Content.assemble(
                ("★ " if rating == proposed else "", "bold"),
                (f"{int(rating)} ", "bold"),
                RATING_NAMES[rating],
                (f"  {format_interval(interval)}" if interval is not None else ""),
            )
            button.label = label
            button.set_class(rating == proposed, "-proposed")

    def _typed(self) -> str:
        return self.query_one("#typed", TextArea).text.strip()

    # -- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each key only when it does something."""
        card = self.mode == "card" and self.face is not None
        if action == "reveal":
            return card and not self.revealed
        if action == "drill_on":
            left = self._summary is not None and (
                self._summary.due_left or self._summary.steps_left
            )
            return self.mode == "summary" and self.session is not None and bool(left)
        if action == "rate":
            return card and self.revealed
        if action == "type":
            # In the text box itself, t is a letter.
            return card and self.focused is not self.query_one("#typed")
        if action in ("pause", "flag"):
            return card
        if action == "undo":
            return self.session is not None and self.session.can_undo
        if action == "end":
            return card
        if action == "ahead":
            return self.mode == "summary" and self.session is not None
        if action == "leave_box":
            return self.focused is self.query_one("#typed")
        return True

    def action_reveal(self) -> None:
        """Show the back of the card; the countdown stops at the time used."""
        face = self.face
        if face is None or self.revealed or self.session is None:
            return
        self.told_overran = self.query_one("#countdown", DrillCountdown).freeze().overran
        typed = self._typed()
        try:
            if face.kind == "question":
                # The matcher is built on first use; a question card is the first to need it.
                matched = self.session.face(face.card_id, matcher=self.services.catalog.matcher)
                self._engine = list(matched.engine)
            elif typed:
                self.grade = self.drills.faces.grade(face.card_id, typed)
            self._intervals = self.drills.ledger.preview_intervals(face.card_id)
        except StorybankError as exc:
            self.notify(str(exc), title="Cannot reveal", severity="error", markup=False)
        self.revealed = True
        text_box = self.query_one("#typed", TextArea)
        text_box.read_only = True
        if self.focused is text_box:
            self.query_one("#front-pane").focus()
        self._show_back()
        self._show_buttons()
        self._set_mode("card")

    def action_rate(self, rating: int) -> None:
        """Rate the card (1 Again, 2 Hard, 3 Good, 4 Easy); it is saved at once."""
        face, session = self.face, self.session
        if face is None or session is None or not self.revealed:
            return
        countdown = self.query_one("#countdown", DrillCountdown)
        try:
            outcome = session.rate(
                face.card_id,
                rating,
                duration_s=countdown.elapsed,
                overran=self.told_overran,
                typed=self._typed() or None,
                picked=self.pick if face.kind == "question" else None,
                promised=self._intervals.get(Rating(rating)),
            )
        except StorybankError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.last = outcome
        self._next()

    def action_undo(self) -> None:
        """Undo this session's last rating and show that card again."""
        session = self.session
        if session is None or not session.can_undo:
            return
        try:
            undone = session.undo()
        except StorybankError as exc:
            self.notify(str(exc), title="Cannot undo", severity="error", markup=False)
            return
        story = self.services.catalog.get(undone.story_id)
        name = render.one_line(story.title) if story is not None else undone.story_id
        rating = RATING_NAMES[undone.rating] if undone.rating is not None else "the reset"
        self.notify(f"Undid {rating} on “{name}”.", markup=False)
        self.last = None
        self._next(prefer=undone.card_id)

    def action_pause(self) -> None:
        """Pause or resume the countdown."""
        countdown = self.query_one("#countdown", DrillCountdown)
        countdown.toggle()
        self._auto_paused = False

    def action_flag(self) -> None:
        """Mark the story "needs work" (listed on the bank screen), or clear the mark."""
        face = self.face
        if face is None:
            return
        try:
            if face.flagged:
                self.drills.flags.unflag(face.story_id)
                message = f"“{render.one_line(face.story_title)}” is no longer flagged."
            else:
                self.drills.flags.flag(face.card_id)
                message = (
                    f"Flagged “{render.one_line(face.story_title)}” as needing work; "
                    "the bank screen lists it."
                )
        except StorybankError as exc:
            self.notify(str(exc), title="Not flagged", severity="error", markup=False)
            return
        self.face = dataclasses.replace(face, flagged=not face.flagged)
        self.notify(message, markup=False)
        self._show_front()

    def action_type(self) -> None:
        """Type what you remember (or your outline) while the countdown runs."""
        typed = self.query_one("#typed", TextArea)
        if not typed.read_only:
            # At once, not after a refresh as widget.focus() does: keys typed
            # right after t must reach the box.
            self.set_focus(typed)

    def action_leave_box(self) -> None:
        """Leave the text box, so space reveals and 1-4 rate again."""
        self.set_focus(self.query_one("#front-pane"))
        self.refresh_bindings()

    def action_end(self) -> None:
        """End the session here and show its summary (rated cards are already saved)."""
        self._show_summary(finished=False)

    def action_drill_on(self) -> None:
        """From the summary: go on with the cards still due."""
        self.last = None
        self._next()

    def action_ahead(self) -> None:
        """Pick cards to drill ahead of the schedule (question cards, or cards due soon)."""
        from storybank.tui.screens.ahead import AheadScreen

        try:
            choices = self.drills.ahead.choices()
        except StorybankError as exc:
            self.notify(str(exc), title="Cannot drill ahead", severity="error", markup=False)
            return

        def chosen(scope: AheadScope | None) -> None:
            if scope is None:
                return
            self.ahead = scope
            self.last = None
            self._next()

        self.app.push_screen(AheadScreen(choices), chosen)

    # -- events -----------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#picker")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.revealed:
            return
        self.pick = event.option.id
        picker = self.query_one("#picker", OptionList)
        for story in self.services.catalog.stories:
            mark = ("✔ ", "bold $text-success") if story.id == self.pick else "  "
            picker.replace_option_prompt(story.id, Content.assemble(mark, render.line(story.title)))
        self._show_front()

    @on(Button.Pressed, "#reveal")
    def _reveal_pressed(self) -> None:
        self.action_reveal()

    @on(Button.Pressed, ".rate")
    def _rate_pressed(self, event: Button.Pressed) -> None:
        if event.button.id is not None:
            self.action_rate(int(event.button.id.removeprefix("rate-")))

    @on(DrillCountdown.TimeUp)
    def _time_up(self) -> None:
        self.notify(
            "Time's up. Finish the story: running over is fine, and it is recorded.",
            severity="warning",
            timeout=4,
        )

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_screen_suspend(self) -> None:
        countdown = self.query_one("#countdown", DrillCountdown)
        if countdown.running and not countdown.paused:
            countdown.pause()
            self._auto_paused = True

    def on_screen_resume(self) -> None:
        # The base screen's resume handler runs next and brings the cards in step.
        countdown = self.query_one("#countdown", DrillCountdown)
        if self._auto_paused and self.mode == "card":
            countdown.resume()
        self._auto_paused = False

    def refresh_data(self) -> None:
        """Stories changed (or the screen came back): show the queue as it is now."""
        if not self.is_mounted or self.session is None:
            return
        try:
            # The first queue after a change brings the cards in step with the stories.
            queue = self._queue()
        except StorybankError as exc:
            self.notify(str(exc), title="Drill cards not updated", severity="error", markup=False)
            return
        if self.mode == "card" and self.face is not None:
            if any(i.card_id == self.face.card_id for i in queue.items):
                self._show_status(queue)
            else:
                self._next()
