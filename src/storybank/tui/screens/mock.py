"""A mock interview in the app: questions where practice pays, timed, scored on the rubric.

:class:`MockSetup` asks how many questions, for which company and in which
framework; :class:`MockScreen` then runs the mock. For each question:

1. **Answer**: the question and a two-minute countdown; the stories that fit
   it best are listed (or "none"): tell the story aloud (``t`` types an
   outline), then enter on the story you told.
2. **Follow-up**: one of that story's follow-ups with a one-minute countdown;
   ``y`` if you could answer it, ``n`` if not.
3. **Rubric**: score the answer 1-4 on the six criteria; enter saves it.

Each answer is saved as soon as it is scored, into a practice round (see
:mod:`storybank.scheduling.mocks`), so leaving early (``esc``) keeps what was
done. The summary shows the rubric per question, the weakest criterion and
the mean rubric of every mock so far.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    ContentSwitcher,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from storybank.core.timewords import format_duration
from storybank.errors import StorybankError
from storybank.scheduling.mocks import ANSWER_SECONDS, FOLLOW_UP_SECONDS, MockAnswer
from storybank.scheduling.models import RUBRIC, Rubric
from storybank.tui import render
from storybank.tui.messages import RoundsChanged
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.widgets.countdown import DrillCountdown
from storybank.tui.widgets.rubric import RubricPicker

if TYPE_CHECKING:
    from storybank.scheduling.mocks import MockSession, RubricPoint
    from storybank.tui.services import Services

Phase = Literal["answer", "follow", "rubric", "summary"]
SUGGESTED = 5
"""Stories listed for a question: the matcher's best few, then "none"."""
NO_STORY = "no-story"
SPARKS = "▁▂▃▄▅▆▇█"
SHORT = {
    "structure": "SCAR",
    "ownership": "I",
    "complications": "Compl",
    "quantified": "Quant",
    "lesson": "Lesson",
    "composure": "Calm",
}


@dataclass(frozen=True)
class MockSettings:
    """What :class:`MockSetup` returns."""

    questions: int
    """How many questions."""
    company: str | None
    """Practise for this company (its framework, when a round names one)."""
    framework: str | None
    """The framework to draw questions in."""


class MockSetup(ModalScreen["MockSettings | None"]):
    """How many questions, for which company, in which framework.

    Args:
        company: The company to suggest (the next interview's).
        frameworks: The framework ids to offer.
        framework: The one selected at first.
    """

    CSS_PATH = "interview_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, *, company: str, frameworks: list[str], framework: str) -> None:
        super().__init__()
        self.company = company
        self.frameworks = frameworks
        self.framework = framework

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Content.styled("Mock interview", "bold"), id="form-title")
            yield Label("Questions (1-20)")
            yield Input("5", id="count", compact=True, type="integer")
            yield Label("For a company (optional)")
            yield Input(self.company, id="company", compact=True)
            yield Label("Framework")
            yield Select(
                [(f, f) for f in self.frameworks],
                value=self.framework,
                allow_blank=False,
                id="framework",
                compact=True,
            )
            yield Static(
                Content.styled(
                    "Questions are drawn from your weak spots and the competencies no story "
                    "covers, never one asked in the last week.",
                    "$text-muted",
                ),
                id="form-problem",
            )
            with Horizontal(id="form-buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Start (enter)", id="start", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#count").focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without starting."""
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        text = self.query_one("#count", Input).value.strip()
        if not text.isdigit() or not 1 <= int(text) <= 20:
            self.query_one("#form-problem", Static).update(
                Content.styled("A mock has 1 to 20 questions.", "$text-error")
            )
            return
        company = " ".join(self.query_one("#company", Input).value.split()) or None
        framework = str(self.query_one("#framework", Select).value)
        self.dismiss(MockSettings(int(text), company, framework))


def sparkline(values: list[float], top: float = 4.0) -> str:
    """One block per value on a 0-``top`` scale."""
    return "".join(
        SPARKS[max(0, min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1))))] for v in values
    )


