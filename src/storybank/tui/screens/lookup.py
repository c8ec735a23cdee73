"""Lookup: type or paste an interview question, see which story answers it and why.

Results follow the typing: each change restarts a short timer and the match
runs when the user pauses for ``MATCH_DELAY`` (a match takes a few
milliseconds, see the bench), so keystrokes are never queued behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from storybank.checks import readiness_label
from storybank.tui import render
from storybank.tui.messages import OpenStoryRequested
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.sections import common_bindings
from storybank.tui.widgets.hanging import HangingRows

if TYPE_CHECKING:
    from storybank.matching.results import MatchResult, StoryMatch
    from storybank.tui.services import Services

MATCH_DELAY = 0.12
"""Seconds of quiet in the question box before matching."""
EXAMPLES = 6
"""How many example questions to offer while the box is empty."""
BAR_WIDTH = 10
REASON_INDENT = BAR_WIDTH + 6
"""Reasons start under the title's column of scores."""


def score_bar(score: int) -> Content:
    """A 0-100 score as a small bar and number, coloured by strength."""
    filled = round(BAR_WIDTH * max(0, min(score, 100)) / 100)
    style = "$sb-ready" if score >= 60 else ("$sb-almost" if score >= 35 else "$text-muted")
    return Content.assemble(
        ("█" * filled, style),
        ("░" * (BAR_WIDTH - filled), "$text-muted"),
        (f" {score:>3}", f"bold {style}"),
    )


def story_rows(match: StoryMatch) -> HangingRows:
    """A ranked story: its fit and readiness, then its title and every reason in full.

    The title and each reason wrap indented under their own first line, so a
    long reason is never cut and never runs back under the bullets.
    """
    lead: list[Content | str] = [score_bar(match.score), "  "]
    if match.readiness is not None:
        lead += [render.badge(match.readiness, readiness_label(match.readiness)), " "]
    rows = [(Content.assemble(*lead), render.line(match.title, "bold"))]
    bullet = Content.assemble(" " * REASON_INDENT, ("• ", "$text-muted"))
    rows.extend((bullet, render.line(reason, "$text-muted")) for reason in match.reasons)
    return HangingRows(rows)


class LookupScreen(StorybankScreen):
    """Ranked stories for a question, with the competencies it asks about and the reasons."""

    CSS_PATH = "lookup.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open story", show=True),
        Binding("slash", "ask", "Question", key_display="/"),
        Binding("escape", "back", "Back"),
        *common_bindings("lookup"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._timer: Timer | None = None
        self.result: MatchResult | None = None
        self._examples: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="question-pane", classes="pane"):
            yield Input(
                placeholder="Type or paste an interview question, e.g. “Tell me about a conflict…”",
                id="question",
                select_on_focus=False,
                compact=True,
            )
        yield Static(id="asks-about")
        with Vertical(id="results-pane", classes="pane"):
            yield OptionList(id="results")
        yield Static(id="gaps")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#question-pane").border_title = "Question"
        question = self.query_one("#question", Input)
        question.focus()
        self._show_examples()

    def refresh_data(self) -> None:
        """Stories or the framework changed: match the question again."""
        if self.is_mounted:
            self._match()

    # -- matching ----------------------------------------------------------------

    @on(Input.Changed, "#question")
    def _question_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(MATCH_DELAY, self._match)

    def _match(self) -> None:
        question = self.query_one("#question", Input).value.strip()
        if not question:
            self.result = None
            self._show_examples()
            return
        self.result = self.services.catalog.matcher.match(question, top=5)
        self._show_result(self.result)

    def _show_examples(self) -> None:
        from storybank.core.questions import builtin_questions

        self._examples = [q.text for q in builtin_questions()[:EXAMPLES]]
        results = self.query_one("#results", OptionList)
        results.clear_options()
        results.add_options(
            Option(Content.assemble(("> ", "$text-muted"), render.line(text)), id=f"example-{i}")
            for i, text in enumerate(self._examples)
        )
        self.query_one("#results-pane").border_title = "Try one of these (enter)"
        self.query_one("#asks-about", Static).update(
            Content.styled(
                "Ranked stories appear here as you type, with the reasons they fit.",
                "$text-muted",
            )
        )
        self.query_one("#gaps", Static).update("")

    def _show_result(self, result: MatchResult) -> None:
        framework = self.services.catalog.framework
        chips: list[Content | str | tuple[str, str]] = [("Asks about: ", "bold")]
        if result.competencies:
            for index, comp in enumerate(result.competencies[:4]):
                if index:
                    chips.append(("  ·  ", "$text-muted"))
                chips.append(render.literal(comp.name, "$text-secondary"))
                chips.append((f" {comp.score}", "$text-muted"))
        else:
            chips.append(("nothing recognisable yet: keep typing", "$text-muted"))
        chips.append((f"   ({render.one_line(framework.name)})", "$text-muted"))
        self.query_one("#asks-about", Static).update(Content.assemble(*chips))

        results = self.query_one("#results", OptionList)
        highlighted = results.highlighted
        results.clear_options()
        results.add_options(self._option(match) for match in result.stories)
        if result.stories:
            results.highlighted = min(highlighted or 0, len(result.stories) - 1)
        count = len(result.stories)
        verdict = "good match" if result.good_match else "no strong match"
        self.query_one("#results-pane").border_title = (
            f"Stories ({count}) · {verdict}" if count else "Stories"
        )
        gaps = self.query_one("#gaps", Static)
        if result.gaps:
            gaps.update(
                Content("\n").join(
                    Content.assemble(("▲ ", "$text-warning"), render.literal(gap))
                    for gap in result.gaps
                )
            )
        else:
            gaps.update("")

    @staticmethod
    def _option(match: StoryMatch) -> Option:
        return Option(story_rows(match), id=f"story-{match.id}")

    # -- moving and opening -----------------------------------------------------

    def on_key(self, event: Key) -> None:
        results = self.query_one("#results", OptionList)
        question = self.query_one("#question", Input)
        if self.focused is question and event.key == "down" and results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0
            event.stop()
        elif self.focused is results and event.key == "up" and results.highlighted in (0, None):
            question.focus()
            event.stop()

    @on(Input.Submitted, "#question")
    def _submitted(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._match()
        self.action_open()

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_option(event.option.id)

    def action_open(self) -> None:
        """Open the highlighted story (the best match when the question box has focus)."""
        results = self.query_one("#results", OptionList)
        if results.option_count == 0:
            return
        index = results.highlighted if self.focused is results else 0
        option = results.get_option_at_index(index or 0)
        self._open_option(option.id)

    def _open_option(self, option_id: str | None) -> None:
        if option_id is None:
            return
        if option_id.startswith("story-"):
            self.post_message(OpenStoryRequested(option_id.removeprefix("story-")))
        elif option_id.startswith("example-"):
            text = self._examples[int(option_id.removeprefix("example-"))]
            question = self.query_one("#question", Input)
            question.value = text
            question.cursor_position = len(text)
            question.focus()
            self._match()

    def action_ask(self) -> None:
        """Focus the question box."""
        self.query_one("#question", Input).focus()

    async def action_back(self) -> None:
        """Clear the question; when it is already empty, go back to the bank."""
        question = self.query_one("#question", Input)
        if question.value:
            question.value = ""
            question.focus()
            self._match()
        else:
            await self.run_action("app.goto('bank')")
