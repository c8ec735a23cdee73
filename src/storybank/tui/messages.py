"""Messages the app's widgets and screens post upwards, each named for what happened.

Widgets never reach into their screen: they post one of these and the screen
handles it (``@on(FieldEdited)``). Screens post the story-level ones to the app,
which keeps its caches and the other screens in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class FieldEdited(Message):
    """The user changed the text of one story field in the editor."""

    field: str
    """The story field, e.g. ``"action"`` or ``"tags"``."""
    value: str
    """Its whole new text."""

    def can_replace(self, message: Message) -> bool:
        # While typing fast only the latest text of a field matters.
        return isinstance(message, FieldEdited) and message.field == self.field


@dataclass
class CompetenciesChanged(Message):
    """The user ticked or unticked competencies in the picker."""

    framework_id: str
    """The framework the competencies belong to."""
    competency_ids: list[str]
    """Every competency now ticked, in framework order."""


@dataclass
class StorySaved(Message):
    """A story reached the bank file (autosave, explicit save, new or duplicate)."""

    story_id: str
    """The id of the saved story."""


@dataclass
class StoryDeleted(Message):
    """A story was removed from the bank (a backup was taken first)."""

    story_id: str
    """The id the story had."""
    title: str
    """Its title, for the confirmation toast."""


@dataclass
class OpenStoryRequested(Message):
    """Something asked to open a story in the editor (matrix, lookup, bank list)."""

    story_id: str
    """The story to open."""


@dataclass
class FrameworkSwitched(Message):
    """The active competency framework changed (and was saved in the settings)."""

    framework_id: str
    """The framework now active."""