def summary_content(session: MockSession, history: list[RubricPoint], width: int = 80) -> Content:
    """The rubric per question, the weakest criterion, and the trend over mocks.

    ``width`` is the columns available: the question column gives way first,
    so each question's scores stay on its one row.
    """
    parts: list[Content | str | tuple[str, str]] = [
        ("Mock saved ", "bold $text-success"),
        (f"as practice round {session.round.id}\n\n", "$text-muted"),
    ]
    header = " ".join(SHORT[name] for name, _ in RUBRIC)
    # Number, gaps and the mean take 12 columns beside the criteria.
    question_width = max(10, min(26, width - len(header) - 12))
    parts.append((f" #  {'Question':<{question_width}}  {header}  Mean\n", "bold"))
    for number, answer in enumerate(session.answers, start=1):
        cells = " ".join(f"{score:>{len(SHORT[name])}}" for name, score in answer.rubric.scores())
        parts += [
            f"{number:>2}  ",
            render.literal(f"{render.clip(answer.question, question_width):<{question_width}}"),
            f"  {cells}  ",
            (f"{answer.rubric.mean:.1f}\n", "bold"),
            ("    told: ", "$text-muted"),
            (answer.story or "none", "$text-secondary"),
            (f" · {format_duration(answer.seconds)}", "$text-muted"),
            (
                "" if answer.follow_up_answered else " · follow-up not answered",
                "$text-warning",
            ),
            "\n",
        ]
    if session.answers:
        labels = dict(RUBRIC)
        means = {
            name: sum(int(getattr(a.rubric, name)) for a in session.answers) / len(session.answers)
            for name, _ in RUBRIC
        }
        weakest = min(means, key=lambda n: means[n])
        parts += [
            "\n",
            ("Weakest: ", "bold"),
            f"{labels[weakest]} ({means[weakest]:.1f} of 4)",
        ]
    if history:
        means_over_time = [p.mean for p in history]
        shown = " → ".join(f"{m:.1f}" for m in means_over_time[-5:])
        parts += [
            "\n",
            ("Your mocks over time: ", "bold"),
            (sparkline(means_over_time[-20:]), "$accent"),
            f"  {shown}",
            ("  (the Stats screen charts it)", "$text-muted"),
        ]
    parts += [
        "\n\n",
        ("enter or esc: back to the interviews (w there shows the weak spots)", "$text-muted"),
    ]
    return Content.assemble(*parts)


