"""One editable story field: label, word count, the text itself, and its checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.widgets import Input, Label, Static, TextArea

from storybank.checks import CheckResult
from storybank.checks.rules import LENGTH_BANDS
from storybank.core.text import word_count
from storybank.tui import render
from storybank.tui.messages import FieldEdited
from storybank.tui.widgets.check_list import CheckList


@dataclass(frozen=True)
class FieldSpec:
    """How the editor shows one field."""

    name: str
    """The story attribute (``tags`` is the comma-separated free tags)."""
    label: str
    """Shown above the field."""
    multiline: bool
    """A soft-wrapping text area rather than a one-line input."""
    placeholder: str
    """What goes here, shown while it is empty."""
    counted: bool = True
    """Show a word count (with the target band where there is one)."""
    one_sentence: bool = False
    """Wraps like prose but is one line: enter moves on, a pasted line break becomes a space."""


class StoryTextArea(TextArea):
    """A plain-prose text area: soft wrap, no line numbers, Tab moves on.

    Args:
        one_sentence: Enter moves to the next field instead of starting a line.
    """

    DEFAULT_CSS = """
    StoryTextArea {
        height: auto;
        min-height: 3;
        max-height: 14;
        border: none;
        padding: 0 1;
        background: $surface;
    }
    StoryTextArea:focus {
        border: none;
        background: $boost;
    }
    """

    def __init__(self, *args: Any, one_sentence: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.one_sentence = one_sentence

    async def _on_key(self, event: Key) -> None:
        if self.one_sentence and event.key in ("enter", "shift+enter"):
            event.stop()
            event.prevent_default()
            self.screen.focus_next()
            return
        await super()._on_key(event)


class StoryField(Vertical):
    """A labelled field that counts its words and shows its checks.

    Posts :class:`~storybank.tui.messages.FieldEdited` on every change; the
    screen sends checks back down with :meth:`show_results`.

    Args:
        spec: Which story field, its label and placeholder.
        value: The field's text to start with.
    """

    DEFAULT_CSS = """
    /* The field being edited has a bar down its left side and a reversed
       label: plain to see, with colour or without (NO_COLOR). */
    StoryField {
        height: auto;
        margin-bottom: 1;
        border-left: blank;
    }
    StoryField:focus-within {
        border-left: thick $primary;
    }
    StoryField .field-head {
        height: 1;
    }
    StoryField .field-label {
        width: 1fr;
        min-width: 13;
        text-style: bold;
        color: $text-muted;
    }
    StoryField:focus-within .field-label {
        color: $text-primary;
        text-style: bold reverse;
    }
    StoryField .field-error {
        height: auto;
        padding: 0 0 0 1;
        color: $text-error;
        text-style: bold;
    }
    StoryField .field-error.-none {
        display: none;
    }
    StoryField .field-count {
        width: auto;
        color: $text-muted;
    }
    StoryField Input {
        background: $surface;
        padding: 0 1;
    }
    StoryField Input:focus {
        background: $boost;
    }
    """

    def __init__(self, spec: FieldSpec, value: str) -> None:
        super().__init__(id=f"field-{spec.name}")
        self.spec = spec
        self._value = value

    @property
    def value(self) -> str:
        """The field's current text."""
        return self._value

    @property
    def editor(self) -> Input | TextArea:
        """The input or text area inside."""
        if self.spec.multiline:
            return self.query_one(StoryTextArea)
        return self.query_one(Input)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-head"):
            yield Label(self.spec.label, classes="field-label")
            yield Static(classes="field-count")
        if self.spec.multiline:
            yield StoryTextArea(
                self._value,
                one_sentence=self.spec.one_sentence,
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                placeholder=self.spec.placeholder,
                id=f"input-{self.spec.name}",
            )
        else:
            yield Input(
                self._value,
                placeholder=self.spec.placeholder,
                compact=True,
                select_on_focus=False,
                id=f"input-{self.spec.name}",
            )
        yield Static(classes="field-error -none")
        yield CheckList(classes="field-checks")

    def on_mount(self) -> None:
        self._show_count()

    def _show_count(self) -> None:
        if not self.spec.counted:
            return
        count = word_count(self._value)
        band = LENGTH_BANDS.get(self.spec.name)
        words = f"{count} word{'s' if count != 1 else ''}"
        if band is None:
            text = Content(words)
        else:
            inside = band.min_words <= count <= band.max_words
            style = (
                "$text-success" if inside else ("$text-muted" if count == 0 else "$text-warning")
            )
            aim = (
                f"aim {band.min_words}-{band.max_words}"
                if band.min_words
                else f"aim up to {band.max_words}"
            )
            text = Content.assemble((words, style), (f" · {aim}", "$text-muted"))
        self.query_one(".field-count", Static).update(text)

    def _edited(self, value: str) -> None:
        if value == self._value:
            return
        self._value = value
        self._show_count()
        self.post_message(FieldEdited(self.spec.name, value))

    @on(TextArea.Changed)
    def _text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if self.spec.one_sentence and ("\n" in text or "\r" in text):
            # A pasted line break: the headline stays one sentence on one line.
            flat = " ".join(text.split())
            area = event.text_area
            area.load_text(flat)
            area.move_cursor(area.document.end)
            text = flat
        self._edited(text)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._edited(event.value)

    def set_value(self, value: str) -> None:
        """Replace the text (undo/redo); posts nothing."""
        if value == self._value:
            return
        self._value = value
        editor = self.editor
        if isinstance(editor, TextArea):
            editor.load_text(value)
        else:
            editor.value = value
        self._show_count()

    def show_error(self, message: str | None) -> None:
        """Show why the story cannot be saved, when it is this field's fault (``None`` clears)."""
        error = self.query_one(".field-error", Static)
        error.set_class(message is None, "-none")
        error.update(
            Content.assemble(("✖ Not saved: ", "bold"), render.literal(message)) if message else ""
        )

    def show_results(self, results: list[CheckResult]) -> None:
        """Show the checks that concern this field."""
        self.query_one(CheckList).show(results)
