"""The debrief of one round: each question asked, and the round as a whole.

Two tabs (``ctrl+t`` switches). **Questions**: the questions asked on the
left (``ctrl+n`` adds one, ``ctrl+r`` removes the highlighted one); on the
right the highlighted question as asked, the story you told (the stories the
matcher ranks best for the question come first; "none" if you had none), how
it went, the follow-ups you were asked (ticked: you could answer it;
``space`` toggles, ``delete`` removes, the box below adds one) and a note.
**Round**: the outcome, where you felt confident, where you struggled,
whether an interviewer seemed disengaged, and the feedback, word for word.

``ctrl+s`` saves, and so does leaving with ``esc``: the whole debrief is
saved in one write through
:meth:`storybank.scheduling.debriefs.Debriefs.debrief`, which also makes the
question cards, adds the unanswered follow-ups to the stories and reports the
gaps; a message says what it did.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.strip import Strip
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.widgets.selection_list import Selection

from storybank.errors import StorybankError
from storybank.tui import render
from storybank.tui.messages import RoundsChanged
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.widgets.competency_picker import TICKED, UNTICKED

if TYPE_CHECKING:
    from storybank.scheduling.debriefs import DebriefResult, QuestionEntry, RoundNotes
    from storybank.scheduling.models import Interview, Outcome, Went
    from storybank.tui.services import Services

WENT_CHOICES = ("strong", "ok", "shaky", "blank")
OUTCOME_CHOICES = ("pending", "advanced", "offer", "rejected")
RANKED = 5
"""How many stories the matcher ranks first in the story picker."""
NEW_QUESTION = "new-question"


class FollowUpList(SelectionList[int]):
    """The follow-ups of a question: ticked if you could answer it; ``delete`` removes one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace", "remove", "Remove follow-up", show=False),
    ]

    def render_line(self, y: int) -> Strip:
        """A line with a ☑ / ☐ box, as in the editor's checklist.

        Textual's own box (three cells, told apart only by colour) is swapped
        for the one glyph, so ticks read the same without colour.
        """
        line = super().render_line(y)
        segments = list(line)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if len(segments) < 4:
            return line
        mark = TICKED if option.value in self.selected else UNTICKED
        boxed = Strip([Segment(f"{mark} ", segments[3].style), *segments[4:]])
        return boxed.extend_cell_length(line.cell_length, segments[3].style)

    def action_remove(self) -> None:
        """Remove the highlighted follow-up."""
        screen = self.screen
        if isinstance(screen, DebriefScreen) and self.highlighted is not None:
            screen.remove_follow_up(self.highlighted)


def summary_lines(result: DebriefResult) -> str:
    """What saving did, in a few lines for a notification (user text stays text)."""
    lines = []
    if result.cards_added:
        made = len(result.cards_added)
        lines.append(f"{made} question {'card' if made == 1 else 'cards'} added")
    if result.cards_due_tomorrow:
        due = len(result.cards_due_tomorrow)
        lines.append(f"{due} {'card' if due == 1 else 'cards'} due tomorrow (shaky or blank)")
    for added in result.follow_ups_added:
        lines.append(f"follow-up to answer in {added.story}: {added.question}")
    for gap in result.gaps:
        about = f" ({gap.competency_name})" if gap.competency_name else ""
        lines.append(f"gap{about}: {gap.question}")
    for warning in result.warnings:
        lines.append(warning.message)
    return "\n".join(lines) or "Nothing new for the drills."