class MockScreen(StorybankScreen):
    """Run one mock interview.

    Args:
        services: The bank's services.
        settings: How many questions, for which company, which framework.
        monotonic: The countdown's clock (tests pass one that moves when told).
        rng: Draws the questions and picks the follow-ups (tests seed one).
    """

    CSS_PATH = "mock.tcss"
    REFRESH_ON_RESUME = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "type", "Type an outline"),
        Binding("p", "pause", "Pause"),
        Binding("y", "answered(True)", "Could answer"),
        Binding("n", "answered(False)", "Could not"),
        Binding("escape", "leave", "Stop"),
        Binding("enter", "done", "Back"),
    ]

    def __init__(
        self,
        services: Services,
        settings: MockSettings,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(services)
        self.settings = settings
        self.monotonic = monotonic
        self.rng = rng or random.Random()
        self.session: MockSession | None = None
        self.phase: Phase = "answer"
        self._story: str | None = None
        self._seconds = 0.0
        self._follow_up = ""
        self._answered = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="mock-status")
        yield Static(id="mock-question")
        yield DrillCountdown(self.monotonic, id="mock-countdown")
        with ContentSwitcher(initial="answer", id="mock-body"):
            with Horizontal(id="answer"):
                with Vertical(id="mock-stories-pane", classes="pane"):
                    yield OptionList(id="mock-stories")
                yield TextArea(id="outline", soft_wrap=True, compact=True)
            with VerticalScroll(id="follow", classes="pane"):
                yield Static(id="follow-text")
            with VerticalScroll(id="rubric", classes="pane"):
                yield Static(id="rubric-intro")
                yield RubricPicker(id="rubric-picker")
            with VerticalScroll(id="summary", classes="pane"):
                yield Static(id="summary-text")
        yield Footer()

    def on_mount(self) -> None:
        outline = self.query_one("#outline", TextArea)
        outline.border_title = "Outline (t), optional"
        self.query_one("#mock-stories-pane").border_title = "The story you tell (enter when done)"
        self.query_one("#follow").border_title = "Follow-up"
        self.query_one("#rubric").border_title = "Score your answer"
        self.query_one("#summary").border_title = "Mock interview"
        settings = self.settings
        drills = self.services.drills
        try:
            session = drills.mocks.start(
                settings.questions,
                company=settings.company,
                framework=settings.framework,
                rng=self.rng,
            )
        except StorybankError as exc:
            self.notify(str(exc), title="No mock interview", severity="error", markup=False)
            self.call_after_refresh(self.dismiss)
            return
        catalog = self.services.catalog
        if session.framework_id == catalog.framework.id:
            session.matcher = catalog.matcher
        self.session = session
        self._ask()

    # -- phases ---------------------------------------------------------------------

    def _status(self, text: str) -> None:
        session = self.session
        assert session is not None
        drawn = session.current
        number = len(session.answers) + 1
        why = f" · {drawn.why}" if drawn and drawn.reasons else ""
        self.query_one("#mock-status", Static).update(
            Content.assemble(
                ("Mock interview", "bold $text-primary"),
                self._for_company(),
                (f" · question {number} of {len(session.questions)}", "$text-muted"),
                (why, "$text-warning"),
                (f" · {text}", "$text-muted"),
            )
        )

    def _for_company(self) -> Content:
        company = self.settings.company
        if not company:
            return Content("")
        return Content.assemble(" for ", render.line(company, "bold"))

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self.query_one("#mock-body", ContentSwitcher).current = phase
        self.refresh_bindings()

    def _ask(self) -> None:
        """Show the next question with its stories, and start the two minutes."""
        session = self.session
        assert session is not None
        drawn = session.current
        if drawn is None:
            self._finish()
            return
        self._set_phase("answer")
        self._status("tell your story")
        self.query_one("#mock-question", Static).update(render.literal(drawn.question.text, "bold"))
        stories = self.query_one("#mock-stories", OptionList)
        stories.clear_options()
        matcher = session.matcher or self.services.catalog.matcher
        match = matcher.match(drawn.question.text, top=SUGGESTED)
        # Three fifths of the screen, less the borders, the padding and the score.
        width = max(20, self.size.width * 3 // 5 - 12)
        for found in match.stories:
            stories.add_option(
                Option(
                    Content.assemble(
                        (f"{found.score:>3} ", "bold $accent"),
                        render.line(render.clip(found.title, width)),
                    ),
                    id=f"story:{found.id}",
                )
            )
        stories.add_option(
            Option(Content.styled("none: I had no story for this", "$text-muted"), id=NO_STORY)
        )
        stories.highlighted = 0
        self.query_one("#outline", TextArea).text = ""
        stories.focus()
        self.query_one("#mock-countdown", DrillCountdown).start(ANSWER_SECONDS)

    @on(OptionList.OptionSelected, "#mock-stories")
    def _told(self, event: OptionList.OptionSelected) -> None:
        """The user told (or did not tell) a story: on to the follow-up."""
        if self.phase != "answer":
            return
        option = event.option_id or NO_STORY
        self._story = None if option == NO_STORY else option.removeprefix("story:")
        countdown = self.query_one("#mock-countdown", DrillCountdown)
        self._seconds = countdown.elapsed
        self._follow_up = self.services.drills.mocks.follow_up(self._story, self.rng)
        self._set_phase("follow")
        self._status("the follow-up")
        told = f"You told {self._story}." if self._story else "You had no story."
        self.query_one("#follow-text", Static).update(
            Content.assemble(
                (f"{told} {format_duration(self._seconds)} used.\n\n", "$text-muted"),
                render.literal(self._follow_up, "bold"),
                ("\n\nAnswer it aloud in a minute. Then ", "$text-muted"),
                ("y", "bold $accent"),
                (" if you could answer it, ", "$text-muted"),
                ("n", "bold $accent"),
                (" if you could not.", "$text-muted"),
            )
        )
        self.query_one("#follow").focus()
        countdown.start(FOLLOW_UP_SECONDS)

    def action_answered(self, could: bool) -> None:
        """The follow-up is done: on to the rubric."""
        self._answered = could
        self.query_one("#mock-countdown", DrillCountdown).stop()
        self._set_phase("rubric")
        self._status("score it")
        self.query_one("#rubric-intro", Static).update(
            Content.styled(
                "How did the answer do, 1 (not at all) to 4 (fully)? "
                "1-4 scores and moves down; enter saves.",
                "$text-muted",
            )
        )
        picker = self.query_one(RubricPicker)
        picker.reset()
        picker.focus()

    @on(RubricPicker.Done)
    def _scored(self, event: RubricPicker.Done) -> None:
        session = self.session
        assert session is not None
        drawn = session.current
        assert drawn is not None
        answer = MockAnswer(
            question=drawn.question.text,
            story=self._story,
            seconds=self._seconds,
            follow_up=self._follow_up,
            follow_up_answered=self._answered,
            rubric=Rubric.model_validate(event.scores),
            outline=self.query_one("#outline", TextArea).text.strip(),
        )
        try:
            self.services.drills.mocks.record(session, answer)
        except StorybankError as exc:
            self.notify(str(exc), title="Answer not saved", severity="error", markup=False)
            return
        self.post_message(RoundsChanged(session.round.id))
        self._ask()

    def _finish(self) -> None:
        session = self.session
        assert session is not None
        self.query_one("#mock-countdown", DrillCountdown).stop()
        self._set_phase("summary")
        done = len(session.answers)
        self.query_one("#mock-status", Static).update(
            Content.assemble(
                ("Mock interview", "bold $text-primary"),
                self._for_company(),
                (f" · {done} {'answer' if done == 1 else 'answers'} saved", "$text-muted"),
            )
        )
        self.query_one("#mock-question").display = False
        self.query_one("#mock-countdown").display = False
        from storybank.scheduling.mocks import rubric_history

        history = rubric_history(self.services.drills.interviews.all())
        self.query_one("#summary-text", Static).update(
            summary_content(session, history, width=self.app.size.width - 6)
        )
        self.query_one("#summary").focus()

    # -- keys -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each phase shows only the keys that work in it."""
        if action in ("type", "pause"):
            return self.phase == "answer" or (action == "pause" and self.phase == "follow")
        if action == "answered":
            return self.phase == "follow"
        if action == "done":
            return self.phase == "summary"
        return True

    def action_type(self) -> None:
        """Type an outline while you tell the story (esc leaves the box)."""
        self.query_one("#outline").focus()

    def action_pause(self) -> None:
        """Pause or resume the countdown."""
        self.query_one("#mock-countdown", DrillCountdown).toggle()

    def action_leave(self) -> None:
        """Leave the outline box; else stop the mock (answers already scored are saved)."""
        if self.phase == "answer" and self.query_one("#outline").has_focus:
            self.query_one("#mock-stories").focus()
            return
        session = self.session
        if self.phase != "summary" and session is not None and session.answers:
            session.questions = session.questions[: len(session.answers)]
            self._finish()
            return
        self.query_one("#mock-countdown", DrillCountdown).stop()
        self.dismiss()

    def action_done(self) -> None:
        """Back to the interviews, from the summary."""
        self.dismiss()