class DebriefScreen(StorybankScreen):
    """Debrief one round.

    Args:
        services: The bank's services.
        interview: The round.
        allow_future: The user confirmed debriefing a round dated after today.
    """

    CSS_PATH = "debrief.tcss"
    REFRESH_ON_RESUME = False
    WIDTH_BREAKPOINTS = ((0, "-narrow"), (110, "-wide"))

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "back", "Save and back"),
        Binding("ctrl+n", "new_question", "New question"),
        Binding("ctrl+r", "remove_question", "Remove question"),
        Binding("ctrl+t", "switch_tab", "Questions / round"),
    ]

    def __init__(self, services: Services, interview: Interview, *, allow_future: bool = False):
        super().__init__(services)
        from storybank.scheduling.debriefs import QuestionEntry, RoundNotes

        self.interview = interview
        self.allow_future = allow_future
        self.entries: list[QuestionEntry] = [QuestionEntry.of(q) for q in interview.questions]
        self.notes: RoundNotes = RoundNotes.of(interview)
        self._saved = (list(self.entries), replace(self.notes))
        self.current: int | None = None
        self.result: DebriefResult | None = None
        """What the last save did."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="debrief-title")
        with TabbedContent(id="debrief-tabs"):
            with TabPane("Questions", id="tab-questions"), Horizontal(id="questions-body"):
                with Vertical(id="questions-pane", classes="pane"):
                    yield OptionList(id="questions")
                with VerticalScroll(id="question-pane", classes="pane"):
                    yield Label("Asked")
                    yield Input(placeholder="The question, as asked", id="q-text", compact=True)
                    yield Label("The story you told")
                    yield Select[str](
                        [], prompt="none", allow_blank=True, id="q-story", compact=True
                    )
                    yield Label("How it went")
                    yield Select[str](
                        [(w, w) for w in WENT_CHOICES],
                        prompt="not said",
                        allow_blank=True,
                        id="q-went",
                        compact=True,
                    )
                    yield Label("Follow-ups (☑ answered)")
                    yield FollowUpList(id="q-follow-ups", compact=True)
                    yield Input(
                        placeholder="+ a follow-up they asked, then enter",
                        id="q-new-follow-up",
                        compact=True,
                    )
                    yield Label("Note")
                    yield TextArea(id="q-note", soft_wrap=True, compact=True)
            with TabPane("Round", id="tab-round"), VerticalScroll(id="round-form"):
                yield Label("Outcome")
                yield Select[str](
                    [(o, o) for o in OUTCOME_CHOICES],
                    value=self.notes.outcome,
                    allow_blank=False,
                    id="outcome",
                    compact=True,
                )
                for name, title in (
                    ("confident", "Where you felt confident"),
                    ("struggled", "Where you struggled"),
                    ("disengaged", "Did an interviewer seem disengaged? When?"),
                    ("feedback", "Feedback received, word for word"),
                ):
                    yield Label(title)
                    yield TextArea(getattr(self.notes, name), id=name, soft_wrap=True, compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#debrief-title", Static).update(
            Content.assemble(
                ("Debrief  ", "bold $text-primary"),
                render.line(self.interview.label, "bold"),
                ("  ·  ctrl+s saves · esc saves and goes back", "$text-muted"),
            )
        )
        self.query_one("#questions-pane").border_title = "Questions"
        self.query_one("#question-pane").border_title = "Question"
        self._fill_questions()
        self._select(0 if self.entries else None)
        self.query_one("#questions").focus()

    # -- the question list --------------------------------------------------------

    def _question_label(self, index: int) -> Content:
        entry = self.entries[index]
        text = " ".join(entry.text.split()) or "(a new question)"
        mark = {"strong": "✔", "ok": "•", "shaky": "▲", "blank": "✖"}.get(entry.went or "", "·")
        return Content.assemble((f"{index + 1}. {mark} ", "$text-muted"), render.line(text))

    def _fill_questions(self) -> None:
        questions = self.query_one("#questions", OptionList)
        highlighted = questions.highlighted
        # Only the user's moves in the list choose a question; these do not.
        with self.prevent(OptionList.OptionHighlighted):
            questions.clear_options()
            questions.add_options(
                Option(self._question_label(i), id=f"q-{i}") for i in range(len(self.entries))
            )
            questions.add_option(
                Option(Content.styled("+ add a question (ctrl+n)", "$text-accent"), id=NEW_QUESTION)
            )
            questions.highlighted = (
                0 if highlighted is None else min(highlighted, questions.option_count - 1)
            )
        self.query_one("#questions-pane").border_title = f"Questions ({len(self.entries)})"

    @on(OptionList.OptionHighlighted, "#questions")
    def _question_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id and event.option_id.startswith("q-"):
            index = int(event.option_id.removeprefix("q-"))
            if index != self.current:
                self._collect()
                self._select(index)

    @on(OptionList.OptionSelected, "#questions")
    def _question_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id == NEW_QUESTION:
            self.action_new_question()
        else:
            self.query_one("#q-text").focus()

    def _select(self, index: int | None) -> None:
        """Show question ``index`` in the form (``None``: nothing to show)."""
        from storybank.scheduling.debriefs import QuestionEntry

        self.current = index
        form = self.query_one("#question-pane")
        form.disabled = index is None
        entry = self.entries[index] if index is not None else QuestionEntry(text="")
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            self.query_one("#q-text", Input).value = entry.text
            self._rank_stories(entry.text, entry.story)
            went = self.query_one("#q-went", Select)
            went.value = entry.went if entry.went is not None else Select.NULL
            self._fill_follow_ups(entry)
            self.query_one("#q-new-follow-up", Input).value = ""
            self.query_one("#q-note", TextArea).text = entry.note
        if index is not None:
            with self.prevent(OptionList.OptionHighlighted):
                self.query_one("#questions", OptionList).highlighted = index

    def _rank_stories(self, text: str, chosen: str | None) -> None:
        """The story picker: the matcher's best stories for ``text`` first, then the rest."""
        catalog = self.services.catalog
        stories = catalog.stories
        ranked: list[str] = []
        scores: dict[str, int] = {}
        if text.strip():
            match = catalog.matcher.match(text, top=RANKED)
            ranked = [s.id for s in match.stories]
            scores = {s.id: s.score for s in match.stories}
        rest = sorted((s for s in stories if s.id not in ranked), key=lambda s: s.title.casefold())
        by_id = {s.id: s for s in stories}
        # The form's width (see debrief.tcss), less the picker's arrow, the score
        # and the padding.
        screen_width = self.size.width or self.app.size.width
        pane = screen_width - 30 if screen_width < 110 else screen_width * 3 // 5
        width = max(24, pane - 16)
        options: list[tuple[Content, str]] = []
        for story_id in ranked:
            options.append(
                (
                    Content.assemble(
                        (f"{scores[story_id]:>3} ", "bold $accent"),
                        render.line(render.clip(by_id[story_id].title, width)),
                    ),
                    story_id,
                )
            )
        options += [
            (Content.assemble("    ", render.line(render.clip(s.title, 48))), s.id) for s in rest
        ]
        if chosen is not None and chosen not in by_id:
            options.append((Content(f"    {chosen} (deleted)"), chosen))
        picker = self.query_one("#q-story", Select)
        with self.prevent(Select.Changed):
            picker.set_options(options)
            picker.value = chosen if chosen is not None else Select.NULL

    def _fill_follow_ups(self, entry: QuestionEntry) -> None:
        follow_ups = self.query_one("#q-follow-ups", FollowUpList)
        follow_ups.clear_options()
        follow_ups.add_options(
            Selection(render.line(item.text), index, item.answered)
            for index, item in enumerate(entry.follow_ups)
        )
        follow_ups.display = bool(entry.follow_ups)

    # -- keeping the entries in step with the form --------------------------------------

    def _collect(self) -> None:
        """Write the form into the current question (before switching or saving)."""
        from storybank.scheduling.models import AskedFollowUp

        index = self.current
        if index is None or index >= len(self.entries):
            return
        entry = self.entries[index]
        story = self.query_one("#q-story", Select).value
        went = self.query_one("#q-went", Select).value
        follow_ups = self.query_one("#q-follow-ups", FollowUpList)
        answered = set(follow_ups.selected)
        self.entries[index] = replace(
            entry,
            text=" ".join(self.query_one("#q-text", Input).value.split()),
            story=None if story is Select.NULL else cast(str, story),
            went=None if went is Select.NULL else cast("Went", went),
            follow_ups=[
                AskedFollowUp(text=item.text, answered=i in answered)
                for i, item in enumerate(entry.follow_ups)
            ],
            note=self.query_one("#q-note", TextArea).text.strip(),
        )

    @on(Input.Changed, "#q-text")
    def _text_changed(self, event: Input.Changed) -> None:
        self._collect()
        if self.current is not None:
            self.query_one("#questions", OptionList).replace_option_prompt_at_index(
                self.current, self._question_label(self.current)
            )

    @on(Input.Submitted, "#q-text")
    def _text_done(self) -> None:
        # Once the question is typed, rank the stories for it and move to the picker.
        entry = self.entries[self.current] if self.current is not None else None
        if entry is not None:
            self._rank_stories(entry.text, entry.story)
        self.query_one("#q-story").focus()

    @on(Select.Changed, "#q-went")
    def _went_changed(self) -> None:
        self._collect()
        if self.current is not None:
            self.query_one("#questions", OptionList).replace_option_prompt_at_index(
                self.current, self._question_label(self.current)
            )

    @on(Input.Submitted, "#q-new-follow-up")
    def _add_follow_up(self, event: Input.Submitted) -> None:
        from storybank.scheduling.models import AskedFollowUp

        text = " ".join(event.value.split())
        if not text or self.current is None:
            return
        self._collect()
        entry = self.entries[self.current]
        self.entries[self.current] = replace(
            entry, follow_ups=[*entry.follow_ups, AskedFollowUp(text=text, answered=True)]
        )
        self._fill_follow_ups(self.entries[self.current])
        self.query_one("#q-follow-ups", FollowUpList).highlighted = len(entry.follow_ups)
        event.input.value = ""

    def remove_follow_up(self, index: int) -> None:
        """Remove follow-up ``index`` of the current question."""
        if self.current is None:
            return
        self._collect()
        entry = self.entries[self.current]
        follow_ups = [f for i, f in enumerate(entry.follow_ups) if i != index]
        self.entries[self.current] = replace(entry, follow_ups=follow_ups)
        self._fill_follow_ups(self.entries[self.current])

    def _collect_notes(self) -> None:
        self.notes = replace(
            self.notes,
            outcome=cast("Outcome", self.query_one("#outcome", Select).value),
            **{
                name: self.query_one(f"#{name}", TextArea).text.strip()
                for name in ("confident", "struggled", "disengaged")
            },
            feedback=self.query_one("#feedback", TextArea).text,
        )

    # -- actions ---------------------------------------------------------------------

    def action_new_question(self) -> None:
        """Add a question and type it."""
        from storybank.scheduling.debriefs import QuestionEntry

        self._collect()
        self.query_one("#debrief-tabs", TabbedContent).active = "tab-questions"
        self.entries.append(QuestionEntry(text=""))
        self._fill_questions()
        self._select(len(self.entries) - 1)
        # After the refresh: the form was disabled while the debrief had no question.
        self.call_after_refresh(self.query_one("#q-text").focus)

    def action_remove_question(self) -> None:
        """Remove the highlighted question from the debrief."""
        if self.current is None:
            return
        del self.entries[self.current]
        self.current = None
        self._fill_questions()
        self._select(min(len(self.entries) - 1, 0) if self.entries else None)

    def action_switch_tab(self) -> None:
        """Between the questions and the round as a whole."""
        tabs = self.query_one("#debrief-tabs", TabbedContent)
        tabs.active = "tab-round" if tabs.active == "tab-questions" else "tab-questions"
        self.query_one("#outcome" if tabs.active == "tab-round" else "#questions").focus()

    @property
    def dirty(self) -> bool:
        """Something differs from what is saved."""
        self._collect()
        self._collect_notes()
        entries = [e for e in self.entries if e.text.strip()]
        return (entries, self.notes) != self._saved

    def action_save(self) -> bool:
        """Save the debrief; returns whether it is saved (or had nothing to save)."""
        if not self.dirty:
            self.notify("Nothing new to save.")
            return True
        catalog = self.services.catalog
        interview = self.interview
        entries = [e for e in self.entries if e.text.strip()]
        # The app's matcher reads the active framework; a round in another one
        # gets a matcher of its own.
        same = interview.framework in (None, catalog.framework.id)
        try:
            result = self.services.drills.debriefs.debrief(
                interview.id,
                entries,
                self.notes,
                matcher=catalog.matcher if same else None,
                allow_future=self.allow_future,
            )
        except StorybankError as exc:
            self.notify(str(exc), title="Debrief not saved", severity="error", markup=False)
            return False
        self.result = result
        self.interview = result.interview
        self.entries = list(entries)
        self._saved = (list(entries), replace(self.notes))
        self.post_message(RoundsChanged(interview.id))
        self.notify(summary_lines(result), title="Debrief saved", markup=False, timeout=8)
        return True

    def action_back(self) -> None:
        """Save, then go back to the interviews."""
        if self.action_save():
            self.dismiss()
